"""A peer region (region.toml [[peers]]) chosen as the region (issue 23): ?region=<peer id> opens the chart pages
with the peer's sums; the pages built on the plan show the plan's own region and say so. Opened the way a link
is, through streamlit_app.py, so the sidebar's region choice is the one that reads the link."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from indicators import cache
from indicators.formatting import format_number
from indicators.jobs import EMPLOYMENT, JOBS
from indicators.population import POPULATION
from indicators.present import texts
from indicators.present.texts import common
from indicators.present.texts import jobs as jobs_words
from indicators.present.texts import population as population_words
from indicators.regions import active_region
from tests.apptest_harness import key_figures
from ui.navigation import PAGE_TABLE
from ui.operator import without_commands

TIMEOUT = 90
ROOT = Path(__file__).resolve().parent.parent
KNOWN = active_region()
PEER = "valdres"
PEER_NAME = KNOWN.names[PEER]
SNAPSHOT = ROOT / "data_cache"  # the committed snapshot: it has every municipality (the test fixture cache does not)
PLAN_PAGES = ("pages/oversikt.py", "pages/handlingsprogram.py", "pages/rapportering.py", "pages/motemodus.py",
              "pages/deltidsinnbyggjarar.py")


@pytest.fixture(autouse=True)
def _the_snapshot(monkeypatch):
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(SNAPSHOT))


def open_page(page: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params.update({"region": PEER, **query})
    at.run()
    if page != PAGE_TABLE[0].file:
        at.switch_page(page)
        at.run()
    return at


def members_sum(dataset: str, **where: str) -> tuple[int, float]:
    """The latest year and the sum over the peer's member municipalities, straight from the stored rows."""
    members = KNOWN.parts(PEER)
    frame = cache.read_dataset(dataset, regions=members).frame
    frame = frame[frame["region_code"].isin(members)]
    for column, value in where.items():
        frame = frame[frame[column] == value]
    latest = int(frame["period"].max())
    rows = frame[frame["period"] == latest]
    assert set(rows["region_code"]) == set(members) and not rows.empty  # every member has a figure
    return latest, float(rows["value"].sum())


def test_the_sidebar_offers_the_peers_as_a_group_after_the_region_and_its_members():
    at = open_page(PAGE_TABLE[0].file)
    picker = at.sidebar.selectbox(key="url_region")
    assert list(picker.options)[:len(KNOWN.selectable)] == [KNOWN.names[c] for c in KNOWN.selectable]
    peers = [texts.fill(common.PEER_GROUP_OPTION, name=p.name) for p in KNOWN.peers]
    assert list(picker.options)[len(KNOWN.selectable):] == peers
    assert picker.value == PEER
    assert at.query_params["region"] == PEER


def test_folketal_shows_the_peers_sum():
    year, expected = members_sum(POPULATION, sex="total")  # every one-year age of both sexes
    at = open_page("pages/folketal.py")
    assert not at.exception, at.exception
    assert PEER_NAME in at.title[0].value
    figures = key_figures(at)
    assert str(year) in figures[0][0]
    assert figures[0][1] == format_number(expected)
    county = KNOWN.county
    assert county is None or all(county.name not in label for label, _, _ in figures)  # no share of another county


def test_arbeidsplassar_shows_the_peers_sum_and_no_plan_goal():
    year, expected = members_sum(EMPLOYMENT, measure=JOBS)
    at = open_page("pages/arbeidsplassar.py")
    assert not at.exception, at.exception
    assert PEER_NAME in at.title[0].value
    figures = key_figures(at)
    assert str(year) in figures[0][0]
    assert figures[0][1] == format_number(expected)
    assert KNOWN.name not in at.title[0].value


@pytest.mark.parametrize("entry", PAGE_TABLE, ids=[entry.file for entry in PAGE_TABLE])
def test_every_page_opens_with_a_peer_chosen(entry):
    page = entry.file
    at = open_page(page)
    assert not at.exception, (page, at.exception)
    captions = " ".join(c.value for c in at.caption)
    note = texts.fill(common.PLAN_REGION_NOTE, plan_region=KNOWN.name, name=PEER_NAME)
    if page in PLAN_PAGES:
        assert note in captions, page
    if entry.full_sidebar:
        assert at.sidebar.selectbox(key="url_region").value == PEER  # the choice is kept, not reset to the region
    else:  # meeting mode: no picker in its sidebar, the choice kept for the other pages all the same
        assert not at.sidebar.selectbox and at.session_state["url_region"] == PEER
    assert at.query_params["region"] == PEER
    assert not [n.value for n in at.info if n.value.startswith("Lenkja")]  # the link's region is not «unknown»


def test_klima_says_plainly_the_snapshot_has_no_emissions_for_the_peer():
    at = open_page("pages/klima.py")
    assert not at.exception, at.exception
    assert PEER_NAME in at.title[0].value
    members = ", ".join(f"{KNOWN.region_name(code)} ({code})" for code in KNOWN.parts(PEER))
    said = without_commands(texts.fill(common.NO_FIGURES, name=PEER_NAME, members=members))  # a visitor's words
    assert [w.value for w in at.warning] == [said]
    assert not at.get("plotly_chart")  # nothing drawn, nothing estimated


@pytest.mark.parametrize(("page", "query"), [
    ("pages/folketal.py", {"section": population_words.SECTION_WORKING_AGE}),
    ("pages/folketal.py", {"section": population_words.SECTION_AGE_GROUPS}),
    ("pages/folketal.py", {"section": population_words.SECTION_PYRAMID}),
    ("pages/folketal.py", {"view": "indeks"}),
    ("pages/folketal.py", {"view": "flytting"}),
    ("pages/arbeidsplassar.py", {"section": jobs_words.SECTION_PER_100}),
    ("pages/arbeidsplassar.py", {"section": jobs_words.SECTION_RATE}),
    ("pages/arbeidsplassar.py", {"jobs_view": "samanlikn"}),
])
def test_each_section_of_the_chart_pages_draws_the_peer(page, query):
    at = open_page(page, **query)
    assert not at.exception, at.exception
    titles = " ".join(json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart"))
    assert PEER_NAME in titles, titles


def _titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def test_commuting_is_drawn_for_a_peer_from_its_members_flows():
    """Commuting flows are in the snapshot for every municipality: the peer's net commuting per member, over
    time across its border and the share working where they live, with the metric equal to the flows' sum."""
    from indicators import commuting

    at = open_page("pages/arbeidsplassar.py", section=jobs_words.SECTION_COMMUTING)
    assert not at.exception, at.exception
    assert jobs_words.fill(jobs_words.PEER_NO_INDUSTRY, name=PEER_NAME) not in [i.value for i in at.info]
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(specs) == 3, _titles(at)
    members = {KNOWN.region_name(code) for code in KNOWN.parts(PEER)}
    assert set(specs[0]["data"][0]["y"]) == members  # net commuting of each of the peer's municipalities
    assert PEER_NAME in specs[1]["layout"]["title"]["text"]  # across the peer's border over time
    assert {t["name"] for t in specs[2]["data"]} == members  # the share working where they live
    flows = commuting.commuting_flows(codes=KNOWN.parts(PEER))
    year = int(flows["period"].max())
    flows = flows[flows["period"] == year]
    inside = flows["region_code"].isin(KNOWN.parts(PEER)), flows["workplace_code"].isin(KNOWN.parts(PEER))
    net = flows[inside[1] & ~inside[0]]["value"].sum() - flows[inside[0] & ~inside[1]]["value"].sum()
    metric = next(m for m in at.metric if m.label.startswith("Netto innpendling"))
    assert PEER_NAME in metric.label and str(year) in metric.label
    assert metric.value.replace("−", "-").replace("\u202f", "").replace(" ", "") == f"{int(net):+d}"


def test_flows_are_drawn_for_a_peer_across_its_border_and_between_its_members():
    at = open_page("pages/arbeidsplassar.py", section=jobs_words.SECTION_FLOWS)
    assert not at.exception, at.exception
    titles = _titles(at)
    assert len(titles) == 2, titles
    grid = json.loads(at.get("plotly_chart")[1].proto.spec)
    assert set(grid["data"][0]["x"]) == {KNOWN.region_name(code) for code in KNOWN.parts(PEER)}
    assert PEER_NAME in titles[1] and KNOWN.name not in titles[1]
    legend = {trace.get("name") for trace in json.loads(at.get("plotly_chart")[0].proto.spec)["data"]}
    assert texts.fill(jobs_words.FLOWS_OUTSIDE, region=PEER_NAME) in legend  # «utanfor Valdres», not the region
    captions = " ".join(c.value for c in at.caption)
    assert texts.fill(jobs_words.REGION_FLOWS_CAPTION, region=PEER_NAME, members_word="seks") in captions


def test_industries_for_a_peer_say_plainly_what_is_missing():
    at = open_page("pages/arbeidsplassar.py", section=jobs_words.SECTION_INDUSTRY)
    assert not at.exception, at.exception
    assert not at.get("plotly_chart")
    assert at.info, "an empty section"  # the snapshot has no industry table: said, as for the region


def test_no_projection_for_a_peer_is_said_plainly():
    at = open_page("pages/folketal.py", section=population_words.SECTION_PROJECTION)
    assert not at.exception, at.exception
    assert [i.value for i in at.info] == [texts.fill(population_words.NO_PROJECTION, name=PEER_NAME)]


@pytest.mark.parametrize(("region", "scope", "units"), [(PEER, "regions", "regionar"), ("3324", "municipalities",
                                                                                         "kommunar")])
def test_net_migration_is_ranked_on_demand_per_1000_residents(region, scope, units):
    """Arealprofiler covers every municipality: net in-migration summed over the years, per 1 000 residents, ranked
    among every municipality (a municipality) or the region and its peer regions, with Kolada's caution."""
    from indicators import peers
    from indicators.present.texts import peers as peer_words

    at = open_page("pages/folketal.py", view="flytting", region=region)
    assert not at.exception, at.exception
    assert "høgaste netto innflytting" not in " ".join(m.value for m in at.markdown)  # only when asked for
    at.toggle(key=f"migration_ranks_{scope}").set_value(True).run()
    assert not at.exception, at.exception
    years = peers.net_migration_years()
    start = KNOWN.plan.start if KNOWN.plan is not None else years[-1] - 3
    table = peers.net_migration_ranks(start, years[-1], scope)
    row = table[table["region_code"] == region].iloc[0]
    line = next(m.value for m in at.markdown if "høgaste netto innflytting" in m.value)
    assert f"{int(row['position'])}. høgaste netto innflytting per 1 000 innbyggjarar av {int(row['total'])} {units}" \
        in line
    assert f"{start}–{years[-1]}" in line
    assert f"{row['value']:.1f}".replace(".", ",") in line
    assert peer_words.RANK_CAUTION in [c.value for c in at.caption]
    moved = KNOWN.parts(region)
    rows = cache.read_dataset("net_migration", regions=moved).frame
    rows = rows[rows["region_code"].isin(moved) & rows["period"].between(start, years[-1])]
    assert row["end_value"] == rows["value"].sum()  # the sum is the members' figures


def test_the_meeting_says_why_its_region_list_has_no_peers():
    """Møtemodus' slides are the plan's goals, which apply to the plan's region only: its list holds the region
    and its members, and the reason (and the slide that shows the peers) stands under it."""
    from indicators.present.texts import peers as peer_words

    at = open_page("pages/motemodus.py", region=KNOWN.id)
    assert not at.exception, at.exception
    meeting = at.selectbox(key="meeting_region")
    assert list(meeting.options) == [KNOWN.names[c] for c in KNOWN.selectable]
    said = texts.fill(peer_words.PEERS_NOT_IN_MEETING, peers=", ".join(p.name for p in KNOWN.peers))
    assert said in [c.value for c in at.caption]


def test_industries_fetched_for_the_plan_region_only_are_said_plainly_for_a_peer(tmp_path, monkeypatch):
    """After a refresh of jobs by industry for the plan region's municipalities only, a peer's Næringar section
    says so in plain words instead of an empty chart."""
    import pandas as pd

    from indicators.cache import write_dataset
    from indicators.model import Dataset, Provenance

    for folder in SNAPSHOT.iterdir():
        if folder.is_dir():
            (tmp_path / folder.name).symlink_to(folder)
    rows = [(code, KNOWN.region_name(code), "55-56", "Overnatting og servering", period, 100.0, "")
            for code in KNOWN.member_codes for period in (2021, 2022)]
    frame = pd.DataFrame(rows, columns=["region_code", "region_name", "industry", "industry_name", "period", "value",
                                        "status"])
    write_dataset(Dataset(frame, Provenance(dataset="jobs_by_industry", title="t", source="Test", table_id="13470")),
                  tmp_path)
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path))
    at = open_page("pages/arbeidsplassar.py", section=jobs_words.SECTION_INDUSTRY)
    assert not at.exception, at.exception
    assert [i.value for i in at.info][-1:] == [jobs_words.fill(jobs_words.PEER_NO_INDUSTRY, name=PEER_NAME)]
    assert not at.get("plotly_chart")


def test_a_peer_name_from_the_region_file_is_shown_as_text(plan_copy):
    """A name in region.toml is the council's text, not markup: under Møtemodus' region list it reads as written
    (escaped for markdown), never as emphasis or a link."""
    from indicators.present.texts import peers as peer_words
    from indicators.safe_text import markdown_escaped

    region_file = plan_copy / "region.toml"
    marked = "Valdres *[sjå her](https://example.org)*"
    region_file.write_text(region_file.read_text(encoding="utf-8").replace('name = "Valdres"', f'name = "{marked}"'),
                           encoding="utf-8")
    at = open_page("pages/motemodus.py", region=KNOWN.id)
    assert not at.exception, at.exception
    names = ", ".join(marked if p.id == "valdres" else p.name for p in KNOWN.peers)
    said = texts.fill(peer_words.PEERS_NOT_IN_MEETING, peers=markdown_escaped(names))
    assert said in [c.value for c in at.caption]
