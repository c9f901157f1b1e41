"""Retention (STANDARDS privacy): personal data of a closed file is removed after a period.

A file is closed when the kandidaat is ``uitgeschreven``, or ``geplaatst`` and the two years of
guidance have ended. ``bewaartermijn_maanden`` (region setting) after that, the name, the exact
date of birth (kept: 1 January of the birth year) and the casushouder's contact details go, in the
kandidaat row and in the snapshots of its audit events. What the figures use stays: dates,
gemeenten, household size, income, statuses. The audit trail is append-only for everyone else;
this redaction is the one documented exception, itself recorded as an event.
"""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from typing import Any

from sqlalchemy import update
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service import audit
from service.clock import nu
from service.clock import plus_maanden
from service.clock import vandaag
from service.models import Evaluatie
from service.models import Formulier
from service.models import Gebeurtenis
from service.models import Kandidaat
from service.models import KandidaatStatus
from service.models import Overdracht
from service.models import Plaatsing
from service.regio import regio_van

PERSOONLIJK = (
    "voornaam",
    "achternaam",
    "zoeknaam",
    "zoekachternaam",
    "casushouder_naam",
    "casushouder_telefoon",
    "casushouder_email",
    "status_toelichting",
)


def _redact(snapshot: dict[str, Any] | None) -> dict[str, Any] | None:
    if not snapshot:
        return snapshot
    out = {k: (None if k in PERSOONLIJK else v) for k, v in snapshot.items()}
    if out.get("geboortedatum"):
        out["geboortedatum"] = str(out["geboortedatum"])[:4] + "-01-01"
    return out


def te_verwijderen(session: Session, today: date) -> list[Kandidaat]:
    grens = plus_maanden(today, -regio_van(session).termijnen.bewaartermijn_maanden)
    grens_moment = datetime.combine(grens, time.min, tzinfo=UTC)
    uitgeschreven = select(Kandidaat).where(
        Kandidaat.status == KandidaatStatus.uitgeschreven,
        Kandidaat.gewijzigd_op < grens_moment,
        col(Kandidaat.gepseudonimiseerd_op).is_(None),
    )
    geplaatst = (
        select(Kandidaat)
        .join(Plaatsing, col(Plaatsing.kandidaat_id) == col(Kandidaat.id))
        .where(
            Kandidaat.status == KandidaatStatus.geplaatst,
            Plaatsing.begeleiding_tot < grens,
            col(Kandidaat.gepseudonimiseerd_op).is_(None),
        )
    )
    return list(session.exec(uitgeschreven).all()) + list(session.exec(geplaatst).all())


def _nazorg_wissen(session: Session, k: Kandidaat) -> None:
    """Issue 13: the forms' contents (ZOU-B3/B4, DRE-F1), the outcomes per topic and the notes
    of the plaatsing go too; versions, dates, decisions and routes stay for the figures."""
    for f in session.exec(select(Formulier).where(Formulier.kandidaat_id == k.id)).all():
        f.inhoud = {}
        session.add(f)
    for p in session.exec(select(Plaatsing).where(Plaatsing.kandidaat_id == k.id)).all():
        p.vervolgafspraak = p.omzetting_reden = None
        session.add(p)
        for e in session.exec(select(Evaluatie).where(Evaluatie.plaatsing_id == p.id)).all():
            e.uitkomsten, e.volgende_stap = None, None
            session.add(e)
        for o in session.exec(select(Overdracht).where(Overdracht.plaatsing_id == p.id)).all():
            o.toelichting = None
            session.add(o)


def pseudonimiseer(session: Session, *, proefrun: bool = False) -> int:
    rows = te_verwijderen(session, vandaag())
    if proefrun:
        return len(rows)
    for k in rows:
        k.voornaam, k.achternaam = "(verwijderd)", "(verwijderd)"
        k.geboortedatum = date(k.geboortedatum.year, 1, 1)
        k.casushouder_naam = k.casushouder_telefoon = k.casushouder_email = None
        k.status_toelichting = None
        k.gepseudonimiseerd_op = nu()
        session.add(k)
        for ev in session.exec(select(Gebeurtenis).where(Gebeurtenis.object_id == str(k.id))).all():
            # Core UPDATE: the ORM guard keeps the trail append-only for every other writer.
            session.exec(
                update(Gebeurtenis)
                .where(col(Gebeurtenis.id) == ev.id)
                .values(voor=_redact(ev.voor), na=_redact(ev.na))
            )
        _nazorg_wissen(session, k)
        session.expire_all()
        audit.record(
            session,
            None,
            "kandidaat-gepseudonimiseerd",
            "kandidaat",
            k.id,
            toelichting="Bewaartermijn verstreken: persoonsgegevens verwijderd.",
        )
    session.flush()
    return len(rows)
