"""Free audit entries: a write that happens outside the follow-up database (an emissions import from the
web, say) is still recorded in its audit trail, with who did it and what they confirmed."""

from __future__ import annotations

from sqlalchemy.orm import Session

from indicators.followup.accounts import audit, require_role
from indicators.followup.db import utcnow
from indicators.followup.errors import InvalidInputError
from indicators.followup.unit_of_work import joined

MAX_VALUE_LENGTH = 4000


def record_event(session: Session, user: str, action: str, item: str = "", old: str = "", new: str = "") -> None:
    """Append one audit row for `user` (an active editor or admin, else PermissionDeniedError) to the caller's
    unit of work (or, outside one, to a unit of its own)."""
    with joined(session):
        require_role(session, user)
        if not action.strip():
            raise InvalidInputError("Revisjonsloggen treng eit namn på handlinga.")
        audit(session, user, action.strip()[:40], item[:120], old[:MAX_VALUE_LENGTH], new[:MAX_VALUE_LENGTH],
              utcnow())
