"""Every setting in one typed place; all optional, read from ONEBYONE_* variables."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Defaults that work with no configuration at all."""

    model_config = SettingsConfigDict(env_prefix="ONEBYONE_")

    host: str = Field("127.0.0.1", description="Address to listen on (0.0.0.0 for every interface).")
    port: int = Field(8000, ge=1, le=65535, description="TCP port to listen on.")
    log_level: str = Field("info", pattern="^(critical|error|warning|info|debug)$", description="uvicorn log level.")
    reload: bool = Field(False, description="Restart on code changes (development only).")
    api_cache_size: int = Field(2048, ge=0, le=100_000, description="How many computed API responses to keep in memory (0 turns the cache off).")


@lru_cache
def get_settings() -> Settings:
    """The process's settings, read once; tests override with ``app.dependency_overrides`` or a new Settings."""
    return Settings()
