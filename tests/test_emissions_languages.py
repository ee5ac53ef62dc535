"""Why the emissions goal has no figures yet (emissions.NO_DATA_REASON) reads in the language of the page, report
or command that evaluates it (issue 21): GoalResult.reason stays a str, worded when the goal is evaluated."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicators import emissions, emissions_goal, i18n
from indicators.goals import evaluate_goal, load_plan
from indicators.model import IndicatorSpec
from indicators.regions import active_region


@pytest.mark.parametrize(("language", "reason"), [
    ("nn", "Utsleppstal er ikkje importerte enno. Miljødirektoratet har ikkje noko API; sida «Klima» forklarer "
           "korleis Excel-fila deira blir lasta inn."),
    ("nb", "Utslippstall er ikke importert ennå. Miljødirektoratet har ikke noe API; siden «Klima» forklarer hvordan "
           "Excel-filen deres lastes inn."),
    ("en", "Emission figures have not been imported yet. The Norwegian Environment Agency has no API; the «Climate» "
           "page explains how to load its Excel file."),
])
def test_the_emissions_goal_without_figures_says_why_in_the_language(tmp_path: Path, language, reason):
    goal = emissions_goal.emissions_goal(load_plan())
    assert goal is not None
    with i18n.use(language):
        result = evaluate_goal(goal, active_region().id, tmp_path / "empty-cache")
        shown = str(emissions.NO_DATA_REASON)
    assert result.status == "no_data"
    assert isinstance(result.reason, str) and result.reason == reason == shown


def test_the_reason_compares_as_the_str_a_page_shows():
    spec: IndicatorSpec = emissions.INDICATORS[0]
    with i18n.use("en"):
        worded = str(spec.empty_message)
    assert worded.startswith("Emission figures have not been imported yet.")
    assert f"{spec.empty_message}" == str(spec.empty_message)  # the command line's f-string words it too
