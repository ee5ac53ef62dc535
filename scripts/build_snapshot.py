"""Build the committed data_cache/ snapshot from published figures, with the project's own importers.

Run by a developer (not at run time, not by tests):
    python scripts/build_snapshot.py --shared ../shared
It reads only the published extracts described in shared/README.md and writes data_cache/ atomically.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indicators import settings  # noqa: E402
from indicators.cache import write_dataset  # noqa: E402
from indicators.catalogue import CATALOGUE  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, required=True, help="the shared/ folder with data/")
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("datasets", nargs="*", help="only these datasets (default: all)")
    args = parser.parse_args(argv)
    if args.cache_dir is not None:  # importers that consult the code table read it from the cache being built
        os.environ[settings.CACHE_DIR] = str(args.cache_dir)
    for spec in CATALOGUE:
        if spec.snapshot_file is None or spec.snapshot_reader is None:
            continue  # no published file: the dataset comes only from a refresh or an import
        name = spec.id
        if args.datasets and name not in args.datasets:
            continue
        dataset = spec.snapshot_reader(args.shared / "data" / spec.snapshot_file)
        folder = write_dataset(dataset, args.cache_dir)
        print(f"{name}: {dataset.provenance.row_count} rader -> {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
