"""Jobs: stitching of the employment extract, the domain sums, the jobs goal and the jobs charts; regions with
another number of members; regions without figures. Commuting is tested in test_commuting.py.

The extracts in tests/fixtures/jobs/ are hand-made in the real layouts (numbers are not SSB's): 2019 uses the
codes before the 2020 renumbering (0615–0620), 2020 the codes after it (3039–3044).
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pandas as pd
import pytest

from indicators import commuting, jobs, jobs_goal
from indicators import regions as region_files
from indicators.cache import CacheError, manifests, read_dataset, write_dataset
from indicators.formatting import format_number
from indicators.goals import Goal, GoalFileProblem, Plan, evaluate_goal, load_plan
from indicators.jobs import NoDataForRegionError
from indicators.model import Dataset, Provenance
from indicators.present import jobs_charts
from indicators.present.texts import jobs as words
from indicators.regions import UnknownRegionError, active_region
from indicators.registry import get_indicator
from indicators.sources.published_csv import PublishedFileError
from indicators.sources.ssb_extracts import ExtractCodeError, read_commuting_extract, read_employment_extract
from tests import written_once

FIXTURES = Path(__file__).parent / "fixtures" / "jobs"
EMPLOYMENT_CSV = FIXTURES / "11618_employment_small.csv"
COMMUTING_CSV = FIXTURES / "03321_commuting_small.csv"
REPO_CACHE = Path(__file__).resolve().parent.parent / "data_cache"

HALLINGDAL = "hallingdal"
MEMBERS = ("3320", "3322", "3324", "3326", "3328", "3330")
GOL, HEMSEDAL, FLAA, AAL = "3324", "3326", "3320", "3328"


def with_extra_lines(source: Path, target: Path, *lines: str) -> Path:
    target.write_text(source.read_text(encoding="utf-8") + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return target


def build_jobs_cache(folder: Path) -> Path:
    """A cache built from the hand-made extracts with the real importers (test_commuting.py uses it too)."""
    write_dataset(read_employment_extract(EMPLOYMENT_CSV), folder)
    write_dataset(read_commuting_extract(COMMUTING_CSV), folder)
    return folder


def copied_jobs_cache(folder: Path) -> Path:
    """`folder` with the cache `build_jobs_cache` writes, written once per test process and region (the importers
    check the codes against the active region) and copied (tests/written_once.py)."""
    return written_once.copy_of(("jobs-extracts", str(region_files.region_file()), active_region().member_codes),
                                build_jobs_cache, folder)


@pytest.fixture
def jobs_cache(tmp_path: Path) -> Path:
    return copied_jobs_cache(tmp_path)


def value(frame: pd.DataFrame, **where: object) -> float:
    rows = frame
    for column, wanted in where.items():
        rows = rows[rows[column] == wanted]
    assert len(rows) == 1, f"expected one row for {where}, got {len(rows)}"
    return float(rows["value"].iloc[0])


# --- stitching --------------------------------------------------------------------------------------------


def test_renumbered_municipality_gives_one_continuous_series():
    frame = read_employment_extract(EMPLOYMENT_CSV).frame
    hemsedal_jobs = frame[(frame["region_code"] == HEMSEDAL) & (frame["measure"] == "jobs_by_workplace")]
    # 0618 in 2019 and 3042 in 2020 are both Hemsedal, today 3326
    assert hemsedal_jobs.sort_values("period")[["period", "value"]].values.tolist() == [[2019, 1000.0], [2020, 1100.0]]
    assert set(frame["region_code"]) == set(MEMBERS)
    assert set(hemsedal_jobs["region_name"]) == {"Hemsedal"}


def test_employment_unknown_code_is_reported_with_the_code(tmp_path):
    path = with_extra_lines(EMPLOYMENT_CSV, tmp_path / "e.csv", "0301,0,15-74,SysselArbsted,2020,5000")
    with pytest.raises(ExtractCodeError, match="0301") as caught:
        read_employment_extract(path)
    assert caught.value.codes == ["0301"]


def test_employment_two_codes_for_one_municipality_in_one_year_is_an_error(tmp_path):
    # 0618 (Hemsedal's old code) published again in 2020 next to 3042
    path = with_extra_lines(EMPLOYMENT_CSV, tmp_path / "e.csv", "0618,0,15-74,SysselArbsted,2020,999")
    with pytest.raises(PublishedFileError, match=r"0618 og 3042|3042 og 0618"):
        read_employment_extract(path)


def test_employment_missing_value_is_nan_with_symbol_not_zero(tmp_path):
    text = EMPLOYMENT_CSV.read_text(encoding="utf-8").replace(
        "3042,0,15-74,SysselArbsted,2020,1100", "3042,0,15-74,SysselArbsted,2020,.."
    )
    path = tmp_path / "e.csv"
    path.write_text(text, encoding="utf-8")
    frame = read_employment_extract(path).frame
    jobs_rows = frame[(frame["region_code"] == HEMSEDAL) & (frame["measure"] == "jobs_by_workplace")]
    row = jobs_rows[jobs_rows["period"] == 2020]
    assert math.isnan(row["value"].iloc[0])
    assert row["status"].iloc[0] == ".."


def test_employment_wrong_columns_are_rejected(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("Region,Tid,value\n0618,2019,1\n", encoding="utf-8")
    with pytest.raises(PublishedFileError, match="venta kolonnane"):
        read_employment_extract(path)


# --- employment indicators ------------------------------------------------------------------------------


def test_jobs_total_has_hallingdal_as_sum_of_six(jobs_cache):
    frame = jobs.jobs_total(cache_directory=jobs_cache)
    assert value(frame, region_code=HEMSEDAL, period=2020) == 1100
    assert value(frame, region_code=HALLINGDAL, period=2019) == 400 + 1400 + 2900 + 1000 + 2400 + 2200
    assert value(frame, region_code=HALLINGDAL, period=2020) == 410 + 1380 + 2950 + 1100 + 2390 + 2250
    assert list(frame.columns) == ["region_code", "region_name", "period", "value", "status"]


def test_jobs_per_100_residents_and_employment_rate(jobs_cache):
    workplace = jobs.jobs_by_workplace(HEMSEDAL, cache_directory=jobs_cache)
    assert value(workplace, measure="jobs_per_100_residents", period=2020) == pytest.approx(1100 / 2000 * 100)
    residence = jobs.employed_by_residence(HALLINGDAL, cache_directory=jobs_cache)
    employed = 505 + 1690 + 2430 + 1400 + 2380 + 2520
    residents = 790 + 2480 + 3420 + 2000 + 3380 + 3520
    assert value(residence, measure="employment_rate", period=2020) == pytest.approx(employed / residents * 100)
    # the region's rate is the ratio of the sums, not the mean of the six rates
    mean_of_rates = sum(
        value(jobs.employed_by_residence(code, cache_directory=jobs_cache), measure="employment_rate", period=2020)
        for code in MEMBERS
    ) / 6
    assert value(residence, measure="employment_rate", period=2020) != pytest.approx(mean_of_rates)


def test_ratio_is_missing_when_a_part_is_missing(tmp_path):
    frame = read_employment_extract(EMPLOYMENT_CSV).frame
    mask = (frame["region_code"] == GOL) & (frame["measure"] == "residents_15_74") & (frame["period"] == 2020)
    frame.loc[mask, ["value", "status"]] = [float("nan"), ".."]
    write_dataset(Dataset(frame, Provenance(dataset="employment", title="t", source="t")), tmp_path)
    workplace = jobs.jobs_by_workplace(cache_directory=tmp_path)
    gol = workplace[(workplace["region_code"] == GOL) & (workplace["measure"] == "jobs_per_100_residents")]
    assert math.isnan(value(gol, period=2020))
    assert gol[gol["period"] == 2020]["status"].iloc[0] == ".."
    region = workplace[(workplace["region_code"] == HALLINGDAL) & (workplace["measure"] == "jobs_per_100_residents")]
    assert math.isnan(value(region, period=2020))  # no partial Hallingdal
    assert not math.isnan(value(region, period=2019))


def test_unknown_region_is_rejected(jobs_cache):
    with pytest.raises(UnknownRegionError):
        jobs.jobs_total("9999", cache_directory=jobs_cache)


# --- the goal rule -------------------------------------------------------------------------------------------


def employment_with_hallingdal_jobs(tmp_path: Path, jobs_2019: float, jobs_2020: float) -> Path:
    """An employment dataset where Flå carries the change and the other five stay put."""
    frame = read_employment_extract(EMPLOYMENT_CSV).frame
    flaa_jobs = (frame["region_code"] == FLAA) & (frame["measure"] == "jobs_by_workplace")
    frame.loc[flaa_jobs & (frame["period"] == 2019), "value"] = jobs_2019
    frame.loc[flaa_jobs & (frame["period"] == 2020), "value"] = jobs_2020
    others = (frame["region_code"] != FLAA) & (frame["measure"] == "jobs_by_workplace")
    unchanged = frame.loc[others & (frame["period"] == 2019), "value"].values
    frame.loc[others & (frame["period"] == 2020), "value"] = unchanged
    write_dataset(Dataset(frame, Provenance(dataset="employment", title="t", source="t")), tmp_path)
    return tmp_path


PLAN_GOALS = Path(__file__).resolve().parent.parent / "plan" / "goals.toml"  # the real plan's goals file


def real_jobs_goal(**changes: object) -> Goal:
    """The jobs goal exactly as plan/goals.toml has it, with the given fields changed for the small data."""
    goal = jobs_goal.jobs_goal(load_plan(PLAN_GOALS))
    assert goal is not None
    return dataclasses.replace(goal, **changes)


def goals_file(tmp_path: Path, *, baseline: int | None) -> Path:
    """A copy of plan/goals.toml with the jobs goal's baseline year changed, or the goal left out (None)."""
    text = PLAN_GOALS.read_text(encoding="utf-8")
    start = text.rindex("[[goals]]", 0, text.index(f'indicator = "{jobs.JOBS_INDICATOR}"'))
    end = text.index("[[goals]]", start + 1)
    block = text[start:end]
    assert "baseline_period = 2021" in block
    replaced = "" if baseline is None else block.replace("baseline_period = 2021", f"baseline_period = {baseline}")
    path = tmp_path / "goals.toml"
    path.write_text(text[:start] + replaced + text[end:], encoding="utf-8")
    return path


def test_the_jobs_goal_is_found_by_its_indicator_in_goals_toml():
    goal = jobs_goal.jobs_goal(load_plan())
    assert goal is not None
    assert goal.id == "naer-arbeidsplassar"
    assert goal.baseline_period == 2021
    assert goal.direction == "increase"
    assert goal.indicator == "jobs_total"


def test_a_changed_baseline_in_goals_toml_is_the_one_used(tmp_path):
    goal = jobs_goal.jobs_goal(load_plan(goals_file(tmp_path, baseline=2019)))
    assert goal is not None
    assert goal.baseline_period == 2019
    assert "4. kvartal 2019" in words.rule_text(goal)
    assert "Går feil veg" in words.rule_text(goal)


@pytest.mark.parametrize(
    ("flaa_2020", "status"),
    [
        (560.0, "on_track"),  # +160 of 10 300: +1.6 % a year
        (480.0, "acceleration_needed"),  # +0.8 % (any increase used to be "on track")
        (420.0, "limited"),  # +0.2 %
        (400.0, "limited"),
        (350.0, "deterioration"),
    ],
)
def test_goal_rule_classifies_by_direction_only(tmp_path, flaa_2020, status):
    cache = employment_with_hallingdal_jobs(tmp_path, 400.0, flaa_2020)
    result = evaluate_goal(real_jobs_goal(baseline_period=2019), HALLINGDAL, cache_directory=cache)
    assert result.status == status
    assert result.change == flaa_2020 - 400.0
    base = 400 + 1400 + 2900 + 1000 + 2400 + 2200
    assert result.change_ratio == pytest.approx((flaa_2020 - 400.0) / base)
    assert result.target.value is None  # a direction, not a number


def test_goal_rule_without_baseline_year_uses_the_next_year_with_a_number(jobs_cache):
    result = evaluate_goal(real_jobs_goal(baseline_period=2015), HALLINGDAL, cache_directory=jobs_cache)
    # the extract starts in 2019: 10 300 -> 10 480 in 2020 is +1.7 % a year
    assert (result.baseline.period, result.baseline.value) == (2019, 10_300)
    assert result.assessment.requested_base_period == 2015
    assert result.status == "on_track"
    assert result.change == 180
    assert "(2019–2020, 2015 manglar)" in result.assessment.explanation


def test_goal_rule_without_numbers_from_the_baseline_year_on_is_no_data(jobs_cache):
    goal = real_jobs_goal(baseline_period=2030, target_period=2035)
    result = evaluate_goal(goal, HALLINGDAL, cache_directory=jobs_cache)
    assert result.status == "no_data"
    assert result.change is None
    assert "2030" in result.reason


def test_missing_jobs_goal_is_said_plainly():
    empty = Plan(areas=[], goals=[], problems=[])
    assert jobs_goal.jobs_goal(empty) is None
    text = words.missing_goal_text(empty, jobs.JOBS_INDICATOR)
    assert "står ikkje i plan/goals.toml" in text
    assert "«jobs_total»" in text
    broken = Plan(areas=[], goals=[], problems=[GoalFileProblem("goals.toml", "naer-arbeidsplassar", "manglar «area»")])
    assert "goals.toml, mål «naer-arbeidsplassar»: manglar «area»" in words.missing_goal_text(broken, "jobs_total")
    assert jobs_goal.jobs_goal(None) is None
    assert "kan ikkje lesast" in words.missing_goal_text(None, jobs.JOBS_INDICATOR)
    unmeasured = real_jobs_goal(indicator=None)
    assert jobs_goal.jobs_goal(Plan(areas=[], goals=[unmeasured], problems=[])) is None


def test_the_jobs_goal_is_found_under_any_id():
    """Goal ids are the plan's data: a plan that calls the goal something else still has its jobs goal."""
    renamed = real_jobs_goal(id="arbeid-1")
    found = jobs_goal.jobs_goal(Plan(areas=[], goals=[renamed], problems=[]))
    assert found is not None
    assert found.id == "arbeid-1"


def test_latest_known_skips_missing_years():
    frame = pd.DataFrame({"period": [2020, 2021, 2022], "value": [5.0, 7.0, float("nan")]})
    assert jobs.latest_known(frame) == (2021, 7.0)
    assert jobs.latest_known(frame.iloc[0:0]) == (None, None)


# --- regions without figures (issue 10 §2) --------------------------------------------------------------------


@pytest.mark.parametrize(("code", "name"), [("33", "Buskerud"), ("0", "Noreg")])
def test_a_known_region_without_rows_is_named_not_an_empty_frame(jobs_cache, code, name):
    for compute in (jobs.jobs_total, jobs.jobs_by_workplace, jobs.employed_by_residence, commuting.commuting_balance):
        with pytest.raises(NoDataForRegionError) as caught:
            compute(code, cache_directory=jobs_cache)
        message = str(caught.value)
        assert message.startswith(f"Datasettet har ikkje tal for {name} (berre for Hallingdal, Flå, Nesbyen, Gol")
        assert caught.value.region == code
    with pytest.raises(LookupError):  # what callers that only know "no numbers" catch
        jobs.jobs_total(code, cache_directory=jobs_cache)


def test_the_jobs_goal_for_the_county_says_the_dataset_has_no_figures_for_it(jobs_cache):
    result = evaluate_goal(real_jobs_goal(), "33", cache_directory=jobs_cache)
    assert result.status == "no_data"
    assert result.reason.startswith("Datasettet har ikkje tal for Buskerud (berre for Hallingdal")
    assert "utgangsåret" not in result.reason


# --- industry view and registry -------------------------------------------------------------------------------


def test_industry_view_is_unavailable_without_a_refresh(jobs_cache):
    assert not jobs.industry_view_available(jobs_cache)
    with pytest.raises(CacheError, match="refresh jobs_by_industry"):
        jobs.jobs_by_industry(cache_directory=jobs_cache)
    # visitors are told whom to ask; the command is the operator's (issue 20)
    assert "python -m indicators" not in words.INDUSTRY_OFFLINE_TEXT
    assert ".venv/bin/python -m indicators refresh jobs_by_industry" in words.INDUSTRY_OFFLINE_OPERATOR
def test_industry_change_with_a_stored_dataset(tmp_path):
    rows = []
    for index, code in enumerate(MEMBERS):
        for period, (tourism, health) in ((2021, (100, 50)), (2022, (110 + index, 45))):
            rows.append((code, "x", "55-56", "Overnatting og servering", period, float(tourism), ""))
            rows.append((code, "x", "86-88", "Helse- og sosialtenester", period, float(health), ""))
    frame = pd.DataFrame(rows, columns=["region_code", "region_name", "industry", "industry_name", "period", "value",
                                        "status"])
    write_dataset(Dataset(frame, Provenance(dataset="jobs_by_industry", title="t", source="t")), tmp_path)
    assert jobs.industry_view_available(tmp_path)
    change = jobs.industry_change(jobs.jobs_by_industry(HALLINGDAL, tmp_path), 2021, 2022)
    assert change["industry"].tolist() == ["55-56", "86-88"]
    assert change["change"].tolist() == [6 * 10 + sum(range(6)), -6 * 5]


def test_indicator_specs_are_registered_and_compute_tidy_frames(jobs_cache):
    for indicator_id in ("jobs_total", "jobs_by_workplace", "employed_by_residence", "commuting"):
        spec = get_indicator(indicator_id)
        frame = spec.compute(region=None, cache_directory=jobs_cache)
        assert {"region_code", "region_name", "period", "value", "status"} <= set(frame.columns)
        assert HALLINGDAL in set(frame["region_code"])
        assert spec.describe_period(2022) == "4. kvartal 2022"


# --- the charts ------------------------------------------------------------------------------------------------


@pytest.fixture
def charts_cache(jobs_cache, monkeypatch) -> Path:
    """The chart builders read the default cache: point it at the hand-made one."""
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(jobs_cache))
    return jobs_cache


def title(chart) -> str:
    return chart.figure.layout.title.text.replace("<br>", " ")


def handed(indicator_id: str, region: str | None = None) -> tuple[pd.DataFrame, list[Provenance]]:
    """What the page hands a builder: the indicator's frame (every region for None) and its sources."""
    spec = get_indicator(indicator_id)
    return spec.compute(region=region), manifests(spec.datasets)


def commuting_sources() -> list[Provenance]:
    return manifests([commuting.COMMUTING])


def source_note(chart) -> str:
    return " ".join(a.text for a in chart.figure.layout.annotations).replace("<br>", " ")


def test_jobs_trend_without_the_baseline_year_says_so(charts_cache):
    goal = real_jobs_goal()  # the hand-made data has 2019–2020, the baseline is 2021
    result = evaluate_goal(goal, HALLINGDAL)
    chart = jobs_charts.jobs_trend(HALLINGDAL, *handed("jobs_total", HALLINGDAL), **jobs_charts.goal_arguments(result))
    assert "for få år" in title(chart)
    assert title(chart).endswith("sidan 2021")
    assert "Siste tal: 4. kvartal 2020" in source_note(chart)


@pytest.fixture
def goal_2019(charts_cache) -> Goal:
    """The jobs goal as if plan/goals.toml started it in 2019 (the page hands the builders its goal)."""
    return real_jobs_goal(baseline_period=2019)


def test_jobs_trend_measures_from_the_baseline_it_is_handed(goal_2019):
    # Hallingdal: 10 300 jobs in 2019, 10 480 in 2020 in the hand-made extract
    change = (410 + 1380 + 2950 + 1100 + 2390 + 2250) - (400 + 1400 + 2900 + 1000 + 2400 + 2200)
    board = evaluate_goal(goal_2019, HALLINGDAL)
    assert board.change == change  # the title's number is the board's
    text = title(jobs_charts.jobs_trend(
        HALLINGDAL, *handed("jobs_total", HALLINGDAL), **jobs_charts.goal_arguments(board)))
    assert text.startswith(f"Arbeidsplassane i Hallingdal har auka med {format_number(change)}")
    assert text.endswith("sidan 2019")


def test_municipality_chart_counts_growth_since_the_baseline_it_is_handed(goal_2019):
    # 2019 -> 2020 in the extract: Flå 400->410, Nesbyen 1400->1380, Gol 2900->2950, Hemsedal 1000->1100,
    # Ål 2400->2390, Hol 2200->2250: four of six grew
    changes = tuple((code, evaluate_goal(goal_2019, code).change) for code in MEMBERS)
    chart = jobs_charts.jobs_municipalities(*handed("jobs_total"), goal=goal_2019, changes=changes)
    assert title(chart) == "4 av 6 kommunar har fleire arbeidsplassar enn i 2019"


def test_jobs_charts_without_the_goal_draw_the_series_without_a_claim(charts_cache):
    trend = jobs_charts.jobs_trend(HALLINGDAL, *handed("jobs_total", HALLINGDAL), **jobs_charts.goal_arguments(None))
    assert title(trend) == "Arbeidsplassar i Hallingdal"
    assert len(trend.data) == 2
    assert title(jobs_charts.jobs_municipalities(*handed("jobs_total"))) == "Arbeidsplassar i kvar kommune"


def test_builders_never_read_the_plan():
    source = Path(jobs_charts.__file__).read_text(encoding="utf-8")
    assert "load_plan" not in source
    assert "evaluate_goal" not in source


def test_comparison_titles_set_a_municipality_against_hallingdal(charts_cache):
    everything = jobs.employed_by_residence(cache_directory=charts_cache)
    rate = everything[everything["measure"] == jobs.EMPLOYMENT_RATE]
    own, whole = value(rate, region_code=GOL, period=2020), value(rate, region_code=HALLINGDAL, period=2020)
    text = title(jobs_charts.employment_rate(GOL, *handed("employed_by_residence")))
    assert text.startswith(f"Gol: {format_number(own, 1)}\u00a0% av innbyggjarane 15–74 år er sysselsette i 2020")
    assert ("høgare" if own > whole else "lågare") in text
    assert format_number(whole, 1) in text
    chart = jobs_charts.employment_rate(GOL, *handed("employed_by_residence"))
    widths = {trace.name: trace.line.width for trace in chart.figure.data}
    assert widths["Gol"] > widths["Hallingdal"] > widths["Ål"]  # the chosen municipality stands out


# --- the committed snapshot ------------------------------------------------------------------------------------


def test_committed_snapshot_hemsedal_jobs():
    """The check from the issue, against data_cache/ as committed: Hemsedal had 1 066 jobs in 2017, 1 291 in 2022."""
    frame = jobs.jobs_total(HEMSEDAL, cache_directory=REPO_CACHE)
    assert value(frame, period=2017) == 1066
    assert value(frame, period=2022) == 1291
    assert read_dataset("commuting", REPO_CACHE).provenance.table_id == "03321"


def test_rule_text_without_the_goals_file_names_no_year():
    """Om dashbordet shows the rule without reading goals.toml: it must not state a baseline year of its own."""
    text = words.rule_text(None)
    assert "utgangsåret som målfila (plan/goals.toml) set" in text
    assert "Går feil veg" in text
    assert "for Hallingdal summen av dei seks kommunane" in text  # the region's words from the region file
    assert not any(str(year) in text for year in range(2000, 2030))


# --- a region with another number of members --------------------------------------------------------------


def region_file(folder: Path, size: int) -> Path:
    """A region of `size` made-up members (codes 9101…), with a county that has no jobs figures."""
    members = "".join(
        f'[[members]]\ncode = "{9100 + n}"\nname = "Kommune {chr(64 + n)}"\n\n' for n in range(1, size + 1)
    )
    text = (
        'id = "testdal"\nname = "Testdal"\nplan = { name = "Plan for Testdal", start = 2022, end = 2025 }\n\n'
        f'{members}[[comparisons]]\ncode = "91"\nname = "Testfylke"\nkind = "county"\n'
    )
    path = folder / "region.toml"
    path.write_text(text, encoding="utf-8")
    return path


def build_other_region(folder: Path, size: int, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A region of `size` members (REGION_CONFIG) with a small cache (DASHBOARD_CACHE_DIR): jobs 100·n in 2021
    and 100·n + n in 2022 for member n; each member sends 5 commuters to the next one and 3 to Oslo, and 2 come
    from Oslo to the first. Returns the cache folder (test_page_jobs.py uses it too)."""
    monkeypatch.setenv("REGION_CONFIG", str(region_file(folder, size)))
    cache = folder / "cache"
    employment, flows = [], []
    codes = [str(9100 + n) for n in range(1, size + 1)]
    for n, code in enumerate(codes, start=1):
        name = f"Kommune {chr(64 + n)}"
        for period, extra in ((2021, 0), (2022, n)):
            for measure, number in (("jobs_by_workplace", 100 * n + extra), ("residents_15_74", 200 * n),
                                    ("employed_by_residence", 90 * n)):
                employment.append((code, name, measure, period, float(number), ""))
            following = codes[n % size]
            flows.append((code, name, following, f"Kommune {chr(64 + n % size + 1)}", period, 5.0, ""))
            flows.append((code, name, code, name, period, 50.0, ""))
            flows.append((code, name, "0301", "Kommune 0301", period, 3.0, ""))
    for period in (2021, 2022):
        flows.append(("0301", "Kommune 0301", codes[0], "Kommune A", period, 2.0, ""))
    columns = ["region_code", "region_name", "measure", "period", "value", "status"]
    write_dataset(Dataset(pd.DataFrame(employment, columns=columns),
                          Provenance(dataset="employment", title="t", source="Test", table_id="11618")), cache)
    columns = ["region_code", "region_name", "workplace_code", "workplace_name", "period", "value", "status"]
    write_dataset(Dataset(pd.DataFrame(flows, columns=columns),
                          Provenance(dataset="commuting", title="t", source="Test", table_id="03321")), cache)
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(cache))
    return cache


@pytest.fixture(params=[2, 9])
def other_region(request, tmp_path, monkeypatch) -> tuple[Path, int]:
    return build_other_region(tmp_path, request.param, monkeypatch), request.param


def test_jobs_and_commuting_work_for_a_region_of_any_size(other_region):
    cache, size = other_region
    total = jobs.jobs_total("testdal", cache_directory=cache)
    assert value(total, period=2021) == 100 * sum(range(1, size + 1))
    assert value(total, period=2022) == 101 * sum(range(1, size + 1))
    balance = commuting.commuting_balance("testdal", cache_directory=cache)
    year = balance[balance["period"] == 2022]
    assert value(year, flow="outbound") == 3 * size  # to Oslo only: the flows between members stay inside
    assert value(year, flow="inbound") == 2
    assert value(year, flow="local") == 55 * size
    inside = commuting.flows_within_region(2022, cache_directory=cache)
    assert len(inside) == size
    with pytest.raises(NoDataForRegionError, match="Datasettet har ikkje tal for Testfylke"):
        jobs.jobs_total("91", cache_directory=cache)


def test_every_jobs_chart_builds_for_a_region_of_any_size_without_another_regions_words(other_region):
    _, size = other_region
    goal = dataclasses.replace(real_jobs_goal(), baseline_period=2021)
    result = evaluate_goal(goal, "testdal")
    changes = tuple((f"{9100 + n}", float(n)) for n in range(1, size + 1))
    built = [
        jobs_charts.jobs_trend("testdal", *handed("jobs_total", "testdal"), **jobs_charts.goal_arguments(result)),
        jobs_charts.jobs_trend("9101", *handed("jobs_total", "9101")),
        jobs_charts.jobs_municipalities(*handed("jobs_total"), goal=goal, changes=changes),
        jobs_charts.jobs_per_100("9101", *handed("jobs_by_workplace")),
        jobs_charts.employment_rate("testdal", *handed("employed_by_residence")),
        jobs_charts.net_commuting_by_municipality(*handed(commuting.COMMUTING), 2022, region="9102"),
        jobs_charts.commuting_over_time("testdal", *handed(commuting.COMMUTING, "testdal")),
        jobs_charts.largest_flows("testdal", commuting.largest_flows("testdal", 2022, "out", "all"),
                                  commuting_sources(), 2022, "out", "all"),
        jobs_charts.largest_flows("9101", commuting.largest_flows("9101", 2022, "in", "region"),
                                  commuting_sources(), 2022, "in", "region"),
        jobs_charts.commuting_within_region(commuting.flows_within_region(2022), commuting_sources(), 2022),
    ]
    assert title(built[0]).startswith("Arbeidsplassane i Testdal har auka med")
    assert title(built[2]) == f"{size} av {size} kommunar har fleire arbeidsplassar enn i 2021"
    assert title(built[7]) == f"Flest av utpendlarane frå Testdal arbeider i Oslo: {3 * size} av {3 * size} (2022)"
    grid = built[9].figure.data[0]
    assert len(grid.x) == size
    words_shown = " ".join(f"{title(c)} {source_note(c)} {c.title}" for c in built)
    for word in ("Hallingdal", "Gol", "Hemsedal", "seks"):
        assert word not in words_shown
    assert "Testdal" in words_shown
    assert words.fill(words.PAGE_CAPTION).endswith(
        "Testdal er summen av dei " + ("to" if size == 2 else "ni") + " kommunane."
    )
