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
    """Debian's Chromium where present (Playwright cannot download one here), its headless shell
    first (the same Blink and V8 without the desktop browser: pages load in about half the time);
    else Playwright's own, which is a headless shell too."""
    candidates = (os.environ.get("ONEBYONE_CHROMIUM"), "/usr/bin/chromium-headless-shell", "/usr/bin/chromium", "/usr/bin/chromium-browser")
    for candidate in candidates:
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


class SharedPage:
    """One context and one page for a module's tests. Each test still opens its own URL, but the
    scripts the browser has compiled (plotly.js above all: two seconds on a cold page) stay warm
    from test to test. The guards report to the running test's ``PageProblems``; between tests
    the page goes back to a blank document at the context's viewport, without permissions or storage."""

    def __init__(self, browser, context_args: dict, own: str):
        self.context_args = context_args
        self.own = own
        self.context = browser.new_context(**context_args)
        self.problems: PageProblems | None = None
        self.page = None

    def _open(self):
        page = self.context.new_page()

        def guard(route):
            if route.request.url.startswith(self.own):
                route.continue_()
            else:
                if self.problems is not None:
                    self.problems.outside_requests.append(route.request.url)
                route.abort()

        def report(text: str) -> None:
            if self.problems is not None:
                self.problems.console_errors.append(text)

        page.route("**/*", guard)
        page.on("console", lambda m: report(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: report(str(e)))
        page.set_default_timeout(10_000)
        return page

    def lend(self, problems: PageProblems):
        if self.page is None or self.page.is_closed():
            self.page = self._open()
        self.problems = problems
        return self.page

    def give_back(self) -> None:
        """A blank document at the context's own size, no permission granted, nothing stored; a page that will not
        get there is replaced."""
        self.problems = None
        try:
            self.context.clear_permissions()
            if self.page.url.startswith(self.own):  # what the page kept on this device (the theme, the guided path)
                self.page.evaluate("() => localStorage.clear()")
            viewport = self.context_args.get("viewport") or {"width": 1280, "height": 720}
            if self.page.viewport_size != viewport:
                self.page.set_viewport_size(viewport)
            self.page.goto("about:blank")
        except Exception:  # a crashed or wedged page: the next test gets a new one
            self.page.close()
            self.page = None

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def shared_page(browser, browser_context_args, server_url, request):
    marker = next(request.node.iter_markers("browser_context_args"), None)
    args = {**browser_context_args, **(marker.kwargs if marker else {})}
    shared = SharedPage(browser, args, server_url + "/")
    yield shared
    shared.close()


@pytest.fixture
def app_page(shared_page, problems):
    """A page wired to fail the test on any console error or outside request.

    It is the module's shared page: a test that needs a browser state of its own (storage,
    permissions, a listener it leaves behind) takes pytest-playwright's ``page`` instead."""
    page = shared_page.lend(problems)
    yield page
    shared_page.give_back()
    problems.assert_clean()
