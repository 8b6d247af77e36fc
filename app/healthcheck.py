"""``python -m app.healthcheck``: exit 0 when the local server answers /healthz (the image's HEALTHCHECK)."""

import sys
import urllib.request

from app.settings import get_settings


def main() -> int:
    """Ask the server on this machine; the proxy's root path is not in front of it."""
    port = get_settings().port
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=3) as response:
            return 0 if response.status == 200 else 1
    except OSError as error:
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
