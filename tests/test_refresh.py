"""Live refresh against a local fake SSB that answers the way PxWebApi 2 does, from the posted selection."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from indicators.cache import read_dataset, read_manifest, write_dataset
from indicators.model import Dataset, Provenance
from indicators.refresh import REFRESHERS, RefreshResult, refresh
from indicators.sources.ssb import SSBClient
from indicators.sources.ssb_population import add_sex_total, projection_round_problem
from tests.fixtures.ssb.fake_ssb import (
    FakeClock,
    FakeSSB,
    Reply,
    jsonstat_dataset,
    problem,
    quiet_session,
)

HALLINGDAL = {"3320": "Flå", "3322": "Nesbyen", "3324": "Gol", "3326": "Hemsedal", "3328": "Ål", "3330": "Hol"}
AGES = {f"{age:03d}": f"{age} år" for age in range(105)} | {"105+": "105 år eller eldre", "999": "Alle aldre"}
YEARS = [str(year) for year in range(2003, 2008)]  # the table starts before 2005; we ask from 2005
UPDATED = "2026-02-20T07:00:00Z"


def persons(region: str, sex: str, age: str, year: str) -> float:
    """The fake table's figure for one cell (deterministic, distinct per cell)."""
    region_part = {"F-33": 900, "0": 9000}.get(region, int(region[-2:]))
    return float(region_part * 10 + int(age.rstrip("+")) + (int(year) - 2000) * 7 + (3 if sex == "2" else 0))


class Fake07459:
    """Metadata (plain and with codelists) and data for 07459, answering whatever selection is posted."""

    def __init__(self) -> None:
        self.municipalities = {f"K-{code}": name for code, name in HALLINGDAL.items()} | {"K-3301": "Drammen"}
        self.counties = {"F-03": "Oslo", "F-31": "Østfold", "F-33": "Buskerud"}
        self.regions = {"0": "Hele landet", "31": "Østfold", "33": "Buskerud", "0615": "Flå (-2019)"} | HALLINGDAL
        self.sexes = {"1": "Menn", "2": "Kvinner"}
        self.ages = dict(AGES)
        self.missing: dict[tuple[str, str, str, str], str] = {}  # cell -> status symbol
        self.omit_regions: set[str] = set()

    def variables(self, codelist: str | None) -> list[tuple[str, str, dict[str, str]]]:
        regions = {"agg_KommSummer": self.municipalities, "agg_KommFylker": self.counties}.get(codelist, self.regions)
        return [
            ("Region", "region", regions),
            ("Kjonn", "kjønn", self.sexes),
            ("Alder", "alder", self.ages),
            ("ContentsCode", "statistikkvariabel", {"Personer1": "Personer"}),
            ("Tid", "år", {year: year for year in YEARS}),
        ]

    def metadata(self, request) -> Reply:
        codelist = (request.query.get("codelist[Region]") or [None])[0]
        document = jsonstat_dataset(
            self.variables(codelist),
            None,
            table_id="07459",
            label="07459: Befolkning, etter region, kjønn, alder, statistikkvariabel og år",
            updated=UPDATED,
            roles={"time": ["Tid"], "metric": ["ContentsCode"], "geo": ["Region"]},
            dimension_extensions={
                "Region": {"elimination": True, "codelists": [
                    {"id": "agg_KommSummer", "label": "Kommuner, sammenslåtte tidsserier", "type": "Aggregation"},
                    {"id": "agg_KommFylker", "label": "Fylker", "type": "Aggregation"},
                ]},
                "Kjonn": {"elimination": True},
                "Alder": {"elimination": True},
                "ContentsCode": {"elimination": False},
                "Tid": {"elimination": False},
            },
        )
        return Reply(body=document)

    def data(self, request) -> Reply:
        chosen = {item["variableCode"]: item for item in request.body["selection"]}
        codelist = chosen["Region"].get("codelist")
        dimensions = []
        for dim_id, label, categories in self.variables(codelist):
            codes = chosen[dim_id]["valueCodes"]
            if codes and codes[0].startswith("from("):
                first = codes[0][5:-1]
                codes = [c for c in categories if c >= first]
            picked = {c: categories[c] for c in codes if c in categories}
            if dim_id == "Region":
                picked = {c: name for c, name in picked.items() if c not in self.omit_regions}
            dimensions.append((dim_id, label, picked))
        values, status = [], {}
        for region in dimensions[0][2]:
            for sex in dimensions[1][2]:
                for age in dimensions[2][2]:
                    for year in dimensions[4][2]:
                        symbol = self.missing.get((region, sex, age, year))
                        if symbol:
                            status[len(values)] = symbol
                        values.append(None if symbol else persons(region, sex, age, year))
        document = jsonstat_dataset(
            dimensions, values, status, table_id="07459", label="07459: Befolkning", updated=UPDATED,
            notes=["Fra 1.1.2024 er Buskerud et eget fylke igjen."],
        )
        return Reply(body=document)


@pytest.fixture
def table():
    return Fake07459()


@pytest.fixture
def clock():
    return FakeClock()


def serve(server: FakeSSB, table: Fake07459) -> None:
    server.add("GET", "/tables/07459/metadata", table.metadata)
    server.add("POST", "/tables/07459/data", table.data)


def make_client(server: FakeSSB, clock: FakeClock) -> SSBClient:
    return SSBClient(server.base_url, session=quiet_session(), sleep=clock.sleep, clock=clock, timeout=2.0)


def seed_cache(directory: Path) -> dict[str, bytes]:
    """A previous, good population dataset; returns its files' bytes."""
    frame = pd.DataFrame(
        {
            "region_code": ["3326", "3326"],
            "region_name": ["Hemsedal", "Hemsedal"],
            "sex": ["total", "total"],
            "age": ["20", "21"],
            "period": [2024, 2024],
            "value": [50.0, float("nan")],
            "status": ["", ".."],
        }
    )
    provenance = Provenance(dataset="population", title="Folketal", source="Statistisk sentralbyrå", table_id="07459")
    folder = write_dataset(Dataset(frame, provenance), directory)
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def cache_files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in (directory / "population").iterdir()}


# --- population ---------------------------------------------------------------------------------------------


def test_population_refresh_writes_a_tidy_dataset(ssb, table, clock, tmp_path):
    serve(ssb, table)
    table.missing[("K-3326", "2", "090", "2006")] = ".."
    [result] = refresh(["population"], make_client(ssb, clock), cache_directory=tmp_path)
    assert isinstance(result, RefreshResult)
    assert result.ok, result.message
    assert result.dataset == "population"

    frame = read_dataset("population", tmp_path).frame
    assert list(frame.columns) == ["region_code", "region_name", "sex", "age", "period", "value", "status"]
    assert list(dict.fromkeys(frame["region_code"])) == [*HALLINGDAL, "33", "0"]
    names = dict(zip(frame["region_code"], frame["region_name"], strict=False))
    assert names == {**HALLINGDAL, "33": "Buskerud", "0": "Noreg"}
    assert set(frame["sex"]) == {"female", "male", "total"}
    assert sorted(set(frame["age"]), key=int) == [str(age) for age in range(106)]
    assert sorted(set(frame["period"])) == [2005, 2006, 2007]
    assert len(frame) == 8 * 3 * 106 * 3 == result.rows
    assert "7 632 rader" in result.message and "Oppdaterte" in result.message

    def value(region: str, sex: str, age: str, year: int) -> pd.Series:
        row = frame[(frame.region_code == region) & (frame.sex == sex) & (frame.age == age) & (frame.period == year)]
        assert len(row) == 1
        return row.iloc[0]

    assert value("3326", "female", "20", 2006)["value"] == persons("K-3326", "2", "020", "2006")
    assert value("3320", "male", "105", 2005)["value"] == persons("K-3320", "1", "105+", "2005")
    assert value("33", "male", "0", 2007)["value"] == persons("F-33", "1", "000", "2007")
    both_sexes = persons("0", "1", "064", "2005") + persons("0", "2", "064", "2005")
    assert value("0", "total", "64", 2005)["value"] == both_sexes

    # a missing cell stays missing, with SSB's symbol, and so does the total built on it
    assert math.isnan(value("3326", "female", "90", 2006)["value"])
    assert value("3326", "female", "90", 2006)["status"] == ".."
    assert math.isnan(value("3326", "total", "90", 2006)["value"])
    assert value("3326", "total", "90", 2006)["status"] == ".."
    assert value("3326", "male", "90", 2006)["value"] == persons("K-3326", "1", "090", "2006")

    wide = frame.pivot_table(index=["region_code", "age", "period"], columns="sex", values="value")
    complete = wide.dropna()
    assert len(complete) == len(wide) - 1
    assert (complete["total"] == complete["female"] + complete["male"]).all()


def test_population_queries_use_today_s_codes_from_the_metadata(ssb, table, clock, tmp_path):
    serve(ssb, table)
    refresh(["population"], make_client(ssb, clock), cache_directory=tmp_path)
    posts = [call.body["selection"] for call in ssb.calls("POST", "/tables/07459/data")]
    regions = [next(item for item in body if item["variableCode"] == "Region") for body in posts]
    assert regions == [
        {"variableCode": "Region", "valueCodes": [f"K-{code}" for code in HALLINGDAL], "codelist": "agg_KommSummer"},
        {"variableCode": "Region", "valueCodes": ["F-33"], "codelist": "agg_KommFylker"},
        {"variableCode": "Region", "valueCodes": ["0"]},
    ]
    body = {item["variableCode"]: item for item in posts[0]}
    assert body["Alder"]["valueCodes"] == [*(f"{age:03d}" for age in range(105)), "105+"]  # no "999" (all ages)
    assert body["Kjonn"]["valueCodes"] == ["1", "2"]
    assert body["ContentsCode"]["valueCodes"] == ["Personer1"]
    assert body["Tid"]["valueCodes"] == ["from(2005)"]
    assert len(ssb.requests) == 7  # /config, three metadata, three data: far under 30 a minute


def test_population_manifest_records_provenance(ssb, table, clock, tmp_path):
    serve(ssb, table)
    refresh(["population"], make_client(ssb, clock), cache_directory=tmp_path)
    manifest = read_manifest("population", tmp_path)
    assert manifest.table_id == "07459"
    assert manifest.source_updated == UPDATED
    assert manifest.retrieved_at and manifest.retrieved_at.endswith("Z")
    assert "CC BY 4.0" in manifest.licence
    assert manifest.attribution == "Kjelde: Statistisk sentralbyrå"
    assert manifest.url == "https://www.ssb.no/statbank/table/07459"
    assert len(manifest.query["requests"]) == 3
    assert manifest.query["requests"][0]["body"]["selection"][0]["codelist"] == "agg_KommSummer"
    assert manifest.row_count == 7632 and manifest.checksum.startswith("sha256:")
    assert any("agg_KommSummer" in note for note in manifest.notes)
    assert "Fra 1.1.2024 er Buskerud et eget fylke igjen." in manifest.notes
    assert manifest.extra["ssb_codes"]["sex"] == {"1": "male", "2": "female"}


def test_failed_refresh_keeps_the_cached_dataset_byte_for_byte(ssb, table, clock, tmp_path):
    before = seed_cache(tmp_path)
    ssb.add("GET", "/tables/07459/metadata", table.metadata)
    ssb.add("POST", "/tables/07459/data", problem(503, "Service Unavailable"))
    [result] = refresh(["population"], make_client(ssb, clock), cache_directory=tmp_path)
    assert not result.ok and result.rows == 0
    assert "ikkje tilgjengeleg" in result.message
    assert "Datasettet som alt var lagra, er ikkje endra." in result.message
    assert cache_files(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".lock") == ["population"]  # no leftovers


def test_response_missing_a_region_is_reported_and_nothing_is_written(ssb, table, clock, tmp_path):
    before = seed_cache(tmp_path)
    serve(ssb, table)
    table.omit_regions.add("K-3326")
    [result] = refresh(["population"], make_client(ssb, clock), cache_directory=tmp_path)
    assert not result.ok
    assert "K-3326" in result.message
    assert cache_files(tmp_path) == before


def test_unknown_municipality_in_the_codelist_fails_loudly_before_any_data_call(ssb, table, clock, tmp_path):
    serve(ssb, table)
    del table.municipalities["K-3326"]
    [result] = refresh(["population"], make_client(ssb, clock), cache_directory=tmp_path)
    assert not result.ok
    assert "3326 (Hemsedal)" in result.message and "agg_KommSummer" in result.message
    assert ssb.calls("POST", "/tables/07459/data") == []
    assert not (tmp_path / "population").exists()


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda t: t.sexes.update({"1": "Begge kjønn"}), "kvinner"),
        (lambda t: t.ages.pop("105+"), "105"),
        (lambda t: t.ages.pop("017"), "17"),
        (lambda t: t.counties.pop("F-33"), "33 (Buskerud)"),
        # metadata that comes back without the codelist applied (plain codes) is not taken for K-codes
        (lambda t: setattr(t, "municipalities", dict(HALLINGDAL)), "3320 (Flå) finst ikkje i kodelista"),
    ],
)
def test_wrong_guesses_about_the_table_fail_loudly(ssb, table, clock, tmp_path, change, words):
    serve(ssb, table)
    change(table)
    [result] = refresh(["population"], make_client(ssb, clock), cache_directory=tmp_path)
    assert not result.ok
    assert words in result.message
    assert not (tmp_path / "population").exists()


def test_a_region_without_any_figures_for_a_year_is_refused(ssb, table, clock, tmp_path):
    serve(ssb, table)
    for sex in ("1", "2"):
        for age in AGES:
            table.missing[("F-33", sex, age, "2005")] = ".."
    [result] = refresh(["population"], make_client(ssb, clock), cache_directory=tmp_path)
    assert not result.ok
    assert "Buskerud: 2005" in result.message


def test_offline_refresh_fails_with_a_clear_message_and_does_not_retry_every_dataset(clock, tmp_path):
    before = seed_cache(tmp_path)
    server = FakeSSB().start()
    url = server.base_url
    server.stop()  # nothing listens there any more
    client = SSBClient(url, session=quiet_session(), sleep=clock.sleep, clock=clock, max_attempts=3)
    results = refresh(None, client, cache_directory=tmp_path)
    assert [r.dataset for r in results] == list(REFRESHERS)
    assert all(not r.ok for r in results)
    assert all("Fekk ikkje kontakt med SSB" in r.message for r in results)
    assert clock.sleeps == [1.0, 2.0]  # one round of retries, not one per dataset
    assert cache_files(tmp_path) == before


def test_unknown_dataset_name():
    [result] = refresh(["folketal"], client=None)
    assert not result.ok
    assert "Ukjend datasett «folketal»" in result.message and "population" in result.message


def test_sex_total_is_missing_when_one_sex_is_missing():
    frame = pd.DataFrame(
        {
            "region_code": ["3320"] * 4,
            "sex": ["female", "male", "female", "male"],
            "age": ["0", "0", "1", "1"],
            "period": [2024] * 4,
            "value": [10.0, 12.0, float("nan"), 7.0],
            "status": ["", "", ":", ""],
        }
    )
    totals = add_sex_total(frame)
    totals = totals[totals["sex"] == "total"].set_index("age")
    assert totals.loc["0", "value"] == 22.0 and totals.loc["0", "status"] == ""
    assert math.isnan(totals.loc["1", "value"]) and totals.loc["1", "status"] == ":"


# --- population projection ----------------------------------------------------------------------------------

PROJECTION_YEARS = [str(year) for year in range(2024, 2051)]


class Fake14288:
    def __init__(self, contents: dict[str, str] | None = None) -> None:
        self.contents = contents or {
            "Personer": "Hovedalternativet (MMMM)",
            "PersonerLLML": "Lav nasjonal vekst (LLML)",
            "PersonerHHMH": "Høy nasjonal vekst (HHMH)",
        }
        # SSB's real title: it never names the round
        self.label = "14288: Framskrevet folkemengde 1. januar, etter region, kjønn, alder, statistikkvariabel og år"
        self.updated = "2024-06-13T06:00:00Z"

    def variables(self) -> list[tuple[str, str, dict[str, str]]]:
        return [
            ("Region", "region", {**HALLINGDAL, "3301": "Drammen"}),
            ("Kjonn", "kjønn", {"1": "Menn", "2": "Kvinner"}),
            ("Alder", "alder", {"000": "0 år", "001": "1 år"}),
            ("ContentsCode", "statistikkvariabel", self.contents),
            ("Tid", "år", {year: year for year in PROJECTION_YEARS}),
        ]

    def metadata(self, request) -> Reply:
        return Reply(
            body=jsonstat_dataset(
                self.variables(), None, table_id="14288", label=self.label, updated=self.updated,
                dimension_extensions={
                    "Region": {"elimination": True},
                    "Kjonn": {"elimination": True},
                    "Alder": {"elimination": True},
                    "ContentsCode": {"elimination": False},
                    "Tid": {"elimination": False},
                },
            )
        )

    def data(self, request) -> Reply:
        chosen = {item["variableCode"]: item["valueCodes"] for item in request.body["selection"]}
        dimensions = []
        for dim_id, label, categories in self.variables():
            if dim_id not in chosen:
                continue  # eliminated: SSB sums over it and leaves it out of the answer
            codes = list(categories) if chosen[dim_id] == ["*"] else chosen[dim_id]
            dimensions.append((dim_id, label, {c: categories[c] for c in codes}))
        values = [
            float(int(region[-2:]) * 100 + int(year) - 2024)
            for region in dimensions[0][2]
            for _ in dimensions[1][2]
            for year in dimensions[-1][2]
        ]
        return Reply(
            body=jsonstat_dataset(
                dimensions, values, table_id="14288", label=self.label, updated="2024-06-13T06:00:00Z"
            )
        )


def serve_projection(server: FakeSSB, table: Fake14288) -> None:
    server.add("GET", "/tables/14288/metadata", table.metadata)
    server.add("POST", "/tables/14288/data", table.data)


def test_projection_refresh_takes_the_main_alternative(ssb, clock, tmp_path):
    serve_projection(ssb, Fake14288())
    [result] = refresh(["population_projection"], make_client(ssb, clock), cache_directory=tmp_path)
    assert result.ok, result.message
    dataset = read_dataset("population_projection", tmp_path)
    frame = dataset.frame
    assert list(frame.columns) == ["region_code", "region_name", "series", "period", "value", "status"]
    assert list(dict.fromkeys(frame["region_code"])) == list(HALLINGDAL)
    assert set(frame["series"]) == {"projection"}
    assert sorted(set(frame["period"])) == list(range(2024, 2051))
    hemsedal_2050 = frame[(frame.region_code == "3326") & (frame.period == 2050)]
    assert hemsedal_2050["value"].item() == 26 * 100 + 26
    assert hemsedal_2050["region_name"].item() == "Hemsedal"

    [post] = ssb.calls("POST", "/tables/14288/data")
    body = {item["variableCode"]: item["valueCodes"] for item in post.body["selection"]}
    assert body == {"Region": list(HALLINGDAL), "ContentsCode": ["Personer"], "Tid": ["*"]}

    provenance = dataset.provenance
    assert provenance.table_id == "14288"
    assert provenance.extra["projection_round"] == "2024"
    assert provenance.extra["alternative"] == "MMMM"
    assert provenance.extra["alternative_code"] == "Personer"
    assert provenance.source_updated == "2024-06-13T06:00:00Z"
    assert any("Hovedalternativet (MMMM)" in note for note in provenance.notes)


def test_projection_without_alternatives_says_so(ssb, clock, tmp_path):
    serve_projection(ssb, Fake14288({"Folkemengde": "Framskrevet folkemengde"}))
    [result] = refresh(["population_projection"], make_client(ssb, clock), cache_directory=tmp_path)
    assert result.ok, result.message
    extra = read_manifest("population_projection", tmp_path).extra
    assert extra["alternative"] is None and extra["alternative_label"] == "ikkje oppgitt i tabellen"


def test_projection_alternatives_without_the_main_one_fail_loudly(ssb, clock, tmp_path):
    serve_projection(ssb, Fake14288({"LLML": "Lav nasjonal vekst (LLML)", "HHMH": "Høy nasjonal vekst (HHMH)"}))
    [result] = refresh(["population_projection"], make_client(ssb, clock), cache_directory=tmp_path)
    assert not result.ok and "MMMM" in result.message
    assert not (tmp_path / "population_projection").exists()


def test_projection_of_another_round_fails_loudly(ssb, clock, tmp_path):
    table = Fake14288()
    table.label = "14288: Framskrevet folkemengde (2022-framskrivingen)"
    serve_projection(ssb, table)
    [result] = refresh(["population_projection"], make_client(ssb, clock), cache_directory=tmp_path)
    assert not result.ok and "2022" in result.message


@pytest.mark.parametrize(
    ("label", "updated", "words"),
    [
        ("14288: Folkemengde 1. januar, etter region", "2024-06-13T06:00:00Z", "befolkningsframskriving"),
        ("14288: Framskrevet folkemengde 1. januar, etter region", "2022-06-21T06:00:00Z", "sist oppdatert 2022-06-21"),
    ],
)
def test_projection_round_is_checked_without_a_round_in_the_title(ssb, clock, tmp_path, label, updated, words):
    table = Fake14288()
    table.label, table.updated = label, updated
    serve_projection(ssb, table)
    [result] = refresh(["population_projection"], make_client(ssb, clock), cache_directory=tmp_path)
    assert not result.ok and words in result.message
    assert not ssb.calls("POST", "/tables/14288/data")


def test_projection_round_check_accepts_real_titles():
    real = "14288: Framskrevet folkemengde 1. januar, etter region, kjønn, alder, statistikkvariabel og år"
    years = [str(y) for y in range(2024, 2051)]
    assert projection_round_problem(real, "2024-06-13T06:00:00Z", years) is None
    assert "2040" in projection_round_problem(real, "2024-06-13T06:00:00Z", years[:17])
