"""The reviewer queue on Discord: each request a thread in the reviewers' channel, with Claim, Release
and Reply buttons; an *Ask a reviewer* modal (a note, and a box to show one's name); the feedback as a
direct message, or a private note the next time the member uses the bot when their DMs are closed.

What to post at each step is the core's (``queue_event``), in the order ``QueuePosting`` shares with
Slack; this module only draws it the Discord way.
"""
from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, Literal

import discord

from bot.commands.reviewers.events import PASTE_BOXES, QueueEvent, undelivered
from bot.reply import Reply
from bot.reviewers import NOTE_MAX

from ..markup import trim
from ..queue_posting import QueuePosting
from .render import CUSTOM_ID_LIMIT, render

if TYPE_CHECKING:
    from .bot import ShortlistDiscord

log = logging.getLogger("shortlist.discord")
NONE = discord.AllowedMentions.none()
ASK_MODAL = "sl-ask"
PASTE_PREFIX = "sl-paste:"  # sl-paste:<community, when sent from a DM>:<command line>
NOTE_FIELD, NAME_FIELD, TEXT_FIELD = "note", "show-name", "text"
THREAD_ARCHIVE_MINUTES: Literal[10080] = 10080  # a week: a request's thread stays open while it can be claimed


class GuildButton(discord.ui.DynamicItem[discord.ui.Button], template=r"sl@(?P<guild>\d+):(?P<command>.+)"):
    """A command button in a direct message: it carries the server it belongs to, since a DM has none."""

    def __init__(self, label: str, command: str, guild: str):
        super().__init__(discord.ui.Button(label=trim(label, 80), style=discord.ButtonStyle.secondary,
                                           custom_id=f"sl@{guild}:{command}"))
        self.command, self.guild = command, guild

    @classmethod
    async def from_custom_id(cls, interaction, item, match, /):
        return cls(item.label or "", match["command"], match["guild"])

    async def callback(self, interaction: discord.Interaction) -> None:
        bridge = interaction.client.bridge  # type: ignore[attr-defined]
        await bridge.press(interaction, self.command, community=self.guild)


class AskModal(discord.ui.Modal):
    """*Ask a reviewer*: an optional note, and whether reviewers may see the member's name (they don't by
    default). Submitted statelessly (``on_interaction``), like the review box."""

    def __init__(self) -> None:
        super().__init__(title="Ask a reviewer to read your letter", timeout=900, custom_id=ASK_MODAL)
        self.add_item(discord.ui.Label(
            text="A note for the reviewer (optional)",
            description="What you'd like them to look at. Your letter and its review go with it.",
            component=discord.ui.TextInput(custom_id=NOTE_FIELD, style=discord.TextStyle.paragraph, required=False,
                                           max_length=NOTE_MAX, placeholder="I'm switching from teaching; is my "
                                                                            "opening clear?")))
        self.add_item(discord.ui.Label(
            text="Show my name to the reviewer",
            description="Leave unticked to stay anonymous: reviewers then see \u201ca member\u201d.",
            component=discord.ui.Checkbox(custom_id=NAME_FIELD)))


class PasteModal(discord.ui.Modal):
    """The box for a command's text: a reviewer's feedback, a member's answer."""

    def __init__(self, line: str, label: str, limit: int, community: str | None = None):
        custom_id = f"{PASTE_PREFIX}{community or ''}:{line}"
        super().__init__(title=trim(label, 45), timeout=900, custom_id=custom_id[:CUSTOM_ID_LIMIT])
        self.add_item(discord.ui.TextInput(label=trim(label, 45), custom_id=TEXT_FIELD,
                                           style=discord.TextStyle.paragraph, max_length=limit))


def paste_box(core, request) -> tuple[str, int] | None:
    """The box to open for a button whose command reads text (``/queue reply 3``), or None."""
    if request.command in PASTE_BOXES and core.wants_paste(request):
        return PASTE_BOXES[request.command]
    return None


class QueuePoster(QueuePosting):
    """Posts each step of a request where Discord users see it: the reviewers' thread, the member's DMs. A
    place is "<thread id> <id of each message holding member text>"."""

    platform = "discord"
    failures = (discord.HTTPException, OSError)

    def __init__(self, client: ShortlistDiscord):
        super().__init__(client.core)
        self.client = client

    async def open_thread(self, community: str, event: QueueEvent) -> str | None:
        if not event.channel or not event.channel.isdigit() or event.for_reviewers is None:
            return None
        http = self.client.http
        starter = await self.client.get_partial_messageable(int(event.channel)).send(
            content=event.headline, allowed_mentions=NONE)
        thread = await http.start_thread_with_message(int(event.channel), starter.id, name=f"Request #{event.found.id}",
                                                      auto_archive_duration=THREAD_ARCHIVE_MINUTES)
        thread_id = str(thread["id"])  # the place: the thread, and the messages holding the letter
        return " ".join([thread_id, *await self.post_in_thread(thread_id, event.for_reviewers)])

    async def post_in_thread(self, place: str, reply: Reply) -> list[str]:
        channel = self.client.get_partial_messageable(int(place.split()[0]))
        return [str((await _send(channel, page.embeds, page.view)).id) for page in render(reply)]

    async def delete(self, place: str, messages: list[str]) -> None:
        """The bot's own messages, so no permission is needed to delete them."""
        for message in messages:
            with contextlib.suppress(discord.NotFound):  # already gone (a moderator tidied the thread)
                await self.client.http.delete_message(int(place.split()[0]), int(message))

    def letters(self, place: str) -> list[str]:
        return place.split()[1:]

    async def direct_message(self, user: str, reply: Reply, community: str) -> bool:
        """False when the member's DMs are closed (the note then waits for their next command)."""
        try:
            channel = await self.client.create_dm(discord.Object(id=int(user)))
            for page in render(reply):
                await _send(channel, page.embeds, dm_view(reply, community))
        except discord.Forbidden:
            log.info("reviewer queue: a member's DMs are closed; their note waits for their next command")
            return False
        return True

    async def pending_for(self, community: str, user: str) -> list[Reply]:
        """What the member couldn't be sent by DM, to show them privately now."""
        if not (await self.core.settings(community)).has_reviewers:
            return []
        return await undelivered(self.core, community, user)


async def _send(channel: discord.abc.Messageable, embeds: list[discord.Embed],
                view: discord.ui.View | None) -> discord.Message:
    if view is None:
        return await channel.send(embeds=embeds, allowed_mentions=NONE)
    return await channel.send(embeds=embeds, allowed_mentions=NONE, view=view)


def dm_view(reply: Reply, community: str) -> discord.ui.View | None:
    """The reply's buttons, each carrying its server, for a direct message."""
    usable = [b for b in reply.buttons if len(f"sl@{community}:{b.command}") <= CUSTOM_ID_LIMIT][:25]
    if not usable:
        return None
    view = discord.ui.View(timeout=None)
    for b in usable:
        view.add_item(GuildButton(b.label, b.command, community))
    return view
