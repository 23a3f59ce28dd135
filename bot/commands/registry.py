"""Command metadata and the registry every adapter reads (help, Discord and Slack definitions)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Awaitable, Callable


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    choices: tuple[str, ...] = ()
    rest: bool = False  # in typed text, takes the rest of the line
    option: bool = True  # offered as an option on Discord and Slack (False: reached by a button)


@dataclass(frozen=True)
class Command:
    name: str
    summary: str
    example: str
    handler: Callable[..., Awaitable]
    params: tuple[Param, ...] = ()
    private: bool = False  # always answered privately (reviews, history)
    takes_text: bool = False  # expects pasted text, e.g. a letter
    bind: Callable | None = None  # custom parser from typed words to named args
    recorded: bool = True  # False for /forget: erasing must not leave a fresh trace
    moderator: bool = False  # moderators and admins only; platforms hide it from members by default

    @property
    def usage(self) -> str:
        return " ".join([f"/{self.name}", *(f"[{p.name}]" for p in self.params)])


COMMANDS: dict[str, Command] = {}


def command(name: str, summary: str, example: str, params=(), **options):
    def register(handler):
        COMMANDS[name] = Command(name, summary, example, handler, tuple(params), **options)
        return handler
    return register


def bind_positional(cmd: Command, words: list[str], core) -> dict[str, str]:
    """Default binding: one word a parameter, the last ``rest`` parameter takes what is left."""
    args, words = {}, list(words)
    for param in cmd.params:
        if not words:
            break
        if param.rest:
            args[param.name] = " ".join(words)
            words = []
        else:
            args[param.name] = words.pop(0)
    return args
