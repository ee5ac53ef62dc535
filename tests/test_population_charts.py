from pathlib import Path

import pandas as pd
import pytest

from indicators.cache import manifests, write_dataset
from indicators.goals import Goal, load_plan
from indicators.model import Dataset, Provenance
from indicators.population import WORKING_AGE_POPULATION, age_pyramid
from indicators.present import population_charts
from indicators.registry import get_indicator
from tests.conftest import tiny_population_frame


def handed(indicator_id: str, region: str | None, **params: str) -> tuple[pd.DataFrame, list[Provenance]]:
    """What the page hands a builder: the indicator's frame (every region for None) and its sources."""
    spec = get_indicator(indicator_id)
    return spec.compute(region=region, **params), manifests(spec.datasets)


def working_age_chart(region: str, ages: str, goal: Goal | None) -> population_charts.Chart:
    return population_charts.working_age(region, *handed(WORKING_AGE_POPULATION, region, ages=ages), ages, goal=goal)


def indexed_title(region: str) -> str:
    chart = population_charts.population_indexed(region, *handed("population_total", None), 2021)
    return chart.figure.layout.title.text

PLAN_GOALS = Path(__file__).resolve().parent.parent / "plan" / "goals.toml"  # the real plan's goals file


def working_age_goal() -> Goal:
    """The plan's working-age goal, found the way a page finds it: by its indicator."""
    goal = load_plan(PLAN_GOALS).measured_by(WORKING_AGE_POPULATION)
    assert goal is not None
    return goal


@pytest.fixture
def shrinking_flaa(tmp_path, monkeypatch):
    """Tiny cache where Flå loses people from 2021 to 2023 while every other region grows."""
    frame = tiny_population_frame()
    flaa_2023 = (frame["region_code"] == "3320") & (frame["period"] == 2023)
    frame.loc[flaa_2023, "value"] = frame.loc[flaa_2023, "value"] / 4
    write_dataset(Dataset(frame, Provenance(dataset="population", title="t", source="t")), tmp_path)
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path))


def test_indexed_title_never_calls_a_fall_growth(shrinking_flaa):
    title = indexed_title("3320")
    assert "færre innbyggjarar enn i 2021" in title
    assert "vakse meir" not in title
    assert "vakse meir enn Noreg" in indexed_title("3330")


def test_working_age_chart_draws_the_plans_target_from_goals_toml(tiny_cache):
    chart = working_age_chart("3326", "20-64", goal=working_age_goal())
    names = [trace.name for trace in chart.figure.data]
    path = chart.figure.data[-1]
    assert names[-1].startswith("Målbane (+1")
    # Hemsedal (4th municipality) in the tiny cache: 5 per sex and age in 2022 -> 45 ages * 2 * 5 = 450
    assert list(path.x)[0] == 2022 and path.y[0] == 450
    assert path.y[-1] == pytest.approx(450 * 1.01)


def test_other_age_bands_say_the_target_is_the_plans_applied_to_that_band(tiny_cache):
    chart = working_age_chart("3326", "15-74", goal=working_age_goal())
    assert chart.figure.data[-1].name.startswith("Planen sitt mål")
    assert "15–74 år" in chart.figure.data[-1].name


def test_working_age_chart_without_the_goal_shows_no_target(tiny_cache):
    chart = working_age_chart("3326", "20-64", goal=None)
    assert len(chart.figure.data) == 1


def test_working_age_chart_with_a_goal_without_target_shows_no_target(tiny_cache):
    import dataclasses

    chart = working_age_chart("3326", "20-64", goal=dataclasses.replace(working_age_goal(),
                                                                                     target_change=None))
    assert len(chart.figure.data) == 1


def test_nice_step_gives_round_symmetric_ticks():
    assert [population_charts.nice_step(x) for x in (53, 790, 1, 99, 100, 2600)] == [50, 500, 1, 50, 50, 2000]


def test_municipality_chart_names_fastest_and_slowest_and_highlights_the_choice(shrinking_flaa):
    chart = population_charts.population_municipalities("3326", *handed("population_total", None))
    title = chart.figure.layout.title.text.replace("<br>", " ")
    assert title.startswith("Nesbyen har vakse mest sidan 2021")  # 2 -> 4 per age: the largest ratio here
    assert "Flå har minka" in title
    widths = {trace.name: trace.line.width for trace in chart.figure.data}
    assert widths["Hemsedal"] > widths["Gol"]


def test_age_groups_are_in_age_order(tiny_cache):
    names = [trace.name for trace in population_charts.age_groups(
        "3320", *handed("population_by_age_group", "3320", groups="fine"), "fine").figure.data]
    assert names[:3] == ["0–5 år", "6–15 år", "16–19 år"]


def write_region(tmp_path, members: int, comparisons: bool):
    """A region file with `members` municipalities and, if asked, one county to compare with (no country)."""
    lines = ['id = "testdal"', 'name = "Testdal"', 'plan = { name = "Plan for Testdal", start = 2021, end = 2023 }']
    for index in range(members):
        lines += ["[[members]]", f'code = "{9001 + index}"', f'name = "Kommune {index + 1}"']
    if comparisons:
        lines += ["[[comparisons]]", 'code = "99"', 'name = "Testfylket"', 'kind = "county"']
    path = tmp_path / "region.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def region_population(codes: list[str], names: list[str]) -> pd.DataFrame:
    rows = []
    for index, (code, name) in enumerate(zip(codes, names, strict=True)):
        for year in (2021, 2022, 2023):
            per_sex = float(index + 1 + (year - 2021) * (index % 3))
            for age in range(106):
                for sex, value in (("female", per_sex), ("male", per_sex), ("total", 2 * per_sex)):
                    rows.append((code, name, sex, str(age), year, value, ""))
    return pd.DataFrame(rows, columns=["region_code", "region_name", "sex", "age", "period", "value", "status"])


@pytest.mark.parametrize("members", [2, 9])
@pytest.mark.parametrize("comparisons", [True, False])
def test_a_region_of_any_size_gets_every_population_chart_in_its_own_words(tmp_path, monkeypatch, members,
                                                                             comparisons):
    import dataclasses

    from indicators.regions import active_region

    monkeypatch.setenv("REGION_CONFIG", str(write_region(tmp_path, members, comparisons)))
    codes = [str(9001 + i) for i in range(members)] + (["99"] if comparisons else [])
    names = [f"Kommune {i + 1}" for i in range(members)] + (["Testfylket"] if comparisons else [])
    write_dataset(Dataset(region_population(codes, names), Provenance(dataset="population", title="t", source="t")),
                  tmp_path / "cache")
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path / "cache"))
    assert active_region().id == "testdal"
    goal = dataclasses.replace(working_age_goal(), baseline_period=2021, target_period=2023)
    built = [
        population_charts.population_trend("testdal", *handed("population_total", "testdal")),
        population_charts.population_indexed("testdal", *handed("population_total", None), 2021),
        population_charts.population_municipalities("9002", *handed("population_total", None)),
        working_age_chart("testdal", "20-64", goal=goal),
        population_charts.age_groups(
            "testdal", *handed("population_by_age_group", "testdal", groups="plan"), "plan"),
        population_charts.pyramid("9001", age_pyramid("9001", 2022), manifests(["population"]), 2022),
    ]
    titles = [chart.figure.layout.title.text for chart in built]
    for title in titles:
        assert "Hallingdal" not in title
        assert "Noreg" not in title
        assert "Buskerud" not in title
    assert "Testdal" in titles[0]
    assert {trace.name for trace in built[2].figure.data} == set(names[:members])
    assert built[3].figure.data[-1].name.startswith("Målbane")
    indexed_regions = {trace.name for trace in built[1].figure.data}
    assert indexed_regions == ({"Testdal", "Testfylket"} if comparisons else {"Testdal"})
    if comparisons:
        assert "Testfylket" in titles[1]
