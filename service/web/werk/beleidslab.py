"""The policy lab pages (issue 16): run a proposal and see it next to the policy as it is, with
charts (inline SVG) and tables with the same numbers; JSON and XLSX behind it. For the
regiobeheer and the bemiddelaar, like the API."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.responses import Response
from markupsafe import Markup
from sqlmodel import Session

from service.beleidslab import actions
from service.beleidslab.schemas import BeleidsproefInvoer
from service.deps import SessionDep
from service.regio import RegioDep
from service.web import charts
from service.web.formulier import Formulier
from service.web.formulier import formulier_post
from service.web.formulier import id_uit
from service.web.formulier import paginafouten
from service.web.pages import Persoon
from service.web.pages import PersoonDep
from service.web.pages import mag
from service.web.pages import render
from service.web.pages import terug
from service.web.soorten import B
from service.web.soorten import R
from service.web.soorten import Z
from service.web.soorten import organisaties

router = APIRouter()

VOORBEELD = {
    "naam": "Begrensde voorrang eerste keuze, 6 maanden",
    "eersteKeuze": "begrensd",
    "maxVoorsprongMaanden": "6",
}


def _lijst(
    request: Request,
    persoon: Persoon,
    session: Any,
    waarden: Mapping[str, str],
    fouten: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    proeven, _ = actions.list_proeven(session, offset=0, limit=50)
    return render(
        request,
        "beleidslab.html",
        persoon,
        status_code=status_code,
        fout=fouten.get(""),
        proeven=proeven,
        w=waarden,
        fouten=fouten,
        keuzes=[("voorrang", "Harde voorrang (zoals nu)"), ("begrensd", "Begrensde voorrang")],
        dagsoorten=[("true", "Werkdagen"), ("false", "Kalenderdagen")],
        zorgaanbieders=organisaties(session, Z),
    )


def _kamers(tekst: str) -> list[str]:
    """ "1, 2, 2, 3" as the list the API takes (the model checks the numbers)."""
    return [x for x in re.split(r"[\s,;]+", tekst) if x]


def _verdeelsleutel(session: Any, form: Mapping[str, str]) -> list[dict[str, str]]:
    """The weights filled in per zorgaanbieder (``gewicht-<id>``), in the order of the page."""
    return [
        {"zorgaanbiederId": str(z.id), "gewicht": g}
        for z in organisaties(session, Z)
        if (g := form.get(f"gewicht-{z.id}", "").strip())
    ]


@router.get("/beleidslab", response_class=HTMLResponse)
def beleidslab(request: Request, persoon: PersoonDep, session: SessionDep) -> HTMLResponse:
    mag(persoon, R, B)
    return _lijst(request, persoon, session, VOORBEELD, {})


@router.post("/beleidslab", response_model=None)
def beleidsproef_doen(
    request: Request, persoon: PersoonDep, session: SessionDep, regio: RegioDep, form: Formulier
) -> Response:
    mag(persoon, R, B)
    invoer = _proef_invoer(session, form)
    return formulier_post(
        session,
        persoon,
        form,
        lambda: actions.run(
            session,
            data=BeleidsproefInvoer.model_validate(invoer),
            by=persoon.actor,
            regio=regio,
        ),
        lambda exc: _lijst(request, persoon, session, form, paginafouten(exc), 400),
        lambda proef: terug(
            persoon, f"/werk/beleidslab/{proef.id}", "De beleidsproef is klaar en bewaard."
        ),
    )


#: The form's own fields, as the API names them.
PROEF_VELDEN = (
    "naam",
    "eersteKeuze",
    "maxVoorsprongMaanden",
    "kandidatenPerVoordracht",
    "reactietermijnDagen",
    "acceptatietermijnDagen",
    "werkdagen",
    "van",
    "tot",
)


def _proef_invoer(session: Session, form: dict[str, str]) -> dict[str, Any]:
    """The flat form as the API's body; an empty field is left out."""
    invoer: dict[str, Any] = {k: v for k in PROEF_VELDEN if (v := form.get(k, "").strip())}
    if grens := form.get("daebInkomenEen", "").strip():
        invoer["inkomensgrenzen"] = {"daebInkomenEen": grens}
    if kamers := form.get("kamersPerHuishouden", "").strip():
        invoer["kamersPerHuishouden"] = _kamers(kamers)
    if sleutel := _verdeelsleutel(session, form):
        invoer["verdeelsleutel"] = sleutel
    return invoer


def _tekst(x: Any, eenheid: str = "") -> str:
    if x is None:
        return "–"
    if isinstance(x, float) and eenheid == "%":
        return f"{round(x * 100)}%"
    return f"{x:g}{eenheid}" if isinstance(x, int | float) else str(x)


def _blok(indeling: str, kop: str, groepen: dict[str, Any]) -> dict[str, Any]:
    reeksen = []
    rijen = []
    for naam, kanten in groepen.items():
        nu, voorstel = kanten["nu"], kanten["voorstel"]
        if not nu.get("onderdrukt") and nu.get("wachttijdMediaanDagen") is not None:
            reeksen.append((f"{naam}: nu", nu["wachttijdMediaanDagen"]))
        if not voorstel.get("onderdrukt") and voorstel.get("wachttijdMediaanDagen") is not None:
            reeksen.append((f"{naam}: voorstel", voorstel["wachttijdMediaanDagen"]))
        klein = "minder dan 5" if nu.get("onderdrukt") or voorstel.get("onderdrukt") else None
        rijen.append(
            [
                naam,
                klein or _tekst(nu.get("aantal")),
                _tekst(nu.get("wachttijdMediaanDagen")),
                _tekst(voorstel.get("wachttijdMediaanDagen")),
                _tekst(nu.get("wachttijdP90Dagen")),
                _tekst(voorstel.get("wachttijdP90Dagen")),
                _tekst(nu.get("aandeelEersteKeuze"), "%"),
                _tekst(voorstel.get("aandeelEersteKeuze"), "%"),
            ]
        )
    grafiek = (
        charts.staafdiagram(
            f"Wachttijd tot voordracht per {indeling}, mediaan in dagen", reeksen, eenheid=" d"
        )
        if reeksen
        else None
    )
    return {"sleutel": indeling, "kop": kop, "grafiek": grafiek, "rijen": rijen}


@router.get("/beleidslab/{proef_id}", response_class=HTMLResponse)
def beleidsproef(
    proef_id: str, request: Request, persoon: PersoonDep, session: SessionDep
) -> Response:
    mag(persoon, R, B)
    if proef_id.endswith(".xlsx"):
        row = actions.get_proef(session, id_uit(proef_id[:-5], "Deze beleidsproef bestaat niet."))
        return actions.export(row, "xlsx")
    row = actions.get_proef(session, id_uit(proef_id, "Deze beleidsproef bestaat niet."))
    res = row.resultaten
    blokken = [
        _blok("zorgaanbieder", "Per zorgaanbieder", res["groepen"]["zorgaanbieder"]),
        _blok("gemeente", "Per gemeente", res["groepen"]["gemeente"]),
        _blok("corporatie", "Per corporatie", res["groepen"]["corporatie"]),
    ]
    verdeling = [(r["verschil"], r["aantal"]) for r in res["eerderOfLater"]]
    verschuiving: Markup | None = None
    zichtbaar = [(label, float(n)) for label, n in verdeling if n]
    if zichtbaar:
        verschuiving = charts.staafdiagram(
            "Aantal kandidaten dat eerder of later voorgedragen zou zijn", zichtbaar
        )
    return render(
        request,
        "beleidsproef.html",
        persoon,
        proef=row,
        res=res,
        regio=res["groepen"]["regio"].get("regio", {}),
        blokken=blokken,
        verdeling=verdeling,
        verschuiving=verschuiving,
        termijnen=res.get("termijnen"),
        contingent=res.get("contingent"),
    )


__all__ = ["router"]
