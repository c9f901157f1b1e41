"""Escalation to maatwerk (ZOU-R2, ZOU-M2): who is stuck, why, and a ready maatwerk action.

A view over two signals, computed on demand from their one definition in
``service.signaleringen`` (the owner):
- ``langwachtend``: the long waiters of the ``langwachtend`` signal (ZOU-M2: longer than the
  region's threshold, six months by default, paused days not counted) whom maatwerk can take
  now: waiting, without an open maatwerktraject (what ``POST /v1/maatwerktrajecten`` asks). The
  reason looks at every woning reported in the kandidaat's gemeenten since registration and
  names the rule that excluded them most often.
- ``geen-geschikte-kandidaat``: the woningen of the ``woning-zonder-kandidaten`` signal
  (MATCH-N) whose open voordracht holds nobody at all: omgekeerde plaatsing failed (ZOU-R2).
  The reason is the rule that excluded most of the examined kandidaten.
Each comes with the body of a ``POST /v1/maatwerktrajecten`` that starts the maatwerk.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service.clock import vandaag
from service.diagnose import REGEL_TEKST
from service.diagnose import diagnose
from service.escalaties.schemas import Escalatie
from service.escalaties.schemas import EscalatieSoort
from service.maatwerk.schemas import TrajectInvoer
from service.models import OPEN_TRAJECT
from service.models import Aanleiding
from service.models import CorporatieRoute
from service.models import Gemeentevoorkeur
from service.models import Kandidaat
from service.models import KandidaatStatus
from service.models import Maatwerktraject
from service.models import Organisatie
from service.models import OrganisatieSoort
from service.models import Woning
from service.queries import voorkeuren
from service.signaleringen import langwachtend as langwachtend_signaal
from service.signaleringen.woning_zonder_kandidaten import Tekort
from service.signaleringen.woning_zonder_kandidaten import tekorten


def _zonder_open_traject() -> ColumnElement[bool]:
    """No open maatwerktraject yet: one is all maatwerk can start (ZOU-R2)."""
    open_ = select(Maatwerktraject.kandidaat_id).where(
        col(Maatwerktraject.status).in_(OPEN_TRAJECT)
    )
    return col(Kandidaat.id).not_in(open_)


def _maatwerk_corporatie(session: Session, gemeente: str | None) -> uuid.UUID | None:
    """The corporatie to forward to: the last one with a woning in ``gemeente`` that works with
    maatwerk, else any corporatie that works with maatwerk."""
    routes = (CorporatieRoute.maatwerk, CorporatieRoute.beide)
    if gemeente is not None:
        recent = session.exec(
            select(Woning.corporatie_id)
            .join(Organisatie, col(Organisatie.id) == col(Woning.corporatie_id))
            .where(Woning.gemeente == gemeente, col(Organisatie.route).in_(routes))
            .order_by(col(Woning.aangemaakt_op).desc())
        ).first()
        if recent is not None:
            return recent
    return session.exec(
        select(Organisatie.id)
        .where(
            Organisatie.soort == OrganisatieSoort.corporatie,
            Organisatie.actief,
            col(Organisatie.route).in_(routes),
        )
        .order_by(col(Organisatie.naam))
    ).first()


def langwachtend(session: Session, *, offset: int, limit: int) -> tuple[list[Escalatie], int]:
    """One page of the long waiters maatwerk can take now, longest registered first."""
    lang = langwachtend_signaal.in_volgorde(
        session,
        vandaag(),
        Kandidaat.status == KandidaatStatus.wachtend,  # as POST /v1/maatwerktrajecten asks
        _zonder_open_traject(),
    )
    ids = [kandidaat_id for kandidaat_id, _wacht in lang[offset : offset + limit]]
    kandidaten = {
        k.id: k for k in session.exec(select(Kandidaat).where(col(Kandidaat.id).in_(ids))).all()
    }
    return [_langwachtend_escalatie(session, kandidaten[i]) for i in ids], len(lang)


def _langwachtend_escalatie(session: Session, k: Kandidaat) -> Escalatie:
    d = diagnose(session, k)
    reden, regel = d.bindende_beperking, d.regel
    prefs = voorkeuren(session, [k.id])[k.id]
    corp = _maatwerk_corporatie(session, prefs[0] if prefs else None)
    return _escalatie(
        EscalatieSoort.langwachtend,
        k.id,
        reden,
        regel,
        kandidaat_id=k.id,
        corporatie_id=corp,
        wensen=f"Wacht sinds {k.aanmelddatum.isoformat()}. {reden} Zoek een woning in {', '.join(prefs)}.",
    )


def _escalatie(
    soort: EscalatieSoort,
    object_id: uuid.UUID,
    reden: str,
    regel: str | None,
    *,
    kandidaat_id: uuid.UUID | None,
    corporatie_id: uuid.UUID | None,
    wensen: str,
) -> Escalatie:
    """An escalation with, when there is a kandidaat and a corporatie, the body of the
    ``POST /v1/maatwerktrajecten`` it proposes (its aanleiding is the escalation's kind)."""
    voorstel = None
    if kandidaat_id is not None and corporatie_id is not None:
        voorstel = TrajectInvoer(
            kandidaat_id=kandidaat_id,
            corporatie_id=corporatie_id,
            aanleiding=Aanleiding(soort.value),
            wensen=wensen,
        )
    return Escalatie(
        soort=soort, object_id=object_id, reden=reden, blokkerende_regel=regel, voorstel=voorstel
    )


def zonder_kandidaat(session: Session) -> list[Escalatie]:
    """The woningen whose open voordracht holds nobody, oldest voordracht first."""
    return [_woning_escalatie(session, t) for t in tekorten(session) if t.gevonden == 0]


def _woning_escalatie(session: Session, t: Tekort) -> Escalatie:
    w, regel = t.woning, t.blokkerende_regel
    if regel is None:
        reden = f"Niemand op de wachtlijst heeft {w.gemeente} als gemeente gekozen."
    else:
        reden = (
            f"Geen geschikte kandidaat voor deze woning in {w.gemeente}: bij {t.uitgesloten[regel]} "
            f"kandidaten {REGEL_TEKST[regel]} ({regel})."
        )
    return _escalatie(
        EscalatieSoort.geen_geschikte_kandidaat,
        w.id,
        reden,
        regel,
        kandidaat_id=_longest_waiting_for(session, w.gemeente),
        corporatie_id=w.corporatie_id,
        wensen=f"Woning {w.straat} {w.huisnummer} vond geen geschikte kandidaat. {reden} "
        "Bekijk met maatwerk of deze of een andere woning past.",
    )


def _longest_waiting_for(session: Session, gemeente: str) -> uuid.UUID | None:
    return session.exec(
        select(Kandidaat.id)
        .join(Gemeentevoorkeur, col(Gemeentevoorkeur.kandidaat_id) == col(Kandidaat.id))
        .where(
            Gemeentevoorkeur.gemeente == gemeente,
            Kandidaat.status == KandidaatStatus.wachtend,
            _zonder_open_traject(),
        )
        .order_by(
            col(Gemeentevoorkeur.rangklasse),
            col(Kandidaat.aanmelddatum),
            col(Kandidaat.volgnummer),  # MATCH-K3: registration order
        )
    ).first()
