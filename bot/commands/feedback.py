"""/feedback: a member marks a review point as wrong, raised or credited. Kept per rule, anonymously."""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from ..reply import Reply, UserText
from .registry import Param, command, role_param

if TYPE_CHECKING:
    from ..core import Shortlist
    from ..guides import Guide
    from ..request import Request


@command("feedback", "Tell Shortlist a review point was wrong for your letter (anonymous, per rule).",
         "/feedback ml-engineer signal.mlops",
         params=(role_param("The guide the review used"),
                 Param("rule", "The rule id shown with the point")),
         private=True, record_args=False)
async def feedback_command(core: Shortlist, request: Request) -> Reply:
    recent = (await core.store.recent_reviews(request.community_id, request.user_id, limit=1)
              if core.store is not None else [])
    # Without a role, the guide of the member's latest review (trial 11 F38: told to type `/feedback general ...`
    # after a data-analyst review, which it then refused), else the community's default.
    guide = core.resolve_guide(request.arg("role") or (recent[0].guide if recent else "")
                               or await core.default_guide_id(request))
    if isinstance(guide, Reply):
        return guide
    # The latest review against this guide, however many against others came since: not among the latest ten
    # of any guide (trial 14 F22: a member who reviewed against other guides was told to review first).
    latest = (await core.store.previous_review(request.community_id, request.user_id, guide.id, sys.maxsize)
              if core.store is not None else None)
    rule = (request.arg("rule") or "").strip()
    if not _known(core, guide, rule):
        reply = Reply("Which review point was wrong?" if not rule else "I don't know that review point",
                      kind="error", private=True)
        if rule:
            reply.para(f"The {guide.title} guide has no rule called \u201c", UserText(rule[:60]), "\u201d.")
        command = f"`{request.typed('feedback')} {guide.id} <rule id>`"
        how = (f"press its **Wrong?** button under the review, or type {command}" if request.buttons else
               f"type {command}; the end of each review lists the ids you can use")
        reply.para(f"Each point in a review has a rule id (such as `{_example(core, guide)}`). To mark one as "
                   f"wrong, {how}.")
        if latest is not None and (latest.issues or latest.credited):
            reply.para(f"Your latest {guide.id} review " + " and ".join(
                f"{verb}: " + ", ".join(f"`{r}`" for r in sorted(ids))
                for verb, ids in (("raised", latest.issues), ("credited", latest.credited)) if ids) + ".")
        return reply
    credit = False
    if core.store is not None:
        # Counted only against a point the member's own latest review for this guide raised or credited: a trial
        # marked one rule wrong ten times without a review, and /mod stats read it as ten members disagreeing.
        credit = latest is not None and rule not in latest.issues and rule in latest.credited
        if latest is None or not (credit or rule in latest.issues):
            return Reply("Nothing noted", kind="error", private=True).para(
                f"I note a point as wrong only when your latest review against the {guide.title} guide raised or "
                "credited it, so the figures moderators see come from letters that were reviewed. " +
                ("Review your letter first, then mark the point." if latest is None else
                 f"Your latest {guide.id} review neither raised nor credited `{rule}`."))
        # A strength credited for words that don't show it (trial 15 F29) is counted apart from a wrong issue.
        await core.store.record_rule_feedback(request.community_id, guide.id, rule,
                                              "strength" if credit else "issue")
    if credit:
        return Reply("Thanks: noted as wrongly credited", kind="info", private=True).para(
            f"Recorded against `{rule}` only, without your name, so moderators can see which checks give credit "
            "the letter hadn't earned. It helps us make the review fairer.")
    return Reply("Thanks: noted as wrong", kind="info", private=True).para(
        f"Recorded against `{rule}` only, without your name, so moderators can see which checks misfire. It helps "
        "us make the review fairer.")


def _known(core: Shortlist, guide: Guide, rule: str) -> bool:
    """A rule of the guide's, or one of the advert's checks, which run under every guide: a review against an advert
    lists them in its footer for /feedback (trial 17 F33: every one was refused as not the guide's)."""
    if rule in {r.id for r in core.library.rules_for(guide)}:
        return True
    if not rule.startswith("advert."):
        return False
    from ..advert.vocabulary import load  # the advert's checks' words: loaded only for an advert's rule id
    return rule in load().rules


def _example(core: Shortlist, guide: Guide) -> str:
    rules = core.library.rules_for(guide)
    return rules[0].id if rules else "rule.id"
