"""The Discord client: every core command as a slash command, plus the review modal, the
"Review cover letter" message menu and command buttons. Thin: the core does the work."""
from __future__ import annotations

import asyncio
import inspect
import logging
import secrets
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import discord
from discord import app_commands

from bot import suggest
from bot.commands import COMMANDS, Command
from bot.commands.reviewers import PASTE_BOXES
from bot.core import Shortlist
from bot.documents import Attachment
from bot.errors import apology
from bot.reply import Reply
from bot.request import Context, Privilege, Request

from .. import files
from .queue import (
    ASK_MODAL,
    NAME_FIELD,
    NOTE_FIELD,
    PASTE_PREFIX,
    TEXT_FIELD,
    AskModal,
    GuildButton,
    PasteModal,
    QueuePoster,
    paste_box,
)
from .render import CommandButton, page_view, render

log = logging.getLogger("shortlist.discord")
DEFER_AFTER = 0.5  # seconds: Discord allows 3; answer directly when the core is quicker than this
MODAL_PREFIX = "sl-review:"
LETTER_FIELD = "letter"
ADVERT_FIELD = "advert"  # the modal's second, optional box
ADVERT_OPTION = "advert"  # /review's optional attachment: the advert as a file
PENDING_ADVERTS = 500  # advert files waiting for their modal's letter, at most (the oldest go first)
LETTER_MAX = 4000
NONE = discord.AllowedMentions.none()


DEFAULT_API = "https://discord.com/api/v10"


def use_api(base: str | None) -> None:
    """Point discord.py's REST (and so its gateway lookup) at ``base``; a test double in tests."""
    discord.http.Route.BASE = (base or DEFAULT_API).rstrip("/")


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
        # Role ids straight from the interaction's member payload: the guild's role cache may be empty
        # (no members intent), and the ids are all the community's moderator roles need.
        roles=tuple(str(r) for r in getattr(interaction.user, "_roles", ())),
    )


class Bridge:
    """From an interaction to the core and back: acknowledge in time, send every page."""

    def __init__(self, core: Shortlist):
        self.core = core
        # An advert file given with /review waits here, under its modal's token, for the letter.
        self.pending_adverts: dict[str, list[tuple[Attachment, str]]] = {}
        self.queue: QueuePoster | None = None  # the reviewer queue's posts, once the client exists

    def hold_advert(self, token: str, advert: discord.Attachment) -> None:
        while len(self.pending_adverts) >= PENDING_ADVERTS:
            self.pending_adverts.pop(next(iter(self.pending_adverts)))
        self.pending_adverts[token] = _shared([advert])

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
        cmd = COMMANDS.get(request.command)
        work = asyncio.ensure_future(self.core.handle(request))
        deferred = private = False
        if cmd is not None and cmd.private:
            # Reviews, history and forget wait on the database: acknowledge at once, privately.
            deferred = private = True
            await interaction.response.defer(ephemeral=True, thinking=True)
        else:
            done, _ = await asyncio.wait({work}, timeout=DEFER_AFTER)
            if not done:
                deferred, private = True, request.private
                await interaction.response.defer(ephemeral=private, thinking=True)
        reply = await work
        await self.send(interaction, reply, deferred=deferred, deferred_private=private)
        if self.queue is not None:
            await self.queue.after(request.community_id, reply)
            for note in await self.queue.pending_for(request.community_id, request.user_id):
                await interaction.followup.send(embeds=render(note)[0].embeds, ephemeral=True,
                                                allowed_mentions=NONE)

    async def run_with_file(self, interaction: discord.Interaction, command: str, args: dict,
                            document: discord.Attachment) -> None:
        """A command given a file (a YAML import): acknowledged privately first, since a download can
        take longer than Discord's three seconds."""
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
        await interaction.response.defer(ephemeral=True, thinking=True)
        upload = await files.fetch(list(letter)) if letter else None
        advert_upload = await files.fetch(list(advert_file)) if advert_file else None
        request = context_of(interaction).request("review", {"role": role} if role else {}, text=text, upload=upload,
                                                  advert=advert, advert_upload=advert_upload, private=True)
        await self.send(interaction, await self.core.handle(request), deferred=True, deferred_private=True)

    async def send(self, interaction: discord.Interaction, reply: Reply, *, deferred: bool = False,
                   deferred_private: bool = False) -> None:
        pages = render(reply)
        ephemeral = reply.private
        first, rest = pages[0], pages[1:]
        if not deferred:
            await interaction.response.send_message(embeds=first.embeds, ephemeral=ephemeral, allowed_mentions=NONE,
                                                    view=page_view(first))
        else:
            if ephemeral and not deferred_private:
                # A public "thinking…" can't become private: remove it and answer privately.
                await interaction.delete_original_response()
            await interaction.followup.send(embeds=first.embeds, ephemeral=ephemeral, allowed_mentions=NONE,
                                            view=page_view(first))
        for page in rest:
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


class LetterModal(discord.ui.Modal):
    """The paste box for /review, and a second, optional one for the job advert. Its submission is
    handled statelessly in ``on_interaction`` (the role travels in the custom id), so a letter
    typed across a restart is not lost."""

    def __init__(self, role: str | None, token: str | None = None):
        self.token = token or secrets.token_hex(4)
        super().__init__(title="Review your cover letter", timeout=900,
                         custom_id=f"{MODAL_PREFIX}{role or ''}:{self.token}")
        self.add_item(discord.ui.TextInput(
            label="Your cover letter", custom_id=LETTER_FIELD, style=discord.TextStyle.paragraph,
            max_length=LETTER_MAX,
            placeholder="Paste the whole letter, greeting to sign-off. Only you will see the review."))
        self.add_item(discord.ui.TextInput(
            label="The job advert (optional)", custom_id=ADVERT_FIELD, style=discord.TextStyle.paragraph,
            max_length=LETTER_MAX, required=False,
            placeholder="Paste the advert to see how well your letter answers it. It isn't stored."))


def _data(interaction: discord.Interaction) -> dict[str, Any]:
    """The interaction's payload as Discord sent it (JSON)."""
    return dict(interaction.data or {})


def _values(components: list[dict[str, Any]] | None) -> dict[str, Any]:
    """custom_id -> value from a modal submission, however Discord nests the components (text, or a
    checkbox's true or false)."""
    out: dict[str, Any] = {}
    for c in components or []:
        if "value" in c and "custom_id" in c:
            out[c["custom_id"]] = c["value"]
        out.update(_values(c.get("components")))
        if isinstance(c.get("component"), dict):
            out.update(_values([c["component"]]))
    return out


class ShortlistDiscord(discord.AutoShardedClient):
    """Sharded, so one process serves thousands of servers; needs no privileged intent."""

    def __init__(self, core: Shortlist, *, application_id: int | None = None, **options: Any):
        intents = discord.Intents.none()
        intents.guilds = True
        if application_id is not None:
            options["application_id"] = application_id
        super().__init__(intents=intents, allowed_mentions=NONE, **options)
        self.core = core
        self.bridge = Bridge(core)
        self.tree = app_commands.CommandTree(self)
        self.tree.error(self._on_tree_error)
        for command in build_commands(self.bridge, core):
            self.tree.add_command(command)
        self.queue = self.bridge.queue = QueuePoster(self)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(CommandButton, GuildButton)

    async def _on_tree_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        if isinstance(error, (app_commands.CommandNotFound, app_commands.CommandSignatureMismatch)):
            # A command removed (or changed) since Discord's list was synced: stale, not a fault.
            name = str(_data(interaction).get("name") or "?")
            log.info("interaction for /%s, which is not registered here (%s)", name, type(error).__name__)
            await self.bridge.send(interaction, self.core.command_gone(name))
            return
        await self.bridge.apologise(interaction, getattr(error, "original", error))

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        data = _data(interaction)
        custom_id = str(data.get("custom_id", ""))
        if custom_id == ASK_MODAL or custom_id.startswith(PASTE_PREFIX):
            return await self._queue_modal(interaction, custom_id)
        if not custom_id.startswith(MODAL_PREFIX):
            return
        role, _, token = custom_id[len(MODAL_PREFIX):].rpartition(":")
        values = _values(data.get("components"))
        advert_file = self.bridge.pending_adverts.pop(token, [])
        try:
            await self.bridge.review(interaction, role or None, text=values.get(LETTER_FIELD, ""),
                                     advert=values.get(ADVERT_FIELD) or None, advert_file=advert_file)
        except Exception as exc:  # the member pasted a letter: they get an answer whatever happens
            await self.bridge.apologise(interaction, exc)


    async def _queue_modal(self, interaction: discord.Interaction, custom_id: str) -> None:
        """*Ask a reviewer*'s note, or a command's text (feedback, an answer), submitted."""
        values = _values(_data(interaction).get("components"))
        try:
            if custom_id == ASK_MODAL:
                args = {"name": "show-name"} if values.get(NAME_FIELD) is True else {}
                note = values.get(NOTE_FIELD)
                request = context_of(interaction).request(
                    "ask-reviewer", {**args, **({"note": note} if note else {})}, private=True)
                return await self.bridge.answer(interaction, request)
            community, _, line = custom_id[len(PASTE_PREFIX):].partition(":")
            await self.bridge.run_line(interaction, line, text=str(values.get(TEXT_FIELD) or ""),
                                       community=community or None)
        except Exception as exc:  # the member or reviewer typed something: they get an answer whatever happens
            await self.bridge.apologise(interaction, exc)


# -- commands from the core's registry ----------------------------------------------------------

AppCommand = app_commands.Command[Any, ..., Any] | app_commands.ContextMenu


def build_commands(bridge: Bridge, core: Shortlist) -> list[AppCommand]:
    commands: list[AppCommand] = [_slash(cmd, bridge, core) for cmd in COMMANDS.values()]
    commands.append(app_commands.ContextMenu(name="Review cover letter", callback=_review_message(bridge)))
    return commands


def _slash(cmd: Command, bridge: Bridge, core: Shortlist) -> app_commands.Command[Any, ..., None]:
    options = [p for p in cmd.params if p.option]
    public = not cmd.private

    if cmd.takes_text:
        async def callback(interaction: discord.Interaction, **values):
            document = values.pop("file", None)
            advert = values.pop(ADVERT_OPTION, None)
            if document is not None:  # the letter as a file: no paste box
                return await bridge.review_files(interaction, [document], values.get("role"), advert)
            problem = await core.before_paste(values.get("role"), context_of(interaction).community_id)
            if problem:
                return await bridge.send(interaction, problem)
            modal = LetterModal(values.get("role"))
            if advert is not None:  # fetched with the letter, once the modal is submitted
                bridge.hold_advert(modal.token, advert)
            await interaction.response.send_modal(modal)
    else:
        async def callback(interaction: discord.Interaction, **values):
            private = bool(values.pop("private", False))
            document = values.pop("file", None)
            if document is not None:  # a YAML file for /mod import or /mod guide import: fetched, then read
                return await bridge.run_with_file(interaction, cmd.name, values, document)
            line = " ".join([f"/{cmd.name}", *(str(values[p.name]) for p in options if values.get(p.name))])
            box = paste_box(core, core.parse(line))
            if box is not None:  # `/queue reply 3`: the feedback goes in a box
                return await interaction.response.send_modal(PasteModal(line, *box))
            await bridge.run(interaction, cmd.name, values, private=private)

    parameters = [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                    annotation=discord.Interaction)]
    parameters += [inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY, default=None,
                                     annotation=str | None) for p in options]
    descriptions = {p.name: p.description[:100] for p in options}
    if cmd.takes_text:  # a letter can also come as a file: PDF, Word, OpenDocument, Markdown or text
        parameters.append(inspect.Parameter("file", inspect.Parameter.KEYWORD_ONLY, default=None,
                                            annotation=discord.Attachment | None))
        descriptions["file"] = "Your letter as a file (PDF, Word, OpenDocument, Markdown or text) instead of pasting it"
        parameters.append(inspect.Parameter(ADVERT_OPTION, inspect.Parameter.KEYWORD_ONLY, default=None,
                                            annotation=discord.Attachment | None))
        descriptions[ADVERT_OPTION] = "The job advert as a file, to review your letter against it (optional)"
    if cmd.pastes_when is not None and not cmd.takes_text and cmd.name not in PASTE_BOXES:
        # /mod import and /mod guide import take a file too
        parameters.append(inspect.Parameter("file", inspect.Parameter.KEYWORD_ONLY, default=None,
                                            annotation=discord.Attachment | None))
        descriptions["file"] = "A YAML file to import (from /mod export or /mod guide export)"
    if public:
        parameters.append(inspect.Parameter("private", inspect.Parameter.KEYWORD_ONLY, default=None,
                                            annotation=bool | None))
        descriptions["private"] = "Show the answer only to you"
    # The options come from the core's registry, so the callback takes them as **values; discord.py reads
    # a command's options from its callback's signature, which inspect.signature takes from here.
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]  # PEP 362's hook
    app_commands.describe(**descriptions)(callback)
    app_commands.choices(**{p.name: [app_commands.Choice(name=c, value=c) for c in p.choices]
                            for p in options if p.choices})(callback)
    command: app_commands.Command[Any, ..., None] = app_commands.Command(
        name=cmd.name, description=cmd.summary[:100], callback=callback)
    named = {p.name for p in command.parameters}
    if "role" in named:
        command.autocomplete("role")(_role_choices(core))
    if "question" in named:
        command.autocomplete("question")(_question_choices(core))
    if cmd.moderator:
        command.default_permissions = discord.Permissions(manage_guild=True)
    return command


def _role_choices(core):
    async def complete(interaction: discord.Interaction, current: str):
        community = context_of(interaction).community_id
        return [app_commands.Choice(name=label, value=value)
                for label, value in await suggest.roles(core, current, community)]
    return complete


def _question_choices(core):
    async def complete(interaction: discord.Interaction, current: str):
        request = context_of(interaction).request("faq")
        return [app_commands.Choice(name=q, value=q) for q in await suggest.questions(core, request, current)]
    return complete


def _review_message(bridge: Bridge):
    async def review_message(interaction: discord.Interaction, message: discord.Message):
        if message.attachments:  # a letter posted as a file: review the document, not the message text
            return await bridge.review_files(interaction, message.attachments)
        await bridge.run(interaction, "review", {}, text=message.content, private=True)
    return review_message
