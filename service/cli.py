"""The ``woonroute`` command: serve, demo, migrate, API keys, scheduled jobs.

The commands import the application's own heavier modules inside their functions (marked
``# lazy: worker start``): ``serve --workers N`` starts uvicorn's worker processes, and each
re-imports this module before it answers the supervisor's health check (5 s). Importing the
whole application there takes longer than that on a busy machine, and the workers are then
killed and restarted without end. The light modules (settings, database, tables) are imported
at the top.
"""

from __future__ import annotations

import argparse
import getpass
import os
import shutil
import signal
import sys
import tempfile
import threading
from datetime import date

import uvicorn
from sqlalchemy import Engine
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service.db import make_engine
from service.db import migrate
from service.db import migratieslot
from service.db import session_scope
from service.logboek import log_config
from service.models import ApiSleutel
from service.models import Organisatie
from service.regio import Regio
from service.regio import load_regio
from service.settings import get_settings


def _engine() -> tuple[Engine, Regio]:
    """The database every command works on, migrated, with the region's organisations. The
    webhook outbox is hooked into ``audit.record`` here, for every command that records."""
    from service import webhooks  # noqa: F401  # lazy: worker start (hooks the outbox in)
    from service.organisaties.actions import sync_region_organisaties  # lazy: worker start

    settings = get_settings()
    regio = load_regio(settings.regio)
    engine = make_engine(settings.sqlalchemy_url)
    migrate(engine)
    with migratieslot(engine), session_scope(engine, regio) as session:  # as at start-up
        sync_region_organisaties(session, regio)
    return engine, regio


def cmd_serve(args: argparse.Namespace) -> int:
    """uvicorn with ``--workers N`` processes. The schema is migrated once here, before the
    workers start (and again, a no-op under the migration lock, by each worker). On SIGINT or
    SIGTERM requests in flight get 3 s to finish and jobs stop after their batch: the server is
    gone within 5 s. Forwarded headers are believed only from ``WOONROUTE_VERTROUWDE_PROXIES``."""
    from service.metrics import MULTIPROC  # lazy: worker start

    settings = get_settings()
    if settings.migreren_bij_start:
        _engine()[0].dispose()
    eigen_map = None
    if args.workers > 1 and not os.environ.get(MULTIPROC):
        # Every worker writes its metrics here; a scrape adds them up (service.metrics).
        eigen_map = os.environ[MULTIPROC] = tempfile.mkdtemp(prefix="woonroute-metrics-")
    proxies = settings.vertrouwde_proxies.strip()
    uvicorn.run(
        "service.main:app_factory",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_config=log_config(settings.log_niveau),
        access_log=False,
        server_header=False,  # do not announce the server software (issue 11)
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
        timeout_graceful_shutdown=3,
    )
    if eigen_map:
        shutil.rmtree(eigen_map, ignore_errors=True)
    return 0


def cmd_migrate(_args: argparse.Namespace) -> int:
    _engine()
    print("Database is bijgewerkt.")
    return 0


def _organisatie(session: Session, code: str) -> Organisatie | None:
    """The organisation with ``code``; None, after saying so, when there is none."""
    org = session.exec(select(Organisatie).where(col(Organisatie.code) == code)).first()
    if org is None:
        print(f"Onbekende organisatie: {code}", file=sys.stderr)
    return org


def cmd_key_create(args: argparse.Namespace) -> int:
    from service.auth import create_api_key  # lazy: worker start
    from service.organisaties.actions import sync_region_organisaties  # lazy: worker start

    engine, regio = _engine()
    with session_scope(engine, regio) as session:
        sync_region_organisaties(session, regio)
        org = _organisatie(session, args.organisatie)
        if org is None:
            return 2
        row, key = create_api_key(session, org, args.omschrijving)
    print(
        f"API-sleutel voor {org.naam} ({org.soort}); bewaar hem nu, hij wordt niet nog eens getoond:"
    )
    print(key)
    return 0


def cmd_key_revoke(args: argparse.Namespace) -> int:
    from service.auth import revoke_api_key  # lazy: worker start
    from service.errors import NietGevonden  # lazy: worker start

    engine, regio = _engine()
    try:
        with session_scope(engine, regio) as session:
            revoke_api_key(session, args.prefix)
    except NietGevonden as exc:
        print(exc.detail, file=sys.stderr)
        return 2
    print(f"Sleutel {args.prefix} is ingetrokken.")
    return 0


def cmd_key_list(_args: argparse.Namespace) -> int:
    engine, regio = _engine()
    with session_scope(engine, regio) as session:
        rows = session.exec(select(ApiSleutel, Organisatie).join(Organisatie)).all()
        for key, org in rows:
            state = f"ingetrokken {key.ingetrokken_op:%Y-%m-%d}" if key.ingetrokken_op else "actief"
            print(f"{key.prefix}  {org.code:<24} {state:<22} {key.omschrijving}")
    return 0


def cmd_jobs(args: argparse.Namespace) -> int:
    """Each scheduled job once, for cron: only the due ones (``--alle``: all), and never one that
    another process holds the lease of (``service.taken``)."""
    from service.taken import Planner  # lazy: worker start
    from service.taken import lage_prioriteit  # lazy: worker start
    from service.taken import taken  # lazy: worker start
    from service.webhooks.dispatcher import Dispatcher  # lazy: worker start
    from service.webhooks.dispatcher import Regels  # lazy: worker start

    settings = get_settings()
    engine, regio = _engine()
    dispatcher = Dispatcher(engine, Regels.uit(settings))
    lijst = [t for t in taken(settings, regio, dispatcher) if not args.taak or t.naam in args.taak]
    if args.taak and len(lijst) != len(set(args.taak)):
        bekend = ", ".join(t.naam for t in taken(settings, regio, dispatcher))
        print(f"Onbekende taak; kies uit: {bekend}", file=sys.stderr)
        return 2
    planner = Planner(engine, lijst, lease=settings.taak_lease_seconden)
    lage_prioriteit()
    try:
        for naam, uitkomst in planner.ronde(alleen_verschuldigd=not args.alle).items():
            print(
                f"{naam}: {uitkomst or 'niet uitgevoerd (nog niet aan de beurt, of een ander proces voert hem uit)'}"
            )
    finally:
        dispatcher.close()
    return 0


def cmd_openapi(args: argparse.Namespace) -> int:
    from service.openapi_export import render  # lazy: worker start

    text = render()
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text)
        print(f"OpenAPI geschreven naar {args.output}")
    return 0


def cmd_user_create(args: argparse.Namespace) -> int:
    from service.web.sessies import maak_gebruiker  # lazy: worker start

    engine, regio = _engine()
    wachtwoord = args.wachtwoord or getpass.getpass("Wachtwoord: ")
    if len(wachtwoord) < 12:
        print("Kies een wachtwoord van minstens 12 tekens.", file=sys.stderr)
        return 2
    with session_scope(engine, regio) as session:
        org = _organisatie(session, args.organisatie)
        if org is None:
            return 2
        maak_gebruiker(
            session, organisatie=org, email=args.email, naam=args.naam, wachtwoord=wachtwoord
        )
    print(f"Gebruiker {args.email} kan nu inloggen voor {org.naam}.")
    return 0


def cmd_retentie(args: argparse.Namespace) -> int:
    from service.retentie import pseudonimiseer  # lazy: worker start

    engine, regio = _engine()
    with session_scope(engine, regio) as session:
        n = pseudonimiseer(session, proefrun=args.proefrun)
    print(f"{n} dossier(s) {'zouden worden' if args.proefrun else 'zijn'} gepseudonimiseerd.")
    return 0


def cmd_signalen(_args: argparse.Namespace) -> int:
    from service.signaleringen.actions import bereken  # lazy: worker start
    from service.taken import lage_prioriteit  # lazy: worker start

    lage_prioriteit()
    engine, regio = _engine()
    with session_scope(engine, regio) as session:
        r = bereken(session)
    print(
        f"Signaleringen: {r.nieuw} nieuw, {r.bijgewerkt} bijgewerkt, {r.opgelost} opgelost, {r.open} open."
    )
    return 0


def cmd_dispatcher(args: argparse.Namespace) -> int:
    """Deliver webhooks in a process of its own (several may run: each bericht goes out once)."""
    from service.webhooks.dispatcher import Dispatcher  # lazy: worker start
    from service.webhooks.dispatcher import Regels  # lazy: worker start

    settings = get_settings()
    engine, regio = _engine()
    dispatcher = Dispatcher(engine, Regels.uit(settings))
    if args.eenmaal:
        n = dispatcher.ronde()
        dispatcher.close()
        print(f"{n} berichten verwerkt.")
        return 0
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    print(f"Webhook-dispatcher {dispatcher.naam} draait; stoppen met Ctrl+C.", flush=True)
    dispatcher.draai(stop, settings.webhook_interval_seconden)
    dispatcher.close()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from service.demo import run_demo  # lazy: worker start

    return run_demo(
        host=args.host,
        port=args.port,
        database=args.database,
        fresh=not args.keep,
        klok=args.vandaag,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="woonroute", description="woonroute: van beschermd wonen naar een eigen woning"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="start de server")
    p.add_argument("--host", default=os.environ.get("WOONROUTE_HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("WOONROUTE_PORT", "8000")))
    p.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WOONROUTE_WORKERS", "1")),
        help="aantal serverprocessen (PostgreSQL aanbevolen bij meer dan één)",
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("demo", help="start de server met demogegevens van Zuidoost-Utrecht")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--database", default="woonroute-demo.db")
    p.add_argument("--keep", action="store_true", help="gebruik een bestaand demobestand")
    p.add_argument(
        "--vandaag",
        type=date.fromisoformat,
        default=None,
        help="doe alsof het vandaag deze datum is (JJJJ-MM-DD), bijvoorbeeld om langwachtenden te zien",
    )
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "openapi", help="schrijf het OpenAPI-document (standaard naar openapi/openapi.json)"
    )
    p.add_argument("--output", default="openapi/openapi.json")
    p.set_defaults(func=cmd_openapi)

    p = sub.add_parser(
        "dispatcher",
        help="verstuur webhooks in een eigen proces (naast of in plaats van de server)",
    )
    p.add_argument("--eenmaal", action="store_true", help="één ronde en dan stoppen")
    p.set_defaults(func=cmd_dispatcher)

    p = sub.add_parser("migrate", help="breng het databaseschema bij")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser(
        "retentie", help="verwijder persoonsgegevens van gesloten dossiers na de bewaartermijn"
    )
    p.add_argument("--proefrun", action="store_true", help="tel alleen, verander niets")
    p.set_defaults(func=cmd_retentie)

    p = sub.add_parser("signalen", help="bereken de signaleringen nu")
    p.set_defaults(func=cmd_signalen)

    p = sub.add_parser(
        "jobs",
        help="voer de geplande taken die aan de beurt zijn één keer uit (voor cron); "
        "een taak die een ander proces nu uitvoert, wordt overgeslagen",
    )
    p.add_argument("--alle", action="store_true", help="ook taken die nog niet aan de beurt zijn")
    p.add_argument(
        "--taak",
        action="append",
        help="alleen deze taak (aanbiedingen-verlopen, signaleringen, retentie, webhooks)",
    )
    p.set_defaults(func=cmd_jobs)

    keys = sub.add_parser("api-key", help="API-sleutels beheren").add_subparsers(
        dest="action", required=True
    )
    p = keys.add_parser("create", help="maak een sleutel voor een organisatie (code)")
    p.add_argument("organisatie")
    p.add_argument("--omschrijving", default="")
    p.set_defaults(func=cmd_key_create)
    p = keys.add_parser("revoke", help="trek een sleutel in (het begin, na wr_)")
    p.add_argument("prefix")
    p.set_defaults(func=cmd_key_revoke)
    p = keys.add_parser("list", help="toon alle sleutels (zonder geheim)")
    p.set_defaults(func=cmd_key_list)

    users = sub.add_parser("gebruiker", help="inlogaccounts voor de webpagina's").add_subparsers(
        dest="action", required=True
    )
    p = users.add_parser("create", help="maak een account voor een organisatie (code)")
    p.add_argument("organisatie")
    p.add_argument("email")
    p.add_argument("naam")
    p.add_argument("--wachtwoord", help="zonder deze optie wordt erom gevraagd")
    p.set_defaults(func=cmd_user_create)

    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
