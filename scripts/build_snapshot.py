"""Build the committed data_cache/ snapshot from published figures, with the project's own importers.

Run by a developer (not at run time, not by tests):
    python scripts/build_snapshot.py --shared ../shared
It reads only the published extracts described in shared/README.md and writes data_cache/ atomically.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indicators.cache import write_dataset  # noqa: E402
from indicators.model import Dataset  # noqa: E402
from indicators.sources.published_csv import read_population_csdata, read_projection_wide  # noqa: E402
from indicators.sources.ssb_extracts import read_commuting_extract, read_employment_extract  # noqa: E402

# (dataset, file under shared/data/, importer)
SNAPSHOT_INPUTS: list[tuple[str, str, Callable[[Path], Dataset]]] = [
    ("population", "ssb/07459_population_by_sex_age_2005-2026.csv", read_population_csdata),
    ("population_projection", "ssb/14288_population_projection_totals_2000-2050.csv", read_projection_wide),
    ("employment", "ssb/11618_employment_15-74_2017-2022.csv", read_employment_extract),
    ("commuting", "ssb/03321_commuting_2017-2022.csv", read_commuting_extract),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, required=True, help="the shared/ folder with data/")
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("datasets", nargs="*", help="only these datasets (default: all)")
    args = parser.parse_args(argv)
    for name, relative, importer in SNAPSHOT_INPUTS:
        if args.datasets and name not in args.datasets:
            continue
        dataset = importer(args.shared / "data" / relative)
        folder = write_dataset(dataset, args.cache_dir)
        print(f"{name}: {dataset.provenance.row_count} rader -> {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
