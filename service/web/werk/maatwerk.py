"""Maatwerk pages (ZOU-R2): the bemiddelaar forwards a kandidaat to a corporatie from the work
list (button and form) and stops a traject; the corporatie accepts or declines a forwarded
kandidaat and reports the woning it found; the zorgaanbieder follows its own kandidaten's
trajecten. The same actions and scoped queries as the API (``service.maatwerk.actions``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from collections.abc import Mapping
from typing import Any
from typing import Unpack

from fastapi import APIRouter
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.responses import Response
from sqlmodel import Session
from sqlmodel import select

from service.clock import vandaag
from service.deps import LeeslogDep
from service.deps import SessionDep
from service.errors import Conflict
from service.kandidaten import actions as kandidaten
from service.maatwerk import actions as maatwerk
from service.maatwerk.schemas import GevondenWoning
from service.maatwerk.schemas import Stopzetting
from service.maatwerk.schemas import TrajectBesluit
from service.maatwerk.schemas import TrajectInvoer
from service.models import OPEN_TRAJECT
from service.models import Aanleiding
from service.models import TrajectStatus
from service.models import Woning
from service.models import WoningStatus
from service.queries import voorkeuren
from service.web.formulier import INVOERFOUTEN
from service.web.formulier import MET_CONFLICT
from service.web.formulier import Formulier
from service.web.formulier import Formulierstaat
from service.web.formulier import formulier_post
from service.web.formulier import formulierfouten
from service.web.formulier import formulierstaat
from service.web.formulier import foutstatus
from service.web.formulier import id_uit
from service.web.formulier import ingevuld
from service.web.pages import Persoon
from service.web.pages import PersoonDep
from service.web.pages import mag
from service.web.pages import render
from service.web.pages import terug
from service.web.soorten import B
from service.web.soorten import C
from service.web.soorten import Z
from service.web.soorten import organisaties
from service.web.werk.bemiddelaar import LIMIET
from service.web.werk.bemiddelaar import _namen
from service.web.werk.bemiddelaar import adres
from service.web.werk.zorgaanbieder import ONBEKENDE_KANDIDAAT
from service.web.zoeken import code

router = APIRouter()
GEEN_TRAJECT = "Dit maatwerktraject bestaat niet, of u mag het niet zien."

AANLEIDING_TEKST = {
    Aanleiding.route_maatwerk: "De kandidaat staat op de maatwerkroute",
    Aanleiding.langwachtend: "De kandidaat wacht langer dan zes maanden",
    Aanleiding.geen_geschikte_kandidaat: "Een woning vond geen geschikte kandidaat",
    Aanleiding.omgekeerde_plaatsing_mislukt: "Omgekeerde plaatsing lukte niet",
    Aanleiding.anders: "Anders (leg uit bij de wensen)",
}
STATUS_TEKST = {
    TrajectStatus.doorgestuurd: "doorgestuurd, wacht op de corporatie",
    TrajectStatus.zoekend: "de corporatie zoekt een woning",
    TrajectStatus.woning_gevonden: "woning gevonden, aanbieding loopt",
    TrajectStatus.geplaatst: "geplaatst",
    TrajectStatus.afgewezen: "afgewezen door de corporatie",
    TrajectStatus.gestopt: "gestopt",
}


def _pagina(
    request: Request,
    session: Session,
    persoon: Persoon,
    leeslog: Any = None,
    *,
    status_code: int = 200,
    **staat: Unpack[Formulierstaat],
) -> HTMLResponse:
    actor = persoon.actor
    secret = request.app.state.pseudoniem_sleutel
    rows, totaal = maatwerk.list_trajecten(
        session, actor, status=None, te_laat=None, offset=0, limit=LIMIET
    )
    trajecten = [maatwerk.public(session, t, actor, secret) for t in rows]
    today = vandaag()
    werklijst, werk_totaal = (
        maatwerk.werklijst(session, offset=0, limit=LIMIET) if actor.soort == B else ([], 0)
    )
    namen = _namen(
        session,
        [t.eigenaar_id for t in trajecten]
        + [t.corporatie_id for t in trajecten]
        + [k.zorgaanbieder_id for k in werklijst],
    )
    eigen_woningen: list[tuple[str, str]] = []
    if actor.soort == C:
        eigen_woningen = [
            (str(w.id), adres(w))
            for w in session.exec(
                select(Woning)
                .where(
                    Woning.corporatie_id == actor.organisatie_id,
                    Woning.status == WoningStatus.beschikbaar,
                )
                .order_by(Woning.plaats, Woning.straat, Woning.huisnummer)
                .limit(LIMIET)
            ).all()
        ]
    if leeslog is not None:
        leeslog(
            actor,
            "maatwerk (web)",
            [t.kandidaat_id for t in rows] + [k.id for k in werklijst],
            "trajecten en werklijst gelezen",
        )
    return render(
        request,
        "bemiddelaar_maatwerk.html",
        persoon,
        status_code=status_code,
        trajecten=trajecten,
        totaal=totaal,
        te_laat={
            t.id for t in trajecten if t.status in OPEN_TRAJECT and t.volgende_stap_voor < today
        },
        werklijst=werklijst,
        werk_totaal=werk_totaal,
        gemeenten=voorkeuren(session, [k.id for k in werklijst]) if werklijst else {},
        namen=namen,
        vandaag=today,
        code=code,
        soort=actor.soort.value,
        eigen_woningen=eigen_woningen,
        status_tekst=STATUS_TEKST,
        aanleiding_tekst=AANLEIDING_TEKST,
        TrajectStatus=TrajectStatus,
        **formulierstaat(**staat),
    )


@router.get("/maatwerk", response_class=HTMLResponse)
def maatwerk_pagina(
    request: Request, persoon: PersoonDep, session: SessionDep, leeslog: LeeslogDep
) -> HTMLResponse:
    mag(persoon, B, C, Z)
    return _pagina(request, session, persoon, leeslog)


# --- the bemiddelaar forwards ----------------------------------------------------------------


def _doorsturen(
    request: Request,
    session: Session,
    persoon: Persoon,
    kandidaat_id: uuid.UUID,
    waarden: dict[str, str],
    fouten: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    k = kandidaten.get_kandidaat(session, kandidaat_id, persoon.actor)
    corporaties = organisaties(session, C, alleen_actief=True)
    return render(
        request,
        "bemiddelaar_doorsturen.html",
        persoon,
        status_code=status_code,
        samenvatting=True,
        k=kandidaten.public(session, k),
        code=code(k.id),
        corporaties=[(str(o.id), o.naam) for o in corporaties],
        aanleidingen=[(a.value, t) for a, t in AANLEIDING_TEKST.items()],
        waarden=waarden,
        fouten=fouten,
        fout=fouten.get(""),
    )


@router.get("/maatwerk/doorsturen", response_class=HTMLResponse)
def doorsturen_formulier(
    request: Request, persoon: PersoonDep, session: SessionDep
) -> HTMLResponse:
    mag(persoon, B)
    if not request.query_params.get("kandidaat"):
        return render(request, "bemiddelaar_doorsturen.html", persoon, k=None)
    kid = id_uit(request.query_params.get("kandidaat", ""), ONBEKENDE_KANDIDAAT)
    aanleiding = request.query_params.get("aanleiding", "")
    waarden = {
        "aanleiding": aanleiding if aanleiding in set(Aanleiding) else "route-maatwerk",
        "contingent": "ja",
    }
    return _doorsturen(request, session, persoon, kid, waarden, {})


@router.post("/maatwerk/doorsturen", response_model=None)
def doorsturen(
    request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, B)
    kid = id_uit(form.get("kandidaat_id", ""), ONBEKENDE_KANDIDAAT)
    waarden = {k: form.get(k, "") for k in ("corporatie_id", "aanleiding", "wensen", "contingent")}

    def stuur_door() -> None:
        data = TrajectInvoer.model_validate(
            {
                "kandidaatId": kid,
                "corporatieId": waarden["corporatie_id"] or None,
                "aanleiding": waarden["aanleiding"] or None,
                "wensen": waarden["wensen"],
                "contingent": waarden["contingent"] == "ja",
            }
        )
        maatwerk.forward(session, data=data, by=persoon.actor)

    return formulier_post(
        session,
        persoon,
        form,
        stuur_door,
        lambda exc: _doorsturen(
            request,
            session,
            persoon,
            kid,
            waarden,
            {"": exc.detail}
            if isinstance(exc, Conflict)
            else formulierfouten(exc, waarden, ("wensen",)),
            foutstatus(exc),
        ),
        lambda _: terug(
            persoon,
            "/werk/maatwerk",
            "De kandidaat is doorgestuurd. De corporatie beslist of zij het traject aanneemt.",
        ),
        vang=MET_CONFLICT,
    )


def _traject_post(
    request: Request,
    session: Session,
    persoon: Persoon,
    form: Mapping[str, str],
    traject_id: str,
    formulier: str,
    velden: tuple[str, ...],
    doe: Callable[[uuid.UUID, dict[str, str]], Any],
    gelukt: Callable[[Any], str],
    *,
    geheel_naar: tuple[str, ...],
    conflict_bij: tuple[str, ...] = (),
    vang: tuple[type[Exception], ...] = MET_CONFLICT,
) -> Response:
    """One form on a traject of the maatwerk page: ``doe`` gets the traject's id and the
    ``velden`` as posted; on bad input (or a conflict, also shown at ``conflict_bij``) the page
    again with the messages next to that traject's form, else back to the page with
    ``gelukt``."""
    tid = id_uit(traject_id, GEEN_TRAJECT)
    waarden = {k: form.get(k, "") for k in velden}

    def fouten(exc: Exception) -> dict[str, str]:
        if isinstance(exc, Conflict):
            return {**dict.fromkeys(conflict_bij, exc.detail), "": exc.detail}
        return formulierfouten(exc, waarden, geheel_naar)

    return formulier_post(
        session,
        persoon,
        form,
        lambda: doe(tid, waarden),
        lambda exc: _pagina(
            request,
            session,
            persoon,
            fout_voor=tid,
            formulier=formulier,
            fouten=fouten(exc),
            waarden=waarden,
            status_code=foutstatus(exc),
        ),
        lambda uitkomst: terug(persoon, "/werk/maatwerk", gelukt(uitkomst)),
        vang=vang,
    )


@router.post("/maatwerk/{traject_id}/stopzetting", response_model=None)
def stopzetten(
    traject_id: str, request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, B)
    return _traject_post(
        request, session, persoon, form, traject_id, "stop", ("reden",),
        lambda tid, waarden: maatwerk.stop(
            session, traject_id=tid, data=Stopzetting.model_validate(waarden), by=persoon.actor
        ),
        lambda _: "Het maatwerktraject is gestopt.",
        geheel_naar=("reden",),
        vang=INVOERFOUTEN,
    )  # fmt: skip


# --- the corporatie decides and reports the woning -------------------------------------------


@router.post("/maatwerk/{traject_id}/besluit", response_model=None)
def besluiten(
    traject_id: str, request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, C)
    return _traject_post(
        request, session, persoon, form, traject_id, "besluit", ("besluit", "reden"),
        lambda tid, waarden: maatwerk.decide(
            session,
            traject_id=tid,
            data=TrajectBesluit.model_validate(ingevuld(waarden)),
            by=persoon.actor,
        ),
        lambda t: "U heeft het traject aangenomen. Meld hier de woning zodra u die gevonden heeft."
        if TrajectStatus(t.status) == TrajectStatus.zoekend
        else "U heeft het traject afgewezen. Het Vierde Huis zoekt verder.",
        geheel_naar=("reden",) if form.get("besluit", "") == "afwijzen" else ("besluit",),
    )  # fmt: skip


@router.post("/maatwerk/{traject_id}/woning", response_model=None)
def woning_melden(
    traject_id: str, request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, C)
    return _traject_post(
        request, session, persoon, form, traject_id, "woning", ("woning_id",),
        lambda tid, waarden: maatwerk.report_woning(
            session,
            traject_id=tid,
            data=GevondenWoning.model_validate({"woningId": waarden["woning_id"] or None}),
            by=persoon.actor,
        ),
        lambda _: "De woning is gemeld. "
        "De zorgaanbieder beantwoordt de aanbieding namens de kandidaat.",
        geheel_naar=("woning_id",),
        conflict_bij=("woning_id",),
    )  # fmt: skip
