"""Trial 15 F28: the chat's line history (the arrow keys' file in the member's home folder) kept whole letters pasted
at the prompt with no /review, typed on /review's line, or a paragraph typed there, and /forget left them. The real
prompt_toolkit prompt fed keystrokes, a real SQLite store and the real core."""
from __future__ import annotations

import io

from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from adapters.chat import chat
from adapters.chat_history import private
from bot.core import Shortlist
from bot.request import Context
from storage import Store

LETTER = ("Dear Hiring Manager,\rI am applying for the Customer Support Analyst role at Beacon Energy, whose quokka "
          "tariff I have used for years.\rAt my last job I cut the time to answer a complaint from five days to two.\r"
          "Kind regards,\rLeah Brennan\r.\r")
ON_THE_LINE = ("/review career-changer Dear Hiring Team, I am applying for the Junior QA Tester role at Lumen. For six "
               "years I taught science, and my quokka project taught me to test: I wrote 120 test cases for our "
               "school's booking app and found nine faults before launch. Kind regards, Daniel Osei\r")
PARAGRAPH = ("i have worked in a busy call centre for six years and my quokka team answered more calls than any other "
             "team in the building last year\r")


async def _chat(core, history, keys_text: str) -> str:
    out = io.StringIO()
    with create_pipe_input() as keys:
        keys.send_text(keys_text + "\x04")
        assert await chat(core, Context(platform="terminal", user_id="leah"), history,
                          console=Console(file=out, width=120), terminal={"input": keys, "output": DummyOutput()}) == 0
    return out.getvalue()


async def test_letters_typed_or_pasted_at_the_prompt_stay_out_of_the_history_and_forget_erases_it(tmp_path, library):
    store = await Store.open(tmp_path / "h.db")
    core = Shortlist(library, store)
    history = tmp_path / "chat-history"
    try:
        shown = await _chat(core, history, LETTER + ON_THE_LINE + PARAGRAPH + "/faq salary\r/guide ux\r")
        assert shown.count("Your letter, reviewed") == 2, shown  # both letters were reviewed as promised
        saved = history.read_text()
        assert "quokka" not in saved and "Leah" not in saved and "Daniel" not in saved, saved
        assert "/faq salary" in saved and "/guide ux" in saved  # commands are still recalled

        # A history written before this fix: its letters go from disk when the chat starts, and aren't recalled.
        history.write_text(saved + "\n# 2026-11-30 20:30:45\n+Dear Hiring Manager,\n+\n+my quokka letter\n+.\n"
                           "\n# 2026-11-30 20:31:00\n+/review swe Dear Sir, my whole quokka letter typed on one line "
                           "and signed, Leah\n")
        await _chat(core, history, "/help\r")
        assert "quokka" not in history.read_text() and "/faq salary" in history.read_text()

        erased = await _chat(core, history, "/forget\ryes\r")
        assert "Done: your data here is erased" in erased and "erased too" in erased
        assert not history.exists() or "/faq salary" not in history.read_text()
    finally:
        await store.close()


def test_what_counts_as_a_letter_in_the_history():
    assert not private("/review data-analyst us advert") and not private("/faq how long should my letter be")
    assert not private("how long should my cover letter be?") and not private("review mle")
    assert private("Dear Ms Patel,") and private("/review swe Dear Ms Patel, I am writing to apply for the role")
    assert private("line one\nline two") and private("/review swe Dear Ms Patel,") and private("/review Hi Sam,")


async def test_a_paragraph_typed_as_one_line_at_the_prompt_is_taken_as_a_letter(tmp_path, core):
    """F14: a letter's paragraph typed on one line got "There's no command called “i”"."""
    line = ("I saw your post for a QA tester. I have worked in customer support for 3 years and I am very detail "
            "oriented. I have done the ISTQB foundation course and I am learning Selenium. I would love to work for "
            "your company and I think I would be a good fit.")
    shown = " ".join((await _chat(core, tmp_path / "chat-history", line + "\r.\r")).split())
    assert "no command called" not in shown and "That looks like a letter" in shown, shown
    # the whole letter may be in already: not "Paste the rest of your letter" (trial 16 F37)
    assert "End the letter with a line holding only a full stop" in shown and "Paste the rest" not in shown
    assert "Your letter, reviewed" in shown
    asked = " ".join((await _chat(core, tmp_path / "chat-history", "how long should my cover letter be for a job "
                                  "where the advert asks for a one page letter and also a CV and two references and "
                                  "a portfolio and a form?\r")).split())
    assert "That looks like a letter" not in asked  # a long question is still a question
