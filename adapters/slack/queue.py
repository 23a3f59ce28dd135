"""The reviewer queue on Slack: each request a message in the reviewers' channel with its thread holding
the letter and Block Kit buttons (Claim, Release, Reply); forms for the member's note and the reviewer's
feedback; the feedback as a direct message from the app.

What to post at each step is the core's (``queue_event``); this module only draws it the Slack way.
"""
from __future__ import annotations

import json
import logging

from slack_sdk.errors import SlackApiError

from bot.commands.reviewers import PASTE_BOXES, QueueEvent, queue_event, queue_steps
from bot.reply import Reply
from bot.reviewers import NOTE_MAX

from ..markup import trim
from .render import render

log = logging.getLogger("shortlist.slack")
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


class SlackQueue:
    """Posts each step of a request where Slack users see it: the reviewers' channel thread, the app's DMs."""

    def __init__(self, core, client):
        self.core, self.client = core, client
        core.expiry_announcers["slack"] = self.announce_expired

    async def after(self, community: str, reply: Reply) -> None:
        for request_id, step, place in queue_steps(reply):
            try:
                await self.step(community, request_id, step, place)
            except (SlackApiError, OSError) as exc:
                log.warning("reviewer queue: could not post the %s step of request %s: %s", step, request_id, exc)

    async def step(self, community: str, request_id: int, step: str, place: str | None = None) -> None:
        event = await queue_event(self.core, community, request_id, step, place)
        if event is None:
            return
        if step == "asked":
            await self._open_thread(community, event)
        elif event.for_reviewers is not None and event.found.place:
            channel, thread, *_ = event.found.place.split()
            posted = await self._post(channel, event.for_reviewers, thread)
            if event.member_text:  # deleted with the letter when the request closes
                await self.core.store.set_reviewer_request_place(
                    community, request_id, " ".join([event.found.place, *posted]))
                now = await self.core.store.reviewer_request(community, request_id)
                if now is None or not now.open:  # it closed while this was posted: the answer goes at once
                    for ts in posted:
                        await self.client.chat_delete(channel=channel, ts=ts)
        if event.withdraw and event.found.place:
            channel, _, *letters = event.found.place.split()
            for ts in letters:
                await self.client.chat_delete(channel=channel, ts=ts)
        if event.for_member is not None:
            await self._post(event.found.user, event.for_member)  # a DM from the app always arrives
            if step == "replied":
                await self.core.store.mark_feedback_delivered(community, request_id)
            else:
                await self.core.store.mark_closure_notified(community, request_id)

    async def _open_thread(self, community: str, event: QueueEvent) -> None:
        if not event.channel or event.for_reviewers is None:
            log.info("reviewer queue: workspace %s has no reviewers' channel; request %s waits in /queue",
                     community, event.found.id)
            return
        top = await self.client.chat_postMessage(channel=event.channel, text=event.headline)
        letters = await self._post(event.channel, event.for_reviewers, top["ts"])
        place = " ".join([event.channel, top["ts"], *letters])
        await self.core.store.set_reviewer_request_place(community, event.found.id, place)
        await self._unless_withdrawn_meanwhile(community, event.found.id, place)

    async def _unless_withdrawn_meanwhile(self, community: str, request_id: int, place: str) -> None:
        """The member closed or erased the request while it was being posted: take the letter back out."""
        found = await self.core.store.reviewer_request(community, request_id)
        if found is None or not found.open:
            await self.step(community, request_id, "forgotten" if found is None else "closed", place)

    async def _post(self, channel: str, reply: Reply, thread: str | None = None) -> list[str]:
        stamps = []
        for page in render(reply):
            posted = await self.client.chat_postMessage(channel=channel, text=page["text"], blocks=page["blocks"],
                                                        **({"thread_ts": thread} if thread else {}))
            stamps.append(str(posted["ts"]))
        return stamps

    async def announce_expired(self, closed) -> None:
        await self.step(closed.community, closed.id, "expired")
