"""Issue 20 (speed): the first chart of Folketal, Deltidsinnbyggjarar and Arbeidsplassar keeps its downloads behind
one «Last ned» popover, so the browser loads no download-button code while the page opens; the downloads are all still
there. Issue 23: so do the comparison views («Samanlikn med»), where a region change would otherwise mount five new
buttons (their data changes with the region). The buttons are made only while the menu is open (opening it reruns the
page): a closed menu sends none."""

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from indicators.present.texts import downloads as words
from ui.figures import downloads_menu_key

ROOT = Path(__file__).resolve().parent.parent


def popover_downloads(node: Any, inside: bool = False) -> tuple[list[str], list[str]]:
    """The keys of the download buttons inside a popover and outside one, with each popover's label."""
    inner: list[str] = []
    outer: list[str] = []
    for child in getattr(node, "children", {}).values():
        in_popover = inside or getattr(child, "type", None) == "popover"
        if getattr(child, "type", None) == "download_button":
            (inner if in_popover else outer).append(child.key)
        child_inner, child_outer = popover_downloads(child, in_popover)
        inner += child_inner
        outer += child_outer
    return inner, outer


@pytest.mark.parametrize("page", ["pages/folketal.py", "pages/deltidsinnbyggjarar.py", "pages/arbeidsplassar.py"])
def test_the_first_charts_downloads_sit_behind_one_popover(page):
    at = AppTest.from_file(str(ROOT / page), default_timeout=60).run()
    assert not at.exception
    chart_key = at.get("plotly_chart")[0].key.removeprefix("chart_")
    assert popover_downloads(at._tree.main) == ([], [])  # closed: no buttons made
    inner, outer = popover_downloads(opened_menu(at, chart_key)._tree.main)
    assert {f"csv_{chart_key}", f"xlsx_{chart_key}", f"zip_{chart_key}"} <= set(inner)
    assert not [key for key in outer if key.endswith(chart_key)]
    assert words.DOWNLOAD_MENU in popover_labels(at._tree.main)


@pytest.mark.parametrize(("page", "params"), [
    ("pages/folketal.py", {"view": "indeks"}),
    ("pages/folketal.py", {"view": "indeks", "compare": "valdres,setesdal"}),
    ("pages/arbeidsplassar.py", {"jobs_view": "samanlikn"}),
    ("pages/arbeidsplassar.py", {"jobs_view": "samanlikn", "jobs_measure": "per_100", "compare": "valdres"}),
])
def test_the_comparison_views_downloads_sit_behind_one_popover(page, params):
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    chart_key = charts[0].key.removeprefix("chart_")
    assert chart_key.split("_")[1] in {"indeks", "samanlikna", "per"}, chart_key  # the comparison, not the default view
    assert popover_downloads(at._tree.main) == ([], [])
    inner, outer = popover_downloads(opened_menu(at, chart_key)._tree.main)
    assert {f"csv_{chart_key}", f"xlsx_{chart_key}", f"zip_{chart_key}"} <= set(inner)
    assert outer == []
    assert words.DOWNLOAD_MENU in popover_labels(at._tree.main)


def popover_labels(node: Any) -> list[str]:
    found = [node.proto.popover.label] if getattr(node, "type", None) == "popover" else []
    for child in getattr(node, "children", {}).values():
        found += popover_labels(child)
    return found


def opened_menu(at: AppTest, chart_key: str) -> AppTest:
    """The page rerun with the chart's «Last ned» menu open, as a click on it does."""
    at.session_state[downloads_menu_key(chart_key)] = True
    at.run()
    assert not at.exception
    return at


def test_closing_the_menu_takes_its_buttons_away_again():
    at = AppTest.from_file(str(ROOT / "pages/folketal.py"), default_timeout=60).run()
    chart_key = at.get("plotly_chart")[0].key.removeprefix("chart_")
    assert popover_downloads(opened_menu(at, chart_key)._tree.main)[0]
    at.session_state[downloads_menu_key(chart_key)] = False
    at.run()
    assert popover_downloads(at._tree.main) == ([], [])
    assert words.DOWNLOAD_MENU in popover_labels(at._tree.main)  # the menu itself stays
