"""``python -m app``: serve One by One, configured by ``Settings``: gunicorn's arbiter with
``ONEBYONE_WORKERS`` uvicorn workers (``app.delivery.workers``), or one reloading uvicorn
process in development (``ONEBYONE_RELOAD=true``).

A bad setting stops the start with one line naming the variable, before uvicorn runs.
"""

import sys

import uvicorn
from pydantic import ValidationError

from app.delivery.server_protocol import raise_file_limit
from app.delivery.workers import address_in_use, bind_address, serve, uvicorn_options
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
    """Serve on the configured host and port until stopped."""
    try:
        settings = get_settings()
    except ValidationError as error:
        print(describe(error), file=sys.stderr)
        raise SystemExit(2) from None
    raise_file_limit(settings.max_connections)
    if address_in_use(settings):
        print(f"One by One cannot start: {bind_address(settings)} is in use by another server (ONEBYONE_PORT picks another)", file=sys.stderr)
        raise SystemExit(2)
    print(f"One by One: http://{bind_address(settings)}{settings.root_path}/", flush=True)
    if settings.reload:
        # Development: one uvicorn process, restarted on code changes.
        uvicorn.run(
            "app.main:app",
            host=settings.host,
            port=settings.port,
            log_level=settings.log_level,
            forwarded_allow_ips=settings.forwarded_allow_ips,
            reload=True,
            **uvicorn_options(settings),
        )
        return
    serve(settings)


if __name__ == "__main__":
    main()
