"""Møtemodus on the projectors of council meeting rooms (issue 14): every slide fits the window at 1024×768,
1280×720, 1280×800, 1920×1080 and 3840×2160 — headline, status, chart with axes and legend, source line — and
the page does not scroll; a presenter's clicker (→ ← PageDown PageUp) moves the slides and the URL follows.

One app server and one browser for the module; the test walks the meeting once with the keys and measures every
slide at every size (the window resized on the slide).
Screenshots at 1280×720 and 1920×1080 go to artifacts/screenshots/meeting/ for a person to look at.
Skipped where /usr/bin/chromium is missing, except in CI (CI=true).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.app_server import require_chromium, reused_tab, start_app, wait_until_rendered

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots" / "meeting"
SIZES = [(1024, 768), (1280, 720), (1280, 800), (1920, 1080), (3840, 2160)]
SCREENSHOT_SIZES = {(1280, 720), (1920, 1080)}
EDITOR = "sekretariat"

pytestmark = pytest.mark.browser

# Where everything on a slide is (viewport coordinates), and whether the app's scroll container scrolls.
MEASURE = """() => {
  const box = (element) => {
    if (!element) return null;
    const r = element.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height};
  };
  const main = document.querySelector('[data-testid="stMain"]');
  const chart = document.querySelector('.st-key-meeting_chart [data-testid="stPlotlyChart"]');
  const inChart = (selector) => chart ? [...chart.querySelectorAll(selector)].map(box) : [];
  return {
    width: innerWidth, height: innerHeight,
    page: [document.scrollingElement.scrollHeight, document.scrollingElement.scrollWidth],
    main: [main.scrollHeight, main.clientHeight, main.scrollWidth, main.clientWidth],
    headline: box(document.querySelector('.meeting-headline')),
    badge: box(document.querySelector('.meeting-badge')),
    top: box(document.querySelector('.meeting-top')),
    exit: box(document.querySelector('.st-key-meeting_present_off button')),
    chart: box(chart),
    plot: box(chart && chart.querySelector('.main-svg')),
    ticks: inChart('.xtick text, .ytick text'),
    legend: inChart('.legend'),
    axisTitles: inChart('.g-xtitle text, .g-ytitle text'),
    source: box(document.querySelector('.meeting-source')),
    text: box(document.querySelector('.st-key-meeting_slide')),
  };
}"""


PART_ACTIONS = (1, 2, 5, 7, 8, 12)  # actions the plan gives to the municipalities


def _seed_database(path: Path) -> str:
    """A follow-up database with a meeting a month ago and status changes since, so the meeting can open with
    "Kva er endra sidan sist"."""
    from indicators.followup import accounts, db, service
    from indicators.goals import load_plan
    from indicators.plan_actions import with_programme
    from indicators.regions import active_region

    url = f"sqlite:///{path}"
    engine = db.make_engine(url)
    db.upgrade(engine)
    plan = with_programme(load_plan(active_region().plan_file("goals.toml")))
    qualitative = [g for g in plan.goals if g.kind == "qualitative"]
    with db.session_scope(engine) as session:
        accounts.add_user(session, EDITOR, "editor", "rett-hest-batteri-stift")
        service.record_meeting(session, dt.date.today() - dt.timedelta(days=30), "Regionrådsmøte", user=EDITOR)
        for goal, status in zip(qualitative[:3], ("in_progress", "achieved", "not_started"), strict=False):
            service.record_status(session, goal.id, status, note="Drøfta i arbeidsutvalet.", by_body="RR",
                                  user=EDITOR, plan=plan)
        # municipal parts of actions changed since the meeting: the slide «Kommunane sine delar» (issue 22), with
        # more actions than it shows («… og 2 tiltak til»)
        codes = active_region().member_codes
        for number, code in zip(PART_ACTIONS, codes * 2, strict=False):
            service.record_status(session, str(number), "in_progress", user=EDITOR, municipality=code, plan=plan,
                                  region=active_region())
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    require_chromium()
    database = _seed_database(tmp_path_factory.mktemp("followup") / "followup.sqlite3")
    server = start_app({**os.environ, "DATABASE_URL": database})
    yield server.url
    server.stop()


@pytest.fixture(scope="module")
def page(app_url, browser):
    """One browser tab for the module, opened once on the start page (Streamlit answers the very first deep
    link after start-up with a spurious "Page not found", see tests/test_browser.py)."""
    tab = reused_tab(browser, 1280, 720)
    tab.goto(app_url, wait_until="domcontentloaded")
    wait_until_rendered(tab)
    return tab


def meeting_link() -> tuple[str, int]:
    """The whole meeting: what changed since the last meeting, the municipalities' parts, every goal (measured,
    qualitative and not measured: each kind of slide) and every chart slide; and how many slides that is."""
    from indicators.goals import load_plan
    from indicators.plan_actions import with_programme
    from indicators.present.meeting import CHART_SLIDES
    from indicators.regions import active_region

    region = active_region()
    plan = with_programme(load_plan(region.plan_file("goals.toml")))
    measured = [g.id for g in plan.goals if g.measured]
    qualitative = next(g.id for g in plan.goals if g.kind == "qualitative")
    unmeasured = next(g.id for g in plan.goals if not g.measured and g.kind != "qualitative")
    goals = [*measured, qualitative, unmeasured]
    charts = list(CHART_SLIDES)
    query = (f"region={region.id}&goals={','.join(goals)}&charts={','.join(charts)}&changes=1&present=1&step=1")
    # the nine status changes take two slides, the municipalities' parts one
    return query, 3 + len(goals) + len(charts)


def step_in_url(page) -> int:
    return int(parse_qs(urlparse(page.url).query)["step"][0])


def wait_for_slide(page, step: int, total: int, settle: bool = True) -> None:
    page.wait_for_function(
        "(position) => [...document.querySelectorAll('.meeting-top')].some(e => e.textContent.includes(position))",
        arg=f"{step} av {total}", timeout=60_000,
    )
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    # the run that wrote the slide's position has finished: every element of the slide is there (none stale)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', state="attached",
                           timeout=60_000)
    # a chart is drawn after the text, then resized to its box
    if page.locator(".st-key-meeting_chart").count():
        page.wait_for_selector(".st-key-meeting_chart .main-svg", timeout=30_000)
    if settle:
        settled(page)


def inside(box: dict, width: int, height: int) -> bool:
    return box["top"] >= -1 and box["left"] >= -1 and box["bottom"] <= height + 1 and box["right"] <= width + 1


def check_fits(measured: dict, where: str) -> None:
    width, height = measured["width"], measured["height"]
    scroll_height, client_height, scroll_width, client_width = measured["main"]
    assert scroll_height <= client_height + 1, f"{where}: the slide scrolls ({scroll_height} > {client_height})"
    assert scroll_width <= client_width + 1, f"{where}: the slide scrolls sideways"
    assert measured["page"][0] <= height + 1, where
    assert measured["page"][1] <= width + 1, where
    for name in ("headline", "top", "exit"):
        assert measured[name] is not None, f"{where}: no {name}"
        assert inside(measured[name], width, height), f"{where}: {name} {measured[name]}"
    if measured["badge"] is not None:
        assert inside(measured["badge"], width, height), f"{where}: status {measured['badge']}"
    if measured["chart"] is None:
        return
    assert inside(measured["chart"], width, height), f"{where}: chart {measured['chart']}"
    assert measured["chart"]["height"] >= 0.35 * height, f"{where}: the chart is squeezed {measured['chart']}"
    for name in ("ticks", "legend", "axisTitles"):
        for box in measured[name]:
            if box["height"] > 0:
                assert inside(box, width, height), f"{where}: {name} {box}"
    assert measured["ticks"], f"{where}: a chart without axes"
    assert measured["source"] is not None, f"{where}: a chart without its source line"
    assert inside(measured["source"], width, height), f"{where}: source line {measured['source']}"
    assert measured["source"]["top"] >= measured["chart"]["bottom"] - 1, f"{where}: source over the chart"


def _record_fit(fit: dict[str, dict[str, float]], size: str, measured: dict) -> None:
    """The lowest bottom edge of chart and source line over the slides, the smallest chart and the most the
    scroll container ever held, in pixels."""
    row = fit.setdefault(size, {"max_scroll_height": 0, "max_chart_bottom": 0, "max_source_bottom": 0,
                                "min_chart_height": float(measured["height"])})
    row["max_scroll_height"] = max(row["max_scroll_height"], measured["main"][0])
    if measured["chart"] is not None:
        row["max_chart_bottom"] = max(row["max_chart_bottom"], round(measured["chart"]["bottom"], 1))
        row["min_chart_height"] = min(row["min_chart_height"], round(measured["chart"]["height"], 1))
        row["max_source_bottom"] = max(row["max_source_bottom"], round(measured["source"]["bottom"], 1))


# True once plotly has drawn the slide's chart at the size of its box: the box follows a new window size at once
# (CSS), plotly redraws the chart to it a moment later (50–400 ms). Then the slide holds still.
CHART_FITS_ITS_BOX = """() => {
  const box = document.querySelector('.st-key-meeting_chart [data-testid="stPlotlyChart"]');
  if (!box) return true;
  const svg = box.querySelector('.main-svg');
  if (!svg) return false;
  const a = box.getBoundingClientRect(), b = svg.getBoundingClientRect();
  return Math.abs(a.width - b.width) <= 1 && Math.abs(a.height - b.height) <= 1;
}"""


def settled(page) -> dict:
    """The slide's measurements at the window's size once plotly has redrawn the chart to its box and nothing has
    moved for three animation frames."""
    size = page.viewport_size
    page.evaluate("() => { window.__meetingMeasured = null; }")
    page.wait_for_function(
        f"""([width, height]) => {{
          if (innerWidth !== width || innerHeight !== height || !({CHART_FITS_ITS_BOX})()) {{
            window.__meetingMeasured = null;
            return false;
          }}
          const now = JSON.stringify(({MEASURE})());
          const last = window.__meetingMeasured;
          if (!last || last.json !== now) {{
            window.__meetingMeasured = {{json: now, frames: 0}};
            return false;
          }}
          return ++last.frames >= 3;
        }}""",
        arg=[size["width"], size["height"]], timeout=30_000, polling="raf",
    )
    return page.evaluate(MEASURE)


def test_every_slide_fits_every_projector_and_the_clicker_moves_the_slides(app_url, page):
    """The meeting is walked once with the keys; on every slide the window takes each projector size in turn (the
    slide is CSS on the window's size: no rerun needed, so a size costs a redraw, not a new run of the page)."""
    query, total = meeting_link()
    SHOTS.mkdir(parents=True, exist_ok=True)
    keys = ["ArrowRight", "PageDown"]  # the arrow keys and a presenter remote's keys, in turn
    charts_seen: dict[tuple[int, int], int] = {size: 0 for size in SIZES}
    fit: dict[str, dict[str, float]] = {}  # per size, the tightest slide: for the issue and the next change
    page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
    page.goto(f"{app_url}/motemodus?{query}", wait_until="domcontentloaded")
    wait_until_rendered(page)
    for step in range(1, total + 1):
        wait_for_slide(page, step, total, settle=False)  # settled below at each size
        assert step_in_url(page) == step
        assert page.locator('[data-testid="stException"]').count() == 0
        # the sizes up on one slide and down on the next: a new slide is drawn at the size the last one ended on,
        # its first size (one resize and redraw a slide fewer)
        for width, height in SIZES if step % 2 else SIZES[::-1]:
            page.set_viewport_size({"width": width, "height": height})
            measured = settled(page)
            assert (measured["width"], measured["height"]) == (width, height)
            if step == 1:
                assert page.locator('[data-testid="stSidebar"]').is_hidden()
                assert page.locator('[data-testid="stHeader"]').is_hidden()
            check_fits(measured, f"{width}×{height}, slide {step}")
            charts_seen[(width, height)] += measured["chart"] is not None
            _record_fit(fit, f"{width}x{height}", measured)
            if (width, height) in SCREENSHOT_SIZES:
                page.screenshot(path=str(SHOTS / f"{width}x{height}-{step:02d}.png"))
        if step < total:
            page.keyboard.press(keys[step % 2])
    (SHOTS / "fit.json").write_text(json.dumps(fit, indent=1), encoding="utf-8")
    # the same slides have charts at every size, and most slides have one
    assert len(set(charts_seen.values())) == 1, charts_seen
    assert next(iter(charts_seen.values())) >= total // 2, charts_seen
    # and back with ← and PageUp
    page.keyboard.press("ArrowLeft")
    wait_for_slide(page, total - 1, total)
    assert step_in_url(page) == total - 1
    page.keyboard.press("PageUp")
    wait_for_slide(page, total - 2, total)
    assert step_in_url(page) == total - 2


def test_the_first_slide_is_what_changed_since_the_last_meeting(app_url, page):
    query, total = meeting_link()
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/motemodus?{query}", wait_until="domcontentloaded")
    wait_for_slide(page, 1, total)
    assert page.locator(".meeting-headline").inner_text() == "Kva er endra sidan sist"
    lines = page.locator(".meeting-changes li")
    assert lines.count() >= 3
    assert "→" in lines.last.inner_text()  # the newest last: the status changes entered above
    check_fits(settled(page), "changes slide")


def test_after_the_changes_come_the_municipalities_parts_of_the_changed_actions(app_url, page):
    query, total = meeting_link()
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/motemodus?{query.replace('step=1', 'step=3')}", wait_until="domcontentloaded")
    wait_for_slide(page, 3, total)
    assert page.locator(".meeting-headline").inner_text() == "Kommunane sine delar"
    assert page.locator(".meeting-parts tbody tr").count() == 4  # of six: the rest are counted, not cut silently
    assert "og 2 tiltak til" in page.locator(".meeting-parts").inner_text()
    first = page.locator(".meeting-parts tbody tr").first.inner_text()
    assert "► I gang" in first and "Ikkje vurdert" in first and "1 av 6 kommunar i gang" in first
    check_fits(settled(page), "municipal parts slide")
    # every line of the slide is at the council's reading size: 20 px or more at 1280×720, the intro and the count too
    sizes = page.locator(".meeting-explanation, .meeting-parts td, .meeting-parts th").evaluate_all(
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert len(sizes) > 4 and min(sizes) >= 20, sizes


def test_escape_and_the_button_end_the_presentation(app_url, page):
    query, total = meeting_link()
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/motemodus?{query.replace('step=1', 'step=2')}", wait_until="domcontentloaded")
    wait_for_slide(page, 2, total)
    page.keyboard.press("Escape")
    page.wait_for_selector(".st-key-meeting_present_on button", timeout=30_000)
    assert "present" not in parse_qs(urlparse(page.url).query)
    assert page.locator('[data-testid="stHeader"]').is_visible()
    assert step_in_url(page) == 2  # the same slide, now with the app around it
    page.locator(".st-key-meeting_present_on button").click()
    page.wait_for_selector(".st-key-meeting_present_off button", timeout=30_000)
    assert parse_qs(urlparse(page.url).query)["present"] == ["1"]
    page.locator(".st-key-meeting_present_off button").click()
    page.wait_for_selector(".st-key-meeting_present_on button", timeout=30_000)
    assert page.locator('[data-testid="stHeader"]').is_visible()
