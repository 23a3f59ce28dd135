"""/faq as a new member asked it in trial 14 (F8-F10): a suggested question typed back, anxious wordings, and
questions the guides answer but were missed. The real core and shipped guides."""
from __future__ import annotations

import io

import pytest
from rich.console import Console

from adapters.terminal import renderable

from .conftest import ask


async def test_a_suggested_question_typed_exactly_gets_that_entry(core):
    """F8: the Changing career guide's question, copied from "Did you mean", got the general "How do I write a
    cover letter?"; and a guide for any role was hedged as "another role's guide"."""
    asked = "How do I write a cover letter with no experience in the new field?"
    reply = await ask(core, f"/faq {asked}")
    assert reply.title == asked and "another role's guide" not in reply.fallback_text()
    assert (await ask(core, "/faq how do i write a cover letter WITH no experience in the new field")).title == asked


@pytest.mark.parametrize(("question", "entry"), [
    ("I'm really nervous that my letter is terrible, where do I start",
     "How do I know if my letter is good enough to send?"),
    ("how do I know if my letter is good enough to send", "How do I know if my letter is good enough to send?"),
    ("is my data safe if I paste my letter here", "Does Shortlist keep my letter?"),
    ("is my letter stored", "Does Shortlist keep my letter?"),
    ("what's the difference between Yours sincerely and Yours faithfully",
     'Should I sign off "Yours sincerely" or "Yours faithfully"?'),
    ("should I mention I have kids and need part time hours",
     "Should I mention that I need part-time or flexible hours?"),
    ("can I write about my volunteering instead of a job", "Should I apologise for not having much experience?"),
    ("how do I explain why I was fired from my last job", "How do I talk about being made redundant?"),
    ("I'm changing career and have no relevant experience, what do I write",
     "How do I write a cover letter with no experience in the new field?"),
    ("where do I start", "How do I write a cover letter?"),
    ("do recruiters even read cover letters", "Do I need a cover letter if the advert says it is optional?"),
    ("should I include my contact details", "Should I put my phone number and address in the letter?"),
])
async def test_anxious_and_missed_questions_get_the_entry_that_answers_them(core, question, entry):
    """F9, F10: answered with an unrelated entry (the letter's addressee, its header), or "not sure"."""
    reply = await ask(core, f"/faq {question}")
    assert reply.title == entry, (question, reply.title)


async def test_the_privacy_answer_says_what_is_kept_and_how_to_erase_it(core):
    text = (await ask(core, "/faq does Shortlist keep my letter")).fallback_text()
    assert "fingerprint" in text and "/history export" in text and "/forget" in text


def test_a_suggestion_cut_short_is_not_printed_twice_at_the_terminal():
    """F10: "/faq What's the difference between DevOps, SRE and platform engineering letters?  (What's the
    difference ... le…)": the shortened label was shown beside the command it repeats."""
    from bot.reply import Reply
    question = "What's the difference between DevOps, SRE and platform engineering letters?"
    reply = Reply("Did you mean one of these?").para("Closest:").button(question[:69] + "\u2026", f"/faq {question}")
    out = io.StringIO()
    Console(file=out, width=200).print(renderable(reply))
    assert f"/faq {question}" in out.getvalue() and "\u2026" not in out.getvalue()
