"""The ASGI app: assembles routers, static files and middleware, nothing else."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError

from app import __version__
from app.api import cost, digits, health, lab, mixer, oembed, table, train
from app.api.errors import state_error_handler, validation_error_response
from app.delivery import static_files, vendor
from app.delivery.compression import Compression
from app.delivery.lifecycle import drain_on_sigterm
from app.delivery.limits import RequestLimits
from app.delivery.security import SecurityHeaders
from app.delivery.static_files import STATIC_DIR, CachedStaticFiles, static_fingerprint
from app.settings import Settings, get_settings
from app.state.spec import StateError
from app.web import pages


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; tests call this for a fresh instance (with their own settings)."""
    settings = settings or get_settings()
    application = FastAPI(
        title="One by One",
        version=__version__,
        description="How a 1×1 convolution is a fully connected layer, with real numbers.",
        # FastAPI's /docs and /redoc pull Swagger UI and ReDoc from a CDN and run inline
        # scripts: blank under our CSP and against "nothing from outside". The schema stays.
        docs_url=None,
        redoc_url=None,
        # FastAPI's native OpenTelemetry asks the global providers on every request;
        # One by One exports no traces, metrics or logs.
        telemetry={"tracing": False, "metrics": False, "logs": False},
        lifespan=drain_on_sigterm(settings.drain_seconds),
    )
    application.state.default_language = settings.default_language
    application.state.hosts_checked = "*" not in settings.allowed_host_list()
    application.add_exception_handler(RequestValidationError, validation_error_response)
    application.add_exception_handler(StateError, state_error_handler)
    application.include_router(health.router)
    application.include_router(mixer.router)
    application.include_router(lab.router)
    application.include_router(cost.router)
    application.include_router(train.router)
    application.include_router(table.router)
    application.include_router(digits.router)
    application.include_router(oembed.router)
    application.include_router(vendor.router)
    application.include_router(static_files.router)
    application.include_router(pages.router)
    immutable = CachedStaticFiles(directory=STATIC_DIR, cache_control="public, max-age=31536000, immutable")
    application.mount(f"/static/{static_fingerprint()}", immutable, name="static-fingerprinted")
    application.mount("/static", CachedStaticFiles(directory=STATIC_DIR, cache_control="no-cache"), name="static")
    application.add_middleware(RequestLimits, allowed_hosts=settings.allowed_host_list())
    application.add_middleware(Compression)
    application.add_middleware(SecurityHeaders, frame_ancestors=settings.frame_ancestors)
    return application


app = create_app()
