"""MATCH-K3: ties on the aanmelddatum go by registration order, a number the database gives at
registration (``kandidaat.volgnummer``), never by the clock or a random id."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import text
from sqlmodel import Session
from sqlmodel import select

from service.clock import nu
from service.clock import vandaag
from service.db import alembic_config
from service.db import make_engine
from service.demo import actor_for
from service.kandidaten.actions import create_kandidaat
from service.models import Gemeentevoorkeur
from service.models import Kandidaat
from service.models import Organisatie
from service.schemas import voor_regio
from service.teksten import KEUZEREGEL
from tests.service.conftest import days_ago
from tests.service.test_concurrency import kandidaat_nieuw
from tests.service.world import approve
from tests.service.world import plek_of

HVH = "het-vierde-huis"
CORP = "nabij-wonen"


def _klok_terug(db: Session, ids: list[str]) -> None:
    """Give the later registrations the earlier moments, as a clock that was set back would."""
    begin = nu() - timedelta(hours=1)
    for i, kid in enumerate(reversed(ids)):
        k = db.get(Kandidaat, uuid.UUID(kid))
        assert k is not None
        k.aangemaakt_op = begin + timedelta(minutes=i)
        db.add(k)
    db.commit()


def test_match_k3_equal_aanmelddatum_goes_by_registration_order_not_the_clock(
    api, registreer, meld, db
):
    """MATCH-K3 / MATCH-V2: three kandidaten with the same aanmelddatum, registered A, B, C, with
    creation moments in the reverse order. The voordracht, its explanation and "the longest
    waiting" follow A, B, C."""
    ids = [registreer(voornaam=n, aanmelddatum=days_ago(30))["id"] for n in ("Anna", "Bram", "Cor")]
    nummers = [db.get(Kandidaat, uuid.UUID(k)).volgnummer for k in ids]
    assert nummers == sorted(nummers) and len(set(nummers)) == 3
    _klok_terug(db, ids)

    vd = approve(api, meld()["voordrachtId"])
    plekken = sorted(vd["plekken"], key=lambda p: p["positie"])
    assert [p["kandidaatId"] for p in plekken] == ids
    assert "maar later ingeschreven" in plekken[1]["uitleg"]["waaromDezePlek"]
    # The longest waiting is the one registered first: chosen without a reason (MATCH-V2).
    a = api.as_(CORP).post(f"/v1/voordrachten/{vd['id']}/keuze", {"plekId": plek_of(vd, ids[0])})
    assert a.status_code == 201, a.text


def test_match_k3_keuzeregel_says_registration_order_breaks_ties():
    assert "Bij dezelfde aanmelddatum gaat voor wie eerder is ingeschreven" in KEUZEREGEL


def test_match_k3_volgnummer_is_unique_and_rising_under_simultaneous_registration(app):
    """MATCH-K3: 12 registrations at the same moment each get their own number from the
    database, above every number given before (SQLite: one writer at a time; PostgreSQL: a
    sequence)."""
    with Session(app.state.engine) as s:
        kwintes = actor_for(s.exec(select(Organisatie).where(Organisatie.code == "kwintes")).one())
        eerst = create_kandidaat(s, data=kandidaat_nieuw("Eerst", 10), by=kwintes)
        s.commit()
        vorige = eerst.volgnummer
    n = 12
    barrier = threading.Barrier(n)
    fouten: list[BaseException] = []

    def registreer_tegelijk(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            with voor_regio(app.state.regio), Session(app.state.engine) as s:
                create_kandidaat(s, data=kandidaat_nieuw(f"Tegelijk{i}", 10), by=kwintes)
                s.commit()
        except BaseException as exc:  # reported in the test's thread
            fouten.append(exc)

    threads = [threading.Thread(target=registreer_tegelijk, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=90)
    assert not fouten, fouten
    with Session(app.state.engine) as s:
        rijen = s.exec(select(Kandidaat.id, Kandidaat.volgnummer)).all()
        kopie = dict(
            s.exec(select(Gemeentevoorkeur.kandidaat_id, Gemeentevoorkeur.volgnummer)).all()
        )
    nummers = [v for _, v in rijen]
    assert len(rijen) == n + 1 and len(set(nummers)) == n + 1
    assert min(nummers) == vorige
    # the ranking copy carries the same number
    assert all(kopie[kid] == v for kid, v in rijen)


def test_match_k3_migration_numbers_existing_kandidaten_in_creation_order(tmp_path: Path):
    """Migration 0013: kandidaten that exist before it are numbered by creation moment, then id;
    the ranking copies get the same numbers; the next registration continues after them."""
    engine = make_engine(f"sqlite:///{tmp_path / 'oud.db'}")
    cfg = alembic_config(engine)
    command.upgrade(cfg, "0012_secure")
    org = uuid.uuid4().hex
    t0 = nu().replace(tzinfo=None)
    rijen = [("c", t0 - timedelta(days=1)), ("a", t0), ("b", t0)]  # b after a: same moment, id
    ids = {naam: (naam * 32)[:32] for naam, _ in rijen}
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organisatie (id, code, naam, soort, actief, aangemaakt_op) "
                "VALUES (:id, 'z', 'Z', 'zorgaanbieder', 1, :t)"
            ),
            {"id": org, "t": t0},
        )
        for naam, moment in rijen:
            conn.execute(
                text(
                    "INSERT INTO kandidaat (id, zorgaanbieder_id, voornaam, achternaam, "
                    "geboortedatum, doelgroep, casushouder_rol, aanmelddatum, volwassenen, "
                    "kinderen, jaarinkomen, rolstoel, trapvrij, minimum_kamers, gereed_verklaard, "
                    "begeleiding_akkoord, route, status, afwijzingen_en_verlopen, aangemaakt_op, "
                    "gewijzigd_op) VALUES (:id, :org, :n, 'X', '1990-01-01', 'beschermd-thuis', "
                    "'zorgaanbieder', :d, 1, 0, 20000, 0, 0, 1, 1, 1, 'omgekeerde-plaatsing', "
                    "'wachtend', 0, :t, :t)"
                ),
                {"id": ids[naam], "org": org, "n": naam, "d": vandaag(), "t": moment},
            )
            conn.execute(
                text(
                    "INSERT INTO gemeentevoorkeur (kandidaat_id, rangorde, gemeente, rangklasse, "
                    "aanmelddatum, aangemaakt_op, in_pool) VALUES (:id, 1, 'Zeist', 0, :d, :t, 1)"
                ),
                {"id": ids[naam], "d": vandaag(), "t": moment},
            )
    command.upgrade(cfg, "head")
    with engine.connect() as conn:
        nummers = dict(conn.execute(text("SELECT voornaam, volgnummer FROM kandidaat")).all())
        kopie = (
            conn.execute(
                text(
                    "SELECT k.voornaam FROM gemeentevoorkeur g JOIN kandidaat k ON k.id = g.kandidaat_id "
                    "WHERE g.volgnummer = k.volgnummer ORDER BY g.volgnummer"
                )
            )
            .scalars()
            .all()
        )
    assert nummers == {"c": 1, "a": 2, "b": 3}
    assert kopie == ["c", "a", "b"]
    with Session(engine) as s:
        zorg = Organisatie(id=uuid.UUID(org), code="z", naam="Z", soort="zorgaanbieder")
        nieuw = create_kandidaat(s, data=kandidaat_nieuw("Nieuw", 5), by=actor_for(zorg))
        s.commit()
        assert nieuw.volgnummer == 4
    engine.dispose()
