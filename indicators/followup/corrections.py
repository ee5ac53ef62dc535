"""Correcting one's own latest status entry within 30 minutes (issue 20).

A slip (the wrong status picked, a typo in the note) is put right by a new entry, never by changing the old one:
statuses stay append-only, so the history keeps both. What makes the new entry a correction is its audit row
(`correct_status`, naming the entry it corrects), written in the same transaction as the entry. Only the user who
saved the item's latest entry may correct it, and only within `CORRECTION_WINDOW` of saving it; after that, or
for someone else's entry, a new assessment is the way.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from indicators.followup import municipal_parts, service
from indicators.followup.accounts import audit
from indicators.followup.db import utcnow
from indicators.followup.errors import FollowupError, StaleEntryError
from indicators.followup.models import AuditEntry
from indicators.followup.service import Entry
from indicators.followup.unit_of_work import joined
from indicators.goals import Plan
from indicators.i18n import labels
from indicators.regions import Region

CORRECTION_WINDOW = dt.timedelta(minutes=30)
CORRECT_ACTION = "correct_status"


# Why a correction is refused: worded in the language active where it is shown (i18n.Message).
REFUSALS = labels("followup.corrections.REFUSALS", {
    "not_latest": "Vurderinga du ville rette er ikkje lenger den siste: nokon har lagra ei ny. Sjå den nye før du "
                  "lagrar.",
    "not_yours": "Du kan berre rette di eiga siste vurdering; denne vart ført av {user}. Før ei ny vurdering i staden.",
    "too_old": "Ei vurdering kan rettast i {minutes} minutt etter at ho vart lagra; denne er eldre. Før ei ny "
               "vurdering i staden.",
})


class CorrectionRefusedError(FollowupError):
    """Not the user's own latest entry, or saved more than `CORRECTION_WINDOW` ago."""


def correctable(entry: Entry | None, user: str, now: dt.datetime | None = None) -> bool:
    """May `user` correct `entry` (the item's latest) now? Their own, saved at most 30 minutes ago."""
    if entry is None or entry.entered_by != user:
        return False
    return (now or utcnow()) - entry.entered_at <= CORRECTION_WINDOW


def correction_deadline(entry: Entry) -> dt.datetime:
    """Until when (UTC, naive as stored) the entry may be corrected by the user who saved it."""
    return entry.entered_at + CORRECTION_WINDOW


def record_correction(
    session: Session,
    item_id: str | int,
    status: str,
    *,
    corrects: int,
    user: str,
    note: str = "",
    by_body: str = "",
    assessed_on: dt.date | None = None,
    evidence_url: str | None = None,
    plan: Plan,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    kind: str | None = None,
    municipality: str | None = None,
    region: Region | None = None,
) -> Entry:
    """Save a new entry for the item that corrects `corrects` (the id of the item's latest entry, the user's own,
    saved within 30 minutes). The entry is checked and stored by `service.record_status`; its `correct_status`
    audit row is added to the same unit of work. StaleEntryError when someone saved the item in between;
    CorrectionRefusedError for another user's entry or one too old. `municipality` (with the caller's `region`):
    the entry corrected is the latest of that municipality's part."""
    key = str(item_id).strip()
    with joined(session):  # the check, the entry and its mark are one transaction (the caller's, if open)
        return _record_correction(session, key, status, corrects=corrects, user=user, note=note, by_body=by_body,
                                  assessed_on=assessed_on, evidence_url=evidence_url, plan=plan, today=today,
                                  now=now, kind=kind, municipality=municipality, region=region)


def _record_correction(
    session: Session, key: str, status: str, *, corrects: int, user: str, note: str, by_body: str,
    assessed_on: dt.date | None, evidence_url: str | None, plan: Plan, today: dt.date | None,
    now: dt.datetime | None, kind: str | None, municipality: str | None = None, region: Region | None = None,
) -> Entry:
    part = municipal_parts.member_code(region, municipality) if municipality and region is not None else municipality
    latest = service.current_status(session, key, kind, municipality=part)  # inside the write transaction: as now
    if latest is None or latest.id != corrects:
        raise StaleEntryError(REFUSALS.message("not_latest"), latest)
    if latest.entered_by != user:
        raise CorrectionRefusedError(REFUSALS.message("not_yours", user=latest.entered_by))
    moment = now or utcnow()
    if moment - latest.entered_at > CORRECTION_WINDOW:
        minutes = int(CORRECTION_WINDOW.total_seconds() // 60)
        raise CorrectionRefusedError(REFUSALS.message("too_old", minutes=minutes))
    corrected = {"entry_id": latest.id, "status": latest.status, "note": latest.note,
                 "reported_by": latest.reported_by, "assessed_on": latest.assessed_on.isoformat()}
    entry = service.record_status(
        session, key, status, note=note, by_body=by_body, assessed_on=assessed_on, user=user,
        evidence_url=evidence_url, expected_previous=latest.id, plan=plan, today=today, kind=latest.item_kind,
        municipality=latest.municipality, region=region,
    )
    audit(session, user, CORRECT_ACTION, f"{latest.item_kind}:{latest.item_id}" + (
        f":{latest.municipality}" if latest.municipality else ""), _json(corrected),
          _json({"entry_id": entry.id, "corrects": latest.id}))
    return entry


def corrections(session: Session, item_id: str | int | None = None, kind: str | None = None) -> dict[int, int]:
    """Correcting entry id → the id of the entry it corrects (of one item, or of all), from the audit trail.
    `kind`: goal or action, when the caller knows it (else as the item's stored entries say)."""
    query = select(AuditEntry.item, AuditEntry.new_value).where(AuditEntry.action == CORRECT_ACTION)
    if item_id is not None:
        key = str(item_id).strip()
        stored = service.stored_kind(session, key, kind)
        if stored is None:
            return {}
        # the region's entries («action:1») and the municipal parts' («action:1:3324»)
        query = query.where((AuditEntry.item == f"{stored}:{key}")
                            | AuditEntry.item.startswith(f"{stored}:{key}:", autoescape=True))
    found: dict[int, int] = {}
    for _, value in session.execute(query):
        try:
            record = json.loads(value)
            found[int(record["entry_id"])] = int(record["corrects"])
        except (ValueError, KeyError, TypeError):
            continue
    return found


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
