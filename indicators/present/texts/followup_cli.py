"""Texts of the follow-up's commands (db, users, record-status, history, changes, record-figure, meeting, round,
action-parts), in the language of `--lang` (default: the region's)."""

from __future__ import annotations

from indicators.i18n import Plural

NOT_A_DATE = "«{text}» er ikkje ein dato (ÅÅÅÅ-MM-DD eller D.M.ÅÅÅÅ)."

# db
UPGRADED = "Databasen er oppdatert (versjon {revision}): {url}"
BACKUP_PG_DUMP = ("Skreiv tryggingskopi til {path} med pg_dump (PostgreSQL sitt eige format; `db restore` hentar han "
                  "tilbake med pg_restore).")
BACKUP_JSON_INSTEAD = ("Skreiv tryggingskopi til {path} som JSON, ikkje med pg_dump: {problem}. `db restore` hentar han "
                       "tilbake like fullt.")
BACKUP_JSON = "Skreiv tryggingskopi til {path} (JSON)."
BACKUP_WRITTEN = "Skreiv tryggingskopi til {path}."
RESTORE_SAFETY_COPY = "Det som stod i databasen før, er lagra i {path}."
RESTORED = "Henta tilbake frå {file}: {counts}"

# users
PASSWORD = "Passord: "
PASSWORD_AGAIN = "Passord på nytt: "
PASSWORDS_DIFFER = "Passorda er ulike."
UNKNOWN_USER = "Ukjend brukar «{name}»."
USER_ADDED = "Oppretta brukaren {name} med rolla {role}."
USER_ADDED_FOR = "Oppretta brukaren {name} med rolla {role} for {municipality} ({code})."
# `users list`: the table's headers
USERS_HEADERS = {
    "name": "namn", "role": "rolle", "municipality": "kommune", "active": "aktiv", "locked_until": "låst til",
    "last_sign_in": "sist innlogga", "email": "e-post",
}
YES = "ja"
NO = "nei"
# a moment in the users table (Europe/Oslo): {date} as 06.12.2026, {time} as 13:05
MOMENT = "{date} kl. {time}"
USER_DEACTIVATED = "Brukaren {name} er ikkje lenger aktiv (logga ut, kan ikkje logge inn)."
USER_REACTIVATED = "Brukaren {name} er aktiv att."
USER_UNLOCKED = "Ventetida for innlogging som {name} er oppheva."
PASSWORD_SET = "Nytt passord for {name} (innloggingane som var opne, er avslutta)."
USER_MUNICIPALITY = "Brukaren {name} rapporterer no for {municipality} ({code})."
USER_SECRETARIAT = "Brukaren {name} høyrer no til sekretariatet."
USER_EMAIL = "Brukaren {name} har no e-postadressa {email}."
USER_NO_EMAIL = "Brukaren {name} har no inga e-postadresse."
USER_REMOVED = "Fjerna brukaren {name} (oppføringane og revisjonsloggen held på namnet)."

# record-status, history, changes, record-figure, meeting
STATUS_SAVED = "Lagra: {item} = {status} ({label}), oppføring {entry}."
PART_STATUS_SAVED = "Lagra: {item} ({municipality} sin del) = {status} ({label}), oppføring {entry}."
CORRECTS = "  (rettar oppføring {entry})"
NO_MEETING = "Ingen møte er registrerte; gi --since ÅÅÅÅ-MM-DD."
FIGURE_SAVED = "Lagra talet {value} for {goal} ({region}, {period})."
MEETING_SAVED = "Lagra møtet {name} ({date})."
NO_MEETINGS = "Ingen møte er førte. Før eitt med `meeting add ÅÅÅÅ-MM-DD NAMN --user NAMN`."
MEETINGS_HEADERS = {"date": "Dato", "meeting": "Møte", "by": "Ført av"}

# round
ROUND_ADDED = "Oppretta rapporteringsrunden «{name}» ({items}), open frå {opens}, frist {due}."
NO_ROUNDS = "Ingen rapporteringsrundar er oppretta. Opprett ein med `round add NAMN --due ÅÅÅÅ-MM-DD --user NAMN`."
ROUNDS_HEADERS = {"round": "Runde", "opened": "Opna", "due": "Frist", "items": "Punkt", "status": "Status"}
ROUND_STATE = "{name}: {items}, frist {due} ({state})"
ROUND_REPORTER = "{name}: {reported} rapportert, {missing} manglar"
ROUND_REPORTER_LATE = "{name}: {reported} rapportert, {missing} manglar, {late} for seint"
ROUND_MISSING = "  manglar: {item}"
ROUND_CLOSED = "Runden «{name}» er lukka. Det som vert registrert etter dette, tel med, merka «for seint»."
ROUND_ALL_REPORTED = "Alle har rapportert alt i runden «{name}»: ingen påminningar."
NOTE = "Merk: {message}"
NO_EMAIL_ADDRESS = Plural(
    "{user} ({reporter}) har {count} punkt att, men ingen e-postadresse: ingen påminning. Legg til ei adresse for "
    "brukaren.",
    "{user} ({reporter}) har {count} punkt att, men ingen e-postadresse: ingen påminning. Legg til ei adresse for "
    "brukaren.",
)
MAIL_TO = "Til: {to}"
MAIL_SUBJECT = "Emne: {subject}"
DRY_RUN = Plural(
    "Prøvekøyring: {count} påminning ville blitt send; {without} utan e-postadresse.",
    "Prøvekøyring: {count} påminningar ville blitt sende; {without} utan e-postadresse.",
)
NOT_ACCEPTED = "Påminninga til {recipient} vart ikkje teken imot av tenaren ({error})."
SENT = Plural(
    "Sende {count} påminning om runden «{name}».",
    "Sende {count} påminningar om runden «{name}».",
)

# action-parts
NO_MUNICIPALITIES = "ingen"
ACTION_PARTS = "Tiltak {action}: {names}"
CHANGED_BY_SECRETARIAT = "  (endra av sekretariatet)"
PART_ADDED = "{municipality} har no ein del av tiltak {action}."
PART_REMOVED = "{municipality} har ikkje lenger ein del av tiltak {action}."
