"""Issue 15, fast reads: what the fast paths may not change.

- A verified API key is trusted by a process for at most ``KEY_CACHE_SECONDS``: a key revoked
  elsewhere (another process, the CLI) stops working within that time; wrong keys are never
  remembered. (Across two real server processes: ``test_meerdere_processen``.)
- The read log (NEN 7513) is group-committed, yet no row is lost: a request answers only after
  its rows are committed, and a clean stop writes whatever was handed over.
- The kandidaten list, read as plain rows, gives the same bytes as the model path.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlalchemy import update
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service import auth
from service import inzage
from service.auth import VERIFIED_KEYS
from service.auth import Actor
from service.auth import VerifiedKeys
from service.clock import vandaag
from service.db import REGIO
from service.db import session_scope
from service.deps import in_one_hop
from service.kandidaten import actions
from service.kandidaten.schemas import KandidatenPagina
from service.main import create_app
from service.models import ApiSleutel
from service.models import Gemeentevoorkeur
from service.models import Inzage
from service.models import Kandidaat
from service.models import Organisatie
from service.models import Woning
from service.models.types import utcnow
from service.settings import Settings
from service.woningen import actions as woningen
from tests.service.conftest import kandidaat_body
from tests.service.conftest import woning_body


class Klok:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def _klok(monkeypatch: Any) -> Klok:
    klok = Klok()
    monkeypatch.setattr(VERIFIED_KEYS, "clock", klok)
    return klok


def _intrekken_elders(app: Any, key: str) -> None:
    """Revoke as another process would: straight in the database, this process not told."""
    with Session(app.state.engine) as s:
        s.execute(
            update(ApiSleutel)
            .where(col(ApiSleutel.prefix) == key.split("_")[1])
            .values(ingetrokken_op=utcnow())
        )
        s.commit()


def test_een_elders_ingetrokken_sleutel_werkt_hoogstens_de_ttl_nog(app, api, keys, monkeypatch):
    klok = _klok(monkeypatch)
    assert api.as_("nabij-wonen").get("/v1/woningen").status_code == 200
    _intrekken_elders(app, keys["nabij-wonen"])
    klok.t += auth.KEY_CACHE_SECONDS - 0.5
    assert api.as_("nabij-wonen").get("/v1/woningen").status_code == 200  # within the TTL
    klok.t += 1.0
    r = api.as_("nabij-wonen").get("/v1/woningen")
    assert r.status_code == 401
    assert "ingetrokken" in r.json()["detail"]


def test_een_niet_meer_actieve_organisatie_valt_binnen_de_ttl_af(app, api, monkeypatch):
    klok = _klok(monkeypatch)
    assert api.as_("woongroen").get("/v1/woningen").status_code == 200
    with Session(app.state.engine) as s:
        s.execute(
            update(Organisatie).where(col(Organisatie.code) == "woongroen").values(actief=False)
        )
        s.commit()
    klok.t += auth.KEY_CACHE_SECONDS + 0.1
    r = api.as_("woongroen").get("/v1/woningen")
    assert r.status_code == 401
    assert "niet meer actief" in r.json()["detail"]


def test_intrekken_in_dit_proces_werkt_meteen(app, api, keys, monkeypatch):
    _klok(monkeypatch)
    assert api.as_("nabij-wonen").get("/v1/woningen").status_code == 200
    with Session(app.state.engine) as s:
        auth.revoke_api_key(s, keys["nabij-wonen"].split("_")[1])
        s.commit()
    assert api.as_("nabij-wonen").get("/v1/woningen").status_code == 401


def test_een_nieuwe_sleutel_werkt_meteen_en_een_foute_wordt_niet_onthouden(app, api, monkeypatch):
    _klok(monkeypatch)
    with Session(app.state.engine) as s:
        org = s.exec(select(Organisatie).where(Organisatie.code == "nabij-wonen")).one()
        _, nieuw = auth.create_api_key(s, org, "rotatie")
        s.commit()
    h = {"X-Api-Key": nieuw}
    assert api.client.get("/v1/woningen", headers=h).status_code == 200
    fout = nieuw[:-4] + "AAAA"
    assert api.client.get("/v1/woningen", headers={"X-Api-Key": fout}).status_code == 401
    assert VERIFIED_KEYS.get(fout) is None
    assert api.client.get("/v1/woningen", headers={"X-Api-Key": fout}).status_code == 401


def test_de_cache_houdt_alleen_de_hash_en_verloopt():
    klok = Klok()
    cache = VerifiedKeys(seconds=5, clock=klok)
    actor = Actor(uuid.uuid4(), "x", "X", auth.OrganisatieSoort.corporatie)
    cache.put("wr_abc_geheim", auth.VerifiedKey(actor, uuid.uuid4(), None))
    assert "wr_abc_geheim" not in repr(cache._keys)
    assert cache.get("wr_abc_geheim") is not None
    klok.t += 5
    assert cache.get("wr_abc_geheim") is None


# --- the read log ------------------------------------------------------------------------------


def _inzagen(app: Any) -> int:
    with Session(app.state.engine) as s:
        return int(s.exec(select(func.count()).select_from(Inzage)).one())


def test_de_groepsschrijver_verliest_niets_en_schrijft_alles_bij_het_stoppen(app):
    schrijver = inzage.Groepsschrijver(app.state.engine)
    actor = Actor(uuid.uuid4(), "x", "X", auth.OrganisatieSoort.bemiddelaar)
    voor = _inzagen(app)
    futures = []
    lock = threading.Lock()

    def lees(n: int) -> None:
        for _ in range(n):
            f = schrijver.schrijf(actor, "test", [uuid.uuid4() for _ in range(5)], "gelezen")
            with lock:
                futures.append(f)

    draden = [threading.Thread(target=lees, args=(20,)) for _ in range(4)]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    schrijver.sluit()  # a clean stop: everything handed over is written
    assert all(f.done() and f.result() == 5 for f in futures)
    assert _inzagen(app) == voor + 4 * 20 * 5
    # After the stop a read is still logged (written directly), never dropped.
    assert schrijver.schrijf(actor, "test", [uuid.uuid4()], "laat").result(timeout=0) == 1
    assert _inzagen(app) == voor + 4 * 20 * 5 + 1


def test_een_lezing_is_een_rij_per_verschillende_kandidaat_met_haar_gedeelde_waarden(app):
    """The rows of one read go in as one statement (``inzage._invoegen``): every distinct
    kandidaat once, each row with the read's moment, organisation, person, source and note."""
    a, b = uuid.uuid4(), uuid.uuid4()
    persoon = uuid.uuid4()
    actor = Actor(uuid.uuid4(), "x", "X", auth.OrganisatieSoort.bemiddelaar, gebruiker_id=persoon)
    schrijver = inzage.Groepsschrijver(app.state.engine)
    gelezen = schrijver.schrijf(actor, "b" * 70, [a, b, a, None, b], "t" * 400)  # type: ignore[list-item]
    schrijver.sluit()
    assert gelezen.result() == 2
    with Session(app.state.engine) as s:
        rijen = s.exec(
            select(Inzage).where(col(Inzage.organisatie_id) == actor.organisatie_id)
        ).all()
    assert sorted(r.kandidaat_id for r in rijen) == sorted([a, b])
    assert {(r.gebruiker_id, r.bron, r.toelichting) for r in rijen} == {
        (persoon, "b" * 60, "t" * 300)
    }
    assert len({r.tijdstip for r in rijen}) == 1


def test_elke_getoonde_kandidaat_staat_in_de_leeslog_voor_het_antwoord(app, api):
    ids = {
        api.as_("kwintes").post("/v1/kandidaten", kandidaat_body()).json()["id"] for _ in range(3)
    }
    voor = _inzagen(app)
    r = api.as_("het-vierde-huis").get("/v1/kandidaten")
    assert r.status_code == 200
    getoond = {k["id"] for k in r.json()["resultaten"]}
    assert ids <= getoond
    # No waiting: the answer came only after the rows were committed.
    with Session(app.state.engine) as s:
        gelogd = set(
            s.exec(
                select(Inzage.kandidaat_id).where(Inzage.bron == "kandidaten").order_by(
                    col(Inzage.id).desc()
                ).limit(len(getoond))
            ).all()
        )  # fmt: skip
    assert {str(k) for k in gelogd} == getoond
    assert _inzagen(app) == voor + len(getoond)


def test_een_schone_stop_van_de_app_schrijft_de_leeslog_weg(tmp_path):
    eigen = create_app(
        Settings(
            database_url=f"sqlite:///{tmp_path / 'l.db'}", taken_aan=False, dispatcher_aan=False
        )
    )
    with TestClient(eigen) as client:  # the lifespan: startup, then the shutdown at the exit
        with session_scope(eigen.state.engine, eigen.state.regio) as s:
            orgs = {o.code: o for o in s.exec(select(Organisatie)).all()}
            zorg = auth.create_api_key(s, orgs["kwintes"])[1]
            bemiddelaar = auth.create_api_key(s, orgs["het-vierde-huis"])[1]
        for _ in range(3):
            r = client.post("/v1/kandidaten", json=kandidaat_body(), headers={"X-Api-Key": zorg})
            assert r.status_code == 201, r.text
        for _ in range(5):
            r = client.get("/v1/kandidaten", headers={"X-Api-Key": bemiddelaar})
            assert r.status_code == 200
        schrijver = eigen.state.leesschrijver
    assert schrijver._gesloten and schrijver._draad is not None and not schrijver._draad.is_alive()
    assert _inzagen(eigen) == 5 * 3


# --- the kandidaten list: the same bytes as the model path ------------------------------------


def test_de_lijst_geeft_dezelfde_bytes_als_het_modelpad(app, api, db):
    # Names and text with characters JSON escapes or leaves alone, both kinds of organisation.
    for org, extra in (
        ("kwintes", {"voornaam": 'Zoë "Z"', "achternaam": "d'Ancona\\Ü"}),
        ("lister", {"gemeentevoorkeuren": ["De Bilt", "Zeist", "Utrechtse Heuvelrug"]}),
        ("kwintes", {"behoeften": {"rolstoel": True, "trapvrij": True, "hoogsteVerdieping": 2}}),
    ):
        r = api.as_(org).post("/v1/kandidaten", kandidaat_body(**extra))
        assert r.status_code == 201, r.text
    eerste = _zelfde_bytes(api, db, "het-vierde-huis", {"paginaGrootte": 2})
    for org, params in (
        ("het-vierde-huis", {"metTotaal": "true"}),
        ("het-vierde-huis", {"status": "wachtend", "metTotaal": "true"}),
        ("het-vierde-huis", {"paginaGrootte": 2, "vanaf": eerste["volgende"]}),  # keyset
        ("het-vierde-huis", {"paginaGrootte": 1, "pagina": 2}),  # offset
        ("kwintes", {"gemeente": "Zeist"}),
        ("kwintes", {"gemeente": "Zeist", "status": "wachtend", "metTotaal": "true"}),
    ):
        _zelfde_bytes(api, db, org, params)


def test_de_lijst_geeft_dezelfde_bytes_ook_voor_randwaarden(app, api, db):
    """The JSON the database writes (``service.json_sql``) for values the API never produces
    itself but a row can hold: control characters, emoji and markup in text, a moment without
    microseconds, an empty herkomst, a status reason, an aanmelddatum after today (waiting time
    0, never negative), no optional casushouder fields, gemeenten stored out of their order."""
    r = api.as_("kwintes").post("/v1/kandidaten", kandidaat_body())
    assert r.status_code == 201, r.text
    kid = uuid.UUID(r.json()["id"])
    rond = datetime(2026, 1, 31, 23, 0, 0, tzinfo=UTC)
    with Session(app.state.engine) as s:
        s.execute(
            update(Kandidaat)
            .where(col(Kandidaat.id) == kid)
            .values(
                voornaam="Tab\t nieuwe\nregel \x01\x1f \x7f 😀",
                achternaam='</script><b>"a"</b> \u2028 ü',
                status_reden="verhuisd",
                status_toelichting="Met\r\nregels",
                aanmelddatum_herkomst="",
                aanmelddatum=vandaag() + timedelta(days=3),
                casushouder_naam=None,
                casushouder_telefoon=None,
                aangemaakt_op=rond,
                gewijzigd_op=rond + timedelta(microseconds=10),
            )
        )
        s.execute(
            update(Gemeentevoorkeur)
            .where(col(Gemeentevoorkeur.kandidaat_id) == kid)
            .values(rangorde=Gemeentevoorkeur.rangorde + 10)
        )
        s.commit()
    data = _zelfde_bytes(api, db, "kwintes", {"paginaGrootte": 100})
    rij = next(k for k in data["resultaten"] if k["id"] == str(kid))
    assert rij["wachttijdDagen"] == 0
    assert rij["aangemaaktOp"] == "2026-01-31T23:00:00Z"
    assert rij["gewijzigdOp"] == "2026-01-31T23:00:00.000010Z"
    assert rij["voornaam"].startswith("Tab\t nieuwe\nregel")
    assert rij["aanmelddatumHerkomst"] is None


def _zelfde_bytes(api: Any, db: Session, org: str, params: dict[str, Any]) -> dict[str, Any]:
    """The page ``org`` gets with ``params`` is byte for byte ``public()`` of its kandidaten."""
    r = api.as_(org).get("/v1/kandidaten", params=params)
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    assert data["resultaten"], params
    kandidaten = [db.get(Kandidaat, uuid.UUID(k["id"])) for k in data["resultaten"]]
    verwacht = KandidatenPagina(
        resultaten=[actions.public(db, k) for k in kandidaten],
        totaal=data["totaal"],
        pagina=int(params.get("pagina", 1)),
        pagina_grootte=int(params.get("paginaGrootte", 50)),
        volgende=data["volgende"],
    )
    db.rollback()  # no lock held while the next request logs its reads
    assert r.content == verwacht.model_dump_json(by_alias=True).encode()
    return data


def test_de_woning_geeft_dezelfde_bytes_als_het_modelpad(app, api, db):
    woning = api.as_("nabij-wonen").post("/v1/woningen", woning_body()).json()
    for org in ("nabij-wonen", "het-vierde-huis"):
        r = api.as_(org).get(f"/v1/woningen/{woning['id']}")
        assert r.status_code == 200, r.text
        verwacht = woningen.public(db, db.get(Woning, uuid.UUID(woning["id"])))
        db.rollback()
        assert r.content == verwacht.model_dump_json(by_alias=True).encode()
    # Another corporatie's woning does not exist for this one, as before.
    assert api.as_("portaal").get(f"/v1/woningen/{woning['id']}").status_code == 404


def test_in_one_hop_leest_buiten_een_transactie_en_de_volgende_sessie_weer_erin(app):
    """``in_one_hop``: no BEGIN for a one-statement read, on either database; the option does
    not stay with the pooled connection, so the next session's work is one transaction again
    (on SQLite the BEGIN hook begins one for it)."""
    engine = app.state.read_engine
    sqlite = engine.dialect.name == "sqlite"

    def in_transactie(session: Session) -> bool:
        driver = session.connection().connection.driver_connection
        return bool(driver.in_transaction) if sqlite else not driver.autocommit

    def lees(session: Session) -> tuple[bool, int]:
        n = session.connection().execute(select(func.count()).select_from(Kandidaat)).scalar_one()
        return in_transactie(session), n

    session = Session(engine, info={REGIO: app.state.regio})
    binnen, _ = asyncio.run(in_one_hop(session, lees, session))
    assert not binnen
    assert not session.in_transaction()  # ended in the same hop
    with Session(engine, info={REGIO: app.state.regio}) as volgende:
        volgende.connection().execute(select(func.count()).select_from(Kandidaat)).scalar_one()
        assert in_transactie(volgende)


def test_lezen_zonder_transactie_laat_de_verbindingen_in_transactiemodus(app, api):
    """PostgreSQL: the one-statement reads (``in_one_hop``) run outside a transaction (no BEGIN
    and ROLLBACK round trips); their connection goes back to the pool in transaction mode, so
    what the next request writes is one transaction again."""
    engine = app.state.engine
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite begins its transactions itself (service.db._configure_sqlite)")
    woning = api.as_("nabij-wonen").post("/v1/woningen", woning_body()).json()
    for _ in range(3):
        assert api.as_("het-vierde-huis").get("/v1/kandidaten").status_code == 200
        assert api.as_("nabij-wonen").get(f"/v1/woningen/{woning['id']}").status_code == 200
    verbindingen = [engine.raw_connection() for _ in range(engine.pool.checkedin())]
    try:
        assert verbindingen
        assert not any(v.driver_connection.autocommit for v in verbindingen)
    finally:
        for v in verbindingen:
            v.close()
