"""The local data cache the app reads: one folder per dataset with data.csv and manifest.json.

A write builds the new folder beside the old one and swaps it in with renames, so a failed refresh or
import never leaves a half-written or emptied dataset: either the old data or the new data is there.
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from indicators import settings
from indicators.errors import describe_error
from indicators.model import Dataset, Provenance, frame_checksum, validate_tidy

DEFAULT_CACHE_DIR = Path(__file__).resolve().parent.parent / "data_cache"
# Where a function reads the cache from: None = the configured cache folder (see cache_dir).
CacheDirectory = str | os.PathLike[str] | None

DATA_FILE = "data.csv"
MANIFEST_FILE = "manifest.json"
# Scratch folders a writer (`.population.<rand>.tmp`) or an import check (`.import-check-<rand>`) makes in the
# cache folder; one older than this was left by a process that died, and the next writer removes it.
STAGING_SUFFIX = ".tmp"
IMPORT_CHECK_PREFIX = ".import-check-"
STALE_STAGING_MINUTES = 30
UNREADABLE = "innhaldet er ikkje slik dashbordet skreiv det"


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
    return None if column in ("period", "value") else "string"


def write_dataset(dataset: Dataset, directory: str | os.PathLike[str] | None = None) -> Path:
    """Validate and store a dataset atomically; returns its folder. Raises before touching old data."""
    root = cache_dir(directory)
    root.mkdir(parents=True, exist_ok=True)
    frame = validate_tidy(dataset.frame)
    provenance = dataset.provenance
    provenance.row_count = len(frame)
    provenance.checksum = frame_checksum(frame)
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


def _live_folder(root: Path, name: str) -> Path:
    """The folder that holds a dataset now: normally root/name, for a moment during a swap the retired copy."""
    target = root / name
    if (target / DATA_FILE).exists():
        return target
    retired = root / f".{name}.old"
    return retired if (retired / DATA_FILE).exists() else target


def _damaged(name: str, problem: str) -> CacheError:
    return CacheError(f"Datasettet «{name}» er skadd: {problem} Køyr `python -m indicators refresh {name}` "
                      f"(eller importer fila på nytt), eller hent data_cache/{name} frå git på nytt.")


def _read_folder(folder: Path, name: str) -> Dataset:
    try:
        with open(folder / MANIFEST_FILE, encoding="utf-8") as fh:
            provenance = Provenance.from_dict(json.load(fh))
        header = pd.read_csv(folder / DATA_FILE, nrows=0).columns
        frame = pd.read_csv(
            folder / DATA_FILE,
            dtype={c: _dtype_for(c) for c in header if _dtype_for(c)},
            keep_default_na=False,
            na_values={"value": [""]},
        )
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        raise _damaged(name, f"Filene kan ikkje lesast ({describe_error(exc, UNREADABLE)}).") from exc
    if "value" not in frame.columns or "period" not in frame.columns:
        raise _damaged(name, f"{DATA_FILE} manglar kolonna «value» eller «period».")
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    for column in frame.columns:
        if column not in ("period", "value"):
            frame[column] = frame[column].astype(object)
    if not provenance.checksum:
        # without a checksum nothing shows that data.csv is the file the manifest describes
        raise _damaged(name, f"{MANIFEST_FILE} har ingen kontrollsum, så dataa kan ikkje kontrollerast.")
    if frame_checksum(frame) != provenance.checksum:
        raise _damaged(name, f"{DATA_FILE} stemmer ikkje med kontrollsummen i manifest.json (fila er "
                             "endra etter at ho vart lagra).")
    return Dataset(frame=frame, provenance=provenance)


_memo: dict[Path, tuple[tuple[int, ...], Dataset]] = {}


def read_dataset(name: str, directory: str | os.PathLike[str] | None = None) -> Dataset:
    """Load a dataset from the cache; raises CacheError (Nynorsk message) if it is missing or damaged.

    Parsed datasets are remembered per process until their files change; callers get a copy.
    """
    root = cache_dir(directory)
    folder = _live_folder(root, name)
    if not (folder / DATA_FILE).exists():
        raise CacheError(f"Datasettet «{name}» finst ikkje i {root}. Køyr `python -m indicators refresh {name}`.")
    try:
        data_stat, manifest_stat = (folder / DATA_FILE).stat(), (folder / MANIFEST_FILE).stat()
        stamp = (data_stat.st_mtime_ns, data_stat.st_size, manifest_stat.st_mtime_ns, manifest_stat.st_ino)
    except OSError as exc:
        raise _damaged(name, f"Filene kan ikkje lesast ({describe_error(exc)}).") from exc
    key = folder.resolve()
    cached = _memo.get(key)
    if cached is None or cached[0] != stamp:
        cached = (stamp, _read_folder(folder, name))
        _memo[key] = cached
    dataset = cached[1]
    return Dataset(frame=dataset.frame.copy(), provenance=copy.deepcopy(dataset.provenance))


def has_dataset(name: str, directory: str | os.PathLike[str] | None = None) -> bool:
    return (cache_dir(directory) / name / DATA_FILE).exists()


def read_manifest(name: str, directory: str | os.PathLike[str] | None = None) -> Provenance | None:
    """A dataset's provenance, None if the dataset is not there; CacheError if the manifest is damaged."""
    path = _live_folder(cache_dir(directory), name) / MANIFEST_FILE
    try:
        with open(path, encoding="utf-8") as fh:
            return Provenance.from_dict(json.load(fh))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        raise CacheError(f"manifest.json for datasettet «{name}» er skadd ({describe_error(exc, UNREADABLE)}). Køyr "
                         f"`python -m indicators refresh {name}` eller hent fila frå git på nytt.") from exc


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
            read_dataset(name, directory)
        except CacheError as exc:
            problems[name] = str(exc)
    return problems
