import math

import pytest

from indicators.ages import AgeBandError, parse_age_band
from indicators.population import (
    age_pyramid,
    population_by_age_group,
    population_total,
    working_age_population,
)
from indicators.regions import active_region
from tests.conftest import tiny_population_frame

# In the tiny cache, municipality i (0-based, in the region file's order) has (i + 1) + (year - 2021)
# persons of each sex at each one-year age.


def per_sex(index: int, year: int) -> float:
    return index + 1 + (year - 2021)


def test_total_is_sum_over_ages(tiny_cache):
    frame = population_total("3320")
    row = frame[frame["period"] == 2022].iloc[0]
    assert row["value"] == 106 * 2 * per_sex(0, 2022)


def test_hallingdal_is_sum_of_six(tiny_cache):
    frame = population_total("hallingdal")
    expected = sum(106 * 2 * per_sex(i, 2023) for i in range(6))
    assert frame[frame["period"] == 2023]["value"].iloc[0] == expected
    assert set(frame["region_name"]) == {"Hallingdal"}


def test_working_age_band_counts_45_ages(tiny_cache):
    frame = working_age_population("3326", ages="20-64")
    assert frame[frame["period"] == 2021]["value"].iloc[0] == 45 * 2 * per_sex(3, 2021)
    frame = working_age_population("3326", ages="15-74")
    assert frame[frame["period"] == 2021]["value"].iloc[0] == 60 * 2 * per_sex(3, 2021)


def test_missing_municipality_makes_hallingdal_missing_not_smaller(tmp_path, monkeypatch):
    from indicators.cache import write_dataset
    from indicators.model import Dataset, Provenance

    write_dataset(
        Dataset(tiny_population_frame(missing=("3324", 2022)), Provenance(dataset="population", title="t", source="t")),
        tmp_path,
    )
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path))
    frame = population_total("hallingdal").set_index("period")
    assert math.isnan(frame.loc[2022, "value"])
    assert frame.loc[2022, "status"] == ".."
    assert frame.loc[2021, "value"] > 0  # other years unaffected
    gol = working_age_population("3324").set_index("period")
    assert math.isnan(gol.loc[2022, "value"])
    assert gol.loc[2022, "status"] == ".."


def test_age_groups_partition_the_population(tiny_cache):
    groups = population_by_age_group("3330", groups="plan")
    total = population_total("3330")
    for year in (2021, 2023):
        assert groups[groups["period"] == year]["value"].sum() == total[total["period"] == year]["value"].iloc[0]
    fine = population_by_age_group("3330", groups="fine")
    assert fine[fine["period"] == 2022]["value"].sum() == total[total["period"] == 2022]["value"].iloc[0]


def test_pyramid_has_both_sexes_and_sums_to_total(tiny_cache):
    pyramid = age_pyramid("hallingdal", 2022)
    assert set(pyramid["sex"]) == {"female", "male"}
    total = population_total("hallingdal")
    assert pyramid["value"].sum() == total[total["period"] == 2022]["value"].iloc[0]
    assert "90+" in set(pyramid["age_group"])


def test_all_regions_without_filter(tiny_cache):
    regions = set(population_total()["region_code"])
    assert regions == {*active_region().member_codes, "hallingdal", "33", "0"}


@pytest.mark.parametrize("text", ["20", "64-20", "a-b", "0-200", ""])
def test_bad_age_bands_are_rejected(text):
    with pytest.raises(AgeBandError, match="Ugyldig aldersgruppe"):
        parse_age_band(text)


def test_age_band_labels():
    assert parse_age_band("20–64").label == "20–64 år"
    assert parse_age_band("65+").label == "65 år og eldre"


def test_committed_snapshot_matches_published_check_figure():
    """The issue's own check: Hallingdal had 11,709 residents aged 20–64 on 1 January 2022 (SSB 07459)."""
    frame = working_age_population("hallingdal", ages="20-64", cache_directory=None)
    assert frame[frame["period"] == 2022]["value"].iloc[0] == 11709
