"""What the core asks storage to keep, already stripped of anything private.

A pasted letter never reaches storage: a review is kept as its guide, score,
word count, rule ids and a SHA-256 of the normalised text, nothing more.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .request import Request

if TYPE_CHECKING:
    from .review.engine import ReviewResult

ARGS_LIMIT = 100


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def letter_fingerprint(text: str) -> str:
    """SHA-256 of the letter with Unicode and whitespace normalised, so a re-paste matches."""
    normal = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    import hashlib  # OpenSSL's, loaded by the first review: a command that reviews nothing doesn't need it
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


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
    def of(cls, request: Request, outcome: str, seconds: float, args: dict[str, str],
           guide: str | None = None) -> CommandRecord:
        """``args``: what the command's parameters recognised (``registry.recordable_args``), never
        the raw request arguments."""
        return cls(request.platform, request.community_id, request.channel_id, request.user_id,
                   request.command[:40], summarise_args(args), outcome, seconds * 1000, guide=guide)


@dataclass(frozen=True)
class ReviewRecord:
    community: str
    user: str
    guide: str
    score: int
    words: int
    paragraphs: int | None
    text_sha256: str
    findings: tuple[tuple[str, str, str], ...]  # (rule id, kind, severity)
    at: dt.datetime = field(default_factory=utcnow)
    # Whether the member gave the job advert, and how many of its must-haves the letter met. The
    # advert itself is not stored.
    advert: bool = False
    advert_covered: int | None = None
    advert_total: int | None = None

    @classmethod
    def of(cls, request: Request, result: ReviewResult, fingerprint: str | None = None) -> ReviewRecord:
        """``fingerprint``: the letter's (``letter_fingerprint``), when it was taken where the review ran."""
        findings = tuple(sorted({(f.rule, f.kind, f.severity) for f in result.findings}))
        advert = result.advert
        return cls(request.community_id, request.user_id, result.guide, result.score, result.words,
                   result.paragraphs, fingerprint or letter_fingerprint(result.text), findings,
                   advert=advert is not None,
                   advert_covered=advert.covered if advert is not None and advert.total else None,
                   advert_total=advert.total if advert is not None and advert.total else None)


@dataclass(frozen=True)
class StoredReview:
    id: int
    at: dt.datetime
    guide: str
    score: int
    words: int
    issues: frozenset[str]  # rule ids the review found a problem with
    advert: bool = False
    advert_covered: int | None = None
    advert_total: int | None = None
