"""Shared parts of the benchmark: the two servers, what /proc says about them, and the statistics.

Only loopback addresses are used. CPU and memory come from /proc (Linux): utime+stime in /proc/<pid>/stat and
VmRSS in /proc/<pid>/status, summed over the server process and its descendants.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINIMAL_PAGE = ROOT / "bench" / "minimal_page.py"
HOST = "127.0.0.1"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _stat_fields(pid: int) -> list[str]:
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()  # fields from the 3rd (state) on; the name may hold spaces


def descendants(pid: int) -> list[int]:
    """The process and every process below it (found by scanning /proc for parent ids)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int(_stat_fields(int(entry.name))[1])
            except (OSError, ValueError, IndexError):
                continue  # the process ended while we looked
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def cpu_seconds(pid: int) -> float:
    """User+system CPU time of the process tree: live processes' utime+stime, plus the root's reaped children."""
    ticks = 0
    for index, member in enumerate(descendants(pid)):
        try:
            fields = _stat_fields(member)
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
        if index == 0:
            ticks += int(fields[13]) + int(fields[14])  # cutime, cstime of children already waited for
    return ticks / CLOCK_TICKS


def rss_bytes(pid: int) -> int:
    """Resident memory of the process tree (VmRSS of each process, summed)."""
    total = 0
    for member in descendants(pid):
        try:
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


@dataclass
class Server:
    """`streamlit run <script>` on a free loopback port, with the flags `make run` uses."""

    script: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, timeout: float = 90) -> None:
        handle, name = tempfile.mkstemp(prefix=f"bench-{self.script.stem}-", suffix=".log")
        self.log = Path(name)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(self.script.relative_to(ROOT)),
             "--server.headless", "true", "--server.address", HOST, "--browser.gatherUsageStats", "false",
             "--server.port", str(self.port)],
            cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT,
        )
        os.close(handle)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.script.name} did not start: {self.log.read_text(errors='replace')[-2000:]}")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


def spread(values: list[float]) -> tuple[float, float]:
    """p10–p90 when there are at least 10 values, else min–max."""
    ordered = sorted(values)
    if len(ordered) < 10:
        return ordered[0], ordered[-1]
    deciles = statistics.quantiles(ordered, n=10, method="inclusive")
    return deciles[0], deciles[-1]


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile (0–1), interpolated between the nearest values."""
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
