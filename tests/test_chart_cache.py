"""ui.data.cached_chart: one chart per arguments and cache state, keyed by the arguments' digest (ui/cache_keys.py),
and by Streamlit's own hashing when an argument has no digest."""

from __future__ import annotations

import csv
import json
from typing import Any

import pandas as pd
import pytest
import streamlit as st

from ui import data

BUILT: list[dict[str, Any]] = []


def count_chart(**arguments: Any) -> dict[str, Any]:
    """A stand-in builder: records each build (the cache hands out what it returned)."""
    BUILT.append(arguments)
    return {"built": len(BUILT)}


@pytest.fixture(autouse=True)
def _empty_caches():
    st.cache_resource.clear()
    BUILT.clear()
    yield
    st.cache_resource.clear()


def _frame(last: float = 11105.0) -> pd.DataFrame:
    return pd.DataFrame({"period": [2021, 2022], "value": [11017.0, last]})


def test_a_chart_is_built_once_per_arguments_and_again_when_they_change():
    first = data.cached_chart(count_chart, region="3236", frame=_frame())
    assert data.cached_chart(count_chart, frame=_frame(), region="3236") is first  # an equal table, a new object
    assert len(BUILT) == 1
    changed = data.cached_chart(count_chart, region="3236", frame=_frame(11106.0))
    assert changed is not first and len(BUILT) == 2
    assert BUILT[1]["frame"]["value"].tolist() == [11017.0, 11106.0]  # the builder gets the arguments themselves
    data.cached_chart(count_chart, region="3234", frame=_frame())
    assert len(BUILT) == 3


def test_arguments_without_a_digest_are_hashed_by_streamlit():
    # a module cannot be pickled (no digest); Streamlit hashes it by its name
    assert data.argument_digest({"formatter": json}) is None
    first = data.cached_chart(count_chart, region="3236", formatter=json)
    assert data.cached_chart(count_chart, region="3236", formatter=json) is first
    assert len(BUILT) == 1
    data.cached_chart(count_chart, region="3236", formatter=csv)
    assert len(BUILT) == 2
