"""ZOU-M1: placements made outside woonroute, the monthly placement report per corporatie, and
the regional figures.

Choices, documented here and in the README:
- The monthly report lists every plaatsing with a contract date in the month at the corporatie
  (also one that ended later), plus what the corporatie reported as extern. It names no
  kandidaat: the region needs counts, not identities.
- The route of a woonroute placement follows its aanbieding: from a voordracht it is
  omgekeerde plaatsing, from a maatwerktraject maatwerk. An externe plaatsing is maatwerk done
  elsewhere (the model's own definition).
- The regional figures hold counts, medians and shares only. The waiting-time distribution is a
  snapshot today of the kandidaten waiting (status wachtend or aangeboden); the other figures
  cover the placements and declines of the chosen year.
"""

from __future__ import annotations

import math
import re
import uuid
from collections import Counter
from collections import defaultdict
from collections.abc import Callable
from collections.abc import Hashable
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from typing import Any
from typing import TypeVar

from fastapi import Response
from sqlalchemy import Engine
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import func
from sqlmodel import select

from service import audit
from service.auth import Actor
from service.bestanden.lezen import Tabel
from service.bestanden.schrijven import export
from service.clock import NL
from service.clock import plus_maanden
from service.clock import vandaag
from service.contingenten.actions import leveringen
from service.errors import Conflict
from service.errors import NietGevonden
from service.errors import OngeldigeInvoer
from service.errors import Veldfout
from service.grenzen import Bestandsgrenzen
from service.models import Aanbieding
from service.models import AanbiedingStatus
from service.models import Afwijsreden
from service.models import ExternePlaatsing
from service.models import Gemeentevoorkeur
from service.models import Kandidaat
from service.models import KandidaatRoute
from service.models import KandidaatStatus
from service.models import Organisatie
from service.models import OrganisatieSoort
from service.models import Plaatsing
from service.models import Woning
from service.plaatsingen.actions import sluit_kandidaat_af
from service.queries import organisatie_namen as _namen
from service.queries import page
from service.queries import zonder_index
from service.rapportages import upload
from service.rapportages.schemas import AfwijzingCijfers
from service.rapportages.schemas import Afwijzingen
from service.rapportages.schemas import Bron
from service.rapportages.schemas import Doorlooptijd
from service.rapportages.schemas import DoorlooptijdCijfers
from service.rapportages.schemas import EersteKeuze
from service.rapportages.schemas import EersteKeuzeCijfers
from service.rapportages.schemas import ExternePlaatsingInvoer
from service.rapportages.schemas import ExternePlaatsingUit
from service.rapportages.schemas import Klasse
from service.rapportages.schemas import MaandrapportageRij
from service.rapportages.schemas import MaandrapportageUit
from service.rapportages.schemas import PlaatsingenPerCorporatie
from service.rapportages.schemas import RedenAantal
from service.rapportages.schemas import RegiocijfersUit
from service.rapportages.schemas import Wachttijd
from service.rapportages.schemas import WachttijdCijfers
from service.rapportages.upload import Rij
from service.regio import Regio

ALLE_CORPORATIES = "Alle corporaties"
#: Waiting-time classes in whole months since registration: [van, tot).
KLASSEN: tuple[tuple[str, int, int | None], ...] = (
    ("0-3", 0, 3),
    ("3-6", 3, 6),
    ("6-12", 6, 12),
    ("12-24", 12, 24),
    ("24+", 24, None),
)


def _tussen(kolom: Any, van: date, tot: date) -> tuple[Any, Any]:
    """The conditions of a date column in [van, tot): a month or a year."""
    return col(kolom) >= van, col(kolom) < tot


def _is_corporatie(actor: Actor) -> bool:
    return actor.soort == OrganisatieSoort.corporatie


# --- externe plaatsingen ----------------------------------------------------------------------


def public_extern(e: ExternePlaatsing, namen: dict[uuid.UUID, str]) -> ExternePlaatsingUit:
    return ExternePlaatsingUit(
        corporatie=namen.get(e.corporatie_id, "onbekend"),
        zorgaanbieder=namen.get(e.zorgaanbieder_id) if e.zorgaanbieder_id else None,
        **e.model_dump(),
    )


def zorgaanbieders(session: Session) -> dict[str, uuid.UUID]:
    """Lower-case code and name of every zorgaanbieder → its id (for the upload)."""
    result: dict[str, uuid.UUID] = {}
    for org in session.exec(
        select(Organisatie).where(Organisatie.soort == OrganisatieSoort.zorgaanbieder)
    ).all():
        result[org.naam.lower()] = org.id
        result[org.code.lower()] = org.id
    return result


#: Statuses of a kandidaat who is still on the waiting list (may be placed from outside).
OP_DE_LIJST = (KandidaatStatus.wachtend, KandidaatStatus.gepauzeerd, KandidaatStatus.aangeboden)


@dataclass(frozen=True)
class _Melding:
    """One reported placement and the names of its fields in an error (API or file row)."""

    rij: Rij
    veld_kandidaat: str
    veld_zorgaanbieder: str


def _bestandsmeldingen(rijen: list[Rij]) -> list[_Melding]:
    return [
        _Melding(r, f"rij {r.rij}, kolom kandidaat", f"rij {r.rij}, kolom zorgaanbieder")
        for r in rijen
    ]


def controleer_bestand(
    read_engine: Engine, regio: Regio, tabel: Tabel, grenzen: Bestandsgrenzen
) -> list[Rij]:
    """Check a read file of externe plaatsingen before the write transaction begins: every
    cell, and the kandidaten it names (one 400 with every problem)."""
    with Session(read_engine) as lees:
        return upload.controleer(
            tabel, regio, zorgaanbieders(lees), grenzen, lambda rijen: kandidaatfouten(lees, rijen)
        )


def kandidaatfouten(session: Session, rijen: list[Rij]) -> list[Veldfout]:
    """The problems with the kandidaten a file names, read before the write (the write checks
    again under lock)."""
    fouten: list[Veldfout] = []
    _controleer_kandidaten(session, _bestandsmeldingen(rijen), fouten, lock=False)
    return fouten


def _controleer_kandidaten(
    session: Session, meldingen: list[_Melding], fouten: list[Veldfout], *, lock: bool = True
) -> tuple[dict[uuid.UUID, Kandidaat], list[str]]:
    """The named kandidaten, locked (same order as a choice: the kandidaat first); field errors
    for unknown ones, a wrong zorgaanbieder and doubles, and the plain reasons why a kandidaat
    is no longer on the list (a 409 for one placement, a row error in a file)."""
    ids = [m.rij.kandidaat_id for m in meldingen if m.rij.kandidaat_id is not None]
    if not ids:
        return {}, []
    query = select(Kandidaat).where(col(Kandidaat.id).in_(ids))
    kandidaten = {k.id: k for k in session.exec(query.with_for_update() if lock else query).all()}
    van_de_lijst: list[str] = []
    gezien: set[uuid.UUID] = set()
    for m in meldingen:
        kid = m.rij.kandidaat_id
        if kid is None:
            continue
        k = kandidaten.get(kid)
        if k is None:
            fouten.append(
                Veldfout(m.veld_kandidaat, "Deze kandidaat kennen we niet. Kijk het nummer na.")
            )
        elif kid in gezien:
            fouten.append(Veldfout(m.veld_kandidaat, "Deze kandidaat staat al in een andere rij."))
        elif k.status not in OP_DE_LIJST:
            reden = f"Deze kandidaat staat niet meer op de wachtlijst (status {k.status})."
            van_de_lijst.append(reden)
            fouten.append(Veldfout(m.veld_kandidaat, reden))
        elif m.rij.zorgaanbieder_id not in (None, k.zorgaanbieder_id):
            fouten.append(
                Veldfout(
                    m.veld_zorgaanbieder,
                    "Deze zorgaanbieder begeleidt deze kandidaat niet. Laat de zorgaanbieder "
                    "leeg: woonroute neemt die van de kandidaat.",
                )
            )
        gezien.add(kid)
    return kandidaten, van_de_lijst


def _meld(
    session: Session,
    meldingen: list[_Melding],
    *,
    by: Actor,
    enkel: bool,
    fouten: list[Veldfout] | None = None,
) -> list[ExternePlaatsing]:
    """Write the reported placements; a named kandidaat is placed with the closing of every
    plaatsing (``sluit_kandidaat_af``). Nothing is written when one of them is refused."""
    fouten = fouten or []
    kandidaten, van_de_lijst = _controleer_kandidaten(session, meldingen, fouten)
    if enkel and van_de_lijst and len(fouten) == 1:
        raise Conflict(van_de_lijst[0] + " Meld de plaatsing zonder kandidaat.")
    if fouten:
        raise OngeldigeInvoer("De plaatsing kan zo niet worden gemeld.", fouten)
    nieuw: list[ExternePlaatsing] = []
    for m in meldingen:
        r = m.rij
        k = kandidaten.get(r.kandidaat_id) if r.kandidaat_id else None
        e = ExternePlaatsing(
            corporatie_id=by.organisatie_id,
            zorgaanbieder_id=k.zorgaanbieder_id if k else r.zorgaanbieder_id,
            kandidaat_id=r.kandidaat_id,
            gemeente=r.gemeente,
            contractdatum=r.contractdatum,
            contractvorm=r.contractvorm,
            binnen_contingent=r.binnen_contingent,
            omschrijving=r.omschrijving,
        )
        session.add(e)
        nieuw.append(e)
        if k is not None:
            voor = audit.snapshot(k)
            sluit_kandidaat_af(
                session,
                k,
                by=by,
                aanbieding=None,
                reden="De kandidaat is buiten woonroute geplaatst.",
            )
            audit.record(
                session,
                by,
                "kandidaat-extern-geplaatst",
                "kandidaat",
                k.id,
                voor=voor,
                na=audit.snapshot(k),
                toelichting="Plaatsing buiten woonroute gemeld door de corporatie (ZOU-M1).",
            )
    session.flush()
    return nieuw


def create_extern(
    session: Session, *, data: ExternePlaatsingInvoer, by: Actor
) -> ExternePlaatsingUit:
    fouten = []
    if data.zorgaanbieder_id is not None:
        org = session.get(Organisatie, data.zorgaanbieder_id)
        if org is None or org.soort != OrganisatieSoort.zorgaanbieder:
            fouten.append(Veldfout("zorgaanbiederId", "Dit is geen zorgaanbieder."))
    if data.contractdatum > plus_maanden(vandaag(), 3):
        fouten.append(Veldfout("contractdatum", "Vul de datum van het getekende contract in."))
    rij = Rij(
        rij=1,
        gemeente=data.gemeente,
        contractdatum=data.contractdatum,
        contractvorm=data.contractvorm.value,
        zorgaanbieder_id=data.zorgaanbieder_id,
        binnen_contingent=data.binnen_contingent,
        omschrijving=data.omschrijving,
        kandidaat_id=data.kandidaat_id,
    )
    (e,) = _meld(
        session,
        [_Melding(rij, "kandidaatId", "zorgaanbiederId")],
        by=by,
        enkel=True,
        fouten=fouten,
    )
    audit.record(
        session, by, "externe-plaatsing-gemeld", "externe_plaatsing", e.id, na=audit.snapshot(e)
    )
    return public_extern(e, _namen(session))


def upload_extern(
    session: Session, *, rijen: list[Rij], bestandsnaam: str | None, by: Actor
) -> list[ExternePlaatsingUit]:
    """A checked file: every row in this one transaction, one audit event for the file."""
    nieuw = _meld(session, _bestandsmeldingen(rijen), by=by, enkel=False)
    audit.record(
        session,
        by,
        "externe-plaatsingen-geupload",
        "organisatie",
        by.organisatie_id,
        na={
            "bestand": bestandsnaam,
            "aantal": len(nieuw),
            "ids": [str(e.id) for e in nieuw],
        },
        toelichting=f"{len(nieuw)} plaatsingen buiten woonroute uit {bestandsnaam or 'een bestand'}.",
    )
    namen = _namen(session)
    return [public_extern(e, namen) for e in nieuw]


def list_extern(
    session: Session,
    actor: Actor,
    *,
    jaar: int | None,
    corporatie_id: uuid.UUID | None,
    offset: int,
    limit: int,
) -> tuple[list[ExternePlaatsingUit], int]:
    query = select(ExternePlaatsing)
    if _is_corporatie(actor):
        query = query.where(ExternePlaatsing.corporatie_id == actor.organisatie_id)
    if corporatie_id is not None:
        query = query.where(ExternePlaatsing.corporatie_id == corporatie_id)
    if jaar is not None:
        query = query.where(
            *_tussen(ExternePlaatsing.contractdatum, date(jaar, 1, 1), date(jaar + 1, 1, 1))
        )
    rows, totaal = page(
        session,
        query,
        col(ExternePlaatsing.contractdatum).desc(),
        ExternePlaatsing.id,
        offset=offset,
        limit=limit,
    )
    namen = _namen(session)
    return [public_extern(e, namen) for e in rows], totaal


# --- maandrapportage --------------------------------------------------------------------------


def _corporatie_voor(
    session: Session, actor: Actor, corporatie_id: uuid.UUID | None
) -> Organisatie | None:
    """The corporatie the report is about; None means all (bemiddelaar, regiobeheer)."""
    if _is_corporatie(actor):
        if corporatie_id is not None and corporatie_id != actor.organisatie_id:
            # Foreign and unknown look the same.
            raise NietGevonden("Deze corporatie bestaat niet, of u mag haar rapportage niet zien.")
        corporatie_id = actor.organisatie_id
    if corporatie_id is None:
        return None
    org = session.get(Organisatie, corporatie_id)
    if org is None or org.soort != OrganisatieSoort.corporatie:
        raise NietGevonden("Deze corporatie bestaat niet.")
    return org


def maandrapportage(
    session: Session, actor: Actor, *, jaar: int, maand: int, corporatie_id: uuid.UUID | None
) -> MaandrapportageUit:
    corp = _corporatie_voor(session, actor, corporatie_id)
    van = date(jaar, maand, 1)
    tot = plus_maanden(van, 1)
    namen = _namen(session)
    woonroute = (
        select(  # type: ignore[call-overload]  # seven columns: past sqlmodel's overloads
            Plaatsing.corporatie_id,
            Plaatsing.contractdatum,
            Woning.gemeente,
            Plaatsing.zorgaanbieder_id,
            Aanbieding.maatwerktraject_id,
            Plaatsing.contractvorm,
            Plaatsing.binnen_contingent,
        )
        .join(Woning, Woning.id == Plaatsing.woning_id)
        .join(Aanbieding, Aanbieding.id == Plaatsing.aanbieding_id)
        .where(*_tussen(Plaatsing.contractdatum, van, tot))
    )
    extern = select(ExternePlaatsing).where(*_tussen(ExternePlaatsing.contractdatum, van, tot))
    if corp is not None:
        woonroute = woonroute.where(Plaatsing.corporatie_id == corp.id)
        extern = extern.where(ExternePlaatsing.corporatie_id == corp.id)
    rijen = [
        MaandrapportageRij(
            corporatie=namen[corp_id],
            contractdatum=datum,
            gemeente=gemeente,
            zorgaanbieder=namen.get(zorg),
            route=(
                KandidaatRoute.maatwerk if traject else KandidaatRoute.omgekeerde_plaatsing
            ).value,
            contractvorm=vorm,
            binnen_contingent=binnen,
            bron=Bron.woonroute,
        )
        for corp_id, datum, gemeente, zorg, traject, vorm, binnen in session.exec(woonroute).all()
    ]
    rijen += [
        MaandrapportageRij(
            corporatie=namen[e.corporatie_id],
            contractdatum=e.contractdatum,
            gemeente=e.gemeente,
            zorgaanbieder=namen.get(e.zorgaanbieder_id) if e.zorgaanbieder_id else None,
            route=KandidaatRoute.maatwerk.value,
            contractvorm=e.contractvorm,
            binnen_contingent=e.binnen_contingent,
            bron=Bron.extern,
        )
        for e in session.exec(extern).all()
    ]
    rijen.sort(key=lambda r: (r.contractdatum, r.corporatie, r.bron, r.gemeente))
    return MaandrapportageUit(
        corporatie_id=corp.id if corp else None,
        corporatie=corp.naam if corp else ALLE_CORPORATIES,
        jaar=jaar,
        maand=maand,
        aantal=len(rijen),
        rijen=rijen,
    )


#: Internal key → Dutch column name of the CSV/XLSX export.
MAAND_KOLOMMEN = {
    "corporatie": "Corporatie",
    "contractdatum": "Contractdatum",
    "gemeente": "Gemeente",
    "zorgaanbieder": "Zorgaanbieder",
    "route": "Route",
    "contractvorm": "Contractvorm",
    "binnen_contingent": "Binnen contingent",
    "bron": "Bron",
}


def export_rijen(rapport: MaandrapportageUit) -> list[dict[str, Any]]:
    return [
        {
            **r.model_dump(),
            "bron": r.bron.value,
            "binnen_contingent": "ja" if r.binnen_contingent else "nee",
        }
        for r in rapport.rijen
    ]


# --- regiocijfers -----------------------------------------------------------------------------

K = TypeVar("K", bound=Hashable)


def percentiel(waarden: list[int], q: float) -> float | None:
    """The q-th quantile with linear interpolation between the ordered values (PERCENTIEL.INC)."""
    if not waarden:
        return None
    s = sorted(waarden)
    pos = (len(s) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return round(s[lo] + (s[hi] - s[lo]) * (pos - lo), 1)


def hele_maanden(van: date, tot: date) -> int:
    maanden = (tot.year - van.year) * 12 + tot.month - van.month
    return maanden - 1 if tot.day < van.day else maanden


def klasse(maanden: int) -> str:
    for naam, van, tot in KLASSEN:
        if maanden >= van and (tot is None or maanden < tot):
            return naam
    return KLASSEN[0][0]  # a registration date in the future: counts as just registered


def _groepen(items: Iterable[Any], sleutel: Callable[[Any], K | None]) -> dict[K, list[Any]]:
    out: dict[K, list[Any]] = defaultdict(list)
    for item in items:
        k = sleutel(item)
        if k is not None:
            out[k].append(item)
    return out


def _wachttijd(naam: str, tellingen: list[tuple[int, int]]) -> Wachttijd:
    """The waiting-time classes from (whole months waited, number of kandidaten) pairs."""
    tel: Counter[str] = Counter()
    for maanden, aantal in tellingen:
        tel[klasse(maanden)] += aantal
    return Wachttijd(
        naam=naam,
        aantal=sum(tel.values()),
        verdeling=[Klasse(klasse=k, aantal=tel[k]) for k, _, _ in KLASSEN],
    )


def _doorlooptijd(naam: str, dagen: list[int]) -> Doorlooptijd:
    return Doorlooptijd(
        naam=naam,
        aantal=len(dagen),
        mediaan_dagen=percentiel(dagen, 0.5),
        p90_dagen=percentiel(dagen, 0.9),
    )


def _eerste_keuze(naam: str, treffers: list[bool]) -> EersteKeuze:
    n, raak = len(treffers), sum(treffers)
    return EersteKeuze(
        naam=naam, aantal=n, in_eerste_keuze=raak, aandeel=round(raak / n, 3) if n else None
    )


def _afwijzingen(naam: str, redenen: Sequence[str | None]) -> Afwijzingen:
    tel = Counter(redenen)
    return Afwijzingen(
        naam=naam,
        aantal=len(redenen),
        per_reden=[RedenAantal(reden=r.value, aantal=tel[r.value]) for r in Afwijsreden],
    )


def _per(
    rows: Sequence[Any],
    sleutel: Callable[[Any], Any],
    naam: Callable[[Any], str],
    maak: Callable[[str, list[Any]], Any],
    waarde: Callable[[Any], Any],
) -> list[Any]:
    groepen = _groepen(rows, sleutel)
    return sorted(
        (maak(naam(k), [waarde(r) for r in v]) for k, v in groepen.items()),
        key=lambda x: x.naam,
    )


@dataclass(frozen=True)
class _Namen:
    """How a group is named in the figures: an organisation by its name, a gemeente as is."""

    organisaties: dict[uuid.UUID, str]

    def org(self, k: Any) -> str:
        return self.organisaties.get(k, "onbekend")

    @staticmethod
    def zelf(k: Any) -> str:
        return str(k)


def regiocijfers(session: Session, actor: Actor, *, jaar: int) -> RegiocijfersUit:
    namen = _Namen(_namen(session))
    peildatum = vandaag()
    van, tot = date(jaar, 1, 1), date(jaar + 1, 1, 1)
    tijd, eerste = _plaatsingscijfers(session, namen, van, tot)
    return RegiocijfersUit(
        jaar=jaar,
        peildatum=peildatum,
        wachttijd=_wachttijdcijfers(session, namen, peildatum),
        tijd_tot_plaatsing=tijd,
        eerste_keuze=eerste,
        afwijzingen=_afwijzingcijfers(session, namen, van, tot),
        plaatsingen=_plaatsingen_per_corporatie(session, namen, van, tot),
        contingent_levering=leveringen(session, actor, jaar=jaar),
    )


def _wachttijdcijfers(session: Session, namen: _Namen, peildatum: date) -> WachttijdCijfers:
    """Waiting kandidaten, counted in SQL per registration date, zorgaanbieder and first-choice
    gemeente (one scan): the classes depend on the date only."""
    geteld = session.exec(
        select(  # type: ignore[call-overload]  # four columns with a count
            Kandidaat.aanmelddatum,
            Kandidaat.zorgaanbieder_id,
            Gemeentevoorkeur.gemeente,
            func.count(),
        )
        .outerjoin(
            Gemeentevoorkeur,
            (Gemeentevoorkeur.kandidaat_id == Kandidaat.id) & (Gemeentevoorkeur.rangklasse == 0),
        )
        .where(col(Kandidaat.status).in_((KandidaatStatus.wachtend, KandidaatStatus.aangeboden)))
        .group_by(
            zonder_index(Kandidaat.aanmelddatum),
            zonder_index(Kandidaat.zorgaanbieder_id),
            Gemeentevoorkeur.gemeente,
        )
    ).all()
    w = [(hele_maanden(a, peildatum), z, g, n) for a, z, g, n in geteld]
    return WachttijdCijfers(
        totaal=_wachttijd("totaal", [(m, n) for m, _, _, n in w]),
        per_zorgaanbieder=_per(w, lambda r: r[1], namen.org, _wachttijd, lambda r: (r[0], r[3])),
        per_gemeente=_per(w, lambda r: r[2], namen.zelf, _wachttijd, lambda r: (r[0], r[3])),
    )


def _plaatsingscijfers(
    session: Session, namen: _Namen, van: date, tot: date
) -> tuple[DoorlooptijdCijfers, EersteKeuzeCijfers]:
    """Placements of the year: days from registration to contract, first choice or not."""
    geplaatst = session.exec(
        select(  # type: ignore[call-overload]  # six columns: past sqlmodel's overloads
            Plaatsing.contractdatum,
            Kandidaat.aanmelddatum,
            Plaatsing.zorgaanbieder_id,
            Plaatsing.corporatie_id,
            Woning.gemeente,
            Gemeentevoorkeur.gemeente,
        )
        .join(Kandidaat, Kandidaat.id == Plaatsing.kandidaat_id)
        .join(Woning, Woning.id == Plaatsing.woning_id)
        .outerjoin(
            Gemeentevoorkeur,
            (Gemeentevoorkeur.kandidaat_id == Plaatsing.kandidaat_id)
            & (Gemeentevoorkeur.rangklasse == 0),
        )
        .where(*_tussen(Plaatsing.contractdatum, van, tot))
    ).all()
    p = [((c - a).days, z, corp, g, g == eerste) for c, a, z, corp, g, eerste in geplaatst]
    tijd = DoorlooptijdCijfers(
        totaal=_doorlooptijd("totaal", [r[0] for r in p]),
        per_zorgaanbieder=_per(p, lambda r: r[1], namen.org, _doorlooptijd, lambda r: r[0]),
        per_gemeente=_per(p, lambda r: r[3], namen.zelf, _doorlooptijd, lambda r: r[0]),
        per_corporatie=_per(p, lambda r: r[2], namen.org, _doorlooptijd, lambda r: r[0]),
    )
    eerste = EersteKeuzeCijfers(
        totaal=_eerste_keuze("totaal", [r[4] for r in p]),
        per_zorgaanbieder=_per(p, lambda r: r[1], namen.org, _eerste_keuze, lambda r: r[4]),
        per_gemeente=_per(p, lambda r: r[3], namen.zelf, _eerste_keuze, lambda r: r[4]),
        per_corporatie=_per(p, lambda r: r[2], namen.org, _eerste_keuze, lambda r: r[4]),
    )
    return tijd, eerste


def _afwijzingcijfers(session: Session, namen: _Namen, van: date, tot: date) -> AfwijzingCijfers:
    """Declines answered in the year (Dutch calendar year), by structured reason."""
    begin = datetime.combine(van, time.min, tzinfo=NL)
    einde = datetime.combine(tot, time.min, tzinfo=NL)
    afgewezen = session.exec(
        select(
            Aanbieding.afwijsreden,
            Aanbieding.zorgaanbieder_id,
            Aanbieding.corporatie_id,
            Woning.gemeente,
        )
        .join(Woning, col(Woning.id) == col(Aanbieding.woning_id))
        .where(
            Aanbieding.status == AanbiedingStatus.afgewezen,
            col(Aanbieding.afwijsreden).is_not(None),
            col(Aanbieding.beantwoord_op) >= begin,
            col(Aanbieding.beantwoord_op) < einde,
        )
    ).all()
    return AfwijzingCijfers(
        totaal=_afwijzingen("totaal", [r[0] for r in afgewezen]),
        per_zorgaanbieder=_per(afgewezen, lambda r: r[1], namen.org, _afwijzingen, lambda r: r[0]),
        per_corporatie=_per(afgewezen, lambda r: r[2], namen.org, _afwijzingen, lambda r: r[0]),
        per_gemeente=_per(afgewezen, lambda r: r[3], namen.zelf, _afwijzingen, lambda r: r[0]),
    )


def _plaatsingen_per_corporatie(
    session: Session, namen: _Namen, van: date, tot: date
) -> list[PlaatsingenPerCorporatie]:
    """Placements per corporatie, through woonroute and reported as extern (SQL counts)."""
    via_woonroute = dict(
        session.exec(
            select(Plaatsing.corporatie_id, func.count())
            .where(*_tussen(Plaatsing.contractdatum, van, tot))
            .group_by(col(Plaatsing.corporatie_id))
        ).all()
    )
    via_extern = dict(
        session.exec(
            select(ExternePlaatsing.corporatie_id, func.count())
            .where(*_tussen(ExternePlaatsing.contractdatum, van, tot))
            .group_by(col(ExternePlaatsing.corporatie_id))
        ).all()
    )
    return sorted(
        (
            PlaatsingenPerCorporatie(
                naam=namen.org(c),
                woonroute=int(via_woonroute.get(c, 0)),
                extern=int(via_extern.get(c, 0)),
                totaal=int(via_woonroute.get(c, 0)) + int(via_extern.get(c, 0)),
            )
            for c in set(via_woonroute) | set(via_extern)
        ),
        key=lambda x: x.naam,
    )


def export_maandrapportage(rapport: MaandrapportageUit, *, formaat: str) -> Response:
    """The monthly report as a CSV or XLSX download (API and web page alike)."""
    wie = re.sub(r"[^a-z0-9]+", "-", rapport.corporatie.lower()).strip("-")
    periode = f"{rapport.jaar}-{rapport.maand:02d}"
    return export(
        export_rijen(rapport),
        MAAND_KOLOMMEN,
        formaat=formaat,
        bestandsnaam=f"maandrapportage-{wie}-{periode}",
        blad=f"Plaatsingen {periode}",
    )
