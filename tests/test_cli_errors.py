"""Issue 11, items 10 to 18: the README's commands, run wrongly, end in one clear line, never a traceback."""
from __future__ import annotations

import ast
import asyncio
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


def shortlist(*args: str, env: dict | None = None, drop: tuple = ()) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in drop}
    environ.update(env or {})
    return subprocess.run([sys.executable, "-m", "adapters.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env=environ, timeout=60)


SLACK = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET")


@pytest.mark.parametrize("env, says", [
    ({}, "set SLACK_BOT_TOKEN"),
    ({"SLACK_BOT_TOKEN": "xoxb-test"}, "needs SLACK_SIGNING_SECRET"),
    ({"SLACK_BOT_TOKEN": "xoxb-test", "DISCORD_TOKEN": "t"}, "needs SLACK_SIGNING_SECRET"),
])
def test_run_slack_without_its_settings_says_so_and_exits_2(tmp_path, env, says):
    args = ["--db", str(tmp_path / "x.db"), "run", "--slack"] + (["--discord"] if "DISCORD_TOKEN" in env else [])
    result = shortlist(*args, env=env, drop=SLACK)
    assert result.returncode == 2
    assert says in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr and "never retrieved" not in result.stderr


def test_an_unknown_log_level_names_the_valid_ones(tmp_path):
    result = shortlist("--db", str(tmp_path / "x.db"), "ask", "/help", env={"SHORTLIST_LOG_LEVEL": "loud"})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "DEBUG, INFO, WARNING, ERROR, CRITICAL" in result.stderr and "'loud'" in result.stderr


# -- item 10: --db at something Shortlist can't use ------------------------------------------------------

def _read_only(path) -> tuple[str, ...]:
    """Make ``path`` read-only for the `shortlist` processes this test starts. Root ignores file modes, so
    under root those processes also give up the capability that lets them (setpriv, from util-linux)."""
    path.chmod(0o444)
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only file can't be made read-only for root")
    return (setpriv, "--bounding-set=-dac_override,-dac_read_search", "--")


DB_COMMANDS = {
    "ask": ["ask", "/guide ml-engineer"],
    "review": ["review", "-"],
    "chat": ["chat"],
    "run": ["run", "--discord"],
    "db migrate": ["db", "migrate"],
}


@pytest.fixture(params=["a folder", "a missing folder", "a folder that is a file", "a read-only file"])
def unusable_db(request, tmp_path):
    """(where --db points, what the one line must say, the command prefix)"""
    prefix: tuple[str, ...] = ()
    if request.param == "a folder":
        target, says = tmp_path, "is a folder"
    elif request.param == "a missing folder":
        target, says = tmp_path / "no-such-folder" / "x.db", "no folder"
    elif request.param == "a folder that is a file":
        (tmp_path / "notes.txt").write_text("x")
        target, says = tmp_path / "notes.txt" / "x.db", "is not a folder"
    else:
        target, says = tmp_path / "ro.db", "read-only"
        assert shortlist("--db", str(target), "db", "migrate").returncode == 0
        prefix = _read_only(target)
    return str(target), says, prefix


@pytest.mark.parametrize("command", DB_COMMANDS)
def test_an_unusable_db_is_one_line_and_a_failure(unusable_db, command):
    target, says, prefix = unusable_db
    before = sorted(p.name for p in Path(target).parent.iterdir()) if Path(target).parent.is_dir() else None
    args = ["--db", target, *DB_COMMANDS[command]]
    result = subprocess.run([*prefix, sys.executable, "-m", "adapters.cli", *args], input="Dear Ms Patel,\n",
                            capture_output=True, text=True, cwd=ROOT, env={**os.environ, "DISCORD_TOKEN": "t"},
                            timeout=60)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and target in lines[0], result.stderr
    assert "Traceback" not in result.stderr and "Event loop" not in result.stderr
    assert not Path(target).parent.parent.joinpath("no-such-folder").exists()  # no folder made on a guess
    if before is not None:
        assert sorted(p.name for p in Path(target).parent.iterdir()) == before  # nothing created beside it


# -- item 12: the Discord set-up commands with a wrong token, or no network ------------------------------

UNRESOLVABLE = "http://discord.invalid/api/v10"  # .invalid never resolves (RFC 2606): no network, no waiting


@pytest.fixture
async def discord_api():
    from .fakes.discord_api import FakeDiscord
    fake = FakeDiscord(token="right")
    yield await fake.start()
    await fake.stop()


@pytest.mark.parametrize("action", [["invite-url"], ["sync"], ["sync", "--guild", "4242"]])
@pytest.mark.parametrize("fault", ["wrong token", "no network"])
async def test_discord_set_up_failures_are_one_line(discord_api, action, fault):
    api, says = (discord_api, "refused DISCORD_TOKEN") if fault == "wrong token" else (UNRESOLVABLE, "couldn't reach")
    result = await asyncio.to_thread(shortlist, "discord", *action, drop=("DISCORD_APPLICATION_ID",),
                                     env={"DISCORD_TOKEN": "wrong", "SHORTLIST_DISCORD_API": api})
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], result.stderr
    assert "Traceback" not in result.stderr and "Unclosed" not in result.stderr


async def test_the_right_token_still_works_against_the_same_fake(discord_api):
    result = await asyncio.to_thread(shortlist, "discord", "invite-url", drop=("DISCORD_APPLICATION_ID",),
                                     env={"DISCORD_TOKEN": "right", "SHORTLIST_DISCORD_API": discord_api})
    assert result.returncode == 0 and "client_id=700000000000000001" in result.stdout, result.stderr


def test_the_readme_names_discord_application_id():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "DISCORD_APPLICATION_ID" in readme and "invite-url" in readme


# -- item 13: code is refused, however much prose its docstrings and comments hold -----------------------

def _sources() -> list[Path]:
    """Every Python file of this repository that fits in a paste (real code, written with docstrings), but
    for those that are only a docstring."""
    return sorted(p for part in ("bot", "adapters", "storage", "bench", "tests") for p in (ROOT / part).rglob("*.py")
                  if len(p.read_text(encoding="utf-8")) <= 10_000 and len(ast.parse(p.read_bytes()).body) > 1)


def _letters() -> list[Path]:
    letters, adverts = ROOT / "tests" / "letters", ROOT / "tests" / "adverts"
    return sorted(letters.rglob("*.txt")) + sorted(adverts.rglob("letter.txt"))


DOCUMENTED = '''"""Reads the letters a member shares and works out which of them are worth a second look.

The reviewers asked for this so that nobody has to open every file by hand. It keeps the order the
letters arrived in, and never changes a letter's text.
"""
from pathlib import Path


def shortlisted(folder: Path) -> list[str]:
    """Every letter in the folder, oldest first.

    A letter counts when it is plain text and names the role it is for; anything else is skipped,
    because the reviewers can't read it either.
    """
    # Sorting by name keeps the order the letters were saved in.
    names = sorted(folder.glob("*.txt"))
    return [n.read_text() for n in names]
'''


def test_code_with_prose_docstrings_is_refused(tmp_path):
    from bot.review.intake import problem_with
    sources = _sources()
    assert len(sources) > 30
    missed = [str(p.relative_to(ROOT)) for p in sources if "looks like code" not in (problem_with(
        p.read_text(encoding="utf-8")) or "")]
    assert not missed, f"reviewed as letters: {missed}"
    assert "looks like code" in problem_with(DOCUMENTED)
    letter = tmp_path / "some_code.py"
    letter.write_text(DOCUMENTED, encoding="utf-8")
    result = shortlist("--db", str(tmp_path / "x.db"), "review", str(letter))
    assert result.returncode == 1 and "looks like code" in result.stdout


def test_no_letter_is_refused_as_code():
    from bot.review.intake import problem_with
    letters = _letters()
    assert len(letters) > 140 and any("real" in p.parts for p in letters)
    refused = [str(p.relative_to(ROOT)) for p in letters
               if "looks like code" in (problem_with(p.read_text(encoding="utf-8")) or "")]
    assert not refused


# -- item 14: `shortlist guides check FILE` checks the file among the guides it lives with ------------------

@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "guides").glob("*.yaml")))
def test_each_shipped_guide_passes_checked_on_its_own(name):
    result = shortlist("guides", "check", f"guides/{name}")
    assert result.returncode == 0, result.stdout + result.stderr
    checked = [line for line in result.stdout.splitlines() if line.startswith("ok  ")]
    assert len(checked) == 1 and "not loaded" not in result.stdout  # only the named guide is reported


def test_a_copied_guide_is_blamed_not_its_original(tmp_path):
    for path in (ROOT / "guides").glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    original = tmp_path / "ml-engineer.yaml"
    copies = [tmp_path / "ml-engineer-copy.yaml", tmp_path / "aaa.yaml"]  # both sort before the original
    for copy in copies:
        copy.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    everything = shortlist("--guides", str(tmp_path), "guides", "check")
    one = shortlist("--guides", str(tmp_path), "guides", "check", str(copies[0]))
    for result in (everything, one):
        assert result.returncode == 1
        blamed = [line for line in result.stdout.splitlines() if "already used" in line]
        assert blamed and all(line.startswith(tuple(map(str, copies))) and str(original) in line for line in blamed), \
            result.stdout
        assert not any(line.startswith(str(original)) for line in result.stdout.splitlines())
    assert "ok  ml-engineer" in everything.stdout


def test_a_copy_elsewhere_is_blamed_against_the_shipped_guide(tmp_path):
    copy = tmp_path / "my-mle.yaml"
    copy.write_text((ROOT / "guides" / "ml-engineer.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = shortlist("guides", "check", str(copy))
    assert result.returncode == 1
    [line] = [line for line in result.stdout.splitlines() if "already used" in line]
    assert line.startswith(str(copy)) and "ml-engineer.yaml" in line


def test_a_community_guide_is_checked_as_an_import_would_check_it(tmp_path):
    """A trial: `guides check` said "ok" for a guide `/mod guide import` refused (a look-behind pattern)."""
    nurse = (ROOT / "tests" / "guides" / "nurse.yaml").read_text(encoding="utf-8")
    guide = tmp_path / "nurse.yaml"
    guide.write_text(nurse, encoding="utf-8")
    assert shortlist("guides", "check", str(guide)).stdout.strip() == "ok  nurse"
    guide.write_text(nurse.replace(r"\b(caring|compassionate) (and|nurse|person)", "(?<=I am )caring"),
                     encoding="utf-8")
    result = shortlist("guides", "check", str(guide))
    assert result.returncode == 1 and "ok  nurse" not in result.stdout
    assert "can't run on the linear-time engine" in result.stdout and result.stdout.startswith(f"{guide}:")


# -- item 16: refusals are failures, through `ask` as through `review`; `review --json` says why -----------

LETTER_FILE = ROOT / "tests" / "letters" / "05-framework-list.txt"


def test_refusals_exit_1_through_ask_as_through_review(tmp_path):
    db = ["--db", str(tmp_path / "x.db")]
    member = [*db, "--user", "someone-else"]
    letter = LETTER_FILE.read_text(encoding="utf-8")
    assert shortlist(*member, "ask", "/mod settings").returncode == 1  # moderators only
    assert shortlist(*db, "ask", "/mod disable guide").returncode == 0
    refused = shortlist(*member, "ask", "/guide ml-engineer")
    assert refused.returncode == 1 and "switched off" in refused.stdout
    assert shortlist(*db, "ask", "/mod cooldown 1 per day").returncode == 0
    assert shortlist(*member, "review", str(LETTER_FILE)).returncode == 0
    cooled = subprocess.run([sys.executable, "-m", "adapters.cli", *member, "ask", "/review"], input=letter,
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert cooled.returncode == 1 and "review limit" in cooled.stdout
    assert shortlist(*member, "review", str(LETTER_FILE)).returncode == 1
    assert shortlist(*member, "ask", "/help").returncode == 0  # and what is allowed still succeeds


@pytest.mark.parametrize("case, reason", [
    ("code", "code"), ("empty", "unreadable-file"), ("a guide that doesn't exist", "unknown-role"),
    ("cooldown", "cooldown"), ("switched off", "switched-off"),
])
def test_review_json_on_a_refused_letter_is_an_error_object(tmp_path, case, reason):
    import json
    db = ["--db", str(tmp_path / "x.db")]
    member = [*db, "--user", "someone-else"]
    path, extra = LETTER_FILE, []
    if case == "code":
        path = tmp_path / "some_code.py"
        path.write_text(DOCUMENTED, encoding="utf-8")
    elif case == "empty":
        path = tmp_path / "empty.txt"
        path.write_text("", encoding="utf-8")
    elif case == "a guide that doesn't exist":  # and one is near it: which was meant? (else see below)
        extra = ["--role", "ml-enginer"]
    elif case == "cooldown":
        shortlist(*db, "ask", "/mod cooldown 1 per day")
        assert shortlist(*member, "review", str(LETTER_FILE)).returncode == 0
    else:
        shortlist(*db, "ask", "/mod disable review")
    result = shortlist(*member, "review", str(path), "--json", *extra)
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert list(document) == ["error"] and document["error"]["reason"] == reason
    assert len(document["error"]["message"]) > 20 and "\n" not in document["error"]["message"]


def test_a_role_with_no_guide_near_it_is_reviewed_under_the_general_guide_saying_so(tmp_path):
    """`--role nurse`: the letter is there, and what every letter needs still applies, so it is reviewed
    under the general guide (not refused), and the review says so; scripts read the role in `unknown_role`."""
    import json
    db = ["--db", str(tmp_path / "x.db")]
    said = shortlist(*db, "review", str(LETTER_FILE), "--role", "nurse")
    assert said.returncode == 0 and "I don't have a guide for \u201cnurse\u201d" in said.stdout
    assert "this review uses the Any role" in " ".join(said.stdout.split())
    # (trial 15 F22: "Writing to a US employer?" headed every such review of a plainly UK letter; only a letter with
    # a US address or phone number is told how to ask for US conventions)
    assert "US employer" not in said.stdout
    american = tmp_path / "us.txt"
    american.write_text(LETTER_FILE.read_text(encoding="utf-8").replace("\n\n", "\n\nAustin, TX (512) 555-0147\n\n", 1),
                        encoding="utf-8")
    assert "gives a US address or phone number" in " ".join(
        shortlist(*db, "review", str(american), "--role", "nurse").stdout.split())
    document = json.loads(shortlist(*db, "review", str(LETTER_FILE), "--role", "nurse", "--json").stdout)
    assert document["guide"] == "general" and document["unknown_role"] == "nurse"
    assert "unknown_role" not in json.loads(shortlist(*db, "review", str(LETTER_FILE), "--json").stdout)


# -- item 15: a plain export for scripts, that `/mod import` takes back ------------------------------------

def _shell(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "adapters.cli", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, timeout=60)


def test_mod_export_round_trips_through_mod_import(tmp_path):
    import yaml
    db = ["--db", str(tmp_path / "x.db")]
    for line in ("/mod default-role ml-engineer", "/mod cooldown 3 per day", "/mod disable mistakes",
                 "/mod faq add When is demo day? | The last Friday of the cohort, in room 2."):
        assert _shell(*db, "--community", "a", "ask", line).returncode == 0
    guide = (ROOT / "tests" / "guides" / "nurse.yaml").read_text(encoding="utf-8")
    preview = _shell(*db, "--community", "a", "ask", "/mod guide import", stdin=guide).stdout
    token = re.search(r"/mod guide-confirm (\w+)", preview).group(1)
    assert _shell(*db, "--community", "a", "ask", f"/mod guide-confirm {token}").returncode == 0

    exported = _shell(*db, "--community", "a", "mod", "export")
    assert exported.returncode == 0 and exported.stderr == ""
    document = yaml.safe_load(exported.stdout)  # the file itself: nothing around it
    assert document["default_role"] == "ml-engineer" and "nurse" in document["guides"]
    preview = _shell(*db, "--community", "b", "ask", "/mod import", stdin=exported.stdout)
    assert preview.returncode == 0 and "check the changes" in preview.stdout, preview.stdout
    token = re.search(r"/mod import-confirm (\w+)", preview.stdout).group(1)
    assert _shell(*db, "--community", "b", "ask", f"/mod import-confirm {token}").returncode == 0
    assert _shell(*db, "--community", "b", "mod", "export").stdout == exported.stdout
    again = _shell(*db, "--community", "a", "mod", "import", stdin=exported.stdout)  # the same file, unchanged
    assert "Nothing to import" in again.stdout
    whole_reply = _shell(*db, "--community", "a", "ask", "/mod export").stdout  # what the user saved
    mistaken = _shell(*db, "--community", "b", "ask", "/mod import", stdin=whole_reply)
    assert mistaken.returncode == 1 and "shortlist mod export > backup.yaml" in mistaken.stdout


def test_a_guide_export_is_plain_too_and_a_member_gets_no_file(tmp_path):
    db = ["--db", str(tmp_path / "x.db")]
    exported = _shell(*db, "mod", "guide", "export", "general")
    assert exported.stdout == (ROOT / "guides" / "general.yaml").read_text(encoding="utf-8")
    refused = _shell(*db, "--user", "someone-else", "mod", "export")
    assert refused.returncode == 1 and "only moderators" in refused.stdout


def test_review_refuses_a_second_file_and_json_with_text_in_its_own_words():
    """Trial 6: `review a.txt b.pdf` printed the top level's usage, and `--json --text` dropped --json unsaid."""
    two = shortlist("review", "a.txt", "b.pdf")
    assert two.returncode == 2 and "shortlist review: error: give one letter (a.txt); b.pdf" in two.stderr
    both = shortlist("review", str(LETTER_FILE), "--json", "--text")
    assert both.returncode == 2 and "not allowed with argument --json" in both.stderr


def test_a_guide_that_inherits_general_us_keeps_its_pointers_where_the_advice_is(tmp_path):
    """A trial: a moderator's QA guide inheriting general-us, with no FAQ answer on length or contact details,
    was "ok" and then failed on rules it never wrote. Those points now lead to general-us's own answers, and a
    guide is never "ok" beside an error about it."""
    qa = (ROOT / "tests" / "guides" / "nurse.yaml").read_text(encoding="utf-8").replace(
        "inherit: general\n", "inherit: general-us\n")
    assert "inherit: general-us" in qa
    guide = tmp_path / "nurse.yaml"
    guide.write_text(qa, encoding="utf-8")
    result = shortlist("guides", "check", str(guide))
    assert (result.returncode, result.stdout.strip()) == (0, "ok  nurse"), result.stdout
    from bot.guides import GuideLibrary
    library = GuideLibrary.from_files([*sorted((ROOT / "guides").glob("*.yaml")), guide])
    sections = {r.id: r.section for r in library.rules_for(library.guides["nurse"])}
    assert sections["length.words"] == "general-us:faq" and sections["privacy.personal-data"] == "general-us:faq"


def test_a_mistyped_subcommand_gets_a_did_you_mean():
    """Trial 8 (F27): `shortlist reveiw` listed every subcommand and left the member to spot the typo."""
    result = shortlist("reveiw", "letter.txt")
    assert result.returncode == 2 and "did you mean 'review'?" in result.stderr
    assert "did you mean" not in shortlist("zzzz").stderr  # nothing near: the list alone
