"""Commands, reviews and deliveries: what members did, and their right to see and erase it."""
from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from bot.records import CommandRecord, utcnow
from bot.settings import DEFAULT_RETENTION_DAYS

from .appends import INSERT_COMMAND, INSERT_FINDING, INSERT_GUIDE_USE, INSERT_REVIEW, finding_rows, review_row
from .appends import command_row as _command_row
from .engine import Database, Row, Transaction, iso, parse_iso
from .reviewer_requests import delete_requests

if TYPE_CHECKING:
    from bot.review_records import ReviewRecord, StoredReview
    from bot.store import Erasure

# Rows a member made (reviews take their findings along; requests for a reviewer their letter and notes).
MEMBER_TABLES = ("commands", "reviews", "review_slots", "reviewer_requests")  # requests last: see forget


async def _insert_command(tx: Transaction, record: CommandRecord) -> int:
    [(command_id,)] = await tx.fetchall(INSERT_COMMAND + " RETURNING id", _command_row(record))
    if record.guide is not None:
        await tx.execute(INSERT_GUIDE_USE, (command_id, record.guide, record.community, iso(record.at)))
    return int(command_id)


class HistoryRepository:
    _db: Database

    # -- recording -------------------------------------------------------------------------------
    def queue(self, record: CommandRecord | ReviewRecord) -> None:
        """Keep ``record`` in history without waiting for the database: it is written with the next
        batch, in the background (``DatabaseBusy`` when too many are already waiting)."""
        self._db.queue_record(record)

    async def flush(self) -> None:
        """Wait until every record queued so far is written."""
        await self._db.flushed()

    async def record_command(self, record: CommandRecord) -> int:
        async def insert(tx: Transaction) -> int:
            return await _insert_command(tx, record)
        return await self._db.write(insert, batch=True)

    async def record_review(self, record: ReviewRecord) -> int:
        [review_id] = await self.record_reviews([record])
        return review_id

    async def record_reviews(self, records: list[ReviewRecord]) -> list[int]:
        async def insert(tx: Transaction) -> list[int]:
            ids = []
            for record in records:
                [(review_id,)] = await tx.fetchall(INSERT_REVIEW, review_row(record))
                ids.append(int(review_id))
            await tx.executemany(INSERT_FINDING, [row for review_id, record in zip(ids, records, strict=False)
                                                  for row in finding_rows(review_id, record)])
            return ids
        return await self._db.write(insert, batch=True)

    async def record_commands(self, records: list[CommandRecord]) -> None:
        """Many commands in one transaction (imports, and loading benchmark databases)."""
        async def insert(tx: Transaction) -> None:
            await tx.executemany(INSERT_COMMAND, [_command_row(r) for r in records if r.guide is None])
            for record in records:
                if record.guide is not None:
                    await _insert_command(tx, record)
        await self._db.write(insert, batch=True)

    # -- a member's own data ---------------------------------------------------------------------
    async def recent_reviews(self, community: str, user: str, limit: int = 10) -> list[StoredReview]:
        await self._db.flushed()  # a review just given is in the member's history
        rows = await self._db.fetchall(
            'SELECT id, at, guide, score, words, advert, advert_covered, advert_total, text_sha256 FROM reviews'
            ' WHERE community = ? AND "user" = ?'
            " ORDER BY id DESC LIMIT ?", (community, user, limit))
        return await self._with_issues(rows)

    async def review_texts(self, community: str, user: str) -> list[str]:
        """The fingerprints of the member's reviewed texts, each once, in the order each was first reviewed."""
        await self._db.flushed()
        rows = await self._db.fetchall(
            'SELECT text_sha256 FROM reviews WHERE community = ? AND "user" = ? AND text_sha256 IS NOT NULL'
            " GROUP BY text_sha256 ORDER BY MIN(id)", (community, user))
        return [r[0] for r in rows]

    async def previous_review(self, community: str, user: str, guide: str, before_id: int) -> StoredReview | None:
        await self._db.flushed()
        rows = await self._db.fetchall(
            'SELECT id, at, guide, score, words, advert, advert_covered, advert_total, text_sha256 FROM reviews'
            ' WHERE community = ? AND "user" = ? AND guide = ?'
            " AND id < ? ORDER BY id DESC LIMIT 1", (community, user, guide, before_id))
        found = await self._with_issues(rows)
        return found[0] if found else None

    async def _with_issues(self, rows: list[Row]) -> list[StoredReview]:
        """Attach each review's issue rule ids, and those it credited, in one query for all of them."""
        if not rows:
            return []
        marks = ",".join("?" * len(rows))
        found = await self._db.fetchall(
            f"SELECT review_id, rule, kind FROM review_findings WHERE review_id IN ({marks})"
            " AND (kind = 'strength' OR severity != 'info')", [r[0] for r in rows])
        issues: dict[int, set[str]] = {}
        credited: dict[int, set[str]] = {}
        for review_id, rule, kind in found:
            (issues if kind == "issue" else credited).setdefault(review_id, set()).add(rule)
        from bot.review_records import StoredReview  # loads with /history, not with every command
        return [StoredReview(r[0], parse_iso(r[1]), r[2], r[3], r[4], frozenset(issues.get(r[0], ())), bool(r[5]),
                             r[6], r[7], r[8], credited=frozenset(credited.get(r[0], ()))) for r in rows]

    async def forget(self, community: str, user: str) -> Erasure:
        """Erase this member from this community, as the README's "History and privacy" defines it:
        rows about them are deleted; audit entries and other members' command records that name them
        are kept with a pseudonym in their place. Says how many rows of each kind went or changed."""
        import secrets

        from bot.store import Erasure  # loaded by the first erasure, not by every command
        pseudonym = f"erased-member-{secrets.token_hex(3)}"  # random: no table can lead back to them
        named = re.compile(rf"(?<![\w.-]){re.escape(user)}(?![\w.-])")

        async def erase(tx: Transaction) -> Erasure:
            counts = {}
            for table in MEMBER_TABLES[:-1]:
                counts[table] = await tx.execute(f'DELETE FROM {table} WHERE community = ? AND "user" = ?',
                                                 (community, user))
            counts["reviewer_requests"], withdrawn = await delete_requests(tx, 'community = ? AND "user" = ?',
                                                                           (community, user))
            counts["moderators"] = await tx.execute(
                "DELETE FROM moderators WHERE community = ? AND kind = 'user' AND value = ?", (community, user))
            counts["pending_imports"] = await tx.execute(
                "DELETE FROM pending_imports WHERE community = ? AND actor = ?", (community, user))
            counts["reviewers"] = await tx.execute(
                "DELETE FROM reviewers WHERE community = ? AND kind = 'user' AND value = ?", (community, user))
            # As a reviewer: a claim not yet answered goes back to the queue; a reply keeps its row (the
            # member's request is theirs), with a label where the reviewer's id was.
            await tx.execute("UPDATE reviewer_requests SET claimed_by = NULL, claimed_at = NULL WHERE community = ?"
                             " AND claimed_by = ? AND replied_at IS NULL AND closed_at IS NULL", (community, user))
            counts["reviewer_mentions"] = await tx.execute(
                "UPDATE reviewer_requests SET claimed_by = CASE WHEN claimed_by = ? THEN ? ELSE claimed_by END,"
                " replied_by = CASE WHEN replied_by = ? THEN ? ELSE replied_by END WHERE community = ?"
                " AND (claimed_by = ? OR replied_by = ?)", (user, pseudonym, user, pseudonym, community, user, user))
            counts["audit_log"] = await _rename(tx, "audit_log", ("actor", "before", "after"))
            counts["community_guides"] = await _rename(tx, "community_guides", ("actor",))
            counts["mentions"] = await _rename(tx, "commands", ("args",))
            return Erasure(counts, withdrawn)

        async def _rename(tx: Transaction, table: str, columns: tuple[str, ...]) -> int:
            """Replace the member's id with the pseudonym wherever these columns name it (a community guide
            keeps who changed it last, "discord:123"; its id is unique only within the community)."""
            where = " OR ".join(f"instr(COALESCE({c}, ''), ?) > 0" for c in columns)
            rows = await tx.fetchall(f"SELECT id, {', '.join(columns)} FROM {table} WHERE community = ? AND ({where})",
                                     (community, *[user] * len(columns)))
            changed = 0
            for row_id, *values in rows:
                renamed = [named.sub(pseudonym, v) if v else v for v in values]
                if renamed != values:
                    changed += await tx.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in columns)}"
                                                " WHERE community = ? AND id = ?", (*renamed, community, row_id))
            return changed

        await self._db.flushed()  # what they did a moment ago is theirs too: written first, then erased
        return await self._db.write(erase)

    async def export(self, community: str, user: str) -> dict[str, Any]:
        """Everything stored about this member in this community, as plain data."""
        await self._db.flushed()  # everything, including what was asked a moment ago
        fetch = self._db.fetchall
        commands = await fetch(
            "SELECT at, platform, channel, command, args, outcome, latency_ms FROM commands"
            ' WHERE community = ? AND "user" = ? ORDER BY id', (community, user))
        reviews = await fetch(
            "SELECT id, at, guide, score, words, paragraphs, text_sha256, advert, advert_covered, advert_total"
            " FROM reviews"
            ' WHERE community = ? AND "user" = ? ORDER BY id', (community, user))
        out_reviews = []
        for r in reviews:
            findings = await fetch(
                "SELECT rule, kind, severity FROM review_findings WHERE review_id = ? ORDER BY rule, kind", (r[0],))
            out_reviews.append({"at": r[1], "guide": r[2], "score": r[3], "words": r[4], "paragraphs": r[5],
                                "text_sha256": r[6], "advert": bool(r[7]), "advert_covered": r[8],
                                "advert_total": r[9],
                                "findings": [{"rule": f[0], "kind": f[1], "severity": f[2]} for f in findings]})
        requests = await fetch(
            "SELECT at, guide, score, anonymous, letter, note, claimed_at, replied_at, feedback, answer, closed_at,"
            ' close_reason FROM reviewer_requests WHERE community = ? AND "user" = ? ORDER BY id', (community, user))
        return {
            "community": community, "user": user,
            "cooldown_slots": [at for at, in await fetch(
                'SELECT at FROM review_slots WHERE community = ? AND "user" = ? ORDER BY at', (community, user))],
            "commands": [{"at": c[0], "platform": c[1], "channel": c[2], "command": c[3], "args": c[4],
                          "outcome": c[5], "latency_ms": round(c[6], 3)} for c in commands],
            "reviews": out_reviews,
            # Requests for a human read: the text only while open (closing deletes it).
            "reviewer_requests": [{"at": r[0], "guide": r[1], "score": r[2], "anonymous": bool(r[3]), "letter": r[4],
                                   "note": r[5], "claimed_at": r[6], "replied_at": r[7], "feedback": r[8],
                                   "answer": r[9], "closed_at": r[10], "close_reason": r[11]} for r in requests],
        }

    # -- deliveries ---------------------------------------------------------------------------------
    async def claim_delivery(self, key: str) -> bool:
        """True the first time ``key`` is seen: a platform's retry of the same event is then skipped,
        across restarts and processes too (the primary key decides)."""
        return await self._db.claim(key)  # with the next batch: one statement for every claim waiting

    # -- retention ---------------------------------------------------------------------------------
    async def purge_expired(self, now: dt.datetime | None = None) -> dict[str, int]:
        """Delete commands and reviews older than their community's retention period.

        One process at a time: where several share the database, the others skip (and say so with
        an empty result) while one is purging.
        """
        now = now or utcnow()
        default_cutoff = iso(now - dt.timedelta(days=DEFAULT_RETENTION_DAYS))
        custom = await self._db.fetchall("SELECT id, retention_days FROM communities")

        async def purge(tx: Transaction) -> dict[str, int]:
            if not await tx.try_lock("retention clean-up"):
                return {}
            counts = {}
            # A request for a reviewer goes once closed (an open one lasts until its own expiry), uncounted.
            for table, only in (("commands", ""), ("reviews", ""), ("reviewer_requests", " AND closed_at IS NOT NULL")):
                counts[table] = await tx.execute(
                    f"DELETE FROM {table} WHERE at < ? AND community NOT IN (SELECT id FROM communities){only}",
                    (default_cutoff,))
                for community, days in custom:
                    counts[table] += await tx.execute(f"DELETE FROM {table} WHERE community = ? AND at < ?{only}",
                                                      (community, iso(now - dt.timedelta(days=days))))
            counts.pop("reviewer_requests")
            # Platforms retry within minutes; a day of delivery keys is plenty. Cooldown slots only
            # matter within a cooldown period (a week at most), import drafts for a day.
            await tx.execute("DELETE FROM deliveries WHERE at < ?", (iso(now - dt.timedelta(days=1)),))
            await tx.execute("DELETE FROM pending_imports WHERE at < ?", (iso(now - dt.timedelta(days=1)),))
            await tx.execute("DELETE FROM review_slots WHERE at < ?", (iso(now - dt.timedelta(days=8)),))
            await tx.execute("DELETE FROM rule_feedback WHERE at < ?", (default_cutoff,))
            await tx.execute("DELETE FROM stats_daily WHERE n <= 0")  # days whose rows have all gone
            return counts
        return await self._db.write(purge)
