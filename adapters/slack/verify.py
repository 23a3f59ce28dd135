"""Requests that aren't Slack's are refused before bolt sees them: 401, and one short log line a
minute at most, so anyone on the internet can't fill the log with tracebacks."""
from __future__ import annotations

import logging
import re
import time

from aiohttp import web
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger("shortlist.slack")
NOTE_EVERY = 60.0  # seconds between log lines about refused requests
_TIMESTAMP = re.compile(r"\d{1,12}")


class SignedOnly:
    """aiohttp middleware: only a well-formed request signed with the app's secret reaches bolt."""

    def __init__(self, signing_secret: str):
        self._verifier = SignatureVerifier(signing_secret)
        self._noted_at: float | None = None
        self._unnoted = 0

    def problem(self, body: bytes, headers) -> str | None:
        """What is wrong with a request, or None when Slack signed it."""
        timestamp = headers.get("X-Slack-Request-Timestamp", "")
        signature = headers.get("X-Slack-Signature", "")
        if not _TIMESTAMP.fullmatch(timestamp):
            return "no valid timestamp"
        if not signature:
            return "no signature"
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return "a body that isn't UTF-8"
        if not self._verifier.is_valid(text, timestamp, signature):
            return "a wrong or expired signature"
        return None

    def note(self, why: str, peer: str | None) -> None:
        now = time.monotonic()
        if self._noted_at is not None and now - self._noted_at < NOTE_EVERY:
            self._unnoted += 1
            return
        since = f"; {self._unnoted} more refused since the last note" if self._unnoted else ""
        log.warning("refused a request that isn't from Slack (%s, from %s)%s", why, peer or "unknown", since)
        self._noted_at, self._unnoted = now, 0

    @web.middleware
    async def middleware(self, request: web.Request, handler):
        if request.method == "POST":
            why = self.problem(await request.read(), request.headers)  # read() is cached for bolt
            if why:
                self.note(why, request.remote)
                return web.Response(status=401, text="This endpoint only answers requests signed by Slack.")
        return await handler(request)


def http_app(bolt_app, signing_secret: str, path: str) -> web.Application:
    """bolt's aiohttp application behind the signature gate, each request counted while it is being
    acknowledged (``AckFirst``: the answers of earlier ones wait meanwhile)."""
    app = bolt_app.web_app(path=path)
    acks = bolt_app.bridge.acks

    @web.middleware
    async def acknowledging(request: web.Request, handler):
        with acks.acknowledging():
            return await handler(request)
    app.middlewares[:0] = [acknowledging, SignedOnly(signing_secret).middleware]
    return app
