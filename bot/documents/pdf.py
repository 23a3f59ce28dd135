"""PDF letters: pypdf finds the text and where it sits; this module puts the letter back together.

pypdf's layout mode prints each page as a grid of characters, with horizontal positions kept and
vertical gaps as blank lines. From that we rebuild what a member typed: lines a PDF wrapped are
joined, a wider gap between lines is a paragraph break, lines the writer broke on purpose (the
address block, the sign-off) stay broken, and page numbers and headers or footers repeated on
every page are dropped.
"""
from __future__ import annotations

import io
import logging
import re
import time
from collections import Counter
from dataclasses import dataclass

from pypdf import PdfReader, apply_configuration
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PdfReadError

from . import columns, messages
from .layout import tidy
from .reader import MAX_PAGES, Document, UnreadableDocument

log = logging.getLogger(__name__)

# One blank grid line for each quarter of a font height of vertical gap: fine enough to tell a
# paragraph's extra spacing from ordinary line spacing.
_GAP_UNIT = 0.25
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(?:page\s*)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?(?:\s*-)?\s*$", re.I)
# A running header or footer that ends in its page number: "Sam Reyes - Cover letter - Page 1" (on a one-page
# letter it can't be seen to repeat). A separator before "Page" tells it from a sentence ("see page 2").
_ENDS_IN_PAGE = re.compile(r"^.{0,80}\s[-\u2013\u2014|\u00b7\u2022]\s*page\s*\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?\s*$",
                           re.I)
_SINGLE_SPACING = 4  # blank grid lines between the lines of a paragraph set at 1.0-1.3 line spacing
# A one-page letter's page description is tens of kilobytes. A stream that inflates past this, more
# text than many letters, or a file that takes this long is not a letter, and could tie up a worker.
_MAX_STREAM_BYTES = 1024 * 1024
_MAX_TEXT_CHARS = 60_000
_MAX_SECONDS = 5.0
_MIN_WORD_CHARS = 20  # below this across the whole file, there is no text layer to speak of


@dataclass
class _Line:
    text: str  # as laid out: leading spaces show its indent, its length where it ends
    gap: int  # blank grid lines above it on its page (-1: first on the page)


def read(data: bytes) -> Document:
    limits = {name: _MAX_STREAM_BYTES for name in (
        "zlib_maximum_output_length", "lzw_maximum_output_length", "run_length_maximum_output_length",
        "array_based_stream_maximum_output_length", "jbig2_maximum_output_length")}
    try:
        with apply_configuration(None, **limits):
            reader = PdfReader(io.BytesIO(data))
            # Many PDFs are "encrypted" only to restrict printing or editing, with an empty password
            # to open them: those we can read. A password to open is another matter.
            if reader.is_encrypted and not reader.decrypt(""):
                raise UnreadableDocument(messages.ENCRYPTED)
            pages = len(reader.pages)
            if pages > MAX_PAGES:
                raise UnreadableDocument(messages.too_many_pages(pages))
            grids = _page_grids(reader)
    except UnreadableDocument:
        raise
    except (FileNotDecryptedError, DependencyError):
        raise UnreadableDocument(messages.ENCRYPTED) from None
    except LimitReachedError:
        raise UnreadableDocument(messages.NOT_A_LETTER) from None
    except (PdfReadError, Exception) as exc:  # pypdf raises many kinds on a damaged file (and on its limits)
        log.info("unreadable PDF: %s", type(exc).__name__)
        raise UnreadableDocument(messages.CORRUPT) from None
    text = letter_from_pages(grids)
    if sum(ch.isalnum() for ch in text) < _MIN_WORD_CHARS:
        raise UnreadableDocument(messages.NO_TEXT_LAYER)
    return Document(text, "pdf", pages)


def _page_grids(reader: PdfReader) -> list[list[str]]:
    """Each page's layout-mode grid, one for each of its columns in reading order."""
    pages, chars, started = [], 0, time.monotonic()
    for page in reader.pages:
        grid = page.extract_text(extraction_mode="layout", layout_mode_font_height_weight=_GAP_UNIT)
        pages.append(columns.of_page(page, grid, _GAP_UNIT))
        chars += len(grid)
        if chars > _MAX_TEXT_CHARS or time.monotonic() - started > _MAX_SECONDS:
            raise UnreadableDocument(messages.NOT_A_LETTER)
    return pages


def letter_from_pages(grids: list[list[str]]) -> str:
    """The letter's text from each page's layout-mode grids, a page's columns in reading order."""
    pages = [[lines for lines in map(_lines, page) if lines] for page in grids]
    _drop_headers_and_footers(pages)
    body = [line for page in pages for column in page for line in column]
    if not body:
        return ""
    left = min(_indent(line) for line in body)
    # The right margin, from the lines set against the left one: a centred or right-set letterhead
    # may run wider than the text block.
    right = max(_width(line.text) for line in body if _indent(line) <= left + _FIRST_LINE_INDENT)
    usual = _line_spacing(body)
    # Beside a sidebar, the grid's rows fall where either column's lines are, so a gap inside a
    # paragraph can come out wider than the usual one, though still narrower than a paragraph's.
    wide = Counter(line.gap for line in body if line.gap >= usual + 2)
    paragraph = wide.most_common(1)[0][0] if wide else 0
    out: list[str] = []
    previous: _Line | None = None
    for line in body:
        words = line.text.strip()
        if previous is None:
            out.append(words)
        elif line.gap >= usual + 2 and not (line.gap < paragraph and _wrapped(previous, line, right, left)):
            out.append("\n\n" + words)
        elif line.gap < 0 and not _wrapped(previous, line, right, left):
            out.append("\n\n" + words)  # a new page that doesn't continue the last line
        elif _wrapped(previous, line, right, left):
            out.append(("" if previous.text.endswith("-") else " ") + words)
        else:
            out.append("\n" + words)
        previous = line
    return tidy("".join(out))


def _line_spacing(body: list[_Line]) -> int:
    """The gap between two lines of one paragraph, in grid lines: the smallest gap seen, unless every
    line is its own paragraph (a short letter), when it is what single spacing gives. A letter set at
    1.5 or double spacing has wide gaps inside its paragraphs too, and wider ones (by half again) between
    them: the smallest gap is then its line spacing, not a paragraph break on every line."""
    gaps = [line.gap for line in body if line.gap >= 2]
    smallest = min(gaps, default=_SINGLE_SPACING)
    if smallest > _SINGLE_SPACING + 1 and any(gap >= smallest * 1.5 for gap in gaps):
        return smallest
    return min(smallest, _SINGLE_SPACING + 1)


def _lines(grid: str) -> list[_Line]:
    lines: list[_Line] = []
    blanks = 0
    for raw in grid.split("\n"):
        if not raw.strip():
            blanks += 1
            continue
        # Inside a line, the grid pads the space between words to their printed position.
        lines.append(_Line(re.sub(r"(?<=\S) {2,}(?=\S)", " ", raw.rstrip()), blanks if lines else -1))
        blanks = 0
    return lines


def _wrapped(previous: _Line, line: _Line, right: float, left: int) -> bool:
    """Whether ``previous`` ended only because the next word didn't fit beside it. Wrapped lines go
    back to the left margin; lines set right or centred (an address, a date, a letterhead) never
    continue one another, however close to the margin they end."""
    if _indent(line) > left + 1 or _indent(previous) > left + _FIRST_LINE_INDENT:
        return False
    first_word = line.text.split(None, 1)[0] if line.text.strip() else ""
    return _width(previous.text) + _width(" " + first_word) > right * (1 - _WRAP_TOLERANCE)


def _indent(line: _Line) -> int:
    return len(line.text) - len(line.text.lstrip())


# Helvetica's (and Arial's) advance widths, in thousandths of the font size, for printable ASCII.
# The grid pypdf prints has one column a character whatever its shape, so a line's length there says
# little about where it ended on the page; proportional widths say it far better, for any usual font.
_WIDTHS = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    (278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, *[556] * 10, 278, 278,
     584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
     667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500,
     556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722,
     500, 500, 500, 334, 260, 334, 584), strict=True))
_WRAP_TOLERANCE = 0.03
_FIRST_LINE_INDENT = 8  # grid columns a paragraph's first line may be indented by


def _width(text: str) -> float:
    return sum(_WIDTHS.get(ch, 556) for ch in text)


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).lower()


def _drop_headers_and_footers(pages: list[list[list[_Line]]]) -> None:
    """Page numbers, and lines at the top or bottom of pages that repeat on other pages. A page is its
    columns in reading order: its top is its first column's, its bottom its last column's."""
    edges: Counter[str] = Counter()
    for page in pages:
        if page:
            edges.update({_shape(line.text) for line in page[0][:2] + page[-1][-2:]})
    repeated = {shape for shape, n in edges.items() if n >= 2 and len(pages) >= 2}
    for page in pages:
        for column, end in ((page[0], 0), (page[-1], -1)) if page else ():
            for _ in range(2):
                text = column[end].text if column else ""
                if column and (_PAGE_NUMBER.match(text) or _ENDS_IN_PAGE.match(text) or _shape(text) in repeated):
                    column.pop(end)
                    if end == 0 and column:
                        column[0].gap = -1
