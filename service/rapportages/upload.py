"""The upload of externe plaatsingen (ZOU-M1): its columns, and the check of every row.

The file is read by ``service.bestanden.lezen`` (the reader both uploads share, with its
parsers for yes/no and dates). Rows are numbered as the user sees them in a spreadsheet: the
header is row 1, the first placement row 2. Every problem in the file is reported at once
("rij 3, kolom contractdatum"); the caller writes nothing unless there is none.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from datetime import date

from service import teksten
from service.bestanden import lezen
from service.bestanden.lezen import Celfout
from service.bestanden.lezen import Onleesbaar
from service.bestanden.lezen import Tabel
from service.bestanden.lezen import datum
from service.bestanden.lezen import janee
from service.bestanden.lezen import kolomnaam
from service.bestanden.lezen import zonder_kop
from service.clock import plus_maanden
from service.clock import vandaag
from service.errors import OngeldigeInvoer
from service.errors import Veldfout
from service.grenzen import Bestandsgrenzen
from service.grenzen import eerste_problemen
from service.models import Contractvorm
from service.regio import Regio

MAX_BYTES = 5 * 1024 * 1024
MAX_RIJEN = 10_000

VERPLICHT = ("gemeente", "contractdatum", "contractvorm")
KOLOMMEN = (*VERPLICHT, "zorgaanbieder", "binnen_contingent", "kandidaat", "omschrijving")

#: The reason for a file that cannot be read, by the reader's code; any other: ``_ONLEESBAAR``.
_LEESFOUTEN = {
    "bestandstype": (
        "Dit soort bestand kunnen we niet lezen.",
        "Stuur een CSV-bestand (.csv) of een Excel-bestand (.xlsx).",
    ),
    "codering": (
        "Het bestand kan niet worden gelezen.",
        "Sla het CSV-bestand op als UTF-8 en probeer het opnieuw.",
    ),
}
_ONLEESBAAR = (
    "Het bestand kan niet worden gelezen.",
    "Controleer of het een geldig CSV- of XLSX-bestand is met een kopregel.",
)


@dataclass(frozen=True)
class Rij:
    rij: int
    gemeente: str
    contractdatum: date
    contractvorm: str
    zorgaanbieder_id: uuid.UUID | None
    binnen_contingent: bool
    omschrijving: str | None
    kandidaat_id: uuid.UUID | None = None


def _max_rijen(grenzen: Bestandsgrenzen | None) -> int:
    return min((grenzen or Bestandsgrenzen(max_rijen=MAX_RIJEN)).max_rijen, MAX_RIJEN)


def bestandsfout(fout: Onleesbaar) -> OngeldigeInvoer:
    """A file that cannot be read, as this upload words it."""
    detail, reden = _LEESFOUTEN.get(fout.code, _ONLEESBAAR)
    return OngeldigeInvoer(detail, [Veldfout("bestand", reden)])


def lees(
    inhoud: bytes,
    bestandsnaam: str | None,
    content_type: str | None,
    grenzen: Bestandsgrenzen | None = None,
) -> Tabel:
    """The file as a header and rows of text cells, or a 400 in Dutch."""
    if len(inhoud) > MAX_BYTES:
        raise OngeldigeInvoer(
            "Het bestand is te groot.",
            [Veldfout("bestand", "Stuur een bestand van hoogstens 5 MB.")],
        )
    return lezen.lees(
        bestandsnaam or "", inhoud, grenzen, fout=bestandsfout, content_type=content_type
    )


# --- the header ---------------------------------------------------------------------------------


def kolommen(kop: list[str]) -> dict[str, int]:
    """Column name -> position; every problem with the header at once. A column without a
    header is passed over (a value under it is a row problem)."""
    namen = [kolomnaam(k) for k in kop]
    gebruikt = [n for n in namen if n]
    fouten = [
        Veldfout(f"kolom {k}", "Deze kolom ontbreekt.", "ontbreekt")
        for k in VERPLICHT
        if k not in gebruikt
    ]
    fouten += [
        Veldfout(
            f"kolom {k}",
            "Deze kolom kennen we niet. Gebruik alleen: "
            + ", ".join(KOLOMMEN)
            + ". Zet geen namen of andere persoonsgegevens in het bestand.",
            "onbekend",
        )
        for k in gebruikt
        if k not in KOLOMMEN
    ]
    if len(set(gebruikt)) != len(gebruikt):
        fouten.append(Veldfout("kolommen", "Elke kolom mag maar één keer voorkomen."))
    if fouten:
        raise OngeldigeInvoer(
            "De kolommen van het bestand kloppen niet. Er is niets toegevoegd.", fouten
        )
    return {naam: i for i, naam in enumerate(namen) if naam}


# --- one row ------------------------------------------------------------------------------------


@dataclass
class _Controle:
    """What every row is checked against, and the problems found so far."""

    zorgaanbieders: dict[str, uuid.UUID]
    regio: str = ""
    gemeenten: dict[str, str] = field(default_factory=dict)
    vormen: list[str] = field(default_factory=list)
    uiterlijk: date = date.max
    fouten: list[Veldfout] = field(default_factory=list)

    @classmethod
    def voor(cls, regio: Regio, zorgaanbieders: dict[str, uuid.UUID]) -> _Controle:
        return cls(
            zorgaanbieders,
            regio=regio.naam,
            gemeenten={g.lower(): g for g in regio.gemeenten},
            vormen=[v.value for v in Contractvorm],
            uiterlijk=plus_maanden(vandaag(), 3),
        )

    def fout(self, nummer: int, kolom: str, reden: str) -> None:
        self.fouten.append(Veldfout(f"rij {nummer}, kolom {kolom}", reden))

    def gemeente(self, nummer: int, tekst: str) -> str | None:
        gemeente = self.gemeenten.get(tekst.lower())
        if not tekst:
            self.fout(nummer, "gemeente", "Vul de gemeente in.")
        elif gemeente is None:
            kies = ", ".join(self.gemeenten.values())
            self.fout(
                nummer, "gemeente", f"{tekst} is geen gemeente in {self.regio}. Kies uit: {kies}."
            )
        return gemeente

    def contractdatum(self, nummer: int, tekst: str) -> date | None:
        if not tekst:
            self.fout(nummer, "contractdatum", "Vul de contractdatum in.")
            return None
        try:
            gelezen = datum(tekst)
        except Celfout:
            reden = f"'{tekst}' is geen datum. Schrijf de datum als JJJJ-MM-DD of DD-MM-JJJJ."
            self.fout(nummer, "contractdatum", reden)
            return None
        if gelezen > self.uiterlijk:
            self.fout(nummer, "contractdatum", "Deze datum ligt te ver in de toekomst.")
        elif gelezen.year < 2000:
            self.fout(nummer, "contractdatum", "Deze datum ligt te ver in het verleden.")
        return gelezen

    def contractvorm(self, nummer: int, tekst: str) -> str | None:
        vorm = tekst.lower()
        if not vorm:
            self.fout(nummer, "contractvorm", "Vul de contractvorm in.")
        elif vorm not in self.vormen:
            self.fout(nummer, "contractvorm", teksten.een_van(", ".join(self.vormen)))
        else:
            return vorm
        return None

    def zorgaanbieder(self, nummer: int, tekst: str) -> uuid.UUID | None:
        if not tekst:
            return None
        zorg = self.zorgaanbieders.get(tekst.lower())
        if zorg is None:
            self.fout(
                nummer,
                "zorgaanbieder",
                f"Zorgaanbieder '{tekst}' kennen we niet. Gebruik de code, bijvoorbeeld kwintes, of laat de cel leeg.",
            )
        return zorg

    def binnen_contingent(self, nummer: int, tekst: str) -> bool:
        """Yes or no; an empty cell is no."""
        try:
            return janee(tekst) if tekst else False
        except Celfout:
            self.fout(nummer, "binnen_contingent", "Vul ja of nee in.")
            return False

    def kandidaat(self, nummer: int, tekst: str) -> uuid.UUID | None:
        if not tekst:
            return None
        try:
            return uuid.UUID(tekst)
        except ValueError:
            self.fout(
                nummer,
                "kandidaat",
                "Vul het nummer van de kandidaat in zoals woonroute het geeft, of laat de cel leeg.",
            )
            return None

    def rij(self, nummer: int, cel: dict[str, str]) -> Rij | None:
        """One row checked cell by cell; the row to write when its required cells are good."""
        gemeente = self.gemeente(nummer, cel["gemeente"])
        contractdatum = self.contractdatum(nummer, cel["contractdatum"])
        vorm = self.contractvorm(nummer, cel["contractvorm"])
        zorg = self.zorgaanbieder(nummer, cel["zorgaanbieder"])
        binnen = self.binnen_contingent(nummer, cel["binnen_contingent"])
        if len(cel["omschrijving"]) > 1000:
            self.fout(nummer, "omschrijving", "Gebruik hoogstens 1000 tekens.")
        kandidaat = self.kandidaat(nummer, cel["kandidaat"])
        if not (gemeente and contractdatum and vorm):
            return None
        return Rij(
            rij=nummer,
            gemeente=gemeente,
            contractdatum=contractdatum,
            contractvorm=vorm,
            zorgaanbieder_id=zorg,
            binnen_contingent=binnen,
            omschrijving=cel["omschrijving"] or None,
            kandidaat_id=kandidaat,
        )


# --- the whole file -----------------------------------------------------------------------------


def controleer(
    tabel: Tabel,
    regio: Regio,
    zorgaanbieders: dict[str, uuid.UUID],
    grenzen: Bestandsgrenzen | None = None,
    kandidaatfouten: Callable[[list[Rij]], list[Veldfout]] | None = None,
) -> list[Rij]:
    """Every row checked; one 400 listing every problem, or the rows to write.

    ``kandidaatfouten`` checks the named kandidaten against the list (ZOU-M1), so that their
    problems come in the same answer as those of the cells.

    ``zorgaanbieders`` maps a lower-case code (and name) to the organisation id."""
    posities = kolommen(tabel.kop)
    controle = _Controle.voor(regio, zorgaanbieders)
    rijen = _rijen(tabel, posities, controle, _max_rijen(grenzen))
    if kandidaatfouten is not None:
        controle.fouten += kandidaatfouten(rijen)
    if controle.fouten:
        raise _afgewezen(controle.fouten, grenzen or Bestandsgrenzen(max_rijen=MAX_RIJEN))
    if not rijen:
        raise OngeldigeInvoer(
            "Het bestand bevat geen plaatsingen.",
            [Veldfout("bestand", "Zet onder de kopregel één plaatsing per rij.")],
        )
    return rijen


def _rijen(
    tabel: Tabel, posities: dict[str, int], controle: _Controle, max_rijen: int
) -> list[Rij]:
    """The good rows; the problems go to ``controle.fouten``. Stops with a 400 at the first row
    over ``max_rijen``, so a huge file is not read to its end."""
    genoemd = set(posities.values())
    rijen: list[Rij] = []
    aantal = 0
    for nummer, cellen in tabel.rijen:
        if not any(cellen):
            continue  # an empty line at the end of a spreadsheet
        aantal += 1
        if aantal > max_rijen:
            raise OngeldigeInvoer(
                "Het bestand heeft te veel rijen. Er is niets toegevoegd.",
                [Veldfout("bestand", f"Stuur hoogstens {max_rijen} rijen in één bestand.")],
            )
        for reden in zonder_kop(cellen, genoemd):
            controle.fouten.append(Veldfout(f"rij {nummer}", reden, "kolom-zonder-kop"))
        cel = {k: _cel(cellen, posities.get(k)) for k in KOLOMMEN}
        if (rij := controle.rij(nummer, cel)) is not None:
            rijen.append(rij)
    return rijen


def _cel(cellen: list[str], positie: int | None) -> str:
    """The cell at ``positie``; "" for a column the file does not have or a short row."""
    return cellen[positie] if positie is not None and positie < len(cellen) else ""


def _afgewezen(fouten: list[Veldfout], grenzen: Bestandsgrenzen) -> OngeldigeInvoer:
    n = len(fouten)
    eerste, totaal = eerste_problemen(fouten, grenzen)
    return OngeldigeInvoer(
        ("Eén cel is" if n == 1 else f"{n} cellen zijn")
        + " niet goed ingevuld. Er is niets toegevoegd; verbeter het bestand en stuur het opnieuw."
        + " Rijnummers zoals in uw spreadsheet: de kopregel is rij 1."
        + totaal,
        eerste,
    )
