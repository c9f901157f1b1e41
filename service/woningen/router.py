from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter
from fastapi import Depends
from fastapi import Query
from pydantic import Field

from service.deps import CurrentActor
from service.deps import SessionDep
from service.deps import in_one_hop
from service.deps import toegang
from service.errors import Conflict
from service.idempotency import IdempotentRoute
from service.levensloop import overgangen
from service.models import OrganisatieSoort
from service.models import WoningStatus
from service.schemas import Invoer
from service.schemas import Pagina
from service.schemas import Paging
from service.schemas import paging
from service.woningen import actions
from service.woningen.schemas import WoningInvoer
from service.woningen.schemas import WoningUit
from service.woningen.schemas import WoningWijziging

router = APIRouter(prefix="/woningen", tags=["woningen"], route_class=IdempotentRoute)
S = OrganisatieSoort


class Intrekking(Invoer):
    reden: str = Field(min_length=1, max_length=1000)


@router.get("", **toegang(S.corporatie, S.bemiddelaar, S.regiobeheer))
def woningen_lijst(
    session: SessionDep,
    actor: CurrentActor,
    page: Annotated[Paging, Depends(paging)],
    status: Annotated[WoningStatus | None, Query()] = None,
    gemeente: Annotated[str | None, Query()] = None,
) -> Pagina[WoningUit]:
    """Woningen: een corporatie ziet alleen de eigen woningen."""
    rows, totaal = actions.list_woningen(
        session, actor, status=status, gemeente=gemeente, paging=page
    )
    return Pagina[WoningUit](
        resultaten=rows, totaal=totaal, pagina=page.pagina, pagina_grootte=page.pagina_grootte
    )


@router.post("", status_code=201, **toegang(S.corporatie))
def woning_melden(data: WoningInvoer, session: SessionDep, actor: CurrentActor) -> WoningUit:
    """Een vrije woning melden. Werkt de corporatie met omgekeerde plaatsing (ZOU-R1, ZOU-R3),
    dan komt er meteen een voordracht van de drie langst wachtende geschikte kandidaten."""
    w, vd = actions.report_woning(session, data=data, by=actor)
    session.commit()
    return actions.to_public(w, vd.id if vd else None)


@router.get("/{woning_id}", **toegang(S.corporatie, S.bemiddelaar, S.regiobeheer))
async def woning_lezen(woning_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> WoningUit:
    """Eén woning."""
    return await in_one_hop(session, actions.lees_woning, session, woning_id, actor)


@router.patch("/{woning_id}", **toegang(S.corporatie))
def woning_wijzigen(
    woning_id: uuid.UUID, data: WoningWijziging, session: SessionDep, actor: CurrentActor
) -> WoningUit:
    """Gegevens van een beschikbare woning wijzigen. Een open voordracht wordt opnieuw gemaakt."""
    w = actions.update_woning(session, woning_id=woning_id, data=data, by=actor)
    if actions.open_voordrachten(session, [w.id]):
        overgangen.close_for_woning(
            session, w.id, by=actor, reden="De woninggegevens zijn gewijzigd."
        )
        session.flush()
        overgangen.create_for_woning(session, w, by=actor)
    session.commit()
    return actions.public(session, w)


@router.post("/{woning_id}/intrekking", status_code=201, **toegang(S.corporatie))
def woning_intrekken(
    woning_id: uuid.UUID, data: Intrekking, session: SessionDep, actor: CurrentActor
) -> WoningUit:
    """De woning is niet meer beschikbaar; een open voordracht sluit."""
    w = actions.withdraw_woning(session, woning_id=woning_id, reden=data.reden, by=actor)
    session.commit()
    return actions.public(session, w)


@router.post("/{woning_id}/voordracht", status_code=201, **toegang(S.corporatie))
def woning_voordracht_vragen(
    woning_id: uuid.UUID, session: SessionDep, actor: CurrentActor
) -> WoningUit:
    """Een corporatie die met maatwerk werkt, kan voor een woning toch om een voordracht van drie
    vragen (ZOU-R3: de route is per corporatie, de keuze per woning blijft open)."""
    w = actions.get_woning(session, woning_id, actor, for_update=True)
    if w.status != WoningStatus.beschikbaar:
        raise Conflict(
            f"Deze woning is {w.status}; een voordracht kan alleen voor een beschikbare woning."
        )
    vd = overgangen.create_for_woning(session, w, by=actor)
    session.commit()
    return actions.to_public(w, vd.id)
