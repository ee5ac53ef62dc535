"""Issue 23: every municipality in the snapshot, peer regions as regions, and figures across every code change.

The expected figures are computed here from the raw rows of the real excerpt (tests/fixtures/all_municipalities)
with the csv module and the published code table, independently of the importers and the domain."""

from __future__ import annotations

import csv
import gzip
import io
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

from indicators import cache, jobs, population
from indicators.cli import main
from indicators.regions import active_region
from tests.all_municipalities_cache import CHANGES_FILE, EMPLOYMENT_FILE, POPULATION_FILE, shared_cache

VALDRES = "valdres"


@pytest.fixture(scope="module")
def excerpt_cache() -> Path:
    return shared_cache()  # built once per test process; these tests only read it


@pytest.fixture
def peers_cache(excerpt_cache, monkeypatch) -> Path:
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(excerpt_cache))
    return excerpt_cache


def _shares() -> dict[tuple[str, int], list[tuple[str, float]]]:
    """(published code, year) -> [(2024 code, share)] from the raw code table."""
    out: dict[tuple[str, int], list[tuple[str, float]]] = defaultdict(list)
    with open(CHANGES_FILE, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            out[(row["code_original"], int(row["year"]))].append((row["code_2024"], float(row["weighting"])))
    return out


def raw_jobs(members: tuple[str, ...]) -> dict[int, float]:
    """Jobs by workplace per year: the raw 11618 rows of every code that went into the members that year."""
    shares = _shares()
    totals: dict[int, float] = defaultdict(float)
    with open(EMPLOYMENT_FILE, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["ContentsCode"] != "SysselArbsted":
                continue
            year = int(row["Tid"])
            for code, share in shares.get((row["Region"], year), []):
                if code in members:
                    totals[year] += float(row["value"]) * share
    return dict(totals)


def raw_working_age(members: tuple[str, ...], low: int, high: int) -> dict[int, float]:
    totals: dict[int, float] = defaultdict(float)
    with gzip.open(POPULATION_FILE, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["region_code"] in members and row["sex"] == "total" and low <= int(row["age"]) <= high:
                totals[int(row["year"])] += float(row["persons"])
    return dict(totals)


def _export(args: list[str], capsys) -> pd.DataFrame:
    code = main(["export", *args])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return pd.read_csv(io.StringIO(captured.out), dtype={"region_code": str})


def test_the_region_file_has_the_six_peer_regions():
    region = active_region()
    assert region.peer_ids == ("valdres", "nord-gudbrandsdal", "nord-osterdal", "numedal", "vest-telemark",
                               "setesdal")
    assert region.names[VALDRES] == "Valdres" and len(region.parts(VALDRES)) == 6


def test_export_jobs_total_for_a_peer_gives_its_sums_including_years_before_2020(peers_cache, capsys):
    frame = _export(["jobs_total", "--region", VALDRES], capsys)
    expected = raw_jobs(active_region().parts(VALDRES))
    assert set(frame["region_code"]) == {VALDRES} and set(frame["region_name"]) == {"Valdres"}
    got = dict(zip(frame["period"], frame["value"], strict=True))
    assert got == pytest.approx(expected)
    assert {2017, 2018, 2019} <= set(got) and len(got) == 6


def test_export_working_age_for_a_peer_gives_its_sums_from_2005(peers_cache, capsys):
    frame = _export(["working_age_population", "--region", VALDRES, "--ages", "20-64"], capsys)
    expected = raw_working_age(active_region().parts(VALDRES), 20, 64)
    got = dict(zip(frame["period"], frame["value"], strict=True))
    assert got == pytest.approx(expected)
    assert min(got) == 2005 and max(got) == 2026


def test_any_municipality_is_a_region_and_old_codes_lead_to_it(peers_cache, capsys):
    frame = _export(["jobs_total", "--region", "0633"], capsys)  # Nore og Uvdal's code until 2019
    assert set(frame["region_code"]) == {"3338"} and set(frame["region_name"]) == {"Nore og Uvdal"}
    assert dict(zip(frame["period"], frame["value"], strict=True)) == pytest.approx(raw_jobs(("3338",)))


def test_a_split_municipality_is_apportioned_and_marked_as_an_estimate(peers_cache):
    # Haram (1580): the published table gives it half of each municipality that formed Ålesund in 2020, in
    # every year (shares 0.5), so every year is an estimate
    frame = jobs.jobs_total("1580", cache_directory=peers_cache)
    assert frame["estimated"].tolist() == [True] * 6
    assert frame["value"].mod(1).ne(0).any()  # apportioned: not whole persons
    assert "estimated" not in jobs.jobs_total("3338", cache_directory=peers_cache).columns  # no split: no flag
    assert frame.set_index("period")["value"].to_dict() == pytest.approx(raw_jobs(("1580",)))


def test_the_default_view_reads_only_the_region_and_its_comparisons(peers_cache):
    frame = population.population_total(cache_directory=peers_cache)
    region = active_region()
    assert set(frame["region_code"]) == {region.id, *region.member_codes, *region.comparison_codes}
    assert "estimated" not in frame.columns  # no Hallingdal figure is an estimate


def test_every_municipality_for_ranks(peers_cache):
    table_codes = cache.read_dataset("municipality_codes", peers_cache).frame["region_code"].unique()
    frame = population.working_age_population(codes=table_codes, cache_directory=peers_cache)
    region = active_region()
    assert set(table_codes) | {region.id, VALDRES, "numedal"} <= set(frame["region_code"])
    # composites are the sums of their members
    year = frame[frame["period"] == 2026].set_index("region_code")["value"]
    assert year[VALDRES] == pytest.approx(sum(year[c] for c in region.parts(VALDRES)))


def test_a_parquet_dataset_reads_only_the_regions_asked_for(peers_cache):
    assert (peers_cache / "population" / cache.PARQUET_FILE).exists()
    frame = cache.read_dataset("population", peers_cache, regions=["3449", "0"]).frame
    assert set(frame["region_code"]) == {"3449", "0"}
    assert frame["period"].dtype == "int64" and frame["value"].dtype == "float64"
    assert frame["region_code"].dtype == object


def test_a_members_only_region_sums_across_the_2020_and_2024_code_changes(peers_cache, tmp_path, monkeypatch,
                                                                         capsys):
    """REGION_CONFIG at a file with id, name and [[members]] on 2024 codes only (Flesberg, Rollag, Nore og Uvdal:
    0631–0633 until 2019, 3050–3052 in 2020–2023, 3334–3338 from 2024): the former codes come from the code table."""
    members = {"3334": "Flesberg", "3336": "Rollag", "3338": "Nore og Uvdal"}
    lines = ['id = "numedalsrådet"', 'name = "Numedalsrådet"']
    for code, name in members.items():
        lines += ["", "[[members]]", f'code = "{code}"', f'name = "{name}"']
    region_file = tmp_path / "region.toml"
    region_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("REGION_CONFIG", str(region_file))
    frame = _export(["jobs_total", "--region", "numedalsrådet"], capsys)
    assert set(frame["region_name"]) == {"Numedalsrådet"}
    got = dict(zip(frame["period"], frame["value"], strict=True))
    assert sorted(got) == [2017, 2018, 2019, 2020, 2021, 2022]
    assert got == pytest.approx(raw_jobs(tuple(members)))
    per_member = _export(["jobs_total"], capsys)
    assert set(per_member["region_code"]) == {"numedalsrådet", *members}
    assert "Hallingdal" not in per_member.to_csv()
    assert main(["status", "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"
    assert active_region().current_code("3051") == "3336"  # an old code leads to the member
