"""The bots run on uvloop's event loop where it is installed (adapters/event_loop.py); every other command on
asyncio's own."""
from __future__ import annotations

import asyncio
import sys

import pytest

from adapters.event_loop import loop_factory, run


async def _loop_type() -> str:
    return type(asyncio.get_running_loop()).__module__


@pytest.mark.skipif(sys.platform == "win32", reason="uvloop has no Windows build")
def test_the_bots_run_on_uvloop():
    pytest.importorskip("uvloop")
    assert run(_loop_type(), bots=True).startswith("uvloop")


def test_other_commands_run_on_asyncio_own_loop():
    assert loop_factory(bots=False) is None
    assert run(_loop_type()).startswith("asyncio")


def test_without_uvloop_the_bots_run_on_asyncio(monkeypatch):
    monkeypatch.setitem(sys.modules, "uvloop", None)  # as if not installed: importing it fails
    assert loop_factory(bots=True) is None
    assert run(_loop_type(), bots=True).startswith("asyncio")
