"""Commands of the reporting rounds and the municipal parts (issue 22): `round add|list|status|close|remind`,
`action-parts list|add|remove`. Registered by `indicators.followup.cli.register`, which hands in its runner
(the database opened, refusals turned into a Nynorsk message and exit 1). A command imports the rounds, the mail and
its wording when it runs (every command's parser is made in each `python -m indicators` process)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from typing import Any

from indicators.followup import municipal_parts
from indicators.followup.accounts import audit
from indicators.followup.cli_support import EXIT_FAILED, EXIT_OK, add_command, print_listing
from indicators.followup.cli_support import date_arg as _date
from indicators.followup.cli_support import plan_and_region as _plan_and_region
from indicators.followup.cli_support import print_json as _print_json
from indicators.followup.models import ROUND_ITEMS
from indicators.followup.unit_of_work import write_transaction
from indicators.formatting import DISPLAY_ZONE, format_date, format_moment
from indicators.plan_actions import status_label
from indicators.present.texts import cli_help
from indicators.present.texts import followup_cli as c
from indicators.present.texts import reporting_rounds as t

Handler = Callable[[argparse.Namespace, Any, Any], int]


def _today() -> dt.date:
    return dt.datetime.now(DISPLAY_ZONE).date()


def _cmd_round_add(args: argparse.Namespace, session: Any, engine: Any) -> int:
    from indicators.followup import reporting_rounds

    with write_transaction(session):
        found = reporting_rounds.add_round(session, args.name, args.due, items=args.items, user=args.user,
                                           opened_on=args.opened, today=_today())
    print(c.ROUND_ADDED.format(name=found.name, items=t.ITEMS[found.items], opens=format_date(found.opened_on),
                               due=format_date(found.due_on)), file=sys.stderr)
    return EXIT_OK


def _cmd_round_list(args: argparse.Namespace, session: Any, engine: Any) -> int:
    from indicators.followup import reporting_rounds

    headers = c.ROUNDS_HEADERS
    return print_listing(
        args, reporting_rounds.rounds(session), c.NO_ROUNDS,
        tuple(headers[key] for key in ("round", "opened", "due", "items", "status")),
        lambda r: (r.name, format_date(r.opened_on), format_date(r.due_on), t.ITEMS[r.items],
                   f"{t.CLOSED} {format_moment(r.closed_at)} ({r.closed_by})" if r.is_closed else t.OPEN))


def _cmd_round_status(args: argparse.Namespace, session: Any, engine: Any) -> int:
    from indicators.followup import reporting_rounds
    from indicators.present import reminder_mail

    plan, region = _plan_and_region()
    status = reporting_rounds.round_status(session, args.name, plan=plan, region=region)
    if args.json:
        _print_json(status.as_record(region))
        return EXIT_OK
    found = status.round
    state = f"{t.CLOSED} {format_moment(found.closed_at)}" if found.is_closed else t.OPEN
    print(c.ROUND_STATE.format(name=found.name, items=t.ITEMS[found.items], due=format_date(found.due_on),
                               state=state))
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
    from indicators.followup import reporting_rounds
    from indicators.present import reminder_mail

    plan, region = _plan_and_region()
    status = reporting_rounds.round_status(session, args.name, plan=plan, region=region)
    sections = reporting_rounds.round_report(status)
    if args.json:
        _print_json({"round": status.round.as_record(), "reporters": [s.as_record(region) for s in sections]})
        return EXIT_OK
    for section in sections:
        name = _capital(reminder_mail.reporter_name(section.reporter, region))
        line = c.ROUND_REPORTER_LATE if section.late else c.ROUND_REPORTER
        print(line.format(name=name, reported=len(section.reported), missing=len(section.missing),
                          late=len(section.late)))
        for assignment in section.missing:
            print(c.ROUND_MISSING.format(item=reminder_mail.assignment_words(assignment, region)))
    return EXIT_OK


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _cmd_round_close(args: argparse.Namespace, session: Any, engine: Any) -> int:
    from indicators.followup import reporting_rounds

    with write_transaction(session):
        found = reporting_rounds.close_round(session, args.name, user=args.user)
    print(c.ROUND_CLOSED.format(name=found.name), file=sys.stderr)
    return EXIT_OK


def _cmd_round_remind(args: argparse.Namespace, session: Any, engine: Any) -> int:
    from indicators.followup import mail, reporting_rounds
    from indicators.present import reminder_mail

    plan, region = _plan_and_region()
    status = reporting_rounds.round_status(session, args.name, plan=plan, region=region)
    today = _today()
    due = reporting_rounds.reminders(session, status, today)
    if not due:
        print(c.ROUND_ALL_REPORTED.format(name=status.round.name), file=sys.stderr)
        return EXIT_OK
    with_email = [r for r in due if r.email]
    without = [r for r in due if not r.email]
    config: mail.SmtpSettings | None = None
    if args.dry_run:
        try:
            sender = mail.smtp_settings().sender
        except mail.MailSettingsError as exc:  # a dry run needs no server, but the settings had better be right
            print(c.NOTE.format(message=exc), file=sys.stderr)
            sender = "ikkje-sett@invalid"
    else:
        config = mail.smtp_settings()  # before anything is composed: a missing setting is said first
        sender = config.sender
    messages = [reminder_mail.reminder_message(r, status.round, region, sender=sender, today=today)
                for r in with_email]
    for reminder in without:
        reporter = reminder_mail.reporter_name(reminder.reporter, region)
        print(c.NO_EMAIL_ADDRESS.format(user=reminder.user, reporter=reporter, count=len(reminder.left)),
              file=sys.stderr)
    if args.dry_run:
        for message in messages:
            print(c.MAIL_TO.format(to=message["To"]))
            print(c.MAIL_SUBJECT.format(subject=message["Subject"]) + "\n")
            print(message.get_content().rstrip("\n"))
            print("-" * 72)
        print(c.DRY_RUN.format(count=len(messages), without=len(without)), file=sys.stderr)
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
            print(c.NOT_ACCEPTED.format(recipient=result.recipient, error=result.error), file=sys.stderr)
    print(c.SENT.format(count=len(sent), name=status.round.name), file=sys.stderr)
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
            names = ", ".join(region.names[code] for code in p.municipalities) or c.NO_MUNICIPALITIES
            print(c.ACTION_PARTS.format(action=p.action, names=names) + (c.CHANGED_BY_SECRETARIAT if p.changed else ""))
    return EXIT_OK


def _cmd_parts_set(included: bool) -> Handler:
    def command(args: argparse.Namespace, session: Any, engine: Any) -> int:
        plan, region = _plan_and_region()
        with write_transaction(session):
            change = municipal_parts.set_part(session, args.action, args.municipality, included, user=args.user,
                                              region=region, plan=plan, reason=args.reason)
        line = c.PART_ADDED if included else c.PART_REMOVED
        print(line.format(municipality=region.names[change.municipality], action=change.action_number),
              file=sys.stderr)
        return EXIT_OK
    return command


def register(subparsers: Any, run: Callable[[Handler], Any]) -> None:
    """Add `round` and `action-parts` to the main parser; `run` wraps a handler (see followup.cli._run)."""
    H = cli_help.HELP  # noqa: N806 - the help in the language of --lang
    rounds = subparsers.add_parser("round", help=H["round"])
    commands = rounds.add_subparsers(dest="round_command", required=True)
    add = add_command(commands, "add", H["round.add"], run(_cmd_round_add),
                      name_arg=True)
    add.add_argument("--due", required=True, type=_date, help=H["round.add.due"])
    add.add_argument("--items", choices=ROUND_ITEMS, default="all",
                     help=H["round.add.items"])
    add.add_argument("--opened", type=_date, default=None, help=H["round.add.opened"])
    add.add_argument("--user", required=True)
    add_command(commands, "list", H["round.list"], run(_cmd_round_list),
                json_arg=True)
    add_command(commands, "status", H["round.status"],
                run(_cmd_round_status), name_arg=True, json_arg=True)
    add_command(commands, "report", H["round.report"],
                run(_cmd_round_report), name_arg=True, json_arg=True)
    add_command(commands, "close", H["round.close"], run(_cmd_round_close),
                name_arg=True, user_arg=True)
    remind = add_command(commands, "remind", H["round.remind"], run(_cmd_round_remind), name_arg=True)
    remind.add_argument("--dry-run", action="store_true", help=H["round.remind.dry_run"])

    parts = subparsers.add_parser("action-parts", help=H["action_parts"])
    parts_commands = parts.add_subparsers(dest="parts_command", required=True)
    add_command(parts_commands, "list", H["action_parts.list"], run(_cmd_parts_list),
                json_arg=True)
    for name, included, text in (("add", True, H["action_parts.add"]),
                                 ("remove", False, H["action_parts.remove"])):
        command = add_command(parts_commands, name, text, run(_cmd_parts_set(included)))
        command.add_argument("action", metavar="ACTION")
        command.add_argument("municipality", metavar="CODE")
        command.add_argument("--reason", default="")
        command.add_argument("--user", required=True)

