"""Pages for the aanmelddatum: the bemiddelaar corrects it with a reason (a form on the kandidaat
page) and answers the zorgaanbieders' correction requests (a work list: approve, which applies
the correction, or reject with a reason); the zorgaanbieder asks for a correction from its own
kandidaat's page. Each handler calls the API's actions (``service.kandidaten.actions``) with the
logged-in person's actor; the history is on the kandidaat page.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlmodel import Session, col, func, select

from service.deps import Leeslog, LeeslogDep, SessionDep
from service.errors import Conflict, OngeldigeInvoer
from service.kandidaten import actions as kandidaten
from service.kandidaten.schemas import AanmelddatumCorrectie, VerzoekAfwijzing
from service.models import AanmelddatumWijziging, Kandidaat, Organisatie, OrganisatieSoort
from service.web.pages import (
    Formulier,
    Persoon,
    PersoonDep,
    check_csrf,
    id_uit,
    mag,
    render,
    terug,
    veldfouten,
)
from service.web.werk.zorgaanbieder import _detail, _kandidaat, samenvatting
from service.web.zoeken import code

router = APIRouter()
B = OrganisatieSoort.bemiddelaar
Z = OrganisatieSoort.zorgaanbieder
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
) -> HTMLResponse | RedirectResponse:
    """The correction (bemiddelaar) or the request (zorgaanbieder): one form, two actions."""
    check_csrf(persoon, form.get("csrf"))
    k = _kandidaat(session, persoon, kandidaat_id)
    waarden = _invoer(form)
    try:
        data = AanmelddatumCorrectie.model_validate({x: v for x, v in waarden.items() if v})
        actie = (
            kandidaten.correct_aanmelddatum if doe == "correctie" else kandidaten.request_correctie
        )
        actie(session, kandidaat_id=k.id, data=data, by=persoon.actor)
    except (ValidationError, OngeldigeInvoer) as exc:
        session.rollback()
        fouten = samenvatting(veldfouten(exc))
        return _detail(
            request,
            session,
            persoon,
            k,
            correctie_fouten=fouten,
            correctie_waarden=waarden,
            status_code=400,
        )
    except Conflict as exc:
        session.rollback()
        return _detail(
            request,
            session,
            persoon,
            k,
            correctie_fouten={"": exc.detail},
            correctie_waarden=waarden,
            status_code=409,
        )
    session.commit()
    tekst = (
        f"De aanmelddatum is gecorrigeerd naar {data.aanmelddatum.strftime('%d-%m-%Y')}."
        if doe == "correctie"
        else "Uw verzoek is naar Het Vierde Huis gestuurd. U ziet het antwoord hieronder, bij de "
        "geschiedenis van de aanmelddatum."
    )
    return terug(persoon, f"/werk/kandidaten/{k.id}", tekst)


@router.post("/kandidaten/{kandidaat_id}/aanmelddatum-correctie", response_model=None)
def aanmelddatum_corrigeren(
    kandidaat_id: str, request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> HTMLResponse | RedirectResponse:
    """Het Vierde Huis corrects the aanmelddatum with a reason (``correct_aanmelddatum``)."""
    mag(persoon, B)
    return _aanvraag(kandidaat_id, request, persoon, session, form, doe="correctie")


@router.post("/kandidaten/{kandidaat_id}/aanmelddatum-verzoek", response_model=None)
def aanmelddatum_verzoek(
    kandidaat_id: str, request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> HTMLResponse | RedirectResponse:
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
        from service.errors import NietGevonden

        raise NietGevonden(melding)
    return w


@router.post("/aanmelddatum-verzoeken/{verzoek_id}/goedkeuring", response_model=None)
def aanmelddatum_verzoek_goedkeuren(
    verzoek_id: str, request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> HTMLResponse | RedirectResponse:
    """Approve: the requested date is applied as a correction (``approve_correctie``)."""
    mag(persoon, B)
    check_csrf(persoon, form.get("csrf"))
    w = _verzoek(session, verzoek_id)
    try:
        kandidaten.approve_correctie(
            session, kandidaat_id=w.kandidaat_id, verzoek_id=w.id, by=persoon.actor
        )
    except Conflict as exc:
        session.rollback()
        return _verzoeken(
            request, session, persoon, fouten={str(w.id): {"": exc.detail}}, status_code=409
        )
    session.commit()
    return terug(
        persoon,
        "/werk/aanmelddatum-verzoeken",
        f"Goedgekeurd: de aanmelddatum is nu {w.naar.strftime('%d-%m-%Y')}.",
    )


@router.post("/aanmelddatum-verzoeken/{verzoek_id}/afwijzing", response_model=None)
def aanmelddatum_verzoek_afwijzen(
    verzoek_id: str, request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> HTMLResponse | RedirectResponse:
    """Reject with a reason the zorgaanbieder reads (``reject_correctie``)."""
    mag(persoon, B)
    check_csrf(persoon, form.get("csrf"))
    w = _verzoek(session, verzoek_id)
    waarden = {"reden": form.get("reden", "")}
    try:
        data = VerzoekAfwijzing.model_validate({k: v for k, v in waarden.items() if v})
        kandidaten.reject_correctie(
            session, kandidaat_id=w.kandidaat_id, verzoek_id=w.id, data=data, by=persoon.actor
        )
    except (ValidationError, OngeldigeInvoer, Conflict) as exc:
        session.rollback()
        fouten = {"": exc.detail} if isinstance(exc, Conflict) else samenvatting(veldfouten(exc))
        return _verzoeken(
            request,
            session,
            persoon,
            fouten={str(w.id): fouten},
            waarden={str(w.id): waarden["reden"]},
            status_code=409 if isinstance(exc, Conflict) else 400,
        )
    session.commit()
    return terug(persoon, "/werk/aanmelddatum-verzoeken", "Het verzoek is afgewezen.")
