import pickle

import pandas as pd
import plotly.graph_objects as go

from indicators.model import Provenance
from indicators.present import charts


def provenance(**kwargs) -> Provenance:
    values = dict(dataset="population", title="t", source="Statistisk sentralbyrå", table_id="07459",
                  retrieved_at="2026-11-26T21:52:02Z")
    values.update(kwargs)
    return Provenance(**values)


def test_long_titles_are_wrapped_at_a_clause_break():
    text = "Hemsedal: 76,1 % av innbyggjarane 15–74 år er sysselsette i 2022, høgare enn Hallingdal samla (72,0 %)"
    first, second = charts.wrap_title(text, limit=75).split("<br>")
    assert first.endswith("i 2022,") and second.startswith("høgare")
    title = "Utsleppa i Hallingdal var 14,0 % lågare i 2023 enn i 2009 – målet er 25 % lågare i 2025"
    first, second = charts.wrap_title(title, limit=75).split("<br>")
    assert first == "Utsleppa i Hallingdal var 14,0 % lågare i 2023 enn i 2009"
    assert second == "– målet er 25 % lågare i 2025"
    assert charts.wrap_title("Kort tittel") == "Kort tittel"


def test_chart_wraps_its_title_and_survives_the_page_cache():
    fig = go.Figure(go.Scatter(x=[2020, 2021], y=[1, 2]))
    title = ("Folketalet i Hallingdal har auka 4,7 % sidan 2022, meir enn målet på 1 % som planen "
             "for perioden 2022–2025 set opp")
    charts.finish_figure(fig, title=title, provenances=[provenance()])
    one_line_height = fig.layout.height
    chart = charts.Chart(fig, pd.DataFrame({"period": [2020, 2021]}), [provenance()], "Folketal", "key")
    assert "<br>" in chart.figure.layout.title.text
    assert chart.figure.layout.margin.t >= charts.TWO_LINE_TOP_MARGIN
    # the figure grows by the room the second line takes, so the plot is not squashed
    assert chart.figure.layout.height == one_line_height + charts.TWO_LINE_TOP_MARGIN - charts.TOP_MARGIN
    # plotly puts a two-line title's first baseline at the anchor: moved down by a line's ascent, not cut off
    assert chart.figure.layout.title.pad.t > charts.TITLE_TOP_PAD + 0.7 * charts.TITLE_FONT_SIZE - 1
    restored = pickle.loads(pickle.dumps(chart))
    assert restored.figure.to_dict() == chart.figure.to_dict()


def test_source_line_names_table_and_date_once_per_source():
    line = charts.source_line([provenance(), provenance(), provenance(source_updated="2026-02-20T07:00:00Z",
                                                                   table_id="11618")], "Siste tal: 2026")
    assert line.count("tabell 07459") == 1
    assert "tabell 07459 (publiseringsdato ikkje oppgitt, henta 26. november 2026)" in line
    assert "tabell 11618 (publisert 20. februar 2026, henta 26. november 2026)" in line
    assert line.endswith("Siste tal: 2026")


def test_line_chart_keeps_missing_years_as_gaps():
    frame = pd.DataFrame({
        "region_code": ["3320"] * 3, "region_name": ["Flå"] * 3, "period": [2020, 2021, 2022],
        "value": [1.0, float("nan"), 3.0], "status": ["", "..", ""],
    })
    fig = charts.line_chart(frame, title="x", provenances=[provenance()])
    trace = fig.data[0]
    assert list(trace.x) == [2020, 2021, 2022]
    assert trace.y[1] != trace.y[1]  # NaN kept: drawn as a gap, never as 0
    assert fig.layout.xaxis.tickformat == "d"
    assert fig.layout.template.layout.separators == ", "


def test_long_source_lines_wrap_and_make_room_below_the_plot():
    fig = go.Figure(go.Scatter(x=[2020, 2021], y=[1, 2]))
    note = "Framskrivingsrunde 2024; kjelda seier ikkje kva alternativ (truleg hovudalternativet MMMM). " * 2
    charts.finish_figure(fig, title="x", provenances=[provenance()], note=note)
    text = fig.layout.annotations[0].text
    assert text.count("<br>") >= 1
    assert all(len(line) <= charts.SOURCE_LINE_LENGTH for line in text.split("<br>"))
    assert fig.layout.margin.b > 110
    assert fig.layout.height == 520 + fig.layout.margin.b - 110  # the plot keeps its height


def test_charts_use_the_apps_font_and_a_top_anchored_title():
    fig = charts.finish_figure(go.Figure(), title="x", provenances=[])
    template = fig.layout.template.layout
    assert template.font.family.startswith('"Source Sans"')  # Streamlit's name for the app's font
    assert (template.title.yref, template.title.y, template.title.yanchor) == ("container", 1, "top")


def test_snapshot_figures_say_they_come_from_a_published_extract():
    line = charts.source_line([provenance(extra={"published_extract": "SSB 07459 via csdata"})])
    assert "publiseringsdato ikkje oppgitt i uttrekket, lagra 26. november 2026" in line
    assert "henta" not in line


def test_a_charts_title_as_plain_text_for_a_phone():
    from ui.figures import title_text

    fig = go.Figure(layout=dict(title=dict(text="Flest av utpendlarane<br>frå Ål &lt;b&gt; i <b>Oslo</b>")))
    assert title_text(fig) == "Flest av utpendlarane frå Ål <b> i Oslo"
    assert title_text(go.Figure()) == ""
