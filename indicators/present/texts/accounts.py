"""Texts of the account administration on Rapportering (ui/accounts_admin.py), for admins only."""

from __future__ import annotations

HEADING = "Brukarkontoar"
INTRO = (
    "Som administrator kan du gjere ein konto inaktiv (logga ut med ein gong, kan ikkje logge inn eller skrive), "
    "gjere han aktiv att, oppheve ventetida etter mislukka innloggingar, gi nytt passord eller fjerne kontoen. "
    "Oppføringane og revisjonsloggen held på namnet. Alt blir ført i revisjonsloggen."
)
COLUMNS = {
    "name": "Brukarnamn", "role": "Rolle", "municipality": "Kommune", "active": "Aktiv",
    "locked_until": "Ventetid til", "last_sign_in": "Sist innlogga", "email": "E-post",
}
YES, NO, NONE = "ja", "nei", "–"
PICK = "Konto"
DEACTIVATE = "Gjer inaktiv"
REACTIVATE = "Gjer aktiv att"
UNLOCK = "Opphev ventetida"
NEW_PASSWORD = "Nytt passord"
NEW_PASSWORD_AGAIN = "Nytt passord på nytt"
SET_PASSWORD = "Lagre nytt passord"
PASSWORDS_DIFFER = "Passorda er ulike. Ingenting er endra."
REMOVE_CONFIRM = "Ja, fjern kontoen {name}"
REMOVE = "Fjern kontoen"
REMOVE_NEEDS_CONFIRM = "Kryss av for at du vil fjerne kontoen først."
DONE = {
    "deactivate": "{name} er no inaktiv og logga ut.",
    "reactivate": "{name} er aktiv att.",
    "unlock": "Ventetida for {name} er oppheva.",
    "password": "{name} har fått nytt passord; innloggingane som var opne, er avslutta.",
    "remove": "Kontoen {name} er fjerna.",
}
UNAVAILABLE = "Kontoane kan ikkje lesast no: databasen svarar ikkje. Prøv igjen om litt."
