"""The ``woning-zonder-kandidaten`` signal (MATCH-N): one definition, for the signal and the
escalaties view.

A woning has too few kandidaten when its open voordracht (te beoordelen or goedgekeurd) holds
fewer active places than it asks for: "fewer than three suitable candidates is itself a signal"
(MATCH-N). The places are counted as they stand now. The escalaties view
(``service.escalaties``) shows the woningen of this signal that hold nobody at all: there
omgekeerde plaatsing failed and maatwerk is the way on (ZOU-R2).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service.models import ACTIEVE_PLEKKEN
from service.models import SignaleringSoort
from service.models import Voordracht
from service.models import Voordrachtplek
from service.models import VoordrachtStatus
from service.models import Woning
from service.queries import bemiddelaar_id
from service.signaleringen.oorzaak import Oorzaak

OPEN_VOORDRACHT = (VoordrachtStatus.te_beoordelen, VoordrachtStatus.goedgekeurd)


@dataclass(frozen=True)
class Tekort:
    """An open voordracht with fewer active places than asked, its woning and what was found."""

    voordracht: Voordracht
    woning: Woning
    gevonden: int

    @property
    def uitgesloten(self) -> dict[str, int]:
        """How many kandidaten each rule excluded, the rules that excluded anyone."""
        per_regel = self.voordracht.uitleg.get("uitgeslotenPerRegel", {})
        return {regel: n for regel, n in per_regel.items() if n}

    @property
    def blokkerende_regel(self) -> str | None:
        """The rule that excluded the most kandidaten (a tie: the higher rule id)."""
        counts = self.uitgesloten
        return max(counts, key=lambda r: (counts[r], r)) if counts else None


def tekorten(session: Session) -> list[Tekort]:
    """Every woning with too few kandidaten (MATCH-N), oldest voordracht first."""
    rows = session.exec(
        select(Voordracht, Woning)
        .join(Woning, col(Woning.id) == col(Voordracht.woning_id))
        .where(col(Voordracht.status).in_(OPEN_VOORDRACHT), col(Voordracht.volledig).is_(False))
        .order_by(col(Voordracht.aangemaakt_op), col(Voordracht.id))
    ).all()
    actief = dict(
        session.exec(
            select(Voordrachtplek.voordracht_id, func.count())
            .where(
                col(Voordrachtplek.voordracht_id).in_([vd.id for vd, _w in rows]),
                col(Voordrachtplek.status).in_(ACTIEVE_PLEKKEN),
            )
            .group_by(col(Voordrachtplek.voordracht_id))
        ).all()
    )
    return [Tekort(vd, w, actief.get(vd.id, 0)) for vd, w in rows]


def oorzaken(session: Session, _today: date) -> Iterator[Oorzaak]:
    """The causes of the signal: one per woning with too few kandidaten, for Het Vierde Huis,
    visible to the corporatie."""
    hvh = bemiddelaar_id(session)
    for t in tekorten(session):
        vd = t.voordracht
        yield Oorzaak(
            SignaleringSoort.woning_zonder_kandidaten,
            "woning",
            vd.woning_id,
            hvh,
            vd.corporatie_id,
            f"Voordracht met {t.gevonden} van de {vd.gevraagd} kandidaten (MATCH-N).",
            {
                "voordrachtId": str(vd.id),
                "gevonden": t.gevonden,
                "uitgeslotenPerRegel": t.uitgesloten,
            },
        )
