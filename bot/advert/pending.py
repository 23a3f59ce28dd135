"""An advert file given with a command that then asks for the letter (Discord's /review with an
``advert`` attachment opens a box for the letter): it waits here, in this process's memory only,
until the letter comes.

What waits is a reference to the upload (its name, size, type and where to fetch it), never its
bytes: the file is downloaded, within the size limit, only when the letter arrives. Bounded three
ways: one a member (a new one replaces it), PENDING_MAX in all (the oldest go first), and an hour
each. Taken once, by the member who gave it, and dropped on /forget and when a community is erased.
"""
from __future__ import annotations

import time
from collections import OrderedDict
from typing import Generic, TypeVar

PENDING_SECONDS = 3600  # as long as a reviewed letter waits for "Ask a reviewer" (bot/reviewers.py)
PENDING_MAX = 500

T = TypeVar("T")


class PendingAdverts(Generic[T]):
    def __init__(self, seconds: float = PENDING_SECONDS, limit: int = PENDING_MAX) -> None:
        self._seconds, self._limit = seconds, limit
        # (community, member) -> (the token the letter will come back with, when it was given, the file)
        self._held: OrderedDict[tuple[str, str], tuple[str, float, T]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._held)

    def hold(self, token: str, community: str, user: str, advert: T) -> None:
        key = (community, user)
        self._held.pop(key, None)
        now = time.monotonic()
        self._held[key] = (token, now, advert)
        while len(self._held) > self._limit or now - next(iter(self._held.values()))[1] > self._seconds:
            self._held.popitem(last=False)  # the oldest first: over the limit, or waited too long
            if not self._held:
                break

    def take(self, token: str, community: str, user: str) -> T | None:
        """The member's advert held under ``token``, once; None when there is none, or it waited too long."""
        found = self._held.get((community, user))
        if found is None or found[0] != token:
            return None
        del self._held[(community, user)]
        return found[2] if time.monotonic() - found[1] <= self._seconds else None

    def drop(self, community: str, user: str) -> None:
        self._held.pop((community, user), None)

    def drop_community(self, community: str) -> None:
        for key in [k for k in self._held if k[0] == community]:
            del self._held[key]
