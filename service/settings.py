"""Runtime settings, read once from the environment (prefix ``WOONROUTE_``).

``DATABASE_URL`` is honoured without prefix, as is customary for twelve-factor services.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Literal

from pydantic import AliasChoices
from pydantic import Field
from pydantic_settings import BaseSettings
from pydantic_settings import SettingsConfigDict

API_VERSION = "1.0.0"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WOONROUTE_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///./woonroute.db",
        validation_alias=AliasChoices("DATABASE_URL", "WOONROUTE_DATABASE_URL"),
    )
    #: Name of a region file shipped in ``service/regio/bestanden`` or a path to a TOML file.
    regio: str = "zuidoost-utrecht"
    #: Bring the schema up to date when the server starts (under a lock: N processes never
    #: race). Set false where ``woonroute migrate`` runs as its own step (Dockerfile, compose):
    #: the server then refuses to start on a schema that is not at head.
    migreren_bij_start: bool = True
    #: Seconds between runs of the in-process job that expires overdue aanbiedingen.
    taak_interval_seconden: int = 60
    taken_aan: bool = True
    #: Failed authentications per minute, per client address and per key prefix or account,
    #: before 429 (counted in the database, shared by every process).
    max_mislukte_aanmeldingen: int = 20
    #: Addresses of reverse proxies whose ``X-Forwarded-For`` is believed (comma separated);
    #: from anyone else the header is ignored, so it cannot be used to dodge the limiter.
    vertrouwde_proxies: str = ""
    #: Log level of the JSON logs (``service.logboek``): one line per request at INFO.
    log_niveau: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    #: Who may read ``/metrics`` (Prometheus): comma-separated addresses or networks, e.g.
    #: ``127.0.0.1,10.0.0.0/8``. Empty: no metrics endpoint (404).
    metrics_adressen: str = ""
    #: Send ``Strict-Transport-Security``: set this when the service runs behind https.
    hsts: bool = False
    #: Request bodies: JSON (and forms) and uploads (multipart), in bytes; checked before reading.
    max_json_bytes: int = 1024 * 1024
    max_upload_bytes: int = 20 * 1024 * 1024
    #: Uploaded spreadsheets: data rows per file, the uncompressed size of an XLSX and its
    #: compression ratio (zip-bomb defence), and how many problems an answer lists (plus the total).
    max_rijen_per_bestand: int = 100_000
    max_xlsx_uitgepakt_bytes: int = 200 * 1024 * 1024
    max_xlsx_compressie: int = 100
    max_problemen: int = 200
    #: Secret for per-corporatie pseudonyms; when empty one is generated and kept in the database.
    pseudoniem_sleutel: str = ""
    #: Demo and acceptance tests only: pretend today is this date (see ``service.clock``).
    vandaag: date | None = None
    #: Seconds between recomputations of the signaleringen by the in-process job.
    signalen_interval_seconden: int = 900
    #: Seconds between runs of the retention job (``woonroute retentie``).
    retentie_interval_seconden: int = 3600
    #: A job's lease (``service.taken``): renewed every third of it while the job runs; a dead
    #: process's job is taken over by another this many seconds after its last renewal.
    taak_lease_seconden: float = Field(default=30.0, gt=0, le=3600)
    #: How often each process checks whether a job is due.
    taak_tik_seconden: float = Field(default=1.0, gt=0, le=60)
    #: Demo mode (``woonroute demo``): webhooks may go to plain http on loopback.
    demo: bool = False
    #: Run the webhook dispatcher inside the server; false when ``woonroute dispatcher`` runs apart.
    dispatcher_aan: bool = True
    #: Seconds the dispatcher waits when nothing is due.
    webhook_interval_seconden: float = Field(default=1.0, gt=0, le=3600)
    #: Seconds a receiver has to answer one delivery.
    webhook_timeout_seconden: float = Field(default=10.0, gt=0, le=120)
    #: Seconds a claimed bericht belongs to one dispatcher; after that another may send it.
    #: Keep it above 4 × the timeout (a round sends 4 berichten per thread).
    webhook_lease_seconden: float = Field(default=60.0, gt=0, le=3600)
    #: First retry after this many seconds, doubling each attempt (with jitter) up to the maximum.
    webhook_backoff_seconden: float = Field(default=5.0, gt=0, le=3600)
    webhook_backoff_max_seconden: float = Field(default=3600.0, gt=0, le=86400)
    #: A bericht not delivered within this many hours becomes a dead letter (replayable).
    webhook_max_leeftijd_uren: float = Field(default=72.0, gt=0, le=24 * 30)
    #: Deliveries in flight at once per dispatcher (never two for the same onderwerp).
    webhook_gelijktijdig: int = Field(default=8, ge=1, le=64)
    #: After a rotation the previous secret keeps signing for this many hours.
    webhook_geheim_overlap_uren: float = Field(default=24.0, ge=0, le=24 * 30)

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
