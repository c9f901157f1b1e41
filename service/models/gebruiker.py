"""People who log in to the web pages: accounts belong to an organisation (issue 7).

Passwords are hashed with Argon2. Sessions live server-side: the cookie holds a random token,
the table only its SHA-256, the CSRF token and the expiry, so logging out really ends it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field
from sqlmodel import SQLModel

from service.models.types import UTCDateTime
from service.models.types import new_id
from service.models.types import utcnow


class Gebruiker(SQLModel, table=True):
    __tablename__ = "gebruiker"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    organisatie_id: uuid.UUID = Field(foreign_key="organisatie.id", index=True)
    email: str = Field(max_length=200, unique=True, index=True)
    naam: str = Field(max_length=200)
    wachtwoord_hash: str = Field(max_length=200)
    actief: bool = True
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


#: The longest confirmation a session keeps for the next page.
MELDING_MAX = 500


class WebSessie(SQLModel, table=True):
    __tablename__ = "web_sessie"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    gebruiker_id: uuid.UUID = Field(foreign_key="gebruiker.id", index=True)
    csrf: str = Field(max_length=64)
    verloopt_op: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    #: The confirmation of the last action, shown once on the next page (never in the URL).
    melding: str | None = Field(default=None, max_length=MELDING_MAX)
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
