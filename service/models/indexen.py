"""Indexes for the kandidaten page (issue 12): search, filter and sort 100,000 kandidaten
within 300 ms. The sort orders of the page are index walks, and the page's ids are read from
the index alone before the 50 rows are fetched (``service.web.zoeken``)."""

from __future__ import annotations

from sqlalchemy import Index

from service.models.kandidaat import Gemeentevoorkeur, Kandidaat

KANDIDAAT_INDEXEN = (
    Index(
        "ix_kandidaat_wachtvolgorde",
        Kandidaat.aanmelddatum,
        Kandidaat.volgnummer,
        Kandidaat.id,
    ),
    Index(
        "ix_kandidaat_status_wachtvolgorde",
        Kandidaat.status,
        Kandidaat.aanmelddatum,
        Kandidaat.volgnummer,
        Kandidaat.id,
    ),
    Index("ix_kandidaat_naam", Kandidaat.achternaam, Kandidaat.voornaam, Kandidaat.id),
    Index("ix_gemeentevoorkeur_gemeente", Gemeentevoorkeur.gemeente, Gemeentevoorkeur.kandidaat_id),
)
