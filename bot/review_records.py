"""What the core asks storage to keep of a review, already stripped of anything private.

A pasted letter never reaches storage: a review is kept as its guide, score,
word count, rule ids and a SHA-256 of the normalised text, nothing more.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .records import utcnow

if TYPE_CHECKING:
    from .request import Request
    from .review.engine import ReviewResult


def letter_fingerprint(text: str) -> str:
    """SHA-256 of the letter with Unicode and whitespace normalised, so a re-paste matches."""
    # str.split() and re's \s agree on every whitespace character (Py_UNICODE_ISSPACE): the same text as
    # re.sub(r"\s+", " ", ...).strip(), at a tenth of its cost
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    import hashlib  # OpenSSL's, loaded by the first review: a command that reviews nothing doesn't need it
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ReviewRecord:
    """A review's history row: its guide, score, counts, rule ids and the letter's fingerprint; never the letter."""
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
    def of(cls, request: Request | None, result: ReviewResult, fingerprint: str | None = None) -> ReviewRecord:
        """``fingerprint``: the letter's (``letter_fingerprint``), when it was taken where the review ran. Without
        a ``request`` (where the review ran, in a bot's worker), the record of nobody yet: see ``asked_by``."""
        findings = tuple(sorted({(f.rule, f.raised, f.severity) for f in result.findings}))
        advert = result.advert
        community, user = (request.community_id, request.user_id) if request is not None else ("", "")
        return cls(community, user, result.guide, result.score, result.words,
                   result.paragraphs, fingerprint or letter_fingerprint(result.text), findings,
                   advert=advert is not None,
                   advert_covered=advert.covered if advert is not None and advert.total else None,
                   advert_total=advert.total if advert is not None and advert.total else None)


    def asked_by(self, request: Request) -> ReviewRecord:
        """The record, of the member who asked for the review, now."""
        return replace(self, community=request.community_id, user=request.user_id, at=utcnow())


@dataclass(frozen=True)
class StoredReview:
    """A review as `/history` reads it back."""
    id: int
    at: dt.datetime
    guide: str
    score: int
    words: int
    issues: frozenset[str]  # rule ids the review found a problem with
    advert: bool = False
    advert_covered: int | None = None
    advert_total: int | None = None
    fingerprint: str | None = None  # the letter's (letter_fingerprint): the same letter reviewed again shows
    # rule ids the review credited (its strengths), so a member can say one was credited wrongly (/feedback)
    credited: frozenset[str] = frozenset()
