"""The json-stat2 wrapper: values, status symbols and metadata survive; bad input fails clearly."""

from __future__ import annotations

import json
import math
import warnings

import pandas as pd
import pytest

from indicators.sources.jsonstat import JsonStatError, parse_jsonstat2
from tests.fixtures.ssb.fake_ssb import fixture_json, fixture_text, jsonstat_dataset


def _cell(frame: pd.DataFrame, **codes: str) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, code in codes.items():
        mask &= frame[column] == code
    rows = frame[mask]
    assert len(rows) == 1, codes
    return rows.iloc[0]


def test_one_row_per_cell_with_codes_as_strings():
    result = parse_jsonstat2(fixture_text("07459_small_response.json"))
    frame = result.frame
    assert list(frame.columns) == ["Region", "Kjonn", "Alder", "ContentsCode", "Tid", "value", "status"]
    assert result.dimension_ids == ["Region", "Kjonn", "Alder", "ContentsCode", "Tid"]
    assert len(frame) == 16
    assert frame["value"].dtype == "float64"
    # codes stay codes: leading zeros and the "+" of the top age group survive
    assert set(frame["Alder"]) == {"020", "105+"}
    assert set(frame["Tid"]) == {"2021", "2022"}
    assert all(isinstance(code, str) for code in frame["Tid"])


def test_values_follow_row_major_order():
    frame = parse_jsonstat2(fixture_text("07459_small_response.json")).frame
    assert _cell(frame, Region="K-3326", Kjonn="1", Alder="020", Tid="2021")["value"] == 130
    assert _cell(frame, Region="K-3326", Kjonn="2", Alder="020", Tid="2022")["value"] == 121
    assert _cell(frame, Region="K-3328", Kjonn="1", Alder="020", Tid="2022")["value"] == 236
    assert _cell(frame, Region="K-3328", Kjonn="2", Alder="105+", Tid="2022")["value"] == 1


def test_status_symbols_are_merged_by_value_index_and_missing_is_not_zero():
    frame = parse_jsonstat2(fixture_text("07459_small_response.json")).frame
    not_available = _cell(frame, Region="K-3326", Kjonn="1", Alder="105+", Tid="2022")  # index 3
    not_applicable = _cell(frame, Region="K-3328", Kjonn="1", Alder="105+", Tid="2021")  # index 10
    assert math.isnan(not_available["value"]) and not_available["status"] == ".."
    assert math.isnan(not_applicable["value"]) and not_applicable["status"] == "."
    # a published zero is a number, with no symbol
    zero = _cell(frame, Region="K-3326", Kjonn="1", Alder="105+", Tid="2021")
    assert zero["value"] == 0 and zero["status"] == ""
    assert (frame["status"] != "").sum() == 2


def test_metadata_is_kept():
    result = parse_jsonstat2(fixture_text("07459_small_response.json"))
    assert result.updated == "2026-02-20T07:00:00Z"
    assert result.source == "Statistisk sentralbyrå"
    assert result.label.startswith("07459:")
    assert result.table_id == "07459"
    assert result.notes == ["Fra 1.1.2024 er Buskerud et eget fylke igjen."]
    assert result.dimension_labels["Region"] == {"K-3326": "Hemsedal", "K-3328": "Ål"}
    assert result.dimension_labels["Alder"]["105+"] == "105 år eller eldre"
    assert result.dimension_names["Kjonn"] == "kjønn"
    assert result.units == {"Personer1": {"base": "personer", "decimals": 0}}
    assert result.roles["time"] == ["Tid"]


def test_both_key_orders_give_the_same_frame():
    ssb_order = parse_jsonstat2(fixture_text("07459_small_response.json"))
    old_layout = parse_jsonstat2(fixture_text("07459_small_response_old_layout.json"))
    assert list(json.loads(fixture_text("07459_small_response_old_layout.json")))[-1] == "extension"
    pd.testing.assert_frame_equal(ssb_order.frame, old_layout.frame)
    assert old_layout.updated == ssb_order.updated
    assert old_layout.table_id == "07459"
    assert old_layout.notes == []


def test_pyjstat_deprecation_warning_does_not_leak():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parse_jsonstat2(fixture_text("07459_small_response.json"))
    assert not [w for w in caught if issubclass(w.category, DeprecationWarning)]


def _tiny(**changes):
    document = jsonstat_dataset(
        [("Region", "region", {"3320": "Flå", "3322": "Nesbyen"}), ("Tid", "år", {"2024": "2024", "2025": "2025"})],
        [1010.0, 1020.0, None, 3300.0],
        {2: ":"},
        table_id="99999",
        label="99999: test",
    )
    document.update(changes)
    return document


def test_sparse_value_object_and_other_status_forms():
    sparse = _tiny(value={"0": 5, "3": 7}, status=["", "..", "", ""])
    frame = parse_jsonstat2(json.dumps(sparse)).frame
    assert frame["value"].isna().tolist() == [False, True, True, False]
    assert frame["status"].tolist() == ["", "..", "", ""]
    everywhere = parse_jsonstat2(json.dumps(_tiny(status="*"))).frame
    assert set(everywhere["status"]) == {"*"}


def test_index_as_list_is_accepted():
    document = _tiny()
    document["dimension"]["Tid"]["category"]["index"] = ["2024", "2025"]
    frame = parse_jsonstat2(json.dumps(document)).frame
    assert frame.loc[(frame["Region"] == "3322") & (frame["Tid"] == "2025"), "value"].item() == 3300.0


def test_single_category_dimension_without_index_is_filled_in():
    document = jsonstat_dataset(
        [("ContentsCode", "statistikkvariabel", {"Personer1": "Personer"}), ("Tid", "år", {"2024": "2024"})],
        [42.0],
        table_id="99999",
        label="99999: test",
    )
    del document["dimension"]["ContentsCode"]["category"]["index"]
    frame = parse_jsonstat2(json.dumps(document)).frame
    assert frame["ContentsCode"].tolist() == ["Personer1"] and frame["value"].tolist() == [42.0]


def test_several_categories_without_index_is_a_clear_error():
    document = _tiny()
    del document["dimension"]["Region"]["category"]["index"]
    with pytest.raises(JsonStatError, match="Region.*category.index"):
        parse_jsonstat2(json.dumps(document))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "ikkje gyldig JSON"),
        ("[1, 2]", "ikkje eit JSON-objekt"),
        (json.dumps({"class": "dataset", "label": "x"}), "ikkje eit json-stat2-datasett"),
        (json.dumps(_tiny(value=[1, 2, 3])), "3 verdiar.*4 celler"),
        (json.dumps(_tiny(size=[2, 3])), "Tid.*2 kategoriar.*3"),
        (json.dumps(_tiny(id=["Region", "Alder"])), "Alder.*manglar"),
        (json.dumps(_tiny(value=[1, "mange", 3, 4])), "ikkje eit tal"),
        (json.dumps(_tiny(status={"9": ".."})), "utanfor"),
    ],
)
def test_malformed_input_gives_a_clear_error(text, message):
    with pytest.raises(JsonStatError, match=message):
        parse_jsonstat2(text)


def test_fixture_helper_builds_what_the_parser_reads():
    # the generator used by the client and refresh tests must agree with the hand-made fixture
    fixture = fixture_json("07459_small_response.json")
    dims = [
        (d, fixture["dimension"][d]["label"], fixture["dimension"][d]["category"]["label"]) for d in fixture["id"]
    ]
    rebuilt = jsonstat_dataset(
        dims,
        fixture["value"],
        {int(k): v for k, v in fixture["status"].items()},
        table_id="07459",
        label=fixture["label"],
    )
    pd.testing.assert_frame_equal(
        parse_jsonstat2(json.dumps(rebuilt)).frame, parse_jsonstat2(fixture_text("07459_small_response.json")).frame
    )
