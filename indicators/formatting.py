"""Norwegian number and date formats: space as thousands separator, comma as decimal mark, 1. januar 2026."""

from __future__ import annotations

import datetime as dt
import math

MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)
THIN_SPACE = "\u00a0"  # non-breaking, so "11 709" never wraps between its digits


def format_number(value: float | None, decimals: int = 0) -> str:
    """11709 -> '11 709'; 4.68 (decimals=1) -> '4,7'; None/NaN -> '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", THIN_SPACE).replace(".", ",").replace("-", "−")


def format_percent(ratio: float | None, decimals: int = 1, signed: bool = False) -> str:
    """0.0468 -> '4,7 %' (signed: '+4,7 %')."""
    if ratio is None or (isinstance(ratio, float) and math.isnan(ratio)):
        return "–"
    text = format_number(ratio * 100, decimals)
    if signed and ratio > 0:
        text = "+" + text
    return f"{text}{THIN_SPACE}%"


def format_signed(value: float | None, decimals: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return ("+" if value > 0 else "") + format_number(value, decimals)


def format_date(value: str | dt.date | dt.datetime | None) -> str:
    """ISO text or a date -> '26. november 2026'; None -> 'ukjend'."""
    if value is None or value == "":
        return "ukjend"
    if isinstance(value, str):
        try:
            moment: dt.date = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    else:
        moment = value
    return f"{moment.day}. {MONTHS[moment.month - 1]} {moment.year}"


_NUMBER_WORDS = ("null", "éin", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti", "elleve", "tolv")


def count_words(count: int) -> str:
    """A small count as a Nynorsk word for running text ("dei seks kommunane"); 13 and up as digits."""
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else str(count)
