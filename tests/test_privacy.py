"""Issue 11, privacy: nothing a member types reaches the database, /forget is complete, and
moderators' figures never describe one member's review. Real SQLite files throughout."""
from __future__ import annotations

import sqlite3

import pytest

from bot.core import Shortlist
from bot.request import Privilege
from storage import Store

from .conftest import LETTERS, ask

LETTER = (LETTERS / "05-framework-list.txt").read_text(encoding="utf-8")
SECRET = "Zephyr the quokka audited my pipeline"


@pytest.fixture
async def bot(library, tmp_path):
    store = await Store.open(tmp_path / "privacy.db")
    yield Shortlist(library, store)
    await store.close()


def dump(path) -> str:
    """Every value in every table, as text."""
    with sqlite3.connect(path) as conn:
        tables = [t for t, in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return "\n".join(str(row) for t in tables for row in conn.execute(f"SELECT * FROM {t}"))


def who(user="ana", **extra):
    return {"community_id": "bootcamp", "channel_id": "general", "user_id": user, **extra}


@pytest.mark.parametrize("line", [
    f"/review Dear Ms Patel, {SECRET}",  # a letter typed where the role goes
    f"/faq Dear Ms Patel, {SECRET}",  # a /faq "question" holding a letter
    f"/guide Dear Ms Patel, {SECRET}",
    f"/mistakes {SECRET}",
    f"/help {SECRET}",
    f"/feedback ml-engineer {SECRET}",
    f"/history {SECRET}",
    f"/mod {SECRET}",
])
async def test_typed_text_never_reaches_the_database(bot, line):
    await ask(bot, line, **who())
    await ask(bot, line, **who("mo", privilege=Privilege.MODERATOR))
    await bot.store.flush()  # history is written in the background; dump reads from another connection
    stored = dump(bot.store.path)
    assert "quokka" not in stored and "Zephyr" not in stored
    export = await ask(bot, "/history export", **who())
    assert "quokka" not in export.fallback_text()


async def test_known_arguments_are_still_recorded_for_stats(bot):
    await ask(bot, "/guide mle signals", **who())
    await ask(bot, "/faq how long should it be mle", **who())
    await bot.store.flush()  # history is written in the background; read from another connection
    with sqlite3.connect(bot.store.path) as conn:
        assert [a for a, in conn.execute("SELECT args FROM commands ORDER BY id")] == [
            "role=ml-engineer section=signals", "role=ml-engineer"]


async def test_forget_leaves_no_row_naming_the_member(bot):
    mod = who("ana", privilege=Privilege.MODERATOR)
    await ask(bot, "/mod cooldown 5 per day", **mod)
    await ask(bot, "/review ml-engineer", text=LETTER, **who())
    await ask(bot, "/mod import", text="retention_days: 30\n", **mod)  # left unconfirmed
    boss = who("boss", privilege=Privilege.ADMIN)
    await ask(bot, "/mod moderators add user ana", **boss)
    # A row from before arguments were reduced to known tokens, naming her as its target.
    await bot.store.flush()
    with sqlite3.connect(bot.store.path) as conn:
        conn.execute("INSERT INTO commands (at, platform, community, channel, user, command, args, outcome, latency_ms)"
                     " VALUES ('2026-01-01T00:00:00.000000Z', 'terminal', 'bootcamp', 'general', 'boss', 'mod',"
                     " 'action=moderators value=add user ana', 'ok', 1)")
    assert "ana" in dump(bot.store.path)
    done = await ask(bot, "/forget confirm", **who())
    text = done.fallback_text()
    await bot.store.flush()
    stored = dump(bot.store.path)
    assert "'ana'" not in stored and ":ana'" not in stored and " ana" not in stored
    # Every kind is itemised: the counts add up to the total.
    assert ("Deleted 7 records: 3 command records, 1 review, 1 review-limit record, 1 moderator listing and "
            "1 unconfirmed settings import") in text
    with sqlite3.connect(bot.store.path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM pending_imports").fetchone()[0] == 0
        actors = {a for a, in conn.execute("SELECT actor FROM audit_log")}
        assert "terminal:boss" in actors and len(actors) == 2  # ana's entry kept, under a pseudonym
        assert conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == 2
    assert "audit-log entries" in text and "other member's command record" in text


async def test_stats_hide_every_per_review_figure_below_five_reviews(bot):
    await ask(bot, "/review ml-engineer", text=LETTER, **who())
    await ask(bot, "/feedback ml-engineer mistake.framework-list", **who())
    text = (await ask(bot, "/mod stats", **who("mo", privilege=Privilege.MODERATOR))).fallback_text()
    assert "Reviews: 1" in text
    assert "framework" not in text.lower() and "Review points" not in text
    assert "`ml-engineer`" not in text  # which guide the one review used
    assert "from 5 reviews" in text and "could describe one member's letter" in text


# Item 1 on the chat platforms: a letter typed into a slash command's text or options is never stored.

async def _stored_args(store) -> str:
    return str(await store.query("SELECT command, args FROM commands"))


async def test_a_letter_typed_into_a_slack_command_is_never_stored(library, tmp_path):
    from .fakes.slack_api import command
    from .fakes.slack_harness import slack_harness
    slack, close = await slack_harness("http", library, tmp_path)
    try:
        for name, text in (("/review", f"Dear Ms Patel, {SECRET}"), ("/faq", f"Dear Ms Patel, {SECRET}"),
                           ("/shortlist", f"guide Dear Ms Patel, {SECRET}")):
            assert await slack.deliver("command", command(name, text, slack.fake.response_url())) == 200
        await slack.settle(answers=2)
        stored = await _stored_args(slack.store)
        assert "faq" in stored and "quokka" not in stored and "Zephyr" not in stored
    finally:
        await close()


async def test_a_letter_typed_into_discord_options_is_never_stored(discord_bot):  # noqa: F811
    from .fakes.discord_api import interaction, slash
    for name, option in (("review", "role"), ("faq", "question"), ("guide", "role"), ("mistakes", "role")):
        await discord_bot.send(interaction(2, slash(name, **{option: f"Dear Ms Patel, {SECRET}"})), responses=1)
    stored = await _stored_args(discord_bot.store)
    assert "faq" in stored and "quokka" not in stored and "Zephyr" not in stored
