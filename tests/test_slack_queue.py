"""Issue 19 on Slack, through the real slack-bolt app (HTTP and Socket Mode, SQLite and PostgreSQL) and the
loopback fake of the Web API: *Ask a reviewer* under a review opens a form; the request becomes a message
in the reviewers' channel with its thread holding the letter and Claim, Release and Reply buttons; the
feedback reaches the member as a direct message from the app; closing deletes the letter from the thread
and from every table."""
from __future__ import annotations

import asyncio

import pytest

from bot.commands.mod.erase import confirmation
from bot.records import utcnow

from .fakes import until
from .fakes.slack_api import TEAM, USER, button_press, command, view_submission
from .queue_helpers import FEEDBACK, LETTER, MARK, NOTE, delivered, every_value, name_reviewers, placed

REVIEWERS = "C0REVIEW"
RITA, RAVI = "U0RITA", "U0RAVI"


def as_user(payload: dict, user: str) -> dict:
    return {**payload, "user": {**payload["user"], "id": user, "name": user.lower()}}


def values(call) -> list[str]:
    blocks = call.body.get("blocks") or []
    return [e.get("value") for b in blocks if b.get("type") == "actions" for e in b["elements"]]


def title(call) -> str:
    return call.body["blocks"][0]["text"]["text"]


def posts(slack, channel: str) -> list:
    return [c for c in slack.fake.of("chat.postMessage") if c.body.get("channel") == channel]


async def opened_form(slack, count: int) -> dict:
    assert await until(lambda: len(slack.fake.of("views.open")) >= count)
    return slack.fake.of("views.open")[count - 1].body["view"]


async def asking(slack, show_name: bool = False) -> None:
    """A member reviews a letter and sends it to the reviewers; returns once the thread is posted."""
    await slack.deliver("command", command("/review", "ml-engineer", slack.fake.response_url()))
    letter_form = await opened_form(slack, 1)
    await slack.deliver("interactive", view_submission({**letter_form, "id": "V100"}, {"letter": LETTER}))
    # The review replaces its form (in the ack), or follows it when the database is slower.
    assert await until(lambda: any("/ask-reviewer" in values(a) for a in slack.fake.answers))
    await slack.deliver("interactive", button_press("/ask-reviewer", None))
    form = await opened_form(slack, 2)
    assert form["callback_id"] == "ask_reviewer"
    submission = view_submission({**form, "id": "V101"}, {"note": NOTE})
    submission["view"]["state"]["values"]["name"] = {"choice": {
        "type": "checkboxes", "selected_options": [{"value": "show-name"}] if show_name else []}}
    await slack.deliver("interactive", submission)
    assert await until(lambda: any("Sent to the reviewers" in c.text for c in slack.fake.answers))
    assert await until(lambda: len(posts(slack, REVIEWERS)) >= 2)


async def asked(slack, show_name: bool = False) -> None:
    """``asking``, then wait until the thread's place is stored (as the tests that read it need)."""
    await asking(slack, show_name)
    for _ in range(500):
        found = await slack.store.member_request(TEAM, USER)
        if found is not None and found.place and len(found.place.split()) > 2:
            break
        await asyncio.sleep(0.01)


async def test_the_whole_flow_on_slack(slack):
    await name_reviewers(slack.store, RITA, RAVI, community=TEAM, channel=REVIEWERS)
    await asked(slack)
    top, letter = posts(slack, REVIEWERS)[:2]
    assert "Request #1" in top.body["text"] and "thread_ts" not in top.body
    assert MARK in letter.text and "switching from teaching" in letter.text
    assert "a member" in letter.text and "ana" not in letter.text.lower().replace("analys", "")
    assert values(letter) == ["/queue claim 1", "/queue release 1", "/queue reply 1"]
    assert all(b.get("text", {}).get("verbatim") for b in letter.body["blocks"] if b["type"] == "section")

    # Two reviewers press Claim at the same instant: exactly one gets it.
    urls = [slack.fake.response_url(), slack.fake.response_url()]
    await asyncio.gather(slack.deliver("interactive", as_user(button_press("/queue claim 1", urls[0]), RITA)),
                         slack.deliver("interactive", as_user(button_press("/queue claim 1", urls[1]), RAVI)))
    paths = [u.split(str(slack.fake.port))[1] for u in urls]
    assert await until(lambda: all(any(a.path == p for a in slack.fake.answers) for p in paths))
    said = [title(next(a for a in slack.fake.answers if a.path == p)) for p in paths]
    assert sorted(said) == ["Another reviewer got there first", "You've claimed request #1"], said
    winner = RITA if said[0] == "You've claimed request #1" else RAVI

    await slack.deliver("interactive", as_user(button_press("/queue reply 1", slack.fake.response_url()), winner))
    form = await opened_form(slack, 3)
    assert form["callback_id"] == "queue_text" and [b["block_id"] for b in form["blocks"]] == ["text", "continued"]
    await slack.deliver("interactive", as_user(view_submission({**form, "id": "V102"}, {"text": FEEDBACK}), winner))
    assert await until(lambda: posts(slack, USER))
    [dm] = posts(slack, USER)
    assert "fraud model" in dm.text and "/my-request close" in values(dm)
    assert await delivered(slack.store, TEAM, 1)

    # Ana answers from the DM's button (a form), then closes.
    await slack.deliver("interactive", button_press("/my-request answer", slack.fake.response_url()))
    form = await opened_form(slack, 4)
    await slack.deliver("interactive", view_submission({**form, "id": "V103"}, {"text": "Thank you!"}))
    assert await until(lambda: any("Thank you!" in c.text for c in posts(slack, REVIEWERS)))
    while len((await placed(slack.store, TEAM, 1)).split()) < 4:  # the answer's message joins the place
        await asyncio.sleep(0.02)
    closed = await slack.answer("interactive", lambda url: button_press("/my-request close", url))
    assert "Your request is closed" in closed.text
    assert await until(lambda: len(slack.fake.of("chat.delete")) >= 2)
    channel, thread, letter_ts, answer_ts = (await slack.store.reviewer_request(TEAM, 1)).place.split()
    assert (channel, thread) == (REVIEWERS, letter.body["thread_ts"])
    # The letter and the member's answer go from the thread; the steps' notes (no member text) stay.
    assert [(d.body["channel"], d.body["ts"]) for d in slack.fake.of("chat.delete")] == [
        (REVIEWERS, letter_ts), (REVIEWERS, answer_ts)]
    assert MARK not in await every_value(slack.store) and "fraud model" not in await every_value(slack.store)


async def test_bad_feedback_in_the_form_is_refused_kindly(slack):
    await name_reviewers(slack.store, RITA, community=TEAM, channel=REVIEWERS)
    await asked(slack)
    await slack.answer("interactive", lambda url: as_user(button_press("/queue claim 1", url), RITA))
    await slack.deliver("interactive", as_user(button_press("/queue reply 1", slack.fake.response_url()), RITA))
    form = await opened_form(slack, 3)
    await slack.deliver("interactive", as_user(view_submission({**form, "id": "V104"},
                                                               {"text": "Great! @channel look"}), RITA))
    assert await until(lambda: any("mentions everyone" in c.text for c in slack.fake.answers))
    assert (await slack.store.reviewer_request(TEAM, 1)).feedback is None and not posts(slack, USER)


async def test_a_moderator_names_reviewers_and_their_channel_on_slack(slack):
    from .fakes.slack_api import ADMIN
    for text in (f"mod reviewers add user {RITA}", "mod reviewers channel here"):
        answer = await slack.answer("command", lambda url, text=text: command("/shortlist", text, url, user=ADMIN,
                                                                               channel=REVIEWERS))
        assert "Saved" in answer.text
    settings = await slack.store.settings(TEAM)
    assert settings.reviewer_users == {RITA} and settings.reviewer_channel == REVIEWERS
    await asked(slack)


async def test_forget_takes_the_letter_out_of_the_thread_and_every_table_on_slack(slack):
    await name_reviewers(slack.store, RITA, community=TEAM, channel=REVIEWERS)
    await asked(slack)
    done = await slack.answer("interactive", lambda url: button_press("/forget confirm", url))
    assert "1 request for a reviewer" in done.text
    assert await until(lambda: slack.fake.of("chat.delete"))
    assert await until(lambda: any("Withdrawn by its member" in c.text for c in posts(slack, REVIEWERS)))
    assert MARK not in await every_value(slack.store) and "teaching" not in await every_value(slack.store)


@pytest.mark.parametrize("erased", ["after the place is stored", "before the place is stored"])
async def test_forget_as_the_thread_is_posted_still_takes_the_letter_out(slack_http, monkeypatch, erased):
    """#19: /forget at the instant the poster stores the thread's place. Hooks on the real store order the
    two tasks: either the poster stores the place (and re-reads the request, still there) just before the
    erase, which must then find the place itself; or the erase goes first, and the poster, re-reading the
    request after storing the place, finds it gone and takes the letter out."""
    slack, store = slack_http, slack_http.store
    await name_reviewers(store, RITA, community=TEAM, channel=REVIEWERS)
    forgetting, forgotten, rechecked = asyncio.Event(), asyncio.Event(), asyncio.Event()
    stored: list[str] = []  # the places the poster stored
    set_place, forget, reviewer_request = store.set_reviewer_request_place, store.forget, store.reviewer_request

    async def gated_set_place(*args):
        await asyncio.wait_for((forgetting if erased.startswith("after") else forgotten).wait(), 10)
        await set_place(*args)
        stored.append(args[2])

    async def gated_forget(*args):
        forgetting.set()
        if erased.startswith("after"):
            await asyncio.wait_for(rechecked.wait(), 10)  # the poster has stored the place and re-read the request
        try:
            return await forget(*args)
        finally:
            forgotten.set()

    async def watched_reviewer_request(*args):
        found = await reviewer_request(*args)
        if stored:
            rechecked.set()
        return found
    monkeypatch.setattr(store, "set_reviewer_request_place", gated_set_place)
    monkeypatch.setattr(store, "forget", gated_forget)
    monkeypatch.setattr(store, "reviewer_request", watched_reviewer_request)

    await asking(slack)  # the thread is posted; its place waits for the gate
    done = await slack.answer("interactive", lambda url: button_press("/forget confirm", url))
    assert "1 request for a reviewer" in done.text
    assert await until(lambda: slack.fake.of("chat.delete"))
    [(channel, _, letter)] = [place.split() for place in stored]
    assert [(d.body["channel"], d.body["ts"]) for d in slack.fake.of("chat.delete")] == [(channel, letter)]
    assert await until(lambda: any("Withdrawn by its member" in c.text for c in posts(slack, REVIEWERS)))


async def test_a_letter_already_gone_from_the_thread_is_no_fault(slack_http):
    """Withdrawn twice (the erase and the poster's re-read can both see a request go): Slack says
    message_not_found the second time, which means the letter is already out."""
    queue, place = slack_http.app.bridge.queue, f"{REVIEWERS} 1.1 1.2"
    await queue.delete(place, queue.letters(place))
    await queue.delete(place, queue.letters(place))
    assert [d.body["ts"] for d in slack_http.fake.of("chat.delete")] == ["1.2", "1.2"]


async def test_erasing_the_workspace_takes_the_letter_out_of_the_thread(slack):
    from .fakes.slack_api import ADMIN
    await name_reviewers(slack.store, RITA, community=TEAM, channel=REVIEWERS)
    await asked(slack)
    assert await until(lambda: len(posts(slack, REVIEWERS)) >= 2)
    await placed(slack.store, TEAM, 1)
    confirm = confirmation(await slack.store.settings(TEAM), utcnow())  # what /mod erase's button carries
    done = await slack.answer("command", lambda url: command("/shortlist", f"mod erase confirm {confirm}", url,
                                                             user=ADMIN))
    assert "1 request for a reviewer" in done.text
    assert await until(lambda: slack.fake.of("chat.delete"))
    assert MARK not in await every_value(slack.store)


async def test_an_expired_request_is_announced_by_dm_and_leaves_the_thread_on_slack(slack):
    await name_reviewers(slack.store, RITA, community=TEAM, channel=REVIEWERS, expiry=2)
    await asked(slack)
    await placed(slack.store, TEAM, 1)
    await slack.store.execute(
        "UPDATE reviewer_requests SET touched_at = '2020-01-01T00:00:00.000000Z'")
    assert await slack.app.bridge.core.sweep_reviewer_requests() == 1
    [dm] = posts(slack, USER)
    assert "no reviewer could take it in time" in dm.text and "not about your letter" in dm.text
    assert slack.fake.of("chat.delete") and any("Closed after 2 days" in c.text for c in posts(slack, REVIEWERS))
    assert MARK not in await every_value(slack.store)
    assert (await slack.store.reviewer_request(TEAM, 1)).notified_at is not None


async def test_the_queue_command_opens_the_feedback_form_on_slack(slack):
    await name_reviewers(slack.store, RITA, community=TEAM, channel=REVIEWERS)
    await asked(slack)
    await slack.answer("command", lambda url: command("/shortlist", "queue claim 1", url, user=RITA))
    await slack.deliver("command", command("/shortlist", "queue reply 1", slack.fake.response_url(), user=RITA))
    form = await opened_form(slack, 3)
    assert form["callback_id"] == "queue_text"
