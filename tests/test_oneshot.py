"""`shortlist ask` for a command that only reads the guides runs without an event loop, on the one-shot
store (storage/oneshot.py): it must answer and record exactly as the usual way does."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from adapters import cli
from storage.oneshot import OneShotStore, Waited, finish

LINES = ["/help", "/guide ml-engineer", "/guide mle example", "/mistakes", "/faq how long should it be",
         "/guide no-such-role", "/faq"]


def _ask(db, line: str, *more: str) -> int:
    return cli.main(["--db", str(db), "--community", "c1", "--user", "ana", "ask", line, *more])


def _rows(db) -> tuple[list[tuple], list[tuple]]:
    conn = sqlite3.connect(db)
    commands = conn.execute('SELECT platform, community, channel, "user", command, args, outcome FROM commands'
                            " ORDER BY id").fetchall()
    uses = conn.execute("SELECT c.command, g.guide, g.community, g.at = c.at FROM guide_uses g"
                        " JOIN commands c ON c.id = g.command_id ORDER BY g.command_id").fetchall()
    conn.close()
    return commands, uses


def test_answers_and_history_rows_are_those_of_the_usual_way(tmp_path, monkeypatch, capsys):
    usual, at_once = tmp_path / "usual.db", tmp_path / "at-once.db"
    for db in (usual, at_once):
        assert _ask(db, "/history") == 0  # a database made and migrated the usual way
    capsys.readouterr()
    opened = []
    real = OneShotStore.open
    monkeypatch.setattr(OneShotStore, "open", classmethod(lambda cls, path: opened.append(path) or real(path)))
    printed = {}
    for db, at_once_commands in ((usual, ()), (at_once, cli.AT_ONCE)):
        monkeypatch.setattr(cli, "AT_ONCE", at_once_commands)
        printed[db] = [(_ask(db, line), capsys.readouterr().out) for line in LINES]
        printed[db].append((_ask(db, "/guide ml-engineer", "--json"), capsys.readouterr().out))
    assert [str(p) for p in opened] == [str(at_once)] * (len(LINES) + 1)  # the one-shot store served them
    assert printed[at_once] == printed[usual]
    assert [code for code, _ in printed[usual]].count(1) == 1  # the unknown role: a failure, either way
    assert _rows(at_once) == _rows(usual)
    commands, uses = _rows(at_once)
    assert len(commands) == len(LINES) + 2 and ("guide", "ml-engineer", "c1", 1) in uses


def test_the_retention_purge_runs_as_at_every_start(tmp_path, capsys):
    db = tmp_path / "x.db"
    assert _ask(db, "/history") == 0
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=400)).replace(tzinfo=None).isoformat() + "Z"
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO commands (at, platform, community, channel, \"user\", command, args, outcome,"
                 " latency_ms) VALUES (?, 'terminal', 'c1', 't', 'old', 'help', '', 'ok', 1)", (old,))
    conn.commit()
    conn.close()
    assert _ask(db, "/help") == 0
    assert [u for u, in sqlite3.connect(db).execute('SELECT "user" FROM commands')] == ["ana", "ana"]


def test_a_new_database_or_one_to_migrate_is_left_to_the_usual_store(tmp_path):
    assert OneShotStore.open(tmp_path / "new.db") is None and not (tmp_path / "new.db").exists()
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT)")
    conn.execute("INSERT INTO schema_version VALUES (1, 'first', '')")
    conn.commit()
    conn.close()
    before = old.read_bytes()
    assert OneShotStore.open(old) is None and old.read_bytes() == before


def test_a_coroutine_that_waits_is_stopped_not_run_halfway():
    import asyncio

    async def waits() -> None:
        await asyncio.sleep(0)
    with pytest.raises(Waited):
        finish(waits())
