"""Page state in the URL query string, so a link opens exactly the same view.

Only plain strings from a fixed list of options are read back; anything else falls back to the default
with a short notice. Nothing from the URL is unpickled or evaluated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

_NOTICES_KEY = "_url_notices"
MAX_SHOWN_PARAM_LENGTH = 40


def _notice(text: str) -> None:
    notices: list[str] = st.session_state.setdefault(_NOTICES_KEY, [])
    if text not in notices:
        notices.append(text)


def show_url_notices() -> None:
    """Show (once) what was wrong with the link's parameters."""
    notices = st.session_state.pop(_NOTICES_KEY, [])
    for text in notices:
        st.info(text, icon="ℹ️")


def url_choice(param: str, options: Sequence[str], default: str) -> str:
    """The URL's value for `param` if it is one of `options`, else `default` (with a notice if it was wrong)."""
    raw = st.query_params.get(param)
    if raw is None:
        return default
    if raw in options:
        return raw
    shown = raw[:MAX_SHOWN_PARAM_LENGTH] + ("…" if len(raw) > MAX_SHOWN_PARAM_LENGTH else "")
    _notice(f"Lenkja hadde ein ukjend verdi for «{param}» («{shown}»). Viser standardvalet i staden.")
    return default


def synced_select(
    label: str,
    options: Sequence[str],
    *,
    param: str,
    default: str,
    format_func: Callable[[Any], str] = str,
    widget: Callable[..., Any] | None = None,
    **widget_kwargs: Any,
) -> str:
    """A select widget whose value lives in the URL query parameter `param` (and is restored from it)."""
    key = f"url_{param}"
    options = list(options)
    if key not in st.session_state or st.session_state[key] not in options:
        st.session_state[key] = url_choice(param, options, default)
    chooser = widget or st.selectbox
    value = chooser(label, options, key=key, format_func=format_func, **widget_kwargs)
    st.query_params[param] = value
    return value
