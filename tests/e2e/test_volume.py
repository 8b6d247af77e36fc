"""The channel mixer drawn as volumes: the filters as 1×1×C_in sticks, the column through the walk's pixel."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import urlparse

import pytest

from tests.e2e.helpers import MINUS, address, open_mixer, wait_until

pytestmark = pytest.mark.e2e

# LeCun's FC 3 -> 2 on a 2×2 image: W = [[0, 1, 1], [2, 3, 5]], b = [8, 13].
LECUN = "h=2&w=2&cin=3&cout=2&x=1,2,3,-1,0,2,2,-1,1,0,-3,-6&weight=0,1,1,2,3,5&bias=8,13"


def api(server_url: str, query: str) -> dict:
    with urllib.request.urlopen(f"{server_url}/api/mixer?{query}") as r:
        return json.load(r)


def svg_number(page, testid: str) -> float:
    return float(page.get_by_test_id(testid).text_content().replace(MINUS, "-"))


def test_the_filters_are_sticks_of_the_servers_weights_and_the_column_meets_them(app_page, server_url):
    data = api(server_url, LECUN)
    open_mixer(app_page, f"{server_url}/?{LECUN}&look=volume&step=1")
    assert app_page.get_by_test_id("volume").is_visible() and not app_page.get_by_test_id("stage").is_visible()
    # Each output channel's filter is one 1×1×3 stick: row o of W, with its bias.
    for o in range(2):
        assert [svg_number(app_page, f"vol-w-{o}-{c}") for c in range(3)] == data["weight"][o]
        assert svg_number(app_page, f"vol-b-{o}") == data["bias"][o]
    # Step 1 is pixel (0, 1): its column of 3 values pierces the 3 input maps; each filter writes one output.
    assert [svg_number(app_page, f"vol-column-{c}") for c in range(3)] == data["x"][0][1] == [-1, 0, 2]
    assert [svg_number(app_page, f"vol-out-{o}") for o in range(2)] == data["y"][0][1] == [10, 21]
    # Pixels after the current one are still to come, in every output map.
    for o in range(2):
        assert app_page.get_by_test_id(f"vol-y-{o}").locator(".vol-cell.pending").count() == 2
    assert app_page.get_by_test_id("volume-filter-0").inner_text() == "filter o0: 1×1×3 = [0, 1, 1], bias 8. At pixel (0, 1) it writes 10."
    facts = app_page.get_by_test_id("volume-facts").inner_text()
    assert "2 filters of 1×1×3, that is 2·3 = 6 weights and 2 biases, give 2 output maps of 2×2, not 3·2 = 6" in facts

    app_page.get_by_test_id("step-forward").click()
    wait_until(app_page, "() => document.querySelector('[data-testid=vol-column-0]').textContent === '2'")
    assert [svg_number(app_page, f"vol-column-{c}") for c in range(3)] == data["x"][1][0]
    assert [svg_number(app_page, f"vol-out-{o}") for o in range(2)] == data["y"][1][0]


def test_the_drawing_is_chosen_in_the_page_and_kept_in_its_link(app_page, server_url):
    open_mixer(app_page, f"{server_url}/?{LECUN}")
    assert app_page.get_by_test_id("stage").is_visible() and not app_page.get_by_test_id("volume").is_visible()
    app_page.get_by_test_id("look-volume").check()
    wait_until(app_page, "() => location.search.includes('look=volume')")
    assert app_page.get_by_test_id("volume").is_visible() and not app_page.get_by_test_id("stage").is_visible()
    # A preset changes the example, not the drawing.
    app_page.get_by_test_id("preset-lecun_1x1").click()
    wait_until(app_page, "() => location.search.includes('h=1')")
    assert "look=volume" in urlparse(address(app_page)).query
    app_page.reload()
    wait_until(app_page, "() => !!document.querySelector('[data-testid=vol-w-0-0]')")
    assert app_page.get_by_test_id("look-volume").is_checked() and app_page.get_by_test_id("volume").is_visible()
    app_page.get_by_test_id("look-grids").check()
    wait_until(app_page, "() => !location.search.includes('look=')")
    assert app_page.get_by_test_id("stage").is_visible()


def test_the_volume_embed_has_the_drawing_and_its_walk_through(app_page, server_url):
    app_page.goto(f"{server_url}/embed/volume?{LECUN}&step=0")
    wait_until(app_page, "() => !!document.querySelector('[data-testid=vol-out-1]')")
    assert app_page.get_by_test_id("look-toggle").count() == 0 and app_page.get_by_test_id("fc-twin").count() == 0
    assert [svg_number(app_page, f"vol-out-{o}") for o in range(2)] == [13, 36]  # pixel (0, 0): 0·1 + 1·2 + 1·3 + 8, 2·1 + 3·2 + 5·3 + 13
    app_page.get_by_test_id("step-forward").click()
    wait_until(app_page, "() => document.querySelector('[data-testid=vol-out-0]').textContent === '10'")
