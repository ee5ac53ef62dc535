"""The local data cache the app reads: one folder per dataset with data.csv (or data.parquet) and manifest.json.

A write builds the new folder beside the old one and swaps it in with renames, so a failed refresh or
import never leaves a half-written or emptied dataset: either the old data or the new data is there.

Tables of every municipality (population by one-year age, commuting flows: millions of rows) are stored as
Parquet, sorted by region, and a view reads only the rows of the regions it shows (`read_dataset(...,
regions=…)`: pyarrow skips the row groups of other regions). Their manifest's checksum is the file's SHA-256,
checked once per process and file version; a CSV dataset's is the checksum of its rows, as before.
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from indicators import settings
from indicators.errors import UNEXPECTED, error_message
from indicators.i18n import Message, labels
from indicators.model import Dataset, Provenance, frame_checksum, validate_tidy

# Arrow's bundled allocator (mimalloc) keeps freed buffers for reuse, a share in each of the app server's short-lived
# script threads; the C library's gives the decoded row groups back (and release_unused() trims its heap): ~6 MB less
# server memory after every page once (bench/README.md, issue 23). Set here, before any Parquet read of the process.
pa.set_memory_pool(pa.system_memory_pool())

DEFAULT_CACHE_DIR = Path(__file__).resolve().parent.parent / "data_cache"
# Where a function reads the cache from: None = the configured cache folder (see cache_dir).
CacheDirectory = str | os.PathLike[str] | None

DATA_FILE = "data.csv"
PARQUET_FILE = "data.parquet"
MANIFEST_FILE = "manifest.json"
# A frame this long is written as Parquet (every municipality); smaller ones stay CSV, readable in a diff.
PARQUET_MIN_ROWS = 100_000
PARQUET_ROW_GROUP = 16_384  # small groups: a view of a few regions reads few of them
# Scratch folders a writer (`.population.<rand>.tmp`) or an import check (`.import-check-<rand>`) makes in the
# cache folder; one older than this was left by a process that died, and the next writer removes it.
STAGING_SUFFIX = ".tmp"
IMPORT_CHECK_PREFIX = ".import-check-"
STALE_STAGING_MINUTES = 30
# Why a dataset cannot be used: worded in the language active where the message is shown (i18n.Message).
MESSAGES = labels("cache.MESSAGES", {
    "damaged": "Datasettet «{name}» er skadd: {problem} Køyr `python -m indicators refresh {name}` (eller importer "
               "fila på nytt), eller hent data_cache/{name} frå git på nytt.",
    "unreadable": "Filene kan ikkje lesast ({reason}).",
    "not_as_written": "innhaldet er ikkje slik dashbordet skreiv det",
    "no_checksum": "{file} har ingen kontrollsum, så dataa kan ikkje kontrollerast.",
    "checksum": "{file} stemmer ikkje med kontrollsummen i manifest.json (fila er endra etter at ho vart lagra).",
    "no_columns": "{file} manglar kolonna «value» eller «period».",
    "missing": "Datasettet «{name}» finst ikkje i {folder}. Køyr `python -m indicators refresh {name}`.",
    "manifest": "manifest.json for datasettet «{name}» er skadd ({reason}). Køyr `python -m indicators refresh "
                "{name}` eller hent fila frå git på nytt.",
})
UNREADABLE = MESSAGES.message("not_as_written")


class CacheError(RuntimeError):
    """The cache is missing a dataset or holds a damaged one."""


def cache_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The cache folder: an explicit override, else $DASHBOARD_CACHE_DIR, else the repo's data_cache/."""
    if override is not None:
        return Path(override)
    env = settings.env(settings.CACHE_DIR)
    return Path(env) if env else DEFAULT_CACHE_DIR


def utc_now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _dtype_for(column: str) -> str | None:
    # object, not "string": the parser then makes one Python string per distinct text (its own table of them)
    # instead of an Arrow string array to convert cell by cell (a CSV of every municipality took ~5 MB more)
    return None if column in ("period", "value") else "object"


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Sorted by region (stable), so a filter on region codes skips the other regions' row groups."""
    ordered = frame.sort_values("region_code", kind="stable", ignore_index=True)
    table = pa.Table.from_pandas(ordered, preserve_index=False)
    pq.write_table(table, path, compression="zstd", row_group_size=PARQUET_ROW_GROUP, write_statistics=True)


def write_dataset(
    dataset: Dataset, directory: str | os.PathLike[str] | None = None, storage: str | None = None
) -> Path:
    """Validate and store a dataset atomically; returns its folder. Raises before touching old data.

    storage: "csv" or "parquet"; None = Parquet for a frame of PARQUET_MIN_ROWS rows or more, else CSV."""
    root = cache_dir(directory)
    root.mkdir(parents=True, exist_ok=True)
    frame = validate_tidy(dataset.frame)
    provenance = dataset.provenance
    provenance.row_count = len(frame)
    parquet = storage == "parquet" or (storage is None and len(frame) >= PARQUET_MIN_ROWS)
    provenance.data_file = PARQUET_FILE if parquet else DATA_FILE
    provenance.checksum = "" if parquet else frame_checksum(frame)
    if not provenance.retrieved_at:
        provenance.retrieved_at = utc_now_iso()

    name = provenance.dataset
    target = root / name
    with _writer_lock(root):
        _remove_stale_staging(root)
        _recover(root, name)
        staging = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".tmp", dir=root))
        staging.chmod(0o755)  # mkdtemp makes it private; the cache is meant to be readable
        try:
            if parquet:
                _write_parquet(frame, staging / PARQUET_FILE)
                provenance.checksum = file_checksum(staging / PARQUET_FILE)
            else:
                frame.to_csv(staging / DATA_FILE, index=False)
            with open(staging / MANIFEST_FILE, "w", encoding="utf-8") as fh:
                json.dump(provenance.to_dict(), fh, ensure_ascii=False, indent=2)
                fh.write("\n")
            # Read back before swapping in: what we committed must load.
            _read_folder(staging, name)
            retired = root / f".{name}.old"
            if retired.exists():
                shutil.rmtree(retired)
            if target.exists():
                os.replace(target, retired)
            os.replace(staging, target)
            if retired.exists():
                shutil.rmtree(retired)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            _recover(root, name)
            raise
    return target


@contextlib.contextmanager
def _writer_lock(root: Path) -> Iterator[None]:
    """One writer at a time per cache folder (the app's import and a CLI refresh may run together).

    Readers never take it and never rename anything: between a writer's two renames they read the
    retired copy instead (see `_live_folder`)."""
    with open(root / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _is_staging(path: Path) -> bool:
    return path.name.startswith(IMPORT_CHECK_PREFIX) or (
        path.name.startswith(".") and path.name.endswith(STAGING_SUFFIX)
    )


def _remove_stale_staging(root: Path, older_than_minutes: float = STALE_STAGING_MINUTES) -> list[str]:
    """Remove scratch folders older than the limit that a killed writer or import check left (under the lock)."""
    limit = time.time() - older_than_minutes * 60
    removed = []
    for path in root.iterdir() if root.exists() else ():
        try:
            stale = path.is_dir() and not path.is_symlink() and _is_staging(path) and path.stat().st_mtime < limit
        except OSError:
            continue  # gone meanwhile
        if stale:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed


def remove_stale_staging(
    directory: CacheDirectory = None, older_than_minutes: float = STALE_STAGING_MINUTES
) -> list[str]:
    """Remove half-written scratch folders older than `older_than_minutes` from the cache folder, under the
    writer's lock (a refresh calls it first; every write does it too). Returns the names removed."""
    root = cache_dir(directory)
    if not root.exists():
        return []
    with _writer_lock(root):
        return _remove_stale_staging(root, older_than_minutes)


def _recover(root: Path, name: str) -> None:
    """If a swap was interrupted between its two renames, put the old data back (writers only)."""
    target, retired = root / name, root / f".{name}.old"
    if not target.exists() and retired.exists():
        os.replace(retired, target)


def _data_path(folder: Path) -> Path:
    """The folder's data file: data.parquet where there is one, else data.csv (which may not exist)."""
    parquet = folder / PARQUET_FILE
    return parquet if parquet.exists() else folder / DATA_FILE


def _has_data(folder: Path) -> bool:
    return (folder / DATA_FILE).exists() or (folder / PARQUET_FILE).exists()


def _live_folder(root: Path, name: str) -> Path:
    """The folder that holds a dataset now: normally root/name, for a moment during a swap the retired copy."""
    target = root / name
    if _has_data(target):
        return target
    retired = root / f".{name}.old"
    return retired if _has_data(retired) else target


def _damaged(name: str, problem: Message) -> CacheError:
    return CacheError(MESSAGES.message("damaged", name=name, problem=problem))


def _unreadable(exc: BaseException, fallback: Message | str = UNREADABLE) -> Message:
    return MESSAGES.message("unreadable", reason=error_message(exc, fallback))


def _read_manifest_file(folder: Path) -> Provenance:
    with open(folder / MANIFEST_FILE, encoding="utf-8") as fh:
        return Provenance.from_dict(json.load(fh))


def _row_groups(metadata: pq.FileMetaData, regions: tuple[str, ...] | None, columns: tuple[str, ...]) -> list[int]:
    """The row groups that may hold a wanted region: by the min/max statistics of the region columns (the file is
    sorted by region_code, so a view of a few regions reads a few groups)."""
    every = list(range(metadata.num_row_groups))
    if regions is None:
        return every
    names = [metadata.schema.column(i).name for i in range(metadata.num_columns)]
    positions = [names.index(column) for column in columns if column in names]
    wanted = sorted(regions)
    needed = []
    for group in every:
        for position in positions:
            stats = metadata.row_group(group).column(position).statistics
            if stats is None or not stats.has_min_max or any(stats.min <= code <= stats.max for code in wanted):
                needed.append(group)
                break
    return needed


def _compact(frame: pd.DataFrame) -> pd.DataFrame:
    """A Parquet read as the memo keeps it: every text column categorical (a few hundred distinct codes and names
    instead of one Python string per cell: the population rows of the default view took ~15 MB as separate
    strings). A CSV read needs no such step: the parser makes one string object per distinct text."""
    return frame.astype({column: "category" for column in frame.columns if column not in ("period", "value")})


def _expanded(frame: pd.DataFrame) -> pd.DataFrame:
    """A new frame with the column types every reader gets: period int, value float, everything else Python strings
    (objects shared with the categories, so a copy costs a pointer per cell)."""
    out = frame.copy(deep=False)
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            out[column] = frame[column].astype(object)
    return out


_verified: dict[tuple[Path, tuple[int, ...]], str] = {}


def _verify_parquet(folder: Path, name: str, provenance: Provenance, stamp: tuple[int, ...] | None) -> None:
    """The Parquet file is the one the manifest describes (its SHA-256), checked once per file version."""
    path = folder / PARQUET_FILE
    if not provenance.checksum:
        raise _damaged(name, MESSAGES.message("no_checksum", file=MANIFEST_FILE))
    key = (folder.resolve(), stamp) if stamp is not None else None
    if key is not None and _verified.get(key) == provenance.checksum:
        return
    try:
        actual = file_checksum(path)
    except OSError as exc:
        raise _damaged(name, _unreadable(exc)) from exc
    if actual != provenance.checksum:
        raise _damaged(name, MESSAGES.message("checksum", file=PARQUET_FILE))
    try:
        schema = pq.read_schema(path)
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise _damaged(name, _unreadable(exc)) from exc
    if "value" not in schema.names or "period" not in schema.names:
        raise _damaged(name, MESSAGES.message("no_columns", file=PARQUET_FILE))
    if key is not None:
        _verified[key] = provenance.checksum


def _read_parquet(folder: Path, name: str, regions: tuple[str, ...] | None,
                  region_columns: tuple[str, ...]) -> pd.DataFrame:
    """The rows of `regions` (in any of `region_columns`; None: every row), reading only the row groups that may
    hold them, on one thread (a view's few groups gain nothing from more, and each thread keeps memory). Text
    columns are read as the file stores them, dictionary-encoded, and come back categorical (see `_compact`)."""
    path = folder / PARQUET_FILE
    try:
        metadata = pq.read_metadata(path)
        text = [field.name for field in metadata.schema.to_arrow_schema()
                if pa.types.is_string(field.type) or pa.types.is_large_string(field.type)]
        handle = pq.ParquetFile(path, metadata=metadata, read_dictionary=text)
        table = handle.read_row_groups(_row_groups(handle.metadata, regions, region_columns), use_threads=False)
        frame = table.to_pandas(use_threads=False)
        del table
        pa.default_memory_pool().release_unused()  # give the decoded row groups back, not keep them for later
    except (OSError, ValueError, KeyError, pa.ArrowException) as exc:
        raise _damaged(name, _unreadable(exc)) from exc
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    frame["period"] = frame["period"].astype("int64")
    return _compact(frame if regions is None else _filtered(frame, regions, region_columns))


def _read_folder(folder: Path, name: str, verify: bool = True, regions: tuple[str, ...] | None = None,
                 region_columns: tuple[str, ...] = ("region_code",), stamp: tuple[int, ...] | None = None) -> Dataset:
    try:
        provenance = _read_manifest_file(folder)
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        raise _damaged(name, _unreadable(exc)) from exc
    if (folder / PARQUET_FILE).exists():
        if verify:
            _verify_parquet(folder, name, provenance, stamp)
        return Dataset(frame=_read_parquet(folder, name, regions, region_columns), provenance=provenance)
    try:
        header = pd.read_csv(folder / DATA_FILE, nrows=0).columns
        frame = pd.read_csv(
            folder / DATA_FILE,
            dtype={c: _dtype_for(c) for c in header if _dtype_for(c)},
            keep_default_na=False,
            na_values={"value": [""]},
        )
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        raise _damaged(name, _unreadable(exc)) from exc
    if "value" not in frame.columns or "period" not in frame.columns:
        raise _damaged(name, MESSAGES.message("no_columns", file=DATA_FILE))
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    if not provenance.checksum:
        # without a checksum nothing shows that data.csv is the file the manifest describes
        raise _damaged(name, MESSAGES.message("no_checksum", file=MANIFEST_FILE))
    if frame_checksum(frame) != provenance.checksum:
        raise _damaged(name, MESSAGES.message("checksum", file=DATA_FILE))
    return Dataset(frame=frame, provenance=provenance)


_memo: dict[Path, tuple[tuple[int, ...], Dataset]] = {}
# Parquet reads of a few regions, the latest first out: (folder, file version, regions, columns) -> dataset
_parquet_memo: OrderedDict[tuple[Path, tuple[int, ...], tuple[str, ...] | None, tuple[str, ...]], Dataset] = (
    OrderedDict())
PARQUET_MEMO_SIZE = 12


def _filtered(frame: pd.DataFrame, regions: tuple[str, ...] | None, columns: tuple[str, ...]) -> pd.DataFrame:
    """The rows whose code in any of `columns` is one of `regions` (None: every row), as a new frame."""
    if regions is None:
        return frame.copy()
    wanted = set(regions)
    keep = pd.Series(False, index=frame.index)
    for column in columns:
        keep |= frame[column].isin(wanted)
    return frame[keep].reset_index(drop=True)


def read_dataset(
    name: str,
    directory: str | os.PathLike[str] | None = None,
    regions: Iterable[str] | None = None,
    region_columns: tuple[str, ...] = ("region_code",),
) -> Dataset:
    """Load a dataset from the cache; raises CacheError (Nynorsk message) if it is missing or damaged.

    regions: only the rows whose code in any of `region_columns` is one of these (None: every row). A Parquet
    dataset reads only those rows from disk; a CSV one is read whole and filtered.
    Parsed datasets are remembered per process until their files change (Parquet reads compactly, see `_compact`);
    callers get a copy.
    """
    root = cache_dir(directory)
    folder = _live_folder(root, name)
    if not _has_data(folder):
        raise CacheError(MESSAGES.message("missing", name=name, folder=root))
    wanted = None if regions is None else tuple(sorted(set(regions)))
    try:
        data_stat, manifest_stat = _data_path(folder).stat(), (folder / MANIFEST_FILE).stat()
        stamp = (data_stat.st_mtime_ns, data_stat.st_size, manifest_stat.st_mtime_ns, manifest_stat.st_ino)
    except OSError as exc:
        raise _damaged(name, _unreadable(exc, UNEXPECTED)) from exc
    key = folder.resolve()
    if (folder / PARQUET_FILE).exists():
        memo_key = (key, stamp, wanted, region_columns)
        dataset = _parquet_memo.get(memo_key)
        if dataset is None:
            dataset = _read_folder(folder, name, regions=wanted, region_columns=region_columns, stamp=stamp)
            _parquet_memo[memo_key] = dataset
            while len(_parquet_memo) > PARQUET_MEMO_SIZE:
                _parquet_memo.popitem(last=False)
        else:
            _parquet_memo.move_to_end(memo_key)
        return Dataset(frame=_expanded(dataset.frame), provenance=copy.deepcopy(dataset.provenance))
    cached = _memo.get(key)
    if cached is None or cached[0] != stamp:
        cached = (stamp, _read_folder(folder, name))
        _memo[key] = cached
    dataset = cached[1]
    return Dataset(frame=_filtered(dataset.frame, wanted, region_columns), provenance=copy.deepcopy(dataset.provenance))


def verify_dataset(name: str, directory: CacheDirectory = None) -> None:
    """Raises CacheError when a dataset cannot be used: a CSV one is read as a page would read it, a Parquet one
    has its file checked against the manifest's checksum (without loading every municipality's rows)."""
    folder = _live_folder(cache_dir(directory), name)
    if (folder / PARQUET_FILE).exists():
        try:
            provenance = _read_manifest_file(folder)
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            raise _damaged(name, _unreadable(exc)) from exc
        _verify_parquet(folder, name, provenance, None)
        return
    read_dataset(name, directory)


def has_dataset(name: str, directory: str | os.PathLike[str] | None = None) -> bool:
    return _has_data(cache_dir(directory) / name)


def read_manifest(name: str, directory: str | os.PathLike[str] | None = None) -> Provenance | None:
    """A dataset's provenance, None if the dataset is not there; CacheError if the manifest is damaged."""
    path = _live_folder(cache_dir(directory), name) / MANIFEST_FILE
    try:
        with open(path, encoding="utf-8") as fh:
            return Provenance.from_dict(json.load(fh))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        raise CacheError(MESSAGES.message("manifest", name=name, reason=error_message(exc, UNREADABLE))) from exc


def manifests(datasets: Iterable[str], directory: str | os.PathLike[str] | None = None) -> list[Provenance]:
    """The provenance of each named dataset that is in the cache (missing ones left out): the one lookup
    every chart, export and report uses for its source line."""
    return [m for m in (read_manifest(name, directory) for name in datasets) if m is not None]


def list_datasets(directory: str | os.PathLike[str] | None = None) -> list[str]:
    root = cache_dir(directory)
    if not root.exists():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def dataset_problems(directory: CacheDirectory = None) -> dict[str, str]:
    """Every dataset in the cache that cannot be used, with why (Nynorsk): manifest, data file and checksum are
    checked as a page would read them. Empty when the whole cache is sound (`status` exits non-zero otherwise)."""
    problems: dict[str, str] = {}
    for name in list_datasets(directory):
        try:
            verify_dataset(name, directory)
        except CacheError as exc:
            problems[name] = str(exc)
    return problems
