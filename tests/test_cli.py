"""The `shortlist` command as members and scripts run it: real processes, real output."""
from __future__ import annotations

import json

from .conftest import ROOT, run


def test_ask_guide_prints_the_signals():
    result = run("ask", "/guide ml-engineer")
    assert result.returncode == 0, result.stderr
    for name in ("A model you shipped to production", "MLOps depth", "Applied-ML judgement", "Regulatory awareness"):
        assert name in result.stdout


def test_ask_typo_suggests_and_fails_for_scripts():
    result = run("ask", "/guide ml-enginer")
    assert result.returncode == 1
    assert "Did you mean ml-engineer" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_ask_json_is_machine_readable():
    result = run("ask", "/faq how long should it be", "--json")
    data = json.loads(result.stdout)
    assert data["kind"] == "guide" and "400 words" in data["text"]
    assert {"title", "blocks", "buttons", "private"} <= set(data)


def test_chat_reads_commands_from_a_pipe():
    result = run("chat", stdin="/guide ml-engineer why\n/faq do I even need one\n/quit\n")
    assert result.returncode == 0, result.stderr
    assert "Why the example works" in result.stdout and "Send one" in result.stdout


def test_chat_answers_a_question_typed_without_a_slash():
    """Trial 11 F42: "how long should my cover letter be?" was told "There's no command called 'how'"."""
    result = run("chat", stdin="how long should my cover letter be?\nguide general why\n/quit\n")
    assert result.returncode == 0, result.stderr
    assert "How long should a cover letter be?" in result.stdout and "command called" not in result.stdout
    assert "Why the example works" in result.stdout  # a command's word without its slash is still the command


def test_chat_review_with_a_misspelt_role_says_so_before_the_paste():
    # The member hears about the typo before pasting a whole letter, not after (that paste was lost).
    result = run("chat", stdin="/review ml-enginer\n/guide general why\n/quit\n")
    assert result.returncode == 0, result.stderr
    assert "Paste your letter" not in result.stdout
    assert "Did you mean ml-engineer" in result.stdout
    assert "Why the example works" in result.stdout  # the next line was a command, not a letter


def test_chat_runs_a_command_typed_where_the_letter_was_expected():
    """Trial 12 F39: "/guide ux" typed after /review (a change of mind) was reviewed as a two-word letter."""
    result = run("chat", stdin="/review\n/guide general why\n/review\n/faq how long should it be\n"
                               "/review\nI am writing to apply / one thing\n.\n/quit\n")
    assert result.returncode == 0, result.stderr
    assert "Why the example works" in result.stdout and "400 words" in result.stdout  # both commands ran
    assert result.stdout.count("stopped waiting for the paste") == 2
    assert "too short to review fairly" in result.stdout  # a letter's line with a slash in it is still a letter
    assert "Traceback" not in result.stdout + result.stderr


def test_chat_answers_a_confirm_question_with_yes_or_no(tmp_path):
    """A trial: "/forget" asks "Erase your Shortlist data here?", and "yes" was "no command called yes"."""
    result = run("--db", str(tmp_path / "y.db"), "chat",
                 stdin="/guide ml-engineer\n/forget\nno\n/forget\nYes\nyes\n/quit\n")
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stdout.split())
    assert said.count("Erase your Shortlist data here?") == 2
    assert "Nothing was changed." in said and said.count("Deleted") == 1
    assert said.index("Nothing was changed.") < said.index("Deleted")
    assert "no command called \u201cyes\u201d" in said  # a yes with no question before it is still a command


def test_review_of_an_empty_standard_input_is_an_empty_letter(tmp_path):
    # Nothing piped in: the README's `empty` reason, as for an empty paste, not an unreadable file.
    result = run("--db", str(tmp_path / "e.db"), "review", "-", "--json", stdin="")
    assert result.returncode == 1
    assert json.loads(result.stdout)["error"]["reason"] == "empty"


def test_chat_review_of_a_mistyped_path_says_the_file_is_not_there(tmp_path):
    # A typo in a document's path is not a 3-word letter: the member is told the file isn't there.
    missing = tmp_path / "no-such-folder" / "letter.docx"
    result = run("--db", str(tmp_path / "p.db"), "chat", stdin=f"/review\n{missing}\n.\n/quit\n")
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stdout.split())  # the reply is wrapped to the terminal's width
    assert "I can't find that file" in said
    assert "too short" not in said
    assert "no command called" not in said  # the "." after a path, which needs none, is let be


def test_review_with_a_misspelt_role_suggests_the_flag(tmp_path):
    # A new member's trial: `shortlist review letter.txt --role data-analsyt` suggested a chat command; a
    # script's JSON message carried chat markup (backticks).
    letter = ROOT / "tests" / "letters" / "26-general-strong.txt"
    shown = run("--db", str(tmp_path / "r.db"), "review", str(letter), "--role", "data-analsyt")
    assert shown.returncode == 1 and "--role data-analyst" in shown.stdout
    assert "/review data-analyst" not in shown.stdout
    said = run("--db", str(tmp_path / "r.db"), "review", str(letter), "--role", "data-analsyt", "--json")
    message = json.loads(said.stdout)["error"]["message"]
    assert "--role data-analyst" in message and "`" not in message


def test_quit_typed_while_pasting_leaves_and_sends_nothing(tmp_path):
    # Trial 6: "/quit" typed into the paste became a line of the letter.
    result = run("--db", str(tmp_path / "q.db"), "chat", stdin="/review\nDear Ms Khan,\n/quit\n.\n/faq how long\n")
    said = " ".join(result.stdout.split())
    assert result.returncode == 0 and "too short" not in said  # no letter went for review
    assert "How long should a cover letter be?" not in said  # and the chat had ended


def test_unreadable_standard_input_is_called_what_was_piped_in(tmp_path):
    # Trial 6: random bytes piped to `shortlist review -` were "that file".
    result = run("--db", str(tmp_path / "b.db"), "review", "-", stdin="\x00\x01\x02\x03" * 500)
    assert result.returncode == 1 and result.stdout.startswith("I couldn't read what was piped in")


def test_chat_reads_a_bare_document_name_at_once(tmp_path):
    # Found by a new member's trial: "nonexistent.docx" (no folder) was reviewed as a 2-word letter, and a
    # real file's path sat waiting for a "." line. A path on its own line is read at once.
    result = run("--db", str(tmp_path / "p.db"), "chat", stdin="/review\nnonexistent.docx\n/faq how long\n/quit\n")
    said = " ".join(result.stdout.split())
    assert "I can't find that file: nonexistent.docx" in said and "too short" not in said
    assert "How long should a cover letter be?" in said  # the next line was a command, not more letter


def test_chat_reads_a_path_with_spaces_typed_without_quotes(tmp_path):
    # Trial 7: "My Letter.docx" typed as it is was reviewed as the 7 words of its path.
    letter = tmp_path / "My Cover Letter.txt"
    letter.write_text((ROOT / "tests" / "letters" / "26-general-strong.txt").read_text(encoding="utf-8"),
                      encoding="utf-8")
    result = run("--db", str(tmp_path / "s.db"), "chat", stdin=f"/review\n{letter}\n/faq how long\n/quit\n")
    said = " ".join(result.stdout.split())
    assert "Score:" in said and "too short" not in said
    assert "How long should a cover letter be?" in said  # read at once: the next line was a command


def test_chat_reviews_a_letters_file_given_with_no_review_command(tmp_path):
    # Tried on a fresh clone: "/tmp/.../My Letter.txt" on its own was "no command called tmp/...".
    letter = tmp_path / "My Cover Letter.txt"
    letter.write_text((ROOT / "tests" / "letters" / "26-general-strong.txt").read_text(encoding="utf-8"),
                      encoding="utf-8")
    result = run("--db", str(tmp_path / "d.db"), "chat",
                 stdin=f"{letter}\n/faq what is a .pdf\n/tmp/no-such-letter.pdf\n/quit\n")
    said = " ".join(result.stdout.split())
    assert "Score:" in said and "I can't find that file: /tmp/no-such-letter.pdf" in said  # not reviewed (F19)
    assert "I don't know that command" not in said
    assert said.count("Score:") == 1


def test_user_text_cannot_drive_the_terminal():
    result = run("ask", "/faq \x1b[31mred\x1b[0m and more words here")
    assert "\x1b[31m" not in result.stdout


def test_mod_import_reads_a_file_from_standard_input(tmp_path):
    db = str(tmp_path / "cli.db")
    document = ("default_role: ml-engineer\nfaq:\n  - question: When is demo day?\n"
                "    answer: The last Friday of the cohort.\n")
    preview = run("--db", db, "ask", "/mod import", stdin=document)
    assert "check the changes" in preview.stdout and "+default_role: ml-engineer" in preview.stdout
    confirm = next(line.split()[0:3] for line in preview.stdout.splitlines() if "import-confirm" in line)
    done = run("--db", db, "ask", " ".join(confirm))
    assert "Imported" in done.stdout
    faq = run("--db", db, "ask", "/faq when is demo day")
    assert "last Friday" in faq.stdout and "community's own" in faq.stdout
    member = run("--db", db, "--user", "someone-else", "ask", "/mod import", stdin=document)
    assert "only moderators" in member.stdout


async def test_interactive_chat_keys(tmp_path, core):
    """The real prompt_toolkit prompt, fed keystrokes: Enter runs a command, Ctrl-C during a paste
    cancels it (nothing reviewed or stored), Ctrl-D leaves. Letters stay out of the history file."""
    import io

    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput
    from rich.console import Console

    from adapters.chat import chat
    from bot.request import Context
    history = tmp_path / "chat-history"
    out = io.StringIO()
    with create_pipe_input() as keys:
        keys.send_text("/review mle\rDear Ms Grant, my secret sentence about quokkas\r\x03/faq salary\r\x04")
        code = await chat(core, Context(platform="terminal", user_id="ana"), history,
                          console=Console(file=out, width=100), terminal={"input": keys, "output": DummyOutput()})
    shown = out.getvalue()
    assert code == 0
    assert "Cancelled: nothing was sent." in shown and "Your letter, reviewed" not in shown
    assert "Should I mention my salary expectations" in shown  # the general guide's answer (the ML one names London)
    saved = history.read_text()
    assert "/faq salary" in saved and "quokkas" not in saved


def test_review_a_pdf_and_a_word_file_from_the_terminal(tmp_path):
    from . import docfiles
    letter = (ROOT / "tests" / "letters" / "01-strong-fintech.txt").read_text(encoding="utf-8")
    pdf, docx = tmp_path / "letter.pdf", tmp_path / "letter.docx"
    pdf.write_bytes(docfiles.pdf(letter, page_numbers=True))
    docx.write_bytes(docfiles.docx(letter))
    db = str(tmp_path / "cli.db")
    as_json = run("--db", db, "review", str(pdf), "--role", "mle", "--json")
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["source"] == {"kind": "pdf", "pages": 1}
    text = run("--db", db, "review", str(pdf), "--text").stdout
    assert text == letter.strip("\n") + "\n"  # exactly what was read: no page number, lines rejoined
    for finding in data["findings"]:
        for span in finding["evidence"]:
            assert text[span["start"]:span["end"]] == span["text"]
    word = run("--db", db, "review", str(docx), "--role", "mle")
    assert word.returncode == 0 and "Your letter, reviewed against the Machine learning engineer guide" in word.stdout


def test_an_unreadable_file_is_explained_at_the_terminal(tmp_path):
    scan = tmp_path / "letter.doc"
    scan.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le"))
    for extra in ((), ("--json",), ("--text",)):
        result = run("--db", str(tmp_path / "cli.db"), "review", str(scan), *extra)
        assert result.returncode == 1
        assert "older Word file (.doc)" in result.stdout + result.stderr
        assert "Traceback" not in result.stdout + result.stderr
    missing = run("--db", str(tmp_path / "cli.db"), "review", str(tmp_path / "nope.pdf"))
    assert missing.returncode == 1 and "can't find that file" in missing.stdout and "Traceback" not in missing.stderr


def test_chat_review_takes_a_path_on_its_own_line(tmp_path):
    from . import docfiles
    letter = (ROOT / "tests" / "letters" / "01-strong-fintech.txt").read_text(encoding="utf-8")
    path = tmp_path / "my letter.odt"
    path.write_bytes(docfiles.odt(letter))
    result = run("--db", str(tmp_path / "cli.db"), "chat", stdin=f"/review mle\n'{path}'\n.\n/quit\n")
    assert result.returncode == 0, result.stderr
    assert "Your letter, reviewed against the Machine learning engineer guide" in result.stdout


def test_a_broken_config_file_is_one_line_and_exit_1(tmp_path):
    for text, says in (("db: [unclosed\n", "is not valid YAML"), ("- just\n- a list\n", "must be a mapping")):
        config = tmp_path / "config.yaml"
        config.write_text(text, encoding="utf-8")
        result = run("ask", "/help", env={"SHORTLIST_CONFIG": str(config)})
        assert result.returncode == 1 and says in result.stderr and str(config) in result.stderr
        assert "Traceback" not in result.stderr and result.stdout == ""


def test_chat_review_with_a_role_no_guide_is_near_takes_the_paste_and_says_which_guide():
    """`/review nurse`: no guide is near, so the paste box opens and the letter is reviewed against the general
    guide, saying so (a near miss such as ml-enginer is said before the paste, above)."""
    letter = (ROOT / "tests" / "letters" / "01-strong-fintech.txt").read_text(encoding="utf-8")
    result = run("chat", stdin=f"/review nurse\n{letter}\n.\n/quit\n")
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stdout.split())
    assert "Paste your letter" in said and "I don't have a guide for \u201cnurse\u201d, so this review uses" in said


def test_chat_asks_for_a_guide_not_the_settings_backup_on_mod_guide_import(tmp_path):
    """`/mod guide import` takes a guide's YAML; the settings backup (/mod export) is `/mod import`'s."""
    db = str(tmp_path / "s.db")
    guide = run("--db", db, "chat", stdin="/mod guide import\n.\n/quit\n")
    assert "Paste the guide's YAML (from /mod guide export, or a file you wrote)" in guide.stdout, guide.stdout
    assert "/mod export" not in guide.stdout
    settings = run("--db", db, "chat", stdin="/mod import\n.\n/quit\n")
    assert "Paste the YAML from /mod export" in settings.stdout, settings.stdout


def test_chat_reads_a_photo_path_at_once_and_reviews_a_letter_pasted_without_review(tmp_path):
    """Trial 8: a photo's path after /review sat in the paste (the bot seemed to hang, and /help became letter
    text); a letter pasted at the prompt was "no command called dear"; ~/missing.docx was "no command"."""
    photo = tmp_path / "letter photo.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    letter = (ROOT / "tests" / "letters" / "26-general-strong.txt").read_text(encoding="utf-8")
    assert letter.startswith("Dear ")
    result = run("--db", str(tmp_path / "d.db"), "chat",
                 stdin=f"/review\n{photo}\n/faq how long\n{letter}\n.\n~/no-such-letter.docx\nhi\n/quit\n")
    said = " ".join(result.stdout.split())
    assert "That's an image" in said and "Score:" in said and "looks like a letter" in said
    assert said.count("Score:") == 1 and "words" in said.split("That's an image")[1]  # /faq answered after it
    assert "I can't find that file" in said and "no-such-letter.docx" in said
    assert "There's no command called “hi”" in said  # a greeting is not a letter


def test_chat_asks_again_when_a_question_gets_neither_yes_nor_no(tmp_path):
    """Trial 8 (F17): "maybe" after /forget's question was "no command called maybe", and the question was gone."""
    result = run("--db", str(tmp_path / "m.db"), "chat", stdin="/guide ml-engineer\n/forget\nmaybe\nno\n/quit\n")
    said = " ".join(result.stdout.split())
    assert "Erase your Shortlist data here? Type yes or no." in said and "no command called" not in said
    assert "Nothing was changed." in said


def test_shell_wording_for_an_empty_pipe_and_an_unreadable_file(tmp_path, monkeypatch):
    """Trial 8 (F26, F27): an empty pipe was told to paste the letter "after /review", and a file the account may
    not read was told to "check the path"."""
    empty = run("--db", str(tmp_path / "e.db"), "review", "-", stdin="")
    said = " ".join(empty.stdout.split())
    assert "Nothing came in on standard input" in said and "after /review" not in said
    from pathlib import Path

    from adapters.paths import read_upload
    locked = tmp_path / "letter.txt"
    locked.write_text("Dear Ms Okafor,\n", encoding="utf-8")

    def refused(self):  # what a file without read permission gives (the tests may run as root, which reads all)
        raise PermissionError(13, "Permission denied", str(self))
    monkeypatch.setattr(Path, "read_bytes", refused)
    problem = read_upload(str(locked)).problem or ""
    assert "I'm not allowed to read" in problem and "Check the path" not in problem


def test_chat_skips_the_letter_and_advert_a_refused_review_asked_for(tmp_path):
    """Trial 14 F19: after `/review data-wizard advert` was refused, the letter that followed was reviewed
    without its advert and each line of the advert was "There's no command called ..." (seven replies)."""
    letter = (ROOT / "tests" / "letters" / "26-general-strong.txt").read_text(encoding="utf-8")
    advert = "Store Manager - Harrogate\nFenwick & Lowe\n\nWe are hiring a store manager.\nTo apply, write to us."
    result = run("--db", str(tmp_path / "r.db"), "chat",
                 stdin=f"/review data-wizard advert\n{letter}\n.\n{advert}\n.\n/faq how long\n/quit\n")
    said = " ".join(result.stdout.split())
    assert result.returncode == 0 and "no command called" not in said and "Score:" not in said
    assert said.count("I didn't review that") == 1
    assert "How long should a cover letter be?" in said  # the next command runs as usual


def test_chat_says_a_missing_file_typed_on_its_own_is_not_there(tmp_path):
    """Trial 14 F19/F28: a mistyped path "/wrk/letters/nothing.pdf" was "no command called" (and the path was
    kept as a command's name); one with no extension is a path too."""
    result = run("--db", str(tmp_path / "m.db"), "chat",
                 stdin="/wrk/letters/nothing.pdf\n/Users/jane.smith/Documents/Letters\n/quit\n")
    said = " ".join(result.stdout.split())
    assert said.count("I can't find that file") == 2 and "no command called" not in said
    slip = run("--db", str(tmp_path / "m.db"), "chat", stdin="/help/\n/quit\n")
    assert "I can't find that file" not in slip.stdout  # a command with a slash typed after it is no path
