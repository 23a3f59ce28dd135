"""A PDF page set in two columns (a sidebar of contact details or skills beside the letter, as CV builders
export it), read one column at a time, the narrower first, as a letterhead reads.

pypdf's layout mode prints the columns side by side on each line, which would splice the sidebar into the
letter's sentences; and it sets lines whose heights differ by less than a font height on one row of its
grid, so beside a sidebar whose lines fall between the letter's, the letter's line gaps come out wider or
narrower than they are and paragraphs break mid-sentence (trial 12 F42). So the gutter is found on the
page's grid, and each column is laid out again on its own from pypdf's text operations.
"""
from __future__ import annotations

import itertools
import logging
from typing import Any

from pypdf import PageObject

log = logging.getLogger(__name__)

_SCALE_WEIGHT = 1.25  # pypdf's layout_mode_scale_weight default, with which the page's grid was printed


def of_page(page: PageObject, grid: str, gap_unit: float) -> list[str]:
    """The page's grids, one for each column in reading order: the grid itself for a page in one column."""
    gutter = _gutter([row for row in grid.split("\n") if row.strip()])
    if gutter is None:
        return [grid]
    try:
        regridded = _laid_out_by_column(page, gutter, gap_unit)
    except Exception as exc:  # pypdf's layout internals are not its public API: the grid's own split then
        log.info("columns laid out from the page's grid: %s", type(exc).__name__)
        regridded = None
    return regridded or split_grid(grid)


def _laid_out_by_column(page: PageObject, gutter: tuple[int, int], gap_unit: float) -> list[str] | None:
    """Each column (and the lines across both at the top or bottom) laid out on its own; None when lines
    cross the gutter in the middle of the page, which is then not two columns."""
    from pypdf._text_extraction import _layout_mode
    from pypdf.generic import ContentStream

    contents = page.get("/Contents")
    if contents is None:
        return None
    operations = iter(ContentStream(contents.get_object(), page.pdf, "bytes").operations)
    groups = [g for g in _layout_mode.text_show_operations(operations, page._layout_mode_fonts(), True, None)
              if g["text"].strip()]  # top of the page first
    width = _layout_mode.fixed_char_width(groups, _SCALE_WEIGHT)
    start, end = gutter
    # where each group sits on the grid: it starts at its position's column and takes one column a character
    first = [int(g["tx"] // width) for g in groups]
    across = [x < end and x + len(g["text"].rstrip()) > start for x, g in zip(first, groups, strict=True)]
    head = sum(1 for _ in itertools.takewhile(bool, across))
    tail = sum(1 for _ in itertools.takewhile(bool, reversed(across)))
    if head + tail < sum(across) or head + tail >= len(groups):
        return None
    middle = range(head, len(groups) - tail)
    left = [groups[i] for i in middle if first[i] < start]
    right = [groups[i] for i in middle if first[i] >= start]
    narrow, wide = sorted((left, right), key=lambda part: sum(len(g["text"].strip()) for g in part))
    parts = (groups[:head], narrow, wide, groups[len(groups) - tail:])
    return [_grid(part, width, gap_unit, _layout_mode) for part in parts if part]


def _grid(part: list[Any], width: float, gap_unit: float, layout: Any) -> str:
    """One column's grid, set against its own left edge."""
    left = min(g["tx"] for g in part)
    shifted = [dict(g, tx=g["tx"] - left, displaced_tx=g["displaced_tx"] - left) for g in part]
    return str(layout.fixed_width_page(layout.y_coordinate_groups(shifted), width, True, gap_unit))


def split_grid(grid: str) -> list[str]:
    """A page set in two columns (a sidebar of contact details or skills beside the letter, as CV
    builders export it) as two grids, the narrower first, as a letterhead reads. Layout mode prints
    the columns side by side on each line, which would splice the sidebar into the letter's
    sentences. Lines across both columns at the top (a name, a heading) or the bottom (a footer) stay
    there; a page in one column, or one that lines cross in the middle, comes back whole."""
    rows = grid.split("\n")
    texted = [n for n, row in enumerate(rows) if row.strip()]
    gutter = _gutter([rows[n] for n in texted])
    if gutter is None:
        return [grid]
    start, end = gutter
    crossing = {n for n in texted if rows[n][start:end].strip()}
    head = list(itertools.takewhile(crossing.__contains__, texted))
    tail = list(itertools.takewhile(crossing.__contains__, reversed(texted)))
    if len(head) + len(tail) < len(crossing) or len(head) + len(tail) >= len(texted):
        return [grid]
    top, bottom = (head[-1] + 1 if head else 0), (tail[-1] if tail else len(rows))
    # A line of one column is a row of the grid that the other column's text doesn't have: left in
    # as a blank row, it would widen the gap between two of that column's lines into a paragraph break.
    middle = rows[top:bottom]
    left = [row[:start].rstrip() for row in middle if row[:start].strip() or not row.strip()]
    right = [row[end:] for row in middle if row[end:].strip() or not row.strip()]
    narrow, wide = sorted((left, right), key=lambda column: sum(len(row.strip()) for row in column))
    return ["\n".join(part) for part in (rows[:top], narrow, wide, rows[bottom:]) if "".join(part).strip()]


_GUTTER = 4  # blank grid columns between two columns of text
_CROSSING = 2  # lines that may run across the gutter (at the top or bottom of the page)
_BESIDE = 3  # lines with text on both sides of the gutter, beside each other, to call a page two columns


def _gutter(lines: list[str]) -> tuple[int, int] | None:
    """The widest run of at least ``_GUTTER`` grid columns, inside the text, that at most ``_CROSSING``
    lines write in, with text on both sides of it on the same line ``_BESIDE`` times or more."""
    width = max(map(len, lines), default=0)
    used = [0] * width
    for line in lines:
        for x, ch in enumerate(line):
            if ch != " ":
                used[x] += 1
    inside = [(a, b) for a, b in _runs([count <= _CROSSING for count in used])
              if a > 0 and b < width and b - a >= _GUTTER]  # not the margins
    best = max(inside, key=lambda run: run[1] - run[0], default=None)
    if best is None:
        return None
    # Inside it, the columns the fewest lines cross: a sidebar's longest entries may reach into the run.
    fewest = min(used[best[0]:best[1]])
    runs = [(a, b) for a, b in _runs([count == fewest for count in used[best[0]:best[1]]]) if b - a >= _GUTTER]
    if not runs:
        return None
    best = max(((best[0] + a, best[0] + b) for a, b in runs), key=lambda run: run[1] - run[0])
    beside = sum(1 for line in lines if line[:best[0]].strip() and line[best[1]:].strip())
    return best if beside >= _BESIDE else None


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """Each run of true flags, as (start, end)."""
    runs, start = [], None
    for x, flag in enumerate(flags + [False]):
        if flag and start is None:
            start = x
        elif not flag and start is not None:
            runs.append((start, x))
            start = None
    return runs
