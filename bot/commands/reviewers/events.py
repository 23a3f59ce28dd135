"""What the platforms post as a request moves (the terminal needs none of it)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...records import utcnow
from ...reply import Reply, plural
from ...reviewers import ANSWER_MAX, FEEDBACK_MAX
from .member import closed_line, notices
from .reviewing import reviewer_view

if TYPE_CHECKING:
    from ...core import Shortlist
    from ...queue_records import ReviewerRequest


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
                .para(closed_line(found))
    return event


def _withdrawn(community: str, request_id: int, place: str) -> ReviewerRequest:
    """What is left of a request its member erased: where the platform posted it, nothing else."""
    from ...queue_records import ReviewerRequest
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
