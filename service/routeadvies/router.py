from __future__ import annotations

from fastapi import APIRouter
from pydantic.alias_generators import to_camel

from service import region
from service.deps import SessionDep, toegang
from service.errors import OngeldigeInvoer, Veldfout
from service.idempotency import IdempotentRoute
from service.models import OrganisatieSoort
from service.routeadvies import advies
from service.routeadvies.schemas import RouteadviesUit, RouteadviesVraag

router = APIRouter(prefix="/routeadviezen", tags=["routeadviezen"], route_class=IdempotentRoute)
S = OrganisatieSoort


def instellingen() -> advies.Instellingen:
    """The active region's DRE-R2/DRE-R3 numbers for the pure decision tree."""
    return advies.Instellingen(**region.active().routeadvies.model_dump())


@router.post("", status_code=200, **toegang(S.zorgaanbieder, S.bemiddelaar))
def routeadvies_berekenen(data: RouteadviesVraag, session: SessionDep) -> RouteadviesUit:
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
        uitkomst = advies.advies(antwoorden, instellingen(), data.peildatum)
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
    # Nothing of ours to write. Committing ends the request's write transaction: it holds
    # only the Idempotency-Key claim, if any, which the answer is then stored with. A refused
    # request (above) never gets here, so its key is released.
    session.commit()
    return RouteadviesUit.model_validate(uitkomst)
