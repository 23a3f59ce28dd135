"""What an adapter hands the core: who asked, where, and for what."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from itertools import chain
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the document reader loads with the first file read, not with every command
    from .documents import Upload


class Privilege(StrEnum):
    MEMBER = "member"
    MODERATOR = "moderator"
    ADMIN = "admin"

    @property
    def can_moderate(self) -> bool:
        return self is not Privilege.MEMBER


def clean_text(text: str) -> str:
    """Text any Python str can hold but UTF-8 can't: unpaired surrogates (a letter cut mid-emoji by a
    platform, a terminal argument holding invalid UTF-8) become U+FFFD, so storage, rendering and
    printing never meet them. Well-formed text comes back unchanged (the very same object)."""
    if _valid(text):
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _valid(text: str) -> bool:
    if text.isascii():  # CPython knows this without reading the text
        return True
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _clean(value: object) -> object:
    """``value`` with its text made valid; the very same object when it already was (nearly always: a
    request is built several times a command, so the common case is checked in one go, without copying)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        try:  # every key and value text (else join refuses), and all of it valid: one pass in C
            if _valid("".join(chain.from_iterable(value.items()))):
                return value
        except TypeError:
            pass
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(_clean(v) for v in value)
    return value


def _all_valid(values: Iterable[object]) -> bool:
    """Whether every text among ``values``, and in their dicts and tuples, is valid already: what ``_clean``
    would leave as it is, told with one join and one check instead of a call for each field (a Discord
    interaction's request was 16)."""
    texts: list[object] = []
    for value in values:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            texts.extend(chain.from_iterable(value.items()))
        elif isinstance(value, tuple):
            texts.extend(value)
    try:
        return _valid("".join(texts))  # type: ignore[arg-type]  # anything but text: TypeError, below
    except TypeError:  # a dict or tuple holding more than text: ``_clean`` goes through it
        return False


@dataclass(frozen=True, kw_only=True)
class Context:
    """Who is asking, and where: what an adapter works out from its platform's event, once, for every
    request that event makes."""

    platform: str = "terminal"
    community_id: str = "local"
    channel_id: str = "local"
    user_id: str = "local"
    user_name: str | None = None  # how the platform names the member, shown only where they choose (reviewers)
    privilege: Privilege = Privilege.MEMBER
    roles: tuple[str, ...] = ()  # the member's platform roles (Discord), for community moderator roles
    typed_as: Mapping[str, str] = field(default_factory=dict)  # how a command is typed here, if not /name
    buttons: bool = True  # the member's app shows a reply's buttons (the terminal prints their commands)

    def typed(self, command: str) -> str:
        """``/history`` as a member types it on this platform (Slack: ``/shortlist history``)."""
        return self.typed_as.get(command, f"/{command}")

    def request(self, command: str, args: Mapping[str, str] | None = None, *, text: str | None = None,
                advert: str | None = None, private: bool = False, upload: Upload | None = None,
                advert_upload: Upload | None = None) -> Request:
        """A request made here; ``private``: the member asked for an answer only they can see."""
        here = {name: getattr(self, name) for name in _CONTEXT_FIELDS}
        return Request(command, dict(args or {}), text=text, advert=advert, private=private, upload=upload,
                       advert_upload=advert_upload, **here)


_CONTEXT_FIELDS = tuple(f.name for f in fields(Context))  # read once: every request copies them


@dataclass(frozen=True)
class Request(Context):
    """One command invocation, already parsed by the adapter, in its context (who asked, and where).

    ``args`` are named (Discord and Slack give options by name; the text parser
    binds positional words to names). ``text`` is pasted text, such as a letter.
    """

    command: str
    args: dict[str, str] = field(default_factory=dict)
    text: str | None = None
    advert: str | None = None  # the job advert a letter is for (/review), never stored
    private: bool = False  # the member asked for an answer only they can see
    upload: Upload | None = None  # a file the member shared instead of pasting (read in the core)
    advert_upload: Upload | None = None  # the job advert as a file (read in the core), never stored

    def __post_init__(self) -> None:
        # The one edge every platform passes through: whatever an adapter read, the core gets valid text.
        if _all_valid(self.__dict__.values()):  # nearly always: every field's text checked in one pass
            return
        for name in _REQUEST_FIELDS:
            value = getattr(self, name)
            cleaned = _clean(value)
            if cleaned is not value and cleaned != value:
                object.__setattr__(self, name, cleaned)

    def arg(self, name: str) -> str | None:
        value = self.args.get(name)
        if value is None:
            return None
        value = value.strip()
        return value or None


_REQUEST_FIELDS = tuple(f.name for f in fields(Request))  # read once, not for every request
LOCAL = Context()  # the terminal's own user, in the local community
