"""Importers for SSB API extracts stored by SSB's own commuting app (statisticsnorway/pendling, Apache-2.0).

The extracts use the municipality codes SSB published each year (0615–0620 until 2019, 3039–3044 in
2020–2023). These importers stitch them into one continuous series per municipality under today's codes
(indicators.regions.current_code). Nothing is dropped silently: a code the importer cannot place, or two
codes that land on the same municipality in the same year, stops the import with a message naming it.
They build the committed snapshot (scripts/build_snapshot.py) and are never run by the app.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from indicators.cache import utc_now_iso
from indicators.datasets import COMMUTING, EMPLOYMENT
from indicators.model import Dataset, Provenance
from indicators.regions import active_region, current_code, region_name
from indicators.sources.published_csv import PublishedFileError, code_span

EMPLOYMENT_COLUMNS = ["Region", "Kjonn", "Alder", "ContentsCode", "Tid", "value"]
COMMUTING_COLUMNS = ["ArbstedKomm", "Bokommuen", "ContentsCode", "Tid", "value"]

# SSB 11618 content codes -> our measure codes
EMPLOYMENT_MEASURES: dict[str, str] = {
    "BefolkningBosted": "residents_15_74",
    "SysselBosted": "employed_by_residence",
    "SysselArbsted": "jobs_by_workplace",
}
COMMUTING_CONTENT = "Sysselsatte"

PENDLING_REPOSITORY = "statisticsnorway/pendling (Apache-2.0)"
COMMUTING_OMISSION_NOTE = (
    "Uttrekket manglar nokre få svært små pendlingsstraumar (kommunar utan kartpunkt i kjeldeappen), så "
    "summane etter bustad kan vere nokre få personar lågare enn sysselsette etter bustad i tabell 11618."
)
_MUNICIPALITY_CODE = re.compile(r"^\d{4}$")


class ExtractCodeError(PublishedFileError):
    """A region code in an extract that the importer cannot place (the codes are kept on the error)."""

    def __init__(self, message: str, codes: list[str]):
        super().__init__(message)
        self.codes = codes


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise PublishedFileError(f"{path.name} kan ikkje lesast: {exc}") from exc
    if list(raw.columns) != columns:
        raise PublishedFileError(f"{path.name}: venta kolonnane {', '.join(columns)}, fekk {', '.join(raw.columns)}")
    if raw.empty:
        raise PublishedFileError(f"{path.name}: fila har ingen rader")
    for column in columns:
        raw[column] = raw[column].str.strip()
    return raw


def _years(path: Path, raw: pd.DataFrame) -> pd.Series:
    years = pd.to_numeric(raw["Tid"], errors="coerce")
    if years.isna().any():
        raise PublishedFileError(f"{path.name}: ugyldig år «{raw.loc[years.isna(), 'Tid'].iloc[0]}»")
    return years.astype(int)


def _values(path: Path, raw: pd.DataFrame) -> pd.Series:
    """Numbers as float; an empty cell or an SSB symbol (.., ., :) is NaN, never 0."""
    text = raw["value"]
    symbols = text.isin(["", "..", ".", "...", ":", "-"])
    values = pd.to_numeric(text.where(~symbols), errors="coerce")
    bad = values.isna() & ~symbols
    if bad.any():
        raise PublishedFileError(f"{path.name}: ugyldig tal «{text[bad].iloc[0]}»")
    return values.astype("float64")


def _statuses(raw: pd.DataFrame, values: pd.Series) -> list[str]:
    """SSB's symbol where the cell has no number ("-" is SSB's nil: kept as NaN with its symbol)."""
    return [("" if v == v else (symbol if symbol else "..")) for v, symbol in zip(values, raw["value"], strict=True)]


def former_code_spans() -> str:
    """The members' former codes and the years they held, for provenance text, from the region file."""
    region = active_region()
    spans = []
    start = None
    for until in sorted({f.until for m in region.members for f in m.former}):
        codes = sorted(f.code for m in region.members for f in m.former if f.until == until)
        years = f"til {until}" if start is None else f"{start}–{until}"
        spans.append(f"{codes[0]}–{codes[-1]} ({years})" if len(codes) > 1 else f"{codes[0]} ({years})")
        start = until + 1
    return "kodane " + " og ".join(spans) if spans else "kodane"


def _same_year_duplicates(path: Path, published: pd.Series, stitched: pd.DataFrame, keys: list[str]) -> None:
    """Two published codes that land on the same stitched key (e.g. 0618 and 3042 both in 2020)."""
    frame = stitched.assign(_published=published.values)
    clash = frame.duplicated(subset=keys, keep=False)
    if clash.any():
        first = frame[clash].iloc[0]
        same = frame[clash]
        for key in keys:
            same = same[same[key] == first[key]]
        codes = sorted(set(same["_published"]))
        where = ", ".join(f"{k}={first[k]}" for k in keys)
        raise PublishedFileError(
            f"{path.name}: kodane {' og '.join(codes)} gjeld same kommune i same år ({where}); "
            "venta éin rad per kommune og år"
        )


def read_employment_extract(path: str | Path) -> Dataset:
    """SSB 11618, age 15–74, 4th quarter: residents, employed by residence and employed by workplace (= jobs).

    Measures: residents_15_74, employed_by_residence, jobs_by_workplace. Every region code must be a
    Hallingdal code under any of its numbers; anything else is an error naming the code.
    """
    path = Path(path)
    raw = _read(path, EMPLOYMENT_COLUMNS)
    codes = raw["Region"].map(current_code)
    unknown = sorted(set(raw.loc[codes.isna(), "Region"]))
    if unknown:
        raise ExtractCodeError(
            f"{path.name}: regionkode(ar) som ikkje er ein {active_region().name}-kommune: {', '.join(unknown)}. "
            "Importen stoppar i staden for å droppe radene.",
            unknown,
        )
    unknown_content = sorted(set(raw["ContentsCode"]) - set(EMPLOYMENT_MEASURES))
    if unknown_content:
        raise PublishedFileError(f"{path.name}: ukjend statistikkvariabel {', '.join(unknown_content)}")
    for column, expected in (("Kjonn", "0"), ("Alder", "15-74")):
        other = sorted(set(raw[column]) - {expected})
        if other:
            raise PublishedFileError(f"{path.name}: venta {column} = {expected}, fekk også {', '.join(other)}")
    missing = set(active_region().member_codes) - set(codes)
    if missing:
        raise PublishedFileError(f"{path.name}: manglar kommune(ne) {', '.join(sorted(missing))}")
    values = _values(path, raw)
    frame = pd.DataFrame(
        {
            "region_code": codes,
            "region_name": codes.map(region_name),
            "measure": raw["ContentsCode"].map(EMPLOYMENT_MEASURES),
            "period": _years(path, raw),
            "value": values,
            "status": _statuses(raw, values),
        }
    )
    _same_year_duplicates(path, raw["Region"], frame, ["region_code", "measure", "period"])
    frame = frame.sort_values(["region_code", "measure", "period"]).reset_index(drop=True)
    years = [int(frame["period"].min()), int(frame["period"].max())]
    provenance = Provenance(
        dataset=EMPLOYMENT,
        title="Sysselsette 15–74 år etter arbeidsstad og bustad, og innbyggjarar 15–74 år (4. kvartal)",
        source="Statistisk sentralbyrå",
        table_id="11618",
        query={
            "table": "11618",
            "Region": sorted(set(raw["Region"])),
            "Kjonn": "0",
            "Alder": "15-74",
            "ContentsCode": list(EMPLOYMENT_MEASURES),
            "years": years,
            "note": f"Kodane slik SSB publiserte dei kvart år, skøytte saman til dagens kodar {code_span()}",
        },
        retrieved_at=utc_now_iso(),
        produced_by=(
            f"indicators.sources.ssb_extracts.read_employment_extract({path.name}): API-uttrekk frå SSB 11618 "
            f"slik SSB sitt eige app-repository {PENDLING_REPOSITORY} har lagra dei; {former_code_spans()} "
            "skøytte saman til dagens kodar (berre nye nummer, ingen grenseendringar)."
        ),
        extra={"published_extract": f"SSB 11618 via {PENDLING_REPOSITORY}"},
        url="https://www.ssb.no/statbank/table/11618",
        notes=[
            "Sysselsette etter arbeidsstad = arbeidsplassar i kommunen (personar 15–74 år, 4. kvartal).",
            "Kodane for dei seks kommunane endra nummer 1.1.2020 og 1.1.2024 utan grenseendringar.",
        ],
    )
    return Dataset(frame=frame, provenance=provenance)


def _commuting_side(path: Path, codes: pd.Series, side: str) -> tuple[pd.Series, pd.Series]:
    """(today's code for Hallingdal, else the published code; name) for one side of the flows."""
    bad = sorted(set(codes[~codes.str.match(_MUNICIPALITY_CODE)]))
    if bad:
        raise ExtractCodeError(f"{path.name}: ukjend kommunekode i {side}: {', '.join(bad)}", bad)
    mapped = codes.map(current_code)
    stitched = mapped.fillna(codes)
    members = active_region().member_codes
    names = stitched.map(lambda c: region_name(c) if c in members else other_municipality_name(c))
    return stitched, names


def other_municipality_name(code: str) -> str:
    """The label for a municipality outside Hallingdal: the extracts carry no names, so only its code."""
    return f"Kommune {code}"


def read_commuting_extract(path: str | Path) -> Dataset:
    """SSB 03321: employed persons by residence (region_code) and workplace (workplace_code) municipality.

    Each row must have a Hallingdal municipality on at least one side; Hallingdal codes are stitched to
    today's codes, the other side is kept with its code as published that year. Flows of 0 are not in the
    extract (it only holds positive values) and a few very small flows are missing (see the manifest).
    """
    path = Path(path)
    raw = _read(path, COMMUTING_COLUMNS)
    other_content = sorted(set(raw["ContentsCode"]) - {COMMUTING_CONTENT})
    if other_content:
        raise PublishedFileError(f"{path.name}: ukjend statistikkvariabel {', '.join(other_content)}")
    residence, residence_names = _commuting_side(path, raw["Bokommuen"], "Bokommuen")
    workplace, workplace_names = _commuting_side(path, raw["ArbstedKomm"], "ArbstedKomm")
    members = active_region().member_codes
    neither = ~residence.isin(members) & ~workplace.isin(members)
    if neither.any():
        pairs = sorted({f"{b}→{a}" for b, a in zip(raw.loc[neither, "Bokommuen"], raw.loc[neither, "ArbstedKomm"],
                                                   strict=True)})
        raise ExtractCodeError(
            f"{path.name}: straum(ar) utan {active_region().name}-kommune på nokon av sidene: {', '.join(pairs[:10])}",
            pairs,
        )
    missing = set(active_region().member_codes) - set(residence) - set(workplace)
    if missing:
        raise PublishedFileError(f"{path.name}: manglar kommune(ne) {', '.join(sorted(missing))}")
    values = _values(path, raw)
    frame = pd.DataFrame(
        {
            "region_code": residence.values,
            "region_name": residence_names.values,
            "workplace_code": workplace.values,
            "workplace_name": workplace_names.values,
            "period": _years(path, raw).values,
            "value": values.values,
            "status": _statuses(raw, values),
        }
    )
    published = raw["Bokommuen"] + "→" + raw["ArbstedKomm"]
    _same_year_duplicates(path, published, frame, ["region_code", "workplace_code", "period"])
    frame = frame.sort_values(["period", "region_code", "workplace_code"]).reset_index(drop=True)
    years = [int(frame["period"].min()), int(frame["period"].max())]
    name = active_region().name
    provenance = Provenance(
        dataset=COMMUTING,
        title="Sysselsette etter bustadkommune og arbeidsstadkommune (pendling, 4. kvartal)",
        source="Statistisk sentralbyrå",
        table_id="03321",
        query={
            "table": "03321",
            "ArbstedKomm": "alle",
            "Bokommuen": "alle",
            "ContentsCode": COMMUTING_CONTENT,
            "years": years,
            "rows": f"straumar der minst éi side er ein {name}-kommune og talet er over 0",
            "note": f"{name}-kodane skøytte saman til dagens kodar {code_span()}; andre kommunar med koden "
            "slik han var publisert det året",
        },
        retrieved_at=utc_now_iso(),
        produced_by=(
            f"indicators.sources.ssb_extracts.read_commuting_extract({path.name}): API-uttrekk frå SSB 03321 "
            f"slik SSB sitt eige app-repository {PENDLING_REPOSITORY} har lagra dei, rader med ein {name}-kommune "
            f"på minst éi side; {name}-kodane skøytte saman til dagens kodar."
        ),
        extra={"published_extract": f"SSB 03321 via {PENDLING_REPOSITORY}"},
        url="https://www.ssb.no/statbank/table/03321",
        notes=[
            COMMUTING_OMISSION_NOTE,
            "Straumar på 0 personar er ikkje med i uttrekket.",
            f"Kommunar utanfor {name} står med koden SSB brukte det året (kodane endra seg 2020 og 2024) "
            "og utan namn, fordi uttrekket ikkje har namn.",
        ],
    )
    return Dataset(frame=frame, provenance=provenance)
