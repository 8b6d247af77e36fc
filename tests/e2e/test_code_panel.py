"""The mixer's Code panel: the reader's layer as a script, following every edit."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import open_mixer, type_into, wait_until

pytestmark = pytest.mark.e2e


def test_the_code_panel_carries_the_readers_weights_and_follows_edits(app_page, server_url):
    open_mixer(app_page, server_url + "/?h=1&w=1&weight=0,1,1,2,3,5&bias=8,13&x=1,2,3")
    wait_until(app_page, "() => !!document.querySelector('[data-testid=code]').dataset.loaded")
    code = app_page.get_by_test_id("code-text")
    assert "weight = torch.tensor([[0.0, 1.0, 1.0], [2.0, 3.0, 5.0]]" in code.inner_text()
    assert app_page.get_by_test_id("code-pytorch").get_attribute("aria-pressed") == "true"
    type_into(app_page, "w-1-2", "7")  # W[1][2]: 5 -> 7
    wait_until(app_page, "() => document.querySelector('[data-testid=code-text]').textContent.includes('[2.0, 3.0, 7.0]')")
    app_page.get_by_test_id("code-numpy").click()
    assert "weight = np.array([[0.0, 1.0, 1.0], [2.0, 3.0, 7.0]])" in code.inner_text()
    assert app_page.get_by_test_id("code-numpy").get_attribute("aria-pressed") == "true"
