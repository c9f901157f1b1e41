"""Finding kandidaten on the kandidaten page (issue 12): search by name or code, filter by
gemeente, zorgaanbieder, status, doelgroep and waiting-time class, sort by a column, numbered
pages. One SQL query for the page and one count, both through the API's scoped query (a
zorgaanbieder sees only its own), so the answer stays fast with 100,000 kandidaten: the sort
columns and filters have indexes, the list is never loaded into Python.

The code of a kandidaat is the first eight characters of its id (``3F2A9C01``): short enough to
say on the phone, and searched as a range of the primary key.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service.auth import Actor
from service.clock import plus_maanden
from service.kandidaten import actions as kandidaten
from service.kandidaten.schemas import KandidaatUit
from service.models import Gemeentevoorkeur
from service.models import Kandidaat
from service.models import Organisatie
from service.models.zoeknaam import HOOGSTE
from service.models.zoeknaam import zoektermen
from service.rapportages.actions import KLASSEN

PAGINA = 50
#: The page counts the kandidaten found up to this many; beyond it the count is "more than".
TELLEN_TOT = 10_000
#: Sortable columns: name in the address → the SQL order (ties broken by the waiting order).
KOLOMMEN: dict[str, tuple[Any, ...]] = {
    "aanmelddatum": (Kandidaat.aanmelddatum, Kandidaat.volgnummer, Kandidaat.id),
    "naam": (Kandidaat.achternaam, Kandidaat.voornaam, Kandidaat.id),
    "status": (Kandidaat.status, Kandidaat.aanmelddatum, Kandidaat.id),
    "doelgroep": (Kandidaat.doelgroep, Kandidaat.aanmelddatum, Kandidaat.id),
}
WACHTTIJD_KLASSEN = {naam: (van, tot) for naam, van, tot in KLASSEN}
#: A code: hexadecimal with at least one digit (a name has none), 4 to 32 characters.
_CODE = re.compile(r"^(?=.*\d)[0-9a-f]{4,32}$")


def code(kandidaat_id: uuid.UUID) -> str:
    """The short code people use for a kandidaat."""
    return kandidaat_id.hex[:8].upper()


@dataclass(frozen=True)
class Zoekvraag:
    zoek: str = ""
    gemeente: str = ""
    zorgaanbieder: uuid.UUID | None = None
    status: str = ""
    doelgroep: str = ""
    wachttijd: str = ""
    sorteer: str = "aanmelddatum"
    oplopend: bool = True
    pagina: int = 1


def _begint_met(kolom: Any, prefix: str) -> Any:
    """``kolom`` starts with ``prefix``, as a range a B-tree index answers."""
    return (kolom >= prefix) & (kolom < prefix + HOOGSTE)


def _filters(query: Any, vraag: Zoekvraag, today: date) -> Any:
    if vraag.zoek:
        term = vraag.zoek.strip().lower()
        if _CODE.match(term):
            # a code: ids from ``term000…`` up to ``termfff…`` (a primary-key range)
            laag = uuid.UUID(term.ljust(32, "0"))
            hoog = uuid.UUID(term.ljust(32, "f"))
            query = query.where(col(Kandidaat.id).between(laag, hoog))
        else:
            # a prefix of the normalised name, from the first or the last name: two index
            # ranges (``service.models.zoeknaam``), never a scan of the table
            voor, achter = zoektermen(term)
            query = query.where(
                _begint_met(col(Kandidaat.zoeknaam), voor)
                | _begint_met(col(Kandidaat.zoekachternaam), achter)
            )
    if vraag.gemeente:
        # one row per kandidaat and gemeente (unique), so a join keeps the count right
        query = query.join(
            Gemeentevoorkeur,
            (col(Gemeentevoorkeur.kandidaat_id) == Kandidaat.id)
            & (col(Gemeentevoorkeur.gemeente) == vraag.gemeente),
        )
    if vraag.zorgaanbieder is not None:
        query = query.where(Kandidaat.zorgaanbieder_id == vraag.zorgaanbieder)
    if vraag.status:
        query = query.where(Kandidaat.status == vraag.status)
    if vraag.doelgroep:
        query = query.where(Kandidaat.doelgroep == vraag.doelgroep)
    if vraag.wachttijd in WACHTTIJD_KLASSEN:
        van, tot = WACHTTIJD_KLASSEN[vraag.wachttijd]
        # waiting at least ``van`` whole months: registered on or before today − van months
        query = query.where(Kandidaat.aanmelddatum <= plus_maanden(today, -van))
        if tot is not None:
            query = query.where(Kandidaat.aanmelddatum > plus_maanden(today, -tot))
    return query


def zoek(
    session: Session, actor: Actor, vraag: Zoekvraag, today: date
) -> tuple[list[KandidaatUit], int]:
    """One page of kandidaten and the number found."""
    basis = _filters(kandidaten.visible(select(Kandidaat), actor), vraag, today)
    # counted up to a bound: past it the page says "meer dan 10.000" (an exact count of
    # 100,000 rows costs more than the page itself)
    tot = TELLEN_TOT + 1
    totaal = session.exec(
        select(func.count()).select_from(
            basis.with_only_columns(Kandidaat.id).limit(tot).subquery()
        )
    ).one()
    volgorde = [
        col(c).asc() if vraag.oplopend else col(c).desc()
        for c in KOLOMMEN.get(vraag.sorteer, KOLOMMEN["aanmelddatum"])
    ]
    # The page's ids first, from the index alone; then only those rows.
    ids = list(
        session.exec(
            basis.with_only_columns(Kandidaat.id)
            .order_by(*volgorde)
            .offset((vraag.pagina - 1) * PAGINA)
            .limit(PAGINA)
        ).all()
    )
    per_id = {
        k.id: k for k in session.exec(select(Kandidaat).where(col(Kandidaat.id).in_(ids))).all()
    }
    rows = [per_id[i] for i in ids if i in per_id]
    prefs = kandidaten.voorkeuren(session, [k.id for k in rows])
    namen = dict(
        session.exec(
            select(Organisatie.id, Organisatie.naam).where(
                col(Organisatie.id).in_({k.zorgaanbieder_id for k in rows})
            )
        ).all()
    )
    return [kandidaten.to_public(k, prefs[k.id], namen[k.zorgaanbieder_id]) for k in rows], int(
        totaal
    )


def aantal_paginas(totaal: int, per_pagina: int = PAGINA) -> int:
    """How many pages ``totaal`` rows fill (at least one, also when there are none)."""
    return max(1, -(-totaal // per_pagina))


def paginering(pagina: int, paginas: int) -> dict[str, Any]:
    """The context of a page's pagination: the page shown (the last one when the address asks
    for one further), the number of pages and the numbers to link (``paginanummers``)."""
    getoond = min(pagina, paginas)
    return {"pagina": getoond, "paginas": paginas, "nummers": paginanummers(getoond, paginas)}


def paginanummers(pagina: int, paginas: int) -> list[int | None]:
    """The numbers of the pagination: first, last, and two around the current (None = gap)."""
    nummers = sorted({1, paginas, *range(max(1, pagina - 2), min(paginas, pagina + 2) + 1)})
    out: list[int | None] = []
    for n in nummers:
        if out and out[-1] is not None and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out
