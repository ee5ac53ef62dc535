"""Page state in the URL query string, so a link opens exactly the same view.

Rules for everything read from the URL:
- a value is only ever compared with a fixed list of options or parsed as digits; nothing is unpickled,
  evaluated or used as a path;
- a value that is too long, repeated (`?region=a&region=b`), unknown or malformed falls back to the default,
  and a short Nynorsk notice says so (shown once by `show_url_notices`, with the bad value shown only in
  a cleaned, shortened form so it cannot inject markup);
- the widget's value is written back, so the address bar always holds the current view.

Where Streamlit's own binding serves, it is used: `bound_choice` (a choice among values shown as themselves, such
as years) is a widget with `bind="query-params"` and key `<param>`; Streamlit reads and writes the URL and leaves
the default out of it. It cannot serve the other choices: it keeps the *shown label* in the URL (a region's name,
«På rett veg» — which changes with the language and would break every link with a code), it drops a bad value
without a word, and it seeds a widget only from the link as opened, so a parameter renamed from an older link
(`adopt_legacy_params`) would be missed — a parameter with an old name stays hand-made. Those stay hand-made below;
the small shim in `bound_choice` adds the «Lenkja …» notice Streamlit does not give.

Hand-made widgets keep their value in st.session_state["url_<param>"]; the URL is only read when that key is absent
(a new session or a widget not drawn before), so a user's changes win over the link they came from.

The value is written to st.session_state before the widget on every run (`_hold`), not only the first time:
Streamlit sends a value to the browser only on a run where the code set it, and a widget the browser has
not mounted (inside a closed popover, say) would otherwise appear with its empty default once it is opened
after a rerun — and the user's next click would then replace the whole selection.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from indicators.present.texts import links

_NOTICES_KEY = "_url_notices"
MAX_SHOWN_PARAM_LENGTH = 40
MAX_PARAM_LENGTH = 300  # longer than any real value (a list of every goal id is about 250 characters)
LIST_SEPARATOR = ","
_SHOWABLE = re.compile(r"[^0-9A-Za-zÆØÅæøå _.,:+\-]")
_YEAR_RANGE = re.compile(r"^\s*(\d{4})\s*[-–]\s*(\d{4})\s*$")
_INTEGER = re.compile(r"^\s*(\d{1,9})\s*$")


# URL parameters had Nynorsk names in the first release; links in council minutes still use them.
# Old name -> today's name; `adopt_legacy_params` rewrites them before any page reads the URL.
LEGACY_PARAMS: dict[str, str] = {
    "sektor_vis": "sector_view",
    "straumar": "flows",
    "retning": "direction",
    "arbeidsplassar_vis": "jobs_view",
    "pendling_aar": "commuting_year",
}


def adopt_legacy_params() -> None:
    """Rename parameters of older links to today's names (today's name wins when a link has both)."""
    for old, new in LEGACY_PARAMS.items():
        if old not in st.query_params:
            continue
        values = st.query_params.get_all(old)
        del st.query_params[old]
        if new not in st.query_params:
            st.query_params[new] = values if len(values) > 1 else values[0]


def widget_key(param: str) -> str:
    return f"url_{param}"


def _notice(text: str) -> None:
    notices: list[str] = st.session_state.setdefault(_NOTICES_KEY, [])
    if text not in notices:
        notices.append(text)


def _shown(raw: str) -> str:
    """A bad value as it may be shown: short, and only letters, digits and harmless punctuation."""
    cleaned = _SHOWABLE.sub("?", raw[:MAX_SHOWN_PARAM_LENGTH])
    return cleaned + ("…" if len(raw) > MAX_SHOWN_PARAM_LENGTH else "")


def show_url_notices() -> None:
    """Show (once) what was wrong with the link's parameters."""
    notices = st.session_state.pop(_NOTICES_KEY, [])
    for text in notices:
        st.info(text, icon="ℹ️")


def url_raw(param: str) -> str | None:
    """The link's single value for `param`, or None if absent, repeated or too long (with a notice)."""
    values = st.query_params.get_all(param)
    if not values:
        return None
    if len(values) > 1:
        _notice(links.REPEATED.format(param=param))
        return None
    raw = values[0]
    if len(raw) > MAX_PARAM_LENGTH:
        _notice(links.TOO_LONG.format(param=param))
        return None
    return raw


def _unknown(param: str, raw: str) -> None:
    _notice(links.UNKNOWN.format(param=param, value=_shown(raw)))


def url_choice(param: str, options: Sequence[str], default: str) -> str:
    """The URL's value for `param` if it is one of `options`, else `default` (with a notice if it was wrong)."""
    raw = url_raw(param)
    if raw is None:
        return default
    if raw in options:
        return raw
    _unknown(param, raw)
    return default


def url_choices(param: str, options: Sequence[str], default: Sequence[str]) -> list[str]:
    """A comma-separated list from the URL, e.g. ?goals=a,b. Unknown items are dropped with a notice;
    if none is left (and the link was not explicitly empty), `default`."""
    raw = url_raw(param)
    if raw is None:
        return list(default)
    if raw.strip() == "":
        return []
    chosen: list[str] = []
    unknown: list[str] = []
    for item in raw.split(LIST_SEPARATOR):
        item = item.strip()
        if item in options:
            if item not in chosen:
                chosen.append(item)
        elif item:
            unknown.append(item)
    if unknown:
        shown = ", ".join(_shown(u) for u in unknown[:3]) + (" …" if len(unknown) > 3 else "")
        if chosen:
            _notice(links.UNKNOWN_ITEMS_SKIPPED.format(param=param, values=shown))
        else:
            _notice(links.UNKNOWN_ITEMS.format(param=param, values=shown))
            return list(default)
    return chosen


def url_int(param: str, low: int, high: int, default: int) -> int:
    """A whole number low..high from the URL, else `default` (with a notice if it was wrong)."""
    raw = url_raw(param)
    if raw is None:
        return default
    match = _INTEGER.match(raw)
    if match and low <= int(match.group(1)) <= high:
        return int(match.group(1))
    _unknown(param, raw)
    return default


def url_year_range(param: str, low: int, high: int, default: tuple[int, int]) -> tuple[int, int]:
    """A year range 'YYYY-YYYY' within low..high from the URL, else `default` (with a notice if wrong)."""
    raw = url_raw(param)
    if raw is None:
        return default
    match = _YEAR_RANGE.match(raw)
    if match:
        first, last = int(match.group(1)), int(match.group(2))
        if low <= first <= last <= high:
            return first, last
    _unknown(param, raw)
    return default


def format_year_range(years: tuple[int, int]) -> str:
    return f"{years[0]}-{years[1]}"


def _hold(key: str, value: Any) -> None:
    """Give the widget under `key` its current value explicitly on this run (see the module docstring)."""
    st.session_state[key] = value


def set_param(param: str, value: str) -> None:
    """Write one value to the URL (only when it changed, so the browser history stays clean)."""
    if st.query_params.get_all(param) != [value]:
        st.query_params[param] = value


def synced_select(
    label: str,
    options: Sequence[str],
    *,
    param: str,
    default: str,
    format_func: Callable[[Any], Any] = str,
    widget: Callable[..., Any] | None = None,
    **widget_kwargs: Any,
) -> str:
    """A select widget whose value lives in the URL query parameter `param` (and is restored from it)."""
    options = list(options)
    _current_choice(param, options, default)
    chooser = widget or st.selectbox
    value = chooser(label, options, key=widget_key(param), format_func=format_func, **widget_kwargs)
    set_param(param, value)
    return value


def keep_choice(param: str, options: Sequence[str], default: str) -> str:
    """A `synced_select`'s value on a page that does not draw the widget: held under the widget's key and written to
    the URL as the widget would, so a page that draws it shows it unchanged (Streamlit forgets the value of a widget
    that a run does not draw, and a link copied here must open the same view)."""
    current = _current_choice(param, list(options), default)
    set_param(param, current)
    return current


def _current_choice(param: str, options: list[str], default: str) -> str:
    """The session's value for `param` if it is one of `options`, else the link's, else `default`; held (`_hold`)."""
    key = widget_key(param)
    current = st.session_state.get(key)
    if key not in st.session_state or current not in options:
        current = url_choice(param, options, default)
    _hold(key, current)
    return current


def bound_choice(
    label: str,
    options: Sequence[str],
    *,
    param: str,
    default: str,
    widget: Callable[..., Any] = st.selectbox,
    **widget_kwargs: Any,
) -> str:
    """A choice kept in the URL by Streamlit itself (`bind="query-params"`, key `param`): for options shown as
    themselves (years), so the URL holds the value, never a translated label. The default is left out of the URL.
    The shim: a link's bad value (unknown, repeated, too long) gets the same notice as the hand-made widgets."""
    options = list(options)
    if st.session_state.get(param) not in options:  # a new session or page: the link decides, told if it was bad
        url_choice(param, options, default)
    if widget is st.select_slider:
        widget_kwargs.setdefault("value", default)
    else:
        widget_kwargs.setdefault("index", options.index(default))
    value = widget(label, options, key=param, bind="query-params", **widget_kwargs)
    return str(value)


def synced_multiselect(
    label: str,
    options: Sequence[str],
    *,
    param: str,
    default: Sequence[str],
    format_func: Callable[[Any], Any] = str,
    also_valid: Sequence[str] = (),
    **widget_kwargs: Any,
) -> list[str]:
    """A multiselect kept in the URL as a comma-separated list (?goals=a,b,c), in the order chosen.

    `options` are offered; `also_valid` are values a link (or an earlier choice) may hold without being offered,
    e.g. a chart that has no data yet: kept, and listed while chosen, so the user sees and can remove them.
    Streamlit's English "Select all" entry is hidden unless `select_all` is passed.
    """
    key = widget_key(param)
    offered = list(options)
    valid = offered + [v for v in also_valid if v not in offered]
    current = st.session_state.get(key)
    if not isinstance(current, list) or any(v not in valid for v in current):
        current = url_choices(param, valid, [d for d in default if d in valid])
    _hold(key, list(current))
    shown = offered + [v for v in current if v not in offered]
    widget_kwargs.setdefault("select_all", False)
    values = list(st.multiselect(label, shown, key=key, format_func=format_func, **widget_kwargs))
    set_param(param, LIST_SEPARATOR.join(values))
    return values


def synced_year_range(
    label: str,
    low: int,
    high: int,
    *,
    param: str = "years",
    default: tuple[int, int] | None = None,
    **widget_kwargs: Any,
) -> tuple[int, int]:
    """A year-range slider kept in the URL as ?years=2015-2024."""
    key = widget_key(param)
    wanted = default or (low, high)
    wanted = (max(low, min(wanted[0], high)), max(low, min(wanted[1], high)))
    current = st.session_state.get(key)
    valid = (
        isinstance(current, tuple | list) and len(current) == 2
        and all(isinstance(v, int) for v in current) and low <= current[0] <= current[1] <= high
    )
    _hold(key, (current[0], current[1]) if valid else url_year_range(param, low, high, wanted))  # type: ignore[index]
    if low == high:  # a slider needs two different ends; one year is simply that year
        value = (low, high)
    else:
        value = tuple(st.slider(label, min_value=low, max_value=high, key=key, step=1, **widget_kwargs))
    years = (int(value[0]), int(value[1]))
    set_param(param, format_year_range(years))
    return years


def synced_int(param: str, low: int, high: int, default: int) -> int:
    """A whole number kept in session state and the URL (no widget: for steps such as a slide number)."""
    key = widget_key(param)
    current = st.session_state.get(key)
    if isinstance(current, int) and not isinstance(current, bool):
        st.session_state[key] = max(low, min(current, high))  # the range shrank: stay at the nearest end
    else:
        st.session_state[key] = url_int(param, low, high, default)
    value = int(st.session_state[key])
    set_param(param, str(value))
    return value
