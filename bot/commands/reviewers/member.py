"""/my-request: the member sees where their request is, reads the reply, answers once, closes it."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ...records import utcnow
from ...reply import Reply
from ...reviewers import (
    ANSWER_MAX,
    problem_with_text,
    waited,
)
from ..registry import Command, Param, Words, command
from .common import no_storage, refused

if TYPE_CHECKING:
    from ...core import Shortlist
    from ...queue_records import ReviewerRequest
    from ...request import Request


MEMBER_ACTIONS = ("answer", "close")


def _bind_member(cmd: Command, words: Words, core: Shortlist) -> dict[str, str]:
    if not words:
        return {}
    return {"action": words[0].lower(), **({"text": words.rest_from(1)} if len(words) > 1 else {})}


@command("my-request", "Your request for a reviewer: where it is and the reply; `answer` once, or `close` it.",
         "/my-request answer Thank you, that helps a lot!",
         params=(Param("action", "Leave out to see it, or `answer` / `close`", choices=MEMBER_ACTIONS),
                 Param("text", "Your answer to the reviewer (thanks, or one follow-up question)", rest=True,
                       option=False)),
         private=True, bind=_bind_member,
         pastes_when=lambda request: request.arg("action") == "answer" and not request.arg("text"))
async def my_request_command(core: Shortlist, request: Request) -> Reply:
    if core.store is None:
        return no_storage()
    await core.expire_reviewer_requests(request.community_id)
    action = (request.arg("action") or "").lower()
    found = await core.database.member_request(request.community_id, request.user_id)
    if action and action not in MEMBER_ACTIONS:
        return refused("I don't know that", "`/my-request` shows your request; `/my-request answer <text>` answers "
                        "the reviewer once; `/my-request close` closes it. Nothing was changed.")
    if found is None or (not found.open and action):
        return Reply("You have no open request", kind="info" if not action else "error", private=True).para(
            "You haven't got a letter with the reviewers right now. After a `/review`, " +
            ("press **Ask a reviewer** (or type `/ask-reviewer`)" if request.buttons else "type `/ask-reviewer`") +
            " to ask for a human read.")
    now = utcnow()
    if action == "close":
        if await core.database.close_reviewer_request(request.community_id, found.id, request.user_id, now):
            reply = Reply("Your request is closed", kind="info", private=True,
                          data={"reviewer_request": found.id, "step": "closed"})
            reply.para("Your letter, your note, the reviewer's feedback and any answer of yours are deleted. "
                       "You can ask again after your next review.")
            return reply
        return refused("That request was already closed", "Nothing was changed.")
    if action == "answer":
        return await _answer(core, request, found, now)
    return await member_view(core, found, now)


async def member_view(core: Shortlist, found: ReviewerRequest, now: dt.datetime) -> Reply:
    """The member's request as they see it; showing the feedback counts as delivering it."""
    if not found.open:
        reply = Reply("Your latest request is closed", kind="info", private=True)
        reply.para(closed_line(found))
        await core.database.mark_closure_notified(found.community, found.id, now)
        return reply
    reply = Reply("Your request for a reviewer", kind="info", private=True)
    reply.para(member_state(found, now))
    if found.feedback is not None:
        reply.heading("The reviewer's feedback")
        reply.quote(found.feedback)
        await core.database.mark_feedback_delivered(found.community, found.id, now)
        if found.answered_at is None:
            reply.para("You can answer once, with thanks or a follow-up question: `/my-request answer <text>`.")
            reply.button("Answer the reviewer", "/my-request answer")
        else:
            reply.para("You've answered; the reviewer can read it. Close the request whenever you're done.")
    reply.button("Close my request", "/my-request close")
    return reply


async def _answer(core: Shortlist, request: Request, found: ReviewerRequest, now: dt.datetime) -> Reply:
    text = request.text if request.text is not None else request.arg("text")
    if found.replied_at is None:
        return refused("There's no reply to answer yet", "A reviewer hasn't replied to your request yet; you'll "
                        "hear as soon as one does. Nothing was sent.")
    if found.answered_at is not None:
        return refused("You've already answered", "You can answer a reviewer once, and you have. Nothing was sent.")
    problem = problem_with_text(text, "answer", ANSWER_MAX)
    if problem or text is None:
        return refused("Your answer couldn't be sent", problem or "")
    if not await core.database.answer_reviewer_request(request.community_id, found.id, request.user_id, text, now):
        return refused("Your answer couldn't be sent", "The request closed or was answered a moment ago. "
                        "Nothing was sent.")
    reply = Reply("Your answer is with the reviewer", kind="info", private=True,
                  data={"reviewer_request": found.id, "step": "answered"})
    reply.para("Thank you. Close the request whenever you're done: that deletes your letter and the messages.")
    reply.button("Close my request", "/my-request close")
    return reply


def member_state(found: ReviewerRequest, now: dt.datetime) -> str:
    since = waited(found.at, now)
    asked = "you sent it just now" if since == "under a minute" else f"you sent it {since} ago"
    return {"waiting": f"It's waiting for a reviewer to take it ({asked}).",
            "claimed": f"A reviewer has taken it and is reading your letter ({asked}).",
            "replied": "A reviewer has replied: their feedback is below.",
            "answered": "A reviewer replied and you've answered them."}.get(found.state, "It's closed.")


def closed_line(found: ReviewerRequest) -> str:
    if found.close_reason == "expired" and found.replied_at is not None:
        return ("Your request for a reviewer has closed, as requests do when nothing has happened on them for a "
                "while. A reviewer had replied, and their feedback was sent to you. Your letter and the messages "
                "are now deleted from Shortlist; you can ask again after your next `/review`.")
    if found.close_reason == "expired":
        return ("Your request for a reviewer closed because no reviewer could take it in time. That's about how "
                "busy the volunteers are, not about your letter. Your letter and note have been deleted; you can "
                "ask again after your next `/review`.")
    return "You closed it, and its letter and messages were deleted."


async def notices(core: Shortlist, community: str, user: str, now: dt.datetime) -> list[str]:
    """What a member hasn't been told yet about their requests (one that expired), marked as told."""
    lines = []
    for closed in await core.database.unnotified_closures(community, user):
        if await core.database.mark_closure_notified(community, closed.id, now):
            lines.append(closed_line(closed))
    return lines
