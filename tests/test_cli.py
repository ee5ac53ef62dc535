import io
import json
import subprocess
import sys
from html import escape as html_escape
from pathlib import Path

import pandas as pd
import pytest

from indicators.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run_cli(args, capsys):
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_status_json_lists_every_goal_with_required_fields(tiny_cache, capsys):
    code, out, _ = run_cli(["status", "--json"], capsys)
    assert code == 0
    records = json.loads(out)
    ids = [r["id"] for r in records]
    assert "attr-yrkesaktiv-alder" in ids
    assert len(ids) == len(set(ids))
    for record in records:
        required = {"id", "area", "title", "kind", "status", "baseline", "latest", "target", "unit", "source"}
        assert required <= set(record)
        assert record["kind"] in ("indicator", "qualitative")
    working_age = next(r for r in records if r["id"] == "attr-yrkesaktiv-alder")
    assert working_age["baseline"]["period"] == 2022
    assert working_age["latest"]["period"] == 2023  # the tiny cache ends in 2023
    assessment = working_age["assessment"]  # the branch and the numbers behind the status
    assert assessment["method"] == "target" and assessment["base_period"] == 2022
    assert assessment["requested_base_period"] == 2022 and assessment["explanation"]
    assert {"observed_rate", "required_rate", "ratio", "progress_value"} <= set(assessment)


def test_export_csv_to_stdout_has_required_columns(tiny_cache, capsys):
    code, out, _ = run_cli(["export", "working_age_population", "--region", "3326", "--ages", "15-74"], capsys)
    assert code == 0
    frame = pd.read_csv(io.StringIO(out))
    assert {"region_code", "region_name", "period", "value"} <= set(frame.columns)
    assert set(frame["region_code"].astype(str)) == {"3326"}
    assert frame[frame["period"] == 2021]["value"].iloc[0] == 60 * 2 * 4


def test_export_xlsx_writes_data_and_metadata(tiny_cache, tmp_path, capsys):
    target = tmp_path / "out.xlsx"
    code, _, _ = run_cli(["export", "population_total", "--format", "xlsx", "--output", str(target)], capsys)
    assert code == 0
    sheets = pd.read_excel(target, sheet_name=None, header=None)
    assert {"Data", "Metadata"} <= set(sheets)
    data = pd.read_excel(target, sheet_name="Data")
    assert {"region_code", "region_name", "period", "value"} <= set(data.columns)
    metadata = sheets["Metadata"].astype(str).to_string()
    assert "07459" in metadata and "Kjelde: Statistisk sentralbyrå" in metadata


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "nope"], "Ukjend indikator «nope»"),
        (["export", "population_total", "--region", "9999"], "Ukjend regionkode «9999»"),
        (["export", "working_age_population", "--ages", "64-20"], "Ugyldig aldersgruppe"),
        (["export", "population_total", "--ages", "20-64"], "har ikkje aldersval"),
    ],
)
def test_export_bad_input_gives_nynorsk_error_and_exit_code(tiny_cache, capsys, args, message):
    code, _, err = run_cli(args, capsys)
    assert code == 2
    assert message in err


PROJECTION_ROWS = "".join(
    f"{code},{year},projection,{1000 + i * 10 + year - 2030}\n"
    for i, code in enumerate(["0615", "3040", "3324", "0618", "3328", "3330"])  # old codes too
    for year in (2030, 2031)
)


def test_import_csv_then_bad_import_keeps_data(tiny_cache, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text("region_code,period,series,value\n" + PROJECTION_ROWS)
    code, out, err = run_cli(["import-csv", str(good), "--dataset", "population_projection", "--table", "14288"],
                             capsys)
    assert code == 0, err
    from indicators.cache import read_dataset

    frame = read_dataset("population_projection").frame
    assert sorted(set(frame["region_code"])) == ["3320", "3322", "3324", "3326", "3328", "3330"]
    assert frame[(frame["region_code"] == "3320") & (frame["period"] == 2031)]["value"].tolist() == [1001.0]
    bad = tmp_path / "bad.csv"
    bad.write_text("region_code,period,series,value\n" + PROJECTION_ROWS.replace("1001", "mange"))
    code, _, err = run_cli(["import-csv", str(bad), "--dataset", "population_projection"], capsys)
    assert code == 1
    assert "Ugyldig tal «mange»" in err and "uendra" in err
    assert read_dataset("population_projection").frame.equals(frame)


@pytest.mark.parametrize(
    ("dataset", "content", "message"),
    [
        ("population_projection", "region_code,period,series,value\n3320,2030,projection,5\n", "manglar tal for"),
        ("population_projection", "region_code,period,series,value\nhallingdal,2030,projection,5\n"
         + PROJECTION_ROWS, "summen av dei seks"),
        ("population", "region_code,period,sex,age,value\n"
         + "".join(f"{c},2024,total,20-64,500\n" for c in ("3320", "3322", "3324", "3326", "3328", "3330")),
         "ugyldig alder «20-64»"),
        ("population", "region_code,period,sex,age,value\n"
         + "".join(f"{c},2024,alle,20,500\n" for c in ("3320", "3322", "3324", "3326", "3328", "3330")),
         "ukjend verdi i kolonna sex: «alle»"),
        ("jobs_by_industry", "region_code,period,industry,value\n3320,2024,01-03,5\n", "industry_name"),
    ],
)
def test_import_csv_rejects_what_the_app_cannot_use_and_keeps_the_old_data(tiny_cache, tmp_path, capsys,
                                                                           dataset, content, message):
    before = {p.name: p.read_bytes() for p in (tiny_cache / "population").iterdir()}
    bad = tmp_path / "bad.csv"
    bad.write_text(content)
    code, _, err = run_cli(["import-csv", str(bad), "--dataset", dataset], capsys)
    assert code == 1
    assert message in err
    assert {p.name: p.read_bytes() for p in (tiny_cache / "population").iterdir()} == before


POPULATION_ROWS = "".join(
    f"{c},2024,{sex},{age},1\n" for c in ("3320", "3322", "3324", "3326", "3328", "3330")
    for sex in ("female", "male", "total") for age in range(106)
)


def test_a_complete_population_file_passes_the_indicator_check(tiny_cache, tmp_path, capsys):
    good = tmp_path / "population.csv"
    good.write_text("region_code,period,sex,age,value\n" + POPULATION_ROWS)
    code, _, err = run_cli(["import-csv", str(good), "--dataset", "population"], capsys)
    assert code == 0, err


def test_an_import_that_breaks_an_indicator_is_rejected_before_it_replaces_anything(tiny_cache, tmp_path, capsys,
                                                                                   monkeypatch):
    from indicators import registry

    def broken(region=None, cache_directory=None):
        raise ValueError("kan ikkje summere")

    spec = registry.IndicatorSpec(id="probe", title="t", unit="", datasets=("population",), compute=broken)
    monkeypatch.setattr(registry, "_registry", {**registry.all_indicators(), "probe": spec})
    before = (tiny_cache / "population" / "data.csv").read_bytes()
    good = tmp_path / "population.csv"
    good.write_text("region_code,period,sex,age,value\n" + POPULATION_ROWS)
    code, _, err = run_cli(["import-csv", str(good), "--dataset", "population"], capsys)
    assert code == 1 and "indikatoren «probe» feila: kan ikkje summere" in err
    assert (tiny_cache / "population" / "data.csv").read_bytes() == before


def test_import_csv_maps_old_workplace_codes_in_commuting(tiny_cache, tmp_path, capsys):
    rows = "".join(f"{c},2022,0617,Gol,7\n" for c in ("3320", "3322", "3324", "3326", "3328", "3330"))
    good = tmp_path / "commuting.csv"
    good.write_text("region_code,period,workplace_code,workplace_name,value\n" + rows)
    code, _, err = run_cli(["import-csv", str(good), "--dataset", "commuting"], capsys)
    assert code == 0, err
    from indicators.cache import read_dataset

    assert set(read_dataset("commuting").frame["workplace_code"]) == {"3324"}


def test_import_csv_rejects_unknown_municipality(tiny_cache, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("region_code,period,series,value\n0301,2030,projection,5\n")
    code, _, err = run_cli(["import-csv", str(bad), "--dataset", "population_projection"], capsys)
    assert code == 1 and "ukjende regionkodar 0301" in err


def test_module_entry_point_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "indicators", "status", "--region", "nowhere"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "Ukjend regionkode «nowhere»" in result.stderr


def test_import_emissions_reads_a_hallingdal_file_and_rejects_oslo(tmp_path, capsys):
    from tests.emission_workbooks import synthetic_rows, write_format_a

    cache_dir = tmp_path / "cache"
    hol = write_format_a(tmp_path / "Utslippsregnskap_Hol.xlsx", municipality="Hol")
    code, out, _ = run_cli(["import-emissions", str(hol), "--cache-dir", str(cache_dir)], capsys)
    assert code == 0, out
    from indicators.cache import read_dataset

    stored = read_dataset("emissions", cache_dir).frame
    assert set(stored["region_code"]) == {"3330"}
    expected_2009 = sum(r[4] for r in synthetic_rows() if r[0] == 2009)
    assert round(stored[stored["period"] == 2009]["value"].sum(), 1) == round(expected_2009, 1)
    before = (cache_dir / "emissions" / "data.csv").read_bytes()

    oslo = write_format_a(tmp_path / "Utslippsregnskap_Oslo.xlsx", municipality="Oslo")
    code, _, err = run_cli(["import-emissions", str(oslo), "--cache-dir", str(cache_dir)], capsys)
    assert code == 1
    assert "Oslo" in err and "uendra" in err
    assert (cache_dir / "emissions" / "data.csv").read_bytes() == before


def test_refresh_emissions_without_address_explains_the_manual_way(tmp_path, capsys, monkeypatch):
    from indicators.sources import miljodirektoratet

    settings = tmp_path / "sources.toml"
    settings.write_text('[emissions]\ndownload_urls = []\n', encoding="utf-8")
    monkeypatch.setattr(miljodirektoratet.refresh_emissions, "__defaults__", (settings, None, None))
    code, out, _ = run_cli(["refresh", "emissions", "--cache-dir", str(tmp_path)], capsys)
    assert code == 1
    assert "import-emissions" in out and "miljodirektoratet.no" in out
    assert not (tmp_path / "emissions").exists()


def test_cache_dir_option_does_not_leak_into_the_process(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DASHBOARD_CACHE_DIR", raising=False)
    run_cli(["refresh", "emissions", "--cache-dir", str(tmp_path)], capsys)
    import os

    assert "DASHBOARD_CACHE_DIR" not in os.environ


def test_report_writes_a_self_contained_html_with_every_goal(tiny_cache, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DASHBOARD_CHROMIUM", str(tmp_path / "no-browser"))  # fast path: tables, no charts
    target = tmp_path / "rapport.html"
    code, _, err = run_cli(["report", "--region", "3326", "--output", str(target)], capsys)
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    from indicators.goals import load_plan

    for goal in load_plan().goals:
        assert html_escape(goal.label) in html
    assert "Hemsedal" in html and "<script" not in html.lower()


def test_export_of_data_that_must_be_imported_first_says_how(tiny_cache, capsys):
    code, out, err = run_cli(["export", "emissions_by_sector"], capsys)
    assert code == 1 and out == ""
    assert "import-emissions" in err


def test_old_municipality_codes_are_accepted(tiny_cache, capsys):
    code, out, _ = run_cli(["export", "population_total", "--region", "0618"], capsys)
    assert code == 0
    assert set(pd.read_csv(io.StringIO(out))["region_code"].astype(str)) == {"3326"}
    code, out, _ = run_cli(["status", "--json", "--region", "3042"], capsys)
    assert code == 0 and json.loads(out)[0]["region"] == "3326"


def test_export_to_an_unwritable_path_gives_a_message_not_a_traceback(tiny_cache, tmp_path, capsys):
    for fmt in ("csv", "xlsx"):
        code, _, err = run_cli(["export", "population_total", "--format", fmt, "-o",
                                str(tmp_path / "missing" / f"x.{fmt}")], capsys)
        assert code == 1 and "Kunne ikkje skrive fila" in err


def test_the_first_release_environment_names_still_work(monkeypatch, tmp_path):
    from indicators import cache, settings
    from indicators.present import images

    monkeypatch.delenv(settings.CACHE_DIR, raising=False)
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path))
    assert cache.cache_dir() == tmp_path
    monkeypatch.setenv(settings.CACHE_DIR, str(tmp_path / "neutral"))
    assert cache.cache_dir() == tmp_path / "neutral"  # the neutral name wins
    monkeypatch.delenv(settings.CHROMIUM, raising=False)
    monkeypatch.setenv("HALLINGDAL_CHROMIUM", "/opt/chromium")
    assert str(images.browser_path()) == "/opt/chromium"


def test_cli_csv_export_carries_provenance_and_is_inert_for_spreadsheets(tiny_cache, tmp_path, capsys):
    from indicators.cache import read_dataset, write_dataset
    from indicators.model import Dataset

    dataset = read_dataset("population", tiny_cache)
    frame = dataset.frame.copy()
    frame["region_name"] = frame["region_name"].astype(object)
    frame.loc[frame["region_code"] == frame["region_code"].iloc[0], "region_name"] = (
        '=HYPERLINK("https://evil.example","klikk")'
    )
    write_dataset(Dataset(frame, dataset.provenance), tiny_cache)
    output = tmp_path / "folketal.csv"
    assert main(["export", "population_total", "--format", "csv", "--output", str(output)]) == 0
    text = output.read_text(encoding="utf-8-sig")
    header = text.splitlines()[0].split(",")
    # the tiny cache's source states no publication date: no empty column for it (the metadata says why)
    assert header[-2:] == ["source", "retrieved"]
    assert "test, tabell 07459" in text
    assert "'=HYPERLINK" in text  # the web's writer: a leading apostrophe keeps it text
    assert text.count("=HYPERLINK") == text.count("'=HYPERLINK")


def _projection_csv(value: str = "5", period: str = "2030") -> str:
    codes = ("3320", "3322", "3324", "3326", "3328", "3330")
    return "region_code,period,series,value\n" + "".join(f"{c},{period},projection,{value}\n" for c in codes)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (_projection_csv(value="-22500"), "kan ikkje vere negativt"),
        (_projection_csv(value="1e12"), "er for stort"),
        (_projection_csv(value="inf"), "uendeleg"),
        (_projection_csv(value="12.5"), "heilt tal"),
        (_projection_csv(period="3026"), "periode 3026 ligg utanfor"),
        (_projection_csv(period="-14995"), "periode -14995 ligg utanfor"),
        ("", "er tom"),
        ("region_code,period,series,value\n", "ingen rader"),
    ],
)
def test_import_csv_refuses_impossible_figures_and_keeps_the_old_data(tiny_cache, tmp_path, capsys, content, message):
    cached = tiny_cache / "population"
    before = {p.name: p.read_bytes() for p in cached.iterdir()}
    bad = tmp_path / "bad.csv"
    bad.write_text(content)
    code, out, err = run_cli(["import-csv", str(bad), "--dataset", "population_projection"], capsys)
    assert code == 1
    assert message in err
    assert "Traceback" not in err
    assert {p.name: p.read_bytes() for p in cached.iterdir()} == before


def test_export_for_a_region_the_dataset_lacks_says_so_and_fails(capsys):
    """The employment extract has no rows for the county: no empty file with exit 0."""
    code = main(["export", "jobs_by_workplace", "--format", "csv", "--region", "33"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Datasettet har ikkje tal for Buskerud" in err
    assert "Traceback" not in err
    assert out == ""


# --- issue 20: CSV for Excel, page names as aliases, the indicator list in --help --------------------------


def test_export_csv_excel_opens_in_columns_in_norwegian_excel(tiny_cache, tmp_path, capsys):
    target = tmp_path / "folketal-excel.csv"
    code, _, _ = run_cli(["export", "population_total", "--format", "csv-excel", "--output", str(target)], capsys)
    assert code == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    header = data.decode("utf-8-sig").split("\r\n")[0]
    assert header.split(";")[:4] == ["Regionkode", "Region", "År", "Verdi"]
    back = pd.read_csv(target, sep=";", decimal=",", encoding="utf-8-sig", dtype={"Regionkode": str})
    tidy = pd.read_csv(io.StringIO(run_cli(["export", "population_total"], capsys)[1]), dtype={"region_code": str})
    assert back["Verdi"].dtype == "int64"  # head counts as integers
    assert back["Verdi"].tolist() == tidy["value"].astype(int).tolist()
    assert back["Regionkode"].tolist() == tidy["region_code"].tolist()


def test_export_csv_excel_to_stdout_is_the_file_as_written(tiny_cache, capfdbinary):
    assert main(["export", "population_total", "--format", "csv-excel"]) == 0
    out = capfdbinary.readouterr().out
    assert out.startswith(b"\xef\xbb\xbfRegionkode;Region;")


@pytest.mark.parametrize("alias, indicator", [("folketal", "population_total"), ("Arbeidsplassar", "jobs_total"),
                                              ("klima", "emissions_total"), ("handlingsprogram", "actions")])
def test_the_page_names_are_aliases_of_their_main_indicator(alias, indicator):
    from indicators.cli import _export_spec

    assert _export_spec(alias).id == indicator


def test_export_by_page_name_writes_the_same_as_by_id(tiny_cache, capsys):
    by_alias = run_cli(["export", "folketal"], capsys)
    by_id = run_cli(["export", "population_total"], capsys)
    assert by_alias[0] == 0 and by_alias[1] == by_id[1]


def test_export_help_lists_every_indicator_on_its_own_line(capsys):
    from indicators.cli import _exportable

    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    lines = out.splitlines()
    for indicator_id, spec in _exportable().items():
        [line] = [x for x in lines if x.strip().startswith(indicator_id + " ")]
        assert spec.title in line
    assert "[folketal]" in out and "csv-excel" in out
