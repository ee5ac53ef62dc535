"""The region and its plan are data: a made-up region defined only by tests/fixtures/test_region/ (three
municipalities, its own plan files) and a small synthetic cache runs every page and every CLI command, and
nothing of the real region's words shows up in what a user sees or gets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from region_fixture import REGION_FILE, shared_cache
from streamlit.testing.v1 import AppTest

from indicators.cli import main
from tests import written_once
from tests.apptest_harness import key_figures
from ui.navigation import PAGE_TABLE

ROOT = Path(__file__).resolve().parent.parent
# Words of the real region that must not appear (the app's own words are not region words).
REAL_REGION_WORDS = re.compile(
    r"Hallingdal|Buskerud|Noreg\b|Flå|Nesbyen|\bGol\b|Hemsedal|\bÅl\b|\bHol\b|\b33(20|22|24|26|28|30)\b"
)


def real_words(text: str) -> list[str]:
    """Each real-region word in `text`, with a little context so a failure says where it is."""
    return [text[max(0, m.start() - 40): m.end() + 40] for m in REAL_REGION_WORDS.finditer(text)]


@pytest.fixture(scope="module")
def _other_region_database(tmp_path_factory) -> str:
    """The made-up region's own follow-up database (a database belongs to one region), migrated while that region
    is active: nothing of the real region is seeded. The tests here only read it, so they share it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REGION_CONFIG", str(REGION_FILE))
        return written_once.migrated_sqlite(tmp_path_factory.mktemp("other-region") / "followup.sqlite3")


@pytest.fixture
def other_region(_other_region_database, monkeypatch):
    """The made-up region with its own cache and database, shared by this module's tests (they only read them:
    pages, status, exports, the report into the test's folder)."""
    cache_folder = shared_cache()
    monkeypatch.setenv("REGION_CONFIG", str(REGION_FILE))
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(cache_folder))
    monkeypatch.setenv("DATABASE_URL", _other_region_database)
    return cache_folder


def _shown_text(at: AppTest) -> str:
    """Everything a user reads on the page: text elements, widget labels and options, and the charts."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success",
                 "metric", "text"):
        for element in at.get(kind):
            parts.append(str(getattr(element, "value", "")))
            parts.append(str(getattr(element, "label", "")))
    for widget in (*at.selectbox, *at.radio, *at.multiselect, *at.button, *at.segmented_control):
        parts.append(str(widget.label))
        parts.extend(str(o) for o in getattr(widget, "options", []))
    parts.extend(f"{label} {value} {change}" for label, value, change in key_figures(at))
    for chart in at.get("plotly_chart"):
        parts.append(json.dumps(json.loads(chart.proto.spec), ensure_ascii=False))
    for frame in at.dataframe:
        parts.append(frame.value.to_csv())
    return "\n".join(parts)


@pytest.mark.parametrize("entry", PAGE_TABLE, ids=[entry.url_path for entry in PAGE_TABLE])
def test_every_page_runs_for_another_region_in_its_own_words(other_region, entry):
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.run()
    if entry != PAGE_TABLE[0]:
        at.switch_page(entry.file)
        at.run()
    assert not at.exception, at.exception
    text = _shown_text(at)
    assert real_words(text) == []
    assert "Testdal" in text or "Aheim" in text  # the page speaks of the test region
    # the region picker: the sidebar's, or on a page whose sidebar has the menu only (meeting mode) its own
    picker = at.sidebar.selectbox[0] if entry.full_sidebar else at.selectbox(key="meeting_region")
    offered = " ".join(str(o) for o in picker.options)
    assert "Testdal" in offered
    assert "Cevik" in offered


@pytest.mark.parametrize(
    "argv",
    [
        ["status", "--json"],
        ["status", "--json", "--region", "9903"],
        ["export", "population_total", "--format", "csv"],
        ["export", "working_age_population", "--format", "csv", "--region", "testdal"],
        ["export", "jobs_total", "--format", "csv"],
        ["export", "actions", "--format", "csv"],
    ],
)
def test_the_command_line_runs_for_another_region_in_its_own_words(other_region, capsys, argv):
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert real_words(out + err) == []
    assert any(word in out for word in ("testdal", "Aheim", "9903", "Lage ein felles jobbportal"))


def test_a_region_member_by_its_older_code(other_region, capsys):
    assert main(["export", "population_total", "--format", "csv", "--region", "9801"]) == 0
    out = capsys.readouterr().out
    assert "9901,Aheim" in out


def test_the_report_for_another_region(other_region, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DASHBOARD_CHROMIUM", str(tmp_path / "no-browser"))  # tables only: fast
    output = tmp_path / "rapport.html"
    assert main(["report", "--output", str(output)]) == 0, capsys.readouterr().err
    html = output.read_text(encoding="utf-8")
    assert real_words(html) == []
    assert "Testdal" in html
    assert "Utviklingsplan for Testdal" in html
