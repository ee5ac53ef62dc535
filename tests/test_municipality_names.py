"""The shipped list of municipality names (SSB KLASS 131) and its loader.

Expected names here are public classification facts (which municipality had which code in which year), not
values read back from the list.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import indicators
from indicators.cache import read_dataset
from indicators.municipality_names import (
    COUNTY_FILE,
    DATA_FILE,
    MunicipalityNamesError,
    county_name,
    municipality_name,
    municipality_names,
    outside_municipality_label,
    read_name_list,
)
from indicators.regions import active_region

REPO_CACHE = Path(__file__).resolve().parent.parent / "data_cache"
HEADER = "code,name,valid_from,valid_to\n"


def write_list(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "names.csv"
    path.write_text(HEADER + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


# --- the loader ------------------------------------------------------------------------------------------------


def test_codes_are_named_for_the_years_they_were_used():
    # Drammen was 0602 until 2019 and 3005 from 2020 to 2023
    assert municipality_name("0602", 2019) == "Drammen"
    assert municipality_name("3005", 2020) == "Drammen"
    assert municipality_name("0602", 2020) is None
    assert municipality_name("3005", 2019) is None
    assert municipality_name("3046", 2023) == "Krødsherad"
    assert municipality_name("3046", 2024) is None  # Buskerud's codes changed again in 2024; not in the list
    assert municipality_name("0622", 2017) == "Krødsherad"
    assert municipality_name("0301", 2017) == municipality_name("0301", 2022) == "Oslo"


def test_changes_between_2017_2018_and_2019_follow_the_code_sets():
    # Trøndelag got new codes in 2018 (Trondheim 1601 -> 5001); Rindal moved from 1567 to 5061 in 2019
    assert municipality_name("1601", 2017) == "Trondheim"
    assert municipality_name("1601", 2018) is None
    assert municipality_name("5001", 2018) == "Trondheim"
    assert municipality_name("5001", 2017) is None
    assert municipality_name("1567", 2018) == "Rindal"
    assert municipality_name("1567", 2019) is None
    assert municipality_name("5061", 2019) == "Rindal"
    assert municipality_name("5061", 2018) is None
    # Nordreisa got its three-language name on 1 January 2019
    assert municipality_name("1942", 2018) == "Nordreisa"
    assert municipality_name("1942", 2019) == "Nordreisa - Ráisa - Raisi"


def test_each_year_has_the_number_of_municipalities_norway_had():
    assert len(municipality_names(2017)) == 426
    assert len(municipality_names(2018)) == len(municipality_names(2019)) == 422
    assert {len(municipality_names(year)) for year in range(2020, 2024)} == {356}
    assert municipality_names(2016) == {}
    assert municipality_names(2024) == {}


def test_names_are_in_ssbs_official_form():
    assert municipality_name("3052", 2021) == "Nore og Uvdal"
    assert municipality_name("5430", 2020) == "Guovdageaidnu - Kautokeino"
    assert municipality_name("5437", 2022) == "Kárášjohka - Karasjok"
    assert municipality_name("3018", 2020) == "Våler (Viken)"
    assert municipality_name("K-3046", 2020) == "Krødsherad"  # SSB's aggregated form of a code
    every_name = {name for year in range(2017, 2024) for name in municipality_names(year).values()}
    assert not any("?" in name or name != name.strip() for name in every_name)  # no character lost in transcription


def test_the_region_files_codes_agree_with_the_list():
    for municipality in active_region().members:
        for year in (2017, 2018, 2019):
            names = (municipality.name, *municipality.former_names)
            assert municipality_name(municipality.code_in(year), year) in names
        for year in range(2020, 2024):
            assert municipality_name(municipality.code_in(year), year) == municipality.name
    assert municipality_name("0616", 2019) == "Nes"
    assert municipality_name("3040", 2020) == "Nesbyen"


def test_every_code_in_the_committed_commuting_data_is_a_named_2024_municipality():
    """The snapshot holds every municipality's flows on 2024 borders (issue 23), each side named by the code table."""
    region = active_region()
    frame = read_dataset("commuting", REPO_CACHE, regions=region.member_codes,
                         region_columns=("region_code", "workplace_code")).frame
    table = read_dataset("municipality_codes", REPO_CACHE).frame.drop_duplicates("region_code")
    names = dict(zip(table["region_code"], table["region_name"], strict=True))
    for code_column, name_column in (("region_code", "region_name"), ("workplace_code", "workplace_name")):
        for code, name in zip(frame[code_column], frame[name_column], strict=True):
            assert name == region.names.get(code, names[code])
    assert set(frame["period"]) == set(range(2017, 2023))


def test_outside_municipalities_are_named_from_ssbs_list_for_the_year():
    # The extract has no names; the name comes with the code set of the year (Drammen: 0602 until 2019, then 3005)
    assert outside_municipality_label("0602", "Kommune 0602", 2019) == "Drammen"
    assert outside_municipality_label("3005", "Kommune 3005", 2020) == "Drammen"
    assert outside_municipality_label("3046", "Kommune 3046", 2022) == "Krødsherad"
    assert outside_municipality_label("0301", "Kommune 0301", 2020) == "Oslo"
    assert outside_municipality_label("3005", "Drammen", 2020) == "Drammen"  # a real name (after a refresh) stays
    assert outside_municipality_label("0236", "Nes (Ak.)", 2018) == "Nes (Ak.)"


def test_a_name_two_municipalities_share_that_year_gets_its_county():
    # Before 2020 both 0236 (Akershus) and 0616 (Hallingdal, today Nesbyen) were called Nes
    assert outside_municipality_label("0236", "Kommune 0236", 2018) == "Nes (Akershus)"
    assert outside_municipality_label("0137", "Kommune 0137", 2019) == "Våler (Østfold)"
    assert outside_municipality_label("1243", "Kommune 1243", 2017) == "Os (Hordaland)"
    assert outside_municipality_label("3034", "Kommune 3034", 2020) == "Nes"  # the only Nes from 2020


def test_outside_municipalities_without_a_known_name_get_their_number_and_county():
    # the code is not one of that year's codes, the year is outside the list, or no year is given
    assert outside_municipality_label("3005", "Kommune 3005", 2019) == "Kommunenr. 3005 (Viken)"
    assert outside_municipality_label("0602", "Kommune 0602", 2020) == "Kommunenr. 0602 (Buskerud)"
    assert outside_municipality_label("4601", "Kommune 4601", 2024) == "Kommunenr. 4601 (Vestland)"
    assert outside_municipality_label("3005", "Kommune 3005") == "Kommunenr. 3005 (Viken)"
    assert outside_municipality_label("0301", "Kommune 0301") == "Oslo"
    assert outside_municipality_label("2399", "Kommune 2399", 2020) == "Kommunenr. 2399"  # no such county


def test_counties_are_named_by_the_first_two_digits():
    assert county_name("3046") == "Viken"
    assert county_name("0236") == "Akershus"
    assert county_name("3301") == "Buskerud"
    assert county_name("2399") is None  # no such county
    assert county_name("K-3046") is None  # only plain four-digit codes
    assert COUNTY_FILE.parent == DATA_FILE.parent


# --- the file -------------------------------------------------------------------------------------------------


def test_the_list_ships_inside_the_package_and_is_read_relative_to_it():
    assert DATA_FILE.is_file()
    assert DATA_FILE.parent.parent == Path(indicators.__file__).resolve().parent


def test_spans_start_on_1_january_and_end_on_31_december():
    """municipality_name works by whole years; the file must not hold a change in the middle of a year."""
    for spans in read_name_list(DATA_FILE).values():
        for span in spans:
            assert (span.valid_from.month, span.valid_from.day) == (1, 1)
            assert (span.valid_to.month, span.valid_to.day) == (12, 31)


def test_a_good_hand_made_list_is_read(tmp_path):
    path = write_list(tmp_path, "0602,Drammen,2017-01-01,2019-12-31", "3005,Drammen,2020-01-01,2023-12-31",
                      "1942,Nordreisa,2017-01-01,2018-12-31", "1942,Nordreisa - Ráisa - Raisi,2019-01-01,2019-12-31")
    names = read_name_list(path)
    assert [span.name for span in names["1942"]] == ["Nordreisa", "Nordreisa - Ráisa - Raisi"]
    assert names["3005"][0].covers_year(2023)
    assert not names["3005"][0].covers_year(2019)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (("602,Drammen,2017-01-01,2019-12-31",), "firesifra"),
        (("0602,,2017-01-01,2019-12-31",), "manglar namn"),
        (("0602,Drammen,2017-13-01,2019-12-31",), "ikkje ein dato"),
        (("0602,Drammen,2019-12-31,2017-01-01",), "sluttar"),
        (("0602,Drammen,2017-01-01",), "venta 4 felt"),
        (("0602,Drammen,2017-01-01,2019-12-31", "0602,Drammen by,2019-01-01,2020-12-31"), "samstundes"),
    ],
)
def test_a_damaged_list_is_refused_with_a_message(tmp_path, lines, message):
    with pytest.raises(MunicipalityNamesError, match=message):
        read_name_list(write_list(tmp_path, *lines))


def test_a_missing_list_or_wrong_header_is_refused(tmp_path):
    with pytest.raises(MunicipalityNamesError, match="Fann ikkje"):
        read_name_list(tmp_path / "absent.csv")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("kode,namn\n0602,Drammen\n", encoding="utf-8")
    with pytest.raises(MunicipalityNamesError, match="kolonnane"):
        read_name_list(wrong)
