"""Members' requests for a human read of their letter, and the queue's figures.

Every step is one conditional UPDATE: the database decides who claimed first, whether a reply is still
wanted, whether a member already has a request open (a partial unique index), so two processes (or two
reviewers pressing *Claim* at the same instant) can never both win. Closing a request wipes its text.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from bot.records import utcnow
from bot.settings import DEFAULT_REVIEWER_EXPIRY_DAYS

from .engine import Database, Params, Row, Transaction, iso, parse_iso

if TYPE_CHECKING:  # the classes load with the queue's first use (a command that never touches it builds none)
    from bot.queue_records import NewRequest, QueueStats, ReviewerRequest

COLUMNS = ('id, community, "user", platform, at, touched_at, anonymous, member_name, guide, score, fixes, letter,'
           " note, claimed_by, claimed_at, replied_by, replied_at, feedback, delivered_at, answer, answered_at,"
           " closed_at, close_reason, notified_at, place")
# What closing a request leaves: when things happened, never what anyone wrote.
WIPE = "letter = NULL, note = NULL, feedback = NULL, answer = NULL, member_name = NULL"
OPEN = "closed_at IS NULL"
MIN_EXPIRY_DAYS = 1  # the shortest expiry a community can set (the schema's CHECK): nothing younger can expire


async def delete_requests(tx: Transaction, where: str, params: Params) -> tuple[int, tuple[tuple[int, str], ...]]:
    """Delete the requests ``where`` selects: how many went, and (id, place) of each open one a platform had
    posted. The places are read by the delete itself (RETURNING), not before it, so a place stored an
    instant earlier can't be missed (#19)."""
    rows = await tx.fetchall(f"DELETE FROM reviewer_requests WHERE {where} RETURNING id, place, closed_at", params)
    return len(rows), tuple((int(id_), place) for id_, place, closed_at in rows if place and closed_at is None)


def _when(value: str | None) -> dt.datetime | None:
    return parse_iso(value) if value else None


def _request(row: Row) -> ReviewerRequest:
    from bot.queue_records import ReviewerRequest
    (id_, community, user, platform, at, touched, anonymous, name, guide, score, fixes, letter, note, claimed_by,
     claimed_at, replied_by, replied_at, feedback, delivered_at, answer, answered_at, closed_at, reason, notified_at,
     place) = row
    return ReviewerRequest(
        int(id_), community, user, platform, parse_iso(at), parse_iso(touched), bool(anonymous), name, guide,
        int(score), tuple(f for f in fixes.split(" ") if f), letter, note, claimed_by, _when(claimed_at),
        replied_by, _when(replied_at), feedback, _when(delivered_at), answer, _when(answered_at), _when(closed_at),
        reason, _when(notified_at), place)


class ReviewerRequestRepository:
    _db: Database

    async def open_reviewer_request(self, new: NewRequest) -> int | None:
        """The new request's id; None when the member already has one open (in any process)."""
        async def insert(tx: Transaction) -> int | None:
            rows = await tx.fetchall(
                'INSERT INTO reviewer_requests (community, "user", platform, at, touched_at, anonymous, member_name,'
                " guide, score, fixes, letter, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING RETURNING id",
                (new.community, new.user, new.platform, iso(new.at), iso(new.at), int(new.anonymous),
                 None if new.anonymous else new.member_name, new.guide, new.score, " ".join(new.fixes),
                 new.letter, new.note))
            return int(rows[0][0]) if rows else None
        return await self._db.write(insert)

    async def reviewer_request(self, community: str, request_id: int) -> ReviewerRequest | None:
        rows = await self._db.fetchall(f"SELECT {COLUMNS} FROM reviewer_requests WHERE community = ? AND id = ?",
                                       (community, request_id))
        return _request(rows[0]) if rows else None

    async def member_request(self, community: str, user: str) -> ReviewerRequest | None:
        """The member's open request, else their latest one (closed: only when and how, no text)."""
        rows = await self._db.fetchall(
            f'SELECT {COLUMNS} FROM reviewer_requests WHERE community = ? AND "user" = ?'
            " ORDER BY closed_at IS NULL DESC, id DESC LIMIT 1", (community, user))
        return _request(rows[0]) if rows else None

    async def open_reviewer_requests(self, community: str) -> list[ReviewerRequest]:
        """The community's open requests, oldest first."""
        rows = await self._db.fetchall(
            f"SELECT {COLUMNS} FROM reviewer_requests WHERE community = ? AND {OPEN} ORDER BY at, id", (community,))
        return [_request(r) for r in rows]

    async def _step(self, sql: str, params: tuple[Any, ...]) -> bool:
        async def step(tx: Transaction) -> bool:
            return await tx.execute(sql, params) == 1
        return await self._db.write(step)

    async def claim_reviewer_request(self, community: str, request_id: int, reviewer: str,
                                     now: dt.datetime | None = None) -> bool:
        """True for exactly one reviewer, however many claim at once: the row's own state decides."""
        at = iso(now or utcnow())
        return await self._step(
            "UPDATE reviewer_requests SET claimed_by = ?, claimed_at = ?, touched_at = ?"
            f' WHERE community = ? AND id = ? AND claimed_by IS NULL AND {OPEN} AND "user" != ?',
            (reviewer, at, at, community, request_id, reviewer))

    async def release_reviewer_request(self, community: str, request_id: int, reviewer: str,
                                       now: dt.datetime | None = None) -> bool:
        """Give a claimed request back to the queue (only its claimer can, and only before replying)."""
        return await self._step(
            "UPDATE reviewer_requests SET claimed_by = NULL, claimed_at = NULL, touched_at = ?"
            f" WHERE community = ? AND id = ? AND claimed_by = ? AND replied_at IS NULL AND {OPEN}",
            (iso(now or utcnow()), community, request_id, reviewer))

    async def reply_reviewer_request(self, community: str, request_id: int, reviewer: str, feedback: str,
                                     now: dt.datetime | None = None) -> bool:
        """The claimer's feedback, once."""
        at = iso(now or utcnow())
        return await self._step(
            "UPDATE reviewer_requests SET feedback = ?, replied_by = ?, replied_at = ?, touched_at = ?"
            f" WHERE community = ? AND id = ? AND claimed_by = ? AND replied_at IS NULL AND {OPEN}",
            (feedback, reviewer, at, at, community, request_id, reviewer))

    async def answer_reviewer_request(self, community: str, request_id: int, user: str, answer: str,
                                      now: dt.datetime | None = None) -> bool:
        """The member's one answer to the feedback (thanks, or a follow-up question)."""
        at = iso(now or utcnow())
        return await self._step(
            "UPDATE reviewer_requests SET answer = ?, answered_at = ?, touched_at = ?"
            f' WHERE community = ? AND id = ? AND "user" = ? AND replied_at IS NOT NULL AND answered_at IS NULL'
            f" AND {OPEN}", (answer, at, at, community, request_id, user))

    async def mark_feedback_delivered(self, community: str, request_id: int, now: dt.datetime | None = None) -> bool:
        """True the first time: the member has now been shown the feedback (a DM, or a note in the bot)."""
        return await self._step(
            "UPDATE reviewer_requests SET delivered_at = ? WHERE community = ? AND id = ? AND feedback IS NOT NULL"
            " AND delivered_at IS NULL", (iso(now or utcnow()), community, request_id))

    async def mark_closure_notified(self, community: str, request_id: int, now: dt.datetime | None = None) -> bool:
        """True the first time: the member has now been told their request expired."""
        return await self._step(
            "UPDATE reviewer_requests SET notified_at = ? WHERE community = ? AND id = ? AND closed_at IS NOT NULL"
            " AND notified_at IS NULL", (iso(now or utcnow()), community, request_id))

    async def set_reviewer_request_place(self, community: str, request_id: int, place: str) -> None:
        """Where a platform posted the request for reviewers (a thread or message id)."""
        await self._step("UPDATE reviewer_requests SET place = ? WHERE community = ? AND id = ?",
                         (place, community, request_id))

    async def close_reviewer_request(self, community: str, request_id: int, user: str,
                                     now: dt.datetime | None = None) -> bool:
        """The member closes their request: its text (letter, note, feedback, answer) is deleted."""
        at = iso(now or utcnow())
        return await self._step(
            f"UPDATE reviewer_requests SET {WIPE}, closed_at = ?, close_reason = 'member', notified_at = ?"
            f' WHERE community = ? AND id = ? AND "user" = ? AND {OPEN}', (at, at, community, request_id, user))

    async def expire_reviewer_requests(self, now: dt.datetime | None = None,
                                       community: str | None = None) -> list[ReviewerRequest]:
        """Close every request (of one community, or all) that has had no step for its community's expiry
        period, wiping its text; the requests closed, for their members to be told."""
        now = now or utcnow()
        if community is not None and not await self._db.fetchall(  # the usual case: a read, not a write
                f"SELECT 1 FROM reviewer_requests WHERE community = ? AND {OPEN} AND touched_at < ? LIMIT 1",
                (community, iso(now - dt.timedelta(days=MIN_EXPIRY_DAYS)))):
            return []

        async def expire(tx: Transaction) -> list[ReviewerRequest]:
            if community is None:
                custom = await tx.fetchall("SELECT id, reviewer_expiry_days FROM communities")
                places: list[tuple[str, tuple[str, ...], int]] = [("community = ?", (c,), d) for c, d in custom]
                places.append(("community NOT IN (SELECT id FROM communities)", (), DEFAULT_REVIEWER_EXPIRY_DAYS))
            else:
                own = await tx.fetchall("SELECT reviewer_expiry_days FROM communities WHERE id = ?", (community,))
                places = [("community = ?", (community,), own[0][0] if own else DEFAULT_REVIEWER_EXPIRY_DAYS)]
            closed: list[ReviewerRequest] = []
            for where, params, days in places:
                rows = await tx.fetchall(
                    f"UPDATE reviewer_requests SET {WIPE}, closed_at = ?, close_reason = 'expired'"
                    f" WHERE {where} AND {OPEN} AND touched_at < ? RETURNING {COLUMNS}",
                    (iso(now), *params, iso(now - dt.timedelta(days=days))))
                closed += [_request(r) for r in rows]
            return closed
        return await self._db.write(expire)

    async def unnotified_closures(self, community: str, user: str) -> list[ReviewerRequest]:
        rows = await self._db.fetchall(
            f'SELECT {COLUMNS} FROM reviewer_requests WHERE community = ? AND "user" = ?'
            " AND closed_at IS NOT NULL AND notified_at IS NULL ORDER BY id", (community, user))
        return [_request(r) for r in rows]

    async def queue_stats(self, community: str, since: dt.datetime) -> QueueStats:
        """Requests made since ``since``: how many, how many still open, replied and closed unanswered, the median
        hours to the first reply and how many reviewers replied. Counts only."""
        rows = await self._db.fetchall(
            "SELECT at, replied_at, closed_at, close_reason, replied_by FROM reviewer_requests"
            " WHERE community = ? AND at >= ?", (community, iso(since)))
        waits = sorted((parse_iso(r[1]) - parse_iso(r[0])).total_seconds() / 3600 for r in rows if r[1])
        median = None
        if waits:
            middle = len(waits) // 2
            median = waits[middle] if len(waits) % 2 else (waits[middle - 1] + waits[middle]) / 2
        from bot.queue_records import QueueStats
        return QueueStats(requests=len(rows), open=sum(1 for r in rows if r[2] is None), replied=len(waits),
                          expired=sum(1 for r in rows if r[3] == "expired" and not r[1]), median_hours_to_reply=median,
                          reviewers_active=len({r[4] for r in rows if r[4]}))
