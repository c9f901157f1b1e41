"""The four kinds of organisation by their initials, as the page modules write them in
``mag(persoon, B, C)`` and in the menu, and the organisations of one kind for the pages' lists
and choices: defined once here."""

from __future__ import annotations

from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service.models import Organisatie
from service.models import OrganisatieSoort

B = OrganisatieSoort.bemiddelaar
C = OrganisatieSoort.corporatie
Z = OrganisatieSoort.zorgaanbieder
R = OrganisatieSoort.regiobeheer


def organisaties(
    session: Session, soort: OrganisatieSoort, *, alleen_actief: bool = False
) -> list[Organisatie]:
    """The organisations of ``soort`` by name (only the active ones with ``alleen_actief``)."""
    query = select(Organisatie).where(Organisatie.soort == soort)
    if alleen_actief:
        query = query.where(col(Organisatie.actief))
    return list(session.exec(query.order_by(col(Organisatie.naam))).all())


__all__ = ["B", "C", "R", "Z", "organisaties"]
