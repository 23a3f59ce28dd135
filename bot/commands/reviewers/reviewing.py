"""/queue: reviewers list the requests, claim, release and reply."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ...records import utcnow
from ...reply import Reply, UserText, plural
from ...reviewers import (
    FEEDBACK_MAX,
    is_reviewer,
    problem_with_text,
    waited,
)
from ..registry import Command, Param, Words, command
from .common import no_storage, refused

if TYPE_CHECKING:
    from ...core import Shortlist
    from ...queue_records import ReviewerRequest
    from ...request import Request


QUEUE_ACTIONS = ("show", "claim", "release", "reply")


def _bind_queue(cmd: Command, words: Words, core: Shortlist) -> dict[str, str]:
    """``/queue``, ``/queue claim 3``, ``/queue reply 3 <feedback...>``."""
    args: dict[str, str] = {}
    if words:
        args["action"] = words[0].lower()
    if len(words) > 1:
        args["id"] = words[1].lstrip("#")
    if len(words) > 2:
        args["text"] = words.rest_from(2)
    return args


@command("queue", "Reviewers: the letters members have asked a person to read, oldest first; claim one, "
         "release it, or reply.", "/queue claim 3",
         params=(Param("action", "Leave out for the list, or `show` / `claim` / `release` / `reply`",
                       choices=QUEUE_ACTIONS),
                 Param("id", "The request's number, as the list shows it", keep=lambda core, v: v if v.isdigit()
                       else None),
                 Param("text", "Your feedback (or paste it after the command)", rest=True, option=False)),
         private=True, bind=_bind_queue,
         pastes_when=lambda request: request.arg("action") == "reply" and not request.arg("text"))
async def queue_command(core: Shortlist, request: Request) -> Reply:
    if core.store is None:
        return no_storage()
    settings = await core.settings(request.community_id)
    if not is_reviewer(request, settings):
        return Reply("That's for this community's reviewers", kind="refusal", private=True).para(
            "`/queue` shows letters members asked a person to read, so only the reviewers moderators have named "
            "can open it. If you were a reviewer, a moderator may have changed the list. Nothing was changed.")
    await core.expire_reviewer_requests(request.community_id)
    action = (request.arg("action") or "").lower()
    if not action:
        return await _list(core, request)
    if action not in QUEUE_ACTIONS:
        return refused("I don't know that", "`/queue` lists the requests; then `/queue show <number>`, "
                        "`claim <number>`, `release <number>` or `reply <number>`. Nothing was changed.")
    raw = request.arg("id") or ""
    if not raw.isdigit():
        return refused("Which request?", f"Give its number, as `/queue` shows it: `/queue {action} 3`. "
                        "Nothing was changed.")
    found = await core.database.reviewer_request(request.community_id, int(raw))
    if found is None:
        return refused("There's no such request", "There's no request #", UserText(raw[:12]),
                        " in this community. `/queue` lists the open ones. Nothing was changed.")
    now = utcnow()
    me = request.user_id
    if action == "show":
        return reviewer_view(core, found, me, now)
    if not found.open:
        return refused("That request is closed", f"Request #{found.id} was closed (by its member, or it expired) "
                        "and its letter deleted, so there's nothing to do. Nothing was changed.")
    if action == "claim":
        if found.user == me:
            return refused("That's your own letter", "Reviewers can't take their own request. Nothing was changed.")
        if await core.database.claim_reviewer_request(request.community_id, found.id, me, now):
            claimed = await core.database.reviewer_request(request.community_id, found.id)
            reply = reviewer_view(core, claimed or found, me, now)
            reply.title = f"You've claimed request #{found.id}"
            reply.data = {"reviewer_request": found.id, "step": "claimed"}
            return reply
        return await _not_claimed(core, request, found.id)
    if found.claimed_by is None:  # not someone else's: the heading says what to do (trial 17 F56)
        return refused("Claim it first", f"Request #{found.id} is not claimed yet: "
                       f"`{request.typed('queue')} claim {found.id}` takes it. Nothing was changed.")
    if found.claimed_by != me:
        return refused("That request isn't yours", f"Request #{found.id} is claimed by another reviewer. "
                       "Nothing was changed.")
    if action == "release":
        if found.replied_at is not None:
            return refused("You've already replied", "A request you've replied to stays yours. Nothing was changed.")
        if await core.database.release_reviewer_request(request.community_id, found.id, me, now):
            reply = Reply(f"Request #{found.id} is back in the queue", kind="info", private=True,
                          data={"reviewer_request": found.id, "step": "released"})
            return reply.para("Another reviewer can claim it now. Thank you for saying so rather than leaving it.")
        return refused("That request isn't yours any more", "It changed a moment ago. Nothing was changed.")
    return await _reply(core, request, found, now)


async def _not_claimed(core: Shortlist, request: Request, request_id: int) -> Reply:
    """Why a claim failed, read again after the database said no."""
    now_found = await core.database.reviewer_request(request.community_id, request_id)
    if now_found is None or not now_found.open:
        return refused("That request just closed", f"Request #{request_id} was closed a moment ago (by its member, "
                        "or it expired). Nothing was changed.")
    if now_found.claimed_by == request.user_id:
        return refused("It's already yours", f"You claimed request #{request_id} earlier. Nothing was changed.")
    reply = refused("Another reviewer got there first", f"Request #{request_id} was claimed by another reviewer a "
                     "moment before you, so it's theirs. `/queue` shows what's still waiting. Nothing was changed.")
    return reply.button("The queue", "/queue")


async def _reply(core: Shortlist, request: Request, found: ReviewerRequest, now: dt.datetime) -> Reply:
    if found.replied_at is not None:
        return refused("You've already replied", f"Request #{found.id} has your feedback already; a reply is sent "
                        "once. Nothing was changed.")
    feedback = request.text if request.text is not None else request.arg("text")
    problem = problem_with_text(feedback, "feedback", FEEDBACK_MAX)
    if problem or feedback is None:
        return refused("Your feedback wasn't sent", problem or "")
    if not await core.database.reply_reviewer_request(request.community_id, found.id, request.user_id, feedback, now):
        return refused("Your feedback wasn't sent", f"Request #{found.id} changed a moment ago (closed by its "
                        "member, or it expired). Nothing was sent.")
    reply = Reply("Your feedback is on its way to the member", kind="info", private=True,
                  data={"reviewer_request": found.id, "step": "replied"})
    reply.para("They'll get it privately. They may answer once, with thanks or a follow-up question; "
               f"`/queue show {found.id}` shows it when they do. Thank you for reading it.")
    return reply


async def _list(core: Shortlist, request: Request) -> Reply:
    requests = await core.database.open_reviewer_requests(request.community_id)
    now = utcnow()
    reply = Reply("Letters waiting for a reviewer", kind="info", private=True)
    if not requests:
        return reply.para("The queue is empty: no member is waiting for a read right now. Thank you for checking.")
    waiting = [r for r in requests if r.claimed_by is None]
    reply.para(f"{plural(len(requests), 'open request')}, oldest first; {len(waiting)} waiting for someone to "
               "claim. Names are shown only where the member chose to show theirs.")
    rows = []
    for r in requests:
        state = ("waiting" if r.claimed_by is None else "claimed by you" if r.claimed_by == request.user_id
                 else "claimed by another reviewer")
        if r.replied_at is not None:
            state = "replied" + (", member answered" if r.answered_at else "")
        rows.append((f"**#{r.id}** \u00b7 waited {waited(r.at, now)} \u00b7 `{r.guide}` \u00b7 {r.score}/100 \u00b7 ",
                     UserText(r.shown_as), f" \u00b7 {state}"))
    reply.bullets(rows)
    for r in waiting[:5]:
        reply.button(f"Claim #{r.id}", f"/queue claim {r.id}", group="claim")
    for r in requests[:5]:
        reply.button(f"Read #{r.id}", f"/queue show {r.id}", group="read")
    return reply


def reviewer_view(core: Shortlist, found: ReviewerRequest, me: str, now: dt.datetime) -> Reply:
    """A request as reviewers see it: the letter, the member's note, the automatic review's outline."""
    reply = Reply(f"Request #{found.id}", kind="info", private=True)
    if not found.open:
        return reply.para("This request is closed and its letter deleted.")
    reply.para("From ", UserText(found.shown_as), f", waiting {waited(found.at, now)}. Automatic review: "
               f"**{found.score}/100** against `{found.guide}`.")
    if found.fixes:
        reply.para("Its top fixes: " + "; ".join(core.library.rule_title(f, found.guide) for f in found.fixes) + ".")
    if found.note:
        reply.heading("The member's note")
        reply.quote(found.note)
    reply.heading("The letter")
    reply.quote(found.letter or "")
    if found.feedback is not None:
        reply.heading("Your feedback" if found.replied_by == me else "The feedback sent")
        reply.quote(found.feedback)
    if found.answer is not None:
        reply.heading("The member's answer")
        reply.quote(found.answer)
    if found.claimed_by is None:
        reply.button("Claim", f"/queue claim {found.id}")
    elif found.claimed_by == me and found.replied_at is None:
        reply.para("It's yours: reply with `/queue reply " f"{found.id}` (then paste your feedback, up to "
                   f"{FEEDBACK_MAX:,} characters), or release it for someone else.")
        reply.button("Reply", f"/queue reply {found.id}")
        reply.button("Release", f"/queue release {found.id}")
    return reply
