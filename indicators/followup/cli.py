"""Commands of the follow-up: db upgrade|backup|restore, users add, record-status, history, changes,
record-figure, meeting add. `register(subparsers)` adds them to `python -m indicators`."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import SQLAlchemyError

from indicators.followup import accounts, backup, db, municipal_parts, reporting_cli, service
from indicators.followup.cli_support import EXIT_FAILED, EXIT_OK, add_command, print_json, print_listing
from indicators.followup.cli_support import date_arg as _date
from indicators.followup.cli_support import error as _error
from indicators.followup.cli_support import plan_and_region as _plan_and_region
from indicators.followup.errors import FollowupError, StaleEntryError, database_problem
from indicators.followup.models import ROLES
from indicators.followup.unit_of_work import write_transaction
from indicators.formatting import format_date, format_moment
from indicators.goals import QUALITATIVE_STATUSES
from indicators.plan_actions import ACTION_STATUSES, status_label
from indicators.present.texts import cli_help
from indicators.present.texts import followup_cli as t
from indicators.regions import active_region

_print_json = print_json


def _run(handler: Any) -> Any:
    """Run a command against the configured database (migrated first, never created: only `db upgrade` creates
    it). A refusal or a database/file problem (locked, disk full, down, missing) → a Nynorsk message, exit 1."""
    def wrapped(args: argparse.Namespace) -> int:
        with accounts.writes_from(accounts.command_line_origin()):
            return _run_command(handler, args)
    return wrapped


def _with_engine(body: Callable[[Any], int]) -> int:
    """Open the configured database for the command line (its longer busy wait), run `body` with the engine and
    turn a refusal or a database/file problem (locked, disk full, down, missing) into a Nynorsk message, exit 1."""
    try:
        engine = db.make_engine(busy_timeout_ms=db.CLI_BUSY_TIMEOUT_MS)
    except (SQLAlchemyError, FollowupError) as exc:
        _error(database_problem(exc))
        return EXIT_FAILED
    try:
        return body(engine)
    except FollowupError as exc:
        _error(str(exc))
        return EXIT_FAILED
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        _error(database_problem(exc, db.CLI_BUSY_TIMEOUT_MS / 1000))
        return EXIT_FAILED
    finally:
        engine.dispose()


def _run_command(handler: Any, args: argparse.Namespace) -> int:
    def body(engine: Any) -> int:
        db.upgrade(engine, create=False)
        try:
            with db.session_scope(engine) as session:
                return int(handler(args, session, engine))
        except StaleEntryError as exc:
            from indicators.present.changes import stale_message

            # a status saved in between: who saved what and when, in words (the service gives the entry)
            _error(stale_message(exc.current) if str(exc) == service.STALE_ENTRY else str(exc))
            if exc.current is not None:
                _print_json(_entry_json(exc.current))
            return EXIT_FAILED
    return _with_engine(body)


def _cmd_upgrade(args: argparse.Namespace) -> int:
    def body(engine: Any) -> int:
        db.upgrade(engine)
        print(t.UPGRADED.format(revision=db.current_revision(engine), url=engine.url.render_as_string()),
              file=sys.stderr)
        return EXIT_OK
    return _with_engine(body)


def _cmd_backup(args: argparse.Namespace, session: Any, engine: Any) -> int:
    written = backup.write_backup(engine, args.file)
    if written.method == "pg_dump":
        line = t.BACKUP_PG_DUMP.format(path=written.path)
    elif written.pg_dump_problem:
        line = t.BACKUP_JSON_INSTEAD.format(path=written.path, problem=written.pg_dump_problem)
    elif written.method == "json":
        line = t.BACKUP_JSON.format(path=written.path)
    else:
        line = t.BACKUP_WRITTEN.format(path=written.path)
    print(line, file=sys.stderr)
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace, session: Any, engine: Any) -> int:
    session.close()
    result = backup.restore(engine, args.file, force=args.force)
    if result.safety_copy is not None:
        print(t.RESTORE_SAFETY_COPY.format(path=result.safety_copy), file=sys.stderr)
    print(t.RESTORED.format(file=args.file, counts=", ".join(f"{k} {v}" for k, v in result.items())), file=sys.stderr)
    return EXIT_OK


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass(t.PASSWORD)
        if getpass.getpass(t.PASSWORD_AGAIN) != first:
            raise FollowupError(t.PASSWORDS_DIFFER)
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _cmd_users_add(args: argparse.Namespace, session: Any, engine: Any) -> int:
    region = active_region()
    # checked before the password prompt: an unknown code lists the region's members
    municipality = municipal_parts.member_code(region, args.municipality) if args.municipality else None
    password = None if args.no_password else _read_password()
    with write_transaction(session):
        account = accounts.add_user(session, args.name, args.role, password, email=args.email,
                                    municipality=municipality)
    if municipality:
        line = t.USER_ADDED_FOR.format(name=account.name, role=account.role, municipality=region.names[municipality],
                                       code=municipality)
    else:
        line = t.USER_ADDED.format(name=account.name, role=account.role)
    print(line, file=sys.stderr)
    return EXIT_OK


def _oslo(moment: dt.datetime | None) -> str:
    if moment is None:
        return "–"
    local = moment.replace(tzinfo=dt.UTC).astimezone(ZoneInfo("Europe/Oslo"))
    return t.MOMENT.format(date=f"{local:%d.%m.%Y}", time=f"{local:%H:%M}")


def _cmd_users_list(args: argparse.Namespace, session: Any, engine: Any) -> int:
    statuses = accounts.account_statuses(session)
    if args.json:
        _print_json([s.as_record() for s in statuses])
        return EXIT_OK
    h = t.USERS_HEADERS
    print(f"{h['name']:<24} {h['role']:<8} {h['municipality']:<14} {h['active']:<6} {h['locked_until']:<20} "
          f"{h['last_sign_in']:<20} {h['email']}")
    for s in statuses:
        print(f"{s.name:<24} {s.role:<8} {s.municipality or '–':<14} {t.YES if s.active else t.NO:<6} "
              f"{_oslo(s.locked_until):<20} {_oslo(s.last_sign_in):<20} {s.email or ''}")
    return EXIT_OK


def _account_change(change: Callable[[Any, str], Any], done: str) -> Callable[..., int]:
    """A `users` command that changes the account NAME in one unit of work and says so (`done`: the text's name
    in the text module, read when the command runs so it is in the language of --lang)."""
    def command(args: argparse.Namespace, session: Any, engine: Any) -> int:
        with write_transaction(session):
            change(session, args.name)
        print(getattr(t, done).format(name=args.name), file=sys.stderr)
        return EXIT_OK
    return command


_cmd_users_deactivate = _account_change(lambda session, name: accounts.set_active(session, name, False),
                                        "USER_DEACTIVATED")
_cmd_users_reactivate = _account_change(lambda session, name: accounts.set_active(session, name, True),
                                        "USER_REACTIVATED")
_cmd_users_unlock = _account_change(accounts.unlock, "USER_UNLOCKED")
_cmd_users_remove = _account_change(accounts.remove_user, "USER_REMOVED")


def _cmd_users_set_password(args: argparse.Namespace, session: Any, engine: Any) -> int:
    if accounts.get_account(session, args.name) is None:
        raise FollowupError(t.UNKNOWN_USER.format(name=args.name))
    password = _read_password()
    with write_transaction(session):
        accounts.set_password(session, args.name, password)
    print(t.PASSWORD_SET.format(name=args.name), file=sys.stderr)
    return EXIT_OK


def _cmd_users_set_municipality(args: argparse.Namespace, session: Any, engine: Any) -> int:
    region = active_region()
    code = None if args.municipality.strip().lower() in ("none", "ingen", "") else args.municipality
    with write_transaction(session):
        found = municipal_parts.set_user_municipality(session, args.name, code, region=region)
    line = t.USER_MUNICIPALITY.format(name=args.name, municipality=region.names[found], code=found) if found \
        else t.USER_SECRETARIAT.format(name=args.name)
    print(line, file=sys.stderr)
    return EXIT_OK


def _cmd_users_set_email(args: argparse.Namespace, session: Any, engine: Any) -> int:
    email = None if args.email.strip().lower() in ("none", "ingen", "") else args.email
    with write_transaction(session):
        account = accounts.set_email(session, args.name, email)
    line = t.USER_EMAIL.format(name=args.name, email=account.email) if account.email \
        else t.USER_NO_EMAIL.format(name=args.name)
    print(line, file=sys.stderr)
    return EXIT_OK


def _cmd_record_status(args: argparse.Namespace, session: Any, engine: Any) -> int:
    plan, region = _plan_and_region()
    with write_transaction(session):  # the command is the unit of work: committed (and read back) here
        item = service.resolve_item(session, args.id, plan, kind=args.kind)  # looked up in the plan, explicitly
        entry = service.record_status(
            session, item.id, args.status, note=args.note, by_body=args.by, assessed_on=args.date, user=args.user,
            evidence_url=args.evidence_url, kind=item.kind, plan=plan, municipality=args.municipality, region=region,
        )
    words = {"item": entry.item_id, "status": entry.status, "label": status_label(entry.status, entry.item_kind),
             "entry": entry.id}
    line = t.PART_STATUS_SAVED.format(municipality=region.names[entry.municipality], **words) \
        if entry.municipality else t.STATUS_SAVED.format(**words)
    print(line, file=sys.stderr)
    return EXIT_OK


def _entry_json(entry: service.Entry) -> dict[str, Any]:
    """A status entry as JSON: its facts and its status in words (`status_label`)."""
    return {**entry.as_record(), "status_label": status_label(entry.status, entry.item_kind)}


def _cmd_history(args: argparse.Namespace, session: Any, engine: Any) -> int:
    from indicators.followup import corrections

    kind = None
    if args.id is not None:
        kind = service.resolve_item(session, args.id, _plan_and_region()[0], kind=args.kind).kind
    entries = service.history(session, args.id, kind)
    corrected = corrections.corrections(session, args.id, kind)  # correcting entry id -> the entry it corrects
    if args.json:
        _print_json([{**_entry_json(e), "corrects": corrected.get(e.id)} for e in entries])
    else:
        names = active_region().names
        for e in entries:
            mark = t.CORRECTS.format(entry=corrected[e.id]) if e.id in corrected else ""
            item = f"{e.item_id} ({names.get(e.municipality, e.municipality)})" if e.municipality else e.item_id
            label = status_label(e.status, e.item_kind)
            print(f"{format_moment(e.entered_at):<30} {item:<24} {label:<16} {e.entered_by:<12} "
                  f"{e.reported_by}  {e.note[:60]!r}{mark}")
    return EXIT_OK


def _cmd_changes(args: argparse.Namespace, session: Any, engine: Any) -> int:
    from indicators.present.changes import change_record, change_text

    since = args.since
    if since is None:
        meeting = service.last_meeting(session)
        if meeting is None:
            raise FollowupError(t.NO_MEETING)
        since = meeting.held_on
    plan, region = _plan_and_region()
    found = service.changes(session, since, plan=plan)
    if args.json:
        _print_json([change_record(c, region.names) for c in found])
    else:
        for change in found:
            print(f"{change.at:%Y-%m-%d}  {change_text(change, region.names)}")
    return EXIT_OK


def _cmd_record_figure(args: argparse.Namespace, session: Any, engine: Any) -> int:
    plan, region = _plan_and_region()
    with write_transaction(session):
        figure = service.record_figure(
            session, args.goal, args.value, period=args.period, source_name=args.source, user=args.user,
            region_code=args.region, unit=args.unit, source_url=args.url, published_on=args.published,
            quoted=bool(args.quoted), quote_label=args.quoted or "", citation=args.citation or "",
            note=args.note or "", unit_choice=args.unit_choice.replace("-", "_") if args.unit_choice else None,
            plan=plan, region=region,
        )
    print(t.FIGURE_SAVED.format(value=f"{figure.value:g}", goal=figure.goal_id, region=figure.region_code,
                                period=figure.period), file=sys.stderr)
    return EXIT_OK


def _cmd_meeting_add(args: argparse.Namespace, session: Any, engine: Any) -> int:
    with write_transaction(session):
        meeting = service.record_meeting(session, args.date, args.name, user=args.user)
    print(t.MEETING_SAVED.format(name=meeting.name, date=meeting.held_on.isoformat()), file=sys.stderr)
    return EXIT_OK


def _cmd_meeting_list(args: argparse.Namespace, session: Any, engine: Any) -> int:
    """The meetings, newest first: a table (date, name, who entered it), or JSON with --json."""
    headers = t.MEETINGS_HEADERS
    return print_listing(args, service.meetings(session), t.NO_MEETINGS,
                         (headers["date"], headers["meeting"], headers["by"]),
                         lambda m: (format_date(m.held_on), m.name, m.entered_by))


def register(subparsers: Any) -> None:
    """Add the follow-up commands to the main parser's subparsers."""
    H = cli_help.HELP  # noqa: N806 - the help in the language of --lang
    database = subparsers.add_parser("db", help=H["db"])
    database_commands = database.add_subparsers(dest="db_command", required=True)
    add_command(database_commands, "upgrade", H["db.upgrade"], _cmd_upgrade)
    backup_parser = add_command(database_commands, "backup", H["db.backup"], _run(_cmd_backup))
    backup_parser.add_argument("file", type=Path, metavar="FILE")
    restore = add_command(database_commands, "restore", H["db.restore"], _run(_cmd_restore))
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--force", action="store_true",
                         help=H["db.restore.force"])

    users = subparsers.add_parser("users", help=H["users"])
    users_commands = users.add_subparsers(dest="users_command", required=True)
    add = add_command(users_commands, "add", H["users.add"],
                      _run(_cmd_users_add), name_arg=True)
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--email", default=None, help=H["users.add.email"])
    add.add_argument("--no-password", action="store_true", help=H["users.add.no_password"])
    add.add_argument("--municipality", default=None, metavar="CODE",
                     help=H["users.add.municipality"])
    add_command(users_commands, "list", H["users.list"],
                _run(_cmd_users_list), json_arg=True)
    for name, handler, text in (
        ("deactivate", _cmd_users_deactivate, H["users.deactivate"]),
        ("reactivate", _cmd_users_reactivate, H["users.reactivate"]),
        ("unlock", _cmd_users_unlock, H["users.unlock"]),
        ("set-password", _cmd_users_set_password, H["users.set_password"]),
        ("remove", _cmd_users_remove, H["users.remove"]),
    ):
        add_command(users_commands, name, text, _run(handler), name_arg=True)
    set_municipality = add_command(
        users_commands, "set-municipality", H["users.set_municipality"], _run(_cmd_users_set_municipality),
        name_arg=True)
    set_municipality.add_argument("municipality", metavar="CODE")
    set_email = add_command(users_commands, "set-email", H["users.set_email"], _run(_cmd_users_set_email),
                            name_arg=True)
    set_email.add_argument("email", metavar="EMAIL")

    record = add_command(subparsers, "record-status", H["record_status"],
                         _run(_cmd_record_status))
    record.add_argument("id", metavar="GOAL_OR_ACTION_ID")
    record.add_argument("--kind", choices=("goal", "action"), default=None,
                        help=H["kind"])
    record.add_argument("--status", required=True,
                        help=H["record_status.status"].format(
                            qualitative=", ".join(QUALITATIVE_STATUSES), measured=", ".join(
                                service.INDICATOR_GOAL_STATUSES), actions=", ".join(ACTION_STATUSES)))
    record.add_argument("--note", default="")
    record.add_argument("--by", default="", help=H["record_status.by"])
    record.add_argument("--date", type=_date, default=None,
                        help=H["record_status.date"])
    record.add_argument("--evidence-url", default=None, help=H["record_status.evidence_url"])
    record.add_argument("--municipality", default=None, metavar="CODE",
                        help=H["record_status.municipality"])
    record.add_argument("--user", required=True)

    history = add_command(subparsers, "history", H["history"], _run(_cmd_history))
    history.add_argument("id", nargs="?", default=None, metavar="ID")
    history.add_argument("--kind", choices=("goal", "action"), default=None,
                         help=H["kind"])
    history.add_argument("--json", action="store_true")

    changes = add_command(subparsers, "changes", H["changes"],
                          _run(_cmd_changes))
    changes.add_argument("--since", type=_date, default=None, help=H["changes.since"])
    changes.add_argument("--json", action="store_true")

    figure = add_command(subparsers, "record-figure", H["record_figure"],
                         _run(_cmd_record_figure))
    figure.add_argument("goal", metavar="GOAL_ID")
    figure.add_argument("--value", required=True, type=float)
    figure.add_argument("--period", required=True, type=int, help=H["record_figure.period"])
    figure.add_argument("--source", required=True, help=H["record_figure.source"])
    figure.add_argument("--url", default=None, help=H["record_figure.url"])
    figure.add_argument("--published", type=_date, default=None, help=H["record_figure.published"])
    figure.add_argument("--region", default=None, help=H["record_figure.region"])
    figure.add_argument("--unit", default=None, help=H["record_figure.unit"])
    figure.add_argument("--unit-choice", choices=("convert", "new-series"), default=None,
                        help=H["record_figure.unit_choice"])
    figure.add_argument("--quoted", default=None, metavar="LABEL",
                        help=H["record_figure.quoted"])
    figure.add_argument("--citation", default=None)
    figure.add_argument("--note", default=None)
    figure.add_argument("--user", required=True)

    meeting = subparsers.add_parser("meeting", help=H["meeting"])
    meeting_commands = meeting.add_subparsers(dest="meeting_command", required=True)
    meeting_add = add_command(meeting_commands, "add", H["meeting.add"], _run(_cmd_meeting_add))
    meeting_add.add_argument("date", type=_date, metavar="DATE", help=H["meeting.add.date"])
    meeting_add.add_argument("name", metavar="NAME")
    meeting_add.add_argument("--user", required=True)
    add_command(meeting_commands, "list", H["meeting.list"],
                _run(_cmd_meeting_list), json_arg=True)

    reporting_cli.register(subparsers, _run)  # round add|list|status|close|remind, action-parts (issue 22)
