from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter
from fastapi import Depends
from fastapi import Query
from fastapi import Request

from service import inzage
from service.deps import ALLE_SOORTEN
from service.deps import CurrentActor
from service.deps import LeeslogDep
from service.deps import SessionDep
from service.deps import toegang
from service.idempotency import IdempotentRoute
from service.models import OrganisatieSoort
from service.models import SignaleringSoort
from service.models import SignaleringStatus
from service.schemas import Pagina
from service.schemas import Paging
from service.schemas import paging
from service.signaleringen import actions
from service.signaleringen.schemas import Behandeling
from service.signaleringen.schemas import Berekening
from service.signaleringen.schemas import SignaleringUit

router = APIRouter(prefix="/signaleringen", tags=["signaleringen"], route_class=IdempotentRoute)
S = OrganisatieSoort


@router.get("", **toegang(*ALLE_SOORTEN))
def signaleringen_lijst(
    session: SessionDep,
    actor: CurrentActor,
    leeslog: LeeslogDep,
    page: Annotated[Paging, Depends(paging)],
    soort: Annotated[SignaleringSoort | None, Query()] = None,
    status: Annotated[SignaleringStatus | None, Query()] = None,
) -> Pagina[SignaleringUit]:
    """Signaleringen als werkvoorraad, eerst vervallend eerst: van de eigen organisatie of zichtbaar
    voor de eigen organisatie (de zorgaanbieder ziet de signalen over de eigen kandidaten)."""
    rows, totaal = actions.list_signaleringen(
        session, actor, soort=soort, status=status, offset=page.offset, limit=page.pagina_grootte
    )
    leeslog(
        actor, "signaleringen", inzage.van_signaleringen(session, rows), "signaleringen gelezen"
    )
    return Pagina[SignaleringUit](
        resultaten=[actions.public(session, s) for s in rows],
        totaal=totaal,
        pagina=page.pagina,
        pagina_grootte=page.pagina_grootte,
    )


@router.get("/{signalering_id}", **toegang(*ALLE_SOORTEN))
def signalering_lezen(
    signalering_id: uuid.UUID, session: SessionDep, actor: CurrentActor, leeslog: LeeslogDep
) -> SignaleringUit:
    """Eén signalering met diagnose en historie."""
    s = actions.get_signalering(session, signalering_id, actor)
    result = actions.public(session, s)
    leeslog(actor, "signalering", inzage.van_signaleringen(session, [s]), "signalering gelezen")
    return result


@router.post("/{signalering_id}/behandeling", status_code=201, **toegang(*ALLE_SOORTEN))
def signalering_behandelen(
    signalering_id: uuid.UUID, data: Behandeling, session: SessionDep, actor: CurrentActor
) -> SignaleringUit:
    """De eigenaar pakt de signalering op (in-behandeling) of handelt af met een notitie."""
    s = actions.behandel(session, signalering_id=signalering_id, data=data, by=actor)
    session.commit()
    return actions.public(session, s)


@router.post("/berekening", status_code=201, **toegang(S.bemiddelaar, S.regiobeheer))
def signaleringen_berekenen(
    request: Request, session: SessionDep, actor: CurrentActor
) -> Berekening:
    """Bereken de signaleringen nu (dat gebeurt ook vanzelf, elk kwartier)."""
    session.commit()  # the request's own transaction ends: the run takes the writer itself
    return actions.bereken_apart(request.app.state.engine, request.app.state.regio, by=actor)
