"""Bounds checked on the raw .xlsx (a zip of XML parts) BEFORE openpyxl parses it, so one upload cannot stall
the server for everyone (issue 12, item 3) and no XML entity trick reaches a parser (item 4).

The limits follow what the agency's files need, with room to spare:

* A per-municipality export is about 80 KB zipped, 0.7 MB unzipped, 1 350 rows in its largest sheet (the
  capital's file, the most detailed there is). The all-municipalities file has one sheet of about 360
  municipalities × 12 years × at most ~110 source/gas rows ≈ 480 000 rows in the very worst case (~260 000 with
  the average detail), a few tens of MB unzipped and well under 50 MB zipped.
* MAX_FILE_BYTES 50 MB zipped (pin Streamlit's ``server.maxUploadSize = 50`` to the same number),
  MAX_UNCOMPRESSED_BYTES 200 MB for all parts together, MAX_ROWS 600 000 rows in any one sheet,
  MAX_SHARED_STRINGS_BYTES 10 MB for the shared-strings part (openpyxl holds it in memory; the real files
  have a few KB to a few hundred KB), MAX_OTHER_PART_BYTES 10 MB for any other part that is not a sheet,
  MAX_TEXT_BYTES 256 KB for one text between two tags (above Excel's own limit of 32 767 characters per cell;
  the agency's longest texts are source names of a few dozen characters), MAX_PARTS 2 000 parts,
  MAX_READ_SECONDS 180 s for reading the rows.

Every part is decompressed as a stream (never trusting the sizes the zip declares) and scanned: a part that
declares a DOCTYPE or ENTITY (what entity bombs and external entities need; Excel never writes one) is
refused, rows are counted from the XML itself, and a damaged part (bad CRC, truncated) is refused. Each refusal
names the limit in Nynorsk.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from typing import IO

from indicators.safe_text import markdown_literal
from indicators.sources.miljodirektoratet.common import MANUAL_PAGE, MESSAGES, EmissionsImportError

MB = 1024 * 1024
MAX_FILE_BYTES = 50 * MB
MAX_UNCOMPRESSED_BYTES = 200 * MB
MAX_SHARED_STRINGS_BYTES = 10 * MB
MAX_OTHER_PART_BYTES = 10 * MB
MAX_ROWS = 600_000
MAX_TEXT_BYTES = 256 * 1024
MAX_PARTS = 2_000
MAX_READ_SECONDS = 180.0

_CHUNK = 1024 * 1024
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_TEXT = re.compile(rb"[^<]{4096,}")  # only runs long enough to matter
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_OVERLAP = 64  # longer than any pattern above


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f}".replace(".", ",") + " MB"


def _refuse(shown_name: str, reason: str, **params: object) -> EmissionsImportError:
    return EmissionsImportError(MESSAGES.message("refused", file=markdown_literal(shown_name),
                                                 reason=MESSAGES.message(reason, **params), page=MANUAL_PAGE))


def _damaged(shown_name: str) -> EmissionsImportError:
    return EmissionsImportError(MESSAGES.message("damaged", file=markdown_literal(shown_name), page=MANUAL_PAGE))


def file_size(source: str | os.PathLike[str] | IO[bytes]) -> int:
    if isinstance(source, str | os.PathLike):
        return os.path.getsize(source)
    position = source.tell()
    size = source.seek(0, os.SEEK_END)
    source.seek(position)
    return size


def check_workbook_bounds(source: str | os.PathLike[str] | IO[bytes], shown_name: str) -> None:
    """Refuse a workbook over the limits above, or with an XML declaration, or damaged, before any parsing.
    A file object is left at its start."""
    size = file_size(source)
    if size > MAX_FILE_BYTES:
        raise _refuse(shown_name, "too_large", size=_megabytes(size), limit=_megabytes(MAX_FILE_BYTES))
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS:
                raise _refuse(shown_name, "too_many_parts", count=len(infos), limit=MAX_PARTS)
            total = 0
            for info in infos:
                total = _scan_part(archive, info, total, shown_name)
    except EmissionsImportError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError) as exc:
        raise _damaged(shown_name) from exc
    finally:
        if not isinstance(source, str | os.PathLike):
            source.seek(0)


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, total: int, shown_name: str) -> int:
    """Stream one part: its real size, its rows (for a sheet), no DOCTYPE/ENTITY. Returns the running total."""
    name = info.filename
    is_sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
    part_limit = MAX_SHARED_STRINGS_BYTES if name.endswith("sharedStrings.xml") else (
        None if is_sheet else MAX_OTHER_PART_BYTES
    )
    is_xml = name.endswith((".xml", ".rels", ".vml"))
    size = rows = run = 0  # run: bytes since the last "<" (the length of the text being read)
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(_CHUNK):
            size += len(chunk)
            total += len(chunk)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise _refuse(shown_name, "unpacked_too_large", limit=_megabytes(MAX_UNCOMPRESSED_BYTES))
            if part_limit is not None and size > part_limit:
                what = MESSAGES.message("shared_strings") if part_limit == MAX_SHARED_STRINGS_BYTES else (
                    MESSAGES.message("part", name=markdown_literal(name))
                )
                raise _refuse(shown_name, "part_too_large", what=what, limit=_megabytes(part_limit))
            if not is_xml:
                continue
            run = _text_run(chunk, run, shown_name)
            buffer = tail + chunk
            if _DECLARATION.search(buffer):
                raise EmissionsImportError(MESSAGES.message(
                    "declaration", file=markdown_literal(shown_name), part=markdown_literal(name), page=MANUAL_PAGE))
            last_end = 0
            if is_sheet:
                for match in _ROW.finditer(buffer):
                    rows += 1
                    last_end = match.end()
                if rows > MAX_ROWS:
                    count = f"{MAX_ROWS:,}".replace(",", " ")
                    raise _refuse(shown_name, "too_many_rows", count=count)
            tail = buffer[max(last_end, len(buffer) - _OVERLAP):]
    return total


def _text_run(chunk: bytes, run: int, shown_name: str) -> int:
    """The text run (bytes without a tag) carried over after `chunk`; refuses one longer than MAX_TEXT_BYTES."""
    first = chunk.find(b"<")
    if first == -1:
        run += len(chunk)
    else:
        longest = max(run + first, *(len(m.group()) for m in _TEXT.finditer(chunk)), 0)
        run = longest if longest > MAX_TEXT_BYTES else len(chunk) - chunk.rfind(b"<") - 1
    if run > MAX_TEXT_BYTES:
        raise _refuse(shown_name, "text_too_long", limit=_megabytes(MAX_TEXT_BYTES))
    return run
