"""/history and /forget: members see, export and erase what is stored about them. Always private."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..reply import Reply, and_joined, plural
from .registry import Param, command

if TYPE_CHECKING:
    from ..core import Shortlist
    from ..request import Request
    from ..review_records import StoredReview
    from ..store import Store


def _advert(review: StoredReview) -> str:
    if review.advert_total:
        from ..review.report import coverage_line  # the report's module loads the review engine
        return " \u00b7 advert: " + coverage_line(review.advert_covered or 0, review.advert_total)
    return " \u00b7 with the advert" if review.advert else ""


def _no_storage() -> Reply:
    return Reply("History is switched off here", kind="info", private=True) \
        .para("This Shortlist runs without a database, so nothing about you is stored.")


@command("history", "Your last 10 reviews and what changed since the one before; `export` gives all your data.",
         "/history", params=(Param("action", "Leave out, or `export` for everything stored about you",
                                   choices=("export",)),), private=True)
async def history_command(core: Shortlist, request: Request) -> Reply:
    store = core.store
    if store is None:
        return _no_storage()
    if (request.arg("action") or "").lower() == "export":
        return await _export(store, request)
    reviews = await store.recent_reviews(request.community_id, request.user_id, limit=10)
    reply = Reply("Your review history", kind="info", private=True)
    await _reviewer_request(core, request, reply)
    if not reviews:
        reply.para("You haven't had a letter reviewed here yet. Paste one with `/review` and your scores "
                   "will appear here, so you can see your progress. Only you can see this.")
        return reply
    reply.para(("Your review" if len(reviews) == 1 else f"Your last {len(reviews)} reviews") + " in this community. "
               "Only you can see this, and your letters' text is never stored.")
    tags = _letter_tags(reviews, await store.review_texts(request.community_id, request.user_id))
    reply.bullets([f"{r.at:%-d %b %Y %H:%M} UTC \u00b7 `{r.guide}` \u00b7 **{r.score}/100** \u00b7 {r.words} words"
                   + _advert(r) + (f" \u00b7 text {tags[r.id]}" if r.id in tags else "") for r in reviews])
    if tags:
        # Ten "general" rows, the same letter's drafts and another letter among them, told apart (trial 16 F24)
        reply.para("_Rows with the same text label (A, B, ...) hold the same letter, word for word; a letter "
                   "changed at all gets a new label. A text keeps its label from one listing to the next, in the "
                   "order you first had each reviewed._")
    latest = reviews[0]
    previous = await store.previous_review(request.community_id, request.user_id, latest.guide, latest.id)
    if previous is None:
        reply.para(f"Your latest review is your first for `{latest.guide}`; review a new draft to see what changes.")
    else:
        change = latest.score - previous.score
        reply.heading(f"Since your previous {latest.guide} review")
        score = f"{previous.score} \u2192 {latest.score} ({change:+d})"
        # With and without an advert are two different reviews: its checks add points of their own.
        unlike = latest.advert != previous.advert
        if unlike:
            score = (f"{previous.score} \u2192 {latest.score}, not comparable: only the "
                     f"{'latest' if latest.advert else 'previous'} one was reviewed against a job advert")

        def named(rules: frozenset[str]) -> str:
            rules = frozenset(r for r in rules if not (unlike and r.startswith("advert.")))
            return ", ".join(f"{core.library.rule_title(r, latest.guide)} (`{r}`)" for r in sorted(rules)) or "none"
        # The advert's own points, when only the latest review had one: "New issues: none" under a fall the
        # advert's checks explain read as a contradiction (trial 14 F14)
        from_advert = sorted(r for r in latest.issues if unlike and latest.advert and r.startswith("advert."))
        reply.fields([("Score", score),
                      ("Issues fixed", named(previous.issues - latest.issues)),
                      ("New issues", named(latest.issues - previous.issues)),
                      *([("Raised by the advert's checks", and_joined([core.library.rule_title(r, latest.guide)
                                                                        for r in from_advert]))]
                        if from_advert else [])],
                     inline=False)
        # A trial: two unrelated letters read as progress ("Issues fixed: Spelling"). Without their words,
        # Shortlist can't tell a redraft from another letter, so it says which this is, not what it guesses.
        if latest.fingerprint is not None and latest.fingerprint == previous.fingerprint:
            # Trial 11 F29: the fingerprints match, so it *can* say this much.
            reply.para("_This is the same letter as last time, word for word (its fingerprint matches): any "
                       "change in the score comes from how it was reviewed, not from the letter._")
        else:
            pair = (f" (text {tags[latest.id]} after text {tags[previous.id]})"
                    if latest.id in tags and previous.id in tags else "")
            known = latest.fingerprint is not None and previous.fingerprint is not None
            reply.para(("_This is a different text from the one before" + pair + ". " if known else "_") +
                       "Shortlist keeps only a fingerprint of each letter, not its words, so it can't tell a new "
                       "draft from a different letter: if the one before was another letter, this compares two "
                       "letters rather than your progress._")
    reply.button("Export my data", "/history export")
    reply.button("Forget me", "/forget")
    return reply


def _letter_tags(reviews: list[StoredReview], texts: list[str]) -> dict[int, str]:
    """A label for each distinct text from the fingerprints (the only thing kept of a letter), in the order the
    member first had each reviewed of all their stored reviews, not only the rows shown: the same text keeps its
    label from one listing to the next (trial 17 F37: labels were given afresh to each listing's rows). None when
    there is only one review, or a row from before fingerprints were read back."""
    if len(reviews) < 2 or any(r.fingerprint is None for r in reviews):
        return {}
    order = {fingerprint: _tag(n) for n, fingerprint in enumerate(texts)}
    return {r.id: order[r.fingerprint] for r in reviews if r.fingerprint in order}


def _tag(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: enough for ten rows of ten texts."""
    return _tag(n // 26 - 1) + chr(65 + n % 26) if n >= 26 else chr(65 + n)


async def _reviewer_request(core: Shortlist, request: Request, reply: Reply) -> None:
    """A request for a reviewer, at the top: the feedback when it has come (the terminal's way of
    receiving it), and a note when one closed unread."""
    from ..records import utcnow
    from .reviewers import member_view, notices
    now = utcnow()
    await core.expire_reviewer_requests(request.community_id)
    for line in await notices(core, request.community_id, request.user_id, now):
        reply.para(line)
    found = await core.database.member_request(request.community_id, request.user_id)
    if found is None or not found.open:
        return
    view = await member_view(core, found, now)
    reply.heading(view.title)
    reply.blocks.extend(view.blocks)
    reply.buttons.extend(view.buttons)


async def _export(store: Store, request: Request) -> Reply:
    data = await store.export(request.community_id, request.user_id)
    reply = Reply("Everything Shortlist stores about you here", kind="info", private=True, data=data)
    reply.para(f"{plural(len(data['commands']), 'command record')} and {plural(len(data['reviews']), 'review')}. "
               "Reviews keep the guide, score, rule ids and a fingerprint (SHA-256) of the letter, never its text; "
               "with an advert, only that there was one and how many of its requirements the letter covered.")
    import json  # only /history export (the answer to a data request) needs it
    reply.quote(json.dumps(data, ensure_ascii=False, indent=2))
    return reply


@command("forget", "Erase everything stored about you in this community (asks you to confirm first).",
         "/forget", params=(Param("confirm", "Type `confirm` to erase without the question", choices=("confirm",),
                           option=False),),
         private=True, recorded=False)
async def forget_command(core: Shortlist, request: Request) -> Reply:
    if core.store is None:
        return _no_storage()
    if (request.arg("confirm") or "").lower() != "confirm":
        reply = Reply("Erase your Shortlist data here?", kind="confirm", private=True)
        reply.para("This deletes every record about you in this community: your commands and reviews (and "
                   "the times of recent ones the review limit counts), any request of yours for a reviewer "
                   "(closing it, with its letter), any moderator or reviewer listing or unfinished settings "
                   "import of yours, and your name wherever the moderators' "
                   "audit log, another member's command, a request you reviewed or a community guide you last "
                   "changed names you (an anonymous label takes its place). It can't be undone. The guides and the "
                   "community's other settings are not affected.")
        reply.button("Yes, erase it", "/forget confirm")
        reply.button("Keep it", "/history")
        return reply
    core.forget_member(request.community_id, request.user_id)
    erased = await core.store.forget(request.community_id, request.user_id)
    reply = forget_reply(erased.counts)
    if erased.withdrawn:  # an open request for a reviewer went too: where a platform posted its letter, it goes
        reply.data = {"withdrawn_requests": [list(w) for w in erased.withdrawn]}
    return reply


# What /forget removes, by table, in the words a member reads (README "History and privacy").
DELETED = (("commands", "command record", None), ("reviews", "review", None),
           ("review_slots", "review-limit record", None), ("moderators", "moderator listing", None),
           ("pending_imports", "unconfirmed settings import", None),
           ("reviewer_requests", "request for a reviewer", "requests for a reviewer"),
           ("reviewers", "reviewer listing", None))
RENAMED = (("audit_log", "moderator audit-log entry", "moderator audit-log entries"),
           ("community_guides", "community guide you last changed", "community guides you last changed"),
           ("mentions", "other member's command record", "other members' command records"),
           ("reviewer_mentions", "request you reviewed", "requests you reviewed"))


def forget_reply(counts: dict[str, int]) -> Reply:
    deleted = [plural(counts[key], one, many) for key, one, many in DELETED if counts.get(key)]
    renamed = [plural(counts[key], one, many) for key, one, many in RENAMED if counts.get(key)]
    total = sum(counts.get(key, 0) for key, _, _ in DELETED)
    reply = Reply("Done: your data here is erased", kind="info", private=True)
    if deleted:
        reply.para(f"Deleted {plural(total, 'record')}: {and_joined(deleted)}" +
                   (" (each review with its findings)." if counts.get("reviews") else "."))
    else:
        reply.para("There was nothing stored about you here, so nothing needed deleting.")
    if renamed:
        reply.para(f"Your name was replaced by an anonymous label in {and_joined(renamed)}: the record of what "
                   "changed stays, without saying who.")
    reply.para("This confirmation is the only trace, and it isn't stored.")
    return reply
