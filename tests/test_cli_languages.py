"""The command line in the language of `--lang` (issue 21): each family of commands — the indicators' (export,
status), the follow-up's (db, users, meeting, record-status, history) and the reporting rounds' (round,
action-parts) — prints English with `--lang en` and Bokmål with `--lang nb`, with the same exit codes as in
Nynorsk; the Nynorsk output is the reference."""

from __future__ import annotations

import io
import re

from followup_fixtures import *  # noqa: F403
from followup_fixtures import PASSWORD

from indicators.cli import main

# words only Nynorsk writes (Bokmål and English must not show them)
NYNORSK_ONLY = ("Skreiv", "ikkje", "Lagra", "Oppretta", "brukaren", "manglar", "Ingen møte er", "frå", "Åtvaring",
                "rapporteringsrundar", "Indikatorar")


def _without_plan_words(output: str) -> str:
    """The output without what the user typed and the plan's own words (goal titles and action texts, which stay
    as the plan wrote them)."""
    lines = [line for line in output.splitlines() if not line.startswith("$ ")]
    return re.sub(r"((?:Goal|Mål|Action|Tiltak)(?: \d+)? – ).*", r"\1", "\n".join(lines)).replace("ikkje-dato", "")


def _run(args: list[str], capsys, monkeypatch, stdin: str = "") -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    try:
        code = main(args)
    except SystemExit as exited:  # argparse's refusals
        code = int(exited.code or 0)
    out, err = capsys.readouterr()
    return code, out + err


def _session(language: str, tmp_path, capsys, monkeypatch) -> tuple[list[int], str]:
    """Every family's commands, with `--lang` before or after the command; their exit codes and all output."""
    lang = ["--lang", language]
    monkeypatch.setenv("SMTP_URL", "smtp://e-post.example.no:587")  # the dry run of reminders: a valid setting
    monkeypatch.setenv("SMTP_FROM", "sekretariatet@example.no")
    commands: list[tuple[list[str], str]] = [
        (["export", "population_total", "-o", str(tmp_path / f"{language}.csv"), *lang], ""),
        (["export", "population_total", "--ages", "20-64", *lang], ""),
        ([*lang, "export", "population_total", "--region", "9999"], ""),
        (["db", "upgrade", *lang], ""),
        (["users", "add", "sek", "--role", "admin", *lang], PASSWORD + "\n"),
        (["users", "add", "gol", "--role", "editor", "--municipality", "3324", *lang], PASSWORD + "\n"),
        (["users", "list", *lang], ""),
        (["users", "set-email", "gol", "none", *lang], ""),
        (["users", "set-password", "ingen-slik", *lang], ""),
        (["meeting", "list", *lang], ""),
        (["changes", *lang], ""),
        (["meeting", "add", "2025-01-01", "Regionrådet", "--user", "sek", *lang], ""),
        (["meeting", "list", *lang], ""),
        (["record-status", "1", "--status", "in_progress", "--user", "sek", *lang], ""),
        (["record-status", "1", "--status", "in_progress", "--municipality", "3324", "--user", "gol", *lang], ""),
        (["history", *lang], ""),
        (["meeting", "add", "ikkje-dato", "Møte", "--user", "sek", *lang], ""),
        (["round", "list", *lang], ""),
        (["round", "add", "Vår", "--due", "2099-01-01", "--user", "sek", *lang], ""),
        (["round", "list", *lang], ""),
        (["round", "status", "Vår", *lang], ""),
        (["round", "report", "Vår", *lang], ""),
        (["round", "remind", "Vår", "--dry-run", *lang], ""),
        (["action-parts", "list", *lang], ""),
        (["round", "close", "Vår", "--user", "sek", *lang], ""),
        (["round", "add", "--help", *lang], ""),  # the help too, in the language asked for
        ([*lang, "export", "--help"], ""),
    ]
    codes, output = [], []
    for args, stdin in commands:
        code, text = _run(args, capsys, monkeypatch, stdin)
        codes.append(code)
        output.append(f"$ {' '.join(args)}\n{text}")
    return codes, "\n".join(output)


def test_the_command_line_speaks_bokmal_and_english_with_nynorsk_exit_codes(engine, tiny_cache, tmp_path, capsys,
                                                                            monkeypatch, request):
    reference_codes, reference = _session("nn", tmp_path, capsys, monkeypatch)
    assert "Skreiv " in reference and "Oppretta brukaren sek med rolla admin." in reference
    assert "Ukjend brukar «ingen-slik»." in reference and reference_codes.count(0) >= 18
    for language, expected in {
        "en": ("Wrote ", "rows to", "Created the user sek with the role admin.", "Unknown user «ingen-slik».",
               "Error: ", "has no choice of ages", "name ", "e-mail", "Saved the meeting Regionrådet",
               "is not a date", "Created the reporting round «Vår»", "Round", "Due", "is closed",
               "Saved: 1 = in_progress", "'s part)", "Dry run:", "opens on this day (default: today)",
               "Indicators (id, what, unit; short name in square brackets):", "id or short name (see the list below)"),
        "nb": ("Skrev ", "rader til", "Opprettet brukeren sek med rollen admin.", "Ukjent bruker «ingen-slik».",
               "Feil: ", "har ikke aldersvalg", "navn ", "e-post", "Lagret møtet Regionrådet", "er ikke en dato",
               "Opprettet rapporteringsrunden «Vår»", "Runde", "Frist", "er lukket", "Lagret: 1 = in_progress",
               "Prøvekjøring:", "åpner denne dagen (standard: i dag)", "Indikatorer (id, hva, enhet;"),
    }.items():
        codes, output = _fresh_session(language, request, tmp_path, capsys, monkeypatch)
        assert codes == reference_codes, output
        for text in expected:
            assert text in output, (language, text, output)
        found = [word for word in NYNORSK_ONLY if word in _without_plan_words(output)]
        assert found == [], (language, found, output)


def _fresh_session(language, request, tmp_path, capsys, monkeypatch):
    """The commands against a new, empty database (a copy of the migrated one), like Nynorsk's run."""
    import shutil

    from followup_fixtures import url_of

    from indicators.followup import db

    path = tmp_path / f"followup-{language}.sqlite3"
    shutil.copyfile(request.getfixturevalue("_migrated_sqlite_file"), path)
    fresh = db.make_engine(f"sqlite:///{path}")
    monkeypatch.setenv("DATABASE_URL", url_of(fresh))
    try:
        return _session(language, tmp_path, capsys, monkeypatch)
    finally:
        fresh.dispose()
