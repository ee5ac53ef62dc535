"""Showing a chart: the figure with the app's template, and its downloads beside it.

Under every chart: CSV (ready at once), Excel and ZIP (built only when clicked), and PNG/SVG images.
Images are drawn on the server by one shared headless browser (indicators.present.images), and only when the user
asks with «Lag bilete», so pages render fast. Where no browser is installed the image button says so and
the data downloads still work.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from indicators import i18n
from indicators.model import Provenance
from indicators.present import export, images
from indicators.present.browser_copy import shared_browser_figure
from indicators.present.charts import Chart, plain_text, source_annotation_text
from indicators.present.export import ExportView, bundle_zip, safe_filename, to_excel_bytes, view_csv_bytes
from indicators.present.html import text_html
from indicators.present.texts import chrome
from indicators.present.texts import downloads as words

# Plotly's buttons above a chart: the image download (as PNG, sharp), zoom, pan and back; in Nynorsk (the bundled
# plotly.js knows only English, so the dictionary is registered through the config). The selection and
# hover-mode buttons are left out: nothing on these pages uses a selection.
CHART_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "zoomIn2d", "zoomOut2d", "toggleSpikelines",
                               "hoverClosestCartesian", "hoverCompareCartesian"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def chart_config() -> dict[str, object]:
    """CHART_CONFIG with plotly's words in the active language."""
    language = i18n.current()
    return {**CHART_CONFIG, "locale": language,
            "locales": {language: {"dictionary": chrome.PLOTLY_DICTIONARY, "format": chrome.PLOTLY_FORMAT}}}


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMAGE_WIDTH = 1200
_IMAGES_STATE = "_chart_images_{key}"


def show(chart: Chart, *, downloads_menu: bool = False) -> None:
    """Draw a finished Chart with its source line and exports. With `downloads_menu` the exports sit behind one
    «Last ned» popover whose buttons are made only while it is open (see show_chart)."""
    show_chart(chart.figure, key=chart.key, data=chart.data, provenances=chart.provenances, title=chart.title,
               downloads_menu=downloads_menu)


def show_chart(
    fig: go.Figure,
    *,
    key: str,
    data: pd.DataFrame,
    provenances: Sequence[Provenance],
    title: str,
    downloads_menu: bool = False,
) -> None:
    """Draw `fig` (theme=None keeps our template) and offer its data and image for download."""
    narrow_screen_title(fig)
    # the browser's copy: drawn once, where Streamlit's second Plotly.react on mount drew the chart again
    st.plotly_chart(shared_browser_figure(fig), theme=None, width="stretch", config=chart_config(),
                    key=f"chart_{key}")
    narrow_screen_source(fig)
    if downloads_menu:
        # Opening the menu reruns the page, which then makes its buttons: a closed menu costs every run and every
        # region change no download buttons (six elements less to send and mount, issue 20), and the browser loads
        # no download-button code while the page opens.
        with st.popover(words.DOWNLOAD_MENU, icon=":material/download:", key=downloads_menu_key(key),
                        on_change="rerun") as menu:
            if menu.open:
                export_buttons(key=key, data=data, provenances=provenances, title=title, figure=fig)
    else:
        export_buttons(key=key, data=data, provenances=provenances, title=title, figure=fig)


def downloads_menu_key(chart_key: str) -> str:
    """The «Last ned» menu's widget key: `st.session_state[key]` is True while it is open."""
    return f"downloads_{chart_key}"


def title_text(fig: go.Figure) -> str:
    """The figure's title as plain text (line breaks and plotly's markup gone)."""
    return plain_text(str(fig.layout.title.text or ""))


def narrow_screen_title(fig: go.Figure) -> None:
    """The chart's title as text that wraps, shown instead of plotly's on a phone (ui/style.py): plotly does not
    wrap a title, and at 390 px it was cut after three or four words. Hidden on wider screens."""
    _phone_copy(title_text(fig), "narrow-chart-title")


def narrow_screen_source(fig: go.Figure) -> None:
    """The figure's source line as text that wraps, under the chart on a phone only: plotly does not wrap it, and at
    390 px it was cut in the middle of the data date. ui/style.py's PHONE_CHART_SCRIPT hides the figure's own line
    there and the band it leaves; the figure itself, and every image of it, keeps it."""
    _phone_copy(source_annotation_text(fig), "narrow-chart-source")


def _phone_copy(text: str, css_class: str) -> None:
    """A figure's text as a paragraph that APP_CSS shows on a phone only (nothing when empty), right before or after
    its chart (PHONE_CHART_SCRIPT finds the source line as the element after the chart). One element, no container
    around it: every element is one more to send on every run and to mount (issue 20)."""
    if text:
        st.html(text_html("p", css_class, text))


def current_link() -> str:
    """The address that reopens this view: the page URL plus every query parameter written so far."""
    base = st.context.url or ""
    params = st.query_params.to_dict()
    return f"{base}?{urlencode(params)}" if base and params else base


def _fingerprint(fig: go.Figure) -> str:
    return hashlib.sha256(fig.to_json().encode("utf-8")).hexdigest()


def export_buttons(
    *,
    key: str,
    data: pd.DataFrame,
    provenances: Sequence[Provenance],
    title: str,
    figure: go.Figure | None = None,
    notes: Sequence[str] = (),
) -> None:
    """CSV, Excel, ZIP and (for a figure) PNG/SVG downloads of exactly `data`, each with its provenance."""
    filename = safe_filename(title) if title else safe_filename(key)
    view = ExportView(
        title=title, data=data.copy(), provenances=list(provenances), notes=list(notes),
        link=current_link(), filters=st.query_params.to_dict(),
    )
    prepared = _prepared_images(key, figure)
    missing_reason = images.unavailable_reason() if figure is not None else words.NO_CHART

    row = st.container(horizontal=True, gap="small", vertical_alignment="center")
    with row:
        st.download_button(
            # callables: Streamlit builds the files only when clicked, on its own thread (no st.* inside; i18n.bound:
            # in the page's language)
            "CSV", i18n.bound(lambda: view_csv_bytes(view)), file_name=f"{filename}.csv", mime="text/csv",
            key=f"csv_{key}",
            icon=":material/download:", on_click="ignore",
            help=words.CSV_HELP,
        )
        st.download_button(**export.excel_csv_button(view, filename, key))  # semicolons and decimal commas (issue 20)
        st.download_button(
            "Excel", i18n.bound(lambda: to_excel_bytes(view)), file_name=f"{filename}.xlsx", mime=XLSX_MIME,
            key=f"xlsx_{key}", icon=":material/download:", on_click="ignore",
            help=words.EXCEL_HELP,
        )
        st.download_button(
            "ZIP",
            i18n.bound(lambda: bundle_zip(view, prepared, basename=filename, images_missing_reason=missing_reason)),
            file_name=f"{filename}.zip", mime="application/zip", key=f"zip_{key}", icon=":material/folder_zip:",
            on_click="ignore",
            help=words.ZIP_HELP_WITH_IMAGES if prepared else words.ZIP_HELP_WITHOUT_IMAGES,
        )
        if figure is not None:
            _image_controls(key, figure, filename, prepared)


def _prepared_images(key: str, figure: go.Figure | None) -> dict[str, bytes] | None:
    """Images made earlier in this session for this chart, if the chart has not changed since."""
    stored = st.session_state.get(_IMAGES_STATE.format(key=key))
    if not stored or figure is None:
        return None
    if stored.get("fingerprint") != _fingerprint(figure):
        return None
    return {fmt: stored[fmt] for fmt in images.FORMATS if stored.get(fmt)}


def _image_controls(key: str, figure: go.Figure, filename: str, prepared: dict[str, bytes] | None) -> None:
    reason = images.unavailable_reason()
    if reason is not None and not prepared:
        st.button(words.IMAGES_UNAVAILABLE, key=f"img_{key}", disabled=True, icon=":material/image:", help=reason)
        first_sentence = reason.split(". ")[0].rstrip(".")
        st.caption(words.DATA_STILL_AVAILABLE.format(reason=first_sentence))
        return
    if prepared:
        st.download_button(
            "PNG", prepared["png"], file_name=f"{filename}.png", mime=images.MIME_TYPES["png"],
            key=f"png_{key}", icon=":material/image:", on_click="ignore",
        )
        st.download_button(
            "SVG", prepared["svg"], file_name=f"{filename}.svg", mime=images.MIME_TYPES["svg"],
            key=f"svg_{key}", icon=":material/image:", on_click="ignore",
        )
        return
    if st.button(words.MAKE_IMAGES, key=f"img_{key}", icon=":material/image:", help=words.MAKE_IMAGES_HELP):
        try:
            with st.spinner(words.MAKING_IMAGES):
                height = int(figure.layout.height or images.DEFAULT_HEIGHT)
                made = images.render_images(figure, width=IMAGE_WIDTH, height=height)
        except images.ImageExportError as exc:
            st.warning(words.IMAGE_FAILED.format(problem=exc), icon="⚠️")
            return
        st.session_state[_IMAGES_STATE.format(key=key)] = {"fingerprint": _fingerprint(figure), **made}
        st.rerun()
