"""The event loop a command runs on: uvloop's for the bots (`shortlist run`), where it is installed.

A bot's event loop does every member's acknowledgement, and in a burst its own machinery is a sixth of its
work (asyncio's handles, timers and selector in Python). uvloop does the same in C: the bot's instructions for
each request, counted with callgrind in bursts of the latency benches, fell from 1.53-1.81 M to 1.45-1.58 M a
Discord `/guide` at 200 at once, and from 4.65-4.77 M to 4.11-4.32 M a Slack review's ack and delivery at 50.
The other commands keep asyncio's own loop (nothing there waits on it, and `shortlist chat` reads the terminal
through it); so does a system uvloop doesn't support (Windows), the same code either way."""
from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def loop_factory(bots: bool) -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's loop for the bots when it is installed; None: asyncio's own."""
    if not bots:
        return None
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def run(main: Coroutine[Any, Any, T], *, bots: bool = False) -> T:
    """``asyncio.run(main)``, on the loop ``loop_factory`` gives."""
    with asyncio.Runner(loop_factory=loop_factory(bots)) as runner:
        return runner.run(main)
