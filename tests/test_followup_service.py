"""The follow-up service: every rule of a status entry, figures, the annual revision, meetings, dataset
versions and revisions, "what changed since", and the migrations' imports (issue 11)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest
from followup_fixtures import *  # noqa: F403
from followup_fixtures import TODAY, active_plan
from sqlalchemy import select

from indicators import i18n
from indicators.followup import service
from indicators.followup.errors import (
    FollowupError,
    InvalidInputError,
    InvalidStatusError,
    PermissionDeniedError,
    StaleEntryError,
    UnknownItemError,
)
from indicators.followup.models import AuditEntry, Figure, StatusEntry
from indicators.followup.plan_import import PLAN_FILE_USER, plan_status_rows
from indicators.formatting import THIN_SPACE
from indicators.goals import EnteredSource, Goal, evaluate_goal, load_plan
from indicators.model import Provenance
from indicators.plan_actions import with_programme
from indicators.present.changes import (
    action_change_label,
    change_text,
    entered_label,
    revision_text,
    stale_message,
)
from indicators.progress import classify_direction
from indicators.regions import active_region


def test_record_status_of_an_action_becomes_its_current_status(session, editor):
    entry = service.record_status(
        session, "3", "in_progress", note="Møte med departementet", by_body="RR",
        assessed_on=dt.date(2025, 6, 1), user=editor, plan=active_plan(),
    )
    current = service.current_status(session, 3)
    assert current == entry
    assert current.status == "in_progress"
    assert current.reported_by == "RR"
    assert current.assessed_on == dt.date(2025, 6, 1)
    assert current.entered_by == editor
    assert current.item_kind == "action"


def test_record_status_of_a_qualitative_goal(session, editor, qualitative_goal):
    service.record_status(session, qualitative_goal, "achieved", note="", by_body="Kommunane",
                          assessed_on=TODAY, user=editor, plan=active_plan())
    assert service.current_status(session, qualitative_goal).status == "achieved"
    assert service.current_status(session, qualitative_goal).item_kind == "goal"


def test_entries_are_appended_never_overwritten(session, editor):
    first = service.record_status(session, "1", "not_started", note="a", by_body="", assessed_on=TODAY, user=editor,
                                  plan=active_plan())
    second = service.record_status(session, "1", "in_progress", note="b", by_body="", assessed_on=TODAY, user=editor,
                                   plan=active_plan())
    rows = session.scalars(select(StatusEntry).where(StatusEntry.item_id == "1").order_by(StatusEntry.id)).all()
    assert [r.status for r in rows] == ["not_started", "in_progress"]
    assert second.previous_id == first.id
    assert second.previous_status == "not_started"
    assert [e.id for e in service.history(session, "1")] == [second.id, first.id]


def test_history_of_all_items_is_newest_first(session, editor, qualitative_goal):
    a = service.record_status(session, "1", "not_started", by_body="", assessed_on=TODAY, user=editor,
                              plan=active_plan())
    b = service.record_status(session, qualitative_goal, "in_progress", by_body="", assessed_on=TODAY, user=editor,
                              plan=active_plan())
    assert [e.id for e in service.history(session)] == [b.id, a.id]


@pytest.mark.parametrize("item", ["0", "62", "ikkje-eit-mal", ""])
def test_unknown_item_is_refused(session, editor, item):
    with pytest.raises(UnknownItemError, match="Ukjend"):
        service.record_status(session, item, "in_progress", by_body="", assessed_on=TODAY, user=editor,
                              plan=active_plan())


def test_actions_one_to_sixty_one_are_known(session):
    items = service.plan_items(session, plan=active_plan())
    numbers = sorted(int(i.id) for i in items.values() if i.kind == "action")
    assert numbers == list(range(1, 62))


@pytest.mark.parametrize("status", ["on_track", "done", "Nådd"])
def test_status_not_allowed_for_an_action_is_refused(session, editor, status):
    with pytest.raises(InvalidStatusError, match="Ugyldig status"):
        service.record_status(session, "5", status, by_body="", assessed_on=TODAY, user=editor, plan=active_plan())


def test_empty_status_is_refused(session, editor):
    with pytest.raises(InvalidStatusError, match="Status manglar"):
        service.record_status(session, "5", " ", by_body="", assessed_on=TODAY, user=editor, plan=active_plan())


def test_indicator_goal_takes_the_progress_statuses(session, editor, indicator_goal):
    service.record_status(session, indicator_goal, "on_track", by_body="", assessed_on=TODAY, user=editor,
                          plan=active_plan())
    with pytest.raises(InvalidStatusError):
        service.record_status(session, indicator_goal, "in_progress", by_body="", assessed_on=TODAY, user=editor,
                              plan=active_plan())


def test_note_of_4000_characters_is_accepted_and_one_more_refused(session, editor):
    service.record_status(session, "2", "in_progress", note="x" * 4000, by_body="", assessed_on=TODAY, user=editor,
                          plan=active_plan())
    with pytest.raises(InvalidInputError, match="for lang"):
        service.record_status(session, "2", "in_progress", note="x" * 4001, by_body="", assessed_on=TODAY,
                              user=editor, plan=active_plan())


def test_note_of_one_megabyte_is_refused_and_nothing_saved(session, editor):
    with pytest.raises(InvalidInputError, match="Merknaden er for lang"):
        service.record_status(session, "2", "in_progress", note="x" * 1_000_000, by_body="", assessed_on=TODAY,
                              user=editor, plan=active_plan())
    assert service.current_status(session, "2") is None


def test_html_and_markdown_in_a_note_are_stored_verbatim(session, editor):
    note = '<script>alert("x")</script> **feit** [lenkje](javascript:alert(1)) <b>&amp;</b>\nline 2'
    service.record_status(session, "4", "in_progress", note=note, by_body="<i>RR</i>", assessed_on=TODAY,
                          user=editor, plan=active_plan())
    session.expire_all()
    assert service.current_status(session, "4").note == note
    assert service.current_status(session, "4").reported_by == "<i>RR</i>"


def test_date_in_the_future_is_refused(session, editor):
    with pytest.raises(InvalidInputError, match="fram i tid"):
        service.record_status(session, "4", "in_progress", by_body="", assessed_on=TODAY + dt.timedelta(days=1),
                              user=editor, plan=active_plan())


def test_assessment_date_defaults_to_today(session, editor):
    entry = service.record_status(session, "4", "in_progress", by_body="", assessed_on=None, user=editor,
                                  today=dt.date(2025, 12, 31), plan=active_plan())
    assert entry.assessed_on == dt.date(2025, 12, 31)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x", "www.example.no"])
def test_evidence_link_must_be_a_web_address(session, editor, url):
    with pytest.raises(InvalidInputError, match="https://"):
        service.record_status(session, "4", "in_progress", by_body="", assessed_on=TODAY, user=editor,
                              evidence_url=url, plan=active_plan())


def test_evidence_link_is_kept(session, editor):
    entry = service.record_status(session, "4", "achieved", by_body="", assessed_on=TODAY, user=editor,
                                  evidence_url="https://example.no/sak/1", plan=active_plan())
    assert entry.evidence_url == "https://example.no/sak/1"


def test_unknown_user_is_refused(session):
    with pytest.raises(PermissionDeniedError, match="Ukjend brukar «ola»"):
        service.record_status(session, "4", "in_progress", by_body="", assessed_on=TODAY, user="ola",
                              plan=active_plan())


def test_no_user_is_refused(session):
    with pytest.raises(PermissionDeniedError, match="logga inn"):
        service.record_status(session, "4", "in_progress", by_body="", assessed_on=TODAY, user="", plan=active_plan())


def test_inactive_user_is_refused(session, editor):
    from indicators.followup import accounts

    accounts.set_active(session, editor, False)
    with pytest.raises(PermissionDeniedError, match="ikkje aktiv"):
        service.record_status(session, "4", "in_progress", by_body="", assessed_on=TODAY, user=editor,
                              plan=active_plan())


def test_every_error_shares_the_base_class():
    for error in (UnknownItemError, InvalidStatusError, InvalidInputError, PermissionDeniedError, StaleEntryError):
        assert issubclass(error, FollowupError)


def test_stale_entry_is_refused_and_carries_the_new_entry(session, editor, admin):
    seen = service.record_status(session, "7", "not_started", by_body="", assessed_on=TODAY, user=editor,
                                 plan=active_plan())
    other = service.record_status(session, "7", "in_progress", note="frå admin", by_body="", assessed_on=TODAY,
                                  user=admin, expected_previous=seen.id, plan=active_plan())
    with pytest.raises(StaleEntryError, match="endra sidan du opna") as caught:
        service.record_status(session, "7", "achieved", by_body="", assessed_on=TODAY, user=editor,
                              expected_previous=seen.id, plan=active_plan())
    assert caught.value.current == other
    assert service.current_status(session, "7") == other
    at = other.entered_at  # the service gives the facts; the words (the command line's) are composed in present/
    assert stale_message(caught.value.current) == (
        f"Statusen er endra sidan du opna skjemaet: {admin} lagra «I gang» {at:%Y-%m-%d} kl. {at:%H:%M} (UTC). "
        "Sjå den nye statusen før du lagrar på nytt."
    )


def test_first_entry_expected_when_none_seen(session, editor, admin):
    service.record_status(session, "8", "in_progress", by_body="", assessed_on=TODAY, user=admin,
                          expected_previous=service.NO_ENTRY, plan=active_plan())
    with pytest.raises(StaleEntryError):
        service.record_status(session, "8", "achieved", by_body="", assessed_on=TODAY, user=editor,
                              expected_previous=service.NO_ENTRY, plan=active_plan())


def test_second_editor_saves_after_seeing_the_new_entry(session, editor):
    seen = service.record_status(session, "9", "not_started", by_body="", assessed_on=TODAY, user=editor,
                                 plan=active_plan())
    again = service.record_status(session, "9", "in_progress", by_body="", assessed_on=TODAY, user=editor,
                                  expected_previous=seen.id, plan=active_plan())
    assert again.sequence == 2


def test_every_write_is_audited_with_old_and_new(session, editor):
    service.record_status(session, "10", "not_started", by_body="", assessed_on=TODAY, user=editor, plan=active_plan())
    service.record_status(session, "10", "achieved", by_body="", assessed_on=TODAY, user=editor, plan=active_plan())
    rows = session.scalars(select(AuditEntry).where(AuditEntry.item == "action:10").order_by(AuditEntry.id)).all()
    assert [r.actor for r in rows] == [editor, editor]
    assert '"status": "not_started"' in rows[1].old_value
    assert '"status": "achieved"' in rows[1].new_value


def test_apply_to_plan_gives_the_latest_entry(session, editor, qualitative_goal):
    service.record_status(session, qualitative_goal, "in_progress", note="Arbeid pågår", by_body="RR",
                          assessed_on=dt.date(2025, 3, 1), user=editor, plan=active_plan())
    plan = service.apply_to_plan(session, with_programme(load_plan()))
    goal = plan.find(qualitative_goal)
    assert goal.status == "in_progress"
    assert goal.status_note == "Arbeid pågår"
    assert goal.reported_by == "RR"
    assert goal.reviewed == dt.date(2025, 3, 1)


# --- figures -----------------------------------------------------------------------------------------------


def test_figure_without_a_source_is_refused(session, editor, indicator_goal):
    with pytest.raises(InvalidInputError, match="kjelde"):
        service.record_figure(session, indicator_goal, 12, period=2024, source_name="  ", user=editor,
                              plan=active_plan(), region=active_region())


def test_figure_for_a_qualitative_goal_is_refused(session, editor, qualitative_goal):
    with pytest.raises(InvalidInputError, match="kvalitativt"):
        service.record_figure(session, qualitative_goal, 12, period=2024, source_name="X", user=editor,
                              plan=active_plan(), region=active_region())


def test_figure_for_an_unknown_region_is_refused(session, editor, indicator_goal):
    with pytest.raises(InvalidInputError, match="Ukjend region"):
        service.record_figure(session, indicator_goal, 12, period=2024, source_name="X", user=editor,
                              region_code="9999", plan=active_plan(), region=active_region())


def test_figure_in_a_future_year_is_refused(session, editor, indicator_goal):
    with pytest.raises(InvalidInputError, match="Perioden"):
        service.record_figure(session, indicator_goal, 12, period=TODAY.year + 1, source_name="X", user=editor,
                              plan=active_plan(), region=active_region())


def test_figure_series_is_tidy_with_the_latest_entry_per_period(session, editor, indicator_goal):
    service.record_figure(session, indicator_goal, 10, period=2022, source_name="Kjelde A", user=editor,
                          plan=active_plan(), region=active_region())
    service.record_figure(session, indicator_goal, 11, period=2023, source_name="Kjelde A", user=editor,
                          plan=active_plan(), region=active_region())
    service.record_figure(session, indicator_goal, 12, period=2023, source_name="Kjelde B (retta)", user=editor,
                          plan=active_plan(), region=active_region())
    series = service.figure_series(session, indicator_goal, region=active_region())
    region = active_region()
    assert list(series.columns) == ["region_code", "region_name", "period", "value", "status"]
    assert series["period"].tolist() == [2022, 2023]
    assert series["value"].tolist() == [10.0, 12.0]
    assert set(series["region_code"]) == {region.id}
    assert set(series["region_name"]) == {region.name}
    assert len(service.figures(session, indicator_goal)) == 3  # the corrected figure stays stored


def test_figure_series_evaluates_with_the_progress_method(session, editor, indicator_goal):
    service.record_figure(session, indicator_goal, 100, period=2021, source_name="X", user=editor,
                          plan=active_plan(), region=active_region())
    service.record_figure(session, indicator_goal, 110, period=2024, source_name="X", user=editor,
                          plan=active_plan(), region=active_region())
    series = service.figure_series(session, indicator_goal, region=active_region())
    assessment = classify_direction(2021, 100.0, 2024, 110.0, "increase", requested_base_period=2021)
    assert assessment.status == "on_track"
    assert series["value"].iloc[-1] == 110.0


def test_figure_label_says_who_registered_it_and_the_source(session, editor, indicator_goal):
    figure = service.record_figure(
        session, indicator_goal, 3, period=2024, source_name="Statens vegvesen", user=editor, quoted=True,
        quote_label="sitert tal frå ei pressemelding", plan=active_plan(), region=active_region(),
    )
    assert entered_label(figure) == (
        "registrert av sekretariatet, kjelde: Statens vegvesen (sitert tal frå ei pressemelding)"
    )


def test_the_figure_label_is_composed_where_it_is_shown_in_its_language():
    """The service and the domain carry the facts (source, quote, seeded); the words come from present/."""
    quoted = EnteredSource("Statens vegvesen", quoted=True, quote_label="sitert tal frå ei pressemelding")
    assert entered_label(EnteredSource("Kjelda AS")) == "registrert av sekretariatet, kjelde: Kjelda AS"
    assert entered_label(replace(quoted, quoted=False)) == "registrert av sekretariatet, kjelde: Statens vegvesen"
    seeded = EnteredSource("Miljøfyrtårn", True, "frå pressemelding 22. april 2021", seeded=True)
    assert entered_label(seeded) == "frå pressemelding 22. april 2021"  # where it is from, not who typed it
    assert entered_label(EnteredSource()) == "registrert av sekretariatet"  # no figure for the place
    assert entered_label(None) == ""  # not entered figures
    with i18n.use("en"):
        assert entered_label(quoted) == "entered by the secretariat, source: Statens vegvesen (sitert tal frå ei " \
            "pressemelding)"  # the quote label is the secretariat's own words


def test_seed_migration_holds_the_quoted_miljofyrtarn_figure(session):
    rows = session.scalars(select(Figure).where(Figure.entered_by == "migrering")).all()
    region = active_region()
    total = next(r for r in rows if r.region_code == region.id)
    assert total.value == 67
    assert total.period == 2021
    assert total.quoted is True
    assert total.quote_label == "frå pressemelding 22. april 2021, private verksemder"
    # it is labelled by where it comes from, not as something the secretariat registered
    figure = next(f for f in service.figures(session) if f.id == total.id)
    assert entered_label(figure) == "frå pressemelding 22. april 2021, private verksemder"
    assert total.source_url.startswith("https://nhage.no/")
    assert total.published_on == dt.date(2021, 4, 22)
    assert sum(r.value for r in rows if r.region_code in region.member_codes) == 67
    assert load_plan().find(total.goal_id) is not None


def test_evaluate_goal_still_works_for_goal_with_figures(session, editor, indicator_goal):
    goal = load_plan().find(indicator_goal)
    assert isinstance(goal, Goal)
    assert evaluate_goal(goal, active_region().id).status == "no_data"  # the page wires figures in


# --- annual revision ---------------------------------------------------------------------------------------


def test_added_action_gets_the_next_number_and_can_be_reported(session, editor):
    area = load_plan().areas[0].id
    added = service.add_action(session, text="Nytt tiltak", area=area, revision_year=2024, reason="Rullering",
                               user=editor, responsible="RR", time="2024–2025", plan=active_plan())
    assert added.action_number == 62
    assert action_change_label(added) == "lagt til ved rulleringa 2024"
    service.record_status(session, "62", "in_progress", by_body="RR", assessed_on=TODAY, user=editor,
                          plan=active_plan())
    assert service.plan_items(session, plan=active_plan())["62"].added is True


def test_dropped_action_stays_in_the_list_marked(session, editor):
    dropped = service.drop_action(session, 12, revision_year=2024, reason="Gjennomført av fylket", user=editor,
                                  plan=active_plan())
    assert dropped.change == "dropped"
    assert service.plan_items(session, plan=active_plan())["12"].dropped is True
    with pytest.raises(InvalidInputError, match="alt teke ut"):
        service.drop_action(session, 12, revision_year=2025, reason="igjen", user=editor, plan=active_plan())


def test_drop_needs_a_reason_and_a_year_in_the_plan(session, editor):
    with pytest.raises(InvalidInputError, match="kvifor"):
        service.drop_action(session, 13, revision_year=2024, reason="", user=editor, plan=active_plan())
    with pytest.raises(InvalidInputError, match="Rulleringsåret"):
        service.drop_action(session, 13, revision_year=2019, reason="x", user=editor, plan=active_plan())


def test_add_action_with_unknown_area_is_refused(session, editor):
    with pytest.raises(InvalidInputError, match="innsatsområde"):
        service.add_action(session, text="x", area="ukjent", revision_year=2024, reason="", user=editor,
                           plan=active_plan())


# --- meetings and changes ----------------------------------------------------------------------------------


def test_last_meeting_is_the_latest_held(session, editor):
    service.record_meeting(session, dt.date(2025, 10, 15), "Regionrådsmøte 15. oktober 2025", user=editor)
    service.record_meeting(session, dt.date(2026, 2, 1), "Regionrådsmøte 1. februar 2026", user=editor)
    service.record_meeting(session, dt.date(2026, 10, 15), "Regionrådsmøte 15. oktober 2026", user=editor)
    assert service.last_meeting(session, today=dt.date(2026, 5, 1)).name == "Regionrådsmøte 1. februar 2026"


def test_changes_since_lists_status_changes_figures_and_revisions(session, editor, indicator_goal):
    since = TODAY
    service.record_status(session, "20", "in_progress", by_body="RR", assessed_on=TODAY, user=editor,
                          plan=active_plan())
    service.record_figure(session, indicator_goal, 5, period=2024, source_name="Kjelde", user=editor,
                          plan=active_plan(), region=active_region())
    service.add_action(session, text="Nytt", area=load_plan().areas[0].id, revision_year=2025, reason="r",
                       user=editor, plan=active_plan())
    service.record_dataset_version(session, "population", _population(2316), _provenance())
    service.record_dataset_version(session, "population", _population(2320), _provenance())
    kinds = [c.kind for c in service.changes(session, since, plan=active_plan())]
    assert kinds.count("status") == 1
    assert "figure" in kinds
    assert "action_added" in kinds
    assert kinds.count("revision") == 1
    status = next(c for c in service.changes(session, since, plan=active_plan()) if c.kind == "status")
    assert status.as_record()["new_status"] == "in_progress"
    assert status.as_record()["old_status"] is None


def test_changes_since_tomorrow_is_empty(session, editor):
    service.record_status(session, "20", "in_progress", by_body="RR", assessed_on=TODAY, user=editor,
                          plan=active_plan())
    assert service.changes(session, TODAY + dt.timedelta(days=1), plan=active_plan()) == []


# --- dataset versions --------------------------------------------------------------------------------------


def _population(hol_2021: float) -> pd.DataFrame:
    region = active_region()
    rows = [(m.code, m.name, year, 1000.0 + index, "") for index, m in enumerate(region.members)
            for year in (2020, 2021)]
    frame = pd.DataFrame(rows, columns=["region_code", "region_name", "period", "value", "status"])
    last = region.members[-1].code
    frame.loc[(frame["region_code"] == last) & (frame["period"] == 2021), "value"] = hol_2021
    return frame


def _provenance() -> Provenance:
    return Provenance(dataset="population", title="Folketal", source="Statistisk sentralbyrå", table_id="07459",
                      source_updated="2026-02-20T08:00:00Z", retrieved_at="2026-03-01T10:00:00+00:00")


def test_dataset_version_keeps_checksum_periods_and_times(session):
    version = service.record_dataset_version(session, "population", _population(2316), _provenance())
    assert version.periods == [2020, 2021]
    assert len(version.checksum) == 64
    assert version.source_updated == "2026-02-20T08:00:00Z"
    assert version.retrieved_at == dt.datetime(2026, 3, 1, 10, 0)
    assert version.row_count == 2 * len(active_region().members)


def test_unchanged_data_adds_no_version(session):
    first = service.record_dataset_version(session, "population", _population(2316), _provenance())
    again = service.record_dataset_version(session, "population", _population(2316).iloc[::-1], _provenance())
    assert again.id == first.id
    assert len(service.dataset_versions(session, "population")) == 1


def test_revision_of_an_earlier_value_is_shown(session):
    service.record_dataset_version(session, "population", _population(2316), _provenance())
    service.record_dataset_version(session, "population", _population(2320), _provenance())
    found = service.revisions(session, "population")
    last = active_region().members[-1]
    assert len(found) == 1
    assert found[0].key == {"region_code": last.code, "period": 2021}
    assert revision_text(found[0]) == f"SSB har revidert {last.name} 2021 frå 2{THIN_SPACE}316 til 2{THIN_SPACE}320"


def test_version_frame_gives_back_the_data(session):
    version = service.record_dataset_version(session, "population", _population(2316), _provenance())
    frame = service.version_frame(session, version.id)
    assert len(frame) == version.row_count
    assert set(frame["region_code"]) == set(active_region().member_codes)  # codes stay text
    assert frame["value"].sum() == _population(2316)["value"].sum()


def test_new_period_is_not_a_revision(session):
    service.record_dataset_version(session, "population", _population(2316), _provenance())
    longer = pd.concat([_population(2316), _population(2316).assign(period=2022)], ignore_index=True)
    service.record_dataset_version(session, "population", longer, _provenance())
    assert service.revisions(session, "population") == []


# --- the first migration's import of the plan files ---------------------------------------------------------


def test_plan_files_statuses_become_first_entries(tmp_path):
    goals = tmp_path / "goals.toml"
    source = with_programme(load_plan())
    qualitative = next(g for g in source.goals if g.kind == "qualitative")
    text = active_region().plan_file("goals.toml").read_text(encoding="utf-8")
    marker = f'id = "{qualitative.id}"'
    start = text.index(marker)
    block_end = text.index("[[goals]]", start) if "[[goals]]" in text[start:] else len(text)
    block = text[start:block_end]
    edited = block.replace('status = "not_assessed"', 'status = "in_progress"').replace(
        'status_note = ""', 'status_note = "Godt i gang"').replace('reported_by = ""', 'reported_by = "RR"')
    goals.write_text(text[:start] + edited + text[block_end:], encoding="utf-8")
    actions = tmp_path / "actions.csv"
    lines = active_region().plan_file("actions.csv").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("not_assessed,,", "achieved,Ferdig,2025-11-30")
    actions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    now = dt.datetime(2026, 1, 2, 3, 4)
    rows = plan_status_rows(goals, actions, now=now)
    assert [(r["item_kind"], r["item_id"], r["status"]) for r in rows] == [
        ("goal", qualitative.id, "in_progress"), ("action", "1", "completed"),  # an action «achieved» was done
    ]
    assert rows[0]["note"] == "Godt i gang"
    assert rows[0]["reported_by"] == "RR"
    assert rows[0]["assessed_on"] == now.date()  # no review date in the file: the migration's
    assert rows[1]["assessed_on"] == dt.date(2025, 11, 30)
    assert {r["entered_by"] for r in rows} == {PLAN_FILE_USER}


def test_not_assessed_without_note_is_not_imported():
    assert all(r["status"] != "not_assessed" or r["note"] for r in plan_status_rows())


def test_migrations_import_no_app_code_and_read_no_plan_file():
    """A migration must give the same database next year: its constants are frozen in it, not read from the
    app or today's plan files."""
    import ast
    from pathlib import Path

    versions = Path(__file__).resolve().parent.parent / "indicators" / "followup" / "migrations" / "versions"
    for path in sorted(versions.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.split(".")[0] == "indicators" for n in names), f"{path.name} imports app code"
        text = path.read_text(encoding="utf-8")
        assert "goals.toml\"" not in text and "actions.csv\"" not in text and "plan_file(" not in text, path.name


def test_an_item_kind_is_said_never_guessed_from_the_id(session, editor):
    """A goal whose id reads like an action number: the caller says which, and the bare id is refused."""
    plan = with_programme(load_plan())
    first = plan.goals[0]
    odd = replace(plan, goals=[replace(first, id="3", kind="qualitative"), *plan.goals[1:]])
    with pytest.raises(UnknownItemError, match="både ein mål-id og eit tiltaksnummer"):
        service.record_status(session, "3", "in_progress", assessed_on=TODAY, user=editor, plan=odd)
    goal = service.record_status(session, "3", "in_progress", assessed_on=TODAY, user=editor, plan=odd, kind="goal")
    action = service.record_status(session, "3", "completed", assessed_on=TODAY, user=editor, plan=odd,
                                   kind="action")
    assert (goal.item_kind, action.item_kind) == ("goal", "action")
    assert service.current_status(session, "3", "goal") == goal
    assert service.current_status(session, "3", "action") == action
    assert [e.id for e in service.history(session, "3", "goal")] == [goal.id]
    with pytest.raises(UnknownItemError, match="både"):
        service.current_status(session, "3")  # stored as both: the caller must say which
    latest = service.current_statuses(session)
    assert (latest[("goal", "3")], latest[("action", "3")]) == (goal, action)  # two items, neither hides the other
    applied = service.apply_to_plan(session, odd)
    assert (applied.goals[0].id, applied.goals[0].status) == ("3", "in_progress")


def test_figures_and_changes_name_places_by_the_region_the_caller_passes(session, editor, indicator_goal):
    """The service takes the region as an argument: a caller's region names the places (not the active one)."""
    region = active_region()
    renamed = replace(region, name="Regionen vår")
    service.record_figure(session, indicator_goal, 12, period=2024, source_name="Kommunen", user=editor,
                          region=renamed, plan=active_plan())
    frame = service.figure_series(session, indicator_goal, renamed)
    assert list(frame["region_name"]) == ["Regionen vår"]
    found = service.changes(session, TODAY, plan=with_programme(load_plan()))
    assert "(Regionen vår, 2024)" in change_text(found[-1], renamed.names)
    assert list(service.figure_series(session, indicator_goal, region=active_region())["region_name"]) == [region.name]


def test_the_service_uses_the_plan_and_region_it_is_given(session, editor, indicator_goal):
    """No fallback to the files: an item only the caller's plan has is accepted, and a figure is checked against
    and named by the caller's region."""
    plan = active_plan()
    qualitative = next(g for g in plan.goals if g.kind == "qualitative")
    extra = replace(qualitative, id="berre-i-denne-planen")
    given = replace(plan, goals=[*plan.goals, extra])
    entry = service.record_status(session, extra.id, "in_progress", user=editor, plan=given)
    assert entry.item_kind == "goal"
    with pytest.raises(UnknownItemError):
        service.record_status(session, extra.id, "in_progress", user=editor, plan=plan)
    region = active_region()
    member = replace(region.members[0], name="Ein annan stad")
    other = replace(region, members=(member, *region.members[1:]))
    service.record_figure(session, indicator_goal, 5, period=2024, source_name="Kjelda", user=editor,
                          region_code=member.code, plan=plan, region=other)
    series = service.figure_series(session, indicator_goal, other)
    assert list(series["region_name"]) == ["Ein annan stad"]
