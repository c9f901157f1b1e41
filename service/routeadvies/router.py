from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from pydantic.alias_generators import to_camel

from service.deps import CurrentActor
from service.deps import LeeslogDep
from service.deps import SessionDep
from service.deps import toegang
from service.errors import OngeldigeInvoer
from service.errors import Veldfout
from service.formulieren import actions as formulieren
from service.idempotency import IdempotentRoute
from service.models import Formulier
from service.models import OrganisatieSoort
from service.models import Routeadvies
from service.regio import Regio
from service.regio import regio_van
from service.routeadvies import advies
from service.routeadvies import opslag
from service.routeadvies.schemas import OpgeslagenRouteadvies
from service.routeadvies.schemas import RouteadviesAanvraag
from service.routeadvies.schemas import RouteadviesUit
from service.routeadvies.schemas import RouteadviesVraag
from service.routeadvies.schemas import Routekeuze

router = APIRouter(prefix="/routeadviezen", tags=["routeadviezen"], route_class=IdempotentRoute)
S = OrganisatieSoort


def instellingen(regio: Regio) -> advies.Instellingen:
    """The region's DRE-R2/DRE-R3 numbers for the pure decision tree."""
    return advies.Instellingen(**regio.routeadvies.model_dump())


def bereken(data: RouteadviesVraag, regio: Regio) -> RouteadviesUit:
    """The decision tree on the answers; a missing answer is a 400 naming its question."""
    """Welke route past bij de woon(zorg)vraag van de cliënt: regulier zelf zoeken, of voorrang
    en directe bemiddeling (DRE-R2). Het antwoord toont het pad door de beslisboom en, bij
    voorrang, de termijnen (DRE-R3). De binding met de regio volgt uit de regio-instellingen.

    Er wordt niets opgeslagen: het advies is een berekening uit de antwoorden. Daarom is het
    antwoord 200 en niet 201. Alleen een meegestuurde Idempotency-Key wordt bewaard, zodat een
    herhaling met die sleutel precies hetzelfde antwoord krijgt."""
    antwoorden = advies.Antwoorden(
        uitstroomdeadline=data.uitstroomdeadline,
        zelfstandig_gewoond_in_regio=data.zelfstandig_gewoond_in_regio,
        terugkeer_onveilig_of_onhaalbaar=data.terugkeer_onveilig_of_onhaalbaar,
        binding_aaneengesloten=data.binding_aaneengesloten,
        binding_jaren_van_venster=data.binding_jaren_van_venster,
        woonperiodes=None
        if data.woonperiodes is None
        else tuple(advies.Woonperiode(p.van, p.tot) for p in data.woonperiodes),
        andere_redenen=data.andere_redenen,
        gewenste_verhuisdatum=data.gewenste_verhuisdatum,
    )
    try:
        uitkomst = advies.advies(antwoorden, instellingen(regio), data.peildatum)
    except advies.OntbrekendAntwoord as exc:
        raise OngeldigeInvoer(
            f"Vraag {exc.vraag_nummer} is nog niet beantwoord. Zie invalidParams.",
            [
                Veldfout(
                    to_camel(veld), f"Beantwoord vraag {exc.vraag_nummer}: {exc.vraag}", "missing"
                )
                for veld in exc.velden
            ],
        ) from exc
    return RouteadviesUit.model_validate(uitkomst)


@router.post("", status_code=200, **toegang(S.zorgaanbieder, S.bemiddelaar))
def routeadvies_berekenen(data: RouteadviesVraag, session: SessionDep) -> RouteadviesUit:
    """Welke route past bij de woon(zorg)vraag van de cliënt: regulier zelf zoeken, of voorrang
    en directe bemiddeling (DRE-R2). Het antwoord toont het pad door de beslisboom en, bij
    voorrang, de termijnen (DRE-R3). De binding met de regio volgt uit de regio-instellingen.

    Er wordt niets opgeslagen: het advies is een berekening uit de antwoorden. Daarom is het
    antwoord 200 en niet 201. Alleen een meegestuurde Idempotency-Key wordt bewaard, zodat een
    herhaling met die sleutel precies hetzelfde antwoord krijgt. Bewaren met het
    aanvraagformulier (DRE-F1): ``POST /v1/kandidaten/{id}/routeadviezen``."""
    uitkomst = bereken(data, regio_van(session))
    # Nothing of ours to write. Committing ends the request's write transaction: it holds
    # only the Idempotency-Key claim, if any, which the answer is then stored with. A refused
    # request (above) never gets here, so its key is released.
    session.commit()
    return uitkomst


@router.post("/{routeadvies_id}/routekeuze", status_code=201, **toegang(S.zorgaanbieder))
def routekeuze_melden(
    routeadvies_id: uuid.UUID, data: Routekeuze, session: SessionDep, actor: CurrentActor
) -> OpgeslagenRouteadvies:
    """De aanbieder meldt welke route gekozen is (DRE-R4), voor de monitoring. De cliënt mag
    een andere route kiezen dan geadviseerd (DRE-R2)."""
    r = opslag.kies(
        session,
        routeadvies_id=routeadvies_id,
        route=data.route,
        toelichting=data.toelichting,
        by=actor,
    )
    session.commit()
    return opgeslagen_uit(session, r)


def opgeslagen_uit(session: Any, r: Routeadvies) -> OpgeslagenRouteadvies:
    f = session.get(Formulier, r.formulier_id)
    return OpgeslagenRouteadvies.model_validate(
        {
            "id": r.id,
            "kandidaat_id": r.kandidaat_id,
            "formulier_versie": f.versie,
            "aanvraag": f.inhoud,
            "advies": r.advies,
            "uitkomst": r.uitkomst,
            "gekozen_route": r.gekozen_route,
            "gekozen_op": r.gekozen_op,
            "keuze_toelichting": r.keuze_toelichting,
            "aangemaakt_op": r.aangemaakt_op,
        }
    )


kandidaat_router = APIRouter(
    prefix="/kandidaten", tags=["routeadviezen"], route_class=IdempotentRoute
)


@kandidaat_router.post("/{kandidaat_id}/routeadviezen", status_code=201, **toegang(S.zorgaanbieder))
def routeadvies_vastleggen(
    kandidaat_id: uuid.UUID, data: RouteadviesAanvraag, session: SessionDep, actor: CurrentActor
) -> OpgeslagenRouteadvies:
    """Het routeadvies (DRE-R2) bewaard met de velden van het aanvraagformulier (DRE-F1): het
    formulier wordt een nieuwe versie, het advies wordt erbij bewaard."""
    k = formulieren.eigen_kandidaat(session, kandidaat_id, actor)
    uitkomst = bereken(data.vragen, regio_van(session))
    r = opslag.vastleggen(
        session,
        kandidaat=k,
        aanvraag=data.aanvraag,
        vragen=data.vragen.model_dump(mode="json", by_alias=True),
        uitkomst=uitkomst,
        by=actor,
    )
    session.commit()
    return opgeslagen_uit(session, r)


@kandidaat_router.get("/{kandidaat_id}/routeadviezen", **toegang(S.zorgaanbieder, S.bemiddelaar))
def routeadviezen_lijst(
    kandidaat_id: uuid.UUID, session: SessionDep, actor: CurrentActor, leeslog: LeeslogDep
) -> list[OpgeslagenRouteadvies]:
    """De bewaarde routeadviezen van een kandidaat met hun aanvraagformulier, nieuwste eerst."""
    k = formulieren.kandidaat_voor(session, kandidaat_id, actor, None)
    leeslog(actor, "kandidaat", k.id, "routeadviezen en aanvraagformulier gelezen")
    return [opgeslagen_uit(session, r) for r in opslag.lijst(session, k.id)]
