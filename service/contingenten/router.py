from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter
from fastapi import Query
from fastapi import Response

from service.bestanden.schrijven import EXPORT_RESPONSES
from service.bestanden.schrijven import frame
from service.bestanden.schrijven import respond
from service.contingenten import actions
from service.contingenten.schemas import Formaat
from service.contingenten.schemas import GebruikUit
from service.contingenten.schemas import HerverdelingInvoer
from service.contingenten.schemas import HerverdelingUit
from service.contingenten.schemas import LeveringUit
from service.contingenten.schemas import ToezeggingInvoer
from service.contingenten.schemas import ToezeggingUit
from service.contingenten.schemas import VerdelingInvoer
from service.contingenten.schemas import VerdelingUit
from service.deps import CurrentActor
from service.deps import SessionDep
from service.deps import toegang
from service.idempotency import IdempotentRoute
from service.models import OrganisatieSoort

router = APIRouter(tags=["contingent"], route_class=IdempotentRoute)
S = OrganisatieSoort
Jaar = Annotated[int, Query(ge=2000, le=2100, description="Het contingentjaar.")]
FormaatQuery = Annotated[Formaat, Query(description="json (standaard), csv of xlsx.")]


@router.get("/toezeggingen", **toegang(S.regiobeheer, S.bemiddelaar, S.corporatie))
def toezeggingen_lijst(
    session: SessionDep,
    actor: CurrentActor,
    jaar: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> list[ToezeggingUit]:
    """Toezeggingen per corporatie per jaar (ZOU-K1); een corporatie ziet alleen de eigen."""
    return actions.list_toezeggingen(session, actor, jaar=jaar)


@router.post("/toezeggingen", status_code=201, **toegang(S.regiobeheer))
def toezegging_vastleggen(
    data: ToezeggingInvoer, session: SessionDep, actor: CurrentActor
) -> ToezeggingUit:
    """Het regiobeheer legt de toezegging van een corporatie vast; opnieuw vastleggen vervangt het
    aantal, het logboek bewaart elke waarde."""
    result = actions.set_toezegging(session, data=data, by=actor)
    session.commit()
    return result


@router.get("/verdelingen", **toegang(S.regiobeheer, S.bemiddelaar, S.zorgaanbieder))
def verdelingen_lijst(
    session: SessionDep,
    actor: CurrentActor,
    jaar: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> list[VerdelingUit]:
    """Alle versies van de verdelingen (ZOU-K2); een zorgaanbieder ziet alleen de eigen regel."""
    return [
        actions.public_verdeling(session, v, actor)
        for v in actions.list_verdelingen(session, jaar=jaar)
    ]


@router.post("/verdelingen", status_code=201, **toegang(S.regiobeheer))
def verdeling_maken(
    data: VerdelingInvoer, session: SessionDep, actor: CurrentActor
) -> VerdelingUit:
    """Het contingent van een jaar verdelen over de zorgaanbieders met een verdeelsleutel: grootste
    overschot, of een exacte optimalisatie als een minimum, maximum of vast aantal bindt. Een nieuwe
    verdeling voor hetzelfde jaar is een nieuwe versie; de oude blijven bewaard."""
    v = actions.create_verdeling(session, data=data, by=actor)
    session.commit()
    return actions.public_verdeling(session, v, actor)


@router.get(
    "/verdelingen/{verdeling_id}",
    responses=EXPORT_RESPONSES,
    response_model=VerdelingUit,
    **toegang(S.regiobeheer, S.bemiddelaar, S.zorgaanbieder),
)
def verdeling_lezen(
    verdeling_id: uuid.UUID,
    session: SessionDep,
    actor: CurrentActor,
    formaat: FormaatQuery = Formaat.json,
) -> VerdelingUit | Response:
    """Eén versie van een verdeling, ook als CSV of XLSX."""
    v = actions.public_verdeling(session, actions.get_verdeling(session, verdeling_id), actor)
    if formaat == Formaat.json:
        return v
    df = frame(
        [r.model_dump() for r in v.regels],
        {
            "zorgaanbieder": "Zorgaanbieder",
            "gewicht": "Verdeelsleutel",
            "minimum": "Minimum",
            "maximum": "Maximum",
            "vast": "Vast aantal",
            "exact": "Exact aandeel",
            "toegewezen": "Toegewezen",
            "herverdeeld": "Herverdeeld",
            "grens": "Grens toegepast",
            "uitleg": "Uitleg",
        },
    )
    return respond(
        df, formaat=formaat, bestandsnaam=f"verdeling-{v.jaar}-v{v.versie}", blad="Verdeling"
    )


@router.post("/herverdelingen", status_code=201, **toegang(S.regiobeheer))
def herverdeling_goedkeuren(
    data: HerverdelingInvoer, session: SessionDep, actor: CurrentActor
) -> HerverdelingUit:
    """Ongebruikte woningen van de ene naar de andere zorgaanbieder verplaatsen (goedgekeurd door het
    regiobeheer). Meer dan het restant kan niet."""
    h = actions.herverdeel(session, data=data, by=actor)
    session.commit()
    return HerverdelingUit.model_validate(h)


@router.get(
    "/contingentgebruik",
    responses=EXPORT_RESPONSES,
    response_model=list[GebruikUit],
    **toegang(S.zorgaanbieder, S.regiobeheer, S.bemiddelaar),
)
def contingentgebruik_lezen(
    session: SessionDep, actor: CurrentActor, jaar: Jaar, formaat: FormaatQuery = Formaat.json
) -> list[GebruikUit] | Response:
    """Het gebruik per zorgaanbieder (ZOU-K3): toegewezen, gebruikt, in behandeling, resterend en
    overgebruik, per corporatie en per maand. Een zorgaanbieder ziet alleen het eigen gebruik."""
    rows = actions.gebruik(session, actor, jaar=jaar)
    if formaat == Formaat.json:
        return rows
    df = frame(
        [r.model_dump(exclude={"per_corporatie", "per_maand"}) for r in rows],
        {
            "zorgaanbieder": "Zorgaanbieder",
            "jaar": "Jaar",
            "toegewezen": "Toegewezen",
            "gebruikt": "Gebruikt",
            "in_behandeling": "In behandeling",
            "resterend": "Resterend",
            "overgebruik": "Overgebruik",
        },
    )
    return respond(
        df, formaat=formaat, bestandsnaam=f"contingentgebruik-{jaar}", blad=f"Gebruik {jaar}"
    )


@router.get("/leveringen", **toegang(S.corporatie, S.regiobeheer, S.bemiddelaar))
def leveringen_lezen(session: SessionDep, actor: CurrentActor, jaar: Jaar) -> list[LeveringUit]:
    """Toezegging tegenover geleverde woningen (plaatsingen binnen het contingent) per corporatie;
    een corporatie ziet alleen de eigen levering."""
    return actions.leveringen(session, actor, jaar=jaar)


__all__ = ["Response", "router"]
