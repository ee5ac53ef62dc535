"""Importing Miljødirektoratet's emission workbooks (both layouts), and the cache staying safe."""

from __future__ import annotations

import http.server
import math
import os
import re
import socket
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pandas as pd
import pytest

from indicators import cache, regions
from indicators.sources import miljodirektoratet as md
from indicators.sources.miljodirektoratet import EmissionsDownloadError, EmissionsImportError
from tests.emission_workbooks import (
    MANUAL_PAGE,
    SOURCES_9,
    VALUE_HEADER_A,
    rows_for,
    synthetic_rows,
    write_format_a,
    write_format_b,
)


def _sum_by_year(rows) -> dict[int, float]:
    sums: dict[int, float] = {}
    for year, _sector, _source, _gas, value in rows:
        sums[year] = sums.get(year, 0.0) + value
    return sums


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()
    }


# ------------------------------------------------------------------------------------------ format A


def test_format_a_is_read_into_tidy_rows_with_provenance(tmp_path: Path) -> None:
    rows = synthetic_rows()
    path = write_format_a(tmp_path / "Utslippsregnskap_Hol.xlsx", "Hol", rows)

    dataset = md.read_emissions_workbook(path)
    frame = dataset.frame

    assert list(frame.columns) == list(md.COLUMNS)
    assert set(frame["region_code"]) == {"3330"}
    assert set(frame["region_name"]) == {"Hol"}
    assert len(frame) == len(rows)
    assert sorted(frame["period"].unique()) == sorted({r[0] for r in rows})
    # names are trimmed (the agency's trailing newline) and sectors spelt one way
    assert "Bygg og anlegg" in set(frame["source"])
    assert not any(s != s.strip() for s in frame["source"])
    assert "Produkter med fluorgasser" in set(frame["sector"])
    assert "produkter med fluorgasser" not in set(frame["sector"])
    assert set(frame["status"]) == {""}
    for year, total in _sum_by_year(rows).items():
        assert frame.loc[frame["period"] == year, "value"].sum() == pytest.approx(total)

    prov = dataset.provenance
    assert prov.dataset == "emissions"
    assert prov.source == "Miljødirektoratet"
    assert prov.attribution == "Kjelde: Miljødirektoratet"
    assert "NLOD" in prov.licence and "ikkje stadfesta" in prov.licence
    assert prov.url == MANUAL_PAGE
    assert prov.extra["publisher"] == "Miljødirektoratet"
    assert prov.extra["release"] == max(r[0] for r in rows)
    assert prov.extra["files"][0]["file_name"] == "Utslippsregnskap_Hol.xlsx"
    assert prov.retrieved_at


@pytest.mark.parametrize(
    "value_header",
    [
        "Utslipp (tonn CO₂-ekvivalenter)",
        "Utslipp (tonn CO2-ekvivalenter)",
        "Utslipp (tonn CO2-ekvivalenter)\n",
        " Utslipp  (tonn CO₂-ekvivalenter) ",
    ],
)
def test_value_header_variants_are_accepted(tmp_path: Path, value_header: str) -> None:
    rows = synthetic_rows(years=(2009, 2011))
    path = write_format_a(tmp_path / "a.xlsx", "Gol", rows, value_header=value_header)
    frame = md.read_emissions_workbook(path).frame
    assert frame["value"].sum() == pytest.approx(sum(r[4] for r in rows))


def test_nine_sector_release_is_read(tmp_path: Path) -> None:
    rows = synthetic_rows(sources=SOURCES_9)
    frame = md.read_emissions_workbook(write_format_a(tmp_path / "a.xlsx", "Ål", rows)).frame
    assert frame["sector"].nunique() == 9
    assert set(frame["region_code"]) == {"3328"}


@pytest.mark.parametrize(
    ("dataset_name", "code"),
    [("Flå", "3320"), ("Nesbyen", "3322"), ("Hemsedal kommune", "3326"), ("ål", "3328"), ("3324 Gol", "3324")],
)
def test_info_names_are_matched_to_todays_code(tmp_path: Path, dataset_name: str, code: str) -> None:
    path = write_format_a(tmp_path / "a.xlsx", dataset_name, synthetic_rows(years=(2009,)))
    assert set(md.read_emissions_workbook(path).frame["region_code"]) == {code}


def test_ambiguous_nes_is_rejected(tmp_path: Path) -> None:
    path = write_format_a(tmp_path / "a.xlsx", "Nes", synthetic_rows(years=(2009,)))
    with pytest.raises(EmissionsImportError, match="Nesbyen"):
        md.read_emissions_workbook(path)


def test_oslo_file_is_rejected_naming_oslo(tmp_path: Path) -> None:
    path = write_format_a(tmp_path / "Utslippsregnskap_Oslo.xlsx", "Oslo", synthetic_rows())
    with pytest.raises(EmissionsImportError) as error:
        md.read_emissions_workbook(path)
    message = str(error.value)
    assert "Oslo (0301)" in message
    assert "ikkje nokon av kommunane i Hallingdal" in message


def test_other_municipality_is_named_as_the_file_names_it(tmp_path: Path) -> None:
    path = write_format_a(tmp_path / "a.xlsx", "Bergen", synthetic_rows(years=(2009,)))
    with pytest.raises(EmissionsImportError, match="`Bergen`"):
        md.read_emissions_workbook(path)


def test_info_without_municipality_is_rejected(tmp_path: Path) -> None:
    path = write_format_a(
        tmp_path / "a.xlsx", rows=synthetic_rows(years=(2009,)), info_rows=[("Utgiver:", "Miljødirektoratet")]
    )
    with pytest.raises(EmissionsImportError, match="Datasett"):
        md.read_emissions_workbook(path)


# ------------------------------------------------------------------------------------------ format B


def test_format_b_keeps_hallingdal_and_maps_historical_codes(tmp_path: Path) -> None:
    rows = synthetic_rows(years=(2009, 2011))
    file_rows = (
        rows_for(301, "Oslo", rows)  # stored as a number, like Excel does: leading zero lost
        + rows_for(615, "Flå", rows)  # before 2020
        + rows_for("3040", "Nesbyen", rows)  # 2020-2023
        + rows_for(3326, "Hemsedal", rows)  # today
    )
    path = write_format_b(tmp_path / "utslippsstatistikk_alle_kommuner.xlsx", file_rows)

    dataset = md.read_emissions_workbook(path)
    frame = dataset.frame

    assert set(frame["region_code"]) == {"3320", "3322", "3326"}
    assert dict(zip(frame["region_code"], frame["region_name"], strict=True)) == {
        "3320": "Flå",
        "3322": "Nesbyen",
        "3326": "Hemsedal",
    }
    expected = _sum_by_year(rows)
    for code in ("3320", "3322", "3326"):
        for year, total in expected.items():
            got = frame[(frame["region_code"] == code) & (frame["period"] == year)]["value"].sum()
            assert got == pytest.approx(total)
    assert dataset.provenance.extra["files"][0]["format"] == "B"


def test_format_b_sector_sheet_without_source_and_gas(tmp_path: Path) -> None:
    header = ["Fylke", "Kommunenummer", "Kommune", "År", "Sektor", "Utslipp (tonn CO₂-ekvivalenter)"]
    path = write_format_b(
        tmp_path / "b.xlsx",
        [(3324, "Gol", 2009, "Veitrafikk", 10.5), (3324, "Gol", 2009, "Jordbruk", 4.0)],
        sheet_name="Oversikt - sektorfordelt",
        header=header,
    )
    frame = md.read_emissions_workbook(path).frame
    assert sorted(frame["sector"]) == ["Jordbruk", "Veitrafikk"]
    assert frame["value"].sum() == pytest.approx(14.5)


def test_format_b_without_hallingdal_names_what_it_contains(tmp_path: Path) -> None:
    path = write_format_b(tmp_path / "b.xlsx", rows_for(301, "Oslo", synthetic_rows(years=(2009,))))
    with pytest.raises(EmissionsImportError, match=r"`Oslo \(0301\)`, ikkje nokon av kommunane i Hallingdal"):
        md.read_emissions_workbook(path)


def test_format_b_old_and_new_code_for_the_same_year_is_a_duplicate(tmp_path: Path) -> None:
    row = ("Veitrafikk", "Personbiler", "CO2", 12.0)
    path = write_format_b(tmp_path / "b.xlsx", [(3042, "Hemsedal", 2020, *row), (3326, "Hemsedal", 2020, *row)])
    with pytest.raises(EmissionsImportError) as error:
        md.read_emissions_workbook(path)
    message = str(error.value)
    assert "Dobbel rad" in message
    assert "rad 2" in message and "rad 3" in message
    assert "3042" in message and "3326" in message


# ------------------------------------------------------------------------------------------ bad files


def test_not_an_excel_file(tmp_path: Path) -> None:
    path = tmp_path / "utslepp.xlsx"
    path.write_text("År;Sektor\n2009;Veitrafikk\n", encoding="utf-8")
    with pytest.raises(EmissionsImportError, match="kan ikkje lesast som ei Excel-fil"):
        md.read_emissions_workbook(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(EmissionsImportError, match="Finn ikkje fila"):
        md.read_emissions_workbook(tmp_path / "finst_ikkje.xlsx")


def test_missing_detailed_sheet(tmp_path: Path) -> None:
    path = write_format_a(tmp_path / "a.xlsx", rows=synthetic_rows(), omit_sheets={"Oversikt - detaljert"})
    with pytest.raises(EmissionsImportError) as error:
        md.read_emissions_workbook(path)
    assert "manglar arket «Oversikt - detaljert»" in str(error.value)
    assert "`Info`" in str(error.value)  # lists the sheets it did find


@pytest.mark.parametrize("sheet", ["Info", "Oversikt"])
def test_format_a_missing_sheet(tmp_path: Path, sheet: str) -> None:
    path = write_format_a(tmp_path / "a.xlsx", rows=synthetic_rows(), omit_sheets={sheet})
    with pytest.raises(EmissionsImportError, match=f"manglar arket «{sheet}»"):
        md.read_emissions_workbook(path)


def test_missing_column(tmp_path: Path) -> None:
    rows = [(y, s, src, v) for y, s, src, _gas, v in synthetic_rows(years=(2009,))]
    path = write_format_a(
        tmp_path / "a.xlsx", rows=[(*r[:3], "CO2", r[3]) for r in rows],
        detailed_header=["År", "Sektor", "Utslippskilde", "Gass", VALUE_HEADER_A],
    )
    with pytest.raises(EmissionsImportError) as error:
        md.read_emissions_workbook(path)
    assert "manglar kolonna «Klimagass»" in str(error.value)
    assert "`Gass`" in str(error.value)


def test_text_where_a_number_should_be_names_sheet_row_and_column(tmp_path: Path) -> None:
    rows = synthetic_rows(years=(2009,))
    rows[3] = (*rows[3][:4], "mykje")  # data row 4 -> sheet row 5
    path = write_format_a(tmp_path / "a.xlsx", rows=rows)
    with pytest.raises(EmissionsImportError) as error:
        md.read_emissions_workbook(path)
    message = str(error.value)
    assert "«Oversikt - detaljert»" in message
    assert "rad 5" in message
    assert "kolonne E" in message
    assert "`mykje`" in message


def test_text_year_is_rejected(tmp_path: Path) -> None:
    rows = synthetic_rows(years=(2009,))
    rows[0] = ("tjuetjueni", *rows[0][1:])
    path = write_format_a(tmp_path / "a.xlsx", rows=rows, overview_rows=[])
    with pytest.raises(EmissionsImportError, match=r"rad 2, kolonne A.*årstal"):
        md.read_emissions_workbook(path)


def test_numeric_text_is_read_and_empty_cell_is_missing_not_zero(tmp_path: Path) -> None:
    rows = synthetic_rows(years=(2009,))
    rows[0] = (*rows[0][:4], "1 234,5")
    rows[1] = (*rows[1][:4], None)
    path = write_format_a(tmp_path / "a.xlsx", rows=rows, overview_rows=[])
    frame = md.read_emissions_workbook(path).frame
    source0 = frame[(frame["source"] == rows[0][2].strip()) & (frame["gas"] == rows[0][3])]
    source1 = frame[(frame["source"] == rows[1][2].strip()) & (frame["gas"] == rows[1][3])]
    assert source0["value"].iloc[0] == pytest.approx(1234.5)
    assert math.isnan(source1["value"].iloc[0])
    assert source1["status"].iloc[0] == ".."


def test_duplicate_rows_are_named(tmp_path: Path) -> None:
    rows = synthetic_rows(years=(2009,))
    rows.append((rows[2][0], rows[2][1], rows[2][2].strip() + "  ", rows[2][3], 1.0))  # same key once trimmed
    path = write_format_a(tmp_path / "a.xlsx", rows=rows)
    with pytest.raises(EmissionsImportError) as error:
        md.read_emissions_workbook(path)
    message = str(error.value)
    assert "Dobbel rad" in message
    assert "rad 4" in message and f"rad {len(rows) + 1}" in message
    assert rows[2][2].strip() in message


def test_detail_that_does_not_add_up_to_the_overview_is_rejected(tmp_path: Path) -> None:
    rows = synthetic_rows(years=(2009,))
    overview = [(2009, "Veitrafikk", 99999.0)]
    path = write_format_a(tmp_path / "a.xlsx", rows=rows, overview_rows=overview)
    with pytest.raises(EmissionsImportError, match="stemmer ikkje"):
        md.read_emissions_workbook(path)


def test_truncated_detail_sheet_is_rejected_naming_sheet_year_and_sector(tmp_path: Path) -> None:
    # Oversikt has every year and sector; the detailed sheet lost its last year (as a cut-off copy would).
    rows = synthetic_rows(years=(2009, 2011))
    overview_sums: dict[tuple[int, str], float] = {}
    for year, sector, _source, _gas, value in rows:
        overview_sums[(year, sector)] = overview_sums.get((year, sector), 0.0) + value
    overview = [(y, s, round(v, 1)) for (y, s), v in overview_sums.items()]
    truncated = [r for r in rows if not (r[0] == 2011 and r[1] == "Veitrafikk")]
    path = write_format_a(tmp_path / "a.xlsx", rows=truncated, overview_rows=overview)
    with pytest.raises(EmissionsImportError) as error:
        md.read_emissions_workbook(path)
    message = str(error.value)
    assert "«Oversikt»" in message and "«Oversikt - detaljert»" in message
    assert "Veitrafikk" in message and "2011" in message


def test_a_zero_or_empty_overview_total_needs_no_detail_rows(tmp_path: Path) -> None:
    rows = synthetic_rows(years=(2009,))
    overview_sums: dict[tuple[int, str], float] = {}
    for year, sector, _source, _gas, value in rows:
        overview_sums[(year, sector)] = overview_sums.get((year, sector), 0.0) + value
    overview = [(y, s, round(v, 1)) for (y, s), v in overview_sums.items()]
    overview += [(2009, "Sektor utan utslepp", 0), (2009, "Sektor utan tal", None)]
    frame = md.read_emissions_workbook(write_format_a(tmp_path / "a.xlsx", rows=rows, overview_rows=overview)).frame
    assert len(frame) == len(rows)


# ------------------------------------------------------------------------------------------ import


def test_import_writes_the_cache_and_preview_says_what_is_replaced(tmp_path: Path) -> None:
    store = tmp_path / "cache"
    hol = write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows())
    gol = write_format_a(tmp_path / "gol.xlsx", "Gol", synthetic_rows(scale=2.0))

    first = md.preview_import(hol, store)
    assert first.current is None and first.action == "new"
    summary = md.import_emissions(hol, store)
    assert summary.replaced is None
    assert "Hol" in summary.describe()
    cached = cache.read_dataset("emissions", store)
    assert set(cached.frame["region_code"]) == {"3330"}
    assert cache.read_manifest("emissions", store).extra["release"] == max(synthetic_rows())[0]

    # Same release, another municipality: only that municipality's rows are replaced.
    second = md.preview_import(gol, store)
    assert second.action == "replace_municipalities"
    assert second.current.municipalities == ("3330",)
    assert second.kept_municipalities == ("3330",)
    assert second.result.municipalities == ("3324", "3330")
    assert not has_cache_changed_after_preview(store, cached)
    assert "Same utgåve" in md.import_emissions(gol, store).describe()
    both = cache.read_dataset("emissions", store).frame
    assert set(both["region_code"]) == {"3324", "3330"}
    assert both.loc[both["region_code"] == "3330", "value"].sum() == pytest.approx(
        sum(r[4] for r in synthetic_rows())
    )

    # A newer release replaces everything, and the preview says which municipalities disappear.
    newer = write_format_a(tmp_path / "hol2.xlsx", "Hol", synthetic_rows(years=(2009, 2011, 2013, 2015, 2016, 2017)))
    third = md.preview_import(newer, store)
    assert third.action == "replace_all"
    assert third.removed_municipalities == ("3324",)
    assert "Gol" in third.describe()
    md.import_emissions(newer, store)
    after = cache.read_dataset("emissions", store)
    assert set(after.frame["region_code"]) == {"3330"}
    assert after.provenance.extra["release"] == 2017


def has_cache_changed_after_preview(store: Path, before) -> bool:
    now = cache.read_dataset("emissions", store)
    return not now.frame.equals(before.frame)


def test_several_files_at_once_make_one_release(tmp_path: Path) -> None:
    store = tmp_path / "cache"
    files = [write_format_a(tmp_path / f"{n}.xlsx", n, synthetic_rows()) for n in ("Flå", "Ål")]
    summary = md.import_emissions(files, store)
    assert summary.result.municipalities == ("3320", "3328")
    manifest = cache.read_manifest("emissions", store)
    assert [f["file_name"] for f in manifest.extra["files"]] == ["Flå.xlsx", "Ål.xlsx"]

    mixed = [files[0], write_format_a(tmp_path / "gol.xlsx", "Gol", synthetic_rows(years=(2009, 2011)))]
    with pytest.raises(EmissionsImportError, match="ulike utgåver"):
        md.import_emissions(mixed, store)


def test_corrected_files_of_the_same_release_replace_only_their_municipalities(tmp_path: Path) -> None:
    store = tmp_path / "cache"
    names = {m.code: m.name for m in regions.active_region().members}
    six = [write_format_a(tmp_path / f"Utslippsregnskap_{n}.xlsx", n, synthetic_rows()) for n in names.values()]
    md.import_emissions(six, store)
    assert set(cache.read_dataset("emissions", store).frame["region_code"]) == set(names)

    corrected_dir = tmp_path / "retta"
    corrected_dir.mkdir()
    corrected = [
        write_format_a(corrected_dir / f"Utslippsregnskap_{n}.xlsx", n, synthetic_rows(scale=2.0))
        for n in ("Hol", "Gol")
    ]
    preview = md.preview_import(corrected, store)
    assert preview.action == "replace_municipalities"
    assert preview.removed_municipalities == ()
    assert set(preview.kept_municipalities) == set(names) - {"3330", "3324"}
    md.import_emissions(corrected, store)

    after = cache.read_dataset("emissions", store)
    assert set(after.frame["region_code"]) == set(names)  # all six remain
    original, fixed = sum(r[4] for r in synthetic_rows()), sum(r[4] for r in synthetic_rows(scale=2.0))
    by_code = after.frame.groupby("region_code")["value"].sum()
    for code in names:
        assert by_code[code] == pytest.approx(fixed if code in ("3330", "3324") else original)
    files = after.provenance.extra["files"]
    assert len(files) == 6 and sorted(c for f in files for c in f["municipalities"]) == sorted(names)


def test_failed_read_changes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "cache"
    md.import_emissions(write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows()), store)
    before = _snapshot(store)
    with pytest.raises(EmissionsImportError):
        md.import_emissions(write_format_a(tmp_path / "oslo.xlsx", "Oslo", synthetic_rows()), store)
    assert _snapshot(store) == before


def test_interrupted_write_leaves_the_cache_byte_for_byte_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "cache"
    md.import_emissions(write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows()), store)
    before = _snapshot(store)
    assert before  # there is something to protect

    real_replace = os.replace
    calls = {"n": 0}

    def replace_then_fail(src, dst):
        # The first rename moves the old release aside; fail on the second, mid-swap.
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disken vart full")
        return real_replace(src, dst)

    monkeypatch.setattr(cache.os, "replace", replace_then_fail)
    newer = write_format_a(tmp_path / "hol2.xlsx", "Hol", synthetic_rows(years=(2009, 2011, 2013, 2015, 2016, 2017)))
    with pytest.raises(EmissionsImportError, match="ingenting er endra"):
        md.import_emissions(newer, store)
    monkeypatch.undo()

    assert calls["n"] >= 2
    assert _snapshot(store) == before
    assert cache.read_dataset("emissions", store).provenance.extra["release"] == max(synthetic_rows())[0]


# ------------------------------------------------------------------------------------------ refresh


@pytest.fixture
def file_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    served = tmp_path / "served"
    served.mkdir()
    handler = partial(_QuietHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", served
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


def _settings(tmp_path: Path, urls: list[str]) -> Path:
    path = tmp_path / "sources.toml"
    listed = ", ".join(f'"{u}"' for u in urls)
    path.write_text(f"[emissions]\ndownload_urls = [{listed}]\ntimeout_seconds = 5\n", encoding="utf-8")
    return path


def test_refresh_downloads_and_imports(tmp_path: Path, file_server: tuple[str, Path]) -> None:
    base, served = file_server
    rows = synthetic_rows()
    write_format_b(served / "utslippsstatistikk_alle_kommuner.xlsx", rows_for(3326, "Hemsedal", rows))
    store = tmp_path / "cache"

    summary = md.refresh_emissions(
        settings_path=_settings(tmp_path, [f"{base}/utslippsstatistikk_alle_kommuner.xlsx"]), cache_directory=store
    )

    assert summary.result.municipalities == ("3326",)
    frame = cache.read_dataset("emissions", store).frame
    assert frame["value"].sum() == pytest.approx(sum(r[4] for r in rows))
    manifest = cache.read_manifest("emissions", store)
    assert manifest.extra["files"][0]["file_name"] == "utslippsstatistikk_alle_kommuner.xlsx"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_refresh_against_closed_port_explains_the_manual_way(tmp_path: Path) -> None:
    store = tmp_path / "cache"
    md.import_emissions(write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows()), store)
    before = _snapshot(store)
    settings = _settings(tmp_path, [f"http://127.0.0.1:{_closed_port()}/utslepp.xlsx"])

    with pytest.raises(EmissionsDownloadError) as error:
        md.refresh_emissions(settings_path=settings, cache_directory=store)

    message = str(error.value)
    assert "https://www.miljodirektoratet.no/tjenester/klimagassutslipp-kommuner/" in message
    assert "python -m indicators import-emissions" in message
    assert _snapshot(store) == before


def test_refresh_that_gets_a_web_page_instead_of_a_workbook(tmp_path: Path, file_server: tuple[str, Path]) -> None:
    base, served = file_server
    (served / "side.html").write_text("<html>Klimagassutslipp</html>", encoding="utf-8")
    with pytest.raises(EmissionsDownloadError, match="ikkje ei Excel-fil"):
        md.refresh_emissions(settings_path=_settings(tmp_path, [f"{base}/side.html"]), cache_directory=tmp_path / "c")


def test_refresh_with_a_missing_file_on_the_server(tmp_path: Path, file_server: tuple[str, Path]) -> None:
    base, _served = file_server
    with pytest.raises(EmissionsDownloadError, match="404"):
        md.refresh_emissions(settings_path=_settings(tmp_path, [f"{base}/borte.xlsx"]), cache_directory=tmp_path / "c")


def test_refresh_without_an_address_explains_the_manual_way(tmp_path: Path) -> None:
    with pytest.raises(EmissionsDownloadError, match="ingen nedlastingsadresse"):
        md.refresh_emissions(settings_path=_settings(tmp_path, []), cache_directory=tmp_path / "c")
    assert not (tmp_path / "c" / "emissions").exists()


def test_the_shipped_settings_file_is_readable() -> None:
    settings = md.load_settings()
    assert settings.manual_page.startswith("https://www.miljodirektoratet.no/")
    assert settings.timeout_seconds > 0


def test_tidy_frame_survives_the_cache_round_trip(tmp_path: Path) -> None:
    store = tmp_path / "cache"
    dataset = md.read_emissions_workbook(write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows()))
    md.import_emissions(tmp_path / "hol.xlsx", store)
    cached = cache.read_dataset("emissions", store).frame
    pd.testing.assert_frame_equal(
        cached[list(md.COLUMNS)].reset_index(drop=True),
        dataset.frame.astype({c: object for c in md.COLUMNS if c not in ("period", "value")}),
        check_dtype=False,
    )


def test_an_upload_is_read_from_a_file_object(tmp_path: Path) -> None:
    import io

    path = write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows())
    dataset = md.read_emissions_workbook(io.BytesIO(path.read_bytes()), file_name="Utslippsregnskap_Hol.xlsx")
    assert set(dataset.frame["region_code"]) == {"3330"}
    assert dataset.provenance.extra["files"][0]["file_name"] == "Utslippsregnskap_Hol.xlsx"
    with pytest.raises(EmissionsImportError, match="`opplasta.xlsx` kan ikkje lesast"):
        md.read_emissions_workbook(io.BytesIO(b"not a workbook"), file_name="opplasta.xlsx")


# ------------------------------------------------------------------------------------------ file names as markdown

# A file name cannot hold «/», but relative links and images are links too. The second breaks out of a code
# span that does not drop the backticks.
EVIL_NAMES = (
    "[Offisiell kjelde](evil.example) ![b](evil.example).xlsx",
    "a` [Offisiell kjelde](evil.example) ![b](evil.example) `b.xlsx",
)


def _outside_code_spans(text: str) -> str:
    return re.sub(r"`[^`\n]*`", "", text)


def _shown_safely(text: str) -> bool:
    """The evil name appears, but only inside code spans: no markdown link or image can be made of it."""
    outside = _outside_code_spans(text)
    return "Offisiell kjelde" in text and "evil.example" not in outside and "](" not in outside


@pytest.mark.parametrize("evil_name", EVIL_NAMES)
def test_file_names_are_shown_as_literal_text_in_markdown(tmp_path: Path, evil_name: str) -> None:
    from indicators.present import emissions_charts

    store = tmp_path / "cache"
    evil = write_format_a(tmp_path / evil_name, "Hol", synthetic_rows())
    preview = md.preview_import(evil, store)
    assert _shown_safely(preview.describe())
    summary = md.import_emissions(evil, store)
    assert _shown_safely(summary.describe())
    manifest = cache.read_manifest("emissions", store)
    assert manifest.extra["files"][0]["file_name"] == evil_name  # stored as it was; escaped where shown
    assert _shown_safely(emissions_charts.release_note([manifest], with_files=True))

    again = md.preview_import(write_format_a(tmp_path / "gol.xlsx", "Gol", synthetic_rows()), store)
    assert _shown_safely(again.describe())  # the stored name, shown as the current release

    broken = tmp_path / "broken" / evil_name
    broken.parent.mkdir()
    broken.write_bytes(b"not a workbook")
    with pytest.raises(EmissionsImportError) as error:
        md.read_emissions_workbook(broken)
    assert _shown_safely(str(error.value))
    with pytest.raises(EmissionsImportError) as twice:
        md.import_emissions([evil, tmp_path / "broken" / ".." / evil_name], store)
    assert _shown_safely(str(twice.value))


def test_text_from_the_workbook_is_shown_as_literal_text_in_error_messages(tmp_path: Path) -> None:
    link = "[Offisiell kjelde](https://evil.example)"
    rows = synthetic_rows(years=(2009,))
    rows[0] = (2009, rows[0][1], rows[0][2], rows[0][3], link)
    with pytest.raises(EmissionsImportError) as bad_number:
        md.read_emissions_workbook(write_format_a(tmp_path / "a.xlsx", "Hol", rows))
    assert _shown_safely(str(bad_number.value))
    with pytest.raises(EmissionsImportError) as bad_name:
        md.read_emissions_workbook(write_format_a(tmp_path / "b.xlsx", link, synthetic_rows(years=(2009,))))
    assert _shown_safely(str(bad_name.value))


def test_markdown_literal() -> None:
    assert md.markdown_literal("Utslippsregnskap_Hol.xlsx") == "`Utslippsregnskap_Hol.xlsx`"
    assert md.markdown_literal("a`b\n\nc") == "`ab c`"



# ------------------------------------------------------------------------------------------ hostile files (issue 12)

import zipfile  # noqa: E402

from indicators.model import Dataset, Provenance  # noqa: E402
from indicators.sources.miljodirektoratet import limits, sheets  # noqa: E402
from tests import written_once  # noqa: E402
from tests.conftest import tiny_population_frame  # noqa: E402

ENGLISH = re.compile(r"Error|Exception|Traceback|line \d|column \d|not well-formed|No such file", re.IGNORECASE)


def _rewrite(path: Path, target: Path, change, extra: dict[str, bytes] | None = None) -> Path:
    """A copy of the workbook with each part's bytes passed through `change(name, data)`, and `extra` parts."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item.filename, change(item.filename, source.read(item)))
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    return target


def _without_declaration(data: bytes) -> bytes:
    return data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data


def _refusal(path: Path) -> str:
    with pytest.raises(EmissionsImportError) as error:
        md.read_emissions_workbook(path)
    message = str(error.value)
    assert not ENGLISH.search(message), message
    return message


def _no_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if openpyxl is asked to parse: the refusal must come before."""
    import openpyxl

    def refuse(*_args, **_kwargs):
        raise AssertionError("openpyxl was asked to parse a file that should have been refused before")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_a_truncated_sheet_inside_a_valid_zip_is_a_nynorsk_refusal(tmp_path: Path) -> None:
    good = write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows())
    broken = _rewrite(good, tmp_path / "avkorta.xlsx",
                      lambda name, data: data[: len(data) // 2] if name.startswith("xl/worksheets/") else data)
    assert "kan ikkje lesast som ei Excel-fil" in _refusal(broken)


def test_a_truncated_zip_is_a_nynorsk_refusal_without_the_exception_name(tmp_path: Path) -> None:
    good = write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows())
    cut = tmp_path / "kutta.xlsx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    message = _refusal(cut)
    assert "kan ikkje lesast som ei Excel-fil" in message
    assert "BadZipFile" not in message


def test_an_entity_bomb_is_refused_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )

    def add_bomb(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            return bomb + _without_declaration(data).replace(b"<v>", b"<v>&lol3;", 1)
        return data

    evil = _rewrite(write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows()), tmp_path / "bombe.xlsx", add_bomb)
    _no_parser(monkeypatch)
    message = _refusal(evil)
    assert "DOCTYPE/ENTITY" in message


def test_an_external_entity_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def external(name: str, data: bytes) -> bytes:
        if name == "xl/workbook.xml":
            doctype = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            return doctype + _without_declaration(data)
        return data

    evil = _rewrite(write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows()), tmp_path / "xxe.xlsx", external)
    _no_parser(monkeypatch)
    assert "DOCTYPE/ENTITY" in _refusal(evil)


def test_too_many_rows_are_refused_before_parsing_naming_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows())  # about 100 detailed rows
    monkeypatch.setattr(limits, "MAX_ROWS", 50)
    _no_parser(monkeypatch)
    message = _refusal(path)
    assert "eit ark har over 50 rader, og grensa er 50 rader per ark." in message


def test_rows_are_counted_while_streaming_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Defence in depth: should the check before parsing be passed, the streaming read stops at the limit."""
    path = write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows())
    monkeypatch.setattr(limits, "check_workbook_bounds", lambda *_args: None)
    monkeypatch.setattr(limits, "MAX_ROWS", 50)
    assert "grensa er 50 rader per ark" in _refusal(path)


def _shared_strings(text: str) -> bytes:
    return (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        f"<si><t>{text}</t></si></sst>"
    ).encode()


def test_a_large_shared_strings_part_is_refused_naming_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = ",".join(f"tekst {i}" for i in range(3_000))  # many short strings, no single long one
    path = _rewrite(write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows()), tmp_path / "stor.xlsx",
                    lambda _name, data: data, {"xl/sharedStrings.xml": _shared_strings(big)})
    monkeypatch.setattr(limits, "MAX_SHARED_STRINGS_BYTES", 10_000)
    _no_parser(monkeypatch)
    message = _refusal(path)
    assert "sharedStrings" in message
    assert "grensa" in message


def test_one_huge_text_is_refused_naming_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12, item 3: a 482 KB file with one 400 MB shared string (here: one text over the per-text limit)."""
    path = _rewrite(write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows()), tmp_path / "lang.xlsx",
                    lambda _name, data: data, {"xl/sharedStrings.xml": _shared_strings("x" * 300_000)})
    _no_parser(monkeypatch)
    message = _refusal(path)
    assert "éin tekst" in message
    assert "grensa" in message


def test_the_uncompressed_size_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows())
    monkeypatch.setattr(limits, "MAX_UNCOMPRESSED_BYTES", 20_000)
    _no_parser(monkeypatch)
    assert "grensa for utpakka storleik" in _refusal(path)


def test_the_file_size_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows())
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1_000)
    _no_parser(monkeypatch)
    message = _refusal(path)
    assert "grensa er 0,0 MB" in message


def test_reading_stops_at_the_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows())
    monkeypatch.setattr(limits, "MAX_READ_SECONDS", -1.0)
    monkeypatch.setattr(sheets, "_CLOCK_EVERY_ROWS", 1)
    assert "tidsgrensa" in _refusal(path)


def test_the_limits_leave_room_for_the_agency_s_files() -> None:
    assert limits.MAX_ROWS >= 500_000  # the all-municipalities file: ~360 municipalities × 12 years × ~110 rows
    assert limits.MAX_FILE_BYTES == 50 * 1024 * 1024  # = server.maxUploadSize in .streamlit/config.toml


# ------------------------------------------------------------------------------------------ plausibility (issue 12)

RECENT = (2021, 2022, 2023)


def _with_population(store: Path) -> Path:
    """A cache with the tiny synthetic population: Hol has 1 272–1 696 residents in 2021–2023 (written once per test
    process and region, then copied: tests/written_once.py)."""
    def write(folder: Path) -> None:
        cache.write_dataset(
            Dataset(tiny_population_frame(), Provenance(dataset="population", title="t", source="t", table_id="07459")),
            folder,
        )

    region = regions.active_region()
    key = ("emissions-tiny-population", str(regions.region_file()), region.member_codes, region.comparison_codes)
    return written_once.copy_of(key, write, store)


def test_an_implausibly_high_file_is_refused_with_its_numbers(tmp_path: Path) -> None:
    store = _with_population(tmp_path / "cache")
    before = _snapshot(store)
    relabelled = write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows(years=RECENT, scale=200))
    with pytest.raises(md.ImplausibleEmissionsError) as error:
        md.import_emissions(relabelled, store)
    message = str(error.value).replace("\u00a0", " ")
    assert "Hol 2023" in message
    assert "tonn per innbyggjar" in message
    assert "1 272 innbyggjarar" in message  # the numbers that made it implausible (2021)
    assert "mellom 0,5 og 150 tonn" in message
    assert _snapshot(store) == before


def test_an_implausibly_low_file_is_refused(tmp_path: Path) -> None:
    store = _with_population(tmp_path / "cache")
    with pytest.raises(md.ImplausibleEmissionsError, match="0,2 tonn per innbyggjar"):
        md.preview_import(write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows(years=RECENT, scale=0.1)), store)


def test_a_plausible_file_passes(tmp_path: Path) -> None:
    store = _with_population(tmp_path / "cache")
    summary = md.import_emissions(write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows(years=RECENT)), store)
    assert summary.result.municipalities == ("3330",)
    assert "accepted_implausible" not in cache.read_manifest("emissions", store).extra


def test_an_implausible_file_accepted_explicitly_is_recorded(tmp_path: Path) -> None:
    store = _with_population(tmp_path / "cache")
    relabelled = write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows(years=RECENT, scale=200))
    preview = md.preview_import(relabelled, store, accept_implausible=True)
    assert "stadfesta uttrykkjeleg" in preview.describe()
    summary = md.import_emissions(relabelled, store, accept_implausible=True)
    assert "stadfesta uttrykkjeleg" in summary.describe()
    manifest = cache.read_manifest("emissions", store)
    accepted = manifest.extra["accepted_implausible"]
    assert any("Hol 2023" in p for p in accepted["problems"])
    assert accepted["accepted_at"]
    assert manifest.extra["files"][0]["accepted_implausible"] == accepted["problems"]
    assert any("stadfesta uttrykkjeleg" in n for n in manifest.notes)


def test_without_population_the_check_per_resident_is_said_to_be_skipped(tmp_path: Path) -> None:
    preview = md.preview_import(write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows(scale=200)), tmp_path)
    assert "ikkje kontrollerte" in preview.describe()


def test_a_member_number_under_another_name_is_implausible(tmp_path: Path) -> None:
    """The same municipality throughout: Hol's number next to another municipality's name is refused."""
    one_year = synthetic_rows(years=(2009,))
    rows = [*rows_for("3330", "Oslo", one_year), *rows_for("3324", "Gol", one_year)]
    path = write_format_b(tmp_path / "alle.xlsx", rows)
    with pytest.raises(md.ImplausibleEmissionsError) as error:
        md.preview_import(path, tmp_path / "cache")
    message = str(error.value)
    assert "Kommunenummer 3330 er Hol" in message
    assert "`Oslo`" in message
    assert "Gol" not in message.split("ikkje rimelege ut")[1].split("Kontroller")[0]
    accepted = md.preview_import(path, tmp_path / "cache", accept_implausible=True)
    assert accepted.incoming.municipalities == ("3324", "3330")


def test_a_former_name_is_not_a_mismatch(tmp_path: Path) -> None:
    rows = rows_for("0616", "Nes", synthetic_rows(years=(2009,)))
    preview = md.preview_import(write_format_b(tmp_path / "alle.xlsx", rows), tmp_path / "cache")
    assert preview.incoming.municipalities == ("3322",)


def test_a_sector_sheet_from_another_file_is_refused(tmp_path: Path) -> None:
    """Format A: each sector's own sheet must hold the detailed sheet's sums (every sheet the same municipality)."""
    path = write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows(years=(2009,)))
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    sheet = workbook["Veitrafikk"]
    sheet.cell(row=2, column=4, value=sheet.cell(row=2, column=4).value * 100)
    workbook.save(path)
    message = _refusal(path)
    assert "Arket «Veitrafikk» har" in message
    assert "same kommune" in message


def test_import_takes_accept_implausible_for_the_cli() -> None:
    import inspect

    for function in (md.import_emissions, md.preview_import):
        parameter = inspect.signature(function).parameters["accept_implausible"]
        assert parameter.default is False


def test_the_command_line_refuses_an_implausible_file_unless_told_explicitly(tmp_path: Path, capsys) -> None:
    from indicators.cli import main

    store = _with_population(tmp_path / "cache")
    relabelled = write_format_a(tmp_path / "hol.xlsx", "Hol", synthetic_rows(years=RECENT, scale=200))
    before = _snapshot(store)
    assert main(["import-emissions", str(relabelled), "--cache-dir", str(store)]) == 1
    err = capsys.readouterr().err
    assert "tonn per innbyggjar" in err
    assert "uendra" in err
    assert _snapshot(store) == before
    assert main(["import-emissions", str(relabelled), "--cache-dir", str(store), "--accept-implausible"]) == 0
    assert cache.read_manifest("emissions", store).extra["accepted_implausible"]["problems"]
