"""A community's own guides: the YAML its moderators imported, who changed each last, and when.

Every change writes its audit entry in the same transaction. The SQL is plain enough for any engine."""
from __future__ import annotations

from typing import TYPE_CHECKING

from bot.records import utcnow

from .engine import Database, Transaction, iso

if TYPE_CHECKING:
    from bot.store import StoredGuide

AUDIT = "INSERT INTO audit_log (at, community, actor, action, before, after) VALUES (?, ?, ?, ?, ?, ?)"


class CommunityGuideRepository:
    _db: Database

    async def community_guides(self, community: str) -> list[StoredGuide]:
        rows = await self._db.fetchall("SELECT id, yaml, actor, updated_at FROM community_guides"
                                       " WHERE community = ? ORDER BY id", (community,))
        if not rows:  # most communities: nothing more to load
            return []
        from bot.store import StoredGuide
        return [StoredGuide(*row) for row in rows]

    async def save_community_guides(self, community: str, guides: dict[str, str | None], *, actor: str,
                                    action: str, before: str | None, after: str | None) -> None:
        """Put (YAML) or remove (None) each guide by id, with one audit entry, in one transaction."""
        now = iso(utcnow())

        async def save(tx: Transaction) -> None:
            for guide_id, text in guides.items():
                if text is None:
                    await tx.execute("DELETE FROM community_guides WHERE community = ? AND id = ?",
                                     (community, guide_id))
                else:
                    await tx.execute(
                        "INSERT INTO community_guides (community, id, yaml, actor, updated_at) VALUES (?, ?, ?, ?, ?)"
                        " ON CONFLICT (community, id) DO UPDATE SET yaml = excluded.yaml, actor = excluded.actor,"
                        " updated_at = excluded.updated_at", (community, guide_id, text, actor, now))
            await tx.execute(AUDIT, (now, community, actor, action, before, after))
            await self._db.notify_settings_changed(tx, community)  # other processes re-read its guides
        await self._db.write(save)
