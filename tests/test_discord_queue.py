"""Issue 19 on Discord, through the real discord.py client and the loopback fake: *Ask a reviewer* under a
review opens a modal; the request becomes a thread in the reviewers' channel with Claim, Release and Reply
buttons; the feedback reaches the member by direct message, or privately the next time they use the bot
when their DMs are closed; closing or expiry deletes the letter from the database and from the thread."""
from __future__ import annotations

import asyncio

from .fakes import until
from .fakes.discord_api import GUILD_ID, USER, USER_ID, interaction, slash
from .fakes.discord_harness import text_of
from .queue_helpers import FEEDBACK, LETTER, MARK, NOTE, delivered, every_value, name_reviewers, placed

REVIEWERS = 800000000000000050  # the reviewers' channel
RITA = {**USER, "id": "800000000000000061", "username": "rita", "global_name": "Rita"}
RAVI = {**USER, "id": "800000000000000062", "username": "ravi", "global_name": "Ravi"}


def buttons(call) -> list[str]:
    return [c["custom_id"] for row in call.data.get("components") or [] for c in row["components"]]


def press(custom_id: str, user: dict = USER, channel: int | None = None) -> dict:
    return interaction(3, {"custom_id": custom_id, "component_type": 2}, user=user,
                       **({"channel": channel} if channel else {}),
                       message={"id": "1", "channel_id": str(channel or REVIEWERS), "author": USER, "content": "",
                                "timestamp": "2026-11-26T10:00:00.000000+00:00", "edited_timestamp": None,
                                "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [],
                                "attachments": [], "embeds": [], "pinned": False, "type": 0, "flags": 0,
                                "components": [{"type": 1, "components": [
                                    {"type": 2, "style": 2, "label": "button", "custom_id": custom_id}]}]})


def in_dm(payload: dict, user: dict = USER) -> dict:
    """The same interaction, from a direct message: no server, the user at the top level."""
    payload = {**payload, "user": user, "context": 1, "channel": {"id": "900", "type": 1}, "channel_id": "900"}
    for key in ("guild_id", "member", "guild_locale"):
        payload.pop(key, None)
    return payload


def submit(custom_id: str, *fields: dict, user: dict = USER) -> dict:
    return interaction(5, {"custom_id": custom_id, "components": [{"type": 18, "component": f} for f in fields]},
                       user=user)


async def asked(bot, note: str = NOTE, show_name: bool = False) -> list:
    """Ana reviews a letter in the review box, presses *Ask a reviewer* and sends the modal."""
    opened, = await bot.send(interaction(2, slash("review", role="ml-engineer")))
    letter = interaction(5, {"custom_id": opened.body["data"]["custom_id"], "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": "letter", "value": LETTER}]}]})
    _, review = await bot.send(letter, responses=2)
    assert "sl:/ask-reviewer" in buttons(review)
    [modal] = await bot.send(press("sl:/ask-reviewer", channel=800000000000000002))
    assert modal.body["type"] == 9 and modal.body["data"]["custom_id"] == "sl-ask"
    labels = [c["label"] for c in modal.body["data"]["components"]]
    assert labels == ["A note for the reviewer (optional)", "Show my name to the reviewer"]
    answers = await bot.send(submit("sl-ask", {"type": 4, "custom_id": "note", "value": note},
                                    {"type": 23, "custom_id": "show-name", "value": show_name}), responses=2)
    assert "Sent to the reviewers" in text_of(answers[1]), text_of(answers[1])
    assert await until(lambda: len(thread_posts(bot)) >= 1)
    return answers


def thread_posts(bot) -> list:
    """Messages the bot posted in threads (not the reviewers' channel itself, not DMs)."""
    return [c for c in bot.fake.calls if c.method == "POST" and c.path.endswith("/messages")
            and f"/channels/{REVIEWERS}/" not in c.path and c.path.split("/")[4] not in bot.fake.dm_channels]


def dms(bot) -> list:
    return [c for c in bot.fake.calls if c.method == "POST" and c.path.endswith("/messages")
            and c.path.split("/")[4] in bot.fake.dm_channels]


async def test_the_whole_flow_on_discord(discord_bot):
    bot = discord_bot
    await name_reviewers(bot.store, RITA["id"], RAVI["id"], community=str(GUILD_ID), channel=str(REVIEWERS))
    await asked(bot)
    [starter] = [c for c in bot.fake.of("POST", f"/channels/{REVIEWERS}/messages") if c.path.endswith("/messages")]
    assert "Request #1" in starter.body["content"] and "Ana" not in starter.body["content"]
    [thread] = bot.fake.of("POST", f"/channels/{REVIEWERS}/messages/")
    assert thread.path.endswith("/threads") and thread.body["name"] == "Request #1"
    [post] = thread_posts(bot)
    shown = text_of(post)
    assert MARK in shown and "switching from teaching" in shown
    assert "a member" in shown and "Ana" not in shown and "ana" not in shown
    assert buttons(post) == ["sl:/queue claim 1", "sl:/queue release 1", "sl:/queue reply 1"]
    assert all(c.body.get("allowed_mentions") == {"parse": []} for c in thread_posts(bot) + [starter])
    thread_id = int(post.path.split("/")[4])

    # Two reviewers press Claim at the same instant: exactly one gets it.
    rita, ravi = press("sl:/queue claim 1", RITA, thread_id), press("sl:/queue claim 1", RAVI, thread_id)
    both = await asyncio.gather(bot.send(rita, responses=2), bot.send(ravi, responses=2))
    said = [answers[-1].data["embeds"][0]["title"] for answers in both]
    assert sorted(said) == ["Another reviewer got there first", "You've claimed request #1"]
    winner = RITA if said[0] == "You've claimed request #1" else RAVI

    [box] = await bot.send(press("sl:/queue reply 1", winner, thread_id))
    assert box.body["type"] == 9 and box.body["data"]["custom_id"] == "sl-paste::/queue reply 1"
    [field] = box.body["data"]["components"][0]["components"]
    assert field["max_length"] == 4000
    sent = await bot.send(interaction(5, {"custom_id": "sl-paste::/queue reply 1", "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": "text", "value": FEEDBACK}]}]}, user=winner), responses=2)
    assert "on its way to the member" in text_of(sent[-1])
    assert await until(lambda: dms(bot))
    [dm] = dms(bot)
    assert bot.fake.dm_channels[dm.path.split("/")[4]] == str(USER_ID)
    assert "fraud model" in text_of(dm) and dm.body["allowed_mentions"] == {"parse": []}
    assert f"sl@{GUILD_ID}:/my-request close" in buttons(dm)
    assert await delivered(bot.store, str(GUILD_ID), 1)

    # Ana answers from the DM (its button carries the server), then closes.
    [answer_box] = await bot.send(in_dm(press(f"sl@{GUILD_ID}:/my-request answer")))
    assert answer_box.body["type"] == 9
    custom_id = answer_box.body["data"]["custom_id"]
    assert custom_id == f"sl-paste:{GUILD_ID}:/my-request answer"
    thanks = in_dm(interaction(5, {"custom_id": custom_id, "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": "text", "value": "Thank you!"}]}]}))
    assert "with the reviewer" in text_of((await bot.send(thanks, responses=2))[-1])
    assert await until(lambda: any("Thank you!" in text_of(c) for c in thread_posts(bot)))
    while len((await placed(bot.store, str(GUILD_ID), 1)).split()) < 3:  # the answer's message joins the place
        await asyncio.sleep(0.02)
    closed = await bot.send(in_dm(press(f"sl@{GUILD_ID}:/my-request close")), responses=2)
    assert "Your request is closed" in text_of(closed[-1])
    thread = post.path.split("/")[4]
    assert await until(lambda: len(bot.fake.of("DELETE", f"/channels/{thread}/messages/")) >= 2)
    _, letter_id, answer_id = (await bot.store.reviewer_request(str(GUILD_ID), 1)).place.split()
    assert [c.path.rsplit("/", 1)[1] for c in bot.fake.of("DELETE", f"/channels/{thread}/messages/")] == [
        letter_id, answer_id]  # the letter and the member's answer; the steps' notes hold no member text
    assert MARK not in await every_value(bot.store) and "fraud model" not in await every_value(bot.store)


async def test_closed_dms_deliver_the_feedback_privately_next_time(discord_bot):
    bot = discord_bot
    await name_reviewers(bot.store, RITA["id"], community=str(GUILD_ID), channel=str(REVIEWERS))
    bot.fake.closed_dms.add(str(USER_ID))
    await asked(bot)
    await bot.send(press("sl:/queue claim 1", RITA), responses=2)
    await bot.send(interaction(5, {"custom_id": "sl-paste::/queue reply 1", "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": "text", "value": FEEDBACK}]}]}, user=RITA), responses=2)
    assert await until(lambda: bot.fake.of("POST", "/users/@me/channels"))
    assert (await bot.store.reviewer_request(str(GUILD_ID), 1)).delivered_at is None
    answers = await bot.send(interaction(2, slash("guide", role="mle")), responses=2)
    note = answers[-1]
    assert note.ephemeral and "fraud model" in text_of(note) and "A reviewer has read your letter" in text_of(note)
    again = await bot.send(interaction(2, slash("guide", role="mle")), responses=2)
    assert len(again) == 1  # told once


async def test_an_expired_request_is_announced_and_its_letter_leaves_the_thread(discord_bot):
    bot = discord_bot
    await name_reviewers(bot.store, RITA["id"], community=str(GUILD_ID), channel=str(REVIEWERS), expiry=2)
    await asked(bot)
    await bot.store.execute(
        "UPDATE reviewer_requests SET touched_at = '2020-01-01T00:00:00.000000Z'")
    assert await bot.client.core.sweep_reviewer_requests() == 1
    [dm] = dms(bot)
    assert "no reviewer could take it in time" in text_of(dm) and "not about your letter" in text_of(dm)
    assert bot.fake.of("DELETE", "/messages/")
    assert any("Closed after 2 days" in text_of(c) for c in thread_posts(bot))
    assert MARK not in await every_value(bot.store)
    told = await bot.send(interaction(2, slash("guide", role="mle")), responses=2)
    assert len(told) == 1  # the DM reached her: nothing waits for her next command


async def test_a_shown_name_is_escaped_for_reviewers(discord_bot):
    bot = discord_bot
    await name_reviewers(bot.store, RITA["id"], community=str(GUILD_ID), channel=str(REVIEWERS))
    sneaky = {**USER, "global_name": "@everyone Ana"}
    opened, = await bot.send(interaction(2, slash("review", role="ml-engineer"), user=sneaky))
    letter = interaction(5, {"custom_id": opened.body["data"]["custom_id"], "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": "letter", "value": LETTER}]}]}, user=sneaky)
    await bot.send(letter, responses=2)
    await bot.send(submit("sl-ask", {"type": 23, "custom_id": "show-name", "value": True}, user=sneaky), responses=2)
    assert await until(lambda: thread_posts(bot))
    shown = text_of(thread_posts(bot)[0])
    assert "@\u200beveryone Ana" in shown and "@everyone" not in shown



async def test_a_moderator_names_reviewers_and_their_channel_on_discord(discord_bot):
    bot = discord_bot
    manage_guild = 1 << 5
    for value in (f"add user {RITA['id']}", "channel here"):
        answers = await bot.send(interaction(2, slash("mod", action="reviewers", value=value), permissions=manage_guild,
                                             channel=REVIEWERS), responses=2)
        assert "Saved" in text_of(answers[-1])
    settings = await bot.store.settings(str(GUILD_ID))
    assert settings.reviewer_users == {RITA["id"]} and settings.reviewer_channel == str(REVIEWERS)
    await asked(bot)  # and the next request is posted there
    assert [c for c in bot.fake.of("POST", f"/channels/{REVIEWERS}/messages") if c.path.endswith("/messages")]


async def test_forget_takes_the_letter_out_of_the_thread_and_every_table(discord_bot):
    bot = discord_bot
    await name_reviewers(bot.store, RITA["id"], community=str(GUILD_ID), channel=str(REVIEWERS))
    await asked(bot)
    [post] = thread_posts(bot)
    thread = post.path.split("/")[4]
    done = await bot.send(press("sl:/forget confirm", channel=800000000000000002), responses=2)
    assert "1 request for a reviewer" in text_of(done[-1])
    assert await until(lambda: bot.fake.of("DELETE", f"/channels/{thread}/messages/"))
    assert await until(lambda: any("Withdrawn by its member" in text_of(c) for c in thread_posts(bot)))
    assert MARK not in await every_value(bot.store) and "teaching" not in await every_value(bot.store)


async def test_the_queue_slash_command_opens_the_feedback_box(discord_bot):
    bot = discord_bot
    await name_reviewers(bot.store, RITA["id"], community=str(GUILD_ID), channel=str(REVIEWERS))
    await asked(bot)
    await bot.send(interaction(2, slash("queue", action="claim", id="1"), user=RITA), responses=2)
    [box] = await bot.send(interaction(2, slash("queue", action="reply", id="1"), user=RITA))
    assert box.body["type"] == 9 and box.body["data"]["custom_id"] == "sl-paste::/queue reply 1"
    await bot.client.tree.sync()
    [put] = bot.fake.of("PUT", "/commands")
    queue = next(c for c in put.body if c["name"] == "queue")
    assert [o["name"] for o in queue["options"]] == ["action", "id"]  # no file option: feedback is typed
