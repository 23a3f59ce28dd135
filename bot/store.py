"""The store as the core sees it: a typed interface that each database engine implements.

The core never names an engine; ``storage/`` provides SQLite and PostgreSQL stores that satisfy
this Protocol (as httpx's transports satisfy ``BaseTransport``), and the same tests run on both.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .queue_records import NewRequest, QueueStats, ReviewerRequest
    from .records import CommandRecord
    from .review_records import ReviewRecord, StoredReview
    from .settings import CommunitySettings

Counted = list[tuple[str, int]]  # (name, count), most first


@dataclass(frozen=True)
class StoredGuide:
    """A community's guide as the database keeps it: the moderator's YAML, who changed it last and when."""
    id: str
    yaml: str
    actor: str
    updated_at: str


@dataclass(frozen=True)
class Erasure:
    """What an erasure did: rows deleted or renamed, per table; and, read in the same transaction, where a
    platform had posted the letter of each open request it deleted, as (request id, place), so the platform
    takes it back out. A place stored before the erase is in here; one stored after finds no row, and its
    poster (which re-reads the request after storing a place) withdraws the letter itself."""
    counts: dict[str, int]
    withdrawn: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class CommunityStats:
    """Aggregate figures for a community over a period: counts and a median, never a member."""
    commands: Counted  # uses per command
    guides: Counted  # guide, mistakes and FAQ answers per guide id
    reviews_by_guide: Counted
    reviews: int
    median_score: float | None
    rules_fired: Counted  # review points raised most, at most ten
    rules_marked_wrong: Counted  # points members marked as wrong most, at most ten
    credits_marked_wrong: Counted  # points credited that members marked as wrong, at most ten


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime
    actor: str
    action: str
    before: str | None
    after: str | None


class Store(Protocol):
    """What the core asks of a database. Every method may raise ``ServiceUnavailable`` (with a
    message written for the member) when the database can't serve."""

    # commands and reviews
    def queue(self, record: CommandRecord | ReviewRecord) -> None:
        """Keep a record in history without waiting: written with the next batch, in the background
        (the answer never waits for it). ``ServiceUnavailable`` when the store is closed or too many
        records are already waiting."""
    async def flush(self) -> None:
        """Wait until every record queued so far is written."""
    async def record_command(self, record: CommandRecord) -> int: ...
    async def record_review(self, record: ReviewRecord) -> int: ...
    async def claim_delivery(self, key: str) -> bool:
        """True the first time a platform delivery key is seen, in any process."""
    async def purge_expired(self, now: dt.datetime | None = None) -> dict[str, int]: ...

    # a member's own data
    async def recent_reviews(self, community: str, user: str, limit: int = 10) -> list[StoredReview]: ...
    async def previous_review(self, community: str, user: str, guide: str,
                              before_id: int) -> StoredReview | None: ...
    async def review_texts(self, community: str, user: str) -> list[str]:
        """The fingerprints of the member's reviewed texts, each once, in the order each was first reviewed."""
    async def export(self, community: str, user: str) -> dict[str, Any]:
        """Everything stored about the member, as a JSON-ready document."""
    async def forget(self, community: str, user: str) -> Erasure:
        """Erase the member here (closing their request for a reviewer); rows gone or renamed, per table."""

    # the community
    async def settings(self, community: str) -> CommunitySettings: ...
    async def save_settings(self, new: CommunitySettings, *, actor: str, action: str,
                            before: str | None, after: str | None) -> None: ...
    async def audit_log(self, community: str, limit: int = 20) -> list[AuditEntry]: ...
    async def take_review_slot(self, community: str, user: str, count: int, seconds: int,
                               now: dt.datetime | None = None) -> dt.datetime | None:
        """None when a review is granted within the cooldown, else when the next one is free."""
    async def record_rule_feedback(self, community: str, guide: str, rule: str, kind: str = "issue") -> None:
        """``kind``: "issue" for a point the review raised, "strength" for one it credited."""
    async def stats(self, community: str, since: dt.datetime) -> CommunityStats: ...
    async def watch_settings(self, callback: Callable[[str | None], None]) -> bool:
        """Have ``callback(community)`` called when any process changes that community's settings
        (``None``: any may have changed). False when the engine can't tell (the core then re-reads
        settings every few seconds)."""
    async def stash_import(self, token: str, community: str, actor: str, document: str) -> None: ...
    async def take_import(self, token: str, community: str) -> str | None: ...

    # the community's own guides (YAML as its moderators wrote it)
    async def community_guides(self, community: str) -> list[StoredGuide]: ...
    async def save_community_guides(self, community: str, guides: dict[str, str | None], *, actor: str,
                                    action: str, before: str | None, after: str | None) -> None:
        """Put (YAML) or remove (None) each guide by id, with one audit entry, in one transaction."""

    async def erase_community(self, community: str) -> Erasure:
        """Delete every row stored for the community, its own guides included; how many went, per table."""

    # the reviewer queue: each step is decided in the database (two reviewers, one claim)
    async def open_reviewer_request(self, new: NewRequest) -> int | None:
        """The request's id; None when the member already has one open."""
    async def reviewer_request(self, community: str, request_id: int) -> ReviewerRequest | None: ...
    async def member_request(self, community: str, user: str) -> ReviewerRequest | None:
        """The member's open request, else their latest closed one."""
    async def open_reviewer_requests(self, community: str) -> list[ReviewerRequest]: ...
    async def claim_reviewer_request(self, community: str, request_id: int, reviewer: str,
                                     now: dt.datetime | None = None) -> bool: ...
    async def release_reviewer_request(self, community: str, request_id: int, reviewer: str,
                                       now: dt.datetime | None = None) -> bool: ...
    async def reply_reviewer_request(self, community: str, request_id: int, reviewer: str, feedback: str,
                                     now: dt.datetime | None = None) -> bool: ...
    async def answer_reviewer_request(self, community: str, request_id: int, user: str, answer: str,
                                      now: dt.datetime | None = None) -> bool: ...
    async def mark_feedback_delivered(self, community: str, request_id: int,
                                      now: dt.datetime | None = None) -> bool: ...
    async def mark_closure_notified(self, community: str, request_id: int,
                                    now: dt.datetime | None = None) -> bool: ...
    async def set_reviewer_request_place(self, community: str, request_id: int, place: str) -> None: ...
    async def close_reviewer_request(self, community: str, request_id: int, user: str,
                                     now: dt.datetime | None = None) -> bool:
        """Closed by its member: the text goes."""
    async def expire_reviewer_requests(self, now: dt.datetime | None = None,
                                       community: str | None = None) -> list[ReviewerRequest]:
        """Close (and wipe) the requests past their community's expiry (one community, or all); those closed."""
    async def unnotified_closures(self, community: str, user: str) -> list[ReviewerRequest]: ...
    async def queue_stats(self, community: str, since: dt.datetime) -> QueueStats: ...
