"""Pages for the bemiddelaar."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
