"""A community's settings, audit log, cooldown slots, anonymous feedback, stats and import drafts."""
from __future__ import annotations

import datetime as dt

from bot.errors import SettingsChanged
from bot.records import utcnow
from bot.settings import DEFAULT_RETENTION_DAYS, DEFAULT_REVIEWER_EXPIRY_DAYS, CommunitySettings, FaqRow
from bot.store import AuditEntry, CommunityStats, Counted

from .engine import Database, Transaction, iso, parse_iso


def _counted(rows: list[tuple]) -> Counted:
    return [(str(name), int(n)) for name, n in rows]


class CommunityRepository:
    _db: Database

    async def settings(self, community: str) -> CommunitySettings:
        fetch = self._db.fetchall
        rows = await fetch("SELECT retention_days, default_guide, cooldown_count, cooldown_seconds, version,"
                           " reviewer_channel, reviewer_expiry_days FROM communities WHERE id = ?", (community,))
        channels = await fetch("SELECT channel FROM allowed_channels WHERE community = ?", (community,))
        switches = await fetch("SELECT command, channel, enabled FROM command_switches WHERE community = ?",
                               (community,))
        mods = await fetch("SELECT kind, value FROM moderators WHERE community = ?", (community,))
        faq = await fetch("SELECT id, question, answer FROM faq_entries WHERE community = ? ORDER BY id",
                          (community,))
        reviewers = await fetch("SELECT kind, value FROM reviewers WHERE community = ?", (community,))
        retention, default_guide, count, seconds, version, reviewer_channel, expiry = rows[0] if rows else (
            DEFAULT_RETENTION_DAYS, None, None, None, 0, None, DEFAULT_REVIEWER_EXPIRY_DAYS)
        return CommunitySettings(
            community=community, retention_days=retention, default_guide=default_guide,
            cooldown=(count, seconds) if count and seconds else None,
            allowed_channels=frozenset(c for c, in channels),
            switches={(c, ch): bool(on) for c, ch, on in switches},
            moderator_roles=frozenset(v for k, v in mods if k == "role"),
            moderator_users=frozenset(v for k, v in mods if k == "user"),
            faq=tuple(FaqRow(*f) for f in faq), version=version,
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
                " version, reviewer_channel, reviewer_expiry_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET"
                " retention_days = excluded.retention_days, default_guide = excluded.default_guide,"
                " cooldown_count = excluded.cooldown_count, cooldown_seconds = excluded.cooldown_seconds,"
                " version = excluded.version, reviewer_channel = excluded.reviewer_channel,"
                " reviewer_expiry_days = excluded.reviewer_expiry_days WHERE communities.version = ?",
                (c, new.retention_days, new.default_guide, *(new.cooldown or (None, None)), new.version + 1,
                 new.reviewer_channel, new.reviewer_expiry_days, new.version))
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
                if f.id is None:
                    await tx.execute("INSERT INTO faq_entries (community, question, answer, updated_at)"
                                     " VALUES (?, ?, ?, ?)", (c, f.question, f.answer, now))
                else:
                    await tx.execute("UPDATE faq_entries SET question = ?, answer = ?, updated_at = ?"
                                     " WHERE id = ? AND community = ? AND (question != ? OR answer != ?)",
                                     (f.question, f.answer, now, f.id, c, f.question, f.answer))
            await tx.execute("INSERT INTO audit_log (at, community, actor, action, before, after)"
                             " VALUES (?, ?, ?, ?, ?, ?)", (now, c, actor, action, before, after))
            await self._db.notify_settings_changed(tx, c)
        await self._db.write(save)

    async def audit_log(self, community: str, limit: int = 20) -> list[AuditEntry]:
        rows = await self._db.fetchall("SELECT at, actor, action, before, after FROM audit_log WHERE community = ?"
                                       " ORDER BY id DESC LIMIT ?", (community, limit))
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

    async def record_rule_feedback(self, community: str, guide: str, rule: str) -> None:
        """A member marked a finding as wrong. Kept per rule, with no member id: anonymous by design."""
        async def insert(tx: Transaction) -> None:
            await tx.execute("INSERT INTO rule_feedback (at, community, guide, rule) VALUES (?, ?, ?, ?)",
                             (iso(utcnow()), community, guide, rule))
        await self._db.write(insert, batch=True)

    async def stats(self, community: str, since: dt.datetime) -> CommunityStats:
        """Aggregate figures only: counts and a median, never a member."""
        await self._db.flushed()
        fetch, at = self._db.fetchall, iso(since)
        commands = await fetch("SELECT command, COUNT(*) FROM commands WHERE community = ? AND at >= ?"
                               " GROUP BY command ORDER BY 2 DESC, 1", (community, at))
        guides = await fetch("SELECT g.guide, COUNT(*) FROM commands c JOIN guide_uses g ON g.command_id = c.id"
                             " WHERE c.community = ? AND c.at >= ? GROUP BY g.guide ORDER BY 2 DESC, 1",
                             (community, at))
        reviews = await fetch("SELECT guide, COUNT(*) FROM reviews WHERE community = ? AND at >= ?"
                              " GROUP BY guide ORDER BY 2 DESC, 1", (community, at))
        total = sum(n for _, n in reviews)
        median = None
        if total:
            middle = [(await fetch("SELECT score FROM reviews WHERE community = ? AND at >= ? ORDER BY score"
                                   " LIMIT 1 OFFSET ?", (community, at, offset)))[0][0]
                      for offset in ((total - 1) // 2, total // 2)]
            median = sum(middle) / 2
        fired = await fetch("SELECT f.rule, COUNT(*) FROM review_findings f JOIN reviews r ON r.id = f.review_id"
                            " WHERE r.community = ? AND r.at >= ? AND f.kind = 'issue' AND f.severity != 'info'"
                            " GROUP BY f.rule ORDER BY 2 DESC, 1 LIMIT 10", (community, at))
        wrong = await fetch("SELECT rule, COUNT(*) FROM rule_feedback WHERE community = ? AND at >= ?"
                            " GROUP BY rule ORDER BY 2 DESC, 1 LIMIT 10", (community, at))
        return CommunityStats(commands=_counted(commands), guides=_counted(guides),
                              reviews_by_guide=_counted(reviews), reviews=int(total), median_score=median,
                              rules_fired=_counted(fired), rules_marked_wrong=_counted(wrong))

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
