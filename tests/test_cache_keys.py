"""The digest a chart is cached under (ui/cache_keys.py): equal arguments give one digest however pandas laid them
out; any difference in a value, a name, a type, a column or the index gives another; what cannot be pickled gives
none (ui/data.py then lets Streamlit hash the arguments)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.model import Provenance
from ui.cache_keys import argument_digest


def _jobs() -> pd.DataFrame:
    return pd.DataFrame({"region_code": ["3236"] * 3, "period": [2021, 2022, 2023],
                         "value": [1795.0, 1810.0, np.nan], "status": ["", "", "."]})


def _provenance(table: str = "13470") -> Provenance:
    return Provenance(dataset="jobs", title="Sysselsette", source="Statistisk sentralbyrå", table_id=table,
                      query={"Region": ["3236"]}, retrieved_at="2026-12-01T10:00:00+00:00")


def test_equal_arguments_give_one_digest_however_the_table_lies_in_memory():
    in_one_block = pd.DataFrame(np.array([[2021.0, 1795.0], [2022.0, 1810.0]]), columns=["period", "value"])
    column_by_column = pd.DataFrame({"period": [2021.0, 2022.0]})
    column_by_column["value"] = [1795.0, 1810.0]
    assert in_one_block._mgr.nblocks != column_by_column._mgr.nblocks  # two layouts of one table
    assert argument_digest({"frame": in_one_block, "region": "3236"}) == \
        argument_digest({"region": "3236", "frame": column_by_column})
    assert argument_digest({"frame": _jobs(), "sources": [_provenance()]}) == \
        argument_digest({"frame": _jobs().copy(), "sources": [_provenance()]})


def test_any_difference_gives_another_digest():
    base = {"frame": _jobs(), "sources": [_provenance()], "region": "3236", "year": 2023}
    changed_value = _jobs()
    changed_value.loc[1, "value"] = 1811.0
    missing_instead_of_value = _jobs()
    missing_instead_of_value.loc[0, "value"] = np.nan
    variants = [
        {**base, "frame": changed_value},
        {**base, "frame": missing_instead_of_value},
        {**base, "frame": _jobs().rename(columns={"status": "flag"})},
        {**base, "frame": _jobs().astype({"period": "float64"})},  # the same numbers as another type
        {**base, "frame": _jobs().set_axis([5, 6, 7])},  # another index
        {**base, "frame": _jobs().iloc[::-1]},  # another order of rows
        {**base, "frame": _jobs()["value"]},  # one column as a series, not the table
        {**base, "sources": [_provenance("07459")]},
        {**base, "region": "3234"},
        {**base, "year": 2023.0},
        {**base, "year": None},
        {"frame": _jobs(), "sources": [_provenance()], "region": "3236", "period": 2023},  # another name
    ]
    digests = {argument_digest(arguments) for arguments in [base, *variants]}
    assert None not in digests
    assert len(digests) == len(variants) + 1


def test_an_argument_that_cannot_be_pickled_gives_no_digest():
    assert argument_digest({"make": lambda: 1, "region": "3236"}) is None
    assert argument_digest({"frame": _jobs().assign(note=[lambda: 1] * 3)}) is None
