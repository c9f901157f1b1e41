"""The dispatcher: claim due berichten, sign them (Standard Webhooks), deliver, record.

Claiming (exactly one sender per bericht across processes):

- A bericht is *due* when it is ``wachtend``, its ``volgende_poging`` has come, no live lease
  holds it, and no earlier ``wachtend`` bericht of the same subscription shares an ordering key
  (the kandidaat, or the woning): so a delivery about a kandidaat never overtakes an earlier one
  (nor an aanbieding the approval of its voordracht), and one round never holds two berichten
  with a key in common.
- The claim selects due rows ``FOR UPDATE SKIP LOCKED`` on PostgreSQL (concurrent dispatchers
  skip each other's rows) and, on SQLite, inside a ``BEGIN IMMEDIATE`` transaction (one writer at
  a time); in both it sets a lease (``geclaimd_door``, ``geclaimd_tot``) and commits before any
  HTTP is sent. A dispatcher killed mid-delivery leaves its lease to expire, and then another
  sends the bericht again with the same ``webhook-id``: at least once, duplicates recognisable.

Delivery: 2xx is success; anything else (status, timeout, refused or closed connection, a target
that now resolves inwards) is a failed attempt, retried after ``backoff × 2^(n-1)`` seconds with
jitter (a random factor between ½ and 1), capped; once the bericht has been waiting longer than
the maximum age it becomes a dead letter (``mislukt``), which the subscriber can replay.
"""

from __future__ import annotations

import json
import logging
import os
import random
import socket
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import Engine
from sqlalchemy import and_
from sqlalchemy import exists
from sqlalchemy import or_
from sqlalchemy import update
from sqlalchemy.orm import aliased
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select
from sqlmodel.sql.expression import SelectOfScalar
from standardwebhooks.webhooks import Webhook

from service.db import session_scope
from service.models import Abonnement
from service.models import BerichtStatus
from service.models import WebhookBericht
from service.models import WebhookPoging
from service.settings import Settings
from service.webhooks import doel

log = logging.getLogger("woonroute.webhooks")

#: A round claims this many berichten per delivery thread; the lease must outlast
#: ``PER_DRAAD × timeout`` (the slowest round), or another dispatcher may send one again.
PER_DRAAD = 4


@dataclass(frozen=True, slots=True)
class Regels:
    """How hard the dispatcher tries (from ``Settings``)."""

    timeout: float = 10.0
    lease: float = 60.0
    backoff: float = 5.0
    backoff_max: float = 3600.0
    max_leeftijd: timedelta = timedelta(hours=72)
    gelijktijdig: int = 8
    demo: bool = False

    @classmethod
    def uit(cls, settings: Settings) -> Regels:
        return cls(
            timeout=settings.webhook_timeout_seconden,
            lease=settings.webhook_lease_seconden,
            backoff=settings.webhook_backoff_seconden,
            backoff_max=settings.webhook_backoff_max_seconden,
            max_leeftijd=timedelta(hours=settings.webhook_max_leeftijd_uren),
            gelijktijdig=settings.webhook_gelijktijdig,
            demo=settings.demo,
        )


def wachttijd(pogingen: int, regels: Regels, rnd: random.Random) -> float:
    """Exponential backoff with jitter: between half and all of ``backoff × 2^(n-1)``."""
    grens = min(regels.backoff_max, regels.backoff * 2 ** max(0, pogingen - 1))
    return rnd.uniform(grens / 2, grens)


def utcnow() -> datetime:
    return datetime.now(UTC)


def lichaam(bericht: WebhookBericht) -> str:
    """The exact text that is signed and sent."""
    return json.dumps(bericht.inhoud, ensure_ascii=False, separators=(",", ":"))


def handtekening(abonnement: Abonnement, bericht_id: str, tijdstip: datetime, data: str) -> str:
    """``webhook-signature``: v1 with the current secret, plus the previous one in its grace period."""
    geheimen = [abonnement.geheim]
    if (
        abonnement.vorig_geheim
        and abonnement.vorig_geheim_geldig_tot
        and abonnement.vorig_geheim_geldig_tot > tijdstip
    ):
        geheimen.append(abonnement.vorig_geheim)
    return " ".join(Webhook(g).sign(bericht_id, tijdstip, data) for g in geheimen)


@dataclass(frozen=True, slots=True)
class Uitslag:
    statuscode: int | None
    fout: str | None
    duur_ms: int

    @property
    def gelukt(self) -> bool:
        return self.statuscode is not None and 200 <= self.statuscode < 300


class Dispatcher:
    def __init__(
        self,
        engine: Engine,
        regels: Regels,
        *,
        naam: str | None = None,
        client: httpx.Client | None = None,
        rnd: random.Random | None = None,
    ) -> None:
        self.engine = engine
        self.read_engine = engine.execution_options(alleen_lezen=True)
        self.regels = regels
        self.naam = naam or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.client = client or httpx.Client(
            timeout=regels.timeout, follow_redirects=False, trust_env=False
        )
        self.rnd = rnd or random.Random()
        self._pool = ThreadPoolExecutor(regels.gelijktijdig, thread_name_prefix="webhook")

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        self.client.close()

    # --- claiming ---------------------------------------------------------------------------

    def _due(self, nu: datetime) -> SelectOfScalar[int | None]:
        eerder = aliased(WebhookBericht)

        def gedeeld(zijn: Any, mijn: Any) -> Any:
            # One index probe each: (abonnement_id, onderwerp|tweede_onderwerp, status, id).
            return exists().where(
                col(eerder.abonnement_id) == col(WebhookBericht.abonnement_id),
                zijn == mijn,
                col(eerder.status) == BerichtStatus.wachtend,
                col(eerder.id) < col(WebhookBericht.id),
            )

        blokkeert = or_(
            gedeeld(eerder.onderwerp, WebhookBericht.onderwerp),
            gedeeld(eerder.tweede_onderwerp, WebhookBericht.onderwerp),
            gedeeld(eerder.onderwerp, WebhookBericht.tweede_onderwerp),
            gedeeld(eerder.tweede_onderwerp, WebhookBericht.tweede_onderwerp),
        )
        return (
            select(col(WebhookBericht.id))
            .join(Abonnement, col(Abonnement.id) == col(WebhookBericht.abonnement_id))
            .where(
                col(WebhookBericht.status) == BerichtStatus.wachtend,
                col(WebhookBericht.volgende_poging) <= nu,
                or_(
                    col(WebhookBericht.geclaimd_tot).is_(None),
                    col(WebhookBericht.geclaimd_tot) < nu,
                ),
                col(Abonnement.actief),
                ~blokkeert,
            )
            .order_by(col(WebhookBericht.id))
            .limit(self.regels.gelijktijdig * PER_DRAAD)
        )

    def claim(self) -> list[tuple[WebhookBericht, Abonnement]]:
        nu = utcnow()
        # A cheap read first: an idle dispatcher takes no write lock.
        with Session(self.read_engine) as session:
            if not session.exec(self._due(nu).limit(1)).first():
                return []
        with session_scope(self.engine) as session:
            ids = list(
                session.exec(
                    self._due(nu).with_for_update(skip_locked=True, of=WebhookBericht)
                ).all()
            )
            if not ids:
                return []
            session.execute(
                update(WebhookBericht)
                .where(col(WebhookBericht.id).in_(ids))
                .values(
                    geclaimd_door=self.naam,
                    geclaimd_tot=nu + timedelta(seconds=self.regels.lease),
                )
            )
            rows = session.exec(
                select(WebhookBericht, Abonnement)
                .join(Abonnement, col(Abonnement.id) == col(WebhookBericht.abonnement_id))
                .where(col(WebhookBericht.id).in_(ids))
                .order_by(col(WebhookBericht.id))
            ).all()
            session.expunge_all()
            return [(b, a) for b, a in rows]

    # --- delivering -------------------------------------------------------------------------

    def verstuur(self, bericht: WebhookBericht, abonnement: Abonnement) -> Uitslag:
        start = time.perf_counter()
        try:
            doel.controleer(abonnement.url, demo=self.regels.demo)
            data = lichaam(bericht)
            nu = utcnow()
            headers = {
                "content-type": "application/json",
                "user-agent": "woonroute-webhooks/1",
                "webhook-id": bericht.bericht_id,
                "webhook-timestamp": str(int(nu.timestamp())),
                "webhook-signature": handtekening(abonnement, bericht.bericht_id, nu, data),
            }
            r = self.client.post(abonnement.url, content=data.encode(), headers=headers)
            fout = (
                None if 200 <= r.status_code < 300 else f"De ontvanger antwoordde {r.status_code}."
            )
            return Uitslag(r.status_code, fout, _ms(start))
        except doel.OngeldigDoel as exc:
            return Uitslag(None, str(exc), _ms(start))
        except httpx.TimeoutException:
            return Uitslag(None, "Geen antwoord binnen de tijd.", _ms(start))
        except httpx.HTTPError as exc:
            return Uitslag(None, f"Verbinding mislukt: {type(exc).__name__}.", _ms(start))

    def vastleggen(self, uitslagen: list[tuple[WebhookBericht, Uitslag]]) -> None:
        """Every attempt of a round and its consequence, in one transaction."""
        nu = utcnow()
        with session_scope(self.engine) as session:
            for bericht, uitslag in uitslagen:
                self._leg_vast(session, bericht, uitslag, nu)

    def _leg_vast(
        self, session: Session, bericht: WebhookBericht, uitslag: Uitslag, nu: datetime
    ) -> None:
        assert bericht.id is not None  # a claimed bericht is a stored row
        session.add(
            WebhookPoging(
                bericht_id=bericht.id,
                tijdstip=nu,
                statuscode=uitslag.statuscode,
                fout=uitslag.fout,
                duur_ms=uitslag.duur_ms,
                door=self.naam,
            )
        )
        waarden: dict = {
            "pogingen": WebhookBericht.pogingen + 1,
            "laatste_statuscode": uitslag.statuscode,
            "laatste_fout": uitslag.fout,
            "geclaimd_door": None,
            "geclaimd_tot": None,
        }
        if uitslag.gelukt:
            # Success is final, even when another dispatcher took over an expired lease.
            waarden |= {"status": BerichtStatus.afgeleverd, "afgeleverd_op": nu}
            voorwaarde = col(WebhookBericht.status) == BerichtStatus.wachtend
        else:
            te_oud = nu - bericht.in_wachtrij_sinds > self.regels.max_leeftijd
            if te_oud:
                waarden["status"] = BerichtStatus.mislukt
            else:
                wacht = wachttijd(bericht.pogingen + 1, self.regels, self.rnd)
                waarden["volgende_poging"] = nu + timedelta(seconds=wacht)
            # Only the holder of the lease reschedules.
            voorwaarde = and_(
                col(WebhookBericht.status) == BerichtStatus.wachtend,
                col(WebhookBericht.geclaimd_door) == self.naam,
            )
        session.execute(
            update(WebhookBericht)
            .where(col(WebhookBericht.id) == bericht.id, voorwaarde)
            .values(**waarden)
        )

    def ronde(self) -> int:
        """Claim what is due, deliver it concurrently, record every attempt. Returns the count."""
        werk = self.claim()
        if not werk:
            return 0
        uitslagen = list(self._pool.map(lambda ba: self.verstuur(*ba), werk))
        self.vastleggen([(b, u) for (b, _), u in zip(werk, uitslagen, strict=True)])
        return len(werk)

    def draai(self, stop: threading.Event, interval: float) -> None:
        """Run until ``stop`` is set (the ``woonroute dispatcher`` command)."""
        while not stop.is_set():
            try:
                if self.ronde() == 0:
                    stop.wait(interval)
            except Exception:  # keep going: the next round tries again
                log.exception("webhook round failed")
                stop.wait(interval)


def _ms(start: float) -> int:
    return int((time.perf_counter() - start) * 1000)
