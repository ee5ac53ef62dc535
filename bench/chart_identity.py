"""Does plotly update a chart in place when the region changes, or draw it anew? (issue 20)

Opens a chart page of the app in Chromium, marks the chart's plotly element, changes the region in the sidebar,
waits until the chart's title names the new region and reports whether the marked element is still the one on
the page (in place: `Plotly.react` on the same element) and how long the title took. Not a test: a look at what
Streamlit does, kept so the finding can be checked again after a Streamlit upgrade.

    .venv/bin/python bench/chart_identity.py [PAGE] [--changes N]

Finding (Streamlit 1.67, 6 December 2026): never in place. The frontend keys the chart's React component by the
element id, and `st.plotly_chart` computes that id from the figure itself (`key_as_main_identity=False`: a `key=`
is hashed together with the spec, it does not replace it). A region changes the figure, so the id, so React
mounts a new component and plotly draws the chart from scratch (`Plotly.newPlot`), with or without `key=`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from clients import launch  # noqa: E402
from harness import ROOT, Server  # noqa: E402

MARK = "() => { document.querySelector('.js-plotly-plot').__mark = 'before'; }"
SAME = "() => document.querySelector('.js-plotly-plot').__mark === 'before'"
TITLE_NAMES = "(n) => [...document.querySelectorAll('.js-plotly-plot .gtitle')].some(g => g.textContent.includes(n))"
DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", nargs="?", default="folketal")
    parser.add_argument("--changes", type=int, default=3)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from indicators.regions import active_region

    region = active_region()
    names = [region.names[code] for code in (region.member_codes[0], region.member_codes[-1], region.id)]
    server = Server(ROOT / "dashboard.py")
    server.start()
    try:
        with sync_playwright() as playwright:
            browser, context = launch(playwright)
            page = context.new_page()
            page.goto(f"{server.url}/{args.page}", wait_until="domcontentloaded")
            page.wait_for_selector(".js-plotly-plot .main-svg", state="visible", timeout=90_000)
            page.wait_for_selector(DONE, state="attached", timeout=90_000)
            page.wait_for_timeout(1000)
            in_place = 0
            for index in range(args.changes):
                name = names[index % len(names)]
                page.evaluate(MARK)
                page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
                option = page.get_by_role("option", name=name, exact=True)
                option.wait_for(state="visible")
                started = time.perf_counter()
                option.click()
                page.wait_for_function(TITLE_NAMES, arg=name, timeout=60_000)
                seconds = time.perf_counter() - started
                page.wait_for_selector(DONE, state="attached", timeout=60_000)
                same = bool(page.evaluate(SAME))
                in_place += same
                print(f"{args.page}: region {name}: chart {'updated in place' if same else 'drawn anew'}, "
                      f"title after {seconds:.2f} s")
                page.wait_for_timeout(800)
            browser.close()
    finally:
        server.stop()
    print(f"{in_place} of {args.changes} region changes updated the chart in place")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
