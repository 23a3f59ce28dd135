"""Rows written per second against raw sqlite3 on the same disk, and /history and /mod stats latency
on a large database.

    python -m bench.storage [--db PATH]

The large database (1,000,000 command rows, 200,000 reviews) is built once
and kept at PATH (default /tmp/shortlist-bench.db) for later runs.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bot.core import Shortlist
from bot.guides import GuideLibrary
from bot.records import CommandRecord
from bot.request import Request
from bot.review_records import ReviewRecord
from storage import Store

from .common import machine, percentiles, table

COMMANDS, REVIEWS, USERS, COMMUNITIES = 1_000_000, 200_000, 20_000, 50
RULES = ["length.words", "placeholders", "opening.quantified", "signal.production", "signal.mlops",
         "signal.judgement", "signal.regulatory", "mistake.framework-list", "uk.signoff"]
TARGET = ("c7", "u7")  # the member whose history is timed


_INSERT = ("INSERT INTO commands (at, platform, community, channel, user, command, args, outcome, latency_ms)"
           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")


def _records(total: int) -> list[CommandRecord]:
    return [CommandRecord("bench", "c", "ch", f"u{i}", "guide", "role=ml-engineer", "ok", 1.0) for i in range(total)]


async def store_rate(burst: int, total: int = 3000) -> float:
    """Command rows the store commits per second, the way the core records them (queued, written by the
    history queue): one row queued and committed before the next is queued (burst 1), or ``burst``
    queued at once, as when many members ask together, then committed."""
    records = _records(total)
    with tempfile.TemporaryDirectory() as tmp:
        store = await Store.open(Path(tmp) / "rate.db")
        start = time.perf_counter()
        for i in range(0, total, burst):
            for record in records[i:i + burst]:
                store.queue(record)
            await store.flush()
        elapsed = time.perf_counter() - start
        await store.close()
    return total / elapsed


async def raw_rate(burst: int, total: int = 3000) -> float:
    """The same rows through sqlite3 directly, same schema, same pragmas (WAL, synchronous NORMAL):
    one transaction a row (burst 1), or ``executemany`` of ``burst`` rows a transaction."""
    rows = [(r.at.isoformat(), r.platform, r.community, r.channel, r.user, r.command, r.args, r.outcome,
             r.latency_ms) for r in _records(total)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "raw.db"
        await (await Store.open(path)).close()  # the schema, as the store makes it
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        start = time.perf_counter()
        for i in range(0, total, burst):
            conn.execute("BEGIN IMMEDIATE")
            if burst == 1:
                conn.execute(_INSERT, rows[i])
            else:
                conn.executemany(_INSERT, rows[i:i + burst])
            conn.execute("COMMIT")
        elapsed = time.perf_counter() - start
        conn.close()
    return total / elapsed


async def rates(burst: int, rounds: int = 5) -> tuple[float, float]:
    """``store_rate`` and ``raw_rate``, alternated ``rounds`` times: the median of each. One pass of each was
    a single sample of some 30 ms, and the raw one varied by half between runs; alternating keeps a
    machine's slow moment from landing on one side only."""
    ours, raw = [], []
    for _ in range(rounds):
        ours.append(await store_rate(burst))
        raw.append(await raw_rate(burst))
    return statistics.median(ours), statistics.median(raw)


async def record_rate(library, concurrency: int, total: int = 5000) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        store = await Store.open(Path(tmp) / "rate.db")
        core = Shortlist(library, store)
        requests = [Request("help", platform="bench", community_id="c", user_id=f"u{i}") for i in range(total)]
        start = time.perf_counter()
        for i in range(0, total, concurrency):
            await asyncio.gather(*(core.handle(r) for r in requests[i:i + concurrency]))
        elapsed = time.perf_counter() - start
        await store.close()
    return total / elapsed


async def build_large(path: Path) -> Store:
    store = await Store.open(path)
    [have] = await store.query("SELECT (SELECT COUNT(*) FROM commands), (SELECT COUNT(*) FROM reviews)")
    if have[0] >= COMMANDS and have[1] >= REVIEWS:
        return store
    print(f"building {path} ({COMMANDS:,} commands, {REVIEWS:,} reviews); kept for later runs ...", flush=True)
    rng = random.Random(7)
    now = dt.datetime.now(dt.UTC)

    def when(i):  # spread over the last 80 days, inside the default retention
        return now - dt.timedelta(seconds=(i * 6912) % (80 * 86400))

    for start in range(have[0], COMMANDS, 50_000):
        await store.record_commands([
            CommandRecord("discord", f"c{i % COMMUNITIES}", "ch", f"u{i % USERS}", "guide", "role=ml-engineer",
                          "ok", 3.0, when(i)) for i in range(start, min(start + 50_000, COMMANDS))])
    for start in range(have[1], REVIEWS, 20_000):
        await store.record_reviews([
            ReviewRecord(f"c{i % COMMUNITIES}", f"u{i % USERS}" if i % USERS != 7 else "u7", "ml-engineer",
                         rng.randint(30, 100), 300, 3, f"{i:064x}",
                         tuple((r, "issue", "warning") for r in rng.sample(RULES, 3)), when(i))
            for i in range(start, min(start + 20_000, REVIEWS))])
    return store


async def history_latency(library, store: Store, repeat: int = 300):
    core = Shortlist(library, store)
    community, user = TARGET
    request = Request("history", community_id=community, user_id=user, platform="bench")
    query, command = [], []
    for _ in range(10):
        await core.handle(request)
    for _ in range(repeat):
        t = time.perf_counter()
        reviews = await store.recent_reviews(community, user)
        await store.previous_review(community, user, reviews[0].guide, reviews[0].id)
        query.append(time.perf_counter() - t)
        t = time.perf_counter()
        await core.handle(request)
        command.append(time.perf_counter() - t)
    return percentiles(query), percentiles(command), len(reviews)


async def stats_latency(library, store: Store, repeat: int = 100) -> tuple[float, float]:
    """`/mod stats` (30 days) for one community of the large database, through the core."""
    from bot.request import Privilege
    core = Shortlist(library, store)
    request = Request("mod", args={"action": "stats", "value": "30"}, community_id=TARGET[0], user_id="mod",
                      privilege=Privilege.MODERATOR, platform="bench")
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        await core.handle(request)
        samples.append(time.perf_counter() - t)
    return percentiles(samples)


async def run(db: Path) -> list[list]:
    library = GuideLibrary.load()
    rows = []
    for burst in (1, 1000):
        ours, raw = await rates(burst)
        rows.append([f"store: rows/s, {burst} at a time", f"{ours:,.0f}", "", "",
                     f"raw sqlite3: {raw:,.0f} ({ours / raw:.2f}x)"])
    for concurrency in (1, 100, 1000):
        rate = await record_rate(library, concurrency)
        rows.append([f"commands through the core/s, {concurrency} at a time", f"{rate:,.0f}", "", "", ""])
    store = await build_large(db)
    (q50, q99), (c50, c99), n = await history_latency(library, store)
    rows.append([f"/history queries ({n} reviews shown), 1M-row db", "", f"{q50:.2f}", f"{q99:.2f}", ""])
    rows.append(["/history command through the core, recorded", "", f"{c50:.2f}", f"{c99:.2f}", ""])
    s50, s99 = await stats_latency(library, store)
    rows.append(["/mod stats, 30 days, one community of the 1M-row db", "", f"{s50:.2f}", f"{s99:.2f}", ""])
    await store.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "shortlist-bench.db")
    args = parser.parse_args()
    rows = asyncio.run(run(args.db))
    print(f"Storage ({machine()}); targets: the store at least 0.5x raw sqlite3, /history under 10 ms, "
          "/mod stats p99 at most 20 ms")
    print(table(["measure", "rate", "p50 ms", "p99 ms", "reference (same run)"], rows))


if __name__ == "__main__":
    main()
