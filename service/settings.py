"""Runtime settings, read once from the environment (prefix ``WOONROUTE_``).

``DATABASE_URL`` is honoured without prefix, as is customary for twelve-factor services.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

API_VERSION = "1.0.0"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WOONROUTE_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///./woonroute.db",
        validation_alias=AliasChoices("DATABASE_URL", "WOONROUTE_DATABASE_URL"),
    )
    #: Name of a region file shipped in ``service/regions`` or a path to a TOML file.
    regio: str = "zuidoost-utrecht"
    #: Seconds between runs of the in-process job that expires overdue aanbiedingen.
    taak_interval_seconden: int = 60
    taken_aan: bool = True
    #: Failed authentications per client address per minute before 429.
    max_mislukte_aanmeldingen: int = 20
    #: Secret for per-corporatie pseudonyms; when empty one is generated and kept in the database.
    pseudoniem_sleutel: str = ""
    #: Demo and acceptance tests only: pretend today is this date (see ``service.clock``).
    vandaag: date | None = None
    #: Seconds between recomputations of the signaleringen by the in-process job.
    signalen_interval_seconden: int = 900

    @property
    def sqlalchemy_url(self) -> str:
        url = self.database_url
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://") :]
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url


@lru_cache
def get_settings() -> Settings:
    return Settings()
