from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter
from fastapi import Depends
from fastapi import Query
from fastapi import Request

from service.aanbiedingen import actions as aanbiedingen
from service.aanbiedingen.schemas import AanbiedingUit
from service.deps import CurrentActor
from service.deps import LeeslogDep
from service.deps import SessionDep
from service.deps import toegang
from service.idempotency import IdempotentRoute
from service.kandidaten import actions as kandidaten
from service.kandidaten.schemas import KandidaatUit
from service.maatwerk import actions
from service.maatwerk.schemas import GevondenWoning
from service.maatwerk.schemas import Stopzetting
from service.maatwerk.schemas import TrajectBesluit
from service.maatwerk.schemas import TrajectInvoer
from service.maatwerk.schemas import TrajectUit
from service.models import OrganisatieSoort
from service.models import TrajectStatus
from service.schemas import Pagina
from service.schemas import Paging
from service.schemas import paging

router = APIRouter(tags=["maatwerk"], route_class=IdempotentRoute)
S = OrganisatieSoort


@router.get("/maatwerktrajecten", **toegang(S.bemiddelaar, S.corporatie, S.zorgaanbieder))
def maatwerktrajecten_lijst(
    request: Request,
    session: SessionDep,
    actor: CurrentActor,
    leeslog: LeeslogDep,
    page: Annotated[Paging, Depends(paging)],
    status: Annotated[TrajectStatus | None, Query()] = None,
    te_laat: Annotated[
        bool | None,
        Query(
            alias="teLaat", description="Alleen open trajecten waarvan de volgende stap te laat is."
        ),
    ] = None,
) -> Pagina[TrajectUit]:
    """Maatwerktrajecten, eerstvolgende stap eerst: alle (bemiddelaar), eigen (corporatie), of
    van eigen kandidaten (zorgaanbieder)."""
    rows, totaal = actions.list_trajecten(
        session,
        actor,
        status=status,
        te_laat=te_laat,
        offset=page.offset,
        limit=page.pagina_grootte,
    )
    leeslog(actor, "maatwerktrajecten", (t.kandidaat_id for t in rows), "trajectenlijst gelezen")
    secret = request.app.state.pseudoniem_sleutel
    return Pagina[TrajectUit](
        resultaten=[actions.public(session, t, actor, secret) for t in rows],
        totaal=totaal,
        pagina=page.pagina,
        pagina_grootte=page.pagina_grootte,
    )


@router.post("/maatwerktrajecten", status_code=201, **toegang(S.bemiddelaar))
def maatwerktraject_starten(
    data: TrajectInvoer, request: Request, session: SessionDep, actor: CurrentActor
) -> TrajectUit:
    """Het Vierde Huis stuurt een wachtende kandidaat door naar een corporatie (ZOU-R2). De kandidaat
    gaat daarmee over naar de maatwerkroute en valt uit lopende voordrachten."""
    t = actions.forward(session, data=data, by=actor)
    session.commit()
    return actions.public(session, t, actor, request.app.state.pseudoniem_sleutel)


@router.get(
    "/maatwerktrajecten/{traject_id}", **toegang(S.bemiddelaar, S.corporatie, S.zorgaanbieder)
)
def maatwerktraject_lezen(
    traject_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    actor: CurrentActor,
    leeslog: LeeslogDep,
) -> TrajectUit:
    """Eén traject met historie. De corporatie ziet naam en casushouder pas na acceptatie."""
    t = actions.get_traject(session, traject_id, actor)
    result = actions.public(session, t, actor, request.app.state.pseudoniem_sleutel)
    leeslog(actor, "maatwerktraject", t.kandidaat_id, "maatwerktraject gelezen")
    return result


@router.post("/maatwerktrajecten/{traject_id}/besluit", status_code=201, **toegang(S.corporatie))
def maatwerktraject_besluiten(
    traject_id: uuid.UUID,
    data: TrajectBesluit,
    request: Request,
    session: SessionDep,
    actor: CurrentActor,
) -> TrajectUit:
    """De corporatie accepteert het traject (en gaat zoeken) of wijst het af met een reden."""
    t = actions.decide(session, traject_id=traject_id, data=data, by=actor)
    session.commit()
    return actions.public(session, t, actor, request.app.state.pseudoniem_sleutel)


@router.post("/maatwerktrajecten/{traject_id}/woning", status_code=201, **toegang(S.corporatie))
def maatwerktraject_woning_melden(
    traject_id: uuid.UUID, data: GevondenWoning, session: SessionDep, actor: CurrentActor
) -> AanbiedingUit:
    """De corporatie meldt de gevonden woning voor deze kandidaat. Daarna volgt dezelfde aanbieding
    en plaatsing als bij omgekeerde plaatsing."""
    a = actions.report_woning(session, traject_id=traject_id, data=data, by=actor)
    session.commit()
    return aanbiedingen.public(session, a)


@router.post(
    "/maatwerktrajecten/{traject_id}/stopzetting", status_code=201, **toegang(S.bemiddelaar)
)
def maatwerktraject_stoppen(
    traject_id: uuid.UUID,
    data: Stopzetting,
    request: Request,
    session: SessionDep,
    actor: CurrentActor,
) -> TrajectUit:
    """Het Vierde Huis stopt een traject met een reden; de kandidaat komt terug op de werklijst."""
    t = actions.stop(session, traject_id=traject_id, data=data, by=actor)
    session.commit()
    return actions.public(session, t, actor, request.app.state.pseudoniem_sleutel)


@router.get("/maatwerkkandidaten", **toegang(S.bemiddelaar))
def maatwerk_werklijst(
    session: SessionDep,
    actor: CurrentActor,
    leeslog: LeeslogDep,
    page: Annotated[Paging, Depends(paging)],
) -> Pagina[KandidaatUit]:
    """De werklijst maatwerk: kandidaten op de maatwerkroute zonder lopend traject, langst wachtend eerst."""
    rows, totaal = actions.werklijst(session, offset=page.offset, limit=page.pagina_grootte)
    leeslog(actor, "maatwerkkandidaten", (k.id for k in rows), "maatwerkwerklijst gelezen")
    return Pagina[KandidaatUit](
        resultaten=[kandidaten.public(session, k) for k in rows],
        totaal=totaal,
        pagina=page.pagina,
        pagina_grootte=page.pagina_grootte,
    )
