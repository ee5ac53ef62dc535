"""Jobs and commuting: stitching of the SSB extracts, the domain sums and the goal rule.

The extracts in tests/fixtures/jobs/ are hand-made in the real layouts (numbers are not SSB's): 2019 uses the
codes before the 2020 renumbering (0615–0620), 2020 the codes after it (3039–3044).
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pandas as pd
import pytest

from indicators import jobs, jobs_goal
from indicators.cache import CacheError, read_dataset, write_dataset
from indicators.formatting import format_number
from indicators.goals import DEFAULT_GOALS_FILE, Goal, GoalFileProblem, Plan, evaluate_goal, load_plan
from indicators.model import Dataset, Provenance
from indicators.present import jobs_charts
from indicators.regions import HALLINGDAL, MUNICIPALITY_CODES, UnknownRegionError
from indicators.registry import get_indicator
from indicators.sources.published_csv import PublishedFileError
from indicators.sources.ssb_extracts import ExtractCodeError, read_commuting_extract, read_employment_extract

FIXTURES = Path(__file__).parent / "fixtures" / "jobs"
EMPLOYMENT_CSV = FIXTURES / "11618_employment_small.csv"
COMMUTING_CSV = FIXTURES / "03321_commuting_small.csv"
REPO_CACHE = Path(__file__).resolve().parent.parent / "data_cache"

GOL, HEMSEDAL, FLAA, AAL = "3324", "3326", "3320", "3328"


def with_extra_lines(source: Path, target: Path, *lines: str) -> Path:
    target.write_text(source.read_text(encoding="utf-8") + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return target


@pytest.fixture
def jobs_cache(tmp_path: Path) -> Path:
    """A cache built from the hand-made extracts with the real importers."""
    write_dataset(read_employment_extract(EMPLOYMENT_CSV), tmp_path)
    write_dataset(read_commuting_extract(COMMUTING_CSV), tmp_path)
    return tmp_path


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
    assert set(frame["region_code"]) == set(MUNICIPALITY_CODES)
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
    assert math.isnan(row["value"].iloc[0]) and row["status"].iloc[0] == ".."


def test_employment_wrong_columns_are_rejected(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("Region,Tid,value\n0618,2019,1\n", encoding="utf-8")
    with pytest.raises(PublishedFileError, match="venta kolonnane"):
        read_employment_extract(path)


def test_commuting_stitches_hallingdal_and_keeps_the_other_side_with_its_code():
    frame = read_commuting_extract(COMMUTING_CSV).frame
    # Hemsedal -> Oslo: published as 0618 -> 0301 in 2019 and 3042 -> 0301 in 2020
    to_oslo = frame[(frame["region_code"] == HEMSEDAL) & (frame["workplace_code"] == "0301")]
    assert to_oslo.sort_values("period")["value"].tolist() == [4.0, 5.0]
    # A residence outside Hallingdal keeps the code SSB published that year (Drammen 0602 / 3005)
    from_drammen = frame[(frame["workplace_code"] == HEMSEDAL) & ~frame["region_code"].isin(MUNICIPALITY_CODES)]
    assert sorted(from_drammen["region_code"]) == ["0602", "3005"]
    assert set(from_drammen["region_name"]) == {"Kommune 0602", "Kommune 3005"}
    assert not frame["region_code"].isin(["0615", "0616", "0617", "0618", "0619", "0620"]).any()
    assert not frame["workplace_code"].isin(["3039", "3040", "3041", "3042", "3043", "3044"]).any()


def test_commuting_row_without_hallingdal_is_reported(tmp_path):
    path = with_extra_lines(COMMUTING_CSV, tmp_path / "c.csv", "0301,3005,Sysselsatte,2020,40")
    with pytest.raises(ExtractCodeError, match="3005→0301"):
        read_commuting_extract(path)


def test_commuting_malformed_code_is_reported(tmp_path):
    path = with_extra_lines(COMMUTING_CSV, tmp_path / "c.csv", "Uoppgitt,3042,Sysselsatte,2020,1")
    with pytest.raises(ExtractCodeError, match="Uoppgitt"):
        read_commuting_extract(path)


def test_commuting_duplicate_flow_after_stitching_is_an_error(tmp_path):
    # Gol -> Ål in 2020 published twice: under the 2020 code of Gol and under its old code
    path = with_extra_lines(COMMUTING_CSV, tmp_path / "c.csv", "3043,0617,Sysselsatte,2020,20")
    with pytest.raises(PublishedFileError, match="same kommune i same år"):
        read_commuting_extract(path)


def test_commuting_manifest_says_small_flows_are_missing():
    provenance = read_commuting_extract(COMMUTING_CSV).provenance
    assert any("svært små" in note for note in provenance.notes)
    assert "statisticsnorway/pendling" in provenance.produced_by and provenance.table_id == "03321"


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
        for code in MUNICIPALITY_CODES
    ) / 6
    assert value(residence, measure="employment_rate", period=2020) != pytest.approx(mean_of_rates)


def test_ratio_is_missing_when_a_part_is_missing(tmp_path):
    frame = read_employment_extract(EMPLOYMENT_CSV).frame
    mask = (frame["region_code"] == GOL) & (frame["measure"] == "residents_15_74") & (frame["period"] == 2020)
    frame.loc[mask, ["value", "status"]] = [float("nan"), ".."]
    write_dataset(Dataset(frame, Provenance(dataset="employment", title="t", source="t")), tmp_path)
    workplace = jobs.jobs_by_workplace(cache_directory=tmp_path)
    gol = workplace[(workplace["region_code"] == GOL) & (workplace["measure"] == "jobs_per_100_residents")]
    assert math.isnan(value(gol, period=2020)) and gol[gol["period"] == 2020]["status"].iloc[0] == ".."
    region = workplace[(workplace["region_code"] == HALLINGDAL) & (workplace["measure"] == "jobs_per_100_residents")]
    assert math.isnan(value(region, period=2020))  # no partial Hallingdal
    assert not math.isnan(value(region, period=2019))


def test_unknown_region_is_rejected(jobs_cache):
    with pytest.raises(UnknownRegionError):
        jobs.jobs_total("9999", cache_directory=jobs_cache)


# --- commuting ----------------------------------------------------------------------------------------------


def test_commuting_balance_per_municipality(jobs_cache):
    balance = jobs.commuting_balance(GOL, cache_directory=jobs_cache)
    year = balance[balance["period"] == 2020]
    assert value(year, flow="inbound") == 10 + 30 + 7  # from Flå, Ål and Oslo
    assert value(year, flow="outbound") == 20  # to Ål
    assert value(year, flow="net") == 27
    assert value(year, flow="local") == 500


def test_hallingdal_counts_only_flows_across_the_region_border(jobs_cache):
    balance = jobs.commuting_balance(HALLINGDAL, cache_directory=jobs_cache)
    year = balance[balance["period"] == 2020]
    assert value(year, flow="inbound") == 7 + 3  # Oslo -> Gol, Drammen -> Hemsedal; not Flå -> Gol
    assert value(year, flow="outbound") == 5  # Hemsedal -> Oslo; not Gol -> Ål
    assert value(year, flow="net") == 5
    assert value(year, flow="local") == 100 + 10 + 300 + 500 + 20 + 30 + 400 + 200 + 350


def test_net_commuting_of_the_six_adds_up_to_hallingdal(jobs_cache):
    net = jobs.net_commuting(cache_directory=jobs_cache)
    for period in (2019, 2020):
        year = net[net["period"] == period]
        six = year[year["region_code"].isin(MUNICIPALITY_CODES)]["value"].sum()
        assert six == value(year, region_code=HALLINGDAL)


def test_commuting_series_is_continuous_across_renumbering(jobs_cache):
    balance = jobs.commuting_balance(HEMSEDAL, cache_directory=jobs_cache)
    local = balance[balance["flow"] == "local"].sort_values("period")
    assert local["value"].tolist() == [190.0, 200.0]


def test_missing_flow_makes_the_sum_missing(tmp_path):
    frame = read_commuting_extract(COMMUTING_CSV).frame
    mask = (frame["region_code"] == "0301") & (frame["workplace_code"] == GOL)
    frame.loc[mask, ["value", "status"]] = [float("nan"), ".."]
    write_dataset(Dataset(frame, Provenance(dataset="commuting", title="t", source="t")), tmp_path)
    balance = jobs.commuting_balance(GOL, cache_directory=tmp_path)
    inbound = balance[(balance["flow"] == "inbound") & (balance["period"] == 2020)]
    assert math.isnan(inbound["value"].iloc[0]) and inbound["status"].iloc[0] == ".."
    outbound = balance[(balance["flow"] == "outbound") & (balance["period"] == 2020)]
    assert outbound["value"].iloc[0] == 20


def test_largest_flows_out_of_a_municipality_by_scope(jobs_cache):
    inside = jobs.largest_flows(HEMSEDAL, 2020, "out", "hallingdal", cache_directory=jobs_cache)
    assert inside.empty
    rest = jobs.largest_flows(HEMSEDAL, 2020, "out", "rest", cache_directory=jobs_cache)
    assert rest[["counterpart_code", "value"]].values.tolist() == [["0301", 5.0]]
    into_gol = jobs.largest_flows(GOL, 2020, "in", "all", cache_directory=jobs_cache)
    assert into_gol["counterpart_code"].tolist() == [AAL, FLAA, "0301"]  # largest first
    assert into_gol["inside_hallingdal"].tolist() == [True, True, False]
    assert into_gol["share"].sum() == pytest.approx(1.0)


def test_largest_flows_folds_the_remainder_into_one_row(jobs_cache):
    flows = jobs.largest_flows(GOL, 2020, "in", "all", top=1, cache_directory=jobs_cache)
    assert flows["counterpart_code"].tolist() == [AAL, jobs.OTHERS_CODE]
    assert flows["value"].tolist() == [30.0, 10.0 + 7.0]


def test_largest_flows_for_hallingdal_are_across_the_border(jobs_cache):
    into = jobs.largest_flows(HALLINGDAL, 2020, "in", "all", cache_directory=jobs_cache)
    assert sorted(into["counterpart_code"]) == ["0301", "3005"]
    out = jobs.largest_flows(HALLINGDAL, 2020, "out", "all", cache_directory=jobs_cache)
    assert out[["counterpart_code", "value"]].values.tolist() == [["0301", 5.0]]


def test_largest_flows_rejects_bad_arguments(jobs_cache):
    with pytest.raises(jobs.CommutingQueryError, match="retning"):
        jobs.largest_flows(GOL, 2020, "sideways", cache_directory=jobs_cache)  # type: ignore[arg-type]
    with pytest.raises(jobs.CommutingQueryError, match="1999"):
        jobs.largest_flows(GOL, 1999, "in", cache_directory=jobs_cache)


def test_flows_within_hallingdal_leave_out_own_municipality(jobs_cache):
    inside = jobs.flows_within_hallingdal(2020, cache_directory=jobs_cache)
    pairs = sorted(zip(inside["region_code"], inside["workplace_code"], inside["value"], strict=True))
    assert pairs == [(FLAA, GOL, 10.0), (GOL, AAL, 20.0), (AAL, GOL, 30.0)]


def test_outside_municipalities_are_named_from_ssbs_list_for_the_year():
    # The extract has no names; the name comes with the code set of the year (Drammen: 0602 until 2019, then 3005)
    assert jobs.outside_municipality_label("0602", "Kommune 0602", 2019) == "Drammen"
    assert jobs.outside_municipality_label("3005", "Kommune 3005", 2020) == "Drammen"
    assert jobs.outside_municipality_label("3046", "Kommune 3046", 2022) == "Krødsherad"
    assert jobs.outside_municipality_label("0301", "Kommune 0301", 2020) == "Oslo"
    assert jobs.outside_municipality_label("3005", "Drammen", 2020) == "Drammen"  # a real name (after a refresh) stays
    assert jobs.outside_municipality_label("0236", "Nes (Ak.)", 2018) == "Nes (Ak.)"


def test_a_name_two_municipalities_share_that_year_gets_its_county():
    # Before 2020 both 0236 (Akershus) and 0616 (Hallingdal, today Nesbyen) were called Nes
    assert jobs.outside_municipality_label("0236", "Kommune 0236", 2018) == "Nes (Akershus)"
    assert jobs.outside_municipality_label("0137", "Kommune 0137", 2019) == "Våler (Østfold)"
    assert jobs.outside_municipality_label("1243", "Kommune 1243", 2017) == "Os (Hordaland)"
    assert jobs.outside_municipality_label("3034", "Kommune 3034", 2020) == "Nes"  # the only Nes from 2020


def test_outside_municipalities_without_a_known_name_get_their_number_and_county():
    # the code is not one of that year's codes, the year is outside the list, or no year is given
    assert jobs.outside_municipality_label("3005", "Kommune 3005", 2019) == "Kommunenr. 3005 (Viken)"
    assert jobs.outside_municipality_label("0602", "Kommune 0602", 2020) == "Kommunenr. 0602 (Buskerud)"
    assert jobs.outside_municipality_label("4601", "Kommune 4601", 2024) == "Kommunenr. 4601 (Vestland)"
    assert jobs.outside_municipality_label("3005", "Kommune 3005") == "Kommunenr. 3005 (Viken)"
    assert jobs.outside_municipality_label("0301", "Kommune 0301") == "Oslo"
    assert jobs.outside_municipality_label("2399", "Kommune 2399", 2020) == "Kommunenr. 2399"  # no such county


def test_largest_flows_label_municipalities_outside_hallingdal(jobs_cache):
    into = jobs.largest_flows(HALLINGDAL, 2020, "in", "all", cache_directory=jobs_cache)
    assert dict(zip(into["counterpart_code"], into["counterpart_name"], strict=True)) == {
        "0301": "Oslo", "3005": "Drammen",
    }
    into_hemsedal = jobs.largest_flows(HEMSEDAL, 2019, "in", "all", cache_directory=jobs_cache)
    assert dict(zip(into_hemsedal["counterpart_code"], into_hemsedal["counterpart_name"], strict=True)) == {
        "0602": "Drammen",
    }


def test_committed_commuting_data_names_every_municipality_outside_hallingdal():
    """In the committed snapshot every partner of every municipality and year has a name, none a bare number."""
    years = jobs.commuting_years(cache_directory=REPO_CACHE)
    labels = set()
    for region in (*MUNICIPALITY_CODES, HALLINGDAL):
        for year in years:
            for direction in ("in", "out"):
                flows = jobs.largest_flows(region, year, direction, "rest", top=1000, cache_directory=REPO_CACHE)
                labels.update(flows["counterpart_name"])
    assert labels
    assert not {label for label in labels if label.startswith(("Kommunenr.", "Kommune "))}
    assert {"Drammen", "Ringerike", "Krødsherad", "Nore og Uvdal"} <= labels


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


def real_jobs_goal(**changes: object) -> Goal:
    """The jobs goal exactly as plan/goals.toml has it, with the given fields changed for the small data."""
    goal = jobs_goal.jobs_goal(load_plan())
    assert goal is not None
    return dataclasses.replace(goal, **changes)


def goals_file(tmp_path: Path, *, baseline: int | None) -> Path:
    """A copy of plan/goals.toml with the jobs goal's baseline year changed, or the goal left out (None)."""
    text = DEFAULT_GOALS_FILE.read_text(encoding="utf-8")
    start = text.index(f'id = "{jobs.JOBS_GOAL_ID}"')
    start = text.rindex("[[goals]]", 0, start)
    end = text.index("[[goals]]", start + 1)
    block = text[start:end]
    assert "baseline_period = 2021" in block
    replaced = "" if baseline is None else block.replace("baseline_period = 2021", f"baseline_period = {baseline}")
    path = tmp_path / "goals.toml"
    path.write_text(text[:start] + replaced + text[end:], encoding="utf-8")
    return path


def test_the_jobs_goal_is_read_from_goals_toml():
    goal = jobs_goal.jobs_goal(load_plan())
    assert goal is not None and goal.id == "naer-arbeidsplassar"
    assert goal.baseline_period == 2021 and goal.direction == "increase" and goal.indicator == "jobs_total"


def test_a_changed_baseline_in_goals_toml_is_the_one_used(tmp_path):
    goal = jobs_goal.jobs_goal(load_plan(goals_file(tmp_path, baseline=2019)))
    assert goal is not None and goal.baseline_period == 2019
    assert "4. kvartal 2019" in jobs_goal.jobs_goal_rule_text(goal)
    assert "Går feil veg" in jobs_goal.jobs_goal_rule_text(goal)


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
    assert result.assessment.requested_base_period == 2015 and result.status == "on_track"
    assert result.change == 180
    assert "(2019–2020, 2015 manglar)" in result.assessment.explanation


def test_goal_rule_without_numbers_from_the_baseline_year_on_is_no_data(jobs_cache):
    goal = real_jobs_goal(baseline_period=2030, target_period=2035)
    result = evaluate_goal(goal, HALLINGDAL, cache_directory=jobs_cache)
    assert result.status == "no_data" and result.change is None and "2030" in result.reason


def test_missing_jobs_goal_is_said_plainly():
    assert jobs_goal.jobs_goal(Plan(areas=[], goals=[], problems=[])) is None
    assert "står ikkje i plan/goals.toml" in jobs_goal.jobs_goal_missing_text(Plan(areas=[], goals=[], problems=[]))
    broken = Plan(areas=[], goals=[], problems=[GoalFileProblem("goals.toml", jobs.JOBS_GOAL_ID, "manglar «area»")])
    assert "har ein feil: manglar «area»" in jobs_goal.jobs_goal_missing_text(broken)
    assert jobs_goal.jobs_goal(None) is None and "kan ikkje lesast" in jobs_goal.jobs_goal_missing_text(None)
    unmeasured = real_jobs_goal(indicator=None)
    assert jobs_goal.jobs_goal(Plan(areas=[], goals=[unmeasured], problems=[])) is None


def test_latest_known_skips_missing_years():
    frame = pd.DataFrame({"period": [2020, 2021, 2022], "value": [5.0, 7.0, float("nan")]})
    assert jobs.latest_known(frame) == (2021, 7.0)
    assert jobs.latest_known(frame.iloc[0:0]) == (None, None)


# --- industry view and registry -------------------------------------------------------------------------------


def test_industry_view_is_unavailable_without_a_refresh(jobs_cache):
    assert not jobs.industry_view_available(jobs_cache)
    with pytest.raises(CacheError, match="refresh jobs_by_industry"):
        jobs.jobs_by_industry(cache_directory=jobs_cache)
    assert "python -m indicators refresh jobs_by_industry" in jobs.INDUSTRY_OFFLINE_TEXT


def test_industry_change_with_a_stored_dataset(tmp_path):
    rows = []
    for index, code in enumerate(MUNICIPALITY_CODES):
        for period, (tourism, health) in ((2021, (100, 50)), (2022, (110 + index, 45))):
            rows.append((code, "x", "55-56", "Overnatting og servering", period, float(tourism), ""))
            rows.append((code, "x", "86-88", "Helse- og sosialtenester", period, float(health), ""))
    frame = pd.DataFrame(rows, columns=["region_code", "region_name", "industry", "industry_name", "period", "value",
                                        "status"])
    write_dataset(Dataset(frame, Provenance(dataset="jobs_by_industry", title="t", source="t")), tmp_path)
    assert jobs.industry_view_available(tmp_path)
    change = jobs.industry_change(HALLINGDAL, 2021, 2022, cache_directory=tmp_path)
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


def source_note(chart) -> str:
    return " ".join(a.text for a in chart.figure.layout.annotations)


def test_net_commuting_chart_names_the_municipalities_with_more_in_than_out(charts_cache):
    # 2020: Gol has 47 in-commuters and 20 out-commuters; every other municipality has fewer in than out or none
    chart = jobs_charts.net_commuting_by_municipality(2020, region=GOL)
    assert title(chart) == "Berre Gol har fleire innpendlarar enn utpendlarar (2020)"
    assert "<b>Gol</b>" in chart.figure.layout.yaxis.ticktext
    assert value(chart.data, region_code=GOL) == 27.0
    assert "Kjelde: " in source_note(chart) and "tabell 03321" in source_note(chart)


def test_largest_flows_chart_says_where_most_come_from(charts_cache):
    chart = jobs_charts.largest_flows(GOL, 2020, "in", "all")
    assert title(chart) == "Flest av innpendlarane til Gol bur i Ål: 30 av 47 (2020)"
    labels = [label for trace in chart.figure.data for label in trace.y]
    assert sorted(labels) == ["Flå", "Oslo", "Ål"]
    empty = jobs_charts.largest_flows(HEMSEDAL, 2020, "out", "hallingdal")
    assert empty.data.empty and not empty.figure.data


def test_commuting_over_time_says_which_way_the_net_goes(charts_cache):
    assert title(jobs_charts.commuting_over_time(GOL)) == "Fleire pendlar inn til Gol enn ut: +27 netto i 2020"
    assert title(jobs_charts.commuting_over_time(AAL)).startswith("Fleire pendlar ut av Ål enn inn: −10 netto")


def test_commuting_grid_between_the_six(charts_cache):
    chart = jobs_charts.commuting_within_hallingdal(2020)
    assert title(chart) == "Den største straumen i Hallingdal går frå Ål til Gol: 30 personar (2020)"
    grid = chart.figure.data[0]
    rows = dict(zip(grid.y, grid.text, strict=True))
    columns = list(grid.x)
    assert rows["Ål"][columns.index("Gol")] == "30"
    assert rows["Gol"][columns.index("Gol")] == "–"  # own municipality: not commuting
    assert rows["Hol"][columns.index("Gol")] == "0"  # no flow stored: nobody


def test_jobs_trend_without_the_baseline_year_says_so(charts_cache):
    chart = jobs_charts.jobs_trend(HALLINGDAL)  # the hand-made data has 2019–2020, the baseline is 2021
    assert "for få år" in title(chart) and title(chart).endswith("sidan 2021")
    assert "Siste tal: 4. kvartal 2020" in source_note(chart)


@pytest.fixture
def goals_2019(charts_cache, tmp_path, monkeypatch) -> Path:
    """The chart builders read plan/goals.toml: point them at a copy whose jobs goal starts in 2019."""
    path = goals_file(tmp_path, baseline=2019)
    monkeypatch.setattr(jobs_charts, "load_plan", lambda: load_plan(path))
    return path


def test_jobs_trend_measures_from_the_baseline_in_goals_toml(goals_2019):
    # Hallingdal: 10 300 jobs in 2019, 10 480 in 2020 in the hand-made extract
    change = (410 + 1380 + 2950 + 1100 + 2390 + 2250) - (400 + 1400 + 2900 + 1000 + 2400 + 2200)
    expected = f"Arbeidsplassane i Hallingdal har auka med {format_number(change)}"
    assert title(jobs_charts.jobs_trend(HALLINGDAL)).startswith(expected)
    assert title(jobs_charts.jobs_trend(HALLINGDAL)).endswith("sidan 2019")
    board = evaluate_goal(jobs_goal.jobs_goal(load_plan(goals_2019)), HALLINGDAL)
    assert board.change == change  # the title's number is the board's


def test_municipality_chart_counts_growth_since_the_baseline_in_goals_toml(goals_2019):
    # 2019 -> 2020 in the extract: Flå 400->410, Nesbyen 1400->1380, Gol 2900->2950, Hemsedal 1000->1100,
    # Ål 2400->2390, Hol 2200->2250: four of six grew
    assert title(jobs_charts.jobs_municipalities()) == "4 av 6 kommunar har fleire arbeidsplassar enn i 2019"


def test_jobs_charts_without_the_goal_draw_the_series_without_a_claim(charts_cache, monkeypatch):
    monkeypatch.setattr(jobs_charts, "load_plan", lambda: Plan(areas=[], goals=[], problems=[]))
    trend = jobs_charts.jobs_trend(HALLINGDAL)
    assert title(trend) == "Arbeidsplassar i Hallingdal" and len(trend.data) == 2
    assert title(jobs_charts.jobs_municipalities()) == "Arbeidsplassar i kvar kommune"


def test_comparison_titles_set_a_municipality_against_hallingdal(charts_cache):
    everything = jobs.employed_by_residence(cache_directory=charts_cache)
    rate = everything[everything["measure"] == jobs.EMPLOYMENT_RATE]
    own, whole = value(rate, region_code=GOL, period=2020), value(rate, region_code=HALLINGDAL, period=2020)
    text = title(jobs_charts.employment_rate(GOL))
    assert text.startswith(f"Gol: {format_number(own, 1)}\u00a0% av innbyggjarane 15–74 år er sysselsette i 2020")
    assert ("høgare" if own > whole else "lågare") in text and format_number(whole, 1) in text
    widths = {trace.name: trace.line.width for trace in jobs_charts.employment_rate(GOL).figure.data}
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
    text = jobs_goal.JOBS_GOAL_RULE_TEXT
    assert "utgangsåret som målfila (plan/goals.toml) set" in text and "Går feil veg" in text
    assert not any(str(year) in text for year in range(2000, 2030))
