"""The shipped timings file: it names the machine and the date it came from, its figures agree
with themselves and with the cost lab's counts, and it is matched only to the chains it measured.
Nothing here times anything: the figures are read, never measured."""

from __future__ import annotations

import datetime
import json

import pytest

from app.core.cost import chain_cost
from app.core.timings import DATA_FILE, TimingsError, measured_for, parse_timings, read_timings
from app.state.layer_spec import parse_chain

RAW = json.loads(DATA_FILE.read_text(encoding="utf-8"))
TIMINGS = read_timings()


def chains(a: str, b: str):
    return parse_chain(a, "a"), parse_chain(b, "b")


def test_the_file_names_its_machine_and_its_date():
    machine = RAW["machine"]
    assert machine["cpu"].strip() and machine["cpu"] != "unknown"
    assert machine["cores"] >= 1 and 1 <= machine["threads"]
    assert machine["torch"][0].isdigit()  # a version, e.g. 2.13.0+cpu
    measured = datetime.date.fromisoformat(RAW["date"])
    assert datetime.date(2024, 1, 1) <= measured <= datetime.date.today()
    assert RAW["method"]["statistic"] == "median" and RAW["method"]["repeats"] > 0


def test_the_file_covers_both_paddings_of_each_size_with_consistent_figures():
    cases = RAW["cases"]
    assert {(case["h"], case["padding"]) for case in cases} == {(h, p) for h in {case["h"] for case in cases} for p in ("same", "valid")}
    for case in cases:
        assert case["input"] == [1, RAW["channels"], case["h"], case["w"]]
        assert case["speedup"] == pytest.approx(case["ms"]["a"] / case["ms"]["b"], abs=1e-3)
        assert all(ms > 0 for ms in case["layer_ms"]["a"] + case["layer_ms"]["b"])


def test_the_mac_counts_in_the_file_are_the_cost_labs():
    for case in RAW["cases"]:
        valid = ":valid" if case["padding"] == "valid" else ""
        a, b = chains(f"conv4:256{valid}", f"conv1:64,conv4:256{valid}")
        volume = (case["h"], case["w"], RAW["channels"])
        macs = {name: chain_cost(list(chain), volume)["totals"]["macs"] for name, chain in (("a", a), ("b", b))}
        assert case["macs"] == macs
        assert case["mac_ratio"] == round(macs["a"] / macs["b"], 4)


@pytest.mark.parametrize(
    ("volume", "a", "b", "current"),
    [
        ((28, 28, 256), "conv4:256", "conv1:64,conv4:256", (28, "same")),
        ((56, 56, 256), "conv4:256:valid", "conv1:64,conv4:256:valid", (56, "valid")),
        ((56, 56, 256), "conv4:256:valid", "conv1:64:valid,conv4:256:valid", (56, "valid")),  # a 1×1 layer pads nothing
        ((100, 100, 256), "conv4:256", "conv1:64,conv4:256", None),  # measured, but not on this size
        ((28, 28, 256), "conv4:256:valid", "conv1:64,conv4:256", None),  # the paths' paddings differ
    ],
)
def test_the_seeds_chains_get_the_figures_and_the_case_that_is_this_example(volume, a, b, current):
    shown = measured_for(TIMINGS, volume, *chains(a, b))
    assert shown is not None and shown["machine"] == RAW["machine"] and shown["date"] == RAW["date"]
    index = shown["current"]
    assert (None if index is None else (shown["cases"][index]["h"], shown["cases"][index]["padding"])) == current


@pytest.mark.parametrize(
    ("volume", "a", "b"),
    [
        ((28, 28, 192), "conv4:256", "conv1:64,conv4:256"),  # other input channels
        ((28, 28, 256), "conv4:256", "conv1:48,conv4:256"),  # another reduction
        ((28, 28, 256), "conv1:64,conv4:256", "conv4:256"),  # the paths swapped
        ((56, 56, 256), "conv3:256", "conv1:64,conv3:64,conv1:256"),  # ResNet's bottleneck
        ((28, 28, 256), "conv4:256:s2", "conv1:64,conv4:256:s2"),
    ],
)
def test_any_other_chains_get_no_figures(volume, a, b):
    assert measured_for(TIMINGS, volume, *chains(a, b)) is None


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d["machine"].update(cpu=" "), "cpu"),
        (lambda d: d.pop("date"), "date"),
        (lambda d: d.update(date="2 December"), "date"),
        (lambda d: d["machine"].pop("torch"), "torch"),
        (lambda d: d["cases"][0]["ms"].update(a=0), "positive"),
        (lambda d: d["cases"][0].update(speedup=d["cases"][0]["speedup"] * 1.1), "speedup"),
    ],
)
def test_a_file_that_does_not_say_where_and_when_or_disagrees_with_itself_is_refused(change, words):
    data = json.loads(json.dumps(RAW))
    change(data)
    with pytest.raises(TimingsError, match=words):
        parse_timings(json.dumps(data))
