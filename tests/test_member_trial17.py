"""Trial 17's findings in commands' wording and flow: the real core, store and guides."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from bot.core import Shortlist
from bot.request import Context
from storage import Store

from .conftest import ADVERT, ADVERT_LETTER, LETTERS, ask
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


async def test_a_role_whose_field_only_starts_with_a_guides_word_gets_the_general_guide(core):
    """F25: `--role data-protection-officer` was refused with every guide listed ("data" is the data guides' word),
    while `dpo` got the general guide. Its field is data protection; a data officer's is still data."""
    letter = (LETTERS / "26-general-strong.txt").read_text(encoding="utf-8")
    reply = await ask(core, "/review data-protection-officer", text=letter)
    assert reply.kind == "review" and reply.data["guide"] == "general", reply.fallback_text()
    assert reply.data["unknown_role"] == "data-protection-officer"
    assert (await ask(core, "/guide data-protection-officer")).title == "Any role (UK conventions)"
    assert (await ask(core, "/review health-data-officer", text=letter)).kind == "error"  # which data guide?


async def test_a_us_review_points_every_guide_button_at_the_us_guide(core):
    """F13: a US review's points said "(more in /guide general-us signals)" while its button read "Guide: general
    signals": the employer point's topic ("advert") is "posting" in the US edition, so it kept the UK section."""
    letter = ("Dear Ms. Rivera,\n\nI am writing to apply for the Events Coordinator role at the Marlowe Foundation. "
              "Last year I planned forty donor events, and the new booking form I built cut no-shows from 20% to 8%."
              " I also ran the volunteer rota for our summer fair, which drew a record crowd of three thousand "
              "people, and I kept every supplier's contract and invoice in one shared tracker.\n\nI would welcome "
              "a conversation.\n\nSincerely,\nJo Park\n")
    reply = await ask(core, "/review general-us", text=letter)
    guides = [b.command for b in reply.buttons if b.command.startswith("/guide")]
    assert any(finding["rule"] == "tailoring.advert" for finding in reply.data["findings"]), reply.data["findings"]
    assert "/guide general-us signals" in guides and not any(g.startswith("/guide general ") for g in guides), guides


async def test_history_keeps_a_texts_label_from_one_listing_to_the_next(library, tmp_path):
    """F37: /history labelled the DPO letter "text A" and the care letter "text B"; three minutes later, the DPO
    rows gone from the last ten, the care letter was "text A". A text keeps the label of its first review."""
    store = await Store.open(tmp_path / "h.db")
    try:
        core = Shortlist(library, store)
        first, second, third = (LETTERS / "26-general-strong.txt").read_text(), \
            (LETTERS / "05-framework-list.txt").read_text(), ADVERT_LETTER
        for text in (first, *[second] * 10):
            await ask(core, "/review general", text=text, **as_member())

        async def labels() -> list[str]:
            shown = " ".join((await ask(core, "/history", **as_member())).fallback_text().split())
            return re.findall(r"\d+ words \u00b7 text ([A-Z])", shown)
        assert await labels() == ["B"] * 10  # the first text's row is no longer shown; the second is still B
        await ask(core, "/review general", text=third, **as_member())
        assert await labels() == ["C"] + ["B"] * 9
    finally:
        await store.close()
