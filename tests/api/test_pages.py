"""The HTML shell, static assets, vendored plotly.js and the headers on every response."""

import json
import re

from app.delivery.vendor import plotly_css_path, plotly_path, plotly_skip_ids, plotly_version
from app.i18n.catalog import catalog


def boot_of(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="boot">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_page_has_boot_data_with_fields_presets_and_strings(client):
    r = client.get("/")
    assert r.status_code == 200
    boot = boot_of(r.text)
    assert [f["name"] for f in boot["fields"] if not f.get("view")] == ["h", "w", "cin", "cout", "act", "order", "seed", "x", "weight", "bias"]
    assert [f["name"] for f in boot["fields"] if f.get("view")] == ["step", "chapter", "present", "theme", "lang", "look"]
    # What the page derives from the fields: the steppers and each list's shape.
    assert [f["name"] for f in boot["fields"] if f.get("shape")] == ["h", "w", "cin", "cout"]
    assert {f["name"]: f["dims"] for f in boot["fields"] if f["kind"] == "numbers"} == {"x": ["h", "w", "cin"], "weight": ["cout", "cin"], "bias": ["cout"]}
    assert {p["key"] for p in boot["presets"]} == {"seed_2x2", "lecun_1x1", "lecun_2x2", "default"}
    assert boot["strings"]["site.title"] == "One by One"
    assert "Channel mixer" in r.text


def test_page_loads_nothing_from_another_host(client):
    for page in ("/", "/lab", "/cost"):
        html = client.get(page).text
        for url in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert url.startswith(("/", "#", "?")) and not url.startswith("//"), url  # ?lang=zh: this page, relative


def answer_of(html: str) -> tuple[str, str] | None:
    match = re.search(r'<script type="application/json" id="answer" data-query="([^"]*)">(.*?)</script>', html, re.S)
    return (match.group(1).replace("&amp;", "&"), match.group(2)) if match else None


def test_a_page_carries_the_apis_answer_for_its_state_and_none_for_a_refused_one(client):
    from app.web.views import VIEWS

    for view in VIEWS.values():
        query, body = answer_of(client.get(view.path).text)
        assert query == ""  # the default example: no field differs from its default
        assert json.loads(body) == client.get(view.api).json(), view.key
    # However the page's URL spells the state (padding, page-only fields), the answer is for its canonical query.
    query, body = answer_of(client.get("/?seed=0005&step=2&theme=dark&utm=x").text)
    assert query == "seed=5" and json.loads(body) == client.get("/api/mixer?seed=5").json()
    query, _ = answer_of(client.get("/embed/mixer?h=2&w=2&x=1,2,3,4,5,6,7,8,9,10,11,12").text)
    assert query == "h=2&w=2&x=1,2,3,4,5,6,7,8,9,10,11,12"
    # A refused state has none: the script asks the API, which names the field.
    assert answer_of(client.get("/?h=99").text) is None


def test_the_first_answer_cannot_end_its_script_element():
    from app.web.pages import inert_json

    escaped = inert_json(b'{"text": "</script><script>alert(1)</script><!--"}')
    assert "<" not in escaped and json.loads(escaped) == {"text": "</script><script>alert(1)</script><!--"}


def test_only_the_cost_lab_names_plotly_and_no_page_waits_for_it(client):
    for page in ("/", "/lab"):
        assert "/vendor/plotly-" not in client.get(page).text
    html = client.get("/cost").text
    # Fetched by the charts when they come near the screen, never by the page itself.
    assert boot_of(html)["plotly"] == plotly_path() and "<script src=" not in html
    # The stylesheet plotly.js looks for before it would inject inline styles (refused by the CSP).
    assert f'<link rel="stylesheet" id="plotly.js-style-global" class="no-inline-styles" href="{plotly_css_path()}">' in html
    for skip_id in plotly_skip_ids():
        assert f'<template id="{skip_id}"></template>' in html


def test_plotly_styles_are_a_served_stylesheet_read_from_the_bundle(client):
    r = client.get(plotly_css_path(), headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    assert "immutable" in r.headers["cache-control"] and r.headers["content-encoding"] == "gzip"
    css = r.text
    assert len(css.splitlines()) >= 50
    assert ".js-plotly-plot .plotly .modebar{position:absolute;" in css
    assert ".plotly-notifier" in css and "X " not in css  # placeholders replaced
    assert client.get("/vendor/plotly-0.0.0.css").status_code == 404


def test_security_headers_on_every_response(client):
    for path in ["/", "/api/mixer", "/healthz", "/static/css/app.css", "/api/mixer?h=99"]:
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"]


def test_plotly_is_served_versioned_compressed_and_immutable(client):
    src = plotly_path()
    assert src == f"/vendor/plotly-{plotly_version()}.min.js"
    r = client.get(src, headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"
    assert int(r.headers["content-length"]) < 2_000_000  # 4.8 MB raw
    assert "immutable" in r.headers["cache-control"]
    assert r.content.startswith(b"/**") and b"plotly.js v" in r.content[:100]
    assert client.get("/vendor/plotly-0.0.0.min.js").status_code == 404


def test_favicon_and_healthz(client):
    # The header draws the SVG; the tab's icon is its PNG (base.html says why).
    assert client.get("/static/favicon.svg").text.startswith("<svg")
    page = client.get("/").text
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/png"', page)
    assert icon, "the page names no PNG icon for its tab"
    r = client.get(icon.group(1))
    assert r.headers["content-type"] == "image/png" and r.content.startswith(b"\x89PNG")
    # Clients that ask for /favicon.ico without reading a page get the same icon.
    legacy = client.get("/favicon.ico")
    assert legacy.status_code == 200 and legacy.headers["content-type"] == "image/png" and legacy.content == r.content
    assert client.get("/healthz").json()["status"] == "ok"


def test_the_catalog_and_the_code_agree_on_every_string_key():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    used = set()
    sources = "\n".join(p.read_text() for p in list((root / "templates").glob("*.html")) + list((root / "static" / "js").rglob("*.js")))
    used |= set(re.findall(r"""\bt\(\s*["'`]([a-z_]+(?:\.[a-z_0-9]+)+)["'`]""", sources))
    # Keys passed around before reaching t(), e.g. t(wrong ? "lab.slide.wrong" : ...).
    used |= {key for key in catalog("en") if f'"{key}"' in sources}
    # Messages the server words for the page (errors), by literal key or by part.
    python = "\n".join(p.read_text() for p in (root / "app").rglob("*.py"))
    used |= set(re.findall(r'\bmessage\(\s*"([a-z_]+(?:\.[a-z_0-9]+)+)"', python))
    used |= {f"layer.part.{part}" for part in re.findall(r'_bounded\([^,]+,\s*"([a-z_]+)"', python)}
    used |= {f"layer.error.{code}" for code in re.findall(r'raise LayerError\(index, .*?, "([a-z_]+)"', python)}
    # Keys built at run time: presets, steppers, pitfalls, real networks, linear rows.
    from app.core.real_shapes import real_heads
    from app.web.presets import COST_PRESETS, DIGITS_PRESETS, LAB_PRESETS, PRESETS, TABLE_PRESETS, TRAIN_PRESETS

    for preset in PRESETS + LAB_PRESETS + COST_PRESETS + TABLE_PRESETS + TRAIN_PRESETS + DIGITS_PRESETS:
        used |= {f"preset.{preset.key}", f"preset.{preset.key}.blurb"}
    from app.state.spec import COST, DIGITS, LAB, MIXER, TABLE, TRAIN

    shapes = {"controls": MIXER, "lab.controls": LAB, "cost.controls": COST, "table.controls": TABLE, "train.controls": TRAIN, "digits.controls": DIGITS}
    used |= {f"{prefix}.{f.name}" for prefix, spec in shapes.items() for f in spec.fields if f.shape}
    used |= {f"{prefix}.{choice}" for prefix, field in (("controls.act", MIXER.field("act")), ("fc.order", MIXER.field("order"))) for choice in field.choices}
    used |= {f"lab.order.{choice}" for choice in LAB.field("order").choices}
    used |= {f"train.model.{model}{part}" for model in ("conv", "tied", "untied") for part in ("", ".what")}  # train.html
    used |= {f"table.kind.{choice}" for choice in TABLE.field("table").choices}
    used |= {f"table.counts.row.{row}" for row in ("connections", "weights", "biases", "params", "macs_per_position", "macs")}
    used |= {f"table.counts.col.{col}" for col in ("this", "full")}
    used |= {f"lab.pitfall{why}.{key}" for key in LAB.field("pitfall").choices for why in ("", ".why")}
    used |= {f"lab.pitfall.why.{case}" for case in ("same_none", "same_after", "order_alike_pixel", "order_alike_channel")}  # lab_slide.js pitfallCase
    used |= {f"lab.real.{head['key']}" for head in real_heads()}
    used |= {f"lab.linear.{kind}.{key}" for kind in ("row", "is") for key in ("flattened", "channel_axis")}
    from app.state.layer_spec import PADDINGS, PARTS

    used |= {f"cost.kind.{kind}" for kind in PARTS}
    used |= {f"cost.path.{path}{suffix}" for path in ("a", "b") for suffix in ("", ".short", ".prose")}
    used |= {f"cost.padding.{p}" for p in PADDINGS}
    used |= {f"cost.form.col.{col}" for col in ("kind", "kernel", "filters", "stride", "padding", "groups", "output")}
    used |= {f"cost.col.{col}" for col in ("path", "layer", "output", "weights", "biases", "macs_per_position", "macs")}
    from app.web.embed import THEMES
    from app.web.guide import CHAPTERS
    from app.web.views import PANELS

    used |= {f"guide.{c.number}.{part}" for c in CHAPTERS for part in ("title", "prose")}
    used |= {f"panel.{key}" for key in PANELS} | {f"share.theme.{theme}" for theme in THEMES}
    from app.state.spec import VIEW_FIELD
    from app.web.views import VIEWS

    used |= {"nav.guide"} | {f"nav.{key}" for key in VIEWS}  # base.html's view links
    used |= {f"volume.look.{choice}" for choice in VIEW_FIELD["look"].choices}
    used |= {"fc.hint_alone", "fc.hint_touch_alone"}  # mixer.html, in the FC panel's embed
    from app.core.inception import REDUCED

    used |= {f"inception.branch.{key}" for key, _, _ in REDUCED} | {f"inception.row.{row}" for row in ("reduced", "naive")}  # cost.html
    from app.delivery.limits import TOO_LONG

    used |= {key for _, _, key, _ in TOO_LONG.values()} | {"limit.host", "limit.timeout", "limit.malformed"}
    from app.web.codegen import BY_ORDER, COMMENTS, PRINTED

    used |= {f"script.{name}" for name in (*COMMENTS, *PRINTED, "setup", "flattened", "flatten_order", "big")}
    used |= {f"script.{name}.{order}" for name in BY_ORDER for order in MIXER.field("order").choices}
    assert used, "the scan found no t() calls"
    missing = sorted(used - set(catalog("en")))
    assert not missing, f"used but not in the catalog: {missing}"
    unused = sorted(set(catalog("en")) - used)
    assert not unused, f"in the catalog but never used: {unused}"
