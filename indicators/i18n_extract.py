"""The Babel extraction method for the app's texts (named in `babel.cfg`; `scripts/translations.py` runs it).

- In a text module (`indicators/present/texts/<module>.py`): every module-level UPPER_CASE constant that is a
  str, a dict/list/tuple of them (nested) or an `i18n.Plural(singular, plural)`; msgctxt `<module>.NAME` (plus
  `.key` or `.index` inside a table), the comment lines above it as the translator's comment.
- Anywhere else in `indicators/`: the tables made with `labels("module.NAME", {...})`.

Yields Babel's `(lineno, funcname, messages, comments)`, as `pgettext`/`npgettext` calls with the context first.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

TEXTS_FOLDER = ("indicators", "present", "texts")
Extracted = tuple[int, str, tuple[str, ...], list[str]]


def _comments(lines: list[str], lineno: int) -> list[str]:
    """The comment lines right above line `lineno` (1-based)."""
    found: list[str] = []
    index = lineno - 2
    while index >= 0 and lines[index].lstrip().startswith("#"):
        found.insert(0, lines[index].strip().lstrip("#").strip())
        index -= 1
    return found


class _NotText(Exception):
    """A value the extraction does not evaluate (a call, a comprehension): not a text constant."""


def _evaluate(node: ast.expr, known: Mapping[str, Any]) -> Any:
    """The value of a constant's expression: literals, tables of them, `+` of texts, earlier constants by name,
    `.strip()` and `Plural(singular, plural)` (as a (singular, plural) pair marked by _PLURAL)."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Dict):
        if any(key is None for key in node.keys):
            raise _NotText
        return {_evaluate(key, known): _evaluate(value, known)  # type: ignore[arg-type]
                for key, value in zip(node.keys, node.values, strict=True)}
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_evaluate(item, known) for item in node.elts]
    if isinstance(node, ast.Name) and node.id in known:
        return known[node.id]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _evaluate(node.left, known), _evaluate(node.right, known)
        if isinstance(left, str) and isinstance(right, str):
            return left + right
    if isinstance(node, ast.Call) and not node.keywords:
        name = getattr(node.func, "id", getattr(node.func, "attr", None))
        if name == "Plural" and len(node.args) == 2:
            singular, plural = (_evaluate(arg, known) for arg in node.args)
            if isinstance(singular, str) and isinstance(plural, str):
                return _Plural((singular, plural))
        if name == "strip" and not node.args and isinstance(node.func, ast.Attribute):
            value = _evaluate(node.func.value, known)
            if isinstance(value, str):
                return value.strip()
    raise _NotText


class _Plural(tuple[str, str]):
    pass


def _walk(value: Any, context: str, lineno: int, comments: list[str]) -> Iterator[Extracted]:
    if isinstance(value, _Plural):
        yield lineno, "npgettext", (context, *value), comments
    elif isinstance(value, str):
        if value:
            yield lineno, "pgettext", (context, value), comments
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{context}.{key}", lineno, comments)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{context}.{index}", lineno, comments)


def _is_constant_name(name: str) -> bool:
    return name[:1].isupper() and name.isupper()


def extract_texts(source: str, module: str) -> Iterator[Extracted]:
    """A text module's constants."""
    lines = source.splitlines()
    known: dict[str, Any] = {}
    for statement in ast.parse(source).body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, node = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, node = statement.target, statement.value
        else:
            continue
        if isinstance(target, ast.Name):
            pairs: list[tuple[ast.expr, ast.expr]] = [(target, node)]
        elif isinstance(target, ast.Tuple) and isinstance(node, ast.Tuple) and len(target.elts) == len(node.elts):
            pairs = list(zip(target.elts, node.elts, strict=True))  # A, B = "a", "b"
        else:
            continue
        for name, value_node in pairs:
            if not isinstance(name, ast.Name) or not _is_constant_name(name.id):
                continue
            try:
                value = known[name.id] = _evaluate(value_node, known)
            except _NotText:
                continue
            context = f"{module}.{name.id}"
            yield from _walk(value, context, statement.lineno, [context, *_comments(lines, statement.lineno)])


def extract_labels(source: str) -> Iterator[Extracted]:
    """`labels("context", {...})` tables in a domain module."""
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "labels"
                and len(node.args) == 2 and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str) and isinstance(node.args[1], ast.Dict)):
            context = node.args[0].value
            try:
                table = _evaluate(node.args[1], {})
            except _NotText:
                continue
            yield from _walk(table, context, node.lineno, [context, *_comments(lines, node.lineno)])


def is_text_module(path: Path) -> bool:
    return path.parent.parts[-3:] == TEXTS_FOLDER


def extract(
    fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[Extracted]:
    """Babel's extraction method (`[indicators.i18n_extract.extract: indicators/**.py]` in babel.cfg)."""
    source = fileobj.read().decode("utf-8")
    path = Path(getattr(fileobj, "name", ""))
    if is_text_module(path):
        if path.stem != "__init__":
            yield from extract_texts(source, path.stem)
    elif "labels(" in source:
        yield from extract_labels(source)
