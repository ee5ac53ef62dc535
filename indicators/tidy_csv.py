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
from indicators.errors import error_message
from indicators.formatting import count_words, format_number
from indicators.i18n import Message, labels
from indicators.model import Dataset, DataShapeError, Provenance, validate_tidy
from indicators.regions import active_region
from indicators.registry import all_indicators

# What is wrong with a file: worded in the language active where the message is shown (i18n.Message).
MESSAGES = labels("tidy_csv.MESSAGES", {
    "unknown_value": "{file}: ukjend verdi i kolonna {column}: «{value}». Lovlege verdiar: {allowed}.",
    "bad_age": "{file}: ugyldig alder «{value}»: bruk heile år 0–{oldest}.",
    "no_total": "{file}: manglar rader med sex = total.",
    "period_outside": "{file}: periode {period} ligg utanfor det kjelda publiserer ({first}–{last}).",
    "infinite": "{file}: «{value}» er ikkje eit tal (uendeleg).",
    "negative": "kan ikkje vere negativt: det er eit tal på personar",
    "fraction": "må vere eit heilt tal: det er eit tal på personar",
    "too_large": "er for stort: eit tal på personar her er høgst {largest}",
    "bad_value": "{file}: verdien {value} for {code} i {year} {why}. Ingenting er endra.",
    "indicator_failed": "Dashbordet kan ikkje bruke tala (indikatoren «{indicator}» feila: {error}). Ingenting er "
                        "endra.",
    "unknown_dataset": "Ukjend datasett «{dataset}». Kjende: {known}.",
    "not_found": "Finn ikkje fila {path}.",
    "is_folder": "{path} er ei mappe, ikkje ei fil.",
    "empty": "{file} er tom: fila har ingen kolonnar eller rader.",
    "not_utf8": "{file} er ikkje ei tekstfil i UTF-8.",
    "not_csv": "{file} kan ikkje lesast som CSV: kolonnane og radene heng ikkje saman.",
    "unreadable": "{file} kan ikkje lesast ({reason}).",
    "unknown_error": "ukjend feil",
    "no_rows": "{file} har ingen rader med tal.",
    "missing_columns": "{file} manglar kolonne(ne): {columns}.",
    "unknown_codes": "{file}: ukjende regionkodar {codes}.",
    "region_sum": "{file}: «{region}» er summen av dei {members} kommunane og blir rekna ut av dashbordet; ta bort "
                  "desse radene.",
    "missing_members": "{file}: manglar tal for {names}. Ei import erstattar heile datasettet, så fila må ha alle "
                       "dei {members} kommunane.",
})


class TidyCsvError(ValueError):
    """A file that cannot be imported; str(exc) says why, in the language active where it is shown."""


def _count_word(count: int) -> Message | str:
    """A small count as a word in the language of the message ("dei seks kommunane"); 13 and up as digits."""
    word = count_words(count)
    return Message(f"common.NUMBER_WORDS.{count}", word) if word != str(count) else word


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
            raise TidyCsvError(MESSAGES.message("unknown_value", file=file_name, column=column, value=unknown[0],
                                                allowed=", ".join(sorted(allowed))))
    if dataset == "population":
        ages = pd.to_numeric(raw["age"], errors="coerce")
        bad = raw.loc[ages.isna() | (ages < 0) | (ages > OLDEST_AGE) | (ages % 1 != 0), "age"]
        if not bad.empty:
            raise TidyCsvError(MESSAGES.message("bad_age", file=file_name, value=bad.iloc[0], oldest=OLDEST_AGE))
        if "total" not in set(raw["sex"]):
            raise TidyCsvError(MESSAGES.message("no_total", file=file_name))
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
        raise TidyCsvError(MESSAGES.message("period_outside", file=file_name,
                                            period=int(bad_period["period"].iloc[0]), first=spec.first_period,
                                            last=last))
    values = frame["value"]
    infinite = values.isin([float("inf"), float("-inf")])
    if infinite.any():
        raise TidyCsvError(MESSAGES.message("infinite", file=file_name, value=values[infinite].iloc[0]))
    if not spec.counts:
        return
    known = values.dropna()
    checks = (
        (known < 0, MESSAGES.message("negative")),
        (known % 1 != 0, MESSAGES.message("fraction")),
        (known > MAX_HEAD_COUNT, MESSAGES.message("too_large", largest=format_number(MAX_HEAD_COUNT))),
    )
    for bad, why in checks:
        if bad.any():
            row = frame.loc[bad[bad].index[0]]
            raise TidyCsvError(MESSAGES.message("bad_value", file=file_name, value=format_number(row["value"], 2),
                                                code=row["region_code"], year=int(row["period"]), why=why))


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
                    MESSAGES.message("indicator_failed", indicator=spec.id, error=error_message(exc))
                ) from exc


def read_tidy_csv(path: str | Path, dataset: str, *, source: str = "Statistisk sentralbyrå",
                  table_id: str | None = None, title: str | None = None) -> Dataset:
    """Read and check a tidy CSV for `dataset`; raises TidyCsvError saying what is wrong."""
    path = Path(path)
    known = _importable()
    if dataset not in known:
        raise TidyCsvError(MESSAGES.message("unknown_dataset", dataset=dataset, known=", ".join(sorted(known))))
    spec = known[dataset]
    try:
        if not path.read_bytes().strip():
            raise pd.errors.EmptyDataError
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, sep=None, engine="python")
    except FileNotFoundError:
        raise TidyCsvError(MESSAGES.message("not_found", path=path)) from None
    except IsADirectoryError:
        raise TidyCsvError(MESSAGES.message("is_folder", path=path)) from None
    except pd.errors.EmptyDataError:
        raise TidyCsvError(MESSAGES.message("empty", file=path.name)) from None
    except UnicodeDecodeError:
        raise TidyCsvError(MESSAGES.message("not_utf8", file=path.name)) from None
    except (pd.errors.ParserError, ValueError, csv.Error):
        raise TidyCsvError(MESSAGES.message("not_csv", file=path.name)) from None
    except OSError as exc:
        reason = exc.strerror or MESSAGES.message("unknown_error")
        raise TidyCsvError(MESSAGES.message("unreadable", file=path.name, reason=reason)) from None
    if raw.empty:
        raise TidyCsvError(MESSAGES.message("no_rows", file=path.name))
    required = ("region_code", "period", "value", *spec.dimensions)
    missing = [c for c in required if c not in raw.columns]
    if missing:
        raise TidyCsvError(MESSAGES.message("missing_columns", file=path.name, columns=", ".join(missing)))
    mapped = raw["region_code"].map(_map_code)
    unknown = sorted(set(raw.loc[mapped.isna(), "region_code"]))
    if unknown and dataset != "commuting":
        raise TidyCsvError(MESSAGES.message("unknown_codes", file=path.name, codes=", ".join(unknown[:10])))
    raw["region_code"] = mapped.fillna(raw["region_code"])
    region = active_region()
    members = _count_word(len(region.members))
    if (raw["region_code"] == region.id).any():
        raise TidyCsvError(MESSAGES.message("region_sum", file=path.name, region=region.id, members=members))
    missing_municipalities = [c for c in region.member_codes if c not in set(raw["region_code"])]
    if missing_municipalities:
        names = ", ".join(region.names[c] for c in missing_municipalities)
        raise TidyCsvError(MESSAGES.message("missing_members", file=path.name, names=names, members=members))
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
