"""Datasets that many tests write the same way are written once per test process (the project's own writer, into
a private folder) and copied into each test's folder: every test still gets its own files, for a fraction of the
writer's cost (validation, CSV or Parquet, checksum, read-back)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable, Hashable
from pathlib import Path

_written: dict[Hashable, Path] = {}


def copy_of(key: Hashable, write: Callable[[Path], object], folder: Path) -> Path:
    """`folder` with what `write(folder)` would have written there; `key` must name everything `write` depends on."""
    template = _written.get(key)
    if template is None:
        template = Path(tempfile.mkdtemp(prefix="written-once-"))
        atexit.register(shutil.rmtree, template, True)
        write(template)
        _written[key] = template
    shutil.copytree(template, folder, dirs_exist_ok=True)
    return folder
