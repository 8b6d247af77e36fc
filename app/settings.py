"""Every setting in one typed place; all optional, read from ONEBYONE_* variables."""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.i18n.catalog import LANGUAGES


class Settings(BaseSettings):
    """Defaults that work with no configuration at all."""

    model_config = SettingsConfigDict(env_prefix="ONEBYONE_")

    host: str = Field("127.0.0.1", description="Address to listen on (0.0.0.0 for every interface).")
    port: int = Field(8000, ge=1, le=65535, description="TCP port to listen on.")
    workers: int = Field(
        1,
        ge=1,
        le=64,
        description="Worker processes (the app is stateless: one per core is a good start); "
        "on Linux each listens on its own socket and the kernel spreads connections between them.",
    )
    log_level: str = Field(
        "info", pattern="^(critical|error|warning|info|debug)$", description="Log level of the server (gunicorn and uvicorn); below info, no access log."
    )
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

    allowed_hosts: str = Field(
        "*",
        description="Host names the server answers for, comma-separated ('onebyone.example.org,*.example.org'); "
        "other Host headers get 400. * answers any host, and then no answer that names the host (oEmbed) may be cached.",
    )
    request_head_timeout: float = Field(
        10.0,
        gt=0,
        le=300,
        description="Seconds a connection has to send a request's line and headers, from connect or from the previous answer; then it is closed.",
    )
    max_connections: int = Field(
        1000,
        ge=10,
        le=1_000_000,
        description="Open connections per worker; past it the connection that has waited longest for a request is closed to make room "
        "(the open-file limit is raised to fit where the system allows).",
    )
    drain_seconds: float = Field(
        2.0, ge=0, le=120, description="On SIGTERM, how long /healthz says draining (503) while requests are still served, before the server stops."
    )

    @field_validator("allowed_hosts")
    @classmethod
    def _check_allowed_hosts(cls, value: str) -> str:
        hosts = [host.strip().lower() for host in value.split(",") if host.strip()]
        if not hosts:
            raise ValueError("must be * or comma-separated host names such as onebyone.example.org")
        for host in hosts:
            if not ALLOWED_HOST.fullmatch(host):
                raise ValueError(f"{host!r} is not *, a host name such as onebyone.example.org, *.example.org or an address")
        return ",".join(hosts)

    def allowed_host_list(self) -> tuple[str, ...]:
        """The allowed hosts as patterns for ``app.limits.host_allowed``."""
        return tuple(self.allowed_hosts.split(","))

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

# A host an operator may allow: *, a name (with *. for its subdomains), an IPv4 address or a bracketed IPv6 one.
ALLOWED_HOST = re.compile(r"\*|(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\]")

# A CSP host-source an operator may list: *, 'self', or scheme://host[:port] (host may start with *.).
FRAME_SOURCE = re.compile(r"\*|'self'|https?://(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?")


@lru_cache
def get_settings() -> Settings:
    """The process's settings, read once; tests override with ``app.dependency_overrides`` or a new Settings."""
    return Settings()
