"""The ``langwachtend`` signal (ZOU-M2) for a full waiting list, in one pass per gemeente.

``service.diagnose.diagnose`` judges every woning reported in a kandidaat's gemeenten since
registration, one kandidaat at a time, with its own queries. For 30,000 long waiters that is
30,000 times the same woningen. Here the woningen of each gemeente since the earliest
registration are read once, and the rules are judged once per *profile*: the facts of a
kandidaat that MATCH-E3..E6 look at (household, rooms needed, rent ceiling, accessibility,
which age limits are reached) against the facts of a woning those rules look at (rooms,
residents, which rent ceilings it exceeds, floor, lift, step-free, wheelchair, age limit).
Per gemeente and profile the positions of each excluding rule are kept in reported order, so a
kandidaat's counts over "the woningen since my registration" are a binary search. MATCH-E7
(declines) and the places on voordrachten are per kandidaat and few: they are applied on top.

The result is the same ``Diagnose`` as ``diagnose()`` gives (a test compares the two); the
rules themselves still come from ``matching``.

Long waiters are read in keyset batches (never all at once); the caller writes each batch in a
short transaction of its own.
"""

from __future__ import annotations

import uuid
from array import array
from bisect import bisect_left
from bisect import bisect_right
from collections import Counter
from collections import defaultdict
from collections.abc import Iterator
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

import matching
from service.clock import NL
from service.clock import datum_van
from service.clock import plus_maanden
from service.diagnose import Diagnose
from service.diagnose import Telling
from service.diagnose import afgewezen_query
from service.diagnose import afwijzing_json
from service.diagnose import als_actief
from service.diagnose import lopende_aanbiedingen
from service.diagnose import nu_bezig_tekst
from service.diagnose import open_plekken
from service.diagnose import plekken_query
from service.diagnose import samenvatting
from service.mapping import MATCH_COLUMNS
from service.mapping import kandidaat_from_row
from service.mapping import woning_input
from service.models import Gebeurtenis
from service.models import Kandidaat
from service.models import KandidaatStatus
from service.models import Woning
from service.queries import voorkeuren
from service.regio import Regio
from service.regio import regio_van

WACHTEND = (KandidaatStatus.wachtend, KandidaatStatus.gepauzeerd, KandidaatStatus.aangeboden)
PAUZE_ACTIES = ("kandidaat-gepauzeerd", "kandidaat-wachtend", "kandidaat-uitgeschreven")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: MATCH-E3..E6, the rules judged here per profile; E1 and E2 hold by construction, E7 is per
#: kandidaat. They are the engine's own, in its order.
_REGELS = (
    matching.regel_e3_huishouden,
    matching.regel_e4_betaalbaar,
    matching.regel_e5_toegankelijk,
    matching.regel_e6_woningeisen,
)
if matching.REGELS[2:6] != _REGELS or len(matching.REGELS) != 7:  # pragma: no cover
    # A new or moved rule needs its facts in Doorloop._profiel and _woningklasse.
    raise RuntimeError("matching.REGELS changed: update service.signaleringen.langwachtend")
_KOLOMMEN = tuple(getattr(Kandidaat, c) for c in (*MATCH_COLUMNS, "zorgaanbieder_id"))


def _us(moment: datetime) -> int:
    """Microseconds since the epoch: an exact sort key for a moment."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH) // timedelta(microseconds=1)


def pauzedagen(events: list[tuple[str, datetime]], tot: date) -> int:
    """Days spent paused, from the audit events in time order (ZOU-M2: paused time does not
    count)."""
    dagen, sinds = 0, None
    for actie, tijdstip in events:
        if actie == "kandidaat-gepauzeerd" and sinds is None:
            sinds = datum_van(tijdstip)
        elif actie != "kandidaat-gepauzeerd" and sinds is not None:
            dagen += (datum_van(tijdstip) - sinds).days
            sinds = None
    if sinds is not None:
        dagen += (tot - sinds).days
    return max(0, dagen)


def pauze_events(session: Session, kandidaat_ids: list[uuid.UUID]) -> dict[str, list[Any]]:
    """The pause and resume events of these kandidaten, in time order, by kandidaat id."""
    out: dict[str, list[Any]] = defaultdict(list)
    if not kandidaat_ids:
        return out
    for object_id, actie, tijdstip in session.exec(
        select(Gebeurtenis.object_id, Gebeurtenis.actie, Gebeurtenis.tijdstip)
        .where(
            col(Gebeurtenis.object_id).in_([str(k) for k in kandidaat_ids]),
            col(Gebeurtenis.actie).in_(PAUZE_ACTIES),
        )
        .order_by(col(Gebeurtenis.object_id), col(Gebeurtenis.tijdstip))
    ):
        out[str(object_id)].append((actie, tijdstip))
    return out


@dataclass(frozen=True)
class _Gemeld:
    """One woning as the pass needs it."""

    id: uuid.UUID
    gemeente: str
    moment: int  # microseconds, for the "since registration" cut
    klasse: tuple[Any, ...]
    kid: int  # the class as a small number: a cheap key
    invoer: matching.Woning


@dataclass
class _Reeks:
    """For one gemeente and one kandidaat profile: per excluding rule, the positions (in the
    gemeente's woningen, newest first) where that rule was the first to exclude."""

    posities: dict[str, array]


class Doorloop:
    """The woningen of every gemeente since ``sinds``, judged once per profile."""

    def __init__(self, session: Session, context: matching.Context, sinds: date) -> None:
        self.context = context
        grenzen = context.grenzen
        # Every rent ceiling MATCH-E4 can apply (see matching.maximale_kale_huur).
        self._plafonds = sorted(
            {
                grenzen.liberalisatiegrens,
                grenzen.aftoppingsgrens_laag,
                grenzen.aftoppingsgrens_hoog,
            }
        )
        moment = datetime.combine(sinds, time.min, tzinfo=NL)
        rows = session.exec(
            select(Woning)
            .where(Woning.aangemaakt_op >= moment)
            .order_by(col(Woning.aangemaakt_op).desc(), col(Woning.id))
        ).all()
        self.per_gemeente: dict[str, list[_Gemeld]] = defaultdict(list)
        self.per_id: dict[uuid.UUID, tuple[_Gemeld, int]] = {}
        klasse_ids: dict[tuple[Any, ...], int] = {}
        for w in rows:
            invoer = woning_input(w)
            klasse = self._woningklasse(invoer)
            kid = klasse_ids.setdefault(klasse, len(klasse_ids))
            g = _Gemeld(w.id, w.gemeente, _us(w.aangemaakt_op), klasse, kid, invoer)
            lijst = self.per_gemeente[w.gemeente]
            self.per_id[w.id] = (g, len(lijst))
            lijst.append(g)
        # Negated moments, ascending: the woningen since a moment are a prefix of the list.
        self._sleutels = {
            gemeente: [-g.moment for g in lijst] for gemeente, lijst in self.per_gemeente.items()
        }
        self._leeftijden = sorted(
            {w.minimumleeftijd for w in rows if w.minimumleeftijd is not None}
        )
        # Per gemeente, the positions of the woningen of each class; one woning per class.
        self._klassen: dict[str, dict[int, list[int]]] = {}
        self._voorbeeld: dict[int, _Gemeld] = {}
        for gemeente, lijst in self.per_gemeente.items():
            klassen = self._klassen[gemeente] = defaultdict(list)
            for i, g in enumerate(lijst):
                klassen[g.kid].append(i)
                self._voorbeeld.setdefault(g.kid, g)
        # Profiles get small numbers too: the caches below are keyed by (profile, class).
        self._profielen: dict[tuple[Any, ...], int] = {}
        self._uitkomst: dict[tuple[int, int], str | None] = {}
        self._per_regel: dict[tuple[Any, ...], matching.Regeluitkomst] = {}
        self._reeksen: dict[tuple[str, int], _Reeks] = {}

    def _woningklasse(self, w: matching.Woning) -> tuple[Any, ...]:
        """What MATCH-E3, E4, E5 and E6 each look at in a woning."""
        return (
            (w.max_bewoners, w.kamers),
            tuple(w.kale_huur > p for p in self._plafonds),
            (w.rolstoeltoegankelijk, w.verdieping, w.lift, w.gelijkvloers),
            w.minimumleeftijd,
        )

    def _profiel(self, k: matching.Kandidaat) -> tuple[Any, ...]:
        """What MATCH-E3, E4, E5 and E6 each look at in a kandidaat."""
        leeftijd = matching.leeftijd_op(k.geboortedatum, self.context.peildatum)
        return (
            (k.personen, matching.kamers_nodig(k, self.context)),
            (k.personen, matching.maximale_kale_huur(k, self.context)),
            (k.rolstoel, k.trapvrij, k.hoogste_verdieping),
            tuple(leeftijd >= m for m in self._leeftijden),
        )

    def _regel(
        self, profiel: tuple[Any, ...], pid: int, actief: matching.Kandidaat, w: _Gemeld
    ) -> str | None:
        """The first rule that excludes a kandidaat of this profile (number ``pid``) from this
        woning (E1 and E2 hold: the kandidaat is judged as active, the woning lies in a chosen
        gemeente)."""
        sleutel = (pid, w.kid)
        if sleutel not in self._uitkomst:
            self._uitkomst[sleutel] = None
            for i, regel in enumerate(_REGELS):
                deel = (i, profiel[i], w.klasse[i])
                if deel not in self._per_regel:
                    self._per_regel[deel] = regel(actief, w.invoer, self.context)
                uit = self._per_regel[deel]
                if not uit.geschikt:
                    self._uitkomst[sleutel] = uit.regel
                    break
        return self._uitkomst[sleutel]

    def _reeks(
        self, gemeente: str, profiel: tuple[Any, ...], pid: int, actief: matching.Kandidaat
    ) -> _Reeks:
        sleutel = (gemeente, pid)
        reeks = self._reeksen.get(sleutel)
        if reeks is None:
            per_regel: dict[str, list[int]] = {}
            for kid, posities in self._klassen.get(gemeente, {}).items():
                regel = self._regel(profiel, pid, actief, self._voorbeeld[kid])
                if regel is not None:
                    per_regel.setdefault(regel, []).extend(posities)
            reeks = self._reeksen[sleutel] = _Reeks(
                {regel: array("l", sorted(p)) for regel, p in per_regel.items()}
            )
        return reeks

    def telling(
        self,
        actief: matching.Kandidaat,
        aanmelddatum: date,
        geweigerd: set[uuid.UUID],
        plekken: dict[uuid.UUID, Any],
    ) -> Telling:
        """The counts ``diagnose()`` makes for this kandidaat, from the shared pass."""
        profiel = self._profiel(actief)
        pid = self._profielen.setdefault(profiel, len(self._profielen))
        sinds = -_us(datetime.combine(aanmelddatum, time.min, tzinfo=NL))
        telling = Telling()
        aantallen: Counter[str] = Counter()
        eerste: dict[str, int] = {}  # rule -> newest moment it excluded a woning
        binnen: dict[str, int] = {}
        for gemeente in actief.gemeentevoorkeuren:
            n = bisect_right(self._sleutels.get(gemeente, []), sinds)
            binnen[gemeente] = n
            telling.gemeld += n
            if not n:
                continue
            lijst = self.per_gemeente[gemeente]
            for regel, posities in self._reeks(gemeente, profiel, pid, actief).posities.items():
                aantal = bisect_left(posities, n)
                if aantal:
                    aantallen[regel] += aantal
                    eerste[regel] = max(eerste.get(regel, -1), lijst[posities[0]].moment)
        geschikt_nog = {}
        for woning_id in geweigerd | set(plekken):
            gevonden = self.per_id.get(woning_id)
            if gevonden is None:
                continue
            w, i = gevonden
            if i >= binnen.get(w.gemeente, 0) or self._regel(profiel, pid, actief, w) is not None:
                continue
            geschikt_nog[woning_id] = w
        for woning_id, w in geschikt_nog.items():
            if woning_id in geweigerd:  # MATCH-E7: suitable by E1..E6, but declined
                aantallen["MATCH-E7"] += 1
                eerste["MATCH-E7"] = max(eerste.get("MATCH-E7", -1), w.moment)
            elif woning_id in plekken:
                telling.posities.append(plekken[woning_id].positie)
        # Counter order: the rule that excluded the newest woning first, as diagnose() counts.
        for regel in sorted(aantallen, key=lambda r: -eerste[r]):
            telling.regels[regel] = aantallen[regel]
        telling.geschikt = telling.gemeld - sum(aantallen.values())
        return telling


@dataclass(frozen=True)
class Langwachter:
    kandidaat_id: uuid.UUID
    zorgaanbieder_id: uuid.UUID
    wacht: int
    diagnose: Diagnose


def grens(regio: Regio, today: date) -> tuple[int, date]:
    """The region's threshold in months, and the latest registration date that can exceed it."""
    maanden = regio.termijnen.langwachtend_maanden
    return maanden, plus_maanden(today, -maanden)


# --- the one definition of a long waiter (ZOU-M2) --------------------------------------------
# A kandidaat on the waiting list (waiting, paused or holding an offer) whose waiting time is
# longer than the region's threshold (six months by default). The waiting time runs from the
# registration date (MATCH-K2) and leaves out the days spent paused: a paused kandidaat is not
# active on the waiting list (MATCH-E1). The signal and the escalaties view both use this.


def op_wachtlijst(tot: date) -> tuple[Any, ...]:
    """The SQL half of the definition: on the waiting list and registered by ``tot`` (a
    necessary condition; ``langwachtenden`` takes the paused days off)."""
    return (col(Kandidaat.status).in_(WACHTEND), Kandidaat.aanmelddatum <= tot)


def wachttijd(aanmelddatum: date, pauzes: list[tuple[str, datetime]], today: date) -> int:
    """ZOU-M2: the days waited since registration, paused days not counted."""
    return (today - aanmelddatum).days - pauzedagen(pauzes, today)


def langwachtenden(
    regio: Regio, rows: Sequence[Any], pauzes: dict[str, list[Any]], today: date
) -> list[tuple[Any, int]]:
    """The rows (with ``id`` and ``aanmelddatum``) that wait longer than the threshold, each
    with its waiting time in days."""
    drempel = (today - grens(regio, today)[1]).days
    lang = []
    for r in rows:
        wacht = wachttijd(r.aanmelddatum, pauzes.get(str(r.id), []), today)
        if wacht > drempel:
            lang.append((r, wacht))
    return lang


def in_volgorde(session: Session, today: date, *voorwaarden: Any) -> list[tuple[uuid.UUID, int]]:
    """Every long waiter that also meets ``voorwaarden``, longest registered first (MATCH-K2;
    then by id), with its waiting time: for a view that pages over the signal (escalaties)."""
    _maanden, tot = grens(regio_van(session), today)
    rows: Sequence[Any] = session.exec(
        select(col(Kandidaat.id), col(Kandidaat.aanmelddatum))
        .where(*op_wachtlijst(tot), *voorwaarden)
        .order_by(col(Kandidaat.aanmelddatum), col(Kandidaat.id))
    ).all()
    uit: list[tuple[uuid.UUID, int]] = []
    for i in range(0, len(rows), _PAUZE_BATCH):
        deel = rows[i : i + _PAUZE_BATCH]
        pauzes = pauze_events(session, [r.id for r in deel])
        uit.extend(
            (r.id, wacht) for r, wacht in langwachtenden(regio_van(session), deel, pauzes, today)
        )
    return uit


_PAUZE_BATCH = 500  # kandidaten per read of their pause events


def vroegste(session: Session, tot: date) -> date | None:
    """The earliest registration among the long waiters."""
    return session.exec(select(func.min(Kandidaat.aanmelddatum)).where(*op_wachtlijst(tot))).one()


def batch(
    session: Session, doorloop: Doorloop, today: date, na: uuid.UUID | None, grootte: int
) -> tuple[list[Langwachter], uuid.UUID | None]:
    """The next ``grootte`` long waiters after id ``na`` (keyset), diagnosed; and the last id
    read (None when there are no more)."""
    _maanden, tot = grens(regio_van(session), today)
    query = select(*_KOLOMMEN).where(*op_wachtlijst(tot))
    if na is not None:
        query = query.where(col(Kandidaat.id) > na)
    rows = session.exec(query.order_by(col(Kandidaat.id)).limit(grootte)).all()
    if not rows:
        return [], None
    ids = [r.id for r in rows]
    lang = langwachtenden(regio_van(session), rows, pauze_events(session, ids), today)
    uit: list[Langwachter] = []
    if lang:
        lang_ids = [r.id for r, _ in lang]
        prefs = voorkeuren(session, lang_ids)
        plekken: dict[uuid.UUID, dict[uuid.UUID, Any]] = defaultdict(dict)
        for plek, vd in session.exec(plekken_query(lang_ids)):
            plekken[plek.kandidaat_id][vd.woning_id] = plek
        afgewezen: dict[uuid.UUID, list[Any]] = defaultdict(list)
        for a in session.exec(afgewezen_query(lang_ids)):
            afgewezen[a.kandidaat_id].append(a)
        lopend: dict[uuid.UUID, Any] = {}
        for a, w in session.exec(lopende_aanbiedingen(lang_ids)):
            lopend.setdefault(a.kandidaat_id, (a, w))
        plek_open: dict[uuid.UUID, Any] = {}
        for p, vd, w in session.exec(open_plekken(lang_ids)):
            plek_open.setdefault(p.kandidaat_id, (p, vd, w))
        for r, wacht in lang:
            ki = kandidaat_from_row(r._mapping, prefs[r.id])
            e1, actief = als_actief(ki, doorloop.context)
            weg = afgewezen.get(r.id, [])
            telling = doorloop.telling(
                actief, r.aanmelddatum, {a.woning_id for a in weg}, plekken.get(r.id, {})
            )
            d = samenvatting(
                regio=regio_van(session),
                gereed_verklaard=r.gereed_verklaard,
                ki=ki,
                prefs=prefs[r.id],
                context=doorloop.context,
                e1=e1,
                telling=telling,
                afwijzingen=[afwijzing_json(a) for a in weg],
                bezig=nu_bezig_tekst(lopend.get(r.id), plek_open.get(r.id)),
            )
            uit.append(Langwachter(r.id, r.zorgaanbieder_id, wacht, d))
    return uit, ids[-1]


def alle(session: Session, today: date, grootte: int = 1000) -> Iterator[Langwachter]:
    """Every long waiter, diagnosed, batch by batch (for tests and one-off use)."""
    _maanden, tot = grens(regio_van(session), today)
    eerst = vroegste(session, tot)
    if eerst is None:
        return
    doorloop = Doorloop(session, regio_van(session).context(today), eerst)
    na = None
    while True:
        rijen, na = batch(session, doorloop, today, na, grootte)
        yield from rijen
        if na is None:
            return
