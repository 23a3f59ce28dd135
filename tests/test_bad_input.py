"""Issue 11, items 6 to 8: bad input never crashes. Text that isn't valid Unicode at every entry point,
requests that aren't Slack's, and Discord commands that no longer exist, each answered kindly."""
from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys

import pytest

from .conftest import ROOT
from .fakes.discord_api import interaction, message_command, slash, user_message
from .fakes.discord_harness import text_of
from .fakes.slack_api import command, form, message_shortcut, sign, view_submission
from .test_review_letters import LETTERS

LETTER = (LETTERS / "05-framework-list.txt").read_text(encoding="utf-8")
CUT_EMOJI = "\ud83d"  # the first half of an emoji whose second half a platform cut off


def shortlist(*args: bytes, stdin: bytes = b"") -> subprocess.CompletedProcess:
    """The real command with raw bytes for arguments, as a shell passes $'\\xff'."""
    return subprocess.run([sys.executable.encode(), b"-m", b"adapters.cli", *args], input=stdin, capture_output=True,
                          cwd=ROOT, env={**os.environ, "COLUMNS": "100"}, timeout=60)


@pytest.mark.parametrize("args, stdin", [
    ([b"ask", b"/faq how long \xff"], b""),
    ([b"ask", b"/mod faq add Is it \xff fine? | Yes, it is fine really."], b""),
    ([b"--user", b"u\xff", b"ask", b"/history"], b""),
    ([b"--community", b"c\xff", b"--channel", b"ch\xff", b"ask", b"/guide mle"], b""),
    ([b"review", b"-", b"--role", b"ml\xff"], LETTER.encode()),
    ([b"ask", b"/review mle"], LETTER.encode() + b"\xff"),
    ([b"chat"], b"/faq how long \xff\n/guide ml\xff\n"),
])
def test_invalid_utf8_anywhere_in_the_terminal_is_answered(tmp_path, args, stdin):
    result = shortlist(b"--db", str(tmp_path / "x.db").encode(), *args, stdin=stdin)
    shown = (result.stdout + result.stderr).decode("utf-8", "replace")
    assert "Traceback" not in shown and "Error" not in shown, shown
    assert result.returncode in (0, 1) and result.stdout.strip(), shown


async def test_a_letter_cut_mid_emoji_is_reviewed_on_slack(slack):
    await slack.deliver("interactive", message_shortcut(LETTER + " \U0001F600" + CUT_EMOJI, slack.fake.response_url()))
    await slack.settle(answers=1)
    assert "Your letter, reviewed" in slack.fake.answers[0].text
    view = {"id": "V9", "callback_id": "review_letter", "type": "modal", "private_metadata": "{}"}
    await slack.deliver("interactive", view_submission(view, {"letter": LETTER + CUT_EMOJI}))
    await slack.settle(answers=2)
    assert "Your letter, reviewed" in slack.fake.answers[1].text


async def test_a_letter_cut_mid_emoji_is_reviewed_on_discord(discord_bot):
    payload = interaction(2, message_command("Review cover letter", user_message(LETTER + CUT_EMOJI)))
    answers = await discord_bot.send(payload, responses=2)
    assert "Your letter, reviewed" in text_of(answers[1])
    [(words,)] = await discord_bot.store._fetchall("SELECT words FROM reviews")
    assert words > 40


# -- requests that aren't Slack's -------------------------------------------------------------------------

async def test_malformed_unsigned_requests_get_401_and_one_log_line(slack_http, caplog):
    caplog.set_level(logging.DEBUG)
    body = form(command("/guide", "mle", slack_http.fake.response_url()))
    statuses = []
    for n in range(40):
        headers = sign(body)
        kind = n % 5
        if kind < 3:
            headers["X-Slack-Request-Timestamp"] = ("abc", "", "1e3")[kind]
        elif kind == 3:
            headers["X-Slack-Signature"] = "v0=forged"
        data = b"\xff\xfe" + body.encode() if kind == 4 else body.encode()
        async with slack_http.session.post(slack_http.url, data=data, headers=headers) as response:
            statuses.append(response.status)
    assert statuses == [401] * 40
    noisy = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(noisy) == 1 and noisy[0].exc_info is None, [r.getMessage() for r in noisy]
    assert "Traceback" not in caplog.text
    await asyncio.sleep(0.1)
    assert slack_http.fake.calls == []
    assert await slack_http.store._fetchall("SELECT * FROM commands") == []


# -- Discord: a command removed since the last sync ----------------------------------------------------

async def test_a_stale_discord_command_says_so_and_logs_at_info(discord_bot, caplog):
    caplog.set_level(logging.INFO)
    [reply] = await discord_bot.send(interaction(2, slash("salary-check", role="mle")))
    shown = text_of(reply)
    assert reply.ephemeral and "no longer available" in shown and "/help" in shown
    assert "something went wrong" not in shown.lower()
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("salary-check" in r.getMessage() and r.levelno == logging.INFO for r in caplog.records)
