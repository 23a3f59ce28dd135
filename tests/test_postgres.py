"""PostgreSQL: the same schema as SQLite, and what several processes could race on decided in the database.

Each store here has its own connection pool, as a separate process would; `test_processes.py` runs real
separate `shortlist run` processes.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys
from dataclasses import replace

import asyncpg
import pytest

from bot.core import Shortlist
from bot.errors import SettingsChanged
from bot.records import CommandRecord
from bot.request import Privilege
from storage import NewerDatabase, PostgresStore, Store
from storage.postgres_migrations import LATEST, MIGRATIONS

from .conftest import LETTERS, ROOT, ask, table_columns

TABLES = ("commands", "reviews", "review_findings", "communities", "deliveries", "allowed_channels",
          "command_switches", "faq_entries", "moderators", "review_slots", "rule_feedback", "audit_log",
          "pending_imports", "guide_uses", "community_guides", "reviewers", "reviewer_requests", "stats_daily")


@pytest.fixture
async def two(postgres_url):
    """Two stores on one database, each with its own pool: two processes, as far as PostgreSQL can tell."""
    a, b = await PostgresStore.open(postgres_url), await PostgresStore.open(postgres_url)
    yield a, b
    await a.close()
    await b.close()


def member(**extra):
    return {"platform": "slack", "community_id": "T1", "channel_id": "C1", "user_id": "ana", **extra}


async def test_schema_matches_sqlite_table_for_table(postgres_url, tmp_path):
    """The repositories' SQL runs on both engines: a column added to one engine's migrations must be added
    to the other's."""
    lite, pg = await Store.open(tmp_path / "x.db"), await PostgresStore.open(postgres_url)
    try:
        for table in TABLES:
            assert sorted(await table_columns(pg, table)) == sorted(await table_columns(lite, table)), table
        assert await pg.schema_version() == LATEST
    finally:
        await lite.close()
        await pg.close()


async def test_migrations_run_once_when_processes_start_together(postgres_url):
    stores = await asyncio.gather(*(PostgresStore.open(postgres_url) for _ in range(4)))
    try:
        [(applied,)] = await stores[0].query("SELECT COUNT(*) FROM schema_version")
        assert applied == LATEST
    finally:
        for s in stores:
            await s.close()


async def test_newer_database_is_refused(postgres_url):
    await (await PostgresStore.open(postgres_url)).close()  # migrated to LATEST
    conn = await asyncpg.connect(postgres_url)  # then a newer Shortlist's migration, written as it would be
    try:
        await conn.execute("INSERT INTO schema_version VALUES ($1, 'from the future', 'x')", LATEST + 1)
    finally:
        await conn.close()
    with pytest.raises(NewerDatabase, match="newer version of Shortlist"):
        await PostgresStore.open(postgres_url)


async def test_a_delivery_is_claimed_once_across_processes(two):
    a, b = two
    keys = [f"slack:{n}" for n in range(50)]
    claims = await asyncio.gather(*(store.claim_delivery(k) for k in keys for store in (a, b)))
    assert sum(claims) == len(keys)  # each key: exactly one of the two processes won


async def test_cooldown_slots_are_not_overspent_by_two_processes(two):
    a, b = two
    now = dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC)
    members = [f"m{n}" for n in range(8)]
    results = await asyncio.gather(*(store.take_review_slot("T1", m, 5, 3600, now=now)
                                     for m in members for _ in range(10) for store in (a, b)))
    assert sum(r is None for r in results) == 5 * len(members)
    per_member = dict(await a.query('SELECT "user", COUNT(*) FROM review_slots GROUP BY "user"'))
    assert per_member == {m: 5 for m in members}


async def test_two_moderators_at_the_same_instant_one_is_refused_with_a_message(two):
    a, b = two
    seen = await a.settings("T1")
    await a.save_settings(replace(seen, retention_days=30), actor="mo1", action="retention", before=None, after=None)
    with pytest.raises(SettingsChanged, match="Another moderator changed"):
        await b.save_settings(replace(seen, default_guide="ml-engineer"), actor="mo2", action="default role",
                              before=None, after=None)
    kept = await b.settings("T1")
    assert (kept.retention_days, kept.default_guide) == (30, None)  # the first is kept, the second not applied
    await b.save_settings(replace(kept, default_guide="ml-engineer"), actor="mo2", action="default role",
                          before=None, after=None)  # and run again on top of it, it applies
    assert (await a.settings("T1")).default_guide == "ml-engineer"


async def test_many_concurrent_changes_are_each_kept_or_refused(two, library):
    """Moderators in both processes add FAQ entries at once: every entry a moderator was told was added
    is there, and the others were told to try again."""
    a, b = two
    cores = (Shortlist(library, a), Shortlist(library, b))
    mod = member(privilege=Privilege.MODERATOR)
    replies = await asyncio.gather(*(
        ask(cores[n % 2], f"/mod faq add Question number {n}? | The answer to question {n}.", **mod)
        for n in range(12)))
    added = {n for n, r in enumerate(replies) if "FAQ entry added" in r.title}
    refused = {n for n, r in enumerate(replies) if "Another moderator changed" in r.fallback_text()}
    assert added and added | refused == set(range(12)) and not added & refused, [r.fallback_text() for r in replies]
    stored = {f.question for f in (await a.settings("T1")).faq}
    assert stored == {f"Question number {n}?" for n in added}


async def test_a_moderators_change_reaches_the_other_process_at_once(two, library):
    a, b = two
    here, there = Shortlist(library, a), Shortlist(library, b)
    assert (await ask(there, "/mistakes", **member())).kind != "refusal"  # cached there now
    await ask(here, "/mod disable mistakes", **member(privilege=Privilege.MODERATOR))
    # Well inside the 5-second cache: only the notification can have told the other process.
    refused = []

    async def refused_there():
        refused.append((await ask(there, "/mistakes", **member())).kind == "refusal")
        return refused[-1]
    for _ in range(50):
        if await refused_there():
            break
        await asyncio.sleep(0.02)
    assert refused[-1] and len(refused) < 50


async def test_retention_clean_up_runs_in_one_process_at_a_time(two, postgres_url):
    a, b = two
    old = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    await a.record_command(CommandRecord("slack", "T1", "C1", "ana", "help", "", "ok", 1.0, old))
    holder = await asyncpg.connect(postgres_url)
    try:  # another process is purging: this one skips, and deletes nothing
        await holder.execute("BEGIN")
        await holder.execute("SELECT pg_advisory_xact_lock(hashtextextended('retention clean-up', 0))")
        assert await b.purge_expired() == {}
        await holder.execute("COMMIT")
    finally:
        await holder.close()
    assert await b.purge_expired() == {"commands": 1, "reviews": 0}


def shortlist(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "adapters.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


async def test_db_migrate_applies_then_says_up_to_date(postgres_url):
    first = await asyncio.to_thread(shortlist, "--db", postgres_url, "db", "migrate")
    every = ", ".join(str(version) for version, _, _ in MIGRATIONS)  # 1, 2, ... as many as there are
    assert first.returncode == 0 and f"applied migrations {every}; schema {LATEST}" in first.stdout, first.stderr
    again = await asyncio.to_thread(shortlist, "--db", postgres_url, "db", "migrate")
    assert again.returncode == 0 and "already up to date" in again.stdout


async def test_db_copy_moves_history_and_settings_and_checks_counts(postgres_url, tmp_path, library):
    path = tmp_path / "old.db"
    lite = await Store.open(path)
    core = Shortlist(library, lite)
    await ask(core, "/mod faq add When is demo day? | The last Friday of the cohort.",
              **member(privilege=Privilege.ADMIN))
    await ask(core, "/mod cooldown 3 per day", **member(privilege=Privilege.ADMIN))
    await ask(core, "/guide ml-engineer", **member())
    await ask(core, "/review ml-engineer", text=(LETTERS / "05-framework-list.txt").read_text(), **member())
    history_before = [(r.guide, r.score) for r in await lite.recent_reviews("T1", "ana")]
    await lite.close()

    done = await asyncio.to_thread(shortlist, "db", "copy", str(path), postgres_url)
    assert done.returncode == 0, done.stderr
    assert "every table's count matches" in done.stdout and "MISMATCH" not in done.stdout
    pg = await PostgresStore.open(postgres_url)
    try:
        settings = await pg.settings("T1")
        assert settings.cooldown == (3, 86400) and settings.faq[0].question == "When is demo day?"
        assert [(r.guide, r.score) for r in await pg.recent_reviews("T1", "ana")] == history_before
        stats = await pg.stats("T1", dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
        assert ("ml-engineer", 1) in stats.guides
        # vacuumed, so the stats' indexes are read alone from the start
        assert not await pg.query("SELECT relname FROM pg_stat_user_tables WHERE relname IN ('commands', 'reviews',"
                                  " 'review_findings', 'guide_uses') AND last_vacuum IS NULL")
        new_id = await pg.record_command(CommandRecord("slack", "T1", "C1", "ana", "help", "", "ok", 1.0))
        assert new_id > max(i for i, in await pg.query("SELECT id FROM commands WHERE id <> ?", (new_id,)))
    finally:
        await pg.close()
    refused = await asyncio.to_thread(shortlist, "db", "copy", str(path), postgres_url)
    assert refused.returncode == 1 and "already holds data" in refused.stderr and "Nothing was copied" in refused.stderr
