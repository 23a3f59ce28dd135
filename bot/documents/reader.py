"""Decides a document's format from its bytes and hands it to the reader for that format."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from . import messages

log = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024 * 1024  # a one-page letter is tens of kilobytes, even as a PDF with fonts
MAX_PAGES = 20
MAX_XML_BYTES = 10 * 1024 * 1024  # what a Word or OpenDocument file may expand to (zip bombs)

Kind = Literal["paste", "pdf", "docx", "odt", "markdown", "text"]


@dataclass(frozen=True)
class Document:
    text: str
    kind: Kind
    pages: int | None = None

    @property
    def source(self) -> dict[str, str | int | None]:
        """The ``source`` field of a review's JSON."""
        return {"kind": self.kind, "pages": self.pages}


class UnreadableDocument(Exception):
    """``str(exc)`` says, kindly, why the file couldn't be read and what to do instead."""


def too_big(size: int | None) -> str | None:
    """The refusal for a file of ``size`` bytes, before anyone downloads it; None when it's fine."""
    if size is not None and size > MAX_BYTES:
        return messages.too_big(size)
    return None


def read_document(data: bytes) -> Document:
    """The letter in ``data``, whatever format it came in. Raises UnreadableDocument."""
    problem = too_big(len(data))
    if problem:
        raise UnreadableDocument(problem)
    if not data.strip():
        raise UnreadableDocument(messages.EMPTY)
    # Each reader imports its library only when a file needs it: pypdf alone takes ~75 ms to import, which a
    # plain-text letter shouldn't pay.
    if data.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        from . import pdf
        return pdf.read(data)
    if data.startswith(b"PK\x03\x04"):
        from . import office
        return office.read_zip(data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # an OLE compound file
        from . import office
        raise UnreadableDocument(office.ole_problem(data))
    unsupported = _unsupported(data)
    if unsupported:
        raise UnreadableDocument(unsupported)
    from . import plain
    return plain.read(data)


_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM")


def _unsupported(data: bytes) -> str | None:
    head = data[:32]
    if head.startswith(_IMAGES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP") or head[4:8] == b"ftyp" and (
            head[8:12] in (b"heic", b"heix", b"mif1", b"avif")):
        return messages.IMAGE
    if head.startswith(b"{\\rtf"):
        return messages.RTF
    return None
