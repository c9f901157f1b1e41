from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from fastapi import Query

from service.clientervaringen import actions
from service.clientervaringen.schemas import ClientervaringInvoer
from service.clientervaringen.schemas import ClientervaringUit
from service.clientervaringen.schemas import Moment
from service.clientervaringen.schemas import NazorgCijfers
from service.clock import vandaag
from service.deps import CurrentActor
from service.deps import SessionDep
from service.deps import toegang
from service.idempotency import IdempotentRoute
from service.models import OrganisatieSoort

router = APIRouter(tags=["clientervaringen"], route_class=IdempotentRoute)
S = OrganisatieSoort


@router.post("/clientervaringen", status_code=201, **toegang(S.zorgaanbieder))
def clientervaring_vastleggen(
    data: ClientervaringInvoer, session: SessionDep, actor: CurrentActor
) -> ClientervaringUit:
    """De antwoorden op de vragenlijst cliëntervaring (ZOU-B6, ZOU-M4), zonder naam: bij de
    kennismaking de hele lijst, bij een evaluatie deel 4 en 5. Niets is verplicht."""
    c = actions.vastleggen(session, data=data, by=actor)
    session.commit()
    return ClientervaringUit(
        id=c.id, jaar=c.jaar, moment=Moment(c.moment), beantwoord=len(c.antwoorden)
    )


@router.get("/regiocijfers/nazorg", **toegang(S.bemiddelaar, S.regiobeheer))
def nazorgcijfers_lezen(
    session: SessionDep,
    jaar: Annotated[int | None, Query(ge=2000, le=2100, description="Standaard dit jaar.")] = None,
) -> NazorgCijfers:
    """Cliëntervaring per jaar (aantallen en gemiddelden, ZOU-M4) en de routes (DRE-R4). Een
    groep van minder dan 5 antwoorden wordt niet getoond."""
    return NazorgCijfers.model_validate(actions.cijfers(session, jaar=jaar or vandaag().year))
