"""SSB API extracts as SSB's own commuting app stored them (statisticsnorway/pendling, Apache-2.0): table 11618
(employment) and table 03321 (commuting), for the region's municipalities and for every municipality.

One reader per table reads an extract as published (read_employment_rows, read_commuting_rows: layout, content
codes, numbers and SSB's symbols) and one builder per table describes the result (employment_dataset,
commuting_dataset). The region importers here and the all-municipality importers
(indicators.sources.all_municipalities) use them and differ only in how they place the codes.

The region's extracts use the municipality codes SSB published each year (0615–0620 until 2019, 3039–3044 in
2020–2023). The region importers stitch them into one continuous series per municipality under today's codes
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
# SSB's symbols for a cell without a number ("-" is SSB's nil): NaN with the symbol as status, never 0
SYMBOLS = ("", "..", ".", "...", ":", "-")

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


def read_columns(path: Path, columns: list[str]) -> pd.DataFrame:
    """A published CSV as text, with exactly these columns and at least one row."""
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise PublishedFileError(f"{path.name} kan ikkje lesast: {exc}") from exc
    if list(raw.columns) != columns:
        raise PublishedFileError(f"{path.name}: venta kolonnane {', '.join(columns)}, fekk {', '.join(raw.columns)}")
    if raw.empty:
        raise PublishedFileError(f"{path.name}: fila har ingen rader")
    return raw


def published_years(path: Path, text: pd.Series) -> pd.Series:
    years = pd.to_numeric(text, errors="coerce")
    if years.isna().any():
        raise PublishedFileError(f"{path.name}: ugyldig år «{text[years.isna()].iloc[0]}»")
    return years.astype("int64")


def published_numbers(path: Path, text: pd.Series) -> pd.Series:
    """Numbers as float; an empty cell or an SSB symbol (.., ., :) is NaN, never 0."""
    symbols = text.isin(SYMBOLS)
    values = pd.to_numeric(text.where(~symbols), errors="coerce")
    bad = values.isna() & ~symbols
    if bad.any():
        raise PublishedFileError(f"{path.name}: ugyldig tal «{text[bad].iloc[0]}»")
    return values.astype("float64")


def _statuses(values: pd.Series, text: pd.Series) -> list[str]:
    """SSB's symbol where the cell has no number ("-" is SSB's nil: kept as NaN with its symbol)."""
    return [("" if v == v else (symbol or "..")) for v, symbol in zip(values, text, strict=True)]


def _stripped(path: Path, columns: list[str]) -> pd.DataFrame:
    return read_columns(path, columns).apply(lambda column: column.str.strip())


def _rows(path: Path, raw: pd.DataFrame, keys: dict[str, pd.Series]) -> pd.DataFrame:
    """The keys, then period, value and status from the extract's Tid and value."""
    values = published_numbers(path, raw["value"])
    period = published_years(path, raw["Tid"])
    return pd.DataFrame({**keys, "period": period, "value": values, "status": _statuses(values, raw["value"])})


def read_employment_rows(path: Path) -> pd.DataFrame:
    """An SSB 11618 extract (both sexes, age 15–74, three content codes) as published: region_code as SSB
    published it that year (region_name the same code: the extracts carry no names), measure, period, value,
    status. The caller places the codes."""
    raw = _stripped(path, EMPLOYMENT_COLUMNS)
    unknown_content = sorted(set(raw["ContentsCode"]) - set(EMPLOYMENT_MEASURES))
    if unknown_content:
        raise PublishedFileError(f"{path.name}: ukjend statistikkvariabel {', '.join(unknown_content)}")
    for column, expected in (("Kjonn", "0"), ("Alder", "15-74")):
        other = sorted(set(raw[column]) - {expected})
        if other:
            raise PublishedFileError(f"{path.name}: venta {column} = {expected}, fekk også {', '.join(other)}")
    return _rows(path, raw, {"region_code": raw["Region"], "region_name": raw["Region"],
                             "measure": raw["ContentsCode"].map(EMPLOYMENT_MEASURES)})


def read_commuting_rows(path: Path) -> pd.DataFrame:
    """An SSB 03321 extract as published: region_code = the residence and workplace_code = the workplace as SSB
    published them that year (the names the same codes: the extracts carry no names), period, value, status.
    The caller places the codes."""
    raw = _stripped(path, COMMUTING_COLUMNS)
    other_content = sorted(set(raw["ContentsCode"]) - {COMMUTING_CONTENT})
    if other_content:
        raise PublishedFileError(f"{path.name}: ukjend statistikkvariabel {', '.join(other_content)}")
    return _rows(path, raw, {"region_code": raw["Bokommuen"], "region_name": raw["Bokommuen"],
                             "workplace_code": raw["ArbstedKomm"], "workplace_name": raw["ArbstedKomm"]})


def _years_of(frame: pd.DataFrame) -> list[int]:
    return [int(frame["period"].min()), int(frame["period"].max())]


def employment_dataset(frame: pd.DataFrame, *, regions: str | list[str], note: str, produced_by: str,
                       notes: list[str]) -> Dataset:
    """The employment dataset (SSB 11618) of an importer's frame; regions, note, produced_by and the notes after
    the first say how the importer placed the codes."""
    provenance = Provenance(
        dataset=EMPLOYMENT,
        title="Sysselsette 15–74 år etter arbeidsstad og bustad, og innbyggjarar 15–74 år (4. kvartal)",
        source="Statistisk sentralbyrå",
        table_id="11618",
        query={
            "table": "11618",
            "Region": regions,
            "Kjonn": "0",
            "Alder": "15-74",
            "ContentsCode": list(EMPLOYMENT_MEASURES),
            "years": _years_of(frame),
            "note": note,
        },
        retrieved_at=utc_now_iso(),
        produced_by=produced_by,
        extra={"published_extract": f"SSB 11618 via {PENDLING_REPOSITORY}"},
        url="https://www.ssb.no/statbank/table/11618",
        notes=["Sysselsette etter arbeidsstad = arbeidsplassar i kommunen (personar 15–74 år, 4. kvartal).", *notes],
    )
    return Dataset(frame=frame, provenance=provenance)


def commuting_dataset(frame: pd.DataFrame, *, rows: str, note: str, produced_by: str, notes: list[str]) -> Dataset:
    """The commuting dataset (SSB 03321) of an importer's frame; rows, note, produced_by and the notes after the
    first two say which flows the importer kept and how it placed the codes."""
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
            "years": _years_of(frame),
            "rows": rows,
            "note": note,
        },
        retrieved_at=utc_now_iso(),
        produced_by=produced_by,
        extra={"published_extract": f"SSB 03321 via {PENDLING_REPOSITORY}"},
        url="https://www.ssb.no/statbank/table/03321",
        notes=[COMMUTING_OMISSION_NOTE, "Straumar på 0 personar er ikkje med i uttrekket.", *notes],
    )
    return Dataset(frame=frame, provenance=provenance)


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


def _missing_members(path: Path, codes: set[str]) -> None:
    missing = set(active_region().member_codes) - codes
    if missing:
        raise PublishedFileError(f"{path.name}: manglar kommune(ne) {', '.join(sorted(missing))}")


def read_employment_extract(path: str | Path) -> Dataset:
    """SSB 11618, age 15–74, 4th quarter: residents, employed by residence and employed by workplace (= jobs).

    Measures: residents_15_74, employed_by_residence, jobs_by_workplace. Every region code must be a
    Hallingdal code under any of its numbers; anything else is an error naming the code.
    """
    path = Path(path)
    published = read_employment_rows(path)
    codes = published["region_code"].map(current_code)
    unknown = sorted(set(published.loc[codes.isna(), "region_code"]))
    if unknown:
        raise ExtractCodeError(
            f"{path.name}: regionkode(ar) som ikkje er ein {active_region().name}-kommune: {', '.join(unknown)}. "
            "Importen stoppar i staden for å droppe radene.",
            unknown,
        )
    _missing_members(path, set(codes))
    frame = published.assign(region_code=codes, region_name=codes.map(region_name))
    _same_year_duplicates(path, published["region_code"], frame, ["region_code", "measure", "period"])
    frame = frame.sort_values(["region_code", "measure", "period"]).reset_index(drop=True)
    return employment_dataset(
        frame,
        regions=sorted(set(published["region_code"])),
        note=f"Kodane slik SSB publiserte dei kvart år, skøytte saman til dagens kodar {code_span()}",
        produced_by=(
            f"indicators.sources.ssb_extracts.read_employment_extract({path.name}): API-uttrekk frå SSB 11618 "
            f"slik SSB sitt eige app-repository {PENDLING_REPOSITORY} har lagra dei; {former_code_spans()} "
            "skøytte saman til dagens kodar (berre nye nummer, ingen grenseendringar)."
        ),
        notes=["Kodane for dei seks kommunane endra nummer 1.1.2020 og 1.1.2024 utan grenseendringar."],
    )


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
    published = read_commuting_rows(path)
    residence, residence_names = _commuting_side(path, published["region_code"], "Bokommuen")
    workplace, workplace_names = _commuting_side(path, published["workplace_code"], "ArbstedKomm")
    members = active_region().member_codes
    neither = ~residence.isin(members) & ~workplace.isin(members)
    if neither.any():
        pairs = sorted({f"{b}→{a}" for b, a in zip(published.loc[neither, "region_code"],
                                                   published.loc[neither, "workplace_code"], strict=True)})
        raise ExtractCodeError(
            f"{path.name}: straum(ar) utan {active_region().name}-kommune på nokon av sidene: {', '.join(pairs[:10])}",
            pairs,
        )
    _missing_members(path, set(residence) | set(workplace))
    frame = published.assign(region_code=residence, region_name=residence_names, workplace_code=workplace,
                             workplace_name=workplace_names)
    pairs_published = published["region_code"] + "→" + published["workplace_code"]
    _same_year_duplicates(path, pairs_published, frame, ["region_code", "workplace_code", "period"])
    frame = frame.sort_values(["period", "region_code", "workplace_code"]).reset_index(drop=True)
    name = active_region().name
    return commuting_dataset(
        frame,
        rows=f"straumar der minst éi side er ein {name}-kommune og talet er over 0",
        note=f"{name}-kodane skøytte saman til dagens kodar {code_span()}; andre kommunar med koden "
        "slik han var publisert det året",
        produced_by=(
            f"indicators.sources.ssb_extracts.read_commuting_extract({path.name}): API-uttrekk frå SSB 03321 "
            f"slik SSB sitt eige app-repository {PENDLING_REPOSITORY} har lagra dei, rader med ein {name}-kommune "
            f"på minst éi side; {name}-kodane skøytte saman til dagens kodar."
        ),
        notes=[
            f"Kommunar utanfor {name} står med koden SSB brukte det året (kodane endra seg 2020 og 2024) "
            "og utan namn, fordi uttrekket ikkje har namn.",
        ],
    )
