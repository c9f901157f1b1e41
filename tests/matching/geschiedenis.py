"""A generated history for the policy lab: kandidaten registering, pausing, changing their
wishes; woningen reported; voordrachten filled by the engine the plain way (sort everyone,
``stel_voor`` without streaming) and written down as ``werkelijk``; offers, declines
(MATCH-E7, then the voordracht refills) and placements. Deterministic per seed."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal

from matching import Context
from matching import Kandidaat
from matching import Woning
from matching import stel_voor
from matching.replay import Aanmelding
from matching.replay import Afmelding
from matching.replay import Beleid
from matching.replay import Gebeurtenis
from matching.replay import Pool
from matching.replay import Voordrachtmoment
from tests.matching.matching_testdata import GRENZEN_2026

GEMEENTEN = ("Zeist", "De Bilt", "Utrechtse Heuvelrug", "Bunnik", "Wijk bij Duurstede")
GEWICHT = (35, 30, 18, 9, 8)
CORPORATIES = ("Nabij Wonen", "Woongroen")
BELEID = Beleid(grenzen={2026: GRENZEN_2026})
ZORGAANBIEDERS = ("Kwintes", "Lister", "Leger des Heils", "De Tussenvoorziening", "Altrecht")


def _kandidaat(rng: random.Random, i: int, dag: date) -> Kandidaat:
    n = rng.choice((1, 1, 2, 3))
    voorkeuren = (
        rng.sample(GEMEENTEN, n) if rng.random() < 0.5 else (rng.choices(GEMEENTEN, GEWICHT)[0],)
    )
    return Kandidaat(
        id=f"k{i:06d}",
        status="wachtend",
        route="omgekeerde-plaatsing",
        gereed_verklaard=rng.random() < 0.97,
        begeleiding_akkoord=True,
        aanmelddatum=dag - timedelta(days=rng.randint(0, 30 if i % 2 else 700)),
        volgnummer=i,
        gemeentevoorkeuren=tuple(dict.fromkeys(voorkeuren)),
        volwassenen=1 if rng.random() < 0.85 else 2,
        kinderen=0 if rng.random() < 0.85 else rng.randint(1, 2),
        geboortedatum=date(1960 + rng.randint(0, 45), rng.randint(1, 12), 1),
        jaarinkomen=int(rng.triangular(12000, 40000, 19000)),
        rolstoel=rng.random() < 0.03,
        trapvrij=rng.random() < 0.08,
        hoogste_verdieping=None,
        minimum_kamers=1,
    )


def _woning(rng: random.Random, i: int) -> Woning:
    kamers = rng.choice((1, 2, 2, 3, 3, 4))
    return Woning(
        id=f"w{i:05d}",
        gemeente=rng.choices(GEMEENTEN, GEWICHT)[0],
        kale_huur=Decimal(rng.randint(520, 760)) + Decimal("0.50"),
        kamers=kamers,
        verdieping=rng.choice((0, 0, 1, 2)),
        lift=rng.random() < 0.4,
        gelijkvloers=rng.random() < 0.5,
        rolstoeltoegankelijk=rng.random() < 0.1,
        max_bewoners=kamers + 1,
        minimumleeftijd=None,
    )


def genereer(
    *,
    kandidaten: int,
    woningen: int,
    dagen: int = 730,
    seed: int = 2026,
    al_wachtend: float = 0.5,
    controle: bool = True,
    beleid: Beleid | None = None,
) -> tuple[list[Gebeurtenis], dict[str, str]]:
    """The history and the zorgaanbieder per kandidaat. ``al_wachtend`` of the kandidaten are
    on the list at the start; the rest register over the period. With ``controle`` the actual
    voordrachten are computed the plain way (sorting the whole pool), else left empty."""
    rng = random.Random(seed)
    snel = Pool()  # without the control the streaming pool decides who is offered
    beleid = beleid or BELEID
    start = date(2025, 1, 1)
    uit: list[Gebeurtenis] = []
    pool: dict[str, Kandidaat] = {}
    zorg: dict[str, str] = {}
    per_dag_k: dict[int, list[int]] = {}
    for i in range(kandidaten):
        dag = 0 if rng.random() < al_wachtend else rng.randint(1, dagen - 1)
        per_dag_k.setdefault(dag, []).append(i)
    per_dag_w: dict[int, int] = {}
    for _ in range(woningen):
        d = rng.randint(1, dagen - 1)
        per_dag_w[d] = per_dag_w.get(d, 0) + 1
    gepauzeerd: dict[int, list[Kandidaat]] = {}
    terug: dict[int, list[Kandidaat]] = {}
    w_nr = 0
    for d in range(dagen):
        dag = start + timedelta(days=d)
        t = datetime.combine(dag, datetime.min.time(), UTC) + timedelta(hours=8)

        def tik() -> datetime:
            nonlocal t
            t += timedelta(seconds=1)
            return t

        for k in terug.pop(d, []) + gepauzeerd.pop(d, []):
            pool[k.id] = k
            snel.aanmelden(k)
            uit.append(Aanmelding(tik(), k))
        for i in per_dag_k.get(d, []):
            k = _kandidaat(rng, i, dag)
            zorg[k.id] = rng.choice(ZORGAANBIEDERS)
            pool[k.id] = k
            snel.aanmelden(k)
            uit.append(Aanmelding(tik(), k))
        if pool and rng.random() < 0.3:  # someone pauses for a while, or changes wishes
            k = pool[rng.choice(list(pool))]
            if rng.random() < 0.5:
                del pool[k.id]
                snel.afmelden(k.id)
                uit.append(Afmelding(tik(), k.id))
                gepauzeerd.setdefault(d + rng.randint(10, 90), []).append(k)
            else:
                nieuw = _replace(k, rng.sample(GEMEENTEN, rng.choice((1, 2))))
                pool[k.id] = nieuw
                snel.aanmelden(nieuw)
                uit.append(Aanmelding(tik(), nieuw))
        for _ in range(per_dag_w.get(d, 0)):
            w_nr += 1
            woning = _woning(rng, w_nr)
            corporatie = rng.choice(CORPORATIES)
            gehad: list[str] = []
            afgewezen: set[str] = set()
            for _ronde in range(3):  # the first offer may be declined; then the voordracht refills
                moment = tik()
                ctx = Context(
                    peildatum=dag,
                    grenzen=GRENZEN_2026,
                    aantal=3 - len([g for g in gehad if g in pool]),
                    afgewezen=frozenset(afgewezen),
                    overslaan=frozenset(gehad),
                    beleid=beleid.keuzebeleid,
                    kamers_per_huishouden=beleid.kamers_per_huishouden,
                )
                vm = Voordrachtmoment(
                    moment=moment,
                    peildatum=dag,
                    voordracht_id=f"v{w_nr:05d}",
                    woning=woning,
                    corporatie=corporatie,
                    aantal=ctx.aantal,
                    overslaan=ctx.overslaan,
                    afgewezen=ctx.afgewezen,
                )
                if controle:
                    plekken = stel_voor(woning, pool.values(), ctx).plekken
                else:
                    plekken = snel.stel_voor(vm, beleid)
                uit.append(replace(vm, werkelijk=tuple(p.kandidaat_id for p in plekken)))
                gehad += [p.kandidaat_id for p in plekken]
                kandidaten_nu = [g for g in gehad if g in pool and g not in afgewezen]
                if not kandidaten_nu:
                    break
                gekozen = kandidaten_nu[0]
                k = pool.pop(gekozen)
                snel.afmelden(gekozen)
                uit.append(Afmelding(tik(), gekozen))
                if rng.random() < 0.25:  # declined (MATCH-E7); back on the list in a week
                    afgewezen.add(gekozen)
                    terug.setdefault(d + 7, []).append(k)
                    continue
                break  # placed
    return uit, zorg


def _replace(k: Kandidaat, voorkeuren: list[str]) -> Kandidaat:
    return replace(k, gemeentevoorkeuren=tuple(voorkeuren))
