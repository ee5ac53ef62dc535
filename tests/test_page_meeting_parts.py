"""Møtemodus «Kommunane sine delar» (issue 22): the actions with municipal parts changed since the last meeting,
the region's status (the secretariat's) first, then each municipality's part; left out when nothing changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from followup_fixtures import *  # noqa: F403
from followup_fixtures import PASSWORD, TODAY, active_plan
from streamlit.testing.v1 import AppTest

from indicators.followup import accounts, service
from indicators.regions import active_region

ROOT = Path(__file__).resolve().parent.parent
REGION = active_region()
GOL = "3324"


def run_meeting(**query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages/motemodus.py"), default_timeout=120)
    at.query_params.update({"region": REGION.id, "changes": "0", **query})
    at.run()
    assert not at.exception, at.exception
    return at


def parts_slides(at: AppTest) -> list[str]:
    return [element.proto.body for element in at.get("html") if 'class="meeting-parts"' in element.proto.body]


def test_the_slide_shows_the_changed_parts_beside_the_regions_status(session, editor, admin, engine) -> None:
    plan = active_plan()
    service.record_meeting(session, TODAY - dt.timedelta(days=10), "Regionrådsmøte", user=admin)
    accounts.add_user(session, "gol-ed", "editor", PASSWORD, municipality=GOL)
    service.record_status(session, "1", "completed", user="gol-ed", municipality=GOL, plan=plan, region=REGION)
    service.record_status(session, "1", "postponed", user=editor, plan=plan, region=REGION)
    at = run_meeting(step="1")
    assert at.checkbox(key="url_parts").value  # on by default: something changed
    assert at.query_params["parts"] == "1"
    (slide,) = parts_slides(at)
    assert "<style>" not in slide and "&lt;style&gt;" not in slide  # the CSS is applied, not shown as text
    row = slide.split("<tbody>")[1].split("</tr>")[0]
    assert row.index("‖ Utsett") < row.index("✔ Gjennomført")  # the region's status first, then Gol's part
    assert 'data-label="Gol">✔ Gjennomført' in slide
    assert "sekretariatet" in slide
    assert "1 av 6 kommunar gjennomført" in row  # the roll-up, beside (not instead of) the region's status
    assert any("Kommunane sine delar" in m.value for m in at.markdown if "meeting-headline" in m.value)


def test_no_slide_when_no_action_with_parts_changed(session, editor, admin, engine) -> None:
    service.record_meeting(session, TODAY - dt.timedelta(days=10), "Regionrådsmøte", user=admin)
    service.record_status(session, "3", "in_progress", user=editor, plan=active_plan(), region=REGION)  # RR alone
    at = run_meeting(step="1", parts="1")
    assert not [c for c in at.checkbox if c.key == "url_parts"]
    assert not parts_slides(at)
    assert all("Kommunane sine delar" not in m.value for m in at.markdown)


def test_no_slide_without_a_recorded_meeting(session, editor, engine) -> None:
    service.record_status(session, "1", "completed", user=editor, municipality=GOL, plan=active_plan(),
                          region=REGION)
    at = run_meeting(step="1", parts="1")
    assert not parts_slides(at)
