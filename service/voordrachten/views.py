"""The two views of a voordracht: full for the bemiddelaar, minimal for the corporatie."""

from __future__ import annotations

from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

import matching
from service.auth import Actor
from service.clock import vandaag
from service.errors import GrenzenOntbreken
from service.levensloop.plekken import kiesbaar
from service.levensloop.plekken import langst_wachtende
from service.levensloop.plekken import plekken_van
from service.mapping import kandidaat_input
from service.mapping import woning_input
from service.models import Kandidaat
from service.models import OrganisatieSoort
from service.models import PlekStatus
from service.models import Voordracht
from service.models import Woning
from service.pseudoniem import pseudoniem
from service.queries import voorkeuren
from service.regio import regio_van
from service.voordrachten.actions import PLEKKEN_VOOR_CORPORATIE
from service.voordrachten.actions import maatwerk_count
from service.voordrachten.actions import pool_counts
from service.voordrachten.actions import zorgaanbieder_namen
from service.voordrachten.schemas import Contactgegevens
from service.voordrachten.schemas import PlekBeperkt
from service.voordrachten.schemas import PlekUitleg
from service.voordrachten.schemas import PlekVolledig
from service.voordrachten.schemas import Positiewissel
from service.voordrachten.schemas import VoordrachtBeperkt
from service.voordrachten.schemas import VoordrachtUitleg
from service.voordrachten.schemas import VoordrachtVolledig


def _basis(vd: Voordracht) -> dict:
    return {
        "id": vd.id,
        "woning_id": vd.woning_id,
        "corporatie_id": vd.corporatie_id,
        "status": vd.status,
        "gevraagd": vd.gevraagd,
        "volledig": vd.volledig,
        "aangemaakt_op": vd.aangemaakt_op,
        "gewijzigd_op": vd.gewijzigd_op,
    }


def behoeften(k: Kandidaat) -> list[str]:
    out = []
    if k.rolstoel:
        out.append("rolstoel")
    if k.trapvrij:
        out.append("geen trap")
    if k.hoogste_verdieping is not None:
        out.append(f"hoogstens verdieping {k.hoogste_verdieping}")
    return out


def view(
    session: Session, vd: Voordracht, actor: Actor, secret: str
) -> VoordrachtVolledig | VoordrachtBeperkt:
    plekken = plekken_van(session, vd.id)
    kandidaten = {
        k.id: k
        for k in session.exec(
            select(Kandidaat).where(col(Kandidaat.id).in_([p.kandidaat_id for p in plekken]))
        ).all()
    }
    namen = zorgaanbieder_namen(session, {k.zorgaanbieder_id for k in kandidaten.values()})
    today = vandaag()
    langst = langst_wachtende(session, kiesbaar(vd, plekken))
    if actor.soort == OrganisatieSoort.bemiddelaar:
        woning = session.get(Woning, vd.woning_id)
        assert woning is not None
        alle, eerste = pool_counts(session, woning.gemeente)
        uitleg = VoordrachtUitleg.model_validate(
            {
                **vd.uitleg,
                "wachtendMetDezeGemeente": alle,
                "wachtendEersteKeuze": eerste,
                "opMaatwerkroute": maatwerk_count(session, woning.gemeente),
            }
        )
        return VoordrachtVolledig(
            **_basis(vd),
            uitleg=uitleg,
            plekken=[
                PlekVolledig(
                    id=p.id,
                    positie=p.positie,
                    status=PlekStatus(p.status),
                    kandidaat_id=p.kandidaat_id,
                    naam=f"{kandidaten[p.kandidaat_id].voornaam} {kandidaten[p.kandidaat_id].achternaam}",
                    zorgaanbieder=namen[kandidaten[p.kandidaat_id].zorgaanbieder_id],
                    eerste_keuze=p.eerste_keuze,
                    langst_wachtend=langst is not None and p.id == langst.id,
                    aanmelddatum=kandidaten[p.kandidaat_id].aanmelddatum,
                    wachttijd_dagen=(today - kandidaten[p.kandidaat_id].aanmelddatum).days,
                    uitleg=PlekUitleg.model_validate(p.uitleg),
                    reden=p.reden,
                    positiehistorie=[Positiewissel.model_validate(w) for w in p.positiehistorie],
                )
                for p in plekken
            ],
        )
    woning = session.get(Woning, vd.woning_id)
    assert woning is not None
    w = woning_input(woning)
    try:
        context: matching.Context | None = regio_van(session).context(today)
    except GrenzenOntbreken:  # MATCH-E4 cannot be judged: shown as unknown
        context = None
    prefs = voorkeuren(session, list(kandidaten))
    result = []
    for p in plekken:
        if p.status not in PLEKKEN_VOOR_CORPORATIE:
            continue
        k = kandidaten[p.kandidaat_id]
        ki = kandidaat_input(k, prefs[k.id])
        contact = None
        if p.status == PlekStatus.gekozen:
            contact = Contactgegevens(
                naam=f"{k.voornaam} {k.achternaam}",
                casushouder_organisatie=k.casushouder_organisatie,
                casushouder_naam=k.casushouder_naam,
                casushouder_telefoon=k.casushouder_telefoon,
                casushouder_email=k.casushouder_email,
            )
        result.append(
            PlekBeperkt(
                id=p.id,
                positie=p.positie,
                status=PlekStatus(p.status),
                pseudoniem=pseudoniem(secret, vd.corporatie_id, k.id),
                huishoudgrootte=k.volwassenen + k.kinderen,
                wachttijd_dagen=(today - k.aanmelddatum).days,
                eerste_keuze=p.eerste_keuze,
                langst_wachtend=langst is not None and p.id == langst.id,
                huur_passend=(
                    matching.regel_e4_betaalbaar(ki, w, context).geschikt if context else None
                ),
                toegankelijkheid_past=(
                    matching.regel_e5_toegankelijk(ki, w, context).geschikt if context else None
                ),
                toegankelijkheidsbehoeften=behoeften(k),
                begeleiding_door=namen[k.zorgaanbieder_id],
                contact=contact,
            )
        )
    return VoordrachtBeperkt(**_basis(vd), plekken=result)
