"""Comparisons with other places on the pages: the «Samanlikn med» picker, the frames of the chosen places (read
per place, only those), ranks among all municipalities (on demand) and similar regions and municipalities."""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from indicators import peers
from indicators.cache import CacheError
from indicators.formatting import format_number, format_percent
from indicators.model import Provenance
from indicators.present import texts
from indicators.present.charts import source_line
from indicators.present.html import render, text_html
from indicators.present.texts import peers as words
from indicators.ranks import rank_of, unranked
from indicators.regions import active_region, region_name
from indicators.safe_text import markdown_escaped
from ui.data import derived, indicator_frame, provenances
from ui.figures import export_buttons
from ui.state import set_param, synced_multiselect, url_choice, widget_key

KIND_TEMPLATES = {"county": "KIND_COUNTY", "country": "KIND_COUNTRY", "peer": "KIND_PEER",
                  "municipality": "KIND_MUNICIPALITY"}


def options() -> list[peers.Option]:
    return derived("comparison_options", peers.comparison_options, region=active_region().id)


def default_comparisons() -> tuple[str, ...]:
    """The county and the country of the region file (what the charts compared with before the picker)."""
    return active_region().comparison_codes


def option_labels() -> dict[str, str]:
    """Each offered place's label («Valdres (region)», a municipality's name): built once per region and language
    (some 370 texts filled on every run of a comparison view cost more than the rest of its picker)."""
    def make() -> dict[str, str]:
        shared = texts.words()
        return {o.code: getattr(words, KIND_TEMPLATES[o.kind]).format(**{**shared, "name": o.name})
                for o in options()}
    return derived("comparison_labels", make, region=active_region().id, language=texts.language())


def compare_picker(region: str, param: str = "compare") -> tuple[str, ...]:
    """«Samanlikn med»: the county, the country, each peer region, any municipality; kept in the URL."""
    offered = [o for o in options() if o.code != region]
    labels = option_labels()
    chosen = synced_multiselect(words.COMPARE_LABEL, [o.code for o in offered], param=param,
                                default=list(default_comparisons()), format_func=lambda c: labels.get(c, c),
                                help=words.COMPARE_HELP, placeholder=words.COMPARE_PLACEHOLDER)
    return tuple(chosen)


def compared_frame(indicator_id: str, region: str, compared: tuple[str, ...], **params: str,
                   ) -> tuple[pd.DataFrame, list[str]]:
    """The indicator's rows for the region and each compared place (one cached read per place), and the names of
    the places the snapshot has no figures for."""
    parts, missing = [], []
    for code in (region, *compared):
        try:
            frame = indicator_frame(indicator_id, code, **params)
        except (CacheError, LookupError):
            frame = None
        if frame is None or frame[frame["region_code"] == code]["value"].dropna().empty:
            missing.append(region_name(code))
            continue
        parts.append(frame[frame["region_code"] == code])
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    return frame, missing


def say_missing(missing: list[str]) -> None:
    if missing:
        st.caption(texts.fill(words.NO_FIGURES_FOR, names=markdown_escaped(", ".join(missing))))


# --- ranks ----------------------------------------------------------------------------------------------------


def population_sources() -> list[Provenance]:
    return provenances("population_total")


def none_line(table: pd.DataFrame, region: str, start: int, end: int) -> str:
    """Why the region has no rank: its figures are an estimate, or the snapshot lacks a year."""
    rows = unranked(table)
    rows = rows[rows["region_code"] == region]
    if not rows.empty:
        return texts.fill(words.RANK_UNRANKED_SELF, name=markdown_escaped(rows["region_name"].iloc[0]),
                          year=int(rows["estimated_before"].max()))
    return texts.fill(words.RANK_NONE, name=markdown_escaped(region_name(region)), start=start, end=end)


def unranked_note(table: pd.DataFrame) -> str:
    """«Ålesund og Haram er ikkje rangerte: …» for the places left out of the ranking, "" when there are none."""
    rows = unranked(table)
    if rows.empty:
        return ""
    names = sorted(rows["region_name"].astype(str))
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + words.AND + names[-1]
    return words.RANK_UNRANKED.format(count=len(names), names=listed, year=int(rows["estimated_before"].max()))


def rank_lines(region: str, ages: str, age_label: str, start: int, end: int) -> None:
    """On demand (a toggle): the region's rank on growth in working age and in population, among every
    municipality (a municipality) or among the region and its peer regions (the region), with the caution."""
    known = active_region()
    scope = "regions" if region in known.composites else "municipalities"
    toggle = words.RANK_TOGGLE_REGION if scope == "regions" else words.RANK_TOGGLE
    if not st.toggle(toggle, key=f"ranks_{scope}"):
        return
    units = texts.fill(words.UNITS_REGIONS) if scope == "regions" else words.UNITS_MUNICIPALITIES
    tables = []
    for band, measure in ((ages, texts.fill(words.MEASURE_WORKING_AGE_GROWTH, ages=age_label)),
                          ("0-105", words.MEASURE_POPULATION_GROWTH)):
        table = derived("growth_ranks", functools.partial(peers.growth_ranks, band, start, end, scope),
                        ages=band, start=start, end=end, scope=scope)
        rank = rank_of(table, region, start, end)
        tables.append(table.assign(measure=measure))
        if rank is None:
            st.markdown(none_line(table, region, start, end))
            continue
        st.markdown(texts.fill(words.RANK_LINE, name=markdown_escaped(rank.name), position=rank.position,
                               order=words.HIGHEST,
                               measure=measure, total=rank.total, units=units, start=start, end=end,
                               value=format_percent(rank.value, signed=True)))
    for note in dict.fromkeys(unranked_note(table) for table in tables):
        if note:
            st.caption(note)
    st.caption(words.RANK_CAUTION)
    if tables:
        data = pd.concat(tables, ignore_index=True)[
            ["measure", "position", "total", "region_code", "region_name", "start_value", "end_value", "value",
             "estimated", "estimated_before"]]
        data = data.assign(start=start, end=end)
        export_buttons(key=f"ranks_{scope}_{region}_{ages}", data=data, provenances=population_sources(),
                       title=texts.fill(words.RANK_EXPORT, start=start, end=end))


def ranks_asked(region: str, kind: str) -> tuple[str, str] | None:
    """The toggle «Vis rangering …» (key `{kind}_{scope}`): the scope (among every municipality, or the region
    and its peer regions for a region) and its units' words when it is on, else None."""
    scope = "regions" if region in active_region().composites else "municipalities"
    toggle = words.RANK_TOGGLE_REGION if scope == "regions" else words.RANK_TOGGLE
    if not st.toggle(toggle, key=f"{kind}_{scope}"):
        return None
    return scope, texts.fill(words.UNITS_REGIONS) if scope == "regions" else words.UNITS_MUNICIPALITIES


def rank_notes(table: pd.DataFrame, *notes: str) -> None:
    """Under a rank: who is not ranked and why, any `notes`, and Kolada's caution."""
    for note in (unranked_note(table), *notes, words.RANK_CAUTION):
        if note:
            st.caption(note)


def jobs_rank_line(region: str, start: int, end: int) -> None:
    """On demand: the region's rank on growth in jobs, among every municipality or among the peer regions."""
    asked = ranks_asked(region, "jobs_ranks")
    if asked is None:
        return
    scope, units = asked
    table = derived("jobs_growth_ranks", functools.partial(peers.jobs_growth_ranks, start, end, scope),
                    start=start, end=end, scope=scope)
    rank = rank_of(table, region, start, end)
    if rank is None:
        st.markdown(none_line(table, region, start, end))
    else:
        st.markdown(texts.fill(words.RANK_LINE, name=markdown_escaped(rank.name), position=rank.position,
                               order=words.HIGHEST,
                               measure=words.MEASURE_JOBS_GROWTH, total=rank.total, units=units, start=start,
                               end=end, value=format_percent(rank.value, signed=True)))
    rank_notes(table)
    if not table.empty:
        export_buttons(key=f"jobs_ranks_{scope}_{region}", data=table.assign(start=start, end=end),
                       provenances=provenances("jobs_total"),
                       title=texts.fill(words.JOBS_RANK_EXPORT, start=start, end=end))


def migration_rank_line(region: str) -> None:
    """On demand: the region's rank on net in-migration per 1 000 residents over the plan's years so far (else
    the last four), among every municipality or among the region and its peer regions (Arealprofiler covers
    every municipality)."""
    known = active_region()
    asked = ranks_asked(region, "migration_ranks")
    if asked is None:
        return
    scope, units = asked
    years = derived("net_migration_years", peers.net_migration_years)
    end = years[-1]
    start = known.plan.start if known.plan is not None and years[0] <= known.plan.start < end else max(
        years[0], end - 3)
    table = derived("net_migration_ranks", functools.partial(peers.net_migration_ranks, start, end, scope),
                    start=start, end=end, scope=scope)
    rank = rank_of(table, region, start, end)
    if rank is None:
        st.markdown(none_line(table, region, start, end))
    else:
        row = table[table["region_code"] == region].iloc[0]
        st.markdown(texts.fill(words.MIGRATION_RANK_LINE, name=markdown_escaped(rank.name), position=rank.position,
                               order=words.HIGHEST, measure=words.MEASURE_NET_MIGRATION, total=rank.total,
                               units=units, start=start, end=end, value=format_number(rank.value, 1),
                               moved=format_number(float(row["end_value"]))))
    rank_notes(table, texts.fill(words.MIGRATION_RANK_NOTE, start=start, end=end))
    if not table.empty:
        export_buttons(key=f"migration_ranks_{scope}_{region}", data=table.assign(start=start, end=end),
                       provenances=provenances("net_migration_per_1000"),
                       title=texts.fill(words.MIGRATION_RANK_EXPORT, start=start, end=end))


# --- similar places -------------------------------------------------------------------------------------------


def _shown(table: pd.DataFrame) -> pd.DataFrame:
    """The measures as a person reads them (Norwegian numbers, shares as per cent)."""
    out = pd.DataFrame({
        "region_name": table["region_name"],
        "distance": [format_number(v, 2) for v in table["distance"]],
        "residents": [format_number(v) for v in table["residents"]],
        "share_65_plus": [format_percent(v) for v in table["share_65_plus"]],
        "share_0_19": [format_percent(v) for v in table["share_0_19"]],
        "growth_10_years": [format_percent(v, signed=True) for v in table["growth_10_years"]],
        "jobs_per_100": [format_number(v, 1) for v in table["jobs_per_100"]],
        "out_commuting_share": [format_percent(v) for v in table["out_commuting_share"]],
    })
    return out.rename(columns=words.SIMILAR_COLUMNS)


def similarity_sources() -> list[Provenance]:
    found = {p.dataset: p for name in ("population_total", "jobs_total", "commuting")
             for p in provenances(name)}
    return list(found.values())


def similar_measures() -> peers.Similarity:
    return derived("similarity_measures", peers.similarity_measures)


def similar_section(member: str | None = None) -> None:
    """Om: method, measures, the peer regions by distance to the region, and the municipalities most like the
    region or a member; each table exportable with its provenance."""
    known = active_region()
    st.header(words.SIMILAR_HEADING)
    st.markdown(texts.fill(words.SIMILAR_INTRO))
    st.markdown(words.SIMILAR_METHOD)
    if not st.toggle(texts.fill(words.SIMILAR_TOGGLE), key="similar_show"):
        return
    try:
        measures = similar_measures()
    except (CacheError, LookupError, KeyError, IndexError, ValueError):
        st.info(words.SIMILAR_NO_DATA, icon=":material/info:")
        return
    first = measures.regions.iloc[0]
    lines = [texts.fill(line, year=first["year"], growth_from=first["growth_from"], work_year=first["work_year"],
                        commuting_year=first["commuting_year"]) for line in words.SIMILAR_MEASURE_LINES.values()]
    st.markdown(words.SIMILAR_MEASURES_HEADING + "\n\n" + "\n".join(f"- {line}" for line in lines))
    sources = similarity_sources()
    if known.peers:
        regions = measures.similar_regions(known.id)
        own = measures.regions[measures.regions["region_code"] == known.id].assign(distance=0.0)
        st.subheader(texts.fill(words.SIMILAR_REGIONS))
        table = pd.concat([own, regions], ignore_index=True)
        st.dataframe(_shown(table), hide_index=True)
        export_buttons(key="similar_regions", data=table, provenances=sources, title=words.SIMILAR_EXPORT)
    choices = list(known.selectable)
    chosen = st.selectbox(words.SIMILAR_MEMBER_LABEL, choices, format_func=region_name, key="similar_member",
                          index=choices.index(member) if member in choices else 0)
    nearest = measures.similar_municipalities(chosen)
    if nearest.empty:
        st.info(texts.fill(words.SIMILAR_NONE, name=markdown_escaped(region_name(chosen))), icon=":material/info:")
        return
    st.subheader(texts.fill(words.SIMILAR_MUNICIPALITIES, count=len(nearest),
                            name=markdown_escaped(region_name(chosen))))
    own = measures.table()
    own = own[own["region_code"] == chosen].assign(distance=0.0)
    table = pd.concat([own, nearest], ignore_index=True)
    st.dataframe(_shown(table), hide_index=True)
    export_buttons(key=f"similar_municipalities_{chosen}", data=table, provenances=sources,
                   title=f"{words.SIMILAR_EXPORT} – {region_name(chosen)}")


# --- meeting mode ----------------------------------------------------------------------------------------------


def similar_toggle() -> bool:
    """Møtemodus: «{region} og liknande regionar» as a slide (kept in the URL as ?similar=1); off by default,
    since it reads a summary of every municipality."""
    key = widget_key("similar")
    if not isinstance(st.session_state.get(key), bool):
        st.session_state[key] = url_choice("similar", ["0", "1"], "0") == "1"
    on = st.checkbox(texts.fill(words.SLIDE_SIMILAR_OPTION), key=key)
    if on:
        set_param("similar", "1")
    elif "similar" in st.query_params:  # off is the default: the link stays as it was without the slide
        del st.query_params["similar"]
    return on


def peers_not_in_meeting() -> None:
    """Møtemodus' region list holds the plan's region and its members only (the slides are the plan's goals, which
    do not apply to a peer region): said under the list, where the sidebar would offer the peers."""
    known = active_region()
    if known.peers:
        names = ", ".join(p.name for p in known.peers)
        st.caption(texts.fill(words.PEERS_NOT_IN_MEETING, peers=markdown_escaped(names)))


def similar_slide() -> str:
    """The slide: the region and its peer regions, nearest first, on the measures of `similar_section`, with
    the source line; returns its label for the top bar."""
    known = active_region()
    label = texts.fill(words.SLIDE_SIMILAR)
    st.markdown(text_html("div", "meeting-headline", label), unsafe_allow_html=True)
    try:
        measures = similar_measures()
    except (CacheError, LookupError, KeyError, IndexError, ValueError):
        st.markdown(text_html("div", "meeting-text", words.SIMILAR_NO_DATA), unsafe_allow_html=True)
        return label
    own = measures.regions[measures.regions["region_code"] == known.id].assign(distance=0.0)
    shown = _shown(pd.concat([own, measures.similar_regions(known.id)], ignore_index=True))
    shown = shown.drop(columns=[words.SIMILAR_COLUMNS["share_0_19"]])
    st.markdown(render("snippets/table.html.j2", css_class="meeting-similar", head=list(shown.columns),
                       rows=shown.astype(str).values.tolist()), unsafe_allow_html=True)
    note = source_line(similarity_sources(), texts.fill(words.SLIDE_SIMILAR_NOTE))
    st.markdown(text_html("div", "meeting-explanation", note), unsafe_allow_html=True)
    return label
