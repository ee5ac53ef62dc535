"""Command line: python -m indicators refresh | check-api | import-csv | import-emissions | status | export | report.

Each command imports what it uses when it runs (a Python process starts for every command: `--help`, a usage
error or `db upgrade` need not load plotly, the exports or the SSB client), and the parser is made once per
language and region in a process that calls `main` again (tests, scripts)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indicators import i18n, settings
from indicators.followup.cli_support import language_option
from indicators.present.texts import cli as cli_texts
from indicators.present.texts import cli_help
from indicators.regions import Region, UnknownRegionError, active_region, normalise_region

if TYPE_CHECKING:
    import pandas as pd

    from indicators.model import IndicatorSpec
    from indicators.present.export import ExportView

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _error(message: object) -> None:
    print(cli_texts.ERROR.format(message=message), file=sys.stderr)


def _cmd_refresh(args: argparse.Namespace) -> int:
    """SSB datasets through the API; `emissions` (named explicitly) from the address in plan/sources.toml."""
    from indicators import cache
    from indicators.refresh import refresh, refresh_scope

    names = list(args.datasets)
    try:  # the region's members and its peers, or with --all every municipality of the code table
        municipalities = refresh_scope(args.all)
    except cache.CacheError as exc:
        _error(str(exc))
        return EXIT_FAILED
    failed = False
    if "emissions" in names:
        names.remove("emissions")
        failed |= not _refresh_emissions()
        if not names:
            return EXIT_FAILED if failed else EXIT_OK
    for result in refresh(names or None, notice=_notice, municipalities=municipalities):
        line = cli_texts.REFRESH_OK if result.ok else cli_texts.REFRESH_FAILED
        print(line.format(dataset=result.dataset, message=result.message))
        failed |= not result.ok
    return EXIT_FAILED if failed else EXIT_OK


def _notice(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _cmd_check_api(args: argparse.Namespace) -> int:
    from indicators.sources.ssb import DEFAULT_BASE_URL
    from indicators.sources.ssb_check import run

    return run(args.base_url or DEFAULT_BASE_URL)


def _refresh_emissions() -> bool:
    from indicators.datasets import EMISSIONS
    from indicators.refresh import record_version
    from indicators.sources.miljodirektoratet import EmissionsDownloadError, refresh_emissions

    try:
        summary = refresh_emissions()
    except EmissionsDownloadError as exc:
        print(cli_texts.REFRESH_FAILED.format(dataset="emissions", message=exc))
        return False
    print(cli_texts.REFRESH_OK.format(dataset="emissions", message=summary.describe()))
    _record_cached_version(EMISSIONS, record_version)
    return True


def _cmd_import_emissions(args: argparse.Namespace) -> int:
    from indicators.datasets import EMISSIONS
    from indicators.refresh import record_version
    from indicators.sources.miljodirektoratet import EmissionsImportError, import_emissions

    try:
        summary = import_emissions(args.files, accept_implausible=args.accept_implausible)
    except EmissionsImportError as exc:
        _error(cli_texts.EMISSIONS_UNCHANGED.format(problem=exc))
        return EXIT_FAILED
    print(summary.describe())
    _record_cached_version(EMISSIONS, record_version)
    return EXIT_OK


def _record_cached_version(name: str, record: Any) -> None:
    """Keep the dataset just imported as a version in the follow-up database (a failure only warns)."""
    from indicators import cache

    try:
        dataset = cache.read_dataset(name)
    except cache.CacheError as exc:
        _notice(cli_texts.VERSION_NOT_KEPT.format(name=name, reason=exc))
        return
    record(dataset, user="import", warn=_notice)


def _cmd_import_csv(args: argparse.Namespace) -> int:
    from indicators import cache
    from indicators.tidy_csv import TidyCsvError, check_with_indicators, read_tidy_csv

    try:
        dataset = read_tidy_csv(args.file, args.dataset, source=args.source, table_id=args.table, title=args.title)
        check_with_indicators(dataset)
        folder = cache.write_dataset(dataset)
    except (TidyCsvError, cache.CacheError, OSError) as exc:
        _error(cli_texts.DATASET_UNCHANGED.format(problem=exc))
        return EXIT_FAILED
    print(cli_texts.IMPORTED_ROWS.format(count=dataset.provenance.row_count, folder=folder))
    from indicators.refresh import record_version

    record_version(dataset, user="import", warn=_notice)
    return EXIT_OK


def _cmd_status(args: argparse.Namespace) -> int:
    """Every goal's status for the region, with the follow-up database's latest entries (note, body, date) laid
    over the plan files; goals no importer covers are evaluated from the figures the secretariat entered. Exit 1
    when a dataset a goal reads is damaged (the goal's reason names it)."""
    from indicators import cache
    from indicators.goal_status import goal_status
    from indicators.goals import GoalFileError, goal_status_record, load_plan
    from indicators.plan_actions import with_programme
    from indicators.plan_state import evaluate_plan, read_state
    from indicators.present.changes import entered_label

    try:
        plan = with_programme(load_plan(args.goals))
    except GoalFileError as exc:
        _error(str(exc))
        return EXIT_FAILED
    state = read_state(plan, region=active_region())
    if not state.available:
        print(cli_texts.DATABASE_UNAVAILABLE_STATUS.format(reason=state.problem),
              file=sys.stderr)
    results = evaluate_plan(state, args.region)
    damaged = cache.dataset_problems()
    records = []
    for result in results:
        record = goal_status_record(result)
        entry = state.status(result.goal.id, "goal")
        if entry is not None:
            record["followup"] = _entry_record(entry)
        # both statuses, each for what it is, and the one the counts use (indicators/goal_status.py)
        record["statuses"] = goal_status(result, entry).as_record()
        if result.entered is not None:
            record["source"] = entered_label(result.entered)
            record["entered_figures"] = True
        broken = [name for name in (result.spec.datasets if result.spec else ()) if name in damaged]
        if broken:
            record["reason"] = damaged[broken[0]]
            record["damaged_dataset"] = broken[0]
        records.append(record)
    if args.actions:
        records.extend(_action_records(state))
    for problem in plan.problems:
        print(cli_texts.WARNING.format(message=problem), file=sys.stderr)
    if plan.no_plan:
        print(plan.no_plan, file=sys.stderr)
    for message in damaged.values():
        _error(message)
    if args.json:
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for record in records:
            latest = record.get("latest") or {}
            value = "" if latest.get("value") is None else (
                f" {latest['value']:,.0f} ({latest['period']})".replace(",", " "))
            assessed = (record.get("statuses") or {}).get("assessment")
            both = cli_texts.STATUS_ASSESSED.format(status=assessed["status_label"]) \
                if assessed and record["kind"] == "indicator" else ""
            print(f"{record['status_label']:<20} {record['id']:<28}{value}{both}")
    return EXIT_FAILED if damaged else EXIT_OK


def _entry_record(entry: Any) -> dict[str, Any]:
    """A status entry for `status --json`: the status, note, body and date of the assessment, who entered it."""
    from indicators.plan_actions import status_label

    return {
        "status": entry.status, "status_label": status_label(entry.status, entry.item_kind), "note": entry.note,
        "reported_by": entry.reported_by, "assessed_on": entry.assessed_on.isoformat(),
        "entered_by": entry.entered_by, "entered_at": entry.as_record()["entered_at"],
        "evidence_url": entry.evidence_url,
    }


def _action_records(state: Any) -> list[dict[str, Any]]:
    """The actions with their latest status (`status --json --actions`), added and dropped ones marked."""
    from indicators.plan_actions import ActionsFileError, programme, with_followup
    from indicators.progress import STATUS_LABELS

    try:
        frame = programme(state.plan)
    except ActionsFileError as exc:
        _error(str(exc))
        return []
    current = with_followup(frame, state.kind_statuses("action"), state.action_changes)
    records = []
    for row in current.to_dict("records"):
        entry = state.status(row["number"], "action")
        records.append({
            "id": str(row["number"]), "kind": "action", "title": row["text"], "area": row["area"],
            "status": row["status"], "status_label": STATUS_LABELS.get(row["status"], row["status"]),
            "status_note": row["status_note"], "reported_by": row["reported_by"], "reviewed": row["reviewed"] or None,
            "added": row["origin"] == "added", "dropped": bool(row["dropped"]), "revision": row["revision"],
            **({"followup": _entry_record(entry)} if entry is not None else {}),
        })
    return records


def _followed_up_actions() -> pd.DataFrame:
    """The action programme as Handlingsprogram's download gives it: the follow-up database's statuses over the
    plan file, the actions added at a revision, dropped ones marked (the plan file's statuses, with a warning,
    when the database cannot be read)."""
    from indicators.goals import load_plan
    from indicators.plan_actions import DISPLAY_HEADERS, display_table, programme, with_followup, with_programme
    from indicators.plan_state import read_state
    from indicators.present.changes import entered_text

    state = read_state(with_programme(load_plan()), region=active_region())
    if not state.available:
        _notice(cli_texts.DATABASE_UNAVAILABLE_ACTIONS.format(reason=state.problem))
    areas = state.plan.area_names
    current = with_followup(programme(state.plan), state.kind_statuses("action"), state.action_changes,
                            entered=entered_text)
    table = display_table(current, areas)
    marks = current["revision"].map(lambda text: f" [{text}]" if text else "")
    table[DISPLAY_HEADERS["text"]] = table[DISPLAY_HEADERS["text"]] + marks.to_numpy()
    return table


def _export_view(spec: IndicatorSpec, frame: pd.DataFrame, filters: dict[str, str]) -> ExportView:
    """The export as the web's downloads describe it: data, provenance of its datasets, the choices made."""
    from indicators import cache
    from indicators.present.export import ExportView

    return ExportView(title=spec.title, data=frame, provenances=cache.manifests(spec.datasets), filters=filters)


# Pages whose name is not their main indicator's title (the others are found from the titles: «Folketal»).
PAGE_INDICATORS = {"klima": "emissions_total"}


def _exportable() -> dict[str, IndicatorSpec]:
    """Every indicator in the registry and the plan tables (the action programme), by id."""
    from indicators import peers, plan_actions
    from indicators.registry import all_indicators

    return {**all_indicators(), **{spec.id: spec for spec in (*plan_actions.TABLES, *peers.TABLES)}}


def export_aliases(known: dict[str, IndicatorSpec]) -> dict[str, str]:
    """Alias → indicator id: each title as its page calls it («Folketal» → `folketal`, «Arbeidsplassar» →
    `arbeidsplassar`), and the pages named otherwise (`klima`)."""
    from indicators.present.export import safe_filename

    aliases = {safe_filename(spec.title): spec.id for spec in known.values()}
    aliases.update({page: indicator for page, indicator in PAGE_INDICATORS.items() if indicator in known})
    return {alias: indicator for alias, indicator in aliases.items() if alias not in known}


def _export_spec(indicator_id: str) -> IndicatorSpec:
    """An indicator from the registry, or a plan table (the action programme), by id or alias."""
    from indicators.model import UnknownIndicatorError

    known = _exportable()
    wanted = indicator_id.strip()
    wanted = export_aliases(known).get(wanted.lower(), wanted)
    try:
        return known[wanted]
    except KeyError:
        raise UnknownIndicatorError(indicator_id, list(known)) from None


def _add_export_list(parser: argparse.ArgumentParser) -> None:
    parser.epilog = _export_list()


def _export_list() -> str:
    """The indicator ids for `export --help`, one line each: id, title and unit, and the short name."""
    known = _exportable()
    short = {indicator: alias for alias, indicator in export_aliases(known).items() if "-" not in alias}
    width = max(len(i) for i in known) + 2
    lines = [cli_texts.EXPORT_LIST]
    for spec in known.values():
        unit = f" ({spec.unit})" if spec.unit else ""
        alias = f" [{short[spec.id]}]" if spec.id in short else ""
        lines.append(f"  {spec.id:<{width}}{spec.title}{unit}{alias}")
    return "\n".join(lines)


def _cmd_export(args: argparse.Namespace) -> int:
    from indicators import cache
    from indicators.ages import AgeBandError
    from indicators.goals import GoalFileError
    from indicators.model import UnknownIndicatorError
    from indicators.plan_actions import ActionsFileError
    from indicators.present.export import excel_csv_bytes, to_csv_bytes, to_excel_bytes, view_csv_bytes

    try:
        spec = _export_spec(args.indicator)
        params: dict[str, str] = {}
        if args.ages:
            if "ages" not in spec.params:
                raise ValueError(cli_texts.NO_AGE_CHOICE.format(indicator=spec.id))
            params["ages"] = args.ages
        region = normalise_region(args.region) if args.region else None
        frame = _followed_up_actions() if spec.id == "actions" else spec.compute(region=region, **params)
    except (UnknownIndicatorError, UnknownRegionError, AgeBandError, ValueError) as exc:
        _error(str(exc))
        return EXIT_USAGE
    except (cache.CacheError, LookupError, ActionsFileError, GoalFileError) as exc:  # LookupError: no rows there
        _error(str(exc))
        return EXIT_FAILED
    if frame.empty and spec.empty_message:
        hint = cli_texts.IMPORT_EMISSIONS_HINT if "emissions" in spec.datasets else ""
        _error(f"{spec.empty_message}{hint}")
        return EXIT_FAILED
    if frame.empty and region is not None:
        _error(cli_texts.NO_FIGURES_FOR.format(region=active_region().region_name(region)))
        return EXIT_FAILED
    filters = {k: v for k, v in {"region": region, "ages": args.ages}.items() if v}
    view = _export_view(spec, frame, filters)
    # the action programme as Handlingsprogram's CSV download has it (no data sources: no provenance columns)
    csv_bytes = (lambda v: to_csv_bytes(v.data)) if spec.id == "actions" else view_csv_bytes
    try:
        if args.format == "csv" and not args.output:
            sys.stdout.write(csv_bytes(view).decode("utf-8-sig"))
            return EXIT_OK
        if args.format == "csv-excel" and not args.output:  # the bytes as written: BOM, CRLF and all
            sys.stdout.flush()
            sys.stdout.buffer.write(excel_csv_bytes(view))
            return EXIT_OK
        suffix = {"csv": ".csv", "csv-excel": "-excel.csv", "xlsx": ".xlsx"}[args.format]
        output = Path(args.output or f"{spec.id}{suffix}")
        writers = {"csv": csv_bytes, "csv-excel": excel_csv_bytes, "xlsx": to_excel_bytes}
        output.write_bytes(writers[args.format](view))
    except OSError as exc:
        _error(cli_texts.NOT_WRITTEN.format(reason=exc.strerror or exc, file=exc.filename or args.output))
        return EXIT_FAILED
    print(cli_texts.WROTE_ROWS.format(count=len(frame), file=output), file=sys.stderr)
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    """The statusrapport (or with --final the sluttrapport for the plan period) as HTML, PDF or Word, with the
    follow-up database's statuses, who assessed them and when, the changes since the last meeting and the
    action programme."""
    from indicators.followup.errors import FollowupError
    from indicators.goals import GoalFileError
    from indicators.present.report import ReportError, report_for
    from indicators.report_inputs import read_report_inputs
    from indicators.round_inputs import with_round

    try:
        inputs = read_report_inputs(args.region, final=args.final, goals_path=args.goals)
        if args.round:  # the report made for a reporting round (issue 22)
            inputs = with_round(inputs, args.round)
        path = report_for(inputs, args.output, fmt=args.format)
    except (GoalFileError, ReportError, OSError, FollowupError) as exc:
        _error(str(exc))
        return EXIT_FAILED
    which = "round" if args.round else "final" if args.final else "status"
    print(cli_texts.REPORT_WRITTEN[which].format(round=args.round, path=path), file=sys.stderr)
    return EXIT_OK


class _Parser(argparse.ArgumentParser):
    """argparse with Nynorsk usage errors, and help that may be completed when it is shown (`complete_help`: what
    needs a command's modules, e.g. the list of indicators under `export --help`, is read only then)."""

    def __init__(self, *args: Any, complete_help: Callable[[_Parser], None] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._complete_help = complete_help

    def format_help(self) -> str:
        if self._complete_help is not None:
            complete, self._complete_help = self._complete_help, None
            complete(self)
        return super().format_help()

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        _error(message)
        raise SystemExit(EXIT_USAGE)


def _period(region: Region) -> str:
    return f"{region.plan.start}–{region.plan.end}" if region.plan else cli_texts.NO_PLAN_LOADED


def build_parser() -> argparse.ArgumentParser:
    H = cli_help.HELP  # noqa: N806 - the help in the language of --lang (read once the language is set)
    common = _Parser(add_help=False)
    common.add_argument("--cache-dir", help=H["cache_dir"])
    common.add_argument("--lang", choices=tuple(i18n.LANGUAGES), default=argparse.SUPPRESS,
                        help=H["lang"])
    region = active_region()
    parser = _Parser(prog="python -m indicators", parents=[language_option()],
                     description=cli_texts.DESCRIPTION.format(plan=region.plan.name if region.plan else region.name))
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    refresh = commands.add_parser("refresh", parents=[common], help=H["refresh"])
    refresh.add_argument(
        "datasets", nargs="*",
        help=H["refresh.datasets"],
    )
    refresh.add_argument("--all", action="store_true",
                         help=H["refresh.all"])
    refresh.set_defaults(handler=_cmd_refresh)

    def base_url_help(parser: _Parser) -> None:  # the SSB client's address, read when the help is shown
        from indicators.sources.ssb import DEFAULT_BASE_URL

        base_url.help = H["check_api.base_url"].format(url=DEFAULT_BASE_URL)

    check_api = commands.add_parser("check-api", parents=[_Parser(add_help=False, parents=[language_option()])],
                                    help=H["check_api"], complete_help=base_url_help)
    base_url = check_api.add_argument("--base-url", default=None)  # None: the SSB client's default address
    check_api.set_defaults(handler=_cmd_check_api)

    emissions = commands.add_parser(
        "import-emissions", parents=[common], help=H["import_emissions"]
    )
    emissions.add_argument("files", nargs="+", type=Path, metavar="FILE")
    emissions.add_argument(
        "--accept-implausible", action="store_true",
        help=H["import_emissions.accept_implausible"],
    )
    emissions.set_defaults(handler=_cmd_import_emissions)

    import_csv = commands.add_parser("import-csv", parents=[common], help=H["import_csv"])
    import_csv.add_argument("file", type=Path)
    import_csv.add_argument("--dataset", required=True)
    import_csv.add_argument("--source", default="Statistisk sentralbyrå")
    import_csv.add_argument("--table", default=None, help=H["import_csv.table"])
    import_csv.add_argument("--title", default=None)
    import_csv.set_defaults(handler=_cmd_import_csv)

    status = commands.add_parser("status", parents=[common], help=H["status"])
    status.add_argument("--json", action="store_true")
    status.add_argument("--region", default=region.id, type=_region_arg)
    status.add_argument("--goals", type=Path, default=None, help=H["goals"])
    status.add_argument("--actions", action="store_true", help=H["status.actions"])
    status.set_defaults(handler=_cmd_status)

    export = commands.add_parser(
        "export", parents=[common], help=H["export"], complete_help=_add_export_list,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument("indicator", metavar="INDICATOR", help=H["export.indicator"])
    export.add_argument(
        "--format", choices=("csv", "csv-excel", "xlsx"), default="csv",
        help=H["export.format"],
    )
    export.add_argument("--region", default=None)
    export.add_argument("--ages", default=None, help=H["export.ages"])
    export.add_argument("--output", "-o", default=None, help=H["export.output"])
    export.set_defaults(handler=_cmd_export)

    report = commands.add_parser("report", parents=[common], help=H["report"])
    report.add_argument("--region", default=region.id, type=_region_arg)
    report.add_argument("--output", "-o", default=None,
                        help=H["report.output"])
    report.add_argument("--format", choices=("html", "pdf", "docx"), default="html",
                        help=H["report.format"])
    report.add_argument("--goals", type=Path, default=None, help=H["goals"])
    report.add_argument("--final", action="store_true",
                        help=H["report.final"].format(period=_period(region)))
    report.add_argument("--round", default=None, metavar="NAMN",
                        help=H["report.round"])
    report.set_defaults(handler=_cmd_report)
    from indicators.followup.cli import register as register_followup  # db, users, record-status, history, …
    register_followup(commands)
    return parser


# The parsers made in this process, per language and region (a CLI process makes one; a test or script that calls
# `main` again reuses it: making one costs ~10 ms, mostly argparse's own gettext lookups).
_parsers: dict[tuple[str, int], tuple[Region, argparse.ArgumentParser]] = {}


def _parser() -> argparse.ArgumentParser:
    """`build_parser()` for the language and the region now (the Region object read from the region file: a new
    file, or the same one read again, gets a new parser)."""
    region = active_region()
    key = (i18n.current(), id(region))
    made = _parsers.get(key)
    if made is None or made[0] is not region:
        if len(_parsers) >= 8:
            _parsers.pop(next(iter(_parsers)))
        made = _parsers[key] = (region, build_parser())
    return made[1]


def _region_arg(code: str) -> str:
    try:
        return normalise_region(code)
    except UnknownRegionError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _language_in(argv: Sequence[str]) -> str | None:
    """The `--lang` of a command line (`--lang en` or `--lang=en`, before or after the command), read before the
    parser is made so that its help and its refusals read in that language too."""
    for index, token in enumerate(argv):
        if token == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if token.startswith("--lang="):
            return token.partition("=")[2]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    previous = os.environ.get(settings.CACHE_DIR)
    try:
        with i18n.use(_language_in(argv) or i18n.default_language()):
            args = _parser().parse_args(argv)
            if getattr(args, "cache_dir", None):
                os.environ[settings.CACHE_DIR] = str(args.cache_dir)
            return int(args.handler(args))
    except BrokenPipeError:  # `… export … | head` closed the pipe: not an error
        sys.stderr.close()
        return EXIT_OK
    finally:  # main() is also called in-process (tests, scripts): leave the environment as it was
        if previous is None:
            os.environ.pop(settings.CACHE_DIR, None)
        else:
            os.environ[settings.CACHE_DIR] = previous
