"""Webhook subscriptions (abonnementen) and the transactional outbox.

An ``Abonnement`` is an organisation's URL with the event kinds it wants. When a change that
matters happens, one ``WebhookBericht`` per matching subscription is written in the same
transaction as the change (``service.webhooks.outbox``); the dispatcher delivers it later and
writes one ``WebhookPoging`` per attempt. The auto-increment ``id`` of a bericht is its place in
the queue: delivery is in order per (abonnement, onderwerp).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import BigInteger
from sqlalchemy import Column
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlmodel import Field
from sqlmodel import SQLModel

from service.models.types import UTCDateTime
from service.models.types import new_id
from service.models.types import utcnow

_BIGINT = BigInteger().with_variant(Integer(), "sqlite")


class BerichtStatus(StrEnum):
    wachtend = "wachtend"  # waiting for its (next) attempt
    afgeleverd = "afgeleverd"  # the receiver answered 2xx
    mislukt = "mislukt"  # dead letter: too old to keep trying; can be replayed


class Abonnement(SQLModel, table=True):
    __tablename__ = "abonnement"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    organisatie_id: uuid.UUID = Field(foreign_key="organisatie.id", index=True)
    url: str = Field(max_length=2000)
    soorten: list[str] = Field(sa_column=Column(JSON, nullable=False))
    omschrijving: str | None = Field(default=None, max_length=200)
    actief: bool = True
    #: Standard Webhooks secret (``whsec_`` + base64). Needed in clear to sign.
    geheim: str = Field(max_length=100)
    #: After a rotation the previous secret still signs until this moment.
    vorig_geheim: str | None = Field(default=None, max_length=100)
    vorig_geheim_geldig_tot: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    gewijzigd_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class WebhookBericht(SQLModel, table=True):
    """One event for one subscription (the outbox row)."""

    __tablename__ = "webhookbericht"
    __table_args__ = (
        Index("ix_webhookbericht_wachtrij", "status", "volgende_poging"),
        Index("ix_webhookbericht_onderwerp", "abonnement_id", "onderwerp", "status", "id"),
        Index("ix_webhookbericht_tweede", "abonnement_id", "tweede_onderwerp", "status", "id"),
    )

    id: int | None = Field(
        default=None, sa_column=Column(_BIGINT, primary_key=True, autoincrement=True)
    )
    #: The ``webhook-id`` header: the same on every attempt, so receivers can drop duplicates.
    bericht_id: str = Field(max_length=40, unique=True)
    abonnement_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey("abonnement.id"), nullable=False, index=True)
    )
    soort: str = Field(max_length=40)
    #: Ordering keys: the kandidaat the event is about (else the object itself), and the woning
    #: when there is one. No bericht overtakes an earlier one sharing either key.
    onderwerp: str = Field(max_length=36)
    tweede_onderwerp: str | None = Field(default=None, max_length=36)
    inhoud: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    #: Start of the current delivery run (creation, or the last replay): the maximum age counts from here.
    in_wachtrij_sinds: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    status: str = Field(default=BerichtStatus.wachtend, max_length=20)
    pogingen: int = 0
    volgende_poging: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    #: Lease: the dispatcher that claimed the row owns it until ``geclaimd_tot``.
    geclaimd_door: str | None = Field(default=None, max_length=80)
    geclaimd_tot: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    laatste_statuscode: int | None = None
    laatste_fout: str | None = Field(default=None, max_length=300)
    afgeleverd_op: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )


class WebhookPoging(SQLModel, table=True):
    """One delivery attempt, visible to the subscriber."""

    __tablename__ = "webhookpoging"

    id: int | None = Field(
        default=None, sa_column=Column(_BIGINT, primary_key=True, autoincrement=True)
    )
    bericht_id: int = Field(
        sa_column=Column(_BIGINT, ForeignKey("webhookbericht.id"), nullable=False, index=True)
    )
    tijdstip: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    statuscode: int | None = None
    fout: str | None = Field(default=None, max_length=300)
    duur_ms: int = 0
    door: str = Field(max_length=80)
