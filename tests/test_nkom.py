"""The Nkom importer on small hand-made appendix workbooks in the published layout (three sheets, header rows
with the column names, county names with non-breaking spaces), including next year's file read the same way."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from indicators.cache import write_dataset
from indicators.sources import nkom
from indicators.sources.code_changes import read_municipality_codes
from indicators.sources.published_csv import PublishedFileError
from tests.all_municipalities_cache import EXCERPT

HEADER = ["Fiber", "Kabel-TV-nett", "DSL", "FTB"]
MEMBERS_2022 = {"FLÅ": 0.5, "NESBYEN": 0.9, "GOL": 0.8, "HEMSEDAL": 0.7, "ÅL": 0.75, "HOL": 0.85}


def write_appendix(path, municipalities, county_rows, holiday_rows, title=nkom.ALL_AREAS):
    """municipalities: [(name, county, fibre share)]; county_rows/holiday_rows: [(name, fibre share)]."""
    book = Workbook()
    ws = book.active
    ws.title = "Dekning_fbb_fylker_husstander"
    ws.append(["Dekning for fast bredbånd på fylkesnivå"])
    ws.append(["Mobildekning (4G og 5G) er ikke inkludert i disse tabellene"])
    ws.append([title, None, "Teknologidekning"])
    ws.append(["Fylke", None, *HEADER])
    for name, share in county_rows:
        ws.append([name, None, share, 0.1, 0.9, 0.8])
    ws.append([])
    ws.append(["Tettbygde områder"])
    ws.append(["Viken", None, 0.99, 0.1, 0.9, 0.8])  # another block: never read
    ws = book.create_sheet("Dekning_fbb_kommuner_husstander")
    ws.append(["Dekning for fast bredbånd på kommunenivå"])
    ws.append([title])
    ws.append(["Mobildekning (4G og 5G) er ikke inkludert i disse tabellene", None, "Teknologidekning"])
    ws.append(["Kommune", "Fylke", *HEADER])
    for name, county, share in municipalities:
        ws.append([name, county, share, 0, 0.8, 0.7])
    ws = book.create_sheet("Dekning_fritidsbygg")
    ws.append(["Dekning for fritidsbygg"])
    ws.append(["Mobildekning (4G og 5G) er ikke inkludert i disse tabellene"])
    ws.append(["Antall fritidsbygg er 466 158", None, "Teknologidekning"])
    ws.append(["Fylke", None, *HEADER])
    for name, share in holiday_rows:
        ws.append([name, None, share, 0.0, 0.3, 0.7])
    book.save(path)
    return path


def appendix_2022(path):
    municipalities = [("ASKER", "VIKEN", 0.83), ("NES", "VIKEN", 0.11)]  # Nes: not the member once named Nes
    municipalities += [(name, "VIKEN", share) for name, share in MEMBERS_2022.items()]
    municipalities.append(("HOL", "VESTLAND", 0.01))  # same name in another county: not the member
    counties = [("Vestfold\xa0og\xa0Telemark", 0.84), ("Viken", 0.7526), ("Norge", 0.8185)]
    holiday = [("Viken", 0.2142), ("Norge", 0.2455)]
    return write_appendix(path, municipalities, counties, holiday)


def values(dataset):
    frame = dataset.frame
    return {(r.region_code, r.premises): r.value for r in frame.itertuples()}


def test_members_county_of_the_survey_year_and_country(tmp_path):
    dataset = nkom.read_fibre_coverage(appendix_2022(tmp_path / "vedlegg_dekning_og_abonnement_1h2022.xlsx"))
    got = values(dataset)
    assert got[("3320", "households")] == pytest.approx(50.0)
    assert got[("3322", "households")] == pytest.approx(90.0)  # NESBYEN, not NES
    assert got[("30", "households")] == pytest.approx(75.26)  # Viken: the county in 2022, not the region file's
    assert got[("0", "households")] == pytest.approx(81.85)
    assert got[("30", "holiday_homes")] == pytest.approx(21.42)
    assert set(dataset.frame["period"]) == {2022}
    assert "hallingdal" not in set(dataset.frame["region_code"])  # shares are not summed
    assert any("Viken" in note and "ikkje same område" in note for note in dataset.provenance.notes)
    assert dataset.provenance.extra["survey"] == "1. halvår 2022"


def test_members_under_another_county_are_not_taken(tmp_path):
    path = tmp_path / "vedlegg_dekning_og_abonnement_1h2022.xlsx"
    municipalities = [(name, "VESTFOLD OG TELEMARK", 0.5) for name in MEMBERS_2022]
    with pytest.raises(PublishedFileError, match="FLÅ|Flå"):  # members under another county: not found
        nkom.read_fibre_coverage(write_appendix(path, municipalities, [("Norge", 0.8)], [("Norge", 0.2)]))


def test_next_years_file_is_read_the_same_way(tmp_path):
    """A 1st-half 2024 file in the same layout: today's counties; the region file's county is the survey's."""
    municipalities = [(name, "BUSKERUD", share) for name, share in MEMBERS_2022.items()]
    path = write_appendix(tmp_path / "vedlegg_dekning_og_abonnement_1h2024.xlsx", municipalities,
                          [("Buskerud", 0.8), ("Norge", 0.86)], [("Buskerud", 0.3), ("Norge", 0.3)])
    dataset = nkom.read_fibre_coverage(path)
    got = values(dataset)
    assert set(dataset.frame["period"]) == {2024}
    assert got[("33", "households")] == pytest.approx(80.0)
    assert dataset.frame.set_index("region_code").loc["33", "region_name"].iloc[0] == "Buskerud"
    assert got[("3330", "households")] == pytest.approx(85.0)


def test_a_member_listed_twice_is_refused(tmp_path):
    path = tmp_path / "vedlegg_dekning_og_abonnement_1h2022.xlsx"
    municipalities = [(name, "VIKEN", s) for name, s in MEMBERS_2022.items()] + [("GOL", "VIKEN", 0.1)]
    with pytest.raises(PublishedFileError, match="2 gonger"):
        nkom.read_fibre_coverage(write_appendix(path, municipalities, [("Viken", 0.7), ("Norge", 0.8)],
                                                [("Viken", 0.2), ("Norge", 0.2)]))


def test_a_missing_member_is_refused(tmp_path):
    path = tmp_path / "vedlegg_dekning_og_abonnement_1h2022.xlsx"
    municipalities = [(name, "VIKEN", s) for name, s in MEMBERS_2022.items() if name != "HEMSEDAL"]
    with pytest.raises(PublishedFileError, match="Hemsedal"):
        nkom.read_fibre_coverage(write_appendix(path, municipalities, [("Viken", 0.7), ("Norge", 0.8)],
                                                [("Viken", 0.2), ("Norge", 0.2)]))


def test_a_share_outside_0_1_is_refused(tmp_path):
    path = tmp_path / "vedlegg_dekning_og_abonnement_1h2022.xlsx"
    municipalities = [(name, "VIKEN", 75.0) for name in MEMBERS_2022]  # percent, not a share: another layout
    with pytest.raises(PublishedFileError, match="mellom 0 og 1"):
        nkom.read_fibre_coverage(write_appendix(path, municipalities, [("Viken", 0.7), ("Norge", 0.8)],
                                                [("Viken", 0.2), ("Norge", 0.2)]))


def test_another_block_is_refused(tmp_path):
    path = tmp_path / "vedlegg_dekning_og_abonnement_1h2022.xlsx"
    municipalities = [(name, "VIKEN", s) for name, s in MEMBERS_2022.items()]
    with pytest.raises(PublishedFileError, match=nkom.ALL_AREAS):
        nkom.read_fibre_coverage(write_appendix(path, municipalities, [("Viken", 0.7), ("Norge", 0.8)],
                                                [("Viken", 0.2), ("Norge", 0.2)], title="Tettbygde områder"))


def test_file_name_must_say_the_survey(tmp_path):
    with pytest.raises(PublishedFileError, match="filnamnet"):
        nkom.read_fibre_coverage(appendix_2022(tmp_path / "vedlegg.xlsx"))
    with pytest.raises(PublishedFileError, match="1. halvår"):
        nkom.read_fibre_coverage(appendix_2022(tmp_path / "vedlegg_dekning_og_abonnement_2h2022.xlsx"))


def test_missing_sheet_is_refused(tmp_path):
    path = appendix_2022(tmp_path / "vedlegg_dekning_og_abonnement_1h2022.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(path)
    del book["Dekning_fritidsbygg"]
    book.save(path)
    with pytest.raises(PublishedFileError, match="Dekning_fritidsbygg"):
        nkom.read_fibre_coverage(path)


def test_every_municipality_with_the_same_borders_then_is_read_by_its_name_and_county(tmp_path, monkeypatch):
    """Issue 23: with the code table in the cache, the other municipalities of 2024 come too, each by its name
    and county in the survey year; one split since (Ålesund 2020–2023 -> Ålesund and Haram) gets no figure."""
    write_dataset(read_municipality_codes(EXCERPT), tmp_path / "cache")
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "vedlegg_dekning_og_abonnement_1h2022.xlsx"
    municipalities = [(name, "VIKEN", share) for name, share in MEMBERS_2022.items()]
    municipalities += [("SØR-AURDAL", "INNLANDET", 0.8686), ("NORE OG UVDAL", "VIKEN", 0.41),
                       ("ÅLESUND", "MØRE OG ROMSDAL", 0.9), ("ROLLAG", "INNLANDET", 0.5)]  # Rollag: wrong county
    write_appendix(path, municipalities, [("Viken", 0.7526), ("Norge", 0.8185)], [("Viken", 0.2), ("Norge", 0.2)])
    dataset = nkom.read_fibre_coverage(path)
    got = values(dataset)
    assert got[("3449", "households")] == pytest.approx(86.86)
    assert got[("3338", "households")] == pytest.approx(41.0)
    assert ("3336", "households") not in got  # Rollag is in Viken in 2022, not in Innlandet
    assert ("1508", "households") not in got and ("1580", "households") not in got
    assert any("1508" in note and "1580" in note for note in dataset.provenance.notes)
