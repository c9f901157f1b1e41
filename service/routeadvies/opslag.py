"""DRE-F1 and DRE-R4: the application form kept with the advice given on it, and the route the
provider reports as chosen. The advice itself is the pure decision tree of ``advies``."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service import audit
from service.auth import Actor
from service.clock import vandaag
from service.errors import Conflict
from service.errors import NietGevonden
from service.formulieren import actions as formulieren
from service.models import FormulierSoort
from service.models import Kandidaat
from service.models import OrganisatieSoort
from service.models import Routeadvies
from service.routeadvies.schemas import RouteadviesUit


def vastleggen(
    session: Session,
    *,
    kandidaat: Kandidaat,
    aanvraag: Any,
    vragen: dict[str, Any],
    uitkomst: RouteadviesUit,
    by: Actor,
) -> Routeadvies:
    f = formulieren.save(
        session, kandidaat=kandidaat, soort=FormulierSoort.voorrangsaanvraag, inhoud=aanvraag, by=by
    )
    r = Routeadvies(
        kandidaat_id=kandidaat.id,
        zorgaanbieder_id=kandidaat.zorgaanbieder_id,
        formulier_id=f.id,
        antwoorden=vragen,
        advies=uitkomst.advies,
        uitkomst=uitkomst.model_dump(mode="json", by_alias=True),
    )
    session.add(r)
    session.flush()
    audit.record(
        session, by, "routeadvies-vastgelegd", "kandidaat", kandidaat.id, na={"advies": r.advies}
    )
    return r


def lijst(session: Session, kandidaat_id: uuid.UUID) -> list[Routeadvies]:
    return list(
        session.exec(
            select(Routeadvies)
            .where(Routeadvies.kandidaat_id == kandidaat_id)
            .order_by(col(Routeadvies.aangemaakt_op).desc())
        ).all()
    )


def kies(
    session: Session, *, routeadvies_id: uuid.UUID, route: str, toelichting: str | None, by: Actor
) -> Routeadvies:
    """DRE-R4: the provider reports the chosen route (the client may choose another, DRE-R2)."""
    r = session.get(Routeadvies, routeadvies_id, with_for_update=True)
    if r is None or (
        by.soort != OrganisatieSoort.bemiddelaar and r.zorgaanbieder_id != by.organisatie_id
    ):
        raise NietGevonden("Dit routeadvies bestaat niet, of het is niet van uw kandidaat.")
    if r.gekozen_route is not None:
        raise Conflict(f"De gekozen route is al gemeld: {r.gekozen_route}.")
    voor = audit.snapshot(r)
    r.gekozen_route, r.gekozen_op, r.keuze_toelichting = route, vandaag(), toelichting
    session.add(r)
    session.flush()
    audit.record(session, by, "route-gekozen", "routeadvies", r.id, voor=voor, na=audit.snapshot(r))
    return r
