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
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

import matching
from matching.replay import Aanmelding, Afmelding, Gebeurtenis, Voordrachtmoment
from service.clock import datum_van
from service.kandidaten.actions import voorkeuren
from service.mapping import MATCH_COLUMNS, woning_input
from service.models import (
    Gebeurtenis as Audit,
)
from service.models import (
    Kandidaat,
    KandidaatRoute,
    KandidaatStatus,
    Organisatie,
    Voordracht,
    VoordrachtPlek,
    Woning,
)
from service.region import GrenzenOntbreken, Regio

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
    keuzebeleid = regio.matching.beleid()
    rows = session.exec(
        select(Audit).where(col(Audit.actie).in_(ACTIES)).order_by(col(Audit.id))
    ).all()
    kandidaten = {str(k.id): k for k in session.exec(select(Kandidaat)).all()}
    prefs_nu = {
        str(k): tuple(v) for k, v in voorkeuren(session, list(kandidaten_ids(kandidaten))).items()
    }
    namen = dict(session.exec(select(Organisatie.id, Organisatie.naam)).all())
    voordrachten = {str(v.id): v for v in session.exec(select(Voordracht)).all()}
    woningen = {str(w.id): w for w in session.exec(select(Woning)).all()}
    plekken: dict[str, list[VoordrachtPlek]] = defaultdict(list)
    for p in session.exec(select(VoordrachtPlek)).all():
        plekken[str(p.voordracht_id)].append(p)

    # The first known preferences: those before the first change, else the current ones.
    prefs: dict[str, tuple[str, ...]] = {}
    for g in rows:
        if g.actie == "kandidaat-gewijzigd" and g.object_id not in prefs and g.voor:
            prefs[str(g.object_id)] = tuple(g.voor.get("gemeentevoorkeuren") or ())
    staat: dict[str, dict[str, Any]] = {}
    in_pool: dict[str, matching.Kandidaat] = {}
    weggelaten: set[str] = set()
    uit: list[Gebeurtenis] = []
    afwijzingen: dict[str, int] = defaultdict(int)
    geweigerd: dict[str, set[str]] = defaultdict(set)  # woning -> kandidaten (MATCH-E7)
    geschrapt: dict[str, dict[str, str]] = defaultdict(dict)  # voordracht -> kandidaat -> reden
    # Active places (te-beoordelen, goedgekeurd, gekozen) per voordracht, and per kandidaat.
    actief: dict[str, set[str]] = defaultdict(set)
    plekken_van: dict[str, set[str]] = defaultdict(set)
    woning_van: dict[str, matching.Woning] = {}
    # voordracht -> the lapsed aanbieding whose place its next refill fills (``verschuif``)
    na_verloop: dict[str, str] = {}

    def vervalt(kid: str, behalve: str | None = None) -> None:
        """The kandidaat left the pool: its places elsewhere lapse (``release_kandidaat``)."""
        for vid in list(plekken_van[kid]):
            if vid != behalve:
                actief[vid].discard(kid)
                plekken_van[kid].discard(vid)

    def ongeschikt(k: matching.Kandidaat, moment: datetime) -> None:
        """Still in the pool, but changed: places for woningen it no longer suits lapse."""
        try:  # the region's rules as the service judged them (voordrachten._still_suitable)
            ctx = regio.context(datum_van(moment))
        except GrenzenOntbreken:  # no voordracht was made in such a year: nothing lapsed
            return
        for vid in list(plekken_van[k.id]):
            if matching.eerste_uitsluiting(k, woning_van[vid], ctx) is not None:
                actief[vid].discard(k.id)
                plekken_van[k.id].discard(vid)

    def bijwerken(
        kid: str, moment: datetime, behalve: str | None = None, aanbieding: str | None = None
    ) -> None:
        s = staat.get(kid)
        if s is None or kid in weggelaten:
            return
        if _in_pool(s):
            try:
                k = _kandidaat(kid, s, prefs.get(kid, prefs_nu.get(kid, ())))
            except (KeyError, TypeError, ValueError):
                weggelaten.add(kid)
                in_pool.pop(kid, None)
                uit.append(Afmelding(moment, kid))
                return
            if in_pool.get(kid) != k:
                if kid in in_pool:
                    ongeschikt(k, moment)
                in_pool[kid] = k
                uit.append(Aanmelding(moment, k, aanbieding))
        elif in_pool.pop(kid, None) is not None:
            vervalt(kid, behalve)
            uit.append(Afmelding(moment, kid))

    def zet(
        kid: str | None,
        moment: datetime,
        behalve: str | None = None,
        aanbieding: str | None = None,
        **waarden: Any,
    ) -> None:
        if kid and kid in staat:
            staat[kid].update(waarden)
            bijwerken(kid, moment, behalve, aanbieding)

    # Kandidaten registered without an audit row of their own (the waiting-list import) enter
    # at their registration moment with their current data.
    aangemeld = {str(g.object_id) for g in rows if g.actie == "kandidaat-aangemeld"}
    stil = sorted((k.aangemaakt_op, kid) for kid, k in kandidaten.items() if kid not in aangemeld)
    stil.reverse()

    def stille_tot(moment: datetime | None) -> None:
        while stil and (moment is None or stil[-1][0] <= moment):
            t0, kid = stil.pop()
            k = kandidaten[kid]
            staat[kid] = {v: getattr(k, v) for v in _VELDEN} | {"status": KandidaatStatus.wachtend}
            bijwerken(kid, t0)

    for g in rows:
        t = g.tijdstip
        stille_tot(t)
        na = g.na or {}
        if g.objecttype == "kandidaat" and g.object_id and na:
            kid = str(g.object_id)
            staat.setdefault(kid, {}).update({v: na[v] for v in _VELDEN if v in na})
            if kid in kandidaten:  # the registration order never changes (MATCH-K3)
                staat[kid]["volgnummer"] = kandidaten[kid].volgnummer
            if "gemeentevoorkeuren" in na:
                prefs[kid] = tuple(na["gemeentevoorkeuren"])
            bijwerken(kid, t)
        elif g.actie == "aanbieding-gedaan":
            zet(
                na.get("kandidaat_id"),
                t,
                na.get("voordracht_id"),
                status=KandidaatStatus.aangeboden,
            )
        elif g.actie in ("aanbieding-afgewezen", "aanbieding-verlopen"):
            wie: str | None = na.get("kandidaat_id")
            verlopen = g.actie == "aanbieding-verlopen"
            if wie:
                afwijzingen[wie] += 1
                if not verlopen:  # MATCH-E7: a lapse is no decline
                    geweigerd[str(na.get("woning_id"))].add(wie)
                if na.get("voordracht_id"):  # its place there is now afgewezen / verlopen
                    actief[str(na["voordracht_id"])].discard(wie)
                    plekken_van[wie].discard(str(na["voordracht_id"]))
                    if verlopen:
                        na_verloop[str(na["voordracht_id"])] = str(g.object_id)
            zet(
                wie,
                t,
                aanbieding=str(g.object_id) if verlopen else None,
                status=KandidaatStatus.wachtend,
            )
        elif g.actie == "plaatsing-vastgelegd":
            zet(na.get("kandidaat_id"), t, status=KandidaatStatus.geplaatst)
        elif g.actie == "traject-doorgestuurd":
            zet(na.get("kandidaat_id"), t, route=KandidaatRoute.maatwerk)
        elif g.actie == "kandidaat-geschrapt":
            vid, kid = str(g.object_id), str(na.get("kandidaat"))
            geschrapt[vid][kid] = g.toelichting or ""
            actief[vid].discard(kid)
            plekken_van[kid].discard(vid)
        elif g.actie in ("voordracht-gemaakt", "voordracht-aangevuld"):
            vd = voordrachten.get(str(g.object_id))
            woning = woningen.get(str(vd.woning_id)) if vd else None
            if vd is None or woning is None:
                continue
            vid = str(vd.id)
            w = woning_input(woning)
            if g.actie == "voordracht-gemaakt":
                nieuw = [str(p.kandidaat_id) for p in plekken[vid] if p.aangemaakt_op <= t]
                aantal = vd.gevraagd
            else:
                nieuw = [str(x) for x in na.get("nieuw", [])]
                aantal = max(1, len(nieuw))
            peildatum = datum_van(t)
            gestreept = geschrapt[vid]
            geweigerd_hier = frozenset(geweigerd[str(woning.id)])
            overslaan = frozenset(actief[vid])
            werkelijk = sorted(
                nieuw,
                key=lambda kid: (
                    matching.rangsleutel(in_pool[kid], w, keuzebeleid) if kid in in_pool else (9,)
                ),
            )
            woning_van[vid] = w
            verloop = na_verloop.pop(vid, None) if g.actie == "voordracht-aangevuld" else None
            for kid in nieuw:
                actief[vid].add(kid)
                plekken_van[kid].add(vid)
            if (van is not None and peildatum < van) or (tot is not None and peildatum > tot):
                continue
            uit.append(
                Voordrachtmoment(
                    moment=t,
                    peildatum=peildatum,
                    voordracht_id=vid,
                    woning=w,
                    corporatie=namen.get(vd.corporatie_id, "onbekend"),
                    aantal=aantal,
                    overslaan=overslaan,
                    afgewezen=geweigerd_hier,
                    geschrapt=dict(gestreept),
                    werkelijk=tuple(werkelijk),
                    aanbieding=verloop,
                )
            )
        if tot is not None and datum_van(t) > tot:
            break
    return Geschiedenis(
        gebeurtenissen=uit,
        zorgaanbieder={
            kid: namen.get(k.zorgaanbieder_id, "onbekend") for kid, k in kandidaten.items()
        },
        aanmelddatum={kid: k.aanmelddatum for kid, k in kandidaten.items()},
        afwijzingen=dict(afwijzingen),
        van=van,
        tot=tot,
        weggelaten=len(weggelaten),
    )


def kandidaten_ids(kandidaten: dict[str, Kandidaat]) -> list[uuid.UUID]:
    return [k.id for k in kandidaten.values()]
