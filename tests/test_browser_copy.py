"""The figure the browser gets (indicators/present/browser_copy.py): the template's values written in, plain lists
and a data revision, so Streamlit's second Plotly.react on mount draws nothing. tests/test_browser.py checks on
the live pages that no chart is drawn a second time."""

from __future__ import annotations

import json
import pickle

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import plotly.tools

from indicators.present import charts
from indicators.present.browser_copy import browser_figure


def _jobs() -> pd.DataFrame:
    return pd.DataFrame({"region_code": "hallingdal", "region_name": "Hallingdal", "period": list(range(2017, 2023)),
                         "value": [10535.0, 10604, 10653, 10657, 11017, 11105]})


def _chart(values: list[float] | None = None) -> go.Figure:
    frame = _jobs() if values is None else _jobs().assign(value=values)
    fig = charts.line_chart(frame, title="Arbeidsplassar i Hallingdal", provenances=[], y_title="Arbeidsplassar")
    return charts.Chart(fig, frame, [], "Arbeidsplassar", "test").figure


def _sent(fig: go.Figure) -> dict:
    """The spec as Streamlit's st.plotly_chart writes it for the browser."""
    return json.loads(pio.to_json(plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True),
                                  validate=False))


def test_the_browser_gets_no_template_but_its_values():
    built = _chart()
    sent = _sent(browser_figure(built))
    layout = sent["layout"]
    assert layout["template"] is None
    assert layout["font"]["family"] == charts.FONT_FAMILY and layout["font"]["size"] == charts.BASE_FONT_SIZE
    assert layout["title"]["font"]["size"] == charts.TITLE_FONT_SIZE
    assert layout["yaxis"]["gridcolor"] == charts.GRID and layout["yaxis"]["ticks"] == "outside"
    # the figure's own values win over the template's
    assert layout["title"]["text"] == "Arbeidsplassar i Hallingdal"
    assert layout["margin"]["l"] == built.layout.margin.l > 70
    assert layout["yaxis"]["tickformat"] == ",~r"


def test_a_trace_gets_the_templates_defaults_under_its_own():
    fig = go.Figure([go.Scatter(x=[1, 2], y=[3, 4]), go.Scatter(x=[1, 2], y=[5, 6], line=dict(width=6))])
    fig.update_layout(template=charts.TEMPLATE_NAME)
    data = _sent(browser_figure(fig))["data"]
    assert [trace["line"]["width"] for trace in data] == [3, 6]
    assert all(trace["connectgaps"] is False for trace in data)


def test_every_axis_of_a_kind_gets_the_templates_axis():
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4], yaxis="y2"))
    fig.update_layout(template=charts.TEMPLATE_NAME, yaxis2=dict(overlaying="y", side="right"))
    layout = _sent(browser_figure(fig))["layout"]
    assert layout["yaxis2"]["gridcolor"] == charts.GRID and layout["yaxis2"]["side"] == "right"


def test_data_reach_the_browser_as_plain_lists_also_from_the_page_cache():
    cached = pickle.loads(pickle.dumps(_chart()))  # as cached_chart hands it back: typed-array specs inside
    assert "bdata" in json.dumps(cached.to_dict())
    sent = _sent(browser_figure(cached))
    assert "bdata" not in json.dumps(sent)
    assert sent["data"][0]["x"] == list(range(2017, 2023))
    assert sent["data"][0]["y"] == [10535.0, 10604, 10653, 10657, 11017, 11105]


def test_the_data_revision_is_the_datas_fingerprint():
    same = browser_figure(_chart()).layout.datarevision
    again = browser_figure(pickle.loads(pickle.dumps(_chart()))).layout.datarevision
    changed = browser_figure(_chart([10535.0, 10604, 10653, 10657, 11017, 11106])).layout.datarevision
    assert same and same == again and changed != same


def test_the_figure_as_built_keeps_its_template_for_the_exports():
    built = _chart()
    browser_figure(built)
    assert built.layout.template.layout.font.family == charts.FONT_FAMILY


def test_the_template_sets_nothing_that_changes_its_meaning_once_written_into_a_figure():
    """plotly.js draws an axis line when a figure sets the line's colour or width, not when a template does: the
    browser's copy would show lines the exports do not."""
    template = pio.templates[charts.TEMPLATE_NAME].layout
    for axis in (template.xaxis, template.yaxis):
        assert axis.linecolor is None and axis.linewidth is None and axis.showline is None


def test_a_finished_figure_gets_one_browser_copy_kept_as_long_as_the_figure():
    from indicators.present import browser_copy

    fig, other = _chart(), _chart([1.0, 2, 3, 4, 5, 6])
    copy = browser_copy.shared_browser_figure(fig)
    assert browser_copy.shared_browser_figure(fig) is copy  # made once: every session shares the chart
    assert copy.to_plotly_json() == browser_figure(fig).to_plotly_json()
    assert browser_copy.shared_browser_figure(other) is not copy
    assert browser_copy.shared_browser_figure(other).data[0].y == (1.0, 2.0, 3.0, 4.0, 5.0, 6.0)
    key = id(fig)
    del fig, copy
    import gc

    gc.collect()
    assert key not in browser_copy._COPIES  # gone with its figure: nothing grows with charts no longer cached
