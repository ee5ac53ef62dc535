"""Norwegian number and date formats: space as thousands separator, comma as decimal mark, 1. januar 2026, and
one clock: every moment shown in Europe/Oslo time, «6. desember 2026 kl. 04.47» (`format_moment`).

In Bokmål and English (`indicators.i18n`) numbers and dates follow Babel's patterns for the locale (nb_NO: 11 709,
4,7 %, 26. november 2026; en_GB: 11,709, 4.7%, 26 November 2026); Nynorsk keeps the forms above."""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

from babel import Locale, dates, numbers

from indicators import i18n

DISPLAY_ZONE = ZoneInfo("Europe/Oslo")

MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)
THIN_SPACE = "\u00a0"  # non-breaking, so "11 709" never wraps between its digits
WORDS = i18n.labels("formatting.WORDS", {"unknown": "ukjend", "at": "kl."})


def _locale() -> Locale | None:
    """Babel's locale for the active language; None in Nynorsk (the forms written out here)."""
    language = i18n.current()
    return None if language == i18n.SOURCE_LANGUAGE else Locale.parse(i18n.babel_locale(language))


def _babel_number(value: float, decimals: int, locale: Locale, percent: bool = False) -> str:
    pattern = numbers.parse_pattern(locale.percent_formats[None] if percent else locale.decimal_formats[None])
    pattern.frac_prec = (decimals, decimals)
    return pattern.apply(value, locale)


def format_number(value: float | None, decimals: int = 0) -> str:
    """11709 -> '11 709'; 4.68 (decimals=1) -> '4,7'; None/NaN -> '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    locale = _locale()
    if locale is not None:
        return _babel_number(value, decimals, locale)
    text = f"{value:,.{decimals}f}"
    return text.replace(",", THIN_SPACE).replace(".", ",").replace("-", "−")


def group_symbol() -> str:
    """The thousands separator `format_number` writes in the active language (',' in English, a space else)."""
    locale = _locale()
    return THIN_SPACE if locale is None else numbers.get_group_symbol(locale)


def format_percent(ratio: float | None, decimals: int = 1, signed: bool = False) -> str:
    """0.0468 -> '4,7 %' (signed: '+4,7 %')."""
    if ratio is None or (isinstance(ratio, float) and math.isnan(ratio)):
        return "–"
    sign = "+" if signed and ratio > 0 else ""
    locale = _locale()
    if locale is not None:
        return sign + _babel_number(ratio, decimals, locale, percent=True)
    return f"{sign}{format_number(ratio * 100, decimals)}{THIN_SPACE}%"


def format_signed(value: float | None, decimals: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return ("+" if value > 0 else "") + format_number(value, decimals)


def format_date(value: str | dt.date | dt.datetime | None) -> str:
    """ISO text or a date -> '26. november 2026' (a moment with a zone: its day in Oslo); None -> 'ukjend'."""
    if value is None or value == "":
        return WORDS["unknown"]
    if isinstance(value, str):
        try:
            moment: dt.date = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    else:
        moment = value
    if isinstance(moment, dt.datetime) and moment.tzinfo is not None:
        moment = moment.astimezone(DISPLAY_ZONE)  # the day in Oslo, not in UTC
    locale = _locale()
    if locale is not None:
        day = moment.date() if isinstance(moment, dt.datetime) else moment
        return dates.format_date(day, format="long", locale=locale)
    return f"{moment.day}. {MONTHS[moment.month - 1]} {moment.year}"


def local_moment(value: str | dt.datetime) -> dt.datetime:
    """A moment in Oslo time. Naive datetimes are UTC (the database stores them so); ISO text may carry a zone."""
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(DISPLAY_ZONE)


def format_moment(value: str | dt.datetime | None) -> str:
    """A moment as Oslo local date and time: «6. desember 2026 kl. 04.47» (naive = UTC); None/'' -> ''."""
    if value is None or value == "":
        return ""
    try:
        local = local_moment(value)
    except ValueError:
        return str(value)
    return f"{format_date(local)} {WORDS['at']} {format_clock(local)}"


def format_clock(value: str | dt.datetime) -> str:
    """The time of day of a moment in Oslo: «04.47» (naive = UTC; English: «04:47»)."""
    local = local_moment(value)
    locale = _locale()
    if locale is not None and locale.language == "en":
        return dates.format_time(local, format="HH:mm", locale=locale)
    return f"{local:%H.%M}"


def parse_date(text: str) -> dt.date:
    """A date typed the Norwegian way or as ISO: «6.12.2026», «06.12.2026», «2026-12-06» (ValueError else)."""
    text = text.strip()
    if "." in text:
        day, month, year = (int(part) for part in text.rstrip(".").split("."))
        return dt.date(year, month, day)
    return dt.date.fromisoformat(text)


_NUMBER_WORDS = ("null", "éin", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti", "elleve", "tolv")


def count_words(count: int) -> str:
    """A small count as a Nynorsk word for running text ("dei seks kommunane"); 13 and up as digits."""
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else str(count)
