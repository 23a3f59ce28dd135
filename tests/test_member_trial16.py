"""Trial 16's findings in commands' wording and flow (F22, F26, F36, F37): the real guide checker, core and
store."""
from __future__ import annotations

import re

import pytest

from bot.community_guides import check

from .conftest import LETTERS, ROOT, ask
from .fakes.drivers import as_member, as_mod
from .faq_questions import questions
from .test_faq_held_back import asked_in_community

NURSE = (ROOT / "tests" / "guides" / "nurse.yaml").read_text(encoding="utf-8")


def test_a_misspelt_parent_is_reported_with_the_guides_other_problems(library):
    """F26: a guide with a bad id, an empty title and `inherit: genral` was told "I found 2 problems"; the parent
    was said only once the other two were fixed."""
    broken = NURSE.replace("id: nurse", "id: Ward Nurse", 1).replace("inherit: general", "inherit: genral", 1)
    guide, problems = check(broken, library)
    assert guide is None and {p.field for p in problems} >= {"id", "review.inherit"}, problems
    assert "did you mean 'general'?" in next(p.message for p in problems if p.field == "review.inherit")
    # a guide that validates still gets the same check, once
    _, alone = check(NURSE.replace("inherit: general", "inherit: genral", 1), library)
    assert [p.field for p in alone] == ["review.inherit"]


async def test_a_communitys_entry_is_offered_for_another_form_of_its_word(mod_core):
    """Trial 16 (tune half): "do I need a driving licence" never offered the community's "Can I apply if I don't
    drive?": "driving" met "drive" only as a near spelling, worth less than the shipped entries' "need"."""
    await ask(mod_core, "/mod faq add Can I apply if I don't drive? | Yes: most roles here are reachable by bus.",
              **as_mod())
    reply = await ask(mod_core, "/faq do I need a driving licence", **as_member())
    assert "/faq Can I apply if I don't drive?" in [b.command for b in reply.buttons], reply.fallback_text()


TUNE_16 = [q for q in questions("tune") if q["from"] == "trial 16" and q["want"] and "community" not in q]


@pytest.mark.parametrize("asked", TUNE_16, ids=[q["ask"] for q in TUNE_16])
async def test_a_trial_16_tune_question_gets_an_entry_that_answers_it(core, asked):
    """Trial 16's tune half (F22, F36): an employer seeing the review, the advert lowering the score, a criminal
    record, results with no numbers, being sacked: each answered, or its answer among the closest questions."""
    reply = await ask(core, f"/faq {asked['ask']}")
    offered = {reply.title, *(b.command.removeprefix("/faq ") for b in reply.buttons)}
    assert offered & set(asked["want"]), (asked["ask"], reply.title, offered)


async def test_history_labels_each_text_and_says_when_the_latest_is_a_different_one(mod_core):
    """F24: ten "general" rows couldn't be told apart, and a different letter was compared as progress with only a
    general caveat; the fingerprints (all that is kept of a letter) can say which rows hold the same text."""
    strong, other = (LETTERS / "26-general-strong.txt").read_text(), (LETTERS / "05-framework-list.txt").read_text()
    for text in (strong, strong, other):
        await ask(mod_core, "/review general", text=text, **as_member())
    shown = " ".join((await ask(mod_core, "/history", **as_member())).fallback_text().split())
    assert re.findall(r"\d+ words \u00b7 text ([A-Z])", shown) == ["B", "A", "A"], shown
    assert "This is a different text from the one before (text B after text A)" in shown
    again = await ask(mod_core, "/review general", text=other, **as_member())
    assert again.data["score"] is not None
    shown = " ".join((await ask(mod_core, "/history", **as_member())).fallback_text().split())
    assert "same letter as last time, word for word" in shown and "different text" not in shown


@pytest.mark.parametrize("typed", ["librarain", "genreal"])
async def test_a_guide_name_with_two_letters_swapped_is_suggested(library, tmp_path, typed):
    """F33: after a community imported `librarian`, "/guide librarain" was told there is no such guide (and to ask
    the moderators for one), while "libarian" got "Did you mean": a short name scored whole fell under the typo bar.
    The shipped `general` was missed the same way ("genreal")."""
    reply = await asked_in_community(library, tmp_path / "lib.db", {"guide": "community-librarian.yaml"},
                                     f"/guide {typed}")
    wanted = typed.replace("ain", "ian").replace("nreal", "neral")
    assert f"Did you mean `{wanted}`" in reply.fallback_text(), reply.fallback_text()
