"""A region with members only runs offline: a region.toml with `id`, `name` and `[[members]]` and no plan runs
every page and the command line; the pages of the plan say plainly that no plan is loaded and how to add one
(the plan keys of the region file), and municipalities without figures in the snapshot are said, not drawn."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from members_only_fixture import EXAMPLE, members_only_file
from region_fixture import shared_cache
from streamlit.testing.v1 import AppTest

from indicators.cli import main
from indicators.goals import load_plan
from indicators.plan_actions import load_actions
from indicators.regions import NoPlanError, RegionFileError, load_region
from tests import written_once
from tests.apptest_harness import key_figures
from ui.navigation import PAGE_TABLE

ROOT = Path(__file__).resolve().parent.parent
PLAN_PAGES = {"oversikt", "handlingsprogram", "motemodus", "rapportering"}
NO_PLAN = "Ingen plan er lasta"


def _shared_region(folder: Path, region_file: Path | None = None, **region: object) -> tuple[Path, str]:
    """A members-only region file in `folder` (or `region_file`) and its own database (a members-only region
    migrates: no plan files to import statuses from), made once per module: the tests here only read them."""
    region_file = region_file or members_only_file(folder, **region)  # type: ignore[arg-type]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REGION_CONFIG", str(region_file))
        return region_file, written_once.migrated_sqlite(folder / "followup.sqlite3")


def _use(monkeypatch, shared: tuple[Path, str], cache: Path | None = None) -> Path:
    """The region and its database made active, with `cache` or the test region's synthetic cache (written once per
    process; the tests only read it, so the app's caches keyed on the folder are shared as between a server's
    sessions)."""
    region_file, database = shared
    monkeypatch.setenv("REGION_CONFIG", str(region_file))
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(cache or shared_cache()))
    monkeypatch.setenv("DATABASE_URL", database)
    return region_file


@pytest.fixture(scope="module")
def _members_only(tmp_path_factory) -> tuple[Path, str]:
    return _shared_region(tmp_path_factory.mktemp("members-only"))


@pytest.fixture(scope="module")
def _without_figures(tmp_path_factory) -> tuple[Path, str]:
    return _shared_region(tmp_path_factory.mktemp("without-figures"), members={"9811": "Utanfor", "9812": "Ingenstad"},
                          name="Taldal")


@pytest.fixture(scope="module")
def _example(tmp_path_factory) -> tuple[Path, str]:
    """The shipped members-only example (Valdres) with its own database."""
    return _shared_region(tmp_path_factory.mktemp("example"), EXAMPLE)


@pytest.fixture
def members_only(_members_only, monkeypatch) -> Path:
    """The made-up region's three municipalities as a members-only file, with the synthetic cache."""
    return _use(monkeypatch, _members_only)


@pytest.fixture
def without_figures(_without_figures, monkeypatch) -> Path:
    """A members-only region whose municipalities the cache has no figures for."""
    return _use(monkeypatch, _without_figures)


# --- the domain ---------------------------------------------------------------------------------------------


def test_a_region_file_without_a_plan_is_a_region_without_a_plan(tmp_path):
    region = load_region(members_only_file(tmp_path))
    assert not region.has_plan
    assert region.plan is None and region.plan_dir is None
    assert region.member_codes == ("9901", "9902", "9903")
    with pytest.raises(NoPlanError, match="plan_dir"):
        region.plan_file("goals.toml")


def test_the_plan_files_of_a_region_without_a_plan_are_empty(members_only):
    plan = load_plan()
    assert (plan.areas, plan.goals, plan.problems) == ([], [], [])
    assert not plan.loaded
    assert NO_PLAN in plan.no_plan and "goals.toml" in plan.no_plan
    result = load_actions()
    assert result.frame.empty and result.problems == []
    assert list(result.frame.columns)[:3] == ["number", "area", "subheading"]


def test_plan_dir_without_plan_is_refused_with_a_message(tmp_path):
    path = members_only_file(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace('name = "Kommunedalen"',
                                                             'name = "Kommunedalen"\nplan_dir = "plan"'),
                    encoding="utf-8")
    with pytest.raises(RegionFileError, match="plan_dir"):
        load_region(path)


def test_a_region_with_a_plan_still_has_one():
    region = load_region(ROOT / "plan" / "region.toml")
    assert region.has_plan and region.plan is not None
    assert region.plan_file("goals.toml").exists()


# --- the command line ---------------------------------------------------------------------------------------


def test_status_json_gives_an_empty_goal_list(members_only, capsys):
    assert main(["status", "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == []
    assert NO_PLAN in err


def test_status_with_actions_gives_an_empty_list(members_only, capsys):
    assert main(["status", "--json", "--actions"]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize("argv", [
    ["export", "population_total", "--region", "berre-kommunar"],
    ["export", "working_age_population", "--region", "berre-kommunar", "--ages", "20-64"],
    ["export", "jobs_total", "--region", "9902"],
])
def test_the_figures_export_for_a_region_without_a_plan(members_only, capsys, argv):
    assert main(argv) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "berre-kommunar" in out or "9902" in out


def test_the_action_export_is_empty_not_an_error(members_only, capsys):
    assert main(["export", "actions"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1  # the header only


def test_the_report_says_no_plan_is_loaded(members_only, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_CHROMIUM", str(tmp_path / "no-browser"))  # tables only: fast
    output = tmp_path / "rapport.html"
    assert main(["report", "--output", str(output)]) == 0, capsys.readouterr().err
    html = output.read_text(encoding="utf-8")
    assert f"{NO_PLAN} for Kommunedalen" in html
    assert "plan_dir" in html and "goals.toml" in html
    assert "Planen har 0 resultatmål" not in html


def test_the_shipped_example_runs_the_command_line(_example, monkeypatch, capsys):
    _use(monkeypatch, _example, ROOT / "data_cache")
    region = load_region(EXAMPLE)
    assert region.id == "valdres" and not region.has_plan and len(region.members) == 6
    assert main(["status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


# --- the pages ----------------------------------------------------------------------------------------------


def _run(entry) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.run()
    if entry != PAGE_TABLE[0]:
        at.switch_page(entry.file)
        at.run()
    return at


def _said(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("info", "warning", "error", "markdown", "code")
                     for e in at.get(kind))


@pytest.mark.parametrize("entry", PAGE_TABLE, ids=[entry.url_path for entry in PAGE_TABLE])
def test_every_page_runs_for_a_region_without_a_plan(members_only, entry):
    at = _run(entry)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    said = _said(at)
    if entry.url_path in PLAN_PAGES:
        info = " ".join(str(e.value) for e in at.info)
        assert f"{NO_PLAN} for Kommunedalen" in info
        assert "plan_dir" in said and "goals.toml" in said and "actions.csv" in said  # how to add one
        assert not at.dataframe and not at.get("plotly_chart")  # no empty tables or charts
        assert not at.multiselect and not at.button  # no empty pickers, no buttons that do nothing
    else:
        assert "Datagrunnlaget har ingen tal" not in said


@pytest.mark.parametrize("path", ["folketal", "arbeidsplassar"])
def test_the_chart_pages_draw_the_figures_without_a_plan(members_only, path):
    entry = next(e for e in PAGE_TABLE if e.url_path == path)
    at = _run(entry)
    assert not at.exception
    assert at.get("plotly_chart")  # the figures and comparisons are there
    if path == "arbeidsplassar":
        assert any("Ingen plan er lasta for Kommunedalen, så det er ikkje noko mål" in str(e.value) for e in at.info)


@pytest.mark.parametrize("path", ["folketal", "arbeidsplassar"])
def test_municipalities_without_figures_are_said_not_drawn(without_figures, path):
    entry = next(e for e in PAGE_TABLE if e.url_path == path)
    at = _run(entry)
    assert not at.exception, at.exception
    warning = " ".join(str(e.value) for e in at.warning)
    assert "Datagrunnlaget har ingen tal for Taldal" in warning
    assert "Utanfor (9811)" in warning and "Ingenstad (9812)" in warning
    assert not at.get("plotly_chart") and not at.metric and not key_figures(at)  # never a number


def test_part_time_page_without_a_plan_shows_the_context_only(members_only):
    entry = next(e for e in PAGE_TABLE if e.url_path == "deltidsinnbyggjarar")
    at = _run(entry)
    assert not at.exception
    assert any("føresetnadene for å rekne ut deltidsinnbyggjarar" in str(e.value) for e in at.info)
    assert not at.text_input  # no assumptions to edit


def test_the_app_title_of_a_region_without_a_plan(members_only):
    from indicators.present import texts
    from indicators.present.export import app_name
    from indicators.present.texts import common

    assert texts.fill(common.APP_TITLE_NO_PLAN) == "Kommunedalen i tal"
    assert app_name() == "Kommunedalen-dashbordet"


def test_the_shipped_example_says_plainly_that_the_projection_is_not_there(_example, monkeypatch):
    """SSB's projection is in the snapshot for Hallingdal only: a members-only region (the shipped Valdres) gets
    the plain sentence, not an empty chart and not a projection worked out here (issue 23)."""
    from indicators.present import texts
    from indicators.present.texts import population as population_words

    _use(monkeypatch, _example, ROOT / "data_cache")
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params["section"] = population_words.SECTION_PROJECTION
    at.run()
    at.switch_page("pages/folketal.py")
    at.run()
    assert not at.exception, at.exception
    assert [str(i.value) for i in at.info] == [texts.fill(population_words.NO_PROJECTION, name="Valdres")]
    assert not at.get("plotly_chart")
