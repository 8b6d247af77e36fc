"""The deploy tests drive the same Chromium as the browser tests."""

from tests.e2e.conftest import browser_type_launch_args  # noqa: F401 (a fixture, used by pytest-playwright)
