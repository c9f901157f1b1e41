"""ZOU-P4: the ready notification to the gemeente and the sociaal wijkteam, printable and PDF."""

from __future__ import annotations

from sqlmodel import Session

from service.clock import vandaag
from service.formulieren import afdruk
from service.models import Kandidaat
from service.models import Organisatie
from service.models import Plaatsing
from service.models import Woning
from service.regio import regio_van


def kennisgevingsbrief(session: Session, p: Plaatsing, *, voor_pdf: bool = False) -> str:
    k = session.get(Kandidaat, p.kandidaat_id)
    w = session.get(Woning, p.woning_id)
    corporatie = session.get(Organisatie, p.corporatie_id)
    assert k is not None and w is not None and corporatie is not None
    regio = regio_van(session)
    return afdruk.kennisgeving_html(
        voor_pdf=voor_pdf,
        vandaag=vandaag(),
        client=f"{k.voornaam} {k.achternaam}",
        geboortedatum=k.geboortedatum,
        adres=f"{w.straat} {w.huisnummer}, {w.postcode} {w.plaats}",
        gemeente=w.gemeente,
        contractdatum=p.contractdatum,
        corporatie=corporatie.naam,
        begeleider=p.begeleider_naam,
        casushouder=p.casushouder_naam,
        beschikbaar_tot=p.beschikbaar_tot,
        ontvangers=regio.contacten_voor(gemeente=w.gemeente),
    )
