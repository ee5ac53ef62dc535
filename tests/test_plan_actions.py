"""The action programme: the real plan/actions.csv, validation of a broken file, filters and exports."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from indicators.cli import _export_spec
from indicators.goals import load_plan
from indicators.plan_actions import (
    ActionsFileError,
    TimeSpan,
    display_table,
    filter_actions,
    load_actions,
    parse_time,
    plan_areas,
    responsible_bodies,
    split_bodies,
    status_counts,
    year_options,
)
from indicators.present.export import table_excel_bytes, to_csv_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "plan"
TWO_AREAS = FIXTURES / "goals_two_areas.toml"


# --- the real file ----------------------------------------------------------------------------------------

def test_real_action_programme_has_all_61_items_in_every_area():
    result = load_actions()
    assert result.problems == []
    frame = result.frame
    assert frame["number"].tolist() == list(range(1, 62))
    assert set(frame["area"]) == {a.id for a in load_plan().areas}
    assert (frame["text"].str.len() > 10).all()
    assert frame["time"].map(parse_time).map(lambda s: s.annual or s.start is not None).all()


def test_real_action_programme_area_boundaries_follow_the_plan():
    # The plan's headings: Næringsliv 1–20, Infrastruktur 21–29, Klima og miljø 30–41,
    # Attraktivitet og omdømme 42–50, Tenesteutvikling 51–61.
    frame = load_actions().frame
    first_last = frame.groupby("area")["number"].agg(["min", "max"]).to_dict("index")
    assert first_last == {
        "naeringsliv": {"min": 1, "max": 20},
        "infrastruktur": {"min": 21, "max": 29},
        "klima": {"min": 30, "max": 41},
        "attraktivitet": {"min": 42, "max": 50},
        "tenesteutvikling": {"min": 51, "max": 61},
    }


def test_export_offers_the_action_programme_as_a_plan_table():
    spec = _export_spec("actions")
    assert spec.tidy is False
    assert spec.title == "Handlingsprogram"
    table = spec.compute(region=None)
    assert len(table) == 61
    assert {"area_name", "status_label"} <= set(table.columns)
    assert table.loc[table["number"] == 30, "area_name"].item() == "Klima og miljø"


# --- validation -------------------------------------------------------------------------------------------

@pytest.fixture
def broken():
    return load_actions(FIXTURES / "actions_broken.csv", goals_path=TWO_AREAS)


def _problem(result, row: int) -> str:
    found = [str(p) for p in result.problems if p.row == row]
    assert len(found) == 1, found
    return found[0]


def test_good_rows_still_load(broken):
    assert broken.frame["number"].tolist() == [1, 7]
    first = broken.frame.iloc[0]
    assert first["status"] == "in_progress"
    assert first["reviewed"] == "2024-05-02"
    assert broken.frame.iloc[1]["status"] == "not_assessed"  # empty status means not assessed
    assert broken.frame.iloc[1]["text"] == "Eit tiltak med komma, rett sitert"


def test_unknown_area(broken):
    message = _problem(broken, 3)
    assert message.startswith("actions_broken.csv, rad 3 (tiltak 2):")
    assert "ukjend innsatsområde «turisme»" in message


def test_bad_status(broken):
    message = _problem(broken, 4)
    assert "(tiltak 3)" in message
    assert "ugyldig status «ferdig»" in message


def test_bad_time(broken):
    message = _problem(broken, 5)
    assert "(tiltak 4)" in message
    assert "ugyldig tid «snart»" in message


def test_bad_review_date(broken):
    message = _problem(broken, 6)
    assert "(tiltak 5)" in message
    assert "2024-13-01" in message
    assert "ÅÅÅÅ-MM-DD" in message


def test_duplicate_number(broken):
    message = _problem(broken, 7)
    assert "tiltak nummer 1 står to gonger" in message


def test_missing_text(broken):
    message = _problem(broken, 8)
    assert "(tiltak 6)" in message
    assert "manglar tekst" in message


def test_missing_required_column_is_an_error(tmp_path):
    path = tmp_path / "actions.csv"
    path.write_text("number,area,time\n1,klima,2022\n", encoding="utf-8")
    with pytest.raises(ActionsFileError, match="manglar kolonne.*text"):
        load_actions(path, goals_path=TWO_AREAS)


def test_file_not_utf8_is_an_error(tmp_path):
    path = tmp_path / "actions.csv"
    path.write_bytes("number,area,text\n1,klima,Påverke bøndene\n".encode("latin-1"))
    with pytest.raises(ActionsFileError, match="UTF-8"):
        load_actions(path, goals_path=TWO_AREAS)


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(ActionsFileError, match="Finn ikkje"):
        load_actions(tmp_path / "nope.csv", goals_path=TWO_AREAS)


def test_excel_semicolon_csv_with_bom_loads(tmp_path):
    path = tmp_path / "actions.csv"
    path.write_text("number;area;text;time;status\n1;klima;Sortering, alt avfall;2023;\n", encoding="utf-8-sig")
    result = load_actions(path, goals_path=TWO_AREAS)
    assert result.problems == []
    assert result.frame.iloc[0]["text"] == "Sortering, alt avfall"


def test_unknown_column_is_reported_and_rows_still_load(tmp_path):
    path = tmp_path / "actions.csv"
    path.write_text("number,area,text,status,colour\n1,klima,Tiltak,,raud\n", encoding="utf-8")
    result = load_actions(path, goals_path=TWO_AREAS)
    assert len(result.frame) == 1
    assert [str(p) for p in result.problems] == ["actions.csv, rad 1: ukjend kolonne: colour"]


# --- time, bodies, filters --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022", TimeSpan(2022, 2022)),
        ("2021-2024", TimeSpan(2021, 2024)),
        ("2022 – 2025", TimeSpan(2022, 2025)),
        ("Årleg", TimeSpan(annual=True)),
        ("årleg", TimeSpan(annual=True)),
        ("Innan mai 2022", TimeSpan(2022, 2022)),
        ("", TimeSpan()),
    ],
)
def test_parse_time(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["snart", "2025-2022", "22", "2022/23", "Årleg 2022"])
def test_parse_time_rejects(text):
    with pytest.raises(ValueError, match="ugyldig tid|urimeleg"):
        parse_time(text)


def test_split_bodies():
    assert split_bodies("A, B og C") == ["A", "B", "C"]
    assert split_bodies("RR/ kommune") == ["RR", "kommune"]
    assert split_bodies("Hallingdal etablerersenter") == ["Hallingdal etablerersenter"]
    assert split_bodies("") == []


@pytest.fixture
def sample() -> pd.DataFrame:
    result = load_actions(FIXTURES / "actions_filters.csv", goals_path=TWO_AREAS)
    assert result.problems == []
    return result.frame


def numbers(frame: pd.DataFrame) -> list[int]:
    return frame["number"].tolist()


def test_year_filter_understands_spans_annual_and_innan(sample):
    assert numbers(filter_actions(sample, years=[2023])) == [2, 3]
    assert numbers(filter_actions(sample, years=[2022])) == [1, 2, 3, 5]
    assert numbers(filter_actions(sample, years=[2021])) == [3, 4]
    assert numbers(filter_actions(sample, years=[2021, 2025])) == [2, 3, 4]


def test_area_status_and_empty_selection_filters(sample):
    assert numbers(filter_actions(sample, areas=["klima"])) == [4, 5, 6]
    assert numbers(filter_actions(sample, statuses=["not_assessed"])) == [3, 5, 6]
    assert numbers(filter_actions(sample, areas=[], statuses=None)) == [1, 2, 3, 4, 5, 6]


def test_responsible_filter_splits_lists_and_ignores_case(sample):
    assert numbers(filter_actions(sample, responsible=["RR"])) == [1, 2, 5]
    assert numbers(filter_actions(sample, responsible=["Kommune"])) == [4, 5, 6]
    assert numbers(filter_actions(sample, responsible=["Næringsforum"])) == [2]


def test_text_search_needs_every_word(sample):
    assert numbers(filter_actions(sample, text="KLIMAPLAN")) == [4]
    assert numbers(filter_actions(sample, text="viken")) == [4]  # involvement is searched too
    assert numbers(filter_actions(sample, text="finansiering")) == [3]  # and remarks
    assert numbers(filter_actions(sample, text="klimaplan sykkel")) == []


def test_filters_combine(sample):
    assert numbers(filter_actions(sample, areas=["naeringsliv"], years=[2024], responsible=["RR"])) == [2]


def test_status_counts_list_every_status(sample):
    # an action «achieved» in the file (before the action statuses) counts as «Gjennomført»
    assert status_counts(sample) == {"not_assessed": 3, "not_started": 1, "in_progress": 1, "postponed": 0,
                                     "completed": 1, "cancelled": 0}
    assert set(status_counts(sample.iloc[0:0]).values()) == {0}


def test_responsible_bodies_are_distinct_and_sorted(sample):
    assert responsible_bodies(sample) == ["HNH", "Kommune", "Næringsforum", "RR", "UE"]


def test_year_options_cover_the_plan_period_and_every_due_year(sample):
    assert year_options(sample) == [2021, 2022, 2023, 2024, 2025]


def test_year_options_take_the_plan_period_from_the_region_file(sample, tmp_path, monkeypatch):
    region_file = tmp_path / "region.toml"
    region_file.write_text(
        'id = "testdal"\nname = "Testdal"\nplan = { name = "Plan for Testdal", start = 2026, end = 2029 }\n'
        '[[members]]\ncode = "9901"\nname = "Aust"\n', encoding="utf-8",
    )
    monkeypatch.setenv("REGION_CONFIG", str(region_file))
    assert year_options(sample.iloc[0:0]) == [2026, 2027, 2028, 2029]
    assert year_options(sample.iloc[0:0], (2030, 2031)) == [2030, 2031]


def test_load_actions_takes_the_areas_it_is_handed(sample):
    result = load_actions(FIXTURES / "actions_filters.csv", areas=plan_areas(TWO_AREAS))
    assert result.problems == []
    assert result.frame["number"].tolist() == sample["number"].tolist()


# --- display and exports ----------------------------------------------------------------------------------

def test_display_table_has_nynorsk_headers_and_names(sample):
    table = display_table(sample, plan_areas(TWO_AREAS))
    assert list(table.columns[:4]) == ["Nr.", "Innsatsområde", "Tema", "Tiltak"]
    assert table.loc[table["Nr."] == 4, "Status"].item() == "Gjennomført"  # «Nådd» is the goals' word
    assert table.loc[table["Nr."] == 4, "Innsatsområde"].item() == "Klima og miljø"
    assert table.loc[table["Nr."] == 4, "Sist vurdert"].item() == "1. februar 2024"  # 2024-02-01 in the file
    assert table.loc[table["Nr."] == 1, "Sist vurdert"].item() == ""  # never reviewed: empty, not "ukjend"


def test_csv_and_excel_exports_round_trip(sample):
    table = display_table(sample, plan_areas(TWO_AREAS))
    data = to_csv_bytes(table)
    assert data.startswith("\ufeff".encode())
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert back["Tiltak"].tolist() == table["Tiltak"].tolist()
    workbook = openpyxl.load_workbook(io.BytesIO(table_excel_bytes(table, "Handlingsprogram")))
    sheet = workbook["Handlingsprogram"]
    assert [c.value for c in sheet[1]][:4] == ["Nr.", "Innsatsområde", "Tema", "Tiltak"]
    assert sheet.max_row == len(table) + 1
    assert sheet["D2"].value == "Starte sykkelprosjekt"


def test_excel_export_stores_every_text_cell_as_text(sample):
    """An item text starting with "=" (or "+", "@") is what the secretariat typed, never a live formula."""
    table = display_table(sample, plan_areas(TWO_AREAS))
    table.loc[0, "Tiltak"] = '=HYPERLINK("http://x","klikk")'
    table.loc[1, "Merknad"] = "+47 99 99 99 99"
    table.loc[2, "Ansvar"] = "RR\x01"  # a control character openpyxl cannot store
    sheet = openpyxl.load_workbook(io.BytesIO(table_excel_bytes(table, "Handlingsprogram")))["Handlingsprogram"]
    text_cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)]
    assert text_cells
    assert all(cell.data_type == "s" for cell in text_cells)
    assert sheet["D2"].value == '=HYPERLINK("http://x","klikk")'
    assert sheet["H3"].value == "+47 99 99 99 99"
    assert sheet["F4"].value == "RR"
    assert sheet["A2"].value == table.loc[0, "Nr."]  # numbers stay numbers
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold


# --- the focus areas come from the goals file's own loader ----------------------------------------------------

def test_plan_areas_are_the_areas_load_plan_accepts(tmp_path):
    """An area the goals loader rejects (no name, a misspelt key) is not a valid area for an action either."""
    path = tmp_path / "goals.toml"
    path.write_text(
        '[[areas]]\nid = "klima"\nname = "Klima og miljø"\n\n'
        '[[areas]]\nid = "utan-namn"\n\n'
        '[[areas]]\nid = "skrivefeil"\nnamn = "Skrivefeil"\n',
        encoding="utf-8",
    )
    assert plan_areas(path) == {a.id: a.name for a in load_plan(path).areas} == {"klima": "Klima og miljø"}


def test_plan_areas_of_a_broken_goals_file_is_an_actions_file_error(tmp_path):
    path = tmp_path / "goals.toml"
    path.write_text("[[areas]\nid = ", encoding="utf-8")
    with pytest.raises(ActionsFileError, match="ikkje gyldig TOML"):
        plan_areas(path)
    with pytest.raises(ActionsFileError, match="Finn ikkje fila"):
        plan_areas(tmp_path / "finst-ikkje.toml")
