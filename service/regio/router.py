from __future__ import annotations

from fastapi import APIRouter

from service.deps import ALLE_SOORTEN, RegioDep, toegang
from service.idempotency import IdempotentRoute
from service.region import (
    InkomensgrenzenConfig,
    MatchingInstellingen,
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


@router.get("", **toegang(*ALLE_SOORTEN))
def regio_lezen(regio: RegioDep) -> RegioUit:
    """De regio-instellingen: gemeenten, termijnen, het beleid voor eerste keuze en de inkomens-
    en huurgrenzen per jaar."""
    return RegioUit(
        code=regio.code,
        naam=regio.naam,
        gemeenten=list(regio.gemeenten),
        termijnen=regio.termijnen,
        matching=regio.matching,
        inkomensgrenzen=list(regio.inkomensgrenzen),
        routeadvies=regio.routeadvies,
    )
