"""The reviewer queue on Slack: each request a message in the reviewers' channel with its thread holding
the letter and Block Kit buttons (Claim, Release, Reply); forms for the member's note and the reviewer's
feedback; the feedback as a direct message from the app.

What to post at each step is the core's (``queue_event``), in the order ``QueuePosting`` shares with
Discord; this module only draws it the Slack way.
"""
from __future__ import annotations

import json

from slack_sdk.errors import SlackApiError

from bot.commands.reviewers.events import PASTE_BOXES, QueueEvent
from bot.reply import Reply
from bot.reviewers import NOTE_MAX

from ..markup import trim
from ..queue_posting import QueuePosting
from .render import render

ASK_VIEW = "ask_reviewer"
TEXT_VIEW = "queue_text"
BOX = 3000  # Slack's cap on one text box: longer feedback continues in a second


def ask_modal(metadata: dict) -> dict:
    """*Ask a reviewer*: an optional note, and a tick box to show one's name (anonymous by default)."""
    return {
        "type": "modal", "callback_id": ASK_VIEW,
        "title": {"type": "plain_text", "text": "Ask a reviewer"},
        "submit": {"type": "plain_text", "text": "Send"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": json.dumps(metadata)[:3000],
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": "Your letter and its automatic review go to this "
                                         "community's reviewers. Only they see it, and it is deleted when the "
                                         "request closes.", "verbatim": True}},
            {"type": "input", "block_id": "note", "optional": True,
             "label": {"type": "plain_text", "text": "A note for the reviewer (optional)"},
             "element": {"type": "plain_text_input", "action_id": "text", "multiline": True,
                         "max_length": NOTE_MAX,
                         "placeholder": {"type": "plain_text", "text": "I'm switching from teaching; is my opening "
                                                                       "clear?"}}},
            {"type": "input", "block_id": "name", "optional": True,
             "label": {"type": "plain_text", "text": "Your name"},
             "element": {"type": "checkboxes", "action_id": "choice", "options": [
                 {"text": {"type": "plain_text", "text": "Show my name to the reviewer"}, "value": "show-name"}]},
             "hint": {"type": "plain_text", "text": "Leave it unticked to stay anonymous: reviewers see "
                                                    "\u201ca member\u201d."}},
        ],
    }


def text_modal(line: str, command: str, metadata: dict) -> dict | None:
    """The form for a command's text (a reviewer's feedback, a member's answer), or None if it takes none."""
    if command not in PASTE_BOXES:
        return None
    label, limit = PASTE_BOXES[command]
    boxes = [("text", label, min(limit, BOX), False)]
    if limit > BOX:
        boxes.append(("continued", "Continued (if it is longer than the box above)", limit - BOX, True))
    return {
        "type": "modal", "callback_id": TEXT_VIEW,
        "title": {"type": "plain_text", "text": trim(label, 24)},
        "submit": {"type": "plain_text", "text": "Send"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": json.dumps({"line": line, **metadata})[:3000],
        "blocks": [{"type": "input", "block_id": block, "optional": optional,
                    "label": {"type": "plain_text", "text": text},
                    "element": {"type": "plain_text_input", "action_id": "text", "multiline": True,
                                "max_length": size}} for block, text, size, optional in boxes],
    }


def _value(view: dict, block: str) -> str:
    return (((view.get("state") or {}).get("values") or {}).get(block) or {}).get("text", {}).get("value") or ""


def ask_values(view: dict) -> dict[str, str]:
    """The ask form's note and name choice, as the command's arguments."""
    values = (view.get("state") or {}).get("values") or {}
    chosen = ((values.get("name") or {}).get("choice") or {}).get("selected_options") or []
    note = _value(view, "note").strip()
    return {**({"name": "show-name"} if any(o.get("value") == "show-name" for o in chosen) else {}),
            **({"note": note} if note else {})}


def text_value(view: dict) -> str:
    return _value(view, "text") + _value(view, "continued")


class SlackQueue(QueuePosting):
    """Posts each step of a request where Slack users see it: the reviewers' channel thread, the app's DMs.
    A place is "<channel> <thread ts> <ts of each message holding member text>"."""

    platform = "slack"
    failures = (SlackApiError, OSError)

    def __init__(self, core, client):
        super().__init__(core)
        self.client = client

    async def open_thread(self, community: str, event: QueueEvent) -> str | None:
        if not event.channel or event.for_reviewers is None:
            return None
        top = await self.client.chat_postMessage(channel=event.channel, text=event.headline)
        letters = await self._post(event.channel, event.for_reviewers, top["ts"])
        return " ".join([event.channel, top["ts"], *letters])

    async def post_in_thread(self, place: str, reply: Reply) -> list[str]:
        channel, thread, *_ = place.split()
        return await self._post(channel, reply, thread)

    async def delete(self, place: str, messages: list[str]) -> None:
        channel = place.split()[0]
        for ts in messages:
            try:
                await self.client.chat_delete(channel=channel, ts=ts)
            except SlackApiError as exc:  # already gone (a workspace admin tidied the thread): no fault
                if exc.response.get("error") != "message_not_found":
                    raise

    def letters(self, place: str) -> list[str]:
        return place.split()[2:]

    async def direct_message(self, user: str, reply: Reply, community: str) -> bool:
        await self._post(user, reply)  # a DM from the app always arrives
        return True

    async def _post(self, channel: str, reply: Reply, thread: str | None = None) -> list[str]:
        stamps = []
        for page in render(reply):
            posted = await self.client.chat_postMessage(channel=channel, text=page["text"], blocks=page["blocks"],
                                                        **({"thread_ts": thread} if thread else {}))
            stamps.append(str(posted["ts"]))
        return stamps
