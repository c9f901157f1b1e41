"""API keys and the calling organisation.

A key looks like ``wr_<prefix>_<secret>``. Only the SHA-256 of the whole key is stored: the
secret has 256 bits of entropy, so a slow password hash would add latency to every request
without adding safety. The prefix finds the row; the hash is compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass

from sqlmodel import Session, select

from service.errors import NietAangemeld, NietGevonden, TeVeelPogingen
from service.models import ApiSleutel, Organisatie, OrganisatieSoort
from service.models.types import utcnow

HEADER = "X-Api-Key"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is calling: an organisation, identified by one of its API keys."""

    organisatie_id: uuid.UUID
    code: str
    naam: str
    soort: OrganisatieSoort
    route: str | None = None
    #: The person behind a web session (None for an API key): recorded on every change.
    gebruiker_id: uuid.UUID | None = None

    @classmethod
    def van(cls, org: Organisatie) -> Actor:
        """The organisation acting as itself (jobs, the demo, webhook payloads)."""
        return cls(
            organisatie_id=org.id,
            code=org.code,
            naam=org.naam,
            soort=OrganisatieSoort(org.soort),
            route=org.route,
        )


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_key(
    session: Session, organisatie: Organisatie, omschrijving: str = ""
) -> tuple[ApiSleutel, str]:
    """Create a key; returns the row and the key itself, which is never stored."""
    prefix = secrets.token_hex(6)
    key = f"wr_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiSleutel(
        organisatie_id=organisatie.id, prefix=prefix, hash=hash_key(key), omschrijving=omschrijving
    )
    session.add(row)
    session.flush()
    return row, key


def revoke_api_key(session: Session, prefix: str) -> ApiSleutel:
    row = session.exec(select(ApiSleutel).where(ApiSleutel.prefix == prefix)).first()
    if row is None:
        raise NietGevonden(f"Er is geen API-sleutel met begin {prefix}.")
    if row.ingetrokken_op is None:
        row.ingetrokken_op = utcnow()
        session.add(row)
    return row


def authenticate(session: Session, key: str | None) -> Actor:
    if not key:
        raise NietAangemeld(f"Stuur uw API-sleutel mee in de header {HEADER}.")
    parts = key.split("_")
    if len(parts) < 3 or parts[0] != "wr":
        raise NietAangemeld("Deze API-sleutel is niet geldig.")
    row = session.exec(
        select(ApiSleutel, Organisatie)
        .join(Organisatie, Organisatie.id == ApiSleutel.organisatie_id)
        .where(ApiSleutel.prefix == parts[1])
    ).first()
    if row is None or not hmac.compare_digest(row[0].hash, hash_key(key)):
        raise NietAangemeld("Deze API-sleutel is niet geldig.")
    sleutel, org = row
    if sleutel.ingetrokken_op is not None:
        raise NietAangemeld(
            "Deze API-sleutel is ingetrokken. Vraag een nieuwe aan bij het regiobeheer."
        )
    if not org.actief:
        raise NietAangemeld("Uw organisatie is niet meer actief in woonroute.")
    return Actor(
        organisatie_id=org.id,
        code=org.code,
        naam=org.naam,
        soort=OrganisatieSoort(org.soort),
        route=org.route,
    )


class FailureLimiter:
    """Counts failed authentications per client address in a sliding minute (in memory)."""

    def __init__(self, limit: int, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window
        self._seen: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _trim(self, q: deque[float], now: float) -> None:
        while q and now - q[0] > self.window:
            q.popleft()

    def check(self, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            q = self._seen.get(client)
            if q is None:
                return
            self._trim(q, now)
            if len(q) >= self.limit:
                raise TeVeelPogingen(
                    "Te veel mislukte aanmeldingen. Wacht een minuut en probeer het opnieuw."
                )

    def failed(self, client: str) -> None:
        with self._lock:
            q = self._seen[client]
            q.append(time.monotonic())
            self._trim(q, time.monotonic())
