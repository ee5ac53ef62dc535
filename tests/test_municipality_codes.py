"""Issue 23: the code table maps any municipality code 2005–2026 to the 2024 municipality (or municipalities)
it became: merged ones summed, split ones apportioned by the published shares and marked as estimates."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from indicators.municipality_codes import ESTIMATED, UnmappedCodeError, _build
from indicators.sources.code_changes import read_municipality_codes
from indicators.sources.published_csv import PublishedFileError
from tests.all_municipalities_cache import EXCERPT


@pytest.fixture(scope="module")
def table():
    return _build(read_municipality_codes(EXCERPT).frame)


def test_the_importer_checks_the_files_against_their_sha256sums(tmp_path):
    folder = tmp_path / "excerpt"
    shutil.copytree(EXCERPT, folder)
    changes = folder / "municipality_code_changes_2005-2026.csv"
    changes.write_text(changes.read_text(encoding="utf-8").replace(",1.0\n", ",0.9\n", 1), encoding="utf-8")
    with pytest.raises(PublishedFileError, match="kontrollsummen stemmer ikkje"):
        read_municipality_codes(folder)


def test_codes_of_every_year_lead_to_the_2024_municipality(table):
    assert table.current_code("0618") == "3326"  # Hemsedal until 2019
    assert table.current_code("3042") == "3326"  # 2020–2023
    assert table.current_code("3326") == "3326"
    formers = [(f.code, f.first, f.last) for f in table.former_codes("3338")]
    assert formers == [("0633", 2005, 2019), ("3052", 2020, 2023)]  # Nore og Uvdal
    assert table.name("3338") == "Nore og Uvdal" and table.name("33") == "Buskerud"


def test_a_split_municipality_has_no_single_current_code_and_its_shares_add_up(table):
    targets = table.targets("1507", 2022)  # Ålesund 2020–2023, split in 2024
    assert {code for code, _ in targets} == {"1508", "1580"}
    assert sum(share for _, share in targets) == pytest.approx(1.0)
    assert table.current_code("1507") is None


def test_to_2024_sums_merged_apportions_split_and_marks_estimates(table):
    published = pd.DataFrame({
        "region_code": ["1507", "0633", "3052", "33"],
        "region_name": ["x", "x", "x", "Buskerud"],
        "period": [2022, 2019, 2022, 2022],
        "value": [1000.0, 10.0, 20.0, 5.0],
        "status": ["", "", "", ""],
    })
    targets = dict(table.targets("1507", 2022))
    out = table.to_2024(published).set_index(["region_code", "period"])
    assert out.loc[("1508", 2022), "value"] == pytest.approx(1000 * targets["1508"])
    assert out.loc[("1580", 2022), "value"] == pytest.approx(1000 * targets["1580"])
    assert bool(out.loc[("1508", 2022), ESTIMATED]) and bool(out.loc[("1580", 2022), ESTIMATED])
    assert out.loc[("3338", 2019), "value"] == 10 and not bool(out.loc[("3338", 2019), ESTIMATED])
    assert out.loc[("3338", 2019), "region_name"] == "Nore og Uvdal"
    assert out.loc[("33", 2022), "value"] == 5  # a county passes through


def test_codes_that_merge_in_a_year_are_summed(table):
    # two published codes of one 2024 municipality in the same year (3042 and 3326 both listed for 2023)
    published = pd.DataFrame({"region_code": ["3042", "3326"], "region_name": ["", ""], "period": [2023, 2023],
                              "value": [3.0, 4.0], "status": ["", ""]})
    out = table.to_2024(published)
    assert out["value"].tolist() == [7.0] and out["region_code"].tolist() == ["3326"]


def test_a_missing_part_makes_the_sum_missing_not_smaller(table):
    published = pd.DataFrame({"region_code": ["3042", "3326"], "region_name": ["", ""], "period": [2023, 2023],
                              "value": [3.0, float("nan")], "status": ["", ".."]})
    out = table.to_2024(published)
    assert out["value"].isna().all() and out["status"].tolist() == [".."]


def test_an_unknown_code_stops_the_mapping(table):
    published = pd.DataFrame({"region_code": ["9999"], "region_name": [""], "period": [2020], "value": [1.0],
                              "status": [""]})
    with pytest.raises(UnmappedCodeError, match="9999 \\(2020\\)"):
        table.to_2024(published)
