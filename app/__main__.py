"""``python -m app``: serve One by One with uvicorn, configured by ``Settings``."""

import uvicorn

from app.settings import get_settings


def main() -> None:
    """Start uvicorn on the configured host and port."""
    settings = get_settings()
    print(f"One by One: http://{settings.host}:{settings.port}/", flush=True)
    uvicorn.run("app.main:app", host=settings.host, port=settings.port, log_level=settings.log_level, reload=settings.reload)


if __name__ == "__main__":
    main()
