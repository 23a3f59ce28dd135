"""Letters as files on Slack: the real slack-bolt app, files served at url_private by the loopback fake."""
from __future__ import annotations

import pytest
import yaml

from adapters import files
from adapters.slack.service import manifest
from bot.documents import MAX_BYTES

from . import docfiles
from .docfiles import CV, LETTER
from .fakes.slack_api import TEAM, USER, direct_message, message_shortcut


async def test_message_shortcut_reviews_a_shared_file_privately(slack):
    shared = slack.fake.file("letter.pdf", docfiles.pdf(LETTER), mimetype="application/pdf")
    answer = await slack.answer("interactive", lambda url: message_shortcut("my letter, be honest", url,
                                                                           files=[shared]))
    assert answer.body["response_type"] == "ephemeral"
    assert "Your letter, reviewed" in answer.text and "Dear Mr Osei" in answer.text
    [download] = slack.fake.of("file")
    assert download.body == {"id": shared["id"], "authorization": "Bearer xoxb-test"}  # the bot token
    [stored] = await slack.store.recent_reviews(TEAM, USER)
    assert stored.guide == "general"


async def test_several_files_review_the_first_document_and_say_so(slack_http):
    picture = slack_http.fake.file("me.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 50, mimetype="image/jpeg")
    letter = slack_http.fake.file("letter.docx", docfiles.docx(LETTER))
    answer = await slack_http.answer("interactive", lambda url: message_shortcut("", url, files=[picture, letter]))
    assert "You shared 2 files; I reviewed the first document, letter.docx" in answer.text
    assert "Your letter, reviewed" in answer.text


async def test_a_file_shared_in_a_direct_message_is_reviewed_there(slack):
    shared = slack.fake.file("letter.odt", docfiles.odt(LETTER))
    await slack.deliver("event", direct_message([shared]))
    await slack.settle(1, "chat.postMessage")
    [posted] = slack.fake.of("chat.postMessage")
    assert posted.body["channel"] == "D0001"  # in the direct message itself, which only they can see
    assert "Your letter, reviewed" in posted.text
    # Its own messages, and messages without a file, are left alone.
    await slack.deliver("event", direct_message(None, text="hello", event_id="EvDM02"))
    await slack.deliver("event", direct_message([shared], event_id="EvDM03", bot_id="BBOT"))
    await slack.app.bridge.settled()  # whatever those two started is done
    assert len(slack.fake.of("chat.postMessage")) == 1


@pytest.mark.parametrize("name, content, size, message", [
    ("scan.pdf", docfiles.scanned_pdf(), None, "no text I can read"),
    ("locked.docx", docfiles.ole("EncryptedPackage"), None, "password-protected"),
    ("cv.docx", docfiles.docx(CV), None, "looks like a CV"),
    ("huge.pdf", b"never fetched", MAX_BYTES + 1, "and I read documents up to 2 MB"),
    ("gone.pdf", 404, None, "couldn't download that file"),
    ("slow.pdf", None, None, "took too long"),
])
async def test_each_bad_file_is_answered_kindly_and_privately(slack_http, monkeypatch, name, content, size, message):
    monkeypatch.setattr(files, "TIMEOUT", 0.5)
    shared = slack_http.fake.file(name, content, size=size)
    answer = await slack_http.answer("interactive", lambda url: message_shortcut("", url, files=[shared]))
    assert answer.body["response_type"] == "ephemeral"
    assert message in answer.text and "Traceback" not in answer.text
    assert await slack_http.store.recent_reviews(TEAM, USER) == []
    if size and size > MAX_BYTES:
        assert not slack_http.fake.of("file")  # refused before downloading


async def test_a_download_slack_will_not_authorise_says_so(slack_http):
    slack_http.fake.bot_token = "xoxb-another"  # as if the app lacked files:read: Slack sends its sign-in page
    shared = slack_http.fake.file("letter.pdf", docfiles.pdf(LETTER))
    answer = await slack_http.answer("interactive", lambda url: message_shortcut("", url, files=[shared]))
    assert "couldn't download that file" in answer.text


def test_manifest_asks_to_read_files_and_hear_direct_messages():
    data = yaml.safe_load(manifest({}))
    assert {"files:read", "im:history"} <= set(data["oauth_config"]["scopes"]["bot"])
    assert "message.im" in data["settings"]["event_subscriptions"]["bot_events"]
    assert data["features"]["app_home"]["messages_tab_read_only_enabled"] is False
