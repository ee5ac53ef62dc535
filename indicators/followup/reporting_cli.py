"""Commands of the reporting rounds and the municipal parts (issue 22): `round add|list|status|close|remind`,
`action-parts list|add|remove`. Registered by `indicators.followup.cli.register`, which hands in its runner
(the database opened, refusals turned into a Nynorsk message and exit 1)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import Any

from indicators.followup import mail, municipal_parts, reporting_rounds
from indicators.followup.accounts import audit
from indicators.followup.errors import FollowupError
from indicators.followup.models import ROUND_ITEMS
from indicators.followup.unit_of_work import write_transaction
from indicators.formatting import DISPLAY_ZONE, format_date, format_moment, parse_date
from indicators.goals import GoalFileError, Plan, load_plan
from indicators.plan_actions import status_label
from indicators.present import reminder_mail
from indicators.present.texts import reporting_rounds as t
from indicators.regions import Region, active_region

EXIT_OK, EXIT_FAILED = 0, 1
Handler = Callable[[argparse.Namespace, Any, Any], int]


def _today() -> dt.date:
    return dt.datetime.now(DISPLAY_ZONE).date()


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» er ikkje ein dato (ÅÅÅÅ-MM-DD eller D.M.ÅÅÅÅ).") from None


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    print()


def _plan_and_region() -> tuple[Plan, Region]:
    region = active_region()
    try:
        return load_plan(region.plan_file("goals.toml")), region
    except GoalFileError as exc:
        raise FollowupError(str(exc)) from None


def _cmd_round_add(args: argparse.Namespace, session: Any, engine: Any) -> int:
    with write_transaction(session):
        found = reporting_rounds.add_round(session, args.name, args.due, items=args.items, user=args.user,
                                           opened_on=args.opened, today=_today())
    print(f"Oppretta rapporteringsrunden «{found.name}» ({t.ITEMS[found.items]}), open frå "
          f"{format_date(found.opened_on)}, frist {format_date(found.due_on)}.", file=sys.stderr)
    return EXIT_OK


def _cmd_round_list(args: argparse.Namespace, session: Any, engine: Any) -> int:
    found = reporting_rounds.rounds(session)
    if args.json:
        _print_json([r.as_record() for r in found])
        return EXIT_OK
    if not found:
        print("Ingen rapporteringsrundar er oppretta. Opprett ein med `round add NAMN --due ÅÅÅÅ-MM-DD --user NAMN`.")
        return EXIT_OK
    rows = [("Runde", "Opna", "Frist", "Punkt", "Status")] + [
        (r.name, format_date(r.opened_on), format_date(r.due_on), t.ITEMS[r.items],
         f"{t.CLOSED} {format_moment(r.closed_at)} ({r.closed_by})" if r.is_closed else t.OPEN)
        for r in found
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(f"{cell:<{widths[i]}}" for i, cell in enumerate(row[:4])) + f"  {row[4]}")
    return EXIT_OK


def _cmd_round_status(args: argparse.Namespace, session: Any, engine: Any) -> int:
    plan, region = _plan_and_region()
    status = reporting_rounds.round_status(session, args.name, plan=plan, region=region)
    if args.json:
        _print_json(status.as_record(region))
        return EXIT_OK
    found = status.round
    state = f"{t.CLOSED} {format_moment(found.closed_at)}" if found.is_closed else t.OPEN
    print(f"{found.name}: {t.ITEMS[found.items]}, frist {format_date(found.due_on)} ({state})")
    print(", ".join(t.PROGRESS_LINE.format(name=_capital(reminder_mail.reporter_name(p.reporter, region)),
                                           done=p.done, total=p.total) for p in status.progress()))
    for assignment in status.assignments:
        entry = assignment.entry
        label = status_label(entry.status, entry.item_kind) if entry else ""
        done = (f"{t.DONE}: {label}, {entry.entered_by}, {format_moment(entry.entered_at)}"
                + (f" – {t.LATE}" if assignment.late else "")) if entry else t.NOT_DONE
        print(f"  {reminder_mail.assignment_words(assignment, region)}: {done}")
    return EXIT_OK


def _cmd_round_report(args: argparse.Namespace, session: Any, engine: Any) -> int:
    """The report per round as data: per reporter, what was reported in the round and what is missing."""
    plan, region = _plan_and_region()
    status = reporting_rounds.round_status(session, args.name, plan=plan, region=region)
    sections = reporting_rounds.round_report(status)
    if args.json:
        _print_json({"round": status.round.as_record(), "reporters": [s.as_record(region) for s in sections]})
        return EXIT_OK
    for section in sections:
        name = _capital(reminder_mail.reporter_name(section.reporter, region))
        print(f"{name}: {len(section.reported)} rapportert, {len(section.missing)} manglar"
              + (f", {len(section.late)} for seint" if section.late else ""))
        for assignment in section.missing:
            print(f"  manglar: {reminder_mail.assignment_words(assignment, region)}")
    return EXIT_OK


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _cmd_round_close(args: argparse.Namespace, session: Any, engine: Any) -> int:
    with write_transaction(session):
        found = reporting_rounds.close_round(session, args.name, user=args.user)
    print(f"Runden «{found.name}» er lukka. Det som vert registrert etter dette, tel med, merka «for seint».",
          file=sys.stderr)
    return EXIT_OK


def _cmd_round_remind(args: argparse.Namespace, session: Any, engine: Any) -> int:
    plan, region = _plan_and_region()
    status = reporting_rounds.round_status(session, args.name, plan=plan, region=region)
    today = _today()
    due = reporting_rounds.reminders(session, status, today)
    if not due:
        print(f"Alle har rapportert alt i runden «{status.round.name}»: ingen påminningar.", file=sys.stderr)
        return EXIT_OK
    with_email = [r for r in due if r.email]
    without = [r for r in due if not r.email]
    config: mail.SmtpSettings | None = None
    if args.dry_run:
        try:
            sender = mail.smtp_settings().sender
        except mail.MailSettingsError as exc:  # a dry run needs no server, but the settings had better be right
            print(f"Merk: {exc}", file=sys.stderr)
            sender = "ikkje-sett@invalid"
    else:
        config = mail.smtp_settings()  # before anything is composed: a missing setting is said first
        sender = config.sender
    messages = [reminder_mail.reminder_message(r, status.round, region, sender=sender, today=today)
                for r in with_email]
    for reminder in without:
        print(f"{reminder.user} ({reminder_mail.reporter_name(reminder.reporter, region)}) har {len(reminder.left)} "
              "punkt att, men ingen e-postadresse: ingen påminning. Legg til ei adresse for brukaren.",
              file=sys.stderr)
    if args.dry_run:
        for message in messages:
            print(f"Til: {message['To']}\nEmne: {message['Subject']}\n")
            print(message.get_content().rstrip("\n"))
            print("-" * 72)
        print(f"Prøvekøyring: {len(messages)} påminningar ville blitt sende; {len(without)} utan e-postadresse.",
              file=sys.stderr)
        return EXIT_OK
    assert config is not None
    results = mail.send(config, messages)
    sent = [r for r in results if r.sent]
    with write_transaction(session):
        for reminder, result in zip(with_email, results, strict=True):
            audit(session, "kommandolinja", "round_remind" if result.sent else "round_remind_failed",
                  f"round:{status.round.name[:100]}", "",
                  f"{reminder.user} {reminder.email} {len(reminder.left)}" + (f" {result.error}" if result.error
                                                                              else ""))
    for result in results:
        if not result.sent:
            print(f"Påminninga til {result.recipient} vart ikkje teken imot av tenaren ({result.error}).",
                  file=sys.stderr)
    print(f"Sende {len(sent)} påminningar om runden «{status.round.name}».", file=sys.stderr)
    return EXIT_OK if len(sent) == len(due) else EXIT_FAILED


def _cmd_parts_list(args: argparse.Namespace, session: Any, engine: Any) -> int:
    plan, region = _plan_and_region()
    parts = municipal_parts.current_parts(session, region, plan)
    if args.json:
        _print_json([{"action": p.action, "municipalities": list(p.municipalities), "from_plan": list(p.from_plan),
                      "changed": p.changed} for p in parts.values() if p.municipalities or p.from_plan])
        return EXIT_OK
    for p in parts.values():
        if p.municipalities or p.from_plan:
            names = ", ".join(region.names[c] for c in p.municipalities) or "ingen"
            print(f"Tiltak {p.action}: {names}" + ("  (endra av sekretariatet)" if p.changed else ""))
    return EXIT_OK


def _cmd_parts_set(included: bool) -> Handler:
    def command(args: argparse.Namespace, session: Any, engine: Any) -> int:
        plan, region = _plan_and_region()
        with write_transaction(session):
            change = municipal_parts.set_part(session, args.action, args.municipality, included, user=args.user,
                                              region=region, plan=plan, reason=args.reason)
        what = "har no ein del av" if included else "har ikkje lenger ein del av"
        print(f"{region.names[change.municipality]} {what} tiltak {change.action_number}.", file=sys.stderr)
        return EXIT_OK
    return command


def register(subparsers: Any, run: Callable[[Handler], Any]) -> None:
    """Add `round` and `action-parts` to the main parser; `run` wraps a handler (see followup.cli._run)."""
    rounds = subparsers.add_parser("round", help="rapporteringsrundar: opprett, sjå status, lukk, send påminningar")
    commands = rounds.add_subparsers(dest="round_command", required=True)
    add = commands.add_parser("add", help="opprett ein rapporteringsrunde (sekretariatet)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--due", required=True, type=_date, help="frist, 2026-12-15 eller 15.12.2026")
    add.add_argument("--items", choices=ROUND_ITEMS, default="all",
                     help="kva runden spør etter: goals (resultatmåla), actions (tiltaka) eller all (begge)")
    add.add_argument("--opened", type=_date, default=None, help="opnar denne dagen (standard: i dag)")
    add.add_argument("--user", required=True)
    add.set_defaults(handler=run(_cmd_round_add))
    list_rounds = commands.add_parser("list", help="alle rundar, nyaste først (ein tabell; --json for JSON)")
    list_rounds.add_argument("--json", action="store_true")
    list_rounds.set_defaults(handler=run(_cmd_round_list))
    status = commands.add_parser("status", help="kvart punkt og kvar kommunedel: rapportert i runden eller ikkje")
    status.add_argument("name", metavar="NAME")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=run(_cmd_round_status))
    report = commands.add_parser("report", help="per rapportør: kva er rapportert i runden, og kva manglar")
    report.add_argument("name", metavar="NAME")
    report.add_argument("--json", action="store_true")
    report.set_defaults(handler=run(_cmd_round_report))
    close = commands.add_parser("close", help="lukk runden (seinare oppføringar tel, merka for seint)")
    close.add_argument("name", metavar="NAME")
    close.add_argument("--user", required=True)
    close.set_defaults(handler=run(_cmd_round_close))
    remind = commands.add_parser(
        "remind", help="send e-post til kvar rapportør som har punkt att (SMTP_URL, SMTP_FROM, SMTP_STARTTLS)")
    remind.add_argument("name", metavar="NAME")
    remind.add_argument("--dry-run", action="store_true", help="skriv ut e-postane i staden for å sende dei")
    remind.set_defaults(handler=run(_cmd_round_remind))

    parts = subparsers.add_parser("action-parts", help="kva tiltak kommunane rapporterer sin eigen del av")
    parts_commands = parts.add_subparsers(dest="parts_command", required=True)
    list_parts = parts_commands.add_parser("list", help="tiltak med kommunedelar (--json for JSON)")
    list_parts.add_argument("--json", action="store_true")
    list_parts.set_defaults(handler=run(_cmd_parts_list))
    for name, included, text in (("add", True, "gi ein kommune ein del av eit tiltak (sekretariatet)"),
                                 ("remove", False, "ta bort delen til ein kommune (sekretariatet)")):
        command = parts_commands.add_parser(name, help=text)
        command.add_argument("action", metavar="ACTION")
        command.add_argument("municipality", metavar="CODE")
        command.add_argument("--reason", default="")
        command.add_argument("--user", required=True)
        command.set_defaults(handler=run(_cmd_parts_set(included)))

