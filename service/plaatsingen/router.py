from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter
from fastapi import Depends
from fastapi.responses import Response

from service.deps import ALLE_SOORTEN
from service.deps import CurrentActor
from service.deps import LeeslogDep
from service.deps import SessionDep
from service.deps import toegang
from service.formulieren.router import PDF_RESPONSES
from service.formulieren.router import pdf_response
from service.idempotency import IdempotentRoute
from service.models import OrganisatieSoort
from service.plaatsingen import actions
from service.plaatsingen import evaluaties
from service.plaatsingen import nazorg
from service.plaatsingen.brief import kennisgevingsbrief
from service.plaatsingen.schemas import EvaluatieUitgevoerd
from service.plaatsingen.schemas import KennisgevingInvoer
from service.plaatsingen.schemas import MeldingInvoer
from service.plaatsingen.schemas import OmzettingInvoer
from service.plaatsingen.schemas import OverdrachtInvoer
from service.plaatsingen.schemas import PlaatsingInvoer
from service.plaatsingen.schemas import PlaatsingUit
from service.schemas import Pagina
from service.schemas import Paging
from service.schemas import paging
from service.signaleringen import actions as signaleringen
from service.signaleringen.schemas import SignaleringUit

router = APIRouter(prefix="/plaatsingen", tags=["plaatsingen"], route_class=IdempotentRoute)
S = OrganisatieSoort
PARTIJEN = (S.corporatie, S.zorgaanbieder, S.bemiddelaar)


@router.get("", **toegang(*ALLE_SOORTEN))
def plaatsingen_lijst(
    session: SessionDep,
    actor: CurrentActor,
    leeslog: LeeslogDep,
    page: Annotated[Paging, Depends(paging)],
) -> Pagina[PlaatsingUit]:
    """Plaatsingen: eigen woningen (corporatie), eigen kandidaten of zelf begeleid
    (zorgaanbieder), of alle."""
    rows, totaal = actions.list_plaatsingen(
        session, actor, offset=page.offset, limit=page.pagina_grootte
    )
    resultaten = [actions.public(session, p, actor) for p in rows]
    leeslog(actor, "plaatsingen", (p.kandidaat_id for p in rows), "plaatsingenlijst gelezen")
    return Pagina[PlaatsingUit](
        resultaten=resultaten,
        totaal=totaal,
        pagina=page.pagina,
        pagina_grootte=page.pagina_grootte,
    )


@router.get("/{plaatsing_id}", **toegang(*ALLE_SOORTEN))
def plaatsing_lezen(
    plaatsing_id: uuid.UUID, session: SessionDep, actor: CurrentActor, leeslog: LeeslogDep
) -> PlaatsingUit:
    """Eén plaatsing: contract en partijen (ZOU-P1), begeleiding en overdrachten (ZOU-P3),
    kennisgevingen (ZOU-P4) en evaluaties (ZOU-P2). De corporatie ziet van de evaluaties alleen
    de besluiten die over de huur gaan."""
    p = actions.get_plaatsing(session, plaatsing_id, actor)
    result = actions.public(session, p, actor)
    leeslog(actor, "plaatsing", p.kandidaat_id, "plaatsing gelezen")
    return result


@router.post("", status_code=201, **toegang(S.corporatie))
def plaatsing_vastleggen(
    data: PlaatsingInvoer, session: SessionDep, actor: CurrentActor
) -> PlaatsingUit:
    """Het huurcontract is getekend (ZOU-P1): kandidaat geplaatst, woning verhuurd. De
    aanbieder blijft minstens drie maanden beschikbaar (ZOU-P3); de evaluaties worden gepland."""
    p = actions.create_plaatsing(session, data=data, by=actor)
    session.commit()
    return actions.public(session, p, actor)


@router.post("/{plaatsing_id}/evaluaties", status_code=201, **toegang(S.zorgaanbieder))
def evaluatie_vastleggen(
    plaatsing_id: uuid.UUID, data: EvaluatieUitgevoerd, session: SessionDep, actor: CurrentActor
) -> PlaatsingUit:
    """De begeleidende organisatie legt een evaluatie vast (ZOU-P2): de uitkomst per onderwerp,
    het besluit over de begeleiding en de volgende stap. Na de positieve eindevaluatie wordt de
    huur voor onbepaalde tijd zonder begeleiding."""
    p = evaluaties.record_evaluatie(session, plaatsing_id=plaatsing_id, data=data, by=actor)
    session.commit()
    return actions.public(session, p, actor)


@router.post("/{plaatsing_id}/omzetting", status_code=201, **toegang(S.corporatie, S.zorgaanbieder))
def contract_omzetten(
    plaatsing_id: uuid.UUID, data: OmzettingInvoer, session: SessionDep, actor: CurrentActor
) -> PlaatsingUit:
    """Van een 3-partijenovereenkomst naar een 2-partijencontract (ZOU-P1), op een datum, met
    wie besloot en waarom. De begeleiding gaat over (meestal naar het sociaal wijkteam) of stopt
    met een vervolgafspraak (ZOU-L5)."""
    p = nazorg.omzetten(session, plaatsing_id=plaatsing_id, data=data, by=actor)
    session.commit()
    return actions.public(session, p, actor)


@router.post("/{plaatsing_id}/overdrachten", status_code=201, **toegang(S.zorgaanbieder))
def begeleiding_overdragen(
    plaatsing_id: uuid.UUID, data: OverdrachtInvoer, session: SessionDep, actor: CurrentActor
) -> PlaatsingUit:
    """Warme overdracht (ZOU-P3, ZOU-L4): de begeleiding gaat naar een nieuwe organisatie, met
    dezelfde verplichtingen (ZOU-B5). Eenzijdig stoppen kan niet."""
    p = nazorg.overdragen(session, plaatsing_id=plaatsing_id, data=data, by=actor)
    session.commit()
    return actions.public(session, p, actor)


@router.post("/{plaatsing_id}/kennisgevingen", status_code=201, **toegang(*PARTIJEN))
def kennisgeving_vastleggen(
    plaatsing_id: uuid.UUID, data: KennisgevingInvoer, session: SessionDep, actor: CurrentActor
) -> PlaatsingUit:
    """De gemeente of het sociaal wijkteam is geïnformeerd dat de cliënt er woont (ZOU-P4)."""
    p = nazorg.kennisgeving(session, plaatsing_id=plaatsing_id, data=data, by=actor)
    session.commit()
    return actions.public(session, p, actor)


@router.get(
    "/{plaatsing_id}/kennisgevingsbrief",
    response_class=Response,
    responses=PDF_RESPONSES,
    **toegang(*PARTIJEN),
)
def kennisgevingsbrief_lezen(
    plaatsing_id: uuid.UUID, session: SessionDep, actor: CurrentActor, leeslog: LeeslogDep
) -> Response:
    """De kennisgeving aan gemeente en sociaal wijkteam (ZOU-P4) als PDF, klaar om te versturen."""
    p = actions.get_plaatsing(session, plaatsing_id, actor)
    leeslog(actor, "plaatsing", p.id, "kennisgevingsbrief gelezen (pdf)")
    return pdf_response(kennisgevingsbrief(session, p, voor_pdf=True), "kennisgeving")


@router.post("/{plaatsing_id}/signaleringen", status_code=201, **toegang(*PARTIJEN))
def zorg_melden(
    plaatsing_id: uuid.UUID, data: MeldingInvoer, session: SessionDep, actor: CurrentActor
) -> SignaleringUit:
    """Zelfstandig wonen dreigt te mislukken (ZOU-B5). Elke partij kan dit melden; de
    verwijzende organisatie zoekt samen met begeleiding, corporatie en cliënt een oplossing."""
    s = nazorg.melden(session, plaatsing_id=plaatsing_id, data=data, by=actor)
    session.commit()
    return signaleringen.public(session, s)
