"""Use cases of the policy lab: run a proposal, store it, read it back (JSON, XLSX)."""

from __future__ import annotations

import time
import uuid
from dataclasses import replace
from decimal import Decimal
from typing import Any

from fastapi import Response
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from matching.replay import Beleid
from matching.replay import Voordrachtmoment
from matching.replay import speel_na
from matching.replay import vergelijk
from matching.replay import verschuif
from service import audit
from service.auth import Actor
from service.beleidslab.geschiedenis import lees
from service.beleidslab.schemas import BeleidsproefInvoer
from service.beleidslab.schemas import BeleidsproefKort
from service.beleidslab.schemas import BeleidsproefUit
from service.beleidslab.termijnen import Termijnvoorstel
from service.beleidslab.termijnen import andere_einden
from service.bestanden.schrijven import frame
from service.bestanden.schrijven import respond
from service.clock import datum_van
from service.clock import vandaag
from service.contingenten.actions import sleutel_naast
from service.errors import NietGevonden
from service.errors import OngeldigeInvoer
from service.models import Beleidsproef
from service.queries import page
from service.regio import Regio


def _grenzen(regio: Regio, data: BeleidsproefInvoer) -> dict[int, Any]:
    wijziging = data.inkomensgrenzen.model_dump(exclude_none=True) if data.inkomensgrenzen else {}
    uit = {}
    for g in regio.inkomensgrenzen:
        grenzen = g.als_grenzen()
        waarden: dict[str, Any] = {
            k: Decimal(str(v)) if isinstance(getattr(grenzen, k), Decimal) else v
            for k, v in wijziging.items()
        }
        uit[g.jaar] = replace(grenzen, **waarden)
    return uit


def beleid_nu(regio: Regio) -> Beleid:
    """The region's own policy, as the replay takes it."""
    return Beleid(
        grenzen={g.jaar: g.als_grenzen() for g in regio.inkomensgrenzen},
        eerste_keuze=regio.matching.eerste_keuze,
        max_voorsprong_maanden=regio.matching.max_voorsprong_maanden,
        kamers_per_huishouden=regio.matching.kamers_per_huishouden,
    )


def _termijnen(regio: Regio, data: BeleidsproefInvoer) -> Termijnvoorstel | None:
    """The proposed offer deadlines, or None when the proposal keeps the region's."""
    nu = Termijnvoorstel.van(regio.termijnen)
    voorstel = Termijnvoorstel(
        data.reactietermijn_dagen or nu.reactietermijn_dagen,
        data.acceptatietermijn_dagen or nu.acceptatietermijn_dagen,
        nu.werkdagen if data.werkdagen is None else data.werkdagen,
    )
    return None if voorstel == nu else voorstel


def _jaren(data: BeleidsproefInvoer, gebeurtenissen: list[Any]) -> range:
    dagen = [g.peildatum for g in gebeurtenissen if isinstance(g, Voordrachtmoment)]
    van = data.van or min(dagen, default=vandaag())
    tot = data.tot or vandaag()
    return range(van.year, tot.year + 1)


def run(session: Session, *, data: BeleidsproefInvoer, by: Actor, regio: Regio) -> Beleidsproef:
    try:
        voorstel = Beleid(
            grenzen=_grenzen(regio, data),
            eerste_keuze=data.eerste_keuze.value,
            max_voorsprong_maanden=data.max_voorsprong_maanden,
            aantal=data.kandidaten_per_voordracht,
            kamers_per_huishouden=(
                regio.matching.kamers_per_huishouden
                if data.kamers_per_huishouden is None
                else tuple(data.kamers_per_huishouden)
            ),
        )
    except ValueError as exc:
        raise OngeldigeInvoer(str(exc)) from exc
    start = time.perf_counter()
    geschiedenis = lees(session, regio, van=data.van, tot=data.tot)
    contingentfiguren = (
        sleutel_naast(session, data.verdeelsleutel, _jaren(data, geschiedenis.gebeurtenissen))
        if data.verdeelsleutel
        else None
    )
    nu = speel_na(beleid_nu(regio), geschiedenis.gebeurtenissen)
    termijnen = _termijnen(regio, data)
    gebeurtenissen = geschiedenis.gebeurtenissen
    termijnfiguren = None
    if termijnen is not None:
        einden, termijnfiguren = andere_einden(
            session, Termijnvoorstel.van(regio.termijnen), termijnen
        )
        gebeurtenissen = verschuif(gebeurtenissen, einden, datum_van)
    anders = speel_na(voorstel, gebeurtenissen)
    resultaten = vergelijk(
        nu,
        anders,
        aanmelddatum=geschiedenis.aanmelddatum,
        zorgaanbieder=geschiedenis.zorgaanbieder,
        afwijzingen=geschiedenis.afwijzingen,
    )
    resultaten["nagespeeldZoalsHetGing"] = sum(1 for h in nu if h.kandidaten == h.moment.werkelijk)
    resultaten["weggelaten"] = geschiedenis.weggelaten
    if termijnfiguren is not None:
        resultaten["termijnen"] = termijnfiguren
    if contingentfiguren is not None:
        resultaten["contingent"] = contingentfiguren
    resultaten["rekentijdSeconden"] = round(time.perf_counter() - start, 3)
    row = Beleidsproef(
        organisatie_id=by.organisatie_id,
        naam=data.naam,
        beleid=data.model_dump(mode="json", by_alias=True),
        resultaten=resultaten,
    )
    session.add(row)
    session.flush()
    audit.record(session, by, "beleidsproef-gedaan", "beleidsproef", row.id, toelichting=data.naam)
    return row


def public(row: Beleidsproef) -> BeleidsproefUit:
    return BeleidsproefUit.model_validate(row, from_attributes=True)


def get_proef(session: Session, proef_id: uuid.UUID) -> Beleidsproef:
    row = session.get(Beleidsproef, proef_id)
    if row is None:
        raise NietGevonden("Deze beleidsproef bestaat niet.")
    return row


def list_proeven(
    session: Session, *, offset: int, limit: int
) -> tuple[list[BeleidsproefKort], int]:
    rows, totaal = page(
        session,
        select(Beleidsproef),
        col(Beleidsproef.aangemaakt_op).desc(),
        col(Beleidsproef.id),
        offset=offset,
        limit=limit,
    )
    return [BeleidsproefKort.model_validate(r, from_attributes=True) for r in rows], totaal


KOLOMMEN = {
    "indeling": "Indeling",
    "groep": "Groep",
    "kant": "Beleid",
    "aantal": "Voorgedragen kandidaten",
    "mediaan": "Wachttijd tot voordracht, mediaan (dagen)",
    "p90": "Wachttijd tot voordracht, p90 (dagen)",
    "eerste": "Aandeel eerste keuze",
    "afwijzingen": "Afwijzingen",
}


def rijen(resultaten: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures as flat rows (for XLSX and the page's tables); suppressed groups stay empty."""
    uit = []
    for indeling, groepen in resultaten["groepen"].items():
        for groep, kanten in groepen.items():
            for kant, f in kanten.items():
                uit.append(
                    {
                        "indeling": indeling,
                        "groep": groep,
                        "kant": "zoals nu" if kant == "nu" else "voorstel",
                        "aantal": f.get("aantal"),
                        "mediaan": f.get("wachttijdMediaanDagen"),
                        "p90": f.get("wachttijdP90Dagen"),
                        "eerste": f.get("aandeelEersteKeuze"),
                        "afwijzingen": f.get("afwijzingen"),
                    }
                )
    return uit


def export(row: Beleidsproef, formaat: str) -> Response:
    """The figures as CSV or XLSX, one row per group and side."""
    return respond(
        frame(rijen(row.resultaten), KOLOMMEN),
        formaat=formaat,
        bestandsnaam=f"beleidsproef-{row.id}",
        blad="Beleidsproef",
    )
