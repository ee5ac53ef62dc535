"""Start the real app and open every page in Debian's chromium with Playwright.

Skipped where /usr/bin/chromium is missing, except in CI (CI=true), where a missing browser is a failure.
Screenshots go to artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.app_server import assert_page_language, listen, reused_tab, wait_until_rendered, wait_until_still

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"

# WCAG 2.1 A and AA, the level the Norwegian regulation on universal design of ICT requires.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}

pytestmark = pytest.mark.browser


def page_paths() -> list[str]:
    """Every page of the app's page table, so a new page is covered without editing this test.
    The start page lives at the root URL."""
    from ui.navigation import PAGE_TABLE

    return ["" if index == 0 else entry.url_path for index, entry in enumerate(PAGE_TABLE)]


def test_the_first_deep_link_after_a_server_start_opens_without_a_dialog(make_run_app):
    """The shared server's very first sessions (checked as it started, before any other test used it): a deep
    link, then a visit to the start page's own path, each without Streamlit's "Page not found" dialog, with its
    heading and the app's region picker (tests/app_server.py first_session_problems)."""
    assert make_run_app.first_session_problems == ()


@pytest.mark.parametrize("path", page_paths())
def test_every_page_opens_without_error(app_url, browser, path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = reused_tab(browser, 1920, 1080)
    errors: list[str] = []
    requested: list[str] = []
    listen(page, "pageerror", lambda exc: errors.append(str(exc)))
    listen(page, "request", lambda request: requested.append(request.url))
    page.goto(f"{app_url}/{path}?region=3326", wait_until="domcontentloaded")
    wait_until_rendered(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
    assert len(body.strip()) > 50  # more than an empty frame
    assert "Traceback" not in body
    assert "nan" not in re.findall(r"\bnan\b", body)
    assert "Oppfølgingsdatabasen kan ikkje lesast" not in body  # the app as set up by make run
    assert page.get_by_text("Page not found").count() == 0
    page.screenshot(path=str(SHOTS / f"{path or 'start'}.png"), full_page=True)
    assert_page_language(page, "nn")  # screen readers read the page as Nynorsk
    assert not errors, errors
    # nothing is fetched from outside the machine (an icon font or favicon from Google, say)
    assert [url for url in requested if not url.startswith((app_url, "data:", "blob:"))] == []
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert [(v["id"], len(v["nodes"])) for v in violations] == []


def first_chart_visible_height(page) -> float:
    """How many pixels of the page's first chart are inside the window, before any scrolling."""
    page.wait_for_selector(".js-plotly-plot .main-svg", state="visible", timeout=60_000)
    return page.evaluate("""() => {
        const box = document.querySelector('.js-plotly-plot').getBoundingClientRect();
        return Math.max(0, Math.min(box.bottom, window.innerHeight) - Math.max(box.top, 0));
    }""")


# px from the bottom of the phone's title text to the top of the plot area (or its legend): Streamlit's gap between
# elements and the room for the top tick label; the band plotly's hidden title left was 120 px and more
PHONE_TITLE_TO_PLOT_MAX = 60

# Where the phone's chart title ends and the plot (or its legend) begins, and the chart's top margin.
PHONE_BAND = """() => {
    const title = document.querySelector('.narrow-chart-title');
    const chart = document.querySelector('.js-plotly-plot');
    const legend = chart.querySelector('.infolayer .legend');
    const plotTop = chart.querySelector('.main-svg').getBoundingClientRect().top + chart._fullLayout._size.t;
    const top = legend ? Math.min(legend.getBoundingClientRect().top, plotTop) : plotTop;
    return {gap: top - title.getBoundingClientRect().bottom, margin: chart.style.marginTop};
}"""

# Each address is opened once at each size; the tests of one page at one size share that open.
PROJECTOR_FIRST_CHART = {"folketal", "arbeidsplassar"}  # the first chart on the first screen, plotly's buttons
PLOTLY_LAID_OUT = {"folketal", "folketal?view=kommunar"}  # no band of the phone's kept: plotly's own layout


@pytest.mark.parametrize("path", ["folketal", "arbeidsplassar", "folketal?view=kommunar"])
def test_on_a_projector_the_first_chart_shows_as_plotly_lays_it_out(app_url, browser, path):
    """At 1280×720 (a meeting-room projector) at least 320 px of the first chart show without scrolling, and
    plotly's buttons speak Nynorsk; the chart is drawn as plotly lays it out (no margin kept for the phone's
    title text, see the phone's test below)."""
    page = reused_tab(browser, 1280, 720)
    page.goto(f"{app_url}/{path}", wait_until="domcontentloaded")
    wait_until_rendered(page)
    if path in PROJECTOR_FIRST_CHART:
        assert first_chart_visible_height(page) >= 320
        assert not page.locator(".narrow-chart-title").first.is_visible()  # the phone's copy of the title
        page.locator(".js-plotly-plot").first.hover()
        titles = page.eval_on_selector_all(".modebar-btn",
                                           "buttons => buttons.map(b => b.getAttribute('data-title'))")
        assert "Last ned diagrammet som PNG" in titles and "Fullskjerm" in titles, titles
        assert not [t for t in titles if t in ("Autoscale", "Box Select", "Lasso Select", "Fullscreen")], titles
    if path in PLOTLY_LAID_OUT:
        page.wait_for_selector(".js-plotly-plot .main-svg", state="visible", timeout=60_000)
        assert page.evaluate("() => document.querySelector('.js-plotly-plot').style.marginTop") == ""


# Pages whose opening view has charts, with their open views, each opened at a projector's size
CHART_VIEWS = ["folketal", "folketal?view=kommunar", "folketal?view=flytting", "arbeidsplassar",
               "arbeidsplassar?section=Straumar", "arbeidsplassar?section=Pendling", "deltidsinnbyggjarar", "motemodus"]


@pytest.mark.parametrize("path", CHART_VIEWS)
def test_every_chart_is_drawn_once_with_room_for_its_labels(app_url, browser, path):
    """Every chart's margins hold its axis labels as built (indicators/present/chart_margins.py): plotly had to
    push no margin, which it does by drawing the whole chart a second time (issue 20), and no label or title is
    cut."""
    page = reused_tab(browser, 1280, 720)
    page.goto(f"{app_url}/{path}", wait_until="domcontentloaded")
    wait_until_rendered(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", state="visible", timeout=60_000)
    wait_until_still(page)
    charts = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].map(g => {
        const asked = g._fullLayout.margin, used = g._fullLayout._size, box = g.getBoundingClientRect();
        const labels = [...g.querySelectorAll('.yaxislayer-above .ytick text')].map(t => t.getBoundingClientRect());
        const title = g.querySelector('.gtitle');
        return {title: ((g.layout.title || {}).text || '').slice(0, 40),
                pushed: ['l', 'b'].filter(side => used[side] - asked[side] > 0.5),
                cut: labels.filter(r => r.width > 0 && r.left < box.left).length
                     + (title && title.getBoundingClientRect().right > box.right + 0.5 ? 1 : 0)};
    })""")
    assert charts
    assert [c for c in charts if c["pushed"] or c["cut"]] == []


# Counts every full plotly draw of a chart after its first ('plotly_beforeplot' starts each one) at an unchanged
# size: the listener is attached when the chart's element appears, which is after its first draw has run. A draw
# at a new size (the window or the page's scrollbar changed the chart's width) is plotly's to make, and not counted.
COUNT_REDRAWS = """
window.__redraws = [];
new MutationObserver(() => {
  for (const chart of document.querySelectorAll('.js-plotly-plot')) {
    if (!chart.__counted && chart.on) {
      chart.__counted = true;
      chart.on('plotly_beforeplot', () => {
        const drawn = chart._fullLayout, asked = chart.layout;
        if (drawn.width === asked.width && drawn.height === asked.height)
          window.__redraws.push((asked.title || {}).text || '?');
      });
    }
  }
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['class']});
"""


def test_no_chart_is_drawn_a_second_time_as_it_opens(app_url, browser):
    """Streamlit hands a chart to Plotly.react again as it mounts it; with the browser's copy
    (indicators/present/browser_copy.py) plotly finds nothing changed and does not draw the chart again: on the
    pages' default views, a section and another region opened by their addresses, one after the other in one tab.
    (Meeting mode's chart is drawn again at the height its box turns out to have: not checked here.)"""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        page.add_init_script(COUNT_REDRAWS)
        for path in ("folketal", "arbeidsplassar", "deltidsinnbyggjarar", "arbeidsplassar?section=Straumar",
                     "folketal?region=3324"):
            page.goto(f"{app_url}/{path}", wait_until="domcontentloaded")
            wait_until_rendered(page)
            page.wait_for_selector(".js-plotly-plot .main-svg", state="visible", timeout=60_000)
            wait_until_still(page)
            assert page.evaluate("() => document.querySelectorAll('.js-plotly-plot').length") > 0
            assert page.evaluate("() => window.__redraws") == [], path
    finally:
        context.close()


def test_on_a_phone_the_bar_names_of_the_part_time_chart_stand_apart(app_url, browser):
    """«Fastbuande / 1. januar 2026» and «Deltidsinnbyggjarar / (anslag)» under their bars at 390 px: they stood
    edge to edge (smaller names and a narrower right margin for this chart)."""
    page = reused_tab(browser, 390, 844, mobile=True)
    page.goto(f"{app_url}/deltidsinnbyggjarar", wait_until="domcontentloaded")
    wait_until_rendered(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", state="visible", timeout=60_000)
    wait_until_still(page)
    left, right = page.evaluate("""() => [...document.querySelector('.js-plotly-plot')
        .querySelectorAll('.xaxislayer-above .xtick text')].map(t => {
            const box = t.getBoundingClientRect(); return [box.left, box.right]; })""")
    assert right[0] - left[1] >= 4  # px between the first name's right edge and the second's left edge


def test_the_table_toolbar_speaks_nynorsk_and_offers_no_csv_of_its_own(app_url, browser):
    """Streamlit's table toolbar: its labels and tooltips in Nynorsk; its «Download as CSV» (a file without source
    or dates, beside the app's own downloads) is off."""
    page = reused_tab(browser, 1280, 720)
    page.goto(f"{app_url}/handlingsprogram", wait_until="domcontentloaded")
    wait_until_rendered(page)
    table = page.locator('[data-testid="stDataFrame"]').first
    table.scroll_into_view_if_needed()
    table.hover()
    buttons = page.locator('[data-testid="stElementToolbar"] button')
    buttons.first.wait_for(state="visible")
    labels = buttons.evaluate_all("bs => bs.map(b => b.getAttribute('aria-label'))")
    assert "Søk i tabellen" in labels and "Fullskjerm" in labels, labels
    assert not [label for label in labels if label in ("Search", "Fullscreen", "Download as CSV")], labels
    page.locator('[data-testid="stElementToolbar"] button[aria-label="Søk i tabellen"]').hover()
    tooltip = page.locator('[data-testid="stTooltipContent"]').first
    tooltip.wait_for(state="visible")
    wait_until_still(page)  # relabelled in the next animation frame
    assert tooltip.inner_text().strip() == "Søk i tabellen"


COMPARED = "folketal?view=indeks&compare=numedal,setesdal"  # two places chosen under «Samanlikn med»


def test_the_pickers_speak_nynorsk_to_a_screen_reader(app_url, browser):
    """Streamlit's own words in the select boxes and the multiselect (a chosen place's «Remove …», «Clear all»,
    «Selected values», and the placeholder a select box shows while one types) are Nynorsk, not English."""
    page = reused_tab(browser, 1280, 720)
    page.goto(f"{app_url}/{COMPARED}", wait_until="domcontentloaded")
    wait_until_rendered(page)
    chooser = page.locator('[data-testid="stMultiSelect"]').first
    chooser.wait_for(state="visible")
    wait_until_still(page)  # relabelled in the next animation frame
    labels = chooser.evaluate("m => [...m.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'))")
    assert "Fjern Numedal (region)" in labels and "Fjern alle" in labels and "Valde" in labels, labels
    assert not [label for label in labels if label.startswith(("Remove", "Clear", "Selected"))], labels
    placeholders = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stSelectbox"] input')].map(e => e.placeholder)""")
    assert placeholders and set(placeholders) == {"Vel eit alternativ"}, placeholders


def test_on_a_phone_the_chosen_places_are_not_cut(app_url, browser):
    """At 390 px «Samanlikn med» holding two places takes the whole row, so both names show in full (at half the
    row «Numedal (region)» was cut to «Nume…» and the second place hidden)."""
    page = reused_tab(browser, 390, 844, mobile=True)
    page.goto(f"{app_url}/{COMPARED}", wait_until="domcontentloaded")
    wait_until_rendered(page)
    chooser = page.locator('[data-testid="stMultiSelect"]').first
    chooser.wait_for(state="visible")
    names = chooser.evaluate(
        """m => [...m.querySelectorAll('[data-tag] [title]')].map(e => {
             const box = e.getBoundingClientRect();
             return {name: e.title, cut: e.scrollWidth > e.clientWidth + 1, right: box.right}; })""")
    assert [n["name"] for n in names] == ["Numedal (region)", "Setesdal (region)"], names
    assert not [n for n in names if n["cut"] or n["right"] > 390], names


PHONE_SIDEBAR = {"", "folketal", "rapportering"}  # the sidebar starts closed on first load
PHONE_BAND_CHECKED = {"folketal", "folketal?view=kommunar"}  # no empty band above the chart


@pytest.mark.parametrize("path", ["", "folketal", "rapportering", "folketal?view=kommunar"])
def test_on_a_phone_the_page_is_readable_on_first_load(app_url, browser, path):
    """At 390×844: the sidebar does not lie over the page (it covered 80 %); a chart's title wraps as text above
    it, and the plot (or its legend) follows that text without the band plotly kept for its own (hidden) title."""
    page = reused_tab(browser, 390, 844, mobile=True)
    page.goto(f"{app_url}/{path}", wait_until="domcontentloaded")
    wait_until_rendered(page)
    if path in PHONE_SIDEBAR:
        sidebar = page.locator('[data-testid="stSidebar"]').bounding_box()
        assert sidebar is None or sidebar["x"] + sidebar["width"] <= 1
        heading = page.locator('[data-testid="stMainBlockContainer"] h1').first
        assert heading.is_visible()
        box = heading.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        # what is on top in the middle of the screen belongs to the page, not the sidebar
        assert page.evaluate("""() => !document.elementFromPoint(195, 300).closest('[data-testid="stSidebar"]')""")
    if path == "folketal":  # a chart's title wraps as text above it (plotly's own, which does not wrap, is hidden)
        page.wait_for_selector(".js-plotly-plot .main-svg", state="visible", timeout=60_000)
        title = page.locator(".narrow-chart-title").first
        assert title.is_visible() and title.inner_text().startswith("Folketalet")
        title_box = title.bounding_box()
        assert title_box is not None and title_box["x"] + title_box["width"] <= 390
        assert not page.locator(".js-plotly-plot .g-gtitle").first.is_visible()
    if path in PHONE_BAND_CHECKED:
        page.wait_for_selector(".js-plotly-plot .main-svg", state="visible", timeout=60_000)
        page.wait_for_function("() => document.querySelector('.js-plotly-plot').style.marginTop !== ''",
                               timeout=10_000)
        measured = page.evaluate(PHONE_BAND)
        assert 0 <= measured["gap"] <= PHONE_TITLE_TO_PLOT_MAX, measured


def test_the_accessibility_check_finds_a_known_violation(browser):
    """The axe-core run above can fail: an image without alternative text is reported."""
    page = reused_tab(browser)
    page.set_content("<html lang='nn'><head><title>t</title></head><body><main><img src='x.png'></main></body></html>")
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert "image-alt" in [v["id"] for v in violations]


@pytest.mark.parametrize(("path", "year"), [
    # bound by Streamlit itself (ui.state.bound_choice): the link as opened seeds the slider
    ("folketal?section=Alderspyramide&year=2010", "2010"),
    # the first release's name: renamed by adopt_legacy_params before the page runs, so it must stay hand-made
    # (Streamlit's binding seeds only from the link as opened and would show the latest year)
    ("arbeidsplassar?region=3328&section=Pendling&pendling_aar=2019", "2019"),
])
def test_a_deep_link_opens_the_year_it_names(app_url, browser, path, year):
    page = reused_tab(browser, 1280, 720)
    page.goto(f"{app_url}/{path}", wait_until="domcontentloaded")
    wait_until_rendered(page)
    assert page.locator('[data-testid="stSliderThumbValue"]').first.inner_text() == year


def test_each_test_gets_the_reused_tab_as_a_new_visitor(app_url, browser):
    """The tab the browser tests share (app_server.reused_tab) comes to each test blank: none of the app's cookies,
    localStorage or sessionStorage from the test before, none of its listeners; so each open is a first visit."""
    page = reused_tab(browser, 1280, 720)
    heard: list[str] = []
    listen(page, "console", lambda message: heard.append(message.text))
    page.goto(f"{app_url}/om", wait_until="domcontentloaded")
    wait_until_rendered(page)
    page.evaluate("() => { localStorage.setItem('left', '1'); sessionStorage.setItem('left', '1');"
                  " document.cookie = 'left=1'; console.log('left'); }")
    assert "left" in heard and page.context.cookies()

    page = reused_tab(browser, 1280, 720)
    assert page.url == "about:blank"
    assert page.context.cookies() == []
    heard.clear()
    page.goto(f"{app_url}/om", wait_until="domcontentloaded")
    wait_until_rendered(page)
    assert page.evaluate("() => [localStorage.getItem('left'), sessionStorage.getItem('left'),"
                         " document.cookie.split('; ').includes('left=1')]") == [None, None, False]
    page.evaluate("() => console.log('left')")
    assert heard == []
