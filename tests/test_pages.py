"""AppTest for the skeleton's pages, for every region choice, on the committed snapshot."""

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from indicators import cache
from indicators.present.texts import population as population_words
from indicators.regions import active_region
from tests.apptest_harness import SharedRuns, key_figures, with_download_menus_open

TIMEOUT = 60
ROOT = Path(__file__).resolve().parent.parent
SELECTABLE_REGIONS = active_region().selectable
REGION_NAMES = active_region().names


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def _run_page(path: str, region: str | None = None, *, menus_open: bool = False, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=TIMEOUT)
    if region:
        at.session_state["url_region"] = region
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return with_download_menus_open(at) if menus_open else at


# The tests here only read what `run_page` shows: each page, region, link and data runs once in the test process
# (tests/apptest_harness.py; a test that clicks or reruns makes its own AppTest).
run_page = SharedRuns(_run_page)


POPULATION_SECTIONS = [population_words.SECTION_TREND, population_words.SECTION_WORKING_AGE,
                       population_words.SECTION_AGE_GROUPS, population_words.SECTION_PYRAMID,
                       population_words.SECTION_PROJECTION]


@pytest.mark.parametrize("region", SELECTABLE_REGIONS)
def test_population_page_for_every_region(region):
    at = run_page("pages/folketal.py", region)
    assert not at.exception
    assert REGION_NAMES[region] in at.title[0].value
    assert [tab.label for tab in at.tabs] == POPULATION_SECTIONS
    assert len(at.get("plotly_chart")) == 1  # only the open section is drawn: the trend
    assert key_figures(at)[0][1]  # latest population shown


@pytest.mark.parametrize("region", ["hallingdal", "3328"])
def test_population_page_draws_each_section_with_its_chart_and_downloads(region):
    """Trend, working age, groups, pyramid, projection: one chart each, drawn only when its tab is open."""
    first_titles = None
    for section in POPULATION_SECTIONS:
        at = run_page("pages/folketal.py", region, section=section, menus_open=True)
        assert not at.exception
        charts = at.get("plotly_chart")
        assert len(charts) == 1, section
        assert key_figures(at)[0][1]  # the key figures stay above the tabs
        keys = [b.key for b in at.get("download_button")]
        assert f"csv_{charts[0].key.removeprefix('chart_')}" in keys
        if first_titles is None:
            first_titles = chart_titles(at)
        else:
            assert chart_titles(at) != first_titles  # another section, another chart


def test_population_unknown_section_opens_the_first():
    at = run_page("pages/folketal.py", "hallingdal", section="<b>Nope</b>")
    assert not at.exception
    assert chart_titles(at) == chart_titles(run_page("pages/folketal.py", "hallingdal"))


AREA_NAMES = ["Næringsliv", "Infrastruktur", "Klima og miljø", "Attraktivitet og omdømme", "Tenesteutvikling"]


@pytest.mark.parametrize("region", SELECTABLE_REGIONS)
def test_overview_page_for_every_region(region):
    at = run_page("pages/oversikt.py", region, area="alle")
    assert not at.exception
    assert REGION_NAMES[region] in at.title[0].value
    markdown = " ".join(m.value for m in at.markdown)
    assert any(label in markdown for label in ("Nådd", "På rett veg", "Treng auka tempo", "Går feil veg"))
    headers = [h.value for h in at.subheader]
    assert headers[:5] == AREA_NAMES


def test_overview_opens_on_the_first_area_with_the_whole_plans_counts():
    """One focus area at a time (issue 13: forty cards made every region change slow); the count line above
    the cards is the whole plan's, and «Alle innsatsområde» is one click away."""
    at = run_page("pages/oversikt.py", "hallingdal")
    assert not at.exception
    assert [h.value for h in at.subheader] == AREA_NAMES[:1]
    assert at.radio(key="url_area").value == "naeringsliv"
    assert "Alle innsatsområde" in at.radio(key="url_area").options
    every = run_page("pages/oversikt.py", "hallingdal", area="alle")
    count_line = next(m.value for m in at.markdown if m.value.startswith("**40 resultatmål**"))
    assert count_line == next(m.value for m in every.markdown if m.value.startswith("**40 resultatmål**"))
    badges = lambda app: sum("status-badge" in m.value for m in app.markdown)  # noqa: E731
    assert 0 < badges(at) < badges(every)


def test_overview_status_filter_narrows_the_board():
    everything = run_page("pages/oversikt.py", "hallingdal", area="alle")
    only_achieved = run_page("pages/oversikt.py", "hallingdal", status="achieved", area="alle")
    assert not only_achieved.exception
    count = lambda at: sum("status-badge" in m.value for m in at.markdown)  # noqa: E731
    assert 0 < count(only_achieved) < count(everything)


def test_overview_statuses_say_which_numbers_gave_them():
    """Issue 10 §1: the jobs goal's status stands with its rate and what the method asks for."""
    at = run_page("pages/oversikt.py", "hallingdal")
    explained = [m.value for m in at.markdown if "goal-status-why" in m.value]
    assert explained
    jobs_card = next(m for m in explained if "Fleire arbeidsplassar" in m)
    assert "Statistikken:" in jobs_card  # labelled for what it is, attributed to nobody
    assert "per år trengst for «på rett veg»" in jobs_card.replace("\u00a0", " ")
    assert "Vurdert av" not in jobs_card


def test_overview_trend_charts_have_source_date_and_download():
    """Issue 10 §2: one source line per dataset under the cards, and the small charts' numbers to download."""
    at = run_page("pages/oversikt.py", "hallingdal", area="alle")
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Kjelde: Statistisk sentralbyrå, tabell 07459") for c in captions)
    assert any(c.startswith("Kjelde: Statistisk sentralbyrå, tabell 11618") for c in captions)
    keys = [b.key for b in at.get("download_button")]
    assert "csv_spark_attraktivitet_population" in keys
    assert "xlsx_spark_naeringsliv_employment" in keys


def test_overview_caption_states_the_published_method():
    at = run_page("pages/oversikt.py", "hallingdal")  # one line on the board; the method and intro on Om
    assert any("to statusar" in c.value for c in at.caption)
    about = run_page("pages/om.py", "hallingdal")
    assert any("Statistics Canada" in m.value for m in about.markdown)
    assert any(active_region().plan.title in m.value for m in about.markdown)
    assert any("Teljinga" in m.value and "éin gong" in m.value for m in about.markdown)  # the counting rule


def test_population_age_band_choice_changes_the_working_age_chart():
    at = run_page("pages/folketal.py", "hallingdal", ages="15-74", section=population_words.SECTION_WORKING_AGE)
    assert not at.exception
    assert at.radio(key="url_ages").value == "15-74"
    assert at.query_params["ages"] == "15-74"
    assert any(title.startswith("15–74 år") for title in chart_titles(at))


def test_population_view_choice_from_the_link_shows_the_indexed_comparison():
    at = run_page("pages/folketal.py", "3326", view="indeks", base_year="2010")
    assert not at.exception
    titles = chart_titles(at)
    assert any("indeks, 2010 = 100" in title for title in titles)
    assert not any(title.startswith("Folketalet i Hemsedal") for title in titles)


def test_about_page_lists_the_datasets():
    at = run_page("pages/om.py")
    assert not at.exception
    # a static HTML table (issue 20: no data-grid code to load): header cells, a caption, one row per dataset
    table = next(m.value for m in at.markdown if "<table" in m.value and "Namn i data_cache" in m.value)
    assert '<th scope="col"' in table and "<caption" in table
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", table)
    assert {"population", "population_projection"} <= set(cells)
    assert "publisert uttrekk" in cells and "henta frå kjelda" not in cells  # the committed snapshot: extracts only
    assert table.count("<tr>") - 1 == len(cache.list_datasets())


def test_about_page_explains_both_branches_of_the_method():
    from indicators.progress import METHOD_EXPLANATION_MARKDOWN

    at = run_page("pages/om.py")
    markdown = [m.value for m in at.markdown]
    assert METHOD_EXPLANATION_MARKDOWN in markdown
    assert not any("r_obs / r_req" in m for m in markdown)  # the old single-branch table is gone


def test_about_page_shows_manifest_text_as_text(tmp_path, monkeypatch):
    from indicators.cache import write_dataset
    from indicators.model import Dataset, Provenance
    from tests.conftest import tiny_population_frame

    provenance = Provenance(dataset="population", title="Folketal *viktig*", source="test", table_id="07459",
                            produced_by="[klikk her](https://evil.example) ![x](https://evil.example/x.png)")
    write_dataset(Dataset(tiny_population_frame(), provenance), tmp_path)
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path))
    at = run_page("pages/om.py")
    assert not at.exception
    origins = " ".join(m.value for m in at.expander[0].markdown)
    assert "`[klikk her](https://evil.example) ![x](https://evil.example/x.png)`" in origins
    assert "`Folketal *viktig*`" in origins


def test_about_page_names_the_region_and_its_members_from_the_region_file():
    region = active_region()
    at = run_page("pages/om.py")
    markdown = " ".join(m.value for m in at.markdown)
    assert region.plan.title in markdown
    assert ", ".join(m.name for m in region.members) in markdown


def test_dashboard_restores_region_from_the_link():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params["region"] = "3326"
    at.run()
    assert not at.exception
    assert at.sidebar.selectbox(key="url_region").value == "3326"
    assert "Hemsedal" in at.title[0].value


def test_dashboard_unknown_region_in_link_falls_back_with_notice():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params["region"] = "<script>alert(1)</script>"
    at.run()
    assert not at.exception
    assert at.sidebar.selectbox(key="url_region").value == "hallingdal"
    assert any("ukjend verdi" in i.value for i in at.info)


def test_a_broken_goals_file_gives_a_message_on_the_page_not_a_traceback(plan_copy):
    (plan_copy / "goals.toml").write_text("[[goals]\nid = ", encoding="utf-8")
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    errors = [e.value for e in at.error if "Sida kan ikkje visast" in e.value]
    assert errors
    assert any("goals.toml" in e for e in errors)


def test_a_damaged_dataset_gives_a_message_on_the_board_not_a_traceback(tmp_path, monkeypatch):
    import shutil

    copy = tmp_path / "cache"
    shutil.copytree(ROOT / "data_cache", copy)
    # One year changed after the snapshot was saved: the stored checksum no longer matches the data file
    # (data.parquet for the all-municipality population, read back and written with one period moved).
    data = copy / "population" / cache.PARQUET_FILE
    frame = pd.read_parquet(data)
    frame.loc[frame.index[frame["period"] == 2026][0], "period"] = 2027
    frame.to_parquet(data, index=False)
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(copy))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params["area"] = "attraktivitet"  # the working-age goal's area
    at.run()
    assert not at.exception
    shown = " ".join(m.value for m in at.markdown)
    assert "kontrollsummen" in shown  # the working-age goal says why it has no data


def test_dashboard_link_with_an_old_municipality_code_opens_todays_municipality():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params["region"] = "0618"  # Hemsedal before 2020
    at.run()
    assert not at.exception
    assert at.sidebar.selectbox(key="url_region").value == "3326"
    assert not any("ukjend verdi" in i.value for i in at.info)
