"""What a new member's trial found the review getting wrong in substance, each as a check written in other
words than the trial's letters (the shapes, not the sentences)."""
from __future__ import annotations

from bot.review.engine import review
from bot.review.text import Letter


def _rule(library, guide_id, rule_id):
    return next(r for r in library.rules_for(library.guides[guide_id]) if r.id == rule_id)


def _quoted(text, finding):
    return [text[s.start:s.end] for s in finding.evidence]


def test_the_old_job_is_quoted_by_its_name_not_a_fragment(library):
    # trial 9 L11: "It names the field the writer comes from. Your words: “I have been a”"
    text = "For six years I have been a dental nurse in a busy practice in Leeds, and I was a shift lead for two."
    [credit] = _rule(library, "career-changer", "signal.previous-field").check(Letter(text))
    assert credit.kind == "strength" and _quoted(text, credit) == ["I have been a dental nurse"]


def test_a_rate_per_thousand_is_quoted_whole(library):
    # trial 9 L8: "from 5.1 to 2.8 per 1" (the thousands comma ended the quote)
    text = "After I rebuilt the checklist, medication errors fell from 4.2 to 1.9 per 10,000 doses."
    [credit] = _rule(library, "general", "evidence.result").check(Letter(text))
    assert _quoted(text, credit) == ["from 4.2 to 1.9 per 10,000"]


def test_a_career_changers_story_told_over_a_paragraph_is_proof_of_starting(library):
    # trial 9 L11: the project, the people it went to, and its result, three sentences apart
    guide = library.guides["career-changer"]
    letter = ("Dear Ms Osei,\n\nI have been a pharmacist for eight years. Last year I offered to look at why our "
              "repeat prescriptions ran late. I exported a year of order data and built a small tracker in "
              "Excel. I walked the counter staff through it each Monday. Within four months, late repeats had "
              "fallen from 18% to 6%.\n\nI know the dispensary from the inside, so I could help analysts and "
              "pharmacists understand each other.\n\nYours sincerely,\nPriya")
    result = review(letter, guide.id, library.rules_for(guide))
    credited = {f.rule for f in result.findings if f.kind == "strength"}
    assert {"signal.started", "signal.transferable", "signal.previous-field"} <= credited
