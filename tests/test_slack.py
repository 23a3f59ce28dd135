"""The real slack-bolt AsyncApp: signed HTTP requests to its aiohttp endpoint on 127.0.0.1, and the
same scenarios through bolt's Socket Mode request path, against a loopback fake of the Web API."""
from __future__ import annotations

import asyncio
import json
import os
import sys
import time

import aiohttp
import pytest
from aiohttp.test_utils import make_mocked_request
from slack_bolt.request.async_request import AsyncBoltRequest

from adapters.slack.render import BLOCKS_PER_MESSAGE, SECTION_TEXT, render
from adapters.slack.service import manifest
from adapters.slack.verify import bolt_request
from bot.review.text import Letter

from .conftest import LETTERS, ROOT
from .fakes import shortlist_run, until
from .fakes.slack_api import (
    ADMIN,
    TEAM,
    USER,
    FakeSlack,
    button_press,
    command,
    form,
    home_opened,
    interactive,
    message_shortcut,
    sign,
    view_submission,
)
from .fakes.slack_harness import slack_harness

LETTER = (LETTERS / "05-framework-list.txt").read_text(encoding="utf-8")
@pytest.mark.parametrize("name, text, expect, kind", [
    ("/guide", "ml-engineer", "MLOps depth", "in_channel"),
    ("/guide", "mle example", "Dear Ms Okafor", "in_channel"),
    ("/guide", "ml-enginer", "Did you mean", "ephemeral"),
    ("/mistakes", "ml-engineer", "Reciting every framework", "in_channel"),
    ("/faq", "how long should it be", "400 words", "in_channel"),
    ("/shortlist", "", "/review", "in_channel"),
    ("/shortlist", "history", "haven't had a letter reviewed", "ephemeral"),
])
async def test_each_command(slack, name, text, expect, kind):
    status = await slack.deliver("command", command(name, text, slack.fake.response_url()))
    assert status == 200
    await slack.settle(answers=1)
    [answer] = slack.fake.answers
    # The answer rides in the acknowledgement itself, so a crash after the ack can't lose it (issue 11).
    assert answer.method == "ack" and answer.body["response_type"] == kind
    assert expect in answer.text
    assert answer.body["blocks"][0]["type"] == "header"


async def test_forget_asks_then_erases(slack):
    await slack.answer("command", lambda url: command("/guide", "mle", url))
    ask = await slack.answer("command", lambda url: command("/shortlist", "forget", url))
    assert ask.body["response_type"] == "ephemeral" and "Erase your Shortlist data" in ask.text
    confirm = next(e for b in ask.body["blocks"] if b["type"] == "actions" for e in b["elements"]
                   if e["value"] == "/forget confirm")
    done = await slack.answer("interactive", lambda url: button_press(confirm["value"], url))
    assert done.body["response_type"] == "ephemeral" and "Deleted 1 record" in done.text


async def test_review_modal_opens_with_trigger_then_answers_privately(slack):
    payload = command("/review", "ml-engineer", slack.fake.response_url())
    await slack.deliver("command", payload)
    await slack.settle(1, "views.open")
    [opened] = slack.fake.of("views.open")
    assert opened.body["trigger_id"] == payload["trigger_id"]
    view = opened.body["view"]
    assert [b["element"]["max_length"] for b in view["blocks"][:2]] == [3000, 3000]
    letter = (LETTER + "\n") * 4  # about 5,000 characters: more than one Slack box holds
    letter = letter[:4990]
    first, rest = letter[:3000], letter[3000:]
    await slack.deliver("interactive", view_submission({**view, "id": "V100"}, {"letter": first, "continued": rest}))
    await slack.settle(answers=1)
    [answer] = slack.fake.answers
    # The review replaces the form, inside the submission's acknowledgement: only the member sees it,
    # and a crash after the ack can't lose it (issue 11).
    assert answer.method == "ack" and answer.body["response_action"] == "update"
    assert "Your letter, reviewed against the Machine learning engineer guide" in answer.text
    [(words,)] = await slack.store.query("SELECT words FROM reviews")
    assert len(letter) > 3000 and words == Letter(letter).letter_words  # both boxes, joined into one letter


async def test_review_with_unknown_role_answers_before_any_modal(slack):
    await slack.deliver("command", command("/review", "ml-enginer", slack.fake.response_url()))
    await slack.settle(answers=1)
    assert not slack.fake.of("views.open")
    assert "Did you mean" in slack.fake.answers[0].text


async def test_message_shortcut_reviews_privately(slack):
    await slack.deliver("interactive", message_shortcut(LETTER, slack.fake.response_url()))
    await slack.settle(answers=1)
    [answer] = slack.fake.answers
    assert answer.body["response_type"] == "ephemeral" and "Your letter, reviewed" in answer.text


async def test_app_home_lists_guides_with_buttons(slack, library):
    await slack.deliver("event", home_opened())
    await slack.settle(1, "views.publish")
    [published] = slack.fake.of("views.publish")
    assert published.body["user_id"] == USER
    buttons = [b["accessory"]["value"] for b in published.body["view"]["blocks"] if "accessory" in b]
    # Every shipped guide, the general one first (the list grows as guides are added).
    assert buttons == [f"/guide {g.id}" for g in library] and buttons[0] == "/guide general"
    assert "/guide ml-engineer" in buttons
    # A button in App Home has no channel to answer in: the answer goes to the app's messages tab.
    await slack.deliver("interactive", button_press("/guide ml-engineer", None))
    await slack.settle(1, "chat.postMessage")
    [dm] = slack.fake.of("chat.postMessage")
    assert dm.body["channel"] == USER and "MLOps depth" in dm.text


async def test_retried_request_is_processed_once(slack):
    payload = command("/faq", "how long should it be", slack.fake.response_url())
    assert await slack.deliver("command", payload) == 200
    assert await slack.deliver("command", payload, retry=1) == 200
    await slack.deliver("interactive", message_shortcut(LETTER, slack.fake.response_url()))
    await slack.settle(answers=2)
    await asyncio.sleep(0.3)
    assert len(slack.fake.answers) == 2  # the faq once, the shortcut once


async def test_retry_after_a_restart_is_still_processed_once(library, tmp_path):
    first, close = await slack_harness("http", library, tmp_path, "restart.db")
    payload = command("/faq", "how long should it be", first.fake.response_url())
    await first.deliver("command", payload)
    await first.settle(answers=1)
    await close()
    second, close = await slack_harness("http", library, tmp_path, "restart.db")
    try:
        assert await second.deliver("command", payload, retry=1) == 200
        await asyncio.sleep(0.5)
        assert second.fake.answers == []
    finally:
        await close()


async def test_pasted_channel_pings_are_escaped(slack):
    letter = LETTER.replace("Dear Ms Patel,", "Dear Ms Patel, <!channel> <!here> <@U999> *bold* &").replace(
        "I have worked with", "<!channel> I have worked with")
    await slack.deliver("interactive", message_shortcut(letter, slack.fake.response_url()))
    await slack.settle(answers=1)
    shown = json.dumps(slack.fake.answers[0].body)
    assert "<!channel>" not in shown and "<!here>" not in shown and "<@U999>" not in shown
    assert "&lt;!channel&gt;" in shown


async def test_faq_question_with_pings_is_escaped(slack):
    await slack.deliver("command", command("/faq", "<!channel> what should I wear <@U1>", slack.fake.response_url()))
    await slack.settle(answers=1)
    shown = json.dumps(slack.fake.answers[0].body)
    assert "<!channel>" not in shown and "<@U1>" not in shown


@pytest.mark.parametrize("why, age, secret", [  # the age in seconds, not a timestamp: test ids must not change
    ("bad signature", None, "not-the-secret"),   # between collections (pytest-xdist collects in each worker)
    ("older than five minutes", 6 * 60, None),
])
async def test_unverified_requests_get_401_and_run_nothing(slack_http, why, age, secret):
    timestamp = int(time.time()) - age if age is not None else None
    status = await slack_http.deliver("command", command("/guide", "mle", slack_http.fake.response_url()),
                                      timestamp=timestamp, secret=secret)
    assert status == 401, why
    await asyncio.sleep(0.2)
    assert slack_http.fake.calls == []
    assert await slack_http.store.query("SELECT * FROM commands") == []


async def test_workspace_admin_is_a_moderator(slack):
    bridge = slack.app.bridge
    assert (await bridge.privilege(TEAM, ADMIN)).can_moderate
    assert not (await bridge.privilege(TEAM, USER)).can_moderate
    assert len(slack.fake.of("users.info")) == 2
    await bridge.privilege(TEAM, ADMIN)
    assert len(slack.fake.of("users.info")) == 2  # cached


async def test_an_admins_commands_run_as_a_moderator_looked_up_and_then_cached(slack):
    """The first command looks the member up (users.info); later ones are parsed straight into the cached
    privilege, before the ack: both run as a moderator, and a member's as a member."""
    answers = [await slack.answer("command", lambda url, who=who: command("/shortlist", "mod stats", url, user=who))
               for who in (ADMIN, ADMIN, USER)]
    admin, again, member = (answer.text for answer in answers)
    assert "Commands:" in admin and "Commands:" in again and "Commands:" not in member
    assert len(slack.fake.of("users.info")) == 2  # the admin's second command used the cached privilege
    assert answers[2].body["response_type"] == "ephemeral"


async def test_long_reply_is_split_within_slack_limits(library):
    from bot.reply import Reply
    reply = Reply("Long", kind="guide")
    for n in range(80):
        reply.heading(f"Part {n}")
        reply.para("word " * 900)
    pages = render(reply)
    assert len(pages) >= 2
    for page in pages:
        assert len(page["blocks"]) <= BLOCKS_PER_MESSAGE
        for block in page["blocks"]:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= SECTION_TEXT


def test_manifest_names_commands_shortcut_scopes_and_socket_mode():
    import yaml
    data = yaml.safe_load(manifest({"slack_commands": {"guide": "/cv-guide"}}))
    commands = [c["command"] for c in data["features"]["slash_commands"]]
    assert commands == ["/cv-guide", "/mistakes", "/faq", "/review", "/shortlist"]
    assert data["features"]["shortcuts"][0]["callback_id"] == "review_message"
    assert data["settings"]["socket_mode_enabled"] is True
    assert data["features"]["app_home"]["home_tab_enabled"] is True
    assert {"commands", "chat:write", "users:read"} <= set(data["oauth_config"]["scopes"]["bot"])
    http = yaml.safe_load(manifest({}, "https://bot.example/slack/events"))
    assert http["settings"]["socket_mode_enabled"] is False
    assert http["features"]["slash_commands"][0]["url"] == "https://bot.example/slack/events"


async def test_shortlist_run_slack_serves_http_mode(tmp_path):
    """The real command a workspace admin runs, end to end: signed request in, answer out."""
    import socket
    fake = FakeSlack()
    base = await fake.start()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/slack/events"
    try:
        async with shortlist_run("--slack", SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET="test-signing-secret",
                                 SHORTLIST_SLACK_API=base, SHORTLIST_DB=str(tmp_path / "run.db"),
                                 SHORTLIST_SLACK_PORT=str(port)):
            async with aiohttp.ClientSession() as session:
                acked = False
                for _ in range(600):  # the process starts in about a second, much slower on a loaded machine
                    try:
                        body = form(command("/guide", "ml-engineer", fake.response_url()))
                        async with session.post(url, data=body.encode(), headers=sign(body)) as response:
                            assert response.status == 200
                            fake.record_ack({}, await response.text())
                            acked = True
                            break
                    except aiohttp.ClientConnectionError:
                        await asyncio.sleep(0.1)
            assert acked, "shortlist run --slack never listened on its port"
            assert await until(lambda: fake.answers)
            assert "MLOps depth" in fake.answers[0].text
    finally:
        await fake.stop()


async def test_expired_response_url_falls_back_to_a_direct_message(slack):
    # A review submitted from the form now answers in the form itself; a message shortcut still answers
    # through its response_url, which is where an expired one can happen.
    await slack.deliver("interactive", message_shortcut(LETTER, f"http://127.0.0.1:{slack.fake.port}/response/expired"))
    await slack.settle(1, "chat.postMessage")
    [dm] = slack.fake.of("chat.postMessage")
    assert dm.body["channel"] == USER and "Your letter, reviewed" in dm.text


async def test_shortlist_run_slack_in_socket_mode(tmp_path):
    """With SLACK_APP_TOKEN set: Socket Mode over a real websocket, envelope in, ack and answer out."""
    fake = FakeSlack()
    base = await fake.start()
    try:
        async with shortlist_run("--slack", SLACK_BOT_TOKEN="xoxb-test", SLACK_APP_TOKEN="xapp-test",
                                 SHORTLIST_SLACK_API=base, SHORTLIST_DB=str(tmp_path / "socket.db")):
            assert await until(lambda: fake.socket_connected)
            assert fake.of("apps.connections.open")
            envelope = await fake.socket_deliver("slash_commands",
                                                 command("/faq", "how many words", fake.response_url()))
            acked = await until(lambda: any(a.get("envelope_id") == envelope for a in fake.acks))
            assert acked and await until(lambda: fake.answers)  # acknowledged over the socket, then answered
            assert "400 words" in fake.answers[0].text
    finally:
        await fake.stop()


async def test_help_on_slack_names_commands_as_typed_there(slack):
    await slack.deliver("command", command("/shortlist", "help", slack.fake.response_url()))
    await slack.settle(answers=1)
    text = slack.fake.answers[0].text
    assert "`/shortlist history" in text and "`/guide [role] [section]`" in text
    assert "`/history" not in text


def test_the_retry_checks_wait_is_a_setting(monkeypatch, caplog):
    from adapters.slack.bridge import CLAIM_WAIT
    from adapters.slack.service import claim_wait
    monkeypatch.delenv("SHORTLIST_SLACK_CLAIM_WAIT", raising=False)
    assert claim_wait({}) == CLAIM_WAIT == 2.0 and claim_wait({"slack_claim_wait": 1.5}) == 1.5
    monkeypatch.setenv("SHORTLIST_SLACK_CLAIM_WAIT", "30")
    assert claim_wait({"slack_claim_wait": 1.5}) == 30.0
    monkeypatch.setenv("SHORTLIST_SLACK_CLAIM_WAIT", "soon")
    assert claim_wait({}) == CLAIM_WAIT and "must be a number of seconds" in caplog.text


@pytest.mark.parametrize("letter", [
    "Dear Ms Okafor,\n\nI cut p99 latency by 40% (from 120 ms to 72 ms) & shipped it: 2+2=4; 100%% sure?",
    "Caf\u00e9, na\u00efve r\u00e9sum\u00e9 \u2713 \U0001F600 <@U123> <!channel> \\n \"quoted\" %2B %zz %",
    "",
])
def test_an_interaction_reaches_bolt_as_bolt_would_read_it(letter):
    """The endpoint decodes an interaction's form itself (in C) and hands bolt the JSON payload: bolt must
    get the very body it would have parsed from the form, whatever the member typed."""
    text = interactive(view_submission({"id": "V1", "callback_id": "review_letter"}, {"letter": letter}))
    headers = sign(text)
    ours = bolt_request(text, make_mocked_request("POST", "/slack/events", headers=headers))
    assert ours.body == AsyncBoltRequest(body=text, headers=headers).body
    assert ours.body["view"]["state"]["values"]["letter"]["text"]["value"] == letter
    slash = form(command("/guide", "ml-engineer + more", "https://hooks.example/1"))  # not a payload: bolt's own way
    assert bolt_request(slash, make_mocked_request("POST", "/slack/events", headers=sign(slash))).body == \
        AsyncBoltRequest(body=slash, headers=sign(slash)).body


async def test_shortlist_run_slack_without_slack_says_so_in_one_line(tmp_path):
    """No network (here: nothing listening where the Web API should be): one line saying what to check, and
    exit status 1, not a traceback for every retry nor a warning about review workers."""
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-test",
           "SHORTLIST_SLACK_API": f"http://127.0.0.1:{closed}/api/", "SHORTLIST_DB": str(tmp_path / "off.db")}
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "adapters.cli", "run", "--slack", env=env,
                                                stderr=asyncio.subprocess.PIPE, cwd=ROOT)
    _, err = await asyncio.wait_for(proc.communicate(), 120)
    said = err.decode().strip().splitlines()
    assert proc.returncode == 1
    assert said == [said[0]] and "couldn't reach Slack" in said[0] and "SHORTLIST_SLACK_API" in said[0], said


async def test_a_stopping_bot_answers_what_it_acknowledged(tmp_path):
    """SIGTERM after a message shortcut is acknowledged and before its review is answered: the bot answers it
    at its response_url before closing its HTTP session and the database."""
    import signal
    import socket
    fake = FakeSlack()
    base = await fake.start()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/slack/events"
    try:
        async with shortlist_run("--slack", SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET="test-signing-secret",
                                 SHORTLIST_SLACK_API=base, SHORTLIST_DB=str(tmp_path / "stop.db"),
                                 SHORTLIST_SLACK_PORT=str(port)) as proc, aiohttp.ClientSession() as session:
            fake.hold = asyncio.Event()  # who the member is (users.info) is answered only when let go
            body = interactive(message_shortcut(LETTER, fake.response_url()))
            for _ in range(600):  # the process starts in about a second, much slower on a loaded machine
                try:
                    async with session.post(url, data=body.encode(), headers=sign(body)) as response:
                        assert response.status == 200  # acknowledged
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
            assert await until(lambda: fake.of("users.info"))
            proc.send_signal(signal.SIGTERM)
            await asyncio.sleep(0.5)  # the bot is stopping now
            fake.hold.set()
            assert await asyncio.wait_for(proc.wait(), 60) == 0
        [answer] = fake.answers
        assert "Your letter, reviewed" in answer.text
    finally:
        await fake.stop()
