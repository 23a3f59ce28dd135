"""The job advert: read into requirements, and a letter reviewed against it (core, storage, terminal)."""
from __future__ import annotations

import io
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from bot.advert import intake
from bot.advert.match import review_against
from bot.advert.reader import read
from bot.advert.vocabulary import load
from bot.core import Shortlist
from bot.request import Context
from bot.review import engine
from bot.review.text import Letter
from storage import Store

from .adverts.evaluate import pairs, score_part
from .conftest import ADVERT, ADVERT_LETTER, FRAUD, run

HERE = Path(__file__).parent / "adverts"
LETTER = ADVERT_LETTER
FIGURES: dict[str, object] = {}  # part -> Score, printed at the end of the run (conftest)
TARGET = 0.85  # the issue's target for each figure on the held-out pairs
# The held-out pairs are report-only: the reader is never tuned on them, and a failure here never
# shows their per-pair results (only the figures). Measured over all 12 held-out pairs (6 of them
# written and labelled blind by a separate session) when they were added: precision 0.79, recall
# 0.94, coverage agreement 0.69; 0.83, 0.94, 0.70 after the last tuning (below TARGET, as the README
# says). Six more blind pairs (41-46) were added before the next round of tuning; over all 18:
# precision 0.79, recall 0.90, coverage agreement 0.69; after tuning on nine new tune pairs (33-40, 51),
# 0.80, 0.91, 0.72. Four more blind pairs (61-63, 66) joined held-out (0.78, 0.92, 0.70 over 22); after
# head matching and tuning on their other half (64, 65, 67, 68): 0.78, 0.93, 0.74; after three more tune
# pairs (52-54) and a new member's trial: 0.80, 0.92, 0.74. These floors keep them from slipping. The
# eighth blind batch's held-out half (114, 116, 117, 118) took recall over 42 pairs to 0.88 (740 of 837;
# 0.90 over the 38 before): recall's floor is the issue's target, 0.85, from then on.
HELD_OUT_FLOORS = {"precision": 0.75, "recall": 0.85, "coverage": 0.65}


# -- reading adverts: measured on the labelled pairs ------------------------------------------------

def test_extraction_and_coverage_agree_with_careful_readers_on_tune_pairs():
    assert len(pairs("tune")) >= 20
    score = score_part("tune")
    FIGURES["tune"] = score
    assert score.precision >= TARGET, score.notes
    assert score.recall >= TARGET, score.notes
    assert score.coverage >= TARGET, score.notes


def test_held_out_figures_stay_above_their_floors():
    assert len(pairs("held-out")) >= 18
    score = score_part("held-out")
    FIGURES["held-out"] = score
    figures = {"precision": score.precision, "recall": score.recall, "coverage": score.coverage}
    assert all(figures[k] >= floor for k, floor in HELD_OUT_FLOORS.items()), figures  # figures only


def test_at_least_fifteen_pairs_uk_and_us_bulleted_and_prose():
    import yaml
    labels = [yaml.safe_load((p / "label.yaml").read_text()) for part in ("tune", "held-out") for p in pairs(part)]
    assert len(labels) >= 15
    assert {"UK", "US"} <= {label["region"] for label in labels}
    shapes = " ".join(label["shape"] for label in labels)
    assert "prose" in shapes and "bulleted" in shapes
    assert any(not r["must"] for label in labels for r in label["requirements"])  # nice-to-haves
    assert any(all(r["must"] for r in label["requirements"]) for label in labels)  # and adverts without


def test_reader_finds_title_employer_and_must_haves():
    advert = read(ADVERT)
    assert (advert.title, advert.company) == ("Senior Machine Learning Engineer", "Northwind Bank")
    musts = [r.text for r in advert.requirements if r.must]
    nice = [r.text for r in advert.requirements if not r.must]
    assert {"Python", "SQL", "Kubernetes", "Docker"} <= set(musts)
    assert "PyTorch" in nice and "PyTorch" not in musts
    assert not any("holiday" in r.text or "medical" in r.text for r in advert.requirements)  # benefits aren't asked for
    for r in advert.requirements:
        assert ADVERT[r.start:r.end] == r.text  # offsets point into the advert


@pytest.mark.parametrize("text", [ADVERT, ADVERT.replace("\n", "\r\n").replace("'", "\u2019")
                                  + "\u0130stanbul \u2013 \u00a3"])
def test_the_adverts_lowered_text_is_its_own_text_lowered(text):
    # Made once by the reader for the matcher, the employer and the coverage rule; where the normal form differs
    # from what the member gave (line ends, curly quotes), it is still the member's text that is lowered.
    advert = read(text)
    assert advert.lowered == text.lower()
    assert replace(advert, lowered="") == advert  # no part of what an advert is equal to
    assert "lowered" not in repr(advert)


@pytest.mark.parametrize("advert_words, letter_words", [
    ("Experience with ML in production", "I shipped a machine learning model that cut fraud losses."),
    ("Experience with Kubernetes", "Our models ran on k8s, which I set up."),
    ("Experience running A/B testing", "I designed the experimentation framework the growth team uses."),
    ("Experience building data pipelines", "I built the pipeline that loads our orders."),
])
def test_synonyms_and_plurals_from_the_vocabulary(advert_words, letter_words):
    text = "Machine Learning Engineer\n\nRequirements\n- " + advert_words + "\n"
    letter = f"Dear Sam,\n\n{letter_words}\n\nYours sincerely,\nAna"
    result = engine.review(letter, "general", [], read(text))
    assert [r["covered"] for r in result.to_dict()["advert"]["requirements"]] == [True]


def _covered(requirement: str, sentence: str) -> list[bool]:
    text = "Machine Learning Engineer\n\nWhat you'll do\n- " + requirement + "\n"
    letter = f"Dear Sam,\n\n{sentence}\n\nYours sincerely,\nAna"
    found = engine.review(letter, "general", [], read(text)).to_dict()["advert"]["requirements"]
    assert found
    return [r["covered"] for r in found]


def _met_by_strong_only(requirement: str, weak: str, strong: str) -> None:
    """The weak sentence meets no part of the requirement; the strong one meets every part."""
    assert not any(_covered(requirement, weak))
    assert all(_covered(requirement, strong))


# A requirement is met by its head, the skill or the action; a modifier, an object or a field of
# study that merely shares a word is no evidence (both found by a new member's trial).
@pytest.mark.parametrize("requirement, weak, strong", [
    ("Mentor junior engineers", "I have a degree in computer science and work with junior engineers.",
     "I mentored two junior engineers through their first year."),
    ("Build monitoring and alerting for ML systems", "I have built machine learning systems for five years.",
     "I set up the alerting for our ML models and cut missed incidents by half."),
    ("Coach new starters in the warehouse", "I have worked in a warehouse with many new starters.",
     "I coached twelve new starters in their first month."),
    # A lone word that is not what the requirement names ("week" of "weekly", "Google Classroom" for
    # classroom management), and what the letter says it has not done, meet nothing.
    ("Take part in weekly grade-level team planning (PLC) meetings", "A dozen parents attend every week.",
     "I take part in weekly planning meetings with my grade-level team."),
    ("Strong classroom management skills", "I set homework in Google Classroom.",
     "My classroom management rests on clear routines."),
    ("Deploy models to production with our ML engineers",
     "I have not yet deployed a model to production myself, but I have worked closely with our engineers.",
     "I deployed three models to production with our ML engineers."),
])
def test_a_requirement_is_met_by_its_head_not_a_modifier_or_a_field(requirement, weak, strong):
    _met_by_strong_only(requirement, weak, strong)


@pytest.mark.parametrize("requirement, weak, strong", [
    ("CIPD Level 5 qualification", "I hold the CIPD Level 3 certificate.",
     "I completed my CIPD Level 5 diploma in 2022."),
    ("Running A/B tests", "I have five years of experience in retail.", "I ran a controlled experiment on our prices."),
    ("Familiarity with Gong and Outreach", "I built my pipeline through my own outreach.",
     "I log every call in Gong and run sequences in Outreach."),
    ("Experience with IV workflow technology", "I'd like to work with an IV workflow system, which I haven't used yet.",
     "I have used our IV workflow system every shift for two years."),
    # Both found by a new member's trial: "excellent" is no Excel, nor an apology for one's background
    # an explanation of data.
    ("Strong Excel skills", "I have excellent communication skills.", "I keep our arrears tracker in Excel."),
    ("Explain data to people without a technical background",
     "I work with data every day. I am sorry if my background is not what you are looking for.",
     "I explain our arrears data to housing officers without a technical background."),
    # Trial 8 F9: what a duty is for is no part of its head; a named tool is not met by its rival;
    # "personal data" is not any data.
    ("Work with services to fix it", "I built a dataset of housing repairs.",
     "I worked with our repairs service to fix the duplicate records I had found."),
    ("Strong Excel skills", "I built a tracker in Google Sheets.", "I built a tracker in Excel."),
    ("Handling personal data", "I cleaned our attendance data every week.",
     "I handle pupils' personal data under GDPR every day."),
    # Trial 8 F13: performance is shown by a latency cut, reliability by on-call work.
    ("Improve the performance of our APIs", "I wrote the documentation for our API.",
     "I profiled our ledger API and cut p95 latency from 840 ms to 210 ms."),
    ("Own the reliability of your services", "I built three services in Go.",
     "I wrote the runbook for our on-call rotation, and pages for that service fell by half."),
    # Trial 12 F29: a graduate has a degree; a graduate scheme is no degree.
    ("A degree in computer science or a related subject",
     "I am keen to join a graduate scheme, and I have taught myself computer science at evening classes.",
     "I graduated this summer with a first in Computer Science from the University of Bristol."),
    # Trial 12 F24: who the work is done with is no head of it.
    ("Work with clinical leads to agree KPI definitions", "I meet our clinical leads every week.",
     "I standardised our KPI definitions across 14 clinics."),
    # Trial 12 F37: examples in brackets joined by "and" ("(CFD and FEA)") stand for the analysis.
    ("Carry out hydraulic and structural analysis (CFD and FEA)", "I read hydraulic drawings every day.",
     "I ran CFD studies in ANSYS Fluent on three inlet geometries."),
    # Trial 12 F40: a usability session is a usability test.
    ("Plan and run usability testing and user interviews", "I ran our team's budget for the app.",
     "I ran eleven usability sessions with callers to find where they gave up."),
    # Tune-next 121: what follows "especially" is an example, not a second thing asked for.
    ("C++ experience, especially for inference code", "I write inference code in Python.",
     "I wrote two custom TensorRT plugins in C++."),
    # Tune 104: an adverb made from a noun ("monthly") is no head noun.
    ("Report monthly on revenue, margins and client feedback",
     "For the last eighteen months I have led a team of three coordinators.",
     "Each month I report our revenue and margins to the owners."),
])
def test_grades_stems_product_names_and_denials_are_read_carefully(requirement, weak, strong):
    _met_by_strong_only(requirement, weak, strong)


# Session 9, coverage by class: the same word spelt the UK or the US way, or cut apart by the stemmer
# (a subscriber, an adviser), a verb's plural that names a thing ("findings"), and what a duty is done
# against ("writing SQL against large tables": the tables are no part of its head). Sentences written
# for these tests, as a different applicant would put them, not taken from the labelled letters.
@pytest.mark.parametrize("requirement, weak, strong", [
    ("Ability to prioritise", "I answered forty customer emails a day.", "I prioritize well when the queue is long."),
    ("Data visualisation", "I keep our sales figures tidy in a spreadsheet.", "I built visualizations in Tableau."),
    ("Understanding of child behaviour", "I keep a calm classroom.",
     "I have studied how a child's behavior changes after a move."),
    ("Deliver the programme", "I volunteered at a food bank.", "I delivered the program on time and on budget."),
    ("A subscription business", "I ran a small furniture shop.",
     "I worked for a meal-kit company with 800,000 subscribers."),
    ("Give advice to managers", "I have run a team of five.", "I was the HR adviser for 14 depots."),
    ("Share findings with multidisciplinary teams", "I enjoy our weekly team meetings.",
     "After each round of interviews I share the findings at our show-and-tell."),
    ("Writing SQL against large tables", "I have worked with large tables of customer records.",
     "I write SQL every day."),
    # A phrasal verb with its object inside it: "walk them through" is "walk through".
    ("Communicate clearly", "I walk to the office every day.",
     "When a customer is worried, I walk them through each step of the claim."),
    ("Explain model limits to managers", "I built churn models.",
     "I talk them through the limits of every model before they use it."),
    # Initials that skip the small words name the same body; registered is registration (tune-next 97).
    ("Current registration with the Health and Care Professions Council (HCPC)",
     "I worked in a council health centre.", "I am registered with the HCPC."),
    # Trial 9 L3: a registered nurse has a clinical background, and has worked in healthcare.
    ("Clinical background (RN, LPN or allied health)", "I have worked in a call centre for six years.",
     "I have been a registered nurse for nine years."),
    ("Experience in healthcare", "I worked in retail for six years.", "I was a nurse on a surgical ward."),
    # Trial 9 L12: what the employer's own thing does is no evidence of the writer's work.
    ("Improve the accessibility of our app", "I applied because your app makes booking accessible to everyone.",
     "I improved the accessibility of our booking app for screen reader users."),
    # Trial 9 L12: a spoken language named shows a second language.
    ("A second language", "I learnt to code in a second career.", "I am fluent in Arabic and English."),
    # A degree is a bachelor's unless it says otherwise; a master's meets a bachelor's.
    ("Bachelor's degree in business", "I studied business at evening classes.",
     "I have a degree in business from Leeds."),
    ("Bachelor's degree required", "I hold a high school diploma.", "I hold an MSc in economics."),
])
def test_spellings_word_families_and_the_shape_of_a_duty(requirement, weak, strong):
    _met_by_strong_only(requirement, weak, strong)


# Trial 9 L12, coverage on stray words: who hears a finding is no part of the duty, and "clinical" is not a
# clinic; a broad noun ("project") alone names no kind of project; a name in a list of skills shows no
# use of it (the general guide's own advice); a claim spans two sentences of one paragraph, not the next
# paragraph's; "an interest in X" is shown by what the letter says about X. Sentences written for these
# tests, as another applicant would put them.
@pytest.mark.parametrize("requirement, weak, strong", [
    ("Present findings to clinical committees and hospital leadership",
     "I built a booking app for a community clinic and I explain my work clearly.",
     "I presented my audit findings to the clinical governance committee."),
    ("Support quality improvement projects such as sepsis and falls prevention",
     "My final year project was a booking service for a gym.",
     "I led a quality improvement project on our ward that halved pressure ulcers."),
    ("Familiarity with Git and version control", "I have knowledge of Java, Docker, Git, HTML and Linux.",
     "I keep every change in Git and open a pull request for each one."),
    ("Present findings to clinical committees and hospital leadership",
     "Each week I explain our rota to new staff.\n\nMy exam results came last week.",
     "Each week I explain our sales analysis to the directors. They act on the results."),
    ("An interest in healthcare technology", "I am interested in this role.",
     "I want to build software that makes healthcare easier to reach for patients."),
])
def test_stray_words_lists_and_other_paragraphs_meet_nothing(requirement, weak, strong):
    _met_by_strong_only(requirement, weak, strong)


# Trial 10 F9 and F4: what is the employer's, its team or what it chose, is no evidence of the writer's
# work; a hyphenated compound is the same thing unhyphenated.
@pytest.mark.parametrize("requirement, weak, strong", [
    ("Time-series forecasting", "I would like to join your forecasting team.",
     "I built the time-series forecasting model behind our weekly orders."),
    ("Gradient-boosted models", "I admired that you chose a gradient-boosted model over a deep network.",
     "I chose a gradient-boosted model over a deep network."),
    ("Time-series forecasting",
     "Your talk at PyData, on moving time-series forecasting to a stream, described a problem I have had.",
     "After your talk at PyData I moved our time-series forecasting to a stream."),
    ("Pull-request workflows", "I pull the data every morning and answer each request the same day.",
     "Every change I made went through pull requests and code review."),
])
def test_what_is_the_employers_is_not_the_writers_work(requirement, weak, strong):
    _met_by_strong_only(requirement, weak, strong)


# The seventh blind batch's tuning half (105, 110): of several verbs that are the skill, any one shows it;
# whom a letter is written to is no part of the duty; a community language is a second language.
@pytest.mark.parametrize("requirement, weak, strong", [
    ("Assess, diagnose and treat children with speech and language needs", "I read to children at the library.",
     "I assess the children referred to us."),
    ("Write clear letters to primary care physicians", "I value primary care.",
     "I write a clear letter after every exam."),
    ("Able to speak a community language, such as Gujarati or Urdu", "I see children with language disorders.",
     "I speak Gujarati with many of the families I see."),
])
def test_several_skill_verbs_a_letters_reader_and_a_community_language(requirement, weak, strong):
    _met_by_strong_only(requirement, weak, strong)


# Tune-next 107 (a librarian): supervising is the skill itself, not a job title held; an example cut to a
# bare verb names nothing; a degree named by its letters is a degree.
@pytest.mark.parametrize("requirement, weak, strong", [
    ("Supervise a team of four library assistants, including setting",
     "I worked as a Library Assistant and set up a coding club.", "I supervise three library assistants."),
    ("A degree in librarianship or information science", "I have read widely about information science.",
     "I hold an MA in Library and Information Studies."),
])
def test_a_skill_verb_a_bare_example_and_degrees_by_their_letters(requirement, weak, strong):
    _met_by_strong_only(requirement, weak, strong)


# Tune-next 104 (an events manager): how a duty is done after "by" is the duty ("convert enquiries by
# showing clients around" is met by showing them around); "expect to" asks for what follows it; a
# name in brackets is a name ("Planning Pod" is not met by planning).
SESSION_11_104 = [
    ("Help the sales team convert enquiries by showing prospective clients around the venue",
     "I answer enquiries by email.", "I also show prospective couples around the hotel."),
    ("Expect to work most weekends between April and October", "I expect to hear from you.",
     "I am used to weekend working."),
    ("Keep our booking system (Planning Pod) accurate and up to date",
     "I keep a note of every booking while couples plan.", "I keep every booking up to date in Planning Pod."),
]
# Stray words in tune/: "stand" and "lift" start duties of the body, not things ("know where they stand");
# "well" names nothing ("manage your time well" by "I know AP style well"); a broad noun alone names
# no kind of thing even when it is the head ("a style guide" by a user guide, "how things work").
SESSION_11_STRAY = [
    ("Ability to stand for long periods and to lift up to 40 pounds",
     "I make sure my team always know where they stand.",
     "I stand for long periods at the till and lift deliveries of up to 40 pounds."),
    ("Manage your time well", "I know AP style well.", "I manage my time across a dozen briefs a week."),
    ("Experience running a style guide", "I join the design review so the guide is ready on release day.",
     "I ran the style guide for our documentation team."),
    ("Curious about how things work", "I am good at explaining things like webhooks.",
     "I am curious about how our carriers' systems work."),
    # An M.Ed. is a master's (eighth blind batch, 120).
    ("Master's degree in educational technology", "I taught online for four years.",
     "I hold an M.Ed. in Educational Technology."),
]
# The eighth blind batch's tuning half (113, 119, 120): a wish is no evidence, "ask" starts a duty ("asked me
# to" is no asking for help), and one-on-one is one-to-one.
SESSION_11_BATCH_8 = [
    ("Prepare funding valuations and accounting disclosures",
     "I would like to learn how to prepare funding valuations and accounting disclosures.",
     "I prepared funding valuations and accounting disclosures for two schemes."),
    ("Ask for help when you need it", "I check totals even when nobody has asked me to.",
     "I ask for help early when I am stuck."),
    ("Provide one-on-one consultation to faculty by appointment", "I taught faculty about rubrics.",
     "Much of my work is one-to-one with faculty."),
    ("Set up our ML tooling: experiment tracking, model versioning and retraining", "I set up our garden tooling.",
     "I added model versioning to our training jobs."),
    # What a duty is built from is part of it, not cut off (103): the letter meets it by the data it names.
    ("Build feature pipelines from messy point-of-sale, promotion, weather and holiday data",
     "I plan for the weather on holiday.",
     "Our LightGBM model has features for promotions, holidays and local weather."),
    # A fulfilment centre or a warehouse is supply chain work, a grocery chain retail (103; 22 had been met
    # by "chain" alone).
    ("Experience in retail, supply chain or inventory optimization", "I lead a chain of volunteers.",
     "I built the models that decide what our three fulfillment centers buy."),
    ("Retail or supply chain experience", "I lead a chain of volunteers.", "I was a data engineer at a grocery chain."),
    # Years as an analyst are years in analytics (trial 11 F37), through a kind whose head is a synonym too.
    ("3+ years of experience in analytics", "I studied history for three years.",
     "For the past three years I have been a reporting analyst."),
    # A purchasing lead is a buyer (103).
    ("Talk to store buyers every few weeks", "I talk to our engineers daily.",
     "I meet our purchasing leads every other Friday to go through the items we got wrong."),
    # The head noun alone meets a short requirement only named as itself, not as part of a compound (113).
    ("Keep data handling in line with our governance policies", "I wrote software for a plate-handling robot.",
     "I know the rules on data handling well."),
]


@pytest.mark.parametrize("requirement, weak, strong", SESSION_11_104 + SESSION_11_STRAY + SESSION_11_BATCH_8)
def test_a_means_after_by_a_name_in_brackets_body_duties_and_words_naming_nothing(requirement, weak, strong):
    _met_by_strong_only(requirement, weak, strong)


# The eighth blind batch's tuning half (120, an instructional designer): a US "Knowledge, Skills and
# Abilities" heading holds requirements; "Ensures that ..." is one duty, not "Ensures"; an M.Ed. is a
# master's; "complete" starts a duty (tune 81: "complete the daily temperature records" was lost).
@pytest.mark.parametrize("text, wanted", [
    ("Instructional Designer\nCedar Plains Community College\n\nEssential Duties\n\n"
     "1. Ensures that course materials meet accessibility standards.\n\n"
     "Knowledge, Skills and Abilities\n\n- Knowledge of adult learning theory\n"
     "- Skill in using Canvas or another learning management system\n",
     ["Ensures that course materials meet accessibility standards", "adult learning theory",
      "using Canvas or another learning management system"]),
    ("Chef de Partie\n\nThe role\n\nYou will run your section, and complete the daily temperature, "
     "cleaning and allergen records.\n",
     ["run your section", "complete the daily temperature, cleaning and allergen records"]),
    # What a colon lists is the thing's examples, kept (103); a clause after a colon is not.
    ("ML Engineer\n\nWhat you'll do\n- Set up our ML tooling: experiment tracking, model versioning and retraining\n"
     "- Harden our security posture: manage IAM, secrets and network policies\n",
     ["Set up our ML tooling: experiment tracking, model versioning", "Harden our security posture"]),
    # "isn't essential" is "is not essential" (119): what it follows is welcome, not asked for.
    ("Actuarial Analyst\n\nWho are we looking for?\n\nYou will be confident with Excel; experience of VBA, R or "
     "Python would be helpful but isn't essential.\n", ["Excel", "VBA, R or Python"]),
])
def test_skills_and_abilities_ensures_that_and_complete_are_read(text, wanted):
    assert [r.text for r in read(text).requirements] == wanted


def test_a_bioinformatician_is_a_job():
    advert = read("Bioinformatician \u2013 Rare Disease Genomics\nWrenfield Genomics Centre\n\nAbout you\n- Python\n")
    assert (advert.title, advert.company) == ("Bioinformatician", "Wrenfield Genomics Centre")
    assert not any(_covered("Master's degree in educational technology", "I taught online for four years."))
    assert all(_covered("Master's degree in educational technology", "I hold an M.Ed. in Educational Technology."))


def test_the_second_of_two_after_one_cue_loses_its_in():
    advert = read("Community Librarian\n\nAbout you\n\nYou will be confident in leading and motivating a team, "
                  "and in speaking to groups of all ages.\n")
    assert [r.text for r in advert.requirements] == ["leading and motivating a team", "speaking to groups of all ages"]


def test_a_name_only_in_a_list_is_not_covered_and_the_member_is_told_why():
    # Trial 10 F19: cutting a list of skills, as the review advises, cost coverage the list had earned.
    advert = read("Junior Developer\nLumen Health\n\nRequirements\n- Git\n- HTML and CSS\n- Python\n")
    letter = ("Dear Ms Shah,\n\nI built a booking app in Python that 40 volunteers use each week. I have "
              "knowledge of Java, Docker, Git, HTML, CSS and Linux.\n\nYours sincerely,\nSam")
    review = engine.review(letter, "general", [], advert).to_dict()
    assert [r["covered"] for r in review["advert"]["requirements"]] == [False, False, False, True]  # HTML, CSS apart
    [missing] = [f for f in review["findings"] if f["rule"] == "advert.coverage" and f["kind"] == "issue"]
    assert "names “Git”, “HTML” and “CSS” only in a list of skills" in missing["message"]


def test_the_employers_own_team_is_not_the_writers_work():
    advert = read("Machine Learning Engineer\nFenwick Energy, London\n\nEssential\n- Time-series forecasting\n")
    letter = "Dear Dr Okafor,\n\nI would like to join Fenwick Energy's forecasting team.\n\nYours sincerely,\nPriya"
    [forecasting] = engine.review(letter, "general", [], advert).to_dict()["advert"]["requirements"]
    assert forecasting["covered"] is False
    mine = letter.replace("team.", "team: my time-series forecasts of demand run every night.")
    assert engine.review(mine, "general", [], advert).to_dict()["advert"]["requirements"][0]["covered"]


def test_the_duties_a_we_are_looking_for_sentence_gives_are_asked_for():
    # Tune-next 104: the sentence is about the employer, but what follows "to" is the job's duties.
    advert = read("Events Manager\nAldwick Hall\n\nThe role\n\nWe are looking for an experienced Events Manager to "
                  "lead our events team and oversee every event. We are looking for a technician who wants to work "
                  "at the top of their licence.\n")
    assert [r.text for r in advert.requirements] == ["lead our events team", "oversee every event"]


def test_a_job_named_by_a_compound_is_the_title():
    # Tune-next 100: "Copywriter (Mid-Level)" gave no title, as "copywriter" is no title noun; a writer is.
    assert read("Copywriter (Mid-Level)\nRemote within the US\n\nWhat you'll do\n- Write product pages\n").title \
        == "Copywriter"


def test_a_clause_after_a_semicolon_is_wanted_as_it_says_and_a_cue_alone_asks_for_nothing():
    # Found trying a tune pair as a member: the diploma read as a nice-to-have, and "required" was quoted
    # as a must-have the letter left out.
    advert = read("Logistics Coordinator\n\nWhat you bring\n- High school diploma or GED required; a bachelor's "
                  "degree in business is preferred\n- Strong Excel skills\n\nSchedule\n\nMonday to Friday. In our "
                  "busy season some overtime may be required.\n")
    assert [(r.text, r.must) for r in advert.requirements] == [
        ("High school diploma or GED", True), ("bachelor's degree in business", False), ("Excel", True)]
    # Trial 9 L3: a setting preferred after a comma is welcome, not asked for; what comes before it is.
    advert = read("Data Analyst\n\nRequirements\n- 2+ years of experience in data analysis, ideally in healthcare\n")
    assert [(r.text, r.must) for r in advert.requirements] == [("data analysis", True), ("healthcare", False)]


def test_a_requirement_cut_short_ends_on_a_word_that_names_something():
    # Trial 8 F13: "Own the reliability of your services, including a share of" was quoted to the member.
    advert = read("Backend Engineer\n\nWhat you'll do\n- Own the reliability of your services, including a "
                  "share of the on-call rotation\n- Write Go\n")
    texts = [r.text for r in advert.requirements]
    assert texts[0].startswith("Own the reliability") and texts[0].split()[-1] not in ("of", "a", "the"), texts
    # Nor is one cut before the purpose that is all it says: "find ways" was quoted as a must-have.
    advert = read("DevOps Engineer\n\nWhat you'll do\n- Keep an eye on our cloud spend and find ways to reduce it\n")
    assert "find ways to reduce it" in [r.text for r in advert.requirements], [r.text for r in advert.requirements]


def test_not_essential_is_welcome_not_asked_for_and_an_offer_is_no_requirement():
    advert = read("Paralegal\n\nAshby Crane LLP is a law firm in Leeds.\n\nAbout you\n\nYou will need a good "
                  "working knowledge of the conveyancing process. A law degree is not essential, but we will give you "
                  "time to study.\n\nIn return we offer 25 days' holiday. You will be able to work from home.\n")
    assert [(r.text, r.must) for r in advert.requirements] == [
        ("conveyancing process", True), ("law degree", False)]


def test_a_short_line_of_its_own_opens_a_section_and_a_statement_asks_for_nothing():
    advert = read("Transportation Planner\nRedline Grocery Distribution\n\nWho we are\n\nRedline moves groceries "
                  "to 240 grocers.\n\nThe opportunity\n\nYou will build daily routes in Descartes. You will work an "
                  "on-call rotation one weekend in four.\n\nWhat you bring\n\nYou stay calm at 2 a.m., and you "
                  "communicate clearly with drivers.\n\nRedline is an equal opportunity employer. All qualified "
                  "applicants will receive consideration without regard to race or disability.\n")
    assert [r.text for r in advert.requirements] == [
        "build daily routes in Descartes", "work an on-call rotation", "stay calm at 2 a.m",
        "communicate clearly with drivers"]


def test_what_with_takes_is_not_split_from_it():
    # Trial 10 F9: "models with Docker" and "Kubernetes" made any "model" meet the first.
    advert = read("ML Engineer\nFenwick Energy\n\nEssential\n- Experience deploying models with Docker and Kubernetes"
                  "\n- Python, SQL and Airflow\n")
    assert [r.text for r in advert.requirements] == ["models with Docker and Kubernetes", "Python", "SQL", "Airflow"]


def test_groups_of_duties_under_their_heading_are_its_duties():
    # Tune-next 108: "What you'll do" over "Lead the business", "Build the team": each group's bullets are
    # duties; a heading that names nothing after a section's own lines opens a section of its own.
    advert = read("Store Manager\nJuniper & Pine\n\nWhat you'll do\n\nLead the business\n- Drive sales to meet "
                  "store targets\n- Manage payroll hours against budget\n\nBuild the team\n- Recruit and onboard "
                  "associates\n\nWhat you'll bring\n- Payroll software\n\nOur culture\n- Free "
                  "seasonal wardrobe allowance\n")
    assert [r.text for r in advert.requirements] == [
        "Drive sales to meet store targets", "Manage payroll hours against budget", "Recruit and onboard associates",
        "Payroll software"]


@pytest.mark.parametrize("sentence, other", [
    ("I have always admired the work Riverside Homes does to keep rents affordable.", "Riverside Homes"),
    ("I am inspired by Riverside Homes and its tenants.", "Riverside Homes"),
    ("For two years I have worked in the lettings team at Riverside Homes.", None),  # the writer's own employer
])
def test_another_employer_admired_is_left_in_but_the_writers_own_is_not(sentence, other):
    advert = read("Data Analyst\nHarbourside Housing Association\n\nWhat you'll do\n- Build Power BI dashboards "
                  "for rent arrears\n- Check the quality of tenancy data\n\nAbout you\n- SQL\n- Excel\n")
    letter = (f"Dear Hiring Manager,\n\nI am applying to Harbourside Housing Association. {sentence}\n\n"
              "Yours sincerely,\nPriya")
    review = engine.review(letter, "general", [], advert)
    found = [f for f in review.findings if f.rule == "advert.company" and f.kind == "issue"]
    assert bool(found) == bool(other)
    assert not other or f"\u201c{other}\u201d" in found[0].message


def test_the_coverage_strength_quotes_the_words_that_meet_each_requirement_once():
    # A new member's trial read "dashboard", "dashboard", "improved": single words to check nothing by.
    review = engine.review(LETTER, "general", [], read(ADVERT))
    [strength] = [f for f in review.findings if f.rule == "advert.coverage" and f.kind == "strength"]
    quotes = [LETTER[s.start:s.end] for s in strength.evidence]
    assert len(quotes) == len(set(quotes))
    assert "built and deployed ML models" in quotes


def test_a_line_saying_what_you_will_be_doing_heads_the_duties():
    # Tune-next 122: nine duties under "As a Senior Care Assistant you will be:" were read as nothing.
    advert = read("Senior Care Assistant\nMarram House Care Home\n\nThe role\n\nOur seniors lead the care team on "
                  "each shift.\n\nAs a Senior Care Assistant you will be:\n\n- Giving handover at the start and end "
                  "of each shift\n- Keeping accurate daily records on our digital care system\n")
    assert [r.text.split()[0] for r in advert.requirements] == ["Giving", "Keeping"]


def test_what_the_job_is_like_is_no_requirement():
    advert = read("IT Support Technician\nKestrel Housing\n\nThe role\n\nYou'll be the first person staff call "
                  "when something goes wrong. You will advise managers, and help us to build their confidence. "
                  "You will set up laptops for new starters.\n")
    assert [r.text for r in advert.requirements] == ["advise managers", "set up laptops for new starters"]


def test_the_employers_own_name_is_not_evidence_of_a_skill():
    advert = read("Data Engineer\nJuniper Energy, Bristol\n\nNice to have\n- Experience in the energy sector\n")
    letter = "Dear Ms Okafor,\n\nI would like to join Juniper Energy as a data engineer.\n\nYours sincerely,\nTom"
    [energy] = engine.review(letter, "general", [], advert).to_dict()["advert"]["requirements"]
    assert energy["covered"] is False
    elsewhere = letter.replace("as a data engineer", "after six years in the energy sector")
    assert engine.review(elsewhere, "general", [], advert).to_dict()["advert"]["requirements"][0]["covered"]


def test_synonyms_are_data_not_code():
    groups = [set(g) for g in load().synonyms]
    assert any({"machine learning", "ML"} <= g for g in groups)
    assert any({"Kubernetes", "k8s"} <= g for g in groups)
    assert any({"A/B testing", "experimentation"} <= g for g in groups)


# -- the review against an advert -------------------------------------------------------------------

def _rules(core: Shortlist, guide: str = "ml-engineer"):
    return core.library.rules_for(core.library.guides[guide])


def test_without_an_advert_the_score_and_contract_are_unchanged(core):
    plain = engine.review(LETTER, "ml-engineer", _rules(core))
    assert "advert" not in plain.to_dict()
    assert all(c.name != "advert" for c in plain.categories)
    assert not any(f.rule.startswith("advert.") for f in plain.findings)
    with_advert = engine.review(LETTER, "ml-engineer", _rules(core), read(ADVERT))
    guide_only = [c for c in with_advert.categories if c.name != "advert"]
    assert guide_only == list(plain.categories)  # the guide's own checks score the same


def test_review_shows_coverage_missing_must_have_and_wrong_company(core):
    result = engine.review(LETTER, "ml-engineer", _rules(core), read(ADVERT))
    data = result.to_dict()
    assert set(data["advert"]) == {"title", "company", "requirements"}
    for r in data["advert"]["requirements"]:
        assert set(r) == {"text", "must", "covered", "evidence"}
        for e in r["evidence"]:
            assert LETTER[e["start"]:e["end"]] == e["text"]
    docker = next(r for r in data["advert"]["requirements"] if r["text"] == "Docker")
    assert docker == {"text": "Docker", "must": True, "covered": False, "evidence": []}
    findings = {(f["rule"], f["kind"]): f for f in data["findings"]}
    assert "\u201cDocker\u201d" in findings["advert.coverage", "issue"]["message"]
    wrong = findings["advert.company", "issue"]
    assert "Monzo" in wrong["message"] and wrong["severity"] == "error"
    assert [e["text"] for e in wrong["evidence"]] == ["Monzo"]
    assert ("advert.title", "strength") in findings
    assert result.top_fixes(1)[0].rule == "advert.company"  # the slip a recruiter sees first


def test_another_employer_left_in_holds_the_score_with_the_advert_too_and_its_sentence_is_no_evidence(core):
    # Trial 11 F16: with the advert, a letter still addressed to Monzo went from 60 to 79, and "help its
    # customers manage money better" met "Analyse customer behaviour" and "Work with operations managers".
    advert = read("Data Analyst\nNorthwind Bank, Leeds\n\nWhat you'll do\n- Analyse customer behaviour\n"
                  "- Work with operations managers\n\nWhat we're looking for\n- Strong SQL skills\n")
    letter = ("Dear Hiring Team at Northwind Bank,\n\nI am applying for the Data Analyst role at Northwind Bank. "
              "I have three years' experience as a financial analyst at Riverside Homes, a housing association.\n\n"
              "At Riverside Homes I built a rent arrears model in SQL and Excel that flagged tenants likely to fall "
              "behind. The income team used it to contact people earlier, and arrears fell by 18% over a year.\n\n"
              "I have always admired the way Monzo uses data, and I would be excited to join Monzo and help its "
              "customers manage money better.\n\nYours sincerely,\nPriya Shah")
    rules = _rules(core, "data-analyst")
    without = engine.review(letter, "data-analyst", rules)
    result = engine.review(letter, "data-analyst", rules, advert)
    assert without.score <= 60
    assert result.score <= 60 and result.ceiling is not None and result.ceiling[0] <= 60, result.ceiling
    covered = {r["text"]: r["covered"] for r in result.to_dict()["advert"]["requirements"]}
    assert covered == {"Analyse customer behaviour": False, "Work with operations managers": False, "SQL": True}


def test_a_sentence_naming_another_employer_is_never_written_for_this_job(core):
    # Trial 11, kept open: a product-manager letter for Monzo reviewed against Northwind's advert was praised
    # "Written for this job" for "Monzo's savings team", then for "I use Monzo myself".
    advert = read("Product Manager\nNorthwind Bank, Leeds\n\nWhat you'll do\n- Own the savings app\n")
    letter = ("Dear Ms Okoye,\n\nI'm applying for the Product Manager role on Monzo's savings team. I have been a "
              "product owner at a building society for four years.\n\nOur saver product lost 30% of payers in "
              "three months; I shipped a payday reminder and the drop-off fell to 19%.\n\nI use Monzo myself, "
              "and the way your Pots feature lets people name what they save for is the kind of choice I want "
              "to make.\n\nYours sincerely,\nKwame Asante")
    rules = _rules(core, "product-manager")
    without = {(f.rule, f.kind) for f in engine.review(letter, "product-manager", rules).findings}
    found = engine.review(letter, "product-manager", rules, advert).findings
    assert ("tailoring.advert", "strength") in without  # for Monzo, written for Monzo
    assert not [f for f in found if f.rule == "tailoring.advert" and f.kind == "strength"]
    assert "Monzo" in next(f for f in found if f.rule == "advert.company").message
    # withheld, neither credited nor raised, as with two employers and no advert: named once, it is credited
    assert not [f for f in found if f.rule.startswith("tailoring.")]
    fixed = letter.replace("Monzo's savings team", "savings team").replace("Monzo", "Northwind Bank")
    tailored = [f for f in engine.review(fixed, "product-manager", rules, advert).findings
                if f.rule == "tailoring.advert"]
    assert [f.kind for f in tailored] == ["strength"]
    assert all("Monzo" not in fixed[e.start:e.end] for e in tailored[0].evidence), tailored[0].evidence


def test_the_title_line_echoed_where_the_letter_applies_is_no_evidence():
    # Trial 11 F17: "the Data Analyst - Customer Insight role" met "Analyse customer behaviour" by "Customer".
    advert = read("Data Analyst - Customer Insight\nNorthwind Bank, Leeds\n\nWhat you'll do\n"
                  "- Analyse customer behaviour\n")
    letter = "I am applying for the Data Analyst - Customer Insight role at Northwind Bank. {}"
    [echo] = review_against(advert, Letter(letter.format("I built an arrears model."))).coverage
    [met] = review_against(advert, Letter(letter.format("I analysed customer behaviour in SQL."))).coverage
    assert not echo.covered and met.covered


def test_employer_misspelt_or_missing():
    advert = read((HERE / "tune" / "03-logistics-analyst-uk-prose" / "advert.txt").read_text())
    letter = (HERE / "tune" / "03-logistics-analyst-uk-prose" / "letter.txt").read_text()
    found = {f.rule: f for f in engine.review(letter, "general", [], advert).issues}
    assert "TideWater Logistics" in found["advert.company"].message
    unnamed = letter.replace("at TideWater Logistics", "")
    found = {f.rule: f for f in engine.review(unnamed, "general", [], advert).issues}
    assert "never names the employer" in found["advert.company"].message


def test_the_writer_is_never_taken_for_another_employer():
    # "I would be a great fit" addresses no employer: a pronoun is not a company left in by mistake.
    advert = read("Data Analyst - Harbour Books\n\nAbout us\nHarbour Books sells second-hand books from a "
                  "shop in Hull and online.\n\nWhat you'll do\n- Build weekly sales reports in SQL\n"
                  "- Keep the stock database clean\n- Explain trends to the shop team\n\n"
                  "What we're looking for\n- Experience with SQL and Excel\n- Clear written communication\n")
    assert advert.company == "Harbour Books"  # no "i" inside: a one-letter name would hide in it
    cut = LETTER.index("\n\n") + 2
    fit = LETTER[:cut] + "I believe I would be a great fit for Harbour Books, and she would agree. " + LETTER[cut:]
    messages = [f.message for f in engine.review(fit, "general", [], advert).issues if f.rule == "advert.company"]
    assert messages and not any(f"\u201c{w}\u201d" in m for m in messages for w in ("I", "she")), messages


def test_the_letters_own_formula_is_no_evidence():
    # "I am writing to apply" shows no writing skill: it must not cover "clear written communication".
    advert = read("Data Analyst - Harbour Books\n\nAbout us\nHarbour Books sells second-hand books from a "
                  "shop in Hull and online.\n\nWhat you'll do\n- Build weekly sales reports in SQL\n"
                  "- Keep the stock database clean\n- Write clear guides for the shop team\n\n"
                  "What we're looking for\n- Experience with SQL and Excel\n- Clear written communication\n")
    letter = LETTER.replace("I am applying for", "I am writing to apply for", 1)
    assert letter != LETTER
    result = engine.review(letter, "general", [], advert)
    assert result.advert is not None
    formula = letter.index("writing to apply")
    assert all(span.start != formula for c in result.advert.coverage for span in c.evidence)
    assert not next(c for c in result.advert.coverage if c.requirement.text.startswith("Write")).covered


def test_an_advert_without_requirements_says_so_rather_than_scoring_zero():
    text = ("Data Analyst at Quayside Books. Quayside Books sells second-hand books from a shop in Hull and "
            "online, and has done since 1998. The shop is open six days a week and the team is small and friendly.")
    result = engine.review(LETTER, "general", [], read(text))
    coverage = [f for f in result.findings if f.rule == "advert.coverage"]
    assert coverage and coverage[0].severity == "info" and "couldn't find" in coverage[0].message
    assert all(c.name != "advert" or c.max for c in result.categories)


@pytest.mark.parametrize("advert, says", [
    ("", "was empty"),
    ("Python and SQL wanted. Apply now.", "too few"),
    ("x " * 8000, "15,000"),
    ("Senior engineer \x00\x01 wanted " * 10, "raw contents of a file"),
    (LETTER, "cover letter"),
    ("Jo Bloggs\n\nWork experience\nAnalyst, Acme, 2019 - 2022\nI built my team's reports and I led my own "
     "projects for three years across the whole business.\n\nEducation\nBSc Mathematics, 2015 - 2019\n"
     "I enjoy running and I volunteer at my local food bank on weekends.", "CV"),
    # A CV with no "I" at all, months in its dates (found by a new-member trial: it was read as an advert
    # from "Bristol" and the member told to change the right employer's name).
    ("PRIYA NAIR\nBristol | 07700 900123 | priya@example.com\n\nPROFILE\nLettings administrator moving into "
     "data analysis. Power BI, SQL, Excel.\n\nEXPERIENCE\nLettings Administrator, Clifton Lettings, Bristol  "
     "Sep 2023 - present\n- Built a Power BI arrears dashboard\n- Cleaned landlord records\n\nSales Assistant, "
     "Boots, Bristol  Jun 2021 - Aug 2023\n- Handled customer queries\n\nEDUCATION\nBA English, 2021\n", "CV"),
])
async def test_bad_adverts_get_a_kind_message_and_the_letter_is_still_reviewed(core, advert, says):
    problem = intake.problem_with(advert, "Dear Sam, something else entirely.")
    assert problem and says in problem and "without the advert" in problem
    reply = await core.handle(replace(core.parse("/review ml-engineer"), text=LETTER, advert=advert))
    assert reply.kind == "review" and "advert" not in reply.data
    assert "About the advert:" in reply.fallback_text()


async def test_an_advert_given_alone_as_the_letter_is_said_to_be_an_advert(core):
    # Trial 9 H1: it was reviewed as a letter (38/100, the employer's e-mail as "your personal details").
    reply = await core.handle(replace(core.parse("/review ml-engineer"), text=ADVERT))
    assert reply.kind == "error" and reply.reason == "advert-as-letter" and "Score" not in reply.fallback_text()
    assert not intake.reads_as_advert(LETTER)  # a letter is reviewed as ever


def test_the_advert_pasted_twice_as_the_letter_is_spotted():
    assert "your letter again" in intake.problem_with(LETTER, LETTER)


async def test_a_letter_and_advert_given_the_wrong_way_round_are_said_to_be_swapped(core):
    # Trial 8 F24: the advert was reviewed as "a good letter", with a fix for "lookups".
    reply = await core.handle(replace(core.parse("/review ml-engineer"), text=ADVERT, advert=LETTER))
    assert reply.kind == "error" and "look swapped" in reply.fallback_text() and "Score" not in reply.fallback_text()
    assert not intake.swapped(ADVERT, LETTER)  # the right way round is reviewed as ever
    reply = await core.handle(replace(core.parse("/review ml-engineer"), text=LETTER, advert=ADVERT))
    assert reply.kind == "review"


# -- storage: only whether an advert was given and the coverage figure ----------------------------------

async def test_history_keeps_the_coverage_not_the_advert(tmp_path, library):
    db = tmp_path / "h.db"
    store = await Store.open(db)
    core = Shortlist(library, store)
    try:
        context = Context(user_id="ana", community_id="c1")
        reply = await core.handle(replace(core.parse("/review ml-engineer", context), text=LETTER, advert=ADVERT))
        advert = reply.data["advert"]
        musts = [r for r in advert["requirements"] if r["must"]]
        covered = sum(r["covered"] for r in musts)
        line = f"covered {covered} of {len(musts)} requirements"
        assert line in reply.fallback_text()
        history = await core.handle(core.parse("/history", context))
        assert line in history.fallback_text()
        export = await core.handle(core.parse("/history export", context))
        stored = export.data["reviews"][0]
        assert (stored["advert"], stored["advert_covered"], stored["advert_total"]) == (True, covered, len(musts))
        await core.handle(replace(core.parse("/review ml-engineer", context), text=LETTER))
        history = await core.handle(core.parse("/history", context))
        assert history.fallback_text().count(line) == 1  # the review without an advert shows none
        # The same letter with and without the advert is no progress either way (a new member's trial
        # read "+7" as improvement), and the advert's checks are named, not listed by id twice.
        assert "not comparable: only the previous one was reviewed against a job advert" in history.fallback_text()
        assert "advert.coverage" not in history.fallback_text()
        assert core.library.rule_title("advert.coverage") == "Answers the advert"
    finally:
        await store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    for phrase in ("Northwind", "Kubernetes", "feature pipelines", "Private medical"):
        assert phrase.encode() not in raw  # neither the advert nor anything read from it
    rows = sqlite3.connect(db).execute(
        "SELECT advert, advert_covered, advert_total FROM reviews ORDER BY id").fetchall()
    assert rows == [(1, covered, len(musts)), (0, None, None)]


# -- the terminal --------------------------------------------------------------------------------------

def test_shortlist_review_with_advert_file(tmp_path):
    result = run("--db", str(tmp_path / "t.db"), "review", str(FRAUD / "letter.txt"), "--role", "ml-engineer",
                 "--advert", str(FRAUD / "advert.txt"))
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Coverage: covered" in out and "requirements" in out
    assert "Not yet covered:" in out and "\u201cDocker\u201d" in out
    assert "Monzo" in out and "Northwind Bank" in out and "advert.company" in out


def test_shortlist_review_json_and_advert_from_standard_input(tmp_path):
    result = run("--db", str(tmp_path / "t.db"), "review", str(FRAUD / "letter.txt"), "--advert", "-", "--json",
                 stdin=ADVERT)
    data = json.loads(result.stdout)
    assert data["advert"]["company"] == "Northwind Bank"
    assert any(f["rule"] == "advert.company" and f["kind"] == "issue" for f in data["findings"])
    both = run("--db", str(tmp_path / "t.db"), "review", "-", "--advert", "-", stdin=ADVERT)
    assert both.returncode == 2 and "can't both come from standard input" in both.stderr
    assert "Traceback" not in both.stderr


def test_shortlist_review_with_the_advert_as_a_word_document(tmp_path):
    import docx
    document = docx.Document()
    for line in ADVERT.splitlines():
        document.add_paragraph(line)
    document.save(tmp_path / "advert.docx")
    result = run("--db", str(tmp_path / "t.db"), "review", str(FRAUD / "letter.txt"), "--advert",
                 str(tmp_path / "advert.docx"), "--json")
    data = json.loads(result.stdout)
    assert data["advert"]["company"] == "Northwind Bank"
    assert "Docker" in [r["text"] for r in data["advert"]["requirements"] if not r["covered"]]


def test_a_word_adverts_list_reads_as_the_same_advert_in_text():
    # Trial 9 L1: a Word advert's "List Bullet" paragraphs come out without their "- " marks, and were
    # read as prose without a cue: 7 requirements where the text advert has 15, "covered 5 of 5".
    import docx

    from bot.documents import read_document
    lines = ["Junior Software Engineer", "Brindle Health", "", "What you'll do", "- Write automated tests",
             "- Work with our clinical safety officer", "", "Requirements", "- Experience with Python and SQL",
             "- Good written and verbal communication skills", "- An interest in healthcare technology"]
    document = docx.Document()
    for line in lines:
        if line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        elif line.endswith(("do", "Requirements")):
            document.add_heading(line, level=2)
        elif line:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    as_text = [r.text for r in read("\n".join(lines) + "\n").requirements]
    assert len(as_text) == 6
    assert [r.text for r in read(read_document(buffer.getvalue()).text).requirements] == as_text


def test_shortlist_review_with_a_bad_advert_still_reviews(tmp_path):
    short = tmp_path / "advert.txt"
    short.write_text("We need Python.")
    result = run("--db", str(tmp_path / "t.db"), "review", str(FRAUD / "letter.txt"), "--advert", str(short))
    assert result.returncode == 0
    assert "About the advert:" in result.stdout and "without the advert" in result.stdout
    assert "Score:" in result.stdout
    garbage = tmp_path / "advert.bin"
    garbage.write_bytes(bytes(range(256)) * 4)
    result = run("--db", str(tmp_path / "t.db"), "review", str(FRAUD / "letter.txt"), "--advert", str(garbage))
    assert result.returncode == 0 and "without the advert" in result.stdout and "Traceback" not in result.stderr
    # A script sees it too (trial 7: a mistyped --advert path exited 0 with nothing in the JSON to say so).
    data = json.loads(run("--db", str(tmp_path / "t.db"), "review", str(FRAUD / "letter.txt"), "--advert",
                          str(tmp_path / "missing.txt"), "--json").stdout)
    assert "advert" not in data and "can't find that file" in data["advert_unused"]


def test_chat_asks_for_the_advert_after_the_letter(tmp_path):
    result = run("--db", str(tmp_path / "t.db"), "chat",
                 stdin="/review ml-engineer advert\n" + LETTER + "\n.\n" + ADVERT + "\n.\n/quit\n")
    assert "Paste the job advert" in result.stdout
    assert "Coverage: covered" in result.stdout and "Monzo" in result.stdout


def test_an_advert_waiting_for_its_letter_is_bounded_and_taken_once_by_its_member():
    from bot.advert.pending import PendingAdverts
    held: PendingAdverts[str] = PendingAdverts(limit=2)
    held.hold("t1", "c", "ana", "advert-1")
    held.hold("t2", "c", "ana", "advert-2")  # a member's new one replaces the old
    assert len(held) == 1 and held.take("t1", "c", "ana") is None
    assert held.take("t2", "c", "bo") is None  # only the member who gave it
    held.hold("t3", "c", "bo", "advert-3")
    held.hold("t4", "d", "cy", "advert-4")  # over the limit: the oldest goes
    assert len(held) == 2 and held.take("t2", "c", "ana") is None
    assert held.take("t3", "c", "bo") == "advert-3" and held.take("t3", "c", "bo") is None  # once
    held.drop_community("d")
    assert not len(held)
    stale: PendingAdverts[str] = PendingAdverts(seconds=-1)  # every advert has waited too long
    stale.hold("t", "c", "ana", "advert")
    assert stale.take("t", "c", "ana") is None and not len(stale)



def test_and_for_ampersand_is_the_employers_name_and_a_sentence_ends_a_name():
    advert = read("Junior Data Analyst\nMarlow & Finch \u00b7 Leeds\n\nWhat we're looking for\n"
                  "- Clear communication: you can explain a chart to someone who has never seen one\n"
                  "- Good SQL skills\n")
    assert advert.company == "Marlow & Finch" and [r.text for r in advert.requirements] == ["communication", "SQL"]
    letter = ("Dear Ms Carter,\n\nI am applying for the Junior Data Analyst role at Marlow and Finch. I write SQL "
              "daily.\n\nI would love to join Greenwood's insight team.\n\nYours sincerely,\nAmira")
    [company] = [f for f in engine.review(letter, "general", [], advert).findings if f.rule == "advert.company"]
    assert "\u201cGreenwood\u201d" in company.message and "Marlow and Finch" not in company.message  # not misspelt


def test_uk_candidate_phrasings_are_requirements_and_who_you_report_to_is_not():
    advert = read("Finance Assistant\nHartley Foods, Leeds\n\nThe successful candidate will have experience of "
                  "purchase ledger. Applicants must be confident with Excel. Candidates should hold an AAT "
                  "qualification. You will report to the Finance Manager.\n")
    assert [r.text for r in advert.requirements] == ["purchase ledger", "Excel", "AAT qualification"]


@pytest.mark.parametrize("text, employer", [
    ("Product Designer\n\nWe are Fennick, a small studio in Bristol.\n", "Fennick"),
    ("Nurse Educator\nHiring organisation: Bramley Care Group\n", "Bramley Care Group"),
    ("Marketing Analyst\n\nWe run six shops across the Midlands. Lindenway are looking for an analyst.\n", "Lindenway"),
    ("Support Engineer\n\nWhy join Pollard Systems?\nWe build software for vets.\n", "Pollard Systems"),
    ("Site Reliability Engineer\n\nJoin us at Corvid Cloud and keep 3,000 servers running.\n", "Corvid Cloud"),
    ("Data Analyst \u2013 Harrow & Vale Foods\n\nWe make soups for supermarkets.\n", "Harrow & Vale Foods"),
    ("Data Analyst | Harrow Foods | Leeds\n\nWe make soups.\n", "Harrow Foods"),
    ("Data Analyst\n\nAbout us: Harrow Foods is a family-owned soup maker.\n", "Harrow Foods"),
    ("Data Analyst\n\nAt Harrow Foods our soups reach 2,000 shops.\n", "Harrow Foods"),
    ("Data Analyst\nHarrow Foods\nLeeds, hybrid\n\nWe make soups.\n", "Harrow Foods"),
    ("Data Analyst\n\nWe make soups.\n\nAbout Harrow Foods\nWe are family-owned.\n", "Harrow Foods"),
    ("Data Analyst\n\nAt Harrow Foods, everything starts with the soup.\n", "Harrow Foods"),
    ("Data Analyst\n\nWe make soups. Harrow Foods was founded in 1962.\n", "Harrow Foods"),
    ("Data Analyst\n\nFounded in 1962, Harrow Foods makes soups for supermarkets.\n", "Harrow Foods"),
    ("Data Analyst\n\nJoin the Harrow Foods team and help us waste less.\n", "Harrow Foods"),
    # A team beside the title is not the employer: its name is a word the advert uses in lower case.
    ("Machine Learning Engineer \u2013 Fraud\n\nOur fraud team keeps money safe.\n", None),
    # The full name of the header, not the short one of the prose; a name that starts "The"; the
    # longest label; a bold byline; never a heading ("Main duties") or a one-word bullet.
    ("Data Analyst\nKingsmere Borough Council\n\nAbout Kingsmere\nKingsmere is a borough of 180,000 people.\n",
     "Kingsmere Borough Council"),
    ("Fundraising Officer\n\nOrganisation: The Harbour Light Trust\n\nMain duties\n- Write bids\n",
     "The Harbour Light Trust"),
    ("Staff Nurse\nEmployer: Ashdown Community Health NHS Trust\n", "Ashdown Community Health NHS Trust"),
    ("Staff Nurse\n\nBarnsley Hospital NHS Foundation Trust is looking for a nurse.\n",
     "Barnsley Hospital NHS Foundation Trust"),
    ("# Product Designer\n\n**Ledgerly** \u00b7 Remote\n\nWe ship every two weeks.\n", "Ledgerly"),
    ("Data Analyst\n\n- Excel\n- SQL\n\nWe need someone to build dashboards in Excel.\n", None),
    # A directorate or department that "is looking for" the analyst is a part of the employer (trial 11 F36).
    ("Clinical Data Analyst\nLeeds Teaching Hospitals NHS Trust\nBand 6 | \u00a337,338 | Full time\n\nJob summary\n"
     "The Digital Directorate is looking for a Clinical Data Analyst to support the Trust's virtual wards.\n",
     "Leeds Teaching Hospitals NHS Trust"),
    # The employer and its place beside the title; a requirement opening a line is no name (tune-next 104).
    ("Events Manager \u2013 Aldwick Hall, West Sussex\n\nAbout you\n\nExperience of events at a listed building "
     "would be a real plus.\n", "Aldwick Hall"),
    # Session 13's shapes, written for the tests: the employer's name alone above the title; a recruiter's
    # client; a welcome; a charity's number; "working for"; an NHS trust of seven words; never the title.
    ("Brackenford Vets\nVeterinary Receptionist\nHalifax, full time\n\n- Answer the phone\n", "Brackenford Vets"),
    ("Accounts Clerk\n\nOur client, Ashgrove Logistics, is looking for an Accounts Clerk.\n", "Ashgrove Logistics"),
    ("Barista\n\nWelcome to Copper Kettle Coffee, five cafes in Bristol.\n", "Copper Kettle Coffee"),
    ("Volunteer Coordinator\n\nRiverbank Food Bank (registered charity no. 1123456) feeds 3,000 families.\n",
     "Riverbank Food Bank"),
    ("Support Worker\n\nWorking for Beacon Lives means making a difference every day.\n", "Beacon Lives"),
    ("Healthcare Assistant\n\nNorth Tees and Hartlepool NHS Foundation Trust provides hospital care.\n",
     "North Tees and Hartlepool NHS Foundation Trust"),
])
def test_the_employer_named_the_ways_adverts_name_it(text, employer):
    assert read(text).company == employer


@pytest.mark.parametrize("advert, sentence", [
    # The short name the advert itself uses, and "the" before a name that starts "The", are its spelling.
    ("Junior Developer\nFernbrook Digital - Leeds\n\nFernbrook is owned by its staff.\n\nAbout you\n- Python\n",
     "I would love to join Fernbrook and write Python for venues."),
    ("Fundraising Officer\nOrganisation: The Harbour Light Trust\n\nAbout you\n- Writing bids\n",
     "I have admired the Harbour Light Trust for years and have written bids for a decade."),
    # A name whose first word is no English word, shortened as members shorten it (trial 8, F5).
    ("Data Analyst\nNorthfield Housing Association - Leeds\n\nAbout you\n- SQL\n",
     "I am applying to Northfield Housing, and I write SQL every day."),
    ("Data Analyst\nNorthfield Housing Association - Leeds\n\nAbout you\n- SQL\n",
     "Northfield is a great organisation, and I write SQL every day."),
    # A public body by its initials, and initials written out; "NHS" before a body's name (trial 13 F31).
    ("Policy Officer\nDepartment for Education\n\nEssential\n- Analyse evidence\n",
     "I would like to bring my analysis of evidence to DfE and its schools work."),
    ("Policy Officer\nDfE\n\nEssential\n- Analyse evidence\n",
     "I would like to bring my analysis of evidence to the Department for Education."),
    ("Prescribing Pharmacist\nNHS Kirkdale ICB - Hull\n\nEssential\n- Lead audits\n",
     "I have led audits for years and would be proud to work at Kirkdale Integrated Care Board."),
])
def test_the_employer_named_as_the_advert_names_it(advert, sentence):
    letter = f"Dear Sam,\n\n{sentence}\n\nYours sincerely,\nAna"
    found = [f for f in engine.review(letter, "general", [], read(advert)).findings if f.rule == "advert.company"]
    assert [f.kind for f in found] == ["strength"], [f.message for f in found]


def test_a_short_name_going_on_into_another_name_is_not_the_employer():
    advert = read("Data Analyst\nNorthfield Housing Association - Leeds\n\nAbout you\n- SQL\n")
    letter = "Dear Sam,\n\nI write SQL every day for Northfield Council.\n\nYours sincerely,\nAna"
    found = [f for f in engine.review(letter, "general", [], advert).findings if f.rule == "advert.company"]
    assert [f.kind for f in found] == ["issue"] and "never names" in found[0].message, [f.message for f in found]


def test_what_is_asked_for_wherever_the_advert_puts_it_and_only_that():
    advert = read("Fundraising Officer\nThe Harbour Light Trust\n\n"
                  "About the role\nYou will lead our bids to trusts.\n\n"
                  "Main duties\n- Write bids to trusts\n- Research new funders\n- Report to funders on time\n\n"
                  "Who we are looking for\nYou have experience of writing bids. You don't need a degree. Experience "
                  "with Raiser's Edge would be useful but is not essential, and knowledge of the care system would be "
                  "an advantage.\n\nDesirable\n- Experience of securing grants of \u00a320,000 or more\n\n"
                  "What We Offer\nYou will have 30 days' leave.\n")
    found = {r.text: r.must for r in advert.requirements}
    assert "lead our bids to trusts" not in found  # the bulleted duties say it again; the paragraph sums them up
    assert found.get("writing bids") is True  # "Who we are looking for" asks; "Who we are" would not
    assert not any("degree" in text for text in found)  # "you don't need" asks for nothing
    assert found.get("care system") is False and found.get("Raiser's Edge") is False  # after "not essential"
    assert found.get("securing grants of \u00a320,000 or more") is False  # an amount, but no pay
    assert not any("leave" in text for text in found)  # "What We Offer": a heading in Title Case


def test_what_a_letter_says_it_has_not_done_is_no_evidence_and_a_name_ends_before_and():
    advert = read("Payroll Officer\nKestrel Housing \u00b7 Leeds\n\nThe role\n"
                  "- Calculate statutory payments such as SSP, SMP and holiday pay\n\n"
                  "Essential\n- Experience with iTrent\n- Excel\n")
    duty = "Calculate statutory payments such as SSP, SMP and holiday pay"  # a payroll duty, not the pay
    assert [r.text for r in advert.requirements][:2] == [duty, "iTrent"]
    letter = ("Dear Hiring Manager,\n\nI would like the Payroll Officer post at Kestrel Housing. I calculate SSP and "
              "SMP every month. I have not used iTrent, but I use Excel daily. I would bring my experience to "
              "Northfield Homes and to your team.\n\nYours faithfully,\nDana")
    review = engine.review(letter, "general", [], advert)
    assert [r["covered"] for r in review.to_dict()["advert"]["requirements"]] == [True, False, True]
    [company] = [f for f in review.findings if f.rule == "advert.company" and f.kind == "issue"]
    assert "\u201cNorthfield Homes\u201d" in company.message


def test_coverage_quotes_never_overlap_and_stop_at_a_comma():
    # Trial 11 F39: "model that silently drifts is worse than no model" and "drifts is worse than no model, I
    # also built the monitoring" shared half their words, and neither showed the monitoring work.
    advert = read("Machine Learning Engineer\nGrocerly\n\nWhat you'll do\n- Design, train and deploy forecasting "
                  "models\n- Build feature pipelines and monitoring for model drift\n\nAbout you\n- Python\n")
    letter = ("Dear Hiring Manager,\n\nI train and deploy forecasting models in Python at a grocer. Because a model "
              "that silently drifts is worse than no model, I also built the monitoring for our feature pipelines."
              "\n\nYours sincerely,\nSam")
    review = engine.review(letter, "general", [], advert)
    [strength] = [f for f in review.findings if f.rule == "advert.coverage" and f.kind == "strength"]
    spans = sorted(strength.evidence, key=lambda s: s.start)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    quotes = [letter[s.start:s.end] for s in spans]
    assert not any("," in q for q in quotes)
    assert any("monitoring" in q for q in quotes) and "model that silently drifts is worse than no model" not in quotes


@pytest.mark.parametrize("sentence, named", [
    # Trial 12 F20: "Raiser's Edge, Excel and Canva, and I hold" was a list of four ("I" the fourth), and
    # the product was named as "Edge".
    ("I am comfortable with Raiser's Edge, Excel and Canva, and I hold a full driving licence.", None),
    ("I know Raiser's Edge, Excel, Canva and Mailchimp well.", "\u201cRaiser's Edge\u201d"),
])
def test_a_list_of_skills_names_a_possessive_product_whole_and_never_counts_i(sentence, named):
    advert = read("Community Fundraiser\nRiverside Hospice\n\nWhat you'll do\n- Record all income accurately on "
                  "Raiser's Edge\n- Plan community events\n")
    letter = f"Dear Hiring Manager,\n\nI planned six community events last year. {sentence}\n\nYours sincerely,\nSam"
    review = engine.review(letter, "general", [], advert)
    [missing] = [f for f in review.findings if f.rule == "advert.coverage" and f.kind == "issue"]
    assert ("only in a list of skills" in missing.message) == bool(named)
    assert named is None or f"names {named} only" in missing.message


def test_a_placeholder_for_the_employer_or_the_job_is_where_the_advert_names_go():
    # Trial 12 F25: "[Job Title]" and "[Company Name]" were also raised as "never names the employer" and
    # "Name the job", with nothing tying the three points to the one edit.
    advert = read("Data Analyst\nBrightwater Health\n\nResponsibilities\n- Build Power BI dashboards\n- SQL\n")
    letter = ("Dear Hiring Manager,\n\nI am applying for the [Job Title] role at [Company Name]. I build Power BI "
              "dashboards in SQL for a clinic group.\n\nYours sincerely,\nJo")
    review = engine.review(letter, "general", [], advert)
    found = {f.rule: f for f in review.findings if f.kind == "issue" and f.rule in ("advert.company", "advert.title")}
    assert [letter[s.start:s.end] for s in found["advert.company"].evidence] == ["[Company Name]"]
    assert "Brightwater Health" in found["advert.company"].message and "placeholder" in found["advert.company"].message
    assert [letter[s.start:s.end] for s in found["advert.title"].evidence] == ["[Job Title]"]
    assert '"Data Analyst"' in found["advert.title"].message
    plain = letter.replace("the [Job Title] role at [Company Name]", "a new role")
    found = {f.rule: f for f in engine.review(plain, "general", [], advert).findings if f.kind == "issue"}
    assert not found["advert.company"].evidence and "placeholder" not in found["advert.company"].message
    assert not found["advert.title"].evidence


def test_a_quote_keeps_the_requirements_word_before_its_main_word():
    # Trial 12 F24: "data" alone was quoted for "Experience of healthcare or claims data".
    advert = read("Data Analyst\nBrightwater Health\n\nEssential\n- Experience of healthcare or claims data\n- SQL\n")
    letter = ("Dear Hiring Manager,\n\nFor five years I have turned messy claims data into decisions, in SQL."
              "\n\nYours sincerely,\nJo")
    review = engine.review(letter, "general", [], advert)
    [strength] = [f for f in review.findings if f.rule == "advert.coverage" and f.kind == "strength"]
    assert "claims data" in [letter[s.start:s.end] for s in strength.evidence]


@pytest.mark.parametrize("sentence, covered", [
    # Trial 12 F37: the employer's need, said with its name as the subject, was credited as the writer's work.
    ("I understand Caldwell Pumps is expanding its range and needs engineers who can support field service teams "
     "and resolve design issues.", False),
    ("I understand Caldwell Pumps is expanding, and I support our field service teams to resolve design issues.",
     True),
])
def test_what_the_employer_needs_is_not_the_writers_work(sentence, covered):
    advert = read("Mechanical Design Engineer\nCaldwell Pumps\n\nWhat you'll do\n- Support manufacturing and field "
                  "service teams to resolve design issues\n- Produce drawings in SolidWorks\n")
    letter = f"Dear Mr Hargreaves,\n\nI design pumps in SolidWorks. {sentence}\n\nYours sincerely,\nTomasz"
    support = review_against(advert, Letter(letter)).coverage[0]
    assert support.requirement.text.startswith("Support") and support.covered is covered


def test_a_misspelt_employer_is_raised_once_by_the_advert_check(library):
    # Trial 12 F35: "Riverside Hospise" cost a spelling point and an employer point for one slip.
    advert = read("Community Fundraiser\nRiverside Hospice\n\nWhat you'll do\n- Plan community events\n- Excel\n")
    letter = ("Dear Hiring Manager,\n\nI am applying for the Community Fundraiser role at Riverside Hospice. I "
              "planned six community events last year. Riverside Hospise cared for my grandfather.\n\n"
              "Yours sincerely,\nSam")
    guide = library.guides["general"]
    found = engine.review(letter, guide.id, library.rules_for(guide), advert).findings
    slips = ("Hospise", "Riverside Hospise")
    named = [f.rule for f in found if any(letter[e.start:e.end] in slips for e in f.evidence)]
    assert named == ["advert.company"]


@pytest.mark.parametrize("requirement, weak, strong", [
    # A synonym group of one word's forms ("model", "modelling") names no skill: the word alone is no head.
    ("Review model accuracy", "I built my first credit model in R at university.",
     "Every month I reviewed our models' accuracy with the risk committee."),
    # A named learning method is one term: "learned" shows no active learning.
    ("Experience with active learning", "I learned PyTorch on the job.",
     "I used active learning to pick which images our labellers saw first."),
    # A board built into a machine is an embedded device.
    ("Deploy models to embedded devices", "I deployed our models to a cloud API.",
     "I deployed our models to a Raspberry Pi in each delivery van."),
])
def test_a_word_of_its_own_forms_is_no_skill_and_a_method_is_one_term(requirement, weak, strong):
    _met_by_strong_only(requirement, weak, strong)


# A duty in the letter's own words, as a dictionary words it: not drawn from a labelled pair.
@pytest.mark.parametrize("requirement, weak, strong", [
    ("Supervise the night shift", "I enjoy the quiet of the night.", "For a year I led the night shift."),
    ("Ability to work weekends", "I can start in March.", "I already work every Saturday and most Sundays."),
    ("Handle guest complaints", "Our guests are mostly families.", "I dealt with customer complaints on every shift."),
])
def test_a_duty_in_the_letters_own_words(requirement, weak, strong):
    _met_by_strong_only(requirement, weak, strong)


@pytest.mark.parametrize("advert_words, letter_words", [
    ("manage", "ran"), ("oversee", "supervised"), ("purchase", "bought"), ("respond", "answered"),
    ("handle", "dealt with"), ("hire", "recruited"), ("recognise", "noticed"), ("medication", "medicine"),
    ("keep track of", "monitored"), ("liaise", "coordinated with"), ("pupils", "students"), ("rota", "schedule"),
    ("weekends", "Saturday"), ("online reviews", "Google reviews"), ("beverages", "wine"), ("guest", "customer"),
])
def test_paraphrases_are_read_alike_and_name_no_skill(advert_words, letter_words):
    matcher = load().matcher
    [asked] = matcher.keys(advert_words, content=True)
    assert any(asked.primary in k.keys for k in matcher.keys(letter_words, content=True))
    # A plain word names no skill: alone it meets only a requirement it heads ("guests" is not "guest complaints").
    paraphrase = next(g for g in load().paraphrases if "guest" in g)
    assert not any(matcher.known(k.primary) for w in paraphrase[:1] for k in matcher.keys(w))


def test_a_big_plus_is_welcome_not_asked_for():
    # Trial 13 F30: "Experience of fresh pasta is a big plus." was a must-have.
    advert = read("Chef de Partie\nThe Olive Yard\n\nAbout you\n- Two years on a busy section\n"
                  "- Experience of sourdough is a big plus\n")
    musts = {r.text: r.must for r in advert.requirements}
    assert [m for t, m in musts.items() if "sourdough" in t] == [False], musts
    assert [m for t, m in musts.items() if "section" in t] == [True], musts


def test_in_what_capacity_is_no_part_of_the_head():
    # Trial 13 F20: "I am a pharmacy technician" met "Registered with the GPhC as a pharmacy technician".
    requirement = "Registered with the HCPC as a paramedic"
    assert _covered(requirement, "I have worked as a paramedic in Leeds for six years.") == [False]
    assert _covered(requirement, "I have been registered with the HCPC since 2018.") == [True]


def test_a_line_of_pay_heads_no_section():
    # Tune-next 131: "£55,000 – £65,000 + bonus" was read as a "bonus" heading over nice-to-haves, and the
    # "Permanent, full time" under it as two of them.
    advert = read("Payroll Officer\nBrindle Foods Ltd\nBristol\n\u00a328,000 + annual bonus\nPermanent, part time\n\n"
                  "About you\n- Payroll experience\n- Sage Payroll\n")
    assert [r.text for r in advert.requirements] == ["Payroll", "Sage Payroll"]  # "experience" is a lead-in


@pytest.mark.parametrize("requirement, sentence", [
    # Trial 13 F30 and F15: a kitchen's "GP" is its gross profit; a SOC is a security operations centre.
    ("Keep our food GP above 65%", "I brought gross profit on food back up to 70% by pricing each dish again."),
    ("Two years in a security operations centre", "For two years I have triaged alerts in our 24/7 SOC."),
    # Tune-next 131: a standard audited against is a compliance framework; plans are how a planner is read.
    ("Exposure to HIPAA or another compliance framework", "Last year I led our Cyber Essentials certification."),
    ("A good understanding of how the query planner works", "I go through execution plans with developers weekly."),
])
def test_a_trade_s_initials_a_framework_by_name_and_a_planner_by_its_plans(requirement, sentence):
    assert _covered(requirement, sentence) == [True]


def test_small_words_alone_are_no_requirement():
    # Tune-next 122: "... dementia and of how to support someone who is distressed" left "how" as a requirement.
    advert = read("Support Worker\nHeathfield Care\n\nAbout you\n- Good understanding of autism and of how to "
                  "support someone who is anxious\n- A driving licence\n")
    assert [r.text for r in advert.requirements if r.text.lower() in ("how", "of how")] == []
    assert any("autism" in r.text for r in advert.requirements)


def test_a_tool_learned_is_no_dashboard_built():
    # Trial 13 F19: "I learned SQL and Tableau" met "Build and maintain dashboards".
    requirement = "Build and maintain dashboards for the sales team"
    assert _covered(requirement, "This spring I learned SQL and Power BI on an evening course.") == [False]
    assert _covered(requirement, "I built and still maintain four Power BI dashboards for our sales team.") == [True]
    assert _covered("Experience with BI tools such as Looker", "I report weekly sales in Power BI.") == [True]


def test_replay_takes_out_only_the_lines_added_in_a_pairs_window() -> None:
    """tests/adverts/replay.py: the lines a window added go (a member, a whole new group, a story's verb, a list's
    word); what was there before stays, and a group or story left with nothing goes with them."""
    from .adverts.replay import lines, without
    before = {"qualities": ["calm"], "synonyms": [["claim", "claims"]],
              "stories": [{"duty": "coach", "verbs": ["trained"], "objects": ["staff"]}]}
    after = {"qualities": ["calm", "patient"], "synonyms": [["claim", "claims", "grievance"], ["rota", "schedule"]],
             "stories": [{"duty": "coach", "verbs": ["trained", "taught"], "objects": ["staff"]},
                         {"duty": "mop", "verbs": ["mopped"], "objects": ["floor"]}]}
    today = {**after, "qualities": ["calm", "patient", "kind"]}
    assert without(today, lines(after) - lines(before)) == {**before, "qualities": ["calm", "kind"]}
