"""Demo data for Zuidoost-Utrecht and the ``woonroute demo`` command.

Synthetic, deterministic (fixed seed) and realistic in spread: gemeenten weighted towards
Zeist and De Bilt, mostly one-person households, incomes around social-rent levels, a few
wheelchair and no-stairs needs. No real person is in here.
"""

from __future__ import annotations

import json
import os
import random
from datetime import date
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import uvicorn
from sqlmodel import Session
from sqlmodel import select

from service.auth import Actor
from service.auth import create_api_key
from service.clock import vandaag
from service.db import make_engine
from service.db import migrate
from service.db import session_scope
from service.formulieren.actions import save
from service.formulieren.definities import DEFINITIES
from service.formulieren.definities import inhoud_model
from service.kandidaten.actions import create_kandidaat
from service.kandidaten.schemas import Behoeften
from service.kandidaten.schemas import CasushouderInvoer
from service.kandidaten.schemas import Huishouden
from service.kandidaten.schemas import KandidaatInvoer
from service.levensloop.overgangen import create_for_woning
from service.logboek import log_config
from service.models import Doelgroep
from service.models import FormulierSoort
from service.models import Kandidaat
from service.models import Organisatie
from service.models import OrganisatieSoort
from service.organisaties.actions import sync_region_organisaties
from service.regio import Regio
from service.regio import load_regio
from service.regio import regio_van
from service.schemas import voor_regio
from service.settings import get_settings
from service.web.sessies import maak_gebruiker
from service.woningen.actions import create_woning
from service.woningen.schemas import Adres
from service.woningen.schemas import WoningInvoer

VOORNAMEN = [
    "Sanne",
    "Mohamed",
    "Daan",
    "Fatima",
    "Kevin",
    "Lotte",
    "Youssef",
    "Iris",
    "Bram",
    "Aylin",
    "Jeroen",
    "Naima",
    "Tim",
    "Esra",
    "Ruben",
    "Chantal",
    "Milan",
    "Priya",
    "Sem",
    "Noor",
]
ACHTERNAMEN = [
    "de Vries",
    "Bakker",
    "El Amrani",
    "Jansen",
    "Visser",
    "Yilmaz",
    "Smit",
    "de Boer",
    "Mulder",
    "Bouzid",
    "van Dijk",
    "Meijer",
    "de Graaf",
    "Kaya",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Bos",
]
GEMEENTE_GEWICHT = {
    "Zeist": 5,
    "De Bilt": 4,
    "Utrechtse Heuvelrug": 3,
    "Wijk bij Duurstede": 2,
    "Bunnik": 1,
}
STRATEN = {
    "Zeist": ("Slotlaan", "3701", "Zeist"),
    "De Bilt": ("Hessenweg", "3731", "De Bilt"),
    "Utrechtse Heuvelrug": ("Hoofdstraat", "3941", "Doorn"),
    "Wijk bij Duurstede": ("Markt", "3961", "Wijk bij Duurstede"),
    "Bunnik": ("Dorpsstraat", "3981", "Bunnik"),
}


DEMO_WACHTWOORD = "woonroute-demo"


def demo_email(code: str) -> str:
    return f"{code}@demo.woonroute.nl"


def actor_for(org: Organisatie) -> Actor:
    return Actor.van(org)


def _gemeenten(rng: random.Random, alle: tuple[str, ...]) -> list[str]:
    weights = [GEMEENTE_GEWICHT.get(g, 1) for g in alle]
    first = rng.choices(alle, weights=weights)[0]
    rest = [g for g in alle if g != first]
    rng.shuffle(rest)
    return [first, *rest[: rng.choice([0, 1, 1, 2, 3])]]


def synthetic_kandidaat(
    rng: random.Random, alle_gemeenten: tuple[str, ...], today: date
) -> KandidaatInvoer:
    volwassenen = 1 if rng.random() < 0.85 else 2
    kinderen = 0 if rng.random() < 0.8 else rng.randint(1, 3)
    leeftijd = rng.randint(19, 70)
    doelgroep = rng.choices(list(Doelgroep), weights=[20, 25, 5, 8, 3, 15, 14, 10])[0]
    return KandidaatInvoer(
        voornaam=rng.choice(VOORNAMEN),
        achternaam=rng.choice(ACHTERNAMEN),
        geboortedatum=today - timedelta(days=leeftijd * 365 + rng.randint(0, 364)),
        doelgroep=doelgroep,
        casushouder=CasushouderInvoer(
            naam=f"{rng.choice(VOORNAMEN)} {rng.choice(ACHTERNAMEN)}",
            telefoon=f"030 {rng.randint(1000000, 9999999)}",
        ),
        aanmelddatum=today - timedelta(days=rng.randint(5, 420)),
        gemeentevoorkeuren=_gemeenten(rng, alle_gemeenten),
        huishouden=Huishouden(volwassenen=volwassenen, kinderen=kinderen),
        jaarinkomen=int(rng.triangular(12000, 45000, 19000)),
        behoeften=Behoeften(
            rolstoel=rng.random() < 0.04,
            trapvrij=rng.random() < 0.1,
            minimum_kamers=1 + (kinderen > 0) + (kinderen > 1),
        ),
        gereed_verklaard=rng.random() < 0.93,
        begeleiding_akkoord=rng.random() < 0.95,
    )


def synthetic_woning(rng: random.Random, gemeente: str, today: date) -> WoningInvoer:
    straat, pc, plaats = STRATEN.get(gemeente, ("Kerkstraat", "3700", gemeente))
    kamers = rng.choice([1, 2, 2, 3, 3, 4])
    # drawn in a fixed order; a wheelchair-accessible home above the ground floor has a lift
    verdieping, lift = rng.choice([0, 0, 1, 2, 3]), rng.random() < 0.4
    gelijkvloers, rolstoel = rng.random() < 0.5, rng.random() < 0.1
    return WoningInvoer(
        adres=Adres(
            straat=straat,
            huisnummer=str(rng.randint(1, 180)),
            postcode=f"{pc} {rng.choice('ABCDEFGHJK')}{rng.choice('ABCDEFGHJK')}",
            plaats=plaats,
        ),
        gemeente=gemeente,
        kale_huur=Decimal(rng.randint(520, 760)) + Decimal("0.50"),
        servicekosten=Decimal("35.00"),
        kamers=kamers,
        oppervlakte=25 + kamers * 15,
        verdieping=verdieping,
        lift=lift,
        gelijkvloers=gelijkvloers,
        rolstoeltoegankelijk=rolstoel and (verdieping == 0 or lift),
        max_bewoners=kamers + 1,
        beschikbaar_per=today + timedelta(days=rng.randint(7, 40)),
    )


def demo_preventie_actieplan(session: Session, k: Kandidaat, *, by: Actor, today: date) -> None:
    """A filled-in preventie-actieplan (ZOU-B4), as the casushouder makes it with the client
    during preparation: the region requires it before an aanbieding can be accepted."""
    soort = FormulierSoort.preventie_actieplan
    inhoud = {
        v.naam: today if v.type == "datum" else f"Afgesproken met {k.voornaam}: {v.label.lower()}."
        for v in DEFINITIES[soort].velden
        if v.verplicht
    }
    save(session, kandidaat=k, soort=soort, inhoud=inhoud_model(soort)(**inhoud), by=by)


def seed_demo(
    session: Session, *, kandidaten: int = 60, woningen: int = 4, seed: int = 2026
) -> dict[str, str]:
    """Fill an empty database; returns {organisatie code: API key}."""
    regio = regio_van(session)
    with voor_regio(regio):  # the kandidaten and woningen are checked as input of the region
        return _vul_demo(session, regio, kandidaten=kandidaten, woningen=woningen, seed=seed)


def _vul_demo(
    session: Session, regio: Regio, *, kandidaten: int, woningen: int, seed: int
) -> dict[str, str]:
    sync_region_organisaties(session, regio)
    orgs = session.exec(select(Organisatie).order_by(Organisatie.code)).all()
    keys = {org.code: create_api_key(session, org, "demo")[1] for org in orgs}
    for org in orgs:  # one login per organisation for the web pages
        maak_gebruiker(
            session,
            organisatie=org,
            email=demo_email(org.code),
            naam=f"Demo {org.naam}",
            wachtwoord=DEMO_WACHTWOORD,
        )
    rng = random.Random(seed)
    today = vandaag()
    zorg = [o for o in orgs if o.soort == OrganisatieSoort.zorgaanbieder]
    for i in range(kandidaten):
        casushouder = actor_for(zorg[i % len(zorg)])
        k = create_kandidaat(
            session, data=synthetic_kandidaat(rng, regio.gemeenten, today), by=casushouder
        )
        session.flush()
        demo_preventie_actieplan(session, k, by=casushouder, today=today)
    session.flush()
    op = [o for o in orgs if o.soort == OrganisatieSoort.corporatie and o.route != "maatwerk"]
    for i in range(woningen):
        org = op[i % len(op)]
        w = create_woning(
            session,
            data=synthetic_woning(
                rng, ["Zeist", "De Bilt", "Utrechtse Heuvelrug", "Bunnik"][i % 4], today
            ),
            by=actor_for(org),
        )
        create_for_woning(session, w, by=actor_for(org))
    return keys


def run_demo(*, host: str, port: int, database: str, fresh: bool, klok: date | None = None) -> int:
    path = Path(database).resolve()
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    os.environ["DATABASE_URL"] = url
    os.environ["WOONROUTE_DEMO"] = "true"  # webhooks may go to http on loopback

    get_settings.cache_clear()
    regio = load_regio(get_settings().regio)
    engine = make_engine(url)
    migrate(engine)
    with session_scope(engine, regio) as session:
        keys = seed_demo(session)
        soorten = {o.code: (o.naam, o.soort) for o in session.exec(select(Organisatie)).all()}
    engine.dispose()
    keyfile = path.with_suffix(".keys.json")
    keyfile.write_text(json.dumps(keys, indent=2), encoding="utf-8")
    keyfile.chmod(0o600)
    print(f"\nwoonroute demo — regio {regio.naam}, database {path}\n")
    print("API-sleutels (header X-Api-Key):")
    for code, key in sorted(keys.items(), key=lambda kv: (soorten[kv[0]][1], kv[0])):
        naam, soort = soorten[code]
        print(f"  {soort:<14} {naam:<22} {key}")
    print(f"\nInloggen op http://{host}:{port}/ (wachtwoord voor iedereen: {DEMO_WACHTWOORD}):")
    for code in sorted(keys, key=lambda c: (soorten[c][1], c)):
        print(f"  {soorten[code][1]:<14} {demo_email(code)}")
    print(f"\nDe sleutels staan ook in {keyfile} (voor examples/walk.py).")
    print(f"Interactieve documentatie: http://{host}:{port}/v1/docs")
    print(f"OpenAPI:                   http://{host}:{port}/v1/openapi.json")
    if klok is not None:
        # Seeded at the real date; the server runs as if it were ``klok`` (see service.clock).
        os.environ["WOONROUTE_VANDAAG"] = klok.isoformat()
        get_settings.cache_clear()
        print(
            f"De klok staat op {klok.isoformat()}. Signaleringen nu berekenen: POST /v1/signaleringen/berekening"
        )
    print("Stoppen: Ctrl+C\n", flush=True)

    uvicorn.run(
        "service.main:app_factory",
        factory=True,
        host=host,
        port=port,
        # JSON lines; only warnings unless WOONROUTE_LOG_NIVEAU asks for more (a quiet demo).
        log_config=log_config(os.environ.get("WOONROUTE_LOG_NIVEAU", "WARNING").upper()),
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=3,  # as `woonroute serve`: stopped within 5 s
    )
    return 0
