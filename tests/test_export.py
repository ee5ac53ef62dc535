"""Exports carry exactly the numbers shown and the provenance needed to find them again."""

from __future__ import annotations

import io
import json
import math
import zipfile

import openpyxl
import pandas as pd
import pytest

from indicators.model import Provenance
from indicators.population import working_age_population
from indicators.present.export import (
    ExportView,
    bundle_zip,
    citation_text,
    metadata_rows,
    readme_text,
    safe_filename,
    to_csv_bytes,
    to_excel_bytes,
    view_csv_bytes,
    write_table,
)

EXPORTED_AT = "2026-03-05T08:09:10Z"
QUERY = {
    "table": "07459",
    "selection": [
        {"variableCode": "Region", "valueCodes": ["3320", "3322"]},
        {"variableCode": "Tid", "valueCodes": ["2022"]},
    ],
    "outputFormat": "json-stat2",
}


def provenance(**changes) -> Provenance:
    values = dict(
        dataset="population",
        title="Folkemengd 1. januar, etter kjønn og eittårig alder",
        source="Statistisk sentralbyrå",
        table_id="07459",
        query=QUERY,
        source_updated="2026-02-20T07:00:00Z",
        retrieved_at="2026-02-21T10:30:00Z",
        produced_by="indicators.sources.ssb: PxWebApi 2, json-stat2",
        url="https://www.ssb.no/statbank/table/07459",
        notes=["Alder 105 tyder 105 år eller eldre."],
        row_count=42,
        checksum="sha256:abc",
    )
    values.update(changes)
    return Provenance(**values)


@pytest.fixture
def shown() -> pd.DataFrame:
    """A frame as a page shows it: a missing year with SSB's '..', a decimal, Nynorsk letters."""
    return pd.DataFrame(
        {
            "region_code": ["3328", "3328", "3328", "3330"],
            "region_name": ["Ål", "Ål", "Ål", "Hol"],
            "period": [2021, 2022, 2023, 2023],
            "value": [4651.0, float("nan"), 4702.5, 4380.0],
            "status": ["", "..", "", ""],
        }
    )


@pytest.fixture
def view(shown) -> ExportView:
    return ExportView(
        title="Folketal, Ål og Hol", data=shown, provenances=[provenance()], notes=["Tala for 2022 manglar."],
        link="http://localhost:8501/folketal?region=3328", filters={"region": "3328"},
    )


def test_csv_holds_exactly_the_shown_numbers(shown):
    data = to_csv_bytes(shown)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads æ, ø, å right
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype={"region_code": str}, keep_default_na=False,
                       na_values={"value": [""]})
    assert list(back.columns) == list(shown.columns)
    assert back["region_name"].tolist() == ["Ål", "Ål", "Ål", "Hol"]
    assert back["status"].tolist() == ["", "..", "", ""]
    assert math.isnan(back["value"][1])  # missing stays missing, not 0
    pd.testing.assert_series_equal(back["value"], shown["value"])
    assert back["period"].tolist() == [2021, 2022, 2023, 2023]


def test_excel_has_data_and_metadata_sheets(view, shown):
    workbook = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(view, EXPORTED_AT)))
    assert workbook.sheetnames == ["Data", "Metadata"]
    rows = list(workbook["Data"].iter_rows(values_only=True))
    assert list(rows[0]) == list(shown.columns)
    assert rows[1] == ("3328", "Ål", 2021, 4651, None)
    assert rows[2][3] is None and rows[2][4] == ".."  # missing is an empty cell with its symbol
    assert rows[3][3] == pytest.approx(4702.5)
    assert len(rows) == 1 + len(shown)


def metadata(view: ExportView) -> dict[str, list[str]]:
    workbook = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(view, EXPORTED_AT)))
    found: dict[str, list[str]] = {}
    for name, value in workbook["Metadata"].iter_rows(min_row=2, values_only=True):
        found.setdefault(name, []).append(value)
    return found


def test_excel_metadata_has_source_query_dates_licence_and_attribution(view):
    meta = metadata(view)
    assert meta["Tittel"] == ["Folketal, Ål og Hol"]
    assert meta["Attribusjon"] == ["Kjelde: Statistisk sentralbyrå"]
    assert meta["Kjelde 1: tabell"] == ["07459"]
    assert meta["Kjelde 1: tittel på tabellen"] == ["Folkemengd 1. januar, etter kjønn og eittårig alder"]
    assert json.loads(meta["Kjelde 1: nøyaktig spørjing (JSON)"][0]) == QUERY
    assert "2026-02-20T07:00:00Z" in meta["Kjelde 1: sist oppdatert hjå kjelda"][0]
    assert "20. februar 2026" in meta["Kjelde 1: sist oppdatert hjå kjelda"][0]
    assert "21. februar 2026" in meta["Kjelde 1: henta"][0]
    assert meta["Kjelde 1: lisens"][0].startswith("CC BY 4.0")
    assert meta["Kjelde 1: korleis datasettet vart laga"] == ["indicators.sources.ssb: PxWebApi 2, json-stat2"]
    assert meta["Kjelde 1: merknad"] == ["Alder 105 tyder 105 år eller eldre."]
    assert "5. mars 2026" in meta["Eksportert"][0]
    assert meta["Merknad"] == ["Tala for 2022 manglar."]
    assert meta["Lenkje til visinga"] == ["http://localhost:8501/folketal?region=3328"]
    assert meta["Val: region"] == ["3328"]
    assert meta["Korleis tala er laga"][0]
    assert "Kolonne «status»" in meta


def test_missing_source_date_is_said_plainly(view):
    view.provenances = [provenance(source_updated=None)]
    meta = metadata(view)
    assert meta["Kjelde 1: sist oppdatert hjå kjelda"] == ["ikkje oppgitt av kjelda"]


def test_every_source_of_a_view_is_listed_once(view):
    projection = provenance(dataset="population_projection", table_id="14288", title="Framskriving")
    view.provenances = [provenance(), projection, provenance()]
    meta = metadata(view)
    assert meta["Kjelde 1: tabell"] == ["07459"] and meta["Kjelde 2: tabell"] == ["14288"]
    assert "Kjelde 3: tabell" not in meta


def test_text_that_looks_like_a_formula_stays_text(view):
    view.data = view.data.assign(region_name=["=HYPERLINK(\"http://x\")", "Ål", "Ål", "Hol"])
    view.notes = ["=1+1"]
    workbook = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(view, EXPORTED_AT)))
    cell = workbook["Data"]["B2"]
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(\"http://x\")"
    notes = [c for c in workbook["Metadata"]["B"] if c.value == "=1+1"]
    assert notes and notes[0].data_type == "s"


def test_control_characters_from_a_link_do_not_break_the_downloads(view):
    """A URL parameter such as ?region=33%01 reaches the filters; Excel and the ZIP must still be written."""
    view.filters = {"region": "33\x01", "år\x02": "2022"}
    view.title = "Folketal\x0b, Ål"
    view.notes = ["merknad\x1f med kontrollteikn"]
    view.data = view.data.assign(region_name=["Å\x00l", "Ål", "Ål", "Hol"], status=["\x07", "..", "", ""])
    meta = metadata(view)
    assert meta["Val: region"] == ["33"]
    assert meta["Val: år"] == ["2022"]
    assert meta["Tittel"] == ["Folketal, Ål"]
    assert meta["Merknad"] == ["merknad med kontrollteikn"]
    workbook = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(view, EXPORTED_AT)))
    rows = list(workbook["Data"].iter_rows(min_row=2, values_only=True))
    assert rows[0][1] == "Ål" and rows[0][4] is None  # the control character alone leaves an empty cell
    assert workbook.properties.title == "Folketal, Ål"
    archive = zipfile.ZipFile(io.BytesIO(bundle_zip(view, None, basename="v", exported_at=EXPORTED_AT)))
    assert "v.xlsx" in archive.namelist()


def test_table_sheet_writer_keeps_formula_text_as_text_and_strips_control_characters():
    workbook = openpyxl.Workbook()
    table = pd.DataFrame({"Tiltak": ["=SUM(A1:A2)", "+1", "ok\x03"], "Nr.": [1, 2, float("nan")]})
    write_table(workbook.active, table)
    loaded = openpyxl.load_workbook(io.BytesIO(_saved(workbook))).active
    assert [c.value for c in loaded[1]] == ["Tiltak", "Nr."] and loaded["A1"].font.bold
    assert loaded["A2"].data_type == "s" and loaded["A2"].value == "=SUM(A1:A2)"
    assert loaded["A4"].value == "ok" and loaded["B2"].value == 1 and loaded["B4"].value is None


def _saved(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_zip_bundle_has_data_images_and_readme(view, shown):
    images = {"png": b"\x89PNG\r\n\x1a\nfake", "svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>"}
    archive = zipfile.ZipFile(io.BytesIO(bundle_zip(view, images, basename="folketal", exported_at=EXPORTED_AT)))
    assert sorted(archive.namelist()) == sorted(
        ["folketal.csv", "folketal-excel.csv", "folketal.xlsx", "folketal.png", "folketal.svg", "README.txt"]
    )
    assert archive.read("folketal.csv") == view_csv_bytes(view)
    assert archive.read("folketal.png") == images["png"]
    workbook = openpyxl.load_workbook(io.BytesIO(archive.read("folketal.xlsx")))
    assert workbook.sheetnames == ["Data", "Metadata"]
    readme = archive.read("README.txt").decode("utf-8")
    # the exact query, as JSON, indented in the README
    query_lines = [line.strip() for line in readme.splitlines()]
    assert '"table": "07459",' in query_lines
    assert '"outputFormat": "json-stat2"' in query_lines
    assert "Kjelde: Statistisk sentralbyrå." in readme
    assert citation_text(view.provenances) in readme
    assert "http://localhost:8501/folketal?region=3328" in readme
    for name in ("folketal.csv", "folketal.xlsx", "folketal.png", "folketal.svg"):
        assert f"- {name}:" in readme


def test_zip_without_images_says_why(view):
    blob = bundle_zip(view, None, basename="v", images_missing_reason="Chromium manglar.")
    archive = zipfile.ZipFile(io.BytesIO(blob))
    assert sorted(archive.namelist()) == ["README.txt", "v-excel.csv", "v.csv", "v.xlsx"]
    assert "Bilete av diagrammet er ikkje med: Chromium manglar." in archive.read("README.txt").decode()


def test_citation_is_nynorsk_with_table_title_date_address_and_licence():
    text = citation_text([provenance()])
    assert text.startswith("Statistisk sentralbyrå, tabell 07459: «Folkemengd 1. januar")
    assert "Henta 21. februar 2026 frå https://www.ssb.no/statbank/table/07459." in text
    assert "Lisens: CC BY 4.0" in text
    assert "Tilrettelagt i Hallingdal-dashbordet" in text


def test_readme_lists_every_file_given(view):
    text = readme_text(view, {"a.csv": "data", "b.xlsx": "arbeidsbok"}, EXPORTED_AT)
    assert "- a.csv: data" in text and "- b.xlsx: arbeidsbok" in text
    assert "5. mars 2026" in text


def test_metadata_rows_describe_known_columns_only(view):
    view.data = view.data.assign(odd=1)
    names = [name for name, _ in metadata_rows(view, EXPORTED_AT)]
    assert "Kolonne «value»" in names and "Kolonne «odd»" not in names


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Innbyggjarar 20–64 år, Ål", "innbyggjarar-20-64-ar-al"),
        ("Sysselsette, Hemsedal (2022)", "sysselsette-hemsedal-2022"),
        ("../../etc/passwd", "etc-passwd"),
        ("<script>", "script"),
        ("日本", "eksport"),
        ("Æøå", "aeoa"),
    ],
)
def test_file_names_are_plain_ascii(title, expected):
    assert safe_filename(title) == expected


def test_export_of_a_computed_indicator_matches_the_computation(tiny_cache):
    """The numbers in both files are the computed series, to the last digit."""
    frame = working_age_population("3320", cache_directory=tiny_cache)
    view = ExportView(title="Yrkesaktiv alder, Flå", data=frame, provenances=[provenance()])
    workbook = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(view)))
    header, *rows = list(workbook["Data"].iter_rows(values_only=True))
    values = [row[header.index("value")] for row in rows]
    # tiny cache: each one-year age holds 2 × (1 + year − 2021) persons in Flå; 45 ages in 20–64
    assert values == [2 * 45 * (1 + year - 2021) for year in (2021, 2022, 2023)]
    back = pd.read_csv(io.BytesIO(to_csv_bytes(frame)), encoding="utf-8-sig")
    assert back["value"].tolist() == values


def test_citation_of_the_snapshot_names_the_extract_it_came_through():
    from indicators.model import Provenance
    from indicators.present.export import citation_text

    p = Provenance(dataset="population", title="Folkemengd", source="Statistisk sentralbyrå", table_id="07459",
                   url="https://www.ssb.no/statbank/table/07459", retrieved_at="2026-11-26T22:00:00Z",
                   extra={"published_extract": "SSB 07459 via R-pakken csdata 2026.8.21"})
    text = citation_text([p])
    assert "via R-pakken csdata" in text and "Henta" not in text
    assert "https://www.ssb.no/statbank/table/07459" in text


def test_csv_text_that_a_spreadsheet_would_run_is_made_inert_but_numbers_stay():
    import pandas as pd

    from indicators.present.export import to_csv_bytes

    frame = pd.DataFrame({"text": ["=HYPERLINK(\"x\")", "-2+3", "Gol"], "value": [-5.0, 1.0, 2.0]})
    text = to_csv_bytes(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'-2+3" in text and "\nGol,2.0" in text
    assert "-5.0" in text and "'-5" not in text
    status = to_csv_bytes(pd.DataFrame({"status": ["-", ".."]})).decode("utf-8-sig")
    assert status.splitlines()[1:] == ["-", ".."]  # SSB's status symbols pass unchanged


def test_every_csv_says_where_its_figures_came_from(view, shown):
    back = pd.read_csv(io.BytesIO(view_csv_bytes(view)), encoding="utf-8-sig", dtype=str)
    assert list(back.columns[: len(shown.columns)]) == list(shown.columns)
    assert set(back["source"]) == {"Statistisk sentralbyrå, tabell 07459"}
    assert set(back["source_published"]) == {"2026-02-20"}
    assert set(back["retrieved"]) == {"2026-02-21"}
    assert len(back) == len(shown)


def test_the_illegal_cell_characters_are_openpyxls():
    """export.py keeps its own copy so that pages need not import openpyxl; it must refuse exactly what openpyxl
    refuses."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as openpyxl_pattern

    from indicators.present import export

    every_character = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)
    assert export.ILLEGAL_CHARACTERS_RE.sub("", every_character) == openpyxl_pattern.sub("", every_character)
    assert export.excel_text("a\x00b\x0bc\x1fd\te") == "abcd\te"


# --- «CSV for Excel» and the source's publication date (issue 20) -----------------------------------------


def test_csv_for_excel_opens_in_columns_in_norwegian_excel(view):
    from indicators.present.export import excel_csv_bytes

    data = excel_csv_bytes(view)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    text = data.decode("utf-8-sig")
    header, first = text.split("\r\n")[:2]  # CRLF
    assert header == "Regionkode;Region;År;Verdi;Status;Kjelde;Publisert av kjelda;Henta"
    assert first.startswith("3328;Ål;2021;4651;")
    assert "4702,5" in text and "4702.5" not in text  # decimal comma
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", dtype={"Regionkode": str},
                       keep_default_na=False, na_values={"Verdi": [""]})
    assert back["Verdi"].tolist()[0] == 4651 and back["Verdi"].tolist()[2] == 4702.5
    assert math.isnan(back["Verdi"][1]) and back["Status"][1] == ".."


def test_head_counts_are_integers_in_the_csv_for_excel():
    from indicators.present.export import excel_csv_bytes

    counts = pd.DataFrame({"region_code": ["3320"] * 3, "period": [2021, 2022, 2023],
                           "value": [1001.0, float("nan"), 1012.0], "status": ["", "..", ""]})
    text = excel_csv_bytes(ExportView("Folketal", counts, [provenance()])).decode("utf-8-sig")
    rows = [line.split(";") for line in text.split("\r\n")[1:] if line]
    assert [r[2] for r in rows] == ["1001", "", "1012"]  # not 1001,0


def test_csv_for_excel_keeps_formulas_inert():
    from indicators.present.export import excel_csv_bytes

    frame = pd.DataFrame({"region_name": ['=HYPERLINK("https://evil.example")'], "value": [1.0]})
    text = excel_csv_bytes(ExportView("x", frame, [provenance()])).decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_without_a_publication_date_the_column_is_left_out_and_the_metadata_says_why(shown):
    undated = provenance(source_updated=None, extra={"published_extract": "SSB 07459 via R-pakken csdata"})
    view = ExportView("Folketal", shown, [undated])
    back = pd.read_csv(io.BytesIO(view_csv_bytes(view)), encoding="utf-8-sig")
    assert "source_published" not in back.columns  # not an empty cell in every row
    assert list(back.columns[-2:]) == ["source", "retrieved"]
    why = dict(metadata_rows(view, EXPORTED_AT))["Kolonne «source_published» (i CSV-fila)"]
    assert "oppgir ikkje" in why and "R-pakken csdata" in why
    assert "Publiseringsdato" in readme_text(view, {}, EXPORTED_AT)
    dated = ExportView("Folketal", shown, [provenance()])
    assert "Kolonne «source_published» (i CSV-fila)" not in dict(metadata_rows(dated, EXPORTED_AT))


def test_the_bundle_holds_the_csv_for_excel(view):
    with zipfile.ZipFile(io.BytesIO(bundle_zip(view, basename="folketal", exported_at=EXPORTED_AT))) as archive:
        assert "folketal-excel.csv" in archive.namelist()
        readme = archive.read("README.txt").decode("utf-8")
    assert "folketal-excel.csv: same data (for norsk Excel" in readme


def test_the_bundles_readme_and_citation_of_the_snapshot_are_nynorsk(shown):
    from indicators import cache

    provenances = cache.manifests(["population", "population_projection", "employment", "commuting",
                                   "fibre_coverage", "net_migration"])
    view = ExportView("Folketal", shown, provenances)
    readme = readme_text(view, {}, EXPORTED_AT)
    for english in ("via the", "R package", "as stored", "stitched", "as committed", "sheet Ark1", "as published",
                    "identical", "appendix", "to today's codes"):
        assert english not in readme, english
    assert "via R-pakken csdata" in citation_text(provenances)
    assert "skøytte saman til dagens kodar" in readme


def test_export_times_are_oslo_time(view):
    assert "Eksportert 5. mars 2026 kl. 09.09 (2026-03-05T08:09:10Z)" in readme_text(view, {}, EXPORTED_AT)
    rows = dict(metadata_rows(view, EXPORTED_AT))
    assert rows["Eksportert"] == "2026-03-05T08:09:10Z (5. mars 2026 kl. 09.09)"


def test_any_table_as_csv_for_excel():
    from indicators.present.export import table_excel_csv_button, table_excel_csv_bytes

    table = pd.DataFrame({"Endring": ["Status", "=1+1"], "Verdi": [3.0, 2.5]})
    text = table_excel_csv_bytes(table).decode("utf-8-sig")
    assert text == "Endring;Verdi\r\nStatus;3\r\n'=1+1;2,5\r\n"
    button = table_excel_csv_button(table, "endringar", "k")
    assert button["file_name"] == "endringar-excel.csv" and button["data"]() == table_excel_csv_bytes(table)


def test_the_csvs_dates_are_days_in_oslo(shown):
    late = provenance(source_updated="2026-02-20T23:30:00Z", retrieved_at="2026-02-21T10:30:00+00:00")
    back = pd.read_csv(io.BytesIO(view_csv_bytes(ExportView("x", shown, [late]))), encoding="utf-8-sig", dtype=str)
    assert set(back["source_published"]) == {"2026-02-21"}  # 00.30 in Oslo
    assert set(back["retrieved"]) == {"2026-02-21"}


def test_csv_for_excel_writes_computed_shares_with_four_decimals_and_the_tidy_csv_keeps_them_all():
    from indicators.present.export import excel_csv_bytes

    shares = pd.DataFrame({"region_code": ["3320"] * 4, "period": [2019, 2020, 2021, 2022],
                           "value": [58.45959595959596, 0.30000000000000004, -0.00001, 12.5],
                           "status": ["", "", "", ""]})
    view = ExportView("Arbeidsplassar per 100", shares, [provenance()])
    text = excel_csv_bytes(view).decode("utf-8-sig")
    rows = [line.split(";") for line in text.split("\r\n")[1:] if line]
    assert [r[2] for r in rows] == ["58,4596", "0,3", "0", "12,5"]
    tidy = pd.read_csv(io.BytesIO(view_csv_bytes(view)), encoding="utf-8-sig")
    assert tidy["value"].tolist()[0] == 58.45959595959596  # the CSV for scripts keeps every digit


def test_csv_for_excel_writes_codes_as_words_and_every_column_of_the_ranks_in_nynorsk():
    from indicators import i18n
    from indicators.present.export import excel_csv_bytes

    flows = pd.DataFrame({"region_code": ["3320", "3320"], "flow": ["inbound", "somewhere_new"], "period": [2017, 2017],
                          "value": [99.0, 3.0], "status": ["", ""]})
    view = ExportView("Pendling", flows, [provenance()])
    rows = [line.split(";") for line in excel_csv_bytes(view).decode("utf-8-sig").split("\r\n") if line]
    assert rows[0][:3] == ["Regionkode", "Straum", "År"]
    assert [r[1] for r in rows[1:]] == ["Innpendling", "somewhere_new"]  # a code without a word stays as it is
    with i18n.use("en"):
        english = excel_csv_bytes(view).decode("utf-8-sig")
    assert "Commuting in" in english and "Innpendling" not in english
    assert "inbound" in view_csv_bytes(view).decode("utf-8-sig")  # the tidy CSV keeps the codes

    ranks = pd.DataFrame({"measure": ["growth"], "ages": ["20-64"], "start": [2022], "end": [2026], "position": [1],
                          "total": [355], "region_code": ["3450"], "region_name": ["Etnedal"], "start_value": [676.0],
                          "end_value": [882.0], "value": [0.30473], "estimated": [False], "not_ranked": [""]})
    header = excel_csv_bytes(ExportView("Rangering", ranks, [provenance()])).decode("utf-8-sig").split("\r\n")[0]
    assert not [name for name in header.split(";") if "_" in name or name.isascii() and name.islower()], header
