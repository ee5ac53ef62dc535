"""The source line on a phone (issue 20: «source and data date on every figure», and a phone that works): plotly
does not wrap the figure's source line, which at 390 px was cut in the middle of the data date. Every chart drawn
through ui/figures.py gets a wrapping text copy of the line under it, shown on a phone only; there the figure's own
line and the band it left are hidden. The figure (and every image of it) keeps its line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from streamlit.testing.v1 import AppTest

from indicators.model import Provenance
from indicators.present import charts
from ui import figures

ROOT = Path(__file__).resolve().parent.parent


def _provenance() -> Provenance:
    return Provenance(dataset="population", title="Folkemengd", source="Statistisk sentralbyrå & co", table_id="07459",
                      query={}, retrieved_at="2026-12-06T10:00:00+00:00")


def test_the_source_annotation_is_named_and_read_back_as_one_line():
    fig = charts.finish_figure(go.Figure(go.Scatter(x=[2020, 2021], y=[1, 2])), title="T",
                               provenances=[_provenance()], note="Ei lang merknad " * 8)
    named = [a for a in fig.layout.annotations if a.name == charts.SOURCE_ANNOTATION]
    assert len(named) == 1 and "<br>" in named[0].text  # wrapped on the figure
    text = charts.source_annotation_text(fig)
    assert text.startswith("Kjelde: Statistisk sentralbyrå & co, tabell 07459 (publiseringsdato ikkje oppgitt, henta")
    assert "<br>" not in text and "  " not in text
    assert charts.source_annotation_text(go.Figure()) == ""


def test_each_chart_on_folketal_has_its_phone_copy_of_the_source_line():
    at = AppTest.from_file(str(ROOT / "pages/folketal.py"), default_timeout=60).run()
    assert not at.exception
    [chart] = at.get("plotly_chart")
    copies = [h.proto.body for h in at.get("html") if "narrow-chart-source" in h.proto.body]
    assert len(copies) == 1
    # the source line's copy is the element right after the chart (PHONE_CHART_SCRIPT finds it there), the
    # title's right before it
    siblings = _siblings_of(at._tree.main, chart)
    at_chart = next(i for i, e in enumerate(siblings) if e is chart)
    assert "narrow-chart-source" in siblings[at_chart + 1].proto.body
    assert "narrow-chart-title" in siblings[at_chart - 1].proto.body
    shown = re.sub(r"<[^>]+>", "", copies[0])
    assert shown.startswith("Kjelde: Statistisk sentralbyrå, tabell 07459")
    assert "lagra" in shown or "henta" in shown  # the data date is in it


def _siblings_of(block: Any, element: Any) -> list[Any]:
    """The elements of the block that holds `element`, in page order."""
    children = list(getattr(block, "children", {}).values())
    if any(child is element for child in children):
        return children
    for child in children:
        found = _siblings_of(child, element)
        if found:
            return found
    return []


def test_the_phone_copy_escapes_what_the_figure_says(monkeypatch):
    fig = charts.finish_figure(go.Figure(go.Scatter(x=[2020, 2021], y=[1, 2])), title="T",
                               provenances=[_provenance()], note="<i>x</i> a < b")
    shown: list[str] = []
    monkeypatch.setattr(figures.st, "html", shown.append)
    figures.narrow_screen_source(fig)
    assert len(shown) == 1
    assert "<i>" not in shown[0] and "x a &lt; b" in shown[0]
