"""Importers for published SSB figures that reached us as CSV extracts rather than through the API.

These build the committed snapshot (scripts/build_snapshot.py). Each checks the layout it expects and
fails loudly if a column or region is not what it should be.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from indicators.cache import utc_now_iso
from indicators.datasets import POPULATION, POPULATION_PROJECTION
from indicators.model import Dataset, Provenance
from indicators.regions import UnknownRegionError, active_region, current_code, region_name


def code_span() -> str:
    """The members' codes as a span for notes, e.g. "3320–3330"."""
    codes = sorted(active_region().member_codes)
    return f"{codes[0]}–{codes[-1]}" if len(codes) > 1 else codes[0]


def _harmonised_note() -> str:
    region = active_region()
    county = f", fylke {region.county.code} {region.county.name} (2024-grenser)" if region.county else ""
    return f"Kommunar harmonisert til 2024-grenser (kodar {code_span()}){county}"


POPULATION_COLUMNS = ["region_code", "region_name", "sex", "age", "year", "persons"]
KNOWN_SEXES = {"female", "male", "total"}


class PublishedFileError(ValueError):
    """A published extract that does not have the layout the importer knows."""


def _map_region(code: str) -> str:
    code = str(code).strip()
    if code in active_region().comparison_codes:
        return code
    mapped = current_code(code)
    if mapped is None:
        raise UnknownRegionError(code)
    return mapped


def read_population_csdata(path: str | Path) -> Dataset:
    """SSB 07459 (population 1 January by sex and one-year age) as harmonised by the csdata R package."""
    path = Path(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(raw.columns) != POPULATION_COLUMNS:
        raise PublishedFileError(
            f"{path.name}: venta kolonnane {', '.join(POPULATION_COLUMNS)}, fekk {', '.join(raw.columns)}"
        )
    unknown_sex = set(raw["sex"]) - KNOWN_SEXES
    if unknown_sex:
        raise PublishedFileError(f"{path.name}: ukjend kjønn {sorted(unknown_sex)}")
    codes = raw["region_code"].map(_map_region)
    missing = set(active_region().member_codes) - set(codes)
    if missing:
        raise PublishedFileError(f"{path.name}: manglar kommune(ne) {', '.join(sorted(missing))}")
    values = pd.to_numeric(raw["persons"].replace("", None), errors="raise")
    frame = pd.DataFrame(
        {
            "region_code": codes,
            "region_name": codes.map(region_name),
            "sex": raw["sex"],
            "age": raw["age"].astype(int).astype(str),
            "period": raw["year"].astype(int),
            "value": values.astype("float64"),
            "status": ["" if v == v else ".." for v in values],
        }
    )
    provenance = Provenance(
        dataset=POPULATION,
        title="Folkemengd 1. januar, etter kjønn og eittårig alder",
        source="Statistisk sentralbyrå",
        table_id="07459",
        query={
            "table": "07459",
            "regions": sorted(set(codes)),
            "years": [int(frame["period"].min()), int(frame["period"].max())],
            "note": _harmonised_note(),
        },
        retrieved_at=utc_now_iso(),
        produced_by=(
            f"indicators.sources.published_csv.read_population_csdata({path.name}): SSB 07459 harmonisert til "
            "kommunegrensene frå 2024 i R-pakken csdata 2026.8.21 (Folkehelseinstituttet, MIT-lisens); kontrollert "
            "mot rå uttrekk frå SSB Statistikkbanken for 2005–2021 (like)."
        ),
        url="https://www.ssb.no/statbank/table/07459",
        notes=["Alder 105 tyder 105 år eller eldre."],
        extra={"published_extract": "SSB 07459 via R-pakken csdata 2026.8.21"},
    )
    return Dataset(frame=frame, provenance=provenance)


def read_projection_wide(path: str | Path) -> Dataset:
    """SSB 14288 projection totals per municipality from a wide table (pop2000 … pop2050, one row each).

    pop2000–pop2024 are registered population (= 07459) and are not stored: the population dataset has them.
    pop2025–pop2050 are SSB's 2024 projection round.
    """
    path = Path(path)
    raw = pd.read_csv(path, dtype=str)
    if "kommunenummer" not in raw.columns:
        raise PublishedFileError(f"{path.name}: manglar kolonna kommunenummer")
    year_columns = sorted((c for c in raw.columns if c.startswith("pop") and c[3:].isdigit()), key=lambda c: int(c[3:]))
    if not year_columns:
        raise PublishedFileError(f"{path.name}: fann ingen kolonnar popÅÅÅÅ")
    long = raw.melt(id_vars=["kommunenummer"], value_vars=year_columns, var_name="column", value_name="value")
    long["period"] = long["column"].str[3:].astype(int)
    long = long[long["period"] >= 2025]
    codes = long["kommunenummer"].map(_map_region)
    values = pd.to_numeric(long["value"], errors="raise").astype("float64")
    frame = pd.DataFrame(
        {
            "region_code": codes.values,
            "region_name": codes.map(region_name).values,
            "series": "projection",
            "period": long["period"].values,
            "value": values.values,
            "status": ["" if v == v else ".." for v in values.values],
        }
    ).sort_values(["region_code", "period"])
    provenance = Provenance(
        dataset=POPULATION_PROJECTION,
        title="Framskriven folkemengd 1. januar (2024-runden)",
        source="Statistisk sentralbyrå",
        table_id="14288",
        query={"table": "14288", "regions": sorted(set(codes)), "years": [2025, int(frame["period"].max())]},
        retrieved_at=utc_now_iso(),
        produced_by=(
            f"indicators.sources.published_csv.read_projection_wide({path.name}): SSB 14288 (framskrivingsrunden "
            "2024) slik tala er lagra i NINAnor/arealbruksscenarier; dei registrerte åra 2000–2024 er tekne ut "
            "(07459 har dei)."
        ),
        url="https://www.ssb.no/statbank/table/14288",
        notes=[
            "Framskrivingsrunde 2024 (SSB tabell 14288).",
            "Kjelda seier ikkje kva alternativ tala er; truleg hovudalternativet (MMMM).",
        ],
        extra={"projection_round": "2024", "alternative": "ikkje oppgitt (truleg MMMM)",
               "published_extract": "SSB 14288 via NINAnor/arealbruksscenarier"},
    )
    return Dataset(frame=frame, provenance=provenance)
