"""The policy lab: replay a region's history under another policy (issue 16).

``speel_na(beleid, gebeurtenissen)`` walks the history in order and keeps the omgekeerde-
plaatsing pool as it stood at every moment:

- ``Aanmelding``: a kandidaat enters the pool, or its data changes (a new version replaces the
  old one: as it stood from that moment);
- ``Afmelding``: it leaves the pool (an offer, a placement, a pause, withdrawal, maatwerk);
- ``Voordrachtmoment``: places of a voordracht were filled — at creation, or when a place
  emptied — for a woning as it was reported, with the places it already held, the strikes
  (MATCH-V1) and the declines (MATCH-E7) of that moment.

At every ``Voordrachtmoment`` the real engine (``stel_voor``) proposes under ``beleid``, against
the pool of that moment: replaying the region's own policy gives the places that were actually
filled, place by place. The pool follows the real history (who entered, left, was placed): the
replay answers "whom would each woning have gone to at that moment", not how later placements
would have shifted. Nothing here reads or writes data; the caller builds the history.

``vergelijk`` puts two replays side by side: waiting time to the first proposal (median, p90),
first-choice share and declines per zorgaanbieder, gemeente and corporatie, and per kandidaat how
many days earlier or later a first proposal would have come, as a distribution. No kandidaat is
named; groups under ``MINIMUM_GROEP`` are suppressed.
"""

from __future__ import annotations

import bisect
import heapq
import statistics
from collections import defaultdict
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from datetime import date
from datetime import datetime
from datetime import timedelta
from types import MappingProxyType

from matching.model import Context
from matching.model import EersteKeuzeBeleid
from matching.model import Inkomensgrenzen
from matching.model import Kandidaat
from matching.model import Voordrachtplek
from matching.model import Woning
from matching.propose import stel_voor
from matching.ranking import is_eerste_keuze
from matching.ranking import rangsleutel

__all__ = [
    "MINIMUM_GROEP",
    "Pool",
    "Aanmelding",
    "Afmelding",
    "Beleid",
    "Herspeeld",
    "Voordrachtmoment",
    "speel_na",
    "vergelijk",
    "verschuif",
]

#: Groups smaller than this are never shown (privacy: no one can be singled out).
MINIMUM_GROEP = 5


@dataclass(frozen=True, slots=True)
class Aanmelding:
    moment: datetime
    kandidaat: Kandidaat
    #: Set when the kandidaat came back because this aanbieding lapsed (``verlopen``).
    aanbieding: str | None = None


@dataclass(frozen=True, slots=True)
class Afmelding:
    moment: datetime
    kandidaat_id: str


@dataclass(frozen=True, slots=True)
class Voordrachtmoment:
    """Places of one voordracht were filled at ``moment`` (``peildatum`` is its date)."""

    moment: datetime
    peildatum: date
    voordracht_id: str
    woning: Woning
    corporatie: str
    aantal: int
    overslaan: frozenset[str] = frozenset()
    afgewezen: frozenset[str] = frozenset()
    geschrapt: Mapping[str, str] = field(default_factory=dict, hash=False)
    #: Who was actually proposed at this moment, in rank order (empty when unknown).
    werkelijk: tuple[str, ...] = ()
    #: Set when this refill followed the lapse of that aanbieding (its place emptied then).
    aanbieding: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "geschrapt", MappingProxyType(dict(self.geschrapt)))


Gebeurtenis = Aanmelding | Afmelding | Voordrachtmoment


@dataclass(frozen=True, slots=True)
class Beleid:
    """What may differ from the region's policy in a replay.

    ``grenzen``: the income and rent limits per year (MATCH-E4); ``aantal``: places per
    voordracht (MATCH-N; None keeps what each voordracht asked); ``eerste_keuze`` with
    ``max_voorsprong_maanden``: MATCH-K1 (``voorrang`` hard, ``begrensd`` bounded);
    ``kamers_per_huishouden``: the rooms a household needs by size (MATCH-E3, as
    ``Context``). The offer deadlines act on the history itself: see ``verschuif``.
    """

    grenzen: Mapping[int, Inkomensgrenzen]
    eerste_keuze: str = "voorrang"
    max_voorsprong_maanden: int | None = None
    aantal: int | None = None
    kamers_per_huishouden: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "grenzen", MappingProxyType(dict(self.grenzen)))
        object.__setattr__(self, "kamers_per_huishouden", tuple(self.kamers_per_huishouden))
        self.keuzebeleid  # noqa: B018 - validates eerste_keuze with max_voorsprong_maanden
        if self.aantal is not None and not 1 <= self.aantal <= 10:
            raise ValueError("aantal must be between 1 and 10")

    @property
    def keuzebeleid(self) -> EersteKeuzeBeleid:
        """MATCH-K1 as the engine takes it."""
        return EersteKeuzeBeleid(self.eerste_keuze, self.max_voorsprong_maanden)

    def grenzen_voor(self, peildatum: date) -> Inkomensgrenzen:
        jaren = sorted(j for j in self.grenzen if j <= peildatum.year) or sorted(self.grenzen)
        return self.grenzen[jaren[-1]]


@dataclass(frozen=True, slots=True)
class Herspeeld:
    """One voordrachtmoment and the places the replay filled."""

    moment: Voordrachtmoment
    plekken: tuple[Voordrachtplek, ...]

    @property
    def kandidaten(self) -> tuple[str, ...]:
        return tuple(p.kandidaat_id for p in self.plekken)


Sleutel = tuple[date, int, str]


def _sleutel(k: Kandidaat) -> Sleutel:
    """Waiting order within a gemeente: aanmelddatum, then registration order (MATCH-K2, K3)."""
    return (k.aanmelddatum, k.volgnummer, k.id)


class Pool:
    """The pool as it stands, with per gemeente every version ever seen in waiting order.

    A listed entry counts only while it is the kandidaat's current version in the pool and
    still names that gemeente. A woning reads its gemeente's list from the front and stops once
    its places are filled; entries that no longer count are dropped as they are met (a
    kandidaat who comes back is listed again by ``aanmelden``).
    """

    def __init__(self) -> None:
        self.lijsten: dict[str, list[Sleutel]] = defaultdict(list)
        self._gezien: set[tuple[str, Sleutel]] = set()
        self.actief: dict[str, Kandidaat] = {}

    def aanmelden(self, k: Kandidaat) -> None:
        sleutel = _sleutel(k)
        for gemeente in k.gemeentevoorkeuren:
            if (gemeente, sleutel) not in self._gezien:
                self._gezien.add((gemeente, sleutel))
                bisect.insort(self.lijsten[gemeente], sleutel)
        self.actief[k.id] = k

    def afmelden(self, kandidaat_id: str) -> None:
        self.actief.pop(kandidaat_id, None)

    def _stroom(self, woning: Woning, eerste: bool, dood: set[Sleutel]) -> Iterator[Kandidaat]:
        gemeente = woning.gemeente
        for sleutel in self.lijsten.get(gemeente, ()):
            k = self.actief.get(sleutel[2])
            if k is None or _sleutel(k) != sleutel or gemeente not in k.gemeentevoorkeuren:
                dood.add(sleutel)
                continue
            if is_eerste_keuze(k, woning) == eerste:
                yield k

    def _opruimen(self, gemeente: str, dood: set[Sleutel]) -> None:
        lijst = self.lijsten[gemeente]
        for sleutel in dood:
            i = bisect.bisect_left(lijst, sleutel)
            if i < len(lijst) and lijst[i] == sleutel:
                del lijst[i]
            self._gezien.discard((gemeente, sleutel))

    def op_volgorde(
        self, woning: Woning, beleid: EersteKeuzeBeleid, dood: set[Sleutel]
    ) -> Iterator[Kandidaat]:
        """The pool in rank order for ``woning`` (MATCH-K1..K3 under ``beleid``): the
        first-choice and the other kandidaten each in waiting order, then ``voorrang`` puts the
        first all before the second, ``begrensd`` merges them by the engine's rank key."""
        eerste, andere = self._stroom(woning, True, dood), self._stroom(woning, False, dood)
        if beleid.soort == "voorrang":
            yield from eerste
            yield from andere
        else:
            yield from heapq.merge(eerste, andere, key=lambda k: rangsleutel(k, woning, beleid))

    def stel_voor(self, moment: Voordrachtmoment, beleid: Beleid) -> tuple[Voordrachtplek, ...]:
        context = Context(
            peildatum=moment.peildatum,
            grenzen=beleid.grenzen_voor(moment.peildatum),
            aantal=moment.aantal if beleid.aantal is None else beleid.aantal,
            afgewezen=moment.afgewezen,
            geschrapt=moment.geschrapt,
            overslaan=moment.overslaan,
            beleid=beleid.keuzebeleid,
            kamers_per_huishouden=beleid.kamers_per_huishouden,
        )
        woning = moment.woning
        dood: set[Sleutel] = set()
        plekken = stel_voor(
            woning, self.op_volgorde(woning, context.beleid, dood), context, gesorteerd=True
        ).plekken
        if dood:
            self._opruimen(woning.gemeente, dood)
        return plekken


def speel_na(beleid: Beleid, gebeurtenissen: Iterable[Gebeurtenis]) -> tuple[Herspeeld, ...]:
    """Replay ``gebeurtenissen`` (in the order given: by moment) under ``beleid``."""
    pool = Pool()
    uit: list[Herspeeld] = []
    for g in gebeurtenissen:
        if isinstance(g, Aanmelding):
            pool.aanmelden(g.kandidaat)
        elif isinstance(g, Afmelding):
            pool.afmelden(g.kandidaat_id)
        else:
            uit.append(Herspeeld(g, pool.stel_voor(g, beleid)))
    return tuple(uit)


def verschuif(
    gebeurtenissen: Sequence[Gebeurtenis],
    einde: Mapping[str, datetime],
    dag: Callable[[datetime], date],
) -> list[Gebeurtenis]:
    """The history with other offer deadlines (DRE-O1, DRE-O2).

    ``einde`` maps a lapsed aanbieding to the moment it would have lapsed under the other
    deadlines. The kandidaat's return to the pool and the refill of the place it left move by
    the same amount; ``dag`` gives a moment's calendar date (the region's time zone). A return
    never moves past the kandidaat's next event in the history (a pause, a change, another
    offer), so no event is reordered for that kandidaat. Offers that were answered are left as
    they happened: who answers in time under another deadline is not known.
    """
    volgende: dict[int, datetime] = {}
    laatst: dict[str, datetime] = {}
    for i in range(len(gebeurtenissen) - 1, -1, -1):
        g = gebeurtenissen[i]
        kid = _wie(g)
        if kid is None:
            continue
        if kid in laatst:
            volgende[i] = laatst[kid]
        laatst[kid] = g.moment
    verschoven: dict[str, timedelta] = {}
    uit: list[tuple[datetime, int, Gebeurtenis]] = []
    for i, g in enumerate(gebeurtenissen):
        if isinstance(g, Aanmelding) and g.aanbieding is not None and g.aanbieding in einde:
            nieuw = einde[g.aanbieding]
            if i in volgende and nieuw >= volgende[i]:
                nieuw = volgende[i] - timedelta(microseconds=1)
            verschoven[g.aanbieding] = nieuw - g.moment
            g = replace(g, moment=nieuw)
        elif (
            isinstance(g, Voordrachtmoment)
            and g.aanbieding is not None
            and g.aanbieding in verschoven
        ):
            t = g.moment + verschoven[g.aanbieding]
            g = replace(g, moment=t, peildatum=dag(t))
        uit.append((g.moment, i, g))
    uit.sort(key=lambda r: (r[0], r[1]))
    return [g for _, _, g in uit]


def _wie(g: Gebeurtenis) -> str | None:
    if isinstance(g, Aanmelding):
        return g.kandidaat.id
    if isinstance(g, Afmelding):
        return g.kandidaat_id
    return None


# --- results ----------------------------------------------------------------------------------


def _p90(waarden: list[int]) -> float:
    s = sorted(waarden)
    return float(s[min(len(s) - 1, int(round(0.9 * (len(s) - 1))))])


def _figuren(wachten: list[int], eerste: list[bool], afgewezen: int) -> dict[str, object]:
    n = len(wachten)
    if n < MINIMUM_GROEP:
        return {"aantal": None, "onderdrukt": True}
    return {
        "aantal": n,
        "onderdrukt": False,
        "wachttijdMediaanDagen": float(statistics.median(wachten)),
        "wachttijdP90Dagen": _p90(wachten),
        "aandeelEersteKeuze": round(sum(eerste) / n, 3),
        "afwijzingen": afgewezen,
    }


@dataclass(frozen=True, slots=True)
class _Eerste:
    """A kandidaat's first proposal in one replay."""

    dag: date
    gemeente: str
    corporatie: str
    eerste_keuze: bool


def _eerste_voorstellen(herspeeld: Sequence[Herspeeld]) -> dict[str, _Eerste]:
    eerste: dict[str, _Eerste] = {}
    for h in herspeeld:
        for p in h.plekken:
            if p.kandidaat_id not in eerste:
                eerste[p.kandidaat_id] = _Eerste(
                    h.moment.peildatum,
                    h.moment.woning.gemeente,
                    h.moment.corporatie,
                    p.eerste_keuze,
                )
    return eerste


BAKJES: tuple[tuple[str, int, int], ...] = (
    ("meer dan 90 dagen eerder", -(10**6), -91),
    ("31 tot 90 dagen eerder", -90, -31),
    ("1 tot 30 dagen eerder", -30, -1),
    ("even snel", 0, 0),
    ("1 tot 30 dagen later", 1, 30),
    ("31 tot 90 dagen later", 31, 90),
    ("meer dan 90 dagen later", 91, 10**6),
)


def vergelijk(
    nu: Sequence[Herspeeld],
    voorstel: Sequence[Herspeeld],
    *,
    aanmelddatum: Mapping[str, date],
    zorgaanbieder: Mapping[str, str],
    afwijzingen: Mapping[str, int] | None = None,
) -> dict[str, object]:
    """Side by side: the policy as is (``nu``) and as proposed (``voorstel``).

    ``aanmelddatum`` and ``zorgaanbieder`` (a name) per kandidaat id; ``afwijzingen`` counts the
    real declines per kandidaat (history: the same on both sides).
    """
    afwijzingen = afwijzingen or {}
    kanten = {"nu": _eerste_voorstellen(nu), "voorstel": _eerste_voorstellen(voorstel)}
    groepen: dict[str, dict[str, dict[str, object]]] = {}
    for dimensie in ("zorgaanbieder", "gemeente", "corporatie", "regio"):
        per: dict[str, dict[str, object]] = {}
        for kant, eerste in kanten.items():
            verzameld: dict[str, tuple[list[int], list[bool], int]] = defaultdict(
                lambda: ([], [], 0)
            )
            for kid, e in eerste.items():
                naam = {
                    "zorgaanbieder": zorgaanbieder.get(kid, "onbekend"),
                    "gemeente": e.gemeente,
                    "corporatie": e.corporatie,
                    "regio": "regio",
                }[dimensie]
                wachten, keuze, afw = verzameld[naam]
                wachten.append((e.dag - aanmelddatum[kid]).days)
                keuze.append(e.eerste_keuze)
                verzameld[naam] = (wachten, keuze, afw + afwijzingen.get(kid, 0))
            for naam, (wachten, keuze, afw) in verzameld.items():
                per.setdefault(naam, {})[kant] = _figuren(wachten, keuze, afw)
        for kanten_ in per.values():
            for kant in ("nu", "voorstel"):
                kanten_.setdefault(kant, {"aantal": 0, "onderdrukt": False})
        groepen[dimensie] = dict(sorted(per.items()))
    verschil = {label: 0 for label, _, _ in BAKJES}
    alleen_nu = alleen_voorstel = 0
    for kid in set(kanten["nu"]) | set(kanten["voorstel"]):
        a, b = kanten["nu"].get(kid), kanten["voorstel"].get(kid)
        if a is None:
            alleen_voorstel += 1
        elif b is None:
            alleen_nu += 1
        else:
            d = (b.dag - a.dag).days
            for label, lo, hi in BAKJES:
                if lo <= d <= hi:
                    verschil[label] += 1
    verdeling = [
        {"verschil": label, "aantal": n if n >= MINIMUM_GROEP or n == 0 else None}
        for label, n in verschil.items()
    ]
    verdeling += [
        {"verschil": "alleen nu voorgedragen", "aantal": _klein(alleen_nu)},
        {"verschil": "alleen bij het voorstel voorgedragen", "aantal": _klein(alleen_voorstel)},
    ]
    return {
        "voordrachtmomenten": len(nu),
        "gewijzigdeVoordrachten": sum(
            1 for a, b in zip(nu, voorstel, strict=True) if a.kandidaten != b.kandidaten
        ),
        "groepen": groepen,
        "eerderOfLater": verdeling,
        "minimumGroep": MINIMUM_GROEP,
    }


def _klein(n: int) -> int | None:
    return n if n >= MINIMUM_GROEP or n == 0 else None
