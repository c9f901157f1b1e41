"""Use cases for subscriptions (abonnementen): make, change, rotate the secret, see deliveries,
replay a dead letter. An organisation sees and changes only its own subscriptions."""

from __future__ import annotations

import base64
import secrets
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service import audit
from service import zichtbaar
from service.auth import Actor
from service.errors import Conflict
from service.errors import NietGevonden
from service.errors import OngeldigeInvoer
from service.errors import Veldfout
from service.models import Abonnement
from service.models import BerichtStatus
from service.models import WebhookBericht
from service.models import WebhookPoging
from service.models.types import utcnow
from service.queries import page
from service.webhooks import doel
from service.webhooks.schemas import AbonnementInvoer
from service.webhooks.schemas import AbonnementMetGeheim
from service.webhooks.schemas import AbonnementUit
from service.webhooks.schemas import AbonnementWijziging
from service.webhooks.schemas import BerichtDetail
from service.webhooks.schemas import BerichtUit
from service.webhooks.schemas import GeheimUit
from service.webhooks.schemas import PogingUit
from service.webhooks.soorten import SOORTEN

OBJECTTYPE = "abonnement"
_GEHEIM = ("geheim", "vorig_geheim")


def nieuw_geheim() -> str:
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def _controleer(actor: Actor, url: str | None, soorten: list[str] | None, *, demo: bool) -> None:
    """Every problem with the URL and the kinds at once, as one 400."""
    fouten = []
    if url is not None:
        try:
            doel.controleer(url, demo=demo)
        except doel.OngeldigDoel as exc:
            fouten.append(Veldfout("url", str(exc), "doel"))
    for i, soort in enumerate(soorten or []):
        if actor.soort not in SOORTEN[soort].ontvangers:
            fouten.append(
                Veldfout(
                    f"soorten.{i}",
                    f"Uw soort organisatie ontvangt geen berichten over '{soort}'.",
                    "soort",
                )
            )
    if fouten:
        raise OngeldigeInvoer(
            "Het abonnement kan zo niet: " + " ".join(f.reason for f in fouten), fouten
        )


def visible(query: Any, actor: Actor) -> Any:
    """An organisation sees only its own subscriptions."""
    return query.where(Abonnement.organisatie_id == actor.organisatie_id)


def get_abonnement(
    session: Session, abonnement_id: uuid.UUID, actor: Actor, *, for_update: bool = False
) -> Abonnement:
    return zichtbaar.een(
        session,
        Abonnement,
        abonnement_id,
        visible,
        actor,
        melding="Dit abonnement bestaat niet, of het is niet van u.",
        for_update=for_update,
    )


def create_abonnement(
    session: Session, *, data: AbonnementInvoer, by: Actor, demo: bool
) -> AbonnementMetGeheim:
    soorten = list(dict.fromkeys(s.value for s in data.soorten))
    _controleer(by, data.url, soorten, demo=demo)
    a = Abonnement(
        organisatie_id=by.organisatie_id,
        url=data.url,
        soorten=soorten,
        omschrijving=data.omschrijving,
        geheim=nieuw_geheim(),
    )
    session.add(a)
    session.flush()
    audit.record(
        session, by, "abonnement-aangemaakt", OBJECTTYPE, a.id, na=audit.snapshot(a, skip=_GEHEIM)
    )
    return AbonnementMetGeheim(**public(session, a).model_dump(), geheim=a.geheim)


def update_abonnement(
    session: Session,
    *,
    abonnement_id: uuid.UUID,
    data: AbonnementWijziging,
    by: Actor,
    demo: bool,
) -> Abonnement:
    a = get_abonnement(session, abonnement_id, by, for_update=True)
    soorten = None if data.soorten is None else list(dict.fromkeys(s.value for s in data.soorten))
    _controleer(by, data.url, soorten, demo=demo)
    voor = audit.snapshot(a, skip=_GEHEIM)
    if data.url is not None:
        a.url = data.url
    if soorten is not None:
        a.soorten = soorten
    if "omschrijving" in data.model_fields_set:
        a.omschrijving = data.omschrijving
    if data.actief is not None:
        a.actief = data.actief
    _bewaar(session, a, by, "abonnement-gewijzigd", voor=voor)
    return a


def _bewaar(
    session: Session,
    a: Abonnement,
    by: Actor,
    actie: str,
    *,
    voor: dict[str, Any] | None = None,
    na: dict[str, Any] | None = None,
) -> None:
    """A changed subscription is saved and the change recorded; ``na`` is, unless given, the
    subscription as it now stands (without its secrets)."""
    a.gewijzigd_op = utcnow()
    session.add(a)
    session.flush()
    na = audit.snapshot(a, skip=_GEHEIM) if na is None else na
    audit.record(session, by, actie, OBJECTTYPE, a.id, voor=voor, na=na)


def rotate_geheim(
    session: Session, *, abonnement_id: uuid.UUID, by: Actor, overlap: timedelta
) -> GeheimUit:
    """A new secret; the previous one keeps signing (as a second signature) for ``overlap``."""
    a = get_abonnement(session, abonnement_id, by, for_update=True)
    a.vorig_geheim = a.geheim
    a.vorig_geheim_geldig_tot = utcnow() + overlap
    a.geheim = nieuw_geheim()
    _bewaar(
        session,
        a,
        by,
        "abonnement-geheim-vernieuwd",
        na={"vorigGeheimGeldigTot": a.vorig_geheim_geldig_tot},
    )
    return GeheimUit(geheim=a.geheim, vorig_geheim_geldig_tot=a.vorig_geheim_geldig_tot)


def _tellingen(session: Session, ids: list[uuid.UUID]) -> dict[tuple[uuid.UUID, str], int]:
    if not ids:
        return {}
    rows = session.exec(
        select(WebhookBericht.abonnement_id, WebhookBericht.status, func.count())
        .where(
            col(WebhookBericht.abonnement_id).in_(ids),
            col(WebhookBericht.status).in_([BerichtStatus.wachtend, BerichtStatus.mislukt]),
        )
        .group_by(col(WebhookBericht.abonnement_id), col(WebhookBericht.status))
    ).all()
    return {(a, str(s)): n for a, s, n in rows}


def _public(a: Abonnement, tellingen: dict[tuple[uuid.UUID, str], int]) -> AbonnementUit:
    return AbonnementUit(
        id=a.id,
        url=a.url,
        soorten=a.soorten,
        omschrijving=a.omschrijving,
        actief=a.actief,
        vorig_geheim_geldig_tot=a.vorig_geheim_geldig_tot,
        wachtend=tellingen.get((a.id, BerichtStatus.wachtend.value), 0),
        mislukt=tellingen.get((a.id, BerichtStatus.mislukt.value), 0),
        aangemaakt_op=a.aangemaakt_op,
        gewijzigd_op=a.gewijzigd_op,
    )


def public(session: Session, a: Abonnement) -> AbonnementUit:
    return _public(a, _tellingen(session, [a.id]))


def list_abonnementen(
    session: Session, actor: Actor, *, offset: int, limit: int
) -> tuple[list[AbonnementUit], int]:
    rows, totaal = page(
        session,
        visible(select(Abonnement), actor),
        col(Abonnement.aangemaakt_op),
        col(Abonnement.id),
        offset=offset,
        limit=limit,
    )
    tellingen = _tellingen(session, [a.id for a in rows])
    return [_public(a, tellingen) for a in rows], totaal


def bericht_public(b: WebhookBericht) -> BerichtUit:
    return BerichtUit(**_bericht_velden(b))


def _bericht_velden(b: WebhookBericht) -> dict[str, Any]:
    return {
        "id": b.bericht_id,
        "soort": b.soort,
        "status": b.status,
        "pogingen": b.pogingen,
        "laatste_statuscode": b.laatste_statuscode,
        "laatste_fout": b.laatste_fout,
        "volgende_poging": b.volgende_poging if b.status == BerichtStatus.wachtend else None,
        "aangemaakt_op": b.aangemaakt_op,
        "afgeleverd_op": b.afgeleverd_op,
    }


def list_berichten(
    session: Session,
    actor: Actor,
    *,
    abonnement_id: uuid.UUID,
    status: BerichtStatus | None,
    offset: int,
    limit: int,
) -> tuple[list[BerichtUit], int]:
    get_abonnement(session, abonnement_id, actor)
    query = select(WebhookBericht).where(WebhookBericht.abonnement_id == abonnement_id)
    if status is not None:
        query = query.where(WebhookBericht.status == status)
    rows, totaal = page(session, query, col(WebhookBericht.id).desc(), offset=offset, limit=limit)
    return [bericht_public(b) for b in rows], totaal


def _bericht(
    session: Session,
    actor: Actor,
    abonnement_id: uuid.UUID,
    bericht_id: str,
    *,
    for_update: bool = False,
) -> WebhookBericht:
    get_abonnement(session, abonnement_id, actor)
    query = select(WebhookBericht).where(
        WebhookBericht.abonnement_id == abonnement_id, WebhookBericht.bericht_id == bericht_id
    )
    if for_update:
        query = query.with_for_update()
    b = session.exec(query).first()
    if b is None:
        raise NietGevonden("Dit bericht bestaat niet bij dit abonnement.")
    return b


def get_bericht(
    session: Session, actor: Actor, *, abonnement_id: uuid.UUID, bericht_id: str
) -> BerichtDetail:
    b = _bericht(session, actor, abonnement_id, bericht_id)
    pogingen = session.exec(
        select(WebhookPoging)
        .where(WebhookPoging.bericht_id == b.id)
        .order_by(col(WebhookPoging.id))
    ).all()
    return BerichtDetail(
        **_bericht_velden(b),
        inhoud=b.inhoud,
        historie=[PogingUit.model_validate(p, from_attributes=True) for p in pogingen],
    )


def replay(
    session: Session, actor: Actor, *, abonnement_id: uuid.UUID, bericht_id: str
) -> BerichtUit:
    """A dead letter goes back in the queue, with the same webhook-id and a fresh maximum age."""
    b = _bericht(session, actor, abonnement_id, bericht_id, for_update=True)
    if b.status != BerichtStatus.mislukt:
        raise Conflict(
            f"Alleen een mislukt bericht kunt u opnieuw laten versturen; dit bericht is {b.status}."
        )
    nu = utcnow()
    b.status = BerichtStatus.wachtend
    b.in_wachtrij_sinds = nu
    b.volgende_poging = nu
    b.geclaimd_door = None
    b.geclaimd_tot = None
    session.add(b)
    session.flush()
    audit.record(
        session, actor, "webhookbericht-herhaald", OBJECTTYPE, abonnement_id, toelichting=bericht_id
    )
    return bericht_public(b)
