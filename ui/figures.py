"""Showing a chart: the figure with the app's template, and its data exports beside it."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from indicators.model import Provenance

CHART_CONFIG = {"displaylogo": False, "locale": "no", "toImageButtonOptions": {"format": "png", "scale": 2}}


def show_chart(
    fig: go.Figure,
    *,
    key: str,
    data: pd.DataFrame,
    provenances: Sequence[Provenance],
    title: str,
) -> None:
    """Draw `fig` (theme=None keeps our template) and offer its data for download."""
    st.plotly_chart(fig, theme=None, width="stretch", config=CHART_CONFIG, key=f"chart_{key}")
    export_buttons(key=key, data=data, provenances=provenances, title=title, figure=fig)


def export_buttons(
    *,
    key: str,
    data: pd.DataFrame,
    provenances: Sequence[Provenance],
    title: str,
    figure: go.Figure | None = None,
) -> None:
    csv = data.to_csv(index=False).encode("utf-8")
    st.download_button("Last ned data (CSV)", csv, file_name=f"{key}.csv", mime="text/csv", key=f"csv_{key}")
