"""How /faq meets a member's words: each word cut to its Snowball stem, except where Snowball joins two words that
mean different things. The real matcher and the shipped guides."""
from __future__ import annotations

import pytest

from .conftest import ask
from .test_faq_held_back import _faq


async def test_another_form_of_an_entrys_word_is_the_word_itself(core):
    """"gaps" met "gap" only as a near spelling: the hand-written stemmer left words of four letters whole, so
    "what about gaps" was only the closest question."""
    reply = await ask(core, "/faq what about gaps")
    assert reply.title == "How do I explain a gap in my CV?", reply.fallback_text()
    assert "closest question" not in reply.fallback_text()


@pytest.mark.parametrize(("asked", "unrelated"), [
    # Snowball cuts "reference" and "referred" both to "refer"
    ("who can give me a reference", "Should I mention someone who referred me?"),
    # ...and "contractions" and "contract" to "contract"
    ("my contract ends soon", "How formal should my letter be?"),
])
async def test_a_word_snowball_joins_to_another_meaning_keeps_its_own(core, asked, unrelated):
    reply = await ask(core, f"/faq {asked}")
    offered = [b.command.removeprefix("/faq ") for b in reply.buttons]
    assert reply.title != unrelated and unrelated not in offered, reply.fallback_text()


async def test_a_communitys_own_near_entry_leads_the_closest_questions(library, tmp_path):
    """Trial 15 F11: "can someone from the community read my cover letter" was offered three shipped answers that
    scored higher than the community's own "Can I ask a volunteer to read my letter?", which was not among them."""
    own = "Can I ask a volunteer to read my letter?"
    reply = await _faq(library, tmp_path / "own.db", {"ask": "can someone from the community read my cover letter",
                                                      "community": {"faq": [f"{own} | Yes: post in #letter-swap."]}})
    assert reply.title == "Did you mean one of these?", reply.fallback_text()
    assert [b.command for b in reply.buttons][0] == f"/faq {own}"
