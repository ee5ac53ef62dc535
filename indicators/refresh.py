"""Live refresh of cached datasets from SSB: the table of dataset name -> refresher, and the safe write.

The refreshers live in indicators/sources/ (ssb_population.py, ssb_jobs.py): each fetches one dataset
through an SSBClient, turns SSB's answer into the tidy shape and checks it. `refresh()` writes a dataset to
the cache only when both went well: on any failure the cached data stays byte-for-byte as it was, and the
result says why (in Nynorsk).

To add a dataset: write `def refresh_<name>(client: SSBClient) -> Dataset` in a source module and name it in
the dataset's entry in indicators/catalogue.py.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy.exc import SQLAlchemyError

from indicators.cache import CacheError, read_dataset, remove_stale_staging, write_dataset
from indicators.catalogue import refreshers
from indicators.datasets import COMMUTING, EMPLOYMENT, POPULATION
from indicators.errors import describe_error
from indicators.followup import service
from indicators.followup.errors import FollowupError
from indicators.followup.unit_of_work import unit_of_work
from indicators.i18n import Message, labels
from indicators.model import Dataset, DataShapeError
from indicators.municipality_codes import code_table
from indicators.plan_state import DatabaseUnavailable, readable_engine
from indicators.regions import active_region
from indicators.sources.ssb import SSBClient, SSBConnectionError, SSBError
from indicators.sources.ssb_population import RefreshError

__all__ = ["REFRESHERS", "RefreshError", "RefreshResult", "refresh", "record_version"]

log = logging.getLogger(__name__)


# What a refresh says: worded in the language active where it is shown (i18n.Message).
MESSAGES = labels("refresh.MESSAGES", {
    "version_not_kept": "Åtvaring: versjonen av «{name}» er ikkje lagra i oppfølgingsdatabasen ({reason}).",
    "kept": "Datasettet som alt var lagra, er ikkje endra.",
    "unexpected": "Uventa feil ved oppdatering av «{name}» ({problem}). {kept}",
    "failed": "Klarte ikkje å oppdatere «{name}»: {problem} {kept}",
    "unknown": "Ukjend datasett «{name}». Kjende datasett: {known}.",
    "other_dataset": "Oppdateringa gav datasettet «{got}», ikkje «{name}».",
    "updated": "Oppdaterte «{name}» frå SSB-tabell {table}: {rows} rader.",
    "updated_at_ssb": "Oppdaterte «{name}» frå SSB-tabell {table}: {rows} rader, sist oppdatert hos SSB {updated}.",
})


@dataclass
class RefreshResult:
    dataset: str
    ok: bool
    text: Message | str  # for the user: `message` words it in the active language
    rows: int = 0

    @property
    def message(self) -> str:
        return str(self.text)


# --- dataset versions in the follow-up database --------------------------------------------------------------


def record_version(dataset: Dataset, user: str = "oppdatering", warn: Callable[[str], None] | None = None) -> bool:
    """Keep this version of a dataset just written to the cache in the follow-up database (checksum, retrieval
    time, the source's updated date, the periods and the data, so a revision of an earlier value can be shown).

    Never raises: the data is in the cache already, and a database that is missing, not migrated or
    unreachable must not fail a refresh or an import. Then a Nynorsk warning goes to the log (and `warn`);
    returns whether the version was recorded. A database that does not exist yet is not created here."""
    name = dataset.provenance.dataset
    try:
        with unit_of_work(readable_engine()) as session:
            service.record_dataset_version(session, name, dataset.frame, dataset.provenance, user=user)
    except (DatabaseUnavailable, SQLAlchemyError, FollowupError, OSError) as exc:
        message = MESSAGES.message("version_not_kept", name=name, reason=_reason(exc))
        log.warning(str(message))
        if warn is not None:
            warn(str(message))
        return False
    return True


def _reason(exc: Any) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]


# --- the registry and the command ----------------------------------------------------------------------------

REFRESHERS: dict[str, Callable[..., Dataset]] = refreshers()  # from the dataset catalogue
# The datasets whose refresher asks for a list of municipalities (the others ask for the region's members).
SCOPED = frozenset({POPULATION, EMPLOYMENT, COMMUTING})


def refresh_scope(everything: bool = False, cache_directory: str | os.PathLike[str] | None = None
                  ) -> tuple[str, ...]:
    """The municipalities `refresh` asks SSB for: the region's members, then each peer's (the county and the
    country come with them); with `everything`, every municipality of the code table in the cache."""
    if everything:
        return code_table(cache_directory).municipalities
    region = active_region()
    return tuple(dict.fromkeys((*region.member_codes, *(code for p in region.peers for code in p.members))))


def merged_with_cached(dataset: Dataset, cache_directory: str | os.PathLike[str] | None = None) -> Dataset:
    """The refreshed rows in place of the same regions' cached rows; the cached rows of every other region kept
    (the snapshot holds every municipality, a refresh asks for some), with a note saying so. A refresher
    names what it asked for in provenance.extra["refreshed_regions"] (else: the regions in its rows)."""
    name = dataset.provenance.dataset
    try:
        cached = read_dataset(name, cache_directory)
    except CacheError:
        return dataset
    new, old = dataset.frame, cached.frame
    if set(new.columns) != set(old.columns):
        return dataset
    extra = dataset.provenance.extra or {}
    asked = set(extra.get("refreshed_regions") or new["region_code"])
    columns = [c for c in extra.get("region_columns", ["region_code"]) if c in old.columns]
    other = pd.Series(True, index=old.index)
    for column in columns:
        other &= ~old[column].isin(asked)
    kept = old[other]
    if kept.empty:
        return dataset
    frame = pd.concat([new, kept[new.columns]], ignore_index=True)
    provenance = dataset.provenance
    provenance.notes = [*provenance.notes, (
        f"{kept['region_code'].nunique()} regionar har tala frå førre versjon av datasettet (henta "
        f"{cached.provenance.retrieved_at or 'ukjend dato'}): denne oppdateringa spurde berre om "
        f"{len(asked)} (`refresh --all` hentar alle kommunane)."
    )]
    return Dataset(frame=frame, provenance=provenance)


def _number(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def _sentence(text: str) -> str:
    text = str(text).strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _failed(name: str, exc: BaseException, unexpected: bool = False) -> RefreshResult:
    kept = MESSAGES.message("kept")
    if unexpected:
        return RefreshResult(name, False, MESSAGES.message("unexpected", name=name, problem=describe_error(exc),
                                                           kept=kept))
    return RefreshResult(name, False, MESSAGES.message("failed", name=name, problem=_sentence(str(exc)), kept=kept))


def refresh(
    names: Sequence[str] | None = None,
    client: SSBClient | None = None,
    cache_directory: str | os.PathLike[str] | None = None,
    notice: Callable[[str], None] | None = None,
    municipalities: Sequence[str] | None = None,
) -> list[RefreshResult]:
    """Fetch, check and store each named dataset (all registered ones when `names` is empty).

    `municipalities` (2024 codes, see `refresh_scope`): what population, employment and commuting ask SSB for
    (default: the region's members); the cached rows of other regions are kept (`merged_with_cached`).

    Never raises for a failed dataset: each gets a RefreshResult with ok=False and a Nynorsk reason, and
    its cached data is left untouched. `notice` receives the client's Nynorsk lines about long waits.
    """
    remove_stale_staging(cache_directory)  # what an interrupted write left behind
    selected = list(names) if names else list(REFRESHERS)
    results: list[RefreshResult] = []
    offline: SSBConnectionError | None = None
    for name in selected:
        refresher = REFRESHERS.get(name)
        if refresher is None:
            known = ", ".join(REFRESHERS)
            results.append(RefreshResult(name, False, MESSAGES.message("unknown", name=name, known=known)))
            continue
        if offline is not None:  # no point waiting for the retries again
            results.append(_failed(name, offline))
            continue
        if client is None:
            client = SSBClient(notice=notice)
        try:
            scoped = name in SCOPED and municipalities is not None
            dataset = refresher(client, municipalities=municipalities) if scoped else refresher(client)
            if dataset.provenance.dataset != name:
                raise RefreshError(MESSAGES.message("other_dataset", got=dataset.provenance.dataset, name=name))
            dataset = merged_with_cached(dataset, cache_directory)
            write_dataset(dataset, directory=cache_directory)
        except SSBConnectionError as exc:
            offline = exc
            results.append(_failed(name, exc))
        except (SSBError, RefreshError, DataShapeError, CacheError) as exc:
            results.append(_failed(name, exc))
        except Exception as exc:  # a bug must not cost the user the cached data either
            results.append(_failed(name, exc, unexpected=True))
        else:
            record_version(dataset, warn=notice)
            provenance = dataset.provenance
            words = {"name": name, "table": provenance.table_id, "rows": _number(provenance.row_count)}
            text = MESSAGES.message("updated_at_ssb", updated=provenance.source_updated, **words) \
                if provenance.source_updated else MESSAGES.message("updated", **words)
            results.append(RefreshResult(name, True, text, provenance.row_count))
    return results
