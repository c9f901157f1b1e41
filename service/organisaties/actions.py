"""Organisations: read by everyone, managed by regiobeheer."""

from __future__ import annotations

import uuid

from sqlmodel import Session
from sqlmodel import select

from service import audit
from service.auth import Actor
from service.errors import Conflict
from service.errors import NietGevonden
from service.models import Organisatie
from service.models import OrganisatieSoort
from service.organisaties.schemas import OrganisatieInvoer
from service.organisaties.schemas import OrganisatieWijziging
from service.queries import page
from service.regio import Regio
from service.schemas import Paging


def list_organisaties(
    session: Session, *, soort: OrganisatieSoort | None, paging: Paging
) -> tuple[list[Organisatie], int]:
    query = select(Organisatie)
    if soort is not None:
        query = query.where(Organisatie.soort == soort)
    return page(session, query, Organisatie.naam, offset=paging.offset, limit=paging.pagina_grootte)


def get_organisatie(session: Session, organisatie_id: uuid.UUID) -> Organisatie:
    org = session.get(Organisatie, organisatie_id)
    if org is None:
        raise NietGevonden("Deze organisatie bestaat niet.")
    return org


def create_organisatie(session: Session, *, data: OrganisatieInvoer, by: Actor) -> Organisatie:
    if session.exec(select(Organisatie).where(Organisatie.code == data.code)).first():
        raise Conflict(f"Er is al een organisatie met code {data.code}.")
    org = Organisatie(code=data.code, naam=data.naam, soort=data.soort, route=data.route)
    session.add(org)
    session.flush()
    audit.record(
        session, by, "organisatie-aangemaakt", "organisatie", org.id, na=audit.snapshot(org)
    )
    return org


def update_organisatie(
    session: Session, *, organisatie_id: uuid.UUID, data: OrganisatieWijziging, by: Actor
) -> Organisatie:
    org = get_organisatie(session, organisatie_id)
    voor = audit.snapshot(org)
    changes = data.model_dump(exclude_unset=True)
    # Whether a route fits depends on the organisation being changed, not on the request:
    # a request that does not fit the object's state is a conflict (409).
    if "route" in changes and org.soort != OrganisatieSoort.corporatie:
        raise Conflict("Alleen een corporatie heeft een route; deze organisatie is dat niet.")
    if changes.get("route", "x") is None and org.soort == OrganisatieSoort.corporatie:
        raise Conflict(
            "Een corporatie heeft altijd een route: kies omgekeerde-plaatsing, maatwerk of beide."
        )
    for key, value in changes.items():
        setattr(org, key, value)
    session.add(org)
    session.flush()
    audit.record(
        session,
        by,
        "organisatie-gewijzigd",
        "organisatie",
        org.id,
        voor=voor,
        na=audit.snapshot(org),
    )
    return org


def sync_region_organisaties(session: Session, regio: Regio) -> int:
    """Create the region file's organisations that are not in the database yet.

    Existing rows are left alone: after the first start the database is authoritative,
    so a route changed through the API survives a restart (ZOU-R3).
    """
    known = set(session.exec(select(Organisatie.code)).all())
    added = 0
    for cfg in regio.organisaties:
        if cfg.code in known:
            continue
        org = Organisatie(code=cfg.code, naam=cfg.naam, soort=cfg.soort, route=cfg.route)
        session.add(org)
        session.flush()
        audit.record(
            session,
            None,
            "organisatie-aangemaakt",
            "organisatie",
            org.id,
            na=audit.snapshot(org),
            toelichting=f"Uit regiobestand {regio.code}",
        )
        added += 1
    return added
