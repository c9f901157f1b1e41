"""The region's history for ``matching.replay``, read from the audit trail.

Every change is recorded in ``gebeurtenis`` in its own transaction, in order (``id``); this
module turns that into the replay's events:

- the pool (MATCH-E1 as stored: wachtend, omgekeerde plaatsing, gereed, begeleiding akkoord)
  per kandidaat, from the snapshots of ``kandidaat-aangemeld`` / ``-gewijzigd`` / status
  changes, and the flow: ``aanbieding-gedaan`` (out), ``aanbieding-afgewezen`` / ``-verlopen``
  (back), ``plaatsing-vastgelegd`` (out), ``traject-doorgestuurd`` (maatwerk: out);
- every ``voordracht-gemaakt`` and ``voordracht-aangevuld`` as a ``Voordrachtmoment`` with the
  woning, the places filled (``werkelijk``, in rank order), the places it already held, the
  strikes (MATCH-V1) and the declines (MATCH-E7) of that moment.

Limits, by design of what is recorded: the woning is taken as it is now (a changed woning is
replayed with its current data); a refill asks as many places as it actually filled (at least
one); data removed by the retention job cannot be replayed (those kandidaten are left out).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from typing import Any

from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

import matching
from matching.replay import Aanmelding
from matching.replay import Afmelding
from matching.replay import Gebeurtenis
from matching.replay import Voordrachtmoment
from service.clock import datum_van
from service.errors import GrenzenOntbreken
from service.mapping import MATCH_COLUMNS
from service.mapping import woning_input
from service.models import Gebeurtenis as Audit
from service.models import Kandidaat
from service.models import KandidaatRoute
from service.models import KandidaatStatus
from service.models import Organisatie
from service.models import Voordracht
from service.models import Voordrachtplek
from service.models import Woning
from service.queries import voorkeuren
from service.regio import Regio

ACTIES = (
    "kandidaat-aangemeld",
    "kandidaat-gewijzigd",
    "kandidaat-gepauzeerd",
    "kandidaat-wachtend",
    "kandidaat-uitgeschreven",
    "kandidaat-extern-geplaatst",
    "aanbieding-gedaan",
    "aanbieding-afgewezen",
    "aanbieding-verlopen",
    "plaatsing-vastgelegd",
    "traject-doorgestuurd",
    "voordracht-gemaakt",
    "voordracht-aangevuld",
    "kandidaat-geschrapt",
)

#: The kandidaat fields a version carries: what the engine reads, less the id.
_VELDEN = tuple(c for c in MATCH_COLUMNS if c != "id")


@dataclass
class Geschiedenis:
    gebeurtenissen: list[Gebeurtenis]
    zorgaanbieder: dict[str, str]  # kandidaat id -> zorgaanbieder name
    aanmelddatum: dict[str, date]
    afwijzingen: dict[str, int]  # real declines per kandidaat
    van: date | None = None
    tot: date | None = None
    weggelaten: int = 0  # kandidaten without the data to replay them
    voordrachten: set[str] = field(default_factory=set)


def _kandidaat(kid: str, staat: dict[str, Any], prefs: tuple[str, ...]) -> matching.Kandidaat:
    def d(v: Any) -> date:
        return v if isinstance(v, date) else date.fromisoformat(v)

    return matching.Kandidaat(
        id=kid,
        status=staat["status"],
        route=staat["route"],
        gereed_verklaard=bool(staat["gereed_verklaard"]),
        begeleiding_akkoord=bool(staat["begeleiding_akkoord"]),
        aanmelddatum=d(staat["aanmelddatum"]),
        volgnummer=int(staat["volgnummer"]),
        gemeentevoorkeuren=prefs,
        volwassenen=int(staat["volwassenen"]),
        kinderen=int(staat["kinderen"]),
        geboortedatum=d(staat["geboortedatum"]),
        jaarinkomen=int(staat["jaarinkomen"]),
        rolstoel=bool(staat["rolstoel"]),
        trapvrij=bool(staat["trapvrij"]),
        hoogste_verdieping=staat["hoogste_verdieping"],
        minimum_kamers=int(staat["minimum_kamers"]),
    )


def _in_pool(staat: dict[str, Any]) -> bool:
    return (
        staat.get("status") == KandidaatStatus.wachtend
        and staat.get("route") == KandidaatRoute.omgekeerde_plaatsing
        and bool(staat.get("gereed_verklaard"))
        and bool(staat.get("begeleiding_akkoord"))
    )


def lees(
    session: Session,
    regio: Regio,
    *,
    van: date | None = None,
    tot: date | None = None,
) -> Geschiedenis:
    """The history up to ``tot``; voordrachtmomenten from ``van`` on (the pool always from the
    start, so the waiting list stands as it did). ``regio`` gives the limits and the ranking
    policy the voordrachten were made under (the region's current ones)."""
    rows = session.exec(
        select(Audit).where(col(Audit.actie).in_(ACTIES)).order_by(col(Audit.id))
    ).all()
    r = _Herbeleving(session, regio, rows, van=van, tot=tot)
    for g in rows:
        r.stille_tot(g.tijdstip)
        r.verwerk(g)
        if tot is not None and datum_van(g.tijdstip) > tot:
            break
    return Geschiedenis(
        gebeurtenissen=r.uit,
        zorgaanbieder={
            kid: r.namen.get(k.zorgaanbieder_id, "onbekend") for kid, k in r.kandidaten.items()
        },
        aanmelddatum={kid: k.aanmelddatum for kid, k in r.kandidaten.items()},
        afwijzingen=dict(r.afwijzingen),
        van=van,
        tot=tot,
        weggelaten=len(r.weggelaten),
    )


class _Herbeleving:
    """The waiting list and the voordrachten as they stood, replayed record by record."""

    def __init__(
        self,
        session: Session,
        regio: Regio,
        rows: Sequence[Audit],
        *,
        van: date | None,
        tot: date | None,
    ) -> None:
        self.regio, self.van, self.tot = regio, van, tot
        self.keuzebeleid = regio.matching.beleid()
        self.kandidaten = {str(k.id): k for k in session.exec(select(Kandidaat)).all()}
        self.prefs_nu = {
            str(k): tuple(v)
            for k, v in voorkeuren(session, list(kandidaten_ids(self.kandidaten))).items()
        }
        self.namen = dict(session.exec(select(Organisatie.id, Organisatie.naam)).all())
        self.voordrachten = {str(v.id): v for v in session.exec(select(Voordracht)).all()}
        self.woningen = {str(w.id): w for w in session.exec(select(Woning)).all()}
        self.plekken: dict[str, list[Voordrachtplek]] = defaultdict(list)
        for p in session.exec(select(Voordrachtplek)).all():
            self.plekken[str(p.voordracht_id)].append(p)
        # The first known preferences: those before the first change, else the current ones.
        self.prefs: dict[str, tuple[str, ...]] = {}
        for g in rows:
            if g.actie == "kandidaat-gewijzigd" and g.object_id not in self.prefs and g.voor:
                self.prefs[str(g.object_id)] = tuple(g.voor.get("gemeentevoorkeuren") or ())
        self.staat: dict[str, dict[str, Any]] = {}
        self.in_pool: dict[str, matching.Kandidaat] = {}
        self.weggelaten: set[str] = set()
        self.uit: list[Gebeurtenis] = []
        self.afwijzingen: dict[str, int] = defaultdict(int)
        self.geweigerd: dict[str, set[str]] = defaultdict(set)  # woning -> kandidaten (MATCH-E7)
        self.geschrapt: dict[str, dict[str, str]] = defaultdict(dict)  # voordracht -> kid -> reden
        # Active places (te-beoordelen, goedgekeurd, gekozen) per voordracht, and per kandidaat.
        self.actief: dict[str, set[str]] = defaultdict(set)
        self.plekken_van: dict[str, set[str]] = defaultdict(set)
        self.woning_van: dict[str, matching.Woning] = {}
        # voordracht -> the lapsed aanbieding whose place its next refill fills (``verschuif``)
        self.na_verloop: dict[str, str] = {}
        # Kandidaten registered without an audit row of their own (the waiting-list import)
        # enter at their registration moment with their current data.
        aangemeld = {str(g.object_id) for g in rows if g.actie == "kandidaat-aangemeld"}
        self.stil = sorted(
            ((k.aangemaakt_op, kid) for kid, k in self.kandidaten.items() if kid not in aangemeld),
            reverse=True,
        )

    # --- the pool ---------------------------------------------------------------------------

    def vervalt(self, kid: str, behalve: str | None = None) -> None:
        """The kandidaat left the pool: its places elsewhere lapse (``release_kandidaat``)."""
        for vid in list(self.plekken_van[kid]):
            if vid != behalve:
                self.laat_los(vid, kid)

    def laat_los(self, vid: str, kid: str) -> None:
        self.actief[vid].discard(kid)
        self.plekken_van[kid].discard(vid)

    def ongeschikt(self, k: matching.Kandidaat, moment: datetime) -> None:
        """Still in the pool, but changed: places for woningen it no longer suits lapse."""
        try:  # the region's rules as the service judged them (levensloop.plekken.uitsluiting)
            ctx = self.regio.context(datum_van(moment))
        except GrenzenOntbreken:  # no voordracht was made in such a year: nothing lapsed
            return
        for vid in list(self.plekken_van[k.id]):
            if matching.eerste_uitsluiting(k, self.woning_van[vid], ctx) is not None:
                self.laat_los(vid, k.id)

    def bijwerken(
        self, kid: str, moment: datetime, behalve: str | None = None, aanbieding: str | None = None
    ) -> None:
        s = self.staat.get(kid)
        if s is None or kid in self.weggelaten:
            return
        if not _in_pool(s):
            if self.in_pool.pop(kid, None) is not None:
                self.vervalt(kid, behalve)
                self.uit.append(Afmelding(moment, kid))
            return
        try:
            k = _kandidaat(kid, s, self.prefs.get(kid, self.prefs_nu.get(kid, ())))
        except (KeyError, TypeError, ValueError):
            self.weggelaten.add(kid)
            self.in_pool.pop(kid, None)
            self.uit.append(Afmelding(moment, kid))
            return
        if self.in_pool.get(kid) != k:
            if kid in self.in_pool:
                self.ongeschikt(k, moment)
            self.in_pool[kid] = k
            self.uit.append(Aanmelding(moment, k, aanbieding))

    def zet(
        self,
        kid: str | None,
        moment: datetime,
        behalve: str | None = None,
        aanbieding: str | None = None,
        **waarden: Any,
    ) -> None:
        if kid and kid in self.staat:
            self.staat[kid].update(waarden)
            self.bijwerken(kid, moment, behalve, aanbieding)

    def stille_tot(self, moment: datetime | None) -> None:
        while self.stil and (moment is None or self.stil[-1][0] <= moment):
            t0, kid = self.stil.pop()
            k = self.kandidaten[kid]
            self.staat[kid] = {v: getattr(k, v) for v in _VELDEN} | {
                "status": KandidaatStatus.wachtend
            }
            self.bijwerken(kid, t0)

    # --- one record -------------------------------------------------------------------------

    def verwerk(self, g: Audit) -> None:
        t, na = g.tijdstip, g.na or {}
        if g.objecttype == "kandidaat" and g.object_id and na:
            self.kandidaat(str(g.object_id), t, na)
        elif g.actie == "aanbieding-gedaan":
            self.zet(
                na.get("kandidaat_id"),
                t,
                na.get("voordracht_id"),
                status=KandidaatStatus.aangeboden,
            )
        elif g.actie in ("aanbieding-afgewezen", "aanbieding-verlopen"):
            self.aanbieding_dicht(g, t, na)
        elif g.actie == "plaatsing-vastgelegd":
            self.zet(na.get("kandidaat_id"), t, status=KandidaatStatus.geplaatst)
        elif g.actie == "traject-doorgestuurd":
            self.zet(na.get("kandidaat_id"), t, route=KandidaatRoute.maatwerk)
        elif g.actie == "kandidaat-geschrapt":
            vid, kid = str(g.object_id), str(na.get("kandidaat"))
            self.geschrapt[vid][kid] = g.toelichting or ""
            self.laat_los(vid, kid)
        elif g.actie in ("voordracht-gemaakt", "voordracht-aangevuld"):
            self.voordracht(g, t, na)

    def kandidaat(self, kid: str, t: datetime, na: dict[str, Any]) -> None:
        self.staat.setdefault(kid, {}).update({v: na[v] for v in _VELDEN if v in na})
        if kid in self.kandidaten:  # the registration order never changes (MATCH-K3)
            self.staat[kid]["volgnummer"] = self.kandidaten[kid].volgnummer
        if "gemeentevoorkeuren" in na:
            self.prefs[kid] = tuple(na["gemeentevoorkeuren"])
        self.bijwerken(kid, t)

    def aanbieding_dicht(self, g: Audit, t: datetime, na: dict[str, Any]) -> None:
        kid = na.get("kandidaat_id")
        verlopen = g.actie == "aanbieding-verlopen"
        if kid:
            self.afwijzingen[kid] += 1
            if not verlopen:  # MATCH-E7: a lapse is no decline
                self.geweigerd[str(na.get("woning_id"))].add(kid)
            if na.get("voordracht_id"):  # its place there is now afgewezen / verlopen
                self.laat_los(str(na["voordracht_id"]), kid)
                if verlopen:
                    self.na_verloop[str(na["voordracht_id"])] = str(g.object_id)
        self.zet(
            kid,
            t,
            aanbieding=str(g.object_id) if verlopen else None,
            status=KandidaatStatus.wachtend,
        )

    def voordracht(self, g: Audit, t: datetime, na: dict[str, Any]) -> None:
        vd = self.voordrachten.get(str(g.object_id))
        woning = self.woningen.get(str(vd.woning_id)) if vd else None
        if vd is None or woning is None:
            return
        vid = str(vd.id)
        w = woning_input(woning)
        if g.actie == "voordracht-gemaakt":
            nieuw = [str(p.kandidaat_id) for p in self.plekken[vid] if p.aangemaakt_op <= t]
            aantal = vd.gevraagd
        else:
            nieuw = [str(x) for x in na.get("nieuw", [])]
            aantal = max(1, len(nieuw))
        peildatum = datum_van(t)
        gestreept = self.geschrapt[vid]
        geweigerd_hier = frozenset(self.geweigerd[str(woning.id)])
        overslaan = frozenset(self.actief[vid])
        werkelijk = sorted(nieuw, key=lambda kid: self.sleutel(kid, w))
        self.woning_van[vid] = w
        verloop = self.na_verloop.pop(vid, None) if g.actie == "voordracht-aangevuld" else None
        for kid in nieuw:
            self.actief[vid].add(kid)
            self.plekken_van[kid].add(vid)
        if (self.van is not None and peildatum < self.van) or (
            self.tot is not None and peildatum > self.tot
        ):
            return
        self.uit.append(
            Voordrachtmoment(
                moment=t,
                peildatum=peildatum,
                voordracht_id=vid,
                woning=w,
                corporatie=self.namen.get(vd.corporatie_id, "onbekend"),
                aantal=aantal,
                overslaan=overslaan,
                afgewezen=geweigerd_hier,
                geschrapt=dict(gestreept),
                werkelijk=tuple(werkelijk),
                aanbieding=verloop,
            )
        )

    def sleutel(self, kid: str, w: matching.Woning) -> tuple[Any, ...]:
        if kid not in self.in_pool:
            return (9,)
        return tuple(matching.rangsleutel(self.in_pool[kid], w, self.keuzebeleid))


def kandidaten_ids(kandidaten: dict[str, Kandidaat]) -> list[uuid.UUID]:
    return [k.id for k in kandidaten.values()]
