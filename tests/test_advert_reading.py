"""Reading an advert's shapes that trial 17 found misread: person specifications marked "(E)"/"(D)" or ticked
under E and D columns, titles, and where a requirement is cut."""
from __future__ import annotations

import io

from bot.advert.reader import read
from bot.documents import read_document

MIDWIFE_ED = """Community Midwife (Band 6)
Ashbourne Valley NHS Foundation Trust

Main duties
Provide antenatal and postnatal care to women and families in their homes and in community clinics. Support home \
births as part of an on-call rota.

Person specification (E = essential, D = desirable)
- NMC registration as a Midwife (E)
- Experience of antenatal and postnatal care (E)
- Level 3 safeguarding training (E)
- Full UK driving licence (E)
- Experience of home births (D)
- Practice Supervisor qualification (D)
"""


def _must(advert: str) -> dict[str, bool]:
    return {r.text: r.must for r in read(advert).requirements}


def test_e_and_d_markers_say_which_criteria_are_essential():
    """Trial 17 F44/F45: every criterion was a nice-to-have with its "(E)" left in, one split in two, and the
    duties' paragraph gave nothing: coverage vanished and the letter scored 99 (79 against the same job
    bulleted)."""
    found = _must(MIDWIFE_ED)
    assert found["NMC registration as a Midwife"] is True
    assert found["antenatal and postnatal care"] is True
    assert found["Full UK driving licence"] is True
    assert found["home births"] is False
    assert found["Practice Supervisor qualification"] is False
    assert not any("(E)" in text or "(D)" in text for text in found)
    # Under a duties heading, sentences that open with a duty's verb are duties without a cue.
    assert found["Support home births as part of an on-call rota"] is True
    assert any(text.startswith("Provide antenatal and postnatal care") and must for text, must in found.items())


def test_a_marker_inside_a_line_is_left_alone():
    found = _must("Data Analyst\nNorthgate Council\n\nRequirements\n- SQL (E) and Python\n- Experience of Power BI\n")
    assert found.get("Power BI") is True


def _tick_table(rows: list[tuple[str, str, str]]) -> bytes:
    import docx
    document = docx.Document()
    document.add_paragraph("Community Midwife (Band 6)")
    document.add_paragraph("Ashbourne Valley NHS Foundation Trust")
    document.add_paragraph("Person specification")
    table = document.add_table(rows=0, cols=3)
    for texts in rows:  # a row at a time, as a person specification is typed
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = texts
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_person_specification_with_ticks_under_e_and_d():
    """Trial 17 F55: Criteria | E | D with a tick in one column was read cell by cell: "Criteria" a must-have,
    the essentials' rows nothing, and a desirable a must-have."""
    text = read_document(_tick_table([
        ("Criteria", "E", "D"), ("NMC registration as a Midwife", "\u2713", ""),
        ("Full UK driving licence", "\u2713", ""), ("Experience of home births", "", "\u2713")])).text
    assert "Essential\n- NMC registration as a Midwife\n- Full UK driving licence\n\nDesirable\n- Experience of " \
           "home births" in text
    found = _must(text)
    assert "Criteria" not in found
    assert found["NMC registration as a Midwife"] is True and found["home births"] is False


def test_a_table_whose_e_column_holds_words_is_not_read_as_ticks():
    text = read_document(_tick_table([("Area", "Essential", "Desirable"),
                                      ("Skills", "Ability to analyse prescribing data", "Leading audits")])).text
    assert "Essential\n- Ability to analyse prescribing data" in text


def test_a_bullet_wrapped_onto_the_next_line_keeps_its_cue():
    """Trial 17 F14: a PDF's bullet wrapped after "the armed", and its end ("forces or control rooms) is
    desirable") read as a heading over the next bullet: the desirable became a must-have, the "must" a nice one."""
    found = _must("Trainee Railway Signaller\nNorthern Lines Rail Infrastructure\n\nWhat we need from you\n\n"
                  "- Able to concentrate for long periods\n"
                  "- Experience in a safety-critical or rule-based role (for example transport, aviation, the armed\n"
                  "forces or control rooms) is desirable\n"
                  "- You must pass a medical, including colour vision, and drugs and alcohol screening\n")
    assert found["safety-critical or rule-based role"] is False
    assert [must for text, must in found.items() if text.startswith("pass a medical")] == [True]


def test_the_first_line_over_the_employers_is_the_title_though_no_noun_names_a_job():
    """Trial 17 F18, F41: "Trainee Railway Signaller" (a PDF's first line) and "Paraprofessional - Bilingual
    (Spanish/English)" were no title, so the title check silently did not run."""
    signaller = read("Trainee Railway Signaller\n\nNorthern Lines Rail Infrastructure - Leeds Signalling Centre\n\n"
                     "What you'll do\n\n- Set routes and signals for trains\n- Keep accurate train logs\n")
    assert (signaller.title, signaller.company) == ("Trainee Railway Signaller", "Northern Lines Rail Infrastructure")
    para = read("Paraprofessional - Bilingual (Spanish/English)\nRiverbend Unified School District \u2014 Sacramento, "
                "CA\n\nEssential Functions\n\u2022 Work with small groups of students to reinforce reading\n")
    assert para.title == "Paraprofessional"
    # Not a line of prose, nor a line over something that is not the employer's.
    assert read("We are a friendly team in Leeds\nNorthern Lines Rail Infrastructure\n\nRequirements\n- SQL\n"
                ).title is None


def test_a_one_line_advert_opens_with_its_title_and_employer():
    """Trial 17 F23: "Payroll Assistant, Brightwell Foods. We need someone ..." gave no title and no employer, so a
    letter for another job at another employer kept "Written for this job"."""
    advert = read("Payroll Assistant, Brightwell Foods. We need someone with Sage Payroll experience who can process "
                  "weekly payroll for 200 staff and answer pay queries. Must have good Excel. Part-time, 25 hours.")
    assert (advert.title, advert.company) == ("Payroll Assistant", "Brightwell Foods")
    assert read("Great news, Everyone. We need someone with Sage Payroll experience to process payroll.").title is None
