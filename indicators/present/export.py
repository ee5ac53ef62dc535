"""Downloads for one chart or view, each carrying its provenance: CSV, Excel (data + metadata) and a ZIP bundle.

The numbers are the frame the page drew, unchanged: no rounding, no re-shaping. Missing values stay empty
with SSB's symbol in `status`; they are never written as 0.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import unicodedata
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from indicators import i18n
from indicators.cache import utc_now_iso
from indicators.formatting import format_date, format_moment, local_moment
from indicators.model import SSB_ATTRIBUTION, Provenance
from indicators.plan_actions import DISPLAY_HEADERS
from indicators.present import charts, texts
from indicators.present.texts import context as context_texts
from indicators.present.texts import export as export_texts
from indicators.present.texts import files as file_texts
from indicators.present.texts import jobs as jobs_texts
from indicators.present.texts import peers as peer_texts
from indicators.regions import active_region

if TYPE_CHECKING:  # openpyxl itself is imported when a workbook is made (8 MB and 0.1 s a page never needs)
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

# The characters openpyxl refuses in a cell (openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE, tested to agree).
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def app_name() -> str:
    plain = not active_region().has_plan  # a region with members only
    return texts.fill(export_texts.APP_NAME_NO_PLAN if plain else export_texts.APP_NAME)


def column_descriptions() -> dict[str, str]:
    """What each column of an export means (Nynorsk), the region code column from the region file."""
    region = active_region()
    comparisons = "".join(f", {c.code} = {c.name}" for c in region.comparisons)
    region_code = texts.fill(export_texts.REGION_CODE_COLUMN, comparisons=comparisons, region_id=region.id)
    return {"region_code": region_code, **export_texts.COLUMN_DESCRIPTIONS}




@dataclass
class ExportView:
    """What a download describes: the data as shown, where it came from, and how to find the view again."""

    title: str
    data: pd.DataFrame
    provenances: Sequence[Provenance]
    notes: Sequence[str] = ()
    link: str = ""  # the dashboard URL that opens this view (with its query parameters)
    filters: Mapping[str, str] = field(default_factory=dict)  # the view's choices, e.g. {"region": "3326"}


def safe_filename(text: str, default: str = "eksport") -> str:
    """'Folketal, Ål 2026' -> 'folketal-al-2026': ASCII letters, digits and dashes only."""
    text = text.replace("æ", "ae").replace("Æ", "Ae").replace("ø", "o").replace("Ø", "O")
    text = re.sub(r"[\W_]+", "-", text)  # dashes, spaces and punctuation of any script become one dash
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()
    return slug[:80] or default


def _iso_with_date(value: str | None) -> str:
    """'2026-02-21T10:30:00Z (21. februar 2026 kl. 11.30)': the stored value and the moment in Oslo time."""
    if not value:
        return file_texts.NOT_GIVEN_BY_SOURCE
    return f"{value} ({format_moment(value) if 'T' in value else format_date(value)})"


FORMULA_STARTS = ("=", "+", "-", "@")


def _inert(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; numbers are left alone."""
    # a lone "-" is SSB's status symbol for nil, and no formula
    if isinstance(value, str) and len(value) > 1 and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv_bytes(data: pd.DataFrame) -> bytes:
    """The frame as CSV, with a byte-order mark so Excel reads æ, ø and å right, and no text that a
    spreadsheet would run as a formula."""
    safe = data.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_inert)
    return safe.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


PROVENANCE_COLUMNS = ("source", "source_published", "retrieved")


def with_provenance_columns(data: pd.DataFrame, provenances: Sequence[Provenance]) -> pd.DataFrame:
    """The frame with where its figures came from on every row (`source`, `source_published` = the source's
    own publication date, `retrieved` = when they were fetched or stored), so a CSV that travels alone still
    says where it came from. When no source states a date, `source_published` is left out rather than empty in
    every row; the metadata says why (`source_published_missing`)."""
    unique = _unique(provenances)
    out = data.copy()
    out["source"] = "; ".join(charts.source_name(p) for p in unique)
    if any(p.source_updated for p in unique):
        out["source_published"] = "; ".join(_oslo_day(p.source_updated) for p in unique if p.source_updated)
    out["retrieved"] = "; ".join(_oslo_day(p.retrieved_at) for p in unique)
    return out


def _oslo_day(value: str | None) -> str:
    """An ISO moment as its day in Oslo ('2026-02-20T23:30:00Z' -> '2026-02-21'); a bare date stays itself."""
    if not value:
        return ""
    if "T" not in value:
        return value[:10]
    try:
        return local_moment(value).date().isoformat()
    except ValueError:
        return value[:10]


def source_published_missing(provenances: Sequence[Provenance]) -> str:
    """Why the CSV has no `source_published` column (empty when it has one): no source states a date."""
    unique = _unique(provenances)
    if not unique or any(p.source_updated for p in unique):
        return ""
    extracts = [str(p.extra["published_extract"]) for p in unique
                if isinstance(p.extra, dict) and p.extra.get("published_extract")]
    where = ""
    if extracts:
        where = texts.fill(export_texts.SOURCE_PUBLISHED_NOT_GIVEN_EXTRACT, extracts="; ".join(extracts))
    return texts.fill(export_texts.SOURCE_PUBLISHED_NOT_GIVEN, extracts=where)


def view_csv_bytes(view: ExportView) -> bytes:
    """THE CSV of a download or an export (web and command line): the data as shown, with its provenance
    columns, made inert for spreadsheets."""
    return to_csv_bytes(with_provenance_columns(view.data, view.provenances))




# Decimals in «CSV for Excel»: a computed share or ratio (58.45959595959596 jobs per 100) is written as 58,4596; the
# tidy CSV keeps every digit for scripts.
EXCEL_DECIMALS = 4


def _excel_number(value: Any) -> str:
    """4651.0 -> '4651' (a head count stays a whole number), 4702.5 -> '4702,5', 58.459595… -> '58,4596',
    NaN -> ''."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    number = round(float(value), EXCEL_DECIMALS) + 0.0  # + 0.0: -0.0 is written as 0
    if number.is_integer() and abs(number) < 2**53:
        return str(int(number))
    return f"{number:.{EXCEL_DECIMALS}f}".rstrip("0").replace(".", ",")


def excel_csv_bytes(view: ExportView) -> bytes:
    """«CSV for Excel»: the same rows and provenance columns as `view_csv_bytes`, written the way Norwegian Excel
    opens a double-clicked file in columns — semicolons, decimal commas, UTF-8 with a byte-order mark, CRLF line
    ends, Nynorsk column names — with whole numbers (head counts) written as integers, not «412,0».
    Text a spreadsheet would run as a formula is made inert, as in the tidy CSV."""
    return table_excel_csv_bytes(with_provenance_columns(view.data, view.provenances))


def table_excel_csv_bytes(table: pd.DataFrame) -> bytes:
    """Any table (a chart's data with its provenance columns, the action programme, the change list) as
    «CSV for Excel»: see `excel_csv_bytes`."""
    out = table.copy()
    for column, labels in excel_value_labels().items():
        if column in out.columns and (out[column].dtype == object or pd.api.types.is_string_dtype(out[column])):
            out[column] = out[column].map(lambda code, labels=labels: labels.get(code, code))
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_float_dtype(series):
            out[column] = series.map(_excel_number).astype(object)
        elif pd.api.types.is_bool_dtype(series):  # a flag (estimated): words, not True/False
            out[column] = series.map({True: export_texts.EXCEL_CSV_YES, False: export_texts.EXCEL_CSV_NO})
        elif series.dtype == object or pd.api.types.is_string_dtype(series):
            out[column] = series.map(_inert)
    out = out.rename(columns=excel_csv_headers(list(out.columns)))
    return out.to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n").encode("utf-8-sig")


def excel_value_labels() -> dict[str, dict[str, str]]:
    """Words for the codes in a table's columns (measure, flow, building type, kind of place), in the language of
    the run, for «CSV for Excel»: a Norwegian reader gets «Innpendling», a script the tidy CSV's «inbound»."""
    return {
        "measure": {**jobs_texts.MEASURE_LABELS, **export_texts.EXCEL_CSV_MEASURES},
        "flow": dict(jobs_texts.FLOW_LABELS),
        "building": dict(context_texts.BUILDING_LABELS),
        "kind": dict(export_texts.EXCEL_CSV_KINDS),
    }


def excel_csv_headers(columns: Sequence[str]) -> dict[str, str]:
    """Nynorsk column names for the Excel CSV: the series' names, and the action programme's as its page shows
    them (where a table has both a status key and its words, the words are «Status»); others keep their name."""
    measures = {column: name for column, name in peer_texts.SIMILAR_COLUMNS.items() if column != "region_name"}
    names = {**DISPLAY_HEADERS, **measures, **export_texts.EXCEL_CSV_HEADERS}
    if "status_label" in columns:
        names.update(status=export_texts.EXCEL_CSV_STATUS_KEY, status_label=DISPLAY_HEADERS["status_label"])
    return {str(c): names.get(str(c), str(c)) for c in columns}


def excel_csv_button(view: ExportView, filename: str, key: str) -> dict[str, Any]:
    """The arguments of the «CSV for Excel» download button beside a chart's tidy CSV (built when clicked)."""
    return _excel_csv_button(lambda: excel_csv_bytes(view), filename, f"csv_excel_{key}")


def table_excel_csv_button(table: pd.DataFrame, filename: str, key: str) -> dict[str, Any]:
    """The arguments of the «CSV for Excel» download button beside a table's CSV (the action programme, the
    change list): `st.download_button(**table_excel_csv_button(table, stem, key))`."""
    frozen = table.copy()
    return _excel_csv_button(lambda: table_excel_csv_bytes(frozen), filename, key)


def _excel_csv_button(data: Callable[[], bytes], filename: str, key: str) -> dict[str, Any]:
    return {
        "label": export_texts.EXCEL_CSV_LABEL, "data": i18n.bound(data),  # built later, in the page's language
        "file_name": f"{filename}{export_texts.EXCEL_CSV_SUFFIX}.csv", "mime": "text/csv", "key": key,
        "icon": ":material/download:", "on_click": "ignore", "help": export_texts.EXCEL_CSV_HELP,
    }


def citation_text(provenances: Sequence[Provenance]) -> str:
    """How to cite the data, in Nynorsk: each source with table, title, retrieval date, address and licence."""
    parts = []
    for p in _unique(provenances):
        table = file_texts.CITE_TABLE.format(table=p.table_id) if p.table_id else ""
        title = f": «{p.title}»" if p.title else ""
        extract = p.extra.get("published_extract") if isinstance(p.extra, dict) else None
        if extract:  # the snapshot: published figures reached us as an extract, not from the address itself
            retrieved = file_texts.CITE_PUBLISHED_TABLE.format(url=p.url) if p.url else ""
            retrieved += file_texts.CITE_EXTRACT.format(extract=extract, date=format_date(p.retrieved_at))
        else:
            got = file_texts.CITE_FETCHED.format(date=format_date(p.retrieved_at)) if p.retrieved_at else ""
            where = file_texts.CITE_FROM.format(url=p.url) if p.url else ""
            retrieved = f"{got}{where}." if got or where else ""
        licence = file_texts.CITE_LICENCE.format(licence=p.licence) if p.licence else ""
        parts.append(f"{p.source}{table}{title}.{retrieved}{licence}")
    sources = " ".join(parts) if parts else file_texts.CITE_NO_SOURCE
    return file_texts.CITE_PREPARED.format(sources=sources, app=app_name())


def _attribution(provenances: Sequence[Provenance]) -> str:
    found = []
    for p in provenances:
        if p.attribution and p.attribution not in found:
            found.append(p.attribution)
    return "; ".join(found) if found else SSB_ATTRIBUTION


def _unique(provenances: Sequence[Provenance]) -> list[Provenance]:
    seen: set[str] = set()
    out = []
    for p in provenances:
        if p.dataset not in seen:
            seen.add(p.dataset)
            out.append(p)
    return out


def query_text(provenance: Provenance) -> str:
    """The exact query that produced the dataset, as indented JSON (keys in the order they were stored)."""
    if not provenance.query:
        return file_texts.NOT_RECORDED
    return json.dumps(provenance.query, ensure_ascii=False, indent=2)


def metadata_rows(view: ExportView, exported_at: str | None = None) -> list[tuple[str, str]]:
    """(field, value) rows for the Metadata sheet: what, where from, when, under which licence, and how."""
    exported_at = exported_at or utc_now_iso()
    rows: list[tuple[str, str]] = [
        (file_texts.META_TITLE, view.title),
        (file_texts.META_ATTRIBUTION, _attribution(view.provenances)),
        (file_texts.META_CITATION, citation_text(view.provenances)),
        (file_texts.META_EXPORTED, _iso_with_date(exported_at)),
        (file_texts.META_MADE_WITH, app_name()),
        (file_texts.META_HOW_MADE, export_texts.PRODUCED_BY_APP),
    ]
    if view.link:
        rows.append((file_texts.META_LINK, view.link))
    for name, value in view.filters.items():
        rows.append((file_texts.META_CHOICE.format(name=name), str(value)))
    field = file_texts.META_SOURCE_FIELDS
    for number, p in enumerate(_unique(view.provenances), start=1):
        prefix = file_texts.META_SOURCE.format(number=number)
        rows += [
            (prefix + field["publisher"], p.source),
            (prefix + field["table"], p.table_id or "–"),
            (prefix + field["title"], p.title),
            (prefix + field["query"], query_text(p)),
            (prefix + field["updated"], _iso_with_date(p.source_updated)),
            (prefix + field["retrieved"], _iso_with_date(p.retrieved_at)),
            (prefix + field["licence"], p.licence),
            (prefix + field["attribution"], p.attribution),
            (prefix + field["produced_by"], p.produced_by or "–"),
            (prefix + field["url"], p.url or "–"),
            (prefix + field["dataset"], p.dataset),
            (prefix + field["rows"], str(p.row_count)),
            (prefix + field["checksum"], p.checksum or "–"),
        ]
        for note in p.notes:
            rows.append((prefix + field["note"], note))
    for note in view.notes:
        rows.append((file_texts.META_NOTE, note))
    missing = source_published_missing(view.provenances)
    if missing:
        rows.append((file_texts.META_SOURCE_PUBLISHED, missing))
    descriptions = column_descriptions()
    for column in view.data.columns:
        description = descriptions.get(str(column))
        if description:
            rows.append((file_texts.META_COLUMN.format(column=column), description))
    return rows


def excel_text(text: str) -> str:
    """Text as a workbook can store it: the control characters openpyxl refuses (\\x00–\\x08, \\x0b, \\x0c,
    \\x0e–\\x1f) removed. They reach an export from URL parameters and would otherwise stop the download."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _cell_value(value: Any) -> Any:
    """Excel cell content: NaN/NA -> empty, numpy scalars -> Python, text cleaned (empty text -> empty cell)."""
    if isinstance(value, str):
        return excel_text(value) or None
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def put_cell(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write one Excel cell. Text is always stored as text ("=SUM(…)" never becomes a live formula), NaN is
    an empty cell, numpy scalars become Python numbers."""
    from openpyxl.cell.cell import TYPE_STRING

    cell = sheet.cell(row=row, column=column, value=_cell_value(value))
    if isinstance(cell.value, str):
        cell.data_type = TYPE_STRING  # text starting with "=" stays text, never a formula
    return cell


def write_table(sheet: Worksheet, data: pd.DataFrame) -> None:
    """The frame on a sheet: a bold header row, then every row through `put_cell`; the header is frozen."""
    from openpyxl.styles import Font

    bold = Font(bold=True)
    for column, name in enumerate(data.columns, start=1):
        put_cell(sheet, 1, column, str(name)).font = bold
    for row_number, row in enumerate(data.itertuples(index=False, name=None), start=2):
        for column, value in enumerate(row, start=1):
            put_cell(sheet, row_number, column, value)
    sheet.freeze_panes = "A2"


def to_excel_bytes(view: ExportView, exported_at: str | None = None) -> bytes:
    """An .xlsx with the sheets «Data» (the numbers as shown) and «Metadata» (source, query, dates, licence)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    data_sheet = workbook.active
    data_sheet.title = "Data"
    write_table(data_sheet, view.data)
    for column, name in enumerate(view.data.columns, start=1):
        letter = data_sheet.cell(row=1, column=column).column_letter
        data_sheet.column_dimensions[letter].width = max(12, min(40, len(str(name)) + 4))

    meta = workbook.create_sheet("Metadata")
    bold = Font(bold=True)
    put_cell(meta, 1, 1, "Felt").font = bold
    put_cell(meta, 1, 2, "Verdi").font = bold
    wrap = Alignment(wrap_text=True, vertical="top")
    for row_number, (name, value) in enumerate(metadata_rows(view, exported_at), start=2):
        put_cell(meta, row_number, 1, name).alignment = wrap
        put_cell(meta, row_number, 2, value).alignment = wrap
    meta.column_dimensions["A"].width = 42
    meta.column_dimensions["B"].width = 110
    workbook.properties.title = excel_text(view.title)[:250]
    workbook.properties.creator = app_name()
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _heading(text: str) -> list[str]:
    """A README heading: the text underlined with dashes."""
    return [text, "-" * len(text)]


def readme_text(
    view: ExportView, files: Mapping[str, str], exported_at: str | None = None, *, missing_images: str = ""
) -> str:
    """README.txt for a bundle (Nynorsk): the files, every source with its exact query, and how to cite."""
    exported_at = exported_at or utc_now_iso()
    lines = [
        view.title,
        "=" * min(len(view.title), 100),
        "",
        file_texts.README_EXPORTED.format(moment=format_moment(exported_at), iso=exported_at, app=app_name()),
    ]
    if view.link:
        lines += ["", file_texts.README_LINK, view.link]
    if view.filters:
        lines += ["", file_texts.README_CHOICES + ", ".join(f"{k} = {v}" for k, v in view.filters.items())]
    lines += ["", *_heading(file_texts.README_FILES)]
    lines += [f"- {name}: {description}" for name, description in files.items()]
    if missing_images:
        lines += [file_texts.README_NO_IMAGES.format(reason=missing_images)]
    lines += ["", *_heading(file_texts.README_HOW_MADE), export_texts.PRODUCED_BY_APP]
    lines += ["", *_heading(file_texts.README_SOURCES)]
    for number, p in enumerate(_unique(view.provenances), start=1):
        table = file_texts.CITE_TABLE.format(table=p.table_id) if p.table_id else ""
        lines += [
            f"{number}. {p.source}{table}: {p.title}",
            file_texts.README_URL.format(url=p.url or "–"),
            file_texts.README_UPDATED.format(date=_iso_with_date(p.source_updated)),
            file_texts.README_RETRIEVED.format(date=_iso_with_date(p.retrieved_at)),
            file_texts.README_LICENCE.format(licence=p.licence),
            file_texts.README_ATTRIBUTION.format(attribution=p.attribution),
            file_texts.README_PRODUCED_BY.format(how=p.produced_by or "–"),
            file_texts.README_QUERY,
            *("      " + line for line in query_text(p).splitlines()),
        ]
        lines += [file_texts.README_SOURCE_NOTE.format(note=note) for note in p.notes]
    if view.notes:
        lines += ["", *_heading(file_texts.README_NOTES), *(f"- {note}" for note in view.notes)]
    missing = source_published_missing(view.provenances)
    if missing:
        lines += ["", *_heading(file_texts.README_PUBLISHED), missing]
    lines += ["", *_heading(file_texts.README_CITATION), _attribution(view.provenances) + ".",
              citation_text(view.provenances), ""]
    return "\n".join(lines)


def bundle_zip(
    view: ExportView,
    images: Mapping[str, bytes] | None = None,
    *,
    basename: str | None = None,
    exported_at: str | None = None,
    images_missing_reason: str | None = None,
) -> bytes:
    """A ZIP with the data as CSV and Excel, the chart images given (png/svg) and a README.txt."""
    exported_at = exported_at or utc_now_iso()
    base = basename or safe_filename(view.title)
    excel_csv = f"{base}{export_texts.EXCEL_CSV_SUFFIX}.csv"
    contents: dict[str, bytes] = {
        f"{base}.csv": view_csv_bytes(view),
        excel_csv: excel_csv_bytes(view),
        f"{base}.xlsx": to_excel_bytes(view, exported_at),
    }
    descriptions = {
        f"{base}.csv": file_texts.FILE_CSV.format(note=file_texts.CSV_NOTE),
        excel_csv: file_texts.FILE_EXCEL_CSV.format(note=export_texts.EXCEL_CSV_NOTE),
        f"{base}.xlsx": file_texts.FILE_XLSX,
    }
    for fmt, blob in (images or {}).items():
        if fmt in ("png", "svg") and blob:
            contents[f"{base}.{fmt}"] = blob
            descriptions[f"{base}.{fmt}"] = file_texts.FILE_IMAGE.format(format=fmt.upper())
    missing = ""
    if not any(name.endswith((".png", ".svg")) for name in contents):
        missing = images_missing_reason or file_texts.IMAGES_NOT_MADE
    contents["README.txt"] = readme_text(view, descriptions, exported_at, missing_images=missing).encode("utf-8")
    stamp = _zip_time(exported_at)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, blob in contents.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, blob)
    return buffer.getvalue()


def _zip_time(iso: str) -> tuple[int, int, int, int, int, int]:
    try:
        moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        moment = dt.datetime.now(dt.UTC)
    return (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second)


def table_excel_bytes(table: pd.DataFrame, sheet_name: str) -> bytes:
    """An .xlsx workbook with one table on one sheet, text wrapped and columns sized to their content (the
    action programme's download). Cells go through `write_table`: text stays text, never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name
    write_table(sheet, table)
    for index, column in enumerate(table.columns, start=1):
        longest = max([len(str(column)), *(len(str(v)) for v in table[column])])
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = min(max(8, longest + 2), 60)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
