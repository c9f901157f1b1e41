"""Indexes for the kandidaten page (issue 12): search, filter and sort 100,000 kandidaten
within 300 ms. The sort orders of the page are index walks, and the page's ids are read from
the index alone before the 50 rows are fetched (``service.web.zoeken``)."""

from __future__ import annotations

from sqlalchemy import Index
from sqlmodel import col

from service.models.kandidaat import Gemeentevoorkeur
from service.models.kandidaat import Kandidaat

KANDIDAAT_INDEXEN = (
    Index(
        "ix_kandidaat_wachtvolgorde",
        col(Kandidaat.aanmelddatum),
        col(Kandidaat.volgnummer),
        col(Kandidaat.id),
    ),
    Index(
        "ix_kandidaat_status_wachtvolgorde",
        col(Kandidaat.status),
        col(Kandidaat.aanmelddatum),
        col(Kandidaat.volgnummer),
        col(Kandidaat.id),
    ),
    Index(
        "ix_kandidaat_naam", col(Kandidaat.achternaam), col(Kandidaat.voornaam), col(Kandidaat.id)
    ),
    # a name search is a prefix range on one of these (``service.models.zoeknaam``)
    Index("ix_kandidaat_zoeknaam", col(Kandidaat.zoeknaam)),
    Index("ix_kandidaat_zoekachternaam", col(Kandidaat.zoekachternaam)),
    Index(
        "ix_gemeentevoorkeur_gemeente",
        col(Gemeentevoorkeur.gemeente),
        col(Gemeentevoorkeur.kandidaat_id),
    ),
)
