"""Import published figures from a tidy CSV (one row per region, period and dimension value).

For figures an analyst has downloaded by hand (from SSB's Statistikkbank, say) when the API is out of reach.
An import replaces the whole dataset, so the file is checked first: all six municipalities, known dimension
values, today's codes, and every indicator that reads the dataset must compute on it.
The CSV needs region_code, period and value; region_name and status are optional; other columns are
dimensions and must match what the dataset already has.
"""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path

import pandas as pd

from indicators.cache import cache_dir, list_datasets, utc_now_iso, write_dataset
from indicators.model import Dataset, DataShapeError, Provenance, validate_tidy
from indicators.regions import HALLINGDAL, MUNICIPALITY_CODES, REGION_NAMES, current_code
from indicators.registry import all_indicators

# Dimension columns the app expects per dataset.
KNOWN_DATASETS: dict[str, tuple[str, ...]] = {
    "population": ("sex", "age"),
    "population_projection": ("series",),
    "employment": ("measure",),
    "commuting": ("workplace_code", "workplace_name"),
    "jobs_by_industry": ("industry", "industry_name"),
}
# The values a dimension may take, where the app relies on a fixed set.
ALLOWED_VALUES: dict[tuple[str, str], frozenset[str]] = {
    ("population", "sex"): frozenset({"female", "male", "total"}),
    ("population_projection", "series"): frozenset({"projection"}),
    ("employment", "measure"): frozenset({"residents_15_74", "employed_by_residence", "jobs_by_workplace"}),
}
OLDEST_AGE = 105


class TidyCsvError(ValueError):
    pass


def _map_code(code: str) -> str | None:
    code = str(code).strip()
    if code in REGION_NAMES:
        return code
    return current_code(code)


def _check_dimensions(raw: pd.DataFrame, dataset: str, file_name: str) -> None:
    """The dimension values the app relies on; raises TidyCsvError naming the first bad value."""
    for (name, column), allowed in ALLOWED_VALUES.items():
        if name == dataset:
            unknown = sorted(set(raw[column]) - allowed)
            if unknown:
                raise TidyCsvError(f"{file_name}: ukjend verdi i kolonna {column}: «{unknown[0]}». "
                                   f"Lovlege verdiar: {', '.join(sorted(allowed))}.")
    if dataset == "population":
        ages = pd.to_numeric(raw["age"], errors="coerce")
        bad = raw.loc[ages.isna() | (ages < 0) | (ages > OLDEST_AGE) | (ages % 1 != 0), "age"]
        if not bad.empty:
            raise TidyCsvError(f"{file_name}: ugyldig alder «{bad.iloc[0]}»: bruk heile år 0–{OLDEST_AGE}.")
        if "total" not in set(raw["sex"]):
            raise TidyCsvError(f"{file_name}: manglar rader med sex = total.")
    if dataset == "commuting":
        # the workplace side must use today's codes too, or a flow to Gol (0617) looks like one out of the region
        raw["workplace_code"] = raw["workplace_code"].map(lambda c: current_code(c) or str(c).strip())


def check_with_indicators(dataset: Dataset, directory: str | os.PathLike[str] | None = None) -> None:
    """Compute every indicator that reads this dataset, on a scratch cache holding the candidate beside the
    current other datasets. A frame the app cannot use is rejected here, before it replaces good data."""
    root = cache_dir(directory)
    name = dataset.provenance.dataset
    with tempfile.TemporaryDirectory(prefix="import-check-") as scratch:
        for other in list_datasets(root):
            if other != name:
                os.symlink(root / other, Path(scratch) / other)
        write_dataset(Dataset(dataset.frame.copy(), copy.deepcopy(dataset.provenance)), scratch)
        present = set(list_datasets(scratch))
        for spec in all_indicators().values():
            if name not in spec.datasets or not set(spec.datasets) <= present:
                continue  # not about this dataset, or needs another one this cache does not have
            try:
                spec.compute(region=None, cache_directory=scratch)
            except Exception as exc:  # noqa: BLE001 — any failure means the app could not show the data
                raise TidyCsvError(
                    f"Dashbordet kan ikkje bruke tala (indikatoren «{spec.id}» feila: {exc}). Ingenting er endra."
                ) from exc


def read_tidy_csv(path: str | Path, dataset: str, *, source: str = "Statistisk sentralbyrå",
                  table_id: str | None = None, title: str | None = None) -> Dataset:
    """Read and check a tidy CSV for `dataset`; raises TidyCsvError with a Nynorsk message."""
    path = Path(path)
    if dataset not in KNOWN_DATASETS:
        raise TidyCsvError(f"Ukjend datasett «{dataset}». Kjende: {', '.join(sorted(KNOWN_DATASETS))}.")
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
    if (raw["region_code"] == HALLINGDAL).any():
        raise TidyCsvError(f"{path.name}: «{HALLINGDAL}» er summen av dei seks kommunane og blir rekna ut av "
                           "dashbordet; ta bort desse radene.")
    missing_municipalities = sorted(set(MUNICIPALITY_CODES) - set(raw["region_code"]))
    if missing_municipalities:
        names = ", ".join(REGION_NAMES[c] for c in missing_municipalities)
        raise TidyCsvError(f"{path.name}: manglar tal for {names}. Ei import erstattar heile datasettet, så fila "
                           "må ha alle seks kommunane.")
    _check_dimensions(raw, dataset, path.name)
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
