"""Møtemodus: one goal or chart per screen, stepped with next/previous, with the whole meeting in the URL.

Runs the page on the committed data_cache snapshot (real published figures), on its own and, once the lead
has registered it, through streamlit_app.py.
"""

from __future__ import annotations

import base64
import html
import json
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from indicators import commuting, jobs, registry
from indicators.cache import manifests, write_dataset
from indicators.formatting import format_number
from indicators.goals import evaluate_goal, load_plan
from indicators.model import Dataset, Provenance
from indicators.population import population_projection
from indicators.present import emissions_charts, headlines, jobs_charts, population_charts
from indicators.present.texts import jobs as jobs_words
from indicators.regions import active_region
from indicators.registry import IndicatorSpec
from indicators.sources import miljodirektoratet
from tests import written_once
from tests.apptest_harness import SharedRuns
from tests.emission_workbooks import rows_for, synthetic_rows, write_format_b

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "pages" / "motemodus.py"
GOALS = "attr-yrkesaktiv-alder,naer-nyetablerte,naer-verdiskaping"
NBSP = "\u00a0"


def meeting(**params: str) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    at.query_params.update(params)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(scope="module")
def shared_meeting() -> SharedRuns:
    """`meeting` once per link and data for the tests that only read the slide (tests/apptest_harness.py)."""
    return SharedRuns(meeting)


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown).replace(NBSP, " ")


def headline(at: AppTest) -> str:
    """The slide's big sentence."""
    found = [m.value for m in at.markdown if 'class="meeting-headline"' in m.value]
    assert len(found) == 1, found
    return found[0].split(">", 1)[1].rsplit("</div>", 1)[0].replace(NBSP, " ")


def source_line(at: AppTest) -> str:
    """The slide's source line: text under the chart (it wraps to the screen), no longer in the plot."""
    found = [m.value for m in at.markdown if 'class="meeting-source"' in m.value]
    assert len(found) == 1, found
    return html.unescape(found[0].split(">", 1)[1].rsplit("</div>", 1)[0]).replace(NBSP, " ")


def message_of(chart) -> str:
    """A chart builder's one-message title as one line (charts wrap long titles with <br>)."""
    return chart.figure.layout.title.text.replace("<br>", " ").replace(NBSP, " ")


def listed(at: AppTest, key: str) -> list[str]:
    """What the browser shows in a multiselect when it mounts it, e.g. when the closed popover is opened after
    a rerun: the value the run sent with the widget, else the widget's default (Streamlit sends a value only on
    runs where the code set it, and a widget the browser has not mounted keeps no value of its own)."""
    proto = at.multiselect(key=key).proto
    return list(proto.raw_values) if proto.set_value else [proto.options[i] for i in proto.default]


def test_opens_the_linked_slide_with_headline_status_and_chart(shared_meeting):
    at = shared_meeting(region="hallingdal", goals=GOALS, step="1")
    text = markdown(at)
    assert "1 av 3" in text
    assert "Folketalet i yrkesaktiv alder (20–64 år) har auka" in text
    assert "målet var 1 %" in text
    assert any(status in text for status in ("Nådd", "På rett veg", "Treng auka tempo"))  # whatever the data say
    assert 'class="meeting-badge"' in text
    assert len(at.get("plotly_chart")) == 1


def test_next_and_previous_step_and_write_the_step_to_the_url():
    at = meeting(region="hallingdal", goals=GOALS, step="1")
    assert at.button(key="meeting_prev").disabled
    at.button(key="meeting_next").click().run()
    assert at.query_params["step"] == "2"
    assert "2 av 3" in markdown(at)
    assert "Betre oppfølging av nyetablerte bedrifter – status:" in markdown(at)
    at.button(key="meeting_next").click().run()
    assert at.query_params["step"] == "3"
    assert at.button(key="meeting_next").disabled
    at.button(key="meeting_prev").click().run()
    assert at.query_params["step"] == "2"


def test_the_status_says_which_numbers_gave_it():
    """Issue 10 §1: the jobs goal's status on its slide stands with the rate and the need behind it."""
    at = meeting(region="hallingdal", goals="naer-arbeidsplassar", step="1")
    found = [m.value for m in at.markdown if 'class="meeting-status-why"' in m.value]
    assert len(found) == 1
    assert "Statistikken:" in found[0]  # labelled for what it is, attributed to nobody
    assert "per år trengst for «på rett veg»" in found[0].replace(NBSP, " ")


def test_keyboard_and_remote_keys_are_bound():
    at = meeting(region="hallingdal", goals=GOALS, step="2")
    shortcuts = {b.key: b.proto.shortcut for b in at.button}
    assert shortcuts["meeting_next"] == "right"
    assert shortcuts["meeting_prev"] == "left"
    # a remote's PageDown/PageUp press these two in the browser (tests/test_browser_meeting.py walks the slides with
    # them): no other button for them, so none off screen that Tab would reach with no visible focus
    assert set(shortcuts) == {"meeting_prev", "meeting_next", "meeting_present_on"}
    at.button(key="meeting_next").click().run()
    assert at.query_params["step"] == "3"


def test_qualitative_and_unmeasured_goals_have_no_invented_chart(shared_meeting):
    at = shared_meeting(region="hallingdal", goals=GOALS, step="2")
    assert len(at.get("plotly_chart")) == 0
    assert "Planen: «Betre oppfølging av nyetablerte bedrifter" in markdown(at)
    at = shared_meeting(region="hallingdal", goals=GOALS, step="3")
    assert len(at.get("plotly_chart")) == 0
    assert "dashbordet måler ikkje dette enno" in markdown(at)


def test_chart_slides_follow_the_goals():
    at = meeting(region="3320", goals="attr-yrkesaktiv-alder", charts="population_by_age_group", step="2")
    assert "2 av 2" in markdown(at)
    # the slide says what the chart shows (the Folketal page's message), not only what it is about
    assert headline(at) == message_of(
        population_charts.age_groups(*handed("population_by_age_group", "3320", groups="plan"), "plan"))
    assert "aldersgruppa" in headline(at)
    assert headline(at) != "Folketal etter aldersgruppe – Flå"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [trace["name"] for trace in spec["data"]] == ["0–19 år", "20–64 år", "65 år og eldre"]
    assert spec["layout"]["title"]["text"] == ""  # the message is the headline above, not repeated in the plot
    notes = source_line(at)
    assert "Kjelde: Statistisk sentralbyrå, tabell 07459" in notes
    assert "Siste tal: 1. januar" in notes


def test_goals_and_charts_stay_in_their_lists_after_next():
    """After Neste the lists under «Vel innhald for møtet» still hold the meeting (they used to come up empty
    in the browser, and the next choice replaced the whole meeting)."""
    at = meeting(region="hallingdal", goals=GOALS, charts="population_total", step="1")
    goals, charts = at.multiselect(key="url_goals"), at.multiselect(key="url_charts")
    wanted_goals = [goals.format_func(g) for g in GOALS.split(",")]
    wanted_charts = [charts.format_func("population_total")]
    at.button(key="meeting_next").click().run()
    assert "2 av 4" in markdown(at)
    assert listed(at, "url_goals") == wanted_goals
    assert listed(at, "url_charts") == wanted_charts
    at.button(key="meeting_prev").click().run()
    assert listed(at, "url_goals") == wanted_goals
    assert listed(at, "url_charts") == wanted_charts
    # a change keeps the rest of the meeting
    at.multiselect(key="url_goals").select("naer-verdiskaping").unselect("naer-nyetablerte").run()
    assert at.query_params["goals"] == "attr-yrkesaktiv-alder,naer-verdiskaping"
    assert at.query_params["charts"] == "population_total"
    assert listed(at, "url_goals") == [goals.format_func(g) for g in ("attr-yrkesaktiv-alder", "naer-verdiskaping")]


def test_lists_have_no_english_select_all(shared_meeting):
    at = shared_meeting(region="hallingdal", goals=GOALS, step="1")
    assert at.multiselect(key="url_goals").proto.select_all == 0
    assert at.multiselect(key="url_charts").proto.select_all == 0


def test_commuting_slide_has_nynorsk_lines_without_the_local_count():
    at = meeting(region="hallingdal", goals="", charts="commuting", step="1")
    spec = chart_spec(at)
    names = [trace["name"] for trace in spec["data"]]
    flows = (commuting.INBOUND, commuting.OUTBOUND, commuting.NET)
    assert sorted(names) == sorted(jobs_words.FLOW_LABELS[f] for f in flows)
    assert not {"inbound", "outbound", "net", "local", jobs_words.FLOW_LABELS[commuting.LOCAL]} & set(names)
    assert headline(at) == message_of(jobs_charts.commuting_over_time(*handed("commuting", "hallingdal")))
    assert "pendlar" in headline(at)


def test_projection_slide_dates_the_latest_registered_figure():
    at = meeting(region="hallingdal", goals="", charts="population_projection", step="1")
    frame = population_projection("hallingdal")
    registered = frame[(frame["series"] == "registered") & frame["value"].notna()]
    last_registered, last_projected = int(registered["period"].max()), int(frame["period"].max())
    assert last_projected > last_registered  # the data really run further than the registered figures
    notes = source_line(at)
    assert f"Siste registrerte tal: 1. januar {last_registered}" in notes
    assert f"1. januar {last_projected}" not in notes
    assert headline(at) == message_of(population_charts.projection(*handed("population_projection", "hallingdal")))


def test_region_goals_and_charts_round_trip_through_the_url():
    at = meeting(region="3330", goals="naer-arbeidsplassar,attr-yrkesaktiv-alder", charts="population_total",
                 step="3")
    assert at.multiselect(key="url_goals").value == ["naer-arbeidsplassar", "attr-yrkesaktiv-alder"]
    assert at.multiselect(key="url_charts").value == ["population_total"]
    assert at.selectbox(key="meeting_region").value == "3330"
    assert dict(at.query_params) == {
        "region": "3330", "goals": "naer-arbeidsplassar,attr-yrkesaktiv-alder", "charts": "population_total",
        "step": "3",
    }
    assert headline(at) == message_of(population_charts.population_trend(*handed("population_total", "3330")))


def test_changing_the_selection_updates_the_link():
    at = meeting(region="hallingdal", goals=GOALS, step="3")
    at.multiselect(key="url_goals").set_value(["attr-yrkesaktiv-alder"]).run()
    assert at.query_params["goals"] == "attr-yrkesaktiv-alder"
    assert at.query_params["step"] == "1"  # the slide number follows the shorter list
    at.selectbox(key="meeting_region").set_value("3324").run()
    assert at.query_params["region"] == "3324"
    assert at.session_state["url_region"] == "3324"  # the same state the sidebar picker uses
    assert "Møtemodus · Gol" in markdown(at)


def test_default_meeting_is_every_goal_with_numbers_and_one_slide_for_those_without():
    at = meeting()
    chosen = at.query_params["goals"].split(",")
    measured = [g.id for g in load_plan().goals if g.measured]
    assert "naer-arbeidsplassar" in chosen and "klima-utslepp-25" not in chosen  # emissions: never imported
    assert set(chosen) <= {g.id for g in load_plan().goals if g.kind == "indicator"}
    assert set(measured) - set(chosen)  # goals without numbers are left out …
    assert at.query_params["step"] == "1"
    total = len(chosen) + 1
    at.session_state["url_step"] = total
    at.run()
    text = markdown(at)
    assert "mål manglar tal:" in text  # … and named on one slide
    assert "Dei kan takast med" in text


def test_empty_selection_says_what_to_do():
    at = meeting(goals="")
    assert "Ingen mål eller diagram er valde for møtet." in markdown(at)
    assert at.button(key="meeting_next").disabled


@pytest.mark.parametrize(
    ("params", "notice_about"),
    [
        ({"goals": "finst-ikkje,<img src=x onerror=alert(1)>"}, "goals"),
        ({"step": "-1"}, "step"),
        ({"step": "1e9"}, "step"),
        ({"charts": "x" * 2000}, "charts"),
        ({"region": "0618"}, "region"),
    ],
)
def test_hostile_links_fall_back_with_a_notice(params, notice_about):
    at = meeting(**params)
    notices = [n.value for n in at.info]
    assert any(f"«{notice_about}»" in n for n in notices), notices
    assert all("<img" not in n for n in notices)
    assert at.query_params["step"] == "1"


def styles(at: AppTest) -> str:
    return "".join(h.proto.body for h in at.get("html"))


def test_sidebar_and_toolbar_are_hidden_while_presenting(shared_meeting):
    at = shared_meeting(goals="attr-yrkesaktiv-alder", present="1")
    assert 'section[data-testid="stSidebar"]' in styles(at)
    assert 'header[data-testid="stHeader"]' in styles(at)
    assert "display: none" in styles(at)
    assert at.button(key="meeting_present_off").label == "Avslutt presentasjon"
    assert at.button(key="meeting_present_off").proto.shortcut == "escape"


def test_presentation_starts_and_ends_with_a_button_and_the_url_keeps_it():
    at = meeting(goals="attr-yrkesaktiv-alder")
    assert 'section[data-testid="stSidebar"]' not in styles(at)
    assert "present" not in at.query_params
    at.button(key="meeting_present_on").click().run()
    assert at.query_params["present"] == "1"
    assert 'section[data-testid="stSidebar"]' in styles(at)
    at.button(key="meeting_present_off").click().run()
    assert "present" not in at.query_params
    assert 'section[data-testid="stSidebar"]' not in styles(at)


def test_a_slide_is_as_tall_as_the_window_and_its_text_scales_with_it(shared_meeting):
    """The layout that makes a slide fit any projector (measured in tests/test_browser_meeting.py)."""
    at = shared_meeting(goals="attr-yrkesaktiv-alder", present="1")
    css = styles(at)
    assert "height: 100dvh" in css
    assert "var(--u)" in css.split(".meeting-headline")[1].split("}")[0]


def test_the_source_line_is_text_under_the_chart_not_in_it():
    at = meeting(region="hallingdal", goals="attr-yrkesaktiv-alder", step="1")
    sources = [m.value for m in at.markdown if 'class="meeting-source"' in m.value]
    assert len(sources) == 1
    assert "Kjelde: Statistisk sentralbyrå" in sources[0]
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert all("Kjelde" not in a.get("text", "") for a in figure["layout"].get("annotations", []))


def test_the_page_is_registered_in_the_dashboard():
    from ui.navigation import PAGE_TABLE

    assert "pages/motemodus.py" in [page.file for page in PAGE_TABLE]


def test_through_the_dashboard_the_sidebar_region_is_the_meeting_region():
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params.update({"region": "3328", "goals": "attr-yrkesaktiv-alder", "step": "1"})
    at.run()
    at.switch_page("pages/motemodus.py")
    at.run()
    assert not at.exception
    assert at.selectbox(key="meeting_region").value == "3328"
    assert "Møtemodus · Ål" in markdown(at)


def _language_links(block) -> str:
    return "".join(h.proto.body for h in block.get("html") if "data-app-language" in h.proto.body)


def test_the_meetings_sidebar_has_the_menu_only_and_the_choices_come_back():
    """Meeting mode draws no region picker, language links or sources line in its sidebar (ui/navigation.py): the
    region and the language are chosen under «Vel innhald for møtet», and the other pages get them back unchanged."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params.update({"region": "3324", "lang": "nb"})
    at.switch_page("pages/folketal.py")  # opened there (Oversikt's filters would be sent back with Bokmål labels)
    at.run()
    assert [box.key for box in at.sidebar.selectbox] == ["url_region"]
    sidebar = _language_links(at.sidebar)
    assert 'data-app-language="en"' in sidebar and 'class="app-sources"' in sidebar  # links and sources: one element
    at.switch_page("pages/motemodus.py")
    at.run()
    assert not at.exception
    assert not at.sidebar.selectbox and not _language_links(at.sidebar) and not at.sidebar.caption
    assert at.selectbox(key="meeting_region").value == "3324"
    links = _language_links(at.main)  # in the meeting's content menu: Bokmål current, the others links
    assert '<strong aria-current="true" lang="nb">Bokmål</strong>' in links and 'data-app-language="en"' in links
    assert at.query_params["region"] == "3324" and at.query_params["lang"] == "nb"  # a copied link opens this view
    assert "Møtemodus · Gol" in markdown(at)
    at.query_params["lang"] = "en"  # what the English link does: the address changes, the page reruns
    at.run()
    assert "Meeting mode · Gol" in markdown(at)
    at.switch_page("pages/folketal.py")
    at.query_params.clear()  # the menu opens a page without the old page's parameters: the session keeps them
    at.run()
    assert not at.exception
    assert at.sidebar.selectbox(key="url_region").value == "3324"
    assert '<strong aria-current="true" lang="en">English</strong>' in _language_links(at.sidebar)
    assert at.query_params["lang"] == "en" and at.title[0].value == "Population – Gol"


# --- one unit per chart slide ---------------------------------------------------------------------------------


def numbers(array: dict | list) -> list[float]:
    """Plotly sends numeric arrays as base64 with their dtype; lists stay lists."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def chart_spec(at: AppTest) -> dict:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def test_employment_slide_shows_the_rate_in_per_cent_only():
    at = meeting(region="hallingdal", goals="", charts="employed_by_residence", step="1")
    spec = chart_spec(at)
    frame = jobs.employed_by_residence()
    rate = frame[frame["measure"] == jobs.EMPLOYMENT_RATE]
    for trace in spec["data"]:  # every line is a rate, none is persons
        own = rate[rate["region_name"] == trace["name"]].sort_values("period")
        assert numbers(trace["y"]) == pytest.approx(own["value"].tolist()), trace["name"]
    assert "Hallingdal" in [trace["name"] for trace in spec["data"]]
    assert spec["layout"]["yaxis"]["title"]["text"] == "Prosent"
    hallingdal = rate[rate["region_code"] == "hallingdal"].sort_values("period")
    latest = format_number(float(hallingdal["value"].iloc[-1]), 1).replace(NBSP, " ")
    assert f"Hallingdal: {latest} % av innbyggjarane 15–74 år er sysselsette i {hallingdal['period'].iloc[-1]}" in (
        headline(at)
    )
    assert "prosent" not in headline(at)
    assert "Sysselsetjingsdel" in at.multiselect(key="url_charts").format_func("employed_by_residence")


def test_jobs_by_workplace_slide_shows_jobs_per_100_residents_only():
    """Its persons are jobs_total's numbers (a slide of their own); this slide is the other measure."""
    at = meeting(region="3326", goals="", charts="jobs_by_workplace", step="1")
    spec = chart_spec(at)
    frame = jobs.jobs_by_workplace()
    per_100 = frame[frame["measure"] == jobs.JOBS_PER_100]
    for trace in spec["data"]:
        own = per_100[per_100["region_name"] == trace["name"]].sort_values("period")
        assert numbers(trace["y"]) == pytest.approx(own["value"].tolist()), trace["name"]
    assert spec["layout"]["yaxis"]["title"]["text"] == "Per 100 innbyggjarar"
    hemsedal = per_100[per_100["region_code"] == "3326"].sort_values("period")
    latest = format_number(float(hemsedal["value"].iloc[-1]), 1).replace(NBSP, " ")
    assert headline(at).startswith(f"Hemsedal: {latest} arbeidsplassar per 100 innbyggjarar 15–74 år")
    label = at.multiselect(key="url_charts").format_func("jobs_by_workplace")
    assert label == jobs_words.MEASURE_LABELS[jobs.JOBS_PER_100]


def test_jobs_slide_says_how_far_jobs_moved():
    at = meeting(region="3326", goals="", charts="jobs_total", step="1")
    result = evaluate_goal(load_plan().measured_by(jobs.JOBS_INDICATOR), "3326")
    built = jobs_charts.jobs_trend(*handed("jobs_total", "3326"), **jobs_charts.goal_arguments(result))
    assert headline(at) == message_of(built)
    assert "sidan 2021" in headline(at)  # the page's message: the change since the goal's baseline year
    assert len(chart_spec(at)["data"]) == 1


def test_an_indicator_mixing_units_gets_no_chart(monkeypatch):
    """Any other frame with several measures is not drawn on one axis."""
    def mixed(region=None, cache_directory=None):
        rows = [("hallingdal", "Hallingdal", measure, 2022, value, "") for measure, value in (("a", 5.0), ("b", 50.0))]
        return pd.DataFrame(rows, columns=["region_code", "region_name", "measure", "period", "value", "status"])

    spec = IndicatorSpec(id="test_mixed_units", title="Blanda", unit="personar / prosent", datasets=(), compute=mixed)
    monkeypatch.setitem(registry.all_indicators(), spec.id, spec)
    at = meeting(region="hallingdal", goals="", charts=spec.id, step="1")
    assert len(at.get("plotly_chart")) == 0
    assert "fleire måleeiningar" in markdown(at)



def test_an_indicator_without_a_chart_builder_gets_a_message_from_its_numbers(monkeypatch):
    def share(region=None, cache_directory=None):
        rows = [("hallingdal", "Hallingdal", year, value, "") for year, value in ((2021, 70.0), (2022, 71.2),
                                                                              (2023, 72.46))]
        return pd.DataFrame(rows, columns=["region_code", "region_name", "period", "value", "status"])

    spec = IndicatorSpec(id="test_share", title="Testdel", unit="prosent", datasets=(), compute=share)
    monkeypatch.setitem(registry.all_indicators(), spec.id, spec)
    at = meeting(region="hallingdal", goals="", charts=spec.id, step="1")
    assert headline(at) == "Testdel, Hallingdal: 72,5 % (2023), opp frå 70,0 % i 2021"
    assert numbers(chart_spec(at)["data"][0]["y"]) == pytest.approx([70.0, 71.2, 72.46])

# --- charts without numbers, reasons with commands -------------------------------------------------------------

# A command, a file name or a path (the temporary folder too: `make test-fast` keeps it in /dev/shm).
FORBIDDEN_ON_A_SLIDE = ("`", "python -m", "data_cache", "Køyr", "/tmp", "/work", tempfile.gettempdir())


def test_only_charts_with_numbers_are_offered(tiny_cache):
    """A cache with population figures only: the menu offers the population charts that can be drawn."""
    at = meeting(region="hallingdal", goals="", step="1")
    offered = at.multiselect(key="url_charts").options
    labels = at.multiselect(key="url_charts").format_func
    assert offered == [labels(c) for c in ("population_total", "working_age_population", "population_by_age_group")]


@pytest.mark.parametrize("chart", ["jobs_by_industry", "emissions_total", "population_projection"])
def test_a_linked_chart_without_numbers_says_so_plainly(tiny_cache, chart):
    at = meeting(region="hallingdal", goals="", charts=f"population_total,{chart}", step="2")
    assert at.query_params["charts"] == f"population_total,{chart}"  # the link is kept, not rewritten
    assert at.multiselect(key="url_charts").value == ["population_total", chart]  # listed, so it can be removed
    assert headline(at) == "Det finst ingen tal for dette diagrammet enno."
    assert len(at.get("plotly_chart")) == 0
    text = markdown(at)
    assert not [word for word in FORBIDDEN_ON_A_SLIDE if word in text], text
    assert str(tiny_cache) not in text
    at.multiselect(key="url_charts").unselect(chart).run()
    assert at.query_params["charts"] == "population_total"
    assert labels_offered(at) == labels_offered(meeting(region="hallingdal", goals="", step="1"))


def labels_offered(at: AppTest) -> list[str]:
    return list(at.multiselect(key="url_charts").options)


@pytest.mark.parametrize(
    ("reason", "shown"),
    [
        ("Ingen tal er lasta inn. Køyr `python -m indicators refresh population` på ei maskin med nett.",
         "Ingen tal er lasta inn."),
        ("Datasettet «population» finst ikkje i /work/main/data_cache. Køyr `python -m indicators refresh`.",
         ""),  # a sentence naming a server path is left out
        ("Tala manglar (eller med `python -m indicators import-emissions FIL`). Sjå sida «Klima».",
         "Tala manglar."),
    ],
)
def test_a_goal_slide_shows_no_command_or_path(monkeypatch, reason, shown):
    """Whatever a goal's reason says, the slide keeps its plain first sentence and never a command or a path."""
    real = headlines.headline

    def with_reason(result):
        return headlines.Headline(real(result).sentence, reason)

    monkeypatch.setattr(headlines, "headline", with_reason)
    at = meeting(region="hallingdal", goals="attr-yrkesaktiv-alder", step="1")
    text = markdown(at)
    if shown:
        assert f'class="meeting-detail">{shown}</div>' in text
    else:
        assert "meeting-detail" not in text
    assert not [word for word in FORBIDDEN_ON_A_SLIDE if word in text], text


@pytest.fixture
def imported_cache(tmp_path_factory, monkeypatch):
    """Population and employment from the snapshot, synthetic jobs by industry (2021, 2022: +20 in tourism in
    each municipality) and synthetic emissions imported from an all-municipalities workbook."""
    members = active_region().members

    def write(store: Path) -> None:
        for name in ("population", "employment"):
            shutil.copytree(ROOT / "data_cache" / name, store / name)
        rows = [
            (m.code, m.name, "55-56", "Overnatting og servering", period, float(value + index), "")
            for index, m in enumerate(members) for period, value in ((2021, 100), (2022, 120))
        ]
        frame = pd.DataFrame(rows, columns=["region_code", "region_name", "industry", "industry_name", "period",
                                            "value", "status"])
        write_dataset(Dataset(frame, Provenance(dataset="jobs_by_industry", title="t", source="Test",
                                                table_id="13470")), store)
        workbook_rows = [
            r for i, m in enumerate(members) for r in rows_for(m.code, m.name, synthetic_rows(scale=i + 1))
        ]
        workbook = write_format_b(tmp_path_factory.mktemp("workbook") / "alle_kommunar.xlsx", workbook_rows)
        miljodirektoratet.import_emissions(workbook, store)

    # written once per test process (tests/written_once.py); the tests only read it, so they share the folder
    store = written_once.read_only(("meeting-imported-cache", tuple((m.code, m.name) for m in members)), write)
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(store))
    return store


def handed(indicator_id: str, region: str, **params: str) -> tuple[str, pd.DataFrame, list]:
    """What meeting mode hands a builder that takes its frame: the region, the frame and its sources."""
    spec = registry.get_indicator(indicator_id)
    return region, spec.compute(region=region, **params), manifests(spec.datasets)


@pytest.mark.parametrize(
    ("chart", "builder"),
    [
        ("jobs_by_industry",
         lambda region: jobs_charts.industry_change(*handed("jobs_by_industry", region), 2021, 2022)),
        ("emissions_total", lambda region: emissions_charts.goal_chart(
            *handed("emissions_total", region), load_plan().measured_by("emissions_total"))),
        ("emissions_by_sector", lambda region: emissions_charts.sector_chart(*handed("emissions_by_sector", region))),
        ("emissions_by_influence",
         lambda region: emissions_charts.influence_chart(*handed("emissions_by_influence", region))),
    ],
)
def test_charts_appear_once_their_numbers_are_there(imported_cache, shared_meeting, chart, builder):
    at = shared_meeting(region="3324", goals="", step="1")
    menu = at.multiselect(key="url_charts")
    assert menu.format_func(chart) in menu.options
    at = meeting(region="3324", goals="", charts=chart, step="1")
    assert headline(at) == message_of(builder("3324"))
    assert len(at.get("plotly_chart")) == 1


# --- the page's logic, without Streamlit ------------------------------------------------------------------------


def test_change_span_starts_at_the_goals_baseline_when_the_data_have_it():
    from indicators.goals import Goal
    from indicators.present.meeting import change_span

    goal = Goal(id="g", area="a", title="t", kind="indicator", indicator="jobs_total", baseline_period=2021,
                target_period=2025, direction="increase")
    assert change_span([2019, 2020, 2021, 2022], goal) == (2021, 2022)
    assert change_span([2022, 2023], goal) == (2022, 2023)  # the data start later: their first year
    assert change_span([2022], goal) is None  # one year: no change to show


def test_plain_text_keeps_the_sentences_before_a_command():
    from indicators.present.meeting import plain_text

    assert plain_text("Ingen tal. Køyr `python -m indicators refresh`.") == "Ingen tal."
    assert plain_text("Utan kommando.") == "Utan kommando."


def test_chart_slides_are_the_pages_builders_for_registered_indicators():
    from indicators.present.meeting import CHART_SLIDES, chart_catalogue

    catalogue = chart_catalogue(registry.all_indicators())
    assert set(CHART_SLIDES) <= set(catalogue)
