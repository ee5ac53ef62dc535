"""A thin wrapper over pyjstat 2.4.0 that keeps what pyjstat drops: status symbols and the metadata.

pyjstat (pinned, unmaintained) expands the row-major `value` array into one row per cell. Around it we
check the structure first (pyjstat fails with bare KeyError/IndexError on pandas 3 for several valid or
broken inputs), merge the sparse `status{}` back in by value index, and return SSB's `updated`, notes,
labels and units next to the frame.
"""

from __future__ import annotations

import json
import math
import warnings
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from pyjstat import pyjstat

RESERVED_COLUMNS = ("value", "status")


class JsonStatError(ValueError):
    """Input that is not a json-stat 2.0 dataset we can read (Nynorsk message)."""


@dataclass
class JsonStatResult:
    """A json-stat2 dataset as a long frame plus its metadata."""

    # One column per dimension id (codes as strings, in `dimension_ids` order), `value` (float, NaN for
    # null) and `status` (the cell's symbol, "" when none).
    frame: pd.DataFrame
    dimension_ids: list[str]
    label: str = ""
    source: str = ""
    updated: str | None = None
    notes: list[str] = field(default_factory=list)
    dimension_names: dict[str, str] = field(default_factory=dict)  # {dim: its label}
    dimension_labels: dict[str, dict[str, str]] = field(default_factory=dict)  # {dim: {code: label}}
    units: dict[str, dict[str, Any]] = field(default_factory=dict)  # {content code: {base, decimals}}
    roles: dict[str, list[str]] = field(default_factory=dict)  # {"time": [...], "metric": [...], ...}
    table_id: str | None = None  # extension.px.tableid


def load_json(text: str | bytes) -> dict[str, Any]:
    """Decode a JSON document into a dict, with a Nynorsk error for anything else."""
    try:
        data = json.loads(text, object_pairs_hook=OrderedDict)
    except (ValueError, TypeError) as exc:
        raise JsonStatError(f"Svaret er ikkje gyldig JSON ({exc}).") from None
    if not isinstance(data, dict):
        raise JsonStatError("Svaret er ikkje eit JSON-objekt.")
    return data


def category_codes(dimension_id: str, dimension: dict[str, Any]) -> list[str]:
    """A dimension's category codes in index order.

    json-stat allows leaving out `category.index` only for a dimension with a single category; pyjstat
    then fails with `KeyError: 0` on pandas 3, so we fill it in, and reject the ambiguous case.
    """
    category = dimension.get("category")
    if not isinstance(category, dict):
        raise JsonStatError(f"Dimensjonen «{dimension_id}» manglar «category».")
    index = category.get("index")
    if index is None:
        labels = category.get("label")
        if isinstance(labels, dict) and len(labels) == 1:
            return [str(next(iter(labels)))]
        raise JsonStatError(
            f"Dimensjonen «{dimension_id}» manglar «category.index» og har ikkje nøyaktig éin kategori, "
            "så rekkjefølgja på verdiane er ukjend."
        )
    if isinstance(index, list):
        return [str(code) for code in index]
    if isinstance(index, dict):
        try:
            positions = sorted((int(position), str(code)) for code, position in index.items())
        except (TypeError, ValueError):
            raise JsonStatError(f"Dimensjonen «{dimension_id}» har ein ugyldig «category.index».") from None
        if [p for p, _ in positions] != list(range(len(positions))):
            raise JsonStatError(f"Dimensjonen «{dimension_id}» har hol eller dobbeltposisjonar i «category.index».")
        return [code for _, code in positions]
    raise JsonStatError(f"Dimensjonen «{dimension_id}» har ein ugyldig «category.index».")


def category_labels(dimension_id: str, dimension: dict[str, Any]) -> dict[str, str]:
    """{code: label} in index order; a code without a label is its own label."""
    codes = category_codes(dimension_id, dimension)
    labels = dimension.get("category", {}).get("label") or {}
    return {code: str(labels.get(code, code)) for code in codes}


def _expand_values(raw: Any, cells: int) -> list[float | None]:
    """json-stat `value` as a dense list: an array, or an object keyed by cell index (sparse)."""
    if isinstance(raw, list):
        values = list(raw)
    elif isinstance(raw, dict):
        values = [None] * cells
        for key, number in raw.items():
            try:
                position = int(key)
            except (TypeError, ValueError):
                raise JsonStatError(f"Ugyldig indeks «{key}» i «value».") from None
            if not 0 <= position < cells:
                raise JsonStatError(f"Indeksen {position} i «value» er utanfor datasettet ({cells} celler).")
            values[position] = number
    else:
        raise JsonStatError("Datasettet manglar «value».")
    if len(values) != cells:
        raise JsonStatError(
            f"Datasettet har {len(values)} verdiar, men dimensjonane («size») seier {cells} celler."
        )
    for number in values:
        if number is not None and (isinstance(number, bool) or not isinstance(number, (int, float))):
            raise JsonStatError(f"Verdien «{number}» i «value» er ikkje eit tal.")
    return values


def _expand_status(raw: Any, cells: int) -> list[str]:
    """json-stat `status` as one string per cell: sparse object, full array, one-element array or string."""
    if raw is None:
        return [""] * cells
    if isinstance(raw, str):
        return [raw] * cells
    if isinstance(raw, list):
        if len(raw) == 1:
            return [str(raw[0] or "")] * cells
        if len(raw) != cells:
            raise JsonStatError(f"«status» har {len(raw)} element, men datasettet har {cells} celler.")
        return [str(symbol or "") for symbol in raw]
    if isinstance(raw, dict):
        statuses = [""] * cells
        for key, symbol in raw.items():
            try:
                position = int(key)
            except (TypeError, ValueError):
                raise JsonStatError(f"Ugyldig indeks «{key}» i «status».") from None
            if not 0 <= position < cells:
                raise JsonStatError(f"Indeksen {position} i «status» er utanfor datasettet ({cells} celler).")
            statuses[position] = str(symbol or "")
        return statuses
    raise JsonStatError("«status» har eit ukjend format.")


def _structure(data: dict[str, Any]) -> tuple[list[str], list[int], dict[str, list[str]]]:
    if data.get("class", "dataset") != "dataset":
        raise JsonStatError(f"Venta eit json-stat-datasett, fekk klassen «{data.get('class')}».")
    ids, sizes, dimensions = data.get("id"), data.get("size"), data.get("dimension")
    if not isinstance(ids, list) or not isinstance(sizes, list) or not isinstance(dimensions, dict):
        raise JsonStatError("Svaret er ikkje eit json-stat2-datasett (manglar «id», «size» eller «dimension»).")
    if len(ids) != len(sizes):
        raise JsonStatError(f"«id» har {len(ids)} dimensjonar, men «size» har {len(sizes)}.")
    codes: dict[str, list[str]] = {}
    for dim_id, size in zip(ids, sizes, strict=True):
        dim_id = str(dim_id)
        if dim_id in RESERVED_COLUMNS:
            raise JsonStatError(f"Ein dimensjon heiter «{dim_id}», som kolliderer med ei resultatkolonne.")
        if dim_id not in dimensions:
            raise JsonStatError(f"Dimensjonen «{dim_id}» er lista i «id», men manglar i «dimension».")
        codes[dim_id] = category_codes(dim_id, dimensions[dim_id])
        if len(codes[dim_id]) != size:
            raise JsonStatError(
                f"Dimensjonen «{dim_id}» har {len(codes[dim_id])} kategoriar, men «size» seier {size}."
            )
    return [str(i) for i in ids], [int(s) for s in sizes], codes


def _notes(raw: Any) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    return [str(note) for note in raw]


def parse_jsonstat2(text: str | bytes) -> JsonStatResult:
    """Parse a json-stat 2.0 dataset (as text) into a long frame plus metadata.

    Raises JsonStatError (Nynorsk message) for malformed JSON or a structure that does not add up.
    """
    data = load_json(text)
    ids, sizes, codes = _structure(data)
    cells = math.prod(sizes)
    values = _expand_values(data.get("value"), cells)
    statuses = _expand_status(data.get("status"), cells)

    if cells == 0:
        frame = pd.DataFrame({**{d: pd.Series(dtype=object) for d in ids}, "value": pd.Series(dtype="float64")})
    else:
        # Hand pyjstat a normalised copy: dense values, explicit category indexes (see category_codes).
        normalised = OrderedDict(data)
        normalised["value"] = values
        normalised.pop("status", None)
        normalised["dimension"] = OrderedDict(data["dimension"])
        for dim_id in ids:
            dimension = OrderedDict(data["dimension"][dim_id])
            category = OrderedDict(dimension["category"])
            category["index"] = {code: position for position, code in enumerate(codes[dim_id])}
            category["label"] = category_labels(dim_id, data["dimension"][dim_id])
            dimension["category"] = category
            normalised["dimension"][dim_id] = dimension
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # pyjstat warns on every call
            frame = pyjstat.Dataset.read(json.dumps(normalised)).write("dataframe", naming="id")
        if list(frame.columns) != [*ids, "value"] or len(frame) != cells:
            raise JsonStatError("pyjstat gav eit uventa resultat for datasettet.")

    for dim_id in ids:
        frame[dim_id] = frame[dim_id].astype(str).astype(object)
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    frame["status"] = pd.Series(statuses, index=frame.index, dtype=object)

    dimensions = data["dimension"]
    units: dict[str, dict[str, Any]] = {}
    for dim_id in ids:
        unit = dimensions[dim_id].get("category", {}).get("unit")
        if isinstance(unit, dict):
            units.update({str(code): dict(spec) for code, spec in unit.items() if isinstance(spec, dict)})
    extension = data.get("extension") or {}
    px = extension.get("px") if isinstance(extension, dict) else None
    table_id = px.get("tableid") if isinstance(px, dict) else None
    roles = data.get("role") or {}
    return JsonStatResult(
        frame=frame.reset_index(drop=True),
        dimension_ids=ids,
        label=str(data.get("label", "")),
        source=str(data.get("source", "")),
        updated=data.get("updated"),
        notes=_notes(data.get("note")),
        dimension_names={d: str(dimensions[d].get("label", d)) for d in ids},
        dimension_labels={d: category_labels(d, dimensions[d]) for d in ids},
        units=units,
        roles={str(k): [str(x) for x in v] for k, v in roles.items() if isinstance(v, list)},
        table_id=str(table_id) if table_id is not None else None,
    )
