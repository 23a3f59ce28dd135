"""Replies as Block Kit messages with a text fallback, within Slack's limits."""
from __future__ import annotations

import json
import re
from typing import Any

import orjson

from bot.reply import Fields, Reply

from ..markup import Dialect, markup, sections, trim
from ..rendered import Kept

BLOCKS_PER_MESSAGE = 50
SECTION_TEXT = 3000
HEADER_TEXT = 150
FIELD_TEXT, FIELDS_PER_SECTION = 2000, 10
BUTTON_TEXT, BUTTON_VALUE, BUTTONS_PER_ACTIONS = 75, 2000, 25
FALLBACK_TEXT = 3000  # the notification text; the blocks carry the whole reply
RUN_ACTION = "sl-run"

_FORMAT = "*_~`"  # each followed by a zero-width space in member text


_BROADCAST = re.compile(r"@(?=(channel|here|everyone)\b)", re.I)


def escape(text: str) -> str:
    """Member text as typed: &, <, > escaped (so <!channel> or <@U123> ping nobody), a zero-width
    space after the @ of @channel, @here and @everyone, and after formatting marks so *, _, ~ and `
    can't restyle the reply."""
    text = _BROADCAST.sub("@\u200b", text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    for mark in _FORMAT:  # str.replace rather than a regex with a template: the same text, sooner
        text = text.replace(mark, mark + "\u200b")
    return text


def mrkdwn(text: str) -> dict:
    """A text object Slack shows as written: verbatim, so it never links names or mentions itself."""
    return {"type": "mrkdwn", "text": text, "verbatim": True}


DIALECT = Dialect(bold=lambda t: f"*{t}*", italic=lambda t: f"_{t}_", code=lambda t: f"`{t}`", escape=escape)


def _section(text: str) -> dict:
    return {"type": "section", "text": mrkdwn(text)}


def _fields(block: Fields) -> list[dict]:
    fields = [mrkdwn(trim(f"*{f.name}*\n{markup((f.value,), DIALECT)}", FIELD_TEXT)) for f in block.fields]
    return [{"type": "section", "fields": fields[i:i + FIELDS_PER_SECTION]}
            for i in range(0, len(fields), FIELDS_PER_SECTION)]


def buttons(reply: Reply) -> list[dict]:
    elements = [{"type": "button", "action_id": f"{RUN_ACTION}-{n}", "text": {"type": "plain_text",
                 "text": trim(b.label, BUTTON_TEXT)}, "value": b.command}
                for n, b in enumerate(reply.buttons) if len(b.command) <= BUTTON_VALUE]
    return [{"type": "actions", "elements": elements[i:i + BUTTONS_PER_ACTIONS]}
            for i in range(0, len(elements), BUTTONS_PER_ACTIONS)]


def _render(reply: Reply) -> list[dict]:
    """One or more messages ({"text", "blocks"}); a long reply continues in the next message."""
    blocks: list[dict[str, Any]] = [{"type": "header", "text": {"type": "plain_text",
                                                                "text": trim(reply.title, HEADER_TEXT)}}]
    for chunk in sections(reply, DIALECT, SECTION_TEXT):
        blocks += _fields(chunk) if isinstance(chunk, Fields) else [_section(chunk)]
    blocks += buttons(reply)
    pages = [blocks[i:i + BLOCKS_PER_MESSAGE] for i in range(0, len(blocks), BLOCKS_PER_MESSAGE)]
    text = trim(escape(reply.fallback_text()), FALLBACK_TEXT)  # shown in notifications
    if len(pages) > 1:
        for n, page in enumerate(pages, 1):
            page.append({"type": "context", "elements": [{"type": "mrkdwn", "text": f"Part {n} of {len(pages)}"}]})
            if len(page) > BLOCKS_PER_MESSAGE:  # make room for the page marker
                pages[n - 1] = page[:BLOCKS_PER_MESSAGE - 1] + page[-1:]
    return [{"text": text if n == 0 else f"{reply.title} (part {n + 1})", "blocks": page}
            for n, page in enumerate(pages)]


render = Kept(_render)  # a reply with no member text is rendered once (adapters/rendered.py)


def message_body(page: dict, kind: str) -> bytes:
    """One message of a reply as the JSON body posted to a response_url (``kind``: ephemeral or in_channel)."""
    return orjson.dumps({"text": page["text"], "blocks": page["blocks"], "response_type": kind})


def response_bodies(reply: Reply) -> tuple[bytes, ...]:
    """The reply's messages as posted to a response_url. A review's are drawn in the bot's worker process, where
    the review ran (``Shortlist.drawers``): drawing Block Kit and its JSON was a fifth of the event loop's work
    for a delivered review."""
    kind = "ephemeral" if reply.private else "in_channel"
    return tuple(message_body(page, kind) for page in render(reply))


DRAWER = f"{__name__}:{response_bodies.__name__}"


def home_view(library) -> dict:
    """The App Home tab: every guide, with buttons that open it."""
    blocks = [{"type": "header", "text": {"type": "plain_text", "text": "Shortlist: cover-letter guides"}},
              _section("Role guides, common mistakes and answers to common questions. Paste a letter with "
                       "`/review` for a private review; its text is never stored.")]
    for guide in library:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"*{escape(guide.title)}*\n"
                                                   f"{escape(trim(guide.summary, 280))}"},
                       "accessory": {"type": "button", "action_id": f"{RUN_ACTION}-home-{guide.id}",
                                     "text": {"type": "plain_text", "text": "Open guide"},
                                     "value": f"/guide {guide.id}"}})
    return {"type": "home", "blocks": blocks[:100]}


def letter_modal(role: str | None, metadata: dict) -> dict:
    """/review's paste box. One Slack text field holds 3,000 characters, so a second field
    continues it: a 5,000-character letter fits."""
    def field(block_id, label, optional, hint):
        return {"type": "input", "block_id": block_id, "optional": optional,
                "label": {"type": "plain_text", "text": label},
                "hint": {"type": "plain_text", "text": hint},
                "element": {"type": "plain_text_input", "action_id": "text", "multiline": True, "max_length": 3000}}
    return {
        "type": "modal", "callback_id": "review_letter",
        "title": {"type": "plain_text", "text": "Review your letter"},
        "submit": {"type": "plain_text", "text": "Review"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": json.dumps({"role": role, **metadata})[:3000],
        "blocks": [
            field("letter", "Your cover letter", False, "Greeting to sign-off. Only you will see the review."),
            field("continued", "Continued (if it is longer than the box above)", True,
                  "Slack caps one box at 3,000 characters; carry on here and I'll join them."),
            field("advert", "The job advert (optional)", True,
                  "Paste the advert to see how well your letter answers it. It isn't stored."),
        ],
    }


MODAL_BLOCKS, MODAL_TITLE = 100, 24


def result_view(reply: Reply) -> dict | None:
    """The reply as a form's content (a review replacing the paste box it came from), or None when
    it is longer than a form holds."""
    blocks = [b for page in render(reply) for b in page["blocks"]
              if not (b["type"] == "context" and b["elements"][0]["text"].startswith("Part "))]
    if len(blocks) > MODAL_BLOCKS:
        return None
    return {"type": "modal", "callback_id": "review_result",
            "title": {"type": "plain_text", "text": trim("Your review" if reply.kind == "review" else reply.title,
                                                          MODAL_TITLE)},
            "close": {"type": "plain_text", "text": "Done"}, "blocks": blocks}


def advert_from(view: dict) -> str | None:
    """The optional advert box; None when it was left empty."""
    values = view.get("state", {}).get("values", {})
    return ((values.get("advert") or {}).get("text") or {}).get("value") or None


def letter_from(view: dict) -> str:
    """The two boxes joined exactly where the first ran out."""
    values = view.get("state", {}).get("values", {})
    return "".join(((values.get(block) or {}).get("text") or {}).get("value") or ""
                   for block in ("letter", "continued"))
