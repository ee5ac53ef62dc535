"""Issue 11 end to end in Debian's chromium: an editor (made with `python -m indicators users add`, password on
stdin) signs in on Rapportering and records a status; a second, anonymous browser opens Oversikt and sees it.
The Rapportering page has zero axe-core violations, signed in and not.

Issue 18 §4 end to end as well: a signed-in editor on Rapportering makes and downloads the statusrapport as PDF
(three pages or more) and Word, and the sluttrapport as Word; the files open and hold the goals and the actions.
The page keeps zero axe-core violations with the download box open. (It shares this module's app server.)

The app runs on a temporary SQLite database (DATABASE_URL) and a copy of the frozen fixture cache, started with
the same flags as tests/test_browser.py. Skipped where /usr/bin/chromium is missing, except in CI.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pypdf
import pytest
from axe_playwright_python.sync_playwright import Axe

from indicators.goals import load_plan
from indicators.plan_actions import load_actions
from indicators.present.texts import fill
from indicators.present.texts import report as t
from tests.app_server import app_env, listen, require_chromium, reused_tab, run_cli, start_app, wait_until_rendered
from tests.reporting_helpers import fixture_cache_copy, sign_in
from tests.test_browser import AXE_OPTIONS, SHOTS

ROOT = Path(__file__).resolve().parent.parent
EDITOR, PASSWORD = "kari", "rett-hest-batteri-stift"
NOTE = "Nettlesartest: vurdert i sekretariatsmøtet <b>ikkje feit</b>"

pytestmark = pytest.mark.browser


def first_qualitative_goal() -> str:
    return next(g.id for g in load_plan(ROOT / "plan" / "goals.toml").goals if g.kind == "qualitative")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, browser):
    require_chromium()
    folder = tmp_path_factory.mktemp("browser-reporting")
    env = app_env(folder, DASHBOARD_CACHE_DIR=str(fixture_cache_copy(folder / "cache")))
    # only `db upgrade` creates the database (no other command makes a fresh empty one)
    made = run_cli(env, (["db", "upgrade"], None), (["users", "add", EDITOR, "--role", "editor"], PASSWORD + "\n"))
    assert PASSWORD not in made  # never echoed
    server = start_app(env)
    # the server's first session: the start page (see test_browser's first deep link), once for the module
    open_page(browser, server.url)
    yield server.url
    assert PASSWORD not in server.stop()  # the server never logs the password


def open_page(browser, url: str, width: int = 1920, height: int = 1080, *, mobile: bool = False):
    """`url` opened by a new browser session (no sign-in: it lives in the Streamlit session), rendered."""
    page = reused_tab(browser, width, height, mobile=mobile)
    page.goto(url, wait_until="domcontentloaded")
    wait_until_rendered(page)
    return page


def axe_violations(page) -> list[tuple[str, int]]:
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    return [(v["id"], len(v["nodes"])) for v in violations]


def main_text(page) -> str:
    return page.locator('[data-testid="stMainBlockContainer"]').inner_text()


def test_an_editor_reports_and_an_anonymous_visitor_sees_it(app_url, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    goal_id = first_qualitative_goal()
    page = open_page(browser, f"{app_url}/rapportering?item={goal_id}")
    requested: list[str] = []
    listen(page, "request", lambda request: requested.append(request.url))
    assert "Slik får du ein konto" in main_text(page)
    assert axe_violations(page) == []

    sign_in(page, EDITOR, PASSWORD)
    assert PASSWORD not in page.url
    assert f"item={goal_id}" in page.url

    page.locator('[data-testid="stSelectbox"]').filter(has_text="Status").click()
    page.get_by_role("option", name="I gang").click()
    page.get_by_role("textbox", name="Merknad", exact=True).fill(NOTE)
    page.get_by_role("button", name="Lagre og gå til neste").click()
    page.get_by_test_id("stToast").filter(has_text="Lagra:").wait_for(timeout=60_000)  # and the same at the top
    wait_until_rendered(page)
    assert f"item={goal_id}" not in page.url  # moved on to the next goal
    page.screenshot(path=str(SHOTS / "rapportering-redaktor.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert axe_violations(page) == []
    assert [url for url in requested if not url.startswith((app_url, "data:", "blob:"))] == []

    board = open_page(browser, app_url)  # another browser session: no sign-in
    # the card's text, not the copy in the change table's grid (its cells are hidden from view by design)
    board.get_by_text(NOTE).filter(visible=True).first.wait_for(timeout=60_000)
    text = main_text(board)
    assert NOTE in text  # the note, as text
    assert EDITOR in text  # who entered it
    board.screenshot(path=str(SHOTS / "oversikt-etter-rapportering.png"), full_page=True)


def test_switching_the_language_keeps_the_secretary_signed_in(app_url, browser):
    """The sidebar's language links rerun the page in the same session (ui/language.py): a signed-in secretary who
    switches to Bokmål is still signed in, the form in Bokmål, and a note typed but not saved is still there."""
    page = open_page(browser, f"{app_url}/rapportering")
    sign_in(page, EDITOR, PASSWORD)
    typed = "Skrive før språkbytet, ikkje lagra"
    page.get_by_role("textbox", name="Merknad", exact=True).fill(typed)
    page.get_by_role("textbox", name="Merknad", exact=True).blur()
    wait_until_rendered(page)
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Bokmål", exact=True).click()
    page.wait_for_function("() => document.documentElement.lang === 'nb'", timeout=60_000)
    wait_until_rendered(page)
    assert page.get_by_role("button", name="Lagre og gå til neste").count() == 1  # the form, not the sign-in
    assert page.get_by_label("Brukernavn").count() == 0 and page.get_by_label("Brukarnamn").count() == 0
    assert "lang=nb" in page.url
    assert page.get_by_role("textbox", name="Merknad", exact=True).input_value() == typed  # what was typed stays
    assert axe_violations(page) == []


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] and box["x"] >= 0


def action_count() -> int:
    return sum(1 for _ in (ROOT / "plan" / "actions.csv").open(encoding="utf-8")) - 1


def test_the_secretariats_loop_confirms_on_screen_and_counts(app_url, browser):
    """Issue 20 at 1440×900: after «Lagre og gå til neste» the confirmation is in the viewport (wherever the page
    was scrolled), and after two action entries the page says «2 av 61». The second save is Ctrl+Enter in the
    note, with the date typed the Norwegian way."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = open_page(browser, f"{app_url}/rapportering?section=actions&item=1", 1440, 900)
    sign_in(page, EDITOR, PASSWORD)
    count = action_count()
    assert f"0 av {count} tiltak" in main_text(page)

    page.get_by_role("textbox", name="Merknad", exact=True).fill("Fyrste tiltaket: i rute")
    save = page.get_by_role("button", name="Lagre og gå til neste")
    save.scroll_into_view_if_needed()
    save.click()
    toast = page.get_by_test_id("stToast").filter(has_text="Lagra: tiltak 1")
    toast.wait_for(timeout=60_000)
    assert in_viewport(page, toast)
    page.screenshot(path=str(SHOTS / "rapportering-lagra-1440.png"))
    wait_until_rendered(page)
    assert "item=2" in page.url

    note = page.get_by_role("textbox", name="Merknad", exact=True)
    note.fill("Andre tiltaket: lagra med Ctrl+Enter")
    page.get_by_role("spinbutton", name="day, Vurderingsdato").click()
    page.keyboard.type("1.12.2026")  # not 11.02.2026: the dot moves on to the month (ui/form_keys.py)
    assert page.locator('[data-testid="stDateInput"] input[type=date]').first.input_value() == "2026-12-01"
    note.press("Control+Enter")  # the form's own shortcut saves
    toast = page.get_by_test_id("stToast").filter(has_text="Lagra: tiltak 2")
    toast.wait_for(timeout=60_000)
    assert in_viewport(page, toast)
    wait_until_rendered(page)
    page.get_by_text(f"2 av {count} tiltak").wait_for(timeout=30_000)
    assert f"2 av {count} tiltak er vurderte" in main_text(page)
    assert count == 61  # the adopted plan: «2 av 61»
    page.screenshot(path=str(SHOTS / "rapportering-2-av-61-1440.png"))
    assert axe_violations(page) == []
    page.get_by_role("button", name="Førre", exact=True).click()  # back to action 2: the typed date was saved
    page.get_by_text("Andre tiltaket: lagra med Ctrl+Enter").wait_for(timeout=30_000)
    assert "vurdert 1. desember 2026" in main_text(page)


def test_on_a_phone_the_confirmation_leaves_the_page_title_readable(app_url, browser):
    """Issue 20 at 390×844: after a save the page scrolls to its top, where the same words stand; the toast
    (Streamlit puts it at the top of a narrow screen) must not lie over the page title."""
    page = open_page(browser, f"{app_url}/rapportering?section=actions&item=3", 390, 844, mobile=True)
    sign_in(page, EDITOR, PASSWORD)
    page.get_by_role("textbox", name="Merknad", exact=True).fill("Telefon: lagra")
    save = page.get_by_role("button", name="Lagre og gå til neste")
    save.scroll_into_view_if_needed()
    save.click()
    toast = page.get_by_test_id("stToast").filter(has_text="Lagra: tiltak 3")
    toast.wait_for(timeout=60_000)
    wait_until_rendered(page)  # and the scroll to the top: the page holds still
    title = page.locator('[data-testid="stMainBlockContainer"] h1').first
    title_box, toast_box = title.bounding_box(), toast.bounding_box()
    page.screenshot(path=str(SHOTS / "rapportering-lagra-390.png"))
    assert title_box is not None and toast_box is not None
    assert in_viewport(page, toast)  # still seen wherever the page is
    overlap = min(title_box["y"] + title_box["height"], toast_box["y"] + toast_box["height"]) - max(
        title_box["y"], toast_box["y"])
    assert overlap <= 0, (title_box, toast_box)


# --- the reports as files (issue 18 §4) ----------------------------------------------------------------------

SIZES = {"1280": (1280, 720), "1920": (1920, 1080), "390": (390, 844)}


def download(page, kind: str, fmt: str, tmp_path) -> bytes:
    """Choose the report and the format (their radio labels), make it, download it."""
    page.get_by_text(fill(t.DOWNLOADS_KINDS[kind]), exact=True).click()
    page.get_by_text(t.DOWNLOADS_FORMATS[fmt], exact=True).click()
    wait_until_rendered(page)
    target = page.locator('[data-testid="stDownloadButton"] button')
    before = target.first.inner_text() if target.count() else None  # the last report's button, if still shown
    page.get_by_role("button", name="Lag rapporten").click()
    # this report's button (its label names the file): not the last one's, which a rerun may not have removed yet
    page.wait_for_function(
        """([before, extension]) => {
          const button = document.querySelector('[data-testid="stDownloadButton"] button');
          return button !== null && button.innerText !== before && button.innerText.includes('.' + extension);
        }""", arg=[before, fmt], timeout=180_000)
    with page.expect_download(timeout=60_000) as info:
        target.click()
    path = tmp_path / info.value.suggested_filename
    assert path.suffix == f".{fmt}", path.name
    info.value.save_as(path)
    return path.read_bytes()


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return " ".join(" ".join(parts).split())


def test_an_editor_downloads_the_report_as_pdf_and_word(app_url, browser, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = open_page(browser, f"{app_url}/rapportering")  # Playwright's contexts accept downloads
    sign_in(page, EDITOR, PASSWORD)
    page.get_by_text("Last ned statusrapport eller sluttrapport").click()
    page.get_by_role("button", name="Lag rapporten").wait_for(timeout=30_000)
    wait_until_rendered(page)
    assert axe_violations(page) == []

    pdf = download(page, "status", "pdf", tmp_path)
    assert pdf.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    for name, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        wait_until_rendered(page)
        page.screenshot(path=str(SHOTS / f"rapportering-last-ned-{name}.png"), full_page=False)
    page.set_viewport_size({"width": 1920, "height": 1080})

    word = download(page, "status", "docx", tmp_path)
    text = docx_text(word)
    assert "Resultatmåla" in text and "Handlingsprogrammet" in text
    for action in load_actions().frame["text"]:
        assert " ".join(str(action).split()[:5]) in text

    final = download(page, "final", "docx", tmp_path)
    assert "Sluttrapport" in docx_text(final)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert axe_violations(page) == []
