"""A real discord.py client and command tree on a store, against the loopback fake of Discord's REST API:
what the Discord tests drive, and how they read what Discord received."""
from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import discord

from adapters.discord.bot import ShortlistDiscord, use_api
from bot.core import Shortlist
from bot.guides import GuideLibrary
from storage import Store, open_store

from .discord_api import APP_ID, FakeDiscord

MANAGE_GUILD = 1 << 5


class Harness:
    def __init__(self, client: ShortlistDiscord, fake: FakeDiscord, store: Store):
        self.client, self.fake, self.store = client, fake, store

    def interaction(self, payload: dict) -> discord.Interaction:
        """The interaction discord.py would build from this payload (without running it)."""
        return discord.Interaction(data=payload, state=self.client._connection)

    def guild_create(self, payload: dict) -> None:
        """Deliver a raw GUILD_CREATE (the server and its roles) as the gateway would, into the client's cache."""
        self.client._connection.parse_guild_create(payload)

    async def send(self, payload: dict, responses: int = 1) -> list:
        """Deliver one interaction and wait until Discord has had ``responses`` answers to it
        (matched by the interaction's id and token, so concurrent deliveries don't mix)."""
        marks = (f"/{payload['id']}/", f"/{payload['token']}")

        def mine():
            return [c for c in self.fake.responses if any(m in c.path for m in marks)]
        self.client._connection.parse_interaction_create(payload)
        for _ in range(500):
            if len(mine()) >= responses:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)  # anything extra would show up now
        return mine()


@contextlib.asynccontextmanager
async def discord_harness(library: GuideLibrary, database: str) -> AsyncIterator[Harness]:
    """A logged-in client on a store at ``database`` (a SQLite file or a PostgreSQL URL)."""
    fake = FakeDiscord()
    use_api(await fake.start())
    store = await open_store(database)
    # A generous defer threshold: whether an answer is direct never depends on how busy the test machine is
    # (the production threshold, DEFER_AFTER, is measured in bench/).
    client = ShortlistDiscord(Shortlist(library, store), application_id=APP_ID, defer_after=2.0)
    await client.login("test-token")
    try:
        yield Harness(client, fake, store)
    finally:
        await client.close()
        await store.close()
        await fake.stop()
        use_api(None)


def text_of(call) -> str:
    data = call.data
    parts = [data.get("content") or ""]
    for e in data.get("embeds") or []:
        parts += [e.get("title") or "", e.get("description") or ""]
        parts += [f"{f['name']}: {f['value']}" for f in e.get("fields") or []]
        parts.append((e.get("footer") or {}).get("text") or "")
    return "\n".join(parts)
