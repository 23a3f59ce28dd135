"""/mod stats and /mod audit: aggregate, anonymous figures, and the log of moderator changes."""
from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from ...records import UNKNOWN_COMMAND, utcnow
from ...reply import Reply, UserText
from ...settings import RETENTION_DAYS
from .common import usage

if TYPE_CHECKING:
    from ...core import Shortlist
    from ...request import Request
    from ...settings import CommunitySettings

MIN_REVIEWS_FOR_MEDIAN = 5  # fewer, and any figure drawn from reviews could point at one member's letter


async def stats(core: Shortlist, request: Request, s: CommunitySettings, value: str) -> Reply:
    period = re.fullmatch(r"(\d{1,5})\s*(d|days?)?", value.strip(), re.I)
    if value.strip() and (period is None or int(period.group(1)) not in RETENTION_DAYS):
        # figures said to be for "the last 30 days" when the moderator asked for "lots" would mislead
        return usage("`/mod stats` takes a number of days from ", f"{RETENTION_DAYS[0]} to {RETENTION_DAYS[-1]}",
                     " (for example `/mod stats 7`), not \u201c", UserText(value.strip()[:40]), "\u201d.")
    days = int(period.group(1)) if period else 30
    stats = await core.database.stats(request.community_id, utcnow() - dt.timedelta(days=days))
    reply = Reply(f"Shortlist in this community: the last {days} days", kind="info", private=True)
    reply.para("Aggregate figures only. No view shows any member's letters, scores or history: Shortlist helps "
               "members, it never screens them.")
    # Every figure drawn from reviews waits for enough of them: below that, a median, a guide's review
    # count or a rule's tally could describe one member's letter.
    enough = stats.reviews >= MIN_REVIEWS_FOR_MEDIAN
    reply.fields([("Commands", str(sum(n for _, n in stats.commands))), ("Reviews", str(stats.reviews)),
                  ("Median score", (f"{stats.median_score:.0f}" if enough and stats.median_score is not None
                                    else f"shown from {MIN_REVIEWS_FOR_MEDIAN} reviews"))])
    if stats.commands:
        reply.heading("Uses per command")
        reply.bullets([f"`/{c}`: {n}" if c != UNKNOWN_COMMAND else f"commands Shortlist doesn't have: {n}"
                       for c, n in stats.commands])
        asked = dict(stats.commands).get("review", 0)
        if asked > stats.reviews:  # a trial: "/review: 37" beside "Reviews: 17" read as 20 reviews lost
            reply.para(f"_`/review` counts every time it was asked; {stats.reviews} of those {asked} ended in a "
                       "review, and the rest were turned back kindly (a letter too short or not a letter, a "
                       "cooldown, the command switched off, or an error)._")
    per_guide: dict[str, int] = {}
    for guide_id, n in stats.guides + (stats.reviews_by_guide if enough else []):
        found = core.library.find(guide_id).guide  # rows from before migration 6 may hold an alias
        key = found.id if found else guide_id
        per_guide[key] = per_guide.get(key, 0) + n
    if per_guide:
        # (trial 13 F18: "Uses per guide" beside the README's "reviews per guide" read as reviews alone)
        reply.heading("Uses per guide" + (" (guides, FAQ and reviews)" if enough else
                                          f" (guides and FAQ; reviews join from {MIN_REVIEWS_FOR_MEDIAN} in the "
                                          "period, see below)"))
        reply.bullets([f"`{g}`: {n}" for g, n in sorted(per_guide.items(), key=lambda t: (-t[1], t[0]))])
    await _queue_health(core, request, s, days, reply)
    if not enough:
        reply.para(f"_The median score, reviews per guide, the review points raised most and those marked wrong "
                   f"appear from {MIN_REVIEWS_FOR_MEDIAN} reviews in the period: with fewer, they could describe "
                   "one member's letter._")
        return reply
    if stats.rules_fired:
        reply.heading("Review points raised most often")
        reply.bullets([f"{core.library.rule_title(r)} (`{r}`): {n}" for r, n in stats.rules_fired])
    if stats.rules_marked_wrong:
        reply.heading("Review points members marked as wrong")
        reply.bullets([f"{core.library.rule_title(r)} (`{r}`): {n}" for r, n in stats.rules_marked_wrong])
    if stats.credits_marked_wrong:  # credited for words that don't show it (trial 15 F29)
        reply.heading("Credits members marked as wrong")
        reply.bullets([f"{core.library.rule_title(r)} (`{r}`): {n}" for r, n in stats.credits_marked_wrong])
    return reply


async def _queue_health(core: Shortlist, request: Request, s: CommunitySettings, days: int, reply: Reply) -> None:
    """The reviewer queue's health: requests, waits and replies counted, never what anyone wrote."""
    queue = await core.database.queue_stats(request.community_id, utcnow() - dt.timedelta(days=days))
    if not queue.requests and not s.has_reviewers:
        return
    reply.heading("Reviewer queue")
    share = queue.share_answered
    reply.fields([("Requests", str(queue.requests)), ("Still open", str(queue.open)),
                  ("Answered", f"{queue.replied}" + (f" ({share:.0%})" if share is not None else "")),
                  ("Closed unanswered", str(queue.expired)),
                  ("Median time to first reply", _hours(queue.median_hours_to_reply)),
                  ("Reviewers who replied", str(queue.reviewers_active))])


def _hours(hours: float | None) -> str:
    if hours is None:
        return "no replies yet"
    if hours < 1:
        return "under an hour"
    return f"{hours:.0f} hours" if hours < 48 else f"{hours / 24:.1f} days"


async def audit(core: Shortlist, request: Request, s: CommunitySettings, value: str) -> Reply:
    limit = int(value) if value.strip().isdigit() and 1 <= int(value) <= 100 else 20
    entries = await core.database.audit_log(request.community_id, limit)
    reply = Reply("Audit log: moderator changes", kind="info", private=True)
    if not entries:
        return reply.para("No moderator has changed anything here yet.")
    reply.bullets([(f"{e.at:%Y-%m-%d %H:%M} UTC \u00b7 ", UserText(e.actor), f" \u00b7 **{e.action}**: ",
                    UserText(_change(e.before, e.after))) for e in entries])
    return reply


def _change(before: str | None, after: str | None) -> str:
    """One line for an entry: "a -> b", or for a whole settings file (an import) the parts that changed, not
    both files inline (a trial's audit log printed every line of a guide, twice)."""
    if not any(v and ("\n" in v or len(v) > 160) for v in (before, after)):
        return f"{before or '-'} \u2192 {after or '-'}"
    import yaml
    try:
        old, new = yaml.safe_load(before or "") or {}, yaml.safe_load(after or "") or {}
    except yaml.YAMLError:
        old = new = None
    if not isinstance(old, dict) or not isinstance(new, dict):
        return f"{(before or '-')[:80]}\u2026 \u2192 {(after or '-')[:80]}\u2026"
    changed = [key for key in dict.fromkeys([*old, *new]) if old.get(key) != new.get(key)]
    return "changed " + ", ".join(map(str, changed)) if changed else "nothing changed"

