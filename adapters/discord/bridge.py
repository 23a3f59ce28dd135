"""From a Discord interaction to the core and back: who asked (``context_of``), acknowledge in time,
send every page."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Iterable
from dataclasses import replace

import discord

from bot.commands import COMMANDS
from bot.commands.reviewers.events import queue_steps
from bot.core import Shortlist
from bot.documents import Attachment
from bot.errors import apology
from bot.reply import Reply
from bot.request import Context, Privilege, Request

from .. import files
from ..ack_first import AckFirst, drain
from .queue import AskModal, PasteModal, QueuePoster, paste_box
from .render import Page, page_view, render

log = logging.getLogger("shortlist.discord")
DEFER_AFTER = 0.5  # seconds: Discord allows 3; answer directly when the core is quicker than this
NONE = discord.AllowedMentions.none()


def privilege_of(interaction: discord.Interaction) -> Privilege:
    perms = interaction.permissions
    if perms.administrator:
        return Privilege.ADMIN
    if perms.manage_guild:
        return Privilege.MODERATOR
    return Privilege.MEMBER


def context_of(interaction: discord.Interaction) -> Context:
    return Context(
        platform="discord",
        community_id=str(interaction.guild_id) if interaction.guild_id else f"dm-{interaction.user.id}",
        channel_id=str(interaction.channel_id or "dm"),
        user_id=str(interaction.user.id),
        user_name=interaction.user.display_name,  # shown to reviewers only if the member asks for it
        privilege=privilege_of(interaction),
        roles=role_ids(interaction.user),
    )


def role_ids(user: discord.User | discord.Member) -> tuple[str, ...]:
    """The member's roles, as the ids the community's moderator and reviewer roles are named by (not
    @everyone). ``Member.roles`` reads them from the guild's cache, which the guilds intent keeps filled
    (GUILD_CREATE carries every role); a direct message has no member, so no roles."""
    if not isinstance(user, discord.Member):
        return ()
    # discord.py 2.4 lists the guild's default role as None while the guild isn't cached yet.
    return tuple(str(role.id) for role in user.roles if role is not None and not role.is_default())


class Bridge:
    """From an interaction to the core and back: acknowledge in time, send every page."""

    def __init__(self, core: Shortlist, defer_after: float = DEFER_AFTER):
        """``defer_after``: seconds a public command's answer may take before Discord is told to wait."""
        self.core = core
        self.defer_after = defer_after
        self.queue: QueuePoster | None = None  # the reviewer queue's posts, once the client exists
        self.acks = AckFirst()  # work after a first response waits while other interactions await theirs
        self.answering: set[asyncio.Task] = set()  # interactions being answered (a clean stop waits for them)

    def _track(self) -> None:
        """The current task answers an interaction until it ends: a clean stop waits for it (``drained``)."""
        task = asyncio.current_task()
        if task is not None and task not in self.answering:
            self.answering.add(task)
            task.add_done_callback(self.answering.discard)

    async def drained(self) -> None:
        """Return once the interactions being answered are (or DRAIN_SECONDS have passed): for a clean stop."""
        await drain(self.answering)

    def hold_advert(self, interaction: discord.Interaction, token: str, advert: discord.Attachment) -> None:
        """An advert file given with /review waits in the core (bounded, dropped on /forget) for the letter
        its modal asks for: as a reference to fetch, not its bytes."""
        context = context_of(interaction)
        self.core.pending_adverts.hold(token, context.community_id, context.user_id, _shared([advert]))

    def take_advert(self, interaction: discord.Interaction, token: str) -> list[tuple[Attachment, str]]:
        context = context_of(interaction)
        return self.core.pending_adverts.take(token, context.community_id, context.user_id) or []

    async def run(self, interaction: discord.Interaction, command: str, args: dict | None = None,
                  text: str | None = None, private: bool = False) -> None:
        request = context_of(interaction).request(
            command, {k: str(v) for k, v in (args or {}).items() if v is not None}, text=text, private=private)
        await self.answer(interaction, request)

    async def run_line(self, interaction: discord.Interaction, line: str, private: bool = True,
                       text: str | None = None, community: str | None = None) -> None:
        """``community``: the server a button in a direct message belongs to."""
        context = context_of(interaction)
        if community is not None:
            context = replace(context, community_id=community)
        request = self.core.parse(line, context, private=private)
        await self.answer(interaction, request if text is None else replace(request, text=text))

    async def press(self, interaction: discord.Interaction, line: str, community: str | None = None) -> None:
        """A command button: run it, or first open the box it needs (a note for a reviewer, feedback)."""
        request = self.core.parse(line, context_of(interaction))
        if request.command == "ask-reviewer" and not request.args:
            await interaction.response.send_modal(AskModal())
            return
        box = paste_box(self.core, request)
        if box is not None:
            await interaction.response.send_modal(PasteModal(line, *box, community=community))
            return
        await self.run_line(interaction, line, private=True, community=community)

    async def answer(self, interaction: discord.Interaction, request: Request) -> None:
        self._track()
        cmd = COMMANDS.get(request.command)
        rest: list[Page] = []
        work: asyncio.Future[Reply] | None = None
        with self.acks.acknowledging():  # until Discord has its first response
            if cmd is not None and cmd.private:
                # Reviews, history and forget wait on the database: acknowledge at once, privately, while
                # the core works.
                deferred = private = True
                work = asyncio.ensure_future(self.core.handle(request))
                await interaction.response.defer(ephemeral=True, thinking=True)
            else:
                private = request.private
                reply, deferred = await self._within(interaction, request, private)
                if not deferred:
                    rest = await self._send_first(interaction, reply)
        if work is not None:
            reply = await work
        # What follows the first response waits for the acknowledgements in progress (``AckFirst.turn``), and
        # only what there is: a one-page answer in a community without reviewers (most of a burst) has nothing
        # more to send, and waiting cost it a future, a timer and another step of its task.
        if deferred:
            await self.acks.turn()
            await self.send(interaction, reply, deferred=True, deferred_private=private)
        else:
            await self._send_rest(interaction, rest, reply.private)  # each page in its turn
        if self.queue is not None and (queue_steps(reply) or
                                       (await self.core.settings(request.community_id)).has_reviewers):
            await self.acks.turn()
            await self.queue.after(request.community_id, reply)
            for note in await self.queue.pending_for(request.community_id, request.user_id):
                await interaction.followup.send(embeds=render(note)[0].embeds, ephemeral=True,
                                                allowed_mentions=NONE)

    async def _within(self, interaction: discord.Interaction, request: Request, private: bool) -> tuple[Reply, bool]:
        """The core's reply, and whether Discord was told to wait for it ("thinking…"): only when it took
        longer than ``defer_after``. A timer, not a task for the core's work and a wait on it: in a burst of
        50 interactions, that task and wait were a twentieth of the event loop's time for each. (A command
        that slow is still counted as being acknowledged until it is answered: other follow-up work waits
        for it at most ``AckFirst.patience``.)"""
        deferring: Awaitable[object] | None = None

        def defer() -> None:
            nonlocal deferring
            deferring = asyncio.ensure_future(interaction.response.defer(ephemeral=private, thinking=True))
        timer = asyncio.get_running_loop().call_later(self.defer_after, defer)
        try:
            reply = await self.core.handle(request)
        finally:
            timer.cancel()
            if deferring is not None:
                await deferring
        return reply, deferring is not None

    async def run_with_file(self, interaction: discord.Interaction, command: str, args: dict,
                            document: discord.Attachment) -> None:
        """A command given a file (a YAML import): acknowledged privately first, since a download can
        take longer than Discord's three seconds."""
        self._track()
        await interaction.response.defer(ephemeral=True, thinking=True)
        upload = await files.fetch(_shared([document]))
        request = context_of(interaction).request(
            command, {k: str(v) for k, v in args.items() if v is not None}, upload=upload, private=True)
        await self.send(interaction, await self.core.handle(request), deferred=True, deferred_private=True)

    async def review_files(self, interaction: discord.Interaction, attachments: list[discord.Attachment],
                           role: str | None = None, advert: discord.Attachment | None = None) -> None:
        """A review of the first shared document: acknowledged privately first, since a download can
        take longer than Discord's three seconds."""
        await self.review(interaction, role, letter=_shared(attachments),
                          advert_file=_shared([advert] if advert else []))

    async def review(self, interaction: discord.Interaction, role: str | None, *, text: str | None = None,
                     letter=(), advert: str | None = None, advert_file=()) -> None:
        """A letter (pasted, or a file) and perhaps its advert (pasted, or a file): acknowledged
        privately first, then any file downloaded, then the review sent."""
        self._track()
        with self.acks.acknowledging():
            await interaction.response.defer(ephemeral=True, thinking=True)
        await self.acks.turn()
        upload = await files.fetch(list(letter)) if letter else None
        advert_upload = await files.fetch(list(advert_file)) if advert_file else None
        request = context_of(interaction).request("review", {"role": role} if role else {}, text=text, upload=upload,
                                                  advert=advert, advert_upload=advert_upload, private=True)
        reply = await self.core.handle(request)
        await self.acks.turn()
        await self.send(interaction, reply, deferred=True, deferred_private=True)

    async def send(self, interaction: discord.Interaction, reply: Reply, *, deferred: bool = False,
                   deferred_private: bool = False) -> None:
        await self._send_rest(interaction, await self._send_first(interaction, reply, deferred, deferred_private),
                              reply.private)

    async def _send_first(self, interaction: discord.Interaction, reply: Reply, deferred: bool = False,
                          deferred_private: bool = False) -> list[Page]:
        """The reply's first page (the interaction's response, or the follow-up to its "thinking…"); the rest."""
        pages = render(reply)
        ephemeral = reply.private
        first = pages[0]
        if not deferred:
            await interaction.response.send_message(embeds=first.embeds, ephemeral=ephemeral, allowed_mentions=NONE,
                                                    view=page_view(first))
        else:
            if ephemeral and not deferred_private:
                # A public "thinking…" can't become private: remove it and answer privately.
                await interaction.delete_original_response()
            await interaction.followup.send(embeds=first.embeds, ephemeral=ephemeral, allowed_mentions=NONE,
                                            view=page_view(first))
        return pages[1:]

    async def _send_rest(self, interaction: discord.Interaction, pages: list[Page], ephemeral: bool) -> None:
        for page in pages:
            await self.acks.turn()
            await interaction.followup.send(embeds=page.embeds, ephemeral=ephemeral, allowed_mentions=NONE,
                                            view=page_view(page))

    async def apologise(self, interaction: discord.Interaction, error: BaseException) -> None:
        reply = apology(log, "discord interaction", error)
        try:
            await self.send(interaction, reply, deferred=interaction.response.is_done(), deferred_private=True)
        except discord.HTTPException:
            log.warning("could not deliver the apology: %s", reply.fallback_text())


def _shared(attachments: Iterable[discord.Attachment]) -> list[tuple[Attachment, str]]:
    return [(Attachment(a.filename, a.size, a.content_type), a.url) for a in attachments]
