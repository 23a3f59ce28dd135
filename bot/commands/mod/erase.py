"""/mod erase: a community's admin erases everything Shortlist stores for it, after confirming."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ...records import utcnow
from ...reply import Reply, plural
from ...request import Privilege, Request

if TYPE_CHECKING:
    import datetime as dt

    from ...core import Shortlist
    from ...settings import CommunitySettings

# What goes, by table, in the words an admin reads (README "Moderating a community").
ERASED = (("commands", "command record", None), ("reviews", "review", None),
          ("review_slots", "review-limit record", None),
          ("reviewer_requests", "request for a reviewer", "requests for a reviewer"),
          ("reviewers", "reviewer listing", None), ("rule_feedback", "piece of feedback", "pieces of feedback"),
          ("faq_entries", "FAQ entry", "FAQ entries"), ("community_guides", "guide of its own", "guides of its own"),
          ("moderators", "moderator listing", None), ("audit_log", "audit-log entry", "audit-log entries"),
          ("pending_imports", "unconfirmed import", None))


async def erase_action(core: Shortlist, request: Request, settings: CommunitySettings, value: str) -> Reply:
    if request.privilege is not Privilege.ADMIN:
        return Reply("That's for admins", kind="refusal", private=True).para(
            "`/mod erase` deletes everything Shortlist stores for this community, so only its admins can run it "
            "(on Discord, the Administrator permission; on Slack, workspace admins and owners). Nothing was changed.")
    word, _, token = value.strip().lower().partition(" ")
    now = utcnow()
    if word != "confirm" or token.strip() not in (confirmation(settings, now), confirmation(settings, now, -1)):
        reply = Reply("Erase everything Shortlist stores for this community?", kind="confirm", private=True)
        if word == "confirm":  # typed from memory, recalled from a shell's history or pasted: ask first
            reply.para("Nothing was erased: that confirmation is missing or out of date (one lasts ten to twenty "
                       "minutes), so I'm asking again.")
        reply.para("This deletes, for this community only: every member's command records, reviews, review-limit "
                   "records, requests for a reviewer (with any letter shared in them) and feedback; the settings, "
                   "channel list, command switches, moderators and reviewers; the community's FAQ entries and its own "
                   "guides; and the moderators' audit log. The shipped guides and other "
                   "communities are not touched. It can't be undone: `/mod export` first keeps a copy of the "
                   "settings, FAQ and guides that `/mod import` can bring back.")
        reply.button("Yes, erase everything", f"/mod erase confirm {confirmation(settings, now)}")
        reply.button("Export first", "/mod export")
        return reply
    erased = await core.database.erase_community(request.community_id)
    counts = erased.counts
    core.forget_community(request.community_id)
    gone = [plural(counts[table], one, many) for table, one, many in ERASED if counts.get(table)]
    gone += ["the settings"] if counts.get("communities") else []
    reply = Reply("Done: this community's data is erased", kind="info", private=True)
    reply.para(f"Deleted {', '.join(gone[:-1])} and {gone[-1]}." if len(gone) > 1 else f"Deleted {gone[0]}." if gone
               else "There was nothing stored for this community, so nothing needed deleting.")
    reply.para("Shortlist now treats this community as new. This confirmation is the only trace, and it isn't stored.")
    if erased.withdrawn:  # letters posted where reviewers read them go from there too: the platforms know where
        reply.data = {"withdrawn_requests": [list(w) for w in erased.withdrawn]}
    return reply


def confirmation(settings: CommunitySettings, now: dt.datetime, windows_ago: int = 0) -> str:
    """The word that confirms an erase: this community's, for its settings as they are, in this ten minutes. No
    secret (only admins may erase at all), and nothing stored: it keeps an erase from running from a line
    recalled or pasted later, and the same in every process."""
    import hashlib
    window = int(now.timestamp()) // 600 + windows_ago
    key = f"erase {settings.community} {settings.version} {window}".encode()
    return hashlib.blake2b(key, digest_size=4).hexdigest()
