"""Every command, driven through the dispatcher with real guides."""
from __future__ import annotations

import logging

import pytest

from bot.commands import COMMANDS
from bot.commands.registry import Command
from bot.reply import UserText

from .conftest import LETTERS, ask


async def test_guide_overview_shows_the_four_signals(core, library):
    reply = await ask(core, "/guide ml-engineer")
    text = reply.fallback_text()
    guide = library.guides["ml-engineer"]
    assert len(guide.signals) == 4
    for signal in guide.signals:
        assert signal.name in text
    assert "£100k to £150k" in text
    assert reply.kind == "guide" and not reply.private


@pytest.mark.parametrize("alias", ["ml-engineer", "mle", "machine-learning-engineer", "ML Engineer",
                                   "machine learning engineer"])
async def test_guide_by_id_or_alias(core, alias):
    reply = await ask(core, f"/guide {alias}")
    assert reply.title == "Machine learning engineer"


@pytest.mark.parametrize("section, expect", [
    ("signals", ["MLOps depth", "Regulatory awareness", "Applied-ML judgement", "A model you shipped"]),
    ("example", ["Dear Ms Okafor", "2.3 million monthly customers", "Yours sincerely"]),
    ("why", ["gradient boosting over a transformer", "2.3 million customers"]),
    ("mistakes", ["Reciting every framework", "Research achievements with nothing shipped", "No MLOps evidence",
                  "Ignoring regulation in a regulated sector"]),
    ("faq", ["What length works for an ML engineer cover letter?", "Under 400 words, in three paragraphs",
             "Should I mention specific models and frameworks?", "Is a cover letter worth writing"]),
])
async def test_guide_sections_show_their_parts(core, section, expect):
    reply = await ask(core, f"/guide ml-engineer {section}")
    text = reply.fallback_text()
    for part in expect:
        assert part in text, part
    # Buttons lead to the other sections, never to the one already shown.
    assert f"/guide ml-engineer {section}" not in [b.command for b in reply.buttons]


async def test_guide_without_role_lists_guides(core):
    reply = await ask(core, "/guide")
    text = reply.fallback_text()
    assert "/guide ml-engineer" in text and "/guide general" in text
    # A US member learns at once that one guide follows their conventions (a trial: "UK" everywhere).
    assert "what UK hiring managers look for (`general-us` follows US conventions)" in " ".join(text.split())


@pytest.mark.parametrize("typo", ["ml-enginer", "ml-engneer", "machine-lerning-engineer"])
async def test_misspelt_role_gets_suggestion(core, typo):
    reply = await ask(core, f"/guide {typo}")
    assert reply.kind == "error" and reply.private
    assert "Did you mean" in reply.fallback_text()
    assert "/guide ml-engineer" in [b.command for b in reply.buttons]


@pytest.mark.parametrize("command", ["review", "mistakes"])
async def test_a_suggested_role_runs_the_members_own_command(core, command):
    """A misspelt role in /review offers /review with the right guide, not a detour through /guide."""
    letter = ("Dear Ms Patel,\n\n" + "At Kestrel I rebuilt the weekly delivery report so managers saw late routes. " * 5
              + "\n\nYours sincerely,\nSam Okafor")
    reply = await ask(core, f"/{command} ml-enginer", text=letter if command == "review" else None)
    assert "Did you mean" in reply.fallback_text()
    assert [b.command for b in reply.buttons] == [f"/{command} ml-engineer"]
    assert await core.before_paste("ml-enginer", "terminal") is not None
    [button] = (await core.before_paste("ml-enginer", "terminal")).buttons
    assert button.command == "/review ml-engineer"


async def test_unknown_role_lists_what_exists(core):
    reply = await ask(core, "/guide data-zzqqxx")  # shares a guide's word: which guide was meant?
    text = reply.fallback_text()
    assert "data-analyst" in text and "general" in text and "`/guide` lists every guide" in text


async def test_unknown_section_is_explained(core):
    request = core.parse("/guide ml-engineer")
    from dataclasses import replace
    reply = await core.handle(replace(request, args={"role": "ml-engineer", "section": "salary"}))
    assert reply.kind == "error"
    assert "overview" in reply.fallback_text() and "faq" in reply.fallback_text()


async def test_mistakes_for_role_and_default(core):
    ml = await ask(core, "/mistakes ml-engineer")
    assert "Reciting every framework" in ml.fallback_text()
    general = await ask(core, "/mistakes")
    assert "Template placeholders left in" in general.fallback_text()


@pytest.mark.parametrize("question, expect", [
    ("how long should it be", "400 words"),
    ("how long should my letter be", "Three short paragraphs"),  # the general answer: no role was named
    ("do I even need one", "Send one"),
    ("should I name frameworks", "PyTorch and TensorRT"),
    ("sincerely or faithfully", "Yours faithfully"),
    ("what do ml engineers earn", "£100k to £150k"),
    # Trial 8 (F15): a member's own words missed or met another question's answer
    ("is dear sir or madam ok", "Dear Hiring Manager"),
    ("should i say sorry my letter was for another company", "old company name"),
])
async def test_faq_matches_free_wording(core, question, expect):
    reply = await ask(core, f"/faq {question}")
    assert expect in reply.fallback_text()
    assert reply.kind == "guide"


async def test_faq_offers_the_career_changers_question_for_a_career_changers_words(core):
    """Trial 8 (F15): "I don't have an answer", with only the general guide's questions offered."""
    reply = (await ask(core, "/faq how do I make teaching sound relevant to data")).fallback_text()
    assert "How do I write a cover letter with no experience in the new field?" in reply


@pytest.mark.parametrize("question", ["how long should my letter be", "who should I address it to if there's no name"])
async def test_faq_without_a_role_answers_from_the_default_guide_first(core, question):
    # A member who names no role gets the community's default guide's answer (UK here), not another
    # role's that happens to match the words a little better; naming a role still narrows to it.
    reply = await ask(core, f"/faq {question}")
    assert "From the guide: Any role (UK conventions)" in reply.fallback_text()
    ml = await ask(core, "/faq how long should my letter be ml-engineer")
    assert "From the guide: Machine learning engineer" in ml.fallback_text()


async def test_faq_how_long_gives_length_and_paragraphs(core):
    text = (await ask(core, "/faq how long should it be")).fallback_text()
    assert "400 words" in text and "three" in text.lower() and "paragraph" in text.lower()


async def test_faq_with_role_uses_that_guide(core):
    reply = await ask(core, "/faq how long should it be ml-engineer")
    assert reply.title == "What length works for an ML engineer cover letter?"


async def test_faq_without_question_lists_questions(core, library):
    text = (await ask(core, "/faq")).fallback_text()
    for guide in library:
        for entry in guide.faq:
            assert entry.question in text


async def test_faq_weak_match_offers_closest(core):
    # ("cover letter tips" was the example here until the guides answered it: "How do I write a cover letter?")
    reply = await ask(core, "/faq letter advice please")
    assert reply.title == "Did you mean one of these?"
    assert reply.buttons and all(b.command.startswith("/faq ") for b in reply.buttons)


async def test_faq_no_match_is_honest_and_lists_questions(core):
    reply = await ask(core, "/faq what should I wear to the interview")
    text = reply.fallback_text()
    assert reply.title == "I don't have an answer for that"
    assert "How long should a cover letter be?" in text
    # the default guide's questions, not every guide's (a London salary for someone asking about clothes)
    assert "earn in London" not in text and "/faq ml-engineer" in text
    # The member's words are echoed as user text, never as our own markup.
    assert any(isinstance(p, UserText) for b in reply.blocks if hasattr(b, "text") and isinstance(b.text, tuple)
               for p in b.text)


@pytest.mark.parametrize("question, answer", [
    ("is it ok that my letter is more than one page", "How long should a cover letter be?"),
    ("should i say sorry that i dont have much experience", "Should I apologise for not having much experience?"),
    ("how do i write about a career gap", "How do I explain a gap in my CV?"),
    ("can I use chatgpt to write it", "Can I use ChatGPT or another AI tool to write my letter?"),
    ("how long should my cover letter be", "How long should a cover letter be?"),
    ("is it ok if my letter goes onto a second page", "How long should a cover letter be?"),  # trial 7
])
async def test_faq_answers_what_members_ask_in_their_own_words(core, question, answer):
    """Found by a new member's trial: each of these got 'no answer' or an unrelated 'did you mean'."""
    assert (await ask(core, f"/faq {question}")).title == answer


async def test_faq_finds_a_short_question_inside_a_members_story_and_keeps_other_roles_out(core):
    """Trial 7: a teacher's "do I need to say sorry that I have only taught for three years" got no answer, and
    "what salary should I ask for" was offered "What do senior ML engineers earn in London?"."""
    sorry = await ask(core, "/faq do I need to say sorry that I have only taught for three years")
    assert "Should I apologise for not having much experience?" in sorry.fallback_text()
    # Since session 11 the general guides answer it themselves (trial 11 F20), so the ML guide's London figures
    # stay out of a teacher's answer altogether.
    salary = (await ask(core, "/faq what salary should I ask for")).fallback_text()
    assert salary.startswith("Should I mention my salary expectations in the letter?") and "London" not in salary
    assert "earn in London" in (await ask(core, "/faq what salary should I ask for ml-engineer")).fallback_text()


async def test_faq_question_ending_in_a_guide_alias_stays_a_question(core):
    """"cover letter" is the general guide's alias, but "how do I write a cover letter" asks no role."""
    reply = await ask(core, "/faq how do I write a cover letter")
    assert reply.title == "How do I write a cover letter?" and "/guide general" in [b.command for b in reply.buttons]
    assert (await ask(core, "/faq how long should it be ml-engineer")).title.startswith("What length works for an ML")


@pytest.mark.parametrize("question, answer", [
    ("how do I switch from nursing to data", "How do I write a cover letter with no experience in the new field?"),
    ("do I sound too humble", "Do I sound too humble, or too boastful?"),
    ("my english is not perfect will they reject me", "Is it a problem that English isn't my first language?"),
    ("is it ok that english is not my first language", "Is it a problem that English isn't my first language?"),
])
async def test_faq_answers_what_trial_9s_members_asked(core, question, answer):
    """Trial 9: a nurse moving into data and an applicant writing in her second language got "I don't have an
    answer for that", or another role's questions only."""
    assert (await ask(core, f"/faq {question}")).title == answer


async def test_an_answer_from_another_roles_guide_says_so_and_one_near_question_is_answered(core):
    """Trial 9: a DevOps answer was given to a member who named no role as if it were her guide's, while a
    "did you mean" list hedged the same; and a list of one was offered instead of its answer."""
    devops = (await ask(core, "/faq should I mention my certificate from google")).fallback_text()
    assert "another role's guide: check it fits yours" in devops
    own = (await ask(core, "/faq how long should it be")).fallback_text()
    assert "From the guide: Any role (UK conventions)" in own and "another role's guide" not in own
    named = (await ask(core, "/faq should I mention certifications devops")).fallback_text()
    assert "another role's guide" not in named  # the member asked that guide


async def test_mistakes_for_a_role_no_guide_is_near_gives_the_default_guides_with_a_kind_note(core):
    """Trial 9: `/mistakes nurse` said "I don't have that guide" while `/review --role nurse` falls back to the
    general guide; a near miss still asks which guide was meant."""
    nurse = await ask(core, "/mistakes nurse")
    text = nurse.fallback_text()
    assert nurse.kind == "guide" and "I don't have a guide for \u201cnurse\u201d" in text
    assert "Template placeholders left in" in text  # the general guide's mistakes
    assert (await ask(core, "/mistakes ml-enginer")).title == "I don't have that guide"


async def test_guide_for_a_role_no_guide_is_near_agrees_with_mistakes(core):
    """Trial 14: `/guide electrician` refused ("I don't have that guide") where `/mistakes electrician` gave the
    general guide's mistakes. Both now give the default guide's section with the same note; a near miss and a role
    that shares a guide's word still ask which guide was meant."""
    for line, title in (("/guide electrician", "Any role (UK conventions)"),
                        ("/guide electrician example", "Any role (UK conventions): Example letter"),
                        ("/mistakes electrician", "Any role (UK conventions): Common mistakes")):
        reply = await ask(core, line)
        text = " ".join(reply.fallback_text().split())
        assert reply.kind == "guide" and reply.title == title, (line, reply.title)
        assert "I don't have a guide for \u201celectrician\u201d, so here" in text, text
    for line in ("/guide ml-enginer", "/guide data-wizard"):
        assert (await ask(core, line)).title == "I don't have that guide", line


async def test_a_role_sharing_a_guides_word_is_offered_those_guides_and_general_not_every_guide(core):
    """Trial 17 (noticed): `/guide data-entry-clerk` shares "data" with three guides but nearly names none, and was
    refused with every guide listed and no button. It now names those guides and general, each a button that runs
    the member's own command with it."""
    reply = await ask(core, "/guide data-entry-clerk")
    text = " ".join(reply.fallback_text().split())
    assert reply.title == "I don't have that guide" and "These are the guides I have" not in text, text
    assert "guides `data-analyst`, `data-engineer` and `data-scientist` share a word with it" in text
    assert [b.command for b in reply.buttons] == ["/guide data-analyst", "/guide data-engineer",
                                                  "/guide data-scientist", "/guide general"]
    letter = (LETTERS / "26-general-strong.txt").read_text(encoding="utf-8")
    review = await ask(core, "/review data-entry-clerk", text=letter)
    assert review.kind == "error" and "/review general" in [b.command for b in review.buttons]


async def test_faq_suggestions_name_each_question_once(core):
    reply = await ask(core, "/faq who do I write it to")
    questions = [b.command for b in reply.buttons]
    assert len(questions) == len(set(q.split(" to ")[0] for q in questions))


async def test_help_for_a_command_that_isnt_says_so_and_review_shows_advert(core):
    """Trials 6 and 7: `/help nonsense` gave the whole list without a word; `/help review` hid `advert`."""
    assert "There's no command called \u201cnonsense\u201d" in (await ask(core, "/help nonsense")).fallback_text()
    text = (await ask(core, "/help review")).fallback_text()
    assert "/review [role] [advert]" in text and "job advert after the letter" in text


async def test_help_lists_every_command_with_example(core):
    text = (await ask(core, "/help")).fallback_text()
    for cmd in COMMANDS.values():
        if not cmd.moderator:
            assert f"/{cmd.name}" in text and cmd.example in text
    assert "/mod" not in text  # members see what they can use
    from bot.request import Privilege
    moderator = (await ask(core, "/help", privilege=Privilege.MODERATOR)).fallback_text()
    assert "/mod" in moderator


async def test_help_for_one_command(core):
    text = (await ask(core, "/help faq")).fallback_text()
    assert "/faq [question] [role]" in text


async def test_unknown_command_suggests(core):
    reply = await ask(core, "/gude")
    assert reply.kind == "error" and "/guide" in reply.fallback_text()


async def test_exception_in_a_command_becomes_private_apology(core, caplog, monkeypatch):
    async def broken(core, request):
        raise RuntimeError("boom")
    monkeypatch.setitem(COMMANDS, "broken", Command("broken", "fails", "/broken", broken))
    with caplog.at_level(logging.ERROR, logger="shortlist"):
        reply = await ask(core, "/broken")
    assert reply.private and reply.kind == "error"
    error_id = reply.fallback_text().split("error id ")[1].split()[0].strip("`.")
    assert any(error_id in r.getMessage() for r in caplog.records)


async def test_same_request_same_reply(core):
    a = await ask(core, "/guide ml-engineer faq")
    b = await ask(core, "/guide ml-engineer faq")
    assert a.to_dict() == b.to_dict()


async def test_typed_unknown_section_names_the_sections(core):
    reply = await ask(core, "/guide ml-engineer salary")
    assert reply.kind == "error" and "no section called" in reply.title
    assert "`signals`" in reply.fallback_text()


@pytest.mark.parametrize("line, meant", [("/guide ml-engineer mistaks", "/guide ml-engineer mistakes"),
                                         ("/guide exampel", "/guide example"), ("/guide data-analyst FAQs",
                                                                                 "/guide data-analyst faq")])
async def test_a_misspelt_section_gets_a_did_you_mean(core, line, meant):
    reply = await ask(core, line)
    assert reply.kind == "error" and f"Did you mean `{meant}`?" in reply.fallback_text()
    assert [b.command for b in reply.buttons] == [meant]
    assert (await ask(core, meant)).kind != "error"


async def test_a_section_nothing_is_near_gets_the_list_alone(core):
    reply = await ask(core, "/guide ml-engineer salary")
    assert "Did you mean" not in reply.fallback_text() and not reply.buttons
    assert "`mistakes`" in reply.fallback_text()


async def test_a_letter_typed_on_the_review_line_is_reviewed(core):
    """Trial 8 (F37): "/review Dear Hiring Manager, ..." was told to paste the letter after /review (which it
    was), and "/review swe Dear ..." looked for a guide named after the whole letter."""
    letter = " ".join((LETTERS / "26-general-strong.txt").read_text(encoding="utf-8").split())
    plain = await ask(core, f"/review {letter}")
    assert plain.kind == "review" and "Any role" in plain.title
    swe = await ask(core, f"/review swe {letter}")
    assert swe.kind == "review" and "Software engineer" in swe.title
    assert core.parse("/review swe backend").args == {"role": "swe backend"}  # a role of a few words stays one


async def test_a_bootcamp_graduate_asking_whether_to_mention_it_gets_an_answer_about_bootcamps(core):
    """Trial 10 (F7): "do I need to mention my bootcamp" offered "Should I still mention regulation?" first."""
    for question in ("do I need to mention my bootcamp", "should I say I did a bootcamp"):
        reply = await ask(core, f"/faq {question}")
        assert reply.title == "Should I mention my bootcamp or course?" and "bootcamp" in reply.fallback_text()


async def test_faq_answers_the_plain_wordings_a_new_member_used(core):
    """Trial 11 F19/F20: each of these got another question's answer, or a list of near misses, though the
    guide has the answer (or, for pay and disability, had none)."""
    asked = {
        "/faq can I use ChatGPT to write my cover letter": "Can I use ChatGPT or another AI tool to write my letter?",
        "/faq cover letter optional should I send one": "Do I need a cover letter if the advert says it is optional?",
        "/faq do I need a cover letter if they don't ask for one":
            "Do I need a cover letter if the advert says it is optional?",
        "/faq is it ok to send the same letter to every job": "Can I reuse the same letter for several applications?",
        "/faq what if I don't know the hiring manager's name":
            "Who do I address the letter to if I don't know a name?",
        "/faq should I mention my disability": "Should I mention a disability or health condition?",
        "/faq how do I address a career change": "Should I explain why I'm changing career?",
    }
    for question, title in asked.items():
        assert (await ask(core, question)).title == title, question


async def test_faq_answers_the_common_questions_the_general_guides_lacked(core):
    """Session 12: a tone question got the PDF-or-Word answer ("formal" read as "format"), and the opening
    line, visas, redundancy, grades, referrals and bullet points had no answer of their own."""
    asked = {
        "/faq how formal should my letter be": "How formal should my letter be?",
        "/faq is it ok to be a bit casual in my letter": "How formal should my letter be?",
        "/faq what should my first line say": "How should my letter open?",
        "/faq do I have to say I need sponsorship": "Should I mention my right to work or a visa?",
        "/faq can I say I was made redundant": "How do I talk about being made redundant?",
        "/faq do employers care about my degree grade": "Should I mention my grades or degree classification?",
        "/faq my friend works there should I say so": "Should I mention someone who referred me?",
        "/faq is a list of achievements ok instead of paragraphs": "Can I use bullet points in a cover letter?",
        "/faq should I mention my PhD": "I have a PhD. How much should I say about my research?",
        "/faq should I include my GPA general-us": "Should I mention my GPA?",
        "/faq I was laid off general-us": "How do I talk about being laid off?",
    }
    for question, title in asked.items():
        assert (await ask(core, question)).title == title, question
    # a near spelling is not the word: "formal" alone no longer reaches the file-format answer
    assert "PDF" not in (await ask(core, "/faq how formal should my letter be")).fallback_text()


async def test_questions_trial_13_asked_find_their_own_answers(core):
    """Trial 13 F16/F27: a UK carer's gap question was offered the US guide's entry only, "coverletter" and
    "shoud" sank the length question, and NHS supporting statements, Civil Service statements, STAR,
    speculative letters, following up and age had no answer (a civil servant was offered a UX question)."""
    asked = {
        "/faq i've been out of work for two years looking after my mum how do i explain the gap":
            "How do I explain a gap in my CV?",
        "/faq can my cover letter be two pages": "How long should a cover letter be?",
        "/faq how long shoud my coverletter be": "How long should a cover letter be?",
        "/faq is a supporting statement for an nhs job the same as a cover letter":
            "Is an NHS supporting statement the same as a cover letter?",
        "/faq how do i write a civil service personal statement with the behaviours":
            "How do I write a Civil Service personal statement?",
        "/faq should i write about the star method": "Should I use the STAR method in a cover letter?",
        "/faq can i send a cover letter to a company that isn't hiring":
            "How do I write a speculative letter when no job is advertised?",
        "/faq how do i follow up if i haven't heard back after 2 weeks": "How do I follow up if I haven't heard back?",
        "/faq I'm 52, will they think I'm too old": "Will my age count against me?",
        "/faq can i send a cover letter to a company that isn't hiring general-us":
            "How do I write a cover letter when no job is posted?",
    }
    for question, title in asked.items():
        assert (await ask(core, question)).title == title, question


async def test_a_short_letter_typed_on_the_review_line_is_called_short_not_a_guide(core):
    """Trial 12 F23: "/review swe Dear Hiring Manager, ..." of 15 words was read as a guide called "swe Dear Hiring
    Manager, I'd love to join your team as a dev" (cut mid-word); a letter opens with its greeting."""
    reply = await ask(core, "/review swe Dear Hiring Manager, I'd love to join your team as a developer.")
    assert reply.kind == "error" and "too short to review fairly" in reply.fallback_text()
    assert "guide called" not in reply.fallback_text()


async def test_a_letter_on_the_review_line_keeps_its_role_region_and_link_apart(core):
    """Trial 13: "/review data-analyst us Dear ..." took "us" for the letter's first word and reviewed with UK
    conventions (F33); "/review chef Dear ..." dropped the role without a word (F24); "/review <link>" was told
    there was no letter (F34)."""
    letter = (LETTERS / "26-general-strong.txt").read_text(encoding="utf-8")
    us = await ask(core, "/review data-analyst us " + letter)
    assert us.data["guide"] == "data-analyst" and us.title.endswith("with US conventions")
    assert not any(e["text"].startswith("us") for f in us.data["findings"] for e in f["evidence"])
    chef = await ask(core, "/review chef " + letter)
    assert chef.data["guide"] == "general" and chef.data["unknown_role"] == "chef"
    assert (await ask(core, "/review swe " + letter)).data["guide"] == "software-engineer"  # as before
    link = await ask(core, "/review https://docs.google.com/document/d/abc123/edit")
    assert link.kind == "error" and "I can't open links" in link.fallback_text()


async def test_a_question_that_shares_only_the_word_use_is_not_answered_about_chatgpt(core):
    """Trial 12 F31/F12: "is it ok to use first person so much" was answered, as the closest question, with the
    ChatGPT entry; "what font should I use" offered unrelated questions. "use" says nothing of the subject."""
    first_person = await ask(core, "/faq is it ok to use first person so much")
    assert not first_person.title.startswith("Can I use ChatGPT")
    assert (await ask(core, "/faq what font should I use")).title == "I don't have an answer for that"
    assert (await ask(core, "/faq can I use chatgpt")).title.startswith("Can I use ChatGPT")
