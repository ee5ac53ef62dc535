"""The real app as a server for the browser tests: `streamlit run dashboard.py` on a free loopback port, with the
flags that keep it off the network, waited for until it answers, and stopped afterwards."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class AppServer:
    process: subprocess.Popen[bytes]
    url: str

    def stop(self) -> str:
        """Stop the server; returns everything it printed."""
        self.process.terminate()
        try:
            output = self.process.communicate(timeout=10)[0]
        except subprocess.TimeoutExpired:
            self.process.kill()
            output = self.process.communicate()[0]
        return output.decode(errors="replace")


def start_app(env: Mapping[str, str] | None = None, timeout: float = 60) -> AppServer:
    """Start the app (users see no error details, config.toml; the tests must see them) and wait for its health
    endpoint; fails the test with the server's output if it does not come up."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.port", str(port),
         "--client.showErrorDetails", "full"],
        cwd=ROOT, env=dict(env) if env is not None else None, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return AppServer(process, url)
        except OSError:
            time.sleep(0.3)
    process.kill()
    output = process.communicate()[0].decode(errors="replace")
    pytest.fail("Streamlit did not start: " + output[-2000:])
