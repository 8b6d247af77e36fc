"""A real server on a free port and a real Chromium, with two guards on every
page: no console error and no request to any host but the app's own."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str | None:
    """Debian's Chromium where present (Playwright cannot download one here); else Playwright's own."""
    for candidate in (os.environ.get("ONEBYONE_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    path = chromium_path()
    return {**args, "executable_path": path} if path else args


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server():
    """``uvicorn app.main:app`` on a free port, as the browser tests use it; yields its URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as r:
                if r.status == 200:
                    break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("the app did not start") from None
            time.sleep(0.1)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def server_url():
    with running_server() as url:
        yield url


class PageProblems:
    """Console errors, page errors and outside requests seen during a test."""

    def __init__(self):
        self.console_errors: list[str] = []
        self.outside_requests: list[str] = []
        self.allowed: list[str] = []

    def allow(self, fragment: str) -> None:
        """Expect console errors containing ``fragment`` (e.g. the browser's own 422 log line)."""
        self.allowed.append(fragment)

    def assert_clean(self):
        assert not self.outside_requests, f"requests to other hosts: {self.outside_requests}"
        unexpected = [e for e in self.console_errors if not any(a in e for a in self.allowed)]
        assert not unexpected, f"console errors: {unexpected}"


@pytest.fixture
def problems():
    return PageProblems()


@pytest.fixture
def app_page(page, server_url, problems):
    """A page wired to fail the test on any console error or outside request."""
    own = server_url + "/"

    def guard(route):
        if route.request.url.startswith(own):
            route.continue_()
        else:
            problems.outside_requests.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("console", lambda m: problems.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.console_errors.append(str(e)))
    page.set_default_timeout(10_000)
    yield page
    problems.assert_clean()
