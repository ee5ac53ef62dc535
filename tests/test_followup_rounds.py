"""Municipal parts of actions and who may record them (issue 22): the plan's rule, the secretariat's changes,
permissions with audited refusals, the parts' own status series."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import PASSWORD, TODAY
from sqlalchemy import select

from indicators.followup import accounts, municipal_parts, service
from indicators.followup.errors import FollowupError, InvalidInputError, PermissionDeniedError
from indicators.followup.models import AuditEntry
from indicators.followup.municipal_parts import RecordRefusedError, UnknownMunicipalityError, parts_from_plan
from indicators.followup.unit_of_work import write_transaction
from indicators.goals import load_plan
from indicators.plan_actions import with_programme
from indicators.present.changes import change_text
from indicators.regions import active_region

REGION = active_region()
GOL, HEMSEDAL = "3324", "3326"


@pytest.fixture
def plan():
    return with_programme(load_plan(REGION.plan_file("goals.toml")))


@pytest.fixture
def gol_editor(session) -> str:
    accounts.add_user(session, "gol-ed", "editor", PASSWORD, email="gol@example.no", municipality=GOL)
    return "gol-ed"


@pytest.mark.parametrize(("responsible", "involved", "expected"), [
    ("Kommune", "", REGION.member_codes),
    ("Kommunane", "", REGION.member_codes),
    ("RR", "Alle kommunar", REGION.member_codes),
    ("RR/kommune", "", REGION.member_codes),
    ("RR", "Kommune og hyttefolk", REGION.member_codes),
    ("Gol kommune", "", (GOL,)),
    ("RR", "Hemsedal, Gol", (GOL, HEMSEDAL)),
    ("RR", "Nes", ("3322",)),  # a former name
    ("RR", "", ()),
    ("VIKEN kommune", "Viken", ()),  # the county municipality is no member
    ("Kommunesamarbeidet", "Næringsliv", ()),
])
def test_the_plans_rule_for_municipal_parts(responsible, involved, expected):
    assert parts_from_plan(responsible, involved, REGION) == expected


def test_the_plans_actions_get_parts_from_their_columns(session, plan):
    parts = municipal_parts.current_parts(session, REGION, plan)
    assert parts["1"].municipalities == REGION.member_codes  # «Kommune, Næringa, RR» is involved
    assert parts["3"].municipalities == ()  # RR alone
    assert not parts["1"].changed


def test_the_secretariat_changes_parts_with_history_and_audit(session, editor, gol_editor, plan):
    with write_transaction(session):
        municipal_parts.set_part(session, "3", GOL, True, user=editor, region=REGION, plan=plan, reason="Gol byggjer")
    with write_transaction(session):
        municipal_parts.set_part(session, "1", HEMSEDAL, False, user=editor, region=REGION, plan=plan)
    parts = municipal_parts.current_parts(session, REGION, plan)
    assert parts["3"].municipalities == (GOL,) and parts["3"].changed
    assert HEMSEDAL not in parts["1"].municipalities
    assert [(c.action_number, c.municipality, c.included) for c in municipal_parts.part_changes(session)] == [
        (3, GOL, True), (1, HEMSEDAL, False)]
    audited = session.scalars(select(AuditEntry).where(AuditEntry.action == "set_action_part")).all()
    assert [a.item for a in audited] == [f"action:3:{GOL}", f"action:1:{HEMSEDAL}"]
    with pytest.raises(RecordRefusedError, match="berre sekretariatet"), write_transaction(session):
        municipal_parts.set_part(session, "3", GOL, False, user=gol_editor, region=REGION, plan=plan)
    assert GOL in municipal_parts.current_parts(session, REGION, plan)["3"].municipalities


def test_a_municipal_editor_records_their_part_in_its_own_series(session, editor, gol_editor, plan):
    region_entry = service.record_status(session, "1", "not_started", user=editor, plan=plan, region=REGION)
    part = service.record_status(session, "1", "in_progress", user=gol_editor, municipality=GOL, plan=plan,
                                 region=REGION)
    assert part.municipality == GOL and part.sequence == 1 and part.previous_id is None
    assert region_entry.municipality is None
    # the region's status is still the secretariat's; the part is kept beside it
    assert service.current_statuses(session)[("action", "1")].status == "not_started"
    assert service.current_status(session, "1", "action").status == "not_started"
    assert service.current_part_statuses(session)[("1", GOL)].status == "in_progress"
    second = service.record_status(session, "1", "completed", user=gol_editor, municipality=GOL, plan=plan,
                                   region=REGION, expected_previous=part.id)
    assert second.sequence == 2 and second.previous_status == "in_progress"
    assert [(e.municipality, e.status) for e in service.history(session, "1", "action")] == [
        (GOL, "completed"), (GOL, "in_progress"), (None, "not_started")]


def _refusals(engine) -> list[AuditEntry]:
    from indicators.followup import db

    with db.session_scope(engine) as fresh:
        return list(fresh.scalars(select(AuditEntry).where(AuditEntry.action == "record_status_refused")))


@pytest.mark.parametrize(("municipality", "words"), [
    (HEMSEDAL, "kan ikkje registrere delen til Hemsedal"),
    (None, "kan ikkje registrere statusen til heile regionen"),
])
def test_a_municipal_editor_is_refused_elsewhere_with_an_audit_row(engine, session, gol_editor, plan,
                                                                   municipality, words):
    with pytest.raises(RecordRefusedError, match=words), write_transaction(session):
        service.record_status(session, "1", "in_progress", user=gol_editor, municipality=municipality, plan=plan,
                              region=REGION)
    assert service.history(session, "1", "action") == []
    refused = _refusals(engine)
    assert [(r.actor, r.item, r.new_value) for r in refused] == [(gol_editor, "action:1", municipality or "region")]


def test_a_refusal_outside_a_unit_of_work_is_audited_too(engine, session, gol_editor, plan):
    with pytest.raises(PermissionDeniedError):
        service.record_status(session, "1", "in_progress", user=gol_editor, plan=plan, region=REGION)
    assert len(_refusals(engine)) == 1


def test_the_secretariat_may_record_parts_and_an_admin_with_a_municipality_too(session, editor, plan):
    accounts.add_user(session, "sek-gol", "admin", PASSWORD, municipality=GOL)
    assert service.record_status(session, "1", "postponed", user=editor, municipality=HEMSEDAL, plan=plan,
                                 region=REGION).municipality == HEMSEDAL
    assert service.record_status(session, "1", "in_progress", user="sek-gol", plan=plan,
                                 region=REGION).municipality is None


def test_parts_only_where_the_action_has_one(session, editor, gol_editor, plan, qualitative_goal):
    with pytest.raises(InvalidInputError, match="Tiltak 3 har ingen del for Gol"):
        service.record_status(session, "3", "in_progress", user=gol_editor, municipality=GOL, plan=plan,
                              region=REGION)
    with pytest.raises(InvalidInputError, match="Berre tiltak har kommunedelar"):
        service.record_status(session, qualitative_goal, "in_progress", user=editor, municipality=GOL, plan=plan,
                              region=REGION)


def test_an_unknown_municipality_lists_the_members(session, editor, plan):
    with pytest.raises(UnknownMunicipalityError) as caught:
        service.record_status(session, "1", "in_progress", user=editor, municipality="9999", plan=plan,
                              region=REGION)
    message = str(caught.value)
    assert "«9999»" in message
    assert all(f"{m.code} {m.name}" in message for m in REGION.members)


def test_a_former_code_means_todays_municipality(session, gol_editor, plan):
    former = REGION.member(GOL).former_codes[0]
    entry = service.record_status(session, "1", "in_progress", user=gol_editor, municipality=former, plan=plan,
                                  region=REGION)
    assert entry.municipality == GOL


def test_the_audit_row_of_a_part_names_it(session, gol_editor, plan):
    service.record_status(session, "1", "in_progress", user=gol_editor, municipality=GOL, plan=plan, region=REGION)
    row = session.scalars(select(AuditEntry).where(AuditEntry.action == "record_status")).one()
    assert row.item == f"action:1:{GOL}"
    assert json.loads(row.new_value)["municipality"] == GOL


def test_changes_name_the_municipality_of_a_part(session, gol_editor, plan):
    service.record_status(session, "1", "in_progress", user=gol_editor, municipality=GOL, plan=plan, region=REGION)
    found = service.changes(session, TODAY, plan=plan)
    assert [(c.details["municipality"], "(Gol)" in change_text(c, REGION.names)) for c in found] == [(GOL, True)]


def test_accounts_say_their_municipality(session, gol_editor, editor):
    listed = {a.name: a for a in accounts.list_accounts(session)}
    assert listed[gol_editor].municipality == GOL and not listed[gol_editor].is_secretariat
    assert listed[editor].municipality is None and listed[editor].is_secretariat
    assert {s.name: s.municipality for s in accounts.account_statuses(session)}[gol_editor] == GOL


# --- reporting rounds ---------------------------------------------------------------------------------------

def _round(session, user, name="Tertial 3 2026", items="actions", **kwargs):
    from indicators.followup import reporting_rounds

    with write_transaction(session):
        return reporting_rounds.add_round(session, name, TODAY + dt.timedelta(days=14), items=items, user=user,
                                          **kwargs)


def _status(session, plan, name="Tertial 3 2026"):
    from indicators.followup import reporting_rounds

    return reporting_rounds.round_status(session, name, plan=plan, region=REGION)


def test_a_round_asks_for_each_actions_region_status_and_its_parts(session, editor, gol_editor, plan):
    _round(session, editor)
    status = _status(session, plan)
    actions = {a.item_id for a in status.assignments}
    assert {a.item_kind for a in status.assignments} == {"action"}
    assert [a.municipality for a in status.assignments if a.item_id == "1"] == [None, *REGION.member_codes]
    assert [a.municipality for a in status.assignments if a.item_id == "3"] == [None]
    assert len(status.for_reporter("")) == len(actions)
    assert not any(a.done for a in status.assignments)


def test_an_entry_in_the_round_marks_its_part_done_and_only_that(session, editor, gol_editor, plan):
    service.record_status(session, "1", "not_started", user=gol_editor, municipality=GOL, plan=plan, region=REGION)
    _round(session, editor)  # opened today: the entry above counts (the round opens at the day's start)
    service.record_status(session, "1", "in_progress", user=gol_editor, municipality=GOL, plan=plan, region=REGION)
    status = _status(session, plan)
    done = [(a.item_id, a.municipality, a.entry.status, a.entry.entered_by) for a in status.assignments if a.done]
    assert done == [("1", GOL, "in_progress", gol_editor)]  # the latest entry in the round
    progress = {p.reporter: (p.done, p.total) for p in status.progress()}
    assert progress[GOL][0] == 1 and progress[HEMSEDAL][0] == 0 and progress[""][0] == 0
    assert [a.item_id for a in status.left_for(GOL)][:1] != ["1"]


def test_entries_before_the_round_opened_do_not_count(session, editor, gol_editor, plan):
    service.record_status(session, "1", "in_progress", user=gol_editor, municipality=GOL, plan=plan, region=REGION)
    _round(session, editor, opened_on=TODAY + dt.timedelta(days=2))  # tomorrow in Oslo, even near midnight
    assert not any(a.done for a in _status(session, plan).assignments)


def test_a_later_round_takes_over_the_entries(session, editor, gol_editor, plan):
    _round(session, editor, name="Tertial 2 2026", opened_on=TODAY - dt.timedelta(days=30))
    _round(session, editor, name="Tertial 3 2026")
    service.record_status(session, "1", "in_progress", user=gol_editor, municipality=GOL, plan=plan, region=REGION)
    assert not any(a.done for a in _status(session, plan, "Tertial 2 2026").assignments)
    assert any(a.done for a in _status(session, plan, "Tertial 3 2026").assignments)


def test_after_closing_entries_still_count_marked_late(session, editor, gol_editor, plan):
    from indicators.followup import reporting_rounds

    _round(session, editor)
    service.record_status(session, "1", "in_progress", user=gol_editor, municipality=GOL, plan=plan, region=REGION)
    with write_transaction(session):
        closed = reporting_rounds.close_round(session, "Tertial 3 2026", user=editor)
    assert closed.is_closed and closed.closed_by == editor
    service.record_status(session, "1", "postponed", user=editor, municipality=HEMSEDAL, plan=plan, region=REGION)
    status = _status(session, plan)
    late = {(a.item_id, a.municipality): a.late for a in status.assignments if a.done}
    assert late == {("1", GOL): False, ("1", HEMSEDAL): True}
    with pytest.raises(InvalidInputError, match="alt lukka"), write_transaction(session):
        reporting_rounds.close_round(session, "Tertial 3 2026", user=editor)
    assert reporting_rounds.open_rounds(session) == []


def test_rounds_need_a_unique_name_a_sane_deadline_and_the_secretariat(engine, session, editor, gol_editor):
    from indicators.followup import reporting_rounds

    _round(session, editor)
    with pytest.raises(InvalidInputError, match="finst alt"):
        _round(session, editor)
    with pytest.raises(InvalidInputError, match="før runden opnar"), write_transaction(session):
        reporting_rounds.add_round(session, "Årsrapport 2026", TODAY - dt.timedelta(days=1), user=editor)
    with pytest.raises(RecordRefusedError, match="berre sekretariatet"):
        _round(session, gol_editor, name="Kommunen sin runde")
    with pytest.raises(RecordRefusedError):
        reporting_rounds.close_round(session, "Tertial 3 2026", user=gol_editor)
    with pytest.raises(reporting_rounds.UnknownRoundError, match="«Tertial 3 2026»"):
        reporting_rounds.get_round(session, "Tertial 9")
    assert [r.name for r in reporting_rounds.rounds(session)] == ["Tertial 3 2026"]
    from indicators.followup import db

    with db.session_scope(engine) as fresh:
        refused = fresh.scalars(select(AuditEntry).where(AuditEntry.action == "round_refused")).all()
        assert [r.actor for r in refused] == [gol_editor, gol_editor]
        assert [a.item for a in fresh.scalars(select(AuditEntry).where(AuditEntry.action == "add_round"))] == [
            "round:Tertial 3 2026"]


def test_a_goals_round_asks_the_secretariat_for_every_goal(session, editor, plan, qualitative_goal):
    _round(session, editor, name="Årsrapport 2026", items="goals")
    service.record_status(session, qualitative_goal, "in_progress", user=editor, plan=plan, region=REGION)
    status = _status(session, plan, "Årsrapport 2026")
    assert {a.item_kind for a in status.assignments} == {"goal"}
    assert len(status.assignments) == len(plan.goals)
    assert {a.reporter for a in status.assignments} == {""}
    assert [a.item_id for a in status.assignments if a.done] == [qualitative_goal]


def test_the_report_per_round_says_what_was_reported_and_what_is_missing(session, editor, gol_editor, plan):
    from indicators.followup import reporting_rounds

    _round(session, editor)
    service.record_status(session, "1", "in_progress", user=gol_editor, municipality=GOL, plan=plan, region=REGION)
    sections = {s.reporter: s for s in reporting_rounds.round_report(_status(session, plan))}
    assert list(sections) == ["", *REGION.member_codes]
    assert [(a.item_id, a.municipality) for a in sections[GOL].reported] == [("1", GOL)]
    assert ("1", GOL) not in [(a.item_id, a.municipality) for a in sections[GOL].missing]
    assert sections[HEMSEDAL].reported == ()
    assert len(sections[""].missing) == len([a for a in _status(session, plan).assignments if a.reporter == ""])


def test_reminders_go_to_reporters_with_items_left_and_not_to_those_done(session, editor, gol_editor, plan):
    from indicators.followup import municipal_parts as parts_module
    from indicators.followup import reporting_rounds

    accounts.add_user(session, "hem-ed", "editor", PASSWORD, municipality=HEMSEDAL)  # no e-mail
    accounts.add_user(session, "hol-ed", "editor", PASSWORD, email="hol@example.no", municipality="3330")
    accounts.set_active(session, "hol-ed", False)  # inactive: never reminded
    _round(session, editor)
    # Gol finishes every part it has
    gol_parts = [a.item_id for a in _status(session, plan).left_for(GOL)]
    for action in gol_parts:
        service.record_status(session, action, "in_progress", user=gol_editor, municipality=GOL, plan=plan,
                              region=REGION)
    due = {r.user: r for r in reporting_rounds.reminders(session, _status(session, plan))}
    assert set(due) == {editor, "hem-ed"}
    assert due["hem-ed"].email is None and due["hem-ed"].reporter == HEMSEDAL
    assert due[editor].email == "kari@example.no" and due[editor].reporter == ""
    assert len(due["hem-ed"].left) == due["hem-ed"].total == len(gol_parts)
    assert parts_module.REGION_PART == ""
    with write_transaction(session):
        reporting_rounds.close_round(session, "Tertial 3 2026", user=editor)
    with pytest.raises(FollowupError, match="lukka"):
        reporting_rounds.reminders(session, _status(session, plan))


def test_no_reminders_before_a_round_opens(session, editor, plan):
    from indicators.followup import reporting_rounds

    _round(session, editor, opened_on=TODAY + dt.timedelta(days=2))
    with pytest.raises(FollowupError, match="opnar"):
        reporting_rounds.reminders(session, _status(session, plan), today=TODAY)


def test_the_reminder_mail_lists_what_is_left_in_nynorsk(session, editor, gol_editor, plan):
    from indicators.followup import reporting_rounds
    from indicators.present import reminder_mail

    _round(session, editor)
    status = _status(session, plan)
    reminder = next(r for r in reporting_rounds.reminders(session, status) if r.user == gol_editor)
    message = reminder_mail.reminder_message(reminder, status.round, REGION, sender="sek@example.no", today=TODAY)
    assert message["To"] == "gol@example.no"
    assert message["Subject"].startswith("Påminning: Tertial 3 2026 – ")
    body = message.get_content()
    assert f"står {len(reminder.left)} av {reminder.total} punkt att for Gol" in body
    assert "(delen til Gol)" in body and "Fristen er" in body
    assert body.count("\n– ") == len(reminder.left)
    assert "Hemsedal" not in body


def test_the_municipal_matrix_shows_each_part_and_a_roll_up_beside_the_region_status(session, editor, gol_editor,
                                                                                     plan):
    service.record_status(session, "1", "not_started", user=editor, plan=plan, region=REGION)
    service.record_status(session, "1", "in_progress", user=gol_editor, municipality=GOL, plan=plan, region=REGION)
    service.record_status(session, "1", "postponed", user=editor, municipality=HEMSEDAL, plan=plan, region=REGION)
    parts = municipal_parts.current_parts(session, REGION, plan)
    matrix = municipal_parts.part_matrix(parts, service.current_part_statuses(session))
    assert "3" not in matrix  # no parts: no row
    row = matrix["1"]
    assert [p.municipality for p in row.parts] == list(REGION.member_codes)
    assert {p.municipality: p.status for p in row.parts}[GOL] == "in_progress"
    assert row.counts == {"not_assessed": len(REGION.members) - 2, "in_progress": 1, "postponed": 1}
    assert service.current_statuses(session)[("action", "1")].status == "not_started"  # the secretariat's, unchanged


def test_a_municipal_editor_corrects_their_own_part_within_the_window(session, gol_editor, editor, plan):
    from indicators.followup import corrections

    first = service.record_status(session, "1", "in_progress", user=gol_editor, municipality=GOL, plan=plan,
                                  region=REGION)
    service.record_status(session, "1", "not_started", user=editor, plan=plan, region=REGION)  # the region's
    fixed = corrections.record_correction(session, "1", "postponed", corrects=first.id, user=gol_editor, plan=plan,
                                          kind="action", municipality=GOL, region=REGION)
    assert fixed.municipality == GOL and fixed.previous_id == first.id
    assert corrections.corrections(session, "1", "action") == {fixed.id: first.id}
    assert service.current_status(session, "1", "action").status == "not_started"
    assert service.current_status(session, "1", "action", municipality=GOL).status == "postponed"
