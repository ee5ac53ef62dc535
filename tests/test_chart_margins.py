"""The room a chart asks for its axis labels (indicators/present/chart_margins.py).

The reference widths and margins here were measured in Chromium on the app's own charts (6 December 2026): the
labels' getBBox widths in Streamlit's «Source Sans», and the left margin plotly pushed to with automargin.
tests/test_browser.py checks on the live pages that plotly no longer has to push.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from indicators.present import charts
from indicators.present.chart_margins import fit_margins, text_width

# label -> its width in px at 18 px in the browser (getBBox)
MEASURED_WIDTHS = {"20 000": 48.33, "1 000": 39.4, "−100": 35.8, "85": 17.9, "Hemsedal": 75.71,
                   "Andre kommunar (113)": 172.69}


def _template_figure(trace: go.BaseTraceType, **layout: object) -> go.Figure:
    fig = go.Figure(trace)
    fig.update_layout(template=charts.TEMPLATE_NAME, **layout)
    return fig


@pytest.mark.parametrize(("label", "measured"), MEASURED_WIDTHS.items())
def test_a_labels_width_is_what_the_browser_measured(label, measured):
    assert text_width(label, 18) == pytest.approx(measured, abs=1.0)


def test_a_label_on_two_lines_is_as_wide_as_its_longer_line():
    assert text_width("Ål<br>Andre kommunar (113)", 18) == text_width("Andre kommunar (113)", 18)
    assert text_width("<b>Gol</b>", 18) == text_width("Gol", 18)


def test_thousands_on_the_left_axis_get_the_margin_plotly_pushed_to():
    """Jobs 10 535–11 105 (Arbeidsplassar's first chart): plotly pushed the 70 px margin to 88 px."""
    fig = _template_figure(go.Scatter(x=list(range(2017, 2023)), y=[10535, 10604, 10653, 10657, 11017, 11105]),
                           yaxis=dict(tickformat=",~r", title=dict(text="Arbeidsplassar")))
    fit_margins(fig)
    assert 88 <= fig.layout.margin.l <= 93


def test_bars_from_zero_and_below_it_make_room_for_the_minus_sign():
    """Net migration −112 … 447 as bars: plotly wrote −100 … 400 and pushed the margin to 75 px."""
    fig = _template_figure(go.Bar(x=list(range(2016, 2024)), y=[70, -112, 26, -13, 82, 447, 300, 120]),
                           yaxis=dict(tickformat=",~r"))
    fit_margins(fig)
    assert 75 <= fig.layout.margin.l <= 80


def test_names_on_a_horizontal_bar_chart_get_room_for_the_longest():
    """The largest commuting flows: plotly pushed the margin to 212 px for «Andre kommunar (113)»."""
    names = ["Andre kommunar (113)", "Nore og Uvdal", "Trondheim", "Asker"]
    fig = _template_figure(go.Bar(x=[900, 120, 80, 60], y=names, orientation="h"), yaxis=dict(tickformat=""))
    fit_margins(fig)
    assert 212 <= fig.layout.margin.l <= 217


def test_small_labels_keep_the_templates_margin():
    fig = _template_figure(go.Scatter(x=[2020, 2021, 2022], y=[55, 70, 80]))
    fit_margins(fig)
    assert fig.layout.margin.l is None  # the template's 70 px is room enough: nothing is set


def test_a_margin_is_only_ever_widened():
    fig = _template_figure(go.Scatter(x=[2020, 2021], y=[10500, 11100]), margin=dict(l=300))
    fit_margins(fig)
    assert fig.layout.margin.l == 300


def test_explicit_tick_texts_are_measured_as_given():
    ticks = [-2000, 0, 2000]
    fig = _template_figure(go.Bar(x=[-1500, 1800], y=["Menn", "Kvinner"], orientation="h"),
                           xaxis=dict(tickvals=ticks, ticktext=["2 000", "0", "2 000"]),
                           yaxis=dict(ticktext=["100 år og eldre", "0–4 år"], tickvals=[0, 1]))
    fit_margins(fig)
    assert fig.layout.margin.l == pytest.approx(text_width("100 år og eldre", 18) + 19 + 1.15 * 18 + 3, abs=1)


def test_percent_ticks_are_written_as_percent():
    narrow = _template_figure(go.Scatter(x=[2020, 2021], y=[0.01, 0.05]), yaxis=dict(tickformat=".0%"))
    wide = _template_figure(go.Scatter(x=[2020, 2021], y=[100.0, 500.0]), yaxis=dict(tickformat=".0%"))
    fit_margins(narrow)
    fit_margins(wide)
    # «5%» fits the template's margin; «50 000%» does not
    assert narrow.layout.margin.l is None
    assert wide.layout.margin.l > 70


def test_larger_labels_on_a_projector_get_the_margin_plotly_pushed_to():
    """Meeting mode's slide (labels at 26.1 px, 0 … 10 000): plotly pushed the margin to 119 px."""
    fig = _template_figure(go.Bar(x=[2024, 2025], y=[9800, 10100]),
                           yaxis=dict(tickfont=dict(size=26.1), tickformat=",~r"), margin=dict(l=101.5))
    fit_margins(fig)
    assert 119 <= fig.layout.margin.l <= 124


def test_bottom_margin_holds_the_x_labels_of_a_slide():
    """Meeting mode sets a 35 px bottom margin: plotly pushed it to 84 px for its year labels at 26.1 px."""
    fig = _template_figure(go.Scatter(x=[2020, 2021, 2022], y=[1, 2, 3]),
                           xaxis=dict(tickfont=dict(size=26.1), tickformat="d"), margin=dict(b=35))
    fit_margins(fig)
    assert 84 <= fig.layout.margin.b <= 90


def test_an_axis_on_the_right_or_hidden_is_left_alone():
    right = _template_figure(go.Scatter(x=[1, 2], y=[10500, 11100]), yaxis=dict(side="right"))
    hidden = _template_figure(go.Scatter(x=[1, 2], y=[10500, 11100]), yaxis=dict(visible=False))
    fit_margins(right)
    fit_margins(hidden)
    assert right.layout.margin.l is None and hidden.layout.margin.l is None


def test_every_chart_gets_its_room_when_it_is_built():
    fig = charts.line_chart(
        _jobs_frame(), title="Arbeidsplassar i Hallingdal", provenances=[], y_title="Arbeidsplassar")
    built = charts.Chart(fig, _jobs_frame(), [], "Arbeidsplassar", "test").figure
    assert built.layout.margin.l >= 88


def test_a_chart_with_names_along_its_y_axis_puts_its_title_at_the_figures_edge():
    """Over the plot alone, the largest flows' two-line title was cut at the right on a 1280 px screen."""
    names = ["Andre kommunar (113)", "Nore og Uvdal", "Trondheim"]
    fig = _template_figure(go.Bar(x=[900, 120, 80], y=names, orientation="h"), title=dict(text="Flest arbeider i Oslo"))
    wide = charts.Chart(fig, pd.DataFrame(), [], "Straumar", "test").figure
    assert wide.layout.title.xref == "container" and wide.layout.title.x == 0
    numbers = charts.Chart(charts.line_chart(_jobs_frame(), title="Arbeidsplassar", provenances=[]), _jobs_frame(), [],
                           "Arbeidsplassar", "test").figure
    assert numbers.layout.title.xref is None  # the template's: over the plot


def _jobs_frame() -> pd.DataFrame:
    return pd.DataFrame({"region_code": "hallingdal", "region_name": "Hallingdal", "period": list(range(2017, 2023)),
                         "value": [10535.0, 10604, 10653, 10657, 11017, 11105]})


def test_x_labels_on_two_lines_get_the_room_of_two():
    one = _template_figure(go.Bar(x=["Fastbuande", "Deltidsinnbyggjarar"], y=[21623, 26527]),
                           margin=dict(b=20))
    two = _template_figure(go.Bar(x=["Fastbuande<br>1. januar 2026", "Deltidsinnbyggjarar<br>(anslag)"],
                                  y=[21623, 26527]), margin=dict(b=20))
    fit_margins(one)
    fit_margins(two)
    assert two.layout.margin.b - one.layout.margin.b == pytest.approx(18 * 1.3, abs=1)
