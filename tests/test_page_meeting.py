"""Møtemodus: one goal or chart per screen, stepped with next/previous, with the whole meeting in the URL.

Runs the page on the committed data_cache snapshot (real published figures), on its own and, once the lead
has registered it, through dashboard.py.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from indicators import jobs, registry
from indicators.formatting import format_number
from indicators.goals import load_plan
from indicators.registry import IndicatorSpec

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "pages" / "meeting.py"
GOALS = "attr-yrkesaktiv-alder,naer-nyetablerte,attr-flytting"
NBSP = "\u00a0"


def meeting(**params: str) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    at.query_params.update(params)
    at.run()
    assert not at.exception, at.exception
    return at


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown).replace(NBSP, " ")


def test_opens_the_linked_slide_with_headline_status_and_chart():
    at = meeting(region="hallingdal", goals=GOALS, step="1")
    text = markdown(at)
    assert "1 av 3" in text
    assert "Folketalet i yrkesaktiv alder (20–64 år) har auka" in text and "målet var 1 %" in text
    assert "Nådd" in text or "På rett veg" in text or "Treng auka tempo" in text  # whatever the data say
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


def test_keyboard_and_remote_keys_are_bound():
    at = meeting(region="hallingdal", goals=GOALS, step="2")
    shortcuts = {b.key: b.proto.shortcut for b in at.button}
    assert shortcuts["meeting_next"] == "right" and shortcuts["meeting_prev"] == "left"
    assert shortcuts["meeting_next_page"] == "pagedown" and shortcuts["meeting_prev_page"] == "pageup"
    at.button(key="meeting_next_page").click().run()
    assert at.query_params["step"] == "3"


def test_qualitative_and_unmeasured_goals_have_no_invented_chart():
    at = meeting(region="hallingdal", goals=GOALS, step="2")
    assert len(at.get("plotly_chart")) == 0
    assert "Planen: «Betre oppfølging av nyetablerte bedrifter" in markdown(at)
    at = meeting(region="hallingdal", goals=GOALS, step="3")
    assert len(at.get("plotly_chart")) == 0
    assert "dashbordet måler ikkje dette enno" in markdown(at)


def test_chart_slides_follow_the_goals():
    at = meeting(region="3320", goals="attr-yrkesaktiv-alder", charts="population_by_age_group", step="2")
    text = markdown(at)
    assert "2 av 2" in text and "Folketal etter aldersgruppe – Flå" in text
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [trace["name"] for trace in spec["data"]] == ["0–19 år", "20–64 år", "65 år og eldre"]
    notes = " ".join(a["text"] for a in spec["layout"]["annotations"])
    assert "Kjelde: Statistisk sentralbyrå, tabell 07459" in notes and "Siste tal: 1. januar" in notes


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
    assert "Folketal, Hol:" in markdown(at)


def test_changing_the_selection_updates_the_link():
    at = meeting(region="hallingdal", goals=GOALS, step="3")
    at.multiselect(key="url_goals").set_value(["attr-yrkesaktiv-alder"]).run()
    assert at.query_params["goals"] == "attr-yrkesaktiv-alder"
    assert at.query_params["step"] == "1"  # the slide number follows the shorter list
    at.selectbox(key="meeting_region").set_value("3324").run()
    assert at.query_params["region"] == "3324"
    assert at.session_state["url_region"] == "3324"  # the same state the sidebar picker uses
    assert "Møtemodus · Gol" in markdown(at)


def test_default_meeting_is_every_measured_goal():
    at = meeting()
    measured = [g.id for g in load_plan().goals if g.measured]
    assert at.query_params["goals"] == ",".join(measured)
    assert at.query_params["step"] == "1"


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


def test_sidebar_and_toolbar_are_hidden_for_the_projector():
    at = meeting(goals="attr-yrkesaktiv-alder")
    styles = "".join(h.proto.body for h in at.get("html"))
    assert 'section[data-testid="stSidebar"]' in styles and "display: none" in styles


@pytest.mark.skipif('"pages/meeting.py"' not in (ROOT / "dashboard.py").read_text(encoding="utf-8"),
                    reason="the lead has not registered the page in dashboard.py yet")
def test_through_the_dashboard_the_sidebar_region_is_the_meeting_region():
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params.update({"region": "3328", "goals": "attr-yrkesaktiv-alder", "step": "1"})
    at.run()
    at.switch_page("pages/meeting.py")
    at.run()
    assert not at.exception
    assert at.selectbox(key="meeting_region").value == "3328"
    assert "Møtemodus · Ål" in markdown(at)


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
    rate = jobs.employed_by_residence("hallingdal")
    rate = rate[rate["measure"] == jobs.EMPLOYMENT_RATE].sort_values("period")
    assert len(spec["data"]) == 1  # one line, not persons and per cent on one axis
    assert numbers(spec["data"][0]["y"]) == pytest.approx(rate["value"].tolist())
    assert spec["layout"]["yaxis"]["title"]["text"] == "Prosent"
    latest = format_number(float(rate["value"].iloc[-1]), 1).replace(NBSP, " ")
    assert f"Hallingdal: {latest} prosent (4. kvartal {int(rate['period'].iloc[-1])})" in markdown(at)
    assert "Sysselsetjingsdel" in at.multiselect(key="url_charts").format_func("employed_by_residence")


def test_jobs_by_workplace_slide_shows_persons_only():
    at = meeting(region="3326", goals="", charts="jobs_by_workplace", step="1")
    spec = chart_spec(at)
    persons = jobs.jobs_total("3326").sort_values("period")
    assert len(spec["data"]) == 1
    assert numbers(spec["data"][0]["y"]) == pytest.approx(persons["value"].tolist())
    assert spec["layout"]["yaxis"]["title"]["text"] == "Arbeidsplassar"
    assert "Hemsedal: 1 291 arbeidsplassar (4. kvartal 2022)" in markdown(at)


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
