"""Commands of the follow-up: db upgrade|backup|restore, users add, record-status, history, changes,
record-figure, meeting add. `register(subparsers)` adds them to `python -m indicators`."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import SQLAlchemyError

from indicators.followup import accounts, backup, corrections, db, municipal_parts, reporting_cli, service
from indicators.followup.errors import FollowupError, StaleEntryError, database_problem
from indicators.followup.models import ROLES
from indicators.followup.plan_import import GOALS_FILE_NAME
from indicators.followup.unit_of_work import write_transaction
from indicators.formatting import format_date, format_moment, parse_date
from indicators.goals import QUALITATIVE_STATUSES, GoalFileError, Plan, empty_plan, load_plan
from indicators.plan_actions import ACTION_STATUSES, status_label
from indicators.present.changes import change_record, change_text, stale_message
from indicators.regions import Region, active_region

EXIT_OK, EXIT_FAILED = 0, 1


def _error(message: object) -> None:
    print(f"Feil: {message}", file=sys.stderr)


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)  # 2026-12-06 or 6.12.2026
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» er ikkje ein dato (ÅÅÅÅ-MM-DD eller D.M.ÅÅÅÅ).") from None


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    print()


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
            # a status saved in between: who saved what and when, in words (the service gives the entry)
            _error(stale_message(exc.current) if str(exc) == service.STALE_ENTRY else str(exc))
            if exc.current is not None:
                _print_json(_entry_json(exc.current))
            return EXIT_FAILED
    return _with_engine(body)


def _cmd_upgrade(args: argparse.Namespace) -> int:
    def body(engine: Any) -> int:
        db.upgrade(engine)
        print(f"Databasen er oppdatert (versjon {db.current_revision(engine)}): {engine.url.render_as_string()}",
              file=sys.stderr)
        return EXIT_OK
    return _with_engine(body)


def _cmd_backup(args: argparse.Namespace, session: Any, engine: Any) -> int:
    written = backup.write_backup(engine, args.file)
    if written.method == "pg_dump":
        print(f"Skreiv tryggingskopi til {written.path} med pg_dump (PostgreSQL sitt eige format; `db restore` "
              "hentar han tilbake med pg_restore).", file=sys.stderr)
    elif written.pg_dump_problem:
        print(f"Skreiv tryggingskopi til {written.path} som JSON, ikkje med pg_dump: {written.pg_dump_problem}. "
              "`db restore` hentar han tilbake like fullt.", file=sys.stderr)
    elif written.method == "json":
        print(f"Skreiv tryggingskopi til {written.path} (JSON).", file=sys.stderr)
    else:
        print(f"Skreiv tryggingskopi til {written.path}.", file=sys.stderr)
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace, session: Any, engine: Any) -> int:
    session.close()
    result = backup.restore(engine, args.file, force=args.force)
    if result.safety_copy is not None:
        print(f"Det som stod i databasen før, er lagra i {result.safety_copy}.", file=sys.stderr)
    print(f"Henta tilbake frå {args.file}: " + ", ".join(f"{k} {v}" for k, v in result.items()), file=sys.stderr)
    return EXIT_OK


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Passord: ")
        if getpass.getpass("Passord på nytt: ") != first:
            raise FollowupError("Passorda er ulike.")
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
    where = f" for {region.names[municipality]} ({municipality})" if municipality else ""
    print(f"Oppretta brukaren {account.name} med rolla {account.role}{where}.", file=sys.stderr)
    return EXIT_OK


def _oslo(moment: dt.datetime | None) -> str:
    if moment is None:
        return "–"
    return moment.replace(tzinfo=dt.UTC).astimezone(ZoneInfo("Europe/Oslo")).strftime("%d.%m.%Y kl. %H:%M")


def _cmd_users_list(args: argparse.Namespace, session: Any, engine: Any) -> int:
    statuses = accounts.account_statuses(session)
    if args.json:
        _print_json([s.as_record() for s in statuses])
        return EXIT_OK
    print(f"{'namn':<24} {'rolle':<8} {'kommune':<14} {'aktiv':<6} {'låst til':<20} {'sist innlogga':<20} e-post")
    for s in statuses:
        print(f"{s.name:<24} {s.role:<8} {s.municipality or '–':<14} {'ja' if s.active else 'nei':<6} "
              f"{_oslo(s.locked_until):<20} {_oslo(s.last_sign_in):<20} {s.email or ''}")
    return EXIT_OK


def _cmd_users_deactivate(args: argparse.Namespace, session: Any, engine: Any) -> int:
    with write_transaction(session):
        accounts.set_active(session, args.name, False)
    print(f"Brukaren {args.name} er ikkje lenger aktiv (logga ut, kan ikkje logge inn).", file=sys.stderr)
    return EXIT_OK


def _cmd_users_reactivate(args: argparse.Namespace, session: Any, engine: Any) -> int:
    with write_transaction(session):
        accounts.set_active(session, args.name, True)
    print(f"Brukaren {args.name} er aktiv att.", file=sys.stderr)
    return EXIT_OK


def _cmd_users_unlock(args: argparse.Namespace, session: Any, engine: Any) -> int:
    with write_transaction(session):
        accounts.unlock(session, args.name)
    print(f"Ventetida for innlogging som {args.name} er oppheva.", file=sys.stderr)
    return EXIT_OK


def _cmd_users_set_password(args: argparse.Namespace, session: Any, engine: Any) -> int:
    if accounts.get_account(session, args.name) is None:
        raise FollowupError(f"Ukjend brukar «{args.name}».")
    password = _read_password()
    with write_transaction(session):
        accounts.set_password(session, args.name, password)
    print(f"Nytt passord for {args.name} (innloggingane som var opne, er avslutta).", file=sys.stderr)
    return EXIT_OK


def _cmd_users_set_municipality(args: argparse.Namespace, session: Any, engine: Any) -> int:
    region = active_region()
    code = None if args.municipality.strip().lower() in ("none", "ingen", "") else args.municipality
    with write_transaction(session):
        found = municipal_parts.set_user_municipality(session, args.name, code, region=region)
    where = f"rapporterer no for {region.names[found]} ({found})" if found else "høyrer no til sekretariatet"
    print(f"Brukaren {args.name} {where}.", file=sys.stderr)
    return EXIT_OK


def _cmd_users_set_email(args: argparse.Namespace, session: Any, engine: Any) -> int:
    email = None if args.email.strip().lower() in ("none", "ingen", "") else args.email
    with write_transaction(session):
        account = accounts.set_email(session, args.name, email)
    print(f"Brukaren {args.name} har no {f'e-postadressa {account.email}' if account.email else 'inga e-postadresse'}.",
          file=sys.stderr)
    return EXIT_OK


def _cmd_users_remove(args: argparse.Namespace, session: Any, engine: Any) -> int:
    with write_transaction(session):
        accounts.remove_user(session, args.name)
    print(f"Fjerna brukaren {args.name} (oppføringane og revisjonsloggen held på namnet).", file=sys.stderr)
    return EXIT_OK


def _plan_and_region() -> tuple[Plan, Region]:
    """The command loads the active region and its plan and hands them to the service."""
    region = active_region()
    if not region.has_plan:
        return empty_plan(region), region
    try:
        return load_plan(region.plan_file(GOALS_FILE_NAME)), region
    except GoalFileError as exc:
        raise FollowupError(str(exc)) from None


def _cmd_record_status(args: argparse.Namespace, session: Any, engine: Any) -> int:
    plan, region = _plan_and_region()
    with write_transaction(session):  # the command is the unit of work: committed (and read back) here
        item = service.resolve_item(session, args.id, plan, kind=args.kind)  # looked up in the plan, explicitly
        entry = service.record_status(
            session, item.id, args.status, note=args.note, by_body=args.by, assessed_on=args.date, user=args.user,
            evidence_url=args.evidence_url, kind=item.kind, plan=plan, municipality=args.municipality, region=region,
        )
    part = f" ({region.names[entry.municipality]} sin del)" if entry.municipality else ""
    label = status_label(entry.status, entry.item_kind)
    print(f"Lagra: {entry.item_id}{part} = {entry.status} ({label}), oppføring {entry.id}.", file=sys.stderr)
    return EXIT_OK


def _entry_json(entry: service.Entry) -> dict[str, Any]:
    """A status entry as JSON: its facts and its status in words (`status_label`)."""
    return {**entry.as_record(), "status_label": status_label(entry.status, entry.item_kind)}


def _cmd_history(args: argparse.Namespace, session: Any, engine: Any) -> int:
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
            mark = f"  (rettar oppføring {corrected[e.id]})" if e.id in corrected else ""
            item = f"{e.item_id} ({names.get(e.municipality, e.municipality)})" if e.municipality else e.item_id
            label = status_label(e.status, e.item_kind)
            print(f"{format_moment(e.entered_at):<30} {item:<24} {label:<16} {e.entered_by:<12} "
                  f"{e.reported_by}  {e.note[:60]!r}{mark}")
    return EXIT_OK


def _cmd_changes(args: argparse.Namespace, session: Any, engine: Any) -> int:
    since = args.since
    if since is None:
        meeting = service.last_meeting(session)
        if meeting is None:
            raise FollowupError("Ingen møte er registrerte; gi --since ÅÅÅÅ-MM-DD.")
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
    print(f"Lagra talet {figure.value:g} for {figure.goal_id} ({figure.region_code}, {figure.period}).",
          file=sys.stderr)
    return EXIT_OK


def _cmd_meeting_add(args: argparse.Namespace, session: Any, engine: Any) -> int:
    with write_transaction(session):
        meeting = service.record_meeting(session, args.date, args.name, user=args.user)
    print(f"Lagra møtet {meeting.name} ({meeting.held_on.isoformat()}).", file=sys.stderr)
    return EXIT_OK


def _cmd_meeting_list(args: argparse.Namespace, session: Any, engine: Any) -> int:
    """The meetings, newest first: a table (date, name, who entered it), or JSON with --json."""
    records = service.meetings(session)
    if args.json:
        _print_json([m.as_record() for m in records])
        return EXIT_OK
    if not records:
        print("Ingen møte er førte. Før eitt med `meeting add ÅÅÅÅ-MM-DD NAMN --user NAMN`.")
        return EXIT_OK
    rows = [("Dato", "Møte", "Ført av")] + [(format_date(m.held_on), m.name, m.entered_by) for m in records]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    for date, name, by in rows:
        print(f"{date:<{widths[0]}}  {name:<{widths[1]}}  {by}".rstrip())
    return EXIT_OK


def register(subparsers: Any) -> None:
    """Add the follow-up commands to the main parser's subparsers."""
    database = subparsers.add_parser("db", help="oppfølgingsdatabasen: oppdater, ta tryggingskopi, hent tilbake")
    database_commands = database.add_subparsers(dest="db_command", required=True)
    upgrade = database_commands.add_parser("upgrade", help="køyr migreringane (trygt å køyre fleire gonger)")
    upgrade.set_defaults(handler=_cmd_upgrade)
    backup_parser = database_commands.add_parser("backup", help="tryggingskopi til FIL")
    backup_parser.add_argument("file", type=Path, metavar="FILE")
    backup_parser.set_defaults(handler=_run(_cmd_backup))
    restore = database_commands.add_parser("restore", help="hent tilbake alt frå ein tryggingskopi")
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--force", action="store_true",
                         help="erstatt ein database med oppføringar (det som står der, blir lagra ved sida av først)")
    restore.set_defaults(handler=_run(_cmd_restore))

    users = subparsers.add_parser("users", help="brukarar som kan rapportere")
    users_commands = users.add_subparsers(dest="users_command", required=True)
    add = users_commands.add_parser("add", help="ny brukar (passordet frå ein ledetekst, eller stdin)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--email", default=None, help="e-post for innlogging gjennom OIDC (st.login)")
    add.add_argument("--no-password", action="store_true", help="berre OIDC-innlogging (krev --email)")
    add.add_argument("--municipality", default=None, metavar="CODE",
                     help="kommunenummeret (2024) til ein kommunal rapportør; utan: sekretariatet")
    add.set_defaults(handler=_run(_cmd_users_add))
    list_users = users_commands.add_parser(
        "list", help="alle brukarar: rolle, kommune, aktiv, låst til, sist innlogga")
    list_users.add_argument("--json", action="store_true")
    list_users.set_defaults(handler=_run(_cmd_users_list))
    for name, handler, text in (
        ("deactivate", _cmd_users_deactivate, "gjer ein brukar inaktiv (logga ut, kan ikkje logge inn eller skrive)"),
        ("reactivate", _cmd_users_reactivate, "gjer ein inaktiv brukar aktiv att"),
        ("unlock", _cmd_users_unlock, "opphev ventetida etter mislukka innloggingar"),
        ("set-password", _cmd_users_set_password, "nytt passord (frå ein ledetekst, eller stdin)"),
        ("remove", _cmd_users_remove, "fjern ein brukar (oppføringane held på namnet)"),
    ):
        command = users_commands.add_parser(name, help=text)
        command.add_argument("name", metavar="NAME")
        command.set_defaults(handler=_run(handler))
    set_municipality = users_commands.add_parser(
        "set-municipality", help="kommunen ein brukar rapporterer for (kommunenummer), eller none: sekretariatet")
    set_municipality.add_argument("name", metavar="NAME")
    set_municipality.add_argument("municipality", metavar="CODE")
    set_municipality.set_defaults(handler=_run(_cmd_users_set_municipality))
    set_email = users_commands.add_parser("set-email", help="ny e-postadresse (none: ingen)")
    set_email.add_argument("name", metavar="NAME")
    set_email.add_argument("email", metavar="EMAIL")
    set_email.set_defaults(handler=_run(_cmd_users_set_email))

    record = subparsers.add_parser("record-status", help="registrer status for eit mål eller eit tiltak")
    record.add_argument("id", metavar="GOAL_OR_ACTION_ID")
    record.add_argument("--kind", choices=("goal", "action"), default=None,
                        help="mål (goal) eller tiltak (action); trengst berre når ID-en er begge")
    record.add_argument("--status", required=True,
                        help=f"mål: {', '.join(QUALITATIVE_STATUSES)} (målte mål: "
                             f"{', '.join(service.INDICATOR_GOAL_STATUSES)}); tiltak: {', '.join(ACTION_STATUSES)}")
    record.add_argument("--note", default="")
    record.add_argument("--by", default="", help="rapportert av (organet i planen, t.d. RR)")
    record.add_argument("--date", type=_date, default=None,
                        help="vurderingsdato, 2026-12-06 eller 6.12.2026 (standard: i dag)")
    record.add_argument("--evidence-url", default=None, help="lenkje til dokumentasjon")
    record.add_argument("--municipality", default=None, metavar="CODE",
                        help="kommunenummeret: delen til denne kommunen av tiltaket (utan: statusen til regionen)")
    record.add_argument("--user", required=True)
    record.set_defaults(handler=_run(_cmd_record_status))

    history = subparsers.add_parser("history", help="statushistorikk (nyaste først)")
    history.add_argument("id", nargs="?", default=None, metavar="ID")
    history.add_argument("--kind", choices=("goal", "action"), default=None,
                         help="mål (goal) eller tiltak (action); trengst berre når ID-en er begge")
    history.add_argument("--json", action="store_true")
    history.set_defaults(handler=_run(_cmd_history))

    changes = subparsers.add_parser("changes", help="kva er endra sidan ein dato (standard: sist møte)")
    changes.add_argument("--since", type=_date, default=None, help="dato, 2026-10-15 eller 15.10.2026")
    changes.add_argument("--json", action="store_true")
    changes.set_defaults(handler=_run(_cmd_changes))

    figure = subparsers.add_parser("record-figure", help="registrer eit tal for eit mål utan importør")
    figure.add_argument("goal", metavar="GOAL_ID")
    figure.add_argument("--value", required=True, type=float)
    figure.add_argument("--period", required=True, type=int, help="år")
    figure.add_argument("--source", required=True, help="namnet på kjelda")
    figure.add_argument("--url", default=None, help="lenkje til kjelda")
    figure.add_argument("--published", type=_date, default=None, help="publiseringsdato, 2026-10-15 eller 15.10.2026")
    figure.add_argument("--region", default=None, help="regionkode (standard: heile regionen)")
    figure.add_argument("--unit", default=None, help="eining (standard: eininga til dei tidlegare tala for målet)")
    figure.add_argument("--unit-choice", choices=("convert", "new-series"), default=None,
                        help="når eininga ikkje er den same som i dei tidlegare tala: rekn om, eller start "
                             "ein ny serie")
    figure.add_argument("--quoted", default=None, metavar="LABEL",
                        help="sitert tal, med merkelapp, t.d. «sitert tal frå ei pressemelding»")
    figure.add_argument("--citation", default=None)
    figure.add_argument("--note", default=None)
    figure.add_argument("--user", required=True)
    figure.set_defaults(handler=_run(_cmd_record_figure))

    meeting = subparsers.add_parser("meeting", help="møtedatoar (for «Kva er endra sidan sist»)")
    meeting_commands = meeting.add_subparsers(dest="meeting_command", required=True)
    meeting_add = meeting_commands.add_parser("add", help="registrer eit møte")
    meeting_add.add_argument("date", type=_date, metavar="DATE", help="2026-10-15 eller 15.10.2026")
    meeting_add.add_argument("name", metavar="NAME")
    meeting_add.add_argument("--user", required=True)
    meeting_add.set_defaults(handler=_run(_cmd_meeting_add))
    meeting_list = meeting_commands.add_parser("list", help="alle møte, nyaste først (ein tabell; --json for JSON)")
    meeting_list.add_argument("--json", action="store_true")
    meeting_list.set_defaults(handler=_run(_cmd_meeting_list))

    reporting_cli.register(subparsers, _run)  # round add|list|status|close|remind, action-parts (issue 22)
