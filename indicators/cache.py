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
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from indicators import settings
from indicators.model import Dataset, Provenance, frame_checksum, validate_tidy

DEFAULT_CACHE_DIR = Path(__file__).resolve().parent.parent / "data_cache"
# Where a function reads the cache from: None = the configured cache folder (see cache_dir).
CacheDirectory = str | os.PathLike[str] | None

DATA_FILE = "data.csv"
MANIFEST_FILE = "manifest.json"


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
        _recover(root, name)
        staging = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".tmp", dir=root))
        staging.chmod(0o755)  # mkdtemp makes it private; the cache is meant to be readable
        try:
            frame.to_csv(staging / DATA_FILE, index=False)
            with open(staging / MANIFEST_FILE, "w", encoding="utf-8") as fh:
                json.dump(provenance.to_dict(), fh, ensure_ascii=False, indent=2)
                fh.write("\n")
            # Read back before swapping in: what we committed must load.
            _read_folder(staging)
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


def _read_folder(folder: Path) -> Dataset:
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
    except (OSError, ValueError) as exc:
        raise CacheError(f"Datasettet i {folder} kan ikkje lesast: {exc}") from exc
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    for column in frame.columns:
        if column not in ("period", "value"):
            frame[column] = frame[column].astype(object)
    if provenance.checksum and frame_checksum(frame) != provenance.checksum:
        raise CacheError(f"Datasettet i {folder} stemmer ikkje med kontrollsummen i manifest.json")
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
        raise CacheError(f"Datasettet i {folder} kan ikkje lesast: {exc}") from exc
    key = folder.resolve()
    cached = _memo.get(key)
    if cached is None or cached[0] != stamp:
        cached = (stamp, _read_folder(folder))
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
    except (OSError, ValueError, TypeError) as exc:
        raise CacheError(f"manifest.json for datasettet «{name}» er skadd ({exc}). Køyr "
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
