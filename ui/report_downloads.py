"""Rapportering: a signed-in editor downloads the statusrapport or the sluttrapport as PDF, Word or HTML.

The file is made only when asked («Lag rapporten», with a spinner: a PDF takes some seconds), then offered with
a download button; it is kept in the session until another report or format is chosen, so a rerun of the page
does not make it again. Without Chromium the PDF is refused with a Nynorsk message before anything is made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

import streamlit as st

from indicators.followup.errors import FollowupError
from indicators.formatting import format_number
from indicators.present import images, round_view
from indicators.present.report import (
    MIME_TYPES,
    Format,
    ReportError,
    content_for,
    default_report_filename,
    render,
)
from indicators.present.texts import fill
from indicators.present.texts import report as t
from indicators.regions import active_region
from indicators.report_inputs import read_report_inputs
from indicators.round_inputs import with_round
from ui.reporting_round import report_round_choice
from ui.sidebar import current_region

MADE_KEY = "_report_download"


@dataclass(frozen=True)
class MadeReport:
    region: str
    kind: str
    fmt: Format
    file_name: str
    data: bytes
    round: str = ""  # the reporting round the report was made for ('' none)


def _size(data: bytes) -> str:
    kilobytes = len(data) / 1024
    return f"{format_number(kilobytes / 1024, 1)} MB" if kilobytes >= 1024 else f"{format_number(kilobytes)} kB"


def make_report(region: str, kind: str, fmt: Format, round_name: str = "") -> MadeReport:
    """The report for `region` as `fmt`, for a reporting round when `round_name` is given (raises ReportError or
    FollowupError with a Nynorsk message)."""
    final = kind == "final"
    inputs = read_report_inputs(region, final=final)
    if round_name:
        inputs = with_round(inputs, round_name)
    data = render(content_for(inputs), fmt)
    name = (round_view.round_filename(round_name, region, dt.date.today(), fmt) if round_name
            else default_report_filename(region, dt.date.today(), final=final, fmt=fmt))
    return MadeReport(region, kind, fmt, name, data, round_name)


def report_downloads() -> None:
    """The download box (for a signed-in editor; the page checks the role)."""
    with st.expander(t.DOWNLOADS_HEADING, icon=":material/download:"):
        region = current_region()
        st.caption(t.DOWNLOADS_INTRO)
        st.caption(t.DOWNLOADS_REGION.format(name=active_region().region_name(region)))
        kind = str(st.radio(t.DOWNLOADS_KIND, list(t.DOWNLOADS_KINDS), key="report_download_kind", horizontal=True,
                            format_func=lambda k: fill(t.DOWNLOADS_KINDS[k])) or "status")
        fmt = cast(Format, st.radio(t.DOWNLOADS_FORMAT, list(t.DOWNLOADS_FORMATS), key="report_download_format",
                                    horizontal=True, format_func=lambda f: t.DOWNLOADS_FORMATS[f]) or "pdf")
        round_name = report_round_choice() if kind == "status" else ""  # issue 22
        kind_name = fill(t.DOWNLOADS_KINDS[kind])
        if fmt == "pdf" and (reason := images.unavailable_reason()):
            st.error(t.DOWNLOADS_NO_CHROMIUM.format(reason=reason), icon=":material/error:")
            return
        if st.button(t.DOWNLOADS_MAKE, key="report_download_make", type="primary"):
            with st.spinner(t.DOWNLOADS_MAKING.format(kind=kind_name, format=t.DOWNLOADS_FORMATS[fmt])):
                try:
                    st.session_state[MADE_KEY] = make_report(region, kind, fmt, round_name)
                except (ReportError, OSError, FollowupError) as exc:
                    st.session_state.pop(MADE_KEY, None)
                    st.error(t.DOWNLOADS_FAILED.format(reason=exc), icon=":material/error:")
        made = st.session_state.get(MADE_KEY)
        if isinstance(made, MadeReport) and (made.region, made.kind, made.fmt, made.round) == (
                region, kind, fmt, round_name):
            st.success(t.DOWNLOADS_READY.format(kind=kind_name, file=made.file_name, size=_size(made.data)),
                       icon=":material/check_circle:")
            st.download_button(t.DOWNLOADS_DOWNLOAD.format(file=made.file_name), made.data,
                               file_name=made.file_name, mime=MIME_TYPES[fmt], key="report_download_file",
                               on_click="ignore", icon=":material/download:")
