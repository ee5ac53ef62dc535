"""indicators.aggregate.with_region_total, the one way every indicator makes a regional total: the sum of the
members per period and dimension, a number only when every member is there with a value (else NaN with SSB's
".."), estimated when any part is, and the same for each peer region whose members the frame holds."""

from __future__ import annotations

import math

import pandas as pd

from indicators.aggregate import ESTIMATED, MISSING_PART_STATUS, with_region_total
from indicators.regions import Member, Peer, Region

REGION = Region(id="dal", name="Dalen", plan=None, members=(Member("0001", "Ein"), Member("0002", "To")),
                comparisons=(), plan_dir=None, peers=(Peer("nabo", "Naboen", ("0003", "0004")),))


def _frame(rows: list[tuple[str, int, str | None, float, bool]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"region_code": c, "region_name": c, "period": p, "sex": s, "value": v, "status": "", ESTIMATED: e}
         for c, p, s, v, e in rows])


def _row(frame: pd.DataFrame, code: str, period: int, sex: str | None) -> pd.Series:
    rows = frame[(frame["region_code"] == code) & (frame["period"] == period)
                 & (frame["sex"].isna() if sex is None else frame["sex"] == sex)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_totals_are_sums_only_where_every_member_has_a_value():
    frame = _frame([
        ("0001", 2020, "k", 10.0, False), ("0002", 2020, "k", 5.0, True),  # complete; one part estimated
        ("0001", 2020, "m", 7.0, False), ("0002", 2020, "m", float("nan"), False),  # a value missing
        ("0001", 2021, "k", 11.0, False),  # a member missing
        ("0001", 2021, None, 3.0, False), ("0002", 2021, None, 4.0, False),  # a dimension left empty
        ("0003", 2020, "k", 1.0, False), ("0004", 2020, "k", 2.0, False),  # the peer's members
    ])
    out = with_region_total(frame, REGION)
    assert list(out.columns) == list(frame.columns)
    complete = _row(out, "dal", 2020, "k")
    assert (complete["value"], complete["status"], bool(complete[ESTIMATED])) == (15.0, "", True)
    for period, sex in ((2020, "m"), (2021, "k")):
        partial = _row(out, "dal", period, sex)
        assert math.isnan(partial["value"]) and partial["status"] == MISSING_PART_STATUS
    assert _row(out, "dal", 2021, None)["value"] == 7.0
    peer = _row(out, "nabo", 2020, "k")
    assert (peer["value"], peer["region_name"], bool(peer[ESTIMATED])) == (3.0, "Naboen", False)
    assert not ((out["region_code"] == "nabo") & (out["sex"] == "m")).any()
    assert len(out) == len(frame) + 4 + 1  # dal: 2020 k/m, 2021 k and the empty sex; nabo: 2020 k
