"""Municipality codes across every change 2005–2026, mapped to the municipalities of 2024.

The code table (dataset MUNICIPALITY_CODES, built by indicators.sources.code_changes) says, for every year, which
2024 municipality each published code became and with what share. With it a series published on each year's
codes becomes a series on 2024 borders: merged municipalities are summed, a split one is apportioned by the
published shares, and such figures are *estimates* («berekna etter grensene i 2024»): the column `estimated`
says so wherever they are shown or exported.

Counties and the country (codes that are not four digits) are not in the table and pass through unchanged.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from indicators.cache import CacheDirectory, CacheError, cache_dir, read_dataset, read_manifest
from indicators.datasets import MUNICIPALITY_CODES
from indicators.i18n import labels

ESTIMATED = "estimated"  # the flag column: True where a figure is apportioned by a split municipality's shares
ESTIMATE_NOTE = "berekna etter grensene i 2024"


class UnmappedCodeError(ValueError):
    """Published codes the table does not know for their year (Nynorsk message; the (code, year) pairs kept)."""

    def __init__(self, pairs: list[tuple[str, int]]):
        self.pairs = pairs
        listed = ", ".join(f"{code} ({year})" for code, year in pairs[:10])
        more = f" og {len(pairs) - 10} til" if len(pairs) > 10 else ""
        super().__init__(f"Kommunenummer som kodetabellen ikkje kjenner for året: {listed}{more}.")


def is_municipality_code(code: str) -> bool:
    return len(code) == 4 and code.isdigit()


@dataclass(frozen=True)
class FormerCode:
    code: str
    first: int
    last: int
    share: float  # the share of the former municipality that lies in the 2024 one (1.0 unless it was split)


@dataclass(frozen=True)
class CodeTable:
    """The code table of one cache: every (published code, year) -> 2024 code(s) and share."""

    frame: pd.DataFrame  # region_code (2024), former_code, period, value (share)
    names: Mapping[str, str]  # 2024 code -> name
    counties: Mapping[str, tuple[str, str]]  # 2024 code -> (county code, county name)

    @property
    def municipalities(self) -> tuple[str, ...]:
        """Every municipality of 2024, by code."""
        return tuple(sorted(self.names))

    @functools.cached_property
    def county_names(self) -> dict[str, str]:
        return {code: name for code, name in self.counties.values()}

    def name(self, code: str) -> str | None:
        """The 2024 name of a 2024 municipality, or a county's name; None for a code the table does not know."""
        return self.names.get(code) or self.county_names.get(code)

    @functools.cached_property
    def _latest(self) -> dict[str, list[tuple[str, float]]]:
        """Published code -> its 2024 code(s) and shares in the last year the code was used."""
        last = self.frame.groupby("former_code")["period"].transform("max")
        rows = self.frame[self.frame["period"] == last]
        out: dict[str, list[tuple[str, float]]] = {}
        for former, code, share in zip(rows["former_code"], rows["region_code"], rows["value"], strict=True):
            out.setdefault(former, []).append((code, float(share)))
        return out

    def current_code(self, code: str) -> str | None:
        """The one 2024 municipality a code became (as last used); None for an unknown or split code."""
        targets = self._latest.get(code, [])
        return targets[0][0] if len(targets) == 1 else None

    def targets(self, code: str, year: int) -> list[tuple[str, float]]:
        """The 2024 code(s) and shares of a code as published in `year` (empty if the table does not know it)."""
        rows = self.frame[(self.frame["former_code"] == code) & (self.frame["period"] == year)]
        return [(c, float(s)) for c, s in zip(rows["region_code"], rows["value"], strict=True)]

    def former_codes(self, code: str) -> list[FormerCode]:
        """The codes other than its own that a 2024 municipality's figures were published under, oldest first."""
        rows = self.frame[(self.frame["region_code"] == code) & (self.frame["former_code"] != code)]
        spans = rows.groupby(["former_code", "value"])["period"].agg(["min", "max"]).reset_index()
        out = [FormerCode(f, int(lo), int(hi), float(s))
               for f, s, lo, hi in zip(spans["former_code"], spans["value"], spans["min"], spans["max"], strict=True)]
        return sorted(out, key=lambda f: (f.last, f.first, f.code))

    @functools.cached_property
    def estimated_cells(self) -> frozenset[tuple[str, int]]:
        """(2024 code, year) whose figure includes an apportioned part of a split municipality."""
        split = self.frame[self.frame["value"] < 1]
        return frozenset(zip(split["region_code"], split["period"].astype(int), strict=True))

    def to_2024(self, frame: pd.DataFrame, code_column: str = "region_code",
                name_column: str | None = "region_name") -> pd.DataFrame:
        """`frame` (tidy, with `period`) with its municipality codes in `code_column` mapped to 2024 codes:
        values multiplied by the share and summed per 2024 code and the other keys. A sum is missing (NaN, "..")
        when any part is. Column ESTIMATED is True where a share below 1 went into the figure (kept if the frame
        had it). Raises UnmappedCodeError for a four-digit code the table does not know in its year."""
        table = self.frame.rename(columns={"region_code": "_to", "value": "_share", "former_code": "_from"})
        table = table[["_from", "period", "_to", "_share"]]
        out = frame.merge(table, left_on=[code_column, "period"], right_on=["_from", "period"], how="left")
        municipal = out[code_column].map(is_municipality_code).astype(bool)
        unknown = out[out["_to"].isna() & municipal]
        if not unknown.empty:
            pairs = sorted({(str(c), int(p)) for c, p in zip(unknown[code_column], unknown["period"], strict=True)})
            raise UnmappedCodeError(pairs)
        share = out["_share"].fillna(1.0)
        out[code_column] = out["_to"].where(out["_to"].notna(), out[code_column])
        out["value"] = out["value"] * share
        previous = out[ESTIMATED].astype(bool) if ESTIMATED in out.columns else False
        out[ESTIMATED] = (share < 1) | previous
        if name_column is not None:
            out[name_column] = [self.names.get(c, n) for c, n in zip(out[code_column], out[name_column], strict=True)]
        out = out.drop(columns=["_from", "_to", "_share"])
        keys = [c for c in out.columns if c not in ("value", "status", ESTIMATED, name_column)]
        out["_missing"] = out["value"].isna()
        grouped = out.groupby(keys, sort=False, dropna=False)
        result = grouped.agg(
            **{c: (c, "first") for c in ([name_column] if name_column else [])},
            value=("value", "sum"),
            _missing=("_missing", "any"),
            status=("status", "max"),  # "" sorts first: an SSB symbol of any part wins
            **{ESTIMATED: (ESTIMATED, "any")},
        ).reset_index()
        result.loc[result["_missing"], "value"] = float("nan")
        result.loc[result["_missing"] & (result["status"] == ""), "status"] = ".."
        result.loc[~result["_missing"], "status"] = ""
        return result[[*frame.columns.drop(ESTIMATED, errors="ignore"), ESTIMATED]]

    def mark_estimates(self, frame: pd.DataFrame, composites: Mapping[str, Iterable[str]] | None = None,
                       code_columns: tuple[str, ...] = ("region_code",)) -> pd.DataFrame:
        """Adds ESTIMATED (True where a figure's municipality, or any member of a composite region, holds an
        apportioned part in that year) to a frame already on 2024 codes."""
        cells = self.estimated_cells
        members = {code: tuple(parts) for code, parts in (composites or {}).items()}
        flags = pd.Series(False, index=frame.index)
        for column in code_columns:
            flags |= pd.Series(
                [any((part, int(year)) in cells for part in members.get(code, (code,)))
                 for code, year in zip(frame[column], frame["period"], strict=True)],
                index=frame.index,
            )
        return frame.assign(**{ESTIMATED: flags})


def _build(frame: pd.DataFrame) -> CodeTable:
    frame = frame.assign(period=frame["period"].astype(int), value=frame["value"].astype("float64"))
    first = frame.drop_duplicates("region_code")
    names = dict(zip(first["region_code"], first["region_name"], strict=True))
    counties = {c: (cc, cn) for c, cc, cn in zip(first["region_code"], first["county_code"], first["county_name"],
                                                  strict=True)}
    return CodeTable(frame[["region_code", "former_code", "period", "value"]].reset_index(drop=True), names, counties)


@functools.lru_cache(maxsize=4)
def _table(directory: str, checksum: str) -> CodeTable:
    return _build(read_dataset(MUNICIPALITY_CODES, directory).frame)


# Worded in the language active where the message is shown (i18n.Message).
MESSAGES = labels("municipality_codes.MESSAGES", {
    "no_table": "Kodetabellen for kommunenummer («{dataset}») finst ikkje i {folder}.",
})


def code_table(cache_directory: CacheDirectory = None) -> CodeTable:
    """The code table of the cache (read once per cache and version). CacheError when the cache has none."""
    directory = str(cache_dir(cache_directory))
    manifest = read_manifest(MUNICIPALITY_CODES, directory)
    if manifest is None:
        raise CacheError(MESSAGES.message("no_table", dataset=MUNICIPALITY_CODES, folder=directory))
    return _table(directory, manifest.checksum)


def optional_code_table(cache_directory: CacheDirectory = None) -> CodeTable | None:
    """The code table, or None when the cache has none (an older or a test cache)."""
    try:
        return code_table(cache_directory)
    except CacheError:
        return None
