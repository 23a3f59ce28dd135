"""A quick start: a command imports only what it uses, and validated guides are cached between starts
(the cache never serves stale guides, and a broken or unwritable one only costs time)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot import guide_cache
from bot.guide_cache import load_guides
from bot.guides import GuideLibrary
from bot.review import engine, patterns, saved_plans

ROOT = Path(__file__).resolve().parent.parent
LETTER = (ROOT / "tests" / "letters" / "01-strong-fintech.txt").read_text(encoding="utf-8")


def _imported(tmp_path, *argv: str) -> set[str]:
    """The top-level packages a real `shortlist ...` process had imported when it finished, and
    "guide schema built" if it built the guides' validator."""
    return {m.split(".")[0] for m in _modules(tmp_path, *argv)}


def _modules(tmp_path, *argv: str) -> set[str]:
    """Every module (dotted name) a real `shortlist ...` process had imported when it finished."""
    out = tmp_path / "modules.json"
    code = ("import json, sys\nfrom adapters.cli import main\ncode = main(sys.argv[2:])\n"
            "guides = sys.modules.get('bot.guides')\n"
            "built = ['guide schema built'] if guides and guides.Guide.__pydantic_complete__ else []\n"
            "json.dump(sorted(sys.modules) + built, open(sys.argv[1], 'w'))\n"
            "sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", code, str(out), "--db", str(tmp_path / "x.db"), *argv],
                            capture_output=True, text=True, cwd=ROOT, timeout=60,
                            env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr
    return set(json.loads(out.read_text()))


PLATFORMS = {"discord", "slack_bolt", "slack_sdk", "aiohttp"}


def test_help_imports_no_platform_library_no_guide_schema_and_no_yaml(tmp_path):
    modules = _imported(tmp_path, "ask", "/help")
    assert not modules & (PLATFORMS | {"pydantic", "pydantic_core", "yaml", "rapidfuzz", "prompt_toolkit"})
    # Piped, it prints what rich would, without rich (tests/test_plain_output.py); at a terminal, rich prints.
    assert "rich" not in modules


def test_help_imports_no_review_engine_guide_library_document_libraries_or_postgres_driver(tmp_path):
    """By module, not timing: `/help` lists commands, so it loads the command modules and the SQLite store
    (its history row, the community's switches), and nothing that reads, reviews or validates a letter."""
    modules = _modules(tmp_path, "ask", "/help")
    assert "bot.commands.review" in modules and "storage.sqlite" in modules  # the check looks at the right thing
    unused = {m for m in modules if m.split(".")[0] in {"re2", "spellchecker", "pypdf", "docx", "odf", "asyncpg",
                                                         "psycopg", "pgserver", "markdown_it"}
              or m.startswith(("bot.review.", "bot.advert", "storage.postgres"))
              or m in {"bot.review", "bot.guides", "bot.community_guides", "bot.yaml_source", "storage.copy"}}
    assert not unused


def test_help_builds_none_of_the_classes_of_what_it_doesnt_do(tmp_path):
    """Building a dataclass compiles its methods (a frozen one of three fields ran 3 million instructions):
    `/help` doesn't load the reviewer queue's records, the FAQ matcher, the store's result classes, or shutil
    (argparse's help formatter imports it, with three compression modules, for every option added)."""
    modules = _modules(tmp_path, "ask", "/help")
    assert "bot.reviewers" in modules or "bot.commands.reviewers" in modules  # the check looks at the right thing
    assert not modules & {"bot.queue_records", "bot.faq", "bot.store", "shutil", "shlex"}


def test_help_builds_no_review_record_no_queue_post_no_dialect_and_loads_no_inspect(tmp_path):
    """A dataclass costs a few million instructions to build: `/help` builds none of a review's records, the
    reviewer queue's posts or the chat platforms' dialects; and the inspect module (with ast, dis and tokenize),
    which dataclasses imports only to describe a dataclass without a docstring, loads only when used."""
    _modules(tmp_path, "ask", "/help")  # makes the database, the usual way (asyncio loads inspect)
    modules = _modules(tmp_path, "ask", "/help")
    assert "bot.records" in modules  # the check looks at the right thing: the history row's class is built
    assert not modules & {"bot.review_records", "bot.commands.reviewers.events", "adapters.markup", "inspect", "dis",
                          "ast", "tokenize"}


def test_a_dataclass_without_a_docstring_still_describes_itself_after_the_command_line_loads():
    """dataclasses' stand-in for inspect (adapters/__init__.py) imports the real module when first asked."""
    code = ("import sys\nimport adapters.cli\nassert 'inspect' not in sys.modules\n"
            "from dataclasses import dataclass\n@dataclass\nclass Point:\n    x: int\n    y: int = 0\n"
            "print(Point.__doc__)\nimport inspect\nprint(inspect.signature(Point) == inspect.signature(Point.__init__)"
            " or inspect.signature(Point))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["Point(x: int, y: int = 0)", "(x: int, y: int = 0) -> None"]


def test_help_loads_no_logging_and_a_warning_still_prints_as_configured(tmp_path):
    """Loggers are looked up when first used (bot/logs.py): `/help` logs nothing and loads no logging; a command
    that does log (a broken guide file, skipped) prints in the format and at the level the command line sets."""
    assert "logging" in _modules(tmp_path, "ask", "/help")  # a new database: made the usual way (asyncio logs)
    assert "logging" not in _modules(tmp_path, "ask", "/help")
    folder = _guides_copy(tmp_path)
    (folder / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")

    def stderr(level: str) -> str:
        result = subprocess.run([sys.executable, "-m", "adapters.cli", "--db", str(tmp_path / "x.db"), "--guides",
                                 str(folder), "ask", "/guide ml-engineer"], capture_output=True, text=True, cwd=ROOT,
                                timeout=60, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"),
                                                 "SHORTLIST_LOG_LEVEL": level})
        assert result.returncode == 0, result.stderr
        return result.stderr
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING bot\.guides?(_cache)?: guide file skipped: "
                    r".*broken\.yaml", stderr("WARNING"))
    assert stderr("ERROR") == ""


def test_a_command_that_only_reads_guides_runs_without_asyncio_or_aiosqlite(tmp_path):
    """Once the database exists and is up to date, `ask /help` runs on the one-shot store, with no event loop
    (tests/test_oneshot.py shows it answers and records as the usual way does)."""
    first = _modules(tmp_path, "ask", "/help")  # makes and migrates the database: the usual way
    assert {"asyncio", "aiosqlite"} <= {m.split(".")[0] for m in first}
    for line in ("/help", "/guide ml-engineer", "/faq how long should it be"):
        modules = _modules(tmp_path, "ask", line)
        assert "storage.oneshot" in modules
        unused = {"asyncio", "aiosqlite", "rich"} | ({"hashlib", "secrets"} if line == "/help" else set())
        assert not {m.split(".")[0] for m in modules} & unused


def test_a_review_without_an_advert_loads_no_advert_reader(tmp_path):
    """The advert reader and its vocabulary (pydantic models among them) were a seventh of a one-off review's
    start; a review with no advert doesn't load them, and one with an advert does."""
    letter = str(ROOT / "tests" / "letters" / "01-strong-fintech.txt")
    alone = _modules(tmp_path, "review", letter, "--role", "ml-engineer")
    # the small check that a letter isn't the advert itself (bot.advert.intake: re only) runs with every review
    light = {"bot.advert", "bot.advert.intake"}
    assert "bot.review.engine" in alone and not {m for m in alone if m.startswith("bot.advert")} - light
    other = tmp_path / "other"  # another database: the first review's cooldown would refuse the second
    other.mkdir()
    advert = str(ROOT / "tests" / "adverts" / "tune" / "01-fraud-mle-uk" / "advert.txt")
    assert "bot.advert.reader" in _modules(other, "review", letter, "--role", "ml-engineer", "--advert", advert)


def test_a_review_at_the_terminal_runs_without_asyncio_once_its_database_exists(tmp_path):
    """`shortlist review FILE` reviews in its own coroutine on the one-shot store (bot/review_inline.py): no
    event loop, so neither asyncio (with ssl) nor aiosqlite; a new database is made the usual way first."""
    letter = str(ROOT / "tests" / "letters" / "01-strong-fintech.txt")
    assert {"asyncio", "aiosqlite"} <= _modules(tmp_path, "ask", "/faq long")  # makes the database, the usual way
    modules = _modules(tmp_path, "review", letter, "--role", "ml-engineer", "--json")
    assert "bot.review.engine" in modules and not modules & {"asyncio", "aiosqlite", "ssl", "bot.review_runner"}


def test_json_output_imports_no_rich(tmp_path):
    modules = _imported(tmp_path, "ask", "/help", "--json")
    assert "rich" not in modules and not modules & PLATFORMS


def test_a_guide_from_the_cache_imports_no_yaml_and_builds_no_schema(tmp_path):
    assert "guide schema built" in _imported(tmp_path, "ask", "/guide ml-engineer")  # validates, fills the cache
    modules = _imported(tmp_path, "ask", "/guide ml-engineer")
    assert not modules & (PLATFORMS | {"yaml", "guide schema built"})


def _guides_copy(tmp_path) -> Path:
    folder = tmp_path / "guides"
    shutil.copytree(ROOT / "guides", folder, ignore=shutil.ignore_patterns("README.md"))
    return folder


def _validations(monkeypatch) -> list[Path]:
    """Counts the times guides are validated from their YAML (not read from the cache)."""
    seen = []
    real = GuideLibrary.load.__func__

    def load(cls, directory=guide_cache.DEFAULT_GUIDES_DIR):
        seen.append(Path(directory))
        return real(cls, directory)
    monkeypatch.setattr(GuideLibrary, "load", classmethod(load))
    return seen


def test_unchanged_guides_are_validated_once_then_read_from_the_cache(tmp_path, monkeypatch):
    folder, cache = _guides_copy(tmp_path), tmp_path / "cache"
    validated = _validations(monkeypatch)
    first = load_guides(folder, cache)
    second = load_guides(folder, cache)
    assert len(validated) == 1
    assert list(cache.glob("guides-*.pickle"))
    assert [g.id for g in second] == [g.id for g in first]
    # The cached rules review exactly as freshly validated ones do.
    for library in (first, second):
        guide = library.guides["ml-engineer"]
        assert engine.review(LETTER, guide.id, library.rules_for(guide)).to_dict() == engine.review(
            LETTER, guide.id, first.rules_for(first.guides["ml-engineer"])).to_dict()


def test_the_cache_keeps_the_patterns_plans_so_a_review_from_it_reads_no_pattern_for_one(tmp_path, monkeypatch):
    folder, cache = _guides_copy(tmp_path), tmp_path / "cache"
    load_guides(folder, cache)  # validated, and every pattern the guides' rules scan planned, into the cache
    read: list[str] = []
    real = patterns.required_words
    monkeypatch.setattr(patterns, "required_words", lambda pattern: read.append(pattern) or real(pattern))
    monkeypatch.setattr(patterns, "_PLANS", {})  # as a new process: nothing planned, nothing restored
    monkeypatch.setattr(saved_plans, "PLANS", {})
    library = load_guides(folder, cache)
    guide = library.guides["ml-engineer"]
    from_cache = engine.review(LETTER, guide.id, library.rules_for(guide)).to_dict()
    assert saved_plans.PLANS and not read  # every plan the review needed came with the guides
    monkeypatch.setattr(patterns, "_PLANS", {})
    monkeypatch.setattr(saved_plans, "PLANS", {})
    assert engine.review(LETTER, guide.id, library.rules_for(guide)).to_dict() == from_cache
    assert read  # planned afresh this time, to the same review


def test_a_changed_guide_is_validated_again_and_the_old_cache_dropped(tmp_path, monkeypatch):
    folder, cache = _guides_copy(tmp_path), tmp_path / "cache"
    validated = _validations(monkeypatch)
    load_guides(folder, cache)
    general = folder / "general.yaml"
    general.write_text(general.read_text(encoding="utf-8").replace("title: ", "title: Changed ", 1), encoding="utf-8")
    library = load_guides(folder, cache)
    assert len(validated) == 2
    assert library.guides["general"].title.startswith("Changed ")
    assert len(list(cache.glob("guides-*.pickle"))) == 1


def test_a_broken_guide_is_still_reported_when_the_library_comes_from_the_cache(tmp_path, caplog):
    folder, cache = _guides_copy(tmp_path), tmp_path / "cache"
    (folder / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    load_guides(folder, cache)
    caplog.clear()
    library = load_guides(folder, cache)
    assert "ml-engineer" in library.guides
    assert any("broken.yaml" in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_corrupt_cache_is_ignored_and_replaced(tmp_path, monkeypatch, damage):
    folder, cache = _guides_copy(tmp_path), tmp_path / "cache"
    load_guides(folder, cache)
    [saved] = cache.glob("guides-*.pickle")
    saved.write_bytes(damage)
    validated = _validations(monkeypatch)
    library = load_guides(folder, cache)
    assert len(validated) == 1 and "ml-engineer" in library.guides
    assert saved.read_bytes() != damage  # rewritten whole


def test_a_cache_folder_that_cant_be_written_only_costs_time(tmp_path, monkeypatch):
    folder = _guides_copy(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    validated = _validations(monkeypatch)
    for _ in range(2):
        assert "ml-engineer" in load_guides(folder, blocker / "shortlist").guides
    assert len(validated) == 2
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(".guides-")]  # no temporary file left


def test_the_command_line_keeps_its_cache_in_the_users_cache_folder(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-m", "adapters.cli", "--db", str(tmp_path / "x.db"), "ask",
                             "/guide ml-engineer"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "cache" / "shortlist").glob("guides-*.pickle"))


def test_the_spelling_dictionary_is_loaded_once_then_read_from_the_cache(tmp_path, monkeypatch, library):
    """Reading pyspellchecker's compressed word list was most of a `shortlist review`'s start; a checker read
    back from the cache finds the same slips, so a review is the same either way."""
    import spellchecker

    from bot import disk_cache
    from bot.review import spelling
    monkeypatch.setattr(disk_cache, "folder", tmp_path)
    built = []
    real = spellchecker.SpellChecker.__init__

    def counted(self, *args, **kwargs):
        built.append(args or kwargs)
        real(self, *args, **kwargs)
    monkeypatch.setattr(spellchecker.SpellChecker, "__init__", counted)
    letter = LETTER.replace("introduced", "introducced", 1)
    guide = library.guides["ml-engineer"]
    reviews = []
    try:
        for _ in range(2):
            spelling._checker.cache_clear()
            spelling._dictionary.cache_clear()
            spelling.known.cache_clear()
            spelling.correction.cache_clear()
            reviews.append(engine.review(letter, guide.id, library.rules_for(guide)).to_dict())
    finally:
        spelling._checker.cache_clear()
        spelling._dictionary.cache_clear()
    assert len(built) == 1 and len(list(tmp_path.glob("spelling-*.pickle"))) == 1
    assert reviews[0] == reviews[1] and "introducced" in json.dumps(reviews[0])


@pytest.mark.parametrize("argv", [
    ["ask", "/help"], ["ask"], ["ask", "--help"], ["--db", "x.db", "--user=bob", "ask", "/guide mle", "--json"],
    ["review", "letter.pdf", "--role", "mle", "--advert", "-", "--json"], ["review"], ["mod", "export"],
    ["run", "--slack", "--shards", "0-3", "--shard-count", "8"], ["run", "--shards", "x"], ["db", "copy", "a", "b"],
    ["guides"], ["guides", "check", "a.yaml"], ["discord", "sync", "--guild", "7"], ["slack", "manifest"], ["chat"],
    ["ask", "/help", "--db", "x.db"]])
def test_a_command_line_parses_the_same_with_only_its_own_subcommands_parser(argv, capsys):
    """Only the named subcommand's parser is built (argparse's gettext look-ups made all fifteen a tenth of a
    start): what it parses, and the help and errors it prints, are those of the whole parser."""
    from adapters.cli_args import action_in, build

    def outcome(parser):
        try:
            result = vars(parser.parse_args(argv))
        except SystemExit as exit:
            result = exit.code
        return result, capsys.readouterr()
    assert action_in(argv) == next(a for a in argv if not a.startswith("-") and a != "x.db")
    assert outcome(build(action_in(argv))) == outcome(build())


@pytest.mark.parametrize("columns", ["", "52", "200"])
@pytest.mark.parametrize("argv", [[], ["ask"], ["run"], ["db", "copy"]])
def test_help_is_laid_out_as_argparses_own_formatter_lays_it_out(argv, columns, monkeypatch):
    """The formatter that spares shutil finds the width shutil would (COLUMNS, else 80 off a terminal)."""
    import argparse

    from adapters.cli_args import build
    monkeypatch.setenv("COLUMNS", columns)
    parser = build()
    for word in argv:  # down to the subcommand's own parser
        parser = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices[word]
    ours = parser.format_help()
    parser.formatter_class = argparse.HelpFormatter
    assert ours == parser.format_help() and len(max(ours.splitlines(), key=len)) <= int(columns or 80)


@pytest.mark.parametrize("argv", [[], ["--help"], ["--us", "bob", "ask", "/help"], ["asks", "/help"], ["--db"]])
def test_a_command_line_without_a_plain_subcommand_gets_the_whole_parser(argv):
    from adapters.cli_args import action_in
    assert action_in(argv) is None


def test_each_subcommand_is_named_in_its_usage_as_argparse_would_name_it():
    """The parser names each group of subcommands itself (argparse would build a help formatter for it, and
    with it load shutil, on every start): the names must be the ones argparse works out."""
    import argparse

    from adapters.cli_args import build

    def groups(parser):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                yield parser, action
                for child in action.choices.values():
                    yield from groups(child)
    seen = list(groups(build()))
    for parent, action in seen:
        formatter = parent._get_formatter()
        positionals = [a for a in parent._get_positional_actions() if a is not action]  # as it was then
        formatter.add_usage(parent.usage, positionals, parent._mutually_exclusive_groups, "")
        assert action._prog_prefix == formatter.format_help().strip()
    assert len(seen) == 5


def test_a_bot_loads_before_members_arrive_what_every_review_checks_on_the_event_loop(library):
    """Every review asks, on the event loop, whether the letter is the job advert (bot.advert.intake); a bot
    that first imported it inside a burst held every other request behind the import."""
    code = ("import sys\nfrom pathlib import Path\nfrom bot.guides import GuideLibrary\nfrom bot import warm\n"
            "warm.load(GuideLibrary.load(Path('guides')), reviews=False)\n"
            "print('bot.advert.intake' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.stdout.strip() == "True", result.stderr


def test_a_one_shot_command_collects_no_garbage_and_ends_without_tearing_the_interpreter_down():
    """`shortlist review FILE` spent 3% of its instructions collecting garbage while it loaded, and 4% taking the
    interpreter apart after it had answered; the bots and the chat keep both."""
    code = ("import atexit, gc, sys\nimport adapters.cli as cli\natexit.register(lambda: print('torn down'))\n"
            "cli.main = lambda argv=None: print('collecting', gc.isenabled()) or 3\n"
            "sys.argv = ['shortlist', *sys.argv[1:]]\ncli.run()")

    def shortlist(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, cwd=ROOT,
                              timeout=60)
    for one_shot in (["ask", "/help"], ["review", "letter.txt"], ["--db", "x.db", "mod", "stats"]):
        ran = shortlist(*one_shot)
        assert (ran.returncode, ran.stdout.split()) == (3, ["collecting", "False"]), ran.stderr
    chat = shortlist("chat")
    assert chat.returncode == 3 and chat.stdout.split() == ["collecting", "True", "torn", "down"]
