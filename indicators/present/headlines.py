"""The meeting-mode sentence for a goal: the message of the numbers in plain Nynorsk words.

"Folketalet i yrkesaktiv alder (20–64 år) har auka 4,7 % sidan 2022 – målet var 1 %."

A goal in plan/goals.toml may set `headline`:
- without braces it is the subject of the sentence ("Talet på arbeidsplassar");
- with braces it is a template using only these fields (anything else falls back to the standard sentence):
  {endring} "auka 4,7 %" / "gått ned 2,1 %" / "halde seg uendra", {frå} utgangsår, {til} siste år,
  {siste} siste verdi, {utgangsverdi}, {mål} "1 %" or "12 000 personar", {eining} unit.
Templates are filled by plain text substitution, never `str.format`, so a file cannot reach Python objects.
"""

from __future__ import annotations

import contextlib
import math
import re
from dataclasses import dataclass
from typing import TypeGuard

from indicators.ages import parse_age_band
from indicators.formatting import THIN_SPACE, format_date, format_number, format_percent
from indicators.goals import GoalResult
from indicators.present.texts import meeting as t

PERCENT_UNITS = {"%", "prosent", "prosentdel", "del (%)"}
UNCHANGED_BELOW = 0.0005  # |change| under 0,05 % reads as unchanged: "0,0 %" would be noise
_FIELD = re.compile(r"\{([^{}]{1,30})\}")


@dataclass(frozen=True)
class Headline:
    sentence: str  # the one message, for the top of the slide
    detail: str = ""  # the numbers behind it, for a line under the sentence


def _is_number(value: float | None) -> TypeGuard[float]:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _value_text(value: float, unit: str = "") -> str:
    """11709 personar -> '11 709 personar'; 4.25 % -> '4,3 %'."""
    decimals = 0 if abs(value) >= 100 or float(value).is_integer() else 1
    text = format_number(value, decimals)
    if unit in PERCENT_UNITS:
        return f"{text}{THIN_SPACE}%"
    return f"{text} {unit}" if unit else text


def _target_percent(ratio: float) -> str:
    """0.01 -> '1 %', 0.015 -> '1,5 %' (no false precision for round targets)."""
    whole = round(abs(ratio) * 100, 6).is_integer()
    return format_percent(abs(ratio), decimals=0 if whole else 1)


def subject(result: GoalResult) -> str:
    """What the sentence is about: the goal's own `headline` subject, else a phrase for its indicator."""
    goal = result.goal
    if goal.headline and "{" not in goal.headline:
        return goal.headline.strip()
    text = t.SUBJECTS.get(goal.indicator or "", "")  # reads better than the indicator's title
    if not text:
        text = result.spec.title if result.spec else goal.label
    ages = goal.params.get("ages")
    if ages:
        with contextlib.suppress(ValueError):
            text = f"{text} ({parse_age_band(ages).label})"
    return text


def _change_phrase(result: GoalResult) -> str:
    """'auka 4,7 %', 'gått ned 2,1 %', 'halde seg uendra', or absolute for percentages and a zero base."""
    unit = result.goal.unit
    if unit in PERCENT_UNITS or result.change_ratio is None:
        change = result.change or 0.0
        if change == 0:
            return t.UNCHANGED
        amount = abs(change)
        text = t.PERCENTAGE_POINTS.format(amount=format_number(amount, 0 if amount >= 100 else 1)) if (
            unit in PERCENT_UNITS) else _value_text(amount, unit)
        return (t.ROSE_BY if change > 0 else t.FELL_BY).format(amount=text)
    ratio = result.change_ratio
    if ratio == 0:
        return t.UNCHANGED
    if abs(ratio) < UNCHANGED_BELOW:
        return t.ABOUT_UNCHANGED
    return (t.ROSE if ratio > 0 else t.FELL).format(percent=format_percent(abs(ratio)))


def _target_phrase(result: GoalResult) -> str:
    goal = result.goal
    if goal.target_change is not None:
        if goal.target_change >= 0:
            return _target_percent(goal.target_change)
        return t.TARGET_DECREASE.format(percent=_target_percent(goal.target_change))
    if goal.target_value is not None:
        return t.TARGET_VALUE.format(value=_value_text(goal.target_value, goal.unit), period=goal.target_period)
    if goal.direction == "increase":
        return t.TARGET_INCREASE_DIRECTION
    if goal.direction == "decrease":
        return t.TARGET_DECREASE_DIRECTION
    return ""


def _detail(result: GoalResult) -> str:
    goal = result.goal
    describe = result.spec.describe_period if result.spec else (lambda y: "–" if y is None else str(y))
    base, latest, target = result.baseline, result.latest, result.target
    parts = []
    if _is_number(base.value):
        parts.append(t.DETAIL_BASELINE.format(period=describe(base.period), value=_value_text(base.value, goal.unit)))
    if _is_number(latest.value) and latest.period != base.period:
        parts.append(t.DETAIL_LATEST.format(period=describe(latest.period), value=_value_text(latest.value, goal.unit)))
    if _is_number(target.value):
        parts.append(t.DETAIL_TARGET.format(period=describe(target.period), value=_value_text(target.value, goal.unit)))
    elif goal.direction and goal.target_change is None and goal.target_value is None:
        parts.append(t.DETAIL_NO_SIZE)
    text = " · ".join(parts)
    if result.reason:
        text = f"{text}. {result.reason}" if text else result.reason
    return text


def _fill_template(template: str, fields: dict[str, str]) -> str | None:
    names = _FIELD.findall(template)
    rest = _FIELD.sub("", template)
    if any(name not in fields for name in names) or "{" in rest or "}" in rest:
        return None
    return _FIELD.sub(lambda m: fields[m.group(1)], template)


def headline(result: GoalResult) -> Headline:
    """The sentence for one goal's slide, and a line with the numbers behind it."""
    goal = result.goal
    if goal.kind == "qualitative":
        detail = [goal.status_note] if goal.status_note else []
        reported = ", ".join(
            part for part in (
                t.REPORTED_BY.format(who=goal.reported_by) if goal.reported_by else "",
                t.REVIEWED.format(date=format_date(goal.reviewed)) if goal.reviewed else "",
            ) if part
        )
        if reported:
            detail.append(reported[:1].upper() + reported[1:] + ".")
        return Headline(t.QUALITATIVE.format(label=goal.label, status=result.status_label.lower()), " ".join(detail))
    if not goal.measured and not _is_number(result.latest.value):  # entered figures are numbers too
        planned = t.PLANNED_SOURCE.format(source=goal.planned_source) if goal.planned_source else ""
        return Headline(t.NOT_MEASURED.format(label=goal.label), planned)

    about = subject(result)
    baseline, latest = result.baseline, result.latest
    latest_value, base_value = latest.value, baseline.value
    if not _is_number(latest_value):
        return Headline(t.NO_DATA.format(label=goal.label), _detail(result) or result.reason)
    if not _is_number(base_value):
        sentence = t.BASELINE_MISSING.format(subject=about, value=_value_text(latest_value, goal.unit),
                                             period=latest.period, baseline=goal.baseline_period)
        return Headline(sentence, _detail(result))
    if latest.period is None or baseline.period is None or latest.period <= baseline.period:
        sentence = t.ONLY_BASELINE.format(subject=about, value=_value_text(base_value, goal.unit),
                                          period=baseline.period)
        return Headline(sentence, _detail(result))

    change = _change_phrase(result)
    target = _target_phrase(result)
    if goal.headline and "{" in goal.headline:
        fields = {
            "endring": change, "frå": str(baseline.period), "til": str(latest.period),
            "siste": _value_text(latest_value, goal.unit), "utgangsverdi": _value_text(base_value, goal.unit),
            "mål": target, "eining": goal.unit,
        }
        filled = _fill_template(goal.headline, fields)
        if filled:
            return Headline(filled.strip(), _detail(result))
    sentence = t.SENTENCE.format(subject=about, change=change, period=baseline.period)
    if target:
        is_direction = target in (t.TARGET_INCREASE_DIRECTION, t.TARGET_DECREASE_DIRECTION)
        sentence += (t.TARGET_IS if is_direction else t.TARGET_WAS).format(target=target)
    return Headline(sentence + ".", _detail(result))


def headline_sentence(result: GoalResult) -> str:
    return headline(result).sentence
