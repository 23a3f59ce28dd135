"""Word (.docx) through python-docx and OpenDocument (.odt) through odfpy, behind one zip check.

Both formats are zip files of XML. Before either library opens one, the sizes its members declare
are added up: Python's zipfile never inflates a member beyond its declared size (a lie fails the CRC
check), so that sum bounds the memory a "zip bomb" could make us use.
odfpy rather than a hand-written reader of content.xml: it already knows ODF's whitespace model
(``text:s`` runs of spaces, tabs, line breaks inside paragraphs), which is where such readers go wrong.
"""
from __future__ import annotations

import io
import logging
import re
import zipfile
from typing import Any

from . import messages
from .layout import tidy
from .reader import MAX_PAGES, MAX_XML_BYTES, Document, UnreadableDocument

log = logging.getLogger(__name__)

_ODT = "application/vnd.oasis.opendocument.text"
# The page count a word processor saves with the document (Word: docProps/app.xml, ODF: meta.xml).
_SAVED_PAGES = {"docProps/app.xml": re.compile(rb"<(?:\w+:)?Pages>(\d+)<"),
                "meta.xml": re.compile(rb'meta:page-count="(\d+)"')}
# The part holding the text: a letter's is tens of kilobytes, and reading one of megabytes takes seconds.
_MAIN_PARTS = ("word/document.xml", "content.xml")
_MAX_MAIN_PART_BYTES = 2 * 1024 * 1024
_SHORT_LINE = 60  # an address line, a greeting, a sign-off: shorter than any sentence of a letter


def read_zip(data: bytes) -> Document:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableDocument(messages.CORRUPT) from None
    names = {m.filename for m in members}
    if sum(m.file_size for m in members if m.filename.endswith((".xml", ".rels"))) > MAX_XML_BYTES:
        raise UnreadableDocument(messages.ZIP_BOMB)
    if any(m.file_size > _MAX_MAIN_PART_BYTES for m in members if m.filename in _MAIN_PARTS):
        raise UnreadableDocument(messages.NOT_A_LETTER)
    try:
        _check_saved_page_count(archive, names)
        if "mimetype" in names:
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
            if mimetype != _ODT:
                raise UnreadableDocument(messages.OTHER_OFFICE)
            if b"encryption-data" in archive.read("META-INF/manifest.xml"):
                raise UnreadableDocument(messages.ENCRYPTED)
            return Document(_odt_text(data), "odt")
        if "[Content_Types].xml" in names:
            types = archive.read("[Content_Types].xml")
            if b"ms-word.document.macroEnabled" in types or b"ms-word.template.macroEnabledTemplate" in types:
                raise UnreadableDocument(messages.DOCM)
            if not any(kind in types for kind in (b"wordprocessingml.document.main+xml",
                                                  b"wordprocessingml.template.main+xml")):
                raise UnreadableDocument(messages.OTHER_OFFICE)
            return Document(_docx_text(data), "docx")
        if "Index/Document.iwa" in names or any(n.startswith("QuickLook/") for n in names):
            raise UnreadableDocument(messages.PAGES)
    except UnreadableDocument:
        raise
    except Exception as exc:  # damaged XML, missing parts, a truncated member: the libraries vary
        log.info("unreadable office document: %s", type(exc).__name__)
        raise UnreadableDocument(messages.CORRUPT) from None
    raise UnreadableDocument(messages.OTHER_OFFICE)


def _check_saved_page_count(archive: zipfile.ZipFile, names: set[str]) -> None:
    """Refuse a long document by the page count its word processor saved (there is no layout to count
    pages from; a document saved without one is left to the length check on its text)."""
    for name, pattern in _SAVED_PAGES.items():
        if name in names:
            found = pattern.search(archive.read(name))
            if found and int(found.group(1)) > MAX_PAGES:
                raise UnreadableDocument(messages.too_many_pages(int(found.group(1))))


def ole_problem(data: bytes) -> str:
    """An OLE compound file: a password-protected Word file (Office wraps those in one), an old .doc,
    or another old Office format."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return messages.ENCRYPTED
    if "WordDocument".encode("utf-16-le") in data:
        return messages.DOC
    return messages.OTHER_OFFICE


def join_paragraphs(paragraphs: list[str]) -> str:
    """A word processor's paragraphs as a letter's text.

    A paragraph is followed by a blank line, except between two short ones (the lines of an address,
    a sign-off and the name under it), which writers type as separate paragraphs but read as one block.
    An empty paragraph (Enter pressed twice) is always a break.
    """
    out: list[str] = []
    previous = ""
    for paragraph in paragraphs:
        text = paragraph.strip()
        if not text:
            previous = ""
            continue
        if out:
            joined_block = previous and _short(previous) and _short(text)
            out.append("\n" if joined_block else "\n\n")
        out.append(text)
        previous = text
    return tidy("".join(out))


def _short(text: str) -> bool:
    return len(text) <= _SHORT_LINE and "\n" not in text and not text.endswith((".", "!", "?", ":"))


def _docx_text(data: bytes) -> str:
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    paragraphs: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            # A merged cell appears once in each row it spans: read once. The set holds the cells' elements
            # themselves: lxml gives one live element one proxy, and a proxy's id is reused once it is freed.
            seen = set()
            for row in block.rows:
                for cell in row.cells:
                    if cell._tc not in seen:
                        seen.add(cell._tc)
                        texts = [p.text for p in cell.paragraphs]
                        # A cell of several paragraphs (a template's letter body) is a block of its own; short
                        # cells (a letterhead, a contact table's labels and values) stay together as lines.
                        paragraphs += ["", *texts, ""] if len(texts) > 1 else texts
            paragraphs.append("")  # the table ends its block
        else:
            paragraphs.append(block.text)
    return join_paragraphs(paragraphs)


def _odt_text(data: bytes) -> str:
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    document = load(io.BytesIO(data))
    paragraphs: list[str] = []

    def walk(node: Any) -> None:  # odfpy's elements carry no type information
        for child in node.childNodes:
            if child.nodeType != child.ELEMENT_NODE:
                continue
            if child.qname in ((TEXTNS, "p"), (TEXTNS, "h")):
                paragraphs.append(teletype.extractText(child))
            else:  # lists, sections, tables hold paragraphs too
                walk(child)
    walk(document.text)
    return join_paragraphs(paragraphs)
