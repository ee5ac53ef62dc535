"""Ranks among municipalities and similar places: the domain's arithmetic on small hand-made tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators import ranks, similarity


def _series(values: dict[str, tuple[float | None, float | None]], start: int = 2022, end: int = 2026) -> pd.DataFrame:
    rows = []
    for code, (first, last) in values.items():
        rows.append((code, f"K{code}", start, first))
        rows.append((code, f"K{code}", end, last))
    return pd.DataFrame(rows, columns=["region_code", "region_name", "period", "value"])


def test_change_and_rank_count_only_places_with_both_years():
    frame = _series({"a": (100, 110), "b": (200, 200), "c": (50, 60), "d": (None, 10), "e": (0, 5)})
    change = ranks.change_by_region(frame, 2022, 2026)
    assert sorted(change["region_code"]) == ["a", "b", "c"]  # d lacks 2022, e starts at 0
    table = ranks.ranked(change)
    assert list(table["region_code"]) == ["c", "a", "b"]
    rank = ranks.rank_of(table, "a", 2022, 2026)
    assert rank is not None
    assert (rank.position, rank.total) == (2, 3)
    assert rank.value == pytest.approx(0.10)
    assert ranks.rank_of(table, "d", 2022, 2026) is None


def test_ties_share_the_better_position_and_lowest_counts_from_the_bottom():
    frame = _series({"a": (100, 110), "b": (100, 110), "c": (100, 90)})
    table = ranks.ranked(ranks.change_by_region(frame, 2022, 2026))
    assert dict(zip(table["region_code"], table["position"], strict=True)) == {"a": 1, "b": 1, "c": 3}
    lowest = ranks.ranked(ranks.change_by_region(frame, 2022, 2026), order="lowest")
    assert ranks.rank_of(lowest, "c", 2022, 2026).position == 1


def _similarity_inputs() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    # four municipalities: a and b alike, c bigger and older, d tiny and young
    people = {"a": (1000, 1100), "b": (1050, 1140), "c": (20000, 19000), "d": (300, 400)}
    old = {"a": 200, "b": 220, "c": 6000, "d": 20}
    young = {"a": 250, "b": 240, "c": 3000, "d": 150}
    population = pd.DataFrame([(c, y, v) for c, (v16, v26) in people.items() for y, v in ((2016, v16), (2026, v26))],
                              columns=["region_code", "period", "value"])
    groups = pd.DataFrame([(c, g, 2026, v) for c in people for g, v in (("65+", old[c]), ("0-19", young[c]))],
                          columns=["region_code", "age_group", "period", "value"])
    employment = pd.DataFrame(
        [(c, m, 2022, v) for c, (jobs, workers) in {"a": (500, 800), "b": (520, 830), "c": (9000, 14000),
                                                     "d": (50, 250)}.items()
         for m, v in (("jobs_by_workplace", jobs), ("residents_15_74", workers))],
        columns=["region_code", "measure", "period", "value"])
    flows = pd.DataFrame([
        ("a", "a", 400), ("a", "b", 100), ("b", "b", 420), ("b", "a", 90), ("c", "c", 8000), ("c", "a", 500),
        ("d", "d", 50), ("d", "c", 150),
    ], columns=["region_code", "workplace_code", "value"]).assign(period=2022)
    return population, groups, employment, flows


def test_the_measures_of_municipalities_and_of_a_region():
    population, groups, employment, flows = _similarity_inputs()
    units = {"a": ("a",), "b": ("b",), "c": ("c",), "d": ("d",), "ab": ("a", "b")}
    table = similarity.measure_table(population, groups, employment, flows, units, {"ab": "A og B"}).set_index(
        "region_code")
    assert table.loc["a", "residents"] == 1100
    assert table.loc["a", "share_65_plus"] == pytest.approx(200 / 1100)
    assert table.loc["a", "growth_10_years"] == pytest.approx(0.1)
    assert table.loc["a", "jobs_per_100"] == pytest.approx(62.5)
    assert table.loc["a", "out_commuting_share"] == pytest.approx(100 / 500)
    # the region: sums of its municipalities; a move between a and b is not commuting out of it
    assert table.loc["ab", "residents"] == 2240
    assert table.loc["ab", "out_commuting_share"] == 0
    assert table.loc["ab", "region_name"] == "A og B"
    assert (table.loc["a", "year"], table.loc["a", "growth_from"], table.loc["a", "work_year"]) == (2026, 2016, 2022)


def test_the_nearest_place_is_the_one_alike_and_distances_are_stated():
    population, groups, employment, flows = _similarity_inputs()
    units = {code: (code,) for code in "abcd"}
    table = similarity.measure_table(population, groups, employment, flows, units, {})
    found = similarity.distances(table, table, "a")
    assert found["region_code"].tolist()[0] == "b"
    assert found["distance"].is_monotonic_increasing
    assert "a" not in set(found["region_code"])
    assert similarity.most_similar(table, table, "a", count=1)["region_code"].tolist() == ["b"]
    assert similarity.distances(table, table, "a", candidates=["c", "d"])["region_code"].tolist()[0] in {"c", "d"}


def test_a_place_with_a_missing_measure_gets_no_distance():
    population, groups, employment, flows = _similarity_inputs()
    units = {code: (code,) for code in "abcd"}
    employment = employment[employment["region_code"] != "d"]
    table = similarity.measure_table(population, groups, employment, flows, units, {})
    assert math.isnan(table.set_index("region_code").loc["d", "jobs_per_100"])
    assert "d" not in set(similarity.distances(table, table, "a")["region_code"])
    assert similarity.distances(table, table, "d").empty


def test_a_place_with_estimated_figures_is_not_ranked_nor_counted():
    frame = _series({"a": (100, 110), "b": (200, 180), "s": (50, 90), "t": (50, 60)})
    change = ranks.change_by_region(frame, 2022, 2026)
    split = {"s", "t"}  # a split municipality's parts: their first year is an apportioned estimate
    table = ranks.ranked(change.assign(estimated=change["region_code"].isin(split)))
    assert ranks.rank_of(table, "s", 2022, 2026) is None  # the highest growth, but an estimate
    rank = ranks.rank_of(table, "a", 2022, 2026)
    assert rank is not None and (rank.position, rank.total) == (1, len(change) - len(split))
    assert set(ranks.unranked(table)["region_code"]) == split
    assert list(table["region_code"])[-2:] == ["s", "t"]  # kept, last, without a position
