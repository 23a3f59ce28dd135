"""The real discord.py client and command tree against a loopback fake of Discord's REST API.

Raw INTERACTION_CREATE payloads go in through the client's connection state, exactly as the
gateway would deliver them; what Discord would have received is read off the fake.
"""
from __future__ import annotations

import asyncio
import json

import discord
import pytest

from adapters.discord.bot import ShortlistDiscord, use_api
from adapters.discord.render import DESCRIPTION_LIMIT, MESSAGE_TOTAL, render
from bot.commands import COMMANDS
from bot.commands.registry import Command
from bot.core import Shortlist
from bot.guides import GuideLibrary

from .conftest import GUIDES, LETTERS
from .fakes import shortlist_run, until
from .fakes.discord_api import (
    APP_ID,
    FakeDiscord,
    autocomplete,
    guild,
    interaction,
    message_command,
    slash,
    user_message,
)
from .fakes.discord_harness import MANAGE_GUILD, Harness, text_of

LETTER = (LETTERS / "05-framework-list.txt").read_text(encoding="utf-8")
async def test_sync_payload_names_options_and_context_menu(discord_bot):
    await discord_bot.client.tree.sync()
    [put] = discord_bot.fake.of("PUT", f"/applications/{APP_ID}/commands")
    by_name = {c["name"]: c for c in put.body}
    assert set(COMMANDS) <= set(by_name)
    assert by_name["Review cover letter"]["type"] == 3  # the message context menu
    guide = {o["name"]: o for o in by_name["guide"]["options"]}
    assert guide["role"]["autocomplete"] is True
    assert [c["value"] for c in guide["section"]["choices"]] == ["overview", "signals", "example", "why", "mistakes",
                                                                 "faq"]
    assert guide["private"]["type"] == 5
    # the letter comes in a modal, or as a file (issue 16 added the optional attachment option)
    # (and issue 17 an optional attachment for the job advert)
    assert {o["name"]: o["type"] for o in by_name["review"]["options"]} == {"role": 3, "file": 11, "advert": 11}
    assert by_name["faq"]["options"][0]["autocomplete"] is True
    for name, command in by_name.items():
        moderator = name in COMMANDS and COMMANDS[name].moderator
        expected = MANAGE_GUILD if moderator else None
        assert command.get("default_member_permissions") == expected, name


async def test_guild_sync_goes_to_the_guild(discord_bot):
    guild = discord.Object(id=123)
    discord_bot.client.tree.copy_global_to(guild=guild)
    await discord_bot.client.tree.sync(guild=guild)
    assert discord_bot.fake.of("PUT", f"/applications/{APP_ID}/guilds/123/commands")


@pytest.mark.parametrize("payload, expect, private", [
    (slash("guide", role="ml-engineer"), "MLOps depth", False),
    (slash("guide", role="mle", section="example"), "Dear Ms Okafor", False),
    (slash("guide", role="ml-engineer", private=True), "MLOps depth", True),
    (slash("guide", role="ml-enginer"), "Did you mean", True),
    (slash("mistakes", role="ml-engineer"), "Reciting every framework", False),
    (slash("faq", question="how long should it be"), "400 words", False),
    (slash("help"), "/review", False),
])
async def test_each_command_answers_in_an_embed(discord_bot, payload, expect, private):
    [response] = await discord_bot.send(interaction(2, payload))
    assert response.body["type"] == 4  # answered directly: the core was quicker than the defer threshold
    assert response.ephemeral is private
    assert expect in text_of(response)
    assert response.data["allowed_mentions"] == {"parse": []}
    assert response.data["embeds"][0]["title"]


async def test_history_defers_privately_then_answers(discord_bot):
    defer, answer = await discord_bot.send(interaction(2, slash("history")), responses=2)
    assert defer.body["type"] == 5 and defer.ephemeral
    assert "haven't had a letter reviewed" in text_of(answer)
    assert answer.data["allowed_mentions"] == {"parse": []}


async def test_forget_asks_with_a_button_then_erases(discord_bot):
    await discord_bot.send(interaction(2, slash("guide", role="mle")))
    _, ask = await discord_bot.send(interaction(2, slash("forget")), responses=2)
    assert "Erase your Shortlist data" in text_of(ask)
    buttons = [c for row in ask.data["components"] for c in row["components"]]
    confirm = next(b for b in buttons if b["custom_id"] == "sl:/forget confirm")
    press = interaction(3, {"custom_id": confirm["custom_id"], "component_type": 2},
                        message={**discord_bot.fake.message(ask.data), "components": ask.data["components"]})
    defer, done = await discord_bot.send(press, responses=2)
    assert defer.ephemeral and "Deleted 1 record" in text_of(done)


async def test_autocomplete_offers_roles_and_questions(discord_bot):
    [roles] = await discord_bot.send(interaction(4, autocomplete("guide", "role", "mach")))
    assert roles.body["type"] == 8
    assert roles.body["data"]["choices"][0] == {"name": "Machine learning engineer (ml-engineer)",
                                                "value": "ml-engineer"}
    [questions] = await discord_bot.send(interaction(4, autocomplete("faq", "question", "how long")))
    choices = questions.body["data"]["choices"]
    assert 1 <= len(choices) <= 25 and "How long" in choices[0]["name"]
    [everything] = await discord_bot.send(interaction(4, autocomplete("guide", "role", "")))
    assert len(everything.body["data"]["choices"]) == len(discord_bot.client.core.library.guides)


async def test_review_modal_opens_then_reviews_privately(discord_bot):
    [opened] = await discord_bot.send(interaction(2, slash("review", role="ml-engineer")))
    assert opened.body["type"] == 9  # a modal
    modal = opened.body["data"]
    field = modal["components"][0]["components"][0]
    assert field["style"] == 2 and field["max_length"] == 4000
    submit = interaction(5, {"custom_id": modal["custom_id"], "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": field["custom_id"], "value": LETTER}]}]})
    answers = await discord_bot.send(submit, responses=2)
    defer, review = answers[0], answers[1]
    assert defer.body["type"] == 5 and defer.ephemeral  # acknowledged at once, privately
    assert "Fix these first" in text_of(review) and "mistake" in text_of(review).lower()
    assert review.ephemeral or defer.ephemeral
    [(guide, _)] = await discord_bot.store.query("SELECT guide, score FROM reviews")
    assert guide == "ml-engineer"


async def test_review_with_unknown_role_says_so_before_the_modal(discord_bot):
    [reply] = await discord_bot.send(interaction(2, slash("review", role="ml-enginer")))
    assert reply.body["type"] == 4 and reply.ephemeral and "Did you mean" in text_of(reply)


async def test_message_menu_reviews_the_message_privately(discord_bot):
    payload = interaction(2, message_command("Review cover letter", user_message(LETTER)))
    answers = await discord_bot.send(payload, responses=2)
    assert answers[0].body["type"] == 5 and answers[0].ephemeral
    assert "Your letter, reviewed" in text_of(answers[1])


async def test_an_answer_after_thinking_waits_while_another_interaction_awaits_its_first_response(discord_bot):
    """Acknowledgements first: work after an interaction's first response (here the review after
    "thinking…") waits while another interaction is still owed its first response, so a burst's last
    first responses don't queue on the event loop behind earlier answers (at most the bridge's patience)."""
    acks = discord_bot.client.bridge.acks
    acks.patience = 60.0
    payload = interaction(2, message_command("Review cover letter", user_message(LETTER)))

    def answers():
        return [c for c in discord_bot.fake.responses if payload["token"] in c.path or f"/{payload['id']}/" in c.path]
    with acks.acknowledging():  # another interaction, not yet answered
        [thinking] = await discord_bot.send(payload)
        assert thinking.body["type"] == 5
        for _ in range(10):
            await asyncio.sleep(0.02)
        assert len(answers()) == 1
    assert await until(lambda: len(answers()) == 2)
    assert "Your letter, reviewed" in text_of(answers()[1])


async def test_a_public_answer_slower_than_the_defer_threshold_thinks_in_public_then_follows(discord_bot):
    """Discord waits 3 seconds for a first response: a command the core takes longer than ``defer_after``
    over gets "thinking…" (in the channel, as its answer will be), and its answer follows it."""
    discord_bot.client.bridge.defer_after = 0.0  # the core waits at least once (the settings, read): too long
    thinking, answer = await discord_bot.send(interaction(2, slash("guide", role="ml-engineer")),
                                              responses=2)
    assert thinking.body["type"] == 5 and not thinking.ephemeral
    assert "/webhooks/" in answer.path and not answer.ephemeral and "Machine learning engineer" in text_of(answer)


async def test_button_press_runs_its_command_privately(discord_bot):
    [guide] = await discord_bot.send(interaction(2, slash("guide", role="ml-engineer")))
    buttons = [c for row in guide.data["components"] for c in row["components"]]
    assert "sl:/guide ml-engineer example" in [b["custom_id"] for b in buttons]
    press = interaction(3, {"custom_id": "sl:/guide ml-engineer example", "component_type": 2},
                        message={**discord_bot.fake.message(guide.data), "components": guide.data["components"]})
    [example] = await discord_bot.send(press)
    assert example.ephemeral and "Dear Ms Okafor" in text_of(example)


async def test_buttons_leave_nothing_running_for_each_message(discord_bot):
    """A press is routed by its custom id alone, so discord.py needn't keep a view for each message sent:
    before, every private reply with buttons started a 15-minute timer task of its own."""
    for _ in range(3):
        [guide] = await discord_bot.send(interaction(2, slash("guide", role="ml-engineer", private=True)))
        assert guide.ephemeral and guide.data["components"]
    timers = [t for t in asyncio.all_tasks() if "timeout_task" in t.get_coro().__qualname__]
    assert timers == []
    assert not discord_bot.client._connection._view_store._synced_message_views


async def test_pasted_mentions_ping_nobody(discord_bot):
    letter = LETTER.replace("Dear Ms Patel,", "Dear Ms Patel, @everyone @here <@&123> <@456> <!channel> **bold** _x_")
    letter = letter.replace("I have worked with", "@everyone I have worked with")
    payload = interaction(2, message_command("Review cover letter", user_message(letter)))
    answers = await discord_bot.send(payload, responses=2)
    review = answers[1]
    assert review.data["allowed_mentions"] == {"parse": []}
    shown = text_of(review)
    assert "@everyone" not in shown and "@here" not in shown and "<@&123>" not in shown and "<@456>" not in shown
    assert "@\u200beveryone" in shown  # still readable, just inert


async def test_guide_longer_than_one_embed_is_paged(library, tmp_path):
    text = (GUIDES / "ml-engineer.yaml").read_text(encoding="utf-8")
    long_answer = " ".join(f"Sentence {i} of a very long answer about cover letters." for i in range(600))
    text = text.replace("faq:\n", f"faq:\n  - question: A very long question?\n    answer: {long_answer}\n", 1)
    (tmp_path / "ml-engineer.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "general.yaml").write_text((GUIDES / "general.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    core = Shortlist(GuideLibrary.load(tmp_path))
    reply = await core.handle(core.parse("/guide ml-engineer faq"))
    pages = render(reply)
    assert len(pages) >= 2
    for page in pages:
        assert sum(len(e) for e in page.embeds) <= MESSAGE_TOTAL and len(page.embeds) <= 10
        assert all(len(e.description or "") <= DESCRIPTION_LIMIT for e in page.embeds)
    shown = "".join(e.description or "" for p in pages for e in p.embeds)
    assert "Sentence 599 of a very long answer" in shown  # nothing dropped
    assert "\u2026" in shown and "Page 1 of" in pages[0].embeds[-1].footer.text

    fake = FakeDiscord()
    use_api(await fake.start())
    client = ShortlistDiscord(core, application_id=APP_ID)
    await client.login("test-token")
    try:
        harness = Harness(client, fake, None)
        answers = await harness.send(interaction(2, slash("guide", role="ml-engineer", section="faq")),
                                     responses=len(pages))
        assert len(answers) == len(pages)
        for answer in answers:
            assert sum(len(json.dumps(e)) for e in answer.data["embeds"]) > 0
    finally:
        await client.close()
        await fake.stop()
        use_api(None)


async def test_exception_in_a_command_gives_a_private_apology(discord_bot, monkeypatch, caplog):
    async def broken(core, request):
        raise RuntimeError("boom")
    monkeypatch.setitem(COMMANDS, "mistakes", Command("mistakes", "fails", "/mistakes", broken))
    [reply] = await discord_bot.send(interaction(2, slash("mistakes", role="mle")))
    assert reply.ephemeral and "error id" in text_of(reply)
    error_id = text_of(reply).split("error id `")[1].split("`")[0]
    assert any(error_id in r.getMessage() for r in caplog.records)


async def test_moderator_privilege_comes_from_manage_server(discord_bot):
    from adapters.discord.bot import context_of
    payload = interaction(2, slash("help"), permissions=MANAGE_GUILD)
    inter = discord_bot.interaction(payload)
    assert context_of(inter).privilege.value == "moderator"
    member = discord_bot.interaction(interaction(2, slash("help")))
    assert context_of(member).privilege.value == "member"


async def test_a_members_role_ids_come_from_discord_pys_member_roles(discord_bot):
    """Moderator and reviewer roles are named by id: read through the public ``Member.roles`` (the guild's
    role cache, which GUILD_CREATE fills), without @everyone."""
    from adapters.discord.bot import context_of
    discord_bot.guild_create(guild(555, 556))
    inter = discord_bot.interaction(interaction(2, slash("help"), roles=(555,)))
    assert context_of(inter).roles == ("555",)
    assert context_of(discord_bot.interaction(interaction(2, slash("help")))).roles == ()


async def test_shortlist_run_discord_through_the_gateway(tmp_path):
    """`shortlist run --discord` end to end: REST and gateway both from the test double, an
    interaction delivered over the websocket, the answer received over REST."""
    fake = FakeDiscord()
    base = await fake.start()
    try:
        async with shortlist_run("--discord", DISCORD_TOKEN="test-token", SHORTLIST_DISCORD_API=base,
                                 SHORTLIST_DB=str(tmp_path / "run.db")):
            assert await until(lambda: fake.connected)
            [identify] = fake.identified
            assert identify["intents"] & ((1 << 1) | (1 << 8) | (1 << 15)) == 0  # no privileged intent
            assert identify["shard"] == [0, 1]  # sharded from the start
            await fake.dispatch("INTERACTION_CREATE", interaction(2, slash("guide", role="ml-engineer")))
            assert await until(lambda: fake.responses)
            [answer] = fake.responses
            assert "MLOps depth" in text_of(answer)
    finally:
        await fake.stop()


async def test_cli_sync_registers_commands_in_one_guild(tmp_path):
    import os
    import sys

    from .conftest import ROOT
    fake = FakeDiscord()
    base = await fake.start()
    try:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "adapters.cli", "discord", "sync", "--guild", "4242", cwd=ROOT,
            stdout=asyncio.subprocess.PIPE, env={**os.environ, "DISCORD_TOKEN": "t", "SHORTLIST_DISCORD_API": base})
        out, _ = await proc.communicate()
        assert proc.returncode == 0, out
        [put] = fake.of("PUT", f"/applications/{APP_ID}/guilds/4242/commands")
        assert {"guide", "review", "mod", "Review cover letter"} <= {c["name"] for c in put.body}
        assert b"Registered" in out and b"server 4242" in out
    finally:
        await fake.stop()


def test_invite_url_asks_for_bot_and_commands_scopes_and_no_permissions():
    import os
    import subprocess
    import sys

    from .conftest import ROOT
    result = subprocess.run([sys.executable, "-m", "adapters.cli", "discord", "invite-url"], capture_output=True,
                            text=True, cwd=ROOT, env={**os.environ, "DISCORD_APPLICATION_ID": "123"})
    assert result.stdout.strip() == ("https://discord.com/oauth2/authorize?client_id=123"
                                     "&scope=bot+applications.commands&permissions=0")


async def test_review_embeds_keep_the_score_beside_its_breakdown_near_the_top(core):
    from dataclasses import replace
    reply = await core.handle(replace(core.parse("/review mle"), text=LETTER))
    embeds = render(reply)[0].embeds
    fields = [e for e in embeds if e.fields]
    assert fields and embeds.index(fields[0]) == 1  # right after the opening line, before the fixes
    names = [f.name for f in fields[0].fields]
    assert names[0] == "Score" and "Signals" in names


async def test_shortlist_run_stops_cleanly_on_sigterm(tmp_path):
    import signal
    fake = FakeDiscord()
    base = await fake.start()
    try:
        async with shortlist_run("--discord", DISCORD_TOKEN="test-token", SHORTLIST_DISCORD_API=base,
                                 SHORTLIST_DB=str(tmp_path / "run.db")) as proc:
            assert await until(lambda: fake.connected)
            proc.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(proc.wait(), 10) == 0
            assert await until(lambda: not fake.connected)  # it said goodbye to the gateway
    finally:
        await fake.stop()


async def test_a_stopping_bot_answers_what_it_acknowledged(tmp_path):
    """SIGTERM while a review is acknowledged ("thinking...") but not yet answered: the bot finishes it, over
    its still-open connection, before it closes; it doesn't leave the member waiting for nothing."""
    import signal
    fake = FakeDiscord()
    base = await fake.start()
    try:
        async with shortlist_run("--discord", DISCORD_TOKEN="test-token", SHORTLIST_DISCORD_API=base,
                                 SHORTLIST_DB=str(tmp_path / "stop.db")) as proc:
            assert await until(lambda: fake.connected)
            fake.hold = asyncio.Event()  # the acknowledgement reaches Discord, whose answer is held back
            await fake.dispatch("INTERACTION_CREATE", interaction(2, message_command(
                "Review cover letter", user_message((LETTERS / "01-strong-fintech.txt").read_text()))))
            assert await until(lambda: any(c.path.endswith("/callback") for c in fake.calls))
            proc.send_signal(signal.SIGTERM)
            await asyncio.sleep(0.5)  # the bot is stopping now
            fake.hold.set()
            assert await asyncio.wait_for(proc.wait(), 60) == 0
        [review] = [c for c in fake.responses if "/webhooks/" in c.path]
        assert "Your letter, reviewed" in text_of(review)
    finally:
        await fake.stop()
