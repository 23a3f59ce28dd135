"""Loopback test doubles of the platforms' APIs. Every server a test needs, the test starts."""
from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import sys
from pathlib import Path

from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent.parent


async def until(condition, seconds: float = 10.0, step: float = 0.02) -> bool:
    """Wait for ``condition()`` to hold; False if it never did (the caller's assert says what)."""
    for _ in range(int(seconds / step)):
        if condition():
            return True
        await asyncio.sleep(step)
    return bool(condition())


@contextlib.asynccontextmanager
async def shortlist_run(*flags: str, **env: str):
    """The real `shortlist run ...` in a process of its own, stopped on exit."""
    environ = {**os.environ, **env}
    for name in ("SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        if name not in env:
            environ.pop(name, None)
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "adapters.cli", "run", *flags, cwd=ROOT,
                                                env=environ)
    try:
        yield proc
    finally:
        if proc.returncode is None:
            proc.terminate()
        await proc.wait()


class LoopbackServer:
    """An aiohttp server on 127.0.0.1 and a free port, closing any websockets it holds on stop."""

    def routes(self, app: web.Application) -> None:  # pragma: no cover - each fake adds its own
        raise NotImplementedError

    async def serve(self) -> int:
        app = web.Application(client_max_size=10 * 1024 * 1024)
        self.routes(app)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        server, loop = self._runner.server, asyncio.get_running_loop()
        assert server is not None
        listener = self.listener()
        where = {"sock": listener} if listener is not None else {"host": "127.0.0.1", "port": 0}
        self._listening = await loop.create_server(lambda: self.connection(server, loop), **where)
        self.port = self._listening.sockets[0].getsockname()[1]
        return self.port

    def listener(self) -> socket.socket | None:
        """A bound, listening socket to serve on (a bench's fake reads the kernel's arrival times from its
        connections); None: a free port on 127.0.0.1."""
        return None

    def connection(self, server: web.Server, loop: asyncio.AbstractEventLoop) -> web.RequestHandler:
        """aiohttp's handler of one accepted connection (a bench's fake notes when requests arrive)."""
        return web.RequestHandler(server, loop=loop, access_log=None)

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        self._listening.close()
        await self._runner.cleanup()
