"""Nynorsk descriptions of the common file-system, file-format and pandas errors.

A message that puts an exception's own text into a Nynorsk sentence leaks English ("[Errno 2] No such file or
directory", "No columns to parse from file", "(KeyError)"). Messages call `describe_error(exc)` instead: it keeps
the file name and says the rest in Nynorsk. Errors of this product (their class is defined under `indicators`)
already speak Nynorsk and are passed through.
"""

from __future__ import annotations

import errno
import json
import os
import re
import tomllib
from pathlib import Path

import pandas as pd

from indicators.settings import PROJECT_ROOT

_ERRNO_TEXT: dict[int, str] = {
    errno.ENOENT: "finst ikkje",
    errno.EACCES: "manglar løyve (lese- eller skriverett)",
    errno.EPERM: "operasjonen er ikkje tillaten",
    errno.EISDIR: "er ei mappe, ikkje ei fil",
    errno.ENOTDIR: "ein del av stigen er ikkje ei mappe",
    errno.ENOSPC: "disken er full",
    errno.EDQUOT: "diskkvoten er brukt opp",
    errno.EROFS: "filsystemet kan berre lesast",
    errno.EIO: "lese- eller skrivefeil på disken",
    errno.EEXIST: "finst frå før",
    errno.ENOTEMPTY: "mappa er ikkje tom",
    errno.ENAMETOOLONG: "namnet er for langt",
    errno.EMFILE: "for mange opne filer",
    errno.EBUSY: "er i bruk",
    errno.ELOOP: "for mange symbolske lenkjer",
}

# tomllib's messages (Python 3.11–3.13) without the position; the position is given apart.
_TOML_TEXT: tuple[tuple[str, str], ...] = (
    ("Expected ']]' at the end of an array declaration", "venta «]]» på slutten av overskrifta [[…]]"),
    ("Expected ']' at the end of a table declaration", "venta «]» på slutten av overskrifta […]"),
    ("Expected '=' after a key in a key/value pair", "venta «=» etter nøkkelen"),
    ("Expected newline or end of document after a statement", "venta linjeskift etter verdien"),
    ("Invalid value", "ugyldig verdi (manglar hermeteikn rundt ein tekst?)"),
    ("Invalid initial character for a key part", "ugyldig teikn i starten av ein nøkkel"),
    ("Invalid statement", "ugyldig linje"),
    ("Unclosed array", "ei liste [ … ] er ikkje lukka"),
    ("Unclosed inline table", "ein tabell { … } er ikkje lukka"),
    ("Unterminated string", "ein tekst manglar avsluttande hermeteikn"),
    ("Cannot overwrite a value", "same nøkkel står to gonger"),
    ("Cannot declare", "same tabell står to gonger"),
    ("Illegal character", "ulovleg teikn"),
    ("Found invalid character", "ulovleg teikn"),
    ("Cannot mutate immutable namespace", "same tabell står to gonger"),
    ("Cannot redefine namespace", "same tabell står to gonger"),
    ("Duplicate inline table key", "same nøkkel står to gonger"),
    ("Unescaped '\\' in a string", "skråstrek \\ i ein tekst må skrivast \\\\"),
    ("Invalid date or datetime", "ugyldig dato"),
)
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def describe_os_error(exc: OSError) -> str:
    """'[Errno 2] No such file or directory: "x/data.csv"' -> 'x/data.csv finst ikkje' (file name kept)."""
    reason = _ERRNO_TEXT.get(exc.errno or 0)
    if reason is None:
        reason = f"feil i filsystemet (feilkode {exc.errno})" if exc.errno else "ukjend feil i filsystemet"
    names = [os.fspath(n) for n in (exc.filename, exc.filename2) if n is not None]
    if not names:
        return reason
    where = " → ".join(str(n) for n in names)
    return f"{where}: {reason}"


def toml_position(exc: tomllib.TOMLDecodeError) -> tuple[int, int] | None:
    """(line, column) of a TOML syntax error, or None when tomllib gives none (e.g. at the end of the file)."""
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)  # Python 3.14 has them
    if isinstance(line, int) and isinstance(column, int):
        return line, column
    match = _TOML_POSITION.search(str(exc))
    return (int(match.group(1)), int(match.group(2))) if match else None


def describe_toml_error(exc: tomllib.TOMLDecodeError) -> str:
    """'Invalid value (at line 3, column 7)' -> 'linje 3, kolonne 7: ugyldig verdi (…)'."""
    text = getattr(exc, "msg", None) or str(exc)
    reason = next((nynorsk for english, nynorsk in _TOML_TEXT if text.startswith(english)), "feil i oppsettet")
    position = toml_position(exc)
    if position is not None:
        return f"linje {position[0]}, kolonne {position[1]}: {reason}"
    if "end of document" in str(exc):
        return f"på slutten av fila: {reason}"
    return reason


def _ours(exc: BaseException) -> bool:
    """An error of this product: its class is ours, or a plain ValueError/RuntimeError raised by our code
    (the domain raises those with Nynorsk text; one raised inside pandas or the standard library has English)."""
    if type(exc).__module__.split(".")[0] == "indicators":
        return True
    if type(exc) not in (ValueError, RuntimeError) or exc.__traceback__ is None:
        return False
    innermost = exc.__traceback__
    while innermost.tb_next is not None:
        innermost = innermost.tb_next
    where = Path(innermost.tb_frame.f_code.co_filename).resolve()
    return PROJECT_ROOT in where.parents and not {".venv", "site-packages"} & set(where.parts)


UNEXPECTED = "uventa feil i programmet (sjå loggen for detaljar)"


def describe_error(exc: BaseException, fallback: str = UNEXPECTED) -> str:
    """A Nynorsk description of `exc` for a message (no English fragments, no class names).

    Errors raised by this product pass through as they are; the common errors of the file system, TOML, JSON,
    CSV (pandas) and missing keys are described in Nynorsk; anything else is `fallback`."""
    if _ours(exc):
        return str(exc)
    if isinstance(exc, tomllib.TOMLDecodeError):
        return f"ikkje gyldig TOML ({describe_toml_error(exc)})"
    if isinstance(exc, json.JSONDecodeError):
        return f"ikkje gyldig JSON (linje {exc.lineno}, kolonne {exc.colno})"
    if isinstance(exc, pd.errors.EmptyDataError):
        return "fila er tom: ho har ingen kolonnar å lese"
    if isinstance(exc, pd.errors.ParserError):
        return "fila kan ikkje lesast som CSV: kolonnane og radene heng ikkje saman"
    if isinstance(exc, UnicodeDecodeError):
        return "fila er ikkje lagra som UTF-8-tekst"
    if isinstance(exc, OSError):
        return describe_os_error(exc)
    if isinstance(exc, KeyError):
        key = exc.args[0] if exc.args else ""
        shown = ", ".join(str(k) for k in key) if isinstance(key, tuple) else str(key)
        return f"manglar «{shown}»" if shown else "manglar ein verdi"
    if isinstance(exc, MemoryError):
        return "for lite minne"
    return fallback

# The browser tab's title while the region file (which names the region) cannot be read.
APP_TITLE_WITHOUT_REGION = "Strategisk plan i tal"
