"""A community's settings and guides are read once however many requests want them at the same moment,
and a change is never hidden behind a read that was already running."""
from __future__ import annotations

import asyncio

from bot.core import Shortlist
from bot.expiring_cache import ExpiringCache
from storage import open_store

from .conftest import ask
from .fakes.sqlite_trace import round_trips


async def test_a_burst_on_a_community_not_yet_read_reads_its_settings_and_guides_once(tmp_path, library):
    store = await open_store(tmp_path / "s.db")
    core = Shortlist(library, store)
    try:
        async with round_trips(store) as (_, statements):
            replies = await asyncio.gather(*(ask(core, "/guide ml-engineer", community_id="c1", user_id=f"u{n}")
                                             for n in range(50)))
        assert all(reply.kind == "guide" for reply in replies)
        assert sum("FROM communities WHERE" in s for s in statements) == 1
        assert sum("FROM community_guides" in s for s in statements) == 1
    finally:
        await store.close()


async def test_a_change_heard_while_a_read_runs_starts_a_new_read_and_keeps_its_value():
    cache: ExpiringCache[str] = ExpiringCache(ttl=60)
    reads: list[asyncio.Event] = []

    async def read() -> str:
        reads.append(done := asyncio.Event())
        number = len(reads)
        await done.wait()
        return f"read {number}"

    async def settle() -> None:  # each caller's task, then the read's own task, get their turns
        for _ in range(3):
            await asyncio.sleep(0)

    before = asyncio.ensure_future(cache.get("c1", read))
    joined = asyncio.ensure_future(cache.get("c1", read))
    await settle()
    assert len(reads) == 1  # the second caller awaits the first read
    cache.forget("c1")  # a moderator's change lands meanwhile
    after = asyncio.ensure_future(cache.get("c1", read))
    await settle()
    assert len(reads) == 2
    for done in reads:
        done.set()
    assert await before == await joined == "read 1"
    assert await after == "read 2"
    assert await cache.get("c1", read) == "read 2" and len(reads) == 2  # the newer read is the one kept


async def test_when_the_caller_reading_gives_up_one_that_was_waiting_reads_for_itself():
    cache: ExpiringCache[str] = ExpiringCache(ttl=60)
    reads: list[asyncio.Event] = []

    async def read() -> str:
        reads.append(done := asyncio.Event())
        await done.wait()
        return "settings"

    first = asyncio.ensure_future(cache.get("c1", read))
    waiting = asyncio.ensure_future(cache.get("c1", read))
    for _ in range(3):
        await asyncio.sleep(0)
    first.cancel()  # its member's request timed out
    for _ in range(3):
        await asyncio.sleep(0)
    assert first.cancelled() and len(reads) == 2 and not waiting.done()
    reads[-1].set()
    assert await waiting == "settings"
