"""Trial 18's findings in commands' wording and flow: the real core, store and guides."""
from __future__ import annotations

import datetime as dt

from bot.core import Shortlist
from storage import Store

from .conftest import ask
from .fakes.drivers import as_member, as_mod
from .faq_questions import FAQ


async def test_a_community_guides_faq_answer_is_counted_under_that_guide(library, tmp_path):
    """F15: after a moderator imported a dietitian guide, "/faq should I give my hcpc number" was answered from it but
    /mod stats counted the answer under general, so the moderator couldn't see the guide was used."""
    store = await Store.open(tmp_path / "s.db")
    try:
        core = Shortlist(library, store)
        preview = await ask(core, "/mod guide import", text=(FAQ / "community-dietitian.yaml").read_text(), **as_mod())
        await ask(core, next(b.command for b in preview.buttons if "guide-confirm" in b.command), **as_mod())
        answer = await ask(core, "/faq should I give my hcpc number", **as_member())
        assert answer.title == "Should I mention my HCPC number?", answer.fallback_text()
        assert (await ask(core, "/faq how long should my letter be", **as_member())).kind == "guide"
        stats = await store.stats(as_member()["community_id"], dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
        assert dict(stats.guides) == {"dietitian": 1, "general": 1}, stats.guides
    finally:
        await store.close()
