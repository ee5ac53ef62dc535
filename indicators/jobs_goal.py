"""The jobs goal: where plan/goals.toml has it, and how the pages explain its assessment (Nynorsk)."""

from __future__ import annotations

from indicators.formatting import format_percent
from indicators.goals import Goal, Plan, measured_goal, measured_goal_missing_text
from indicators.jobs import JOBS_GOAL_ID, JOBS_INDICATOR
from indicators.progress import DIRECTION_ACCELERATION_RATE, DIRECTION_ON_TRACK_RATE

_JOBS_GOAL_NAME = "Fleire arbeidsplassar"
_UNMEASURED_PARTS = (
    "Undergruppene i målet (arbeidsplassar for unge, grøne arbeidsplassar, arbeidsplassar med krav om høgare "
    "utdanning, heilårsarbeidsplassar og statlege og fylkeskommunale arbeidsplassar) er ikkje målte."
)


def jobs_goal(plan: Plan | None) -> Goal | None:
    """The plan's jobs goal as plan/goals.toml gives it, or None when the file does not have it measured by
    the jobs indicator (goal removed, rejected by the loader, or the goals file unreadable: plan None)."""
    return measured_goal(plan, JOBS_GOAL_ID, JOBS_INDICATOR)


def jobs_goal_missing_text(plan: Plan | None) -> str:
    """Nynorsk: why the page cannot assess the jobs goal (see `jobs_goal`)."""
    return measured_goal_missing_text(
        plan, JOBS_GOAL_ID, JOBS_INDICATOR, f"Målet «{_JOBS_GOAL_NAME}»", "tala over tid står likevel under."
    )


def jobs_goal_rule_text(goal: Goal | None) -> str:
    """Nynorsk: how the jobs goal is assessed, with the baseline year from plan/goals.toml (goal None: the
    rule without a year, for a text that does not read the goals file)."""
    if goal is None:
        since = "utgangsåret"
        start = "4. kvartal i utgangsåret som målfila (plan/goals.toml) set for målet"
    else:
        since = str(goal.baseline_period)
        start = f"4. kvartal {since}, utgangsåret i målfila (plan/goals.toml)"
    measured = (
        f"**{_JOBS_GOAL_NAME}.** Planen seier «auke i talet på arbeidsplassar». Dashbordet måler arbeidsplassar "
        "som sysselsette 15–74 år etter arbeidsstad i 4. kvartal (SSB-tabell 11618), for Hallingdal summen av "
        f"dei seks kommunane. Utgangspunktet er {start}. "
        f"Vi viser endringa i personar og prosent frå {since} til siste år med tal"
    )
    if goal is None or (goal.target_change is None and goal.target_value is None):
        high, low = format_percent(DIRECTION_ON_TRACK_RATE), format_percent(DIRECTION_ACCELERATION_RATE)
        rule = (
            ". Planen gjev ikkje eit tal, så vi vurderer veksten per år etter Statistics Canada sin metode for "
            f"mål med berre ei retning: minst {high} per år gjev «På rett veg», {low}–{high} gjev «Treng auka "
            f"tempo», 0–{low} gjev «Avgrensa framgang», og færre arbeidsplassar gjev «Går feil veg». Eit mål som "
            "berre har ei retning, blir aldri «Nådd», sidan det ikkje har noko endepunkt."
        )
    else:
        rule = (
            f", og vurderer framgangen mot talet i målfila for {goal.target_period} med same metode som for "
            "dei andre måla med tal."
        )
    return f"{measured}{rule} {_UNMEASURED_PARTS}"


# The rule for pages that do not read the goals file (Om dashbordet); the jobs page shows it with the year.
JOBS_GOAL_RULE_TEXT = jobs_goal_rule_text(None)


