"""Command metadata and the registry every adapter reads (help, Discord and Slack definitions)."""
from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core import Shortlist
    from ..reply import Reply
    from ..request import Request

Handler = Callable[["Shortlist", "Request"], Awaitable["Reply"]]
Keep = Callable[["Shortlist", str], "str | None"]  # what history may keep of a value: see Param.keep
Binder = Callable[["Command", "Words", "Shortlist"], dict[str, str]]  # typed words to named arguments


@dataclass(frozen=True)
class Param:
    """One of a command's arguments."""
    name: str
    description: str
    choices: tuple[str, ...] = ()
    rest: bool = False  # in typed text, takes the rest of the line
    option: bool = True  # offered as an option on Discord and Slack (False: reached by a button)
    # What history may keep of the value: ``keep(core, value)`` returns a known token (a guide id, a
    # command name) or None. Without it only a listed choice is kept: a member's free text (a
    # question, a role that is really a pasted letter, a moderator's FAQ answer) never is.
    keep: Keep | None = None

    def kept(self, core: Shortlist, value: str) -> str | None:
        if self.keep is not None:
            return self.keep(core, value)
        return value.lower() if value.lower() in self.choices else None


@dataclass(frozen=True)
class Command:
    """A command: what `/help` and the platforms show of it, and the handler that answers it."""
    name: str
    summary: str
    example: str
    handler: Handler
    params: tuple[Param, ...] = ()
    private: bool = False  # always answered privately (reviews, history)
    takes_text: bool = False  # always expects pasted text, e.g. a letter (platforms open a paste box)
    pastes_when: Callable[[Request], bool] | None = None  # reads pasted text only for some uses, e.g. /mod import
    bind: Binder | None = None  # custom parser from typed words to named args
    # False for /forget: erasing must not leave a fresh trace; or a test of the request (/mod erase)
    recorded: bool | Callable[[Request], bool] = True
    record_args: bool = True  # False for /feedback: a mark must not be traceable to its member
    moderator: bool = False  # moderators and admins only; platforms hide it from members by default

    def records(self, request: Request) -> bool:
        """Whether this use of the command joins the community's history."""
        return self.recorded(request) if callable(self.recorded) else self.recorded

    @property
    def usage(self) -> str:
        return " ".join([f"/{self.name}", *(f"[{p.name}]" for p in self.params)])


COMMANDS: dict[str, Command] = {}  # in the order `/help` and the platforms list them: see ``register``
_DECLARED: dict[str, Command] = {}


def command(name: str, summary: str, example: str, params: tuple[Param, ...] = (), *, private: bool = False,
            takes_text: bool = False, pastes_when: Callable[[Request], bool] | None = None,
            bind: Binder | None = None, recorded: bool | Callable[[Request], bool] = True, record_args: bool = True,
            moderator: bool = False) -> Callable[[Handler], Handler]:
    """Declare a command (see ``Command`` for what each option means); ``register`` orders them."""
    def declare(handler: Handler) -> Handler:
        _DECLARED[name] = Command(name, summary, example, handler, params, private=private, takes_text=takes_text,
                                  pastes_when=pastes_when, bind=bind, recorded=recorded, record_args=record_args,
                                  moderator=moderator)
        return handler
    return declare


def register(order: tuple[str, ...]) -> None:
    """Fill ``COMMANDS`` with every declared command, in ``order`` (not in the order modules were imported)."""
    if set(order) != set(_DECLARED) or len(order) != len(_DECLARED):
        raise RuntimeError(f"the command order {order} must name each of {sorted(_DECLARED)} once")
    COMMANDS.clear()
    COMMANDS.update((name, _DECLARED[name]) for name in order)


def guide_id(core: Shortlist, value: str) -> str | None:
    """A role as history keeps it: the guide it names, or nothing when it names none."""
    guide = core.library.find(value).guide
    return guide.id if guide else None


def role_param(description: str = "Role, e.g. ml-engineer", *, rest: bool = False) -> Param:
    """The role a command is about: kept in history only as the guide it names, so a letter pasted where a
    role goes is never stored."""
    return Param("role", description, rest=rest, keep=guide_id)


def recordable_args(cmd: Command, args: dict[str, str], core: Shortlist) -> dict[str, str]:
    """The arguments history may keep: only what each parameter recognises (see ``Param.keep``)."""
    if not cmd.record_args:
        return {}
    params = {p.name: p for p in cmd.params}
    kept: dict[str, str] = {}
    for name, value in args.items():
        token = params[name].kept(core, value.strip()) if name in params and value.strip() else None
        if token:
            kept[name] = token
    return kept


class Words(list[str]):
    """The typed words after the command, remembering the text each one starts, so that a
    parameter taking the rest of the line keeps its line breaks (a pasted FAQ answer, say)."""

    def __init__(self, line: str):
        matches = list(re.finditer(r"\S+", line))
        super().__init__(m.group() for m in matches)
        self._line, self._starts = line, [m.start() for m in matches]

    def rest_from(self, index: int) -> str:
        return self._line[self._starts[index]:].strip() if index < len(self) else ""


def bind_positional(cmd: Command, words: Words, core: Shortlist) -> dict[str, str]:
    """Default binding: one word a parameter, the last ``rest`` parameter takes what is left."""
    args: dict[str, str] = {}
    used = 0
    for param in cmd.params:
        if used >= len(words):
            break
        if param.rest:
            args[param.name] = words.rest_from(used)
            used = len(words)
        else:
            args[param.name] = words[used]
            used += 1
    return args
