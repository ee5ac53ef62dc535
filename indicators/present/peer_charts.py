"""The trend charts «Samanlikn med»: the chosen region against the county, the country, peer regions and any
municipality, indexed (base year = 100) or per resident, so places of different size can be compared.

Builders take their data: `frame` holds the rows of the chosen region and of each compared place (the page reads
only those codes). One template (indicators.present.charts): the message in the title, the source and data date
on the figure, a note where a figure is «berekna etter grensene i 2024».
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from indicators.aggregate import indexed
from indicators.formatting import format_number
from indicators.model import Provenance
from indicators.present import charts, texts
from indicators.present.charts import Chart
from indicators.present.texts import peers as words
from indicators.regions import active_region

ESTIMATED = "estimated"  # the flag column the readers add where a split municipality's share is in a figure


def colours(region: str, compared: Sequence[str]) -> dict[str, str]:
    """The chosen region keeps its colour (the region black, a member its own); the county and the country their
    greys; every other place the next palette colour the chosen one does not use."""
    known = charts.region_colours()
    own = known.get(region, charts.REGION_TOTAL_COLOUR)
    out = {region: own}
    free = [c for c in charts.PALETTE if c != own]
    comparison_codes = {c.code for c in active_region().comparisons}
    index = 0
    for code in compared:
        if code in comparison_codes:
            out[code] = known[code]
        else:
            out[code] = free[index % len(free)]
            index += 1
    return out


def _note(frame: pd.DataFrame) -> str:
    """«Nokre tal er berekna etter grensene i 2024» where a split municipality's share is in a figure."""
    estimated = ESTIMATED in frame.columns and bool(frame[ESTIMATED].fillna(False).astype(bool).any())
    return words.ESTIMATE_NOTE if estimated else ""


def _ordered(frame: pd.DataFrame, region: str, compared: Sequence[str]) -> pd.DataFrame:
    order = {code: i for i, code in enumerate((region, *compared))}
    rows = frame[frame["region_code"].isin(order)]
    return rows.assign(_order=rows["region_code"].map(order)).sort_values(["_order", "period"]).drop(
        columns="_order").reset_index(drop=True)


def _draw(frame: pd.DataFrame, region: str, compared: Sequence[str], *, title: str, sources: Sequence[Provenance],
          y_title: str, note: str, hover_format: str) -> go.Figure:
    fig = charts.line_chart(frame, title=title, provenances=sources, y_title=y_title, note=note,
                            hover_format=hover_format)
    palette = colours(region, compared)
    names = dict(zip(frame["region_name"], frame["region_code"], strict=False))
    for trace in fig.data:
        code = names.get(trace.name)
        if code is None:
            continue
        trace.line.color = palette[code]
        trace.marker.color = palette[code]
        trace.line.width = 5 if code == region else 3
    return fig


def _tail(values: pd.Series, region: str, names: dict[str, str], template: str, decimals: int) -> str:
    others = values.drop(index=region, errors="ignore").dropna()
    if others.empty:
        return ""
    top = str(others.idxmax())
    return texts.fill(template, top=names.get(top, top), top_value=format_number(float(others[top]), decimals))


def _compared(rows: pd.DataFrame, region: str, compared: Sequence[str], *, title: str, tail: str,
              sources: list[Provenance], y_title: str, export_title: str, key: str, line_at: float | None = None,
              **fields: object) -> Chart:
    """The one comparison chart: `rows` (already ordered) drawn with the region's own value and the highest of
    the other places in the title (`title` and `tail` templates, filled with `fields` too); `line_at`: a
    reference line (the index's 100)."""
    known = rows.dropna(subset=["value"])
    last = int(known["period"].max())
    values = known[known["period"] == last].set_index("region_code")["value"]
    names = dict(zip(rows["region_code"], rows["region_name"], strict=False))
    filled = texts.fill(title, name=names.get(region, region),
                        own=format_number(float(values.get(region, float("nan"))), 1), last=last,
                        tail=_tail(values, region, names, tail, 1), **fields)
    fig = _draw(rows, region, compared, title=filled, sources=sources, y_title=y_title, note=_note(rows),
                hover_format=".1f")
    if line_at is not None:
        fig.add_hline(y=line_at, line=dict(color=charts.GRID, width=1))
    return Chart(fig, rows, sources, export_title, key)


def indexed_comparison(region: str, compared: tuple[str, ...], frame: pd.DataFrame, sources: list[Provenance],
                       base_year: int, export_title: str, key: str) -> Chart:
    """`frame` (counts: population, jobs) for the region and the compared places, as an index (base_year = 100)."""
    return _compared(indexed(_ordered(frame, region, compared), base_year), region, compared,
                     title=words.INDEXED_TITLE, tail=words.INDEXED_TAIL_HIGHEST, sources=sources,
                     y_title=words.Y_INDEX, export_title=texts.fill(export_title, base_year=base_year), key=key,
                     line_at=100, base_year=base_year)


def per_100_comparison(region: str, compared: tuple[str, ...], frame: pd.DataFrame, sources: list[Provenance],
                       key: str) -> Chart:
    """Jobs per 100 residents aged 15–74 (`frame`: the ratio's rows) for the region and the compared places."""
    return _compared(_ordered(frame, region, compared), region, compared, title=words.PER_100_TITLE,
                     tail=words.PER_100_TAIL, sources=sources, y_title=words.Y_PER_100,
                     export_title=words.JOBS_PER_100_EXPORT, key=key)


def share_comparison(region: str, compared: tuple[str, ...], frame: pd.DataFrame, sources: list[Provenance],
                     ages: str, key: str) -> Chart:
    """The share of residents aged `ages` (`frame`: per cent of all residents, per place and year) for the region
    and the compared places: per resident, so places of any size compare."""
    return _compared(_ordered(frame, region, compared), region, compared, title=words.SHARE_TITLE,
                     tail=words.SHARE_TAIL, sources=sources, y_title=words.Y_SHARE,
                     export_title=texts.fill(words.SHARE_EXPORT, ages=ages), key=key, ages=ages)


def share_of_residents(part: pd.DataFrame, whole: pd.DataFrame) -> pd.DataFrame:
    """`part` (e.g. residents aged 20–64) as per cent of `whole` (all residents), per place and year; a figure
    is estimated where either is."""
    keys = ["region_code", "period"]
    merged = part.merge(whole[[*keys, "value"] + ([ESTIMATED] if ESTIMATED in whole.columns else [])],
                        on=keys, suffixes=("", "_whole"))
    out = merged[["region_code", "region_name", "period"]].copy()
    out["value"] = 100 * merged["value"] / merged["value_whole"]
    flags = [c for c in (ESTIMATED, f"{ESTIMATED}_whole") if c in merged.columns]
    if flags:
        out[ESTIMATED] = merged[flags].fillna(False).astype(bool).any(axis=1)
    return out.reset_index(drop=True)
