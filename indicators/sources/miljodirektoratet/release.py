"""One release in the cache: what the incoming file(s) hold, what an import would replace (preview), and the
import itself, atomically.

The agency recalculates the whole series each year, so one release (identified by its latest year) is never
mixed with another: importing a file from another release replaces the cached dataset as a whole; a
per-municipality file from the *same* release replaces only that municipality's rows. Before anything is
replaced, the incoming numbers are checked for plausibility (plausibility.py).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from indicators import cache
from indicators.errors import error_message
from indicators.i18n import labels
from indicators.model import Dataset, Provenance
from indicators.regions import region_name
from indicators.safe_text import markdown_literal
from indicators.sources.miljodirektoratet.common import (
    DATASET,
    MESSAGES,
    EmissionsImportError,
    ImplausibleEmissionsError,
)
from indicators.sources.miljodirektoratet.plausibility import check_plausibility, problem_text
from indicators.sources.miljodirektoratet.workbook import read_emissions_workbook

PathLike = str | os.PathLike[str]


# What a release holds and what an import does, in the language active where it is described.
WORDS = labels("miljodirektoratet.RELEASE", {
    "no_municipalities": "ingen kommunar",
    "files": "; fil: {files}",
    "release": "utgåve {release} ({years}; {names}; {rows} rader{files})",
    "no_years": "ingen år",
    "years": "{first}–{last}, {count} år",
    "new_file": "**Ny fil:** {release}.",
    "nothing_yet": "**No:** ingen utsleppsdata ligg inne. Importen legg inn dataa frå fila.",
    "now": "**No:** {release}.",
    "replaces_municipalities": "**Blir bytt ut:** dataa for {replaced}. Same utgåve, så dei andre kommunane blir "
                               "ståande ({kept}).",
    "none_kept": "ingen",
    "replaces_all": "**Blir bytt ut:** alle utsleppsdataa som ligg inne, i heile serien.",
    "imported": "Importerte klimagassutslepp frå Miljødirektoratet: {release}.",
    "same_release": "Same utgåve som før; berre kommunane i den nye fila er bytte ut (før: {before}).",
    "replaced_series": "Erstatta heile serien som låg inne: {before}.",
    "saved_in": "Lagra i {path}.",
    "cached_unreadable": "Dei lagra utsleppsdataa kan ikkje lesast ({problem}); dei blir erstatta heilt.",
    "older_release": "Fila er frå ei eldre utgåve (siste år {incoming}) enn dataa som ligg inne (siste år "
                     "{current}). Utgåver blir ikkje blanda, så heile serien blir bytt ut.",
    "other_release": "Fila er frå ei anna utgåve (siste år {incoming}) enn dataa som ligg inne (siste år "
                     "{current}). Utgåver blir ikkje blanda, så heile serien blir bytt ut.",
    "removed": "Desse kommunane er ikkje med i den nye fila og forsvinn: {names}.",
    "accepted": "**Merk:** Importert trass i at tala ikkje ser rimelege ut (stadfesta uttrykkjeleg): {findings}",
})


@dataclass(frozen=True)
class ReleaseInfo:
    """What one emissions dataset holds, for showing before and after an import."""

    release: int | None
    years: tuple[int, ...]
    municipalities: tuple[str, ...]
    row_count: int
    file_names: tuple[str, ...] = ()
    imported_at: str | None = None

    def describe(self) -> str:
        names = ", ".join(region_name(c) for c in self.municipalities) or WORDS["no_municipalities"]
        files = WORDS["files"].format(files=", ".join(map(markdown_literal, self.file_names))) if self.file_names \
            else ""
        return WORDS["release"].format(release=self.release, years=_year_span(self.years), names=names,
                                       rows=self.row_count, files=files)


def _year_span(years: Sequence[int]) -> str:
    if not years:
        return WORDS["no_years"]
    return WORDS["years"].format(first=years[0], last=years[-1], count=len(years)) if len(years) > 1 \
        else str(years[0])


def _release_info(dataset: Dataset) -> ReleaseInfo:
    frame, extra = dataset.frame, dataset.provenance.extra or {}
    years = tuple(sorted(int(y) for y in frame["period"].unique()))
    files = tuple(f.get("file_name", "") for f in extra.get("files", []))
    return ReleaseInfo(
        release=years[-1] if years else None,
        years=years,
        municipalities=tuple(sorted(str(c) for c in frame["region_code"].unique())),
        row_count=len(frame),
        file_names=files,
        imported_at=dataset.provenance.retrieved_at,
    )


@dataclass
class ImportPreview:
    """What an import would do: the cached release (if any), the incoming file(s) and the result."""

    current: ReleaseInfo | None
    incoming: ReleaseInfo
    result: ReleaseInfo
    action: str  # "new" | "replace_all" | "replace_municipalities"
    removed_municipalities: tuple[str, ...] = ()
    kept_municipalities: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)
    dataset: Dataset | None = None  # the dataset that would be written

    def describe(self) -> str:
        """A Nynorsk summary (markdown) to show before the user confirms."""
        lines = [WORDS["new_file"].format(release=self.incoming.describe())]
        if self.current is None:
            lines.append(WORDS["nothing_yet"])
        else:
            lines.append(WORDS["now"].format(release=self.current.describe()))
            if self.action == "replace_municipalities":
                replaced = ", ".join(region_name(c) for c in self.incoming.municipalities)
                kept = ", ".join(region_name(c) for c in self.kept_municipalities) or WORDS["none_kept"]
                lines.append(WORDS["replaces_municipalities"].format(replaced=replaced, kept=kept))
            else:
                lines.append(WORDS["replaces_all"])
        lines.extend(self.notes)
        return "\n\n".join(lines)


@dataclass
class ImportSummary:
    result: ReleaseInfo
    replaced: ReleaseInfo | None
    action: str
    path: Path
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """Nynorsk lines for the CLI and the page after a successful import."""
        lines = [WORDS["imported"].format(release=self.result.describe())]
        if self.replaced is not None and self.action == "replace_municipalities":
            lines.append(WORDS["same_release"].format(before=self.replaced.describe()))
        elif self.replaced is not None:
            lines.append(WORDS["replaced_series"].format(before=self.replaced.describe()))
        lines.extend(self.notes)
        lines.append(WORDS["saved_in"].format(path=self.path))
        return "\n".join(lines)


def _read_current(cache_directory: PathLike | None) -> tuple[Dataset | None, list[str]]:
    if not cache.has_dataset(DATASET, cache_directory):
        return None, []
    try:
        return cache.read_dataset(DATASET, cache_directory), []
    except cache.CacheError as exc:
        return None, [WORDS["cached_unreadable"].format(problem=exc)]


def _combine(incoming: list[Dataset]) -> Dataset:
    """Several files read together (e.g. one per-municipality export per member) make one release."""
    if len(incoming) == 1:
        return incoming[0]
    releases = {int(d.frame["period"].max()) for d in incoming}
    if len(releases) > 1:
        raise EmissionsImportError(MESSAGES.message("mixed_releases", years=", ".join(map(str, sorted(releases)))))
    seen: dict[str, str] = {}
    for d in incoming:
        name = d.provenance.extra["files"][0]["file_name"]
        for code in d.provenance.extra["municipalities"]:
            if code in seen:
                raise EmissionsImportError(MESSAGES.message("in_two_files", municipality=region_name(code),
                                                            first=markdown_literal(seen[code]),
                                                            second=markdown_literal(name)))
            seen[code] = name
    frame = pd.concat([d.frame for d in incoming], ignore_index=True)
    return _merged_dataset(frame, incoming[0].provenance, [f for d in incoming for f in d.provenance.extra["files"]])


def _merged_dataset(frame: pd.DataFrame, template: Provenance, files: list[dict[str, Any]]) -> Dataset:
    frame = frame.sort_values(["region_code", "period", "sector", "source", "gas"]).reset_index(drop=True)
    years = sorted(int(y) for y in frame["period"].unique())
    extra = dict(template.extra)
    extra |= {
        "release": years[-1],
        "years": years,
        "municipalities": sorted(frame["region_code"].unique()),
        "sectors": sorted(frame["sector"].unique()),
        "files": files,
    }
    provenance = Provenance.from_dict(template.to_dict())
    provenance.extra = extra
    provenance.produced_by = "indicators.sources.miljodirektoratet.read_emissions_workbook(" + ", ".join(
        f["file_name"] for f in files
    ) + ")"
    provenance.retrieved_at = max(f["imported_at"] for f in files)
    provenance.row_count, provenance.checksum = 0, ""
    return Dataset(frame=frame, provenance=provenance)


def _plan(incoming: Dataset, current: Dataset | None, notes: list[str]) -> ImportPreview:
    incoming_info = _release_info(incoming)
    if current is None:
        return ImportPreview(None, incoming_info, incoming_info, "new", notes=notes, dataset=incoming)
    current_info = _release_info(current)
    # Per-municipality files (one or several) of the stored release replace only their own municipalities.
    is_per_municipality = all(f["format"] == "A" for f in incoming.provenance.extra["files"])
    if is_per_municipality and current_info.release == incoming_info.release:
        keep = current.frame[~current.frame["region_code"].isin(incoming_info.municipalities)]
        kept_files = [
            f
            for f in current.provenance.extra.get("files", [])
            if not set(f.get("municipalities", [])) <= set(incoming_info.municipalities)
        ]
        merged = _merged_dataset(
            pd.concat([keep, incoming.frame], ignore_index=True),
            incoming.provenance,
            kept_files + incoming.provenance.extra["files"],
        )
        kept = tuple(sorted(keep["region_code"].unique()))
        return ImportPreview(
            current_info, incoming_info, _release_info(merged), "replace_municipalities",
            kept_municipalities=kept, notes=notes, dataset=merged,
        )
    removed = tuple(c for c in current_info.municipalities if c not in incoming_info.municipalities)
    if current_info.release != incoming_info.release:
        older = current_info.release is not None and incoming_info.release is not None and (
            incoming_info.release < current_info.release
        )
        notes = [*notes, WORDS["older_release" if older else "other_release"].format(
            incoming=incoming_info.release, current=current_info.release)]
    if removed:
        notes = [*notes, WORDS["removed"].format(names=", ".join(region_name(c) for c in removed))]
    return ImportPreview(
        current_info, incoming_info, incoming_info, "replace_all",
        removed_municipalities=removed, notes=notes, dataset=incoming,
    )


def _read_all(path: PathLike | Sequence[PathLike]) -> Dataset:
    paths = [path] if isinstance(path, str | os.PathLike) else list(path)
    if not paths:
        raise EmissionsImportError(MESSAGES.message("no_file"))
    return _combine([read_emissions_workbook(p) for p in paths])


# The refusal of an implausible file (its findings already worded): in the language active where it is shown.
IMPLAUSIBLE = labels("miljodirektoratet.IMPLAUSIBLE", {
    "refused": "Tala i fila ser ikkje rimelege ut, så ho blir ikkje importert: {findings} Kontroller at fila er "
               "Miljødirektoratet si fil for rett kommune. Er tala likevel rette, kan ein redaktør berre overstyre "
               "med ei uttrykkjeleg stadfesting (på kommandolinja: `--accept-implausible`).",
})


def _checked(incoming: Dataset, cache_directory: PathLike | None, accept_implausible: bool) -> list[str]:
    """Refuse an implausible file (ImplausibleEmissionsError, with the numbers), or, when the caller accepts it
    explicitly, record the acceptance in the incoming provenance. Returns notes for the preview."""
    problems, notes = check_plausibility(incoming, cache_directory)
    if not problems:
        return notes
    text = problem_text(problems)
    if not accept_implausible:
        raise ImplausibleEmissionsError(IMPLAUSIBLE.message("refused", findings=text), problems)
    for record in (incoming.provenance.extra or {}).get("files", []):
        record["accepted_implausible"] = problems  # stays with the file when a later import keeps its rows
    # the dataset's own note stays in Nynorsk (stored data); the preview's note reads in the reader's language
    accepted = f"Importert trass i at tala ikkje ser rimelege ut (stadfesta uttrykkjeleg): {text}"
    incoming.provenance.notes = [*(incoming.provenance.notes or []), accepted]
    incoming.provenance.extra = {
        **(incoming.provenance.extra or {}),
        "accepted_implausible": {"accepted_at": cache.utc_now_iso(), "problems": problems},
    }
    return [*notes, WORDS["accepted"].format(findings=text)]


def preview_import(
    path: PathLike | Sequence[PathLike], cache_directory: PathLike | None = None, accept_implausible: bool = False
) -> ImportPreview:
    """Read and check the file(s) and say what an import would replace, without writing anything. An
    implausible file raises ImplausibleEmissionsError unless `accept_implausible`."""
    incoming = _read_all(path)
    plausibility_notes = _checked(incoming, cache_directory, accept_implausible)
    current, notes = _read_current(cache_directory)
    return _plan(incoming, current, [*notes, *plausibility_notes])


def import_emissions(
    path: PathLike | Sequence[PathLike], cache_directory: PathLike | None = None, accept_implausible: bool = False
) -> ImportSummary:
    """Read, check and store emission file(s) in the cache, atomically. A failure leaves the cache as it was.

    One path or several (all read before anything is written, e.g. one per-municipality export per member).
    `accept_implausible` lets a file through that fails the plausibility check; the manifest records that
    (provenance notes and extra["accepted_implausible"]).
    """
    preview = preview_import(path, cache_directory, accept_implausible)
    assert preview.dataset is not None
    try:
        target = cache.write_dataset(preview.dataset, cache_directory)
    except (ValueError, cache.CacheError, OSError) as exc:
        raise EmissionsImportError(MESSAGES.message("not_saved", reason=error_message(exc))) from exc
    return ImportSummary(
        result=preview.result,
        replaced=preview.current,
        action=preview.action,
        path=target,
        notes=preview.notes,
    )
