"""Commands through the core with history recording on (a real SQLite file)."""
from __future__ import annotations

import asyncio
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bot.core import Shortlist
from bot.guides import GuideLibrary
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
            request = core.parse(line, community_id="bench", user_id="u1")
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


if __name__ == "__main__":
    for row in asyncio.run(run()):
        print(row)
