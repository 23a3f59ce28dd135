"""Evidence, not words: every failure class found on real letters, as a must / must-not example of its rule.

The snippets below are the cases that fooled the review before the rules read sentences whole
(issue 12). Each runs through the shipped guides, so a change to a guide's YAML that lets one of
them through fails here, naming the rule and the words.
"""
from __future__ import annotations

import json
import textwrap

import pytest

from bot.guides import GuideLibrary
from bot.review import engine
from bot.review.report import review_reply
from bot.review.text import Letter

from .conftest import GUIDES, LETTERS, ask

PASSAGE = ("I am a dedicated professional who brings energy and care to every task, and I believe my "
           "experience across many settings has prepared me to contribute from the first day in a way "
           "that helps the whole organisation grow and succeed over the coming years together.")

# (guide, rule, text, fires?)
CASES = [
    # figures of speech, tenure, line counts and grades are not impact figures
    ("ml-engineer", "signal.production", "I gave one hundred and ten percent and deployed our churn model.", True),
    ("ml-engineer", "signal.production",
     "I served as the technical bridge for our models on a 60,000 line codebase.", True),
    ("ml-engineer", "opening.quantified", "I give one hundred and ten percent to every model I build.", True),
    ("general", "evidence.result", "I graduated with a GPA of 3.8 and I give 110% to my team.", True),
    ("general", "evidence.result", "I maintained a codebase of 60,000 lines for five years.", True),
    ("ml-engineer", "signal.production", "I deployed a fraud model that now screens 40,000 payments a day.", False),
    # a claim of judgement is not a description of one; a heading or a list of algorithms is not one
    ("ml-engineer", "signal.judgement", "The reason I chose data science as a profession is my love of puzzles.", True),
    ("ml-engineer", "signal.judgement", "I picked a problem that mattered to our users.", True),
    ("ml-engineer", "signal.judgement",
     "My Technical Baseline\nGradient boosting, random forests, logistic regression", True),
    ("ml-engineer", "signal.judgement", "I explained trade-offs to stakeholders and I bring judgement.", True),
    ("ml-engineer", "signal.judgement",
     "We chose gradient boosting over a transformer because it matched recall at a tenth of the cost.", False),
    # regulatory words that aren't about models
    ("ml-engineer", "signal.regulatory", "I built dashboards for regulatory reporting at a bank.", True),
    ("ml-engineer", "signal.regulatory", "I ran bias testing on our credit model and wrote its model card.", False),
    # "your team" is not tailoring; the employer's name or its advert is
    ("general", "tailoring.advert", "I am keen to grow with your team and learn from the best.", True),
    ("general", "tailoring.advert", "I would love to join Monzo's payments team.", False),
    ("general", "tailoring.advert", "Your advert asks for someone who can turn messy data into decisions.", False),
    # a line wrapped by a PDF, an email or a Markdown file doesn't end the sentence ("role at\nGraphcore")
    ("general", "tailoring.advert",
     "I am writing to express my interest in the Graduate Software Engineering role at\nGraphcore.", False),
    # tools named only in a skills list are not MLOps evidence
    ("ml-engineer", "signal.mlops", "Skills:\n- MLflow, Airflow, Kubeflow\n- Drift monitoring, feature store", True),
    ("ml-engineer", "signal.mlops", "I built the training pipeline in Airflow and the drift monitoring.", False),
    # tool lists by shape, beyond any fixed vocabulary
    ("general", "mistake.framework-list",
     "I scaled training with PyTorch, Horovod, DeepSpeed and PyTorch Distributed.", True),
    ("general", "mistake.framework-list", "I am fluent in HTML, CSS, ReactJS and Python.", True),
    ("general", "mistake.framework-list", "I built the report in SQL and Power BI for 14 depots.", False),
    # a tool the writer says they haven't used is not named without an outcome
    ("data-analyst", "mistake.tool-without-outcome",
     "I have not used Tableau or Power BI yet, and I have never worked with SQL.", False),
    ("data-analyst", "mistake.tool-without-outcome", "I built our weekly sales report in Tableau.", True),
    # research signals
    ("ml-engineer", "mistake.research-only", "My PhD thesis on graph networks led to three journal papers.", True),
    ("ml-engineer", "mistake.research-only", "I presented a poster and won a data competition.", True),
    # placeholders
    ("general", "placeholders",
     "Dear Hiring Manager,\n\nI would like to work with you.\n\nSincerely,\nYour name", True),
    ("general", "placeholders", "I am excited to apply to Company Name.", True),
    ("general", "placeholders", "I was thrilled to see the \\position role.", True),
    ("general", "placeholders", "My results were [...] over the year.", True),
    ("general", "placeholders", "I grew revenue by xxx in a year.", True),
    # UK pairing with a bare "Sincerely"
    ("general", "uk.signoff", "Dear Sir or Madam,\n\nI enjoyed reading about the role.\n\nSincerely,\nAmy", True),
    # spelling and wrong-word slips; British and American spellings and technology names are fine
    ("general", "style.spelling", "This is an great career opportunity.", True),
    ("general", "style.spelling", "I am developping my skills.", True),
    ("general", "style.spelling", "She has lead the project for a year.", True),
    ("general", "style.spelling", "I optimised the colour of the programme and organized the catalog.", False),
    ("general", "style.spelling",
     "I trained models in PyTorch, served them with TensorRT and logged them in MLflow.", False),
    # stock self-praise
    ("general", "style.cliche", "I am highly motivated and passionate, and I give one hundred and ten percent.", True),
    ("general", "style.cliche", "I am passionate about transport and cut missed deliveries by 12%.", False),
    ("general", "style.self-reference", "In this letter I will explain why I fit the role.", True),
    # a passage pasted four times
    ("general", "style.repeated-passage", "\n\n".join([PASSAGE] * 4), True),
    ("general", "style.repeated-passage", PASSAGE, False),
]


def test_a_wrapped_line_goes_on_with_its_sentence_and_a_short_or_listed_one_ends_it():
    text = ("Dear Ms Khan,\n\nI am writing about the Graduate Software Engineering role at\nGraphcore, where I\n"
            "would like to work. At the hub I built, tested and shipped three tools,\n- Python\n- SQL\n\n"
            "Yours sincerely,\nAmy")
    letter = Letter(text)
    assert [letter.slice(s) for s in letter.sentences] == [
        "I am writing about the Graduate Software Engineering role at\nGraphcore, where I",
        "would like to work.", "At the hub I built, tested and shipped three tools,", "- Python", "- SQL"]


def test_a_placeholder_salutation_is_fixed_to_a_greeting_and_its_pairing_not_praised(library):
    text = "Dear [Hiring Manager],\n\nI rebuilt the route report for 14 depots.\n\nYours sincerely,\nAmy"
    result = engine.review(text, "general", library.rules_for(library.guides["general"]))
    [placeholder] = [f for f in result.findings if f.rule == "placeholders"]
    assert placeholder.suggestion == "Hiring Manager"
    assert [f for f in result.findings if f.rule == "uk.signoff"] == []


def test_a_bare_sincerely_to_a_named_person_is_not_praised_as_the_uk_pairing(library):
    # Trial 13 F13: "Dear Ms. Chen" ... "Sincerely," was praised as the UK pairing; the bare close is the US one.
    rules = library.rules_for(library.guides["general"])
    for close, praised in (("Sincerely,", False), ("Yours sincerely,", True)):
        text = f"Dear Ms. Chen,\n\nI rebuilt the route report for 14 depots.\n\n{close}\nAmy"
        found = [f for f in engine.review(text, "general", rules).findings if f.rule == "uk.signoff"]
        assert [f.kind for f in found] == (["strength"] if praised else []), close


def test_the_sign_off_point_quotes_the_greeting_the_letter_uses(library):
    # Trial 13 F9: a letter opening "To whom it may concern" was told how "Dear Sir or Madam" is closed.
    text = "To whom it may concern,\n\nI rebuilt the route report for 14 depots.\n\nYours sincerely,\nAmy"
    [found] = [f for f in engine.review(text, "general", library.rules_for(library.guides["general"])).findings
               if f.rule == "uk.signoff"]
    assert '"To whom it may concern"' in found.message and "Dear Sir or Madam" not in found.message


def test_a_letter_pasted_twice_is_an_error_that_keeps_it_below_strong(library):
    body = ("At Kestrel I rebuilt the weekly delivery report in Power BI so that depot managers could see late "
            "deliveries by route; late deliveries fell from 9% to 6% over the quarter, and I found 240 duplicate "
            "transactions.\n\nI would love to bring this to the analyst role at Harbour Freight, whose advert asks "
            "for someone who can turn messy data into decisions for 14 depots.")
    once = f"Dear Ms Khan,\n\n{body}\n\nYours sincerely,\nJane"
    twice = f"Dear Ms Khan,\n\n{body}\n\n{body}\n\nYours sincerely,\nJane"
    rules = library.rules_for(library.guides["general"])
    assert engine.review(once, "general", rules).score >= 80
    result = engine.review(twice, "general", rules)
    [repeat] = [f for f in result.findings if f.rule == "style.repeated-passage"]
    assert (repeat.severity, repeat.weight) == ("error", 30) and result.score < 80


def test_a_before_and_after_figure_is_quoted_to_its_second_unit(library):
    text = "I cut the page's load time from 40 seconds to 120 milliseconds for 2,000 shops."
    rule = next(r for r in library.rules_for(library.guides["general"]) if r.id == "evidence.result")
    [strength] = rule.check(Letter(text))
    # quoted with its verb and what it changed (trial 14 F4)
    quoted = [text[s.start:s.end] for s in strength.evidence]
    assert "cut the page's load time from 40 seconds to 120 milliseconds" in quoted


def test_a_result_quotes_the_change_not_the_head_count(library):
    # Found by a new-member trial: the strength quoted "26 students", teaching the member to add head counts.
    text = ("I introduced guided reading for my class of 26 students, and the share reading at grade level "
            "rose from 54% to 78%. I also ran a club for 12 parents.")
    rule = next(r for r in library.rules_for(library.guides["general-us"]) if r.id == "evidence.result")
    [strength] = rule.check(Letter(text))
    assert [text[s.start:s.end] for s in strength.evidence] == ["the share reading at grade level rose from 54% to 78%"]


@pytest.mark.parametrize("text, quoted", [
    # Trial 12 F1: the headline result, told in the sentence after the work, lost to a side result told later
    ("I paired each student with a mentor. By the summer, the share reaching grade 4 rose from 54% to 78%. I also "
     "co-wrote a marking policy, which cut feedback time by about two hours a week.",
     "the share reaching grade 4 rose from 54% to 78%"),
    # F4: the sum before and the sum after, not the sum before alone
    ("I redesigned our sponsored walk. Income from the walk rose from \u00a318,400 to \u00a331,200.",
     "Income from the walk rose from \u00a318,400 to \u00a331,200"),
    # F5: how many use the employer's app is a size, not a change: "used by" is not "cut by"
    ("I design at Parcelpoint, an app used by around 400,000 people a month. I rewrote the tracking page and "
     "calls about missed deliveries fell by 38%.", "calls about missed deliveries fell by 38%"),
    # F18: the people the work helped before the size of a dataset
    ("I analysed pricing data for 3,200 households. I helped around 80 students appeal their bills.",
     "helped around 80 students"),
])
def test_a_result_is_quoted_by_the_plainest_change_first_in_the_letter(library, text, quoted):
    rule = next(r for r in library.rules_for(library.guides["general"]) if r.id == "evidence.result")
    [strength] = rule.check(Letter(text))
    assert [text[s.start:s.end] for s in strength.evidence][0] == quoted


def test_a_decision_is_quoted_as_its_words_not_word_by_word(library):
    # Loose single words ("built", "model", "over") were quoted as the evidence of judgement for tests/letters/05
    text = (LETTERS / "05-framework-list.txt").read_text(encoding="utf-8")
    rule = next(r for r in library.rules_for(library.guides["ml-engineer"]) if r.id == "signal.judgement")
    [strength] = rule.check(Letter(text))
    assert [text[s.start:s.end] for s in strength.evidence] == [
        "chose a gradient-boosted model over a deep network because"]


def test_a_quoted_figure_keeps_its_thousands(library):
    # Found by a new-member trial (trial 9, L8): "per 1,000 patient days" was quoted "per 1", a wrong figure.
    text = "We changed our rounding schedule, and falls dropped from 5.1 to 2.8 per 1,000 patient days."
    rule = next(r for r in library.rules_for(library.guides["data-analyst"]) if r.id == "evidence.result")
    [strength] = rule.check(Letter(text))
    assert [text[s.start:s.end] for s in strength.evidence] == ["falls dropped from 5.1 to 2.8 per 1,000"]
    text = "I cut picking errors to 3 per 1,000 orders."
    [strength] = rule.check(Letter(text))
    assert [text[s.start:s.end] for s in strength.evidence][-1] == "cut picking errors to 3 per 1,000"


def test_a_slip_the_dictionary_also_finds_is_quoted_once_with_the_fix_that_reads_right(library):
    # Found by a new-member trial (trial 10, F3 and F17): "alot" was quoted twice (four times in a letter pasted
    # twice), and its fix was "lot" ("I learned lot about"), the dictionary's, not the guide's "a lot".
    rule = next(r for r in library.rules_for(library.guides["general"]) if r.id == "style.spelling")
    text = "I learned alot about writing code."
    [found] = rule.check(Letter(text))
    assert ([text[s.start:s.end] for s in found.evidence], found.suggestion) == (["alot"], "a lot")
    [found] = rule.check(Letter(f"{text}\n\n{text}"))
    assert [s.start for s in found.evidence] == [10, 10 + len(text) + 2]


def test_a_word_misspelt_inside_a_slip_is_one_point_and_its_fix_spells_it_right(library):
    # Trial 13 F2: "a independant" was quoted with "independant" as well, and its fix, "an independant", kept the typo.
    rule = next(r for r in library.rules_for(library.guides["general"]) if r.id == "style.spelling")
    text = "I am a independant prescriber and would be happy to talk."
    [found] = rule.check(Letter(text))
    assert ([text[s.start:s.end] for s in found.evidence], found.suggestion) == (["a independant"], "an independent")


def test_a_long_word_two_doublings_or_a_doubling_and_a_vowel_away_is_a_slip(library):
    # Held-out spelling recall was 0.41 (session 12): the slips readers make most in long words are two edits
    # from the word, a consonant doubled in the wrong place ("proffesional", "neccesary") or a doubling and a
    # vowel ("occurance"), and a checker of one edit found nothing to suggest.
    rule = next(r for r in library.rules_for(library.guides["general"]) if r.id == "style.spelling")
    for slip, fix in (("proffesional", "professional"), ("neccesary", "necessary"), ("reccomend", "recommend"),
                      ("occurance", "occurrence"), ("succesfull", "successful")):
        text = f"I found the {slip} part of the work rewarding."
        [found] = rule.check(Letter(text))
        assert ([text[s.start:s.end] for s in found.evidence], found.suggestion) == ([slip], fix)
    # Two edits away by other slips (a vowel added: "funders" and "founders", "rebooking" and "rebuking"): more
    # often a word of the writer's trade than a slip, and left alone, as a word of no near neighbour is.
    assert rule.check(Letter("Our funders asked for trenchless repairs and a rebooking tool.")) == []


def test_a_school_year_or_a_course_level_is_not_a_figure(library):
    # Trial 13 F4: "10 maths" from "head of Year 10 maths" was quoted as the figure of a career changer's proof.
    rule = next(r for r in library.rules_for(library.guides["general"]) if r.id == "evidence.result")
    for text in ("As head of Year 10 maths I built the tracker for my department.",
                 "I passed the CIPD Level 5 exams and built our onboarding pack."):
        assert rule.check(Letter(text))[0].kind == "issue", text
    assert rule.check(Letter("As head of Year 10 I built a tracker for 240 students."))[0].kind == "strength"


def test_a_time_written_in_words_is_a_figure(library):
    # House styles spell out small numbers; "one day" and "several times" are still only manners of speaking.
    rule = next(r for r in library.rules_for(library.guides["general"]) if r.id == "evidence.result")
    [found] = rule.check(Letter("I cut our regression run from most of an afternoon to nine minutes."))
    assert found.kind == "strength"
    for text in ("One day I hope to lead a team.", "I have asked several times for feedback."):
        assert rule.check(Letter(text))[0].kind == "issue", text


@pytest.mark.parametrize("guide_id, rule_id, text, fires", CASES,
                         ids=[f"{c[1]}-{'fires' if c[3] else 'quiet'}-{i}" for i, c in enumerate(CASES)])
def test_failure_class(library, guide_id, rule_id, text, fires):
    rule = next(r for r in library.rules_for(library.guides[guide_id]) if r.id == rule_id)
    found = [f for f in rule.check(Letter(text)) if f.kind == "issue"]
    assert bool(found) == fires, (rule_id, text, [f.message for f in found])


def test_every_guide_has_the_rules_of_every_guide(library):
    common = {"length.words", "structure.paragraphs", "placeholders", "opening.stock", "style.repeated-word",
              "style.repeated-passage", "style.spelling", "style.cliche", "style.self-reference",
              "evidence.result", "tailoring.advert", "privacy.personal-data", "mistake.framework-list"}
    for guide in library:
        ids = {r.id for r in library.rules_for(guide)}
        assert common <= ids, (guide.id, common - ids)


def _json(library, guide_id, text):
    guide = library.guides[guide_id]
    return engine.review(text, guide.id, library.rules_for(guide)).to_dict()


def _finding(data, rule):
    return next(f for f in data["findings"] if f["rule"] == rule and f["kind"] == "issue")


def test_suggestions_are_the_replacement_for_the_first_evidence(library):
    text = ("Dear Sir or Madam,\n\nI would welcome the the chance to join [Company] as an analyst. "
            "I am developping a report.\n\n" + PASSAGE + "\n\n" + PASSAGE + "\n\nYours sincerely,\nAmy")
    data = _json(library, "general", text)
    signoff = _finding(data, "uk.signoff")
    assert signoff["evidence"][0]["text"] == "Yours sincerely," and signoff["suggestion"] == "Yours faithfully,"
    word = _finding(data, "style.repeated-word")
    assert word["evidence"][0]["text"] == "the the" and word["suggestion"] == "the"
    # Without the advert the employer's name is unknown: no suggestion, since "the actual company" put in
    # place of "[Company]" would be an instruction written into the letter (found by a new-member trial).
    placeholder = _finding(data, "placeholders")
    assert placeholder["evidence"][0]["text"] == "[Company]" and "suggestion" not in placeholder
    passage = _finding(data, "style.repeated-passage")
    assert passage["suggestion"] == "" and passage["evidence"][0]["start"] > text.index(PASSAGE)
    spelling = _finding(data, "style.spelling")
    assert spelling["evidence"][0]["text"] == "developping" and spelling["suggestion"] == "developing"
    # Other findings carry no suggestion key at all: the contract only grows by an optional key.
    assert all("suggestion" not in f for f in data["findings"] if f["kind"] == "strength")


ADVERT = ("Junior Data Analyst\nBrightwell Housing, Leeds\n\nBrightwell Housing owns 12,000 affordable homes "
          "across West Yorkshire, and our data team helps colleagues plan repairs and lettings.\n\n"
          "What you'll do\n- Build dashboards in Power BI for the repairs team\n- Write SQL queries against our "
          "housing system\n- Explain findings to colleagues who are not analysts\n\nWhat we're looking for\n"
          "- Experience with SQL and Excel\n- Good attention to detail\n")


def _advert():
    from bot.advert.reader import read
    from bot.advert.vocabulary import load
    return read(ADVERT, load())


def _with_advert(library, text):
    guide = library.guides["general"]
    return engine.review(text, guide.id, library.rules_for(guide), _advert()).to_dict()


def test_a_placeholder_is_replaced_by_what_the_advert_names(library):
    text = ("Dear Ms Okafor,\n\nI am applying for the [Job Title] role at [Company Name]. I rebuilt a repairs "
            "report in SQL, and it now runs in 4 minutes instead of 40.\n\nYours sincerely,\nAmara")
    placeholder = _finding(_with_advert(library, text), "placeholders")
    assert placeholder["evidence"][0]["text"] == "[Job Title]" and placeholder["suggestion"] == "Junior Data Analyst"
    later = text.replace("[Job Title] role", "analyst role")
    placeholder = _finding(_with_advert(library, later), "placeholders")
    assert placeholder["evidence"][0]["text"] == "[Company Name]" and placeholder["suggestion"] == "Brightwell Housing"


def test_every_placeholder_the_advert_names_gets_its_own_fill(library):
    # Trial 11 F23: "Dear [Hiring Manager]", "the [Job Title] role at [Company Name]" were offered one fix,
    # "Hiring Manager", while the advert named the job and the employer.
    from bot.review.report import review_reply
    text = ("Dear [Hiring Manager],\n\nI am applying for the [Job Title] role at [Company Name]. I rebuilt a "
            "repairs report in SQL, and it now runs in 4 minutes instead of 40. I would bring that care to "
            "[Company Name].\n\nYours sincerely,\nAmara")
    guide = library.guides["general"]
    result = engine.review(text, guide.id, library.rules_for(guide), _advert())
    [found] = [f for f in result.findings if f.rule == "placeholders"]
    assert found.fills == (("[Hiring Manager]", "Hiring Manager"), ("[Job Title]", "Junior Data Analyst"),
                           ("[Company Name]", "Brightwell Housing"))
    assert found.suggestion == "Hiring Manager"  # the JSON contract: the first span's replacement, as before
    said = " ".join(review_reply(result, guide).fallback_text().split())
    assert ("Suggested fixes: \u201c[Hiring Manager]\u201d \u2192 \u201cHiring Manager\u201d, \u201c[Job Title]\u201d "
            "\u2192 \u201cJunior Data Analyst\u201d, \u201c[Company Name]\u201d \u2192 "
            "\u201cBrightwell Housing\u201d.") in said
    # One placeholder the reply can fill is said as before.
    one = engine.review(text.replace("[Job Title]", "analyst").replace("[Company Name]", "Brightwell Housing"),
                        guide.id, library.rules_for(guide), _advert())
    assert [f.fills for f in one.findings if f.rule == "placeholders"] == [()]


def test_naming_the_adverts_employer_is_tailoring_however_it_is_put(library):
    # Found by a new-member trial: "Lakeview's advert asks" earned no tailoring beside a tick for naming the
    # employer. With the advert, the employer named in any sentence ties the letter to it.
    text = ("Dear Ms Okafor,\n\nI rebuilt a repairs report in SQL, and it now runs in 4 minutes instead of 40. "
            "I would bring the same care to the repairs data at Brightwell Housing.\n\nYours sincerely,\nAmara")
    without = _json(library, "general", text.replace("at Brightwell Housing", "in this job"))
    assert any(f["rule"] == "tailoring.advert" and f["kind"] == "issue" for f in without["findings"])
    plain = text.replace("the repairs data at Brightwell Housing", "the team's repairs data")
    plain_review = _with_advert(library, plain)
    assert any(f["rule"] == "tailoring.advert" and f["kind"] == "issue" for f in plain_review["findings"])
    named = _with_advert(library, text.replace("I would bring the same care to the repairs data at",
                                               "Every team at"))
    [tailored] = [f for f in named["findings"] if f["rule"] == "tailoring.advert"]
    assert tailored["kind"] == "strength" and tailored["evidence"][0]["text"] == "Brightwell Housing"


def test_a_letter_reused_for_another_employer_is_an_error_and_not_written_for_this_job(library):
    # F33: a letter to one employer that says it wants to join another was credited "Written for this job".
    text = ("Dear Ms Okafor,\n\nI rebuilt a repairs report in SQL, and it now runs in 4 minutes instead of 40. "
            "I would love to join Harbour Freight and bring the same care to its repairs data.\n\n"
            "Yours sincerely,\nAmara")
    plain = _json(library, "general", text)
    assert not [f for f in plain["findings"] if f["rule"] == "tailoring.mixed-employer"]
    assert any(f["rule"] == "tailoring.advert" and f["kind"] == "strength" for f in plain["findings"])
    # Without an advert, the salutation names the employer the letter is for.
    to_acme = _json(library, "general", text.replace("Dear Ms Okafor", "Dear Brightwell Housing team"))
    clash = _finding(to_acme, "tailoring.mixed-employer")
    assert [e["text"] for e in clash["evidence"]] == ["Brightwell Housing", "Harbour Freight"]
    assert "Brightwell Housing" in clash["message"] and "Harbour Freight" in clash["message"]
    assert clash["severity"] == "error" and to_acme["score"] <= 60
    assert not [f for f in to_acme["findings"] if f["rule"] == "tailoring.advert"]
    # With the advert for Brightwell Housing, its own check says it, once.
    reused = _with_advert(library, text)
    assert not [f for f in reused["findings"] if f["rule"] == "tailoring.mixed-employer"]
    assert "Harbour Freight" in _finding(reused, "advert.company")["message"]
    # ... and the sentence that says it is not praised as written for this job (trial 12 F29).
    assert not [f for f in reused["findings"] if f["rule"] == "tailoring.advert" and f["kind"] == "strength"]


def test_a_letter_that_argues_for_another_post_is_an_error(library):
    # F33's other half: headed with one post, arguing for another (a letter copied over from another application).
    text = ("Subject: Application for the Junior Data Analyst position\n\nDear Ms Okafor,\n\nI rebuilt a repairs "
            "report in SQL, and it now runs in 4 minutes instead of 40. That is why I am applying for the Nursing "
            "Assistant role.\n\nYours sincerely,\nAmara")
    reused = _json(library, "general", text)
    clash = _finding(reused, "tailoring.mixed-post")
    assert [e["text"] for e in clash["evidence"]] == ["Junior Data Analyst", "Nursing Assistant"]
    assert reused["score"] <= 60
    same = _json(library, "general", text.replace("Nursing Assistant", "Data Analyst"))
    assert not [f for f in same["findings"] if f["rule"] == "tailoring.mixed-post"]


def test_an_employer_pattern_must_say_where_the_name_is():
    from pydantic import ValidationError

    from bot.review.reuse import Names
    with pytest.raises(ValidationError, match="where the name is"):
        Names(name="[A-Z]\\w+", names=["\\bjoin\\s+"])
    assert Names(name="[A-Z]\\w+", names=["\\bjoin\\s+{name}"]).names


def test_a_result_pasted_twice_counts_once(library):
    once = ("Dear Ms Okafor,\n\nI rebuilt our repairs report in SQL, and it now runs in 4 minutes instead of 40, "
            "which let the team plan visits a day earlier.\n\nYours sincerely,\nAmara")
    twice = once.replace("\n\nYours", "\n\n" + once.split("\n\n")[1] + "\n\nYours")
    signals = [{c["name"]: c["score"] for c in _json(library, "general", t)["categories"]}["signals"]
               for t in (once, twice)]
    assert signals[0] == signals[1], signals


async def test_suggestion_and_cross_guide_pointer_in_the_reply(core):
    text = ("Dear Sir or Madam,\n\nI shipped a fraud model at Lumen Bank that screens 40,000 payments a day. "
            "I built its pipeline and its drift monitoring.\n\nI chose gradient boosting over a network because "
            "it was cheaper.\n\nI would like to talk.\n\nYours sincerely,\nAmy")
    reply = await ask(core, "/review ml-engineer", text=text)
    fallback = reply.fallback_text()
    assert "Suggested fix: \u201cYours faithfully,\u201d" in fallback
    assert "/guide general faq" in fallback  # uk.signoff's advice lives in the general guide's FAQ
    assert "/guide general faq" in [b.command for b in reply.buttons]


def _guides_dir(tmp_path, edit):
    for path in GUIDES.glob("*.yaml"):
        (tmp_path / path.name).write_text(edit(path.name, path.read_text(encoding="utf-8")), encoding="utf-8")
    return tmp_path


def test_guides_check_names_a_rule_whose_section_misses_its_topic(tmp_path, capsys):
    from adapters.admin import check_guides
    # The general FAQ no longer mentions "faithfully": the sign-off rule's pointer would land nowhere.
    directory = _guides_dir(tmp_path, lambda name, text: text.replace(
        "Should I sign off \"Yours sincerely\" or \"Yours faithfully\"?", "How do I close?").replace(
        "\"Dear Sir or Madam\" goes with \"Yours faithfully\"", "either close is fine").replace(
        "close the second with \"Yours faithfully\"", "close as you like").replace(
        "sincerely or faithfully, ", "").replace(", yours faithfully]", "]") if name == "general.yaml" else text)
    assert "faithfully" not in GuideLibrary.load(directory).guides["general"].faq[2].answer
    assert check_guides([], directory) == 1
    out = capsys.readouterr().out
    assert "uk.signoff" in out and "/guide general faq" in out and "faithfully" in out


def test_shipped_guides_pass_the_pointer_check(library):
    assert library.pointer_problems() == []


def test_cli_review_json_has_suggestion(tmp_path):
    import subprocess
    import sys

    from .conftest import ROOT
    letter = tmp_path / "letter.txt"
    letter.write_text(textwrap.dedent("""\
        Dear Sir or Madam,

        I am applying to Harbour Freight because your advert asks for someone who can fix route reports.

        I rebuilt the route report in SQL, which cut the time to produce it from two days to 40 minutes.

        I would welcome a conversation.

        Sincerely,
        Your name
        """), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "adapters.cli", "review", str(letter), "--json"],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    data = json.loads(run.stdout)
    rules = {f["rule"]: f for f in data["findings"] if f["kind"] == "issue"}
    assert rules["uk.signoff"]["suggestion"] == "Yours faithfully,"
    assert rules["placeholders"]["evidence"][0]["text"] == "Your name"


def test_rules_in_these_guides_name_the_topic_their_section_must_cover(library):
    missing = [f"{g}:{r.id}" for g in ("general", "ml-engineer") for r in library.guides[g].review.rules
               if r.section and not r.topic]
    assert missing == []


TIDY_BUT_EMPTY = ("Dear Ms Khan,\n\nI would like to be considered for the analyst role. I have always enjoyed "
                  "working with numbers and I believe I would fit in well.\n\nIn my current job I prepare "
                  "reports and help colleagues with their spreadsheets, and I enjoy learning new things.\n\n"
                  "I would welcome the chance to talk.\n\nYours sincerely,\nAmy Lee")


def test_a_letter_with_no_evidence_scores_at_most_60_under_every_guide(library):
    for guide in library:
        result = engine.review(TIDY_BUT_EMPTY, guide.id, library.rules_for(guide))
        assert result.score <= 60, (guide.id, result.score)



def test_a_letter_without_a_result_is_scaled_below_85_and_keeps_its_order(library):
    """The result's cap scales the points into the band below 85 rather than cutting them off there, so two
    letters without a result stay apart (a slip still costs) and the review says what lifts the score."""
    tailored = TIDY_BUT_EMPTY.replace("be considered for the analyst role",
                                      "join Harbour Freight as an analyst on its fuel card team")
    rules = library.rules_for(library.guides["general"])
    clean = engine.review(tailored, "general", rules)
    slip = engine.review(tailored.replace("reports and", "reports and and"), "general", rules)
    assert {f.rule for f in clean.issues} == {"evidence.result"}
    assert 60 < slip.score < clean.score <= 85
    assert clean.ceiling == (85, ("the letter gives a result of your own work",))

def test_problems_a_reader_puts_a_letter_down_for_compound(library):
    """One such problem (no result here) leaves a letter in the fair band; a second (a spelling slip) scales
    the score again, so it falls below a letter with only the one, and the review says what lifts it."""
    tailored = TIDY_BUT_EMPTY.replace("be considered for the analyst role",
                                      "join Harbour Freight as an analyst on its fuel card team")
    rules = library.rules_for(library.guides["general"])
    one = engine.review(tailored, "general", rules)
    two = engine.review(tailored.replace("always enjoyed", "allways enjoyed"), "general", rules)
    assert {f.rule for f in two.issues} == {"evidence.result", "style.spelling"}
    assert two.score <= round(one.score * engine.COMPOUND / 100) and two.score <= 60 < one.score
    assert two.ceiling is not None and two.ceiling[0] == round(85 * engine.COMPOUND / 100)
    assert two.ceiling[1][-1] == "one of these two points is fixed: “Spelling” and “A result of your own”"
    # rules that don't compound (a word typed twice) cost their points only
    slip = engine.review(tailored.replace("reports and", "reports and and"), "general", rules)
    assert slip.ceiling == one.ceiling



def test_problems_of_one_kind_count_once(library):
    """Spelling, stock phrases and the letter talking about itself are one kind of problem (polish): stock phrases
    beside a slip cost their points but don't compound again, so a fair letter with both isn't put among the weak
    ones (session 16: on the tuning letters as labelled, counting kinds orders the tiers better than counting rules).
    Fixing one of them alone lifts no limit; the review offers them as one choice."""
    tailored = TIDY_BUT_EMPTY.replace("be considered for the analyst role",
                                      "join Harbour Freight as an analyst on its fuel card team")
    rules = library.rules_for(library.guides["general"])
    slip = tailored.replace("always enjoyed", "allways enjoyed")
    both = slip.replace("I believe I would fit in well",
                        "I am a passionate, highly motivated team player who would fit in well")
    two, polish = engine.review(slip, "general", rules), engine.review(both, "general", rules)
    assert {f.rule for f in polish.issues} == {"evidence.result", "style.spelling", "style.cliche"}
    assert polish.ceiling is not None and polish.ceiling[0] == two.ceiling[0] == round(85 * engine.COMPOUND / 100)
    assert two.score * engine.COMPOUND / 100 < polish.score < two.score  # the phrases' points only, no third scaling
    assert polish.ceiling[1][-1] == ("one of these two is fixed: both “Spelling” and “Stock phrases”, or "
                                     "“A result of your own”")
    assert polish.lift == (("A result of your own",), 100)
    # with a third kind, the choices are set off by semicolons
    three = engine.review(both.replace(" on its fuel card team", "").replace("Harbour Freight", "your company"),
                          "general", rules)
    assert three.ceiling is not None and three.ceiling[1][-1] == (
        "one of these three is fixed: both “Spelling” and “Stock phrases”; “A result of your own”; or "
        "“Written for this employer”")


def test_full_marks_with_nothing_holding_them_have_no_ceiling_and_a_reply(library):
    """A letter earning every point with no cap was given the ceiling (100, ()) and the reply's opening
    sentence failed on its empty list of reasons."""
    assert engine._held(100, []) == (100, None)
    guide = library.guides["general"]
    rules = library.rules_for(guide)
    letter = (LETTERS / "real" / "tune" / "karmacharya-national-grid-principal-data-scientist.txt").read_text()
    result = engine.review(letter, "general", rules)
    assert result.ceiling is None or result.ceiling[1]
    reply = review_reply(result, guide, {r.id: r.title for r in rules}).fallback_text()
    assert f"{result.score}/100" in reply and ("stops at" in reply) == (result.ceiling is not None)


async def test_the_opening_sentence_follows_the_score_and_names_the_weakest_category(core):
    weak = await ask(core, "/review", text=TIDY_BUT_EMPTY)
    first = weak.fallback_text()
    assert weak.data["score"] <= 60 and "real work to do" in first and "signals (0/" in first
    assert "Nothing here needs fixing" not in first
    strong_text = (LETTERS / "26-general-strong.txt").read_text(encoding="utf-8")
    strong = await ask(core, "/review", text=strong_text)
    assert strong.data["score"] >= 80 and "Nothing here needs fixing" in strong.fallback_text()
    assert not [f for f in strong.data["findings"] if f["kind"] == "issue"]


def test_scores_spread_over_a_varied_set_and_strong_letters_score_80(library):
    """The project's own letters and the real tuning letters: strong ones 80 or more, no score held by
    more than 15% of them."""
    import collections

    import yaml
    folders = [LETTERS, LETTERS / "held-out", LETTERS / "real" / "tune",
               *sorted(d for d in LETTERS.iterdir() if d.is_dir() and d.name not in ("held-out", "real"))]
    scores, strong = [], []
    for folder in folders:
        for name, label in yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8")).items():
            guide = library.guides[label["guide"]]
            score = engine.review((folder / f"{name}.txt").read_text(encoding="utf-8"), guide.id,
                                  library.rules_for(guide)).score
            scores.append(score)
            if label.get("tier", "strong" if "strong" in name else None) == "strong":
                strong.append((name, score))
    assert len(scores) >= 100
    assert collections.Counter(scores).most_common(1)[0][1] <= 0.15 * len(scores)
    assert [s for s in strong if s[1] < 80] == []


def test_a_repeated_passage_is_found_however_its_words_are_joined_or_cased(library):
    """Repeats are first looked for among the letter's tokens (runs of word characters) before its words
    are cut out: a passage of words joined by apostrophes and hyphens ("don't", "end-to-end"), cased
    differently the second time, still has its repeated run of tokens, and is found."""
    from bot.review.style import _may_repeat
    from bot.review.terms import lower_tokens
    passage = ("I don't rebuild end-to-end pipelines on a whim; I rebuilt ours after the Q3 outage, and "
               "it hasn't paged anyone since.")
    text = f"Dear Ms Shah,\n\n{passage} I like the work.\n\n{passage.upper()}\n\nYours sincerely,\nJo Bloggs\n"
    assert _may_repeat(lower_tokens(Letter(text))[0], 12)
    rules = library.rules_for(library.guides["general"])
    found = [f for f in engine.review(text, "general", rules).findings if f.rule == "style.repeated-passage"]
    assert found and found[0].evidence
    once = text.replace(passage.upper(), "A different closing paragraph, with nothing in it said twice.")
    assert not _may_repeat(lower_tokens(Letter(once))[0], 12)


def test_a_repeated_run_is_found_across_stretches_of_repeated_tokens():
    """Only stretches of tokens that each appear twice can hold a repeated run: its two copies may sit in two
    stretches (a word said once between them), or one stretch may hold both, or neither."""
    from bot.review.style import _may_repeat
    assert _may_repeat("we cut the cost once we cut the cost".split(), 4)  # two stretches, one run in each
    assert _may_repeat("we cut the cost we cut the cost".split(), 4)  # one stretch holds both copies
    assert not _may_repeat("we cut the cost then the cost we cut".split(), 4)  # the same words, no run twice
    assert not _may_repeat("we cut it once we cut it".split(), 4)  # stretches shorter than a run


async def test_a_us_review_points_to_the_us_guide_where_it_covers_the_point(core):
    """general-us inherits general's rules; where its own section covers a point, the review sends a US member
    there, not to the UK guide's advice (sign-offs, spelling)."""
    text = ("Dear Hiring Manager,\n\nI am writing to express my interest in the [Position Title] role. I am sorry "
            "that I do not have every qualification, but I have worked in retail for six years and I learn "
            "fast.\n\nI am a hard-working team player who loves a challenge.\n\nSincerely,\nAmy")
    reply = await ask(core, "/review general-us", text=text)
    fallback, commands = reply.fallback_text(), [b.command for b in reply.buttons]
    assert "/guide general-us mistakes" in fallback and "/guide general-us mistakes" in commands
    assert "/guide general mistakes" not in fallback and "/guide general mistakes" not in commands
    assert "Guide: mistakes" in [b.label for b in reply.buttons]
