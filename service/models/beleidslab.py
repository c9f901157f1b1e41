"""Stored runs of the policy lab (issue 16)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import Column
from sqlmodel import Field
from sqlmodel import SQLModel

from service.models.types import UTCDateTime
from service.models.types import new_id
from service.models.types import utcnow


class Beleidsproef(SQLModel, table=True):
    """A stored run of the policy lab: the policy replayed, the period, and the results, so a
    decision can cite it (by id). Never changed after it is written."""

    __tablename__ = "beleidsproef"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    organisatie_id: uuid.UUID = Field(foreign_key="organisatie.id", index=True)
    naam: str = Field(max_length=200)
    beleid: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    resultaten: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
