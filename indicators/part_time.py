"""Part-time residents (deltidsinnbyggjarar): the plan's guest-day estimate from teledata.

The plan ("Deltidsinnbyggjaren") counts the average number of persons in the region per day from mobile
data, adds 6 % for people without a counted SIM card, subtracts residents, external workforce, through
traffic and day tourists, and calls the rest guest-days per day; times 365 gives guest-days per year.

Rounding, as the plan does it: 46 724 × 6 % = 2 803,44 is shown as 2 803, and the year figure
9 682 355 is exactly 26 527 × 365 (unrounded it would be 9 682 516). So the SIM addition is rounded to
whole persons (half up) before it is summed, and the year figure is the rounded day figure × 365.

The plan's values live in the region's plan folder (part_time.toml), not here. The notes and page texts
about the estimate are in `indicators.present.texts.part_time`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from indicators import plan_files
from indicators.formatting import format_number, group_symbol
from indicators.i18n import labels
from indicators.regions import active_region

PART_TIME_FILE_NAME = "part_time.toml"
DAYS_PER_YEAR = 365

# The plan's own wording for each line of its table ({region}: the region's name, from the region file).
# They name the fields in this module's error messages too, so they stay with the calculation.
INPUT_LABELS: dict[str, str] = {
    "average_persons_per_day": "Snitt innb. pr. dag, totalt",
    "uncounted_sim_share": "Pluss {percent} % (utan mobil, avvik for SIM-kort)",
    "registered_residents": "Fråtrekk innb. {region}",
    "external_workforce": "Fråtrekk ekstern arbeidskraft",
    "through_traffic": "Fråtrekk gjennomgangstrafikk",
    "day_tourists": "Fråtrekk dagsturisme",
}
GUEST_DAYS_PER_DAY_LABEL = "Gjestedøgn snitt pr. døgn"
GUEST_DAYS_PER_YEAR_LABEL = "Gjestedøgn pr. år"


def input_label(name: str, percent: str = "…") -> str:
    """The plan's label of an input line, with the region's name (and the SIM share's percent) put in."""
    return INPUT_LABELS[name].format(region=active_region().name, percent=percent)


def part_time_file() -> Path:
    """The active region's part_time.toml (in its plan folder)."""
    return active_region().plan_file(PART_TIME_FILE_NAME)


class PartTimeInputError(ValueError):
    """Inputs the calculation cannot use (the message names every problem, in the active language)."""


# What is wrong with an input, in the active language ({label}: the plan's own words for the line).
MESSAGES = labels("part_time.MESSAGES", {
    "missing": "«{label}» manglar eit tal.",
    "typed_below_zero": "«{label}» kan ikkje vere under 0 (fekk «{typed}»).",
    "typed_not_whole": "«{label}» må vere eit heilt tal personar, t.d. 46 724 (fekk «{typed}»).",
    "typed_not_percent": "«{label}» må vere eit tal i prosent, t.d. 6 eller 6,5 (fekk «{typed}»).",
    "typed_too_high": "«{label}» må vere under 100 % (fekk «{typed}»).",
    "not_a_number": "«{label}» må vere eit tal, fekk {value}.",
    "below_zero": "«{label}» kan ikkje vere under 0 (fekk {value}).",
    "not_whole": "«{label}» må vere eit heilt tal personar (fekk {value}).",
    "share_not_a_number": "Påslaget for personar utan mobil må vere eit tal, fekk {value}.",
    "share_outside": "Påslaget for personar utan mobil må vere mellom 0 og 100 % (fekk {percent} %).",
    "deductions_too_large": "Fråtrekka ({deductions} personar) er større enn talet på personar med påslag "
                            "({total}); då vert gjestedøgna negative.",
    "population_missing": "Folketalet manglar; kan ikkje rekne heilårsekvivalentar.",
    "population_below_zero": "Folketalet kan ikkje vere under 0 (fekk {value}).",
    "guest_days_missing": "Gjestedøgna manglar; kan ikkje rekne heilårsekvivalentar.",
    "guest_days_below_zero": "Gjestedøgna kan ikkje vere under 0 (fekk {value}).",
})


# What a user may type for a number: digits with spaces (also non-breaking or thin) between the groups.
_GROUP_SPACES = re.compile(r"[ \u00a0\u2009\u202f]")
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
_DECIMAL = re.compile(r"[0-9]{1,3}(?:[.,][0-9]{1,4})?")
MAX_INPUT_LENGTH = 30


def _shown_input(text: str) -> str:
    text = text.strip()
    return text[:MAX_INPUT_LENGTH] + ("…" if len(text) > MAX_INPUT_LENGTH else "")


def parse_whole_number(text: str, label: str) -> int:
    """'46 724' or '46724' -> 46724, and where the language groups thousands with a comma (English: the field
    shows '46,724' there) that too. Anything else raises PartTimeInputError naming the field."""
    cleaned = _GROUP_SPACES.sub("", text or "")
    group = group_symbol()
    if not _GROUP_SPACES.fullmatch(group) and re.fullmatch(rf"[0-9]{{1,3}}(?:{re.escape(group)}[0-9]{{3}})+", cleaned):
        cleaned = cleaned.replace(group, "")
    if not cleaned:
        raise PartTimeInputError(MESSAGES["missing"].format(label=label))
    if _WHOLE_NUMBER.fullmatch(cleaned):
        return int(cleaned)
    if cleaned[:1] in ("-", "−") and _WHOLE_NUMBER.fullmatch(cleaned[1:]):
        raise PartTimeInputError(MESSAGES["typed_below_zero"].format(label=label, typed=_shown_input(text)))
    raise PartTimeInputError(MESSAGES["typed_not_whole"].format(label=label, typed=_shown_input(text)))


def parse_percent(text: str, label: str) -> float:
    """'6', '6,5', '6.5' or '6 %' -> the share 0.06 / 0.065 (0 to under 100 %). Else PartTimeInputError."""
    cleaned = _GROUP_SPACES.sub("", text or "").removesuffix("%")
    if not cleaned:
        raise PartTimeInputError(MESSAGES["missing"].format(label=label))
    if not _DECIMAL.fullmatch(cleaned):
        raise PartTimeInputError(MESSAGES["typed_not_percent"].format(label=label, typed=_shown_input(text)))
    percent = Decimal(cleaned.replace(",", "."))
    if percent >= 100:
        raise PartTimeInputError(MESSAGES["typed_too_high"].format(label=label, typed=_shown_input(text)))
    return float(percent / 100)


def format_count_input(value: int) -> str:
    """A count as the input field shows it: 46724 -> '46 724'."""
    return format_number(value)


class PartTimeFileError(plan_files.PlanFileError):
    """plan/part_time.toml is missing or malformed."""


@dataclass(frozen=True)
class PartTimeInputs:
    """Persons per day (whole numbers) and the share without a counted SIM card (0.06 = 6 %)."""

    average_persons_per_day: int
    uncounted_sim_share: float
    registered_residents: int
    external_workforce: int
    through_traffic: int
    day_tourists: int

    @property
    def deductions(self) -> int:
        return self.registered_residents + self.external_workforce + self.through_traffic + self.day_tourists


@dataclass(frozen=True)
class PartTimeResult:
    inputs: PartTimeInputs
    uncounted_sim: int  # the 6 % addition, rounded to whole persons
    guest_days_per_day: int
    guest_days_per_year: int

    def table_rows(self) -> list[tuple[str, int]]:
        """The calculation line by line, as the plan's table shows it (deductions negative)."""
        i = self.inputs
        return [
            (input_label("average_persons_per_day"), i.average_persons_per_day),
            (input_label("uncounted_sim_share", percent_text(i.uncounted_sim_share)), self.uncounted_sim),
            (input_label("registered_residents"), -i.registered_residents),
            (input_label("external_workforce"), -i.external_workforce),
            (input_label("through_traffic"), -i.through_traffic),
            (input_label("day_tourists"), -i.day_tourists),
            (GUEST_DAYS_PER_DAY_LABEL, self.guest_days_per_day),
            (GUEST_DAYS_PER_YEAR_LABEL, self.guest_days_per_year),
        ]


def percent_text(share: float) -> str:
    """0.06 -> '6'; 0.065 -> '6,5' (Norwegian decimal comma)."""
    percent = round(share * 100, 2)
    text = f"{percent:.0f}" if percent == int(percent) else f"{percent:g}"
    return text.replace(".", ",")


def uncounted_persons(persons: int, share: float) -> int:
    """The SIM addition in whole persons: persons × share, computed in decimal and rounded half up."""
    return int((Decimal(str(persons)) * Decimal(str(share))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


_COUNT_FIELDS = ("average_persons_per_day", "registered_residents", "external_workforce", "through_traffic",
                 "day_tourists")


def validate_inputs(inputs: PartTimeInputs) -> list[str]:
    """Every problem with the inputs, as sentences in the active language (empty when the inputs are usable)."""
    problems: list[str] = []
    for name in _COUNT_FIELDS:
        value = getattr(inputs, name)
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            problems.append(MESSAGES["not_a_number"].format(label=input_label(name), value=repr(value)))
        elif value < 0:
            problems.append(MESSAGES["below_zero"].format(label=input_label(name), value=f"{value:g}"))
        elif value != int(value):
            problems.append(MESSAGES["not_whole"].format(label=input_label(name), value=f"{value:g}"))
    share = inputs.uncounted_sim_share
    if isinstance(share, bool) or not isinstance(share, int | float) or math.isnan(share):
        problems.append(MESSAGES["share_not_a_number"].format(value=repr(share)))
    elif not 0 <= share < 1:
        problems.append(MESSAGES["share_outside"].format(percent=percent_text(share)))
    if not problems:
        total = int(inputs.average_persons_per_day) + uncounted_persons(int(inputs.average_persons_per_day), share)
        if inputs.deductions > total:
            problems.append(MESSAGES["deductions_too_large"].format(
                deductions=f"{inputs.deductions:,}".replace(",", " "), total=f"{total:,}".replace(",", " ")))
    return problems


def calculate(inputs: PartTimeInputs) -> PartTimeResult:
    """Guest-days per day and per year exactly as the plan computes them."""
    problems = validate_inputs(inputs)
    if problems:
        raise PartTimeInputError(" ".join(problems))
    persons = int(inputs.average_persons_per_day)
    uncounted = uncounted_persons(persons, inputs.uncounted_sim_share)
    per_day = persons + uncounted - int(inputs.deductions)
    return PartTimeResult(inputs, uncounted, per_day, per_day * DAYS_PER_YEAR)


def plan_defaults(path: str | Path | None = None) -> PartTimeInputs:
    """The plan's values, read from the region's part_time.toml (or `path`)."""
    path = Path(path) if path else part_time_file()
    data = plan_files.read_toml(path, PartTimeFileError)
    names = [f.name for f in fields(PartTimeInputs)]
    unknown = sorted(set(data) - set(names) - {"source"})
    missing = [n for n in names if n not in data]
    if unknown or missing:
        parts = ([f"ukjend nøkkel: {', '.join(unknown)}"] if unknown else []) + (
            [f"manglar: {', '.join(f'{n} («{input_label(n)}»)' for n in missing)}"] if missing else []
        )
        raise PartTimeFileError(plan_files.problem_message(path, f"{'; '.join(parts)}. Kvar linje i tabellen i "
                                                                 "planen treng ein nøkkel med eit tal, t.d. "
                                                                 f"«{(missing or names)[0]} = 1000»."), path)
    inputs = PartTimeInputs(**{n: data[n] for n in names})
    problems = validate_inputs(inputs)
    if problems:
        raise PartTimeFileError(plan_files.problem_message(path, " ".join(problems)), path)
    return inputs


def plan_source(path: str | Path | None = None) -> str:
    """Where the default values come from (the `source` line of the region's part_time.toml), as written: it
    may hold the placeholders of `texts.fill` (e.g. {plan_title}), which the page fills."""
    path = Path(path) if path else part_time_file()
    return str(plan_files.read_toml(path, PartTimeFileError).get("source", ""))


def full_year_equivalents(registered_population: float, guest_days_per_year: float) -> float:
    """Residents + guest-days / 365: an estimate built on the plan's teledata assumptions
    (see texts.part_time.FULL_YEAR_EQUIVALENT_NOTE), for per-person figures that count part-time residents too."""
    for name, value in (("population", registered_population), ("guest_days", guest_days_per_year)):
        if value is None or isinstance(value, bool) or math.isnan(float(value)):
            raise PartTimeInputError(MESSAGES[f"{name}_missing"])
        if value < 0:
            raise PartTimeInputError(MESSAGES[f"{name}_below_zero"].format(value=f"{value:g}"))
    return float(registered_population) + float(guest_days_per_year) / DAYS_PER_YEAR


def plan_guest_days_per_year(path: str | Path | None = None) -> int:
    """Guest-days per year with the plan's own assumptions (for pages that want the default denominator:
    `full_year_equivalents(population, plan_guest_days_per_year())`)."""
    return calculate(plan_defaults(path)).guest_days_per_year
