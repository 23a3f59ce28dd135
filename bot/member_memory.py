"""Something held for one member in this process's memory only (never on disk), for a while: their latest
reviewed letter for "Ask a reviewer", an advert file waiting for its letter. Bounded two ways (a time
limit, and a number of members, the oldest going first), one value a member (a new one replaces it), and
dropped on /forget and when a community is erased (``Shortlist.forget_member``/``forget_community``)."""
from __future__ import annotations

import time
from collections import OrderedDict
from typing import Generic, TypeVar

T = TypeVar("T")


class MemberMemory(Generic[T]):
    def __init__(self, seconds: float, limit: int) -> None:
        self._seconds, self._limit = seconds, limit
        self._held: OrderedDict[tuple[str, str], tuple[float, T]] = OrderedDict()  # oldest first

    def __len__(self) -> int:
        return len(self._held)

    def put(self, community: str, user: str, value: T) -> None:
        key = (community, user)
        self._held.pop(key, None)
        now = time.monotonic()
        self._held[key] = (now, value)
        while self._held and (len(self._held) > self._limit
                              or now - next(iter(self._held.values()))[0] > self._seconds):
            self._held.popitem(last=False)  # over the limit, or waited too long

    def get(self, community: str, user: str) -> T | None:
        """The member's value, or None when there is none or it has waited too long."""
        found = self._held.get((community, user))
        if found is None:
            return None
        if time.monotonic() - found[0] > self._seconds:
            del self._held[(community, user)]
            return None
        return found[1]

    def drop(self, community: str, user: str) -> None:
        self._held.pop((community, user), None)

    def drop_community(self, community: str) -> None:
        for key in [k for k in self._held if k[0] == community]:
            del self._held[key]
