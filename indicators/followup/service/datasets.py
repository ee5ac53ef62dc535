"""Dataset versions kept at each refresh/import, and revisions of published values between them."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from indicators.followup.accounts import audit
from indicators.followup.db import utcnow
from indicators.followup.errors import (
    FollowupError,
)
from indicators.followup.models import DatasetVersion
from indicators.followup.service._common import REFUSALS, _iso, _writes

_VALUE_COLUMNS = ("value", "status")


@dataclass(frozen=True)
class DatasetVersionRecord:
    id: int
    dataset: str
    checksum: str
    retrieved_at: dt.datetime
    source_updated: str | None
    source: str
    periods: list[int]
    row_count: int

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["retrieved_at"] = _iso(self.retrieved_at)
        return record


@dataclass(frozen=True)
class Revision:
    dataset: str
    key: dict[str, Any]  # region_code, period and the dimension columns
    region_name: str
    old: float | None
    new: float | None
    version_id: int
    previous_version_id: int
    source: str

    def as_record(self) -> dict[str, Any]:
        return asdict(self)


def _canonical_csv(frame: pd.DataFrame) -> bytes:
    ordered = frame[sorted(frame.columns)]
    ordered = ordered.sort_values(list(ordered.columns), na_position="last").reset_index(drop=True)
    return ordered.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _periods(frame: pd.DataFrame) -> str:
    if "period" not in frame:
        return ""
    return ",".join(str(p) for p in sorted({int(p) for p in frame["period"].dropna()}))


def _version(row: DatasetVersion) -> DatasetVersionRecord:
    periods = [int(p) for p in row.periods.split(",") if p]
    return DatasetVersionRecord(
        row.id, row.dataset, row.checksum, row.retrieved_at, row.source_updated, row.source, periods, row.row_count
    )


@_writes
def record_dataset_version(
    session: Session, dataset: str, frame: pd.DataFrame, provenance: Any = None, *, user: str = "oppdatering",
) -> DatasetVersionRecord:
    """Keep this refresh/import of `dataset` (a tidy frame) with its provenance (indicators.model.Provenance or
    a dict). Unchanged data (same checksum as the latest version) adds nothing and returns the latest version.
    Called by refresh/import, not by a signed-in user: `user` names the process."""
    info = provenance.to_dict() if hasattr(provenance, "to_dict") else dict(provenance or {})
    payload = _canonical_csv(frame)
    checksum = hashlib.sha256(payload).hexdigest()
    latest = session.scalars(
        select(DatasetVersion).where(DatasetVersion.dataset == dataset).order_by(DatasetVersion.id.desc()).limit(1)
    ).first()
    if latest is not None and latest.checksum == checksum:
        return _version(latest)
    retrieved = info.get("retrieved_at")
    try:
        retrieved_at = dt.datetime.fromisoformat(retrieved).astimezone(dt.UTC).replace(tzinfo=None) if retrieved \
            else utcnow()
    except (TypeError, ValueError):
        retrieved_at = utcnow()
    now = utcnow()
    row = DatasetVersion(
        dataset=dataset, checksum=checksum, retrieved_at=retrieved_at, source_updated=info.get("source_updated"),
        source=str(info.get("source") or ""), periods=_periods(frame), row_count=len(frame),
        data=gzip.compress(payload, mtime=0), entered_by=user, entered_at=now,
    )
    session.add(row)
    audit(session, user, "dataset_version", f"dataset:{dataset}", latest.checksum[:12] if latest else "",
          checksum[:12], now)
    session.flush()
    return _version(row)


def dataset_versions(session: Session, dataset: str) -> list[DatasetVersionRecord]:
    """Versions of the dataset, newest first."""
    rows = session.scalars(
        select(DatasetVersion).where(DatasetVersion.dataset == dataset).order_by(DatasetVersion.id.desc())
    )
    return [_version(r) for r in rows]


def version_frame(session: Session, version_id: int) -> pd.DataFrame:
    row = session.get(DatasetVersion, version_id)
    if row is None:
        raise FollowupError(REFUSALS.message("no_dataset_version", version=version_id))
    return pd.read_csv(io.BytesIO(gzip.decompress(row.data)), dtype={"region_code": str}, keep_default_na=False,
                       na_values=[""])


def revisions(session: Session, dataset: str, version_id: int | None = None) -> list[Revision]:
    """Values of earlier periods that changed from the previous version to `version_id` (default: the latest)
    per key (region, period and dimensions); new periods are not revisions."""
    versions = dataset_versions(session, dataset)
    if version_id is not None:
        versions = [v for v in versions if v.id <= version_id]
    if len(versions) < 2:
        return []
    new_version, old_version = versions[0], versions[1]
    new, old = version_frame(session, new_version.id), version_frame(session, old_version.id)
    keys = [c for c in new.columns if c not in (*_VALUE_COLUMNS, "region_name") and c in old.columns]
    merged = old.merge(new, on=keys, how="inner", suffixes=("_old", "_new"))
    values_old, values_new = merged["value_old"], merged["value_new"]
    changed = ~((values_old == values_new) | (values_old.isna() & values_new.isna()))
    result = []
    for record in merged[changed].to_dict("records"):
        key = {k: (int(record[k]) if k == "period" else record[k]) for k in keys}
        name = record.get("region_name_new") or record.get("region_name_old") or ""
        result.append(Revision(
            dataset, key, str(name), _number(record["value_old"]), _number(record["value_new"]),
            new_version.id, old_version.id, new_version.source,
        ))
    return result


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)

