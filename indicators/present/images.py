"""Chart images (PNG, SVG) rendered on the server by plotly + kaleido in one long-lived headless browser.

Kaleido 1.x draws figures in a Chromium browser. Starting that browser costs about two seconds; drawing one
figure in an open browser costs about 0.15 s. So the app keeps ONE `kaleido.Kaleido` open for its whole life,
on a background event loop, and every image request (from any Streamlit session, the report builder or the
benchmark) is sent to it. It is started lazily, on the first image someone asks for.

This is kaleido's persistent-server pattern (`kaleido.start_sync_server()` keeps one `Kaleido` open in a
background thread the same way), done here with three things that global server lacks:
- a start-up failure (no browser, a browser that will not start) becomes an `ImageExportError` with a
  Nynorsk message; with `start_sync_server` every later `calc_fig_sync` call blocks for ever instead;
- calls from several threads at once are safe (its shared result queue can hand one caller another's image);
- a timeout per image, after which the browser is restarted on the next request.

The browser is Debian's /usr/bin/chromium (or $DASHBOARD_CHROMIUM). Nothing is ever downloaded: no
`plotly_get_chrome`, no `kaleido.get_chrome`, and MathJax (which kaleido would fetch from a CDN) is off.
Nothing phones out either: kaleido cannot pass extra flags to Chromium, so it starts a small wrapper that
adds the flags which switch off background networking, component updates, field trials and first-run
pages, and every request the browser might still make goes to a proxy address on the loopback that refuses
it (a council screen may have no internet, and a public body must not send its visitors' traffic to Google).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable, Coroutine, Iterable
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any, Literal, TypeVar

import plotly.graph_objects as go

from indicators import settings
from indicators.i18n import Message
from indicators.present.texts import downloads as downloads_texts
from indicators.present.texts import message

DEFAULT_BROWSER = "/usr/bin/chromium"
BROWSER_ENV = settings.CHROMIUM
ImageFormat = Literal["png", "svg"]
T = TypeVar("T")
FORMATS: tuple[ImageFormat, ...] = ("png", "svg")
MIME_TYPES: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml"}

DEFAULT_WIDTH = 1200
DEFAULT_HEIGHT = 675
START_TIMEOUT_S = 45.0
RENDER_TIMEOUT_S = 30.0
RETRY_AFTER_S = 300.0  # after a failed browser start, try again at most this often
MAX_CACHED_IMAGES = 2000  # drawn images kept in the image folder (a few MB; see image_cache_dir)


# Chromium switches that stop its own traffic (updates, safe-browsing lists, field trials, metrics, DNS
# prefetching, the new-tab and first-run pages) for the image renderer.
OFFLINE_SWITCHES: tuple[str, ...] = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-features=OptimizationHints,MediaRouter,Translate,NetworkTimeServiceQuerying,AutofillServerCommunication,"
    "WebUIOmniboxPopup,WebUIOmniboxAimPopup",
    "--disable-field-trial-config",
    "--dns-prefetch-disable",
    "--no-first-run",
    "--no-pings",
    "--metrics-recording-only",
    # no host name is ever resolved. Chromium's network service still asks the kernel whether IPv6 has a route:
    # a UDP connect() to 2001:4860:4860::8888 port 443 that sends no packet (seen with strace; neither
    # --disable-features=AsyncDns,DnsOverHttps nor EnableIPv6ReachabilityOverride stops it in Chromium 156).
    # tests/test_offline.py allows exactly that probe and fails on any packet sent or TCP connection tried.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost",
)
# Any request Chromium still makes goes here and is refused at once (port 9: discard, nothing listens).
REFUSING_PROXY = "127.0.0.1:9"


def offline_wrapper(browser: Path, folder: Path) -> Path:
    """An executable that starts `browser` with OFFLINE_SWITCHES before kaleido's own arguments."""
    wrapper = folder / "chromium-offline"
    switches = " ".join(f"'{switch}'" for switch in OFFLINE_SWITCHES)
    wrapper.write_text(f"#!/bin/sh\nexec '{browser}' {switches} \"$@\"\n", encoding="utf-8")
    wrapper.chmod(0o755)
    return wrapper


class ImageExportError(RuntimeError):
    """A chart image could not be made (a message for the user, worded in the language active where it is shown)."""


def browser_path() -> Path:
    """The Chromium the exporter uses: $DASHBOARD_CHROMIUM (or its old alias), else Debian's /usr/bin/chromium."""
    return Path(settings.env(BROWSER_ENV) or DEFAULT_BROWSER)


def unavailable_reason() -> str | None:
    """Why chart images cannot be made here (Nynorsk), or None when they can (as far as we know)."""
    path = browser_path()
    if not path.is_file() or not os.access(path, os.X_OK):
        return downloads_texts.NO_CHROMIUM.format(path=path, variable=BROWSER_ENV)
    return _exporter.current_failure()


def images_available() -> bool:
    """True when a browser is installed (cheap: does not start it)."""
    return unavailable_reason() is None


def _first_line(exc: BaseException) -> str:
    """A short technical detail for a message: choreographer packs its text in a tuple of lines."""
    first = exc.args[0] if exc.args else exc
    if isinstance(first, tuple | list) and first:
        first = first[0]
    lines = str(first).strip().splitlines() or [type(exc).__name__]
    return lines[0][:200]


class _Exporter:
    """One Kaleido (one Chromium) on a background event loop, shared by every caller in the process."""

    def __init__(self) -> None:
        self._wrapper_dir: tempfile.TemporaryDirectory[str] | None = None
        self._lock = threading.Lock()  # guards start/stop, not rendering (the loop serialises that)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._browser: Path | None = None
        self.failure: Message | None = None  # why the last start failed (worded when shown)
        self.failed_at = 0.0
        self.starts = 0  # how many browsers this process has started (for tests and the benchmark)

    def current_failure(self) -> str | None:
        """A failed start is remembered for a while, so every page render does not wait for it again; in the
        language active now."""
        if self.failure is not None and time.monotonic() - self.failed_at > RETRY_AFTER_S:
            self.failure = None
        return None if self.failure is None else str(self.failure)

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def _ensure_started(self) -> None:
        path = browser_path()
        if self._kaleido is not None and self._browser == path:
            return
        if self._kaleido is not None:  # the configured browser changed: restart on the new one
            self._stop_locked()
        reason = unavailable_reason()
        if reason is not None:
            raise ImageExportError(reason)
        import kaleido  # heavy import, only when images are really wanted

        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="chart-image-export", daemon=True)
        thread.start()

        self._wrapper_dir = tempfile.TemporaryDirectory(prefix="chart-images-")
        wrapper = offline_wrapper(path, Path(self._wrapper_dir.name))

        async def open_browser() -> Any:
            k = kaleido.Kaleido(
                n=1, timeout=RENDER_TIMEOUT_S, mathjax=False, path=str(wrapper), proxy_server=REFUSING_PROXY
            )
            await k.open()
            return k

        try:
            k = asyncio.run_coroutine_threadsafe(open_browser(), loop).result(timeout=START_TIMEOUT_S)
        except BaseException as exc:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=5)
            detail = (message(downloads_texts, "IMAGE_BROWSER_TOO_SLOW") if isinstance(exc, FutureTimeout)
                      else _first_line(exc))
            self.failure = message(downloads_texts, "IMAGE_BROWSER_FAILED", path=path, detail=detail)
            self.failed_at = time.monotonic()
            raise ImageExportError(self.failure) from exc
        self._loop, self._thread, self._kaleido, self._browser = loop, thread, k, path
        self.failure = None
        self.starts += 1
        # Registered after the browser's temporary profile folder exists: exit handlers run last-in first-out,
        # so the browser is closed before that folder is removed (else a noisy OSError at interpreter exit).
        atexit.register(self.stop)

    def start(self) -> None:
        """Start the browser now if it is not running (a failed start is remembered, see current_failure)."""
        with contextlib.suppress(ImageExportError), self._lock:
            self._ensure_started()

    def render(self, figure: dict[str, Any], opts: dict[str, Any]) -> bytes:
        with self._lock:
            self._ensure_started()
            loop, k = self._loop, self._kaleido
        assert loop is not None
        future = asyncio.run_coroutine_threadsafe(k.calc_fig(figure, opts=opts), loop)
        try:
            data = future.result(timeout=RENDER_TIMEOUT_S + 5)
        except FutureTimeout as exc:
            future.cancel()
            self.stop()  # a hung browser is replaced on the next request
            raise ImageExportError(message(downloads_texts, "IMAGE_TOO_SLOW")) from exc
        except Exception as exc:  # noqa: BLE001 — anything from the browser becomes one clear message
            if not loop.is_running():
                self.stop()
            raise ImageExportError(message(downloads_texts, "IMAGE_NOT_MADE", detail=_first_line(exc))) from exc
        return data if isinstance(data, bytes) else str(data).encode("utf-8")

    def run(self, job: Callable[[Any], Coroutine[Any, Any, T]], timeout: float) -> T:
        """`job(browser)` on the browser's event loop (the open choreographer browser: new tabs, CDP commands)."""
        with self._lock:
            self._ensure_started()
            loop, k = self._loop, self._kaleido
        assert loop is not None
        future = asyncio.run_coroutine_threadsafe(job(k), loop)
        try:
            return future.result(timeout=timeout)
        except FutureTimeout:
            future.cancel()
            self.stop()
            raise

    def _stop_locked(self) -> None:
        loop, thread, k = self._loop, self._thread, self._kaleido
        self._loop = self._thread = self._kaleido = self._browser = None
        if loop is None:
            return
        if k is not None and loop.is_running():
            with contextlib.suppress(Exception):  # best effort: the browser is going anyway
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(timeout=5)

    def stop(self) -> None:
        with self._lock:
            self._stop_locked()
            self.failure = None


_exporter = _Exporter()


def _figure_dict(fig: go.Figure | dict[str, Any]) -> dict[str, Any]:
    return fig.to_dict() if hasattr(fig, "to_dict") else dict(fig)


def _size(fig: go.Figure | dict[str, Any], width: int | None, height: int | None) -> tuple[int, int]:
    layout = _figure_dict(fig).get("layout", {}) if height is None or width is None else {}
    return (
        int(width or layout.get("width") or DEFAULT_WIDTH),
        int(height or layout.get("height") or DEFAULT_HEIGHT),
    )


IMAGE_CACHE_OFF = "off"


def image_cache_dir() -> Path | None:
    """Where drawn images are kept ($DASHBOARD_IMAGE_CACHE, default var/chart-images/), or None when it is "off".

    Drawing needs the browser (two seconds to start, a fifth of a second per image); an image already drawn for
    exactly the same figure, size and format is read from here instead. The file name is a hash of all of that
    and of the plotly and kaleido versions, so an image can never be one of an older figure."""
    configured = settings.env(settings.IMAGE_CACHE)
    if configured is not None and configured.strip().lower() == IMAGE_CACHE_OFF:
        return None
    return Path(configured) if configured else settings.PROJECT_ROOT / "var" / "chart-images"


def _image_key(figure: dict[str, Any], opts: dict[str, Any]) -> str:
    import hashlib
    from importlib import metadata

    versions = {name: metadata.version(name) for name in ("plotly", "kaleido")}
    text = json.dumps({"figure": figure, "opts": opts, "versions": versions}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _cache_file(figure: dict[str, Any], opts: dict[str, Any]) -> Path | None:
    folder = image_cache_dir()
    return folder / f"{_image_key(figure, opts)}.{opts['format']}" if folder is not None else None


def _read_cached(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        return path.read_bytes() or None
    except OSError:
        return None


def _keep(path: Path | None, data: bytes) -> None:
    """Best effort: a folder that cannot be written (a read-only installation) only means drawing again."""
    if path is None:
        return
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        partial.write_bytes(data)
        partial.replace(path)  # atomic: a reader sees the whole image or none
        _prune(path.parent)


def _prune(folder: Path) -> None:
    """Keep the newest MAX_CACHED_IMAGES images."""
    files = [f for f in folder.iterdir() if f.suffix in (".png", ".svg")]
    if len(files) <= MAX_CACHED_IMAGES:
        return
    files.sort(key=lambda f: f.stat().st_mtime_ns)
    for old in files[: len(files) - MAX_CACHED_IMAGES]:
        with contextlib.suppress(OSError):
            old.unlink()


def _options(fig: go.Figure | dict[str, Any], fmt: ImageFormat, width: int | None, height: int | None,
             scale: float) -> dict[str, Any]:
    if fmt not in FORMATS:
        raise ValueError(message(downloads_texts, "IMAGE_UNKNOWN_FORMAT", format=fmt))
    w, h = _size(fig, width, height)
    return {"format": fmt, "width": w, "height": h, "scale": scale if fmt == "png" else 1}


def is_drawn(
    fig: go.Figure | dict[str, Any], fmt: ImageFormat = "png", *, width: int | None = None,
    height: int | None = None, scale: float = 2.0,
) -> bool:
    """Whether `render_image` with these arguments would read the image from the image folder (no browser)."""
    path = _cache_file(_figure_dict(fig), _options(fig, fmt, width, height, scale))
    return path is not None and path.is_file()


def render_image(
    fig: go.Figure | dict[str, Any],
    fmt: ImageFormat = "png",
    *,
    width: int | None = None,
    height: int | None = None,
    scale: float = 2.0,
) -> bytes:
    """The chart as PNG or SVG bytes; raises ImageExportError (worded where shown) when it cannot be made.

    Width and height default to the figure's own layout size (else 1200 × 675); `scale` multiplies the
    pixels of a PNG (2 = sharp on paper and on high-resolution screens) and does not affect SVG.
    """
    opts = _options(fig, fmt, width, height, scale)
    figure = _figure_dict(fig)
    path = _cache_file(figure, opts)
    cached = _read_cached(path)
    if cached is not None:
        return cached
    data = _exporter.render(figure, opts)
    _keep(path, data)
    return data


def render_images(
    fig: go.Figure | dict[str, Any],
    formats: Iterable[ImageFormat] = FORMATS,
    *,
    width: int | None = None,
    height: int | None = None,
    scale: float = 2.0,
) -> dict[str, bytes]:
    """Several formats of one chart, e.g. {"png": …, "svg": …}, through the same browser."""
    figure = _figure_dict(fig)
    return {fmt: render_image(figure, fmt, width=width, height=height, scale=scale) for fmt in formats}


def start_in_background() -> None:
    """Start the export browser on a background thread, so its start (a second or two) overlaps with work the
    caller still has to do before the first image (the report builds the rest of its document meanwhile).
    A browser that cannot start is only remembered: the first image then raises the usual ImageExportError."""
    if unavailable_reason() is None and not _exporter.running:
        # Not a daemon: a process that ends while the browser starts waits for the start (at most
        # START_TIMEOUT_S) before its exit handlers run, so the browser is closed as usual. Cut off mid-start,
        # it left Chromium's processes behind and an OSError about its profile folder.
        threading.Thread(target=_exporter.start, name="chart-image-export-start").start()


def run_in_browser(job: Callable[[Any], Coroutine[Any, Any, T]], timeout: float) -> T:
    """Run `job(browser)` in the export browser (started if needed), for other print jobs than chart images (the
    report's PDF), so they get the same offline Chromium. Raises ImageExportError when it cannot start, and
    concurrent.futures.TimeoutError after `timeout` seconds (the browser is then restarted on the next use)."""
    return _exporter.run(job, timeout)


def shutdown() -> None:
    """Close the export browser (it starts again on the next image) and forget a failed start."""
    _exporter.stop()


def exporter_starts() -> int:
    """How many export browsers this process has started: stays 1 while images are made one after another."""
    return _exporter.starts
