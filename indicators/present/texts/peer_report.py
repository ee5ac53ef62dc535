"""Texts of the statusrapport's section «{region} samanlikna med liknande regionar» (HTML, PDF and Word alike).
Plain text: the templates escape every value."""

from __future__ import annotations

HEADING = "{region} samanlikna med liknande regionar"
INTRO = (
    "Endringa i folketalet, i talet på innbyggjarar i yrkesaktiv alder (20–64 år) og i talet på arbeidsplassar "
    "for {region} og samanlikningsregionane ({peers}). Kvar region er summen av kommunane sine "
    "etter grensene i 2024. Talet i parentes er plassen blant dei {count} regionane, frå høgaste vekst."
)
# When the columns cover different years (the newest jobs figures for every municipality are older than the newest
# population figures), the intro names each column by its heading, so no reader takes them for the same period.
PERIODS_DIFFER = (
    "Periodane er ikkje dei same i alle kolonnane ({periods}): kvar kolonne har dei nyaste åra datagrunnlaget har "
    "tal for i alle regionane."
)
COLUMN_PLACE = "Region"
COLUMN_POPULATION = "Folketal {start}–{end}"
COLUMN_WORKING_AGE = "20–64 år {start}–{end}"
COLUMN_JOBS = "Arbeidsplassar {start}–{end}"
CELL = "{value} ({position}.)"
CELL_ESTIMATED = "{value} (berekna etter grensene i 2024, ikkje rangert)"
MEASURES = {
    "population": "vekst i folketalet",
    "working_age": "vekst i yrkesaktiv alder (20–64 år)",
    "jobs": "vekst i talet på arbeidsplassar",
}
RANK_LINE = "{name}: {position}. høgaste {measure} av {total} regionar {start}–{end} ({value})."
UNRANKED_LINE = "{name}: ingen plass på {measure} {start}–{end}: tala er berekna etter grensene i 2024."
NO_FIGURES_LINE = "{name}: ingen tal for {measure} i {start} eller {end}."
CAUTION = (
    "Ei rangering seier kvar regionen står samanlikna med dei andre, ikkje om det er bra eller dårleg (Kolada "
    "åtvarar om det same): vekst kan vere eit mål for éin region og eit problem for ein annan, og små regionar kan "
    "flytte seg fleire plassar på nokre få personar. Same tabell, same år og grensene i 2024 for alle."
)
SOURCE = (
    "Kjelde: {sources}. Folketal 1. januar, arbeidsplassar etter arbeidsstad i 4. kvartal. Korleis tala kom inn: "
    "vedlegg B."
)
SOURCE_PART = "{source}, tabell {table} ({date})"
SOURCE_PUBLISHED = "publisert {date}"
SOURCE_STORED = "lagra {date}"
UNAVAILABLE = "Samanlikninga med dei liknande regionane manglar: {reason}"
NO_PEER_FIGURES = "datagrunnlaget har ikkje tal for kommunane i samanlikningsregionane ({peers})."
MISSING_PEERS = "Ingen tal i datagrunnlaget for {names}: ikkje alle kommunane deira er med."
