"""A short digest of a chart builder's arguments: the key under which ui/data.py keeps the finished chart.

Streamlit hashes a cached function's arguments itself, walking every object field by field in Python: for the
arguments of one chart (the indicator's frame, the provenance of each dataset, the goal and its result) that was
about 20 ms of the server's time on every page open, more than the rest of the page's own work (issue 20). Here
every argument is digested from its pickle, which is complete (two different values never give the same bytes)
and made in C; a table column by column, so that two equal tables give the same bytes however pandas laid them
out in memory. An argument that cannot be pickled gives no digest: the caller then lets Streamlit
hash the arguments as before.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Mapping
from typing import Any

import pandas as pd


def argument_digest(arguments: Mapping[str, Any]) -> str | None:
    """A digest that differs whenever a name, a value or a value's type differs; None if one cannot be read."""
    digest = hashlib.blake2b(digest_size=20)
    try:
        for name in sorted(arguments):
            digest.update(name.encode("utf-8"))
            digest.update(b"\x00")
            digest.update(_value_bytes(arguments[name]))
            digest.update(b"\x01")
    except (pickle.PicklingError, TypeError, AttributeError, ValueError):
        return None
    return digest.hexdigest()


def _value_bytes(value: Any) -> bytes:
    if isinstance(value, pd.DataFrame | pd.Series):
        return _table_bytes(value)
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _table_bytes(table: pd.DataFrame | pd.Series) -> bytes:
    """A table's content: its column names and types, its index and every value, column by column (not how pandas
    laid the columns out in memory, which would make equal tables differ)."""
    frame = table.to_frame() if isinstance(table, pd.Series) else table
    columns = [column.to_numpy() for _, column in frame.items()]  # by position: repeated names are kept
    return pickle.dumps(
        (type(table).__name__, list(frame.columns), [str(kind) for kind in frame.dtypes],
         list(frame.index.names), frame.index.to_numpy(), columns),
        protocol=pickle.HIGHEST_PROTOCOL,
    )
