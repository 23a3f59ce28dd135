"""The terminal adapter: renders replies for a console and runs the interactive chat."""
from __future__ import annotations

import asyncio
import json
import re
import shlex
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from bot.documents import MAX_BYTES, UnreadableDocument, Upload, read_document, too_big
from bot.reply import Bullets, Fields, Heading, Paragraph, Quote, Reply

if TYPE_CHECKING:  # rich loads with the first reply rendered as text: `--json` never needs it
    from rich.console import Console, Group
    from rich.text import Text

# ANSI escapes and other control characters in pasted text must not drive the terminal.
_CONTROL = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f]")
_MARKDOWN = re.compile(r"\*\*(.+?)\*\*|`(.+?)`|(?<!\w)_(.+?)_(?!\w)")


def clean(text: str) -> str:
    return _CONTROL.sub("", text)


def _markdown(text: str) -> Text:
    """Our own light markdown (**bold**, `code`, _italic_) as rich styles."""
    from rich.text import Text
    out, pos = Text(), 0
    for m in _MARKDOWN.finditer(text):
        out.append(text[pos:m.start()])
        bold, code, italic = m.groups()
        if bold is not None:
            out.append(bold, "bold")
        elif code is not None:
            out.append(code, "cyan")
        else:
            out.append(italic, "italic")
        pos = m.end()
    out.append(text[pos:])
    return out


def _inline(parts) -> Text:
    from rich.text import Text
    out = Text()
    for part in parts:
        out.append_text(_markdown(part) if isinstance(part, str) else Text(clean(part.text)))
    return out


class _Hanging:
    """Text wrapped to the terminal with a hanging indent after its marker ("1. ", "• "), and no
    padding to the right: piped output stays free of trailing spaces."""

    def __init__(self, marker: str, text: Text, indent: int = 0):
        self.marker, self.text, self.indent = marker, text, indent

    def __rich_console__(self, console, options):
        from rich.text import Text
        width = max(20, options.max_width - self.indent - len(self.marker))
        pad = " " * self.indent
        for n, line in enumerate(self.text.wrap(console, width)):
            line.rstrip()
            yield Text(pad + (self.marker if n == 0 else " " * len(self.marker))) + line


def _list(rows, numbered: bool) -> Group:
    from rich.console import Group
    return Group(*(_Hanging(f"{n}. " if numbered else "\u2022 ", _inline(item)) for n, item in enumerate(rows, 1)))


def renderable(reply: Reply) -> Group:
    from rich.console import Group
    from rich.text import Text
    items = [Text(reply.title, style="bold")]
    previous = None
    for block in reply.blocks:
        if not isinstance(previous, Heading):
            items.append(Text(""))  # a blank line between blocks, none under a heading
        previous = block
        if isinstance(block, Heading):
            items.append(Text(block.text, style="bold underline"))
        elif isinstance(block, Paragraph):
            items.append(_inline(block.text))
        elif isinstance(block, Bullets):
            items.append(_list(block.items, block.numbered))
        elif isinstance(block, Quote):
            items.append(Group(*(_Hanging("", Text(clean(line), style="italic"), indent=4)
                                 for line in block.text.splitlines() or [""])))
        elif isinstance(block, Fields):
            for f in block.fields:
                line = Text(f"{f.name}: ", style="bold")
                line.append_text(_markdown(f.value))
                items.append(line)
    if reply.buttons:
        items.append(Text(""))
        items += [Text(f"  {b.command}" + ("" if b.label.lower() in b.command.lower() else f"  ({b.label})"),
                       style="dim") for b in reply.buttons if not b.group]
        # A group of buttons (one per review point, say) reads better as one line of text.
        for group in dict.fromkeys(b.group for b in reply.buttons if b.group):
            commands = [b.command for b in reply.buttons if b.group == group]
            stem, _, _ = commands[0].rpartition(" ")
            if len(commands) == 1:
                line = f"{group}: {commands[0]}"
            elif all(c.startswith(stem + " ") for c in commands):
                *most, last = (c[len(stem) + 1:] for c in commands)
                line = f"{group}: {stem} followed by {', '.join(most)} or {last}"
            else:
                line = f"{group}: " + ", ".join(commands)
            items.append(_Hanging("", Text(line, style="dim"), indent=2))
    return Group(*items)


def print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_reply(reply: Reply, console: Console | None = None, as_json: bool = False) -> None:
    if as_json:
        print_json(reply.to_dict())
        return
    from rich.console import Console
    (console or Console()).print(renderable(reply))


def read_upload(path: str) -> Upload:
    """A letter's file (or ``-``: standard input) as an upload, read into memory only; a file that
    is too big is refused before it is read, and one that can't be opened says why."""
    try:
        if path == "-":
            return Upload(sys.stdin.buffer.read(MAX_BYTES + 1))
        file = Path(path).expanduser()
        problem = too_big(file.stat().st_size)
        if problem:
            return Upload(problem=problem)
        return Upload(file.read_bytes())
    except IsADirectoryError:
        return Upload(problem=f"{path} is a folder. Give the path of the letter's file itself.")
    except OSError as exc:
        return Upload(problem=f"I can't open {path}: {(exc.strerror or str(exc)).lower()}. Check the path "
                              "and try again.")


def print_document_text(upload: Upload) -> int:
    """``shortlist review FILE --text``: exactly the text a review of the file reads."""
    try:
        if upload.problem:
            raise UnreadableDocument(upload.problem)
        text = read_document(upload.data or b"").text
    except UnreadableDocument as exc:
        print(f"shortlist: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(clean(text) + "\n")
    return 0


def path_given(pasted: str) -> Path | None:
    """A paste that is only the path of an existing file (typed, or dropped into the terminal,
    which may quote it or escape its spaces)."""
    lines = [line for line in pasted.splitlines() if line.strip()]
    if len(lines) != 1 or len(lines[0]) > 1024:
        return None
    try:
        words = shlex.split(lines[0])
    except ValueError:
        return None
    if len(words) != 1:
        return None
    candidate = Path(words[0]).expanduser()
    try:
        return candidate if candidate.is_file() else None
    except OSError:
        return None


LETTER_END = "."
# What a command's paste is, when it isn't a letter (the reviewer queue's messages; /mod import's YAML).
PASTE_PROMPTS = {"queue": "your feedback for the member (up to 4,000 characters; it reaches only them)",
                 "my-request": "your answer to the reviewer (once: thanks, or one follow-up question)"}
CANCELLED = "\x00cancelled"  # what a Ctrl-C during a paste reads as (no pasted text can hold a NUL here)
WELCOME = ("Shortlist: cover-letter guides and private reviews. Type /help for commands, "
           "/review to paste a letter, /quit (or Ctrl-D) to leave.")


class _Input:
    """Line input: prompt_toolkit's editing and history on a terminal, plain lines when piped."""

    def __init__(self, history_file, terminal: dict | None = None):
        """``terminal``: prompt_toolkit ``input``/``output`` to use instead of the real ones (tests)."""
        self.interactive = terminal is not None or (sys.stdin.isatty() and sys.stdout.isatty())
        if self.interactive:
            from prompt_toolkit import PromptSession
            from prompt_toolkit.history import FileHistory
            history_file.parent.mkdir(parents=True, exist_ok=True)
            self._commands = PromptSession(history=FileHistory(str(history_file)), **(terminal or {}))
            # A letter is personal: it gets a session with no history file.
            self._letter = PromptSession(**(terminal or {}))

    async def command(self) -> str | None:
        # As in a shell: Ctrl-C drops the line being typed, Ctrl-D leaves.
        return await self._read(self._commands if self.interactive else None, "shortlist> ", "")

    async def letter_line(self) -> str | None:
        # During a paste, Ctrl-C cancels it: nothing is reviewed.
        return await self._read(self._letter if self.interactive else None, "", CANCELLED)

    @staticmethod
    async def _read(session, prompt: str, on_interrupt: str) -> str | None:
        try:
            if session is not None:
                try:
                    return await session.prompt_async(prompt)
                except KeyboardInterrupt:
                    return on_interrupt
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
        # A terminal paste can bring several lines at once.
        parts = chunk.split("\n")
        if LETTER_END in (p.strip() for p in parts):
            lines += parts[:[p.strip() for p in parts].index(LETTER_END)]
            break
        lines += parts
    return "\n".join(lines)


async def chat(core, context: dict, history_file, console: Console | None = None, terminal: dict | None = None) -> int:
    from rich.console import Console
    from rich.text import Text
    console = console or Console()
    source = _Input(history_file, terminal)
    if source.interactive:
        console.print(Text(WELCOME, style="bold"))
    while True:
        line = await source.command()
        if line is None or line.strip() in ("/quit", "/exit", "quit", "exit"):
            return 0
        if not line.strip():
            continue
        request = core.parse(line if line.lstrip().startswith("/") else "/" + line.strip(), **context)
        if core.wants_paste(request):
            advert = None
            if request.command == "review":
                pasted = await read_paste(source, console, "your letter (or the path of its file: PDF, Word, "
                                          "OpenDocument, Markdown or text)",
                                          "It is reviewed privately and its text is not stored.")
                if pasted is not None and request.arg("advert"):
                    advert = await read_paste(source, console, "the job advert",
                                              "It is read for this review only and not stored.")
                    if advert is None:
                        pasted = None
            else:
                prompt = PASTE_PROMPTS.get(request.command, "the YAML from /mod export")
                pasted = await read_paste(source, console, prompt)
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
