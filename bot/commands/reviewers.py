"""/ask-reviewer, /my-request and /queue: a member asks the community's reviewers for a human read of the
letter just reviewed; reviewers claim, release and reply; the member reads the reply privately, may answer
once, and closes the request. See ``bot/reviewers.py`` for what is kept, and for how long."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..records import utcnow
from ..reply import Inline, Reply, UserText, plural
from ..reviewers import (
    ANSWER_MAX,
    FEEDBACK_MAX,
    NOTE_MAX,
    NewRequest,
    ReviewerRequest,
    is_reviewer,
    problem_with_text,
    waited,
)
from .registry import Command, Param, Words, command

if TYPE_CHECKING:
    from ..core import Shortlist
    from ..request import Request

if TYPE_CHECKING:
    from ..core import Shortlist
    from ..request import Request
    from .registry import Command

SHOW_NAME = "show-name"
QUEUE_ACTIONS = ("show", "claim", "release", "reply")
MEMBER_ACTIONS = ("answer", "close")


def _no_storage() -> Reply:
    return Reply("The reviewer queue needs the database", kind="error", private=True).para(
        "This Shortlist runs without a database, so there is no queue to send a letter to.")


def _refused(title: str, *text: Inline) -> Reply:
    reply = Reply(title, kind="error", private=True)
    reply.para(*text)
    return reply


# -- the member asks --------------------------------------------------------------------------------------
def _bind_ask(cmd: Command, words: Words, core: Shortlist) -> dict[str, str]:
    """``/ask-reviewer [show-name] [note...]``: anonymous unless the first word is ``show-name``."""
    if words and words[0].lower() == SHOW_NAME:
        return {"name": SHOW_NAME, **({"note": words.rest_from(1)} if len(words) > 1 else {})}
    return {"note": words.rest_from(0)} if words else {}


@command("ask-reviewer", "Send the letter you just had reviewed to this community's reviewers for a human read "
         "(anonymous unless you add `show-name`; a note is optional).",
         "/ask-reviewer I'm switching from teaching; is my opening clear?",
         params=(Param("name", "`show-name` to let reviewers see your name (default: anonymous)",
                       choices=(SHOW_NAME,)),
                 Param("note", "An optional note for the reviewer, e.g. what you'd like them to look at", rest=True)),
         private=True, bind=_bind_ask)
async def ask_reviewer_command(core: Shortlist, request: Request) -> Reply:
    if core.store is None:
        return _no_storage()
    settings = await core.settings(request.community_id)
    if not settings.has_reviewers:
        return _refused("This community has no reviewers yet",
                        "No one here has been named a reviewer, so there's no one to send your letter to yet. "
                        "Your automatic review still stands, and moderators can name reviewers with "
                        "`/mod reviewers add`. Nothing was sent.")
    await core.expire_reviewer_requests(request.community_id)
    recent = core.recent_letters.get(request.community_id, request.user_id)
    if recent is None:
        reply = _refused("Review your letter first",
                         "A reviewer reads a letter beside its automatic review, and I don't have a reviewed letter "
                         "of yours to send. Run `/review` and paste it, then press *Ask a reviewer* under the "
                         "review (or type `/ask-reviewer` straight after, within an hour: I hold the letter in "
                         "memory only that long, and never write it anywhere unless you ask for a reviewer). "
                         "Nothing was sent.")
        return reply.button("Review a letter", "/review")
    note = request.arg("note")
    if note is not None:
        problem = problem_with_text(note, "note", NOTE_MAX)
        if problem:
            return _refused("Your note couldn't be sent", problem.replace("Nothing was sent.",
                                                                          "Your letter wasn't sent either."))
    text, guide, score, fixes = recent
    anonymous = (request.arg("name") or "").lower() != SHOW_NAME
    new = NewRequest(request.community_id, request.user_id, request.platform, guide, score, fixes, text, note,
                     anonymous, None if anonymous else (request.user_name or request.user_id), utcnow())
    request_id = await core.database.open_reviewer_request(new)
    if request_id is None:
        existing = await core.database.member_request(request.community_id, request.user_id)
        reply = _refused("You already have a request open",
                         "Each member can have one letter with the reviewers at a time, so everyone gets a turn. "
                         "Close the one you have (`/my-request close`) to send this letter instead. Nothing was sent.")
        if existing is not None and existing.open:
            reply.para(f"Your open request: {_member_state(existing, utcnow())}")
        reply.button("My request", "/my-request")
        return reply
    core.recent_letters.drop(request.community_id, request.user_id)
    reply = Reply("Sent to the reviewers", kind="info", private=True,
                  data={"reviewer_request": request_id, "step": "asked"})
    who = ("Reviewers see it as from \u201ca member\u201d: not your name." if anonymous else
           "Reviewers see your name with it, as you chose.")
    reply.para(f"Your letter and its automatic review are in this community's reviewer queue. {who}")
    if note:
        reply.para("Your note goes with it: \u201c", UserText(note), "\u201d")
    reply.para(f"Reviewers are volunteers: when one replies you'll get it privately ({_where_reply_arrives(request)}). "
               f"If no reviewer takes it within {plural(settings.reviewer_expiry_days, 'day')}, it closes and "
               "I'll tell you.")
    reply.para("Your letter is kept only while the request is open, and only reviewers see it. It is deleted when "
               "the request closes, when it expires, or if you run `/forget`.")
    reply.button("My request", "/my-request")
    reply.button("Close my request", "/my-request close")
    return reply


def _where_reply_arrives(request: Request) -> str:
    return {"discord": "a direct message, or a note here the next time you use me if your DMs are closed",
            "slack": "a direct message from the app"}.get(request.platform, "in `/history` and `/my-request`")


# -- the member follows up ---------------------------------------------------------------------------------
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
        return _no_storage()
    await core.expire_reviewer_requests(request.community_id)
    action = (request.arg("action") or "").lower()
    found = await core.database.member_request(request.community_id, request.user_id)
    if action and action not in MEMBER_ACTIONS:
        return _refused("I don't know that", "`/my-request` shows your request; `/my-request answer <text>` answers "
                        "the reviewer once; `/my-request close` closes it. Nothing was changed.")
    if found is None or (not found.open and action):
        return Reply("You have no open request", kind="info" if not action else "error", private=True).para(
            "You haven't got a letter with the reviewers right now. After a `/review`, press *Ask a reviewer* "
            "(or type `/ask-reviewer`) to ask for a human read.")
    now = utcnow()
    if action == "close":
        if await core.database.close_reviewer_request(request.community_id, found.id, request.user_id, now):
            reply = Reply("Your request is closed", kind="info", private=True,
                          data={"reviewer_request": found.id, "step": "closed"})
            reply.para("Your letter, your note, the reviewer's feedback and any answer of yours are deleted. "
                       "You can ask again after your next review.")
            return reply
        return _refused("That request was already closed", "Nothing was changed.")
    if action == "answer":
        return await _answer(core, request, found, now)
    return await member_view(core, found, now)


async def member_view(core: Shortlist, found: ReviewerRequest, now: dt.datetime) -> Reply:
    """The member's request as they see it; showing the feedback counts as delivering it."""
    if not found.open:
        reply = Reply("Your latest request is closed", kind="info", private=True)
        reply.para(_closed_line(found))
        await core.database.mark_closure_notified(found.community, found.id, now)
        return reply
    reply = Reply("Your request for a reviewer", kind="info", private=True)
    reply.para(_member_state(found, now))
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
        return _refused("There's no reply to answer yet", "A reviewer hasn't replied to your request yet; you'll "
                        "hear as soon as one does. Nothing was sent.")
    if found.answered_at is not None:
        return _refused("You've already answered", "You can answer a reviewer once, and you have. Nothing was sent.")
    problem = problem_with_text(text, "answer", ANSWER_MAX)
    if problem or text is None:
        return _refused("Your answer couldn't be sent", problem or "")
    if not await core.database.answer_reviewer_request(request.community_id, found.id, request.user_id, text, now):
        return _refused("Your answer couldn't be sent", "The request closed or was answered a moment ago. "
                        "Nothing was sent.")
    reply = Reply("Your answer is with the reviewer", kind="info", private=True,
                  data={"reviewer_request": found.id, "step": "answered"})
    reply.para("Thank you. Close the request whenever you're done: that deletes your letter and the messages.")
    reply.button("Close my request", "/my-request close")
    return reply


def _member_state(found: ReviewerRequest, now: dt.datetime) -> str:
    since = waited(found.at, now)
    asked = "you sent it just now" if since == "under a minute" else f"you sent it {since} ago"
    return {"waiting": f"It's waiting for a reviewer to take it ({asked}).",
            "claimed": f"A reviewer has taken it and is reading your letter ({asked}).",
            "replied": "A reviewer has replied: their feedback is below.",
            "answered": "A reviewer replied and you've answered them."}.get(found.state, "It's closed.")


def _closed_line(found: ReviewerRequest) -> str:
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
            lines.append(_closed_line(closed))
    return lines


# -- the reviewers ---------------------------------------------------------------------------------------------
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
        return _no_storage()
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
        return _refused("I don't know that", "`/queue` lists the requests; then `/queue show <number>`, "
                        "`claim <number>`, `release <number>` or `reply <number>`. Nothing was changed.")
    raw = request.arg("id") or ""
    if not raw.isdigit():
        return _refused("Which request?", f"Give its number, as `/queue` shows it: `/queue {action} 3`. "
                        "Nothing was changed.")
    found = await core.database.reviewer_request(request.community_id, int(raw))
    if found is None:
        return _refused("There's no such request", "There's no request #", UserText(raw[:12]),
                        " in this community. `/queue` lists the open ones. Nothing was changed.")
    now = utcnow()
    me = request.user_id
    if action == "show":
        return reviewer_view(core, found, me, now)
    if not found.open:
        return _refused("That request is closed", f"Request #{found.id} was closed (by its member, or it expired) "
                        "and its letter deleted, so there's nothing to do. Nothing was changed.")
    if action == "claim":
        if found.user == me:
            return _refused("That's your own letter", "Reviewers can't take their own request. Nothing was changed.")
        if await core.database.claim_reviewer_request(request.community_id, found.id, me, now):
            claimed = await core.database.reviewer_request(request.community_id, found.id)
            reply = reviewer_view(core, claimed or found, me, now)
            reply.title = f"You've claimed request #{found.id}"
            reply.data = {"reviewer_request": found.id, "step": "claimed"}
            return reply
        return await _not_claimed(core, request, found.id)
    if found.claimed_by != me:
        return _refused("That request isn't yours", f"Request #{found.id} is "
                        + ("claimed by another reviewer." if found.claimed_by else "not claimed yet: claim it first.")
                        + " Nothing was changed.", )
    if action == "release":
        if found.replied_at is not None:
            return _refused("You've already replied", "A request you've replied to stays yours. Nothing was changed.")
        if await core.database.release_reviewer_request(request.community_id, found.id, me, now):
            reply = Reply(f"Request #{found.id} is back in the queue", kind="info", private=True,
                          data={"reviewer_request": found.id, "step": "released"})
            return reply.para("Another reviewer can claim it now. Thank you for saying so rather than leaving it.")
        return _refused("That request isn't yours any more", "It changed a moment ago. Nothing was changed.")
    return await _reply(core, request, found, now)


async def _not_claimed(core: Shortlist, request: Request, request_id: int) -> Reply:
    """Why a claim failed, read again after the database said no."""
    now_found = await core.database.reviewer_request(request.community_id, request_id)
    if now_found is None or not now_found.open:
        return _refused("That request just closed", f"Request #{request_id} was closed a moment ago (by its member, "
                        "or it expired). Nothing was changed.")
    if now_found.claimed_by == request.user_id:
        return _refused("It's already yours", f"You claimed request #{request_id} earlier. Nothing was changed.")
    reply = _refused("Another reviewer got there first", f"Request #{request_id} was claimed by another reviewer a "
                     "moment before you, so it's theirs. `/queue` shows what's still waiting. Nothing was changed.")
    return reply.button("The queue", "/queue")


async def _reply(core: Shortlist, request: Request, found: ReviewerRequest, now: dt.datetime) -> Reply:
    if found.replied_at is not None:
        return _refused("You've already replied", f"Request #{found.id} has your feedback already; a reply is sent "
                        "once. Nothing was changed.")
    feedback = request.text if request.text is not None else request.arg("text")
    problem = problem_with_text(feedback, "feedback", FEEDBACK_MAX)
    if problem or feedback is None:
        return _refused("Your feedback wasn't sent", problem or "")
    if not await core.database.reply_reviewer_request(request.community_id, found.id, request.user_id, feedback, now):
        return _refused("Your feedback wasn't sent", f"Request #{found.id} changed a moment ago (closed by its "
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


# -- what the platforms post as a request moves (the terminal needs none of it) ----------------------------------
# The box a platform opens for a command's paste: its label, and how much it takes.
PASTE_BOXES = {"queue": ("Your feedback for the member", FEEDBACK_MAX),
               "my-request": ("Your answer to the reviewer", ANSWER_MAX)}


@dataclass
class QueueEvent:
    """A step of one request, as the platforms show it: a post where the reviewers read requests (on
    Discord the request's thread, on Slack its message's thread), a private message for the member, and
    whether the request closed (its letter must then go from wherever the platform posted it)."""
    found: ReviewerRequest
    channel: str | None  # the reviewers' channel (``/mod reviewers channel here``)
    for_reviewers: Reply | None
    for_member: Reply | None
    withdraw: bool = False
    # The post for reviewers quotes the member (their answer): it must go when the request closes, like the letter.
    member_text: bool = False

    @property
    def headline(self) -> str:
        """The request in one line, naming no one, where reviewers see it listed (a channel message)."""
        return (f"Request #{self.found.id}: a letter waiting for a reviewer (automatic review "
                f"{self.found.score}/100, {self.found.guide}). Read it in the thread.")


def queue_steps(reply: Reply) -> list[tuple[int, str, str | None]]:
    """The queue steps a reply moved on, as (request id, step, place) for a platform to show: its own step,
    and each request withdrawn when an admin erased the community."""
    data = reply.data or {}
    steps: list[tuple[int, str, str | None]] = [(int(request_id), "forgotten", place)
                                                for request_id, place in data.get("withdrawn_requests") or ()]
    if "reviewer_request" in data and "step" in data:
        steps.append((int(data["reviewer_request"]), str(data["step"]), data.get("place")))
    return steps


async def queue_event(core: Shortlist, community: str, request_id: int, step: str,
                      place: str | None = None) -> QueueEvent | None:
    """What to post for ``step`` (asked, claimed, released, replied, answered, closed, expired, forgotten)
    of a request, read afresh from the database. ``forgotten``: its member ran /forget, so the row is gone
    and ``place`` (where a platform posted it) is all that is left. None when there is nothing to post."""
    found = await core.database.reviewer_request(community, request_id)
    if found is None and step == "forgotten" and place:
        gone = Reply(f"Request #{request_id}", kind="info").para("Withdrawn by its member: the letter has been "
                                                                  "deleted.")
        return QueueEvent(_withdrawn(community, request_id, place), None, gone, None, withdraw=True)
    if found is None:
        return None
    settings = await core.settings(community)
    now = utcnow()
    note = Reply(f"Request #{found.id}", kind="info")
    event = QueueEvent(found, settings.reviewer_channel, note, None)
    if step == "asked":
        event.for_reviewers = reviewer_view(core, found, "", now)
        event.for_reviewers.title = f"Request #{found.id}: a letter to read"
        event.for_reviewers.button("Release", f"/queue release {found.id}")
        event.for_reviewers.button("Reply", f"/queue reply {found.id}")
    elif step == "claimed":
        note.para("A reviewer has claimed this request.")
    elif step == "released":
        note.para("Released: it's back in the queue, and any reviewer can claim it.")
        note.button("Claim", f"/queue claim {found.id}")
    elif step == "replied":
        note.para("Feedback sent to the member. Thank you.")
        event.for_member = feedback_message(found)
    elif step == "answered":
        note.para("The member answered:")
        note.quote(found.answer or "")
        event.member_text = True
    elif step in ("closed", "expired"):
        event.withdraw = True
        note.para("Closed by its member: the letter has been deleted." if step == "closed" else
                  f"Closed after {plural(settings.reviewer_expiry_days, 'day')} without a step: the letter has "
                  "been deleted, and the member told.")
        if step == "expired":
            event.for_member = Reply("Your request for a reviewer has closed", kind="info", private=True) \
                .para(_closed_line(found))
    return event


def _withdrawn(community: str, request_id: int, place: str) -> ReviewerRequest:
    """What is left of a request its member erased: where the platform posted it, nothing else."""
    epoch = dt.datetime.fromtimestamp(0, dt.UTC)
    return ReviewerRequest(request_id, community, "", "", epoch, epoch, True, None, "", 0, (), None, None, None, None,
                           None, None, None, None, None, None, epoch, "member", epoch, place)


def feedback_message(found: ReviewerRequest) -> Reply:
    """The reviewer's feedback, as the member receives it privately."""
    reply = Reply("A reviewer has read your letter", kind="info", private=True)
    reply.para(f"Here is their feedback on the letter you sent for a human read (automatic review "
               f"{found.score}/100, `{found.guide}`). Only you can see this.")
    reply.quote(found.feedback or "")
    reply.para("You can answer once, with thanks or one follow-up question, and close the request whenever "
               "you're done: closing deletes your letter and these messages from Shortlist.")
    reply.button("Answer the reviewer", "/my-request answer")
    reply.button("Close my request", "/my-request close")
    return reply


async def undelivered(core: Shortlist, community: str, user: str) -> list[Reply]:
    """What a member hasn't received yet because a private message couldn't reach them (Discord DMs
    closed): the feedback, or a note that their request expired. Marked as received."""
    if core.store is None:
        return []
    now = utcnow()
    out = [Reply("Your request for a reviewer has closed", kind="info", private=True).para(line)
           for line in await notices(core, community, user, now)]
    found = await core.database.member_request(community, user)
    if (found is not None and found.open and found.feedback is not None and found.delivered_at is None
            and await core.database.mark_feedback_delivered(community, found.id, now)):
        out.append(feedback_message(found))
    return out
