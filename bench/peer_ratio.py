"""A peer-comparison view against the minimal page, the method of the session's browser_ratio.py (issue 23).

Issue 23's goal: a peer-comparison view opens within 1.3× the minimal page. The views (all with a peer region
chosen in the sidebar, `?region=<peer>`, and two peers added under «Samanlikn med» by the URL, `compare=`):
Folketal's indexed population and Arbeidsplassar's indexed jobs. Both servers are started the same way
(`streamlit run … --server.headless true`, the app with a migrated throwaway database, as bench_app.py does);
each view is opened once untimed, then ROUNDS rounds in shuffled order, each sample the minimal page then the
view in the same tab each, both waited until the script has finished and the first chart is drawn. The same
pages' default (Hallingdal) views are measured the same way as controls: on a loaded machine the ratio of the peer
view to its page's default view says more than either ratio alone. Then the other way a politician reaches a
peer: on each page's comparison view (two peers under «Samanlikn med»), the region picked in the sidebar, into
Valdres and back, each change timed against the minimal page's region change as browser_ratio.py times it.
Prints one JSON line per view with the median ratio and its spread (min–max over the rounds) and the medians in
seconds; exits 0. Numbers from a loaded machine: compare interleaved runs, not single ones.

`--server` instead measures the server's part without a browser (as profile_pages.py, in Streamlit's AppTest):
the process CPU of opening each view in a fresh session (caches warm), interleaved with the minimal page and the
same page's default Hallingdal view, median and min–max; on a loaded machine CPU time is the steadier measure.

    .venv/bin/python bench/peer_ratio.py [ROUNDS] [--app-port 8683] [--minimal-port 8684]
    .venv/bin/python bench/peer_ratio.py [ROUNDS] --server
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CHART = ".js-plotly-plot .main-svg"
# browser_ratio.py's yardstick, word for word: one small chart and a sidebar select
MINIMAL = '''import plotly.graph_objects as go
import streamlit as st
region = st.sidebar.selectbox("Region", ["Hallingdal", "Flå", "Nesbyen", "Gol", "Hemsedal", "Ål", "Hol"])
st.title(f"Minimal – {region}")
st.plotly_chart(go.Figure(go.Scatter(x=[2020, 2021, 2022], y=[1, 3, 2]), layout=dict(title=f"Minimal {region}")), \
theme=None)
'''
PEER = "valdres"
COMPARED = ("numedal", "setesdal")
VIEWS = {  # name: (path and query, a legend entry the comparison chart must show; "" for the controls)
    "folketal_default": ("folketal", ""),  # the controls: the same pages' default Hallingdal views
    "arbeidsplassar_default": ("arbeidsplassar", ""),
    "folketal_peers": (f"folketal?region={PEER}&view=indeks&compare={','.join(COMPARED)}", "Setesdal"),
    "arbeidsplassar_peers": (f"arbeidsplassar?region={PEER}&jobs_view=samanlikn&compare={','.join(COMPARED)}",
                             "Setesdal"),
}


def serve(script: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), *FLAGS],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    end = time.time() + 180
    while time.time() < end:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("server did not start")


async def view(page: Any, url: str) -> float:
    started = time.perf_counter()
    await page.goto(url)
    await page.wait_for_selector(DONE, state="attached", timeout=120000)
    await page.wait_for_selector(CHART, state="visible", timeout=120000)
    await page.wait_for_selector(DONE, state="attached", timeout=120000)
    return time.perf_counter() - started


async def change_region(page: Any, option: str, legend: str | None) -> float:
    """Pick `option` in the sidebar's region list, as browser_ratio.py's region change does: timed from the click
    until the chart's legend names `legend` (the app) or the script has finished (the minimal page), then two
    animation frames (painted)."""
    boxes = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]')
    box = boxes.first
    await box.scroll_into_view_if_needed(timeout=10000)
    await box.click(timeout=20000)
    choice = page.get_by_role("option").filter(has_text=option).first
    await choice.wait_for(state="visible")
    started = time.perf_counter()
    await choice.click()
    if legend:
        await page.wait_for_function(
            "(n) => [...document.querySelectorAll('.js-plotly-plot .legendtext')].some(g => g.textContent.includes(n))",
            arg=legend, timeout=60000)
    await asyncio.sleep(0.05)
    await page.wait_for_selector(DONE, state="attached", timeout=60000)
    await page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return time.perf_counter() - started


# Region changes into a peer region and back, on each page's comparison view with the two peers (issue 23: a
# politician opens the comparison and picks the peer region in the sidebar); the minimal page changes its region
# the same number of times. (app option, legend entry that shows it, minimal page's option)
REGION_CHANGES = [("Valdres", "Valdres", "Gol"), ("Hallingdal", "Hallingdal", "Hallingdal")]
CHANGE_VIEWS = {
    "folketal_change_to_peer": f"folketal?view=indeks&compare={','.join(COMPARED)}",
    "arbeidsplassar_change_to_peer": f"arbeidsplassar?jobs_view=samanlikn&compare={','.join(COMPARED)}",
}


async def measure(rounds: int, app_port: int, minimal_port: int) -> None:
    from playwright.async_api import async_playwright

    folder = tempfile.mkdtemp(prefix="peer-ratio-")
    minimal = os.path.join(folder, "minimal.py")
    Path(minimal).write_text(MINIMAL, encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{Path(folder) / 'followup.sqlite3'}"}
    subprocess.run([sys.executable, "-m", "indicators", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    app, base = serve("dashboard.py", app_port, env), serve(minimal, minimal_port, env)
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path="/usr/bin/chromium")
            pa = await (await browser.new_context(viewport={"width": 1920, "height": 1080})).new_page()
            pb = await (await browser.new_context(viewport={"width": 1920, "height": 1080})).new_page()
            app_url, base_url = f"http://127.0.0.1:{app_port}/", f"http://127.0.0.1:{minimal_port}/"
            await pa.goto(app_url)  # the first deep link after a start gets a spurious "Page not found"
            await pa.wait_for_selector(DONE, state="attached", timeout=180000)
            for name, (path, legend) in VIEWS.items():  # warm, and check the view is what it claims to be
                await view(pa, app_url + path)
                shown = await pa.locator(".js-plotly-plot .legendtext").all_text_contents()
                if legend and not any(legend in text for text in shown):
                    raise SystemExit(f"{name}: the chart has no «{legend}» in its legend ({shown})")
            await view(pb, base_url)
            samples: dict[str, list[tuple[float, float]]] = {name: [] for name in VIEWS}
            for _ in range(rounds):
                order = list(VIEWS)
                random.shuffle(order)
                for name in order:
                    minimal_time = await view(pb, base_url)
                    app_time = await view(pa, app_url + VIEWS[name][0])
                    samples[name].append((app_time, minimal_time))
            for name, pairs in samples.items():
                ratios = [a / m for a, m in pairs]
                print(json.dumps({
                    "measure": "page_view", "view": name, "url": VIEWS[name][0],
                    "ratio": round(statistics.median(ratios), 2), "min": round(min(ratios), 2),
                    "max": round(max(ratios), 2), "n": len(ratios),
                    "app_s": round(statistics.median(a for a, _ in pairs), 2),
                    "minimal_s": round(statistics.median(m for _, m in pairs), 2),
                    "load": round(os.getloadavg()[0], 2),
                }), flush=True)
            for name, path in CHANGE_VIEWS.items():
                await view(pa, app_url + path)
                await view(pb, base_url)
                ratios = []
                for _ in range(rounds):
                    for app_option, legend, minimal_option in REGION_CHANGES:
                        minimal_time = await change_region(pb, minimal_option, None)
                        app_time = await change_region(pa, app_option, legend)
                        ratios.append(app_time / minimal_time)
                print(json.dumps({
                    "measure": "region_change", "view": name, "url": path, "ratio": round(statistics.median(ratios), 2),
                    "min": round(min(ratios), 2), "max": round(max(ratios), 2), "n": len(ratios),
                    "load": round(os.getloadavg()[0], 2),
                }), flush=True)
            await browser.close()
    finally:
        for server in (app, base):
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()


SERVER_VIEWS = {  # name: (page file, session state of the URL parameters)
    "minimal": ("", {}),
    "folketal_default": ("pages/folketal.py", {}),
    "folketal_peers": ("pages/folketal.py", {"url_region": PEER, "url_view": "indeks", "url_compare": list(COMPARED)}),
    "arbeidsplassar_default": ("pages/arbeidsplassar.py", {}),
    "arbeidsplassar_peers": ("pages/arbeidsplassar.py", {"url_region": PEER, "url_jobs_view": "samanlikn",
                                                         "url_compare": list(COMPARED)}),
}


def server_cpu(rounds: int) -> None:
    """CPU per open of each view in a fresh AppTest session, interleaved, after one untimed open of each."""
    sys.path.insert(0, str(ROOT))
    from streamlit.testing.v1 import AppTest

    def opened(name: str) -> AppTest:
        path, state = SERVER_VIEWS[name]
        if not path:
            return AppTest.from_string(MINIMAL, default_timeout=120)
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
        for key, value in state.items():
            at.session_state[key] = value
        at.switch_page(path)
        return at

    for name in SERVER_VIEWS:
        first = opened(name).run()
        if first.exception:
            raise SystemExit(f"{name}: {first.exception[0].message}")
        specs = " ".join(chart.proto.spec for chart in first.get("plotly_chart"))
        if name.endswith("_peers") and "Setesdal" not in specs:  # the view is what it claims to be
            raise SystemExit(f"{name}: no chart names Setesdal")
    cpu: dict[str, list[float]] = {name: [] for name in SERVER_VIEWS}
    for _ in range(rounds):
        order = list(SERVER_VIEWS)
        random.shuffle(order)
        for name in order:
            at = opened(name)
            started = time.process_time()
            at.run()
            cpu[name].append(time.process_time() - started)
    base = statistics.median(cpu["minimal"])
    for name, values in cpu.items():
        print(json.dumps({"measure": "server_cpu_per_open", "view": name,
                          "ms": round(statistics.median(values) * 1000), "min_ms": round(min(values) * 1000),
                          "max_ms": round(max(values) * 1000), "vs_minimal": round(statistics.median(values) / base, 2),
                          "n": len(values), "load": round(os.getloadavg()[0], 2)}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rounds", nargs="?", type=int, default=7)
    parser.add_argument("--app-port", type=int, default=8683)
    parser.add_argument("--minimal-port", type=int, default=8684)
    parser.add_argument("--server", action="store_true", help="server CPU per open (AppTest), no browser")
    args = parser.parse_args()
    if args.server:
        server_cpu(args.rounds)
        return
    asyncio.run(measure(args.rounds, args.app_port, args.minimal_port))


if __name__ == "__main__":
    main()
