"""Progress towards a goal: Statistics Canada's method, as Open SDG implements it (sdg/ProgressMeasure.py).

CAGR(a→b) = (x_b / x_a) ** (1 / (t_b − t_a)) − 1 is the compound annual growth rate. d = +1 when higher is
better, −1 when lower is better; s = −1 when the base value is negative, else +1. When the base year has no
value, the next year with one is the base. Needs two years; base and current values must have the same sign
and the base must not be 0, else the method does not apply (status "not_applicable", numbers still shown).

- With a target value (method 2, `classify`): P = s·d·CAGR(base→current) / |CAGR(base→target)|. Achieved when
  the current value is at or past the target in direction d; else on track (P ≥ 0.95), acceleration needed
  (0.6 ≤ P < 0.95), limited progress (0 ≤ P < 0.6), deterioration (P < 0).
- With a direction only (method 1, `classify_direction`, e.g. "more jobs"): P = s·d·CAGR(base→current);
  on track at ≥ 1.5 % a year, acceleration needed at 0.5–1.5 %, limited at 0–0.5 %, deterioration below 0.
  Never achieved: a direction has no end point. (Open SDG's optional `limit` is not used.)

Every `Assessment` carries the branch, the rates, P and the base year used, and `explanation` says them in
Nynorsk next to the status.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from indicators.formatting import THIN_SPACE, format_number, format_percent
from indicators.i18n import labels

Status = Literal[
    "achieved", "on_track", "acceleration_needed", "limited", "deterioration", "no_data", "not_applicable"
]
Direction = Literal["increase", "decrease"]
Method = Literal["direction", "target"]

# method 2 (a target value): thresholds on P = s·d·CAGR_obs / |CAGR_req|
ON_TRACK_THRESHOLD = 0.95
ACCELERATION_THRESHOLD = 0.6
# method 1 (a direction only): thresholds on P = s·d·CAGR_obs, an annual rate
DIRECTION_ON_TRACK_RATE = 0.015
DIRECTION_ACCELERATION_RATE = 0.005

# the words in the active language (indicators.i18n; msgctxt progress.STATUS_LABELS.<code>)
STATUS_LABELS: Mapping[str, str] = labels("progress.STATUS_LABELS", {
    "achieved": "Nådd",
    "on_track": "På rett veg",
    "acceleration_needed": "Treng auka tempo",
    "limited": "Avgrensa framgang",
    "deterioration": "Går feil veg",
    "no_data": "Manglar data",
    "not_applicable": "Metoden gjeld ikkje",  # numbers exist, but CAGR cannot rate them (sign change, zero)
    # qualitative goals, reported by the secretariat
    "not_assessed": "Ikkje vurdert",
    "not_started": "Ikkje starta",
    "in_progress": "I gang",
    # actions only (plan_actions.ACTION_STATUSES): «Nådd» stays the goals' word
    "postponed": "Utsett",
    "completed": "Gjennomført",
    "cancelled": "Ikkje aktuelt",  # dropped by decision (not the same as «teke ut» at a revision)
})
# the explanation beside a status and the reasons for no status (read in the active language, like the labels)
PHRASES: Mapping[str, str] = labels("progress.PHRASES", {
    "base_year": "utgangsår {year}",
    "base_year_missing": "utgangsår {year} ({missing} manglar)",
    "missing": ", {year} manglar",
    "per_year": "{rate} per år{years}",
    "achieved": "Siste verdi er på eller forbi målet for {period}{rate}.",
    "needed_on_track": "{observed}; {needed} per år trengst for «{on_track}».",
    "wrong_side": "{observed}, motsett veg av målet om {wanted} ({p}). Merk: målet for {period} ligg {side} "
                  "utgangsverdien.",
    "increase": "auke",
    "decrease": "nedgang",
    "below": "under",
    "above": "over",
    "needed_target": "{observed}; {needed} per år trengst for å nå målet i {period} ({p}).",
    "no_base_value": "Manglar verdi for utgangsåret {year} og åra etter.",
    "base_year_of": "utgangsåret {year}",
    "base_year_of_missing": "utgangsåret {year} ({missing} manglar)",
    "only_one_year": "Berre {year} har tal; treng minst to år med tal.",
    "zero_base": "Metoden gjeld ikkje: utgangsverdien er 0, så ei årleg endringsrate gjev inga meining.",
    "sign_change": "Metoden gjeld ikkje: utgangsverdien og siste verdi har ulikt forteikn (eller siste verdi er 0), "
                   "så ei årleg endringsrate gjev inga meining.",
    "base_not_before_target": "Metoden gjeld ikkje: utgangsåret {year} ligg ikkje før målåret {period}.",
    "target_sign": "Metoden gjeld ikkje: målet er 0 eller har anna forteikn enn utgangsverdien, så inga fast årleg "
                   "endring når det.",
})
# Icon + text + colour, so status never rests on colour alone (Okabe–Ito colours).
STATUS_ICONS: dict[str, str] = {
    "achieved": "✔",
    "on_track": "▲",
    "acceleration_needed": "◆",
    "limited": "●",
    "deterioration": "▼",
    "no_data": "○",
    "not_applicable": "⊘",
    "not_assessed": "○",
    "not_started": "■",
    "in_progress": "►",
    "postponed": "‖",
    "completed": "✔",
    "cancelled": "✕",
}
STATUS_COLOURS: dict[str, str] = {
    "achieved": "#009E73",
    "on_track": "#0072B2",
    "acceleration_needed": "#E69F00",
    "limited": "#CC79A7",
    "deterioration": "#D55E00",
    "no_data": "#6B6B6B",
    "not_applicable": "#6B6B6B",
    "not_assessed": "#6B6B6B",
    "not_started": "#6B6B6B",
    "in_progress": "#0072B2",
    "postponed": "#E69F00",
    "completed": "#009E73",
    "cancelled": "#6B6B6B",
}


def _pct(rate: float, signed: bool = True) -> str:
    """A rate as Nynorsk per cent: one decimal from 1 % up, two below (0,25 %), no trailing zero (0,8 %)."""
    decimals = 1 if abs(rate) >= 0.01 else 2
    text = format_percent(rate, decimals, signed=signed)
    if decimals == 2 and text.split(THIN_SPACE)[0].rstrip("%").endswith("0"):  # "0,80 %", "0.80%" (English)
        text = format_percent(rate, 1, signed=signed)
    return text


def _short_number(value: float) -> str:
    """P as '1,2', '0,67', '−5,1' (at most two decimals, no trailing zero)."""
    text = format_number(value, 2)
    return text[:-1] if text.endswith("0") else text


@dataclass(frozen=True)
class Assessment:
    status: Status
    ratio: float | None = None  # method "target": P = s·d·CAGR_obs / |CAGR_req|
    observed_rate: float | None = None  # CAGR from the base year used to the current year
    required_rate: float | None = None  # method "target": CAGR from the base year used to the target year
    reason: str = ""  # a Nynorsk sentence for no_data, not_applicable and edge cases
    method: Method | None = None  # "direction" (method 1) or "target" (method 2); None before a branch is known
    progress_value: float | None = None  # P in either branch (the number the thresholds are applied to)
    base_period: int | None = None  # the base year actually used
    requested_base_period: int | None = None  # the goal's base year; differs when that year had no value
    current_period: int | None = None
    target_period: int | None = None
    direction: Direction | None = None  # d, as used
    sign: int = 1  # s: −1 when the base value is negative

    @property
    def base_fell_back(self) -> bool:
        return (
            self.base_period is not None and self.requested_base_period is not None
            and self.base_period != self.requested_base_period
        )

    @property
    def base_period_text(self) -> str:
        """'utgangsår 2022 (2021 manglar)', or 'utgangsår 2021'; '' when no base year is known."""
        if self.base_period is None:
            return ""
        if self.base_fell_back:
            return PHRASES["base_year_missing"].format(year=self.base_period, missing=self.requested_base_period)
        return PHRASES["base_year"].format(year=self.base_period)

    @property
    def explanation(self) -> str:
        """Nynorsk: which branch and which numbers gave the status, to stand next to it."""
        return explain(self)

    def as_record(self) -> dict[str, object]:
        """The numbers behind the status, for `status --json`."""
        return {
            "method": self.method,
            "base_period": self.base_period,
            "requested_base_period": self.requested_base_period,
            "current_period": self.current_period,
            "target_period": self.target_period,
            "direction": self.direction,
            "sign": self.sign,
            "observed_rate": self.observed_rate,
            "required_rate": self.required_rate,
            "ratio": self.ratio,
            "progress_value": self.progress_value,
            "explanation": self.explanation,
        }


def explain(a: Assessment) -> str:
    """Short Nynorsk text: the observed annual rate, what is needed, and P (see module docstring).

    Rates are shown as s·CAGR (the change of the value itself, also for negative values) and the need as
    d·|CAGR_req|, so that P = shown rate / shown need."""
    years = ""
    if a.base_period is not None and a.current_period is not None and a.current_period > a.base_period:
        missing = PHRASES["missing"].format(year=a.requested_base_period) if a.base_fell_back else ""
        years = f" ({a.base_period}–{a.current_period}{missing})"
    elif a.base_fell_back:
        years = f" ({a.base_period_text})"
    if a.status == "achieved":
        rate = ("; " + PHRASES["per_year"].format(rate=_pct(a.sign * a.observed_rate), years=years)
                if a.observed_rate is not None else years)
        return PHRASES["achieved"].format(period=a.target_period, rate=rate)
    if a.observed_rate is None:
        return a.reason
    d = -1 if a.direction == "decrease" else 1
    observed = PHRASES["per_year"].format(rate=_pct(a.sign * a.observed_rate), years=years)
    if a.method == "direction":
        if a.progress_value is None:
            return a.reason
        needed = _pct(d * DIRECTION_ON_TRACK_RATE)
        return PHRASES["needed_on_track"].format(observed=observed, needed=needed,
                                                 on_track=STATUS_LABELS["on_track"].lower())
    if a.required_rate is None or a.progress_value is None:
        return f"{observed}. {a.reason}" if a.reason else observed
    p = f"P = {_short_number(a.progress_value)}"
    if a.sign * d * a.required_rate < 0:  # the target lies on the other side of the base than d says
        wanted, side = ("increase", "below") if d == 1 else ("decrease", "above")
        return PHRASES["wrong_side"].format(observed=observed, wanted=PHRASES[wanted], p=p, period=a.target_period,
                                            side=PHRASES[side])
    return PHRASES["needed_target"].format(observed=observed, needed=_pct(d * abs(a.required_rate)),
                                           period=a.target_period, p=p)


# The method on Om, in the active language (placeholders: the status words and icons, the thresholds).
METHOD_MARKDOWN = labels("progress.METHOD_MARKDOWN", {"text": (
    "Status for målte mål følgjer metoden til **Statistics Canada**, slik Open SDG har implementert han. "
    "Grunnlaget er\n"
    "den gjennomsnittlege årlege endringa frå utgangsåret til siste år med tal:\n"
    "*r* = (siste verdi / utgangsverdi)^(1 / tal år) − 1. Manglar utgangsåret tal, brukar vi det neste "
    "året som har\n"
    "tal, og seier det. I tala under er forteiknet snudd når målet er ein nedgang (og når utgangsverdien "
    "er negativ),\n"
    "så ein positiv P alltid er endring i rett retning.\n"
    "\n"
    "**Mål med eit tal å nå** (til dømes «+1 % innan 2025»): *r* blir samanlikna med den årlege endringa "
    "som trengst\n"
    "frå utgangsåret for å nå målet i målåret, *r_mål*: P = *r* / \\|*r_mål*\\|.\n"
    "\n"
    "| Status | Regel |\n"
    "|---|---|\n"
    "| ✔ {achieved} | siste verdi er på eller forbi målet |\n"
    "| ▲ {on_track} | P ≥ {on_track_p} |\n"
    "| ◆ {acceleration_needed} | {acceleration_p} ≤ P < {on_track_p} |\n"
    "| ● {limited} | 0 ≤ P < {acceleration_p} |\n"
    "| ▼ {deterioration} | P < 0 (endringa går motsett veg av målet) |\n"
    "\n"
    "**Mål som berre gjev ei retning** (til dømes «auke i talet på arbeidsplassar»): P = *r*, endringa "
    "per år.\n"
    "\n"
    "| Status | Regel |\n"
    "|---|---|\n"
    "| ▲ {on_track} | P ≥ {on_rate} per år |\n"
    "| ◆ {acceleration_needed} | {acceleration_rate} ≤ P < {on_rate} per år |\n"
    "| ● {limited} | 0 ≤ P < {acceleration_rate} per år |\n"
    "| ▼ {deterioration} | P < 0 |\n"
    "\n"
    "Eit mål som berre gjev ei retning, blir aldri «{achieved}», sidan det ikkje har noko endepunkt.\n"
    "\n"
    "- {icon_no_data} **{no_data}**: det finst ikkje tal for to ulike år.\n"
    "- {icon_not_applicable} **{not_applicable}**: tala finst og blir viste, men\n"
    "  utgangsverdien er 0, eller utgangsverdien og siste verdi (eller målet) har ulikt forteikn; då "
    "gjev ei årleg\n"
    "  endringsrate inga meining.\n"
    "\n"
    "Ved sida av kvar status står endringa per år, kva som trengst, og P."
)})


def method_explanation_markdown() -> str:
    """The method's two branches as markdown (Om), in the active language."""
    return METHOD_MARKDOWN["text"].format(
        **{key: STATUS_LABELS[key] for key in STATUS_LABELS},
        **{f"icon_{key}": icon for key, icon in STATUS_ICONS.items()},
        on_track_p=format_number(ON_TRACK_THRESHOLD, 2), acceleration_p=format_number(ACCELERATION_THRESHOLD, 1),
        on_rate=_pct(DIRECTION_ON_TRACK_RATE, False), acceleration_rate=_pct(DIRECTION_ACCELERATION_RATE, False),
    )


METHOD_EXPLANATION_MARKDOWN = method_explanation_markdown()  # in Nynorsk (at import)



def _usable(x: float | None) -> bool:
    try:
        return x is not None and not math.isnan(x)
    except TypeError:  # pd.NA and other non-numbers
        return False


def target_reached(current: float, target: float, direction: Direction) -> bool:
    return current >= target if direction == "increase" else current <= target


def cagr(start: float, end: float, years: int) -> float:
    """Compound annual growth rate from `start` to `end` over `years` (same sign, start not 0)."""
    return (end / start) ** (1 / years) - 1


def base_point(points: Iterable[tuple[int, float | None]], requested: int) -> tuple[int, float] | None:
    """The base: the value in the `requested` year, else in the next year that has one; None when none has."""
    usable = sorted((int(p), float(v)) for p, v in points if p >= requested and _usable(v))  # type: ignore[arg-type]
    return usable[0] if usable else None


def _missing(
    base_period: int, base_value: float | None, current_period: int | None, current_value: float | None,
    requested: int,
) -> str:
    """Why there is too little data to assess ('' when there is enough)."""
    if not _usable(base_value):
        return PHRASES["no_base_value"].format(year=requested)
    if current_period is None or not _usable(current_value) or current_period <= base_period:
        year = (PHRASES["base_year_of_missing"].format(year=base_period, missing=requested)
                if base_period != requested else PHRASES["base_year_of"].format(year=base_period))
        return PHRASES["only_one_year"].format(year=year)
    return ""


def _sign_problem(base_value: float, current_value: float) -> str:
    if base_value == 0:
        return PHRASES["zero_base"]
    if current_value == 0 or (base_value > 0) != (current_value > 0):
        return PHRASES["sign_change"]
    return ""


def _grade(p: float, on_track: float, acceleration: float) -> Status:
    """P against the thresholds. A value on a threshold counts as reaching it: 10 150 / 10 000 is +1,5 %
    even though the floating-point CAGR comes out a hair below (the tolerance is far below any real change)."""
    eps = 1e-12
    if p >= on_track - eps:
        return "on_track"
    if p >= acceleration - eps:
        return "acceleration_needed"
    if p >= -eps:
        return "limited"
    return "deterioration"


def classify(
    base_period: int,
    base_value: float | None,
    current_period: int | None,
    current_value: float | None,
    target_period: int,
    target_value: float,
    direction: Direction | None = None,
    requested_base_period: int | None = None,
) -> Assessment:
    """Method 2: progress from (base, current) towards (target). `base_period` is the base year used;
    `requested_base_period` the goal's own (when that year had no value; see `base_point`)."""
    requested = base_period if requested_base_period is None else requested_base_period
    known = {"method": "target", "base_period": base_period if _usable(base_value) else None,
             "requested_base_period": requested, "target_period": target_period}
    if direction is None and _usable(base_value):
        direction = "increase" if target_value >= base_value else "decrease"  # type: ignore[operator]
    known["direction"] = direction
    missing = _missing(base_period, base_value, current_period, current_value, requested)
    if missing:
        return Assessment("no_data", reason=missing, **known)  # type: ignore[arg-type]
    assert base_value is not None and current_value is not None and current_period is not None
    assert direction is not None
    known["current_period"] = current_period
    known["sign"] = -1 if base_value < 0 else 1
    elapsed = current_period - base_period
    problem = _sign_problem(base_value, current_value)
    observed = None if problem else cagr(base_value, current_value, elapsed)
    if target_reached(current_value, target_value, direction):
        return Assessment("achieved", observed_rate=observed, **known)  # type: ignore[arg-type]
    if problem:
        return Assessment("not_applicable", reason=problem, **known)  # type: ignore[arg-type]
    assert observed is not None
    if target_period <= base_period:
        reason = PHRASES["base_not_before_target"].format(year=base_period, period=target_period)
        return Assessment("not_applicable", observed_rate=observed, reason=reason, **known)  # type: ignore[arg-type]
    if target_value == 0 or (target_value > 0) != (base_value > 0):
        reason = PHRASES["target_sign"]
        return Assessment("not_applicable", observed_rate=observed, reason=reason, **known)  # type: ignore[arg-type]
    s = -1 if base_value < 0 else 1
    d = 1 if direction == "increase" else -1
    required = cagr(base_value, target_value, target_period - base_period)
    if required == 0:
        # the target is the base level and is not reached: the value has moved the wrong way
        return Assessment(
            "deterioration", observed_rate=observed, required_rate=0.0,
            reason="Målet er å halde nivået frå utgangsåret, og siste verdi er på feil side av det.",
            **known,  # type: ignore[arg-type]
        )
    p = s * d * observed / abs(required)
    status = _grade(p, ON_TRACK_THRESHOLD, ACCELERATION_THRESHOLD)
    return Assessment(
        status, ratio=p, observed_rate=observed, required_rate=required, progress_value=p,
        **known,  # type: ignore[arg-type]
    )


def classify_direction(
    base_period: int,
    base_value: float | None,
    current_period: int | None,
    current_value: float | None,
    direction: Direction,
    requested_base_period: int | None = None,
) -> Assessment:
    """Method 1, for goals with a direction and no number: P = s·d·CAGR against 1.5 % / 0.5 % / 0 a year.
    A direction goal is never "achieved": it has no end point."""
    requested = base_period if requested_base_period is None else requested_base_period
    known = {"method": "direction", "base_period": base_period if _usable(base_value) else None,
             "requested_base_period": requested, "direction": direction}
    missing = _missing(base_period, base_value, current_period, current_value, requested)
    if missing:
        return Assessment("no_data", reason=missing, **known)  # type: ignore[arg-type]
    assert base_value is not None and current_value is not None and current_period is not None
    known["current_period"] = current_period
    known["sign"] = -1 if base_value < 0 else 1
    problem = _sign_problem(base_value, current_value)
    if problem:
        return Assessment("not_applicable", reason=problem, **known)  # type: ignore[arg-type]
    observed = cagr(base_value, current_value, current_period - base_period)
    s = -1 if base_value < 0 else 1
    d = 1 if direction == "increase" else -1
    p = s * d * observed
    status = _grade(p, DIRECTION_ON_TRACK_RATE, DIRECTION_ACCELERATION_RATE)
    return Assessment(status, observed_rate=observed, progress_value=p, **known)  # type: ignore[arg-type]


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
