"""Pages for the aanmelddatum: the bemiddelaar corrects it with a reason (a form on the kandidaat
page) and answers the zorgaanbieders' correction requests (a work list: approve, which applies
the correction, or reject with a reason); the zorgaanbieder asks for a correction from its own
kandidaat's page. Each handler calls the API's actions (``service.kandidaten.actions``) with the
logged-in person's actor; the history is on the kandidaat page.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.responses import Response
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import func
from sqlmodel import select

from service.deps import Leeslog
from service.deps import LeeslogDep
from service.deps import SessionDep
from service.errors import Conflict
from service.errors import NietGevonden
from service.kandidaten import actions as kandidaten
from service.kandidaten.schemas import AanmelddatumCorrectie
from service.kandidaten.schemas import VerzoekAfwijzing
from service.models import AanmelddatumWijziging
from service.models import Kandidaat
from service.models import Organisatie
from service.web.formulier import MET_CONFLICT
from service.web.formulier import Formulier
from service.web.formulier import formulier_post
from service.web.formulier import foutstatus
from service.web.formulier import id_uit
from service.web.formulier import ingevuld
from service.web.formulier import paginafouten
from service.web.pages import Persoon
from service.web.pages import PersoonDep
from service.web.pages import mag
from service.web.pages import render
from service.web.pages import terug
from service.web.soorten import B
from service.web.soorten import Z
from service.web.werk.zorgaanbieder import _detail
from service.web.werk.zorgaanbieder import _kandidaat
from service.web.zoeken import code

router = APIRouter()
#: Open requests shown at once (oldest first; the page says when there are more).
LIMIET = 200
VELDEN = ("aanmelddatum", "reden")


def _invoer(form: dict[str, str]) -> dict[str, str]:
    return {x: form.get(x, "") for x in VELDEN}


def _aanvraag(
    kandidaat_id: str,
    request: Request,
    persoon: Persoon,
    session: Session,
    form: dict[str, str],
    *,
    doe: str,
) -> Response:
    """The correction (bemiddelaar) or the request (zorgaanbieder): one form, two actions."""
    k = _kandidaat(session, persoon, kandidaat_id)
    waarden = _invoer(form)
    actie = kandidaten.correct_aanmelddatum if doe == "correctie" else kandidaten.request_correctie

    def vraag() -> AanmelddatumCorrectie:
        data = AanmelddatumCorrectie.model_validate(ingevuld(waarden))
        actie(session, kandidaat_id=k.id, data=data, by=persoon.actor)
        return data

    def klaar(data: AanmelddatumCorrectie) -> Response:
        tekst = (
            f"De aanmelddatum is gecorrigeerd naar {data.aanmelddatum.strftime('%d-%m-%Y')}."
            if doe == "correctie"
            else "Uw verzoek is naar Het Vierde Huis gestuurd. U ziet het antwoord hieronder, "
            "bij de geschiedenis van de aanmelddatum."
        )
        return terug(persoon, f"/werk/kandidaten/{k.id}", tekst)

    return formulier_post(
        session,
        persoon,
        form,
        vraag,
        lambda exc: _detail(
            request,
            session,
            persoon,
            k,
            correctie_fouten=paginafouten(exc),
            correctie_waarden=waarden,
            status_code=foutstatus(exc),
        ),
        klaar,
        vang=MET_CONFLICT,
    )


@router.post("/kandidaten/{kandidaat_id}/aanmelddatum-correctie", response_model=None)
def aanmelddatum_corrigeren(
    kandidaat_id: str, request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    """Het Vierde Huis corrects the aanmelddatum with a reason (``correct_aanmelddatum``)."""
    mag(persoon, B)
    return _aanvraag(kandidaat_id, request, persoon, session, form, doe="correctie")


@router.post("/kandidaten/{kandidaat_id}/aanmelddatum-verzoek", response_model=None)
def aanmelddatum_verzoek(
    kandidaat_id: str, request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    """The zorgaanbieder asks Het Vierde Huis for a correction (``request_correctie``)."""
    mag(persoon, Z)
    return _aanvraag(kandidaat_id, request, persoon, session, form, doe="verzoek")


# --- the bemiddelaar's work list of requests ----------------------------------------------------


def _verzoeken(
    request: Request,
    session: Session,
    persoon: Persoon,
    leeslog: Leeslog | None = None,
    fouten: dict[str, dict[str, str]] | None = None,
    waarden: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    basis = (
        select(AanmelddatumWijziging, Kandidaat, Organisatie.naam)
        .join(Kandidaat, col(Kandidaat.id) == AanmelddatumWijziging.kandidaat_id)
        .join(Organisatie, col(Organisatie.id) == AanmelddatumWijziging.organisatie_id)
        .where(AanmelddatumWijziging.soort == "verzoek", AanmelddatumWijziging.status == "open")
    )
    rijen = session.exec(
        kandidaten.visible(basis, persoon.actor)
        .order_by(col(AanmelddatumWijziging.aangemaakt_op), col(AanmelddatumWijziging.id))
        .limit(LIMIET)
    ).all()
    totaal = session.exec(
        kandidaten.visible(
            select(func.count())
            .select_from(AanmelddatumWijziging)
            .join(Kandidaat, col(Kandidaat.id) == AanmelddatumWijziging.kandidaat_id)
            .where(
                AanmelddatumWijziging.soort == "verzoek", AanmelddatumWijziging.status == "open"
            ),
            persoon.actor,
        )
    ).one()
    if leeslog is not None:
        leeslog(
            persoon.actor,
            "aanmelddatum-verzoeken (web)",
            (k.id for _w, k, _n in rijen),
            "verzoeken om correctie gelezen",
        )
    return render(
        request,
        "bemiddelaar_aanmelddatum_verzoeken.html",
        persoon,
        status_code=status_code,
        rijen=rijen,
        totaal=int(totaal),
        code=code,
        fouten=fouten or {},
        waarden=waarden or {},
    )


@router.get("/aanmelddatum-verzoeken", response_class=HTMLResponse)
def aanmelddatum_verzoeken(
    request: Request, persoon: PersoonDep, session: SessionDep, leeslog: LeeslogDep
) -> HTMLResponse:
    """The open correction requests, oldest first."""
    mag(persoon, B)
    return _verzoeken(request, session, persoon, leeslog)


def _verzoek(session: Session, verzoek_id: str) -> AanmelddatumWijziging:
    melding = "Dit verzoek bestaat niet."
    w = session.get(AanmelddatumWijziging, id_uit(verzoek_id, melding))
    if w is None or w.soort != "verzoek":
        raise NietGevonden(melding)
    return w


def _verzoek_post(
    request: Request,
    session: Session,
    persoon: Persoon,
    form: dict[str, str],
    w: AanmelddatumWijziging,
    doe: Callable[[], object],
    gelukt: str,
    waarden: dict[str, str] | None = None,
    *,
    vang: tuple[type[Exception], ...] = MET_CONFLICT,
) -> Response:
    """A button on one request of the list: on bad input or a conflict the list again with the
    message at that request."""
    return formulier_post(
        session,
        persoon,
        form,
        doe,
        lambda exc: _verzoeken(
            request,
            session,
            persoon,
            fouten={str(w.id): paginafouten(exc)},
            waarden={str(w.id): waarden["reden"]} if waarden is not None else None,
            status_code=foutstatus(exc),
        ),
        lambda _: terug(persoon, "/werk/aanmelddatum-verzoeken", gelukt),
        vang=vang,
    )


@router.post("/aanmelddatum-verzoeken/{verzoek_id}/goedkeuring", response_model=None)
def aanmelddatum_verzoek_goedkeuren(
    verzoek_id: str, request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    """Approve: the requested date is applied as a correction (``approve_correctie``)."""
    mag(persoon, B)
    w = _verzoek(session, verzoek_id)
    return _verzoek_post(
        request,
        session,
        persoon,
        form,
        w,
        lambda: kandidaten.approve_correctie(
            session, kandidaat_id=w.kandidaat_id, verzoek_id=w.id, by=persoon.actor
        ),
        f"Goedgekeurd: de aanmelddatum is nu {w.naar.strftime('%d-%m-%Y')}.",
        vang=(Conflict,),
    )


@router.post("/aanmelddatum-verzoeken/{verzoek_id}/afwijzing", response_model=None)
def aanmelddatum_verzoek_afwijzen(
    verzoek_id: str, request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    """Reject with a reason the zorgaanbieder reads (``reject_correctie``)."""
    mag(persoon, B)
    w = _verzoek(session, verzoek_id)
    waarden = {"reden": form.get("reden", "")}
    return _verzoek_post(
        request,
        session,
        persoon,
        form,
        w,
        lambda: kandidaten.reject_correctie(
            session,
            kandidaat_id=w.kandidaat_id,
            verzoek_id=w.id,
            data=VerzoekAfwijzing.model_validate(ingevuld(waarden)),
            by=persoon.actor,
        ),
        "Het verzoek is afgewezen.",
        waarden,
    )
