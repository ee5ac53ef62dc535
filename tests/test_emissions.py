"""Emission totals, sectors, municipal influence, per-person figures and the −25 % goal."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from indicators import cache, emissions, emissions_goal, progress
from indicators.goals import Goal, evaluate_goal, load_plan
from indicators.model import Dataset, Provenance
from indicators.present import emissions_charts
from indicators.present.texts import climate as climate_words
from indicators.regions import UnknownRegionError, active_region
from indicators.sources import miljodirektoratet as md
from indicators.sources.miljodirektoratet.common import canonical_sector
from tests.emission_workbooks import SOURCES_10, rows_for, synthetic_rows, write_format_b

REGION = active_region()
HALLINGDAL = REGION.id
MUNICIPALITY_CODES = REGION.member_codes
NAMES = {m.code: m.name for m in REGION.members}


def _detail(rows_by_code: dict[str, list[tuple]]) -> pd.DataFrame:
    """A tidy detailed frame as the importer writes it, from (year, sector, source, gas, value) rows."""
    records = [
        {"region_code": code, "region_name": NAMES[code], "period": y, "sector": s, "source": src, "gas": g,
         "value": float("nan") if v is None else float(v), "status": ".." if v is None else ""}
        for code, rows in rows_by_code.items()
        for y, s, src, g, v in rows
    ]
    return pd.DataFrame.from_records(records)


def _value(frame: pd.DataFrame, region: str, period: int, **dims: str) -> float:
    mask = (frame["region_code"] == region) & (frame["period"] == period)
    for column, wanted in dims.items():
        mask &= frame[column] == wanted
    selected = frame.loc[mask, "value"]
    assert len(selected) == 1, f"expected one row for {region} {period} {dims}, got {len(selected)}"
    return float(selected.iloc[0])


# ------------------------------------------------------------------------------------------ totals


def test_hallingdal_is_the_sum_of_the_six() -> None:
    years = (2009, 2011, 2013)
    rows = {code: synthetic_rows(years=years, scale=1 + i) for i, code in enumerate(MUNICIPALITY_CODES)}
    result = emissions.totals(_detail(rows))

    assert list(result.columns) == list(emissions.TOTAL_COLUMNS)
    for year in years:
        expected_each = {code: sum(r[4] for r in rows[code] if r[0] == year) for code in MUNICIPALITY_CODES}
        for code, expected in expected_each.items():
            assert _value(result, code, year) == pytest.approx(expected)
        assert _value(result, HALLINGDAL, year) == pytest.approx(sum(expected_each.values()))
    assert set(result.loc[result["region_code"] == HALLINGDAL, "region_name"]) == {"Hallingdal"}
    assert set(result["status"]) == {""}


def test_hallingdal_is_missing_in_years_where_one_municipality_is_missing() -> None:
    rows = {code: synthetic_rows(years=(2009, 2011)) for code in MUNICIPALITY_CODES}
    rows["3326"] = synthetic_rows(years=(2011,))  # Hemsedal lacks 2009
    result = emissions.totals(_detail(rows))

    hall_2009 = result[(result["region_code"] == HALLINGDAL) & (result["period"] == 2009)]
    assert math.isnan(hall_2009["value"].iloc[0])
    assert hall_2009["status"].iloc[0] == ".."
    assert _value(result, HALLINGDAL, 2011) == pytest.approx(6 * sum(r[4] for r in synthetic_rows(years=(2011,))))
    # the five present municipalities still have their own 2009 totals; Hemsedal has no 2009 row at all
    assert _value(result, "3330", 2009) == pytest.approx(sum(r[4] for r in synthetic_rows(years=(2009,))))
    assert result[(result["region_code"] == "3326") & (result["period"] == 2009)].empty


def test_only_some_municipalities_imported_gives_no_hallingdal_numbers() -> None:
    rows = {"3330": synthetic_rows(), "3324": synthetic_rows()}
    result = emissions.totals(_detail(rows))
    hall = result[result["region_code"] == HALLINGDAL]
    assert len(hall) == len({r[0] for r in synthetic_rows()})
    assert hall["value"].isna().all()
    assert set(hall["status"]) == {".."}


def test_an_empty_cell_makes_the_year_missing_not_smaller() -> None:
    rows = {code: synthetic_rows(years=(2009,)) for code in MUNICIPALITY_CODES}
    year, sector, source, gas, _value_ = rows["3320"][0]
    rows["3320"][0] = (year, sector, source, gas, None)
    result = emissions.totals(_detail(rows))
    assert math.isnan(_value(result, "3320", 2009))
    assert math.isnan(_value(result, HALLINGDAL, 2009))
    assert not math.isnan(_value(result, "3322", 2009))


def test_sector_totals_and_influence_split_add_up_to_the_total() -> None:
    rows = {code: synthetic_rows(years=(2009, 2011)) for code in MUNICIPALITY_CODES}
    # lower-case fluorinated-gas sector is canonicalised by the importer; use the canonical name here
    for code in rows:
        rows[code] = [(y, canonical_sector(s), src, g, v) for y, s, src, g, v in rows[code]]
    detail = _detail(rows)
    total = emissions.totals(detail)
    by_sector = emissions.sector_totals(detail)
    by_influence = emissions.influence_totals(detail)

    road = sum(r[4] for r in rows["3330"] if r[0] == 2009 and r[1] == "Veitrafikk")
    assert _value(by_sector, "3330", 2009, sector="Veitrafikk") == pytest.approx(road)
    assert _value(by_sector, HALLINGDAL, 2009, sector="Veitrafikk") == pytest.approx(6 * road)

    outside_sectors = {"Industri, olje og gass", "Luftfart", "Sjøfart"}
    outside = sum(r[4] for r in rows["3330"] if r[0] == 2011 and r[1] in outside_sectors)
    assert _value(by_influence, "3330", 2011, influence=emissions.INFLUENCE_OUTSIDE) == pytest.approx(outside)
    for region in (HALLINGDAL, "3330"):
        for year in (2009, 2011):
            split = by_influence[(by_influence["region_code"] == region) & (by_influence["period"] == year)]
            assert split["value"].sum() == pytest.approx(_value(total, region, year))


def test_every_current_sector_is_classified_with_a_reason() -> None:
    for sector in md.KNOWN_SECTORS:
        assert emissions.influence_of(sector) in (emissions.INFLUENCE_WITHIN, emissions.INFLUENCE_OUTSIDE)
        assert climate_words.SECTOR_INFLUENCE_REASONS[sector]
    outside = {s for s in md.KNOWN_SECTORS if emissions.influence_of(s) == emissions.INFLUENCE_OUTSIDE}
    assert outside == {"Industri, olje og gass", "Luftfart", "Sjøfart"}
    assert emissions.influence_of("Ein ukjend sektor") == emissions.INFLUENCE_UNCLASSIFIED
    # trunk-road traffic is not separable: the text must say it is inside Veitrafikk
    assert "Veitrafikk" in climate_words.ROAD_TRAFFIC_NOTE
    assert climate_words.ROAD_TRAFFIC_NOTE in climate_words.SECTOR_INFLUENCE_REASONS["Veitrafikk"]
    assert climate_words.ROAD_TRAFFIC_NOTE in climate_words.INFLUENCE_EXPLANATION
    # every influence the domain gives has its words (the texts key them by the domain's values)
    influences = {emissions.INFLUENCE_WITHIN, emissions.INFLUENCE_OUTSIDE, emissions.INFLUENCE_UNCLASSIFIED}
    assert set(climate_words.INFLUENCE_LABELS) == influences


def test_per_person_uses_the_same_year_and_sums_the_six_for_hallingdal() -> None:
    rows = {code: synthetic_rows(years=(2009, 2011)) for code in MUNICIPALITY_CODES}
    total = emissions.totals(_detail(rows))
    population = pd.DataFrame(
        [{"region_code": code, "period": year, "value": 1000.0 + 100 * i + year - 2009}
         for i, code in enumerate(MUNICIPALITY_CODES) for year in (2009, 2011)]
        # Hol has no 2011 population: its 2011 figure and Hallingdal's must be missing, not guessed
    ).query("not (region_code == '3330' and period == 2011)")
    result = emissions.per_person(total, population)

    hol_2009 = _value(total, "3330", 2009) / 1500.0
    assert _value(result, "3330", 2009) == pytest.approx(hol_2009)
    pop_2009 = sum(1000.0 + 100 * i for i in range(6))
    assert _value(result, HALLINGDAL, 2009) == pytest.approx(_value(total, HALLINGDAL, 2009) / pop_2009)
    assert math.isnan(_value(result, "3330", 2011))
    assert math.isnan(_value(result, HALLINGDAL, 2011))
    missing = result[(result["region_code"] == HALLINGDAL) & (result["period"] == 2011)]
    assert missing["status"].iloc[0] == ".."


# ------------------------------------------------------------------------------------------ indicator functions


def test_no_data_gives_empty_frames_and_an_empty_state_text(tmp_path: Path) -> None:
    store = tmp_path / "cache"
    assert not emissions.has_emissions_data(store)
    for function, columns in (
        (emissions.emissions_total, emissions.TOTAL_COLUMNS),
        (emissions.emissions_by_sector, emissions.SECTOR_COLUMNS),
        (emissions.emissions_by_influence, emissions.INFLUENCE_COLUMNS),
    ):
        for region in (None, HALLINGDAL, "3330"):
            frame = function(region, cache_directory=store)
            assert frame.empty
            assert list(frame.columns) == list(columns)


def test_indicator_functions_read_an_imported_file(tmp_path: Path) -> None:
    store = tmp_path / "cache"
    rows = synthetic_rows(years=(2009, 2011))
    file_rows = [r for code in MUNICIPALITY_CODES for r in rows_for(code, NAMES[code], rows)]
    md.import_emissions(write_format_b(tmp_path / "alle.xlsx", file_rows), store)

    assert emissions.has_emissions_data(store)
    all_regions = emissions.emissions_total(cache_directory=store)
    assert set(all_regions["region_code"]) == {HALLINGDAL, *MUNICIPALITY_CODES}
    hall = emissions.emissions_total(HALLINGDAL, cache_directory=store)
    assert list(hall["period"]) == [2009, 2011]  # only the years in the file: none invented
    assert hall["value"].iloc[0] == pytest.approx(6 * sum(r[4] for r in rows if r[0] == 2009))

    by_sector = emissions.emissions_by_sector("3324", cache_directory=store)
    assert {"region_code", "region_name", "period", "sector", "value"} <= set(by_sector.columns)
    assert set(by_sector["region_code"]) == {"3324"}
    assert by_sector["sector"].nunique() == len({s for s, _src, _g in SOURCES_10})
    assert emissions.emissions_total(REGION.county.code, cache_directory=store).empty
    with pytest.raises(UnknownRegionError):
        emissions.emissions_total("9999", cache_directory=store)


# ------------------------------------------------------------------------------------------ goal

ROOT = Path(__file__).resolve().parent.parent


def _store_totals(
    directory: Path, points: dict[int, float | None], codes: tuple[str, ...] = MUNICIPALITY_CODES
) -> Path:
    """A cache where each of `codes` has one detail row per year, so Hallingdal's total is `points` (split in six;
    None = an empty cell). Written as the importer writes it."""
    rows = {
        code: [(year, "Veitrafikk", "Personbiler", "CO2", None if v is None else v / 6) for year, v in points.items()]
        for code in codes
    }
    frame = _detail(rows)
    cache.write_dataset(Dataset(frame, Provenance(dataset="emissions", title="test", source="test")), directory)
    return directory


def _goals_file(tmp_path: Path, **changes: str) -> Path:
    """plan/goals.toml with the emissions goal's lines replaced (key -> new TOML value), or removed (value "")."""
    text = (ROOT / "plan" / "goals.toml").read_text(encoding="utf-8")
    start = text.index('id = "klima-utslepp-25"')
    end = text.index("[[goals]]", start)
    block = text[start:end]
    for key, value in changes.items():
        line = next(x for x in block.splitlines() if x.startswith(f"{key} ="))
        block = block.replace(line + "\n", f"{key} = {value}\n" if value else "")
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "goals.toml"
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    return path


@pytest.fixture
def goal() -> Goal:
    found = emissions_goal.emissions_goal(load_plan())
    assert found is not None
    return found


def test_the_goal_numbers_are_plan_goals_toml_s() -> None:
    plan = load_plan()
    goal = emissions_goal.emissions_goal(plan)
    assert goal is plan.goal("klima-utslepp-25")
    assert (goal.baseline_period, goal.target_period, goal.target_change) == (2009, 2025, -0.25)
    assert emissions_charts.goal_target_text(goal).replace("\u00a0", " ") == "−25 % frå 2009 innan 2025"


def test_another_goal_in_the_file_changes_the_assessment(tmp_path: Path) -> None:
    plan = load_plan(_goals_file(tmp_path, baseline_period="2011", target_change="-0.5"))
    goal = emissions_goal.emissions_goal(plan)
    store = _store_totals(tmp_path / "cache", {2009: 200.0, 2011: 100.0, 2019: 80.0})
    result = emissions_goal.assess_goal(goal, HALLINGDAL, store)
    assert (result.base_period, result.base_value) == (2011, pytest.approx(100.0))
    assert result.target_value == pytest.approx(50.0)
    assert result.path[0] == (2011, pytest.approx(100.0)) and result.path[-1] == (2025, pytest.approx(50.0))
    assert emissions_charts.goal_target_text(goal).replace("\u00a0", " ") == "−50 % frå 2011 innan 2025"


def test_the_assessment_is_the_goal_board_s(tmp_path: Path, goal: Goal) -> None:
    for i, points in enumerate(({2009: 100.0, 2015: 90.0, 2023: 70.0}, {2009: 100.0, 2019: 110.0}, {2011: 100.0},
                                {2009: 100.0}, {2009: 100.0, 2019: 90.0, 2020: None})):
        store = _store_totals(tmp_path / str(i), points)
        board = evaluate_goal(goal, HALLINGDAL, store)
        result = emissions_goal.assess_goal(goal, HALLINGDAL, store)
        assert result.assessment == board.assessment or (
            board.assessment is None and result.assessment.status == board.status == "no_data"
        )
        assert (result.base_value, result.target_value) == (board.baseline.value, board.target.value)


def test_goal_achieved_when_below_the_target(tmp_path: Path, goal: Goal) -> None:
    store = _store_totals(tmp_path, {2009: 100.0, 2015: 90.0, 2023: 70.0})
    result = emissions_goal.assess_goal(goal, HALLINGDAL, store)
    assert result.assessment.status == "achieved"
    assert (result.current_period, result.current_value) == (2023, pytest.approx(70.0))
    assert result.gap_to_target == pytest.approx(70.0 - 75.0)


def test_goal_on_track_when_falling_as_fast_as_required(tmp_path: Path, goal: Goal) -> None:
    # 25 % over 16 years at a constant rate; after 10 years the required level is 100 * 0.75 ** (10 / 16).
    on_path = 100.0 * 0.75 ** (10 / 16)
    result = emissions_goal.assess_goal(goal, HALLINGDAL, _store_totals(tmp_path, {2009: 100.0, 2019: on_path - 0.01}))
    assert result.assessment.status == "on_track"
    assert result.assessment.ratio == pytest.approx(1.0, abs=0.01)
    assert result.gap_to_path == pytest.approx(-0.01, abs=1e-6)
    assert result.path[0] == (2009, pytest.approx(100.0))
    assert result.path[-1][0] == 2025 and result.path[-1][1] == pytest.approx(75.0)
    assert len(result.path) == 17


def test_goal_acceleration_needed_and_limited(tmp_path: Path, goal: Goal) -> None:
    slower_pace = 100.0 * 0.75 ** (10 / 16 * 0.8)  # R about 0.8
    store = _store_totals(tmp_path / "a", {2009: 100.0, 2019: slower_pace})
    assert emissions_goal.assess_goal(goal, HALLINGDAL, store).assessment.status == "acceleration_needed"
    slow = 100.0 * 0.75 ** (10 / 16 * 0.3)  # R about 0.3
    store = _store_totals(tmp_path / "b", {2009: 100.0, 2019: slow})
    assert emissions_goal.assess_goal(goal, HALLINGDAL, store).assessment.status == "limited"


def test_goal_deterioration_when_emissions_rise(tmp_path: Path, goal: Goal) -> None:
    result = emissions_goal.assess_goal(goal, HALLINGDAL, _store_totals(tmp_path, {2009: 100.0, 2019: 110.0}))
    assert result.assessment.status == "deterioration"
    assert result.assessment.ratio < 0
    assert result.gap_to_target == pytest.approx(35.0)


def test_goal_without_a_2009_value_starts_from_the_next_year_with_one(tmp_path: Path, goal: Goal) -> None:
    later = emissions_goal.assess_goal(goal, HALLINGDAL, _store_totals(tmp_path / "a", {2011: 100.0, 2019: 80.0}))
    assert (later.base_period, later.base_value, later.target_value) == (2011, 100.0, pytest.approx(75.0))
    assert later.assessment.base_period == 2011 and later.assessment.requested_base_period == 2009
    assert later.assessment.status == "on_track"  # −2,8 % a year from 2011; −2,0 % needed
    assert later.path[0] == (2011, 100.0) and later.path[-1] == (2025, pytest.approx(75.0))


def test_goal_without_baseline_or_later_year_is_no_data(tmp_path: Path, goal: Goal) -> None:
    no_base = emissions_goal.assess_goal(goal, HALLINGDAL, _store_totals(tmp_path / "a", {2005: 100.0, 2008: 80.0}))
    assert no_base.assessment.status == "no_data"
    assert "2009" in no_base.assessment.reason
    assert no_base.path == [] and no_base.target_value is None
    only_base = emissions_goal.assess_goal(goal, HALLINGDAL, _store_totals(tmp_path / "b", {2009: 100.0}))
    assert only_base.assessment.status == "no_data"
    assert only_base.current_period is None  # the baseline year is not a "latest" to compare with
    five = _store_totals(tmp_path / "c", {2009: 100.0, 2019: 80.0}, codes=MUNICIPALITY_CODES[:5])
    assert emissions_goal.assess_goal(goal, HALLINGDAL, five).assessment.status == "no_data"
    nothing = emissions_goal.assess_goal(goal, HALLINGDAL, tmp_path / "empty")
    assert nothing.assessment.status == "no_data" and nothing.series.empty


def test_goal_uses_the_latest_year_with_a_number(tmp_path: Path, goal: Goal) -> None:
    store = _store_totals(tmp_path, {2009: 100.0, 2019: 90.0, 2020: None})
    result = emissions_goal.assess_goal(goal, HALLINGDAL, store)
    assert result.current_period == 2019
    expected = progress.classify(2009, 100.0, 2019, 90.0, 2025, 75.0, "decrease")
    assert result.assessment.status == expected.status
    assert result.assessment.ratio == pytest.approx(expected.ratio)


def test_a_missing_or_broken_goal_is_none_with_a_reason(tmp_path: Path) -> None:
    missing = load_plan(_goals_file(tmp_path / "a", indicator='"population_total"'))
    assert emissions_goal.emissions_goal(missing) is None
    assert "står ikkje i plan/goals.toml" in emissions_charts.goal_missing_text(missing)
    broken = load_plan(_goals_file(tmp_path / "b", target_period="2001"))
    assert emissions_goal.emissions_goal(broken) is None
    assert "har ein feil" in emissions_charts.goal_missing_text(broken)
    assert "kan ikkje lesast" in emissions_charts.goal_missing_text(None)


def test_indicator_specs_for_the_registry(tmp_path: Path) -> None:
    specs = {spec.id: spec for spec in emissions.INDICATORS}
    assert {"emissions_total", "emissions_by_sector", "emissions_by_influence"} <= set(specs)
    for spec in specs.values():
        assert spec.datasets == ("emissions",)
        assert spec.compute(region=HALLINGDAL, cache_directory=tmp_path).empty


# ------------------------------------------------------------------------------------------ other regions


def _region_file(directory: Path, size: int) -> Path:
    """A region of `size` made-up municipalities (codes 9101, 9102, …), with a county and a country."""
    directory.mkdir(parents=True, exist_ok=True)
    members = "".join(f'[[members]]\ncode = "{9100 + i}"\nname = "Testkommune {i}"\n\n' for i in range(1, size + 1))
    text = (
        f'id = "testregion{size}"\nname = "Testregionen"\nplan = {{ name = "Testplan", start = 2022, end = 2025 }}\n'
        f'\n{members}[[comparisons]]\ncode = "91"\nname = "Testfylket"\nkind = "county"\n'
    )
    path = directory / "region.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("size", [2, 9])
def test_a_region_of_any_size_is_the_sum_of_its_members(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    monkeypatch.setenv("REGION_CONFIG", str(_region_file(tmp_path / "plan", size)))
    region = active_region()
    assert len(region.members) == size
    rows = {code: synthetic_rows(years=(2009, 2011), scale=1 + i) for i, code in enumerate(region.member_codes)}
    names = {m.code: m.name for m in region.members}
    file_rows = [r for code in region.member_codes for r in rows_for(code, names[code], rows[code])]
    store = tmp_path / "cache"
    md.import_emissions(write_format_b(tmp_path / "alle.xlsx", file_rows), store)
    total = emissions.emissions_total(cache_directory=store)
    assert set(total["region_code"]) == {region.id, *region.member_codes}
    expected = sum(r[4] for code in region.member_codes for r in rows[code] if r[0] == 2011)
    assert _value(total, region.id, 2011) == pytest.approx(expected)
    assert set(total.loc[total["region_code"] == region.id, "region_name"]) == {"Testregionen"}
    by_sector = emissions.emissions_by_sector(region.id, cache_directory=store)
    assert by_sector.loc[by_sector["period"] == 2011, "value"].sum() == pytest.approx(expected)
    population = pd.DataFrame(
        [(code, 2011, 1000.0) for code in region.member_codes], columns=["region_code", "period", "value"]
    )
    per = emissions.per_person(total, population)
    assert _value(per, region.id, 2011) == pytest.approx(expected / (1000.0 * size))
    estimate = emissions.full_year_estimate(total, per.assign(value=1000.0 * size), guest_days_per_year=0)
    assert estimate is not None
    assert estimate.period == 2011


@pytest.mark.parametrize("size", [2, 9])
def test_a_region_without_every_member_has_no_total(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    monkeypatch.setenv("REGION_CONFIG", str(_region_file(tmp_path / "plan", size)))
    region = active_region()
    some = region.member_codes[:-1]
    frame = _detail_for(region, {code: synthetic_rows(years=(2011,)) for code in some})
    result = emissions.totals(frame)
    assert math.isnan(_value(result, region.id, 2011))
    assert set(result.loc[result["region_code"] == region.id, "status"]) == {".."}


def _detail_for(region, rows_by_code: dict[str, list[tuple]]) -> pd.DataFrame:
    records = [
        {"region_code": code, "region_name": region.region_name(code), "period": y, "sector": s, "source": src,
         "gas": g, "value": float(v), "status": ""}
        for code, rows in rows_by_code.items() for y, s, src, g, v in rows
    ]
    return pd.DataFrame.from_records(records)


def test_a_sector_a_member_lacks_counts_as_zero_in_the_region_total() -> None:
    """The agency lists a sector without emissions with no detailed rows: the region's sector sum is the sum of
    the members that have it, not missing (as before with_region_total)."""
    rows = {code: synthetic_rows(years=(2011,)) for code in MUNICIPALITY_CODES}
    rows[MUNICIPALITY_CODES[0]] = [r for r in rows[MUNICIPALITY_CODES[0]] if r[1] != "Luftfart"]
    by_sector = emissions.sector_totals(_detail(rows))
    aviation = sum(r[4] for code in MUNICIPALITY_CODES for r in rows[code] if r[1] == "Luftfart")
    assert _value(by_sector, HALLINGDAL, 2011, sector="Luftfart") == pytest.approx(aviation)
    assert not ((by_sector["region_code"] == MUNICIPALITY_CODES[0]) & (by_sector["sector"] == "Luftfart")).any()


def test_the_goal_line_agrees_with_the_goal_board(tmp_path: Path, goal: Goal) -> None:
    for i, points in enumerate(({2009: 100.0, 2015: 90.0, 2023: 70.0}, {2011: 100.0, 2019: 80.0}, {2009: 100.0})):
        store = _store_totals(tmp_path / str(i), points)
        board = emissions_goal.assess_goal(goal, HALLINGDAL, store)
        line = emissions_goal.goal_line(goal, emissions.emissions_total(HALLINGDAL, cache_directory=store))
        assert (line.base_period, line.base_value) == (board.base_period, board.base_value)
        assert (line.current_period, line.current_value) == (board.current_period, board.current_value)
        assert line.target_value == board.target_value
        assert list(line.path) == board.path
        assert line.base_fell_back == board.assessment.base_fell_back


def test_municipality_goals_come_from_the_members_evaluations(tmp_path: Path, goal: Goal) -> None:
    store = _store_totals(tmp_path, {2009: 600.0, 2019: 480.0})
    results = [evaluate_goal(goal, code, store) for code in MUNICIPALITY_CODES]
    table = emissions_goal.municipality_goals(results)
    assert list(table["region_code"]) == list(MUNICIPALITY_CODES)
    assert table["change_ratio"].tolist() == pytest.approx([-0.2] * len(MUNICIPALITY_CODES))
    assert set(table["status"]) == {results[0].status}
