"""Every text a user reads, in Nynorsk, in one place: one module per page or topic (`common` for what the
whole app shares). Pages, UI helpers and chart builders take their words from here, so a translation means
translating this folder. Domain error messages stay with the domain.

Texts never name the region, its municipalities or the plan: they use the placeholders {region}, {plan},
{plan_period}, {plan_start}, {plan_end} and {council}, which `fill` takes from the region file.
"""

from __future__ import annotations

from typing import Any

from indicators.formatting import count_words
from indicators.regions import Region, active_region

LANGUAGE = "nn"  # the language of these texts (BCP 47), declared on the page for screen readers


def words(region: Region | None = None) -> dict[str, Any]:
    """The region-specific words every text may use, from the region file."""
    region = region or active_region()
    return {
        "region": region.name,
        "plan": region.plan.name,
        "plan_title": region.plan.title,
        "plan_period": f"{region.plan.start}–{region.plan.end}",
        "plan_start": region.plan.start,
        "plan_end": region.plan.end,
        "council": region.council or region.name,
        "member_count": count_words(len(region.members)),
        "county": region.county.name if region.county else "",
        "country": region.country.name if region.country else "",
    }


def fill(template: str, region: Region | None = None, /, **extra: Any) -> str:
    """A text with the region's words (default: the active region; `extra` values win) put in for its
    placeholders."""
    return template.format(**{**words(region), **extra})
