"""An advert file given with a command that then asks for the letter (Discord's /review with an
``advert`` attachment opens a box for the letter): it waits here, in this process's memory only,
until the letter comes.

What waits is a reference to the upload (its name, size, type and where to fetch it), never its
bytes: the file is downloaded, within the size limit, only when the letter arrives. Bounded three
ways: one a member (a new one replaces it), PENDING_MAX in all (the oldest go first), and an hour
each. Taken once, by the member who gave it, and dropped on /forget and when a community is erased.
"""
from __future__ import annotations

from typing import TypeVar

from ..member_memory import MemberMemory

PENDING_SECONDS = 3600  # as long as a reviewed letter waits for "Ask a reviewer" (bot/reviewers.py)
PENDING_MAX = 500

T = TypeVar("T")


class PendingAdverts(MemberMemory[tuple[str, T]]):
    """Each value is (the token the letter will come back with, the file)."""

    def __init__(self, seconds: float = PENDING_SECONDS, limit: int = PENDING_MAX) -> None:
        super().__init__(seconds, limit)

    def hold(self, token: str, community: str, user: str, advert: T) -> None:
        self.put(community, user, (token, advert))

    def take(self, token: str, community: str, user: str) -> T | None:
        """The member's advert held under ``token``, once; None when there is none, or it waited too long."""
        found = self.get(community, user)
        if found is None or found[0] != token:
            return None
        self.drop(community, user)
        return found[1]
