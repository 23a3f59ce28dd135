"""Trial 17's findings in commands' wording and flow: the real core, store and guides."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.core import Shortlist
from bot.request import Context
from storage import Store

from .conftest import ADVERT, ADVERT_LETTER, ask
from .fakes.drivers import as_member, as_mod


async def test_feedback_takes_the_advert_checks_points_and_stats_count_them(library, tmp_path):
    """F33: "/feedback general advert.coverage" was refused ("the guide has no rule called advert.coverage") while
    the review's footer offered it, so no advert misfire ever reached /mod stats."""
    store = await Store.open(tmp_path / "f.db")
    try:
        core = Shortlist(library, store)
        for user in ("ben", "cy", "dee", "eve", "ana"):  # /mod stats shows points marked wrong from five reviews
            review = await core.handle(replace(core.parse("/review general", Context(**as_member(user_id=user))),
                                               text=ADVERT_LETTER, advert=ADVERT))
        raised = sorted(f["rule"] for f in review.data["findings"] if f["kind"] == "issue"
                        and f["rule"].startswith("advert."))
        assert raised, review.data["findings"]
        noted = await ask(core, f"/feedback general {raised[0]}", **as_member())
        assert noted.title == "Thanks: noted as wrong", noted.fallback_text()
        stats = await store.stats("bootcamp", dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
        assert stats.rules_marked_wrong == [(raised[0], 1)]
        shown = (await ask(core, "/mod stats 7", **as_mod())).fallback_text()
        assert f"{library.rule_title(raised[0])} (`{raised[0]}`): 1" in shown, shown
        # an advert id that is no check is still refused, saying so
        unknown = await ask(core, "/feedback general advert.nonsense", **as_member())
        assert unknown.title == "I don't know that review point"
    finally:
        await store.close()
