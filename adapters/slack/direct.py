"""The requests whose answer rides in their acknowledgement (a slash command, a form submitted), handed in
HTTP mode straight to the handlers bolt has registered, as bolt would call them, without its dispatch.

Profiled under the bench's burst of 50 `/guide`, bolt's dispatch was a fifth of the event loop's time per
request (its request and context objects, five middleware, listener matching, a new ``AsyncWebClient``
with a look through the environment for a proxy), and at 50 requests arriving together each ack waits for
the loop's time on the ones before it. Nothing of bolt's is needed here: http_app's gate has checked the
signature, ``serve`` checked the token with auth.test before listening, and the handlers take bolt's own
``AsyncAck`` and ``AsyncRespond``, so the ack is the same HTTP response bolt would send. Everything else
(buttons, shortcuts, events, Slack's ssl_check) goes through bolt as before, and Socket Mode sends every
request through bolt, to the very same handlers.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import orjson
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient
from yarl import URL

log = logging.getLogger("shortlist.slack")
Handler = Callable[..., Awaitable[Any]]
# What the handlers acknowledge a reply with: a message (a slash command's answer), a form updated (a review).
REPLIES = (frozenset({"text", "blocks", "response_type"}), frozenset({"response_action", "view"}))


def form_fields(text: str) -> dict[str, str]:
    """A form body's fields, decoded in C by yarl (urllib's ``parse_qsl`` loops over every %-escape in
    Python), the last of a repeated field winning as in bolt's ``dict(parse_qsl(...))``."""
    return dict(URL.build(query_string=text, encoded=True).query.items())


def _json(text: str) -> Any:
    """JSON decoded as bolt decodes it: orjson, and where orjson refuses (half an emoji, cut off by the
    platform, is a lone surrogate: invalid, but what the standard library and so bolt accept), json."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


class Direct:
    """Which requests skip bolt's dispatch, and answering them."""

    def __init__(self, client: AsyncWebClient, commands: frozenset[str], command: Handler,
                 views: Mapping[str, Handler]) -> None:
        self.client = client
        self.commands = commands  # the slash commands ``command`` answers, as typed ("/guide")
        self.command = command  # called as bolt calls it: ack, body, respond, client
        self.views = views  # callback_id -> handler, called with ack, body, view

    def route(self, text: str) -> tuple[Handler, dict[str, Any]] | None:
        """The handler and its arguments for a request that skips bolt; None for one bolt dispatches."""
        if text.startswith("payload="):
            body = _json(form_fields(text)["payload"])
            view = body.get("view") if isinstance(body, dict) and body.get("type") == "view_submission" else None
            handler = self.views.get(str(view.get("callback_id"))) if isinstance(view, dict) else None
            return (handler, {"body": body, "view": view}) if handler is not None else None
        if "command=" not in text:
            return None
        body = form_fields(text)
        if body.get("command") not in self.commands or body.get("ssl_check") == "1":
            return None  # bolt answers Slack's ssl_check, and says an unknown command went unhandled
        return self.command, {"body": body, "respond": AsyncRespond(response_url=body.get("response_url")),
                              "client": self.client}

    @staticmethod
    async def answer(handler: Handler, arguments: dict[str, Any]) -> web.Response:
        """Run the handler and send what it acknowledged with, as bolt does with ``process_before_response``:
        a handler that fails is logged and answered 500, one that never acknowledged 404 (unhandled)."""
        ack = Ack()
        try:
            await handler(ack=ack, **arguments)
        except Exception as exc:
            log.exception("Failed to run listener function (error: %s)", exc)
            return web.Response(status=500)
        if ack.response is None:
            return web.json_response({"error": "unhandled request"}, status=404)
        return ack.response


class Ack:
    """Bolt's ``ack``, as the handlers call it. A reply (``REPLIES``) is the JSON object of the fields it was
    given, as bolt makes it, encoded by orjson straight into the HTTP response: bolt's standard-library JSON
    and its response's conversion were a tenth of a ``/guide``'s time. The empty ack is the response bolt's
    conversion makes of its own (``to_aiohttp_response``: no body, text/plain), without bolt's response object
    between (3% of the event loop's time through Slack delivery bursts). Any other ack is bolt's own."""

    def __init__(self) -> None:
        self.response: web.Response | None = None

    async def __call__(self, *text: Any, **fields: Any) -> None:
        if not text and not fields:  # the empty ack (a review answered after it): what bolt's comes to, made at once
            self.response = web.Response(status=200, body="", headers={}, content_type="text/plain")
            return
        if not text and frozenset(fields) in REPLIES and all(fields.values()):
            try:
                self.response = web.Response(body=orjson.dumps(fields), content_type="application/json",
                                             charset="utf-8")
                return
            except TypeError:  # not plain JSON (slack_sdk's block objects, say): bolt converts them
                pass
        bolt = AsyncAck()
        response = await bolt(*text, **fields)
        self.response = await to_aiohttp_response(response)
