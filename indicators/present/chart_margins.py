"""Room for a chart's axis labels, asked for when the figure is built rather than found by plotly as it draws.

With `automargin` plotly measures the tick labels of a drawn chart and, when they need more room than the margin
gives, draws the whole chart a second time (issue 20: almost every chart of the app did, ~50 ms of the browser's
main thread before an opening page's first chart was shown, and again on every region change). So the left and
bottom margins are set here from the labels' width in the app's font. Margins are only ever widened, and
automargin stays on for a label this misses: a miss costs the second draw it cost before, never a cut label.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable
from typing import TypeGuard

import plotly.graph_objects as go

# Advance widths of the app's font (Streamlit's «Source Sans», regular) in em, measured in Chromium with canvas
# measureText at 100 px; plotly's own measurement of the tick labels (getBBox) gave the same widths.
GLYPH_EM: dict[str, float] = {
    **dict.fromkeys("0123456789+−", 0.5), " ": 0.2, "\u00a0": 0.2, "–": 0.48, "-": 0.31, "%": 0.82, "(": 0.3,
    ")": 0.3, ",": 0.25, ".": 0.25, ":": 0.25, "/": 0.35,
    "a": 0.5, "b": 0.55, "c": 0.46, "d": 0.55, "e": 0.5, "f": 0.29, "g": 0.5, "h": 0.54, "i": 0.25, "j": 0.25,
    "k": 0.49, "l": 0.25, "m": 0.83, "n": 0.55, "o": 0.54, "p": 0.55, "q": 0.55, "r": 0.35, "s": 0.42, "t": 0.34,
    "u": 0.54, "v": 0.47, "w": 0.72, "x": 0.45, "y": 0.47, "z": 0.42, "æ": 0.78, "ø": 0.54, "å": 0.5,
    "A": 0.54, "B": 0.59, "C": 0.57, "D": 0.61, "E": 0.53, "F": 0.49, "G": 0.62, "H": 0.65, "I": 0.26, "J": 0.48,
    "K": 0.58, "L": 0.49, "M": 0.73, "N": 0.65, "O": 0.66, "P": 0.57, "Q": 0.66, "R": 0.57, "S": 0.53, "T": 0.54,
    "U": 0.64, "V": 0.51, "W": 0.79, "X": 0.51, "Y": 0.48, "Z": 0.54, "Æ": 0.82, "Ø": 0.66, "Å": 0.54,
}
OTHER_GLYPH_EM = 0.6  # any other character: as wide as the wider letters, so a guess errs towards room
LINE_HEIGHT_EM = 1.3  # a horizontal tick label's height, per line
# What plotly adds to the labels' extent when it pushes a margin (ticks, gaps, the axis title's place): measured
# on the app's charts as the pushed margin minus the widest label, 39.6 px at 18 px labels and 48.9 px at 26.1 px.
ROOM_BASE_PX = 19.0
ROOM_PER_FONT_PX = 1.15
SAFETY_PX = 3  # plotly compares in fractions of a pixel: a margin exactly as wide would still be pushed
PLOTLY_DEFAULT_MARGIN = 80
TICKS_ACROSS_AXIS = 6  # about as many ticks as plotly puts on an axis of the app's charts
AUTORANGE_PAD = 0.05  # plotly's autorange leaves about this share of the span on each side


def text_width(text: str, size: float) -> float:
    """Width in px of `text` (plotly markup allowed; the widest of its lines) at font size `size`."""
    lines = re.split(r"<br\s*/?>", text, flags=re.IGNORECASE)
    plain = (html.unescape(re.sub(r"<[^>]*>", "", line)) for line in lines)
    return max((sum(GLYPH_EM.get(ch, OTHER_GLYPH_EM) for ch in line) * size for line in plain), default=0.0)


def fit_margins(fig: go.Figure) -> go.Figure:
    """Widen the left and bottom margins of `fig` to what its y and x tick labels need (in place; returns it)."""
    left, bottom = _needed(fig, "y"), _needed(fig, "x")
    current_left, current_bottom = _margin(fig, "l"), _margin(fig, "b")
    if left is not None and left > current_left:
        fig.update_layout(margin=dict(l=left))
    if bottom is not None and bottom > current_bottom:
        fig.update_layout(margin=dict(b=bottom))
    return fig


def _margin(fig: go.Figure, side: str) -> float:
    own = getattr(fig.layout.margin, side)
    if own is not None:
        return float(own)
    template = fig.layout.template.layout.margin if fig.layout.template else None
    from_template = getattr(template, side) if template is not None else None
    return float(from_template) if from_template is not None else PLOTLY_DEFAULT_MARGIN


def _tick_font_size(fig: go.Figure, letter: str) -> float:
    layout = fig.layout
    template = layout.template.layout if layout.template else None
    candidates = (
        getattr(layout, f"{letter}axis").tickfont.size,
        getattr(template, f"{letter}axis").tickfont.size if template is not None else None,
        layout.font.size,
        template.font.size if template is not None else None,
    )
    return float(next((size for size in candidates if size is not None), 12))


def _needed(fig: go.Figure, letter: str) -> int | None:
    """The margin (px) the first `letter` axis's labels need on its usual side (y: left, x: bottom), or None when
    that axis is elsewhere, hidden or not one this estimate knows."""
    axis = getattr(fig.layout, f"{letter}axis")
    usual_side = "left" if letter == "y" else "bottom"
    unknown_type = axis.type in ("log", "date", "multicategory")
    if axis.visible is False or (axis.side or usual_side) != usual_side or unknown_type:
        return None
    size = _tick_font_size(fig, letter)
    labels = _tick_labels(fig, letter) if axis.showticklabels is not False else []
    widest = max((text_width(label, size) for label in labels), default=0.0)
    if letter == "y":
        extent = widest
    else:
        angle = axis.tickangle if isinstance(axis.tickangle, int | float) else 0
        radians = math.radians(abs(angle))
        lines = max((len(re.split(r"<br\s*/?>", label, flags=re.IGNORECASE)) for label in labels), default=0)
        extent = widest * math.sin(radians) + lines * size * LINE_HEIGHT_EM * math.cos(radians)
    return math.ceil(extent + ROOM_BASE_PX + ROOM_PER_FONT_PX * size + SAFETY_PX)


def _tick_labels(fig: go.Figure, letter: str) -> list[str]:
    """The axis's tick labels as plotly will about write them: its ticktext, its categories, or the formatted
    ends of its range."""
    axis = getattr(fig.layout, f"{letter}axis")
    if axis.ticktext is not None:
        return [str(text) for text in axis.ticktext]
    values, from_zero = _axis_values(fig, letter)
    if any(isinstance(value, str) for value in values):
        return list(dict.fromkeys(str(value) for value in values))
    numbers = [float(value) for value in values if _finite(value)]
    if axis.range is not None and all(_finite(end) for end in axis.range):
        low, high = sorted(float(end) for end in axis.range)
    elif numbers:
        low, high = min(numbers + ([0.0] if from_zero else [])), max(numbers + ([0.0] if from_zero else []))
        pad = (high - low) * AUTORANGE_PAD or abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    else:
        return []
    labels = []
    coarse = _nice_step((high - low) / TICKS_ACROSS_AXIS)
    # plotly takes this step or the next finer one, by the plot's height: the ends of both, written with the
    # coarser step's decimals (a finer step that needs one more decimal is rare; missed, it costs a second draw)
    for step in (coarse, _finer_step(coarse)):
        for end in (math.ceil(low / step) * step, math.floor(high / step) * step):
            labels.append(_format_tick(end, coarse, axis.tickformat or "", axis.tickprefix or "",
                                       axis.ticksuffix or ""))
    return labels


def _axis_values(fig: go.Figure, letter: str) -> tuple[list[object], bool]:
    """Every value the traces on the first `letter` axis put along it, and whether bars start it at zero."""
    values: list[object] = []
    from_zero = False
    for trace in fig.data:
        if (getattr(trace, f"{letter}axis", None) or letter) != letter:
            continue
        horizontal = getattr(trace, "orientation", None) == "h"
        along = getattr(trace, letter, None)
        if along is not None:
            values.extend(_flat(along))
        if trace.type == "bar" and (letter == "x") == horizontal:  # the bars' lengths run along this axis
            from_zero = True
    return values, from_zero


def _flat(values: object) -> list[object]:
    """A trace's coordinates as one list (plotly keeps tuples, lists or numpy arrays; a heatmap's are nested)."""
    if isinstance(values, str | bytes):
        return [values]
    tolist = getattr(values, "tolist", None)
    listed = tolist() if callable(tolist) else list(values) if isinstance(values, Iterable) else []
    return [v for item in listed for v in (item if isinstance(item, list | tuple) else [item])]


def _finite(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _nice_step(rough: float) -> float:
    """Plotly's kind of tick step: 1, 2 or 5 times a power of ten, at least `rough`."""
    if rough <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= rough)


def _finer_step(step: float) -> float:
    """The next smaller step of the 1–2–5 series."""
    power = 10 ** math.floor(math.log10(step) + 1e-9)
    multiple = round(step / power)
    return {1: 0.5, 2: 1.0, 5: 2.0}.get(multiple, 5.0) * power


def _format_tick(value: float, step: float, tickformat: str, prefix: str, suffix: str) -> str:
    """A tick value as d3-format writes it with the app's separators (space for thousands, decimal comma)."""
    percent = "%" in tickformat
    shown, shown_step = (value * 100, step * 100) if percent else (value, step)
    fixed = re.search(r"\.(\d+)", tickformat)
    if fixed and not tickformat.endswith(("r", "s")):
        decimals = int(fixed.group(1))
    elif tickformat.endswith("d"):
        decimals = 0
    else:
        decimals = max(0, -math.floor(math.log10(shown_step) + 1e-9)) if shown_step < 1 else 0
    grouped = "," in tickformat or (not tickformat and abs(shown) >= 10_000)
    text = f"{abs(shown):{',' if grouped else ''}.{decimals}f}".replace(",", " ").replace(".", ",")
    return f"{'−' if shown < 0 and round(abs(shown), decimals) else ''}{prefix}{text}{'%' if percent else ''}{suffix}"
