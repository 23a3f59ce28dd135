"""What the core asks storage to keep of a command, already stripped of anything private (a review's
records are in bot/review_records.py: a command that reviews nothing doesn't build their classes)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Container
from dataclasses import dataclass, field

from .request import Request

ARGS_LIMIT = 100
UNKNOWN_COMMAND = "unknown"  # what history keeps of a command Shortlist doesn't have: never the word typed


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def summarise_args(args: dict[str, str]) -> str:
    """A short, single-line summary of arguments already reduced to known tokens (guide ids,
    listed choices): typed or pasted text is never part of it."""
    summary = " ".join(f"{k}={' '.join(v.split())}" for k, v in sorted(args.items()) if v)
    return summary if len(summary) <= ARGS_LIMIT else summary[:ARGS_LIMIT - 1] + "\u2026"


@dataclass(frozen=True)
class CommandRecord:
    """A command's history row: who asked what, where, how it went; never the words typed."""
    platform: str
    community: str
    channel: str
    user: str
    command: str
    args: str
    outcome: str  # ok | refused | error
    latency_ms: float
    at: dt.datetime = field(default_factory=utcnow)
    guide: str | None = None  # the guide an answer came from (/guide, /mistakes, /faq), for stats

    @classmethod
    def of(cls, request: Request, outcome: str, seconds: float, args: dict[str, str], known: Container[str],
           guide: str | None = None) -> CommandRecord:
        """``args``: what the command's parameters recognised (``registry.recordable_args``), never
        the raw request arguments; ``known``: the commands Shortlist has (any other is recorded as
        ``UNKNOWN_COMMAND``: the first word of a pasted line or a file path may name a person)."""
        return cls(request.platform, request.community_id, request.channel_id, request.user_id,
                   request.command if request.command in known else UNKNOWN_COMMAND, summarise_args(args),
                   outcome, seconds * 1000, guide=guide)
