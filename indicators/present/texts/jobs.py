"""Texts of the Arbeidsplassar page, the jobs and commuting charts and the jobs goal's rule.

Placeholders as in `texts.fill`, plus {members_word} (the number of members in words, "seks") and the named
ones. `rule_parts` (`rule_text` as markdown) and `missing_goal_text` put the goal's rule and the reason it cannot
be assessed together.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from indicators.formatting import format_percent
from indicators.present import texts
from indicators.progress import DIRECTION_ACCELERATION_RATE, DIRECTION_ON_TRACK_RATE
from indicators.regions import Region, active_region

if TYPE_CHECKING:
    from indicators.goals import Goal, Plan


def fill(template: str, region: Region | None = None, **extra: Any) -> str:
    """`texts.fill` with {members_word} as well."""
    region = region or active_region()
    count = len(region.members)
    return texts.fill(template, region, members_word=texts.number_word(count), **extra)


# --- measures and flows (labels in menus, legends and exports) ----------------------------------------------
MEASURE_LABELS: dict[str, str] = {
    "jobs_by_workplace": "Arbeidsplassar (sysselsette etter arbeidsstad)",
    "jobs_per_100_residents": "Arbeidsplassar per 100 innbyggjarar 15–74 år",
    "employed_by_residence": "Sysselsette etter bustad",
    "residents_15_74": "Innbyggjarar 15–74 år",
    "employment_rate": "Sysselsetjingsdel etter bustad (prosent)",
}
FLOW_LABELS: dict[str, str] = {
    "inbound": "Innpendling",
    "outbound": "Utpendling",
    "net": "Netto innpendling (inn minus ut)",
    "local": "Bur og arbeider i same område",
}

COMMUTING_OMISSION_TEXT = (
    "Pendlingstala kjem frå eit uttrekk av SSB-tabell 03321 som manglar nokre få svært små straumar. "
    "Summane kan difor vere nokre få personar lågare enn i tabell 11618."
)
# Visitors are told whom to ask; the command is for the operator (shown to signed-in admins only, and in the README).
INDUSTRY_OFFLINE_TEXT = (
    "Arbeidsplassar etter næring (SSB-tabell 13470) er ikkje med i datagrunnlaget som følgjer med dashbordet. "
    "Tala kjem her når dashbordet er oppdatert frå SSB: spør sekretariatet i {council} om du treng dei."
)
INDUSTRY_OFFLINE_OPERATOR = (
    "For den som driftar dashbordet: køyr `.venv/bin/python -m indicators refresh jobs_by_industry` på ei maskin "
    "med nett."
)

# --- charts -------------------------------------------------------------------------------------------------
LATEST_NOTE = "Siste tal: 4. kvartal {year}"
AND = " og "
Y_JOBS = "Arbeidsplassar"
Y_PERSONS = "Personar"

TREND_PLAIN_TITLE = "Arbeidsplassar i {name}"
TREND_GREW, TREND_SHRANK, TREND_STILL = "auka", "minka", "stått stille"
TREND_AMOUNT = " med {amount} ({ratio})"
TREND_TITLE = "Arbeidsplassane i {name} har {verb}{amount} sidan {base_year}"
TREND_TOO_FEW = "Arbeidsplassar i {name}: for få år med tal til å vise endringa sidan {base_year}"
TREND_EXPORT = "Arbeidsplassar, {name}"

MEMBERS_PLAIN_TITLE = "Arbeidsplassar i kvar kommune"
MEMBERS_TITLE = "{more} av {known} kommunar har fleire arbeidsplassar enn i {base_year}"
MEMBERS_EXPORT = "Arbeidsplassar i kommunane i {region}"

COMPARE_MISSING = "{name} manglar tal for {year}"
COMPARE_PLAIN = "{name}: {shown} {what} i {year}"
COMPARE_SINCE = "{name}: {shown} {what} i {year}, {direction} frå {start} i {first}"
COMPARE_UP, COMPARE_DOWN = "opp", "ned"
COMPARE_WITH_REGION = "{name}: {shown} {what} i {year}, {relation} enn {region} samla ({whole})"
COUNT_RELATIONS = ("fleire", "færre", "like mange")  # more, fewer, as many
LEVEL_RELATIONS = ("høgare", "lågare", "same")

PER_100_WHAT = "arbeidsplassar per 100 innbyggjarar 15–74 år"
Y_PER_100 = "Per 100 innbyggjarar"
PER_100_EXPORT = "Arbeidsplassar per 100 innbyggjarar 15–74 år"

RATE_WHAT = "av innbyggjarane 15–74 år er sysselsette"
RATE_UNIT = "\u00a0%"
Y_PERCENT = "Prosent"
RATE_EXPORT = "Sysselsette etter bustad i prosent av innbyggjarane 15–74 år"

NET_ALL_OUT = "Alle kommunane har fleire utpendlarar enn innpendlarar ({year})"
NET_ALL_IN = "Alle kommunane har fleire innpendlarar enn utpendlarar ({year})"
NET_ONLY = "Berre "
NET_SOME = "{only}{names} har fleire innpendlarar enn utpendlarar ({year})"
NET_NOTE = "Pendling over kommunegrensa, også mellom kommunane i {region}"
NET_AXIS = "Innpendlarar minus utpendlarar"
NET_EXPORT = "Netto innpendling {year}"

OVER_TIME_PLAIN_TITLE = "Pendling over grensa til {name}"
OVER_TIME_OUT = "Fleire pendlar ut av {name} enn inn: {net} netto i {year}"
OVER_TIME_IN = "Fleire pendlar inn til {name} enn ut: {net} netto i {year}"
OVER_TIME_EVEN = "Like mange pendlar inn til {name} som ut ({year})"
BORDER_REGION = "grensa til {region} (pendling mellom dei {members_word} er ikkje med)"
BORDER_MEMBER = "kommunegrensa til {name}"
OVER_TIME_NOTE = "Pendling over {border}"
OVER_TIME_EXPORT = "Pendling, {name}"

DIRECTION_HEADINGS: dict[str, str] = {
    "out": "Kvar innbyggjarane i {name} arbeider",
    "in": "Kvar dei som arbeider i {name}, bur",
}
FLOWS_INSIDE = "Kommune i {region}"
FLOWS_OUTSIDE = "Kommune utanfor {region}"
FLOWS_REST = "Resten samla"
FLOWS_HOVER = "%{y}: %{x:,.0f} personar (%{customdata:.1f} %)<extra></extra>"
FLOWS_WHO = {"out": "utpendlarane frå {name} arbeider", "in": "innpendlarane til {name} bur"}
FLOWS_TITLE = "Flest av {who} i {top}: {value} av {total} ({year})"
FLOWS_EXPORT = "{heading} ({year})"

GRID_HOVER = "Bur i %{y}, arbeider i %{x}: %{text}<extra></extra>"
GRID_EMPTY = "Ingen pendling mellom kommunane i {region} i datagrunnlaget for {year}"
GRID_TITLE = "Den største straumen i {region} går frå {origin} til {destination}: {value} personar ({year})"
GRID_NOTE = "Rad: kommunen dei bur i. Kolonne: kommunen dei arbeider i"
GRID_X = "Arbeider i"
GRID_Y = "Bur i"
GRID_OWN = "–"  # the diagonal: living and working in the same municipality is not commuting
GRID_NONE = "0"
GRID_EXPORT = "Pendling mellom kommunane i {region} {year}"

INDUSTRY_EMPTY = "Arbeidsplassar etter næring, {name}: ingen samanliknbare tal for {base_year} og {last_year}"
INDUSTRY_TOP = "{industry} har fått flest nye arbeidsplassar i {name}: {change} frå {base_year} til {last_year}"
INDUSTRY_NONE = "Ingen næring i {name} har fått fleire arbeidsplassar frå {base_year} til {last_year}"
INDUSTRY_AXIS = "Endring i arbeidsplassar"
INDUSTRY_EXPORT = "Arbeidsplassar etter næring, {name}"

# --- page ---------------------------------------------------------------------------------------------------
PAGE_TITLE = "Arbeidsplassar – {name}"
PAGE_CAPTION = (
    "Arbeidsplassar er sysselsette 15–74 år talde der dei arbeider (4. kvartal, SSB-tabell 11618). "
    "{region} er summen av dei {members_word} kommunane."
)
METRIC_LATEST = "Arbeidsplassar, 4. kvartal {year}"
METRIC_LATEST_NO_YEAR = "Arbeidsplassar"
METRIC_CHANGE = "Endring sidan 4. kvartal {year}"
NO_CHANGE = "–"
GOAL_HEADING = "Mål: fleire arbeidsplassar"
# the disclosure beside the goal's statuses that holds its rule (`rule_parts`)
RULE_LABEL = "Korleis målet blir vurdert"

# Tab labels (ui/sections.py): short, so six fit on a 1024 px projector; the open one is in the URL, so they
# must not depend on the region.
SECTION_TREND = "Utvikling"
VIEW_LABEL = "Vis"
TREND_VIEWS = {"region": "Arbeidsplassar i {name}", "kommunar": "Kvar kommune i {region}"}

SECTION_PER_100 = "Per 100 innbyggjarar"
PER_100_CAPTION = (
    "Talet seier kor mange arbeidsplassar kommunen har samanlikna med kor mange som bur der i alderen 15–74 år. "
    "Ikkje alle i den alderen er i arbeid, så talet er lågare enn 100 også der arbeidsplassar og sysselsette "
    "bebuarar er like mange."
)
SECTION_RATE = "Sysselsetjing"
RATE_CAPTION = "Del av innbyggjarane 15–74 år som er sysselsette, same kvar dei arbeider."

SECTION_COMMUTING = "Pendling"
YEAR_LABEL = "År (4. kvartal)"
NET_METRIC = "Netto innpendling til {where}, 4. kvartal {year}"
NET_WHERE_REGION = "{region} samla"
NET_HELP_REGION = (
    "Innpendling minus utpendling over grensa til {region}; pendling mellom dei {members_word} kommunane er "
    "ikkje med."
)
NET_HELP_MEMBER = "Innpendling minus utpendling over kommunegrensa til {name}."

SECTION_FLOWS = "Straumar"
FLOWS_SUBHEADER = "Dei største pendlingsstraumane, 4. kvartal {year}"
SCOPE_LABEL = "Vis straumar til og frå"
SCOPES = {"all": "Heile landet", "region": "Innanfor {region}", "rest": "Resten av landet"}
REGION_FLOWS_CAPTION = (
    "For {region} samla viser vi straumane over grensa til regionen; "
    "pendlinga mellom dei {members_word} kommunane står i rutenettet under."
)
DIRECTION_LABEL = "Retning"
DIRECTIONS = {"out": "Utpendling: kvar innbyggjarane arbeider", "in": "Innpendling: kvar arbeidstakarane bur"}
NO_FLOWS = "Ingen pendlingsstraumar i dette utvalet."
NAMES_CAPTION = (
    "Uttrekket frå SSB-tabell 03321 har berre kommunenummer. Namna på kommunar utanfor {region} kjem frå "
    "SSB si kommuneliste (KLASS 131) for kodane det året; kommunar som delte namn før 2020 står med fylket, "
    "til dømes «Våler (Østfold)»."
)
GRID_SUBHEADER = "Pendling mellom kommunane i {region}, 4. kvartal {year}"

SECTION_INDUSTRY = "Næringar"
INDUSTRY_ONE_YEAR = "Tala etter næring har berre {year} så langt; endringa kan ikkje reknast ut enno."

# --- the goal's rule (also on Om dashbordet) ----------------------------------------------------------------
GOAL_NAME = "Fleire arbeidsplassar"
RULE_SINCE_UNKNOWN = "utgangsåret"
RULE_START_UNKNOWN = "4. kvartal i utgangsåret som målfila (plan/goals.toml) set for målet"
RULE_START = "4. kvartal {year}, utgangsåret i målfila (plan/goals.toml)"
RULE_MEASURED = (
    "Planen seier «auke i talet på arbeidsplassar». Dashbordet måler arbeidsplassar "
    "som sysselsette 15–74 år etter arbeidsstad i 4. kvartal (SSB-tabell 11618), for {region} summen av "
    "dei {members_word} kommunane. Utgangspunktet er {start}. "
    "Vi viser endringa i personar og prosent frå {since} til siste år med tal"
)
RULE_DIRECTION = (
    ". Planen gjev ikkje eit tal, så vi vurderer veksten per år etter Statistics Canada sin metode for "
    "mål med berre ei retning: minst {high} per år gjev «På rett veg», {low}–{high} gjev «Treng auka "
    "tempo», 0–{low} gjev «Avgrensa framgang», og færre arbeidsplassar gjev «Går feil veg». Eit mål som "
    "berre har ei retning, blir aldri «Nådd», sidan det ikkje har noko endepunkt."
)
RULE_TARGET = (
    ", og vurderer framgangen mot talet i målfila for {target_year} med same metode som for "
    "dei andre måla med tal."
)
RULE_UNMEASURED_PARTS = (
    "Undergruppene i målet (arbeidsplassar for unge, grøne arbeidsplassar, arbeidsplassar med krav om høgare "
    "utdanning, heilårsarbeidsplassar og statlege og fylkeskommunale arbeidsplassar) er ikkje målte."
)

MISSING_STILL_SHOWN = "tala over tid står likevel under."
MISSING_UNREADABLE = "Målfila plan/goals.toml kan ikkje lesast. Dashbordet kan difor ikkje vurdere målet; {still_shown}"
MISSING_GOAL = (
    "Målet «{goal_name}» står ikkje i plan/goals.toml, eller det er ikkje knytt til indikatoren «{indicator}» "
    "med eit utgangsår. Dashbordet kan difor ikkje vurdere målet; {still_shown}"
)
MISSING_PROBLEMS = " Målfila har feil som kan vere årsaka: {problems}."


def _this() -> Any:
    """This module, whose constants read in the active language (bare globals would stay Nynorsk)."""
    return sys.modules[__name__]


def rule_parts(goal: Goal | None) -> tuple[str, str]:
    """How the jobs goal is assessed, as (the goal's name, the rule), plain text: the baseline year from
    plan/goals.toml (goal None: the rule without a year, for a text that does not read the goals file)."""
    t = _this()
    if goal is None:
        since, start = t.RULE_SINCE_UNKNOWN, t.RULE_START_UNKNOWN
    else:
        since = str(goal.baseline_period)
        start = t.RULE_START.format(year=since)
    measured = fill(t.RULE_MEASURED, start=start, since=since)
    if goal is None or (goal.target_change is None and goal.target_value is None):
        high, low = format_percent(DIRECTION_ON_TRACK_RATE), format_percent(DIRECTION_ACCELERATION_RATE)
        rule = t.RULE_DIRECTION.format(high=high, low=low)
    else:
        rule = t.RULE_TARGET.format(target_year=goal.target_period)
    return t.GOAL_NAME, f"{measured}{rule} {t.RULE_UNMEASURED_PARTS}"


def rule_text(goal: Goal | None) -> str:
    """`rule_parts` as markdown, the goal's name in bold (Om dashbordet)."""
    name, rule = rule_parts(goal)
    return f"**{name}.** {rule}"


def missing_goal_text(plan: Plan | None, indicator: str) -> str:
    """Why the page cannot assess the jobs goal: the goals file unreadable (plan None), or no goal measured by
    `indicator` from a baseline year; the file's problems are named, since one of them may be that goal."""
    t = _this()
    if plan is None:
        return t.MISSING_UNREADABLE.format(still_shown=t.MISSING_STILL_SHOWN)
    if not plan.loaded:  # a region with members only
        return texts.fill(texts.common.NO_PLAN_GOAL)
    text = t.MISSING_GOAL.format(goal_name=t.GOAL_NAME, indicator=indicator, still_shown=t.MISSING_STILL_SHOWN)
    if plan.problems:
        text += t.MISSING_PROBLEMS.format(problems="; ".join(str(p) for p in plan.problems))
    return text

# A peer region chosen in the sidebar (region.toml [[peers]]): its sums are shown, without the plan's goal.
PEER_NO_GOAL = "Målet om arbeidsplassar høyrer til planen for {region}. {name} er ein liknande region: her er berre tala."
PEER_NO_INDUSTRY = (
    "Arbeidsplassar etter næring er berre henta for kommunane i {region}, ikkje for {name}: datagrunnlaget har "
    "ikkje tala. Pendlinga og dei andre delane på sida viser {name}."
)
