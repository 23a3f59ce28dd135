"""The HTTP endpoint Slack calls. Requests that aren't Slack's are refused before bolt sees them: 401, and
one short log line a minute at most, so anyone on the internet can't fill the log with tracebacks."""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Mapping

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from .direct import form_fields

log = logging.getLogger("shortlist.slack")
NOTE_EVERY = 60.0  # seconds between log lines about refused requests
_TIMESTAMP = re.compile(r"\d{1,12}")


class SignedOnly:
    """Only a well-formed request signed with the app's secret reaches bolt."""

    def __init__(self, signing_secret: str):
        self._verifier = SignatureVerifier(signing_secret)
        self._noted_at: float | None = None
        self._unnoted = 0

    def read(self, body: bytes, headers) -> tuple[str, str | None]:
        """The body as text, and what is wrong with the request (None when Slack signed it)."""
        timestamp = headers.get("X-Slack-Request-Timestamp", "")
        signature = headers.get("X-Slack-Signature", "")
        if not _TIMESTAMP.fullmatch(timestamp):
            return "", "no valid timestamp"
        if not signature:
            return "", "no signature"
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return "", "a body that isn't UTF-8"
        if not self._verifier.is_valid(text, timestamp, signature):
            return "", "a wrong or expired signature"
        return text, None

    def note(self, why: str, peer: str | None) -> None:
        now = time.monotonic()
        if self._noted_at is not None and now - self._noted_at < NOTE_EVERY:
            self._unnoted += 1
            return
        since = f"; {self._unnoted} more refused since the last note" if self._unnoted else ""
        log.warning("refused a request that isn't from Slack (%s, from %s)%s", why, peer or "unknown", since)
        self._noted_at, self._unnoted = now, 0


def http_app(bolt_app, signing_secret: str, path: str) -> web.Application:
    """The endpoint, as bolt's own aiohttp adapter serves it (``AsyncSlackAppServer``: POST at ``path``, the
    request handed to ``async_dispatch``), with the signature checked first and the body read once. Each
    request is counted while it is being acknowledged (``AckFirst``: the answers of earlier ones wait
    meanwhile)."""
    gate = SignedOnly(signing_secret)
    acks, direct = bolt_app.bridge.acks, bolt_app.direct

    async def events(request: web.Request) -> web.StreamResponse:
        with acks.acknowledging():
            text, why = gate.read(await request.read(), request.headers)
            if why:
                gate.note(why, request.remote)
                return web.Response(status=401, text="This endpoint only answers requests signed by Slack.")
            routed = direct.route(text)  # a slash command or a form submitted: straight to its handler
            if routed is not None:
                return await direct.answer(*routed)
            return await to_aiohttp_response(await bolt_app.async_dispatch(bolt_request(text, request)))
    app = web.Application()
    app.router.add_post(path, events)
    return app


def bolt_request(text: str, request: web.Request) -> AsyncBoltRequest:
    """The request for bolt. An interaction comes as a form of one field, ``payload``, holding JSON, which
    bolt would decode with urllib's ``parse_qsl``: a Python loop over every %-escape, 0.15-0.4 ms of the event
    loop for a letter pasted into a form. yarl decodes the form in C, to the same text, and bolt is given
    the JSON itself, which it reads as it would have read the payload."""
    headers: Mapping[str, str] = request.headers
    if text.startswith("payload="):
        text, headers = form_fields(text)["payload"], {**headers, "Content-Type": "application/json"}
    return AsyncBoltRequest(body=text, query=request.query_string, headers=headers)  # type: ignore[arg-type]
