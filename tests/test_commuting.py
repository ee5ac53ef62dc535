"""Commuting: stitching of the SSB 03321 extract, the balances, the largest flows and the commuting charts.

The extract in tests/fixtures/jobs/ is hand-made in the real layout (numbers are not SSB's): 2019 uses the
codes before the 2020 renumbering (0615–0620), 2020 the codes after it (3039–3044).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from indicators import commuting
from indicators.cache import write_dataset
from indicators.model import Dataset, Provenance
from indicators.present import jobs_charts
from indicators.sources.published_csv import PublishedFileError
from indicators.sources.ssb_extracts import ExtractCodeError, read_commuting_extract
from tests.test_jobs import (
    AAL,
    COMMUTING_CSV,
    FLAA,
    GOL,
    HALLINGDAL,
    HEMSEDAL,
    MEMBERS,
    REPO_CACHE,
    commuting_sources,
    copied_jobs_cache,
    handed,
    source_note,
    title,
    value,
    with_extra_lines,
)


@pytest.fixture
def jobs_cache(tmp_path: Path) -> Path:
    return copied_jobs_cache(tmp_path)


@pytest.fixture
def charts_cache(jobs_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The chart builders read the default cache: point it at the hand-made one."""
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(jobs_cache))
    return jobs_cache


def test_commuting_stitches_hallingdal_and_keeps_the_other_side_with_its_code():
    frame = read_commuting_extract(COMMUTING_CSV).frame
    # Hemsedal -> Oslo: published as 0618 -> 0301 in 2019 and 3042 -> 0301 in 2020
    to_oslo = frame[(frame["region_code"] == HEMSEDAL) & (frame["workplace_code"] == "0301")]
    assert to_oslo.sort_values("period")["value"].tolist() == [4.0, 5.0]
    # A residence outside Hallingdal keeps the code SSB published that year (Drammen 0602 / 3005)
    from_drammen = frame[(frame["workplace_code"] == HEMSEDAL) & ~frame["region_code"].isin(MEMBERS)]
    assert sorted(from_drammen["region_code"]) == ["0602", "3005"]
    assert set(from_drammen["region_name"]) == {"Kommune 0602", "Kommune 3005"}
    assert not frame["region_code"].isin(["0615", "0616", "0617", "0618", "0619", "0620"]).any()
    assert not frame["workplace_code"].isin(["3039", "3040", "3041", "3042", "3043", "3044"]).any()


def test_commuting_row_without_hallingdal_is_reported(tmp_path):
    path = with_extra_lines(COMMUTING_CSV, tmp_path / "c.csv", "0301,3005,Sysselsatte,2020,40")
    with pytest.raises(ExtractCodeError, match="3005→0301"):
        read_commuting_extract(path)


def test_commuting_malformed_code_is_reported(tmp_path):
    path = with_extra_lines(COMMUTING_CSV, tmp_path / "c.csv", "Uoppgitt,3042,Sysselsatte,2020,1")
    with pytest.raises(ExtractCodeError, match="Uoppgitt"):
        read_commuting_extract(path)


def test_commuting_duplicate_flow_after_stitching_is_an_error(tmp_path):
    # Gol -> Ål in 2020 published twice: under the 2020 code of Gol and under its old code
    path = with_extra_lines(COMMUTING_CSV, tmp_path / "c.csv", "3043,0617,Sysselsatte,2020,20")
    with pytest.raises(PublishedFileError, match="same kommune i same år"):
        read_commuting_extract(path)


def test_commuting_manifest_says_small_flows_are_missing():
    provenance = read_commuting_extract(COMMUTING_CSV).provenance
    assert any("svært små" in note for note in provenance.notes)
    assert "statisticsnorway/pendling" in provenance.produced_by
    assert provenance.table_id == "03321"


# --- commuting ----------------------------------------------------------------------------------------------


def test_commuting_balance_per_municipality(jobs_cache):
    balance = commuting.commuting_balance(GOL, cache_directory=jobs_cache)
    year = balance[balance["period"] == 2020]
    assert value(year, flow="inbound") == 10 + 30 + 7  # from Flå, Ål and Oslo
    assert value(year, flow="outbound") == 20  # to Ål
    assert value(year, flow="net") == 27
    assert value(year, flow="local") == 500


def test_hallingdal_counts_only_flows_across_the_region_border(jobs_cache):
    balance = commuting.commuting_balance(HALLINGDAL, cache_directory=jobs_cache)
    year = balance[balance["period"] == 2020]
    assert value(year, flow="inbound") == 7 + 3  # Oslo -> Gol, Drammen -> Hemsedal; not Flå -> Gol
    assert value(year, flow="outbound") == 5  # Hemsedal -> Oslo; not Gol -> Ål
    assert value(year, flow="net") == 5
    assert value(year, flow="local") == 100 + 10 + 300 + 500 + 20 + 30 + 400 + 200 + 350


def test_net_commuting_of_the_six_adds_up_to_hallingdal(jobs_cache):
    net = commuting.net_commuting(cache_directory=jobs_cache)
    for period in (2019, 2020):
        year = net[net["period"] == period]
        six = year[year["region_code"].isin(MEMBERS)]["value"].sum()
        assert six == value(year, region_code=HALLINGDAL)


def test_commuting_series_is_continuous_across_renumbering(jobs_cache):
    balance = commuting.commuting_balance(HEMSEDAL, cache_directory=jobs_cache)
    local = balance[balance["flow"] == "local"].sort_values("period")
    assert local["value"].tolist() == [190.0, 200.0]


def test_missing_flow_makes_the_sum_missing(tmp_path):
    frame = read_commuting_extract(COMMUTING_CSV).frame
    mask = (frame["region_code"] == "0301") & (frame["workplace_code"] == GOL)
    frame.loc[mask, ["value", "status"]] = [float("nan"), ".."]
    write_dataset(Dataset(frame, Provenance(dataset="commuting", title="t", source="t")), tmp_path)
    balance = commuting.commuting_balance(GOL, cache_directory=tmp_path)
    inbound = balance[(balance["flow"] == "inbound") & (balance["period"] == 2020)]
    assert math.isnan(inbound["value"].iloc[0])
    assert inbound["status"].iloc[0] == ".."
    outbound = balance[(balance["flow"] == "outbound") & (balance["period"] == 2020)]
    assert outbound["value"].iloc[0] == 20


def test_largest_flows_out_of_a_municipality_by_scope(jobs_cache):
    inside = commuting.largest_flows(HEMSEDAL, 2020, "out", "region", cache_directory=jobs_cache)
    assert inside.empty
    rest = commuting.largest_flows(HEMSEDAL, 2020, "out", "rest", cache_directory=jobs_cache)
    assert rest[["counterpart_code", "value"]].values.tolist() == [["0301", 5.0]]
    into_gol = commuting.largest_flows(GOL, 2020, "in", "all", cache_directory=jobs_cache)
    assert into_gol["counterpart_code"].tolist() == [AAL, FLAA, "0301"]  # largest first
    assert into_gol["inside_region"].tolist() == [True, True, False]
    assert into_gol["share"].sum() == pytest.approx(1.0)


def test_largest_flows_folds_the_remainder_into_one_row(jobs_cache):
    flows = commuting.largest_flows(GOL, 2020, "in", "all", top=1, cache_directory=jobs_cache)
    assert flows["counterpart_code"].tolist() == [AAL, commuting.OTHERS_CODE]
    assert flows["value"].tolist() == [30.0, 10.0 + 7.0]


def test_largest_flows_for_hallingdal_are_across_the_border(jobs_cache):
    into = commuting.largest_flows(HALLINGDAL, 2020, "in", "all", cache_directory=jobs_cache)
    assert sorted(into["counterpart_code"]) == ["0301", "3005"]
    out = commuting.largest_flows(HALLINGDAL, 2020, "out", "all", cache_directory=jobs_cache)
    assert out[["counterpart_code", "value"]].values.tolist() == [["0301", 5.0]]


def test_largest_flows_rejects_bad_arguments(jobs_cache):
    with pytest.raises(commuting.CommutingQueryError, match="retning"):
        commuting.largest_flows(GOL, 2020, "sideways", cache_directory=jobs_cache)  # type: ignore[arg-type]
    with pytest.raises(commuting.CommutingQueryError, match="1999"):
        commuting.largest_flows(GOL, 1999, "in", cache_directory=jobs_cache)


def test_flows_within_hallingdal_leave_out_own_municipality(jobs_cache):
    inside = commuting.flows_within_region(2020, cache_directory=jobs_cache)
    pairs = sorted(zip(inside["region_code"], inside["workplace_code"], inside["value"], strict=True))
    assert pairs == [(FLAA, GOL, 10.0), (GOL, AAL, 20.0), (AAL, GOL, 30.0)]


def test_largest_flows_label_municipalities_outside_hallingdal(jobs_cache):
    into = commuting.largest_flows(HALLINGDAL, 2020, "in", "all", cache_directory=jobs_cache)
    assert dict(zip(into["counterpart_code"], into["counterpart_name"], strict=True)) == {
        "0301": "Oslo", "3005": "Drammen",
    }
    into_hemsedal = commuting.largest_flows(HEMSEDAL, 2019, "in", "all", cache_directory=jobs_cache)
    assert dict(zip(into_hemsedal["counterpart_code"], into_hemsedal["counterpart_name"], strict=True)) == {
        "0602": "Drammen",
    }


def test_committed_commuting_data_names_every_municipality_outside_hallingdal():
    """In the committed snapshot every partner of every municipality and year has a name, none a bare number."""
    years = commuting.commuting_years(cache_directory=REPO_CACHE)
    labels = set()
    for region in (*MEMBERS, HALLINGDAL):
        for year in years:
            for direction in ("in", "out"):
                flows = commuting.largest_flows(region, year, direction, "rest", top=1000, cache_directory=REPO_CACHE)
                labels.update(flows["counterpart_name"])
    assert labels
    assert not {label for label in labels if label.startswith(("Kommunenr.", "Kommune "))}
    assert {"Drammen", "Ringerike", "Krødsherad", "Nore og Uvdal"} <= labels


def test_net_commuting_chart_names_the_municipalities_with_more_in_than_out(charts_cache):
    # 2020: Gol has 47 in-commuters and 20 out-commuters; every other municipality has fewer in than out or none
    chart = jobs_charts.net_commuting_by_municipality(*handed(commuting.COMMUTING), 2020, region=GOL)
    assert title(chart) == "Berre Gol har fleire innpendlarar enn utpendlarar (2020)"
    assert "<b>Gol</b>" in chart.figure.layout.yaxis.ticktext
    assert value(chart.data, region_code=GOL) == 27.0
    assert "Kjelde: " in source_note(chart)
    assert "tabell 03321" in source_note(chart)


def test_largest_flows_chart_says_where_most_come_from(charts_cache):
    chart = jobs_charts.largest_flows(GOL, commuting.largest_flows(GOL, 2020, "in", "all"), commuting_sources(), 2020,
                                     "in", "all")
    assert title(chart) == "Flest av innpendlarane til Gol bur i Ål: 30 av 47 (2020)"
    labels = [label for trace in chart.figure.data for label in trace.y]
    assert sorted(labels) == ["Flå", "Oslo", "Ål"]
    empty = jobs_charts.largest_flows(HEMSEDAL, commuting.largest_flows(HEMSEDAL, 2020, "out", "region"),
                                      commuting_sources(), 2020, "out", "region")
    assert empty.data.empty
    assert not empty.figure.data


def test_commuting_over_time_says_which_way_the_net_goes(charts_cache):
    gol = title(jobs_charts.commuting_over_time(GOL, *handed(commuting.COMMUTING, GOL)))
    assert gol == "Fleire pendlar inn til Gol enn ut: +27 netto i 2020"
    aal = title(jobs_charts.commuting_over_time(AAL, *handed(commuting.COMMUTING, AAL)))
    assert aal.startswith("Fleire pendlar ut av Ål enn inn: −10 netto")


def test_commuting_grid_between_the_six(charts_cache):
    chart = jobs_charts.commuting_within_region(commuting.flows_within_region(2020), commuting_sources(), 2020)
    assert title(chart) == "Den største straumen i Hallingdal går frå Ål til Gol: 30 personar (2020)"
    grid = chart.figure.data[0]
    rows = dict(zip(grid.y, grid.text, strict=True))
    columns = list(grid.x)
    assert rows["Ål"][columns.index("Gol")] == "30"
    assert rows["Gol"][columns.index("Gol")] == "–"  # own municipality: not commuting
    assert rows["Hol"][columns.index("Gol")] == "0"  # no flow stored: nobody

