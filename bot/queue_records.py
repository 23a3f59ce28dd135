"""What the reviewer queue keeps (see ``reviewers.py``): a member's new request, a request as the store holds it,
and the queue's figures. Apart from the rules, so a command that never touches the queue (`/help`) doesn't
build these classes.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class NewRequest:
    """What a member sends to the queue: their letter, the automatic review's outline, an optional note."""
    community: str
    user: str
    platform: str
    guide: str
    score: int
    fixes: tuple[str, ...]  # the automatic review's top fixes, as rule ids (never quotes from the letter)
    letter: str
    note: str | None
    anonymous: bool
    member_name: str | None  # shown to reviewers only when the member chose not to be anonymous
    at: dt.datetime


@dataclass(frozen=True)
class ReviewerRequest:
    id: int
    community: str
    user: str
    platform: str
    at: dt.datetime
    touched_at: dt.datetime  # the last step (asked, claimed, released, replied, answered): expiry counts from it
    anonymous: bool
    member_name: str | None
    guide: str
    score: int
    fixes: tuple[str, ...]
    letter: str | None  # None once closed
    note: str | None
    claimed_by: str | None
    claimed_at: dt.datetime | None
    replied_by: str | None
    replied_at: dt.datetime | None
    feedback: str | None
    delivered_at: dt.datetime | None  # when the member was first shown the feedback
    answer: str | None
    answered_at: dt.datetime | None
    closed_at: dt.datetime | None
    close_reason: str | None  # member | expired
    notified_at: dt.datetime | None  # when the member was told it expired
    place: str | None  # where the platform posted it for reviewers (a thread or message id), never content

    @property
    def open(self) -> bool:
        return self.closed_at is None

    @property
    def shown_as(self) -> str:
        """Who reviewers see: "a member" unless the member chose to show their name."""
        return "a member" if self.anonymous or not self.member_name else self.member_name

    @property
    def state(self) -> str:
        if self.closed_at is not None:
            return "closed"
        if self.replied_at is not None:
            return "answered" if self.answered_at is not None else "replied"
        return "claimed" if self.claimed_by is not None else "waiting"


@dataclass(frozen=True)
class QueueStats:
    """The queue's health over a period: counts and a median, never content or a member."""
    requests: int
    open: int
    replied: int
    expired: int  # closed by the expiry without a reply
    median_hours_to_reply: float | None
    reviewers_active: int

    @property
    def share_answered(self) -> float | None:
        return self.replied / self.requests if self.requests else None
