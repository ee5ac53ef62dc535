"""What many tests write the same way is written once per test process (the project's own code, into a private
folder) and copied for each test: every test still gets its own files, for a fraction of the cost (the dataset
writer's validation, CSV or Parquet, checksum and read-back; the follow-up database's migrations)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable, Hashable
from pathlib import Path

_written: dict[Hashable, Path] = {}


def _template(key: Hashable, write: Callable[[Path], object]) -> Path:
    template = _written.get(key)
    if template is None:
        template = Path(tempfile.mkdtemp(prefix="written-once-"))
        atexit.register(shutil.rmtree, template, True)
        write(template)
        _written[key] = template
    return template


def read_only(key: Hashable, write: Callable[[Path], object]) -> Path:
    """The folder `write` wrote once in this process, itself, for tests that only read it (the same path for each,
    so the app's caches keyed on the folder are shared as between a server's sessions); a test that may write
    uses `copy_of`."""
    return _template(key, write)


def copy_of(key: Hashable, write: Callable[[Path], object], folder: Path) -> Path:
    """`folder` with what `write(folder)` would have written there; `key` must name everything `write` depends on."""
    shutil.copytree(_template(key, write), folder, dirs_exist_ok=True)
    return folder


def migrated_sqlite(path: Path) -> str:
    """A SQLite follow-up database at `path`, migrated to the head for the active region, and its URL. The
    migrations depend on nothing but the region's id (migrations/env.py), so it is a copy of one database migrated
    once per test process and region."""
    from indicators.followup import db
    from indicators.regions import active_region

    def migrate(folder: Path) -> None:
        engine = db.make_engine(f"sqlite:///{folder / 'followup.sqlite3'}")
        db.upgrade(engine)
        engine.dispose()  # the last connection closed: the write-ahead log is checkpointed into the file

    shutil.copyfile(_template(("migrated-sqlite", active_region().id), migrate) / "followup.sqlite3", path)
    return f"sqlite:///{path}"
