"""The real slack-bolt AsyncApp on a store, served over HTTP on 127.0.0.1 or fed Socket Mode requests,
against the loopback fake of Slack's Web API."""
from __future__ import annotations

import asyncio
import itertools
import json

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_internals import run_async_bolt_app
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.app import build_app
from adapters.slack.verify import http_app
from bot.core import Shortlist
from storage import Store, open_store

from . import until
from .slack_api import FakeSlack, form, interactive, sign

SOCKET_TYPES = {"command": "slash_commands", "interactive": "interactive", "event": "events_api"}
_envelopes = itertools.count(1)


class SlackHarness:
    def __init__(self, mode, app, fake, store, url=None, session=None):
        self.mode, self.app, self.fake, self.store, self.url, self.session = mode, app, fake, store, url, session

    async def deliver(self, kind: str, payload: dict, *, retry: int | None = None, timestamp: int | None = None,
                      secret: str | None = None) -> int:
        if self.mode == "socket":
            request = SocketModeRequest(type=SOCKET_TYPES[kind], envelope_id=f"env-{next(_envelopes)}",
                                        payload=payload, retry_attempt=retry)
            response = await run_async_bolt_app(self.app, request)
            self.fake.record_ack(payload, response.body)
            return response.status
        body = {"command": form, "interactive": interactive, "event": json.dumps}[kind](payload)
        headers = sign(body, timestamp, **({"secret": secret} if secret else {}))
        if kind == "event":
            headers["Content-Type"] = "application/json"
        if retry:
            headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
        async with self.session.post(self.url, data=body.encode(), headers=headers) as response:
            if response.status == 200:
                self.fake.record_ack(payload, await response.text())
            return response.status

    async def answer(self, kind: str, make_payload):
        """Deliver one request and wait for the answer to its own response_url, so requests whose
        work overlaps (it runs after each ack) can't be confused."""
        url = self.fake.response_url()
        await self.deliver(kind, make_payload(url))
        path = url.split(str(self.fake.port))[1]
        assert await until(lambda: any(a.path == path for a in self.fake.answers))
        return next(a for a in self.fake.answers if a.path == path)

    async def settle(self, method_count: int | None = None, *methods: str, answers: int | None = None) -> None:
        for _ in range(500):
            if answers is not None and len(self.fake.answers) >= answers:
                break
            if method_count is not None and len(self.fake.of(*methods)) >= method_count:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.1)  # and nothing more arrives


async def slack_harness(mode, library, tmp_path, db_name="slack.db", busy_timeout_ms=5000, ack_budget=30.0,
                   database=None):
    """``ack_budget``: generous by default, so whether an answer rides in the ack never depends on
    how busy the test machine is; the production budget is measured in bench/. ``database``: a `--db`
    target (a PostgreSQL URL, say); else a SQLite file ``db_name`` in tmp_path."""
    fake = FakeSlack()
    base = await fake.start()
    store = (await open_store(database) if database
             else await Store.open(tmp_path / db_name, busy_timeout_ms=busy_timeout_ms))
    client = AsyncWebClient(token="xoxb-test", base_url=base)
    # As `shortlist run` builds it: the signature is checked by http_app's gate, not by bolt again.
    app = build_app(Shortlist(library, store), token="xoxb-test", signing_secret=None, client=client,
                    ack_budget=ack_budget)
    runner = session = url = None
    if mode == "http":
        runner = web.AppRunner(http_app(app, "test-signing-secret", "/slack/events"), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/slack/events"
        session = aiohttp.ClientSession()
    harness = SlackHarness(mode, app, fake, store, url, session)

    async def close():
        if session:
            await session.close()
        await app.bridge.close()
        if runner:
            await runner.cleanup()
        await store.close()
        await fake.stop()
    return harness, close
