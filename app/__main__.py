"""``python -m app``: serve One by One with uvicorn, configured by ``Settings``.

A bad setting stops the start with one line naming the variable, before uvicorn runs.
"""

import sys

import uvicorn
from pydantic import ValidationError

from app.delivery.server_protocol import raise_file_limit
from app.settings import ALLOWED, get_settings


def describe(error: ValidationError) -> str:
    """The first problem as one line: the variable, what it must be, what it was."""
    problem = error.errors()[0]
    field = str(problem["loc"][0]) if problem["loc"] else ""
    if field in ALLOWED and problem["type"] == "string_pattern_mismatch":
        message = f"must be {ALLOWED[field]}"
    else:
        message = problem["msg"].removeprefix("Value error, ")
        message = message[0].lower() + message[1:]
    return f"One by One cannot start: ONEBYONE_{field.upper()}: {message}; got {problem.get('input')!r}"


def main() -> None:
    """Start uvicorn on the configured host and port."""
    try:
        settings = get_settings()
    except ValidationError as error:
        print(describe(error), file=sys.stderr)
        raise SystemExit(2) from None
    raise_file_limit(settings.max_connections)
    print(f"One by One: http://{settings.host}:{settings.port}{settings.root_path}/", flush=True)
    uvicorn.run(
        "app.main:app",
        host=settings.host,
        port=settings.port,
        workers=None if settings.reload else settings.workers,
        log_level=settings.log_level,
        root_path=settings.root_path,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        reload=settings.reload,
        timeout_graceful_shutdown=30,
        # Measured with wrk, 300 new connections at once (bench/run): under uvloop about 100 of the
        # first requests waited 1-2 s while the busy loop served the connections it already had;
        # the asyncio loop answered all of them within 100 ms, at the same throughput for the API.
        loop="asyncio",
        http="app.delivery.server_protocol:BoundedHttpToolsProtocol",
    )


if __name__ == "__main__":
    main()
