"""Texts of the Rapportering page, the sign-in (ui/auth.py) and the editors-only import on Klima.

Text a user typed (notes, names, sources) is never put into these templates as markdown: the page shows it
with st.text or `markdown_literal`.
"""

from __future__ import annotations

TITLE = "Rapportering"

# --- without sign-in ---------------------------------------------------------------------------------------
WHO_CAN_REPORT = (
    "Her fører sekretariatet i {council} status for resultatmåla og tiltaka i {plan_title}, tal som ingen "
    "offentleg statistikk dekkjer, rulleringa av handlingsprogrammet og møtedatoane. Alle kan lese det som er "
    "ført (på Oversikt, Handlingsprogram og i rapporten); berre innlogga redaktørar kan skrive."
)
HOW_TO_GET_ACCOUNT = (
    "**Slik får du ein konto:** spør administratoren i sekretariatet i {council}; administratoren lagar "
    "kontoen til deg. Der kommunen har innlogging med organisasjonskonto, knyter administratoren e-postadressa "
    "di til ein konto."
)
NOT_EDITOR = "Du er logga inn, men kontoen din kan ikkje skrive. Spør administratoren i sekretariatet."

# --- sign-in (ui/auth.py) ----------------------------------------------------------------------------------
SIGN_IN_HEADING = "Logg inn"
SIGN_IN_NAME = "Brukarnamn"
SIGN_IN_PASSWORD = "Passord"
SIGN_IN_BUTTON = "Logg inn"
SIGN_IN_MISSING = "Skriv både brukarnamn og passord."
SIGN_IN_EXPIRED = "Du var logga ut fordi økta var uverksam for lenge. Logg inn på nytt."
SIGN_IN_OIDC = "Logg inn med organisasjonskonto"
SIGN_IN_OIDC_PROVIDER = "Logg inn med {provider}"
SIGN_IN_OIDC_OR = "Eller logg inn med ein lokal konto:"
SIGN_IN_DATABASE_FAILED = "Innlogginga er ikkje tilgjengeleg no: databasen svarer ikkje. Prøv igjen seinare."
NO_ACCESS = (
    "Du har ikkje tilgang til å skrive: ingen aktiv konto er knytt til e-postadressa {email}. Spør "
    "administratoren i sekretariatet."
)
SIGNED_IN_AS = "Logga inn som {name} ({role})."
ROLE_LABELS: dict[str, str] = {"editor": "redaktør", "admin": "administrator"}
SIGN_OUT = "Logg ut"
SIGN_IN_PROMPT = "Logg inn som redaktør for å importere."

# --- sections ----------------------------------------------------------------------------------------------
SECTION_LABEL = "Kva vil du føre?"
SECTIONS: dict[str, str] = {
    "goals": "Mål",
    "actions": "Tiltak",
    "figures": "Tal",
    "revision": "Rullering",
    "meetings": "Møte",
}

# --- going through goals and actions -----------------------------------------------------------------------
ITEM_PICKER_GOALS = "Resultatmål"
ITEM_PICKER_ACTIONS = "Tiltak"
ITEM_POSITION = "nr. {position} av {count} i lista"
PREVIOUS_ITEM = "Førre"
NEXT_ITEM = "Neste"
GOAL_OPTION = "{position}. {title}"
ACTION_OPTION = "{number}. {text}"
ACTION_HEADING = "Tiltak {number}"
ADDED_AT_REVISION = "Lagt til ved rulleringa {year}."
AREA = "Innsatsområde"
TIME = "Tid"
RESPONSIBLE = "Ansvar"
INVOLVED = "Involvering"
REMARK = "Merknad i planen"
GOAL_KIND_MEASURED = (
    "Målt mål: statusen på tavla blir rekna ut frå tala. Ei vurdering her er sekretariatet si eiga og blir "
    "vist saman med henne."
)
GOAL_KIND_MEASURABLE = (
    "Målbart mål utan offentleg statistikk i tavla: før tal under «Tal», eller gje ei vurdering her."
)
GOAL_KIND_QUALITATIVE = "Kvalitativt mål: statusen er sekretariatet si vurdering."

CURRENT_HEADING = "Førre status"
NO_ENTRY_YET = "Ingen vurdering er ført i databasen enno."
ENTRY_NOTE = "Merknad:"
ENTRY_NO_NOTE = "Ingen merknad."
ENTRY_META = "Rapportert av: {body} · vurdert {assessed} · ført av {user} {entered}"
ENTRY_EVIDENCE = "Dokumentasjon:"
HISTORY = "Tidlegare vurderingar ({count})"
HISTORY_COLUMNS: dict[str, str] = {
    "assessed_on": "Vurdert",
    "status_label": "Status",
    "note": "Merknad",
    "reported_by": "Rapportert av",
    "entered_by": "Ført av",
    "entered_at": "Ført",
    "correction": "Retting",
}

FORM_HEADING = "Ny vurdering"
STATUS = "Status"
NOTE = "Merknad"
NOTE_HELP = "Vist som rein tekst (lenkjer og formatering blir ikkje tolka)."
EVIDENCE = "Lenkje til dokumentasjon (valfri)"
EVIDENCE_PLACEHOLDER = "https://"
REPORTED_BY = "Rapportert av"
REPORTED_BY_HELP = "Organet som har vurdert, t.d. RR eller Kommunane. Standard: ansvarleg i planen."
ASSESSED_ON = "Vurderingsdato"
SAVE_AND_NEXT = "Lagre og gå til neste"
SAVED = "Lagra: {item} — {status}."
SAVED_LAST = "Lagra: {item} — {status}. Det var det siste i lista."
STALE = (
    "Nokon andre har lagra ei ny vurdering medan du skreiv. Den nye vurderinga står til venstre; teksten din "
    "er teken vare på. Sjå over og trykk «Lagre og gå til neste» igjen for å lagre vurderinga di oppå."
)
STALE_ENTRY = "Ny vurdering: {status}, ført av {user} {entered}."
ITEM_GOAL = "mål «{title}»"

# --- the round since the last meeting, notes and corrections (issue 20) ------------------------------------
KIND_PLURAL: dict[str, str] = {"goal": "mål", "action": "tiltak"}
PROGRESS_SINCE_MEETING = "{done} av {count} {things} vurderte sidan møtet {date}"
PROGRESS_NO_MEETING = (
    "{done} av {count} {things} er vurderte så langt (ingen møte er ført; når datoen for førre møte er ført "
    "under «Møte», tel sida frå han)"
)
FILTER_NOT_ASSESSED = "Berre dei som ikkje er vurderte sidan sist møte"
FILTER_NOT_ASSESSED_NO_MEETING = "Berre dei som ikkje er vurderte"
ALL_ASSESSED = "Alle {things} er vurderte. Slå av filteret for å sjå dei."
MARK_DONE = "✓"  # assessed since the last meeting
MARK_OPEN = "○"
USE_PREVIOUS_NOTE = "Bruk førre merknad"
USE_PREVIOUS_NOTE_HELP = "Fyller merknadsfeltet med merknaden frå førre vurdering, så du kan endre han."
CORRECT = "Rett den førre vurderinga mi (ført {entered}) i staden for å føre ei ny"
CORRECT_HELP = (
    "Di eiga siste vurdering kan rettast i 30 minutt (til kl. {until}). Rettinga blir lagra som ei ny "
    "vurdering merkt som retting; den gamle står i historikken."
)
CORRECTED = "Retta: {item} — {status}."
CORRECTION_MARK = "retting av vurderinga ført {entered}"
CORRECTION_NOTE = "Dette er ei retting av vurderinga ført {entered}."
SHORTCUT_HINT = "Ctrl+Enter (⌘+Enter på Mac) i merknadsfeltet lagrar. Datoen kan skrivast som 6.12.2026."
ITEM_ACTION = "tiltak {number}"

# --- figures -----------------------------------------------------------------------------------------------
FIGURES_INTRO = (
    "Tal for mål som ingen import dekkjer (t.d. frå ei pressemelding eller ein rapport). Kvart tal treng ei "
    "kjelde; det blir vist som «registrert av sekretariatet, kjelde: …» og vurdert med same metode som "
    "statistikken."
)
FIGURES_NONE = "Planen har ingen målbare mål utan import."
FIGURE_GOAL = "Mål"
FIGURE_VALUE = "Verdi"
FIGURE_UNIT = "Eining"
FIGURE_PERIOD = "År"
FIGURE_REGION = "Region"
FIGURE_SOURCE = "Kjelde (namn)"
FIGURE_SOURCE_URL = "Lenkje til kjelda"
FIGURE_PUBLISHED = "Publiseringsdato (valfri)"
FIGURE_SAVE = "Lagre talet"
FIGURE_MISSING_VALUE = "Skriv ein verdi."
FIGURE_SAVED = "Lagra talet for {year}."
FIGURES_EXISTING = "Førte tal for dette målet"
FIGURES_EXISTING_NONE = "Ingen tal er førte for dette målet."
FIGURE_COLUMNS: dict[str, str] = {
    "period": "År",
    "region": "Region",
    "value": "Verdi",
    "unit": "Eining",
    "label": "Kjelde",
    "source_url": "Lenkje",
    "published_on": "Publisert",
    "entered_by": "Ført av",
    "entered_at": "Ført",
}

# --- annual revision ---------------------------------------------------------------------------------------
REVISION_INTRO = (
    "Handlingsprogrammet blir rullert kvart år. Planen sitt opphavlege tiltaksliste står som vedteken; tiltak "
    "som blir lagde til eller tekne ut, blir merkte med rulleringsåret."
)
ADD_HEADING = "Legg til eit tiltak"
ADD_TEXT = "Tiltaket"
ADD_AREA = "Innsatsområde"
ADD_TIME = "Tid (valfri)"
ADD_RESPONSIBLE = "Ansvar (valfri)"
REVISION_YEAR = "Rulleringsår"
REVISION_REASON = "Grunngjeving"
ADD_BUTTON = "Legg til tiltaket"
ADDED = "Tiltak {number} er lagt til ved rulleringa {year}."
DROP_HEADING = "Ta ut eit tiltak"
DROP_ACTION = "Tiltak"
DROP_BUTTON = "Ta ut tiltaket"
DROPPED = "Tiltak {number} er teke ut ved rulleringa {year}."
REVISIONS_EXISTING = "Endringar ved rulleringane"
REVISIONS_NONE = "Ingen tiltak er lagde til eller tekne ut."
REVISION_COLUMNS: dict[str, str] = {
    "action_number": "Tiltak",
    "label": "Endring",
    "text": "Tekst",
    "reason": "Grunngjeving",
    "entered_by": "Ført av",
}

# --- meetings ----------------------------------------------------------------------------------------------
MEETINGS_INTRO = (
    "Møtedatoane avgjer kva «Kva er endra sidan sist» viser. Eit møte fram i tid er det neste møtet."
)
MEETING_DATE = "Dato"
MEETING_NAME = "Namn på møtet"
MEETING_NAME_PLACEHOLDER = "t.d. Regionrådsmøte 15. oktober 2026"
MEETING_SAVE = "Lagre møtet"
MEETING_SAVED = "Lagra møtet {date}."
MEETINGS_EXISTING = "Førte møte"
MEETINGS_NONE = "Ingen møte er førte."
MEETING_COLUMNS: dict[str, str] = {"date": "Dato", "name": "Møte", "entered_by": "Ført av"}

SERVICE_UNAVAILABLE = (
    "Databasen for oppfølginga svarer ikkje. Prøv igjen om litt; held det fram, sjå til at "
    "`python -m indicators db upgrade` er køyrd og at DATABASE_URL er rett."
)

# --- editors-only import on Klima (pages/klima.py) -------------------------------------------------------
IMPORT_EDITORS_ONLY = (
    "Berre innlogga redaktørar kan importere: ein import byter ut tala alle ser. Logg inn nedanfor, eller "
    "gå til «Rapportering» for å sjå korleis ein får konto."
)
ACCEPT_IMPLAUSIBLE = "Eg stadfestar at tala er rette sjølv om dei ser urimelege ut"
ACCEPT_IMPLAUSIBLE_HELP = (
    "Stadfestinga blir lagra med namnet ditt i revisjonsloggen og i datasettet sitt opphav. Bruk ho berre når "
    "du har kontrollert fila mot Miljødirektoratet."
)
ACCEPT_NOT_RECORDED = (
    "Stadfestinga kunne ikkje lagrast i revisjonsloggen (databasen svarer ikkje), så fila blir ikkje importert. "
    "Prøv igjen om litt."
)
IMPORT_NOT_RECORDED = "Importen er gjord, men han kunne ikkje førast i revisjonsloggen (databasen svarer ikkje)."

# a figure in another unit than the goal's earlier figures: the choice (issue 18 §2)
FIGURE_UNIT_CHOICE = "Om eininga ikkje er «{unit}» som dei tidlegare tala"
FIGURE_UNIT_CHOICES = {
    None: "Stopp og spør meg",
    "convert": "Rekn talet om til «{unit}»",
    "new_series": "Start ein ny serie i den nye eininga",
}
