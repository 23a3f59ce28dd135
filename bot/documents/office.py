"""Word (.docx) through python-docx and OpenDocument (.odt) through odfpy, behind one zip check.

Both formats are zip files of XML. Before either library opens one, the sizes its members declare
are added up: Python's zipfile never inflates a member beyond its declared size (a lie fails the CRC
check), so that sum bounds the memory a "zip bomb" could make us use.
odfpy rather than a hand-written reader of content.xml: it already knows ODF's whitespace model
(``text:s`` runs of spaces, tabs, line breaks inside paragraphs), which is where such readers go wrong.
"""
from __future__ import annotations

import gc
import io
import logging
import re
import zipfile
from collections.abc import Callable
from typing import Any, Literal

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
            return Document(_freed(_odt_text, data), "odt")
        if "[Content_Types].xml" in names:
            types = archive.read("[Content_Types].xml")
            if b"ms-word.document.macroEnabled" in types or b"ms-word.template.macroEnabledTemplate" in types:
                raise UnreadableDocument(messages.DOCM)
            if not any(kind in types for kind in (b"wordprocessingml.document.main+xml",
                                                  b"wordprocessingml.template.main+xml")):
                raise UnreadableDocument(messages.OTHER_OFFICE)
            return Document(_freed(_docx_text, data), "docx")
        if "Index/Document.iwa" in names or any(n.startswith("QuickLook/") for n in names):
            raise UnreadableDocument(messages.PAGES)
    except UnreadableDocument:
        raise
    except Exception as exc:  # damaged XML, missing parts, a truncated member: the libraries vary
        log.info("unreadable office document: %s", type(exc).__name__)
        raise UnreadableDocument(messages.CORRUPT) from None
    raise UnreadableDocument(messages.OTHER_OFFICE)


def _freed(read: Callable[[bytes], str], data: bytes) -> str:
    """``read(data)``, then the document it built freed at once. python-docx's parts and package refer to each
    other (odfpy's nodes to their parents), so a read document is left for the garbage collector, which then
    frees the XML trees of every document read since its last pass together: in a bot that collects seldom
    (bot/warm.py), about a hundred Word files' worth in one pause, the tail of bench's "DOCX read and reviewed"
    (p99 149 ms against a p50 of 16). Collected here, each read pays for its own document."""
    text = read(data)
    gc.collect(0)  # the youngest generation alone: this document, and what the process made since
    return text


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


Role = Literal["text", "item", "heading"]  # a paragraph as the word processor marked it
_BULLETS = ("-", "*", "\u2022", "\u2013")
_HEADING_STYLE = re.compile(r"(?i)heading\s?\d|title|subtitle")


def join_paragraphs(paragraphs: list[tuple[str, Role]]) -> str:
    """A word processor's paragraphs as a letter's (or an advert's) text, as its writer would have typed it.

    A paragraph is followed by a blank line, except between two short ones (the lines of an address,
    a sign-off and the name under it), which writers type as separate paragraphs but read as one block.
    An empty paragraph (Enter pressed twice) is always a break. A list's items are lines marked "- ", one
    under another; a heading starts a block, and what follows it is its first line.
    """
    out: list[str] = []
    previous, before = "", "text"
    for paragraph, role in paragraphs:
        text = paragraph.strip()
        if not text:
            previous = ""
            continue
        if role == "item" and not text.startswith(_BULLETS):
            text = "- " + text
        if out:
            joined = role != "heading" and previous and (
                before == "heading" or role == before == "item" or (_short(previous) and _short(text)))
            out.append("\n" if joined else "\n\n")
        out.append(text)
        previous, before = text, role
    return tidy("".join(out))


def _short(text: str) -> bool:
    return len(text) <= _SHORT_LINE and "\n" not in text and not text.endswith((".", "!", "?", ":"))


def _role(paragraph: Any) -> Role:
    """Read from the paragraph's style id (no look-up in the styles part) and its own numbering: Word's own
    "List Bullet", "List Number" and "List Paragraph" styles, or any bulleted or numbered paragraph."""
    p = paragraph._p
    style = p.style or ""
    if _HEADING_STYLE.fullmatch(style):
        return "heading"
    if style.startswith("List") or (p.pPr is not None and p.pPr.numPr is not None):
        return "item"
    return "text"


_TEXT_BOX = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}txbxContent"
_PARAGRAPH = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"
_OLD_READERS_COPY = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _boxed(paragraph: Any) -> list[tuple[str, Role]]:
    """The paragraphs of the text boxes anchored in a body paragraph, each box a block of its own. Word saves
    a box twice (its drawing, and a VML copy for old readers under mc:Fallback): the copy is skipped."""
    from docx.text.paragraph import Paragraph
    out: list[tuple[str, Role]] = []
    for box in paragraph._p.iter(_TEXT_BOX):
        if not any(a.tag == _OLD_READERS_COPY for a in box.iterancestors()):
            out += [("", "text"), *((q.text, _role(q)) for q in
                                    (Paragraph(p, paragraph) for p in box.iterchildren(_PARAGRAPH))), ("", "text")]
    return out


def _words(paragraphs: list[tuple[str, Role]]) -> int:
    return sum(len(text.split()) for text, _ in paragraphs)


_CRITERIA_HEADER = re.compile(r"(?i)\s*(essential|desirable|required|preferred|must[- ]have|nice[- ]to[- ]have)\b")


def _criteria_columns(table: Any) -> list[tuple[str, Role]]:
    """A person specification's table (Criteria | Essential | Desirable, as the NHS and the Civil Service publish
    them) read a column at a time: each such header a heading over its column's entries, so an advert's
    reader knows which are essential (trial 13 F25: read cell by cell, "Criteria" became a requirement and
    the Desirable column's entries essential). Empty for any other table."""
    rows = table.rows
    if len(rows) < 2:
        return []
    header = [cell.text.strip() for cell in rows[0].cells]
    if ticked := _ticked_columns(rows, header):
        return ticked
    wanted = [i for i, text in enumerate(header) if _CRITERIA_HEADER.match(text)]
    if not wanted:
        return []
    out: list[tuple[str, Role]] = [("", "text")]
    for i in wanted:
        out.append((header[i], "heading"))
        for row in rows[1:]:
            cells = row.cells
            if i < len(cells):
                out += [(p.text, "item") for p in cells[i].paragraphs if p.text.strip()]
        out.append(("", "text"))
    return out


_TICK_HEADER = re.compile(r"(?i)\s*(?:(e|essential)|d|desirable)\s*$")
_TICK = re.compile(r"(?i)\s*(?:[\u2713\u2714\u2611\u2612\u2717\u2718\u25cf\u2022*x]|yes|y)\s*$")


def _ticked_columns(rows: Any, header: list[str]) -> list[tuple[str, Role]]:
    """A person specification whose criteria stand in one column, with a tick under E or D beside each (Criteria |
    E | D): each criterion under the heading its tick names (trial 17 F55: "Criteria" became a requirement and the
    ticks' rows were read as nothing). Empty unless every filled cell of the E and D columns is a tick."""
    marks = {i: "Essential" if m.group(1) else "Desirable"
             for i, text in enumerate(header) if (m := _TICK_HEADER.match(text))}
    named = [i for i in range(len(header)) if i not in marks]
    cells = [[cell.text.strip() for cell in row.cells] for row in rows[1:]]
    if not marks or not named or not all(_TICK.match(row[i]) for row in cells for i in marks
                                         if i < len(row) and row[i]):
        return []
    out: list[tuple[str, Role]] = [("", "text")]
    for kind in ("Essential", "Desirable"):
        items = [row[named[0]] for row in cells
                 if named[0] < len(row) and row[named[0]]
                 and any(marks[i] == kind and i < len(row) and row[i] for i in marks)]
        if items:
            out += [(kind, "heading"), *((item, "item") for item in items), ("", "text")]
    return out


def _docx_text(data: bytes) -> str:
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    paragraphs: list[tuple[str, Role]] = []
    with_boxes: list[tuple[str, Role]] = []  # the same, with text boxes' paragraphs where they are anchored
    for block in document.iter_inner_content():
        if isinstance(block, Table) and (columns := _criteria_columns(block)):
            paragraphs += columns
            with_boxes += columns
        elif isinstance(block, Table):
            # A merged cell appears once in each row it spans: read once. The set holds the cells' elements
            # themselves: lxml gives one live element one proxy, and a proxy's id is reused once it is freed.
            seen = set()
            cells: list[tuple[str, Role]] = []
            for row in block.rows:
                for cell in row.cells:
                    if cell._tc not in seen:
                        seen.add(cell._tc)
                        texts = [(p.text, _role(p)) for p in cell.paragraphs]
                        # A cell of several paragraphs (a template's letter body) is a block of its own; short
                        # cells (a letterhead, a contact table's labels and values) stay together as lines.
                        cells += [("", "text"), *texts, ("", "text")] if len(texts) > 1 else texts
            cells.append(("", "text"))  # the table ends its block
            paragraphs += cells
            with_boxes += cells
        else:
            paragraphs.append((block.text, _role(block)))
            with_boxes += [paragraphs[-1], *_boxed(block)]
    # A template that holds the whole letter in a text box (trial 13 F12: read as two words, the name above
    # it) is read with its boxes; otherwise they are sidebars and letterheads, left out as before, so a
    # "Key skills" box never lands between the letter's paragraphs.
    if _words(with_boxes) > 2 * _words(paragraphs):
        return join_paragraphs(with_boxes)
    return join_paragraphs(paragraphs)


def _odt_text(data: bytes) -> str:
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    document = load(io.BytesIO(data))
    paragraphs: list[tuple[str, Role]] = []

    def walk(node: Any, in_list: bool = False) -> None:  # odfpy's elements carry no type information
        for child in node.childNodes:
            if child.nodeType != child.ELEMENT_NODE:
                continue
            if child.qname == (TEXTNS, "h"):
                paragraphs.append((teletype.extractText(child), "heading"))
            elif child.qname == (TEXTNS, "p"):
                paragraphs.append((teletype.extractText(child), "item" if in_list else "text"))
            else:  # lists, sections, tables hold paragraphs too
                walk(child, in_list or child.qname == (TEXTNS, "list"))
    walk(document.text)
    return join_paragraphs(paragraphs)
