"""SQLite through aiosqlite: WAL, a busy timeout, foreign keys, migrations, group commit.

All writes go through one queue: whatever is waiting is written in one
transaction (each operation in its own savepoint, so one failure spoils no
other), and each caller's await returns only once its write is committed.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import secrets
import sqlite3
from pathlib import Path
from typing import Awaitable, Callable

import aiosqlite

from bot.errors import ServiceUnavailable
from bot.records import CommandRecord, ReviewRecord, StoredReview, utcnow
from bot.settings import DEFAULT_RETENTION_DAYS, CommunitySettings, FaqRow

from .migrations import LATEST, MIGRATIONS

log = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 5000
MEMBER_TABLES = ("commands", "reviews", "review_slots")  # rows a member made (reviews take their findings along)


class StorageError(ServiceUnavailable):
    pass


class NewerDatabase(StorageError):
    pass


class DatabaseLocked(StorageError):
    pass


def _iso(at: dt.datetime) -> str:
    return at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)


def _explain(exc: sqlite3.Error, path) -> StorageError:
    if "locked" in str(exc) or "busy" in str(exc):
        return DatabaseLocked(
            f"The history database ({path}) is locked by another program and stayed locked for "
            f"{BUSY_TIMEOUT_MS // 1000} seconds. Is another Shortlist running on the same file? "
            "Try again in a moment, or use another file with --db.")
    return StorageError(f"The history database ({path}) could not be used: {exc}.")


Op = Callable[[aiosqlite.Connection], Awaitable]


class Store:
    def __init__(self, conn: aiosqlite.Connection, path: str):
        self._conn = conn
        self.path = path
        self._pending: list[tuple[Op, asyncio.Future]] = []
        self._flusher: asyncio.Task | None = None
        self._closed = False

    # -- opening and migrating ---------------------------------------------------------------
    @classmethod
    async def open(cls, path: str | Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> "Store":
        path = str(path)
        if path != ":memory:":
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(path, isolation_level=None)  # we run transactions ourselves
        try:
            await conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA synchronous = NORMAL")  # WAL: durable across process crashes
            await conn.execute("PRAGMA foreign_keys = ON")
            store = cls(conn, path)
            await store._migrate()
        except sqlite3.DatabaseError as exc:
            await conn.close()
            if "file is not a database" in str(exc):
                raise StorageError(f"{path} is not a Shortlist database (it isn't SQLite at all). "
                                   "Point --db at another file.") from None
            raise _explain(exc, path) from None
        except BaseException:
            await conn.close()
            raise
        return store

    async def _migrate(self) -> None:
        await self._conn.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                                 "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        current = await self.schema_version()
        if current > LATEST:
            raise NewerDatabase(
                f"The history database ({self.path}) was written by a newer version of Shortlist "
                f"(schema {current}; this version knows up to {LATEST}). Upgrade Shortlist, or use "
                "another file with --db. Nothing was changed.")
        for version, name, sql in MIGRATIONS:
            if version <= current:
                continue
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in filter(str.strip, sql.split(";")):
                    await self._conn.execute(statement)
                await self._conn.execute("INSERT INTO schema_version VALUES (?, ?, ?)",
                                         (version, name, _iso(utcnow())))
                await self._conn.execute("COMMIT")
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            log.info("database %s migrated to schema %d (%s)", self.path, version, name)

    async def schema_version(self) -> int:
        row = await self._fetchone("SELECT COALESCE(MAX(version), 0) FROM schema_version")
        return row[0]

    async def close(self) -> None:
        """Finish what is queued, then refuse further writes and close."""
        self._closed = True
        while self._flusher is not None and not self._flusher.done():
            await asyncio.shield(self._flusher)
        await self._conn.close()

    # -- the write queue -----------------------------------------------------------------------
    async def _write(self, op: Op):
        if self._closed:
            raise StorageError(f"The history database ({self.path}) is closed: Shortlist is shutting down.")
        future = asyncio.get_running_loop().create_future()
        self._pending.append((op, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        return await future

    async def _flush(self) -> None:
        conn = self._conn
        while self._pending:
            batch, self._pending = self._pending, []
            outcomes = []
            try:
                await conn.execute("BEGIN IMMEDIATE")
                for op, _ in batch:
                    await conn.execute("SAVEPOINT op")
                    try:
                        outcomes.append((await op(conn), None))
                        await conn.execute("RELEASE op")
                    except Exception as exc:  # this op's failure is its caller's, not the batch's
                        await conn.execute("ROLLBACK TO op")
                        await conn.execute("RELEASE op")
                        outcomes.append((None, exc))
                await conn.execute("COMMIT")
            except Exception as exc:  # the whole batch failed: every caller hears why
                try:
                    if conn.in_transaction:
                        await conn.execute("ROLLBACK")
                except Exception:
                    pass
                error = _explain(exc, self.path) if isinstance(exc, sqlite3.Error) else StorageError(
                    f"The history database ({self.path}) could not be written: {exc}.")
                outcomes = [(None, error)] * len(batch)
            for (_, future), (result, exc) in zip(batch, outcomes, strict=False):
                if future.done():
                    continue
                if exc is None:
                    future.set_result(result)
                else:
                    future.set_exception(exc)

    async def _fetchone(self, sql: str, params=()):
        rows = await self._fetchall(sql, params)  # every caller asks for one row
        return rows[0] if rows else None

    async def _fetchall(self, sql: str, params=()):
        try:
            async with self._conn.execute(sql, params) as cursor:
                return await cursor.fetchall()
        except sqlite3.Error as exc:
            raise _explain(exc, self.path) from None

    # -- recording -------------------------------------------------------------------------------
    async def record_command(self, record: CommandRecord) -> int:
        async def insert(conn):
            cursor = await conn.execute(
                "INSERT INTO commands (at, platform, community, channel, user, command, args, outcome, latency_ms)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (_iso(record.at), record.platform, record.community, record.channel, record.user,
                 record.command, record.args, record.outcome, record.latency_ms))
            return cursor.lastrowid
        return await self._write(insert)

    async def record_review(self, record: ReviewRecord) -> int:
        [review_id] = await self.record_reviews([record])
        return review_id

    async def record_reviews(self, records: list[ReviewRecord]) -> list[int]:
        async def insert(conn):
            ids = []
            for record in records:
                cursor = await conn.execute(
                    "INSERT INTO reviews (at, community, user, guide, score, words, paragraphs, text_sha256,"
                    " advert, advert_covered, advert_total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (_iso(record.at), record.community, record.user, record.guide, record.score, record.words,
                     record.paragraphs, record.text_sha256, int(record.advert), record.advert_covered,
                     record.advert_total))
                ids.append(cursor.lastrowid)
            await conn.executemany(
                "INSERT OR IGNORE INTO review_findings (review_id, rule, kind, severity) VALUES (?, ?, ?, ?)",
                [(review_id, rule, kind, severity)
                 for review_id, record in zip(ids, records, strict=False) for rule, kind, severity in record.findings])
            return ids
        return await self._write(insert)

    async def record_commands(self, records: list[CommandRecord]) -> None:
        """Many commands in one transaction (imports, and loading benchmark databases)."""
        async def insert(conn):
            await conn.executemany(
                "INSERT INTO commands (at, platform, community, channel, user, command, args, outcome, latency_ms)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(_iso(r.at), r.platform, r.community, r.channel, r.user, r.command, r.args, r.outcome,
                  r.latency_ms) for r in records])
        await self._write(insert)

    # -- a member's own data ---------------------------------------------------------------------
    async def recent_reviews(self, community: str, user: str, limit: int = 10) -> list[StoredReview]:
        rows = await self._fetchall(
            "SELECT id, at, guide, score, words, advert, advert_covered, advert_total FROM reviews"
            " WHERE community = ? AND user = ? ORDER BY id DESC LIMIT ?", (community, user, limit))
        return await self._with_issues(rows)

    async def previous_review(self, community: str, user: str, guide: str, before_id: int) -> StoredReview | None:
        rows = await self._fetchall(
            "SELECT id, at, guide, score, words, advert, advert_covered, advert_total FROM reviews"
            " WHERE community = ? AND user = ? AND guide = ?"
            " AND id < ? ORDER BY id DESC LIMIT 1", (community, user, guide, before_id))
        return (await self._with_issues(rows) or [None])[0]

    async def _with_issues(self, rows) -> list[StoredReview]:
        """Attach each review's issue rule ids, in one query for all of them."""
        if not rows:
            return []
        marks = ",".join("?" * len(rows))
        found = await self._fetchall(
            f"SELECT review_id, rule FROM review_findings WHERE review_id IN ({marks})"
            " AND kind = 'issue' AND severity != 'info'", [r[0] for r in rows])
        issues: dict[int, set[str]] = {}
        for review_id, rule in found:
            issues.setdefault(review_id, set()).add(rule)
        return [StoredReview(r[0], _parse(r[1]), r[2], r[3], r[4], frozenset(issues.get(r[0], ())), bool(r[5]),
                             r[6], r[7]) for r in rows]

    async def forget(self, community: str, user: str) -> dict[str, int]:
        """Erase this member from this community, as the README's "History and privacy" defines it:
        rows about them are deleted; audit entries and other members' command records that name them
        are kept with a pseudonym in their place. Says how many rows of each kind went or changed."""
        pseudonym = f"erased-member-{secrets.token_hex(3)}"  # random: no table can lead back to them
        named = re.compile(rf"(?<![\w.-]){re.escape(user)}(?![\w.-])")

        async def erase(conn):
            counts = {}
            for table in MEMBER_TABLES:
                cursor = await conn.execute(f"DELETE FROM {table} WHERE community = ? AND user = ?", (community, user))
                counts[table] = cursor.rowcount
            cursor = await conn.execute("DELETE FROM moderators WHERE community = ? AND kind = 'user' AND value = ?",
                                        (community, user))
            counts["moderators"] = cursor.rowcount
            cursor = await conn.execute("DELETE FROM pending_imports WHERE community = ? AND actor = ?",
                                        (community, user))
            counts["pending_imports"] = cursor.rowcount
            counts["audit_log"] = await _rename(conn, "audit_log", ("actor", "before", "after"))
            counts["mentions"] = await _rename(conn, "commands", ("args",))
            return counts

        async def _rename(conn, table, columns):
            """Replace the member's id with the pseudonym wherever these columns name it."""
            where = " OR ".join(f"instr(COALESCE({c}, ''), ?) > 0" for c in columns)
            async with conn.execute(f"SELECT id, {', '.join(columns)} FROM {table} WHERE community = ? AND ({where})",
                                    (community, *[user] * len(columns))) as cursor:
                rows = await cursor.fetchall()
            changed = 0
            for row_id, *values in rows:
                renamed = [named.sub(pseudonym, v) if v else v for v in values]
                if renamed != values:
                    await conn.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                                       (*renamed, row_id))
                    changed += 1
            return changed
        return await self._write(erase)

    async def export(self, community: str, user: str) -> dict:
        """Everything stored about this member in this community, as plain data."""
        commands = await self._fetchall(
            "SELECT at, platform, channel, command, args, outcome, latency_ms FROM commands"
            " WHERE community = ? AND user = ? ORDER BY id", (community, user))
        reviews = await self._fetchall(
            "SELECT id, at, guide, score, words, paragraphs, text_sha256, advert, advert_covered, advert_total"
            " FROM reviews"
            " WHERE community = ? AND user = ? ORDER BY id", (community, user))
        out_reviews = []
        for r in reviews:
            findings = await self._fetchall(
                "SELECT rule, kind, severity FROM review_findings WHERE review_id = ? ORDER BY rule, kind", (r[0],))
            out_reviews.append({"at": r[1], "guide": r[2], "score": r[3], "words": r[4], "paragraphs": r[5],
                                "text_sha256": r[6], "advert": bool(r[7]), "advert_covered": r[8],
                                "advert_total": r[9],
                                "findings": [{"rule": f[0], "kind": f[1], "severity": f[2]} for f in findings]})
        return {
            "community": community, "user": user,
            "cooldown_slots": [at for at, in await self._fetchall(
                "SELECT at FROM review_slots WHERE community = ? AND user = ? ORDER BY at", (community, user))],
            "commands": [{"at": c[0], "platform": c[1], "channel": c[2], "command": c[3], "args": c[4],
                          "outcome": c[5], "latency_ms": round(c[6], 3)} for c in commands],
            "reviews": out_reviews,
        }

    # -- deliveries ---------------------------------------------------------------------------------
    async def claim_delivery(self, key: str) -> bool:
        """True the first time ``key`` is seen: a platform's retry of the same event is then skipped,
        across restarts too."""
        async def claim(conn):
            cursor = await conn.execute("INSERT OR IGNORE INTO deliveries (key, at) VALUES (?, ?)",
                                        (key, _iso(utcnow())))
            return cursor.rowcount == 1
        return await self._write(claim)

    # -- retention ---------------------------------------------------------------------------------
    async def purge_expired(self, now: dt.datetime | None = None) -> dict[str, int]:
        """Delete commands and reviews older than their community's retention period.

        Timestamps share one ISO format, so comparing text compares time and the ``at`` indexes serve.
        """
        now = now or utcnow()
        default_cutoff = _iso(now - dt.timedelta(days=DEFAULT_RETENTION_DAYS))
        custom = await self._fetchall("SELECT id, retention_days FROM communities")

        async def purge(conn):
            counts = {}
            for table in ("commands", "reviews"):
                cursor = await conn.execute(
                    f"DELETE FROM {table} WHERE at < ? AND community NOT IN (SELECT id FROM communities)",
                    (default_cutoff,))
                counts[table] = cursor.rowcount
                for community, days in custom:
                    cursor = await conn.execute(f"DELETE FROM {table} WHERE community = ? AND at < ?",
                                                (community, _iso(now - dt.timedelta(days=days))))
                    counts[table] += cursor.rowcount
            # Platforms retry within minutes; a day of delivery keys is plenty. Cooldown slots only
            # matter within a cooldown period (a week at most), import drafts for a day.
            await conn.execute("DELETE FROM deliveries WHERE at < ?", (_iso(now - dt.timedelta(days=1)),))
            await conn.execute("DELETE FROM pending_imports WHERE at < ?", (_iso(now - dt.timedelta(days=1)),))
            await conn.execute("DELETE FROM review_slots WHERE at < ?", (_iso(now - dt.timedelta(days=8)),))
            await conn.execute("DELETE FROM rule_feedback WHERE at < ?", (default_cutoff,))
            return counts
        return await self._write(purge)

    # -- moderation --------------------------------------------------------------------------------
    async def settings(self, community: str) -> CommunitySettings:
        row = await self._fetchone("SELECT retention_days, default_guide, cooldown_count, cooldown_seconds"
                                   " FROM communities WHERE id = ?", (community,))
        channels = await self._fetchall("SELECT channel FROM allowed_channels WHERE community = ?", (community,))
        switches = await self._fetchall("SELECT command, channel, enabled FROM command_switches WHERE community = ?",
                                        (community,))
        mods = await self._fetchall("SELECT kind, value FROM moderators WHERE community = ?", (community,))
        faq = await self._fetchall("SELECT id, question, answer FROM faq_entries WHERE community = ? ORDER BY id",
                                   (community,))
        retention, default_guide, count, seconds = row or (DEFAULT_RETENTION_DAYS, None, None, None)
        return CommunitySettings(
            community=community, retention_days=retention, default_guide=default_guide,
            cooldown=(count, seconds) if count and seconds else None,
            allowed_channels=frozenset(c for c, in channels),
            switches={(c, ch): bool(on) for c, ch, on in switches},
            moderator_roles=frozenset(v for k, v in mods if k == "role"),
            moderator_users=frozenset(v for k, v in mods if k == "user"),
            faq=tuple(FaqRow(*f) for f in faq))

    async def save_settings(self, new: CommunitySettings, *, actor: str, action: str,
                            before: str | None, after: str | None) -> None:
        """Write a community's whole configuration and its audit entry in one transaction."""
        c = new.community

        async def save(conn):
            await conn.execute(
                "INSERT INTO communities (id, retention_days, default_guide, cooldown_count, cooldown_seconds)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET retention_days = excluded.retention_days,"
                " default_guide = excluded.default_guide, cooldown_count = excluded.cooldown_count,"
                " cooldown_seconds = excluded.cooldown_seconds",
                (c, new.retention_days, new.default_guide, *(new.cooldown or (None, None))))
            for table in ("allowed_channels", "command_switches", "moderators"):
                await conn.execute(f"DELETE FROM {table} WHERE community = ?", (c,))
            await conn.executemany("INSERT INTO allowed_channels VALUES (?, ?)", [(c, ch) for ch in new.allowed_channels])
            await conn.executemany("INSERT INTO command_switches VALUES (?, ?, ?, ?)",
                                   [(c, cmd, ch, int(on)) for (cmd, ch), on in new.switches.items()])
            await conn.executemany("INSERT INTO moderators VALUES (?, ?, ?)",
                                   [(c, "role", v) for v in new.moderator_roles] +
                                   [(c, "user", v) for v in new.moderator_users])
            kept = [f.id for f in new.faq if f.id is not None]
            await conn.execute(f"DELETE FROM faq_entries WHERE community = ? AND id NOT IN ({','.join('?' * len(kept))})",
                               (c, *kept))
            now = _iso(utcnow())
            for f in new.faq:
                if f.id is None:
                    await conn.execute("INSERT INTO faq_entries (community, question, answer, updated_at)"
                                       " VALUES (?, ?, ?, ?)", (c, f.question, f.answer, now))
                else:
                    await conn.execute("UPDATE faq_entries SET question = ?, answer = ?, updated_at = ?"
                                       " WHERE id = ? AND community = ? AND (question != ? OR answer != ?)",
                                       (f.question, f.answer, now, f.id, c, f.question, f.answer))
            await conn.execute("INSERT INTO audit_log (at, community, actor, action, before, after)"
                               " VALUES (?, ?, ?, ?, ?, ?)", (now, c, actor, action, before, after))
        await self._write(save)

    async def audit_log(self, community: str, limit: int = 20) -> list[dict]:
        rows = await self._fetchall("SELECT at, actor, action, before, after FROM audit_log WHERE community = ?"
                                    " ORDER BY id DESC LIMIT ?", (community, limit))
        return [{"at": r[0], "actor": r[1], "action": r[2], "before": r[3], "after": r[4]} for r in rows]

    async def take_review_slot(self, community: str, user: str, count: int, seconds: int,
                               now: dt.datetime | None = None) -> dt.datetime | None:
        """Reserve one review within the cooldown: None if granted, else when the next is free.
        Runs in the write queue, so concurrent requests from one member can't both slip through."""
        now = now or utcnow()
        since = _iso(now - dt.timedelta(seconds=seconds))

        async def take(conn):
            async with conn.execute("SELECT at FROM review_slots WHERE community = ? AND user = ? AND at > ?"
                                    " ORDER BY at", (community, user, since)) as cursor:
                taken = [r[0] for r in await cursor.fetchall()]
            if len(taken) >= count:
                return _parse(taken[len(taken) - count]) + dt.timedelta(seconds=seconds)
            await conn.execute("INSERT INTO review_slots VALUES (?, ?, ?)", (community, user, _iso(now)))
            return None
        return await self._write(take)

    async def record_rule_feedback(self, community: str, guide: str, rule: str) -> None:
        """A member marked a finding as wrong. Kept per rule, with no member id: anonymous by design."""
        async def insert(conn):
            await conn.execute("INSERT INTO rule_feedback (at, community, guide, rule) VALUES (?, ?, ?, ?)",
                               (_iso(utcnow()), community, guide, rule))
        await self._write(insert)

    async def stats(self, community: str, since: dt.datetime) -> dict:
        """Aggregate figures only: counts and a median, never a member."""
        at = _iso(since)
        commands = await self._fetchall("SELECT command, COUNT(*) FROM commands WHERE community = ? AND at >= ?"
                                        " GROUP BY command ORDER BY 2 DESC, 1", (community, at))
        guide_args = await self._fetchall("SELECT args, COUNT(*) FROM commands WHERE community = ? AND at >= ?"
                                          " AND command IN ('guide', 'mistakes', 'faq') AND outcome = 'ok'"
                                          " GROUP BY args", (community, at))
        reviews = await self._fetchall("SELECT guide, COUNT(*) FROM reviews WHERE community = ? AND at >= ?"
                                       " GROUP BY guide", (community, at))
        total = sum(n for _, n in reviews)
        median = None
        if total:
            lower = await self._fetchone("SELECT score FROM reviews WHERE community = ? AND at >= ? ORDER BY score"
                                         " LIMIT 1 OFFSET ?", (community, at, (total - 1) // 2))
            upper = await self._fetchone("SELECT score FROM reviews WHERE community = ? AND at >= ? ORDER BY score"
                                         " LIMIT 1 OFFSET ?", (community, at, total // 2))
            median = (lower[0] + upper[0]) / 2
        fired = await self._fetchall("SELECT f.rule, COUNT(*) FROM review_findings f JOIN reviews r ON r.id = f.review_id"
                                     " WHERE r.community = ? AND r.at >= ? AND f.kind = 'issue' AND f.severity != 'info'"
                                     " GROUP BY f.rule ORDER BY 2 DESC, 1 LIMIT 10", (community, at))
        wrong = await self._fetchall("SELECT rule, COUNT(*) FROM rule_feedback WHERE community = ? AND at >= ?"
                                     " GROUP BY rule ORDER BY 2 DESC, 1 LIMIT 10", (community, at))
        return {"commands": commands, "guide_args": guide_args, "reviews_by_guide": reviews, "reviews": total,
                "median_score": median, "rules_fired": fired, "rules_marked_wrong": wrong}

    async def stash_import(self, token: str, community: str, actor: str, document: str) -> None:
        async def insert(conn):
            await conn.execute("INSERT INTO pending_imports VALUES (?, ?, ?, ?, ?)",
                               (token, community, actor, document, _iso(utcnow())))
        await self._write(insert)

    async def take_import(self, token: str, community: str) -> str | None:
        """The stashed document, once: confirming twice applies it once."""
        async def take(conn):
            async with conn.execute("SELECT document FROM pending_imports WHERE token = ? AND community = ?",
                                    (token, community)) as cursor:
                row = await cursor.fetchone()
            await conn.execute("DELETE FROM pending_imports WHERE token = ?", (token,))
            return row[0] if row else None
        return await self._write(take)
