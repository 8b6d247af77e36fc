"""Behind a real reverse proxy: nginx on loopback serves the app under /onebyone/,
and a browser loads every view through it with every asset and API call resolving."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from app.web.views import PANELS
from app.web.views import VIEWS as REGISTRY
from tests.api.test_limits import longest_lab_query
from tests.e2e.conftest import free_port
from tests.e2e.helpers import wait_until

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
PREFIX = "/onebyone"

NGINX_CONF = """
{user}
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
  access_log {tmp}/access.log;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{proxy_port};
    large_client_header_buffers 4 32k;
    # The app is started with ONEBYONE_ROOT_PATH={prefix}; nginx strips the prefix.
    location {prefix}/ {{
      proxy_pass http://127.0.0.1:{app_port}/;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }}
  }}
}}
"""


def wait_for(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, f"{url} did not answer"
            time.sleep(0.1)


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """The app under ONEBYONE_ROOT_PATH=/onebyone, behind nginx; yields nginx's base URL."""
    if NGINX is None:
        pytest.skip("nginx is not installed (apt-get install nginx)")
    tmp = tmp_path_factory.mktemp("nginx")
    app_port, proxy_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONEBYONE_")}
    env |= {"ONEBYONE_PORT": str(app_port), "ONEBYONE_ROOT_PATH": PREFIX, "ONEBYONE_LOG_LEVEL": "warning"}
    app = subprocess.Popen([sys.executable, "-m", "app"], cwd=ROOT, env=env)
    user = "user root;" if os.geteuid() == 0 else ""  # workers must read the temp paths under pytest's private tmp
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(user=user, tmp=tmp, proxy_port=proxy_port, app_port=app_port, prefix=PREFIX))
    nginx = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp)], stderr=subprocess.PIPE)
    try:
        wait_for(f"http://127.0.0.1:{app_port}/healthz", app)
        wait_for(f"http://127.0.0.1:{proxy_port}{PREFIX}/healthz", nginx)
        yield f"http://127.0.0.1:{proxy_port}{PREFIX}"
    finally:
        nginx.terminate()
        app.terminate()
        nginx.wait(timeout=10)
        app.wait(timeout=30)


# Every view and embed of the registry, the guide and two of its chapter links (one a redirect
# into another view), and an embed in the dark theme.
VIEWS = [view.path for view in REGISTRY.values()] + ["/guide", "/guide/1", "/guide/6"] + [f"/embed/{key}" for key in PANELS] + ["/embed/fc?theme=dark"]


@pytest.mark.parametrize("path", VIEWS)
def test_every_view_loads_through_the_proxy_with_every_request_resolving(page, proxied, path):
    seen, failed, console = [], [], []
    page.on("request", lambda r: seen.append(r.url))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(str(e)))
    page.goto(proxied + path)
    if path != "/guide":
        wait_until(page, "() => Number(document.body.dataset.rendered || 0) > 0")
    page.wait_for_load_state("networkidle")
    assert not failed, failed
    assert not console, console
    assert seen and all(url.startswith(proxied + "/") for url in seen), [u for u in seen if not u.startswith(proxied + "/")]
    # Links between the views stay under the prefix too.
    hrefs = page.evaluate("[...document.querySelectorAll('a[href], link[href], script[src]')].map(e => e.href || e.src)")
    assert all(h.startswith(proxied + "/") for h in hrefs if h.startswith("http://127.0.0.1")), hrefs


def test_oembed_through_the_proxy_points_at_the_proxied_embed(proxied):
    url = f"{proxied}/oembed?url={proxied}/lab%3Fstride%3D2%26bh%3D7%26bw%3D7&format=json"
    with urllib.request.urlopen(url, timeout=5) as r:
        answer = json.load(r)
    assert f'src="{proxied}/embed/lab?bh=7&amp;bw=7&amp;stride=2"' in answer["html"]


def test_the_longest_address_a_reader_can_make_passes_the_proxy(proxied):
    query = longest_lab_query()
    assert len(query) > 8 * 1024  # nginx's default buffer would answer 414
    with urllib.request.urlopen(f"{proxied}/api/lab?{query}", timeout=10) as r:
        assert r.status == 200 and json.load(r)["shape"]["bh"] == 12
