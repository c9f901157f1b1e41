"""API keys and the calling organisation.

A key looks like ``wr_<prefix>_<secret>``. Only the SHA-256 of the whole key is stored: the
secret has 256 bits of entropy, so a slow password hash would add latency to every request
without adding safety. The prefix finds the row; the hash is compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import replace
from datetime import datetime
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy import delete
from sqlalchemy import or_
from sqlalchemy import update
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service.errors import NietAangemeld
from service.errors import NietGevonden
from service.errors import TeVeelPogingen
from service.models import Aanmeldpoging
from service.models import ApiSleutel
from service.models import Organisatie
from service.models import OrganisatieSoort
from service.models.types import utcnow

HEADER = "X-Api-Key"
KEY_USE_INTERVAL = timedelta(minutes=1)
#: How long a process trusts a key it verified before it reads the key again: a key revoked
#: or rotated (or an organisation made inactive) in any process stops working on every
#: process within this many seconds.
KEY_CACHE_SECONDS = 5.0
log = logging.getLogger("woonroute")


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
    def van(cls, org: Organisatie, gebruiker_id: uuid.UUID | None = None) -> Actor:
        """The organisation acting as itself (an API key, jobs, the demo, webhook payloads), or
        through one of its people (``gebruiker_id``: a web session)."""
        return cls(
            organisatie_id=org.id,
            code=org.code,
            naam=org.naam,
            soort=OrganisatieSoort(org.soort),
            route=org.route,
            gebruiker_id=gebruiker_id,
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
    VERIFIED_KEYS.clear()  # this process at once; the others within KEY_CACHE_SECONDS
    return row


def authenticate(session: Session, key: str | None) -> Actor:
    return check_key(session, key)[0]


def check_key(session: Session, key: str | None) -> tuple[Actor, ApiSleutel]:
    if not key:
        raise NietAangemeld(f"Stuur uw API-sleutel mee in de header {HEADER}.")
    parts = key.split("_")
    if len(parts) < 3 or parts[0] != "wr":
        raise NietAangemeld("Deze API-sleutel is niet geldig.")
    row = session.exec(
        select(ApiSleutel, Organisatie)
        .join(Organisatie, col(Organisatie.id) == col(ApiSleutel.organisatie_id))
        .where(col(ApiSleutel.prefix) == parts[1])
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
    return Actor.van(org), sleutel


@dataclass(frozen=True, slots=True)
class VerifiedKey:
    """A key that passed ``check_key``: who it is, and what the request path needs of its row."""

    actor: Actor
    sleutel_id: uuid.UUID
    laatst_gebruikt_op: datetime | None


class VerifiedKeys:
    """The keys this process verified, for at most ``seconds`` each (by the SHA-256 of the
    whole key, never the key itself). Only valid keys are kept: a wrong, revoked or unknown
    key is checked against the database, and counted by the failure limiter, every time.
    Nothing is shared between processes; each reads a key again after ``seconds``, so a
    revocation elsewhere holds everywhere within that time."""

    def __init__(
        self, seconds: float = KEY_CACHE_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.seconds = seconds
        self.clock = clock
        self._keys: dict[str, tuple[float, VerifiedKey]] = {}
        self._lock = threading.Lock()

    def get(self, key: str | None) -> VerifiedKey | None:
        if not key:
            return None
        entry = self._keys.get(hash_key(key))
        if entry is None or entry[0] <= self.clock():
            return None
        return entry[1]

    def put(self, key: str, verified: VerifiedKey) -> None:
        with self._lock:
            now = self.clock()
            if len(self._keys) > 10_000:  # a bound; expired entries go first
                self._keys = {h: e for h, e in self._keys.items() if e[0] > now}
            self._keys[hash_key(key)] = (now + self.seconds, verified)

    def used(self, key: str, when: datetime) -> None:
        """The key's use was recorded: keep the entry's expiry, update ``laatst_gebruikt_op``."""
        with self._lock:
            entry = self._keys.get(hash_key(key))
            if entry is not None:
                self._keys[hash_key(key)] = (entry[0], replace(entry[1], laatst_gebruikt_op=when))

    def clear(self) -> None:
        with self._lock:
            self._keys = {}


#: The process's verified keys (``service.deps.get_actor`` reads and fills it).
VERIFIED_KEYS = VerifiedKeys()


def verify_key(session: Session, key: str | None) -> VerifiedKey:
    """``check_key``, remembered for ``KEY_CACHE_SECONDS`` when the key is valid."""
    actor, sleutel = check_key(session, key)
    verified = VerifiedKey(actor, sleutel.id, sleutel.laatst_gebruikt_op)
    assert key is not None  # check_key refused an empty key
    VERIFIED_KEYS.put(key, verified)
    return verified


class FailureLimiter:
    """Counts failed authentications in the database (table ``aanmeldpoging``), so every process
    and every server shares the counters, in a sliding window of ``window`` seconds.

    Each failure counts for the client address and for the key prefix or the account. A counter
    at ``limit`` makes further *failures* on it answer 429 with ``Retry-After``. Valid
    credentials are never refused because of the address: many people share one address
    behind an office network or a proxy. An account under attack is locked for the window.
    """

    def __init__(
        self, engine: Engine, limit: int, window: int = 60, read_engine: Engine | None = None
    ) -> None:
        self.engine = engine
        self.read_engine = read_engine or engine  # counting needs no write lock
        self.limit = limit
        self.window = window

    def wacht(self, *tellers: str) -> int:
        """Seconds until every counter is below the limit again (0: not locked)."""
        now = utcnow()
        sinds = now - timedelta(seconds=self.window)
        langste = 0
        with Session(self.read_engine) as session:
            for teller in tellers:
                momenten = session.exec(
                    select(Aanmeldpoging.tijdstip)
                    .where(Aanmeldpoging.teller == teller, Aanmeldpoging.tijdstip > sinds)
                    .order_by(col(Aanmeldpoging.tijdstip).desc())
                    .limit(self.limit)
                ).all()
                if len(momenten) >= self.limit:
                    vrij = momenten[-1] + timedelta(seconds=self.window) - now
                    langste = max(langste, max(1, math.ceil(vrij.total_seconds())))
        return langste

    def check(self, *tellers: str) -> None:
        if seconden := self.wacht(*tellers):
            raise TeVeelPogingen(
                f"Te veel mislukte aanmeldingen. Probeer het over {seconden} seconden opnieuw.",
                retry_after=seconden,
            )

    def failed(self, *tellers: str) -> None:
        """Count one failure on each counter (and forget what left the window)."""
        now = utcnow()
        with Session(self.engine) as session:
            session.execute(
                delete(Aanmeldpoging).where(
                    col(Aanmeldpoging.teller).in_(tellers),
                    col(Aanmeldpoging.tijdstip) < now - timedelta(seconds=self.window),
                )
            )
            session.add_all(Aanmeldpoging(teller=t, tijdstip=now) for t in tellers)
            session.commit()


def adres_teller(adres: str) -> str:
    return f"ip:{adres}"[:120]


def sleutel_teller(key: str | None) -> str:
    parts = (key or "").split("_")
    prefix = parts[1] if len(parts) >= 3 and parts[0] == "wr" else "ongeldig"
    return f"sleutel:{prefix}"[:120]


def account_teller(email: str) -> str:
    return "account:" + hashlib.sha256(email.lower().strip().encode()).hexdigest()


def client_adres(client: str | None, forwarded_for: str | None, proxies: frozenset[str]) -> str:
    """The caller's address. ``X-Forwarded-For`` counts only when the connection comes from a
    configured proxy; then the last address not itself a proxy is the client."""
    adres = client or "onbekend"
    if adres not in proxies or not forwarded_for:
        return adres
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        if hop not in proxies:
            return hop[:64]
    return adres


def record_key_use(engine: Engine, sleutel_id: uuid.UUID) -> None:
    """Note that a key was used: at most once a minute, in a transaction of a single UPDATE,
    run after the answer was sent, so it never holds up the request or a writer for long."""
    now = utcnow()
    with Session(engine) as session:
        session.execute(
            update(ApiSleutel)
            .where(
                col(ApiSleutel.id) == sleutel_id,
                or_(
                    col(ApiSleutel.laatst_gebruikt_op).is_(None),
                    col(ApiSleutel.laatst_gebruikt_op) < now - KEY_USE_INTERVAL,
                ),
            )
            .values(laatst_gebruikt_op=now)
        )
        session.commit()
