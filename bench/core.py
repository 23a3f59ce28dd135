"""Commands through the core with history recording on (a real SQLite file)."""
from __future__ import annotations

import asyncio
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bot.core import Shortlist
from bot.guides import GuideLibrary
from bot.request import Context
from storage import Store

from .common import percentiles
from .review import build_letter

LINES = {"/guide ml-engineer": None, "/faq how long should it be": None, "/review ml-engineer": "letter"}


async def run(repeat: int = 300) -> list[tuple[str, float, float, float]]:
    """(command, p50 ms, p99 ms, commands per second, one after another)."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        store = await Store.open(Path(tmp) / "core.db")
        core = Shortlist(GuideLibrary.load(), store)
        letter = build_letter(400)
        for line, text in LINES.items():
            request = core.parse(line, Context(community_id="bench", user_id="u1"))
            if text:
                request = replace(request, text=letter)
            for _ in range(10):
                await core.handle(request)
            samples = []
            start = time.perf_counter()
            for _ in range(repeat):
                t = time.perf_counter()
                reply = await core.handle(request)
                samples.append(time.perf_counter() - t)
            assert reply.kind in ("guide", "review"), reply.title
            out.append((line, *percentiles(samples), repeat / (time.perf_counter() - start)))
        await store.close()
    return out


async def burst(concurrency: int = 200, repeat: int = 20) -> tuple[tuple[float, float], tuple[float, float]]:
    """Milliseconds until every one of ``concurrency`` simultaneous `/guide` commands is answered
    (p50, p99 over ``repeat`` bursts): with history recorded to a real SQLite file, and with no store
    at all, the least the core can do."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        store = await Store.open(Path(tmp) / "burst.db")
        library = GuideLibrary.load()
        for core in (Shortlist(library, store), Shortlist(library)):
            requests = [core.parse("/guide ml-engineer", Context(community_id="bench", user_id=f"u{i}"))
                        for i in range(concurrency)]
            await asyncio.gather(*(core.handle(r) for r in requests))
            samples = []
            for _ in range(repeat):
                t = time.perf_counter()
                await asyncio.gather(*(core.handle(r) for r in requests))
                samples.append(time.perf_counter() - t)
            out.append(percentiles(samples))
        await store.close()
    return out[0], out[1]


if __name__ == "__main__":
    print(asyncio.run(burst()))
    for row in asyncio.run(run()):
        print(row)
