"""Texts of the comparisons with other places: «Samanlikn med» on the trend charts, ranks among the
municipalities, and similar municipalities and regions (Om, Møtemodus, the exports)."""

from __future__ import annotations

from indicators.i18n import Plural

# --- «Samanlikn med» --------------------------------------------------------------------------------------
COMPARE_LABEL = "Samanlikn med"
COMPARE_HELP = (
    "Vel fylket, landet, ein samanlikningsregion eller kva kommune som helst. Tala er indekserte (startåret = "
    "100) eller rekna per innbyggjar, så stader av ulik storleik kan samanliknast."
)
COMPARE_PLACEHOLDER = "Vel stader å samanlikne med"
KIND_COUNTY = "{name} (fylke)"
KIND_COUNTRY = "{name} (landet)"
KIND_PEER = "{name} (region)"
KIND_MUNICIPALITY = "{name}"
COMPARED_VIEW = "Samanlikna med andre stader"
MEASURE_LABEL = "Vis som"
MEASURES = {"indexed": "Indeks (startåret = 100)", "per_100": "Per 100 innbyggjarar 15–74 år"}
BASE_YEAR_LABEL = "Startår (= 100)"

INDEXED_TITLE = "{name}: {own} i {last} ({base_year} = 100){tail}"
INDEXED_TAIL_HIGHEST = "; høgast av dei andre valde: {top} ({top_value})"
PER_100_TITLE = "{name}: {own} arbeidsplassar per 100 innbyggjarar 15–74 år i {last}{tail}"
PER_100_TAIL = "; høgast av dei andre valde: {top} ({top_value})"
SHARE_TITLE = "{name}: {own} % av innbyggjarane er {ages} i {last}{tail}"
SHARE_TAIL = "; høgast av dei andre valde: {top} ({top_value} %)"
Y_SHARE = "Del av innbyggjarane (%)"
SHARE_EXPORT = "Del av innbyggjarane som er {ages}, samanlikna med andre stader"
WORKING_AGE_VIEWS = {"count": "Talet på personar", "share": "Del av innbyggjarane, samanlikna med andre stader"}
Y_INDEX = "Indeks"
Y_PER_100 = "Per 100 innbyggjarar 15–74 år"
POPULATION_EXPORT = "Folketal samanlikna med andre stader (indeks, {base_year} = 100)"
JOBS_INDEXED_EXPORT = "Arbeidsplassar samanlikna med andre stader (indeks, {base_year} = 100)"
JOBS_PER_100_EXPORT = "Arbeidsplassar per 100 innbyggjarar 15–74 år, samanlikna med andre stader"
ESTIMATE_NOTE = "Nokre tal er berekna etter grensene i 2024 (delte kommunar)."
NO_FIGURES_FOR = "Ingen tal for {names} i datagrunnlaget; dei er ikkje med i diagrammet."

# --- ranks --------------------------------------------------------------------------------------------------
RANK_TOGGLE = "Vis rangering blant alle kommunane"
RANK_TOGGLE_REGION = "Vis rangering blant samanlikningsregionane"
HIGHEST = "høgaste"
RANK_LINE = "**{name}:** {position}. {order} {measure} av {total} {units} {start}–{end} ({value})"
UNITS_MUNICIPALITIES = "kommunar"
UNITS_REGIONS = "regionar ({region} og samanlikningsregionane)"
MEASURE_WORKING_AGE_GROWTH = "vekst i yrkesaktiv alder ({ages} år)"
MEASURE_POPULATION_GROWTH = "vekst i folketalet"
MEASURE_JOBS_GROWTH = "vekst i talet på arbeidsplassar"
JOBS_RANK_EXPORT = "Rangering etter vekst i arbeidsplassar {start}–{end}"
# Places whose figures in the rank's years are an estimate get no rank (and are not in «av N»): {names}, {year}
# the first year of figures that are not an estimate.
RANK_UNRANKED = Plural("{names} er ikkje rangert: tala før {year} er berekna etter grensene i 2024.",
                       "{names} er ikkje rangerte: tala før {year} er berekna etter grensene i 2024.")
RANK_UNRANKED_SELF = "Ingen rangering for {name}: tala før {year} er berekna etter grensene i 2024."
AND = " og "
RANK_CAUTION = (
    "Ei rangering seier kvar staden står samanlikna med dei andre, ikkje om det er bra eller dårleg "
    "(Kolada åtvarar om det same): vekst kan vere eit mål for éin kommune og eit problem for ein annan, og små "
    "kommunar kan flytte seg mange plassar på nokre få personar. Same tabell, same år og grensene i 2024 for alle; "
    "stader med berekna tal (delte kommunar) er ikkje rangerte, men står i nedlastinga (kolonna «not_ranked»)."
)
MEASURE_NET_MIGRATION = "netto innflytting per 1 000 innbyggjarar"
MIGRATION_RANK_LINE = (
    "**{name}:** {position}. {order} {measure} av {total} {units} {start}–{end} ({value} per 1 000 innbyggjarar "
    "1. januar {start}; {moved} personar netto)"
)
MIGRATION_RANK_NOTE = (
    "Netto innflytting summert over åra {start}–{end} (SSB Arealprofiler, som har alle kommunane) delt på "
    "folketalet 1. januar {start}, så stader av ulik storleik kan samanliknast."
)
MIGRATION_RANK_EXPORT = "Rangering etter netto innflytting per 1 000 innbyggjarar {start}–{end}"
RANK_NONE = "Ingen rangering: datagrunnlaget manglar tal for {name} i {start} eller {end}."
RANK_EXPORT = "Rangering etter vekst {start}–{end}"

# --- similar municipalities and regions -----------------------------------------------------------------------
SIMILAR_HEADING = "Liknande regionar og kommunar"
SIMILAR_INTRO = (
    "Kva stader liknar mest på {region} på nokre få mål: storleik, alderssamansetjing, vekst, arbeidsplassar "
    "per innbyggjar og pendling? Lista er eit utgangspunkt for å velje kven det er nyttig å samanlikne seg med, "
    "ikkje ei vurdering."
)
SIMILAR_METHOD = (
    "**Metode.** Kvart mål blir standardisert over alle kommunane i landet (trekt frå gjennomsnittet og delt på "
    "standardavviket), så alle måla tel like mykje; storleiken blir samanlikna på logaritmisk skala (1 000 mot "
    "2 000 innbyggjarar er like langt som 10 000 mot 20 000). Avstanden mellom to stader er den vanlege "
    "(euklidske) avstanden mellom dei standardiserte måla: 0 er heilt like, og om lag 1 per mål er eit vanleg "
    "avvik. Ein region er summen av kommunane sine. Ein stad utan tal på eitt av måla får ingen avstand."
)
SIMILAR_TOGGLE = "Vis dei stadene som liknar mest på {region}"
SIMILAR_MEASURES_HEADING = "**Måla** (siste år i datagrunnlaget):"
SIMILAR_MEASURE_LINES = {
    "residents": "Storleik: innbyggjarar 1. januar {year}",
    "share_65_plus": "Alderssamansetjing: del av innbyggjarane som er 65 år eller eldre, 1. januar {year}",
    "share_0_19": "Alderssamansetjing: del av innbyggjarane som er 0–19 år, 1. januar {year}",
    "growth_10_years": "Vekst: endring i folketalet {growth_from}–{year}",
    "jobs_per_100": "Arbeidsplassar per 100 innbyggjarar 15–74 år, 4. kvartal {work_year}",
    "out_commuting_share": "Pendling: del av dei sysselsette som arbeider utanfor staden, 4. kvartal {commuting_year}",
}
SIMILAR_REGIONS = "Samanlikningsregionane, nærast {region} først"
SIMILAR_MUNICIPALITIES = "Dei {count} kommunane som liknar mest på {name}"
SIMILAR_MEMBER_LABEL = "Finn kommunar som liknar på"
SIMILAR_COLUMNS = {
    "region_name": "Stad", "distance": "Avstand", "residents": "Innbyggjarar", "share_65_plus": "65 år +",
    "share_0_19": "0–19 år", "growth_10_years": "Vekst 10 år", "jobs_per_100": "Arbeidsplassar per 100",
    "out_commuting_share": "Pendlar ut",
}
SIMILAR_NONE = "Datagrunnlaget har ikkje alle måla for {name}, så dashbordet kan ikkje finne liknande stader."
SIMILAR_NO_DATA = (
    "Datagrunnlaget har ikkje tal for alle kommunane i landet enno, så dashbordet kan ikkje rekne ut kva stader "
    "som liknar mest."
)
SIMILAR_EXPORT = "Liknande regionar og kommunar"

# --- meeting mode ---------------------------------------------------------------------------------------------
SLIDE_SIMILAR = "{region} og liknande regionar"
SLIDE_SIMILAR_OPTION = "Vis lysbiletet «{region} og liknande regionar»"
PEERS_NOT_IN_MEETING = (
    "Samanlikningsregionane ({peers}) er ikkje i lista: møtet viser måla i planen til {region}, og dei gjeld ikkje "
    "for andre regionar. Lysbiletet «{region} og liknande regionar» viser dei side om side."
)
SLIDE_SIMILAR_NOTE = (
    "Avstand: 0 er heilt lik {region}; måla er standardiserte over alle kommunane (metoden står på sida «Om»)."
)
