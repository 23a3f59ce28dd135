"""Piped or redirected, `shortlist ask` and `shortlist review` print a reply without loading rich
(adapters/plain.py): the bytes must be the ones rich prints there, at every width."""
from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from rich.cells import cell_len
from rich.console import Console

from adapters import plain
from adapters.terminal import layout, renderable
from bot.reply import Bullets, Field, Fields, Paragraph, Quote, Reply, UserText, rich

from .conftest import LETTERS, ROOT, ask

WIDTHS = (24, 57, 80, 121)
LINES = ["/help", "/guide ml-engineer", "/guide general", "/mistakes ml-engineer", "/faq how long should it be",
         "/faq what salary should I ask for", "/guide no-such-role", "/nonsense"]


def _rich(reply: Reply, width: int) -> str:
    out = io.StringIO()
    Console(file=out, width=width).print(renderable(reply), crop=False)
    return out.getvalue()


def _awkward() -> Reply:
    """Text that tests the wrapping's corners: a word longer than a line, runs of spaces, spaces at the
    start and end, blank lines, markdown, a long quote, list items."""
    reply = Reply("A   title  with   spaces  ")
    reply.blocks += [
        Paragraph(rich("  Leading spaces, then a word longer than any line: " + "x" * 130 + " and after it.")),
        Paragraph(rich("**Bold** and `code` and _italic_ in a sentence that goes on for long enough to wrap   ",
                       UserText("a member's words \u2014 with a dash, \u201cquotes\u201d, \u00a3300 and \u20ac5"))),
        Paragraph(rich("Two lines\n\nwith a blank one between, and a carriage\r return and a bell\x07 dropped.")),
        Bullets((rich("first item that is long enough to need a hanging indent when the terminal is narrow "
                      "enough, surely"), rich("second " + "y" * 90)), numbered=True),
        Bullets((rich("a bullet"), rich("another bullet that wraps onto a second line at some width or other"))),
        Quote("A quoted letter line long enough to wrap under its four-space indent at most widths we try\n"
              "and a second line"),
        Fields((Field("Score", "**72**/100 and a value long enough to wrap past the end of a narrow line"),)),
    ]
    return reply


async def test_every_kind_of_reply_prints_as_rich_prints_it(core):
    replies = [await ask(core, line) for line in LINES]
    replies.append(await ask(core, "/review ml-engineer", text=(LETTERS / "01-strong-fintech.txt").read_text()))
    replies.append(await ask(core, "/review", text=(LETTERS / "10-over-length.txt").read_text()))
    replies.append(_awkward())
    for reply in replies:
        for width in WIDTHS:
            assert plain.render(layout(reply), width) == _rich(reply, width), (reply.title, width)


def test_an_import_diff_keeps_its_plus_and_minus_on_every_wrapped_line():
    """A trial: a long line of `/mod import`'s diff wrapped, and its continuation lost the "+" saying it arrives."""
    reply = Reply("Import: check the changes, then confirm")
    reply.quote("--- now\n+++ after import\n-guides: " + "old text, " * 12 + "\n+guides: " + "new text, " * 12)
    for width in (40, 80):
        shown = plain.render(layout(reply), width)
        assert shown == _rich(reply, width)
        lines = shown.splitlines()[2:]
        assert len(lines) > 4 and all(line.startswith(("    -", "    +")) for line in lines), shown


def test_characters_taken_as_one_cell_wide_are_so_for_rich():
    assert all(cell_len(c) == 1 for c in plain.NARROW - {"\n"})


@pytest.mark.parametrize("text", ["\u6f22\u5b57 two cells each", "an emoji \U0001f600", "a\ttab"])
def test_text_rich_must_measure_is_left_to_rich(text):
    reply = Reply("Title").para(text)
    assert plain.render(layout(reply), 80) is None


def test_the_command_line_prints_the_same_with_rich_and_without(tmp_path):
    """The whole process: piped, `ask /guide` prints rich's bytes (at the width COLUMNS gives), and loads no
    rich; told how to treat the output (TTY_COMPATIBLE, here "not a terminal"), it is rich that prints."""
    def shortlist(**env: str) -> subprocess.CompletedProcess[str]:
        code = ("import sys\nfrom adapters.cli import main\ncode = main(sys.argv[1:])\n"
                "print('rich loaded' if 'rich' in sys.modules else 'no rich', file=sys.stderr)\nsys.exit(code)")
        return subprocess.run([sys.executable, "-c", code, "--db", str(tmp_path / "x.db"), "ask", "/guide ml-engineer"],
                              capture_output=True, text=True, cwd=ROOT, timeout=60,
                              env={**os.environ, "COLUMNS": "67", **env})
    piped, by_rich = shortlist(), shortlist(TTY_COMPATIBLE="0")
    assert piped.returncode == by_rich.returncode == 0
    assert piped.stderr.strip().endswith("no rich") and by_rich.stderr.strip().endswith("rich loaded")
    assert piped.stdout == by_rich.stdout and max(map(len, piped.stdout.splitlines())) == 67


def test_a_command_inside_an_italic_note_is_drawn_as_code_not_in_backticks():
    """`_Saved, and in effect now. `/mod audit` shows the change._` printed its backticks at the terminal."""
    items = layout(Reply("Done").para("_Saved, and in effect now. `/mod audit` shows the change._"))
    runs = [run for item in items for run in item.runs]
    assert ("/mod audit", "cyan") in runs and ("Saved, and in effect now. ", "italic") in runs
    assert not any("`" in text or text.startswith("_") for text, _ in runs)


def test_an_import_diffs_wrapped_line_keeps_its_indent_and_reads_as_the_rest_of_its_line():
    """Trial 8 (F22): the tail of a long indented line wrapped to "+before" at the margin, like a line of its own."""
    reply = Reply("Import: check the changes, then confirm")
    reply.quote("--- now\n+++ after import\n+summary: >\n+      " + "QA hiring managers read a letter closely, " * 4)
    for width in (60, 100):
        shown = plain.render(layout(reply), width)
        assert shown == _rich(reply, width)
        wrapped = shown.splitlines()[5:]
        assert len(wrapped) >= 2 and all(line.startswith("    +      ") for line in wrapped), shown
        # Trial 9 (M2): and its tail is marked as one, so it can't be read as a line of the file.
        assert all(line.startswith("    +      \u21aa ") for line in wrapped[1:]), shown
        assert not wrapped[0].startswith("    +      \u21aa") and max(map(len, wrapped)) <= width


@pytest.mark.parametrize("width", WIDTHS)
async def test_an_exports_yaml_is_printed_line_for_line_so_a_copy_of_it_loads(mod_core, width):
    """Trial 13 F23: a long FAQ answer in /mod export was wrapped at the screen's width, and the YAML copied from
    the screen no longer loaded in /mod import. The export's lines are printed whole, by rich and by plain."""
    import yaml

    from bot.request import Privilege
    mod = {"community_id": "c1", "user_id": "mo", "privilege": Privilege.ADMIN}
    await ask(mod_core, "/mod faq add How do I follow up on my application? | Wait until a week after the closing "
              "date, then send one short, polite email asking for an update. One follow-up is enough.", **mod)
    reply = await ask(mod_core, "/mod export", **mod)
    shown = _rich(reply, width)
    assert plain.render(layout(reply), width) == shown
    copied = next(block for block in shown.split("\n\n") if block.startswith("    "))  # the YAML, as on screen
    assert yaml.safe_load(copied)["faq"][0]["answer"].endswith("One follow-up is enough.")
