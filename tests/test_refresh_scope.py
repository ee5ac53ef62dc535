"""Issue 23: `refresh` asks SSB for the region's members and its peers (or with --all every municipality), in as
many calls as SSB's cell limit needs, and keeps the cached rows of the regions it did not ask for.

The fake SSB answers with the real /config and the 11618 metadata of tests/fixtures/jobs, widened with the peers'
`K-` codes; its answers are built for exactly the codes each call asks for."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pandas as pd
import pytest

from indicators import cache
from indicators.cli import main
from indicators.refresh import refresh, refresh_scope
from indicators.regions import active_region
from indicators.sources.ssb import SSBClient
from tests.all_municipalities_cache import copied_cache
from tests.fixtures.ssb.fake_ssb import CONFIG, FakeClock, FakeSSB, Recorded, Reply, jsonstat_dataset, quiet_session

JOBS = Path(__file__).parent / "fixtures" / "jobs"
MAX_CELLS = 30  # 6 cells per municipality (3 measures × 2 years): 5 municipalities per call


def _fixture(name: str) -> dict:
    return json.loads((JOBS / name).read_text(encoding="utf-8"))


def _value(code: str, measure: int, year: str) -> float:
    return float(int(code[-4:]) + 10 * measure + int(year) % 100)


@pytest.fixture
def fake(tmp_path_factory):
    server = FakeSSB().start()
    server.add("GET", "/config", Reply(body={**CONFIG, "maxDataCells": MAX_CELLS}))
    plain, applied = _fixture("11618_metadata.json"), _fixture("11618_metadata_agg_KommSummer.json")
    region = applied["dimension"]["Region"]["category"]
    for code in refresh_scope():
        if f"K-{code}" not in region["index"]:
            region["index"][f"K-{code}"] = len(region["index"])
            region["label"][f"K-{code}"] = f"Kommune {code}"
    applied["size"][applied["id"].index("Region")] = len(region["index"])

    def metadata(request: Recorded) -> Reply:
        return Reply(body=applied if any(key.startswith("codelist[") for key in request.query) else plain)

    def data(request: Recorded) -> Reply:
        selected = {item["variableCode"]: item["valueCodes"] for item in request.body["selection"]}
        codes, measures, years = selected["Region"], ["BefolkningBosted", "SysselBosted", "SysselArbsted"], ["2021",
                                                                                                          "2022"]
        values = [_value(c, measures.index(m), y) for c, _, _, m, y in
                  itertools.product(codes, ["0"], ["15-74"], measures, years)]
        return Reply(body=jsonstat_dataset(
            [("Region", "region", {c: region["label"][c] for c in codes}), ("Kjonn", "kjønn", {"0": "Begge kjønn"}),
             ("Alder", "alder", {"15-74": "15-74 år"}), ("ContentsCode", "statistikkvariabel",
                                                          {m: m for m in measures}),
             ("Tid", "år", {y: y for y in years})],
            values, table_id="11618", label="11618: Sysselsatte"))

    server.add("GET", "/tables/11618/metadata", metadata)
    server.add("POST", "/tables/11618/data", data)
    yield server
    server.stop()


@pytest.fixture
def client(fake) -> SSBClient:
    clock = FakeClock()
    return SSBClient(fake.base_url, session=quiet_session(), sleep=clock.sleep, clock=clock, timeout=2.0)


@pytest.fixture
def excerpt_cache(tmp_path, monkeypatch) -> Path:
    folder = copied_cache(tmp_path / "cache")  # the refreshes write into it
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(folder))
    return folder


def test_the_refresh_scope_is_the_members_then_the_peers():
    region = active_region()
    scope = refresh_scope()
    assert scope[:len(region.member_codes)] == region.member_codes
    assert set(scope) == set(region.member_codes) | {c for p in region.peers for c in p.members}


def test_every_municipality_with_all(excerpt_cache):
    everything = refresh_scope(everything=True)
    table = cache.read_dataset("municipality_codes", excerpt_cache).frame
    assert set(everything) == set(table["region_code"])


def test_employment_for_members_and_peers_in_calls_within_the_cell_limit(fake, client, excerpt_cache):
    scope = refresh_scope()
    (result,) = refresh(["employment"], client=client, cache_directory=excerpt_cache, municipalities=scope)
    assert result.ok, result.message
    bodies = [call.body for call in fake.calls("POST", "/tables/11618/data")]
    asked = [item["valueCodes"] for body in bodies for item in body["selection"] if item["variableCode"] == "Region"]
    assert len(bodies) == -(-len(scope) // (MAX_CELLS // 6)) > 1
    assert all(len(codes) * 6 <= MAX_CELLS for codes in asked)
    assert [code for codes in asked for code in codes] == [f"K-{code}" for code in scope]  # each once, in order
    stored = cache.read_dataset("employment", excerpt_cache).frame
    jobs = stored[(stored["measure"] == "jobs_by_workplace") & (stored["period"] == 2022)].set_index("region_code")
    for code in scope:
        assert jobs.loc[code, "value"] == _value(code, 2, "2022")


def test_the_rows_of_regions_not_asked_for_are_kept(fake, client, excerpt_cache):
    before = cache.read_dataset("employment", excerpt_cache).frame
    refresh(["employment"], client=client, cache_directory=excerpt_cache, municipalities=("3449", "3450"))
    after = cache.read_dataset("employment", excerpt_cache)
    untouched = sorted(set(before["region_code"]) - {"3449", "3450"})
    assert untouched
    keep = before[before["region_code"].isin(untouched)].sort_values(["region_code", "measure", "period"])
    kept = after.frame[after.frame["region_code"].isin(untouched)].sort_values(["region_code", "measure", "period"])
    pd.testing.assert_frame_equal(keep.reset_index(drop=True), kept.reset_index(drop=True))
    assert set(after.frame.loc[after.frame["region_code"] == "3449", "period"]) == {2021, 2022}
    assert any("førre versjon" in note for note in after.provenance.notes)


def test_refresh_all_without_a_code_table_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path))
    assert main(["refresh", "--all", "employment"]) == 1
    assert "Kodetabellen" in capsys.readouterr().err
