"""A bot's start-up after it listens: the warm-up (the guides, the review workers), then a word to a service manager
that the bot is ready, as systemd's notify protocol has it (a unit of ``Type=notify`` is started once it hears
``READY=1`` on the datagram socket named in ``NOTIFY_SOCKET``; nothing is sent without one).

Ready means warmed up: until then a bot answers, but reviews in its own thread (one at a time) while its workers
load. The latency benches wait for it too, so that they time the bot as it runs, not its first seconds."""
from __future__ import annotations

import contextlib
import os
import socket

from bot import logs

log = logs.get("shortlist")


def notify(state: str) -> bool:
    """Send ``state`` (``READY=1``) to the service manager; whether there was one to hear it."""
    path = os.environ.get("NOTIFY_SOCKET")
    family = getattr(socket, "AF_UNIX", None)  # (Windows has no such sockets, nor systemd)
    if not path or family is None:
        return False
    address = "\0" + path[1:] if path.startswith("@") else path  # "@name": Linux's abstract namespace
    with contextlib.suppress(OSError), socket.socket(family, socket.SOCK_DGRAM) as sock:
        sock.connect(address)
        sock.sendall(state.encode())
        return True
    log.warning("couldn't tell the service manager at NOTIFY_SOCKET=%s that the bot is ready", path)
    return False


async def warm_up(core) -> None:
    """While the bots connect: load what the first reviews would otherwise load while every other request
    waits, and start the review workers; then say the bot is ready. A failure here only means the first review
    loads it instead."""
    try:
        await core.warm_up()
    except Exception:
        log.warning("warming up failed; the first review will load the engine", exc_info=True)
    notify("READY=1")
