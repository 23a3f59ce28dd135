"""How /faq meets a member's words: each word cut to its Snowball stem, except where Snowball joins two words that
mean different things. The real matcher and the shipped guides."""
from __future__ import annotations

import pytest

from .conftest import ask


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
