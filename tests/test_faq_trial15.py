"""/faq on trial 15's tune half (tests/faq/tune.yaml; the held-back half is never read here): each question an entry
answers gets it, stated (F9, F15, F34: a returning parent offered redundancy, a career break answered with the
part-time hours entry, "why did I only get 50" with the bootcamp entry). The real core and shipped guides."""
from __future__ import annotations

import pytest

from .conftest import ask
from .faq_questions import questions

ANSWERED = [q for q in questions("tune") if q["want"] and q["from"] == "trial 15"]


@pytest.mark.parametrize("asked", ANSWERED, ids=[q["ask"] for q in ANSWERED])
async def test_a_tune_question_gets_the_entry_that_answers_it(core, asked):
    reply = await ask(core, f"/faq {asked['ask']}")
    assert reply.title in asked["want"], (asked["ask"], reply.title)


async def test_a_question_ending_in_cover_letter_is_not_cut_short_as_a_role(core):
    """F9: "what do I write in the email when I attach my cv and cover letter" was echoed as "... my cv and": "cover
    letter" after "and" was taken as the general guide's alias, the role."""
    reply = await ask(core, "/faq what do I write in the email when I attach my cv and cover letter")
    assert "cv and cover letter" in reply.fallback_text() or reply.title.startswith("What do I write in the email")
    assert core.parse("/faq my cv and cover letter").arg("role") is None


async def test_the_score_entry_says_what_the_bands_are_and_that_the_review_is_private(core):
    text = " ".join((await ask(core, "/faq why did I only get 50")).fallback_text().split())
    assert "80 or more reads as a strong letter" in text and "no employer sees it" in text
