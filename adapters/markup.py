"""What the chat renderers share: our light markdown in each platform's dialect, user text
escaped for it, and long text split to a platform's limits without losing a word.

The terminal renders with rich instead (reading our markdown with styled.py, as these do); Discord and
Slack both build on this.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from bot.reply import Block, Bullets, ChannelRef, Fields, Heading, Paragraph, Quote, Reply, UserText

from .styled import styled

TRIM = "\u2026"


@dataclass(frozen=True, eq=False)
class Dialect:
    """How one platform writes bold, italic, code and the rest. Each platform has one, so one is equal only to
    itself: hashed in C (``_ours`` hashes it with every part drawn), not field by field in Python."""
    bold: Callable[[str], str]
    italic: Callable[[str], str]
    code: Callable[[str], str]
    escape: Callable[[str], str]  # for text a member or moderator wrote
    channel: Callable[[str], str] = lambda cid: f"<#{cid}>"  # Discord and Slack agree on channel links
    quote_prefix: str = "> "


def markup(parts, dialect: Dialect) -> str:
    """Our inline text in the platform's markup; user text escaped, never interpreted."""
    out = []
    for part in parts:
        if type(part) is str:  # our own words: most parts of a reply
            out.append(_ours(part, dialect))
            continue
        if isinstance(part, UserText):
            out.append(dialect.escape(part.text))
            continue
        if isinstance(part, ChannelRef):
            out.append(dialect.channel(part.id) if part.id.isalnum() else dialect.escape(part.text))
            continue
        out.append(_ours(part, dialect))
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def _ours(text: str, dialect: Dialect) -> str:
    """Our own text (never a member's) in a dialect: the same guide sections and review messages are drawn
    for request after request, and drawing them was a fifth of a Discord /guide's time on the event loop."""
    styles = {"bold": dialect.bold, "code": dialect.code, "italic": dialect.italic}
    return "".join(run if style is None else styles[style](run) for run, style in styled(text))


def block_text(block: Block, dialect: Dialect) -> str:
    """A block as text; Fields are rendered natively by each platform, so here as lines."""
    if isinstance(block, Heading):
        return dialect.bold(block.text)
    if isinstance(block, Paragraph):
        return markup(block.text, dialect)
    if isinstance(block, Bullets):
        return "\n".join((f"{n}. " if block.numbered else "\u2022 ") + markup(item, dialect)
                         for n, item in enumerate(block.items, 1))
    if isinstance(block, Quote):
        return "\n".join(dialect.quote_prefix + (dialect.escape(line) if line.strip() else "")
                         for line in block.text.splitlines())
    if isinstance(block, Fields):
        return "\n".join(f"{dialect.bold(f.name)}: {markup((f.value,), dialect)}" for f in block.fields)
    raise TypeError(f"unknown block {block!r}")


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most ``limit`` characters, cut at line breaks, then spaces, never mid-word
    when it can be helped. A cut piece ends with an ellipsis so the reader knows more follows."""
    pieces = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit - 1)
        if cut < limit // 2:
            cut = text.rfind(" ", 0, limit - 1)
        if cut < limit // 2:
            cut = limit - 1
        pieces.append(text[:cut].rstrip() + TRIM)
        text = text[cut:].lstrip()
    pieces.append(text)
    return pieces


def trim(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + TRIM


def sections(reply: Reply, dialect: Dialect, limit: int) -> list[str | Fields]:
    """The reply's blocks as text chunks of at most ``limit`` characters, headings kept with what
    follows them. Fields blocks pass through untouched: both platforms lay them out natively."""
    chunks: list = []
    pending_heading = None
    for block in reply.blocks:
        if isinstance(block, Fields):
            chunks.append(block)
            continue
        text = block_text(block, dialect)
        if isinstance(block, Heading):
            pending_heading = text if pending_heading is None else pending_heading + "\n" + text
            continue
        if pending_heading:
            text = pending_heading + "\n" + text
            pending_heading = None
        chunks += split_text(text, limit)
    if pending_heading:
        chunks.append(pending_heading)
    return chunks
