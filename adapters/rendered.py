"""A reply's rendering kept for the next identical reply, on every platform: the same `/guide` answer,
rendered again for each member who asked, was 40-55 us of a request's event-loop time (Discord's
embeds, Slack's Block Kit), about a twentieth of it under a burst.

Only public replies holding nothing a member wrote or pasted are kept (no quote, no member text, no
review's data): a member's words, and what is private to them (their history, a review, a refusal meant
for them alone), are not held in memory past their own answer, so `/forget` leaves nothing behind here.
What is returned is shared between requests, so callers read it and never change it.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from bot.reply import Bullets, Paragraph, Quote, Reply, UserText

T = TypeVar("T")
KEEP = 64  # renderings kept (the oldest goes first): guides' sections, help, refusals


def _key(reply: Reply) -> Hashable | None:
    """What makes two replies render alike, or None when the reply is private."""
    if reply.private or reply.data is not None or reply.document is not None:
        return None
    return reply.title, reply.kind, reply.private, reply.reason, tuple(reply.blocks), tuple(reply.buttons)


def _members_text(reply: Reply) -> bool:
    """Whether the reply quotes or echoes anything a member wrote."""
    for block in reply.blocks:
        if isinstance(block, Quote):
            return True
        texts = (block.text,) if isinstance(block, Paragraph) else block.items if isinstance(block, Bullets) else ()
        if any(isinstance(part, UserText) for text in texts for part in text):
            return True
    return False


def shared_key(reply: Reply) -> Hashable | None:
    """What makes two replies render alike, or None when the reply is private or holds a member's own text."""
    key = _key(reply)
    return None if key is None or _members_text(reply) else key


class Kept(Generic[T]):
    """``render``, with the renderings of public replies that hold no member text kept (``KEEP`` of them)."""

    def __init__(self, render: Callable[[Reply], T], keep: int = KEEP) -> None:
        self._render, self._keep = render, keep
        self._kept: dict[Hashable, T] = {}

    def __call__(self, reply: Reply) -> T:
        key = _key(reply)
        if key is None:
            return self._render(reply)
        # Looked up before the reply is read for a member's words: a reply equal to one kept holds the same
        # blocks, so none (a member's words are ``UserText`` or ``Quote``, never equal to our own ``str``). The
        # same `/guide` answer for each member of a burst skips that reading: a fifth of this call.
        try:
            kept = self._kept.get(key)
        except TypeError:  # a block holding something unhashable: rendered afresh, as before
            return self._render(reply)
        if kept is None:
            if _members_text(reply):
                return self._render(reply)
            if len(self._kept) >= self._keep:
                del self._kept[next(iter(self._kept))]
            kept = self._kept[key] = self._render(reply)
        return kept
