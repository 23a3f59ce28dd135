"""SQLite and PostgreSQL side by side, in the same run.

    python -m bench.engines

Commands recorded per second by 1, 2 and 4 `shortlist`-core processes sharing one database; `/history`
on 1,000,000 commands (the SQLite database of bench.storage, copied into PostgreSQL with the code of
`shortlist db copy`); Slack ack latency with 50 concurrent requests spread over two `shortlist run
--slack` workers. PostgreSQL is a local server from the `pgserver` wheel (Unix socket, default
settings), kept with its 1M-row database in the temporary folder for later runs.
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path

from bot.guides import GuideLibrary
from storage import PostgresStore, Store
from storage.copy import copy_database
from tests.fakes.slack_api import FakeSlack, command, form

from . import storage
from .common import machine, percentiles, table
from .slack import ROOT, _ack_times, _start_bot, generator_session

PG_FOLDER = Path(tempfile.gettempdir()) / "shortlist-bench-pg"
LITE_1M = Path(tempfile.gettempdir()) / "shortlist-bench-engines.db"  # its own: bench.storage's may be older
RECORDER = r"""
import asyncio, sys, time
from bot.core import Shortlist
from bot.guides import GuideLibrary
from bot.request import Request
from storage import open_store

async def main(target, n, tag):
    store = await open_store(target)
    core = Shortlist(GuideLibrary.load(), store)
    requests = [Request("help", platform="bench", community_id="c", user_id=f"{tag}-{i}") for i in range(n)]
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range(0, n, 100):
        await asyncio.gather(*(core.handle(r) for r in requests[i:i + 100]))
    await store.close()
    print("done", flush=True)

asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3]))
"""


@contextlib.contextmanager
def postgres_server():
    import pgserver
    PG_FOLDER.mkdir(exist_ok=True)
    server = pgserver.get_server(PG_FOLDER / "data", cleanup_mode="stop")
    try:
        yield server
    finally:
        server.cleanup()


def fresh_database(server, name: str) -> str:
    server.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE);")
    server.psql(f"CREATE DATABASE {name};")
    return server.get_uri(name)


async def record_rate(target: str, processes: int, per_process: int = 3000) -> float:
    """Commands recorded per second by ``processes`` processes at once, counted in the database."""
    procs = [await asyncio.create_subprocess_exec(sys.executable, "-c", RECORDER, target, str(per_process), f"p{n}",
                                                  cwd=ROOT, stdin=asyncio.subprocess.PIPE,
                                                  stdout=asyncio.subprocess.PIPE, env={**os.environ})
             for n in range(processes)]
    for p in procs:
        assert (await p.stdout.readline()).strip() == b"ready"
    start = time.perf_counter()
    for p in procs:
        p.stdin.write(b"go\n")
        await p.stdin.drain()
    for p in procs:
        await p.stdout.readline()
    elapsed = time.perf_counter() - start
    for p in procs:
        await p.wait()
    store = await (PostgresStore.open(target) if target.startswith("postgresql://") else Store.open(target))
    [(recorded,)] = await store.query("SELECT COUNT(*) FROM commands WHERE platform = 'bench'")
    await store.close()
    return recorded / elapsed


async def history_1m(library, server) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """For SQLite, then PostgreSQL: (p50, p99) of /history through the core, and of `/mod stats` (30 days,
    one community), in ms."""
    lite = await storage.build_large(LITE_1M)
    url = server.get_uri("history1m")
    if "history1m" not in server.psql("SELECT datname FROM pg_database;"):
        server.psql("CREATE DATABASE history1m;")
    pg = await PostgresStore.open(url)
    if not (await pg.query("SELECT EXISTS (SELECT 1 FROM commands)"))[0][0]:
        print("copying the 1M-row database into PostgreSQL; kept for later runs ...", file=sys.stderr, flush=True)
        await copy_database(lite, pg)
        await pg.query("ANALYZE")
    results = []
    for store in (lite, pg):
        _, command, _ = await storage.history_latency(library, store)
        results.append((command, await storage.stats_latency(library, store)))
        await store.close()
    return results


async def slack_two_workers(target: str, total: int = 300) -> tuple[float, float]:
    """/guide ack p50, p99 (ms), 50 concurrent, alternating between two workers on one database."""
    fake = FakeSlack()
    base = await fake.start()
    workers = [await _start_bot(base, target) for _ in range(2)]
    try:
        async with generator_session(limit=100) as session:
            samples = []
            for _, url in workers:
                await _ack_times(session, url, [form(command("/guide", "mle", fake.response_url()))
                                                for _ in range(20)], 5, fake)
            bodies = [form(command("/guide", "ml-engineer", fake.response_url())) for _ in range(total)]
            for i in range(0, total, 50):
                chunk = bodies[i:i + 50]
                samples += (await asyncio.gather(*(_ack_times(session, workers[n % 2][1], [b], 1, fake)
                                                   for n, b in enumerate(chunk))))
            flat = [s for group in samples for s in group]
    finally:
        for proc, _ in workers:
            proc.terminate()
            await proc.wait()
        await fake.stop()
    return percentiles(flat)


async def run() -> list[list]:
    library = GuideLibrary.load()
    rows = []
    with postgres_server() as server, tempfile.TemporaryDirectory() as tmp:
        for processes in (1, 2, 4):
            lite = await record_rate(str(Path(tmp) / f"rate{processes}.db"), processes)
            pg = await record_rate(fresh_database(server, f"rate{processes}"), processes)
            rows.append([f"commands recorded/s, {processes} process{'es' if processes > 1 else ''}",
                         f"{lite:,.0f}", f"{pg:,.0f}"])
        ((l50, l99), (ls50, ls99)), ((p50, p99), (ps50, ps99)) = await history_1m(library, server)
        rows.append(["/history on 1M commands, p50 ms", f"{l50:.2f}", f"{p50:.2f}"])
        rows.append(["/history on 1M commands, p99 ms", f"{l99:.2f}", f"{p99:.2f}"])
        rows.append(["/mod stats (30 days, one community) on 1M commands, p50 ms", f"{ls50:.2f}", f"{ps50:.2f}"])
        rows.append(["/mod stats (30 days, one community) on 1M commands, p99 ms (target 20)", f"{ls99:.2f}",
                     f"{ps99:.2f}"])
        (l50, l99) = await slack_two_workers(str(Path(tmp) / "slack.db"))
        (p50, p99) = await slack_two_workers(fresh_database(server, "slack"))
        rows.append(["Slack ack, 50 concurrent over 2 workers, p50 ms", f"{l50:.1f}", f"{p50:.1f}"])
        rows.append(["Slack ack, 50 concurrent over 2 workers, p99 ms", f"{l99:.1f}", f"{p99:.1f}"])
    return rows


def main() -> None:
    rows = asyncio.run(run())
    print(f"SQLite and PostgreSQL in the same run ({machine()})")
    print(table(["measure", "SQLite", "PostgreSQL"], rows))


if __name__ == "__main__":
    main()
