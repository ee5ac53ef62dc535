"""ui.data.has_figures: whether a view or chart is offered. True where the snapshot has a figure for the region;
False without rows for it, with only empty values, or without the dataset (never an exception)."""

from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st

from indicators import cache
from indicators.regions import active_region
from ui import data


@pytest.fixture(autouse=True)
def _empty_caches():
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def test_a_region_with_figures_has_them():
    region = active_region()
    assert data.has_figures("population_total", region.id)
    assert data.has_figures("population_total", region.member_codes[0])


def test_only_empty_values_are_no_figures(monkeypatch):
    empty = pd.DataFrame({"region_code": ["x", "x"], "period": [2020, 2021], "value": [float("nan")] * 2})
    monkeypatch.setattr(data, "indicator_frame", lambda *args, **kwargs: empty)
    assert not data.has_figures("population_total", "x")
    monkeypatch.setattr(data, "indicator_frame", lambda *args, **kwargs: empty.assign(value=[float("nan"), 1.0]))
    assert data.has_figures("population_total", "x")


@pytest.mark.parametrize("problem", [LookupError("no rows for the region"), cache.CacheError("no dataset")])
def test_no_rows_or_no_dataset_is_no_figures(monkeypatch, problem):
    def fails(*args: object, **kwargs: object) -> pd.DataFrame:
        raise problem

    monkeypatch.setattr(data, "indicator_frame", fails)
    assert data.has_figures("population_total", "9999") is False
