"""One chart template for the whole app: large text, high contrast, a colour-blind-safe palette,
integer year axes, gaps for missing values, and the source and data date written on the figure.

Pages must pass `theme=None` to st.plotly_chart, or Streamlit's theme replaces this template.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from indicators.formatting import format_date
from indicators.model import Provenance
from indicators.present.chart_margins import fit_margins
from indicators.present.texts import common
from indicators.regions import Region, active_region

TEMPLATE_NAME = "dashboard"
# Okabe & Ito (2008), safe for the common colour-vision deficiencies; yellow last (weak on white).
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442")
SERIES_PALETTE: tuple[str, ...] = tuple(c for c in PALETTE if c != "#000000")
INK = "#1A1A1A"
MUTED = "#4D4D4D"
GRID = "#D9D9D9"
# The app's own font (Streamlit serves it as "Source Sans"), then look-alikes. Chart images (images.py) use the
# look-alike: the browser turns the SVG into a PNG through an <img>, which cannot use the page's web fonts (tried:
# the text was measured in one font and drawn in another, and the axis title ran into the tick labels).
FONT_FAMILY = '"Source Sans", "Source Sans 3", "Source Sans Pro", "Helvetica Neue", Arial, sans-serif'
TITLE_TOP_PAD = 12  # px from the top of the figure to the top of the title's first line
TITLE_ASCENT = 0.8  # of the font size: from the top of a line to its baseline
BASE_FONT_SIZE = 18
TITLE_FONT_SIZE = BASE_FONT_SIZE + 6

REGION_TOTAL_COLOUR = "#000000"  # the region as a whole: black, never used for a member
COMPARISON_COLOURS = ("#7F7F7F", "#B3B3B3")  # the county, then the country


def region_colours(region: Region | None = None) -> dict[str, str]:
    """A fixed colour per code, so a municipality looks the same on every page: members take the series
    palette in the region file's order (cycling for more members than colours), the region is black."""
    region = region or active_region()
    colours = {region.id: REGION_TOTAL_COLOUR}
    colours.update({code: SERIES_PALETTE[i % len(SERIES_PALETTE)] for i, code in enumerate(region.member_codes)})
    colours.update({c.code: COMPARISON_COLOURS[i % 2] for i, c in enumerate(region.comparisons)})
    return colours


def region_colour(code: str, fallback: str = INK) -> str:
    return region_colours().get(code, fallback)
TARGET_COLOUR = "#D55E00"
TITLE_LINE_LENGTH = 60  # longer titles go on two lines, so they are not cut on a 1280 px projector or a 1200 px image
SOURCE_LINE_LENGTH = 85  # the source line at SOURCE_FONT_SIZE fits the ~650 px a chart has on a 1024–1280 px screen
SOURCE_FONT_SIZE = BASE_FONT_SIZE - 2
# The name of the source line's annotation: a phone shows a wrapping text copy of it instead (ui/figures.py)
SOURCE_ANNOTATION = "source"
TOP_MARGIN = 90
WIDE_LEFT_MARGIN = 140  # px: a y axis of names (horizontal bars), wider than any axis of numbers in the app
TITLE_LEFT_PAD = 10
TWO_LINE_TOP_MARGIN = 125


def _build_template() -> go.layout.Template:
    # No axis line colour: plotly draws an axis line when a figure sets its colour, but not when only a template
    # does, and the browser's copy (browser_copy.py) writes the template into the figure.
    axis = dict(
        showgrid=True, gridcolor=GRID, zeroline=False, ticks="outside",
        tickfont=dict(size=BASE_FONT_SIZE, color=INK), title=dict(font=dict(size=BASE_FONT_SIZE, color=INK)),
        automargin=True,
    )
    layout = go.Layout(
        font=dict(family=FONT_FAMILY, size=BASE_FONT_SIZE, color=INK),
        # Anchored at its top, so a second line grows downwards (anchored "auto" at y=0.97, a two-line title lost
        # its first line in the PNG/SVG). Plotly puts a one-line title's top, but a two-line title's first
        # baseline, at the anchor: Chart moves a two-line title down by its first line's ascent.
        title=dict(font=dict(size=TITLE_FONT_SIZE, color=INK), x=0, xref="paper", xanchor="left",
                   yref="container", y=1, yanchor="top", pad=dict(t=TITLE_TOP_PAD)),
        colorway=list(PALETTE),
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        separators=", ",  # decimal comma, space as thousands separator
        xaxis=axis,
        yaxis=axis,
        legend=dict(font=dict(size=BASE_FONT_SIZE - 2), orientation="h", yanchor="bottom", y=1.0, x=0,
                    title=dict(text="")),
        hoverlabel=dict(font=dict(size=BASE_FONT_SIZE - 2)),
        margin=dict(l=70, r=30, t=TOP_MARGIN, b=110),
    )
    return go.layout.Template(layout=layout, data={"scatter": [go.Scatter(line=dict(width=3), connectgaps=False)]})


pio.templates[TEMPLATE_NAME] = _build_template()


def data_date_text(p: Provenance) -> str:
    """One wording for a dataset's dates, the same on every chart, in the sidebar, the report and exports:
    the source's own publication date where it gave one, and when the figures were fetched or stored."""
    extract = bool(p.extra.get("published_extract")) if isinstance(p.extra, dict) else False
    if p.source_updated:
        published = common.DATA_PUBLISHED.format(date=format_date(p.source_updated))
    elif extract:  # the snapshot: built from a published extract, which does not carry the table's date
        published = common.DATA_PUBLISHED_NOT_IN_EXTRACT
    else:
        published = common.DATA_PUBLISHED_NOT_GIVEN
    fetched = common.DATA_STORED if extract else common.DATA_FETCHED
    return f"{published}, {fetched.format(date=format_date(p.retrieved_at))}"


def source_name(p: Provenance) -> str:
    """'Statistisk sentralbyrå, tabell 07459': the source and its table."""
    return common.SOURCE_TABLE.format(source=p.source, table=p.table_id) if p.table_id else p.source


def source_line(provenances: Iterable[Provenance], extra: str = "") -> str:
    """'Kjelde: Statistisk sentralbyrå, tabell 07459 (publisert …, henta …)' for a figure, once per source."""
    parts: list[str] = []
    seen: set[str] = set()
    for p in provenances:
        label = source_name(p)
        if label in seen:
            continue
        seen.add(label)
        parts.append(f"{label} ({data_date_text(p)})")
    text = common.SOURCE_LINE.format(sources="; ".join(parts)) if parts else ""
    if extra:
        text = f"{text}. {extra}" if text else extra
    return text


def finish_figure(
    fig: go.Figure,
    *,
    title: str,
    provenances: Sequence[Provenance],
    y_title: str = "",
    note: str = "",
    integer_years: bool = True,
    height: int = 520,
) -> go.Figure:
    """Apply the template, a one-message title, the source line on the figure and integer year ticks. A chart
    with one year only says so («berre eitt år med tal») and ticks that one year."""
    year = only_year(fig) if integer_years else None
    if year is not None:
        note = f"{note} {ONE_YEAR_NOTE}".strip() if note else ONE_YEAR_NOTE
        fig.update_xaxes(tickvals=[year], range=[year - 1, year + 1])
    fig.update_layout(template=TEMPLATE_NAME, title=dict(text=title), height=height,
                      separators=common.CHART_SEPARATORS)
    fig.update_yaxes(title=dict(text=y_title), tickformat=",~r")
    if integer_years:
        fig.update_xaxes(tickformat="d", title=dict(text=""))
    caption = source_line(provenances, note)
    if caption:
        lines = wrap_lines(caption, SOURCE_LINE_LENGTH)
        fig.add_annotation(
            text="<br>".join(lines), xref="paper", yref="paper", x=0, y=0, yshift=-80, xanchor="left",
            yanchor="top", showarrow=False, align="left", font=dict(size=SOURCE_FONT_SIZE, color=MUTED),
            name=SOURCE_ANNOTATION,
        )
        if len(lines) > 1:  # room below the plot for every line of the source, taken from a taller figure
            bottom = fig.layout.margin.b if fig.layout.margin.b is not None else 110
            needed = max(bottom, 110 + 22 * (len(lines) - 1))
            fig.update_layout(margin=dict(b=needed), height=height + needed - bottom)
    return fig


ONE_YEAR_NOTE = "Berre eitt år med tal."


def plain_text(plotly_text: str) -> str:
    """A figure's text without plotly's markup, line breaks and HTML entities: one line of plain text."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", plotly_text)).split())


def source_annotation_text(fig: go.Figure) -> str:
    """The figure's source line as one line of plain text ("" when it has none)."""
    for annotation in fig.layout.annotations:
        if annotation.name == SOURCE_ANNOTATION:
            return plain_text(str(annotation.text or ""))
    return ""


def only_year(fig: go.Figure) -> int | None:
    """The one year every trace's x values hold, when the chart has data for one year only; else None."""
    years: set[object] = set()
    for trace in fig.data:
        xs = getattr(trace, "x", None)
        if xs is None:
            return None
        years.update(x for x in xs if x is not None)
        if len(years) > 1:
            return None
    if len(years) != 1:
        return None
    try:
        return int(next(iter(years)))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def wrap_lines(text: str, limit: int) -> list[str]:
    """Greedy word wrap (plotly does not wrap annotations by itself)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > limit:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current] if current else lines


def line_chart(
    frame: pd.DataFrame,
    *,
    title: str,
    provenances: Sequence[Provenance],
    y_title: str = "",
    colour_by: str = "region_code",
    label_by: str = "region_name",
    note: str = "",
    hover_format: str = ",.0f",
) -> go.Figure:
    """One line per group; rows with NaN values stay in, so a missing year is a gap, not a false dip."""
    fig = go.Figure()
    for index, (key, group) in enumerate(frame.groupby(colour_by, sort=False)):
        group = group.sort_values("period")
        if colour_by == "region_code":
            colour = region_colour(str(key), PALETTE[index % len(PALETTE)])
        else:  # black is the region's colour everywhere else, so series of other kinds never get it
            colour = SERIES_PALETTE[index % len(SERIES_PALETTE)]
        name = str(group[label_by].iloc[0])
        fig.add_trace(
            go.Scatter(
                x=group["period"], y=group["value"], name=name, mode="lines+markers",
                line=dict(color=colour, width=4 if key == active_region().id else 3), marker=dict(size=7),
                hovertemplate=f"{name}<br>%{{x}}: %{{y:{hover_format}}}<extra></extra>",
            )
        )
    return finish_figure(fig, title=title, provenances=provenances, y_title=y_title, note=note)


def add_target_path(fig: go.Figure, path: Sequence[tuple[int, float]], label: str = "Målbane") -> go.Figure:
    fig.add_trace(
        go.Scatter(
            x=[p for p, _ in path], y=[v for _, v in path], name=label, mode="lines",
            line=dict(color=TARGET_COLOUR, width=3, dash="dash"),
            hovertemplate=f"{label}<br>%{{x}}: %{{y:,.0f}}<extra></extra>",
        )
    )
    return fig


def wrap_title(title: str, limit: int = TITLE_LINE_LENGTH) -> str:
    """Split a long title in two at the clause break (" – ", ", ", ": ", " (") nearest its middle, else at a
    space; a clause break only if it leaves a real second line, not a stray "(2009–2023)"."""
    if len(title) <= limit or "<br>" in title:
        return title
    middle = len(title) / 2
    for pattern in (r" (?=– )", r"(?<=[,:]) ", r" (?=\()", r" "):
        breaks = [m.start() for m in re.finditer(pattern, title)]
        usable = [
            b for b in breaks if max(b, len(title) - b) <= limit + 10 and min(b, len(title) - b) >= len(title) / 4
        ]
        if usable:
            cut = min(usable, key=lambda b: abs(b - middle))
            return f"{title[:cut]}<br>{title[cut + 1:]}"
    return title


class CachedFigure(go.Figure):
    """A finished figure that comes back from the page cache (a pickle) without being validated again.

    It was validated when it was built; plotly's own unpickling validates every property anew, which made
    reading a page's cached charts cost more than the rest of the page.
    """

    def __reduce__(self):
        return (_restore_figure, (self.to_dict(),))


def _restore_figure(properties: dict) -> go.Figure:
    return go.Figure(properties, _validate=False)


@dataclass
class Chart:
    """A finished figure with the data behind it, as a page shows it and an export writes it.

    A long figure title is wrapped onto two lines (with room made for it: a taller figure, so the plot keeps its
    height), and the figure is stored as a CachedFigure so the page cache returns it cheaply.
    """

    figure: go.Figure
    data: pd.DataFrame
    provenances: list[Provenance]
    title: str  # a plain title for file names and export metadata
    key: str  # unique per view, used for widget keys and file names

    def __post_init__(self) -> None:
        fig = self.figure
        text = fig.layout.title.text or ""
        wrapped = wrap_title(text)
        if "<br>" in wrapped:
            fig.update_layout(title=dict(pad=dict(t=TITLE_TOP_PAD + round(TITLE_ASCENT * TITLE_FONT_SIZE))))
        if wrapped != text:
            top = fig.layout.margin.t if fig.layout.margin.t is not None else TOP_MARGIN
            taller = max(TWO_LINE_TOP_MARGIN, top + 35)
            height = fig.layout.height
            fig.update_layout(title=dict(text=wrapped), margin=dict(t=taller))
            if height is not None:  # a figure sized by its container (meeting mode) is left to it
                fig.update_layout(height=height + taller - top)
        fit_margins(fig)  # room for the axis labels asked for now, not found by a second draw in the browser
        if (fig.layout.margin.l or 0) > WIDE_LEFT_MARGIN:
            # names along the y axis: the title starts at the figure's edge, not the plot's, so a two-line title
            # has the chart's width (over the plot alone it was cut at the right on a 1280 px screen)
            fig.update_layout(title=dict(xref="container", x=0, pad=dict(l=TITLE_LEFT_PAD)))
        if not isinstance(fig, CachedFigure):
            self.figure = CachedFigure(fig)
