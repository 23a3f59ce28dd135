"""In HTTP mode, slash commands and submitted forms reach their handlers without bolt's dispatch
(``adapters/slack/direct.py``): the acknowledgement must be the very response bolt sends for the same
request, and whatever else Slack sends (its ssl_check, a command that isn't ours, buttons) still goes
through bolt. The real bolt app, over signed HTTP on 127.0.0.1."""
from __future__ import annotations

import json

import pytest
from aiohttp.test_utils import make_mocked_request

from adapters.slack.direct import form_fields
from adapters.slack.render import letter_modal
from adapters.slack.verify import bolt_request

from .conftest import LETTERS
from .fakes.slack_api import button_press, command, form, interactive, sign, view_submission

LETTER = (LETTERS / "05-framework-list.txt").read_text(encoding="utf-8")


async def _post(slack, body: str) -> tuple[int, str]:
    async with slack.session.post(slack.url, data=body.encode(), headers=sign(body)) as response:
        slack.content_type = response.headers.get("Content-Type")
        return response.status, await response.text()


async def _bolt(slack, body: str) -> tuple[int, str]:
    """The same request through bolt's own dispatch, as Socket Mode and every other request take."""
    response = await slack.app.async_dispatch(bolt_request(body, make_mocked_request(
        "POST", "/slack/events", headers=sign(body))))
    return response.status, response.body


@pytest.fixture
def dispatched(slack_http, monkeypatch):
    """Counts the requests bolt dispatches."""
    calls: list[object] = []
    original = slack_http.app.async_dispatch

    async def counted(request):
        calls.append(request)
        return await original(request)
    monkeypatch.setattr(slack_http.app, "async_dispatch", counted)
    return calls


async def test_a_slash_command_skips_bolt_and_is_acknowledged_as_bolt_would(slack_http, dispatched):
    url = slack_http.fake.response_url()
    ours = await _post(slack_http, form(command("/guide", "ml-engineer", url)))
    assert not dispatched
    bolts = await _bolt(slack_http, form(command("/guide", "ml-engineer", url)))
    assert ours[0] == bolts[0] == 200
    assert json.loads(ours[1]) == json.loads(bolts[1])
    assert slack_http.content_type == "application/json; charset=utf-8"  # as bolt's JSON text is sent
    assert "MLOps depth" in ours[1] and json.loads(ours[1])["response_type"] == "in_channel"


async def test_a_submitted_review_skips_bolt_and_replaces_its_form_as_bolt_would(slack_http, dispatched):
    view = letter_modal("ml-engineer", {"channel": "C0001", "response_url": slack_http.fake.response_url()})
    ours = await _post(slack_http, interactive(view_submission({**view, "id": "V1"}, {"letter": LETTER})))
    assert not dispatched
    bolts = await _bolt(slack_http, interactive(view_submission({**view, "id": "V2"}, {"letter": LETTER})))
    assert ours[0] == bolts[0] == 200
    ours_ack, bolts_ack = json.loads(ours[1]), json.loads(bolts[1])
    assert ours_ack == bolts_ack and ours_ack["response_action"] == "update"
    assert slack_http.content_type == "application/json; charset=utf-8"
    assert "Your letter, reviewed" in json.dumps(ours_ack)


async def test_an_empty_ack_is_bolts_own(slack_http, dispatched):
    """A review that can't ride in its ack (no time for it here) closes its form with an empty ack."""
    slack_http.app.bridge.ack_budget = 0.0
    view = letter_modal("ml-engineer", {"channel": "C0001", "response_url": slack_http.fake.response_url()})
    ours = await _post(slack_http, interactive(view_submission({**view, "id": "V1"}, {"letter": LETTER})))
    assert not dispatched
    bolts = await _bolt(slack_http, interactive(view_submission({**view, "id": "V2"}, {"letter": LETTER})))
    assert ours == bolts == (200, "") and slack_http.content_type == "text/plain"  # bolt's own empty ack
    await slack_http.settle(answers=2)  # and each review follows at its response_url
    assert [a.method for a in slack_http.fake.answers] == ["response_url"] * 2


async def test_everything_else_still_goes_through_bolt(slack_http, dispatched):
    # Slack's check of the certificate: bolt answers it, empty.
    assert await _post(slack_http, form({"ssl_check": "1", "token": "legacy", "command": "/guide"})) == (200, "")
    # A command the app doesn't serve: bolt says it went unhandled, as before.
    status, _ = await _post(slack_http, form(command("/weather", "", slack_http.fake.response_url())))
    assert status == 404
    # A button.
    assert (await _post(slack_http, interactive(button_press("/faq", slack_http.fake.response_url()))))[0] == 200
    assert len(dispatched) == 3


@pytest.mark.parametrize("text", ["ml-engineer + more & less", "caf\u00e9 100%% %2B %zz <!channel>", ""])
def test_a_form_is_read_as_bolt_reads_it(text):
    body = form(command("/guide", text, "https://hooks.example/1")) + "&text=last+wins"
    assert form_fields(body) == bolt_request(body, make_mocked_request("POST", "/", headers=sign(body))).body
