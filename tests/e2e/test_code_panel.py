"""The mixer's Code panel: the reader's layer as a script, following every edit.

The script is asked for only while the panel is on screen: an edit made with the
panel scrolled away costs one request, and the panel catches up when it is reached.
"""

from __future__ import annotations

import pytest

from tests.e2e.helpers import open_mixer, type_into, wait_until

pytestmark = pytest.mark.e2e

LECUN = "/?h=1&w=1&weight=0,1,1,2,3,5&bias=8,13&x=1,2,3"
SHOWS = "(text) => document.querySelector('[data-testid=code-text]').textContent.includes(text)"


def code_requests(page) -> list[str]:
    """Every /api/code request the page has made so far."""
    return page.evaluate("() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/api/code'))")


def test_the_code_panel_carries_the_readers_weights_and_follows_edits(app_page, server_url):
    app_page.set_viewport_size({"width": 1280, "height": 2400})  # the weights and the panel both on screen
    open_mixer(app_page, server_url + LECUN)
    wait_until(app_page, "() => !!document.querySelector('[data-testid=code]').dataset.loaded")
    code = app_page.get_by_test_id("code-text")
    assert "weight = torch.tensor([[0.0, 1.0, 1.0], [2.0, 3.0, 5.0]]" in code.inner_text()
    assert app_page.get_by_test_id("code-pytorch").get_attribute("aria-pressed") == "true"
    type_into(app_page, "w-1-2", "7")  # W[1][2]: 5 -> 7
    # On screen, the script is drawn with the answer it belongs to, not after it.
    assert "[2.0, 3.0, 7.0]" in code.inner_text()
    app_page.get_by_test_id("code-numpy").click()
    assert "weight = np.array([[0.0, 1.0, 1.0], [2.0, 3.0, 7.0]])" in code.inner_text()
    assert app_page.get_by_test_id("code-numpy").get_attribute("aria-pressed") == "true"


def test_an_edit_with_the_panel_scrolled_away_asks_only_for_the_example_and_the_panel_catches_up(app_page, server_url):
    app_page.set_viewport_size({"width": 1280, "height": 700})
    open_mixer(app_page, server_url + LECUN)
    app_page.evaluate("() => window.scrollTo(0, 0)")
    assert app_page.get_by_test_id("code").bounding_box()["y"] > 700 + 300  # well below the fold
    asked = len(code_requests(app_page))
    type_into(app_page, "w-1-2", "7")
    type_into(app_page, "b-0", "9")
    assert len(code_requests(app_page)) == asked, "the script was fetched for a panel nobody sees"
    app_page.get_by_test_id("code").scroll_into_view_if_needed()
    wait_until(app_page, SHOWS, "[2.0, 3.0, 7.0]")
    assert "bias = torch.tensor([9.0, 13.0]," in app_page.get_by_test_id("code-text").inner_text()
    assert len(code_requests(app_page)) == asked + 1  # one request for the example shown, not one per edit


def test_copy_right_after_an_edit_copies_the_edited_layer(app_page, server_url):
    app_page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server_url)
    open_mixer(app_page, server_url + LECUN)
    app_page.evaluate("() => window.scrollTo(0, 0)")
    type_into(app_page, "w-0-0", "4")
    app_page.get_by_test_id("code-copy").click()  # scrolls the panel into view and copies at once
    wait_until(app_page, "() => document.querySelector('[data-testid=code-copied]').textContent !== ''")
    copied = app_page.evaluate("() => navigator.clipboard.readText()")
    assert "weight = torch.tensor([[4.0, 1.0, 1.0], [2.0, 3.0, 5.0]]" in copied


def test_on_a_korean_page_the_scripts_are_commented_in_korean(app_page, server_url):
    app_page.set_viewport_size({"width": 1280, "height": 2400})
    open_mixer(app_page, server_url + LECUN + "&lang=ko")
    wait_until(app_page, "() => !!document.querySelector('[data-testid=code]').dataset.loaded")
    script = app_page.get_by_test_id("code-text").inner_text()
    assert script.startswith("# One by One: 1x1 합성곱은 채널 축에 적용한 nn.Linear입니다.")
    assert 'print("최대 |합성곱 - 채널 축의 Linear| =",' in script
    assert "weight = torch.tensor([[0.0, 1.0, 1.0], [2.0, 3.0, 5.0]]" in script
