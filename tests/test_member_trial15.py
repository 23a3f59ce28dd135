"""Trial 15's small findings in commands' wording (F23, F26, F29, F32): a real SQLite store and the real core."""
from __future__ import annotations

from bot.core import Shortlist
from bot.request import Privilege
from storage import Store

from .conftest import LETTERS, ask


def test_a_region_rule_keeps_its_title_when_the_guide_alone_doesnt_hold_it(library):
    """F23: a review made under the US region raised `us.signoff`; back in a UK community /history showed
    "us.signoff (us.signoff)"."""
    title = library.rule_title("us.signoff", "general-us")
    assert title != "us.signoff" and library.rule_title("us.signoff", "general") == title


async def test_retention_history_count_and_feedback_on_a_credited_point(tmp_path, library):
    store = await Store.open(tmp_path / "t15.db")
    core = Shortlist(library, store)
    try:
        mod = {"community_id": "c1", "user_id": "mo", "privilege": Privilege.MODERATOR}
        kept = await ask(core, "/mod retention 30 days", **mod)  # F26: the reply's own wording was refused
        assert kept.title == "History is now kept for 30 days", kept.fallback_text()
        assert (await ask(core, "/mod retention 31 Days", **mod)).title == "History is now kept for 31 days"
        assert "number of days" in (await ask(core, "/mod retention forever days", **mod)).fallback_text()

        member = {"community_id": "c1", "user_id": "maya"}
        review = await ask(core, "/review general", text=(LETTERS / "26-general-strong.txt").read_text(), **member)
        history = " ".join((await ask(core, "/history", **member)).fallback_text().split())
        assert "Your review in this community." in history and "last 1 review" not in history  # F32

        credited = next(f["rule"] for f in review.data["findings"] if f["kind"] == "strength")
        said = await ask(core, f"/feedback general {credited}", **member)  # F29: "didn't raise" a point it showed
        assert said.title == "Thanks: noted as wrongly credited", said.fallback_text()
    finally:
        await store.close()


def test_a_guide_fields_shorthand_gets_did_you_mean():
    """F12: `faq: - q: ... a: ...` was told "unknown field (check its spelling against guides/README.md)"."""
    from bot.guide_errors import explain_error
    assert explain_error({"type": "extra_forbidden", "loc": ("faq", 0, "q"), "input": "x"}) == \
        "unknown field; did you mean 'question'?"
    assert "check its spelling" in explain_error({"type": "extra_forbidden", "loc": ("faq", 0, "zz"), "input": "x"})
