from __future__ import annotations

from fastapi import APIRouter

from service.deps import ALLE_SOORTEN, RegioDep, toegang
from service.idempotency import IdempotentRoute
from service.region import (
    Contact,
    InkomensgrenzenConfig,
    MatchingInstellingen,
    Nazorg,
    RouteAdviesInstellingen,
    Termijnen,
)
from service.schemas import ApiModel

router = APIRouter(prefix="/regio", tags=["regio"], route_class=IdempotentRoute)


class RegioUit(ApiModel):
    code: str
    naam: str
    gemeenten: list[str]
    termijnen: Termijnen
    matching: MatchingInstellingen
    inkomensgrenzen: list[InkomensgrenzenConfig]
    routeadvies: RouteAdviesInstellingen
    nazorg: Nazorg
    contacten: list[Contact]


@router.get("", **toegang(*ALLE_SOORTEN))
def regio_lezen(regio: RegioDep) -> RegioUit:
    """De regio-instellingen: gemeenten, termijnen, het beleid voor eerste keuze, de inkomens-
    en huurgrenzen per jaar, de termijnen rond de verhuizing (ZOU-L1..L5) en de contactpunten
    (ZOU-B1)."""
    return RegioUit(
        code=regio.code,
        naam=regio.naam,
        gemeenten=list(regio.gemeenten),
        termijnen=regio.termijnen,
        matching=regio.matching,
        inkomensgrenzen=list(regio.inkomensgrenzen),
        routeadvies=regio.routeadvies,
        nazorg=regio.nazorg,
        contacten=list(regio.contacten),
    )
