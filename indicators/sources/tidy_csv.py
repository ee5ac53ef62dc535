"""Import published figures from a tidy CSV (one row per region, period and dimension value).

For figures an analyst has downloaded by hand (from SSB's Statistikkbank, say) when the API is out of reach.
The CSV needs region_code, period and value; region_name and status are optional; other columns are
dimensions and must match what the dataset already has.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from indicators.cache import utc_now_iso
from indicators.model import Dataset, DataShapeError, Provenance, validate_tidy
from indicators.regions import REGION_NAMES, current_code

# Dimension columns the app expects per dataset.
KNOWN_DATASETS: dict[str, tuple[str, ...]] = {
    "population": ("sex", "age"),
    "population_projection": ("series",),
    "employment": ("measure",),
    "commuting": ("workplace_code", "workplace_name"),
    "jobs_by_industry": ("industry",),
}


class TidyCsvError(ValueError):
    pass


def _map_code(code: str) -> str | None:
    code = str(code).strip()
    if code in REGION_NAMES:
        return code
    return current_code(code)


def read_tidy_csv(path: str | Path, dataset: str, *, source: str = "Statistisk sentralbyrå",
                  table_id: str | None = None, title: str | None = None) -> Dataset:
    """Read and check a tidy CSV for `dataset`; raises TidyCsvError with a Nynorsk message."""
    path = Path(path)
    if dataset not in KNOWN_DATASETS:
        raise TidyCsvError(f"Ukjent datasett «{dataset}». Kjende: {', '.join(sorted(KNOWN_DATASETS))}.")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, sep=None, engine="python")
    except FileNotFoundError:
        raise TidyCsvError(f"Finn ikkje fila {path}.") from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise TidyCsvError(f"{path.name} kan ikkje lesast som CSV: {exc}") from None
    required = ("region_code", "period", "value", *KNOWN_DATASETS[dataset])
    missing = [c for c in required if c not in raw.columns]
    if missing:
        raise TidyCsvError(f"{path.name} manglar kolonne(ne): {', '.join(missing)}.")
    mapped = raw["region_code"].map(_map_code)
    unknown = sorted(set(raw.loc[mapped.isna(), "region_code"]))
    if unknown and dataset != "commuting":
        raise TidyCsvError(f"{path.name}: ukjende regionkodar {', '.join(unknown[:10])}.")
    raw["region_code"] = mapped.fillna(raw["region_code"])
    if "region_name" not in raw.columns:
        raw["region_name"] = raw["region_code"].map(lambda c: REGION_NAMES.get(c, c))
    if "status" not in raw.columns:
        raw["status"] = ""
    raw["value"] = raw["value"].str.replace("\u00a0", "").str.replace(" ", "").str.replace(",", ".")
    columns = ["region_code", "region_name", "period", *KNOWN_DATASETS[dataset], "value", "status"]
    try:
        frame = validate_tidy(raw[columns])
    except DataShapeError as exc:
        raise TidyCsvError(f"{path.name}: {exc}") from None
    provenance = Provenance(
        dataset=dataset,
        title=title or dataset,
        source=source,
        table_id=table_id,
        retrieved_at=utc_now_iso(),
        produced_by=f"indicators.sources.tidy_csv.read_tidy_csv({path.name}), importert for hand",
    )
    return Dataset(frame=frame, provenance=provenance)
