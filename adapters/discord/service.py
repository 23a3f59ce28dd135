"""Running, syncing and inviting the Discord bot: what `shortlist run --discord` and
`shortlist discord ...` call."""
from __future__ import annotations

import discord

from .bot import ShortlistDiscord, use_api

SCOPES = ("bot", "applications.commands")
# Every answer is an interaction response or follow-up, which needs no channel permission at all.
PERMISSIONS = discord.Permissions.none()


async def serve(core, token: str, api: str | None = None) -> None:
    use_api(api)
    client = ShortlistDiscord(core)
    async with client:
        await client.start(token)


async def sync(core, token: str, guild_id: int | None = None, api: str | None = None) -> list[str]:
    """Register the commands: in one server (instant, for testing) or globally."""
    use_api(api)
    client = ShortlistDiscord(core)
    async with client:
        await client.login(token)
        guild = discord.Object(id=guild_id) if guild_id else None
        if guild:
            client.tree.copy_global_to(guild=guild)
        synced = await client.tree.sync(guild=guild)
    return [c.name for c in synced]


async def application_id(token: str, api: str | None = None) -> int:
    use_api(api)
    client = discord.Client(intents=discord.Intents.none())
    async with client:
        await client.login(token)
        return client.application_id


def invite_url(app_id: int) -> str:
    return discord.utils.oauth_url(app_id, permissions=PERMISSIONS, scopes=SCOPES)
