"""The jobs refreshers against a local fake SSB (http.server on 127.0.0.1) serving hand-made json-stat2.

Fixtures in tests/fixtures/jobs/ (numbers are made up): 11618 with Hol's jobs in 2022 missing (".."),
03321 as two answers (Hallingdal as residence / as workplace) that share the flows inside Hallingdal,
13470 with SSB's all-industries total included, its industry groups under the codelist agg_NACE2007arb11.
"""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import pandas as pd
import pytest

from indicators import commuting, jobs
from indicators.cache import read_dataset, write_dataset
from indicators.regions import active_region
from indicators.sources.ssb import SSBClient, SSBError, SSBQueryError, SSBResponseError
from indicators.sources.ssb_jobs import (
    REFRESHERS,
    member_aggregate_codes,
    refresh_commuting,
    refresh_employment,
    refresh_jobs_by_industry,
)
from tests.fixtures.ssb.fake_ssb import FakeClock, FakeSSB, Recorded, Reply, quiet_session

FIXTURES = Path(__file__).parent / "fixtures" / "jobs"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def serve_metadata(server: FakeSSB, table: str, plain: dict | None = None, applied: dict | None = None) -> None:
    """Plain metadata; each variable asked for with a codelist (`codelist[NACE2007]=…`) comes from the
    `_agg_KommSummer` file, which holds every variable with its codelist applied."""
    plain = plain or fixture(f"{table}_metadata.json")
    applied = applied or fixture(f"{table}_metadata_agg_KommSummer.json")

    def metadata(request: Recorded) -> Reply:
        document = json.loads(json.dumps(plain))
        for key in request.query:
            variable = key.removeprefix("codelist[").removesuffix("]")
            if key.startswith("codelist[") and variable in document["dimension"]:
                document["dimension"][variable] = applied["dimension"][variable]
                document["size"][document["id"].index(variable)] = applied["size"][applied["id"].index(variable)]
        return Reply(body=document)

    server.add("GET", f"/tables/{table}/metadata", metadata)


def add_category(document: dict, dimension: str, code: str, label: str, value: float | None) -> dict:
    """A json-stat2 answer with one more category in `dimension`, every new cell holding `value`."""
    ids, sizes = document["id"], document["size"]
    old = [list(document["dimension"][d]["category"]["index"]) for d in ids]
    cells = dict(zip(itertools.product(*old), document["value"], strict=True)) if document["value"] else None
    category = document["dimension"][dimension]["category"]
    category["index"][code] = len(category["index"])
    category["label"][code] = label
    sizes[ids.index(dimension)] += 1
    new = [list(document["dimension"][d]["category"]["index"]) for d in ids]
    if cells is not None:  # metadata has "value": []
        document["value"] = [cells.get(key, value) for key in itertools.product(*new)]
    document.pop("status", None)
    return document


def serve_commuting(server: FakeSSB, residence: dict, workplace: dict) -> None:
    def data(request: Recorded) -> Reply:
        selected = {item["variableCode"]: item["valueCodes"] for item in request.body["selection"]}
        members_live = selected["Bokommuen"] == list(member_aggregate_codes())
        return Reply(body=residence if members_live else workplace)

    server.add("POST", "/tables/03321/data", data)


@pytest.fixture
def client(ssb) -> SSBClient:
    clock = FakeClock()
    return SSBClient(ssb.base_url, session=quiet_session(), sleep=clock.sleep, clock=clock, timeout=2.0)


def data_bodies(server: FakeSSB, table: str) -> list[dict]:
    return [call.body for call in server.calls("POST", f"/tables/{table}/data")]


# --- 11618 ----------------------------------------------------------------------------------------------------


def test_employment_asks_for_harmonised_series_and_maps_to_todays_codes(ssb, client):
    serve_metadata(ssb, "11618")
    ssb.add("POST", "/tables/11618/data", Reply(body=fixture("11618_response.json")))
    dataset = refresh_employment(client)

    (body,) = data_bodies(ssb, "11618")
    region = next(item for item in body["selection"] if item["variableCode"] == "Region")
    assert region["codelist"] == "agg_KommSummer"
    assert region["valueCodes"] == [f"K-{code}" for code in active_region().member_codes]

    frame = dataset.frame
    assert set(frame["region_code"]) == set(active_region().member_codes)
    assert set(frame["measure"]) == {"residents_15_74", "employed_by_residence", "jobs_by_workplace"}
    hemsedal = frame[(frame["region_code"] == "3326") & (frame["measure"] == "jobs_by_workplace")]
    assert hemsedal.sort_values("period")["value"].tolist() == [2400.0, 2410.0]  # 600 × 4 (+10 in 2022)
    assert set(hemsedal["region_name"]) == {"Hemsedal"}
    hol_jobs = frame[(frame["region_code"] == "3330") & (frame["measure"] == "jobs_by_workplace")]
    hol = hol_jobs[hol_jobs["period"] == 2022]
    assert math.isnan(hol["value"].iloc[0]) and hol["status"].iloc[0] == ".."

    provenance = dataset.provenance
    assert (provenance.dataset, provenance.table_id) == ("employment", "11618")
    assert provenance.source_updated == "2026-02-27T07:00:00Z"
    assert any("agg_KommSummer" in note for note in provenance.notes)


def test_employment_region_outside_hallingdal_in_the_answer_is_an_error(ssb, client):
    serve_metadata(ssb, "11618")
    answer = fixture("11618_response.json")
    labels = answer["dimension"]["Region"]["category"]
    # SSB answers with Oslo where Flå should be: reported, not dropped or mislabelled
    labels["index"] = {("K-0301" if k == "K-3320" else k): v for k, v in labels["index"].items()}
    labels["label"] = {("K-0301" if k == "K-3320" else k): v for k, v in labels["label"].items()}
    ssb.add("POST", "/tables/11618/data", Reply(body=answer))
    with pytest.raises(SSBError, match="K-3320|K-0301"):
        refresh_employment(client)


def test_employment_ssb_error_is_a_clear_message(ssb, client):
    serve_metadata(ssb, "11618")
    ssb.add("POST", "/tables/11618/data", Reply(status=400, body={"title": "Bad Request", "detail": "Ugyldig"},
                                                 content_type="application/problem+json"))
    with pytest.raises(SSBError, match="HTTP 400"):
        refresh_employment(client)


# --- 03321 ----------------------------------------------------------------------------------------------------


def test_commuting_combines_both_directions_once(ssb, client):
    serve_metadata(ssb, "03321")
    serve_commuting(ssb, fixture("03321_response_residence_hallingdal.json"),
                    fixture("03321_response_workplace_hallingdal.json"))
    dataset = refresh_commuting(client)

    bodies = data_bodies(ssb, "03321")
    assert len(bodies) == 2
    for body in bodies:
        assert all(item.get("codelist") == "agg_KommSummer" for item in body["selection"]
                   if item["variableCode"] in ("Bokommuen", "ArbstedKomm"))

    frame = dataset.frame
    flows = {(r.region_code, r.workplace_code, r.period): r.value for r in frame.itertuples()}
    # inside Hallingdal: in both answers, kept once
    assert flows[("3324", "3328", 2022)] == 200
    assert len(frame[(frame["region_code"] == "3324") & (frame["workplace_code"] == "3328")]) == 1
    # the other side keeps today's code and SSB's name
    assert flows[("3326", "0301", 2022)] == 40
    assert flows[("0301", "3324", 2022)] == 12
    assert set(frame.loc[frame["region_code"] == "0301", "region_name"]) == {"Oslo"}
    assert set(frame.loc[frame["workplace_code"] == "3301", "workplace_name"]) == {"Drammen"}
    # zeros are not stored; a missing flow is kept with its symbol
    assert (frame["value"] != 0).all()
    hol = frame[(frame["region_code"] == "3330") & (frame["workplace_code"] == "3301") & (frame["period"] == 2022)]
    assert math.isnan(hol["value"].iloc[0]) and hol["status"].iloc[0] == ".."
    assert dataset.provenance.table_id == "03321"


def test_commuting_drops_ssb_s_catch_all_rest_code(ssb, client):
    applied = fixture("03321_metadata_agg_KommSummer.json")
    add_category(applied, "ArbstedKomm", "K-Rest", "Uoppgitt arbeidskommune", None)
    serve_metadata(ssb, "03321", applied=applied)
    residence = add_category(
        fixture("03321_response_residence_hallingdal.json"), "ArbstedKomm", "K-Rest", "Uoppgitt", 7.0
    )
    serve_commuting(ssb, residence, fixture("03321_response_workplace_hallingdal.json"))
    dataset = refresh_commuting(client)
    frame = dataset.frame
    assert not frame["workplace_code"].isin(["K-Rest", "Rest"]).any()
    assert not frame["region_code"].isin(["K-Rest", "Rest"]).any()
    assert flows_of(frame)[("3324", "3328", 2022)] == 200
    assert any("K-Rest" in note for note in dataset.provenance.notes)


def flows_of(frame: pd.DataFrame) -> dict:
    return {(r.region_code, r.workplace_code, r.period): r.value for r in frame.itertuples()}


def test_commuting_answers_that_disagree_are_an_error(ssb, client):
    serve_metadata(ssb, "03321")
    workplace = fixture("03321_response_workplace_hallingdal.json")
    workplace["value"] = [v + 1 if v else v for v in workplace["value"]]
    serve_commuting(ssb, fixture("03321_response_residence_hallingdal.json"), workplace)
    with pytest.raises(SSBResponseError, match="to ulike tal"):
        refresh_commuting(client)


def test_refreshed_commuting_feeds_the_domain(ssb, client, tmp_path):
    serve_metadata(ssb, "03321")
    serve_commuting(ssb, fixture("03321_response_residence_hallingdal.json"),
                    fixture("03321_response_workplace_hallingdal.json"))
    write_dataset(refresh_commuting(client), tmp_path)
    balance = commuting.commuting_balance("3324", cache_directory=tmp_path)
    year = balance[balance["period"] == 2022].set_index("flow")["value"]
    assert year["inbound"] == 150 + 12 and year["outbound"] == 200 and year["net"] == -38
    region = commuting.commuting_balance("hallingdal", cache_directory=tmp_path)
    region_2022 = region[region["period"] == 2022].set_index("flow")
    assert region_2022.loc["inbound", "value"] == 12 + 3
    # Hol -> Drammen is missing in 2022, so Hallingdal's out-commuting that year is missing, not smaller
    assert math.isnan(region_2022.loc["outbound", "value"]) and region_2022.loc["outbound", "status"] == ".."


# --- 13470 ----------------------------------------------------------------------------------------------------


def test_jobs_by_industry_drops_the_total_and_keeps_industry_names(ssb, client):
    serve_metadata(ssb, "13470")
    ssb.add("POST", "/tables/13470/data", Reply(body=fixture("13470_response.json")))
    dataset = refresh_jobs_by_industry(client)
    (body,) = data_bodies(ssb, "13470")
    selected = {item["variableCode"]: item for item in body["selection"]}
    assert selected["Region"]["codelist"] == "agg_KommSummer"
    assert selected["NACE2007"] == {"variableCode": "NACE2007", "valueCodes": ["*"], "codelist": "agg_NACE2007arb11"}
    assert selected["ContentsCode"]["valueCodes"] == ["SysselsatteArb"]
    # the selection was checked against the metadata with both codelists applied
    applied = [c.query for c in ssb.calls("GET", "/tables/13470/metadata") if "codelist[NACE2007]" in c.query]
    assert applied and applied[-1]["codelist[Region]"] == ["agg_KommSummer"]

    frame = dataset.frame
    assert set(frame["industry"]) == {"01-03", "55-56", "86-88"}
    assert set(frame["region_code"]) == set(active_region().member_codes)
    names = dict(zip(frame["industry"], frame["industry_name"], strict=True))
    assert names["55-56"] == "Overnattings- og serveringsverksemd"
    gol = frame[(frame["region_code"] == "3324") & (frame["industry"] == "55-56")].sort_values("period")
    assert gol["value"].tolist() == [150.0, 155.0]
    assert any("alle næringar" in note for note in dataset.provenance.notes)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("content", "SysselsatteArb"),  # content code renamed: say so, never guess among "Syssel…" codes
        ("codelist", "agg_NACE2007arb11"),
    ],
)
def test_jobs_by_industry_refuses_a_table_that_changed(ssb, client, change, words):
    meta = fixture("13470_metadata.json")
    if change == "content":
        meta["dimension"]["ContentsCode"]["category"] = {
            "index": {"Sysselsatte": 0, "SysselsatteArb2": 1},
            "label": {"Sysselsatte": "Sysselsette", "SysselsatteArb2": "Sysselsette etter arbeidsstad"},
        }
        meta["size"][meta["id"].index("ContentsCode")] = 2
    else:
        meta["dimension"]["NACE2007"]["extension"]["codelists"] = []
    serve_metadata(ssb, "13470", plain=meta)
    with pytest.raises(SSBQueryError, match=words):
        refresh_jobs_by_industry(client)
    assert not data_bodies(ssb, "13470")


def test_jobs_by_industry_refuses_an_unknown_mandatory_variable(ssb, client):
    meta = fixture("13470_metadata.json")
    meta["id"].insert(1, "Kjonn")
    meta["size"].insert(1, 2)
    meta["dimension"]["Kjonn"] = {
        "label": "kjønn",
        "category": {"index": {"1": 0, "2": 1}, "label": {"1": "Menn", "2": "Kvinner"}},
        "extension": {"elimination": False},
    }
    ssb.add("GET", "/tables/13470/metadata", Reply(body=meta))
    with pytest.raises(SSBQueryError, match="Kjonn"):
        refresh_jobs_by_industry(client)
    assert not data_bodies(ssb, "13470")


def test_industry_view_works_after_a_refresh(ssb, client, tmp_path):
    serve_metadata(ssb, "13470")
    ssb.add("POST", "/tables/13470/data", Reply(body=fixture("13470_response.json")))
    assert not jobs.industry_view_available(tmp_path)
    write_dataset(refresh_jobs_by_industry(client), tmp_path)
    assert jobs.industry_view_available(tmp_path)
    change = jobs.industry_change(jobs.jobs_by_industry("hallingdal", tmp_path), 2021, 2022)
    by_industry = change.set_index("industry")["change"]
    assert by_industry["55-56"] == 6 * 5 and by_industry["01-03"] == -6 * 2 and by_industry["86-88"] == 6


# --- registration -----------------------------------------------------------------------------------------------


def test_refreshers_are_named_after_their_datasets():
    assert set(REFRESHERS) == {"employment", "commuting", "jobs_by_industry"}


def test_refresh_command_keeps_old_data_when_ssb_fails(ssb, client, tmp_path):
    from indicators.refresh import REFRESHERS as ALL_REFRESHERS
    from indicators.refresh import refresh

    for name in REFRESHERS:
        assert ALL_REFRESHERS.get(name) is REFRESHERS[name]
    serve_metadata(ssb, "11618")
    ssb.add("POST", "/tables/11618/data", Reply(body=fixture("11618_response.json")))
    (ok,) = refresh(["employment"], client=client, cache_directory=tmp_path)
    assert ok.ok, ok.message
    before = (tmp_path / "employment" / "data.csv").read_bytes()
    ssb.add("POST", "/tables/11618/data", Reply(status=503, body={"title": "Unavailable"}))
    (failed,) = refresh(["employment"], client=client, cache_directory=tmp_path)
    assert not failed.ok and "ikkje endra" in failed.message
    assert (tmp_path / "employment" / "data.csv").read_bytes() == before
    assert isinstance(read_dataset("employment", tmp_path).frame, pd.DataFrame)
