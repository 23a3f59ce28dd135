"""The schema of the YAML document `/mod export` writes and `/mod import` reads. Loaded only when a
document is imported, so starting Shortlist doesn't build it."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ...moderation import PERIODS
from ...settings import DEFAULT_RETENTION_DAYS, RETENTION_DAYS


class _Cooldown(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reviews: int = Field(ge=1, le=9999)
    seconds: int = Field(ge=60, le=PERIODS["week"])


class _Command(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool | None = None
    channels: dict[str, bool] = {}


class _Moderators(BaseModel):
    model_config = ConfigDict(extra="forbid")
    roles: list[str] = []
    users: list[str] = []


class _Reviewers(BaseModel):
    model_config = ConfigDict(extra="forbid")
    roles: list[str] = []
    users: list[str] = []
    channel: str | None = None
    expiry_days: int = Field(default=7, ge=1, le=90)


class _Faq(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str
    answer: str
    also_asked: list[str] = []


class ImportDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")
    shortlist: int = 1
    default_role: str | None = None
    region: Literal["uk", "us"] | None = None  # absent (an export from before it): the shipped default, UK
    retention_days: int = Field(default=DEFAULT_RETENTION_DAYS, ge=RETENTION_DAYS[0], le=RETENTION_DAYS[-1])
    review_cooldown: _Cooldown | None = None
    channels: list[str] = []
    commands: dict[str, _Command] = {}
    moderators: _Moderators = _Moderators()
    faq: list[_Faq] = []
    reviewers: _Reviewers | None = None  # absent (an export from before the reviewer queue): they stay as they are
    guides: dict[str, str] | None = None  # absent: the community's guides stay as they are
