"""/history after a review without an advert and one with it (trial 14 F14): the advert's own points are named,
not hidden under "New issues: none". A real SQLite store and the real core."""
from __future__ import annotations

from dataclasses import replace

from bot.core import Shortlist
from bot.request import Context
from storage import Store

from .conftest import ADVERT, ADVERT_LETTER


async def test_history_names_the_advert_checks_points_when_only_the_latest_review_had_an_advert(tmp_path, library):
    store = await Store.open(tmp_path / "h.db")
    core = Shortlist(library, store)
    try:
        context = Context(user_id="carol", community_id="c1")
        await core.handle(replace(core.parse("/review ml-engineer", context), text=ADVERT_LETTER))
        with_advert = await core.handle(replace(core.parse("/review ml-engineer", context), text=ADVERT_LETTER,
                                                advert=ADVERT))
        raised = {f["rule"] for f in with_advert.data["findings"] if f["kind"] == "issue" and f["severity"] != "info"
                  and f["rule"].startswith("advert.")}
        assert raised, with_advert.data["findings"]
        text = " ".join((await core.handle(core.parse("/history", context))).fallback_text().split())
        assert "not comparable" in text and "Raised by the advert's checks:" in text
        assert all(library.rule_title(r) in text.split("Raised by the advert's checks:")[1] for r in raised)
        again = " ".join((await core.handle(core.parse("/history", replace(context, user_id="dan")))).fallback_text()
                         .split())
        assert "Raised by the advert's checks" not in again  # no reviews: nothing to compare
    finally:
        await store.close()
