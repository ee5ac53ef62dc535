"""Presentation receives frames and results: a builder in indicators/present/ never reads the cache, the plan or
the database, and never computes an indicator itself (the page reads once, through ui.data, and hands the frames
down). Read with `ast`; the report's entry point (present/report.py:report_for) is the one documented loader."""

from __future__ import annotations

import ast
from pathlib import Path

from indicators.registry import all_indicators

ROOT = Path(__file__).resolve().parent.parent
PRESENT = ROOT / "indicators" / "present"
LOADER = PRESENT / "report.py"  # report_for loads the plan, evaluates it and reads the database for the report

READERS = {
    "read_dataset", "read_manifest", "manifests", "has_dataset", "list_datasets", "dataset_sources",  # cache
    "load_plan", "evaluate_goal", "evaluate_plan", "load_actions", "read_state", "database_stamp",  # plan, db
    "session_scope", "readable_engine",
}
FORBIDDEN_MODULES = ("indicators.plan_state", "indicators.followup.db")


def forbidden_names() -> set[str]:
    """The cache, plan and database readers and every registered indicator's compute function."""
    return READERS | {spec.compute.__name__ for spec in all_indicators().values()}


def reads(path: Path, forbidden: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in FORBIDDEN_MODULES:
            found.append(f"{path.name}:{node.lineno} imports {node.module}")
        name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
        if name in forbidden:
            found.append(f"{path.name}:{node.lineno} uses {name}")
    return found


def test_no_builder_reads_the_cache_the_plan_or_the_database():
    forbidden = forbidden_names()
    assert {"population_total", "emissions_total", "jobs_total", "read_dataset"} <= forbidden
    found = [hit for path in sorted(PRESENT.rglob("*.py")) if path != LOADER for hit in reads(path, forbidden)]
    assert found == []


def test_the_check_finds_a_builder_that_reads_for_itself(tmp_path):
    builder = tmp_path / "charts.py"
    builder.write_text("from indicators import population\n\ndef chart(region):\n"
                       "    return population.population_total(region)\n", encoding="utf-8")
    assert reads(builder, forbidden_names()) == ["charts.py:4 uses population_total"]
