"""Replies as Discord embeds, paged to Discord's limits, with buttons that run commands."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import discord
from discord.utils import MISSING

from bot.reply import Fields, Reply

from ..markup import Dialect, markup, sections, trim
from ..rendered import Kept

DESCRIPTION_LIMIT = 4096
FIELDS_PER_EMBED = 25
MESSAGE_TOTAL = 6000  # characters over all embeds of one message
EMBEDS_PER_MESSAGE = 10
TITLE_LIMIT, FIELD_NAME_LIMIT, FIELD_VALUE_LIMIT = 256, 256, 1024
CUSTOM_ID_LIMIT = 100
BUTTON_PREFIX = "sl:"
COLOURS = {"review": 0x5865F2, "guide": 0x2D9C6A, "error": 0xD9534F, "refusal": 0xD9534F, "confirm": 0xE8A33D}

_MENTION = re.compile(r"@(?=[\w&!#])")


def escape(text: str) -> str:
    """Member text, shown as typed: no markdown, no mention of anyone (a zero-width space after @)."""
    return discord.utils.escape_markdown(_MENTION.sub("@\u200b", text.replace("<@", "<\u200b@")))


DIALECT = Dialect(bold=lambda t: f"**{t}**", italic=lambda t: f"_{t}_", code=lambda t: f"`{t}`", escape=escape)


@dataclass
class Page:
    embeds: list[discord.Embed] = field(default_factory=list)
    view: discord.ui.View | None = None

    @property
    def size(self) -> int:
        return sum(len(e) for e in self.embeds)


class CommandButton(discord.ui.DynamicItem[discord.ui.Button], template=r"sl:(?P<command>.+)"):
    """A button that runs a Shortlist command. Its custom id carries the command, so it keeps
    working after a restart and needs no per-message state."""

    def __init__(self, label: str, command: str):
        super().__init__(discord.ui.Button(label=trim(label, 80), style=discord.ButtonStyle.secondary,
                                           custom_id=BUTTON_PREFIX + command))
        self.command = command

    @classmethod
    async def from_custom_id(cls, interaction, item, match, /):
        return cls(item.label or "", match["command"])

    async def callback(self, interaction: discord.Interaction) -> None:
        from .bot import ShortlistDiscord  # the client's module imports this one
        client = interaction.client
        if isinstance(client, ShortlistDiscord):
            await client.bridge.press(interaction, self.command)


def _buttons(reply: Reply) -> discord.ui.View | None:
    usable = tuple((b.label, b.command) for b in reply.buttons
                   if len(BUTTON_PREFIX + b.command) <= CUSTOM_ID_LIMIT)[:25]
    return _view(usable) if usable else None


@functools.lru_cache(maxsize=256)
def _view(buttons: tuple[tuple[str, str], ...]) -> discord.ui.View:
    """The buttons, as a view made once for each set of them and stopped before it is ever sent. The client
    routes every press by its custom id (``add_dynamic_items`` in bot.py), so discord.py needn't keep a
    view for each message: a view still running is stored with its message, and a private one gets a
    15-minute timer task of its own. Building the view and its buttons was ~10% of the bot's processor
    time for a /guide under load."""
    view = discord.ui.View(timeout=None)
    for label, command in buttons:
        view.add_item(CommandButton(label, command))
    view.stop()
    return view


def _render(reply: Reply) -> list[Page]:
    """Embeds within every Discord limit. What doesn't fit one message continues on the next
    page, each cut piece ending with "…"; nothing is dropped."""
    colour = COLOURS.get(reply.kind, 0x4F545C)
    pages = [Page()]
    embed = discord.Embed(title=trim(reply.title, TITLE_LIMIT), colour=colour)
    description = ""

    def close_embed():
        nonlocal embed, description
        embed.description = description or None
        if len(embed) or embed.fields:
            if len(pages[-1].embeds) >= EMBEDS_PER_MESSAGE or pages[-1].size + len(embed) > MESSAGE_TOTAL - 100:
                pages.append(Page())
            pages[-1].embeds.append(embed)
        embed, description = discord.Embed(colour=colour), ""

    # Discord draws an embed's fields below its description, so fields start an embed of their own
    # and text after them starts the next: the reply reads in the order the core wrote it.
    for chunk in sections(reply, DIALECT, DESCRIPTION_LIMIT - 200):
        if isinstance(chunk, Fields):
            if description:
                close_embed()
            for f in chunk.fields:
                if len(embed.fields) >= FIELDS_PER_EMBED:
                    close_embed()
                embed.add_field(name=trim(f.name, FIELD_NAME_LIMIT),
                                value=trim(markup((f.value,), DIALECT), FIELD_VALUE_LIMIT), inline=f.inline)
            continue
        if embed.fields or len(description) + len(chunk) + 2 > DESCRIPTION_LIMIT - 100 or \
                len(embed) + len(description) + len(chunk) > MESSAGE_TOTAL - 300:
            close_embed()
        description += ("\n\n" if description else "") + chunk
    close_embed()
    pages = ([p for p in pages if p.embeds]
             or [Page([discord.Embed(title=trim(reply.title, TITLE_LIMIT), colour=colour)])])
    if len(pages) > 1:
        for n, page in enumerate(pages, 1):
            page.embeds[-1].set_footer(text=f"Page {n} of {len(pages)}")
    pages[-1].view = _buttons(reply)
    return pages


render = Kept(_render)  # a reply with no member text is rendered once (adapters/rendered.py)


def page_view(page: Page) -> discord.ui.View:
    """A page's buttons for discord.py's send, whose MISSING sends none."""
    return page.view if page.view is not None else MISSING
