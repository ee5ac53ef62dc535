"""The copy of a finished figure that the browser draws: drawn once, not twice.

Streamlit hands every chart to `Plotly.react` a second time as it mounts it, with a fresh copy of the same figure.
Plotly compares the two and draws the whole chart again when anything it compares has changed — and a template,
or a data array without a `datarevision`, counts as changed whenever it is a new object (plotly.js 3.8,
`Plotly.react`'s diff: the template by identity, data arrays by identity unless a revision is given). That second
draw cost as much as the first (issue 20). So the browser gets the figure with the template's values written into
it, no template, its data as plain lists and a `datarevision`, the data's fingerprint: Streamlit's second call
then changes nothing and draws nothing. Exports keep the figure as built.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import weakref
from typing import Any

import numpy as np
import plotly.graph_objects as go

AXIS_KEY = re.compile(r"([xy])axis\d+")  # xaxis2, yaxis3, …: xaxis and yaxis get theirs with the layout


def browser_figure(fig: go.Figure) -> go.Figure:
    """A copy of `fig` without a template (its values in the figure), with plain lists and a data revision."""
    spec = fig.to_plotly_json()
    layout = dict(spec.get("layout") or {})
    template = layout.pop("template", None) or {}  # a dict: to_plotly_json gives the figure's parts as dicts
    template_layout = template.get("layout") or {}
    layout = _under(template_layout, layout)
    for key in list(layout):  # the template's xaxis and yaxis hold for every further axis of their kind too
        match = AXIS_KEY.fullmatch(key)
        if match:
            layout[key] = _under(template_layout.get(f"{match.group(1)}axis") or {}, layout[key])
    data = [_plain(trace) for trace in _with_trace_defaults(spec.get("data") or [], template.get("data") or {})]
    revision = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:16]
    copy = go.Figure({"data": data, "layout": {**_plain(layout), "datarevision": revision}}, _validate=False)
    copy.layout.template = None  # plotly.py puts its default template in every new figure; the browser gets none
    return copy


# A finished chart is built once and shared by every session (ui/data.py), so its browser copy can be too: making
# it cost ~6 ms of the server's time on every page open (issue 20). Keyed by the figure object, dropped with it.
_COPIES: dict[int, tuple[weakref.ref[go.Figure], go.Figure]] = {}


def shared_browser_figure(fig: go.Figure) -> go.Figure:
    """`browser_figure(fig)`, made once per figure object. Only for figures that are not changed once shown (a
    finished chart); the copy must not be changed either."""
    key = id(fig)
    entry = _COPIES.get(key)
    if entry is not None and entry[0]() is fig:
        return entry[1]
    copy = browser_figure(fig)

    def forget(_gone: weakref.ref[go.Figure]) -> None:
        _COPIES.pop(key, None)

    _COPIES[key] = (weakref.ref(fig, forget), copy)
    return copy


def _with_trace_defaults(traces: list[dict[str, Any]], defaults: dict[str, list[dict[str, Any]]]) -> list[dict]:
    """Each trace under its template's defaults for its type (cycled over the traces of that type, as plotly.js
    does)."""
    seen: dict[str, int] = {}
    out = []
    for trace in traces:
        kind = trace.get("type") or "scatter"
        candidates = defaults.get(kind) or []
        index = seen.get(kind, 0)
        seen[kind] = index + 1
        own = {k: v for k, v in candidates[index % len(candidates)].items() if k != "type"} if candidates else {}
        out.append(_under(own, trace))
    return out


def _under(defaults: Any, own: Any) -> Any:
    """`own` with `defaults` filled in beneath it, object by object (own values win; lists are values)."""
    if not isinstance(defaults, dict) or not isinstance(own, dict):
        return own
    merged = dict(defaults)
    for key, value in own.items():
        merged[key] = _under(defaults.get(key), value) if key in defaults else value
    return merged


def _plain(value: Any) -> Any:
    """Numpy arrays and plotly.py's typed-array specs ({"dtype", "bdata"}: what a figure read back from the page
    cache holds) as plain lists, all the way down."""
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
            if value.get("shape"):
                array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
            return array.tolist()
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    tolist = getattr(value, "tolist", None)
    return _plain(tolist()) if callable(tolist) and not isinstance(value, str) else value
