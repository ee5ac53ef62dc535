"""Shared pieces of the follow-up service: limits, input checks, times as text, the write decorator."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from indicators.followup.errors import InvalidInputError
from indicators.followup.unit_of_work import writes
from indicators.formatting import format_number
from indicators.i18n import Message, labels

DISPLAY_ZONE = ZoneInfo("Europe/Oslo")  # times shown to people


MAX_NOTE_LENGTH = 4000
# The service's refusals: worded in the language active where they are shown (i18n.Message).
REFUSALS = labels("followup.service.REFUSALS", {
    "too_long": "{field} er for lang: {length} teikn; høgst {limit} er lov.",
    "not_a_link": "Lenkja «{url}» må vere ei nettadresse som byrjar med https://.",
    "in_the_future": "{field} {date} er fram i tid; i dag er {today}.",
    "revision_year": "Rulleringsåret {year} må vere mellom {first} og {last}.",
    "no_action_text": "Tiltaket manglar tekst.",
    "unknown_area": "Ukjend innsatsområde «{area}»; bruk ein av {areas}.",
    "not_an_action": "«{number}» er ikkje eit tiltaksnummer.",
    "already_dropped": "Tiltak {number} er alt teke ut.",
    "no_drop_reason": "Skriv kvifor tiltaket blir teke ut.",
    "no_dataset_version": "Finn ikkje datasettversjon {version}.",
    "unknown_goal": "Ukjend mål «{goal}».",
    "qualitative_goal": "Målet «{goal}» er kvalitativt; registrer status, ikkje tal.",
    "no_source": "Talet må ha ei kjelde: skriv namnet på kjelda (og helst ei lenkje).",
    "not_a_number": "«{value}» er ikkje eit tal.",
    "not_finite": "Talet må vere eit endeleg tal.",
    "period": "Perioden {period} må vere eit år frå 1900 til {last}.",
    "unknown_region": "Ukjend region «{region}».",
    "unit_choice": "Dei tidlegare tala for «{goal}» er i «{current}», dette er i «{unit}». Vel anten å rekne talet om "
                   "til «{current}» eller å starte ein ny serie i «{unit}» (dei tidlegare tala blir lagra, men ikkje "
                   "brukte i vurderinga).",
    "no_conversion": "Kan ikkje rekne om frå «{unit}» til «{current}». Rekn om sjølv, eller start ein ny serie.",
    "both_kinds": "«{id}» er både ein mål-id og eit tiltaksnummer. Sei kva du meiner: mål (goal) eller tiltak "
                  "(action).",
    "unknown_kind": "Ukjend slag «{kind}»; bruk goal eller action.",
    "unknown_goal_id": "Ukjend mål med id «{id}». Bruk ein mål-id frå målfila eller eit tiltaksnummer ({span}).",
    "unknown_action_number": "Ukjend tiltak nummer «{id}». Bruk ein mål-id frå målfila eller eit tiltaksnummer "
                             "({span}).",
    "unknown_item": "Ukjend mål eller tiltak «{id}». Bruk ein mål-id frå målfila eller eit tiltaksnummer ({span}).",
    "no_actions": "ingen",
    "no_meeting_name": "Møtet manglar namn, t.d. «Regionrådsmøte 15. oktober 2026».",
    "parts_without_region": "Kommunedelar kan ikkje lagrast her (regionen manglar i kallet). Ingenting er lagra.",
    "no_status": "Status manglar. Vel ein av: {statuses}.",
    "invalid_status": "Ugyldig status «{status}» for {kind}; bruk ein av: {statuses}.",
})
# What an invalid status was given for (in «Ugyldig status … for {kind}»)
STATUS_KINDS = labels("followup.service.STATUS_KINDS", {
    "qualitative": "eit kvalitativt mål", "action": "eit tiltak", "indicator": "eit målt mål",
})
# The fields a refusal names (in «{field} er for lang …» and «{field} … er fram i tid»)
FIELDS = labels("followup.service.FIELDS", {
    "note": "Merknaden", "reported_by": "«Rapportert av»", "assessed_on": "Vurderingsdatoen",
    "reason": "Grunngjevinga", "text": "Teksten", "time": "Tid", "responsible": "Ansvar",
    "published_on": "Publiseringsdatoen", "unit": "Eininga", "source_name": "Kjeldenamnet",
    "quote_label": "Merkelappen", "citation": "Sitatet", "name": "Namnet", "url": "Lenkja",
})


MAX_BODY_LENGTH = 200


NO_ENTRY = 0  # expected_previous when the editor saw no entry yet


_writes = writes  # the name the service modules use


def _iso(moment: dt.datetime) -> str:
    return moment.replace(tzinfo=dt.UTC).isoformat(timespec="seconds")


class _Number(Message):
    """A count in a message, grouped as the language showing the message groups digits (4 001, 4,001)."""

    __slots__ = ()

    def __init__(self, value: int) -> None:
        super().__init__("", "{value}", {"value": value})

    def __str__(self) -> str:
        return format_number(int(str(self.params[0][1])))


def _check_text(value: str | None, field: str, limit: int) -> str:
    """`value` when at most `limit` characters long; `field`: what it is, a key of FIELDS."""
    value = value or ""
    if len(value) > limit:
        raise InvalidInputError(REFUSALS.message("too_long", field=FIELDS.message(field),
                                                 length=_Number(len(value)), limit=_Number(limit)))
    return value


def _check_url(url: str | None) -> str | None:
    url = (url or "").strip() or None
    if url is not None:
        if not url.lower().startswith(("https://", "http://")) or any(c.isspace() for c in url):
            raise InvalidInputError(REFUSALS.message("not_a_link", url=url[:100]))
        _check_text(url, "url", 2000)
    return url


def _check_date(value: dt.date | None, field: str, today: dt.date | None) -> dt.date:
    """`value` (default today) unless after today; `field`: what it is, a key of FIELDS."""
    today = today or dt.date.today()
    if value is None:
        return today
    if isinstance(value, dt.datetime):
        value = value.date()
    if value > today:
        raise InvalidInputError(REFUSALS.message("in_the_future", field=FIELDS.message(field), date=value.isoformat(),
                                                 today=today.isoformat()))
    return value


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _decimals(value: float | None) -> int:
    return 0 if value is None or value != value or float(value).is_integer() else 1

