"""The one reader per SSB extract format (11618 employment, 03321 commuting) that the region importers
(indicators.sources.ssb_extracts) and the all-municipality importers (indicators.sources.all_municipalities) share:
SSB's symbols, bad cells and content codes are read the same way whichever importer reads the file."""

from __future__ import annotations

import gzip
import hashlib
import math
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from indicators.model import Dataset
from indicators.sources.all_municipalities import read_commuting_all, read_employment_all
from indicators.sources.published_csv import PublishedFileError
from indicators.sources.ssb_extracts import (
    read_commuting_extract,
    read_commuting_rows,
    read_employment_extract,
    read_employment_rows,
)
from tests.all_municipalities_cache import COMMUTING_FILE, EMPLOYMENT_FILE, EXCERPT

JOBS = Path(__file__).parent / "fixtures" / "jobs"
REGION_EMPLOYMENT = JOBS / "11618_employment_small.csv"
REGION_COMMUTING = JOBS / "03321_commuting_small.csv"

Reader = Callable[[Path], Dataset]
IMPORTERS: list[tuple[Reader, Path]] = [
    (read_employment_extract, REGION_EMPLOYMENT),
    (read_employment_all, EMPLOYMENT_FILE),
    (read_commuting_extract, REGION_COMMUTING),
    (read_commuting_all, COMMUTING_FILE),
]


def _lines(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return handle.read().splitlines()


def with_first_row(source: Path, folder: Path, column: str, cell: str) -> Path:
    """A copy of `source` in `folder` with `column` of its first row set to `cell`; an all-municipality file comes
    with its code table and a SHA256SUMS that lists the copy."""
    header, first, *rows = _lines(source)
    cells = first.split(",")
    cells[header.split(",").index(column)] = cell
    text = "\n".join([header, ",".join(cells), *rows]) + "\n"
    target = folder / source.name
    target.write_bytes(gzip.compress(text.encode(), mtime=0) if source.suffix == ".gz" else text.encode())
    if source.parent == EXCERPT:
        for name in ("municipalities_2024.csv", "municipality_code_changes_2005-2026.csv"):
            shutil.copy(EXCERPT / name, folder / name)
        sums = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}" for p in sorted(folder.iterdir())]
        (folder / "SHA256SUMS").write_text("\n".join(sums) + "\n", encoding="utf-8")
    return target


@pytest.mark.parametrize(("reader", "source"), IMPORTERS, ids=[reader.__name__ for reader, _ in IMPORTERS])
@pytest.mark.parametrize(
    ("column", "cell", "message"),
    [
        ("value", "12x", "ugyldig tal «12x»"),
        ("Tid", "20x9", "ugyldig år «20x9»"),
        ("ContentsCode", "Personer", "ukjend statistikkvariabel Personer"),
    ],
)
def test_every_importer_rejects_a_bad_cell_with_the_same_message(
    reader: Reader, source: Path, column: str, cell: str, message: str, tmp_path: Path
) -> None:
    path = with_first_row(source, tmp_path, column, cell)
    with pytest.raises(PublishedFileError, match=f"^{path.name}: {message}$"):
        reader(path)


@pytest.mark.parametrize(("read_rows", "source"), [(read_employment_rows, EMPLOYMENT_FILE),
                                                   (read_commuting_rows, COMMUTING_FILE)])
@pytest.mark.parametrize(("cell", "status"), [("..", ".."), ("-", "-"), (":", ":"), ("", "..")])
def test_a_symbol_is_missing_with_its_symbol_never_zero(
    read_rows: Callable[[Path], pd.DataFrame], source: Path, cell: str, status: str, tmp_path: Path
) -> None:
    rows = read_rows(with_first_row(source, tmp_path, "value", cell))
    first = rows.iloc[0]
    assert math.isnan(first["value"]) and first["status"] == status
    assert (rows["status"].iloc[1:] == "").all()


def test_the_rows_keep_the_codes_as_published_with_blanks_stripped(tmp_path: Path) -> None:
    rows = read_commuting_rows(with_first_row(REGION_COMMUTING, tmp_path, "ArbstedKomm", " 0301 "))
    assert rows.iloc[0][["region_code", "region_name", "workplace_code", "workplace_name"]].tolist() == [
        "0615", "0615", "0301", "0301"]
    assert str(rows["period"].dtype) == "int64" and str(rows["value"].dtype) == "float64"
