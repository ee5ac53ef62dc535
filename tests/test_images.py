"""Chart images: real PNG/SVG through one long-lived browser when Chromium is installed (CI installs it), and a
clear Nynorsk message, never a hang or a download, when it is not."""

from __future__ import annotations

import os
import struct
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import plotly.graph_objects as go
import pytest

from indicators.model import Provenance
from indicators.present import charts, images

CHROMIUM = Path(images.DEFAULT_BROWSER)
needs_chromium = pytest.mark.skipif(
    not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)), reason="Debian chromium is not installed"
)


@pytest.fixture
def no_browser(tmp_path, monkeypatch):
    """Point the exporter at a browser that does not exist, and start from a clean exporter."""
    images.shutdown()
    monkeypatch.setenv(images.BROWSER_ENV, str(tmp_path / "no-such-chromium"))
    yield tmp_path / "no-such-chromium"
    images.shutdown()


@pytest.fixture
def figure() -> go.Figure:
    fig = go.Figure(go.Scatter(x=[2020, 2021, 2022], y=[11600.0, None, 11709.0], name="Hallingdal"))
    source = Provenance(dataset="population", title="Folkemengd", source="Statistisk sentralbyrå", table_id="07459",
                        retrieved_at="2026-11-26T21:52:02Z")
    return charts.finish_figure(fig, title="Folketalet i Hallingdal", provenances=[source], height=500)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


# --- without a browser ------------------------------------------------------------------------------------

def test_missing_browser_is_reported_in_nynorsk(no_browser):
    assert images.images_available() is False
    reason = images.unavailable_reason()
    assert reason is not None
    assert str(no_browser) in reason and "Chromium" in reason and images.BROWSER_ENV in reason


def test_render_without_browser_raises_a_clear_error_and_starts_nothing(no_browser, figure):
    starts = images.exporter_starts()
    with pytest.raises(images.ImageExportError, match="krev nettlesaren Chromium"):
        images.render_image(figure, "png")
    with pytest.raises(images.ImageExportError):
        images.render_images(figure)
    assert images.exporter_starts() == starts


def test_a_file_that_is_not_executable_is_no_browser(tmp_path, monkeypatch):
    fake = tmp_path / "chromium"
    fake.write_text("not a program")
    fake.chmod(0o644)
    monkeypatch.setenv(images.BROWSER_ENV, str(fake))
    assert images.images_available() is False


def test_a_browser_that_will_not_start_gives_an_error_not_a_hang(tmp_path, monkeypatch, figure):
    images.shutdown()
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setenv(images.BROWSER_ENV, str(broken))
    try:
        assert images.images_available() is True  # looks like a browser until it is started
        with pytest.raises(images.ImageExportError, match="kunne ikkje startast"):
            images.render_image(figure, "png")
        # remembered, so pages do not wait for the broken browser again on every render
        assert "kunne ikkje startast" in (images.unavailable_reason() or "")
        assert images.images_available() is False
    finally:
        images.shutdown()
    assert images.unavailable_reason() is None


def test_unknown_format_is_refused(figure):
    with pytest.raises(ValueError):
        images.render_image(figure, "gif")  # type: ignore[arg-type]


class FakeKaleido:
    """Stands in for kaleido.Kaleido: records how it was made and what it was asked to draw."""

    instances: list[FakeKaleido] = []

    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.rendered: list[str] = []
        self.closed = False
        FakeKaleido.instances.append(self)

    async def open(self):
        return None

    async def calc_fig(self, fig, opts=None):
        self.rendered.append(opts["format"])
        return f"{opts['format']}:{opts['width']}x{opts['height']}".encode()

    async def close(self):
        self.closed = True


def test_one_export_browser_for_many_images_without_any_download(tmp_path, monkeypatch, figure):
    import kaleido

    def forbidden(*args, **kwargs):
        raise AssertionError("the exporter must never download a browser")

    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\nexit 0\n")
    browser.chmod(0o755)
    images.shutdown()
    FakeKaleido.instances = []
    monkeypatch.setenv(images.BROWSER_ENV, str(browser))
    monkeypatch.setattr(kaleido, "Kaleido", FakeKaleido)
    monkeypatch.setattr(kaleido, "get_chrome", forbidden)
    monkeypatch.setattr(kaleido, "get_chrome_sync", forbidden)
    try:
        assert images.render_image(figure, "png", width=640, height=360) == b"png:640x360"
        height = figure.layout.height  # the figure's own (500, and room for a second source line)
        assert images.render_images(figure, width=800) == {"png": f"png:800x{height}".encode(),
                                                            "svg": f"svg:800x{height}".encode()}
        assert len(FakeKaleido.instances) == 1  # one long-lived browser, not one per image
        made = FakeKaleido.instances[0]
        assert made.rendered == ["png", "png", "svg"]
        wrapper = Path(made.kwargs["path"])  # starts the configured browser with the offline switches
        script = wrapper.read_text(encoding="utf-8")
        assert script.startswith(f"#!/bin/sh\nexec '{browser}' ")
        assert "'--disable-background-networking'" in script
        assert made.kwargs["proxy_server"] == images.REFUSING_PROXY
        assert made.kwargs["mathjax"] is False  # kaleido would fetch MathJax from a CDN otherwise
    finally:
        images.shutdown()
    assert FakeKaleido.instances[0].closed


# --- with Debian chromium ---------------------------------------------------------------------------------

@needs_chromium
def test_png_has_the_asked_size(monkeypatch, figure):
    monkeypatch.delenv(images.BROWSER_ENV, raising=False)
    data = images.render_image(figure, "png", width=800, height=450, scale=2)
    assert png_size(data) == (1600, 900)


@needs_chromium
def test_svg_carries_title_and_source_line(monkeypatch, figure):
    monkeypatch.delenv(images.BROWSER_ENV, raising=False)
    svg = images.render_image(figure, "svg").decode("utf-8")
    assert svg.lstrip().startswith("<svg")
    assert "Folketalet i Hallingdal" in svg
    assert "Kjelde: Statistisk sentralbyrå, tabell 07459" in svg


@needs_chromium
def test_a_two_line_title_is_whole_in_the_image(monkeypatch, tmp_path):
    """The first line of a wrapped title starts below the image's top edge (it was cut off in the PNG/SVG)."""
    import re

    import pandas as pd

    monkeypatch.delenv(images.BROWSER_ENV, raising=False)
    monkeypatch.setenv("DASHBOARD_IMAGE_CACHE", str(tmp_path))
    fig = go.Figure(go.Scatter(x=[2017, 2022], y=[10535.0, 11105.0]))
    source = Provenance(dataset="employment", title="t", source="Statistisk sentralbyrå", table_id="11618",
                        retrieved_at="2026-11-26T21:52:02Z")
    charts.finish_figure(fig, title="Arbeidsplassane i Hallingdal har auka med 88 (+0,8 %) sidan 2021",
                         provenances=[source])
    chart = charts.Chart(fig, pd.DataFrame(), [source], "Arbeidsplassar", "jobs")
    svg = images.render_image(chart.figure, "svg", width=1200).decode("utf-8")
    title = re.search(r'<g class="g-gtitle">(.*?)</g>', svg, re.S)
    assert title is not None
    baselines = [float(y) for y in re.findall(r'<tspan class="line"[^>]* y="([-\d.]+)"', title.group(1))]
    assert len(baselines) == 2, title.group(1)  # two lines
    ascent = 0.75 * charts.TITLE_FONT_SIZE  # the capitals reach this far above the baseline
    assert baselines[0] - ascent >= 0


@needs_chromium
def test_one_browser_serves_many_images(monkeypatch, figure):
    monkeypatch.delenv(images.BROWSER_ENV, raising=False)
    images.render_image(figure, "png")  # warm-up: starts the browser if no earlier test did
    starts = images.exporter_starts()
    made = images.render_images(figure)
    for _ in range(3):
        images.render_image(figure, "png", scale=1)
    assert set(made) == {"png", "svg"}
    assert images.exporter_starts() == starts


@needs_chromium
def test_concurrent_callers_each_get_their_own_image(monkeypatch, figure):
    """Several Streamlit sessions at once: every caller gets the image it asked for, never another's."""
    monkeypatch.delenv(images.BROWSER_ENV, raising=False)
    heights = [300, 360, 420, 480, 540, 600]
    with ThreadPoolExecutor(max_workers=len(heights)) as pool:
        results = list(pool.map(lambda h: images.render_image(figure, "png", width=640, height=h, scale=1), heights))
    assert [png_size(r) for r in results] == [(640, h) for h in heights]


@needs_chromium
def test_a_browser_started_in_the_background_is_the_one_that_draws(monkeypatch, figure):
    """`report` starts the browser while it evaluates the plan: the first image then uses that browser."""
    monkeypatch.delenv(images.BROWSER_ENV, raising=False)
    images.shutdown()
    starts = images.exporter_starts()
    images.start_in_background()
    images.start_in_background()  # a second call while the first is starting starts nothing more
    data = images.render_image(figure, "png", width=400, height=300, scale=1)
    assert png_size(data) == (400, 300)
    assert images.exporter_starts() == starts + 1


@needs_chromium
def test_a_process_that_ends_while_the_browser_starts_ends_cleanly():
    """`report` with every chart in the image folder ends while the browser it started is still starting: the exit
    waits for the start and closes it (no traceback about the profile folder, no Chromium left behind)."""
    import subprocess
    import sys

    code = ("import time; from indicators.present import images; images.start_in_background(); "
            "time.sleep(0.3); print('ended')")  # the report's own work while the browser starts
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=90,
                          cwd=Path(__file__).resolve().parent.parent, env={**os.environ, "PYTHONPATH": "."})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ended"
    assert "Directory not empty" not in done.stderr, done.stderr  # the profile folder removed under Chromium


def test_background_start_without_a_browser_does_nothing_and_the_image_says_why(no_browser, figure):
    starts = images.exporter_starts()
    images.start_in_background()
    with pytest.raises(images.ImageExportError, match="Chromium"):
        images.render_image(figure, "png")
    assert images.exporter_starts() == starts


@needs_chromium
def test_an_image_drawn_once_is_read_from_the_image_folder_not_drawn_again(tmp_path, monkeypatch, figure):
    monkeypatch.delenv(images.BROWSER_ENV, raising=False)
    monkeypatch.setenv("DASHBOARD_IMAGE_CACHE", str(tmp_path / "drawn"))
    assert not images.is_drawn(figure, "svg", width=500, height=300)
    first = images.render_image(figure, "svg", width=500, height=300)
    assert images.is_drawn(figure, "svg", width=500, height=300)
    assert [p.suffix for p in (tmp_path / "drawn").iterdir()] == [".svg"]
    images.shutdown()
    starts = images.exporter_starts()
    assert images.render_image(figure, "svg", width=500, height=300) == first
    assert images.exporter_starts() == starts  # no browser was needed


@needs_chromium
def test_a_changed_figure_or_size_is_drawn_anew(tmp_path, monkeypatch, figure):
    monkeypatch.delenv(images.BROWSER_ENV, raising=False)
    monkeypatch.setenv("DASHBOARD_IMAGE_CACHE", str(tmp_path))
    images.render_image(figure, "svg", width=500, height=300)
    changed = go.Figure(figure).update_layout(title=dict(text="Ein annan tittel"))
    assert not images.is_drawn(changed, "svg", width=500, height=300)
    assert not images.is_drawn(figure, "svg", width=501, height=300)
    assert not images.is_drawn(figure, "png", width=500, height=300)
    assert "Ein annan tittel" in images.render_image(changed, "svg", width=500, height=300).decode("utf-8")
    assert len(list(tmp_path.iterdir())) == 2


def test_image_folder_off_and_an_unwritable_folder_only_mean_drawing_again(tmp_path, monkeypatch, figure):
    monkeypatch.setenv("DASHBOARD_IMAGE_CACHE", "off")
    assert images.image_cache_dir() is None
    assert not images.is_drawn(figure, "svg")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("DASHBOARD_IMAGE_CACHE", str(blocker / "images"))  # cannot be created
    images._keep(images.image_cache_dir() / "x.svg", b"<svg/>")  # best effort: no exception
    assert not images.is_drawn(figure, "svg")


# --- the download row under every chart -------------------------------------------------------------------

def _chart_page():
    import pandas as pd
    import plotly.graph_objects as go

    from indicators.model import Provenance
    from indicators.present import charts
    from ui.figures import show_chart

    data = pd.DataFrame({"region_code": ["3320", "3320"], "region_name": ["Flå", "Flå"], "period": [2022, 2023],
                         "value": [1000.0, 1010.0], "status": ["", ""]})
    source = Provenance(dataset="population", title="Folkemengd", source="Statistisk sentralbyrå", table_id="07459")
    fig = charts.line_chart(data, title="Folketal, Flå", provenances=[source])
    assert isinstance(fig, go.Figure)
    show_chart(fig, key="test_chart", data=data, provenances=[source], title="Folketal, Flå")


def _labels(at) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def _data_labels() -> list[str]:
    from indicators.present.texts import export as export_texts

    return ["CSV", export_texts.EXCEL_CSV_LABEL, "Excel", "ZIP"]


def test_without_a_browser_the_image_button_explains_and_data_downloads_remain(no_browser):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_chart_page, default_timeout=60)
    at.run()
    assert not at.exception
    assert _labels(at) == _data_labels()
    image_button = at.button(key="img_test_chart")
    assert image_button.disabled
    assert "krev nettlesaren Chromium" in " ".join(c.value for c in at.caption)


@needs_chromium
def test_images_are_made_on_request_and_offered_for_download(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.delenv(images.BROWSER_ENV, raising=False)
    at = AppTest.from_function(_chart_page, default_timeout=60)
    at.run()
    assert _labels(at) == _data_labels()  # nothing is drawn until asked for
    at.button(key="img_test_chart").click().run()
    assert not at.exception
    assert _labels(at) == [*_data_labels(), "PNG", "SVG"]
