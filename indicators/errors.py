"""Descriptions of the common file-system, file-format and pandas errors (Nynorsk, worded in the reader's language).

A message that puts an exception's own text into a Nynorsk sentence leaks English ("[Errno 2] No such file or
directory", "No columns to parse from file", "(KeyError)"). Messages call `describe_error(exc)` instead: it keeps
the file name and says the rest in Nynorsk (`error_message(exc)`: the same as an i18n.Message, for a message
that is worded where it is shown). Errors of this product (their class is defined under `indicators`)
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

from indicators.i18n import Message, labels
from indicators.settings import PROJECT_ROOT

# Why the file system refused, by errno name; worded in the language active where the message is shown.
ERRNO_TEXT = labels("errors.ERRNO_TEXT", {
    "ENOENT": "finst ikkje",
    "EACCES": "manglar løyve (lese- eller skriverett)",
    "EPERM": "operasjonen er ikkje tillaten",
    "EISDIR": "er ei mappe, ikkje ei fil",
    "ENOTDIR": "ein del av stigen er ikkje ei mappe",
    "ENOSPC": "disken er full",
    "EDQUOT": "diskkvoten er brukt opp",
    "EROFS": "filsystemet kan berre lesast",
    "EIO": "lese- eller skrivefeil på disken",
    "EEXIST": "finst frå før",
    "ENOTEMPTY": "mappa er ikkje tom",
    "ENAMETOOLONG": "namnet er for langt",
    "EMFILE": "for mange opne filer",
    "EBUSY": "er i bruk",
    "ELOOP": "for mange symbolske lenkjer",
})

# tomllib's messages (Python 3.11–3.13) without the position (the position is given apart): the English start of
# the message -> the key of its text in TOML_TEXT.
_TOML_PREFIXES: tuple[tuple[str, str], ...] = (
    ("Expected ']]' at the end of an array declaration", "array_header"),
    ("Expected ']' at the end of a table declaration", "table_header"),
    ("Expected '=' after a key in a key/value pair", "equals"),
    ("Expected newline or end of document after a statement", "newline"),
    ("Invalid value", "value"),
    ("Invalid initial character for a key part", "key_start"),
    ("Invalid statement", "statement"),
    ("Unclosed array", "array"),
    ("Unclosed inline table", "inline_table"),
    ("Unterminated string", "string"),
    ("Cannot overwrite a value", "same_key"),
    ("Cannot declare", "same_table"),
    ("Illegal character", "character"),
    ("Found invalid character", "character"),
    ("Cannot mutate immutable namespace", "same_table"),
    ("Cannot redefine namespace", "same_table"),
    ("Duplicate inline table key", "same_key"),
    ("Unescaped '\\' in a string", "backslash"),
    ("Invalid date or datetime", "date"),
)
TOML_TEXT = labels("errors.TOML_TEXT", {
    "array_header": "venta «]]» på slutten av overskrifta [[…]]",
    "table_header": "venta «]» på slutten av overskrifta […]",
    "equals": "venta «=» etter nøkkelen",
    "newline": "venta linjeskift etter verdien",
    "value": "ugyldig verdi (manglar hermeteikn rundt ein tekst?)",
    "key_start": "ugyldig teikn i starten av ein nøkkel",
    "statement": "ugyldig linje",
    "array": "ei liste [ … ] er ikkje lukka",
    "inline_table": "ein tabell { … } er ikkje lukka",
    "string": "ein tekst manglar avsluttande hermeteikn",
    "same_key": "same nøkkel står to gonger",
    "same_table": "same tabell står to gonger",
    "character": "ulovleg teikn",
    "backslash": "skråstrek \\ i ein tekst må skrivast \\\\",
    "date": "ugyldig dato",
    "other": "feil i oppsettet",
})

# The sentences around them.
MESSAGES = labels("errors.MESSAGES", {
    "os_code": "feil i filsystemet (feilkode {code})",
    "os_unknown": "ukjend feil i filsystemet",
    "where": "{where}: {reason}",
    "toml_position": "linje {line}, kolonne {column}: {reason}",
    "toml_end": "på slutten av fila: {reason}",
    "toml": "ikkje gyldig TOML ({reason})",
    "json": "ikkje gyldig JSON (linje {line}, kolonne {column})",
    "empty_csv": "fila er tom: ho har ingen kolonnar å lese",
    "bad_csv": "fila kan ikkje lesast som CSV: kolonnane og radene heng ikkje saman",
    "not_utf8": "fila er ikkje lagra som UTF-8-tekst",
    "missing_key": "manglar «{name}»",
    "missing_value": "manglar ein verdi",
    "memory": "for lite minne",
    "unexpected": "uventa feil i programmet (sjå loggen for detaljar)",
})
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


Described = Message | str  # a description worded where it is shown; str: an error of ours that was not converted


def os_error_message(exc: OSError) -> Message:
    """'[Errno 2] No such file or directory: "x/data.csv"' -> 'x/data.csv finst ikkje' (file name kept)."""
    code = errno.errorcode.get(exc.errno or 0)
    if code is not None and code in ERRNO_TEXT:
        reason = ERRNO_TEXT.message(code)
    elif exc.errno:
        reason = MESSAGES.message("os_code", code=exc.errno)
    else:
        reason = MESSAGES.message("os_unknown")
    names = [os.fspath(n) for n in (exc.filename, exc.filename2) if n is not None]
    if not names:
        return reason
    where = " → ".join(str(n) for n in names)
    return MESSAGES.message("where", where=where, reason=reason)


def describe_os_error(exc: OSError) -> str:
    """os_error_message in the active language."""
    return str(os_error_message(exc))


def toml_position(exc: tomllib.TOMLDecodeError) -> tuple[int, int] | None:
    """(line, column) of a TOML syntax error, or None when tomllib gives none (e.g. at the end of the file)."""
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)  # Python 3.14 has them
    if isinstance(line, int) and isinstance(column, int):
        return line, column
    match = _TOML_POSITION.search(str(exc))
    return (int(match.group(1)), int(match.group(2))) if match else None


def toml_error_message(exc: tomllib.TOMLDecodeError) -> Message:
    """'Invalid value (at line 3, column 7)' -> 'linje 3, kolonne 7: ugyldig verdi (…)'."""
    text = getattr(exc, "msg", None) or str(exc)
    key = next((key for english, key in _TOML_PREFIXES if text.startswith(english)), "other")
    reason = TOML_TEXT.message(key)
    position = toml_position(exc)
    if position is not None:
        return MESSAGES.message("toml_position", line=position[0], column=position[1], reason=reason)
    if "end of document" in str(exc):
        return MESSAGES.message("toml_end", reason=reason)
    return reason


def describe_toml_error(exc: tomllib.TOMLDecodeError) -> str:
    """toml_error_message in the active language."""
    return str(toml_error_message(exc))


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


UNEXPECTED = MESSAGES.message("unexpected")


def error_message(exc: BaseException, fallback: Described = UNEXPECTED) -> Described:
    """A description of `exc` for a message (no English fragments, no class names), worded where it is shown.

    Errors raised by this product pass through as they are (their Message when they carry one); the common errors
    of the file system, TOML, JSON, CSV (pandas) and missing keys are described; anything else is `fallback`."""
    if _ours(exc):
        message = exc.args[0] if len(exc.args) == 1 else None
        return message if isinstance(message, Message) else str(exc)
    if isinstance(exc, tomllib.TOMLDecodeError):
        return MESSAGES.message("toml", reason=toml_error_message(exc))
    if isinstance(exc, json.JSONDecodeError):
        return MESSAGES.message("json", line=exc.lineno, column=exc.colno)
    if isinstance(exc, pd.errors.EmptyDataError):
        return MESSAGES.message("empty_csv")
    if isinstance(exc, pd.errors.ParserError):
        return MESSAGES.message("bad_csv")
    if isinstance(exc, UnicodeDecodeError):
        return MESSAGES.message("not_utf8")
    if isinstance(exc, OSError):
        return os_error_message(exc)
    if isinstance(exc, KeyError):
        key = exc.args[0] if exc.args else ""
        shown = ", ".join(str(k) for k in key) if isinstance(key, tuple) else str(key)
        return MESSAGES.message("missing_key", name=shown) if shown else MESSAGES.message("missing_value")
    if isinstance(exc, MemoryError):
        return MESSAGES.message("memory")
    return fallback


def describe_error(exc: BaseException, fallback: Described = UNEXPECTED) -> str:
    """error_message in the active language (for a message that is itself worded now)."""
    return str(error_message(exc, fallback))


# The browser tab's title while the region file (which names the region) cannot be read.
APP_TITLE_WITHOUT_REGION = "Strategisk plan i tal"
