"""The page scripts run without Streamlit's "magic" (.streamlit/config.toml turns it off, to save the rewrite of
each page's code on every open): nothing on a page may rely on a bare expression being written to it."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest
from streamlit.runtime.scriptrunner import magic

from ui.navigation import ENTRY_POINT, PAGE_TABLE

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = [ENTRY_POINT, *(ROOT / entry.file for entry in PAGE_TABLE)]


def test_magic_is_off_in_the_app_config() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["magicEnabled"] is False


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_no_page_relies_on_magic(script: Path) -> None:
    source = script.read_text(encoding="utf-8")
    written = [node for node in ast.walk(magic.add_magic(source, str(script)))
               if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
               and node.func.attr == "transparent_write"]
    assert not written, [ast.unparse(node) for node in written]


def test_the_check_finds_a_bare_expression(tmp_path: Path) -> None:
    # the check above would fail for a page that showed a value by magic (so it can fail)
    page = tmp_path / "page.py"
    page.write_text("import pandas as pd\nframe = pd.DataFrame()\nframe\n", encoding="utf-8")
    tree = magic.add_magic(page.read_text(encoding="utf-8"), str(page))
    assert any(isinstance(node, ast.Attribute) and node.attr == "transparent_write" for node in ast.walk(tree))
