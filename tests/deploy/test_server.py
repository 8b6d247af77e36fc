"""Starting and stopping the server as an operator does: bad settings stop it with
one line naming the variable; SIGTERM lets in-flight requests finish."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.delivery.vendor import plotly_path
from tests.e2e.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


def start(env: dict[str, str]) -> subprocess.Popen:
    """``python -m app`` with ``env``, in a process group of its own, so that ``stop_all`` can end its workers too."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("ONEBYONE_")} | env
    return subprocess.Popen(
        [sys.executable, "-m", "app"], cwd=ROOT, env=full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


def stop_all(process: subprocess.Popen) -> None:
    """Kill a server started by ``start`` and every worker it forked: killing the arbiter alone would leave them serving."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # it and its workers have all stopped already
    process.wait(timeout=10)


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("ONEBYONE_LOG_LEVEL", "loud", "must be one of critical, error, warning, info, debug"),
        ("ONEBYONE_PORT", "70000", "less than or equal to 65535"),
        ("ONEBYONE_PORT", "http", "valid integer"),
        ("ONEBYONE_WORKERS", "0", "greater than or equal to 1"),
        ("ONEBYONE_ROOT_PATH", "onebyone/", "must be empty or a path such as /onebyone"),
        ("ONEBYONE_FRAME_ANCESTORS", "https://ok.example.org javascript:alert(1)", "'javascript:alert(1)' is not"),
        ("ONEBYONE_DEFAULT_LANGUAGE", "xx", "must be one of en, zh, ko"),
        ("ONEBYONE_FORWARDED_ALLOW_IPS", "proxy.example.org", "must be * or comma-separated IP addresses"),
    ],
)
def test_a_bad_setting_stops_the_start_with_one_line_naming_it(name, value, words):
    process = start({name: value})
    out, err = process.communicate(timeout=30)
    assert process.returncode == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"One by One cannot start: {name}: ") and words in lines[0] and repr(value) in lines[0]


def test_a_port_another_server_listens_on_stops_the_start_with_one_line():
    """Workers that bind with SO_REUSEPORT could otherwise share the port with a stale server."""
    with socket.socket() as other:
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)  # as a stale One by One worker's socket is
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        process = start({"ONEBYONE_PORT": str(port)})
        out, err = process.communicate(timeout=30)
    assert process.returncode == 2
    assert err.strip() == f"One by One cannot start: 127.0.0.1:{port} is in use by another server (ONEBYONE_PORT picks another)"


def tcp_sockets() -> list[list[str]]:
    """Linux's table of IPv4 TCP sockets, a row of fields each: [1] local address, [3] state, [9] inode."""
    return [row.split() for row in Path("/proc/net/tcp").read_text().splitlines()[1:]]


def listening_sockets(port: int) -> int:
    """How many sockets listen on ``port`` (Linux: with ``SO_REUSEPORT`` each worker has its own)."""
    return sum(1 for row in tcp_sockets() if row[1].endswith(f":{port:04X}") and row[3] == "0A")


def wait_listening(port: int, process: subprocess.Popen, workers: int = 1) -> None:
    """Until the server answers on ``port`` and every one of its ``workers`` listens."""
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            if listening_sockets(port) >= workers:
                return
        except OSError:
            pass
        assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)


def test_sigterm_lets_an_in_flight_download_finish_then_exits_cleanly():
    port = free_port()
    process = start({"ONEBYONE_PORT": str(port), "ONEBYONE_LOG_LEVEL": "warning"})
    wait_listening(port, process)
    client = socket.create_connection(("127.0.0.1", port), timeout=10)
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16_384)
    client.sendall(f"GET {plotly_path()} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    received = client.recv(16_384)
    head = received.split(b"\r\n\r\n", 1)[0].decode()
    length = int(next(line.split(":")[1] for line in head.splitlines() if line.lower().startswith("content-length")))
    assert length > 4_000_000  # the 4.8 MB bundle, still mostly unsent
    process.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    assert process.poll() is None, "the server quit with a request in flight"
    body = received.split(b"\r\n\r\n", 1)[1]
    while chunk := client.recv(65_536):
        body += chunk
    client.close()
    assert len(body) == length
    assert process.wait(timeout=30) in (0, -signal.SIGTERM)  # uvicorn re-raises SIGTERM once it has drained
    # Once stopped, it takes no new connections.
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1)


@pytest.fixture(scope="module")
def server_port():
    """``python -m app`` as an operator starts it, for the raw-socket tests below."""
    port = free_port()
    process = start({"ONEBYONE_PORT": str(port), "ONEBYONE_LOG_LEVEL": "error"})
    wait_listening(port, process)
    yield port
    process.terminate()
    process.wait(timeout=30)


def first_answer(port: int, request: bytes) -> tuple[str, bytes]:
    """Send ``request`` (as much of it as the server reads) and return the status line and the head."""
    client = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        client.sendall(request)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered and closed before reading it all: that is the point
    head = b""
    while b"\r\n\r\n" not in head and (chunk := client.recv(4096)):
        head += chunk
    client.close()
    return head.split(b"\r\n", 1)[0].decode(), head.lower()


def test_a_ten_megabyte_address_gets_414_without_being_read_whole(server_port):
    status, head = first_answer(server_port, b"GET /api/mixer?x=" + b"1" * 10_000_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == "HTTP/1.1 414 URI Too Long"
    assert b"content-security-policy: default-src 'self'" in head and b"x-content-type-options: nosniff" in head


def test_a_declared_huge_body_gets_413_before_it_is_sent(server_port):
    status, head = first_answer(server_port, b"POST /api/mixer HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n")
    assert status.startswith("HTTP/1.1 413")
    assert b"connection: close" in head


def test_huge_headers_get_431(server_port):
    status, _ = first_answer(server_port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 100_000 + b"\r\n\r\n")
    assert status == "HTTP/1.1 431 Request Header Fields Too Large"


class FakeTransport:
    """Just enough of an asyncio transport for ``connection_made``."""

    def __init__(self, sock: socket.socket):
        self.sock = sock

    def get_extra_info(self, name: str, default=None):
        return {"socket": self.sock, "sockname": self.sock.getsockname(), "peername": self.sock.getpeername()}.get(name, default)


def test_answers_are_not_held_back_by_nagle_with_several_workers():
    """Listening sockets made with proto 0 (uvicorn's and gunicorn's both are) hand out connections that
    asyncio does not set TCP_NODELAY on; every answer on a kept-alive connection then waited ~40 ms for a delayed ACK."""
    import uvicorn
    from uvicorn.server import ServerState

    from app.delivery.server_protocol import BoundedHttpToolsProtocol

    listener = socket.socket(socket.AF_INET)  # as uvicorn's Config.bind_socket and gunicorn's TCPSocket make it
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    client = socket.create_connection(listener.getsockname())
    accepted, _ = listener.accept()
    try:
        assert accepted.proto == 0 and accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
        config = uvicorn.Config("app.main:app", loop="asyncio", http="app.delivery.server_protocol:BoundedHttpToolsProtocol")
        config.load()
        protocol = BoundedHttpToolsProtocol(config=config, server_state=ServerState(), app_state={})
        protocol.connection_made(FakeTransport(accepted))
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        for s in (client, accepted, listener):
            s.close()


def connections_per_worker(process: subprocess.Popen) -> list[int]:
    """Established TCP connections each of the server's worker processes holds, busiest first."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    established = {row[9] for row in tcp_sockets() if row[3] == "01"}
    counts = []
    for child in children:
        links = [os.readlink(fd) for fd in Path(f"/proc/{child}/fd").iterdir()]
        inodes = {link.removeprefix("socket:[").removesuffix("]") for link in links if link.startswith("socket:")}
        counts.append(len(inodes & established))
    return sorted(counts, reverse=True)


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="the kernel spreads connections over SO_REUSEPORT sockets on Linux")
def test_each_worker_listens_on_its_own_socket_and_a_burst_is_shared():
    """A hall opening the link at once: 100 connections arrive together. One shared socket let one worker
    accept nearly all of them; with a socket per worker the kernel spreads them (by a hash of each address)."""
    port = free_port()
    process = start({"ONEBYONE_PORT": str(port), "ONEBYONE_LOG_LEVEL": "error", "ONEBYONE_WORKERS": "2"})
    try:
        wait_listening(port, process, workers=2)
        assert listening_sockets(port) == 2
        burst = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(100)]
        for client in burst:
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        for client in burst:
            assert client.recv(4096).startswith(b"HTTP/1.1 200 OK")
        shares = connections_per_worker(process)
        assert len(shares) == 2 and sum(shares) == 100
        assert shares[1] >= 25, f"one worker took {shares[0]} of 100 connections"  # below 25 by chance: p < 1e-6
        for client in burst:
            client.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
