"""The plan files the secretariat edits by hand (region.toml, goals.toml, actions.csv, part_time.toml): one clear
Nynorsk message when one cannot be used — which file, where (line and column from the TOML reader), what to do.

`read_toml(path, error)` reads a TOML plan file and raises `error` with that message; `explain(exc)` gives the
message for any plan-file error, also one raised elsewhere with tomllib's English in it. `PlanFileError` is
the base of the four plan files' errors; it carries the file's path, so a message can name it.

The plan modules (regions, goals, plan_actions, part_time) build on this module; it imports none of them.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from indicators.errors import describe_error, describe_toml_error

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
NO_PLAN = (
    "Ingen plan er lasta for {region}: regionfila har berre kommunane. Tal og samanlikningar blir viste som "
    "vanleg. For å leggje til ein plan: skriv «plan = {{ name, start, end }}» og «plan_dir» (mappa med "
    "goals.toml og actions.csv) i regionfila."
)
HOW_TO_FIX = "Rett feilen i {path} og last sida på nytt, eller hent den siste gode utgåva av fila frå git."
HOW_TO_RESTORE = "Legg fila tilbake i {folder} (hent ho frå git på nytt) og last sida på nytt."


class PlanFileError(ValueError):
    """A plan file (region, goals, actions, part-time) cannot be used; `path` is the file, where known."""

    def __init__(self, message: str, path: str | Path | None = None):
        super().__init__(message)
        self.path = Path(path) if path is not None else None


def no_plan_message(region_name: str) -> str:
    """Why a region with members only has no goals or actions, and how to add a plan (the keys in region.toml)."""
    return NO_PLAN.format(region=region_name)


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


def read_toml(path: str | Path, error: type[PlanFileError]) -> dict[str, Any]:
    """Read a TOML plan file; any problem raises `error` with one Nynorsk message (file, line/column, remedy)."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise error(missing_file_message(path), path) from None
    except tomllib.TOMLDecodeError as exc:
        raise error(toml_message(path, exc), path) from None
    except UnicodeDecodeError:
        raise error(_advice(path, f"{file_label(path)} er ikkje lagra som UTF-8-tekst."), path) from None
    except OSError as exc:
        raise error(_advice(path, f"{file_label(path)} kan ikkje lesast: {describe_error(exc)}."), path) from None


def explain(exc: BaseException) -> str:
    """The one message to show for a plan-file error, whoever raised it.

    An error raised with tomllib's English text in it (``goals.toml er ikkje gyldig TOML: Expected …``) is told
    again in Nynorsk from the TOML error it came from; a message without advice gets the advice."""
    text = str(exc)
    name = text.split(" ", 1)[0].rstrip(":,")
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, tomllib.TOMLDecodeError) and "ikkje gyldig TOML (" not in text:
        return toml_message(_plan_path(exc, name), cause)
    if is_plan_file_error(exc) and "git" not in text:
        if isinstance(cause, FileNotFoundError) and cause.filename:
            return missing_file_message(Path(cause.filename))
        return f"{text} {HOW_TO_FIX.format(path=_plan_path(exc, name) if name in FILE_LABELS else 'fila')}"
    return text


def _plan_path(exc: BaseException, name: str) -> Path:
    """The file the error is about: its own path where it carries one, else just the file name."""
    path = exc.path if isinstance(exc, PlanFileError) else None
    return path or Path(name)


def is_plan_file_error(exc: BaseException) -> bool:
    """True for the errors of the plan files (region, goals, actions, part-time), not of the data cache."""
    return isinstance(exc, PlanFileError)
