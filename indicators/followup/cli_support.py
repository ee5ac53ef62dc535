"""What the follow-up's commands share (`followup.cli`, `followup.reporting_cli`): a command's parser shape (its
language option, NAME, --json, --user), dates on the command line, JSON and tables on stdout, the plan and region
the service is handed, and the error line on stderr."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from indicators import i18n
from indicators.followup.errors import FollowupError
from indicators.followup.plan_import import GOALS_FILE_NAME
from indicators.formatting import parse_date
from indicators.goals import GoalFileError, Plan, empty_plan, load_plan
from indicators.plan_actions import with_programme
from indicators.present.texts import cli as cli_texts
from indicators.present.texts import cli_help
from indicators.present.texts import followup_cli as t
from indicators.regions import Region, active_region

EXIT_OK, EXIT_FAILED = 0, 1


def language_option() -> argparse.ArgumentParser:
    """A parent parser with `--lang` (the command line reads it before parsing: `indicators.cli.main`)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--lang", choices=tuple(i18n.LANGUAGES), default=argparse.SUPPRESS,
                        help=cli_help.HELP["lang_followup"])
    return parent


def add_command(subparsers: Any, name: str, help_text: str, handler: Callable[..., int] | None = None, *,
                name_arg: bool = False, json_arg: bool = False, user_arg: bool = False) -> argparse.ArgumentParser:
    """A command with `--lang`, and as asked a NAME argument, `--json` and a required `--user`."""
    command: argparse.ArgumentParser = subparsers.add_parser(name, help=help_text, parents=[language_option()])
    if name_arg:
        command.add_argument("name", metavar="NAME")
    if json_arg:
        command.add_argument("--json", action="store_true")
    if user_arg:
        command.add_argument("--user", required=True)
    if handler is not None:
        command.set_defaults(handler=handler)
    return command


def error(message: object) -> None:
    print(cli_texts.ERROR.format(message=message), file=sys.stderr)


def notice(message: object) -> None:
    print(message, file=sys.stderr)


def date_arg(text: str) -> dt.date:
    try:
        return parse_date(text)  # 2026-12-06 or 6.12.2026
    except ValueError:
        raise argparse.ArgumentTypeError(t.NOT_A_DATE.format(text=text)) from None


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    print()


def print_table(rows: Sequence[Sequence[str]]) -> None:
    """Rows (the first the headers) in columns two spaces apart, the last column as it is."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print(("  ".join(f"{cell:<{widths[i]}}" for i, cell in enumerate(row[:-1])) + f"  {row[-1]}").rstrip())


def print_listing(args: argparse.Namespace, records: Sequence[Any], empty: str, headers: Sequence[str],
                  row: Callable[[Any], Sequence[str]]) -> int:
    """A `list` command's output: the records as JSON with --json, else `empty` when there are none, else a
    table of `headers` and a `row` per record."""
    if args.json:
        print_json([record.as_record() for record in records])
    elif not records:
        print(empty)
    else:
        print_table([headers, *(row(record) for record in records)])
    return EXIT_OK


def plan_and_region() -> tuple[Plan, Region]:
    """The command loads the active region and its plan and hands them to the service."""
    region = active_region()
    if not region.has_plan:
        return with_programme(empty_plan(region)), region
    try:
        return with_programme(load_plan(region.plan_file(GOALS_FILE_NAME))), region
    except GoalFileError as exc:
        raise FollowupError(exc.args[0] if len(exc.args) == 1 else str(exc)) from None
