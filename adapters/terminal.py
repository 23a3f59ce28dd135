"""The terminal adapter: renders replies for a console and runs the interactive chat."""
from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING

from bot.reply import Block, Bullets, Button, Fields, Heading, Paragraph, Quote, Reply

from . import plain
from .styled import styled

if TYPE_CHECKING:  # rich loads with the first reply rendered as text: `--json` never needs it
    from rich.console import Console, Group
    from rich.text import Text

    from bot.documents import Upload

# ANSI escapes and other control characters in pasted text must not drive the terminal.
_CONTROL = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f]")
# How our markdown's styles look in a terminal.
_STYLES = {"bold": "bold", "code": "cyan", "italic": "italic"}


def clean(text: str) -> str:
    return _CONTROL.sub("", text)


Run = tuple[str, str | None]  # a piece of a line's text, and its style


class Item:
    """One paragraph of a reply on the terminal: its runs of text over a base style, and for a hanging
    paragraph (a list item, a quote's line) its marker ("1. ", "\u2022 ", "") and indent; ``repeat``: the marker
    begins every line it wraps to (a diff's "+" or "-", which says what a line is)."""
    __slots__ = ("runs", "style", "marker", "indent", "repeat", "verbatim")

    def __init__(self, runs: list[Run], style: str | None = None, marker: str | None = None, indent: int = 0,
                 repeat: bool = False, verbatim: bool = False):
        self.runs, self.style, self.marker, self.indent, self.repeat = runs, style, marker, indent, repeat
        self.verbatim = verbatim  # a file's line (an export's YAML): never wrapped, so a copy of it still loads


def _markdown(text: str) -> list[Run]:
    """Our own light markdown (**bold**, `code`, _italic_) as runs in rich's styles; a command in an italic
    note (`_Saved. `/mod audit` shows it._`) is drawn as code, as Discord and Slack draw it, not in backticks."""
    runs: list[Run] = []
    for run, style in styled(text):
        inner = styled(run) if style != "code" and "`" in run else [(run, None)]
        for part, own in inner:
            drawn = own or style
            runs.append((part, _STYLES[drawn] if drawn else None))
    return runs


def _inline(parts) -> list[Run]:
    return [run for part in parts
            for run in (_markdown(part) if isinstance(part, str) else [(clean(part.text), None)])]


def layout(reply: Reply) -> list[Item]:
    """The reply as the terminal shows it, paragraph by paragraph, for rich or for plain text."""
    items = [Item([(reply.title, None)], "bold")]
    previous: Block | None = None
    for block in reply.blocks:
        if not isinstance(previous, Heading):
            items.append(Item([]))  # a blank line between blocks, none under a heading
        previous = block
        if isinstance(block, Heading):
            items.append(Item([(block.text, None)], "bold underline"))
        elif isinstance(block, Paragraph):
            items.append(Item(_inline(block.text)))
        elif isinstance(block, Bullets):
            items += [Item(_inline(item), marker=f"{n}. " if block.numbered else "\u2022 ")
                      for n, item in enumerate(block.items, 1)]
        elif isinstance(block, Quote):
            # An import's changes: a wrapped line keeps its "+" or "-" and its indent, so it reads as the rest of
            # its line, not as a line of its own (trial 8)
            diff = block.text.startswith("--- ")
            # A reply that gives a file (an export) quotes it line for line: a wrapped YAML line copied from the
            # screen no longer loads (trial 13 F23)
            items += [Item([(clean(line[1:].lstrip(" ") if diff else line), None)], "italic", indent=4, repeat=diff,
                           marker=line[:1 + len(line[1:]) - len(line[1:].lstrip(" "))] if diff else "",
                           verbatim=reply.document is not None)
                      for line in block.text.splitlines() or [""]]
        elif isinstance(block, Fields):
            items += [Item([(f"{f.name}: ", None), *_markdown(f.value)], "bold") for f in block.fields]
    # A button whose command the text already shows as it would be typed ("/guide data-analyst" in the list of
    # guides), or that another button repeats, adds nothing in a terminal (trial 11 F30: five of eleven guides
    # listed again after the list).
    said = re.findall(r"/[a-z][\w-]*(?: [\w.-]+)*", reply.fallback_text()) if reply.buttons else []
    shown = {c for text in said for c in _prefixes(text)}
    loose = [b for b in dict((b.command, b) for b in reply.buttons if not b.group).values() if b.command not in shown]
    if loose or any(b.group for b in reply.buttons):
        items.append(Item([]))
        # (a label cut short, "... engineering le…", is the command's own words too: trial 14 F10)
        items += [Item([(f"  {b.command}" + ("" if b.label.rstrip("\u2026").lower() in b.command.lower()
                                            else f"  ({b.label})"), None)], "dim") for b in loose]
        # A group of buttons (one per review point, say) reads better as one line of text.
        for group in dict.fromkeys(b.group for b in reply.buttons if b.group):
            grouped = [b for b in reply.buttons if b.group == group]
            commands = [b.command for b in grouped]
            stem, _, _ = commands[0].rpartition(" ")
            if len(commands) == 1:
                listed = f"{group}: {commands[0]}" + _titled("", grouped[0])
            elif all(c.startswith(stem + " ") for c in commands):
                *most, last = (b.command[len(stem) + 1:] + _titled(b.command[len(stem) + 1:], b) for b in grouped)
                listed = f"{group}: {stem} followed by {', '.join(most)} or {last}"
            else:
                listed = f"{group}: " + ", ".join(commands)
            items.append(Item([(listed, None)], "dim", marker="", indent=2))
    return items


def _prefixes(typed: str) -> list[str]:
    """"/guide data-analyst (also" -> "/guide", "/guide data-analyst", ...: each command the text shows typed."""
    words = typed.split()
    return [" ".join(words[:n]) for n in range(1, len(words) + 1)]


def _titled(word: str, button: Button) -> str:
    """A grouped button's title beside its command's last word, where it says more ("style.cliche" is
    "Stock phrases" to a member): " (Stock phrases)"."""
    title = button.label.split("? ", 1)[-1]  # "Wrong? Stock phrases"
    return "" if title.lower() in (word.lower(), button.command.lower().rsplit(" ", 1)[-1]) else f" ({title})"


class _Hanging:
    """Text wrapped to the terminal with a hanging indent after its marker ("1. ", "• "), and no
    padding to the right: piped output stays free of trailing spaces."""

    def __init__(self, item: Item, text: Text):
        self.marker, self.text, self.indent, self.repeat = item.marker or "", text, item.indent, item.repeat
        self.verbatim = item.verbatim

    def __rich_console__(self, console, options):
        from rich.text import Text
        if self.verbatim:  # as it is: the terminal folds a long line on screen, and a copy keeps it whole
            line = Text(" " * self.indent + self.marker) + self.text
            line.no_wrap, line.overflow = True, "ignore"
            yield line
            return
        width = max(20, options.max_width - self.indent - len(self.marker) - len(plain.CONTINUED) * self.repeat)
        pad = " " * self.indent
        for n, line in enumerate(self.text.wrap(console, width)):
            line.rstrip()
            yield Text(pad + (self.marker if n == 0 or self.repeat else " " * len(self.marker))
                       + (plain.CONTINUED if self.repeat and n else "")) + line


def renderable(reply: Reply) -> Group:
    from rich.console import Group
    from rich.text import Text

    def text(item: Item) -> Text:
        out = Text(style=item.style or "")
        for run, style in item.runs:
            out.append(run, style)
        return out
    return Group(*(text(i) if i.marker is None else _Hanging(i, text(i)) for i in layout(reply)))


def print_json(data) -> None:
    import json  # --json only
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_reply(reply: Reply, console: Console | None = None, as_json: bool = False) -> None:
    if as_json:
        print_json(reply.to_dict())
        return
    if console is None and plain.wanted():  # a pipe or a file: the same text, without loading rich
        text = plain.render(layout(reply), plain.width())
        if text is not None:
            sys.stdout.write(text)
            return
    from rich.console import Console
    (console or Console()).print(renderable(reply), crop=False)  # an export's lines stay whole


def print_document_text(upload: Upload) -> int:
    """``shortlist review FILE --text``: exactly the text a review of the file reads."""
    from bot.documents import UnreadableDocument, read_document
    try:
        if upload.problem:
            raise UnreadableDocument(upload.problem)
        text = read_document(upload.data or b"").text
    except UnreadableDocument as exc:
        print(f"shortlist: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(clean(text) + "\n")
    return 0
