"""Rapportering with municipal parts (issue 22), AppTest on a fresh database per test: a municipal editor is
offered only their municipality's parts and records one; the secretariat records the region's status or any
part and changes which municipalities have a part; a refusal shows its Nynorsk message; a visitor writes
nothing."""

from __future__ import annotations

import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import PASSWORD, active_plan
from sqlalchemy import select

from indicators.followup import accounts, municipal_parts, service
from indicators.followup.models import AuditEntry
from indicators.regions import active_region
from tests.reporting_helpers import form_key, open_page, shown

REGION = active_region()
GOL, HEMSEDAL = "3324", "3326"


def part_entry(session, number: str, code: str | None):
    session.rollback()
    entries = [e for e in service.history(session, number, "action") if (e.municipality or None) == code]
    return entries[0] if entries else None


@pytest.fixture
def gol_token(session) -> str:
    accounts.add_user(session, "gol-ed", "editor", PASSWORD, municipality=GOL)
    return accounts.start_session(session, "gol-ed")


def test_a_municipal_editor_is_offered_only_their_parts_and_records_one(engine, session, gol_token) -> None:
    at = open_page(gol_token)
    assert not at.exception
    assert at.segmented_control[0].options == ["Tiltak"]  # goals, figures, revision, meetings: the secretariat's
    offered = at.selectbox(key="url_item").options
    parts = municipal_parts.current_parts(session, REGION, active_plan())
    with_gol = [n for n, p in parts.items() if GOL in p.municipalities]
    assert len(offered) == len(with_gol) < 61  # not action 3 (RR alone)
    assert not any(o.split(" ", 2)[1].startswith("3.") for o in offered)
    assert "Du rapporterer for Gol" in shown(at)
    assert "Kva rapporterer du?" not in [w.label for w in at.segmented_control]  # no region status offered
    first = at.selectbox(key="url_item").value
    at.selectbox(key=form_key(at, "status")).select("in_progress")
    at.text_area(key=form_key(at, "note")).input("Oppstart i Gol <b>no</b>")
    at.button(key="reporting_save").click()
    at = at.run()
    assert not at.exception
    assert f"Lagra: tiltak {first} (Gol sin del) — I gang." in at.success[0].value.replace("\\", "")
    saved = part_entry(session, first, GOL)
    assert saved is not None and saved.status == "in_progress" and saved.entered_by == "gol-ed"
    assert part_entry(session, first, None) is None or part_entry(session, first, None).entered_by != "gol-ed"
    assert not [e for e in service.history(session, first, "action") if e.municipality == HEMSEDAL]


def test_the_secretariat_records_the_regions_status_or_a_part(engine, session, editor) -> None:
    token = accounts.start_session(session, editor)
    at = open_page(token, section="actions", item="1")
    assert not at.exception
    choice = next(w for w in at.segmented_control if w.label == "Kva rapporterer du?")
    assert choice.options[0] == f"Statusen til {REGION.name} (sekretariatet)"
    assert "Hemsedal" in choice.options
    choice.set_value(HEMSEDAL)
    at = at.run()
    at.selectbox(key=form_key(at, "status")).select("postponed")
    at.button(key="reporting_save").click()
    at = at.run()
    assert not at.exception
    assert "Lagra: tiltak 1 (Hemsedal sin del) — Utsett." in at.success[0].value.replace("\\", "")
    assert part_entry(session, "1", HEMSEDAL).status == "postponed"
    assert part_entry(session, "1", None) is None  # the region's status untouched

    at = open_page(accounts.start_session(session, editor), section="actions", item="1")
    at.selectbox(key=form_key(at, "status")).select("completed")  # the default part: the region's status
    at.button(key="reporting_save").click()
    at = at.run()
    assert part_entry(session, "1", None).status == "completed"


def test_the_secretariat_changes_which_municipalities_have_a_part(engine, session, editor) -> None:
    token = accounts.start_session(session, editor)
    at = open_page(token, section="actions", item="3")  # RR alone: no parts
    assert not at.exception
    assert "Kva rapporterer du?" not in [w.label for w in at.segmented_control]
    at.multiselect(key="parts_pick_3").select(GOL)
    at.text_input(key="parts_reason_3").input("Gol er med likevel")
    at.button(key="parts_save_3").click()
    at = at.run()
    assert not at.exception
    assert "Tiltak 3: no har Gol ein del." in at.success[0].value.replace("\\", "")
    session.rollback()
    assert municipal_parts.current_parts(session, REGION, active_plan())["3"].municipalities == (GOL,)
    choice = next(w for w in at.segmented_control if w.label == "Kva rapporterer du?")
    assert choice.options[1:] == ["Gol"]


def test_a_refusal_is_shown_in_nynorsk_and_audited(engine, session, gol_token, monkeypatch) -> None:
    from ui import reporting_parts

    at = open_page(gol_token)
    number = at.selectbox(key="url_item").value
    # the admin moves the account to Hemsedal while its page still offers Gol's part: the domain refuses
    municipal_parts.set_user_municipality(session, "gol-ed", HEMSEDAL, region=REGION)
    session.commit()
    monkeypatch.setattr(reporting_parts, "own_municipality", lambda _session, _name: GOL)
    at.selectbox(key=form_key(at, "status")).select("in_progress")
    at.button(key="reporting_save").click()
    at = at.run()
    assert not at.exception
    assert at.error[0].value == "gol-ed rapporterer for Hemsedal og kan ikkje registrere delen til Gol."
    assert part_entry(session, number, GOL) is None
    refused = session.scalars(select(AuditEntry).where(AuditEntry.action == "record_status_refused")).all()
    assert [(r.actor, r.new_value) for r in refused] == [("gol-ed", GOL)]


def test_a_municipal_editor_writing_the_regions_status_is_refused_by_the_domain(session, gol_token) -> None:
    with pytest.raises(municipal_parts.RecordRefusedError) as refused:
        from indicators.followup.unit_of_work import write_transaction

        with write_transaction(session):
            service.record_status(session, "1", "in_progress", user="gol-ed", plan=active_plan(), region=REGION)
    assert "kan ikkje registrere statusen til heile regionen" in str(refused.value)
    session.rollback()
    assert session.scalars(select(AuditEntry).where(AuditEntry.action == "record_status_refused")).all()


def test_a_visitor_sees_no_form_no_part_choice_and_no_round(engine, session, editor) -> None:
    import datetime as dt

    from indicators.followup import reporting_rounds

    reporting_rounds.add_round(session, "Tertial 3 2026", dt.date.today() + dt.timedelta(days=30), user=editor)
    at = open_page(section="actions", item="1")
    assert not at.exception
    assert "Rapporteringsrunde" not in shown(at)
    assert not at.segmented_control and not at.multiselect
    assert "Kva rapporterer du?" not in shown(at)


def test_a_municipal_editor_corrects_their_own_part(engine, session, gol_token) -> None:
    at = open_page(gol_token)
    number = at.selectbox(key="url_item").value
    at.selectbox(key=form_key(at, "status")).select("in_progress")
    at.button(key="reporting_save").click()
    at = at.run()
    at.button(key="reporting_previous").click()  # back to the part just saved
    at = at.run()
    assert at.selectbox(key="url_item").value == number
    at.checkbox(key=form_key(at, "correct")).check()
    at.selectbox(key=form_key(at, "status")).select("postponed")
    at.button(key="reporting_save").click()
    at = at.run()
    assert not at.exception
    assert "Retta:" in at.success[0].value
    session.rollback()
    gol = [e for e in service.history(session, number, "action") if e.municipality == GOL]
    assert [e.status for e in gol] == ["postponed", "in_progress"]
