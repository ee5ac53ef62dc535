"""Correcting one's own latest status entry within 30 minutes (issue 20): a new entry marked as a correction in
the audit trail, the corrected entry kept in the history; refused for another user's entry, an entry too old, or
when someone saved the item in between."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import PASSWORD, TODAY, active_plan
from sqlalchemy import select

from indicators.followup import accounts, corrections, service
from indicators.followup.corrections import CORRECTION_WINDOW, CorrectionRefusedError
from indicators.followup.errors import InvalidInputError, StaleEntryError
from indicators.followup.models import AuditEntry, StatusEntry


def _first(session, editor, item="4", note="Feil merknad"):
    return service.record_status(session, item, "not_started", note=note, by_body="RR", assessed_on=TODAY,
                                 user=editor, plan=active_plan())


def test_a_correction_is_a_new_entry_and_the_first_stays_in_the_history(session, editor):
    first = _first(session, editor)
    fixed = corrections.record_correction(session, "4", "in_progress", corrects=first.id, user=editor,
                                          note="Rett merknad", by_body="RR", assessed_on=TODAY, plan=active_plan())
    assert fixed.id != first.id
    assert fixed.previous_id == first.id
    assert service.current_status(session, "4").note == "Rett merknad"
    assert [e.id for e in service.history(session, "4")] == [fixed.id, first.id]  # nothing overwritten
    stored = session.scalars(select(StatusEntry).where(StatusEntry.id == first.id)).one()
    assert (stored.status, stored.note) == ("not_started", "Feil merknad")
    assert corrections.corrections(session, "4") == {fixed.id: first.id}
    assert corrections.corrections(session) == {fixed.id: first.id}


def test_the_audit_trail_says_it_is_a_correction_and_of_what(session, editor):
    first = _first(session, editor)
    fixed = corrections.record_correction(session, "4", "in_progress", corrects=first.id, user=editor,
                                          plan=active_plan())
    [row] = session.scalars(select(AuditEntry).where(AuditEntry.action == corrections.CORRECT_ACTION)).all()
    assert row.actor == editor
    assert row.item == "action:4"
    assert json.loads(row.new_value) == {"entry_id": fixed.id, "corrects": first.id}
    assert json.loads(row.old_value)["note"] == "Feil merknad"
    # the entry itself is audited as every status entry is
    recorded = session.scalars(select(AuditEntry).where(AuditEntry.action == "record_status")).all()
    assert len(recorded) == 2


def test_only_the_users_own_entry_may_be_corrected(session, editor):
    accounts.add_user(session, "ola", "editor", PASSWORD)
    first = _first(session, editor)
    with pytest.raises(CorrectionRefusedError, match="berre rette di eiga"):
        corrections.record_correction(session, "4", "achieved", corrects=first.id, user="ola", plan=active_plan())
    assert service.current_status(session, "4").id == first.id
    assert corrections.correctable(first, "ola") is False
    assert corrections.correctable(first, editor) is True


def test_an_entry_older_than_thirty_minutes_cannot_be_corrected(session, editor):
    first = _first(session, editor)
    later = first.entered_at + CORRECTION_WINDOW + dt.timedelta(seconds=1)
    assert corrections.correctable(first, editor, now=later) is False
    assert corrections.correctable(first, editor, now=first.entered_at + CORRECTION_WINDOW) is True
    with pytest.raises(CorrectionRefusedError, match="30 minutt"):
        corrections.record_correction(session, "4", "achieved", corrects=first.id, user=editor, now=later,
                                      plan=active_plan())
    assert service.current_status(session, "4").id == first.id
    assert corrections.correction_deadline(first) == first.entered_at + dt.timedelta(minutes=30)


def test_only_the_latest_entry_can_be_corrected(session, editor):
    first = _first(session, editor)
    second = service.record_status(session, "4", "in_progress", user=editor, plan=active_plan())
    with pytest.raises(StaleEntryError) as raised:
        corrections.record_correction(session, "4", "achieved", corrects=first.id, user=editor, plan=active_plan())
    assert raised.value.current.id == second.id
    assert corrections.corrections(session) == {}


def test_a_refused_correction_leaves_no_audit_mark(session, editor):
    first = _first(session, editor)
    with pytest.raises(InvalidInputError):
        corrections.record_correction(session, "4", "achieved", corrects=first.id, user=editor,
                                      evidence_url="javascript:alert(1)", plan=active_plan())
    assert service.current_status(session, "4").id == first.id
    assert session.scalars(select(AuditEntry).where(AuditEntry.action == corrections.CORRECT_ACTION)).all() == []
    # a later, ordinary save is not marked as a correction
    plain = service.record_status(session, "4", "achieved", user=editor, plan=active_plan())
    assert corrections.corrections(session) == {}
    assert plain.previous_id == first.id


def test_the_command_lines_history_says_which_entry_a_correction_corrects(session, editor, capsys):
    from indicators.cli import main

    first = _first(session, editor)
    fixed = corrections.record_correction(session, "4", "in_progress", corrects=first.id, user=editor,
                                          plan=active_plan())
    session.commit()
    assert main(["history", "4", "--json"]) == 0
    records = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert records[fixed.id]["corrects"] == first.id and records[first.id]["corrects"] is None
    assert main(["history", "4"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"(rettar oppføring {first.id})" in lines[0] and "rettar" not in lines[1]


def test_the_round_counts_from_the_start_of_the_meetings_day_in_oslo(session, editor):
    from indicators.followup import rounds

    assert rounds.meeting_start(dt.date(2026, 10, 15)) == dt.datetime(2026, 10, 14, 22, 0)  # CEST, UTC+2
    assert rounds.meeting_start(dt.date(2026, 12, 6)) == dt.datetime(2026, 12, 5, 23, 0)  # CET, UTC+1
    round_ = rounds.current_round(session)
    assert round_.meeting is None and round_.start is None
    entry = _first(session, editor)
    assert round_.assessed(entry)
    assert not round_.assessed(None)
    from dataclasses import replace

    assert not round_.assessed(replace(entry, entered_by="plan-fil"))  # the plan file's statuses are not assessments
    service.record_meeting(session, TODAY + dt.timedelta(days=1), "Neste møte", user=editor)  # in the future
    assert rounds.current_round(session).meeting is None
