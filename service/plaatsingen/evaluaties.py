"""Evaluations with outcomes (ZOU-P2, Bijlage 6): recorded by the guiding organisation, with an
outcome per topic, a decision on guidance and the next step.

- ``verlengen-3-maanden`` plans one more evaluation three months on and moves the end of the
  guidance to it;
- ``beeindigen`` (only after a positive evaluation) ends the guidance with the agreed follow-up
  as the next step (ZOU-L5);
- the final evaluation (planned at or after the end of the guidance) that is positive turns the
  lease into one *voor onbepaalde tijd zonder begeleiding*, recorded with its date.
"""

from __future__ import annotations

import uuid

from sqlmodel import Session
from sqlmodel import func
from sqlmodel import select

from service import audit
from service.auth import Actor
from service.clock import plus_maanden
from service.clock import vandaag
from service.errors import Conflict
from service.errors import OngeldigeInvoer
from service.errors import Veldfout
from service.models import Evaluatie
from service.models import OrganisatieSoort
from service.models import Plaatsing
from service.plaatsingen.actions import get_plaatsing
from service.plaatsingen.schemas import Begeleidingsbesluit
from service.plaatsingen.schemas import EvaluatieUitgevoerd

VERLENGING_MAANDEN = 3


def is_eind(p: Plaatsing, e: Evaluatie) -> bool:
    return e.gepland_op >= p.begeleiding_tot


def record_evaluatie(
    session: Session, *, plaatsing_id: uuid.UUID, data: EvaluatieUitgevoerd, by: Actor
) -> Plaatsing:
    p = get_plaatsing(session, plaatsing_id, by)
    if by.soort != OrganisatieSoort.zorgaanbieder:  # pragma: no cover - the router allows only it
        raise Conflict("De begeleidende organisatie legt de evaluatie vast.")
    e = session.exec(
        select(Evaluatie)
        .where(Evaluatie.plaatsing_id == p.id, Evaluatie.volgnummer == data.volgnummer)
        .with_for_update()
    ).first()
    if e is None:
        raise OngeldigeInvoer(
            "Deze evaluatie bestaat niet.", [Veldfout("volgnummer", "Kies een geplande evaluatie.")]
        )
    if e.uitgevoerd_op is not None:
        raise Conflict(f"Deze evaluatie is al vastgelegd op {e.uitgevoerd_op.isoformat()}.")
    if data.uitgevoerd_op > vandaag() or data.uitgevoerd_op < p.contractdatum:
        raise OngeldigeInvoer(
            "Deze datum kan niet.",
            [Veldfout("uitgevoerdOp", "Kies een datum tussen het contract en vandaag.")],
        )
    eind = is_eind(p, e)
    if eind and data.besluit == Begeleidingsbesluit.voortzetten:
        raise OngeldigeInvoer(
            "Na de eindevaluatie stopt de begeleiding, of die wordt 3 maanden verlengd.",
            [Veldfout("besluit", "Kies beeindigen of verlengen-3-maanden.")],
        )
    voor = audit.snapshot(e)
    e.uitgevoerd_op = data.uitgevoerd_op
    e.uitkomsten = data.uitkomsten.model_dump(mode="json")
    e.positief = data.positief
    e.besluit = data.besluit
    e.volgende_stap = data.volgende_stap
    e.vastgelegd_door_id = by.organisatie_id
    session.add(e)
    p_voor = audit.snapshot(p)
    if data.besluit == Begeleidingsbesluit.verlengen:
        nieuw = plus_maanden(data.uitgevoerd_op, VERLENGING_MAANDEN)
        hoogste = session.exec(
            select(func.max(Evaluatie.volgnummer)).where(Evaluatie.plaatsing_id == p.id)
        ).one()
        session.add(
            Evaluatie(
                plaatsing_id=p.id,
                volgnummer=(hoogste or 0) + 1,
                omschrijving="Evaluatie na 3 maanden verlenging",
                gepland_op=nieuw,
                verantwoordelijke=e.verantwoordelijke,
            )
        )
        p.begeleiding_tot = max(p.begeleiding_tot, nieuw)
    elif data.besluit == Begeleidingsbesluit.beeindigen:
        p.begeleiding_beeindigd_op = data.uitgevoerd_op
        p.vervolgafspraak = data.volgende_stap
        if eind:
            # ZOU-P2: after the final positive evaluation the 2/3-party agreement ends and the
            # lease is one for an indefinite period without guidance.
            p.onbepaalde_tijd_sinds = data.uitgevoerd_op
    session.add(p)
    session.flush()
    audit.record(
        session, by, "evaluatie-gehouden", "plaatsing", p.id, voor=voor, na=audit.snapshot(e)
    )
    if audit.snapshot(p) != p_voor:
        audit.record(
            session, by, "plaatsing-gewijzigd", "plaatsing", p.id, voor=p_voor, na=audit.snapshot(p)
        )
    return p


__all__ = ["record_evaluatie"]
