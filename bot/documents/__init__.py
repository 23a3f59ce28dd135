"""Letters as files: bytes in, the letter's text and a description of its source out.

``read_document(data)`` is the one entry point every adapter (and any feature that reads a file a
member gives us) calls. The format is decided from the bytes, never from a file's name. Documents
are read in memory only; nothing here touches the disk. Anything that can't be read raises
``UnreadableDocument`` whose message is written for the member.
"""
from __future__ import annotations

from .reader import MAX_BYTES, MAX_PAGES, MAX_XML_BYTES, Document, UnreadableDocument, read_document, too_big
from .upload import DOWNLOAD_FAILED, DOWNLOAD_TIMED_OUT, Attachment, Upload, choose, refused_before_download

__all__ = ["DOWNLOAD_FAILED", "DOWNLOAD_TIMED_OUT", "MAX_BYTES", "MAX_PAGES", "MAX_XML_BYTES", "Attachment", "Document",
           "UnreadableDocument", "Upload", "choose", "read_document", "refused_before_download", "too_big"]
