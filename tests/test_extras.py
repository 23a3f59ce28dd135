"""A plain install is the core and the terminal; each platform comes with its extra. Without it, the
command that needs the platform says what to install, in one line, and starts nothing."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import ROOT

# `shortlist ...` in a process where the platform's library can't be imported, as after a plain install.
HIDDEN = ("import sys\nfor name in sys.argv[1].split(','):\n    sys.modules[name] = None\n"
          "from adapters.cli import main\nraise SystemExit(main(sys.argv[2:]))")


def shortlist_without(modules: str, *argv: str) -> subprocess.CompletedProcess[str]:
    # Tokens set, so that nothing but the missing library can stop the command.
    env = {**os.environ, "DISCORD_TOKEN": "test-token", "SLACK_APP_TOKEN": "xapp-test", "SLACK_BOT_TOKEN": "xoxb-test"}
    return subprocess.run([sys.executable, "-c", HIDDEN, modules, *argv], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env=env)


@pytest.mark.parametrize("hidden, argv, extra", [
    ("discord", ("run", "--discord"), "discord"),
    ("slack_bolt", ("run", "--slack"), "slack"),
    ("slack_bolt", ("run", "--discord", "--slack"), "slack"),
    ("discord", ("discord", "invite-url"), "discord"),
    ("slack_bolt", ("slack", "manifest"), "slack"),
])
def test_a_platform_without_its_extra_says_what_to_install(tmp_path, hidden, argv, extra):
    result = shortlist_without(hidden, "--db", str(tmp_path / "x.db"), *argv)
    assert result.returncode == 2, result.stderr
    assert f"pip install 'shortlist[{extra}]'" in result.stderr
    assert f"pip install -e '.[{extra}]'" in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_the_terminal_needs_no_platform_library(tmp_path):
    result = shortlist_without("discord,slack_bolt,slack_sdk,aiohttp", "--db", str(tmp_path / "x.db"),
                               "ask", "/guide ml-engineer")
    assert result.returncode == 0, result.stderr
    assert "Machine learning engineer" in result.stdout
