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

DISPLAY_ZONE = ZoneInfo("Europe/Oslo")  # times shown to people


MAX_NOTE_LENGTH = 4000


MAX_BODY_LENGTH = 200


NO_ENTRY = 0  # expected_previous when the editor saw no entry yet


_writes = writes  # the name the service modules use


def _iso(moment: dt.datetime) -> str:
    return moment.replace(tzinfo=dt.UTC).isoformat(timespec="seconds")


def _check_text(value: str | None, name: str, limit: int) -> str:
    value = value or ""
    if len(value) > limit:
        raise InvalidInputError(
            f"{name} er for lang: {format_number(len(value))} teikn; høgst {format_number(limit)} er lov."
        )
    return value


def _check_url(url: str | None) -> str | None:
    url = (url or "").strip() or None
    if url is not None:
        if not url.lower().startswith(("https://", "http://")) or any(c.isspace() for c in url):
            raise InvalidInputError(f"Lenkja «{url[:100]}» må vere ei nettadresse som byrjar med https://.")
        _check_text(url, "Lenkja", 2000)
    return url


def _check_date(value: dt.date | None, name: str, today: dt.date | None) -> dt.date:
    today = today or dt.date.today()
    if value is None:
        return today
    if isinstance(value, dt.datetime):
        value = value.date()
    if value > today:
        raise InvalidInputError(f"{name} {value.isoformat()} er fram i tid; i dag er {today.isoformat()}.")
    return value


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _decimals(value: float | None) -> int:
    return 0 if value is None or value != value or float(value).is_integer() else 1

