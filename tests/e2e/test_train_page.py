"""The training panel in a real browser against a real server: the numbers are the server's,
the walk-through steps by keyboard and keeps its step in the URL."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.helpers import MINUS, address, cell_number, rendered, wait_rendered_after, wait_until

pytestmark = pytest.mark.e2e


def api(server_url: str, query: str = "") -> dict:
    with urllib.request.urlopen(f"{server_url}/api/train?{query}") as r:
        return json.load(r)


def shown_step(page) -> str | None:
    return parse_qs(urlparse(address(page)).query).get("step", [None])[0]


def test_the_three_models_show_the_servers_numbers_and_step_by_keyboard(app_page, server_url):
    page = app_page
    page.goto(server_url + "/train?step=1")
    wait_until(page, "() => Number(document.body.dataset.rendered || 0) > 0 && !!document.querySelector('[data-testid=conv-w-0-0]')")
    data = api(server_url)
    one = data["steps"][1]
    assert page.get_by_test_id("nav-train").get_attribute("aria-current") == "page"
    # Step 1: the conv's W and the losses as the server computed them.
    assert cell_number(page, "conv-w-1-2") == round(one["w"][1][2], 3)
    assert page.get_by_test_id("loss-conv").inner_text() == f"Loss {round(one['loss']['conv'], 3)}"
    assert page.get_by_test_id("loss-tied").inner_text() == page.get_by_test_id("loss-conv").inner_text()
    untied = page.get_by_test_id("proof-untied-text").inner_text()
    assert f"{one['untied']['off_count']} of {data['params']['off_block_entries']} entries off the blocks" in untied
    assert "3·3·3 = 27 inputs: a 4×4 image has 48" in untied
    assert page.locator("[data-testid=proof-grad] .proof-label").inner_text().startswith("Gradient of step 1")
    assert page.locator('[data-testid="proof-grad"].proof-ok, [data-testid="proof-tied"].proof-ok').count() == 2
    assert page.get_by_test_id("params-untied").inner_text() == "504 parameters"
    # The curve and the two big matrices are drawn, labelled for screen readers.
    assert page.locator("[data-testid=loss-curve] polyline").count() == 3
    label = page.locator("[data-testid=figure-untied] canvas").get_attribute("aria-label")
    assert f"{one['untied']['off_count']} of 432" in label
    # Keyboard: Tab to Forward, Enter steps to 2, and the URL says so.
    forward = page.get_by_test_id("step-forward")
    forward.focus()
    assert page.evaluate("document.activeElement.dataset.testid") == "step-forward"
    before = page.get_by_test_id("loss-untied").inner_text()
    page.keyboard.press("Enter")
    wait_until(page, "() => new URL(location.href).searchParams.get('step') === '2'")
    two = data["steps"][2]
    shown = page.get_by_test_id("loss-untied").inner_text()
    assert shown != before and shown == f"Loss {round(two['loss']['untied'], 3)}".replace("-", MINUS)
    assert page.get_by_test_id("position").inner_text() == "after 2 of 20 steps"


def test_a_shape_change_retrains_and_one_pixel_never_leaves_the_blocks(app_page, server_url):
    page = app_page
    page.goto(server_url + "/train?h=1&w=1")
    wait_until(page, "() => Number(document.body.dataset.rendered || 0) > 0 && !!document.querySelector('[data-testid=proof-untied-text]')")
    assert page.get_by_test_id("proof-untied-text").inner_text().startswith("Untied FC: no entry off the blocks yet")
    before = rendered(page)
    page.get_by_test_id("lr-select").select_option("0.05")
    wait_rendered_after(page, before)
    assert "lr=0.05" in address(page)
    data = api(server_url, "h=1&w=1&lr=0.05")
    last = data["steps"][-1]["loss"]["conv"]
    assert page.get_by_test_id("loss-conv").inner_text() == f"Loss {round(last, 3)}" or last < 1e-3
    assert shown_step(page) is None  # a new run shows its end
