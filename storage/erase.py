"""Erasing a community: every row Shortlist holds for it, in one transaction.

What a community's admin asks for when the community closes or leaves Shortlist (`/mod erase`): its
members' commands and reviews, its settings, FAQ, moderators, audit log and its own guides. The SQL is
plain enough for either engine."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .engine import Database, Transaction
from .reviewer_requests import delete_requests

if TYPE_CHECKING:
    from bot.store import Erasure

# Children first (a review's findings, a command's guide use), so foreign keys hold at every step. Every
# table with a `community` column is here; a test compares this with both engines' schemas. (A guide use
# has kept its command's community since migration 11, a finding its review's since migration 12; findings
# are still found through their reviews too, in case a process older than migration 12 wrote some.)
CHILDREN = (("review_findings", "review_id", "reviews"),)
COMMUNITY_TABLES = ("review_findings", "guide_uses", "reviews", "commands", "review_slots", "rule_feedback",
                    "pending_imports", "faq_entries", "allowed_channels", "command_switches", "moderators",
                    "community_guides", "audit_log", "reviewers", "stats_daily",
                    "reviewer_requests")  # requests last: see erase_community


class CommunityEraser:
    _db: Database

    async def erase_community(self, community: str) -> Erasure:
        """Delete everything stored for this community; how many rows went, per table. The platform's
        deliveries (retry keys, kept a day, naming no community) are left to expire."""
        from bot.store import Erasure  # loaded by the first erasure, not by every command
        await self._db.flushed()  # the community's latest records go too

        async def erase(tx: Transaction) -> Erasure:
            counts = {}
            for child, key, parent in CHILDREN:
                counts[child] = await tx.execute(
                    f"DELETE FROM {child} WHERE {key} IN (SELECT id FROM {parent} WHERE community = ?)", (community,))
            for table in COMMUNITY_TABLES[:-1]:
                counts[table] = counts.get(table, 0) + await tx.execute(f"DELETE FROM {table} WHERE community = ?",
                                                                        (community,))
            # Where their letters were posted, read by the delete itself: the platforms take them back out.
            counts["reviewer_requests"], withdrawn = await delete_requests(tx, "community = ?", (community,))
            counts["communities"] = await tx.execute("DELETE FROM communities WHERE id = ?", (community,))
            await self._db.notify_settings_changed(tx, community)  # other processes forget its settings and guides
            return Erasure(counts, withdrawn)
        return await self._db.write(erase)
