"""A strength that holds the score (the employer named only where the letter says what it applies for) is listed
first under "Fix these first": the JSON, the stored record, /history and /feedback treat it as the point to fix the
review told the member it is (trial 14 F3b, F14). A real SQLite store and the real core."""
from __future__ import annotations

from bot.core import Shortlist
from bot.request import Context
from storage import Store

from .conftest import ask

# No employer named at all: "Written for this employer" is raised as an issue.
NO_EMPLOYER = ("Dear Hiring Manager,\n\nI am writing to apply for the Graduate Analyst post. I have just finished a "
               "degree in Economics and I am confident I would suit the role.\n\nOn my placement I rebuilt the monthly "
               "leakage report, which cut the time it took from three days to one. I also sat on the student "
               "council.\n\nThank you for reading my application. I look forward to hearing from you.\n\n"
               "Yours faithfully,\nTom Reilly")
# The employer named only where the letter applies: credited a point short, and the score held until it says why.
OPENER_ONLY = NO_EMPLOYER.replace("Graduate Analyst post.", "Graduate Analyst post at Harrowgate Water.")


def _flat(reply) -> str:
    return " ".join(reply.fallback_text().split())


async def test_a_held_strength_is_a_point_to_fix_in_the_json_the_record_history_and_feedback(tmp_path, library):
    store = await Store.open(tmp_path / "h.db")
    core = Shortlist(library, store)
    title = library.rule_title("tailoring.advert")
    try:
        context = {"user_id": "bob", "community_id": "c1"}
        first = await ask(core, "/review general", text=NO_EMPLOYER, **context)
        assert any(f["rule"] == "tailoring.advert" and f["kind"] == "issue" for f in first.data["findings"])
        second = await ask(core, "/review general", text=OPENER_ONLY, **context)
        text = _flat(second)
        fixes = text.split("Fix these first")[1].split("What's already working")[0]
        assert "only where it says what you are applying for" in fixes  # the review asks for it
        [held] = [f for f in second.data["findings"] if f["rule"] == "tailoring.advert"]
        assert held["kind"] == "issue"  # and so does the JSON a script reads (F3b)
        assert "/feedback general tailoring.advert" in [b.command for b in second.buttons]

        history = _flat(await core.handle(core.parse("/history", Context(**context))))
        fixed = history.split("Issues fixed:")[1].split("New issues:")[0]
        assert title not in fixed and "tailoring.advert" not in fixed, history  # still asked for: not fixed (F14)

        exported = (await core.handle(core.parse("/history export", Context(**context)))).data
        assert first.data["score"] != second.data["score"]
        [latest] = [r for r in exported["reviews"] if r["score"] == second.data["score"]]
        assert {"rule": "tailoring.advert", "kind": "issue", "severity": held["severity"]} in latest["findings"]

        noted = await ask(core, "/feedback general tailoring.advert", **context)
        assert noted.title == "Thanks: noted as wrong", _flat(noted)
    finally:
        await store.close()
