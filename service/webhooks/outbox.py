"""The transactional outbox: ``publiceer`` runs inside ``audit.record``, so the bericht rows are
written in the same transaction as the change they announce (both commit or neither)."""

from __future__ import annotations

import uuid
from datetime import UTC

from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service import audit
from service.auth import Actor
from service.models import Abonnement
from service.models import Gebeurtenis
from service.models import Organisatie
from service.models import WebhookBericht
from service.pseudoniem import ensure_secret
from service.settings import get_settings
from service.webhooks.soorten import inhoud
from service.webhooks.soorten import soort_van


def _pseudoniem_sleutel(session: Session) -> str:
    return ensure_secret(session, get_settings().pseudoniem_sleutel)


def envelop(soort: str, g: Gebeurtenis, data: dict) -> dict:
    """The Standard Webhooks payload shape: type, timestamp, data."""
    return {
        "type": soort,
        "timestamp": g.tijdstip.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "gebeurtenis": g.actie,
        "data": data,
    }


def _abonnementen(session: Session, soort: str) -> list[tuple[Abonnement, Organisatie]]:
    rows = session.exec(
        select(Abonnement, Organisatie)
        .join(Organisatie, col(Organisatie.id) == col(Abonnement.organisatie_id))
        .where(col(Abonnement.actief), col(Organisatie.actief))
        .order_by(col(Abonnement.aangemaakt_op))
    ).all()
    return [(a, o) for a, o in rows if soort in a.soorten]


def luistert(session: Session, actie: str, objecttype: str) -> bool:
    """Whether any active subscription hears of audit records of this kind."""
    soort = soort_van(Gebeurtenis(actie=actie, objecttype=objecttype))
    return soort is not None and bool(_abonnementen(session, soort))


def publiceer(session: Session, g: Gebeurtenis) -> int:
    """One bericht per active subscription that asked for this kind and may see the object."""
    soort = soort_van(g)
    if soort is None:
        return 0
    rows = _abonnementen(session, soort)
    if not rows:
        return 0
    secret = _pseudoniem_sleutel(session)
    n = 0
    for abonnement, org in rows:
        result = inhoud(session, soort, g, Actor.van(org), secret)
        if result is None:
            continue
        onderwerp, tweede_onderwerp, data = result
        session.add(
            WebhookBericht(
                bericht_id=f"msg_{uuid.uuid4().hex}",
                abonnement_id=abonnement.id,
                soort=soort,
                onderwerp=onderwerp,
                tweede_onderwerp=tweede_onderwerp,
                inhoud=envelop(soort, g, data),
            )
        )
        n += 1
    return n


audit.koppel_outbox(publiceer, luistert)
