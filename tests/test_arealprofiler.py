"""The Arealprofiler importer on small hand-made workbooks in the published structure (sheet Ark1, six columns)."""

from __future__ import annotations

import math

import pytest
from openpyxl import Workbook

from indicators.sources import arealprofiler
from indicators.sources.published_csv import PublishedFileError

MEMBERS = ("3320", "3322", "3324", "3326", "3328", "3330")
OTHER_COUNTY = ("3301", "3338")  # the county's other municipalities in this small workbook
ELSEWHERE = ("0301", "4601")
NET = arealprofiler.NET_MIGRATION_VARIABLE


def write_workbook(path, rows, header=arealprofiler.COLUMNS, sheet="Ark1"):
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    book.save(path)
    return path


def net_rows(years=(2021, 2022), skip=()):
    """Net migration: member i has 10 * (i + 1) (+1 per year); others 100; (code, year) in `skip` left out."""
    rows = []
    for year in years:
        for index, code in enumerate(MEMBERS):
            rows.append((NET, code, f"K{code}", year, 10 * (index + 1) + (year - 2021), None))
        for code in (*OTHER_COUNTY, *ELSEWHERE):
            if (code, year) not in skip:
                rows.append((NET, code, f"K{code}", year, -100 if code == "0301" else 100, None))
        rows.append(("Andel over 60 år. Prosent", "3320", "Flå", year, 30.5, None))  # another variable: ignored
    return rows


def test_members_county_and_country_sums(tmp_path):
    path = write_workbook(tmp_path / "Uttrekk.xlsx", net_rows())
    frame = arealprofiler.read_net_migration(path).frame.set_index(["region_code", "period"])["value"]
    assert frame[("3320", 2021)] == 10
    assert frame[("3330", 2022)] == 61
    members_2021 = sum(10 * (i + 1) for i in range(6))
    assert frame[("33", 2021)] == members_2021 + 200  # the members and the county's two others
    assert frame[("0", 2021)] == members_2021 + 200 - 100 + 100


def test_a_sum_with_a_missing_municipality_has_no_value(tmp_path):
    path = write_workbook(tmp_path / "Uttrekk.xlsx", net_rows(skip={("4601", 2021), ("3338", 2022)}))
    dataset = arealprofiler.read_net_migration(path)
    frame = dataset.frame.set_index(["region_code", "period"])
    assert math.isnan(frame.loc[("0", 2021), "value"])
    assert frame.loc[("0", 2021), "status"] == ".."
    assert math.isnan(frame.loc[("33", 2022), "value"])
    assert frame.loc[("33", 2021), "status"] == ""
    assert any("4601 (2021)" in note for note in dataset.provenance.notes)


def test_manifest_names_the_source_and_how_sums_were_made(tmp_path):
    provenance = arealprofiler.read_net_migration(write_workbook(tmp_path / "Uttrekk.xlsx", net_rows())).provenance
    assert provenance.table_id == "Arealprofiler"
    assert provenance.url == arealprofiler.URL
    assert provenance.extra["published_extract"]
    assert any("byrjar på 33" in note for note in provenance.notes)


def test_negative_net_migration_is_kept(tmp_path):
    rows = [(NET, code, code, 2021, -5, None) for code in MEMBERS]
    frame = arealprofiler.read_net_migration(write_workbook(tmp_path / "Uttrekk.xlsx", rows)).frame
    assert (frame[frame["region_code"].isin(MEMBERS)]["value"] == -5).all()


def test_new_buildings_and_local_workers(tmp_path):
    rows = []
    for index, code in enumerate(MEMBERS):
        rows.append((arealprofiler.NEW_HOMES_VARIABLE, code, code, 2024, index + 1, None))
        rows.append((arealprofiler.NEW_HOLIDAY_HOMES_VARIABLE, code, code, 2024, 100 + index, None))
        rows.append((arealprofiler.LOCAL_WORKERS_VARIABLE, code, code, 2022, 70.25, None))
    path = write_workbook(tmp_path / "Uttrekk.xlsx", rows)
    buildings = arealprofiler.read_new_buildings(path).frame
    homes = buildings[(buildings["building"] == "homes") & buildings["region_code"].isin(MEMBERS)]
    assert homes["value"].sum() == 21
    assert buildings[(buildings["region_code"] == "33") & (buildings["building"] == "holiday_homes")]["value"].iloc[0] \
        == sum(100 + i for i in range(6))
    workers = arealprofiler.read_local_workers(path).frame
    assert set(workers["region_code"]) == set(MEMBERS)  # a share is never summed
    assert (workers["value"] == 70.25).all()


def test_wrong_header_is_refused(tmp_path):
    path = write_workbook(tmp_path / "x.xlsx", net_rows(), header=("variabel", "kode", "namn", "år", "verdi", "klasse"))
    with pytest.raises(PublishedFileError, match="venta kolonnane"):
        arealprofiler.read_net_migration(path)


def test_wrong_sheet_is_refused(tmp_path):
    path = write_workbook(tmp_path / "x.xlsx", net_rows(), sheet="Data")
    with pytest.raises(PublishedFileError, match="Ark1"):
        arealprofiler.read_net_migration(path)


def test_missing_member_is_refused(tmp_path):
    rows = [r for r in net_rows() if r[1] != "3326"]
    with pytest.raises(PublishedFileError, match="3326"):
        arealprofiler.read_net_migration(write_workbook(tmp_path / "x.xlsx", rows))


def test_missing_variable_is_refused(tmp_path):
    rows = [r for r in net_rows() if r[0] != NET]
    with pytest.raises(PublishedFileError, match="Netto innflytting"):
        arealprofiler.read_net_migration(write_workbook(tmp_path / "x.xlsx", rows))


def test_duplicate_rows_are_refused(tmp_path):
    rows = net_rows()
    rows.append(rows[0])
    with pytest.raises(PublishedFileError, match="to rader"):
        arealprofiler.read_net_migration(write_workbook(tmp_path / "x.xlsx", rows))


def test_text_in_a_value_cell_is_refused(tmp_path):
    rows = net_rows()
    rows[0] = (NET, "3320", "Flå", 2021, "mange", None)
    with pytest.raises(PublishedFileError, match="ugyldig tal"):
        arealprofiler.read_net_migration(write_workbook(tmp_path / "x.xlsx", rows))


def test_row_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(arealprofiler, "MAX_ROWS", 10)
    with pytest.raises(PublishedFileError, match="over 10 rader"):
        arealprofiler.read_net_migration(write_workbook(tmp_path / "x.xlsx", net_rows()))


def test_file_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(arealprofiler, "MAX_BYTES", 100)
    with pytest.raises(PublishedFileError, match="grensa"):
        arealprofiler.read_net_migration(write_workbook(tmp_path / "x.xlsx", net_rows()))


def test_not_a_workbook(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(PublishedFileError, match="Excel"):
        arealprofiler.read_net_migration(path)
