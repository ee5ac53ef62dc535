"""Progress towards a target: Statistics Canada's method, as implemented by Open SDG.

With base value x0 in year t0, current value xt in year t and target xT in year T:
    observed rate  r_obs = (xt / x0) ** (1 / (t - t0)) - 1
    required rate  r_req = (xT / x0) ** (1 / (T - t0)) - 1
    ratio          R = r_obs / r_req
achieved when the target is reached; else on track (R >= 0.95), acceleration needed (0.6 <= R < 0.95),
limited progress (0 <= R < 0.6), deterioration (R < 0). Needs two points with values of the same sign.

Goals that give a direction and no number ("more jobs") use `classify_direction` instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Status = Literal["achieved", "on_track", "acceleration_needed", "limited", "deterioration", "no_data"]
Direction = Literal["increase", "decrease"]

ON_TRACK_THRESHOLD = 0.95
ACCELERATION_THRESHOLD = 0.6

STATUS_LABELS: dict[str, str] = {
    "achieved": "Nådd",
    "on_track": "På rett veg",
    "acceleration_needed": "Treng auka tempo",
    "limited": "Avgrensa framgang",
    "deterioration": "Går feil veg",
    "no_data": "Manglar data",
    # qualitative goals, reported by the secretariat
    "not_assessed": "Ikkje vurdert",
    "not_started": "Ikkje starta",
    "in_progress": "I gang",
}
# Icon + text + colour, so status never rests on colour alone (Okabe–Ito colours).
STATUS_ICONS: dict[str, str] = {
    "achieved": "✔",
    "on_track": "▲",
    "acceleration_needed": "◆",
    "limited": "●",
    "deterioration": "▼",
    "no_data": "○",
    "not_assessed": "○",
    "not_started": "■",
    "in_progress": "►",
}
STATUS_COLOURS: dict[str, str] = {
    "achieved": "#009E73",
    "on_track": "#0072B2",
    "acceleration_needed": "#E69F00",
    "limited": "#CC79A7",
    "deterioration": "#D55E00",
    "no_data": "#6B6B6B",
    "not_assessed": "#6B6B6B",
    "not_started": "#6B6B6B",
    "in_progress": "#0072B2",
}


@dataclass(frozen=True)
class Assessment:
    status: Status
    ratio: float | None = None  # R, where defined
    observed_rate: float | None = None
    required_rate: float | None = None
    reason: str = ""  # a Nynorsk sentence for no_data and edge cases


def _usable(x: float | None) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def target_reached(current: float, target: float, direction: Direction) -> bool:
    return current >= target if direction == "increase" else current <= target


def classify(
    base_period: int,
    base_value: float | None,
    current_period: int | None,
    current_value: float | None,
    target_period: int,
    target_value: float,
    direction: Direction | None = None,
) -> Assessment:
    """Classify progress from (base, current) towards (target) with Statistics Canada's ratio."""
    if not _usable(base_value):
        return Assessment("no_data", reason=f"Manglar verdi for utgangsåret {base_period}.")
    if current_period is None or not _usable(current_value):
        return Assessment("no_data", reason="Manglar ein nyare verdi å samanlikne med.")
    if direction is None:
        direction = "increase" if target_value >= base_value else "decrease"
    if current_period <= base_period:
        return Assessment("no_data", reason="Berre utgangsåret finst så langt; treng minst to år.")
    if target_reached(current_value, target_value, direction):
        return Assessment("achieved")
    if base_value == 0 or current_value == 0 or (base_value > 0) != (current_value > 0):
        return Assessment(
            "no_data", reason="Metoden krev at utgangsverdi og siste verdi har same forteikn og ikkje er 0."
        )
    if target_period <= base_period:
        return Assessment("no_data", reason="Målåret må liggje etter utgangsåret.")
    if target_value == base_value or (target_value > 0) != (base_value > 0):
        return Assessment("no_data", reason="Målet må vere ulikt utgangsverdien og ha same forteikn.")
    elapsed = current_period - base_period
    observed = (current_value / base_value) ** (1 / elapsed) - 1
    required = (target_value / base_value) ** (1 / (target_period - base_period)) - 1
    ratio = observed / required
    if ratio >= ON_TRACK_THRESHOLD:
        status: Status = "on_track"
    elif ratio >= ACCELERATION_THRESHOLD:
        status = "acceleration_needed"
    elif ratio >= 0:
        status = "limited"
    else:
        status = "deterioration"
    return Assessment(status, ratio=ratio, observed_rate=observed, required_rate=required)


def classify_direction(
    base_period: int,
    base_value: float | None,
    current_period: int | None,
    current_value: float | None,
    direction: Direction,
) -> Assessment:
    """For goals with a direction and no number: moved the wanted way = on track, unchanged = limited,
    the other way = deterioration. A direction goal is never "achieved": it has no end point."""
    if not _usable(base_value):
        return Assessment("no_data", reason=f"Manglar verdi for utgangsåret {base_period}.")
    if current_period is None or not _usable(current_value) or current_period <= base_period:
        return Assessment("no_data", reason="Manglar ein nyare verdi å samanlikne med.")
    change = current_value - base_value
    if direction == "decrease":
        change = -change
    if change > 0:
        return Assessment("on_track")
    if change == 0:
        return Assessment("limited")
    return Assessment("deterioration")


def target_path(
    base_period: int, base_value: float, target_period: int, target_value: float
) -> list[tuple[int, float]]:
    """The required path from base to target at a constant annual rate (one point per year)."""
    years = target_period - base_period
    if years <= 0 or base_value == 0 or (target_value > 0) != (base_value > 0) or target_value == 0:
        # no constant rate joins values of different sign (or reaches zero): draw the straight line
        return [(base_period, base_value), (target_period, target_value)]
    rate = (target_value / base_value) ** (1 / years)
    return [(base_period + k, base_value * rate**k) for k in range(years + 1)]
