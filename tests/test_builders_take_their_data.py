"""Presentation receives frames and results: a builder in indicators/present/ never reads the cache, the plan or
the database, and never computes an indicator itself (the page reads once, through ui.data, and hands the frames
down; the report's caller reads through indicators/report_inputs.py and hands the inputs to present/report.py).
Read with `ast`; an import only for type checking (`if TYPE_CHECKING:`) reads nothing and is allowed."""

from __future__ import annotations

import ast
from pathlib import Path

from indicators.registry import all_indicators

ROOT = Path(__file__).resolve().parent.parent
PRESENT = ROOT / "indicators" / "present"
REPORT = PRESENT / "report.py"

READERS = {
    "read_dataset", "read_manifest", "manifests", "has_dataset", "list_datasets", "dataset_sources",  # cache
    "load_plan", "evaluate_goal", "evaluate_plan", "load_actions", "read_state", "database_stamp",  # plan, db
    "session_scope", "readable_engine",
}
FORBIDDEN_MODULES = ("indicators.plan_state", "indicators.followup.db")


def forbidden_names() -> set[str]:
    """The cache, plan and database readers and every registered indicator's compute function."""
    return READERS | {spec.compute.__name__ for spec in all_indicators().values()}


def _type_checking_only(tree: ast.Module) -> set[ast.AST]:
    """The nodes under `if TYPE_CHECKING:` (imports for annotations)."""
    return {inner for node in ast.walk(tree) if isinstance(node, ast.If)
            and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
            for statement in node.body for inner in ast.walk(statement)}


def reads(path: Path, forbidden: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    skipped = _type_checking_only(tree)
    found = []
    for node in ast.walk(tree):
        if node in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module in FORBIDDEN_MODULES:
            found.append(f"{path.name}:{node.lineno} imports {node.module}")
        name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
        if name in forbidden:
            found.append(f"{path.name}:{node.lineno} uses {name}")
    return found


def test_no_builder_reads_the_cache_the_plan_or_the_database():
    forbidden = forbidden_names()
    assert {"population_total", "emissions_total", "jobs_total", "read_dataset"} <= forbidden
    paths = sorted(PRESENT.rglob("*.py"))
    assert REPORT in paths  # the report's builders too: its caller reads (indicators/report_inputs.py)
    found = [hit for path in paths for hit in reads(path, forbidden)]
    assert found == []


def test_the_check_finds_a_builder_that_reads_for_itself(tmp_path):
    builder = tmp_path / "charts.py"
    builder.write_text("from indicators import population\n\ndef chart(region):\n"
                       "    return population.population_total(region)\n", encoding="utf-8")
    assert reads(builder, forbidden_names()) == ["charts.py:4 uses population_total"]


def test_the_check_finds_a_report_that_loads_its_plan(tmp_path):
    builder = tmp_path / "report.py"
    builder.write_text("from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
                       "    from indicators.plan_state import PlanState\n\n"
                       "from indicators.plan_state import read_state\n\n"
                       "def report_for(region, plan):\n    return read_state(load_plan(None))\n", encoding="utf-8")
    assert reads(builder, forbidden_names()) == [
        "report.py:6 imports indicators.plan_state", "report.py:9 uses read_state", "report.py:9 uses load_plan",
    ]
