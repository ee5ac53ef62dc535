"""The one tidy data shape every series uses, and its provenance record."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from indicators.i18n import Message, labels

# Every dataset is a long table with these columns, plus optional dimension columns (sex, age, sector …)
# between `period` and `value`. `period` is an int year for annual data. `value` is float with NaN where
# the source has no number; `status` then carries SSB's symbol (".." not available, "." not applicable …).
CORE_COLUMNS: tuple[str, ...] = ("region_code", "region_name", "period", "value", "status")

SSB_ATTRIBUTION = "Kjelde: Statistisk sentralbyrå"
SSB_LICENCE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"


class DataShapeError(ValueError):
    """A frame that does not have the tidy shape."""


@dataclass
class Provenance:
    """Where a dataset came from: enough to find the published table again."""

    dataset: str
    title: str
    source: str  # "Statistisk sentralbyrå" / "Miljødirektoratet" / …
    table_id: str | None = None
    query: dict[str, Any] | None = None
    source_updated: str | None = None  # the source's own last-updated stamp (ISO), e.g. SSB `updated`
    retrieved_at: str | None = None  # when the figures were fetched or imported (ISO, UTC)
    licence: str = SSB_LICENCE
    attribution: str = SSB_ATTRIBUTION
    produced_by: str = ""  # how the snapshot was produced: importer + input file
    url: str | None = None
    notes: list[str] = field(default_factory=list)
    row_count: int = 0
    checksum: str = ""  # data.csv: of the frame's CSV form; data.parquet: of the file (see indicators.cache)
    extra: dict[str, Any] = field(default_factory=dict)
    data_file: str = "data.csv"  # data.csv, or data.parquet for the tables of every municipality

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Provenance:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class Dataset:
    frame: pd.DataFrame
    provenance: Provenance


def validate_tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Check and normalise the tidy shape: core columns present, types set, no duplicate keys."""
    missing = [c for c in CORE_COLUMNS if c not in frame.columns]
    if missing:
        raise DataShapeError(f"Manglar kolonne(r): {', '.join(missing)}")
    out = frame.copy()
    out["region_code"] = out["region_code"].astype(str)
    out["region_name"] = out["region_name"].astype(str)
    periods = pd.to_numeric(out["period"], errors="coerce")
    if periods.isna().any():
        bad = out.loc[periods.isna(), "period"].iloc[0]
        raise DataShapeError(f"Ugyldig periode «{bad}»: venta eit årstal")
    out["period"] = periods.astype("int64")
    values = pd.to_numeric(out["value"], errors="coerce")
    bad_values = values.isna() & out["value"].notna() & (out["value"].astype(str).str.strip() != "")
    if bad_values.any():
        bad = out.loc[bad_values, "value"].iloc[0]
        raise DataShapeError(f"Ugyldig tal «{bad}» i kolonna value")
    out["value"] = values.astype("float64")
    out["status"] = out["status"].fillna("").astype(str)
    keys = [c for c in out.columns if c not in ("value", "status", "region_name")]
    duplicated = out.duplicated(subset=keys, keep=False)
    if duplicated.any():
        example = out.loc[duplicated, keys].iloc[0].to_dict()
        raise DataShapeError(f"Dobbel rad for {example}")
    return out.reset_index(drop=True)


def frame_checksum(frame: pd.DataFrame) -> str:
    """A stable checksum of a frame's CSV form, recorded in the manifest."""
    return "sha256:" + hashlib.sha256(frame.to_csv(index=False).encode("utf-8")).hexdigest()


# the indicators' period labels (IndicatorSpec.period_label) in the active language, keyed by the Nynorsk label
PERIOD_LABELS = labels("model.PERIOD_LABELS", {
    "4. kvartal {year}": "4. kvartal {year}",
    "1. januar {year}": "1. januar {year}",
    "1. halvår {year}": "1. halvår {year}",
})


@dataclass(frozen=True)
class IndicatorSpec:
    id: str
    title: str  # Nynorsk, shown to users
    unit: str  # Nynorsk, e.g. "personar"
    datasets: tuple[str, ...]  # cache datasets it reads (their manifests give the provenance)
    # compute(region=None|code, cache_directory=None, **params) -> tidy frame (region_code, region_name,
    # period, [dimensions], value, status). With region=None: every region the indicator has.
    compute: Callable[..., pd.DataFrame]
    params: dict[str, tuple[str, ...]] = field(default_factory=dict)  # allowed CLI params and example values
    period_label: str = "{year}"  # how a period reads in the UI, e.g. "1. januar {year}"
    tidy: bool = True  # False for tables that are not series (the action programme)
    empty_message: str | Message = ""  # why there may be no data and how to get it (e.g. an import); str() words it

    def describe_period(self, year: int | None) -> str:
        """The period as it reads in the UI, in the active language (the common labels are in PERIOD_LABELS)."""
        return "–" if year is None else PERIOD_LABELS.get(self.period_label, self.period_label).format(year=year)


def indicator_family(**shared: Any) -> Callable[..., IndicatorSpec]:
    """Makes IndicatorSpecs that share fields (unit, datasets, period label, empty message): a module names what
    its indicators have in common once, then each by id, title and what differs."""
    return functools.partial(IndicatorSpec, **shared)


class UnknownIndicatorError(KeyError):
    def __init__(self, indicator_id: str, known: list[str]):
        self.indicator_id = indicator_id
        super().__init__(f"Ukjend indikator «{indicator_id}». Kjende: {', '.join(sorted(known))}.")

    def __str__(self) -> str:  # KeyError quotes its message otherwise
        return str(self.args[0])
