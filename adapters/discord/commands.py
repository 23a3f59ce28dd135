"""Every core command as a Discord slash command (options from the core's registry), the review
modal they open, and the "Review cover letter" message menu."""
from __future__ import annotations

import inspect
import secrets
from typing import Any

import discord
from discord import app_commands

from bot import suggest
from bot.commands import COMMANDS, Command
from bot.commands.reviewers.events import PASTE_BOXES
from bot.core import Shortlist

from .bridge import Bridge, context_of
from .queue import PasteModal, paste_box

MODAL_PREFIX = "sl-review:"
LETTER_FIELD = "letter"
ADVERT_FIELD = "advert"  # the modal's second, optional box
ADVERT_OPTION = "advert"  # /review's optional attachment: the advert as a file
LETTER_MAX = 4000


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
                bridge.hold_advert(interaction, modal.token, advert)
            await interaction.response.send_modal(modal)
    else:
        async def callback(interaction: discord.Interaction, **values):
            private = bool(values.pop("private", False))
            document = values.pop("file", None)
            if document is not None:  # a YAML file for /mod import or /mod guide import: fetched, then read
                return await bridge.run_with_file(interaction, cmd.name, values, document)
            if cmd.name in PASTE_BOXES:  # only these can want a box: the rest aren't parsed twice
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
