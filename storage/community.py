"""A community's settings, audit log, cooldown slots, anonymous feedback, stats and import drafts."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from bot.errors import SettingsChanged
from bot.records import utcnow
from bot.settings import DEFAULT_RETENTION_DAYS, DEFAULT_REVIEWER_EXPIRY_DAYS, CommunitySettings, FaqRow

from .daily_counts import STATS, stats_params
from .engine import Database, Transaction, iso, parse_iso

if TYPE_CHECKING:  # bot.store's classes load when first made: a command that reads settings builds none of them
    from bot.store import AuditEntry, CommunityStats, Counted

def _ranked(rows: Iterable[tuple]) -> Counted:
    """Counts added up by name; most first, then by name."""
    totals: dict[str, int] = {}
    for name, _, n in rows:
        totals[str(name)] = totals.get(str(name), 0) + int(n)
    return sorted(totals.items(), key=lambda t: (-t[1], t[0]))


def _median(histogram: dict[int, int], total: int) -> float | None:
    """The median of ``total`` values counted in ``histogram`` (value: count)."""
    if not total:
        return None
    wanted, middle, seen = sorted({(total - 1) // 2, total // 2}), [], 0
    for value in sorted(histogram):
        seen += histogram[value]
        while wanted and wanted[0] < seen:
            middle.append(value)
            wanted.pop(0)
    return sum(middle) / len(middle)


class CommunityRepository:
    _db: Database

    async def settings(self, community: str) -> CommunitySettings:
        fetch = self._db.fetchall
        rows = await fetch("SELECT retention_days, default_guide, cooldown_count, cooldown_seconds, version,"
                           " reviewer_channel, reviewer_expiry_days, region FROM communities WHERE id = ?",
                           (community,))
        channels = await fetch("SELECT channel FROM allowed_channels WHERE community = ?", (community,))
        switches = await fetch("SELECT command, channel, enabled FROM command_switches WHERE community = ?",
                               (community,))
        mods = await fetch("SELECT kind, value FROM moderators WHERE community = ?", (community,))
        faq = await fetch("SELECT id, question, answer, also_asked FROM faq_entries WHERE community = ? ORDER BY id",
                          (community,))
        reviewers = await fetch("SELECT kind, value FROM reviewers WHERE community = ?", (community,))
        retention, default_guide, count, seconds, version, reviewer_channel, expiry, region = rows[0] if rows else (
            DEFAULT_RETENTION_DAYS, None, None, None, 0, None, DEFAULT_REVIEWER_EXPIRY_DAYS, None)
        return CommunitySettings(
            community=community, retention_days=retention, default_guide=default_guide, region=region,
            cooldown=(count, seconds) if count and seconds else None,
            allowed_channels=frozenset(c for c, in channels),
            switches={(c, ch): bool(on) for c, ch, on in switches},
            moderator_roles=frozenset(v for k, v in mods if k == "role"),
            moderator_users=frozenset(v for k, v in mods if k == "user"),
            faq=tuple(FaqRow(i, q, a, tuple(also.splitlines())) for i, q, a, also in faq), version=version,
            reviewer_roles=frozenset(v for k, v in reviewers if k == "role"),
            reviewer_users=frozenset(v for k, v in reviewers if k == "user"),
            reviewer_channel=reviewer_channel, reviewer_expiry_days=expiry)

    async def save_settings(self, new: CommunitySettings, *, actor: str, action: str,
                            before: str | None, after: str | None) -> None:
        """Write a community's whole configuration and its audit entry in one transaction.

        Only over the version ``new`` was made from: when another moderator (in any process) saved in
        between, ``SettingsChanged`` is raised and nothing is written, so neither change is lost silently.
        """
        c = new.community

        async def save(tx: Transaction) -> None:
            saved = await tx.execute(
                "INSERT INTO communities (id, retention_days, default_guide, cooldown_count, cooldown_seconds,"
                " version, reviewer_channel, reviewer_expiry_days, region) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET"
                " retention_days = excluded.retention_days, default_guide = excluded.default_guide,"
                " cooldown_count = excluded.cooldown_count, cooldown_seconds = excluded.cooldown_seconds,"
                " version = excluded.version, reviewer_channel = excluded.reviewer_channel,"
                " reviewer_expiry_days = excluded.reviewer_expiry_days, region = excluded.region"
                " WHERE communities.version = ?",
                (c, new.retention_days, new.default_guide, *(new.cooldown or (None, None)), new.version + 1,
                 new.reviewer_channel, new.reviewer_expiry_days, new.region, new.version))
            if saved != 1:
                raise SettingsChanged()
            for table in ("allowed_channels", "command_switches", "moderators", "reviewers"):
                await tx.execute(f"DELETE FROM {table} WHERE community = ?", (c,))
            await tx.executemany("INSERT INTO allowed_channels VALUES (?, ?)", [(c, ch) for ch in new.allowed_channels])
            await tx.executemany("INSERT INTO command_switches VALUES (?, ?, ?, ?)",
                                 [(c, cmd, ch, int(on)) for (cmd, ch), on in new.switches.items()])
            await tx.executemany("INSERT INTO moderators VALUES (?, ?, ?)",
                                 [(c, "role", v) for v in new.moderator_roles] +
                                 [(c, "user", v) for v in new.moderator_users])
            await tx.executemany("INSERT INTO reviewers VALUES (?, ?, ?)",
                                 [(c, "role", v) for v in new.reviewer_roles] +
                                 [(c, "user", v) for v in new.reviewer_users])
            kept = [f.id for f in new.faq if f.id is not None]
            await tx.execute("DELETE FROM faq_entries WHERE community = ?" +
                             (f" AND id NOT IN ({','.join('?' * len(kept))})" if kept else ""), (c, *kept))
            now = iso(utcnow())
            for f in new.faq:
                also = "\n".join(f.also_asked)  # one a line: a phrasing is one line of text
                if f.id is None:
                    await tx.execute("INSERT INTO faq_entries (community, question, answer, also_asked, updated_at)"
                                     " VALUES (?, ?, ?, ?, ?)", (c, f.question, f.answer, also, now))
                else:
                    await tx.execute("UPDATE faq_entries SET question = ?, answer = ?, also_asked = ?, updated_at = ?"
                                     " WHERE id = ? AND community = ? AND (question != ? OR answer != ? OR"
                                     " also_asked != ?)", (f.question, f.answer, also, now, f.id, c, f.question,
                                                           f.answer, also))
            await tx.execute("INSERT INTO audit_log (at, community, actor, action, before, after)"
                             " VALUES (?, ?, ?, ?, ?, ?)", (now, c, actor, action, before, after))
            await self._db.notify_settings_changed(tx, c)
        await self._db.write(save)

    async def audit_log(self, community: str, limit: int = 20) -> list[AuditEntry]:
        rows = await self._db.fetchall("SELECT at, actor, action, before, after FROM audit_log WHERE community = ?"
                                       " ORDER BY id DESC LIMIT ?", (community, limit))
        from bot.store import AuditEntry
        return [AuditEntry(parse_iso(r[0]), r[1], r[2], r[3], r[4]) for r in rows]

    async def take_review_slot(self, community: str, user: str, count: int, seconds: int,
                               now: dt.datetime | None = None) -> dt.datetime | None:
        """Reserve one review within the cooldown: None if granted, else when the next is free.
        The member's slots are locked while counted, so concurrent requests can't both slip through,
        from one process or several."""
        now = now or utcnow()
        since = iso(now - dt.timedelta(seconds=seconds))

        async def take(tx: Transaction) -> dt.datetime | None:
            await tx.lock(f"review slots {community} {user}")
            taken = [r[0] for r in await tx.fetchall(
                'SELECT at FROM review_slots WHERE community = ? AND "user" = ? AND at > ? ORDER BY at',
                (community, user, since))]
            if len(taken) >= count:
                return parse_iso(taken[len(taken) - count]) + dt.timedelta(seconds=seconds)
            await tx.execute("INSERT INTO review_slots VALUES (?, ?, ?)", (community, user, iso(now)))
            return None
        return await self._db.write(take)

    async def record_rule_feedback(self, community: str, guide: str, rule: str, kind: str = "issue") -> None:
        """A member marked a finding as wrong: a point raised (``kind`` "issue") or one credited ("strength"). Kept
        per rule, with no member id: anonymous by design."""
        async def insert(tx: Transaction) -> None:
            await tx.execute("INSERT INTO rule_feedback (at, community, guide, rule, kind) VALUES (?, ?, ?, ?, ?)",
                             (iso(utcnow()), community, guide, rule, kind))
        await self._db.write(insert, batch=True)

    async def stats(self, community: str, since: dt.datetime) -> CommunityStats:
        """Aggregate figures only: counts and a median, never a member. One statement, so one round trip on
        either engine: the period's whole days from the daily counts, its first part-day from the rows'
        covering indexes (storage/daily_counts.py)."""
        await self._db.flushed()
        part: dict[str, list[tuple]] = {"c": [], "g": [], "r": [], "f": [], "w": [], "m": []}
        for kind, name, score, n in await self._db.fetchall(STATS, stats_params(community, since)):
            part[kind].append((name, score, int(n)))
        scores: dict[int, int] = {}  # the reviews' score histogram: the median without a second query
        by_guide: dict[str, int] = {}
        for guide, score, n in part["r"]:
            scores[score] = scores.get(score, 0) + n
            by_guide[guide] = by_guide.get(guide, 0) + n
        total = sum(by_guide.values())
        from bot.store import CommunityStats
        return CommunityStats(commands=_ranked(part["c"]), guides=_ranked(part["g"]),
                              reviews_by_guide=_ranked((g, None, n) for g, n in by_guide.items()), reviews=total,
                              median_score=_median(scores, total), rules_fired=_ranked(part["f"])[:10],
                              rules_marked_wrong=_ranked(part["w"])[:10], credits_marked_wrong=_ranked(part["m"])[:10])

    async def stash_import(self, token: str, community: str, actor: str, document: str) -> None:
        async def insert(tx: Transaction) -> None:
            await tx.execute("INSERT INTO pending_imports VALUES (?, ?, ?, ?, ?)",
                             (token, community, actor, document, iso(utcnow())))
        await self._db.write(insert, batch=True)

    async def take_import(self, token: str, community: str) -> str | None:
        """The stashed document, once: confirming twice (in any process) applies it once."""
        async def take(tx: Transaction) -> str | None:
            rows = await tx.fetchall("DELETE FROM pending_imports WHERE token = ? AND community = ? RETURNING document",
                                     (token, community))
            return rows[0][0] if rows else None
        return await self._db.write(take)
