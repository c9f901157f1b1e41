"""A synthetic waiting list at scale, for the benchmarks and the tests that compare a fast
path with the plain one. Rows are built exactly as the service builds them
(``create_kandidaat``'s ranking copies and ``in_pool``), then bulk-inserted with Core
``insert()`` in chunks; the audit trail of creating them is not written.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine
from sqlalchemy import insert
from sqlalchemy import update
from sqlmodel import col
from sqlmodel import select

from service.clock import NL
from service.db import session_scope
from service.demo import GEMEENTE_GEWICHT
from service.demo import actor_for
from service.demo import synthetic_kandidaat
from service.demo import synthetic_woning
from service.kandidaten.actions import kandidaat_rij
from service.kandidaten.actions import voorkeur_rijen
from service.levensloop.toestanden import in_pool
from service.models import Aanbieding
from service.models import Gemeentevoorkeur
from service.models import Kandidaat
from service.models import Organisatie
from service.models import OrganisatieSoort
from service.models import Plaatsing
from service.models import Woning
from service.models.types import tabel
from service.models.zoeknaam import zoeknamen
from service.regio import Regio

CHUNK = 5_000


def kandidaat_rijen(
    n: int,
    regio: Regio,
    zorg: list[Organisatie],
    *,
    rng: random.Random,
    today: date,
    lang_deel: float | None = None,
) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Chunks of (kandidaat rows, gemeentevoorkeur rows). With ``lang_deel``, that share of
    the kandidaten registered 7 to 24 months ago and the rest in the last 5 months."""
    actors = [actor_for(o) for o in zorg]
    kolommen = [c.name for c in tabel(Kandidaat).columns]
    ks: list[dict[str, Any]] = []
    gvs: list[dict[str, Any]] = []
    for i in range(n):
        data = synthetic_kandidaat(rng, regio.gemeenten, today)
        if lang_deel is not None:
            dagen = rng.randint(215, 730) if rng.random() < lang_deel else rng.randint(5, 150)
            data = data.model_copy(update={"aanmelddatum": today - timedelta(days=dagen)})
        by = actors[i % len(actors)]
        k = kandidaat_rij(data, by)
        # An empty database, loaded in order: the registration numbers are 1..n (MATCH-K3);
        # ``vul`` moves PostgreSQL's sequence past them. The name search columns as the
        # model's insert hook fills them.
        k.volgnummer = i + 1
        k.zoeknaam, k.zoekachternaam = zoeknamen(k.voornaam, k.achternaam)
        ks.append({c: getattr(k, c) for c in kolommen})
        gvs.extend(
            voorkeur_rijen(
                k.id,
                data.gemeentevoorkeuren,
                aanmelddatum=k.aanmelddatum,
                volgnummer=k.volgnummer,
                pool=in_pool(k),
            )
        )
        if len(ks) >= CHUNK:
            yield ks, gvs
            ks, gvs = [], []
    if ks:
        yield ks, gvs


def woning_rijen(
    n: int, regio: Regio, corporatie_id: uuid.UUID, *, rng: random.Random, today: date
) -> list[dict[str, Any]]:
    """``n`` woningen reported evenly over the last two years, in all gemeenten (weighted),
    some with a minimum age (MATCH-E6)."""
    gemeenten = list(regio.gemeenten)
    gewichten = [GEMEENTE_GEWICHT.get(g, 1) for g in gemeenten]
    kolommen = [c.name for c in tabel(Woning).columns]
    rijen = []
    for i in range(n):
        g = gemeenten[i] if i < len(gemeenten) else rng.choices(gemeenten, gewichten)[0]
        data = synthetic_woning(rng, g, today)
        if rng.random() < 0.1:
            data = data.model_copy(update={"minimumleeftijd": rng.choice([23, 55, 65])})
        dag = today - timedelta(days=round(730 * (i + 1) / n))
        moment = datetime.combine(dag, time(9), tzinfo=NL) + timedelta(
            seconds=rng.randint(0, 28_800)
        )
        fields = data.model_dump(exclude={"adres"})
        w = Woning(corporatie_id=corporatie_id, **data.adres.model_dump(), **fields)
        w.postcode = w.postcode.replace(" ", "")
        w.aangemaakt_op = w.gewijzigd_op = moment.astimezone(UTC)
        rijen.append({c: getattr(w, c) for c in kolommen})
    return rijen


def vul(
    engine: Engine,
    regio: Regio,
    *,
    kandidaten: int,
    woningen: int,
    today: date,
    seed: int = 2026,
    lang_deel: float | None = None,
    corporatie: str = "nabij-wonen",
) -> None:
    """Organisations (already synced), ``kandidaten`` and ``woningen`` bulk-inserted."""
    with session_scope(engine, regio) as s:
        orgs = s.exec(select(Organisatie).order_by(Organisatie.code)).all()
        zorg = [o for o in orgs if o.soort == OrganisatieSoort.zorgaanbieder]
        corp = next(o for o in orgs if o.code == corporatie)
    rng = random.Random(seed)
    for ks, gvs in kandidaat_rijen(
        kandidaten, regio, zorg, rng=rng, today=today, lang_deel=lang_deel
    ):
        with engine.begin() as conn:
            conn.execute(insert(tabel(Kandidaat)), ks)
            conn.execute(insert(tabel(Gemeentevoorkeur)), gvs)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "SELECT setval('kandidaat_volgnummer_seq', COALESCE(MAX(volgnummer), 0) + 1, "
                "false) FROM kandidaat"
            )
    rijen = woning_rijen(woningen, regio, corp.id, rng=random.Random(seed + 1), today=today)
    for start in range(0, len(rijen), CHUNK):
        with engine.begin() as conn:
            conn.execute(insert(tabel(Woning)), rijen[start : start + CHUNK])


def plaatsingen(engine: Engine, n: int, *, today: date, seed: int = 2026) -> int:
    """``n`` placements over the last two years: kandidaten (not waiting long) placed in the
    woningen, each with its accepted aanbieding, as the month reports and regional figures
    read them. Returns how many were made (at most one per woning)."""
    rng = random.Random(seed + 3)
    with session_scope(engine) as s:
        ws = s.exec(
            select(Woning.id, Woning.corporatie_id).order_by(col(Woning.aangemaakt_op))
        ).all()
        ks = s.exec(
            select(Kandidaat.id, Kandidaat.zorgaanbieder_id)
            .where(col(Kandidaat.aanmelddatum) > today - timedelta(days=180))
            .order_by(col(Kandidaat.id))
            .limit(min(n, len(ws)))
        ).all()
    aanbiedingen, rijen = [], []
    for (woning_id, corporatie_id), (kandidaat_id, zorg_id) in zip(ws, ks, strict=False):
        contract = today - timedelta(days=rng.randint(1, 720))
        a_id = uuid.uuid4()
        moment = datetime.combine(contract, time(10), tzinfo=NL).astimezone(UTC)
        aanbiedingen.append(
            {
                "id": a_id,
                "woning_id": woning_id,
                "kandidaat_id": kandidaat_id,
                "corporatie_id": corporatie_id,
                "zorgaanbieder_id": zorg_id,
                "status": "geplaatst",
                "reactie_deadline": moment,
                "beantwoord_op": moment,
                "aangemaakt_op": moment - timedelta(days=10),
            }
        )
        rijen.append(
            {
                "id": uuid.uuid4(),
                "aanbieding_id": a_id,
                "kandidaat_id": kandidaat_id,
                "woning_id": woning_id,
                "corporatie_id": corporatie_id,
                "zorgaanbieder_id": zorg_id,
                "contractdatum": contract,
                "contractvorm": "driepartijen",
                "begeleiding_tot": contract + timedelta(days=730),
                "binnen_contingent": True,
                "contingent_jaar": contract.year,
                "casushouder_soort": "zorgaanbieder",
                "aangemaakt_op": moment,
            }
        )
    ids = [r["kandidaat_id"] for r in rijen]
    with engine.begin() as conn:
        for start in range(0, len(rijen), CHUNK):
            conn.execute(insert(tabel(Aanbieding)), aanbiedingen[start : start + CHUNK])
            conn.execute(insert(tabel(Plaatsing)), rijen[start : start + CHUNK])
        for start in range(0, len(ids), 500):
            deel = ids[start : start + 500]
            conn.execute(
                update(tabel(Kandidaat))
                .where(tabel(Kandidaat).c.id.in_(deel))
                .values(status="geplaatst")
            )
            conn.execute(
                update(tabel(Gemeentevoorkeur))
                .where(tabel(Gemeentevoorkeur).c.kandidaat_id.in_(deel))
                .values(in_pool=False)
            )
            conn.execute(
                update(tabel(Woning))
                .where(tabel(Woning).c.id.in_([r["woning_id"] for r in rijen[start : start + 500]]))
                .values(status="verhuurd")
            )
    return len(rijen)
