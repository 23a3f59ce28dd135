"""A file a member shared on a platform: which one to read, and what came of fetching it."""
from __future__ import annotations

from dataclasses import dataclass, field

from .reader import too_big

_NOT_LETTERS = ("image/", "video/", "audio/")
_LETTER_ENDINGS = (".pdf", ".docx", ".odt", ".md", ".markdown", ".txt", ".text")


@dataclass(frozen=True)
class Attachment:
    """What a platform says about a shared file before it is downloaded."""
    name: str
    size: int | None = None
    content_type: str | None = None

    @property
    def looks_like_a_document(self) -> bool:
        if self.name.lower().endswith(_LETTER_ENDINGS):
            return True
        return not (self.content_type or "").startswith(_NOT_LETTERS)


@dataclass(frozen=True)
class Upload:
    """A shared file, fetched (``data``) or not (``problem`` says why, for the member).
    ``shared``: how many files came with it; when several, the review says which one it read."""
    data: bytes | None = field(default=None, repr=False)
    problem: str | None = None
    name: str | None = field(default=None, repr=False)
    shared: int = 1


DOWNLOAD_FAILED = ("I couldn't download that file just now (the platform didn't hand it over). Please try "
                   "again in a moment, or paste the letter's text into `/review`.")
DOWNLOAD_TIMED_OUT = ("Downloading that file took too long, so I stopped. Please try again in a moment, or "
                      "paste the letter's text into `/review`.")


def choose(attachments: list[Attachment]) -> Attachment | None:
    """The attachment to review: the first that looks like a document, else the first (so that its
    refusal explains itself); None when there are none."""
    if not attachments:
        return None
    return next((a for a in attachments if a.looks_like_a_document), attachments[0])


def refused_before_download(attachment: Attachment, shared: int = 1) -> Upload | None:
    """The refusal when the platform's stated size is already too big, so nothing is downloaded."""
    problem = too_big(attachment.size)
    return Upload(problem=problem, name=attachment.name, shared=shared) if problem else None
