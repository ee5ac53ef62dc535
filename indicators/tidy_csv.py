"""Import published figures from a tidy CSV (one row per region, period and dimension value).

For figures an analyst has downloaded by hand (from SSB's Statistikkbank, say) when the API is out of reach.
An import replaces the whole dataset, so the file is checked first: every member municipality of the region,
known dimension values, today's codes, plausible values and periods (from the dataset catalogue), and every
indicator that reads the dataset must compute on it.
The CSV needs region_code, period and value; region_name and status are optional; other columns are
dimensions and must match what the dataset already has.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import os
import tempfile
from pathlib import Path

import pandas as pd

from indicators.ages import OLDEST_AGE
from indicators.cache import IMPORT_CHECK_PREFIX, cache_dir, list_datasets, utc_now_iso, write_dataset
from indicators.catalogue import CATALOGUE, MAX_HEAD_COUNT, DatasetSpec, dataset_spec
from indicators.errors import describe_error
from indicators.formatting import count_words, format_number
from indicators.model import Dataset, DataShapeError, Provenance, validate_tidy
from indicators.regions import active_region
from indicators.registry import all_indicators


class TidyCsvError(ValueError):
    pass


def _map_code(code: str) -> str | None:
    region = active_region()
    code = str(code).strip()
    if code in region.names:
        return code
    return region.current_code(code)


def _importable() -> dict[str, DatasetSpec]:
    return {spec.id: spec for spec in CATALOGUE}


def _check_dimensions(raw: pd.DataFrame, dataset: str, file_name: str) -> None:
    """The dimension values the app relies on; raises TidyCsvError naming the first bad value."""
    spec = dataset_spec(dataset)
    for column, allowed in (spec.allowed_values if spec else {}).items():
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
        region = active_region()
        raw["workplace_code"] = raw["workplace_code"].map(lambda c: region.current_code(c) or str(c).strip())


def _check_values_and_periods(frame: pd.DataFrame, spec: DatasetSpec, file_name: str) -> None:
    """Periods within the source's range, counts non-negative whole numbers of a plausible size; raises
    TidyCsvError naming the first bad row. Missing values (empty, with a status symbol) are allowed."""
    last = dt.date.today().year + spec.last_period_ahead
    periods = frame["period"]
    bad_period = frame[(periods < spec.first_period) | (periods > last)]
    if not bad_period.empty:
        raise TidyCsvError(f"{file_name}: periode {int(bad_period['period'].iloc[0])} ligg utanfor det kjelda "
                           f"publiserer ({spec.first_period}–{last}).")
    values = frame["value"]
    infinite = values.isin([float("inf"), float("-inf")])
    if infinite.any():
        raise TidyCsvError(f"{file_name}: «{values[infinite].iloc[0]}» er ikkje eit tal (uendeleg).")
    if not spec.counts:
        return
    known = values.dropna()
    checks = (
        (known < 0, "kan ikkje vere negativt: det er eit tal på personar"),
        (known % 1 != 0, "må vere eit heilt tal: det er eit tal på personar"),
        (known > MAX_HEAD_COUNT, f"er for stort: eit tal på personar her er høgst {format_number(MAX_HEAD_COUNT)}"),
    )
    for bad, why in checks:
        if bad.any():
            row = frame.loc[bad[bad].index[0]]
            value = format_number(row["value"], 2)
            where = f"{row['region_code']} i {int(row['period'])}"
            raise TidyCsvError(f"{file_name}: verdien {value} for {where} {why}. Ingenting er endra.")


def check_with_indicators(dataset: Dataset, directory: str | os.PathLike[str] | None = None) -> None:
    """Compute every indicator that reads this dataset, on a scratch cache holding the candidate beside the
    current other datasets. A frame the app cannot use is rejected here, before it replaces good data."""
    root = cache_dir(directory)
    root.mkdir(parents=True, exist_ok=True)
    name = dataset.provenance.dataset
    # In the cache folder, so that a check killed half-way is swept up by the next write (cache.STALE_STAGING_…);
    # the context manager removes it on every other way out, an indicator's exception included.
    with tempfile.TemporaryDirectory(prefix=IMPORT_CHECK_PREFIX, dir=root) as scratch:
        for other in list_datasets(root):
            if other != name:
                os.symlink((root / other).resolve(), Path(scratch) / other)
        write_dataset(Dataset(dataset.frame.copy(), copy.deepcopy(dataset.provenance)), scratch)
        present = set(list_datasets(scratch))
        for spec in all_indicators().values():
            if name not in spec.datasets or not set(spec.datasets) <= present:
                continue  # not about this dataset, or needs another one this cache does not have
            try:
                spec.compute(region=None, cache_directory=scratch)
            except Exception as exc:  # noqa: BLE001 — any failure means the app could not show the data
                raise TidyCsvError(
                    f"Dashbordet kan ikkje bruke tala (indikatoren «{spec.id}» feila: {describe_error(exc)}). "
                    "Ingenting er endra."
                ) from exc


def read_tidy_csv(path: str | Path, dataset: str, *, source: str = "Statistisk sentralbyrå",
                  table_id: str | None = None, title: str | None = None) -> Dataset:
    """Read and check a tidy CSV for `dataset`; raises TidyCsvError with a Nynorsk message."""
    path = Path(path)
    known = _importable()
    if dataset not in known:
        raise TidyCsvError(f"Ukjend datasett «{dataset}». Kjende: {', '.join(sorted(known))}.")
    spec = known[dataset]
    try:
        if not path.read_bytes().strip():
            raise pd.errors.EmptyDataError
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, sep=None, engine="python")
    except FileNotFoundError:
        raise TidyCsvError(f"Finn ikkje fila {path}.") from None
    except IsADirectoryError:
        raise TidyCsvError(f"{path} er ei mappe, ikkje ei fil.") from None
    except pd.errors.EmptyDataError:
        raise TidyCsvError(f"{path.name} er tom: fila har ingen kolonnar eller rader.") from None
    except UnicodeDecodeError:
        raise TidyCsvError(f"{path.name} er ikkje ei tekstfil i UTF-8.") from None
    except (pd.errors.ParserError, ValueError, csv.Error):
        raise TidyCsvError(f"{path.name} kan ikkje lesast som CSV: kolonnane og radene heng ikkje saman.") from None
    except OSError as exc:
        raise TidyCsvError(f"{path.name} kan ikkje lesast ({exc.strerror or 'ukjend feil'}).") from None
    if raw.empty:
        raise TidyCsvError(f"{path.name} har ingen rader med tal.")
    required = ("region_code", "period", "value", *spec.dimensions)
    missing = [c for c in required if c not in raw.columns]
    if missing:
        raise TidyCsvError(f"{path.name} manglar kolonne(ne): {', '.join(missing)}.")
    mapped = raw["region_code"].map(_map_code)
    unknown = sorted(set(raw.loc[mapped.isna(), "region_code"]))
    if unknown and dataset != "commuting":
        raise TidyCsvError(f"{path.name}: ukjende regionkodar {', '.join(unknown[:10])}.")
    raw["region_code"] = mapped.fillna(raw["region_code"])
    region = active_region()
    members = count_words(len(region.members))
    if (raw["region_code"] == region.id).any():
        raise TidyCsvError(f"{path.name}: «{region.id}» er summen av dei {members} kommunane og blir rekna ut av "
                           "dashbordet; ta bort desse radene.")
    missing_municipalities = [c for c in region.member_codes if c not in set(raw["region_code"])]
    if missing_municipalities:
        names = ", ".join(region.names[c] for c in missing_municipalities)
        raise TidyCsvError(f"{path.name}: manglar tal for {names}. Ei import erstattar heile datasettet, så fila "
                           f"må ha alle dei {members} kommunane.")
    _check_dimensions(raw, dataset, path.name)
    if "region_name" not in raw.columns:
        raw["region_name"] = raw["region_code"].map(lambda c: region.names.get(c, c))
    if "status" not in raw.columns:
        raw["status"] = ""
    raw["value"] = raw["value"].str.replace("\u00a0", "").str.replace(" ", "").str.replace(",", ".")
    columns = ["region_code", "region_name", "period", *spec.dimensions, "value", "status"]
    try:
        frame = validate_tidy(raw[columns])
    except DataShapeError as exc:
        raise TidyCsvError(f"{path.name}: {exc}") from None
    _check_values_and_periods(frame, spec, path.name)
    provenance = Provenance(
        dataset=dataset,
        title=title or dataset,
        source=source,
        table_id=table_id,
        retrieved_at=utc_now_iso(),
        produced_by=f"indicators.tidy_csv.read_tidy_csv({path.name}), importert for hand",
    )
    return Dataset(frame=frame, provenance=provenance)
