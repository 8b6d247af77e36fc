"""The server as ``python -m app`` runs it, against clients that send too much, too
slowly, nothing at all, or garbage, and through a stop with requests on the wire."""

from __future__ import annotations

import select
import signal
import socket
import time

import pytest

from tests.deploy.test_server import start, stop_all, wait_listening
from tests.e2e.conftest import free_port


@pytest.fixture
def serve():
    """Start ``python -m app`` with extra settings; every server started is stopped at the end."""
    started = []

    def run(**settings: str) -> tuple[int, object]:
        port = free_port()
        env = {"ONEBYONE_PORT": str(port), "ONEBYONE_LOG_LEVEL": "error"} | {f"ONEBYONE_{k.upper()}": v for k, v in settings.items()}
        process = start(env)
        started.append(process)
        wait_listening(port, process, int(settings.get("workers", 1)))
        return port, process

    yield run
    for process in started:
        stop_all(process)


def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=10)


def read_answer(sock: socket.socket) -> tuple[str, dict[str, str], bytes]:
    """One whole HTTP answer from ``sock``: status line, headers (lower-case names), body."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65_536)
        assert chunk, f"the connection closed before an answer: {data!r}"
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    while len(body) < int(headers.get("content-length", 0)):
        chunk = sock.recv(65_536)
        assert chunk, "the connection closed in the middle of a body"
        body += chunk
    return status, headers, body


def ask(sock: socket.socket, path: str = "/healthz") -> tuple[str, dict[str, str], bytes]:
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    return read_answer(sock)


def closed_by_server(sock: socket.socket) -> bool:
    """Whether the server has closed (or reset) ``sock``; waits for nothing."""
    if not select.select([sock], [], [], 0)[0]:
        return False
    try:
        sock.recv(4096)  # b"" (closed), or a 408 just before the close
    except ConnectionResetError:
        pass
    return True


def test_a_huge_header_is_refused_after_a_few_kilobytes_not_read_whole(serve):
    port, _ = serve()
    sock = connect(port)
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ")
    sent, chunk = 0, b"a" * 65_536
    answer = b""
    while sent < 64 * 1024 * 1024 and not answer:
        try:
            sock.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            break
        sent += len(chunk)
        if select.select([sock], [], [], 0)[0]:
            answer = sock.recv(65_536)
    answer = answer or sock.recv(65_536)
    sock.close()
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:80]
    assert b"content-security-policy: default-src 'self'" in answer.lower()
    # Refused within the first few reads (each at most 256 KB), not after the 64 MB.
    assert sent < 4 * 1024 * 1024, f"{sent:,} bytes were read before the 431"
    # And the server answers at once afterwards.
    assert ask(connect(port))[0] == "HTTP/1.1 200 OK"


def test_silent_and_trickling_connections_are_closed_and_others_are_answered_meanwhile(serve):
    port, _ = serve(request_head_timeout="2", max_connections="100")
    began = time.monotonic()
    silent = [connect(port) for _ in range(200)]
    trickling = connect(port)
    trickling.sendall(b"GET /healthz HTTP/1.1\r\n")
    # Over the connection limit: a newcomer is served; the longest-waiting silent ones made room.
    status, _, body = ask(connect(port))
    assert status == "HTTP/1.1 200 OK" and b'"ok"' in body
    for _ in range(8):  # a header every quarter second never completes the request
        time.sleep(0.25)
        try:
            trickling.sendall(b"X-A: b\r\n")
        except (BrokenPipeError, ConnectionResetError):
            break
    deadline = began + 2 + 2.5
    while not all(closed_by_server(s) for s in silent) and time.monotonic() < deadline:
        time.sleep(0.1)
    still_open = sum(not closed_by_server(s) for s in silent)
    assert still_open == 0, f"{still_open} of 200 silent connections still open {time.monotonic() - began:.1f} s after connecting"
    # The one that had begun a request is told why.
    status, headers, _ = read_answer(trickling)
    assert status == "HTTP/1.1 408 Request Timeout" and "default-src 'self'" in headers["content-security-policy"]
    assert ask(connect(port))[0] == "HTTP/1.1 200 OK"
    for s in [*silent, trickling]:
        s.close()


@pytest.mark.parametrize("request_bytes", [b"GARBAGE\r\n\r\n", b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"])
def test_the_servers_own_400_carries_the_security_headers(serve, request_bytes):
    port, _ = serve()
    sock = connect(port)
    sock.sendall(request_bytes)
    status, headers, body = read_answer(sock)
    assert status.startswith("HTTP/1.1 400")
    assert "default-src 'self'" in headers["content-security-policy"] and headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY" and b"request" in body


def test_a_stop_says_draining_first_and_answers_every_request_already_sent(serve):
    port, process = serve(drain_seconds="1", workers="2")
    kept = [connect(port) for _ in range(50)]
    for sock in kept:
        assert ask(sock)[0] == "HTTP/1.1 200 OK"  # 50 kept-alive connections, spread over both workers
    process.send_signal(signal.SIGTERM)
    stopped_at = time.monotonic()
    # Fresh connections still reach the workers, which say they are draining (the supervisor
    # passes SIGTERM on within half a second).
    while (answer := ask(connect(port)))[0] == "HTTP/1.1 200 OK" and time.monotonic() < stopped_at + 1:
        time.sleep(0.05)
    status, headers, body = answer
    assert status == "HTTP/1.1 503 Service Unavailable" and b'"draining"' in body and headers["connection"] == "close"
    # Requests sent on the kept-alive connections all through the drain and the stop are answered.
    answers = []
    for k, sock in enumerate(kept):
        time.sleep(max(0.0, stopped_at + 0.2 + k * 0.024 - time.monotonic()))  # the last one 1.4 s after SIGTERM
        sock.sendall(b"GET /api/mixer?seed=3 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answers.append(sock)
    statuses = [read_answer(sock)[0] for sock in answers]
    assert statuses == ["HTTP/1.1 200 OK"] * 50
    assert process.wait(timeout=30) in (0, -signal.SIGTERM)
    for sock in kept:
        sock.close()
