"""The `shortlist` command as members and scripts run it: real processes, real output."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args, stdin: str | None = None, env: dict | None = None):
    return subprocess.run([sys.executable, "-m", "adapters.cli", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, "COLUMNS": "100", **(env or {})}, timeout=60)


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


def test_user_text_cannot_drive_the_terminal():
    result = run("ask", "/faq \x1b[31mred\x1b[0m and more words here")
    assert "\x1b[31m" not in result.stdout
