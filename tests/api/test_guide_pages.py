"""The guided path: its chapters in order, each a view with its example, and prose whose numbers the server confirms."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from app.i18n.catalog import translate
from app.state.spec import MAX_CHAPTERS
from app.web.guide import CHAPTERS, chapter_href

MINUS = "\u2212"


def chapter_query(number: int) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(chapter_href("", CHAPTERS[number - 1])).query))


def api(client, view: str, number: int) -> dict:
    query = {k: v for k, v in chapter_query(number).items() if k not in ("chapter", "step")}
    r = client.get(f"/api/{view}", params=query)
    assert r.status_code == 200, r.text
    return r.json()


def test_the_contents_list_every_chapter_in_order_each_linking_to_its_view(client):
    page = client.get("/guide").text
    links = [html.unescape(h) for h in re.findall(r'data-present-link href="([^"]+)" data-testid="guide-chapter-\d+"', page)]
    assert len(links) == len(CHAPTERS) == MAX_CHAPTERS
    for number, link in enumerate(links, start=1):
        assert f"chapter={number}" in link
        assert translate(f"guide.{number}.title") in html.unescape(page)
    assert [urlsplit(link).path for link in links] == ["/", "/", "/", "/", "/cost", "/lab", "/", "/cost", "/train", "/table", "/digits"]
    assert f"{len(CHAPTERS)} short chapters" in page  # the introduction counts what it lists


@pytest.mark.parametrize("number", range(1, len(CHAPTERS) + 1))
def test_each_chapter_page_shows_its_idea_and_links_to_its_neighbours(client, number):
    href = chapter_href("", CHAPTERS[number - 1])
    page = client.get(href).text
    assert f"Chapter {number} of {len(CHAPTERS)}" in page
    assert translate(f"guide.{number}.title") in html.unescape(page)
    prose = translate(f"guide.{number}.prose")
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", prose) if s]
    assert 2 <= len(sentences) <= 5, sentences
    assert f'data-focus="{CHAPTERS[number - 1].focus}"' in page
    prev_link = re.search(r'rel="prev" data-present-link href="([^"]+)"', page)
    next_link = re.search(r'rel="next"[^>]*href="([^"]+)"', page)
    if number == 1:
        assert prev_link is None
    else:
        assert f"chapter={number - 1}" in html.unescape(prev_link.group(1))
    assert (f"chapter={number + 1}" if number < len(CHAPTERS) else "/guide") in html.unescape(next_link.group(1))


def test_the_path_keeps_presentation_mode_from_chapter_to_chapter(client):
    page = client.get(chapter_href("", CHAPTERS[2], present=True)).text
    assert 'class="site present"' in page
    assert "present=1" in html.unescape(re.search(r'rel="next" data-present-link href="([^"]+)"', page).group(1))


def test_short_links_redirect_to_the_chapter_and_bad_numbers_are_404(client):
    r = client.get("/guide/6", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == chapter_href("", CHAPTERS[5])
    assert client.get(f"/guide/{len(CHAPTERS) + 1}").status_code == 404
    assert client.get("/guide/0").status_code == 404


def test_a_chapter_number_for_another_view_or_out_of_range_shows_no_chapter(client):
    for path in ["/lab?chapter=1", f"/?chapter={len(CHAPTERS) + 1}", "/table?chapter=1", "/train?chapter=10", "/?chapter=%C2%B3", "/?chapter=-1"]:
        assert 'data-testid="chapter"' not in client.get(path).text, path


# The prose quotes numbers; the server must agree with every one of them.
def test_chapter_1_the_same_two_weights_at_four_pixels(client):
    data = api(client, "mixer", 1)
    assert data["weight"] == [[2.0, -1.0]] and len(data["steps"]["out"]) == 4
    assert f"W = [2, {MINUS}1]" in translate("guide.1.prose")


def test_chapter_2_the_matrix_has_1536_entries_and_6_distinct_weights(client):
    data = api(client, "mixer", 2)
    rows = data["shape"]["h"] * data["shape"]["w"] * data["shape"]["cout"]
    cols = data["shape"]["h"] * data["shape"]["w"] * data["shape"]["cin"]
    assert (rows, cols) == (32, 48) and rows * cols == 1536 and data["params"]["conv_weights"] == 6
    assert data["params"]["fc_weights"] == 256 * data["params"]["conv_weights"]
    assert "32×48" in translate("guide.2.prose") and "1,536" in translate("guide.2.prose")
    # One figure said the same way as the panel's: 256× the weights, 196× the parameters with the biases.
    params = data["params"]
    assert params["fc_total"] == 196 * params["conv_total"]
    for language in ("en", "zh", "ko"):
        assert "256" in translate("guide.2.prose", language) and "196" in translate("guide.2.prose", language)


def test_chapter_1_says_the_shape_of_w_follows_and_chapter_8_that_the_1x1_head_is_another_head():
    assert "W is 1×2" in translate("guide.1.prose") and "1×2" in translate("guide.1.prose", "zh") and "1×2" in translate("guide.1.prose", "ko")
    assert "trained anew, not fc6 converted" in translate("guide.8.prose")
    assert "重新训练" in translate("guide.8.prose", "zh") and "새로 학습" in translate("guide.8.prose", "ko")


def test_chapter_3_lecuns_layer_gives_13_and_36_with_8_parameters(client):
    data = api(client, "mixer", 3)
    assert data["y"] == [[[13.0, 36.0]]] and data["params"]["conv_total"] == 8
    assert "(13, 36)" in translate("guide.3.prose")


def test_chapter_4_eight_channels_into_two_is_16_weights(client):
    data = api(client, "mixer", 4)
    assert data["params"]["conv_weights"] == 16 and data["params"]["conv_biases"] == 2
    assert 256 * 64 == 16_384


def test_chapter_5_the_reduction_costs_278528_against_1048576(client):
    data = api(client, "cost", 5)
    assert data["paths"]["a"]["totals"]["macs_per_position"] == 1_048_576
    assert data["paths"]["b"]["totals"]["macs_per_position"] == 278_528
    assert "278,528" in translate("guide.5.prose") and "3.76" in translate("guide.5.prose")


def test_chapter_6_a_3x3x2_head_slid_over_6x6_gives_a_4x4_map(client):
    data = api(client, "lab", 6)
    assert data["shape"]["h"] == data["shape"]["w"] == 3 and data["shape"]["c"] == 2
    assert data["map_shape"] == [4, 4] and data["max_abs_diff"] == 0.0
    assert "3×3×2" in translate("guide.6.prose") and "4×4 map" in translate("guide.6.prose")


def test_chapter_7_the_last_pixel_goes_negative_and_relu_zeroes_it(client):
    data = api(client, "mixer", 7)
    assert data["steps"]["pre"][-1] == [-1.0, -26.0] and data["y"][-1][-1] == [0.0, 0.0]
    assert chapter_query(7)["step"] == "3"  # opens on that pixel
    assert f"{MINUS}1 and {MINUS}26" in translate("guide.7.prose")


def test_chapter_8_fc6_has_102760448_weights_and_the_1x1_head_2097152(client):
    data = api(client, "cost", 8)
    assert data["paths"]["a"]["totals"]["weights"] == 102_760_448
    assert data["paths"]["b"]["totals"]["weights"] == 2_097_152
    assert "102,760,448" in translate("guide.8.prose") and "2,097,152" in translate("guide.8.prose")


TRAIN_CHAPTER = next(c.number for c in CHAPTERS if c.view == "train")


def test_the_training_chapter_the_conv_and_its_tied_twin_learn_alike_and_the_untied_fc_leaves_its_blocks(client):
    data = api(client, "train", TRAIN_CHAPTER)
    first, last, one = data["steps"][0], data["steps"][-1], data["steps"][1]
    assert len(data["steps"]) == 21 and data["shape"] == {"h": 3, "w": 3, "cin": 3, "cout": 2}
    assert (f"{first['loss']['conv']:.3f}", f"{last['loss']['conv']:.3f}", f"{last['loss']['tied']:.3f}") == ("15.344", "1.932", "1.932")
    assert f"{last['loss']['untied']:.6f}" == "0.000003"
    assert data["summary"]["tied_max_abs_diff"] < 1e-15 and data["summary"]["grad_max_abs_diff"] < 1e-15
    assert (data["params"]["conv"], data["params"]["untied"]) == (8, 504)
    assert (one["untied"]["off_count"], data["params"]["off_block_entries"], one["untied"]["off_max"]) == (279, 432, 0.05)
    assert data["other_size"] == {"h": 4, "w": 4, "inputs": 48, "matrix_columns": 27}
    prose = translate(f"guide.{TRAIN_CHAPTER}.prose")
    for figure in ("20 steps", "15.344", "1.932", "1e-15", "9 pixels", "504", "279", "432", "0.05", "0.000003", "27 inputs", "4×4", "48"):
        assert figure in prose, figure
TABLE_CHAPTER = next(c.number for c in CHAPTERS if c.view == "table")  # the guide's one table chapter, wherever the path puts it


def test_the_connection_table_chapter_quotes_lenets_60_of_96_connections_and_1516_parameters(client):
    data = api(client, "table", TABLE_CHAPTER)
    assert data["kind"] == "lenet" and (data["shape"]["cin"], data["shape"]["cout"], data["shape"]["k"]) == (6, 16, 5)
    assert data["counts"]["connections"] == 60 and data["full_counts"]["connections"] == 96
    assert data["counts"]["params"] == 1_516 and data["full_counts"]["params"] == 2_416 and data["max_abs_diff"] == 0.0
    prose = translate(f"guide.{TABLE_CHAPTER}.prose")
    for quoted in ("16 maps", "6 maps", "60 of the 96", "1,516", "2,416", "1×1 convolution"):
        assert quoted in prose, quoted


DIGITS_CHAPTER = next(c.number for c in CHAPTERS if c.view == "digits")


def test_the_digits_chapter_quotes_the_trained_networks_shape_its_held_out_score_and_the_33_positions(client):
    data = api(client, "digits", DIGITS_CHAPTER)
    assert data["network"] == {"held_out_right": 348, "held_out": 359} and data["shape"]["hidden"] == 64 and data["shape"]["classes"] == 11
    assert (data["shape"]["rows"], data["shape"]["columns"], data["shape"]["stride"], data["shape"]["positions"]) == (8, 40, 1, 33)
    assert data["max_abs_diff"] < 1e-9
    prose = translate(f"guide.{DIGITS_CHAPTER}.prose")
    for quoted in ("64 → 64 → 11", "348 of the 359", "64 filters of 8×8", "8×40", "33 positions", "at stride 1"):
        assert quoted in prose, quoted


@pytest.mark.parametrize(
    ("language", "shared", "filter_shape"),
    [
        ("en", "same small nonlinear network runs at every pixel", "64 filters of 1×1×512"),
        ("zh", "同一个小型非线性网络", "64 个 1×1×512"),
        ("ko", "같은 작은 비선형 신경망", "1×1×512 필터 64개"),
    ],
)
def test_the_chapters_say_the_weights_are_shared_and_a_filter_spans_every_input_map(language, shared, filter_shape):
    """Chapter 7: one network, the same at every pixel (not one per pixel); chapter 4: a 1×1 filter on 512 maps is 1×1×512."""
    from app.i18n.catalog import catalog

    assert shared in catalog(language)["guide.7.prose"]
    assert filter_shape in catalog(language)["guide.4.prose"]
