"""The plan files the secretariat edits by hand (region.toml, goals.toml, actions.csv, part_time.toml): one clear
Nynorsk message when one cannot be used — which file, where (line and column from the TOML reader), what to do.

`read_toml(path, error)` reads a TOML plan file and raises `error` with that message; `explain(exc)` gives the
message for any plan-file error, also one raised elsewhere with tomllib's English in it; `check_actions_header`
refuses an actions.csv that lacks a column (a missing `status` column must never reset every action).

This module imports nothing from the plan modules at import time: they may call it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from indicators.errors import describe_error, describe_toml_error
from indicators.progress import STATUS_LABELS

FILE_LABELS: dict[str, str] = {
    "region.toml": "Regionfila",
    "goals.toml": "Målfila",
    "actions.csv": "Tiltaksfila (handlingsprogrammet)",
    "part_time.toml": "Fila med føresetnadene for deltidsinnbyggjarar",
}
CONSEQUENCES: dict[str, str] = {
    "region.toml": "Dashbordet treng regionfila for å vise noko som helst.",
    "goals.toml": "Til fila er retta, kan måla og statusane deira ikkje visast; tal og diagram som ikkje treng "
                  "målfila, blir vist som vanleg.",
    "actions.csv": "Handlingsprogrammet kan ikkje visast før fila er retta.",
    "part_time.toml": "Utrekninga av deltidsinnbyggjarar kan ikkje visast før fila er retta.",
}
HOW_TO_FIX = "Rett feilen i {path} og last sida på nytt, eller hent den siste gode utgåva av fila frå git."
STATUS_COLUMN = "status"  # actions.csv: required, since a missing one would read as «not assessed» everywhere
HOW_TO_RESTORE = "Legg fila tilbake i {folder} (hent ho frå git på nytt) og last sida på nytt."

def file_label(path: str | Path) -> str:
    """'Målfila goals.toml' (the plan file's Nynorsk name and its file name)."""
    name = Path(path).name
    label = FILE_LABELS.get(name)
    return f"{label} {name}" if label else f"Fila {name}"


def _advice(path: Path, text: str) -> str:
    consequence = CONSEQUENCES.get(path.name, "")
    return f"{text} {HOW_TO_FIX.format(path=path)} {consequence}".strip()


def toml_message(path: str | Path, exc: tomllib.TOMLDecodeError) -> str:
    """«Målfila goals.toml er ikkje gyldig TOML (linje 1, kolonne 8: …). Rett feilen i … ».'"""
    path = Path(path)
    return _advice(path, f"{file_label(path)} er ikkje gyldig TOML ({describe_toml_error(exc)}).")


def missing_file_message(path: str | Path) -> str:
    path = Path(path)
    consequence = CONSEQUENCES.get(path.name, "")
    label = file_label(path)
    return f"Finn ikkje {label[0].lower()}{label[1:]} ({path}). {HOW_TO_RESTORE.format(folder=path.parent)} " \
           f"{consequence}".strip()


def problem_message(path: str | Path, problem: str) -> str:
    """A problem with the content of a plan file (a missing key, say), with what to do."""
    path = Path(path)
    return _advice(path, f"{file_label(path)}: {problem}")


def read_toml(path: str | Path, error: type[Exception]) -> dict[str, Any]:
    """Read a TOML plan file; any problem raises `error` with one Nynorsk message (file, line/column, remedy)."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise error(missing_file_message(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise error(toml_message(path, exc)) from None
    except UnicodeDecodeError:
        raise error(_advice(path, f"{file_label(path)} er ikkje lagra som UTF-8-tekst.")) from None
    except OSError as exc:
        raise error(_advice(path, f"{file_label(path)} kan ikkje lesast: {describe_error(exc)}.")) from None


def explain(exc: BaseException) -> str:
    """The one message to show for a plan-file error, whoever raised it.

    An error raised with tomllib's English text in it (``goals.toml er ikkje gyldig TOML: Expected …``) is told
    again in Nynorsk from the TOML error it came from; a message without advice gets the advice."""
    text = str(exc)
    name = text.split(" ", 1)[0].rstrip(":,")
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, tomllib.TOMLDecodeError) and "ikkje gyldig TOML (" not in text:
        return toml_message(_plan_path(name), cause)
    if is_plan_file_error(exc) and "git" not in text:
        if isinstance(cause, FileNotFoundError) and cause.filename:
            return missing_file_message(Path(cause.filename))
        return f"{text} {HOW_TO_FIX.format(path=_plan_path(name) if name in FILE_LABELS else 'fila')}"
    return text


def _plan_path(name: str) -> Path:
    """Where the active region keeps plan file `name` (just the name if the region file is broken too)."""
    from indicators.regions import RegionFileError, active_region

    try:
        return active_region().plan_file(name)
    except RegionFileError:
        return Path(name)


def is_plan_file_error(exc: BaseException) -> bool:
    """True for the errors of the plan files (region, goals, actions, part-time), not of the data cache."""
    return type(exc).__name__ in ("RegionFileError", "GoalFileError", "ActionsFileError", "PartTimeFileError")


def check_actions_header(path: str | Path, header: Sequence[str] | None = None) -> None:
    """Raise ActionsFileError naming every required column of the action programme that the header lacks.

    Required: number, area and text (plan_actions.REQUIRED_COLUMNS) and `status`: without it every action would
    silently read «Ikkje vurdert», a claim about the action rather than a blank. The other columns may be left
    out (they then show as empty). `header`: the header as load_actions has read it (else the file is read)."""
    from indicators.plan_actions import COLUMNS, REQUIRED_COLUMNS, ActionsFileError, _read_rows

    path = Path(path)
    if header is None:
        header = _read_rows(path)[0]
    present = {h.strip() for h in header}
    missing = [c for c in (*REQUIRED_COLUMNS, STATUS_COLUMN) if c not in present]
    if not missing:
        return
    named = ", ".join(f"«{c}»" for c in missing)
    one = len(missing) == 1
    noun = "kolonna" if one else "kolonnane"
    lost = (f"ville alle tiltaka stått som «{STATUS_LABELS['not_assessed']}»" if STATUS_COLUMN in missing
            else "kan tiltaka ikkje lesast")
    problem = (f"manglar {noun} {named} i første rad (overskriftene). Utan {'ho' if one else 'dei'} {lost}. "
               f"Legg {noun} tilbake med nøyaktig dette namnet; fila kan ha kolonnane {', '.join(COLUMNS)}.")
    raise ActionsFileError(problem_message(path, problem))
