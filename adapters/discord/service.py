"""Running, syncing and inviting the Discord bot: what `shortlist run --discord` and
`shortlist discord ...` call."""
from __future__ import annotations

import asyncio

import aiohttp
import discord
import yarl
from discord.gateway import DiscordWebSocket

from .bot import ShortlistDiscord, use_api

SCOPES = ("bot", "applications.commands")
# Every answer is an interaction response or follow-up, which needs no channel permission at all.
PERMISSIONS = discord.Permissions.none()


async def serve(core, token: str, api: str | None = None, *, shard_ids: list[int] | None = None,
                shard_count: int | None = None) -> None:
    """One process of the bot: every shard (Discord says how many), or only ``shard_ids`` of
    ``shard_count``, so that a large bot can be split across processes and machines."""
    use_api(api)
    client = ShortlistDiscord(core, shard_ids=shard_ids, shard_count=shard_count)
    async with client:
        await client.login(token)
        if shard_count is not None:
            # Told the shard count, discord.py skips asking Discord where its gateway is and uses the
            # default address; ask anyway, so the API set with SHORTLIST_DISCORD_API serves the gateway too.
            _, url, _ = await client.http.get_bot_gateway()
            DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
        try:
            await client.connect()
        finally:  # stopping: the interactions being answered finish first, while the connection is open
            await client.bridge.drained()


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
    # Only the REST login runs, so the intents don't matter; with none, discord.py warns about guilds.
    client = discord.Client(intents=discord.Intents(guilds=True))
    async with client:
        await client.login(token)
        if client.application_id is None:
            raise RuntimeError("Discord did not say which application that token belongs to")
        return client.application_id


def invite_url(app_id: int) -> str:
    return discord.utils.oauth_url(app_id, permissions=PERMISSIONS, scopes=SCOPES)


def explain(exc: BaseException) -> str | None:
    """One line for a failure to reach Discord with the token: a refused token or no network (None for
    anything else, which is a fault of ours and keeps its traceback)."""
    if isinstance(exc, discord.LoginFailure):
        return ("Discord refused DISCORD_TOKEN: it isn't a bot token, or it has been reset since. Copy the "
                "token from the Bot page of your application at https://discord.com/developers/applications.")
    if isinstance(exc, aiohttp.ClientConnectorError):
        return (f"couldn't reach Discord at {exc.host} ({exc.os_error.strerror or exc.os_error}): check this "
                "machine's network connection, and SHORTLIST_DISCORD_API if you set it.")
    if isinstance(exc, aiohttp.ClientError | asyncio.TimeoutError):
        return f"couldn't reach Discord ({exc or type(exc).__name__}): check this machine's network connection."
    if isinstance(exc, discord.HTTPException):
        return f"Discord refused the request: {exc}."
    return None
