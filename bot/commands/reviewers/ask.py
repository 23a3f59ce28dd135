"""/ask-reviewer: a member sends the letter just reviewed to the community's reviewers."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ...records import utcnow
from ...reply import Reply, UserText, and_joined, plural
from ...reviewers import NOTE_MAX, problem_with_text
from ..registry import Command, Param, Words, command
from .common import no_storage, refused
from .member import member_state

if TYPE_CHECKING:
    from ...core import Shortlist
    from ...request import Request


SHOW_NAME = "show-name"


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
        return no_storage()
    settings = await core.settings(request.community_id)
    if not settings.has_reviewers:
        return refused("This community has no reviewers yet",
                        "No one here has been named a reviewer, so there's no one to send your letter to yet. "
                        "Your automatic review still stands, and moderators can name reviewers with "
                        "`/mod reviewers add`. Nothing was sent.")
    await core.expire_reviewer_requests(request.community_id)
    recent = core.recent_letters.get(request.community_id, request.user_id)
    if recent is None:
        # The letter is held in the memory of the process that reviewed it: at the terminal, that is one
        # `shortlist chat` (a trial ran `shortlist review`, then `shortlist ask "/ask-reviewer"`, as told).
        held = ("within an hour: I hold the letter in memory only that long, and never write it anywhere unless "
                "you ask for a reviewer")
        how = (f"Run `/review` and paste it, then press **Ask a reviewer** under the review (or type "
               f"`/ask-reviewer` straight after, {held})." if request.buttons else
               f"In `shortlist chat`, run `/review` and paste it, then type `/ask-reviewer` in the same chat, {held}.")
        reply = refused("Review your letter first", "A reviewer reads a letter beside its automatic review, and I "
                        f"don't have a reviewed letter of yours to send. {how} Nothing was sent.")
        return reply.button("Review a letter", "/review")
    note = request.arg("note")
    if note is not None:
        problem = problem_with_text(note, "note", NOTE_MAX)
        if problem:
            return refused("Your note couldn't be sent", problem.replace("Nothing was sent.",
                                                                          "Your letter wasn't sent either."))
    letter, guide, score, fixes = recent
    anonymous = (request.arg("name") or "").lower() != SHOW_NAME
    from ...review.personal import for_reviewers
    text, hidden = for_reviewers(letter, anonymous)
    from ...queue_records import NewRequest
    new = NewRequest(request.community_id, request.user_id, request.platform, guide, score, fixes, text, note,
                     anonymous, None if anonymous else (request.user_name or request.user_id), utcnow())
    request_id = await core.database.open_reviewer_request(new)
    if request_id is None:
        existing = await core.database.member_request(request.community_id, request.user_id)
        reply = refused("You already have a request open",
                         "Each member can have one letter with the reviewers at a time, so everyone gets a turn. "
                         "Close the one you have (`/my-request close`) to send this letter instead. Nothing was sent.")
        if existing is not None and existing.open:
            reply.para(f"Your open request: {member_state(existing, utcnow())}")
        reply.button("My request", "/my-request")
        return reply
    core.recent_letters.drop(request.community_id, request.user_id)
    reply = Reply("Sent to the reviewers", kind="info", private=True,
                  data={"reviewer_request": request_id, "step": "asked"})
    who = ("Reviewers see it as from \u201ca member\u201d: not your name." if anonymous else
           "Reviewers see your name with it, as you chose.")
    reply.para(f"Your letter and its automatic review are in this community's reviewer queue. {who}")
    if hidden:
        reply.para(f"Before it went, I hid from the reviewers {and_joined(hidden)}: they need none of that to give "
                   "you feedback.")
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
