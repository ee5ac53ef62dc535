"""Municipal parts of actions and who may record them (issue 22): the plan's rule, the secretariat's changes,
permissions with audited refusals, the parts' own status series."""

from __future__ import annotations

import json

import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import PASSWORD
from sqlalchemy import select

from indicators.followup import accounts, municipal_parts, service
from indicators.followup.errors import InvalidInputError, PermissionDeniedError
from indicators.followup.models import AuditEntry
from indicators.followup.municipal_parts import RecordRefusedError, UnknownMunicipalityError, parts_from_plan
from indicators.followup.unit_of_work import write_transaction
from indicators.goals import load_plan
from indicators.regions import active_region

REGION = active_region()
GOL, HEMSEDAL = "3324", "3326"


@pytest.fixture
def plan():
    return load_plan(REGION.plan_file("goals.toml"))


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
    assert service.current_statuses(session)["1"].status == "not_started"
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
    found = service.changes(session, TODAY, plan=plan, region=REGION)  # noqa: F405
    assert [(c.details["municipality"], "(Gol)" in c.text) for c in found] == [(GOL, True)]


def test_accounts_say_their_municipality(session, gol_editor, editor):
    listed = {a.name: a for a in accounts.list_accounts(session)}
    assert listed[gol_editor].municipality == GOL and not listed[gol_editor].is_secretariat
    assert listed[editor].municipality is None and listed[editor].is_secretariat
    assert {s.name: s.municipality for s in accounts.account_statuses(session)}[gol_editor] == GOL
