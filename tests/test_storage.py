"""Storage on real SQLite files: round trips, migrations, concurrency, crashes, privacy, locking."""
from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
from dataclasses import replace

import pytest

from bot.core import Shortlist
from bot.records import CommandRecord
from bot.request import Privilege
from bot.review_records import ReviewRecord
from storage import DatabaseLocked, NewerDatabase, Store, open_store
from storage.migrations import LATEST, MIGRATIONS

from .conftest import LETTERS, ROOT, ask, sqlite_at_version

LETTER = (LETTERS / "05-framework-list.txt").read_text(encoding="utf-8")
BETTER = (LETTERS / "01-strong-fintech.txt").read_text(encoding="utf-8")


@pytest.fixture
async def store(database):
    """On both engines: a SQLite file, and a fresh PostgreSQL database."""
    s = await open_store(database)
    yield s
    await s.close()


@pytest.fixture
async def sqlite_store(tmp_path):
    s = await Store.open(tmp_path / "shortlist.db")
    yield s
    await s.close()


@pytest.fixture
def bot(library, store):
    return Shortlist(library, store)


def member(**extra):
    return {"platform": "terminal", "community_id": "bootcamp", "channel_id": "general", "user_id": "ana", **extra}


def rows(path, sql, params=()):
    """Read a SQLite file directly, as another program would."""
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()


async def stored(store, sql, params=()):
    """Read what either engine holds (``"user"`` quoted: PostgreSQL reserves the word)."""
    return await store.query(sql, params)


async def test_pragmas_and_schema(sqlite_store):
    store = sqlite_store
    assert rows(store.path, "PRAGMA journal_mode")[0][0] == "wal"
    assert await store.schema_version() == LATEST
    assert (await store.query("PRAGMA foreign_keys"))[0][0] == 1
    assert (await store.query("PRAGMA busy_timeout"))[0][0] == 5000


async def test_every_command_is_recorded_without_the_letter(bot, store):
    await ask(bot, "/guide ml-engineer signals", **member())
    await ask(bot, "/gide", **member())
    await ask(bot, "/review ml-engineer", text=LETTER, **member())
    recorded = await stored(store, "SELECT platform, community, channel, \"user\", command, args, outcome, latency_ms "
                                "FROM commands ORDER BY id")
    assert [r[4] for r in recorded] == ["guide", "unknown", "review"]  # a typo is never kept as typed (trial 14 F28)
    assert recorded[0][:7] == ("terminal", "bootcamp", "general", "ana", "guide",
                               "role=ml-engineer section=signals", "ok")
    assert recorded[1][6] == "refused" and recorded[2][5] == "role=ml-engineer"
    assert all(r[7] >= 0 for r in recorded)


async def test_review_is_recorded_with_rule_ids_and_fingerprint(bot, store):
    reply = await ask(bot, "/review ml-engineer", text=LETTER, **member())
    [(guide, score, words, sha)] = await stored(store, "SELECT guide, score, words, text_sha256 FROM reviews")
    assert (guide, score, words) == ("ml-engineer", reply.data["score"], reply.data["words"])
    assert len(sha) == 64
    findings = {(r, k) for r, k in await stored(store, "SELECT rule, kind FROM review_findings")}
    assert ("mistake.framework-list", "issue") in findings and ("signal.production", "strength") in findings


async def test_history_says_when_the_same_letter_was_reviewed_again(bot, store):
    """Trial 11 F29: the fingerprints match, so it says so, rather than that it can't tell."""
    await ask(bot, "/review ml-engineer", text=LETTER, **member())
    await ask(bot, "/review ml-engineer", text=LETTER, **member())
    text = " ".join((await ask(bot, "/history", **member())).fallback_text().split())
    assert "This is the same letter as last time" in text and "can't tell a new draft" not in text


async def test_history_shows_progress_and_forget_erases(bot, store):
    other = member(user_id="ben")
    await ask(bot, "/review ml-engineer", text=LETTER, **member())
    await ask(bot, "/review ml-engineer", text=BETTER, **member())
    await ask(bot, "/review", text=BETTER, **other)  # another member's data must survive
    history = await ask(bot, "/history", **member())
    text = history.fallback_text()
    assert history.private
    assert text.count("ml-engineer") >= 2 and "100/100" in text
    assert ("Issues fixed: A list of frameworks (`mistake.framework-list`), "
            "A tool without its result (`mistake.tool-without-outcome`)") in text
    assert "(+" in text
    assert "can't tell a new draft from a different letter" in " ".join(text.split())  # trial 7: not "progress"
    ask_first = await ask(bot, "/forget", **member())
    assert ask_first.kind == "confirm" and "/forget confirm" in [b.command for b in ask_first.buttons]
    assert (await stored(store, "SELECT COUNT(*) FROM reviews WHERE \"user\" = 'ana'"))[0][0] == 2  # nothing yet
    done = await ask(bot, "/forget confirm", **member())
    assert "Deleted 5 records: 3 command records and 2 reviews" in done.fallback_text()
    for table in ("commands", "reviews"):
        assert (await stored(store, f"SELECT COUNT(*) FROM {table} WHERE \"user\" = 'ana'"))[0][0] == 0
    assert (await stored(store, "SELECT COUNT(*) FROM reviews WHERE \"user\" = 'ben'"))[0][0] == 1
    assert (await stored(store, "SELECT COUNT(*) FROM review_findings WHERE review_id NOT IN "
                                "(SELECT id FROM reviews)"))[0][0] == 0
    empty = await ask(bot, "/history", **member())
    assert "haven't had a letter reviewed" in empty.fallback_text()


async def test_history_export_is_everything_about_the_member(bot, store):
    await ask(bot, "/review ml-engineer", text=LETTER, **member())
    await ask(bot, "/faq how long", **member(user_id="ben"))
    reply = await ask(bot, "/history export", **member())
    data = reply.data
    assert data["user"] == "ana" and len(data["reviews"]) == 1 and len(data["commands"]) == 1
    assert {f["rule"] for f in data["reviews"][0]["findings"]} >= {"mistake.framework-list"}
    assert "ben" not in str(data)


async def test_1000_concurrent_commands_are_all_recorded(bot, store):
    lines = ["/guide ml-engineer", "/faq how long should it be", "/mistakes", "/help"]
    replies = await asyncio.gather(*(ask(bot, lines[i % 4], **member(user_id=f"u{i}")) for i in range(1000)))
    assert all(r.kind != "error" for r in replies)
    assert (await stored(store, "SELECT COUNT(*), COUNT(DISTINCT \"user\") FROM commands"))[0] == (1000, 1000)


async def test_purge_respects_each_communitys_retention(store):
    now = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
    old, recent = now - dt.timedelta(days=100), now - dt.timedelta(days=10)
    for community in ("default", "short"):
        for at in (old, recent):
            await store.record_command(CommandRecord("terminal", community, "c", "u", "help", "", "ok", 1.0, at))
            await store.record_review(ReviewRecord(community, "u", "general", 80, 200, 3, "0" * 64, (), at))
    short = await store.settings("short")
    await store.save_settings(replace(short, retention_days=7), actor="test", action="retention", before=None,
                              after=None)
    counts = await store.purge_expired(now)
    assert counts == {"commands": 3, "reviews": 3}
    assert await stored(store, "SELECT community, at FROM commands") == [
        ("default", recent.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))]


def _make_v1(path):
    """A database exactly as the first schema left it."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                     "applied_at TEXT NOT NULL)")
        for statement in filter(str.strip, MIGRATIONS[0][2].split(";")):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_version VALUES (1, 'commands and reviews', '2026-01-01T00:00:00.000000Z')")


async def test_v1_database_with_data_migrates_with_nothing_lost(tmp_path):
    path = tmp_path / "old.db"
    _make_v1(path)
    with sqlite3.connect(path) as conn:
        conn.executemany("INSERT INTO commands (at, platform, community, channel, user, command, args, outcome, "
                         "latency_ms) VALUES (?, 'discord', 'g1', 'c1', ?, 'guide', 'role=mle', 'ok', 2.5)",
                         [(f"2026-11-{d:02d}T10:00:00.000000Z", f"user{d}") for d in range(1, 21)])
        conn.executemany("INSERT INTO reviews (at, community, user, guide, score, words, text_sha256) "
                         "VALUES (?, 'g1', ?, 'ml-engineer', ?, 300, ?)",
                         [(f"2026-11-{d:02d}T10:00:00.000000Z", f"user{d}", 50 + d, f"{d:064d}") for d in range(1, 11)])
        before_commands = conn.execute("SELECT * FROM commands ORDER BY id").fetchall()
        before_reviews = conn.execute("SELECT * FROM reviews ORDER BY id").fetchall()
    store = await Store.open(path)
    try:
        assert await store.schema_version() == LATEST
        assert rows(path, "SELECT * FROM commands ORDER BY id") == before_commands
        after = rows(path, "SELECT id, at, community, user, guide, score, words, text_sha256 FROM reviews ORDER BY id")
        assert after == before_reviews
        history = await store.recent_reviews("g1", "user3")
        assert [(r.guide, r.score) for r in history] == [("ml-engineer", 53)]
        versions = [v for v, in rows(path, "SELECT version FROM schema_version ORDER BY version")]
        assert versions == list(range(1, LATEST + 1))
    finally:
        await store.close()
    reopened = await Store.open(path)  # idempotent: nothing re-applied
    await reopened.close()


async def test_newer_database_is_refused_unchanged(tmp_path):
    path = tmp_path / "future.db"
    s = await Store.open(path)
    await s.close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (?, 'from the future', 'x')", (LATEST + 1,))
    size = path.stat().st_size
    with pytest.raises(NewerDatabase, match="newer version of Shortlist"):
        await Store.open(path)
    assert path.stat().st_size == size


async def test_newer_database_is_refused_byte_for_byte_unchanged(tmp_path):
    """Issue 11, item 10: the version is checked before anything is set on the file (WAL would rewrite its
    header), so a newer Shortlist's database is left exactly as it was, with no -wal or -shm beside it."""
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as conn:  # a rollback-journal file, as another tool or version may leave it
        conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                     "applied_at TEXT NOT NULL)")
        conn.execute("INSERT INTO schema_version VALUES (?, 'from the future', 'x')", (LATEST + 1,))
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerDatabase, match="Nothing was changed"):
        await Store.open(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["future.db"]


async def test_not_a_database_is_explained(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is a text file, not SQLite" * 100)
    with pytest.raises(Exception, match="not a Shortlist database"):
        await Store.open(path)


async def test_locked_database_is_waited_for_then_explained(tmp_path, library):
    path = tmp_path / "busy.db"
    store = await Store.open(path, busy_timeout_ms=300)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holding the write lock
    try:
        with pytest.raises(DatabaseLocked, match="locked by another program"):
            await store.record_command(CommandRecord("terminal", "c", "c", "u", "help", "", "ok", 1.0))
        bot = Shortlist(library, store)
        reply = await ask(bot, "/forget confirm", **member())
        assert reply.kind == "error" and "locked" in reply.fallback_text()
        # The member still gets their answer when only the record of it can't be written.
        guide = await ask(bot, "/guide ml-engineer", **member())
        assert guide.kind == "guide"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    await store.record_command(CommandRecord("terminal", "c", "c", "u", "help", "", "ok", 1.0))
    await store.close()


async def test_locked_database_at_start_up_is_explained(tmp_path):
    """A migration needs the write lock: it waits the busy timeout, then says what is going on."""
    path = tmp_path / "busy.db"
    _make_v1(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseLocked, match="Is another Shortlist running"):
            await Store.open(path, busy_timeout_ms=200)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    store = await Store.open(path)  # and once the other program lets go, it opens and migrates
    assert await store.schema_version() == LATEST
    await store.close()


async def test_letter_text_never_reaches_the_database(tmp_path, library):
    sentence = "My quokka-tracking model cut zoo feeding waste by 37 percent across Perth"
    letter = LETTER.replace("I would be delighted", sentence + ". I would be delighted")
    path = tmp_path / "private.db"
    store = await Store.open(path)
    bot = Shortlist(library, store)
    reply = await ask(bot, "/review ml-engineer", text=letter, **member())
    assert reply.kind == "review"
    await ask(bot, "/history", **member())
    await store.close()
    needles = [sentence, "quokka", "Perth", "PyTorch, TensorFlow"]
    with sqlite3.connect(path) as conn:
        tables = [t for t, in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in conn.execute(f"SELECT * FROM {table}"):
                for needle in needles:
                    assert needle.lower() not in repr(row).lower(), (table, needle)
    for file in tmp_path.iterdir():  # the main file, and the WAL and shared memory if any remain
        raw = file.read_bytes()
        for needle in needles:
            assert needle.encode() not in raw, (file.name, needle)
            assert needle.encode("utf-16-le") not in raw


WRITER = r"""
import asyncio, sys
from bot.records import CommandRecord
from storage import Store

async def main(path):
    store = await Store.open(path)
    i = 0
    while True:
        batch = [store.record_command(CommandRecord("terminal", "c", "ch", f"user{i + k}", "help", "", "ok", 1.0))
                 for k in range(5)]
        ids = await asyncio.gather(*batch)
        i += 5
        sys.stdout.write(" ".join(map(str, ids)) + "\n")  # reported only once committed
        sys.stdout.flush()

asyncio.run(main(sys.argv[1]))
"""


def test_sigkill_mid_stream_keeps_every_committed_write(tmp_path):
    path = tmp_path / "crash.db"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True,
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    reported = []
    try:
        while len(reported) < 2000:
            line = proc.stdout.readline()
            assert line, "the writer stopped early"
            reported += [int(x) for x in line.split()]
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {i for i, in conn.execute("SELECT id FROM commands")}
    assert set(reported) <= stored
    assert len(stored) >= len(reported)


async def test_stats_count_guides_from_their_own_column_old_rows_included(tmp_path, library):
    path = tmp_path / "old.db"
    _make_v1(path)
    with sqlite3.connect(path) as conn:  # rows from before the guide had a column: read once from args
        conn.executemany("INSERT INTO commands (at, platform, community, channel, user, command, args, outcome, "
                         "latency_ms) VALUES ('2026-11-20T10:00:00.000000Z', 'discord', 'g1', 'c1', 'u', ?, ?, ?, 1)",
                         [("guide", "role=mle section=signals", "ok"), ("faq", "question=how long", "ok"),
                          ("mistakes", "role=nope", "refused"), ("help", "", "ok")])
    store = await Store.open(path)
    bot = Shortlist(library, store)
    await ask(bot, "/faq how long should it be ml-engineer", **member(community_id="g1"))
    await ask(bot, "/mistakes", **member(community_id="g1"))
    stats = await store.stats("g1", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert sorted(stats.guides) == [("general", 2), ("ml-engineer", 1), ("mle", 1)]
    reply = await ask(bot, "/mod stats 3650", **member(community_id="g1", privilege=Privilege.ADMIN))
    assert "`ml-engineer`: 2" in reply.fallback_text() and "`general`: 2" in reply.fallback_text()
    await store.close()


async def test_findings_stored_before_migration_12_are_counted_by_stats(tmp_path):
    """Migration 12 gives each finding its review's community and time, which /mod stats counts them by."""
    path = tmp_path / "v11.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                     "applied_at TEXT NOT NULL)")
        for version, name, sql in MIGRATIONS[:11]:
            for statement in filter(str.strip, sql.split(";")):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version VALUES (?, ?, '2026-01-01T00:00:00.000000Z')", (version, name))
        conn.executemany("INSERT INTO reviews (id, at, community, user, guide, score, words, text_sha256) "
                         "VALUES (?, ?, ?, 'u', 'ml-engineer', 60, 300, 'x')",
                         [(1, "2026-11-20T10:00:00.000000Z", "g1"), (2, "2026-11-21T10:00:00.000000Z", "g2")])
        conn.executemany("INSERT INTO review_findings VALUES (?, ?, ?, ?)",
                         [(1, "uk.signoff", "issue", "warning"), (1, "placeholders", "issue", "info"),
                          (1, "signal.production", "strength", "suggestion"), (2, "uk.signoff", "issue", "error")])
    store = await Store.open(path)
    stats = await store.stats("g1", dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    assert stats.rules_fired == [("uk.signoff", 1)]
    assert await store.query("SELECT community, at FROM review_findings WHERE review_id = 2") == [
        ("g2", "2026-11-21T10:00:00.000000Z")]
    await store.close()


async def test_processes_opening_a_new_file_together_migrate_it_once(tmp_path):
    path = tmp_path / "shared.db"
    with sqlite3.connect(path) as conn:  # an empty file already in WAL mode: only the migrations race
        conn.execute("PRAGMA journal_mode = WAL")
    stores = await asyncio.gather(*(Store.open(path) for _ in range(4)))
    try:
        assert [v for v, in rows(path, "SELECT version FROM schema_version ORDER BY version")] == list(
            range(1, LATEST + 1))
        assert sum(len(s.migrations_applied) for s in stores) == LATEST  # each migration applied by one of them
    finally:
        for s in stores:
            await s.close()


async def test_unknown_commands_recorded_before_migration_16_lose_the_word_typed(tmp_path):
    """Trial 14 F28: a pasted line's first word or a mistyped file path was kept as the command's name and shown
    in /mod stats; migration 16 renames such rows 'unknown', and the daily counts say the same."""
    path = tmp_path / "v15.db"
    with sqlite_at_version(path, 15) as conn:
        conn.executemany("INSERT INTO commands (at, platform, community, channel, user, command, args, outcome, "
                         "latency_ms) VALUES (?, 'terminal', 'g1', 'c', 'u', ?, '', ?, 1.0)",
                         [(f"2026-11-{day}T10:00:00.000000Z", command, outcome) for day, command, outcome in (
                             (20, "users/jane.smith/documents/coverletter_m", "refused"), (20, "fenwick", "refused"),
                             (21, "fenwick", "refused"), (21, "guide", "ok"), (22, "review", "ok"))])
    store = await Store.open(path)
    assert sorted(await store.query("SELECT command, COUNT(*) FROM commands GROUP BY command")) == [
        ("guide", 1), ("review", 1), ("unknown", 3)]
    stats = await store.stats("g1", dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    assert sorted(stats.commands) == [("guide", 1), ("review", 1), ("unknown", 3)]
    assert not await store.query("SELECT name FROM stats_daily WHERE name LIKE '%jane%' OR name = 'fenwick'")
    await store.close()


async def test_a_command_shortlist_does_not_have_is_recorded_as_unknown(bot, store):
    await ask(bot, "/Users/jane.smith/Documents/CoverLetter_Monzo.pdf", **member())
    await ask(bot, "/fenwick", **member())
    await ask(bot, "/guide ml-engineer", **member())
    await store.flush()
    assert sorted(await store.query("SELECT command FROM commands")) == [("guide",), ("unknown",), ("unknown",)]
    stats = (await ask(bot, "/mod stats", **member(privilege=Privilege.ADMIN))).fallback_text()
    assert "commands Shortlist doesn't have: 2" in stats and "jane" not in stats.lower()
