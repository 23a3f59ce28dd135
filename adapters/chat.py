"""The interactive chat at the terminal: reads commands and pastes, hands them to the core, prints replies."""
from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.commands import COMMANDS
from bot.request import Context

from .paths import document_path_line, dropped_document, letter_started, path_given, plain_question, read_upload
from .terminal import renderable

if TYPE_CHECKING:
    from prompt_toolkit import PromptSession
    from rich.console import Console

    from bot.core import Shortlist
    from bot.reply import Reply

    from .chat_history import CommandHistory

LETTER_END = "."
# What a command's paste is, when it isn't a letter (the reviewer queue's messages; /mod import's YAML).
PASTE_PROMPTS = {"queue": "your feedback for the member (up to 4,000 characters; it reaches only them)",
                 "my-request": "your answer to the reviewer (once: thanks, or one follow-up question)",
                 "guide": "the guide's YAML (from /mod guide export, or a file you wrote)"}  # /mod guide import
QUIT = ("/quit", "/exit", "quit", "exit")
CANCELLED = "\x00cancelled"  # what a Ctrl-C during a paste reads as (no pasted text can hold a NUL here)
# A paste whose first line is one of our commands: the member changed their mind (trial 13 F39), so the paste
# stops and the command runs, rather than reviewing "/guide ux" as a two-word letter.
COMMAND_TYPED = "\x00command:"
WELCOME = ("Shortlist: cover-letter guides and private reviews. Type /help for commands, "
           "/review to paste a letter, /quit (or Ctrl-D) to leave.")


class _Input:
    """Line input: prompt_toolkit's editing and history on a terminal, plain lines when piped."""

    def __init__(self, history_file, terminal: dict | None = None):
        """``terminal``: prompt_toolkit ``input``/``output`` to use instead of the real ones (tests)."""
        self.interactive = terminal is not None or (sys.stdin.isatty() and sys.stdout.isatty())
        self._commands: PromptSession[str] | None = None
        self._letter: PromptSession[str] | None = None
        self.history: CommandHistory | None = None
        if self.interactive:
            from prompt_toolkit import PromptSession

            from .chat_history import CommandHistory
            history_file.parent.mkdir(parents=True, exist_ok=True)
            self.history = CommandHistory(str(history_file))  # commands only: a letter at the prompt isn't kept
            self._commands = PromptSession(history=self.history, **(terminal or {}))
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


async def read_paste(source: _Input, console: Console, what: str, note: str = "", ask: str = "") -> str | None:
    """``ask``: what to say in place of "Paste ``what``, then ..." (a letter already pasted at the prompt)."""
    from rich.text import Text
    console.print(Text((ask or f"Paste {what}, then a line with only a full stop (.) to finish (or Ctrl-D).") +
                       f" Ctrl-C cancels. {note}".rstrip(), style="dim"))
    lines: list[str] = []
    while True:
        chunk = await source.letter_line()
        if chunk == CANCELLED:
            return None
        if chunk is None:
            break
        if chunk.strip() in QUIT[:2] or not lines and chunk.strip() in QUIT:  # they want out (trial 6): no letter
            return QUIT[0]
        if not lines and typed_command(chunk):
            return COMMAND_TYPED + chunk.strip()
        if not lines and (document_path_line(chunk.strip()) or path_given(chunk) is not None):
            return chunk.strip()  # a file's path (a photo or an old .doc too): read at once, no "." line to wait for
        # A terminal paste can bring several lines at once.
        parts = chunk.split("\n")
        if LETTER_END in (p.strip() for p in parts):
            lines += parts[:[p.strip() for p in parts].index(LETTER_END)]
            break
        lines += parts
    return "\n".join(lines)


def typed_command(line: str) -> bool:
    """A line that is one of our commands, slash and all: "/guide ux", not a letter's "/ 2"."""
    word = line.strip().split(maxsplit=1)[0] if line.strip() else ""
    return word.startswith("/") and word[1:].lower() in COMMANDS


async def _skip_pastes(source: _Input, first: str, pastes: int) -> str | None:
    """Reads past ``pastes`` pastes, each ended by a "." line, the first begun by ``first``. Returns /quit if the
    member left on the way, or a command typed where a later paste would begin (to run next)."""
    line: str | None = first
    while True:
        if line is None or line.strip() in QUIT[:2]:
            return QUIT[0]
        if line == CANCELLED:
            return None
        if line.strip() == LETTER_END:
            pastes -= 1
            if not pastes:
                return None
            line = await source.letter_line()
            if line is not None and typed_command(line):
                return line
            continue
        line = await source.letter_line()


PARAGRAPH_WORDS = 30  # a line this long that isn't a command or a question is a letter's paragraph


def _paragraph(line: str) -> bool:
    words = line.split()
    return (len(words) >= PARAGRAPH_WORDS and not line.lstrip().startswith("/") and not line.rstrip().endswith("?")
            and words[0].lower() not in COMMANDS)


def _interrupted(paste: str | None) -> bool:
    return paste is not None and paste.startswith(COMMAND_TYPED)


async def chat(core: Shortlist, context: Context, history_file: Path, console: Console | None = None,
               terminal: dict[str, Any] | None = None) -> int:
    from rich.console import Console
    from rich.text import Text
    console = console or Console()
    source = _Input(history_file, terminal)
    if source.interactive:
        console.print(Text(WELCOME, style="bold"))
    asked: Reply | None = None  # the question just put ("Erase your Shortlist data here?"): yes or no answers it
    typed: str | None = None  # a command typed where a paste was expected, run next
    refused = 0  # pastes a refused /review asked for (1, or 2 with its advert): skipped whole if they come anyway
    while True:
        line, typed = (typed, None) if typed is not None else (await source.command(), None)
        if line is None or line.strip() in QUIT:
            return 0
        pastes, refused = refused, 0
        if pastes and not line.lstrip().startswith("/") and line.strip() != LETTER_END:
            # The letter (and advert) a refused /review asked for: one reply, not a "no command called" for each
            # of the advert's lines, nor a review of the letter without its advert (trial 14 F19)
            typed = await _skip_pastes(source, line, pastes)
            if typed == QUIT[0]:
                return 0
            console.print(Text("I didn't review that: the role above isn't one I have a guide for, so nothing was "
                               "sent or kept. Type /review with one of the guides above (or /review on its own for "
                               "the general guide), then paste it again.", style="bold"), end="\n\n")
            continue
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
        # the letter itself, likewise, or a paragraph of it on one line (trial 15 F14: "no command called “i”")
        pasted_first = line if dropped is None and (letter_started(line) or _paragraph(line)) else None
        if dropped is not None:
            request = replace(core.parse("/review", context), upload=read_upload(str(dropped)))
        elif pasted_first is not None:
            request = core.parse("/review", context)
        elif plain_question(line, COMMANDS):  # "how long should my cover letter be?" typed without a slash: a /faq
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
                    refused = 1 + bool(request.arg("advert")) if pasted_first is None else 0
                    continue
                pasted: str | None
                ends = [p.strip() for p in (pasted_first or "").split("\n")]
                if LETTER_END in ends:  # the whole letter came in one paste, its "." line too
                    pasted = "\n".join((pasted_first or "").split("\n")[:ends.index(LETTER_END)])
                elif pasted_first is not None:
                    # the whole letter may be in already: "Paste the rest" read as though some were missing (trial
                    # 16 F37, a bracketed paste of a whole letter)
                    rest = await read_paste(source, console, "the rest of your letter", "That looks like a letter, "
                                            "so I'll review it. It is reviewed privately and its text is not stored.",
                                            "End the letter with a line holding only a full stop (.), or Ctrl-D; "
                                            "paste any of it still to come first.")
                    pasted = rest if rest in (None, QUIT[0]) or _interrupted(rest) else pasted_first + "\n" + rest
                else:
                    pasted = await read_paste(source, console, "your letter",
                                              "Or type the path of its file (PDF, Word, OpenDocument, Markdown or "
                                              "text) on its own. It is reviewed privately and its text is not stored.")
                if pasted not in (None, QUIT[0]) and not _interrupted(pasted) and request.arg("advert"):
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
            command = next((p for p in (pasted, advert) if _interrupted(p)), None)
            if command is not None:
                typed = command.removeprefix(COMMAND_TYPED)
                console.print(Text(f"That's a command, so I stopped waiting for the paste: nothing was sent. "
                                   f"Running {typed.split()[0]} now.", style="dim"))
                continue
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
        console.print(renderable(reply), crop=False)  # an export's lines stay whole
        if request.command == "forget" and (request.arg("confirm") or "").lower() == "confirm" and source.history:
            # erased when the member confirmed, as /forget itself decides (not by the reply's wording)
            source.history.erase()  # the commands typed at this terminal are data about the member too
            console.print(Text("The commands kept for the arrow keys at this terminal are erased too.", style="dim"))
        console.print()
        asked = reply if reply.kind == "confirm" and reply.buttons else None

