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

from indicators import i18n
from indicators.errors import error_message, toml_error_message
from indicators.i18n import Message, labels

# The plan files' names, what a broken one means and what to do: worded in the language active where the message
# is shown (i18n.Message).
FILE_LABELS = labels("plan_files.FILE_LABELS", {
    "region.toml": "Regionfila",
    "goals.toml": "Målfila",
    "actions.csv": "Tiltaksfila (handlingsprogrammet)",
    "part_time.toml": "Fila med føresetnadene for deltidsinnbyggjarar",
})
CONSEQUENCES = labels("plan_files.CONSEQUENCES", {
    "region.toml": "Dashbordet treng regionfila for å vise noko som helst.",
    "goals.toml": "Til fila er retta, kan måla og statusane deira ikkje visast; tal og diagram som ikkje treng "
                  "målfila, blir vist som vanleg.",
    "actions.csv": "Handlingsprogrammet kan ikkje visast før fila er retta.",
    "part_time.toml": "Utrekninga av deltidsinnbyggjarar kan ikkje visast før fila er retta.",
})
MESSAGES = labels("plan_files.MESSAGES", {
    "no_plan": "Ingen plan er lasta for {region}: regionfila har berre kommunane. Tal og samanlikningar blir viste "
               "som vanleg. For å leggje til ein plan: skriv «plan = {{ name, start, end }}» og «plan_dir» (mappa med "
               "goals.toml og actions.csv) i regionfila.",
    "how_to_fix": "Rett feilen i {path} og last sida på nytt, eller hent den siste gode utgåva av fila frå git.",
    "how_to_restore": "Legg fila tilbake i {folder} (hent ho frå git på nytt) og last sida på nytt.",
    "labelled": "{label} {name}",
    "unlabelled": "Fila {name}",
    "advice": "{text} {how_to_fix} {consequence}",
    "advice_only": "{text} {how_to_fix}",
    "missing": "Finn ikkje {label} ({path}). {how_to_restore} {consequence}",
    "missing_only": "Finn ikkje {label} ({path}). {how_to_restore}",
    "not_toml": "{file} er ikkje gyldig TOML ({reason}).",
    "not_utf8": "{file} er ikkje lagra som UTF-8-tekst.",
    "unreadable": "{file} kan ikkje lesast: {reason}.",
    "problem": "{file}: {problem}",
    "any_file": "fila",
})
# The labels in the middle of a sentence («Finn ikkje målfila goals.toml»).
LOWER_LABELS = labels("plan_files.LOWER_LABELS", {
    "region.toml": "regionfila",
    "goals.toml": "målfila",
    "actions.csv": "tiltaksfila (handlingsprogrammet)",
    "part_time.toml": "fila med føresetnadene for deltidsinnbyggjarar",
})
LOWER_UNLABELLED = labels("plan_files.LOWER_UNLABELLED", {"file": "fila {name}"})
Text = Message | str


class PlanFileError(ValueError):
    """A plan file (region, goals, actions, part-time) cannot be used; `path` is the file, where known. The message
    (str(exc)) reads in the language active where it is shown."""

    def __init__(self, message: Text, path: str | Path | None = None):
        super().__init__(message)
        self.path = Path(path) if path is not None else None


def no_plan_message(region_name: str) -> str:
    """Why a region with members only has no goals or actions, and how to add a plan (the keys in region.toml)."""
    return str(MESSAGES.message("no_plan", region=region_name))


def file_label_message(path: str | Path) -> Message:
    name = Path(path).name
    if name in FILE_LABELS:
        return MESSAGES.message("labelled", label=FILE_LABELS.message(name), name=name)
    return MESSAGES.message("unlabelled", name=name)


def file_label(path: str | Path) -> str:
    """'Målfila goals.toml' (the plan file's Nynorsk name and its file name)."""
    return str(file_label_message(path))


def _advice(path: Path, text: Text) -> Message:
    how_to_fix = MESSAGES.message("how_to_fix", path=path)
    if path.name in CONSEQUENCES:
        return MESSAGES.message("advice", text=text, how_to_fix=how_to_fix,
                                consequence=CONSEQUENCES.message(path.name))
    return MESSAGES.message("advice_only", text=text, how_to_fix=how_to_fix)


def toml_message(path: str | Path, exc: tomllib.TOMLDecodeError) -> Message:
    """«Målfila goals.toml er ikkje gyldig TOML (linje 1, kolonne 8: …). Rett feilen i … ».'"""
    path = Path(path)
    return _advice(path, MESSAGES.message("not_toml", file=file_label_message(path), reason=toml_error_message(exc)))


def missing_file_message(path: str | Path) -> Message:
    path = Path(path)
    name = path.name
    label = (MESSAGES.message("labelled", label=LOWER_LABELS.message(name), name=name) if name in LOWER_LABELS
             else LOWER_UNLABELLED.message("file", name=name))
    restore = MESSAGES.message("how_to_restore", folder=path.parent)
    if name in CONSEQUENCES:
        return MESSAGES.message("missing", label=label, path=path, how_to_restore=restore,
                                consequence=CONSEQUENCES.message(name))
    return MESSAGES.message("missing_only", label=label, path=path, how_to_restore=restore)


def problem_message(path: str | Path, problem: Text) -> Message:
    """A problem with the content of a plan file (a missing key, say), with what to do."""
    path = Path(path)
    return _advice(path, MESSAGES.message("problem", file=file_label_message(path), problem=problem))


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
        raise error(_advice(path, MESSAGES.message("not_utf8", file=file_label_message(path))), path) from None
    except OSError as exc:
        reason = error_message(exc)
        raise error(_advice(path, MESSAGES.message("unreadable", file=file_label_message(path), reason=reason)),
                    path) from None


def explain(exc: BaseException) -> str:
    """The one message to show for a plan-file error, whoever raised it, in the active language.

    An error raised with tomllib's English text in it (``goals.toml er ikkje gyldig TOML: Expected …``) is told
    again from the TOML error it came from; a message without advice gets the advice."""
    with i18n.use(i18n.SOURCE_LANGUAGE):  # recognised by its Nynorsk wording
        text = str(exc)
    name = text.split(" ", 1)[0].rstrip(":,")
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, tomllib.TOMLDecodeError) and "ikkje gyldig TOML (" not in text:
        return str(toml_message(_plan_path(exc, name), cause))
    if is_plan_file_error(exc) and "git" not in text:
        if isinstance(cause, FileNotFoundError) and cause.filename:
            return str(missing_file_message(Path(cause.filename)))
        where: Path | Message = _plan_path(exc, name) if name in FILE_LABELS else MESSAGES.message("any_file")
        message = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], Message) else str(exc)
        return str(MESSAGES.message("advice_only", text=message, how_to_fix=MESSAGES.message("how_to_fix",
                                                                                               path=where)))
    return str(exc)


def _plan_path(exc: BaseException, name: str) -> Path:
    """The file the error is about: its own path where it carries one, else just the file name."""
    path = exc.path if isinstance(exc, PlanFileError) else None
    return path or Path(name)


def is_plan_file_error(exc: BaseException) -> bool:
    """True for the errors of the plan files (region, goals, actions, part-time), not of the data cache."""
    return isinstance(exc, PlanFileError)
