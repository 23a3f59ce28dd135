"""The terminal adapter: renders replies for a console and runs the interactive chat."""
from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.commands import COMMANDS
from bot.reply import Block, Bullets, Button, Fields, Heading, Paragraph, Quote, Reply
from bot.request import Context

from . import plain
from .paths import document_path_line, dropped_document, letter_started, path_given, read_upload
from .styled import styled

if TYPE_CHECKING:  # rich loads with the first reply rendered as text: `--json` never needs it
    from prompt_toolkit import PromptSession
    from rich.console import Console, Group
    from rich.text import Text

    from bot.core import Shortlist
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
    __slots__ = ("runs", "style", "marker", "indent", "repeat")

    def __init__(self, runs: list[Run], style: str | None = None, marker: str | None = None, indent: int = 0,
                 repeat: bool = False):
        self.runs, self.style, self.marker, self.indent, self.repeat = runs, style, marker, indent, repeat


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
            items += [Item([(clean(line[1:].lstrip(" ") if diff else line), None)], "italic", indent=4, repeat=diff,
                           marker=line[:1 + len(line[1:]) - len(line[1:].lstrip(" "))] if diff else "")
                      for line in block.text.splitlines() or [""]]
        elif isinstance(block, Fields):
            items += [Item([(f"{f.name}: ", None), *_markdown(f.value)], "bold") for f in block.fields]
    if reply.buttons:
        items.append(Item([]))
        items += [Item([(f"  {b.command}" + ("" if b.label.lower() in b.command.lower() else f"  ({b.label})"), None)],
                       "dim") for b in reply.buttons if not b.group]
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

    def __rich_console__(self, console, options):
        from rich.text import Text
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
    (console or Console()).print(renderable(reply))


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


LETTER_END = "."
# What a command's paste is, when it isn't a letter (the reviewer queue's messages; /mod import's YAML).
PASTE_PROMPTS = {"queue": "your feedback for the member (up to 4,000 characters; it reaches only them)",
                 "my-request": "your answer to the reviewer (once: thanks, or one follow-up question)",
                 "guide": "the guide's YAML (from /mod guide export, or a file you wrote)"}  # /mod guide import
QUIT = ("/quit", "/exit", "quit", "exit")
CANCELLED = "\x00cancelled"  # what a Ctrl-C during a paste reads as (no pasted text can hold a NUL here)
WELCOME = ("Shortlist: cover-letter guides and private reviews. Type /help for commands, "
           "/review to paste a letter, /quit (or Ctrl-D) to leave.")


class _Input:
    """Line input: prompt_toolkit's editing and history on a terminal, plain lines when piped."""

    def __init__(self, history_file, terminal: dict | None = None):
        """``terminal``: prompt_toolkit ``input``/``output`` to use instead of the real ones (tests)."""
        self.interactive = terminal is not None or (sys.stdin.isatty() and sys.stdout.isatty())
        self._commands: PromptSession[str] | None = None
        self._letter: PromptSession[str] | None = None
        if self.interactive:
            from prompt_toolkit import PromptSession
            from prompt_toolkit.history import FileHistory
            history_file.parent.mkdir(parents=True, exist_ok=True)
            self._commands = PromptSession(history=FileHistory(str(history_file)), **(terminal or {}))
            # A letter is personal: it gets a session with no history file.
            self._letter = PromptSession(**(terminal or {}))

    async def command(self) -> str | None:
        # As in a shell: Ctrl-C drops the line being typed, Ctrl-D leaves.
        return await self._read(self._commands, "shortlist> ", "")

    async def letter_line(self) -> str | None:
        # During a paste, Ctrl-C cancels it: nothing is reviewed.
        return await self._read(self._letter, "", CANCELLED)

    @staticmethod
    async def _read(session: PromptSession[str] | None, prompt: str, on_interrupt: str) -> str | None:
        try:
            if session is not None:
                try:
                    return await session.prompt_async(prompt)
                except KeyboardInterrupt:
                    return on_interrupt
            import asyncio
            line = await asyncio.to_thread(sys.stdin.readline)
            return line.rstrip("\n") if line else None
        except EOFError:
            return None


async def read_paste(source: _Input, console: Console, what: str, note: str = "") -> str | None:
    from rich.text import Text
    console.print(Text(f"Paste {what}, then a line with only a full stop (.) to finish (or Ctrl-D). "
                       f"Ctrl-C cancels. {note}".rstrip(), style="dim"))
    lines: list[str] = []
    while True:
        chunk = await source.letter_line()
        if chunk == CANCELLED:
            return None
        if chunk is None:
            break
        if chunk.strip() in QUIT[:2] or not lines and chunk.strip() in QUIT:  # they want out (trial 6): no letter
            return QUIT[0]
        if not lines and (document_path_line(chunk.strip()) or path_given(chunk) is not None):
            return chunk.strip()  # a file's path (a photo or an old .doc too): read at once, no "." line to wait for
        # A terminal paste can bring several lines at once.
        parts = chunk.split("\n")
        if LETTER_END in (p.strip() for p in parts):
            lines += parts[:[p.strip() for p in parts].index(LETTER_END)]
            break
        lines += parts
    return "\n".join(lines)


async def chat(core: Shortlist, context: Context, history_file: Path, console: Console | None = None,
               terminal: dict[str, Any] | None = None) -> int:
    from rich.console import Console
    from rich.text import Text
    console = console or Console()
    source = _Input(history_file, terminal)
    if source.interactive:
        console.print(Text(WELCOME, style="bold"))
    asked: Reply | None = None  # the question just put ("Erase your Shortlist data here?"): yes or no answers it
    while True:
        line = await source.command()
        if line is None or line.strip() in QUIT:
            return 0
        if not line.strip() or line.strip() == LETTER_END:
            continue  # a "." out of habit after a file's path, which needs none: nothing to finish
        question, asked = asked, None
        answer = line.strip().lower().rstrip(".!") if question else ""
        if answer in ("no", "n"):
            console.print(Text("Nothing was changed.", style="dim"), end="\n\n")
            continue
        if question and answer in ("yes", "y"):  # a confirm reply's first button is its "yes"
            line = question.buttons[0].command
        elif question and not line.lstrip().startswith("/") and (answer.split() or [""])[0] not in COMMANDS:
            # "maybe", "wait, what does it delete?": the question stands, asked again, not "no command called"
            console.print(Text(f"{question.title} Type yes or no.", style="bold"), end="\n\n")
            asked = question
            continue
        dropped = dropped_document(line)  # a letter's file given with no /review first: reviewed as if after it
        pasted_first = line if dropped is None and letter_started(line) else None  # the letter itself, likewise
        if dropped is not None:
            request = replace(core.parse("/review", context), upload=read_upload(str(dropped)))
        elif pasted_first is not None:
            request = core.parse("/review", context)
        elif _plain_question(line):  # "how long should my cover letter be?" typed without a slash: a /faq
            request = core.parse("/faq " + line.strip(), context)
        else:
            request = core.parse(line if line.lstrip().startswith("/") else "/" + line.strip(), context)
        if dropped is None and core.wants_paste(request):
            advert = None
            if request.command == "review":
                problem = await core.before_paste(request.arg("role"), context.community_id)
                if problem is not None:  # an unknown role, said before the member pastes a whole letter
                    console.print(renderable(problem))
                    console.print()
                    continue
                pasted: str | None
                ends = [p.strip() for p in (pasted_first or "").split("\n")]
                if LETTER_END in ends:  # the whole letter came in one paste, its "." line too
                    pasted = "\n".join((pasted_first or "").split("\n")[:ends.index(LETTER_END)])
                elif pasted_first is not None:
                    rest = await read_paste(source, console, "the rest of your letter", "That looks like a letter, "
                                            "so I'll review it. It is reviewed privately and its text is not stored.")
                    pasted = rest if rest is None or rest == QUIT[0] else pasted_first + "\n" + rest
                else:
                    pasted = await read_paste(source, console, "your letter",
                                              "Or type the path of its file (PDF, Word, OpenDocument, Markdown or "
                                              "text) on its own. It is reviewed privately and its text is not stored.")
                if pasted not in (None, QUIT[0]) and request.arg("advert"):
                    advert = await read_paste(source, console, "the job advert",
                                              "Or type the path of its file on its own. It is read for this "
                                              "review only and not stored.")
                    if advert is None:
                        pasted = None
            else:
                prompt = PASTE_PROMPTS.get(request.command if request.command != "mod" else request.arg("action") or "",
                                           "the YAML from /mod export")
                pasted = await read_paste(source, console, prompt)
            if QUIT[0] in (pasted, advert):
                return 0
            if pasted is None:
                console.print(Text("Cancelled: nothing was sent.", style="dim"))
                continue
            path = path_given(pasted) if request.command == "review" else None
            if path is not None:
                request = replace(request, upload=read_upload(str(path)))
            else:
                request = replace(request, text=pasted)
            if advert is not None:
                advert_path = path_given(advert)
                request = replace(request, **({"advert_upload": read_upload(str(advert_path))} if advert_path
                                              else {"advert": advert}))
        reply = await core.handle(request)
        console.print(renderable(reply))
        console.print()
        asked = reply if reply.kind == "confirm" and reply.buttons else None


# A question typed without a slash (trial 11 F42: "how long should my cover letter be?" was told "There's no
# command called 'how'"): a line of several words that isn't a command and asks something.
_QUESTION_WORDS = frozenset("how what whats what's should can could do does did is are am will would who whom "
                            "which when where why may".split())


def _plain_question(line: str) -> bool:
    words = line.strip().lower().split()
    return (len(words) >= 3 and not line.lstrip().startswith("/") and words[0] not in COMMANDS
            and (line.rstrip().endswith("?") or words[0] in _QUESTION_WORDS))

