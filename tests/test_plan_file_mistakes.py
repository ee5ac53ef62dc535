"""Issue 12 §6: a mistake in a plan file gives one clear Nynorsk message where it matters, and the pages that do
not need that file keep working. Every page runs through streamlit_app.py on a broken copy of the plan folder."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from indicators import plan_files
from indicators.part_time import PartTimeFileError, plan_defaults
from indicators.plan_actions import ActionsFileError, check_actions_header
from indicators.regions import RegionFileError, load_region
from ui.navigation import PAGE_TABLE

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120
PAGE_IDS = [entry.url_path for entry in PAGE_TABLE]
# What tomllib, the OS and pandas say in English; none of it may reach a message.
ENGLISH = ("Expected", "(at line", "Invalid value", "Errno", "No such file", "No columns", "Error", "Traceback")
# How many charts the pages that need no goals file draw on the fixture cache, over all their sections (tabs).
CHARTS_WITHOUT_GOALS = {"folketal": 5, "arbeidsplassar": 8}  # every chart of the page, goal or not
# Pages that show goals on the fixture data (and so must say why they cannot).
USE_GOALS = {"oversikt", "folketal", "arbeidsplassar", "handlingsprogram", "motemodus", "om"}


@pytest.fixture(scope="module")
def _broken_plans(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, Callable[[Path], object]], Path]:
    """Copies of the plan folder, each broken one way, made once per module: the tests that run every page on the
    same mistake only read it, so they share the folder (and the app's caches keyed on its files, as a server's
    sessions would), and each page's test no longer evaluates the overview's goals anew on a copy of its own."""
    made: dict[str, Path] = {}

    def broken(name: str, breakage: Callable[[Path], object]) -> Path:
        if name not in made:
            folder = tmp_path_factory.mktemp(name) / "plan"
            shutil.copytree(ROOT / "plan", folder)
            breakage(folder)
            made[name] = folder
        return made[name]

    return broken


@pytest.fixture
def broken_plan(_broken_plans, monkeypatch) -> Callable[[str, Callable[[Path], object]], Path]:
    """`broken_plan(name, breakage)`: the plan folder broken by `breakage` (once per module and name), made the
    active region (REGION_CONFIG), as `plan_copy` does for a copy of the test's own."""
    def use(name: str, breakage: Callable[[Path], object]) -> Path:
        folder = _broken_plans(name, breakage)
        monkeypatch.setenv("REGION_CONFIG", str(folder / "region.toml"))
        return folder

    return use


def run_through_dashboard(entry) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.run()
    if entry != PAGE_TABLE[0]:
        at.switch_page(entry.file)
        at.run()
    return at


def charts_in_every_section(at: AppTest) -> int:
    """Every chart of the page: each tab opened in turn by its link (only the open section is drawn)."""
    labels = [tab.label for tab in at.tabs]
    if not labels:
        return len(at.get("plotly_chart"))
    total = 0
    for label in labels:
        at.query_params["section"] = label
        at.run()
        assert not at.exception, (label, at.exception)
        total += len(at.get("plotly_chart"))
    return total


def messages(at: AppTest) -> list[str]:
    """What the page says in boxes and captions (main area and sidebar)."""
    return [str(e.value) for kind in ("error", "warning", "info", "caption") for e in at.get(kind)]


def about(file_name: str, at: AppTest) -> list[str]:
    """The message boxes that speak of `file_name` (captions may name a file in passing)."""
    return [str(e.value) for kind in ("error", "warning", "info") for e in at.get(kind) if file_name in e.value]


def no_english(texts: list[str]) -> list[str]:
    return [t for t in texts if any(word in t for word in ENGLISH)]


# --- goals.toml ----------------------------------------------------------------------------------------------

def _goals_cases() -> list:
    """Every page of the app."""
    return [pytest.param(e, id=e.url_path) for e in PAGE_TABLE]


@pytest.mark.parametrize("entry", _goals_cases())
def test_a_syntax_error_in_the_goals_file_is_one_clear_message_and_other_figures_still_show(broken_plan, entry):
    broken_plan("goals-syntax", lambda plan: (plan / "goals.toml").write_text("[[goals]\nid = ", encoding="utf-8"))
    at = run_through_dashboard(entry)
    assert not at.exception, at.exception
    said = about("goals.toml", at)
    assert len(said) <= 1, messages(at)  # a page that needs no goal says nothing about the file
    if entry.url_path in USE_GOALS:
        assert len(said) == 1, messages(at)
    for text in said:
        assert "linje 1, kolonne 8" in text
        assert "Rett feilen i" in text  # what to do
    assert no_english(messages(at)) == []
    if entry.url_path in CHARTS_WITHOUT_GOALS:
        assert charts_in_every_section(at) == CHARTS_WITHOUT_GOALS[entry.url_path]


@pytest.mark.parametrize("entry", [e for e in PAGE_TABLE if e.url_path in CHARTS_WITHOUT_GOALS],
                         ids=list(CHARTS_WITHOUT_GOALS))
def test_without_a_goals_file_population_and_jobs_still_show_their_figures(broken_plan, entry):
    broken_plan("no-goals", lambda plan: (plan / "goals.toml").unlink())
    at = run_through_dashboard(entry)
    assert not at.exception, at.exception
    said = about("goals.toml", at)
    assert len(said) == 1, messages(at)
    assert "Finn ikkje målfila" in said[0]
    assert charts_in_every_section(at) == CHARTS_WITHOUT_GOALS[entry.url_path]


def test_the_goals_message_names_file_position_and_remedy_in_nynorsk(plan_copy):
    from indicators.goals import GoalFileError, load_plan

    (plan_copy / "goals.toml").write_text('[[areas]]\nid = "a"\nname = oops\n', encoding="utf-8")
    with pytest.raises(GoalFileError) as raised:
        load_plan()
    text = plan_files.explain(raised.value)
    assert text.startswith("Målfila goals.toml er ikkje gyldig TOML (linje 3, kolonne 8: ugyldig verdi")
    assert str(plan_copy / "goals.toml") in text
    assert no_english([text]) == []


# --- actions.csv ---------------------------------------------------------------------------------------------

def _drop_column(path: Path, column: str, delimiter: str = ",") -> None:
    import csv

    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines(), delimiter=","))
    index = rows[0].index(column)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows([c for i, c in enumerate(r) if i != index] for r in rows)


def test_an_actions_file_without_the_status_column_is_an_error_naming_it(plan_copy):
    _drop_column(plan_copy / "actions.csv", "status")
    with pytest.raises(ActionsFileError) as raised:
        check_actions_header(plan_copy / "actions.csv")
    text = str(raised.value)
    assert "manglar kolonna «status»" in text
    assert "Ikkje vurdert" in text  # what would have happened silently
    assert "Rett feilen i" in text


def test_an_excel_semicolon_actions_file_without_the_status_column_is_refused(plan_copy):
    _drop_column(plan_copy / "actions.csv", "status", delimiter=";")
    with pytest.raises(ActionsFileError, match="manglar kolonna «status»"):
        check_actions_header(plan_copy / "actions.csv")


def test_every_missing_required_column_is_named(plan_copy):
    with pytest.raises(ActionsFileError, match="manglar kolonnane «text», «status»"):
        check_actions_header(plan_copy / "actions.csv", header=["number", "area", "time"])


def test_a_header_with_the_required_columns_passes(plan_copy):
    check_actions_header(plan_copy / "actions.csv")
    check_actions_header(plan_copy / "actions.csv", header=["number", "area", "text", "status"])


def test_the_action_page_says_the_status_column_is_missing_instead_of_resetting_every_action(plan_copy):
    _drop_column(plan_copy / "actions.csv", "status")
    at = run_through_dashboard(next(e for e in PAGE_TABLE if e.url_path == "handlingsprogram"))
    assert not at.exception
    said = about("actions.csv", at)
    assert len(said) == 1, messages(at)
    assert "«status»" in said[0]


# --- part_time.toml ------------------------------------------------------------------------------------------

def _without_key(path: Path, key: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith(key)) + "\n", encoding="utf-8")


def test_a_missing_part_time_key_is_an_error_naming_the_key_and_the_remedy(plan_copy):
    _without_key(plan_copy / "part_time.toml", "through_traffic")
    with pytest.raises(PartTimeFileError) as raised:
        plan_defaults()
    text = str(raised.value)
    assert "manglar: through_traffic («Fråtrekk gjennomgangstrafikk»)" in text  # the key and the plan's line
    assert str(plan_copy / "part_time.toml") in text
    assert "Rett feilen i" in text


def test_a_part_time_syntax_error_says_where_in_nynorsk(plan_copy):
    (plan_copy / "part_time.toml").write_text("average_persons_per_day = 46 724\n", encoding="utf-8")
    with pytest.raises(PartTimeFileError) as raised:
        plan_defaults()
    text = str(raised.value)
    assert "part_time.toml er ikkje gyldig TOML (linje 1" in text
    assert no_english([text]) == []


@pytest.mark.parametrize("entry", PAGE_TABLE, ids=PAGE_IDS)
def test_a_missing_part_time_key_breaks_only_the_part_time_figures(broken_plan, entry):
    broken_plan("part-time-key", lambda plan: _without_key(plan / "part_time.toml", "through_traffic"))
    at = run_through_dashboard(entry)
    assert not at.exception, at.exception
    said = about("part_time.toml", at)
    if entry.url_path == "deltidsinnbyggjarar":
        assert len(said) == 1, messages(at)
        assert "manglar: through_traffic" in said[0]
    else:
        assert said == []
    assert no_english(messages(at)) == []


# --- region.toml ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("entry", PAGE_TABLE, ids=PAGE_IDS)
def test_a_broken_region_file_gives_one_message_page_not_a_traceback(broken_plan, entry):
    broken_plan("region-syntax", lambda plan: (plan / "region.toml").write_text('id = "x"\nname = \n',
                                                                                   encoding="utf-8"))
    load_region.cache_clear()
    at = run_through_dashboard(entry)
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1, messages(at)
    assert "Regionfila region.toml er ikkje gyldig TOML (linje 2, kolonne 8" in errors[0]
    assert "Rett feilen i" in errors[0]
    assert no_english(messages(at)) == []


def test_a_region_file_without_members_names_what_is_missing(plan_copy):
    text = (plan_copy / "region.toml").read_text(encoding="utf-8")
    (plan_copy / "region.toml").write_text(text.replace("[[members]]", "[[not_members]]"), encoding="utf-8")
    load_region.cache_clear()
    with pytest.raises(RegionFileError) as raised:
        load_region(plan_copy / "region.toml")
    message = plan_files.explain(raised.value)
    assert "manglar kommunar" in message
    assert "Rett feilen i" in message


def test_a_missing_region_file_says_where_it_was_looked_for(tmp_path, monkeypatch):
    monkeypatch.setenv("REGION_CONFIG", str(tmp_path / "region.toml"))
    with pytest.raises(RegionFileError) as raised:
        load_region(tmp_path / "region.toml")
    text = plan_files.explain(raised.value)
    assert str(tmp_path / "region.toml") in text
    assert "hent ho frå git" in text
