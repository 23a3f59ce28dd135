"""History is written in the background: an answer never waits for its record, each batch of records is
one transaction and one round trip, and a clean stop (SIGTERM, Ctrl-C) writes what is still queued.
Delivery claims and cooldown slots are still decided before the answer."""
from __future__ import annotations

import asyncio
import contextlib
import signal
import sqlite3
import threading

import aiohttp
import pytest

from bot.records import CommandRecord
from bot.review_records import ReviewRecord
from storage import open_store

from .conftest import ask
from .fakes import shortlist_run, until
from .fakes.slack_api import FakeSlack, command, form, sign
from .fakes.sqlite_trace import round_trips, written_on_its_own
from .test_processes import _listening, free_port


def _command(n: int, guide: str | None = None) -> CommandRecord:
    return CommandRecord("terminal", "c1", "ch", f"u{n}", "guide" if guide else "help", "", "ok", 1.0, guide=guide)


def _review(n: int) -> ReviewRecord:
    return ReviewRecord("c1", f"u{n}", "general", 70 + n % 30, 300, 4, f"{n:064x}",
                        (("length.words", "issue", "warning"), ("evidence.result", "strength", "info")))


async def test_an_answer_goes_out_while_the_database_is_locked_and_its_record_follows(tmp_path, library):
    from bot.core import Shortlist
    store = await open_store(tmp_path / "h.db")
    core = Shortlist(library, store)
    await ask(core, "/help", community_id="c1", user_id="warm-up")  # settings read and cached
    await store.flush()
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock() -> None:  # another program writing to the same file
        conn = sqlite3.connect(tmp_path / "h.db", isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        locked.set()
        release.wait(30)
        conn.execute("COMMIT")
        conn.close()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        assert await asyncio.to_thread(locked.wait, 10)
        reply = await asyncio.wait_for(ask(core, "/guide ml-engineer", community_id="c1", user_id="ana"), 30)
        answered_while_locked = not release.is_set()
    finally:
        release.set()
        await asyncio.to_thread(holder.join)
    assert reply.kind == "guide" and answered_while_locked
    rows = await store.query('SELECT "user", command FROM commands ORDER BY id')
    guides = await store.query("SELECT guide FROM guide_uses")
    await store.close()
    assert rows == [("warm-up", "help"), ("ana", "guide")] and guides == [("ml-engineer",)]


async def test_a_batch_is_one_transaction_in_one_call_to_the_database_thread(tmp_path):
    store = await open_store(tmp_path / "h.db")
    async with round_trips(store) as (calls, statements):
        for n in range(300):
            store.queue(_command(n, guide="ml-engineer" if n % 3 == 0 else None))
            if n % 10 == 0:
                store.queue(_review(n))
        await written_on_its_own(store)  # the queue writes on its own: nobody awaited a record
    assert len(calls) == 1
    assert [s for s in statements if s.split()[0] in ("BEGIN", "COMMIT")] == ["BEGIN IMMEDIATE", "COMMIT"]
    assert (await store.query("SELECT COUNT(*) FROM commands"))[0][0] == 300
    assert (await store.query("SELECT COUNT(*) FROM guide_uses"))[0][0] == 100
    assert (await store.query("SELECT COUNT(*) FROM reviews"))[0][0] == 30
    assert (await store.query("SELECT COUNT(*) FROM review_findings"))[0][0] == 60
    users = [u for u, in await store.query('SELECT "user" FROM commands ORDER BY id')]
    await store.close()
    assert users == [f"u{n}" for n in range(300)]  # ids keep the order the commands came in


async def test_small_batches_are_written_from_the_loop_and_the_log_is_still_checkpointed(tmp_path, monkeypatch):
    """One member's record is written without the round trip into the database thread (which costs more than
    the write); that connection never checkpoints, so the thread does, every CHECKPOINT_EVERY of its commits."""
    from storage import sqlite as engine
    monkeypatch.setattr(engine, "CHECKPOINT_EVERY", 10)
    store = await open_store(tmp_path / "h.db")
    db = store._db
    statements: list[str] = []
    await db._conn.set_trace_callback(statements.append)
    for n in range(40):
        store.queue(_command(n, guide="ml-engineer" if n % 3 == 0 else None))
        await store.flush()
    await db._conn.set_trace_callback(None)
    assert statements == ["PRAGMA wal_checkpoint(PASSIVE)"] * 4  # nothing else went through the thread
    assert (await store.query("SELECT COUNT(*), COUNT(DISTINCT \"user\") FROM commands"))[0] == (40, 40)
    assert (await store.query("SELECT COUNT(*) FROM guide_uses"))[0][0] == 14
    await store.close()


async def test_a_flush_that_waits_for_one_record_writes_it_itself_without_a_turn_of_the_loop(tmp_path):
    """A row at a time (a member reading their history just after a command): the flush writes it at once,
    instead of waiting for a task to be started and run, which cost more than the write."""
    store = await open_store(tmp_path / "h.db")
    on_disk = sqlite3.connect(tmp_path / "h.db")
    for n in range(3):
        store.queue(_command(n, guide="ml-engineer"))
        flush = store.flush()
        with pytest.raises(StopIteration):  # finished without suspending once
            flush.send(None)
        assert on_disk.execute("SELECT COUNT(*) FROM guide_uses").fetchone() == (n + 1,)
    on_disk.close()
    await store.close()


async def test_a_flush_never_writes_ahead_of_a_batch_being_written(tmp_path, monkeypatch):
    from storage import sqlite as engine
    begin = threading.Event()
    real = engine.sqlite_write

    def held(conn, records, claims, at):  # the database thread's batch waits before it begins
        if len(records) > 1:
            begin.wait(10)
        return real(conn, records, claims, at)
    monkeypatch.setattr(engine, "sqlite_write", held)
    store = await open_store(tmp_path / "h.db")
    for n in range(100):  # too many for the loop's connection: written in the database thread
        store.queue(_command(n))
    await asyncio.sleep(0)  # the flusher has taken them
    store.queue(_command(100))
    flush = asyncio.ensure_future(store.flush())
    await asyncio.sleep(0)  # the flush has run as far as it can
    begin.set()
    await flush
    users = [u for u, in await store.query('SELECT "user" FROM commands ORDER BY id')]
    await store.close()
    assert users == [f"u{n}" for n in range(101)]


async def test_records_refused_while_the_database_is_away_are_kept_and_written_once_it_is_back(tmp_path):
    """Another program holds the file's write lock: the batch is refused, kept (not dropped) and written when
    the lock goes; readers meanwhile don't wait out the backoff."""
    from storage import Store
    store = await Store.open(tmp_path / "h.db", busy_timeout_ms=50)
    store._db.retry_first_seconds = 60  # only a reader's flush or the database answering brings the retry
    holder = sqlite3.connect(tmp_path / "h.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        for n in range(3):
            store.queue(_command(n, guide="ml-engineer" if n == 1 else None))
        await store.flush()  # tried, refused
        assert await store.query("SELECT COUNT(*) FROM commands") == [(0,)]  # tried again for the reader, refused
    finally:
        holder.execute("COMMIT")
        holder.close()
    assert await store.claim_delivery("delivery-1")  # the database answers: the kept records go next,
    await asyncio.wait_for(asyncio.shield(store._db._flusher), 10)  # not after the minute's backoff
    assert [u for u, in await store.query('SELECT "user" FROM commands ORDER BY id')] == ["u0", "u1", "u2"]
    assert await store.query("SELECT guide FROM guide_uses") == [("ml-engineer",)]
    await store.close()


async def test_records_refused_while_postgresql_is_away_are_kept_and_written_once_it_is_back(postgres_url):
    """The server drops every connection of the store (as a restart does) just before a batch: the batch is
    refused, kept, and written again on a new connection."""
    import asyncpg

    from storage import PostgresStore
    store = await PostgresStore.open(postgres_url)
    admin = await asyncpg.connect(postgres_url)
    try:
        await store.claim_delivery("warm-up")  # the pool holds an open connection
        await admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            " WHERE datname = current_database() AND pid <> pg_backend_pid()")
        for n in range(3):
            store.queue(_command(n, guide="ml-engineer" if n == 1 else None))
        await asyncio.wait_for(store.flush(), 30)
        await asyncio.wait_for(store.flush(), 30)  # the second try, on a new connection
        assert [u for u, in await store.query('SELECT "user" FROM commands ORDER BY id')] == ["u0", "u1", "u2"]
        assert await store.query("SELECT guide FROM guide_uses") == [("ml-engineer",)]
    finally:
        await admin.close()
        await store.close()


async def test_queued_records_reach_the_database_in_order_on_both_engines(database):
    store = await open_store(database)
    for n in range(40):
        store.queue(_command(n, guide="general" if n % 2 else None))
        if n % 4 == 0:
            store.queue(_review(n))
    reviews = await store.recent_reviews("c1", "u36")  # a member's own reads include what was queued
    rows = await store.query('SELECT c."user", g.guide FROM commands c LEFT JOIN guide_uses g'
                                 ' ON g.command_id = c.id ORDER BY c.id')
    findings = await store.query("SELECT r.\"user\", f.rule, f.kind FROM review_findings f"
                                     " JOIN reviews r ON r.id = f.review_id ORDER BY r.id, f.rule")
    await store.close()
    assert [r.score for r in reviews] == [_review(36).score] and reviews[0].issues == {"length.words"}
    assert rows == [(f"u{n}", "general" if n % 2 else None) for n in range(40)]
    assert findings == [(f"u{n}", rule, kind) for n in range(0, 40, 4)
                        for rule, kind in (("evidence.result", "strength"), ("length.words", "issue"))]


async def test_claims_waiting_together_are_decided_once_each(database):
    store = await open_store(database)
    keys = [f"slack:k{n % 7}" for n in range(50)]
    claims = await asyncio.gather(*(store.claim_delivery(k) for k in keys))
    again = await store.claim_delivery("slack:k3")
    await store.close()
    assert sum(claims) == 7 and not again
    assert all(claims[keys.index(k)] for k in set(keys))  # the first delivery of each key is the fresh one


async def test_close_writes_what_is_queued_and_then_refuses(tmp_path, monkeypatch):
    monkeypatch.setenv("SHORTLIST_FLUSH_SECONDS", "60")  # records would wait a minute for company
    store = await open_store(tmp_path / "h.db")
    for n in range(25):
        store.queue(_command(n))
    await store.close()
    with pytest.raises(Exception, match="shutting down"):
        store.queue(_command(99))
    reopened = await open_store(tmp_path / "h.db")
    assert (await reopened.query("SELECT COUNT(*) FROM commands"))[0][0] == 25
    await reopened.close()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
async def test_a_clean_stop_of_the_bot_writes_every_queued_record(tmp_path, stop):
    """With records held back for a minute, only the stop's drain can have written them."""
    fake = FakeSlack()
    base = await fake.start()
    port, db = free_port(), tmp_path / "bot.db"
    answered = 0
    try:
        async with shortlist_run("--slack", "--port", str(port), SLACK_BOT_TOKEN="xoxb-test",
                                 SLACK_SIGNING_SECRET="test-signing-secret", SHORTLIST_SLACK_API=base,
                                 SHORTLIST_DB=str(db), SHORTLIST_FLUSH_SECONDS="60") as proc:
            assert await until(lambda: _listening(port), 30)
            async with aiohttp.ClientSession() as session:
                for n in range(12):
                    payload = command("/guide", "ml-engineer", fake.response_url(), user=f"U{n:03d}")
                    body = form(payload)
                    async with session.post(f"http://127.0.0.1:{port}/slack/events", data=body.encode(),
                                            headers=sign(body)) as response:
                        fake.record_ack(payload, await response.text())
                        answered += response.status == 200
            assert await until(lambda: len(fake.answers) == 12, 30)
            proc.send_signal(stop)
            assert await asyncio.wait_for(proc.wait(), 30) in (0, 130)
    finally:
        await fake.stop()
    with contextlib.closing(sqlite3.connect(db)) as conn:
        users = {u for u, in conn.execute("SELECT user FROM commands WHERE command = 'guide'")}
    assert answered == 12 and users == {f"U{n:03d}" for n in range(12)}
