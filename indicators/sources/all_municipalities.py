"""Importers for the all-municipality extracts (../shared/data/ssb/all-municipalities/): population by sex and
one-year age 2005–2026 (SSB 07459 on 2024 borders, as csdata packaged it), employment by residence and
workplace 2017–2022 (SSB 11618) and commuting flows 2017–2022 (SSB 03321), the last two on the codes of each
year, mapped here to 2024 borders with the code table (indicators.municipality_codes): merged municipalities
summed, split ones apportioned by the published shares (estimates, «berekna etter grensene i 2024»; the domain
marks them from the code table, so the stored rows carry no flag).

Every file is checked against the SHA256SUMS beside it. They build the committed snapshot
(scripts/build_snapshot.py) and are never run by the app.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from indicators.cache import utc_now_iso
from indicators.datasets import POPULATION
from indicators.model import Dataset, Provenance
from indicators.municipality_codes import CodeTable, UnmappedCodeError, _build
from indicators.regions import active_region
from indicators.sources.code_changes import read_municipality_codes, verify_listed_checksum
from indicators.sources.published_csv import KNOWN_SEXES, POPULATION_COLUMNS, PublishedFileError
from indicators.sources.ssb_extracts import (
    PENDLING_REPOSITORY,
    commuting_dataset,
    employment_dataset,
    published_numbers,
    published_years,
    read_columns,
    read_commuting_rows,
    read_employment_rows,
)

CSDATA = "R-pakken csdata (niphr/csdata, R/sysdata.rda, commit 59345122, MIT, Folkehelseinstituttet)"
PENDLING = f"{PENDLING_REPOSITORY}, data/data_kommune{{år}}.rds og data/data_pendling{{år}}.rds, commit b3d34483"


def _code_table(path: Path) -> CodeTable:
    """The code table of the extract folder (the file's neighbours municipality_code_changes… and …_2024.csv)."""
    return _build(read_municipality_codes(path.parent).frame)


def _without_unknown_zeros(path: Path, frame: pd.DataFrame, table: CodeTable, columns: tuple[str, ...]
                           ) -> tuple[pd.DataFrame, list[str]]:
    """Rows under a code the table does not know for its year are left out when their figure is 0 (SSB keeps an
    empty row for a code in the year it moved county, e.g. 1567 in 2019), with a note; any other is an error."""
    known = set(zip(table.frame["former_code"], table.frame["period"], strict=True))
    unknown = pd.Series(False, index=frame.index)
    for column in columns:
        unknown |= pd.Series([(c, int(p)) not in known for c, p in zip(frame[column], frame["period"], strict=True)],
                             index=frame.index)
    if not unknown.any():
        return frame, []
    bad = frame[unknown & (frame["value"].fillna(1) != 0)]
    if not bad.empty:
        raise UnmappedCodeError(sorted({(str(c), int(p)) for column in columns
                                        for c, p in zip(bad[column], bad["period"], strict=True)}))
    dropped = frame[unknown]
    pairs = sorted({(str(c), int(p)) for column in columns for c, p in zip(dropped[column], dropped["period"],
                                                                        strict=True) if (c, int(p)) not in known})
    listed = ", ".join(f"{c} ({p})" for c, p in pairs)
    note = (f"{len(dropped)} rader med 0 under kodar som ikkje galdt det året ({listed}) er utelatne "
            f"(fila {path.name}).")
    return frame[~unknown].reset_index(drop=True), [note]


def read_population_all(path: str | Path) -> Dataset:
    """SSB 07459 for every municipality (2024 codes), county and the country: sex, one-year age 0–105, 2005–2026.
    The region file's names are used for its own codes (members, comparisons), the file's names for the rest."""
    path = Path(path)
    verify_listed_checksum(path)
    raw = read_columns(path, POPULATION_COLUMNS)
    unknown_sex = set(raw["sex"]) - KNOWN_SEXES
    if unknown_sex:
        raise PublishedFileError(f"{path.name}: ukjend kjønn {sorted(unknown_sex)}")
    table = _code_table(path)
    codes = raw["region_code"].str.strip()
    region = active_region()
    municipal = codes.str.fullmatch(r"\d{4}")
    unknown = sorted(set(codes[municipal]) - set(table.names))
    if unknown:
        raise PublishedFileError(f"{path.name}: kommunenummer som ikkje er 2024-kommunar: {', '.join(unknown[:5])}")
    missing = set(table.names) - set(codes)
    if missing:
        raise PublishedFileError(f"{path.name}: manglar kommune(ne) {', '.join(sorted(missing)[:5])}")
    file_names = dict(zip(codes, raw["region_name"], strict=True))
    names = {code: region.names.get(code, table.names.get(code, file_names[code])) for code in set(codes)}
    values = published_numbers(path, raw["persons"])
    frame = pd.DataFrame(
        {
            "region_code": codes,
            "region_name": codes.map(names),
            "sex": raw["sex"],
            "age": raw["age"].astype(int).astype(str),
            "period": published_years(path, raw["year"]),
            "value": values,
            "status": ["" if v == v else ".." for v in values],
        }
    )
    years = [int(frame["period"].min()), int(frame["period"].max())]
    counties = codes[~municipal & (codes != "0")].nunique()
    provenance = Provenance(
        dataset=POPULATION,
        title="Folkemengd 1. januar, etter kjønn og eittårig alder",
        source="Statistisk sentralbyrå",
        table_id="07459",
        query={
            "table": "07459",
            "regions": f"alle {len(table.names)} kommunar (2024-kodar), {counties} fylke og landet",
            "years": years,
            "note": "Kommunar og fylke harmonisert til 2024-grenser",
        },
        retrieved_at=utc_now_iso(),
        produced_by=(
            f"indicators.sources.all_municipalities.read_population_all({path.name}): SSB 07459 harmonisert til "
            f"kommunegrensene frå 2024 i {CSDATA}; Hallingdal-radene er like det tidlegare uttrekket (55 968 av "
            "55 968)."
        ),
        url="https://www.ssb.no/statbank/table/07459",
        notes=[
            "Alder 105 tyder 105 år eller eldre.",
            "For kommunar som vart delte, er åra før delinga berekna etter grensene i 2024 (csdata vektar dei); "
            "der skil «total» seg litt frå summen av kvinner og menn.",
            "Landet har opptil 11 766 fleire personar enn summen av kommunane (personar utan kjend kommune).",
        ],
        extra={"published_extract": f"SSB 07459 via {CSDATA}"},
    )
    return Dataset(frame=frame, provenance=provenance)


def read_employment_all(path: str | Path) -> Dataset:
    """SSB 11618 (15–74 år, 4. kvartal) for every municipality on the codes of each year, mapped to 2024 borders:
    residents_15_74, employed_by_residence, jobs_by_workplace."""
    path = Path(path)
    verify_listed_checksum(path)
    published = read_employment_rows(path)
    published_codes = published["region_code"].nunique()
    if published.duplicated(["region_code", "measure", "period"]).any():
        raise PublishedFileError(f"{path.name}: same kommune, variabel og år står fleire gonger")
    table = _code_table(path)
    published, notes = _without_unknown_zeros(path, published, table, ("region_code",))
    frame = table.to_2024(published).drop(columns="estimated")
    frame = frame.sort_values(["region_code", "measure", "period"], ignore_index=True)
    _every_municipality(path, frame, table)
    return employment_dataset(
        frame,
        regions=f"alle kommunar, kodane slik SSB publiserte dei kvart år ({published_codes} kodar)",
        note="Ført over til 2024-grensene med kodetabellen (municipality_codes)",
        produced_by=(
            f"indicators.sources.all_municipalities.read_employment_all({path.name}): API-uttrekk frå SSB 11618 "
            f"slik SSB sitt eige app-repository har lagra dei ({PENDLING}); kodane kvart år ført over til "
            "2024-kommunane med kodetabellen: samanslegne kommunar summerte, delte fordelte etter dei publiserte "
            "delane."
        ),
        notes=[
            "Tal for kommunar som vart delte, er berekna etter grensene i 2024 (fordelte etter dei publiserte "
            "delane, difor ikkje heile tal).",
            *notes,
        ],
    )


def _every_municipality(path: Path, frame: pd.DataFrame, table: CodeTable) -> None:
    missing = set(table.names) - set(frame["region_code"])
    if missing:
        raise PublishedFileError(f"{path.name}: manglar kommune(ne) {', '.join(sorted(missing)[:5])}")


def read_commuting_all(path: str | Path) -> Dataset:
    """SSB 03321: employed persons by residence (region_code) and workplace (workplace_code), every pair of
    municipalities with a flow above 0, on 2024 borders (both sides mapped with the code table)."""
    path = Path(path)
    verify_listed_checksum(path)
    published = read_commuting_rows(path)
    if published.duplicated(["region_code", "workplace_code", "period"]).any():
        raise PublishedFileError(f"{path.name}: same par av kommunar og år står fleire gonger")
    zero = published["value"] == 0
    published = published[~zero].reset_index(drop=True)  # like SSB's own extract: flows of 0 are not stored
    table = _code_table(path)
    published, notes = _without_unknown_zeros(path, published, table, ("region_code", "workplace_code"))
    by_residence = table.to_2024(published)
    frame = table.to_2024(by_residence, code_column="workplace_code", name_column="workplace_name")
    frame = frame.drop(columns="estimated")
    frame = frame.sort_values(["period", "region_code", "workplace_code"], ignore_index=True)
    return commuting_dataset(
        frame,
        rows="alle par av kommunar med talet over 0",
        note="Begge sider ført over til 2024-kommunane med kodetabellen (municipality_codes)",
        produced_by=(
            f"indicators.sources.all_municipalities.read_commuting_all({path.name}): API-uttrekk frå SSB 03321 "
            f"slik SSB sitt eige app-repository har lagra dei ({PENDLING}); {int(zero.sum())} par med 0 er "
            "utelatne; begge sider ført over til 2024-kommunane (samanslegne summerte, delte fordelte etter dei "
            "publiserte delane)."
        ),
        notes=[
            "Straumar til og frå kommunar som vart delte, er berekna etter grensene i 2024 (fordelte etter dei "
            "publiserte delane, difor ikkje heile tal).",
            *notes,
        ],
    )
