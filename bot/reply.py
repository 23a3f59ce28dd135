"""The platform-neutral reply document every command returns.

Text given as ``str`` is our own (light markdown: **bold**, _italic_, `code`).
Text that came from a member or a moderator (letter quotes, community FAQ
entries) is wrapped in ``UserText`` so that every renderer escapes it for its
platform: nothing a member pastes may ping anyone or break formatting.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

# Text that would ping many people at once on some platform (everyone, here, a channel, a role, a user
# group). Escaping stops a member's words pinging where they are shown; text others will post again, such as
# an FAQ answer or a letter for reviewers, is refused outright if it holds one.
MASS_MENTION = re.compile(r"@(everyone|here|channel)\b|<!(channel|here|everyone)\b|<@&\d+>|<!subteam\^", re.I)


@dataclass(frozen=True)
class UserText:
    """Words a member typed, echoed back: every platform escapes them, so they can never ping anyone or
    break the formatting around them."""
    text: str


@dataclass(frozen=True)
class ChannelRef:
    """A channel of the community, which each platform shows as a link (never a ping)."""
    id: str

    @property
    def text(self) -> str:
        return f"#{self.id}"


Inline = str | UserText | ChannelRef
Rich = tuple[Inline, ...]
# What a reply is: renderers style each kind, the CLI's exit status reads it, and errors and refusals are
# always answered privately.
ReplyKind = Literal["info", "guide", "review", "error", "refusal", "confirm"]


def plural(n: int, word: str, many: str | None = None) -> str:
    """"1 review", "3 reviews", "2 entries": wording members read, not "review(s)"."""
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def and_joined(parts: Sequence[str]) -> str:
    """"a, b and c": a list as a sentence says it."""
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)


def rich(*parts: Inline) -> Rich:
    return tuple(p for p in parts if p != "")


def as_rich(value: Inline | Rich) -> Rich:
    if isinstance(value, tuple):
        return value
    return (value,)


def plain(value: Inline | Rich) -> str:
    return "".join(p if isinstance(p, str) else p.text for p in as_rich(value))


@dataclass(frozen=True)
class Heading:
    """A short line over the blocks that follow it."""
    text: str


@dataclass(frozen=True)
class Paragraph:
    """Running text, which may mix the bot's own words with a member's (each a UserText, escaped where
    it is shown)."""
    text: Rich


@dataclass(frozen=True)
class Bullets:
    """A list, bulleted or numbered."""
    items: tuple[Rich, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Quote:
    """Words quoted from the member's own text (always escaped by renderers)."""
    text: str


@dataclass(frozen=True)
class Field:
    """One labelled value in a block of Fields (a Discord embed's field, a column of a Slack section)."""
    name: str
    value: str
    inline: bool = True


@dataclass(frozen=True)
class Fields:
    """Labelled values shown together."""
    fields: tuple[Field, ...]


Block = Heading | Paragraph | Bullets | Quote | Fields


@dataclass(frozen=True)
class Button:
    """A button that runs another command, e.g. ``/guide ml-engineer example``. Buttons of one
    ``group`` (say, "feedback") may be drawn together where buttons are only text (the terminal)."""

    label: str
    command: str
    group: str | None = None


@dataclass(frozen=True)
class Drawn:
    """A reply drawn for a platform (``Reply.draw``): the drawer's name, the reply's shape then, and the drawing."""
    drawer: str
    shape: tuple[Any, ...]
    value: Any


@dataclass
class Reply:
    """What a command answers (see the module's docstring); each platform renders it in its own idiom."""
    title: str
    blocks: list[Block] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)
    private: bool = False
    kind: ReplyKind = "info"
    data: dict[str, Any] | None = None  # machine-readable payload for scripts (e.g. a review)
    reason: str | None = None  # an error's or refusal's cause in a word, for scripts ("code", "cooldown")
    document: str | None = None  # a whole file the reply gives (an export), which scripts take as it is
    guide: str | None = None  # the guide whose content answers (a /faq answer's), counted per guide in /mod stats
    drawn: Drawn | None = field(default=None, compare=False, repr=False)  # see ``draw``

    # Builders keep command code short and readable.
    def heading(self, text: str) -> Reply:
        self.blocks.append(Heading(text))
        return self

    def para(self, *parts: Inline) -> Reply:
        self.blocks.append(Paragraph(rich(*parts)))
        return self

    def bullets(self, items: Iterable[Inline | Rich], numbered: bool = False) -> Reply:
        self.blocks.append(Bullets(tuple(as_rich(i) for i in items), numbered))
        return self

    def quote(self, text: str) -> Reply:
        self.blocks.append(Quote(text))
        return self

    def fields(self, pairs: Iterable[tuple[str, str]], inline: bool = True) -> Reply:
        self.blocks.append(Fields(tuple(Field(n, v, inline) for n, v in pairs)))
        return self

    def button(self, label: str, command: str, group: str | None = None) -> Reply:
        self.buttons.append(Button(label, command, group))
        return self

    def draw(self, drawer: str, draw: Callable[[Reply], Any]) -> None:
        """Draw the reply now, where it was made, for the platform that sends it: a review's, in the bot's worker
        process, so the event loop acknowledging everyone only sends what came back (``drawn_by``)."""
        self.drawn = Drawn(drawer, self._shape(), draw(self))

    def drawn_by(self, drawer: str) -> Any | None:
        """What ``draw`` drew with ``drawer``, if the reply is still as it was then (else None: draw it again, a
        note added since and all)."""
        drawn = self.drawn
        return drawn.value if drawn is not None and drawn.drawer == drawer and drawn.shape == self._shape() else None

    def _shape(self) -> tuple[Any, ...]:
        """All that a platform draws. Compared by identity first: after a pickle, the blocks are the same objects."""
        return self.title, self.kind, self.private, tuple(self.blocks), tuple(self.buttons)

    def fallback_text(self) -> str:
        """Plain text for notifications and clients that cannot show rich layouts."""
        lines = [self.title]
        for block in self.blocks:
            if isinstance(block, Heading):
                lines.append(block.text)
            elif isinstance(block, Paragraph):
                lines.append(plain(block.text))
            elif isinstance(block, Bullets):
                for n, item in enumerate(block.items, 1):
                    mark = f"{n}." if block.numbered else "-"
                    lines.append(f"{mark} {plain(item)}")
            elif isinstance(block, Quote):
                lines.append(f"> {block.text}")
            elif isinstance(block, Fields):
                lines.extend(f"{f.name}: {f.value}" for f in block.fields)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "kind": self.kind,
            "private": self.private,
            "blocks": [_block_dict(b) for b in self.blocks],
            "buttons": [{"label": b.label, "command": b.command, **({"group": b.group} if b.group else {})}
                        for b in self.buttons],
            "text": self.fallback_text(),
            **({"data": self.data} if self.data is not None else {}),
            **({"reason": self.reason} if self.reason else {}),
        }

    def error_dict(self) -> dict[str, Any]:
        """An error or refusal for scripts: its reason, and its explanation on one line."""
        # our own markup (`/guide`) is for chat; a script's one line is plain (a member's words stay as typed)
        said = " ".join("".join(p.replace("`", "") if isinstance(p, str) else p.text for p in as_rich(b.text))
                        for b in self.blocks if isinstance(b, Paragraph)) or self.title
        return {"error": {"reason": self.reason or self.kind, "message": " ".join(said.split())}}


def _rich_dict(value: Rich) -> list[str | dict[str, str]]:
    return [{"user": p.text} if isinstance(p, UserText) else {"channel": p.id} if isinstance(p, ChannelRef) else p
            for p in value]


def _block_dict(block: Block) -> dict[str, Any]:
    if isinstance(block, Heading):
        return {"type": "heading", "text": block.text}
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "text": _rich_dict(block.text)}
    if isinstance(block, Bullets):
        return {"type": "bullets", "numbered": block.numbered,
                "items": [_rich_dict(i) for i in block.items]}
    if isinstance(block, Quote):
        return {"type": "quote", "text": block.text}
    return {"type": "fields",
            "fields": [{"name": f.name, "value": f.value, "inline": f.inline} for f in block.fields]}
