"""Free audit entries: a write that happens outside the follow-up database (an emissions import from the
web, say) is still recorded in its audit trail, with who did it and what they confirmed."""

from __future__ import annotations

from sqlalchemy.orm import Session

from indicators.followup.accounts import audit, require_role
from indicators.followup.db import utcnow
from indicators.followup.errors import InvalidInputError
from indicators.followup.unit_of_work import joined
from indicators.i18n import labels

MAX_VALUE_LENGTH = 4000
REFUSALS = labels("followup.audit.REFUSALS", {"no_action": "Revisjonsloggen treng eit namn på handlinga."})


def record_event(session: Session, user: str, action: str, item: str = "", old: str = "", new: str = "") -> None:
    """Append one audit row for `user` (an active editor or admin, else PermissionDeniedError) to the caller's
    unit of work (or, outside one, to a unit of its own)."""
    with joined(session):
        require_role(session, user)
        if not action.strip():
            raise InvalidInputError(REFUSALS.message("no_action"))
        audit(session, user, action.strip()[:40], item[:120], old[:MAX_VALUE_LENGTH], new[:MAX_VALUE_LENGTH],
              utcnow())
