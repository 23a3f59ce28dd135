from __future__ import annotations

import secrets
import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest

from bot.core import Shortlist
from bot.guides import GuideLibrary
from bot.reply import Reply
from storage import is_postgres_url, open_store

from .fakes.discord_harness import discord_harness
from .fakes.drivers import DiscordDriver, SlackDriver, TerminalDriver
from .fakes.slack_harness import slack_harness

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ROOT / "guides"


@pytest.fixture(scope="session", autouse=True)
def _private_home(tmp_path_factory):
    """Every test, and every `shortlist` process a test starts, gets its own data, config and cache
    folders: the suite must never read or write the developer's real history database."""
    home = tmp_path_factory.mktemp("home")
    patch = pytest.MonkeyPatch()
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        patch.setenv(name, str(home / name.lower()))
    for name in ("SHORTLIST_DB", "SHORTLIST_CONFIG", "SHORTLIST_GUIDES"):
        patch.delenv(name, raising=False)
    yield home
    patch.undo()


@pytest.fixture(scope="session")
def library() -> GuideLibrary:
    lib = GuideLibrary.load(GUIDES)
    assert not lib.problems, lib.problems
    return lib


@pytest.fixture
def core(library) -> Shortlist:
    return Shortlist(library)


async def ask(core: Shortlist, line: str, text: str | None = None, **context) -> Reply:
    request = core.parse(line, **context)
    if text is not None:
        from dataclasses import replace
        request = replace(request, text=text)
    return await core.handle(request)


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def pytest_terminal_summary(terminalreporter):
    """Print the per-rule precision and recall over the labelled letters and the real letters, and the
    advert reader's figures over the labelled advert + letter pairs."""
    from .test_adverts import FIGURES
    if FIGURES:
        terminalreporter.section("adverts: requirement extraction and coverage on tests/adverts")
        for part, s in FIGURES.items():
            terminalreporter.write_line(
                f"{part:9} {s.pairs:>2} pairs  precision {s.precision:.2f} ({s.paired}/{s.extracted})  recall "
                f"{s.recall:.2f} ({s.paired}/{s.labelled})  coverage agreement {s.coverage:.2f}  "
                f"titles {s.titles}/{s.pairs}  employers {s.companies}/{s.pairs}")
    from .test_review_real import FIGURES as REAL
    from .test_review_real import report
    if REAL:
        terminalreporter.section("review on real letters (tests/letters/real): tune/ and held-out/")
        report(terminalreporter.write_line)
    from .test_role_held_out import FIGURES as ROLE_HELD_OUT
    from .test_role_held_out import report as role_report
    if ROLE_HELD_OUT:
        terminalreporter.section("role guides: precision and recall on their held-out letters")
        role_report(terminalreporter.write_line)
    from .test_review_letters import SCORES
    if not SCORES:
        return
    terminalreporter.section("review rules: precision and recall on tests/letters")
    terminalreporter.write_line(f"{'rule':32} {'TP':>3} {'FP':>3} {'FN':>3} {'precision':>9} {'recall':>7}")
    for rule, (tp, fp, fn) in sorted(SCORES.items()):
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        terminalreporter.write_line(f"{rule:32} {tp:>3} {fp:>3} {fn:>3} {precision:>9.2f} {recall:>7.2f}")


# -- databases: every test that takes `database` runs on SQLite and on a real PostgreSQL -------------------
ENGINES = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres():
    """One real PostgreSQL server for the whole session, from the binaries the `pgserver` wheel ships
    (as root it runs the server as an unprivileged `pgserver` user it creates). Stopped and deleted at
    the end. Not under pytest's temporary folder: every pytest session on the machine makes that
    private to root again, which would lock the server out of its own data."""
    import pgserver
    folder = Path(tempfile.mkdtemp(prefix="shortlist-pg-"))
    server = pgserver.get_server(folder / "data", cleanup_mode="delete")
    yield server
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres):
    """A fresh, empty database on the session's server, dropped afterwards."""
    name = f"t_{secrets.token_hex(6)}"
    postgres.psql(f"CREATE DATABASE {name};")
    yield postgres.get_uri(name)
    postgres.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE);")


@pytest.fixture(params=ENGINES)
def database(request, tmp_path) -> str:
    """Where a test's store lives, as `--db` takes it: a SQLite file path or a `postgresql://` URL."""
    if request.param == "sqlite":
        return str(tmp_path / "shortlist.db")
    return request.getfixturevalue("postgres_url")


async def table_columns(store, table: str) -> list[str]:
    """A table's column names, on either engine."""
    if is_postgres_url(store.path):
        return [c for c, in await store._fetchall(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            (table,))]
    return [c[1] for c in await store._fetchall(f"PRAGMA table_info({table})")]


# -- the platforms, and the core with a store: fixtures shared by the test modules of every feature ----------
@pytest.fixture
async def mod_core(library, database):
    store = await open_store(database)
    yield Shortlist(library, store)
    await store.close()


@pytest.fixture
async def discord_bot(library, database):
    """On both engines (``database``: a SQLite file, a PostgreSQL database)."""
    async with discord_harness(library, database) as harness:
        yield harness


@pytest.fixture(params=["http", "socket", "http-postgresql"])
async def slack(request, library, tmp_path):
    """HTTP and Socket Mode on SQLite, and HTTP on PostgreSQL."""
    mode, _, engine = request.param.partition("-")
    database = request.getfixturevalue("postgres_url") if engine else None
    harness, close = await slack_harness(mode, library, tmp_path, database=database)
    yield harness
    await close()


@pytest.fixture
async def slack_http(library, tmp_path, database):
    harness, close = await slack_harness("http", library, tmp_path, database=database)
    yield harness
    await close()


@pytest.fixture(params=["terminal", "discord", "slack"])
async def driver(request, library, database):
    """Each platform, on each engine (``database``: SQLite and PostgreSQL)."""
    if request.param == "terminal":
        yield TerminalDriver(database)
    elif request.param == "discord":
        async with discord_harness(library, database) as harness:
            yield DiscordDriver(harness)
    else:
        harness, close = await slack_harness("http", library, None, database=database)
        yield SlackDriver(harness)
        await close()
