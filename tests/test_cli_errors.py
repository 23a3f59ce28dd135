"""Issue 11, items 10 to 18: the README's commands, run wrongly, end in one clear line, never a traceback."""
from __future__ import annotations

import os
import subprocess
import sys

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
