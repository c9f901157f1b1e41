"""Escalaties (ZOU-M2): where it gets stuck and what maatwerk can do. The bemiddelaar sees the
woningen without a suitable kandidaat and the kandidaten waiting longer than six months, each
with the reason and the ready maatwerk action as a button (the API's ready ``voorstel``); a
corporatie sees its own woningen without a suitable kandidaat (no kandidaat data).
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlmodel import col
from sqlmodel import select

from service.deps import LeeslogDep
from service.deps import SessionDep
from service.escalaties import actions as escalaties
from service.models import Kandidaat
from service.models import Organisatie
from service.models import Woning
from service.web import woorden
from service.web.formulier import pagina_uit
from service.web.pages import PersoonDep
from service.web.pages import mag
from service.web.pages import render
from service.web.soorten import B
from service.web.soorten import C
from service.web.werk.maatwerk import AANLEIDING_TEKST
from service.web.zoeken import PAGINA
from service.web.zoeken import aantal_paginas
from service.web.zoeken import code
from service.web.zoeken import paginering

router = APIRouter()


@router.get("/escalaties", response_class=HTMLResponse)
def escalaties_pagina(
    request: Request, persoon: PersoonDep, session: SessionDep, leeslog: LeeslogDep
) -> HTMLResponse:
    mag(persoon, B, C)
    actor = persoon.actor
    woningloos = escalaties.zonder_kandidaat(session)
    woning_ids = [e.object_id for e in woningloos]
    woningen = {
        w.id: w for w in session.exec(select(Woning).where(col(Woning.id).in_(woning_ids))).all()
    }
    if actor.soort == C:  # own woningen only, and no kandidaat in the proposal
        woningloos = [
            e.model_copy(update={"voorstel": None})
            for e in woningloos
            if woningen[e.object_id].corporatie_id == actor.organisatie_id
        ]
    pagina = pagina_uit(request.query_params.get("pagina"))
    lang, totaal = (
        escalaties.langwachtend(session, offset=(pagina - 1) * PAGINA, limit=PAGINA)
        if actor.soort == B
        else ([], 0)
    )
    kandidaat_ids = {e.object_id for e in lang} | {
        e.voorstel.kandidaat_id for e in woningloos if e.voorstel
    }
    kandidaten = {
        k.id: k
        for k in session.exec(select(Kandidaat).where(col(Kandidaat.id).in_(kandidaat_ids))).all()
    }
    namen = dict(session.exec(select(Organisatie.id, Organisatie.naam)).all())
    if lang:
        leeslog(actor, "escalaties (web)", (e.object_id for e in lang), "langwachtenden gelezen")
    paginas = aantal_paginas(totaal)
    return render(
        request,
        "escalaties.html",
        persoon,
        woningloos=woningloos,
        woningen=woningen,
        lang=lang,
        totaal=totaal,
        kandidaten=kandidaten,
        namen=namen,
        code=code,
        zonder_api=woorden.zonder_api,
        aanleiding_tekst=AANLEIDING_TEKST,
        is_bemiddelaar=actor.soort == B,
        **paginering(pagina, paginas),
    )
