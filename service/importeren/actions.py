"""Importing a waiting list: validate every row as ``POST /v1/kandidaten`` would, then write
all kandidaten in the caller's transaction, or nothing at all.

Each row goes through ``KandidaatInvoer`` (the API's own model and validators: gemeenten of
the region, dates, bounds), plus the checks only a file needs: the zorgaanbieder column, the
same kandidaat twice in the file, a kandidaat already on the list. Every problem is
collected, by row and column, before anything is decided.

The rows are written with SQLAlchemy Core ``insert()`` executemany in chunks through the
session's connection; the values are those ``kandidaten.actions.create_kandidaat`` and
``_write_voorkeuren`` produce (same casushouder rol, route, ranking copies, ``in_pool``).
``tests/service/test_import.py`` compares both column by column.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from types import SimpleNamespace
from typing import Any
from typing import cast

from pydantic import ValidationError
from sqlalchemy import insert
from sqlalchemy import select as sa_select
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service import audit
from service import teksten
from service.auth import Actor
from service.bestanden.lezen import Celfout
from service.bestanden.lezen import Inhoud
from service.bestanden.lezen import Onleesbaar
from service.bestanden.lezen import Tabel
from service.bestanden.lezen import datum
from service.bestanden.lezen import geheel_getal
from service.bestanden.lezen import janee
from service.bestanden.lezen import kolomletter
from service.bestanden.lezen import kolomnaam
from service.bestanden.lezen import lees
from service.bestanden.lezen import zonder_kop
from service.db import snel_invoegen
from service.errors import OngeldigeInvoer
from service.errors import Veldfout
from service.errors import veldfouten
from service.grenzen import Bestandsgrenzen
from service.grenzen import eerste_problemen
from service.grenzen import te_veel_rijen
from service.importeren.schemas import ImportResultaat
from service.importeren.schemas import KandidaatVoorbeeld
from service.kandidaten.actions import CASUSHOUDER_ROL
from service.kandidaten.actions import default_route
from service.kandidaten.actions import gegevens
from service.kandidaten.actions import voorkeur_rijen
from service.kandidaten.schemas import KandidaatInvoer
from service.kandidaten.schemas import OrganisatieVerwijzing
from service.levensloop.toestanden import in_pool
from service.models import Doelgroep
from service.models import Gemeentevoorkeur
from service.models import Kandidaat
from service.models import KandidaatRoute
from service.models import KandidaatStatus
from service.models import Organisatie
from service.models import OrganisatieSoort
from service.models.types import new_id
from service.models.types import utcnow
from service.regio import regio_van

CHUNK = 5_000
VOORBEELD = 5

#: The columns of the file: name -> (required in the header, explanation, example).
KOLOMMEN: dict[str, tuple[bool, str, str]] = {
    "zorgaanbieder": (True, "Code of naam van de zorgaanbieder, bijvoorbeeld kwintes.", "kwintes"),
    "voornaam": (True, "Verplicht.", "Sanne"),
    "achternaam": (True, "Verplicht.", "de Vries"),
    "geboortedatum": (True, "JJJJ-MM-DD of DD-MM-JJJJ; leeftijd 16 tot 110 jaar.", "1994-05-17"),
    "doelgroep": (
        True,
        "Een van: " + ", ".join(d.value for d in Doelgroep) + ".",
        "beschermd-thuis",
    ),
    "aanmelddatum": (
        True,
        "Datum van aanmelding bij de bemiddelaar (begin van de wachttijd); niet in de toekomst.",
        "2025-09-01",
    ),
    "gemeentevoorkeuren": (
        True,
        "Gemeenten op volgorde van voorkeur, gescheiden door |; de eerste is de eerste keuze.",
        "Zeist|De Bilt",
    ),
    "volwassenen": (True, "Aantal volwassenen in het huishouden, 1 tot 10.", "1"),
    "kinderen": (True, "Aantal kinderen, 0 tot 15; leeg is 0.", "0"),
    "jaarinkomen": (True, "Belastbaar jaarinkomen in hele euro's, zonder punt.", "19500"),
    "rolstoel": (True, "ja of nee; leeg is nee.", "nee"),
    "trapvrij": (True, "ja of nee (kan geen trap lopen); leeg is nee.", "nee"),
    "hoogste_verdieping": (True, "Hoogste verdieping die past, 0 tot 40; leeg is geen grens.", ""),
    "minimum_kamers": (True, "Minimaal aantal kamers, 1 tot 10; leeg is 1.", "1"),
    "gereed_verklaard": (True, "ja of nee: klaar om zelfstandig te wonen (ZOU-C1).", "ja"),
    "begeleiding_akkoord": (True, "ja of nee: aanvaardt twee jaar begeleiding (ZOU-C3).", "ja"),
    "casushouder_naam": (True, "Mag leeg.", "Piet Jansen"),
    "casushouder_telefoon": (True, "Mag leeg.", "030 1234567"),
    "casushouder_email": (True, "Mag leeg.", "piet.jansen@kwintes.nl"),
    "casushouder_organisatie": (
        False,
        "Optionele kolom; leeg volgt uit de doelgroep (ZOU-T1).",
        "",
    ),
    "route": (
        False,
        "Optionele kolom: omgekeerde-plaatsing of maatwerk; leeg: maatwerk voor living-lab, "
        "anders omgekeerde plaatsing.",
        "",
    ),
}
VERPLICHT = [k for k, (verplicht, _, _) in KOLOMMEN.items() if verplicht]

#: Kandidaat columns in the order of ``Regel.waarden`` (id and the moments come at writing).
WAARDEN = (
    "zorgaanbieder_id",
    "voornaam",
    "achternaam",
    "geboortedatum",
    "doelgroep",
    "casushouder_rol",
    "casushouder_organisatie",
    "casushouder_naam",
    "casushouder_telefoon",
    "casushouder_email",
    "aanmelddatum",
    "volwassenen",
    "kinderen",
    "jaarinkomen",
    "rolstoel",
    "trapvrij",
    "hoogste_verdieping",
    "minimum_kamers",
    "gereed_verklaard",
    "begeleiding_akkoord",
    "route",
    "status",
)

NIETS_INGELEZEN = "er is niets ingelezen."
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")
_DOELGROEPEN = {d.value for d in Doelgroep}
_ROUTES = {r.value for r in KandidaatRoute}
_ACTIEF = (KandidaatStatus.wachtend, KandidaatStatus.gepauzeerd, KandidaatStatus.aangeboden)


@dataclass(slots=True)
class Regel:
    """A valid row, ready to store."""

    rij: int
    zorgaanbieder: Organisatie
    waarden: tuple[Any, ...]
    gemeenten: tuple[str, ...]
    pool: bool


@dataclass
class Fouten:
    items: list[Veldfout] = field(default_factory=list)
    rijen: set[int] = field(default_factory=set)

    def add(self, rij: int, kolom: str | None, reason: str, code: str) -> None:
        name = f"rij {rij}" if kolom is None else f"rij {rij}, kolom {kolom}"
        self.items.append(Veldfout(name, reason, code))
        self.rijen.add(rij)


def bestandsfout(fout: Onleesbaar) -> OngeldigeInvoer:
    """A file that cannot be read, as this upload words it (nothing is read in)."""
    return OngeldigeInvoer(
        f"Het bestand kan niet worden ingelezen; {NIETS_INGELEZEN}",
        [Veldfout(fout.name, fout.reden, fout.code)],
    )


# --- the header --------------------------------------------------------------------------


def kolommen(kop: list[str]) -> dict[str, int]:
    """Column name -> position; every problem with the header at once (file-level)."""
    fouten: list[Veldfout] = []
    posities: dict[str, int] = {}
    for i, ruw in enumerate(kop):
        naam = kolomnaam(ruw)
        if not naam:
            continue
        if naam in posities:
            fouten.append(
                Veldfout(
                    f"kolom {naam}",
                    f"De kolom {naam} staat er twee keer in (kolom "
                    f"{kolomletter(posities[naam])} en {kolomletter(i)}).",
                    "kolom-dubbel",
                )
            )
        elif naam not in KOLOMMEN:
            bedoeld = difflib.get_close_matches(naam, list(KOLOMMEN), n=1)
            hint = f" Bedoelt u {bedoeld[0]}?" if bedoeld else ""
            fouten.append(
                Veldfout(
                    f"kolom {ruw}",
                    f"Onbekende kolom '{ruw}' (kolom {kolomletter(i)}).{hint} Gebruik de "
                    "kolommen van het sjabloon.",
                    "kolom-onbekend",
                )
            )
        else:
            posities[naam] = i
    for naam in VERPLICHT:
        if naam not in posities and not any(f.name == f"kolom {naam}" for f in fouten):
            fouten.append(Veldfout(f"kolom {naam}", "Deze kolom ontbreekt.", "kolom-ontbreekt"))
    if fouten:
        n = len(fouten)
        raise OngeldigeInvoer(
            ("Eén kolom klopt niet" if n == 1 else f"{n} kolommen kloppen niet")
            + f"; {NIETS_INGELEZEN}",
            fouten,
        )
    return posities


# --- one row -----------------------------------------------------------------------------


Probleem = tuple[str, str, str]  # (column, code, reason)


@dataclass
class _Invoer:
    """One row's cells turned into ``KandidaatInvoer`` input, with the problems found before
    pydantic sees it. Yes/no, dates and numbers go through the shared parsers of
    ``service.bestanden.lezen``; an empty cell is left to pydantic (missing, or its default)."""

    cellen: dict[str, str]
    fout: list[Probleem] = field(default_factory=list)

    def tekst(self, kolom: str, doel: dict[str, Any], veld: str | None = None) -> None:
        if waarde := self.cellen.get(kolom, ""):
            doel[veld or kolom] = waarde

    def waarde(self, kolom: str, doel: dict[str, Any], parser: Callable[[str], Any]) -> None:
        if not (tekst := self.cellen.get(kolom, "")):
            return
        try:
            doel[kolom] = parser(tekst)
        except Celfout as exc:
            self.fout.append((kolom, exc.code, exc.reden))

    def janee(self, kolom: str, doel: dict[str, Any], verplicht: bool) -> None:
        if self.cellen.get(kolom, ""):
            self.waarde(kolom, doel, janee)
        elif verplicht:
            self.fout.append((kolom, "missing", "Vul ja of nee in."))
        else:
            doel[kolom] = False

    def keuze(
        self,
        kolom: str,
        geldig: set[str],
        reden: Callable[[str], str],
        normaal: Callable[[str], str] = str.lower,
    ) -> str | None:
        """A choice from a fixed list (doelgroep, route), ``normaal`` as pydantic will get it."""
        if not (tekst := self.cellen.get(kolom, "")):
            return None
        waarde = normaal(tekst)
        if waarde not in geldig:
            self.fout.append((kolom, "enum", reden(tekst)))
        return waarde


def _invoer(
    cellen: dict[str, str], gemeenten: dict[str, str]
) -> tuple[dict[str, Any], list[Probleem]]:
    """The row as ``KandidaatInvoer`` input, and the problems found before pydantic sees it."""
    rij = _Invoer(cellen)
    inp: dict[str, Any] = {}
    rij.tekst("voornaam", inp)
    rij.tekst("achternaam", inp)
    rij.waarde("geboortedatum", inp, datum)
    rij.waarde("aanmelddatum", inp, datum)
    doelgroep = rij.keuze(
        "doelgroep",
        _DOELGROEPEN,
        lambda tekst: (
            f"Onbekende doelgroep '{tekst}'. " + teksten.een_van(", ".join(sorted(_DOELGROEPEN)))
        ),
        normaal=lambda tekst: re.sub(r"\s+", "-", tekst.lower()),
    )
    if doelgroep is not None:
        inp["doelgroep"] = doelgroep
    if voorkeuren := cellen.get("gemeentevoorkeuren", ""):
        inp["gemeentevoorkeuren"] = [
            gemeenten.get(g.strip().lower(), g.strip()) for g in voorkeuren.split("|") if g.strip()
        ]
    huishouden: dict[str, Any] = {}
    inp["huishouden"] = huishouden
    rij.waarde("volwassenen", huishouden, geheel_getal)
    rij.waarde("kinderen", huishouden, geheel_getal)
    rij.waarde("jaarinkomen", inp, geheel_getal)
    behoeften: dict[str, Any] = {}
    inp["behoeften"] = behoeften
    rij.janee("rolstoel", behoeften, verplicht=False)
    rij.janee("trapvrij", behoeften, verplicht=False)
    rij.waarde("hoogste_verdieping", behoeften, geheel_getal)
    rij.waarde("minimum_kamers", behoeften, geheel_getal)
    rij.janee("gereed_verklaard", inp, verplicht=True)
    rij.janee("begeleiding_akkoord", inp, verplicht=True)
    casushouder: dict[str, Any] = {}
    inp["casushouder"] = casushouder
    for veld in ("organisatie", "naam", "telefoon", "email"):
        rij.tekst(f"casushouder_{veld}", casushouder, veld)
    route = rij.keuze(
        "route",
        _ROUTES,
        lambda tekst: f"Onbekende route '{tekst}'. Kies omgekeerde-plaatsing of maatwerk.",
    )
    if route is not None:
        inp["route"] = route
    return inp, rij.fout


def _kolom(loc: tuple[Any, ...]) -> str:
    """The file column a pydantic error location refers to."""
    delen = [_CAMEL.sub("_", str(p)).lower() for p in loc if not isinstance(p, int)]
    if not delen:
        return "bestand"
    if delen[0] in ("huishouden", "behoeften") and len(delen) > 1:
        return delen[1]
    if delen[0] == "casushouder" and len(delen) > 1:
        return "casushouder_" + delen[1]
    return delen[0]


_EIGEN_MELDING = {
    ("casushouder_email", "value_error"): "Vul een geldig e-mailadres in, bijvoorbeeld "
    "naam@organisatie.nl.",
    ("casushouder_telefoon", "string_pattern_mismatch"): "Vul een telefoonnummer in: 6 tot 40 "
    "tekens, alleen cijfers, spaties, +, ( ) en -.",
}


def _pydantic_fouten(exc: ValidationError, al: set[str]) -> Iterable[tuple[str, str, str]]:
    errors = cast(list[dict[str, Any]], exc.errors())
    for err, fout in zip(errors, veldfouten(errors), strict=True):
        kolom = _kolom(tuple(err["loc"]))
        if kolom in al:
            continue  # already reported in a plainer way
        reden = _EIGEN_MELDING.get((kolom, fout.code), fout.reason)
        yield kolom, fout.code, reden


def _zorgaanbieder(waarde: str, orgs: dict[str, Organisatie], zorg: list[str]) -> Organisatie | str:
    if not waarde:
        return teksten.vul_in("zorgaanbieder")
    org = orgs.get(waarde.lower())
    keuze = teksten.een_van(", ".join(zorg))
    if org is None:
        return f"Onbekende organisatie '{waarde}'. {keuze}"
    if org.soort != OrganisatieSoort.zorgaanbieder:
        return f"{org.naam} is geen zorgaanbieder maar een {org.soort}. {keuze}"
    if not org.actief:
        return f"{org.naam} is niet (meer) actief. {keuze}"
    return org


def waarden(data: KandidaatInvoer, zorg: Organisatie) -> dict[str, Any]:
    """The kandidaat row ``create_kandidaat`` (with ``_apply``) stores for ``data``."""
    c = data.casushouder
    standaard = None if data.doelgroep == Doelgroep.regulier_ontraden else zorg.naam
    return {
        "zorgaanbieder_id": zorg.id,
        "voornaam": data.voornaam,
        "achternaam": data.achternaam,
        "geboortedatum": data.geboortedatum,
        "doelgroep": Doelgroep(data.doelgroep).value,
        "casushouder_rol": CASUSHOUDER_ROL[data.doelgroep],
        "casushouder_organisatie": c.organisatie or standaard,
        "casushouder_naam": c.naam,
        "casushouder_telefoon": c.telefoon,
        "casushouder_email": str(c.email) if c.email else None,
        "aanmelddatum": data.aanmelddatum,
        "volwassenen": data.huishouden.volwassenen,
        "kinderen": data.huishouden.kinderen,
        "jaarinkomen": data.jaarinkomen,
        "rolstoel": data.behoeften.rolstoel,
        "trapvrij": data.behoeften.trapvrij,
        "hoogste_verdieping": data.behoeften.hoogste_verdieping,
        "minimum_kamers": data.behoeften.minimum_kamers,
        "gereed_verklaard": data.gereed_verklaard,
        "begeleiding_akkoord": data.begeleiding_akkoord,
        "route": (data.route or default_route(data.doelgroep)).value,
        "status": KandidaatStatus.wachtend.value,
    }


# --- the whole file ----------------------------------------------------------------------


def _sleutel(zorgaanbieder_id: Any, voornaam: str, achternaam: str, geboren: date) -> tuple:
    return (zorgaanbieder_id, voornaam.casefold(), achternaam.casefold(), geboren)


@dataclass(frozen=True)
class _Bekend:
    """What a row is checked against: the organisations (by lower-case code and name), the
    codes of the active zorgaanbieders (for the hint) and the region's gemeenten."""

    orgs: dict[str, Organisatie]
    zorg_codes: list[str]
    gemeenten: dict[str, str]

    @classmethod
    def uit(cls, session: Session) -> _Bekend:
        alle = session.exec(select(Organisatie)).all()
        return cls(
            orgs={o.code.lower(): o for o in alle} | {o.naam.lower(): o for o in alle},
            zorg_codes=sorted(
                o.code for o in alle if o.soort == OrganisatieSoort.zorgaanbieder and o.actief
            ),
            gemeenten={g.lower(): g for g in regio_van(session).gemeenten},
        )


def controleer(
    session: Session, naam: str, inhoud: Inhoud, grenzen: Bestandsgrenzen | None = None
) -> list[Regel]:
    """Every valid row, or ``OngeldigeInvoer`` listing the file's problems (the first
    ``grenzen.max_problemen`` of them, and how many there are)."""
    grenzen = grenzen or Bestandsgrenzen()
    tabel = lees(naam, inhoud, grenzen, fout=bestandsfout, blad="kandidaten")
    fouten = Fouten()
    regels, aantal_rijen = _rijen(tabel, _Bekend.uit(session), grenzen, fouten)
    if aantal_rijen == 0 and not fouten.items:
        raise OngeldigeInvoer(
            f"Het bestand bevat geen kandidaten; {NIETS_INGELEZEN}",
            [Veldfout("bestand", "Er staan alleen kolomkoppen in, geen rijen.", "leeg")],
        )
    _al_op_de_lijst(session, regels, fouten)
    if fouten.items:
        raise _afgewezen(fouten, grenzen)
    return regels


def _rijen(
    tabel: Tabel, bekend: _Bekend, grenzen: Bestandsgrenzen, fouten: Fouten
) -> tuple[list[Regel], int]:
    """The valid rows of the file and how many rows it has; the problems go to ``fouten``. The
    same kandidaat twice in the file is one of them."""
    posities = kolommen(tabel.kop)
    genoemd = set(posities.values())
    regels: list[Regel] = []
    gezien: dict[tuple, int] = {}  # the same kandidaat twice: key -> its first row
    aantal = 0
    for rij, cellen in tabel.rijen:
        if not any(cellen):
            continue  # an empty row is no kandidaat
        aantal += 1
        if aantal > grenzen.max_rijen:
            raise te_veel_rijen(grenzen)
        for reden in zonder_kop(cellen, genoemd):
            fouten.add(rij, None, reden, "kolom-zonder-kop")
        waarden_rij = {k: (cellen[i] if i < len(cellen) else "") for k, i in posities.items()}
        regel = _regel(rij, waarden_rij, bekend, fouten)
        if regel is None:
            continue
        sleutel = _sleutel(regel.zorgaanbieder.id, *_naam_en_geboren(regel))
        if (eerder := gezien.get(sleutel)) is not None:
            fouten.add(
                rij,
                None,
                f"Dezelfde kandidaat als rij {eerder} (zelfde zorgaanbieder, voornaam, achternaam "
                "en geboortedatum).",
                "dubbel",
            )
            continue
        gezien[sleutel] = rij
        regels.append(regel)
    return regels, aantal


def _regel(rij: int, cellen: dict[str, str], bekend: _Bekend, fouten: Fouten) -> Regel | None:
    """One row checked as ``POST /v1/kandidaten`` would; None (and its problems in ``fouten``)
    when it is not valid."""
    org = _zorgaanbieder(cellen["zorgaanbieder"], bekend.orgs, bekend.zorg_codes)
    if isinstance(org, str):
        code = "missing" if not cellen["zorgaanbieder"] else "onbekend"
        fouten.add(rij, "zorgaanbieder", org, code)
    inp, vooraf = _invoer(cellen, bekend.gemeenten)
    for kolom, code, reden in vooraf:
        fouten.add(rij, kolom, reden, code)
    try:
        data = KandidaatInvoer.model_validate(inp)
    except ValidationError as exc:
        al = {kolom for kolom, _, _ in vooraf}
        for kolom, code, reden in _pydantic_fouten(exc, al):
            fouten.add(rij, kolom, reden, code)
        return None
    if vooraf or isinstance(org, str):
        return None
    rij_waarden = waarden(data, org)
    return Regel(
        rij,
        org,
        tuple(rij_waarden[k] for k in WAARDEN),
        tuple(data.gemeentevoorkeuren),
        in_pool(SimpleNamespace(**rij_waarden)),  # type: ignore[arg-type]
    )


def _afgewezen(fouten: Fouten, grenzen: Bestandsgrenzen) -> OngeldigeInvoer:
    """The answer to a file with problems: the first of them in row order, and how many rows."""
    n = len(fouten.rijen)
    fouten.items.sort(key=lambda f: _rijnummer(f.name))
    eerste, totaal = eerste_problemen(fouten.items, grenzen)
    return OngeldigeInvoer(
        ("1 rij bevat fouten" if n == 1 else f"{n} rijen bevatten fouten")
        + f"; {NIETS_INGELEZEN} Zie invalidParams."
        + totaal,
        eerste,
    )


def _rijnummer(name: str) -> int:
    return int(name.split(",")[0].removeprefix("rij "))


_I_NAAM_EN_GEBOREN = tuple(WAARDEN.index(k) for k in ("voornaam", "achternaam", "geboortedatum"))


def _naam_en_geboren(r: Regel) -> tuple[str, str, date]:
    voornaam, achternaam, geboren = (r.waarden[i] for i in _I_NAAM_EN_GEBOREN)
    return voornaam, achternaam, geboren


def _al_op_de_lijst(session: Session, regels: list[Regel], fouten: Fouten) -> None:
    """A kandidaat already waiting (same zorgaanbieder, name, birth date) is not added twice,
    so importing the same list again changes nothing."""
    if not regels:
        return
    ids = {r.zorgaanbieder.id for r in regels}
    bestaand = {
        _sleutel(*row)
        for row in session.exec(
            select(
                col(Kandidaat.zorgaanbieder_id),
                col(Kandidaat.voornaam),
                col(Kandidaat.achternaam),
                col(Kandidaat.geboortedatum),
            ).where(
                col(Kandidaat.zorgaanbieder_id).in_(ids),
                col(Kandidaat.status).in_([s.value for s in _ACTIEF]),
            )
        ).all()
    }
    if not bestaand:
        return
    for r in regels:
        voornaam, achternaam, geboren = _naam_en_geboren(r)
        if _sleutel(r.zorgaanbieder.id, voornaam, achternaam, geboren) in bestaand:
            fouten.add(
                r.rij,
                None,
                f"{voornaam} {achternaam} staat al op de wachtlijst bij "
                f"{r.zorgaanbieder.naam} (zelfde naam en geboortedatum).",
                "bestaat-al",
            )


def schrijf(session: Session, regels: list[Regel]) -> None:
    """All rows through the session's connection: part of the caller's transaction."""
    conn = session.connection()
    kandidaat = Kandidaat.__table__  # type: ignore[attr-defined]
    voorkeur = Gemeentevoorkeur.__table__  # type: ignore[attr-defined]
    for start in range(0, len(regels), CHUNK):
        ks: list[dict[str, Any]] = []
        for r in regels[start : start + CHUNK]:
            k = dict(zip(WAARDEN, r.waarden, strict=True))
            k["id"] = new_id()
            k["aangemaakt_op"] = k["gewijzigd_op"] = utcnow()
            ks.append(k)
        # Row by row in file order, so the database numbers them in that order (MATCH-K3).
        conn.execute(insert(kandidaat), ks)
        volgnummers: dict[Any, int] = dict(
            conn.execute(
                sa_select(kandidaat.c.id, kandidaat.c.volgnummer).where(
                    kandidaat.c.id.in_([k["id"] for k in ks])
                )
            ).all()
        )
        gvs: list[dict[str, Any]] = []
        for r, k in zip(regels[start : start + CHUNK], ks, strict=True):
            gvs.extend(
                voorkeur_rijen(
                    k["id"],
                    r.gemeenten,
                    aanmelddatum=k["aanmelddatum"],
                    volgnummer=volgnummers[k["id"]],
                    pool=r.pool,
                )
            )
        snel_invoegen(conn, voorkeur, gvs)


def voorbeeld(r: Regel) -> KandidaatVoorbeeld:
    w = SimpleNamespace(**dict(zip(WAARDEN, r.waarden, strict=True)))
    return KandidaatVoorbeeld(
        **gegevens(w),
        rij=r.rij,
        zorgaanbieder=OrganisatieVerwijzing(id=r.zorgaanbieder.id, naam=r.zorgaanbieder.naam),
        gemeentevoorkeuren=list(r.gemeenten),
        in_pool=r.pool,
    )


def importeer(
    session: Session,
    *,
    bestandsnaam: str,
    inhoud: Inhoud,
    by: Actor,
    proefrun: bool,
    lees_sessie: Session | None = None,
    grenzen: Bestandsgrenzen | None = None,
) -> ImportResultaat:
    """Validate the whole file; unless ``proefrun``, write it and one audit event. The caller
    commits (or, for a proefrun, simply does not). The file is parsed and checked with
    ``lees_sessie`` (read-only) when given, so no write transaction is open meanwhile."""
    regels = controleer(lees_sessie or session, bestandsnaam, inhoud, grenzen)
    per = Counter(r.zorgaanbieder.code for r in regels)
    resultaat = ImportResultaat(
        proefrun=proefrun,
        bestand=bestandsnaam,
        aantal=len(regels),
        in_pool=sum(r.pool for r in regels),
        per_zorgaanbieder=dict(sorted(per.items())),
        voorbeeld=[voorbeeld(r) for r in regels[:VOORBEELD]],
    )
    if not proefrun:
        schrijf(session, regels)
        audit.record(
            session,
            by,
            "kandidaten-geimporteerd",
            "kandidaat",
            None,
            na={
                "bestand": bestandsnaam,
                "aantal": resultaat.aantal,
                "inPool": resultaat.in_pool,
                "perZorgaanbieder": resultaat.per_zorgaanbieder,
            },
            toelichting=f"{resultaat.aantal} kandidaten ingelezen uit {bestandsnaam}.",
        )
    return resultaat
