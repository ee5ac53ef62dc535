"""The sidebar's footer on every page: the sources, the newest figures and when they were fetched."""

from __future__ import annotations

from typing import Any

import streamlit as st

from indicators import cache
from indicators.formatting import format_date
from indicators.present.texts import common
from indicators.registry import get_indicator
from ui.data import all_stamps, indicator_frame


def footer_text(region_id: str) -> str:
    """The footer for the whole region, built once per cache state (every page draws it, so it must not cost a
    read of the population and jobs tables on every run)."""
    return _footer_text(region_id, all_stamps())


@st.cache_resource(show_spinner=False, max_entries=8)
def _footer_text(region_id: str, stamp_key: Any) -> str:
    manifests = [m for m in (cache.read_manifest(name) for name in cache.list_datasets()) if m is not None]
    # Each attribution reads "Kjelde: …": the footer says "Kjelder:" once, before them all.
    sources = sorted({m.attribution.removeprefix("Kjelde:").strip() for m in manifests})
    retrieved = max((m.retrieved_at for m in manifests if m.retrieved_at), default=None)
    latest = []
    for indicator_id, label in common.FOOTER_FIGURES.items():
        try:
            frame = indicator_frame(indicator_id, region_id).dropna(subset=["value"])
        except (cache.CacheError, LookupError):  # no dataset, or no figures for the region's municipalities
            continue
        if not frame.empty:
            latest.append(f"{label} {get_indicator(indicator_id).describe_period(int(frame['period'].max()))}")
    newest = common.FOOTER_NEWEST.format(figures=", ".join(latest)) if latest else ""
    return common.FOOTER.format(sources=" · ".join(sources), newest=newest, retrieved=format_date(retrieved))
