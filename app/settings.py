"""Every setting in one typed place; all optional, read from ONEBYONE_* variables."""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.i18n import LANGUAGES


class Settings(BaseSettings):
    """Defaults that work with no configuration at all."""

    model_config = SettingsConfigDict(env_prefix="ONEBYONE_")

    host: str = Field("127.0.0.1", description="Address to listen on (0.0.0.0 for every interface).")
    port: int = Field(8000, ge=1, le=65535, description="TCP port to listen on.")
    workers: int = Field(1, ge=1, le=64, description="uvicorn worker processes (the app is stateless: one per core is a good start).")
    log_level: str = Field("info", pattern="^(critical|error|warning|info|debug)$", description="uvicorn log level.")
    root_path: str = Field(
        "",
        pattern=r"^(/[A-Za-z0-9._~-]+)*$",
        description="The sub-path a reverse proxy serves the app under, e.g. /onebyone (no trailing slash); empty at the root.",
    )
    forwarded_allow_ips: str = Field(
        "127.0.0.1",
        pattern=r"^(\*|[0-9A-Fa-f.:/]+(,[0-9A-Fa-f.:/]+)*)$",
        description="Comma-separated addresses of proxies whose X-Forwarded-Proto/-For are trusted (* for any), so links say https behind TLS.",
    )
    default_language: str = Field(
        "en", pattern=f"^({'|'.join(LANGUAGES)})$", description="Language of pages (en, zh or ko) when neither the URL (lang=) nor the browser asks for one."
    )
    reload: bool = Field(False, description="Restart on code changes (development only).")
    api_cache_mb: int = Field(
        32, ge=0, le=4096, description="Megabytes of computed API answers each of the three compute endpoints keeps per worker (0 turns the caches off)."
    )
    frame_ancestors: str = Field(
        "*",
        description="Who may frame the /embed/ pages: * for any site, or space-separated origins such as "
        "'https://blog.example.org https://*.example.com'. Every other page refuses to be framed.",
    )

    @field_validator("frame_ancestors")
    @classmethod
    def _check_frame_ancestors(cls, value: str) -> str:
        sources = value.split()
        if not sources:
            raise ValueError("must be * or space-separated origins such as https://blog.example.org")
        for source in sources:
            if not FRAME_SOURCE.fullmatch(source):
                raise ValueError(f"{source!r} is not *, 'self' or an origin such as https://blog.example.org")
        return " ".join(sources)


# What a pattern-checked setting accepts, in words, for the start-up error.
ALLOWED = {
    "log_level": "one of critical, error, warning, info, debug",
    "root_path": "empty or a path such as /onebyone (no trailing slash)",
    "default_language": "one of " + ", ".join(LANGUAGES),
    "forwarded_allow_ips": "* or comma-separated IP addresses or networks, e.g. 10.0.0.0/8,127.0.0.1",
}

# A CSP host-source an operator may list: *, 'self', or scheme://host[:port] (host may start with *.).
FRAME_SOURCE = re.compile(r"\*|'self'|https?://(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?")


@lru_cache
def get_settings() -> Settings:
    """The process's settings, read once; tests override with ``app.dependency_overrides`` or a new Settings."""
    return Settings()
