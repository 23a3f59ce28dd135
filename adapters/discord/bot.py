"""The Discord client: every core command as a slash command, plus the review modal, the
"Review cover letter" message menu and command buttons. Thin: the core does the work (through the
``Bridge``; the commands are built in ``commands``)."""
from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.core import Shortlist

from .bridge import DEFER_AFTER, NONE, Bridge, context_of
from .commands import ADVERT_FIELD, LETTER_FIELD, MODAL_PREFIX, build_commands
from .queue import ASK_MODAL, NAME_FIELD, NOTE_FIELD, PASTE_PREFIX, TEXT_FIELD, GuildButton, QueuePoster
from .render import CommandButton

__all__ = ["ShortlistDiscord", "context_of", "use_api"]
log = logging.getLogger("shortlist.discord")


DEFAULT_API = "https://discord.com/api/v10"


def use_api(base: str | None) -> None:
    """Point discord.py's REST (and so its gateway lookup) at ``base``; a test double in tests."""
    discord.http.Route.BASE = (base or DEFAULT_API).rstrip("/")


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

    def __init__(self, core: Shortlist, *, application_id: int | None = None, defer_after: float = DEFER_AFTER,
                 **options: Any):
        intents = discord.Intents.none()
        intents.guilds = True
        if application_id is not None:
            options["application_id"] = application_id
        super().__init__(intents=intents, allowed_mentions=NONE, **options)
        self.core = core
        self.bridge = Bridge(core, defer_after)
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
        advert_file = self.bridge.take_advert(interaction, token)
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

