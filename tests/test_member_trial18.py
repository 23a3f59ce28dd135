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


async def test_a_default_guide_written_for_the_uk_is_said_to_be_so_in_a_us_community(library, tmp_path):
    """F16: with `/mod region us`, `/mod default-role dietitian` (a UK guide: NHS bands, HCPC) replied only that reviews
    follow US conventions; the moderator wasn't told the guide's advice stays the UK's."""
    store = await Store.open(tmp_path / "r.db")
    try:
        core = Shortlist(library, store)
        preview = await ask(core, "/mod guide import", text=(FAQ / "community-dietitian.yaml").read_text(), **as_mod())
        await ask(core, next(b.command for b in preview.buttons if "guide-confirm" in b.command), **as_mod())
        assert "written for" not in (await ask(core, "/mod default-role dietitian", **as_mod())).fallback_text()
        region = " ".join((await ask(core, "/mod region us", **as_mod())).fallback_text().split())
        assert "`dietitian` is written for UK applications" in region, region
        assert "written for" not in (await ask(core, "/mod default-role none", **as_mod())).fallback_text()
        again = " ".join((await ask(core, "/mod default-role dietitian", **as_mod())).fallback_text().split())
        assert "`dietitian` is written for UK applications" in again and "follow US" in again, again
    finally:
        await store.close()


async def test_one_point_that_holds_a_full_letter_is_one_thing_to_fix_not_real_work(core):
    """F23: a good letter held at 60 by one two-minute fix (another employer's name in its greeting) opened "There's
    real work to do, but every point below can be fixed". Where one point holds a letter whose categories are
    nearly full, the opening says there is one thing to fix."""
    letter = ("Dear Hiring Team at Talentbridge,\n\n"
              "I am applying for the Recruitment Consultant role at Kingsley Reed. For three years I have run nurse "
              "recruitment for a hospital trust, and last year I cut the number of unfilled night shifts on our ward "
              "from about twelve a month to three by building a bank of local staff.\n\n"
              "I would bring the same care to Kingsley Reed's clients, because your focus on healthcare staffing is "
              "the work I know best.\n\nI would welcome the chance to talk about the role.\n\n"
              "Yours sincerely,\nPriya Shah\n")
    reply = await ask(core, "/review", text=letter)
    text = " ".join(reply.fallback_text().split())
    assert reply.data["score"] <= 60 and "real work to do" not in text, text
    assert "There's one thing to fix before you send it, and it matters." in text
    assert "the score stops at 60 until the letter names one employer throughout" in text
    from .test_review_rules import TIDY_BUT_EMPTY  # several points: still real work
    assert "real work to do" in (await ask(core, "/review", text=TIDY_BUT_EMPTY)).fallback_text()


async def test_a_us_phone_number_is_masked_after_its_bracket_and_the_privacy_point_reads_for_one_detail(core):
    """F32: "this letter holds a phone number. Nobody needs them ..." and the number "(718) 555-0143" quoted as
    "(7" and dots, which read as a glitch."""
    letter = ("Dear Ms Rivera,\n\nI am applying for the Financial Analyst role at Hudson Mutual. Last year I rebuilt "
              "our monthly close and cut it from eight days to five.\n\nYou can reach me at (718) 555-0143.\n\n"
              "Sincerely,\nDana Cole\n")
    reply = await ask(core, "/review general-us", text=letter)
    text = " ".join(reply.fallback_text().split())
    assert "holds a phone number. Nobody needs details like these" in text and "Nobody needs them" not in text, text
    assert "\u201c(71\u2022" in text and "555-0143" not in text
