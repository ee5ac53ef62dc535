"""Nothing phones out: chart images and the report's PDF (Chromium) and every page of the app send nothing beyond
the loopback.

Run under `strace -f`, which records every socket call of the process and its children (Chromium included),
whether or not the network would have answered.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")

# A chart image (Chromium via kaleido) and the report printed to PDF (the same offline Chromium), in one process.
EXPORT_SCRIPT = """
import plotly.graph_objects as go
from indicators.present import images, report_pdf
png = images.render_image(go.Figure(go.Bar(x=[2020, 2021], y=[1, 2])), "png")
assert png.startswith(b"\\x89PNG"), png[:8]
pdf = report_pdf.print_html("<!DOCTYPE html><html lang='nn'><body><h1>Statusrapport</h1></body></html>")
assert pdf.startswith(b"%PDF"), pdf[:8]
images.shutdown()
print("ok")
"""

_INET = re.compile(r'sin_addr=inet_addr\("([^"]+)"\)')
_INET6 = re.compile(r'inet_pton\(AF_INET6, "([^"]+)"')
_CALL = re.compile(r"^\d+\s+(connect|sendto|sendmsg)\(\d+<(\w+)")  # strace -yy names the socket: <TCPv6:…>
_REMOTE = re.compile(r"->\[?([0-9A-Fa-f:.]+?)\]?:\d+\]")  # a connected socket's peer in its name
LOOPBACK = ("::1", "::ffff:127.0.0.1")


def _outside(line: str) -> bool:
    addresses = [*_INET.findall(line), *_INET6.findall(line), *_REMOTE.findall(line)]
    return any(not (a.startswith("127.") or a in LOOPBACK) for a in addresses)


def outside_traffic(trace: str) -> tuple[list[str], list[str]]:
    """(attempts, probes) in an `strace -yy` log of connect/sendto/sendmsg calls.

    An attempt is a TCP connect to an address off the loopback, or a datagram sent to one. A probe is a UDP
    `connect` to an outside address, which sends nothing: Chromium does this to learn which local address
    would be used (its IPv6 reachability check). A send on such a socket names the remote address in
    strace's socket name, so it counts as an attempt."""
    attempts: list[str] = []
    probes: list[str] = []
    for line in trace.splitlines():
        match = _CALL.match(line)
        if not match or not _outside(line):
            continue
        call, protocol = match.groups()
        (probes if call == "connect" and protocol.startswith("UDP") else attempts).append(line.strip())
    return attempts, probes


IPV6_ROUTE_PROBE = ('sin6_port=htons(443)', '"2001:4860:4860::8888"')  # see images.OFFLINE_SWITCHES


def unexplained(probes: list[str]) -> list[str]:
    """The UDP connects that are not Chromium's IPv6 route probe (which sends nothing; images.py says why it
    stays): a connect to a resolver on port 53, or anywhere else, is not allowed either."""
    return [p for p in probes if not all(part in p for part in IPV6_ROUTE_PROBE)]


def test_the_strace_reader_tells_traffic_from_a_route_probe():
    log = "\n".join([
        '12 connect(5<TCP:[1]>, {sa_family=AF_INET, sin_addr=inet_addr("142.250.74.10")}, 16) = -1',
        '12 connect(6<TCP:[2]>, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("127.0.0.1")}, 16) = -1',
        '13 connect(7<UDPv6:[3]>, {sa_family=AF_INET6, inet_pton(AF_INET6, "2001:4860::8888", &x)}, 28) = 0',
        '13 sendto(8<UDP:[10.0.0.5:4000->10.0.0.2:53]>, "query", 5, 0, NULL, 0) = 5',
        '13 sendto(9<UDP:[127.0.0.1:4000->127.0.0.53:53]>, "query", 5, 0, NULL, 0) = 5',
    ])
    attempts, probes = outside_traffic(log)
    assert len(attempts) == 2
    assert "142.250.74.10" in attempts[0]
    assert "10.0.0.2" in attempts[1]
    assert len(probes) == 1
    assert "2001:4860::8888" in probes[0]
    assert unexplained(probes) == probes  # not the route probe's address and port: not allowed
    route = ('9 connect(8<UDPv6:[4]>, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), '
             'inet_pton(AF_INET6, "2001:4860:4860::8888", &sin6_addr), sin6_scope_id=0}, 28) = 0')
    assert unexplained([route]) == []


def traced(script: str, folder: Path, timeout: int) -> str:
    """Run `script` in a new Python under `strace -f` (it and every child: Chromium too); returns the socket calls
    it made. Fails the test if the script fails or does not finish with "ok"."""
    log = folder / "sockets.log"
    result = subprocess.run(
        # --seccomp-bpf: the kernel stops the processes only at these calls, not at every system call
        ["strace", "-f", "--seccomp-bpf", "-qq", "-yy", "-e", "trace=connect,sendto,sendmsg", "-o", str(log),
         sys.executable, "-c", script],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("ok")
    return log.read_text()


@pytest.mark.browser  # Chromium, in a child process
def test_chart_images_and_the_pdf_report_send_nothing_beyond_the_loopback(tmp_path):
    """A chart image export and the report printed to PDF (the same offline Chromium as the images), one process
    under strace: no connection and no datagram leaves the loopback."""
    if not CHROMIUM.exists() or shutil.which("strace") is None:
        if os.environ.get("CI"):
            pytest.fail("CI skal ha /usr/bin/chromium og strace")
        pytest.skip("needs /usr/bin/chromium and strace")
    trace = traced(EXPORT_SCRIPT, tmp_path, timeout=180)
    assert "connect(" in trace  # strace followed the processes (Chromium opens local sockets)
    attempts, route_probes = outside_traffic(trace)
    assert attempts == []
    assert unexplained(route_probes) == []


APP_SCRIPT = """
from streamlit.testing.v1 import AppTest
from ui.navigation import PAGE_TABLE
at = AppTest.from_file("streamlit_app.py", default_timeout=120).run()
assert not at.exception, at.exception
for entry in PAGE_TABLE[1:]:
    at.switch_page(entry.file).run()
    assert not at.exception, (entry.file, at.exception)
print("ok")
"""


def test_every_page_of_the_app_sends_nothing_beyond_the_loopback(tmp_path):
    """The app's own code, every page through streamlit_app.py (Streamlit's test runner, in one process), under strace:
    no page fetches anything (fonts, icons, data) from outside the machine."""
    if shutil.which("strace") is None:
        if os.environ.get("CI"):
            pytest.fail("CI skal ha strace")
        pytest.skip("needs strace")
    attempts, _route_probes = outside_traffic(traced(APP_SCRIPT, tmp_path, timeout=300))
    assert attempts == []
