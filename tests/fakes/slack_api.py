"""A loopback fake of Slack's Web API and of ``response_url``, recording every call."""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from aiohttp import web

from . import LoopbackServer

SIGNING_SECRET = "test-signing-secret"
TEAM, CHANNEL, USER, ADMIN = "T0001", "C0001", "U0001", "U0ADMIN"


@dataclass
class SlackCall:
    method: str  # a Web API method, or "response_url"
    body: dict
    path: str = ""
    at: float = field(default_factory=time.perf_counter)  # when it arrived, for latency figures
    connection: object = None  # the client's address and port: which HTTP connection the call came over

    @property
    def text(self) -> str:
        """Everything a member would read: fallback text and every block's text."""
        parts = [self.body.get("text") or ""]
        blocks = self.body.get("blocks") or (self.body.get("view") or {}).get("blocks") or []
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        for block in blocks:
            for key in ("text",):
                if isinstance(block.get(key), dict):
                    parts.append(block[key].get("text") or "")
            parts += [f.get("text") or "" for f in block.get("fields") or []]
            parts += [(e.get("text") or {}).get("text") or "" if isinstance(e.get("text"), dict)
                      else e.get("text") or "" for e in block.get("elements") or []]
        return "\n".join(parts)


@dataclass
class FakeSlack(LoopbackServer):
    calls: list[SlackCall] = field(default_factory=list)
    admins: set[str] = field(default_factory=lambda: {ADMIN})
    acks: list[dict] = field(default_factory=list)  # what Socket Mode clients sent back
    _delivered: dict = field(default_factory=dict)  # Socket Mode envelope id -> payload
    # Files behind url_private: id -> bytes, or an int status to answer instead, or None to stall.
    files: dict[str, bytes | int | None] = field(default_factory=dict)
    bot_token: str = "xoxb-test"
    hold: asyncio.Event | None = None  # when set, users.info is answered only once it is set
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)
    _sockets: list = field(default_factory=list)
    _ids = itertools.count(1)

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/link", self._socket_mode)
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{id}", self._response_url)
        app.router.add_get("/files-pri/{id}/{name}", self._file)

    async def start(self) -> str:
        return f"http://127.0.0.1:{await self.serve()}/api/"

    # -- Socket Mode: the websocket apps.connections.open points to -----------------------------------
    async def _socket_mode(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0001"}})
        async for message in ws:
            if message.type == web.WSMsgType.TEXT:
                ack = json.loads(message.data)
                self.acks.append(ack)
                if ack.get("payload"):
                    self.record_ack(self._delivered.get(ack.get("envelope_id"), {}), json.dumps(ack["payload"]))
        self._sockets.remove(ws)
        return ws

    @property
    def socket_connected(self) -> bool:
        return bool(self._sockets)

    async def socket_deliver(self, kind: str, payload: dict) -> str:
        """Send an envelope (kind: slash_commands, interactive, events_api); returns its id."""
        envelope_id = f"env-{next(self._ids)}"
        self._delivered[envelope_id] = payload
        for ws in self._sockets:
            await ws.send_json({"envelope_id": envelope_id, "type": kind, "payload": payload,
                                "accepts_response_payload": kind != "events_api", "retry_attempt": 0,
                                "retry_reason": ""})
        return envelope_id

    async def stop(self) -> None:
        self._stopping.set()
        await super().stop()

    def file(self, name: str, content: bytes | int | None, *, size: int | None = None,
             mimetype: str = "application/octet-stream") -> dict:
        """Serve ``content`` at a url_private and return the file object a message carries."""
        file_id = f"F{next(self._ids):04d}"
        self.files[file_id] = content
        url = f"http://127.0.0.1:{self.port}/files-pri/{file_id}/{name}"
        return {"id": file_id, "name": name, "title": name, "mimetype": mimetype, "filetype": name.rsplit(".", 1)[-1],
                "size": size if size is not None else len(content) if isinstance(content, bytes) else 1000,
                "mode": "hosted", "url_private": url, "url_private_download": url + "?download=1"}

    async def _file(self, request: web.Request) -> web.Response:
        self.calls.append(SlackCall("file", {"id": request.match_info["id"],
                                             "authorization": request.headers.get("Authorization")}, request.path))
        if request.headers.get("Authorization") != f"Bearer {self.bot_token}":
            # Slack's answer to a download it won't authorise: its sign-in page, with status 200.
            return web.Response(text="<!DOCTYPE html><html>Sign in to Slack</html>", content_type="text/html")
        content = self.files.get(request.match_info["id"], 404)
        if content is None:
            await self._stopping.wait()
        if isinstance(content, int):
            return web.Response(status=content)
        return web.Response(body=content, content_type="application/octet-stream")

    def response_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/response/{next(self._ids)}"

    def of(self, *methods: str) -> list[SlackCall]:
        return [c for c in self.calls if c.method in methods]

    @property
    def answers(self) -> list[SlackCall]:
        return self.of("ack", "response_url", "chat.postEphemeral", "chat.postMessage")

    def record_ack(self, payload: dict, body: str, at: float | None = None) -> None:
        """An answer that rode in the acknowledgement itself (an HTTP response's body or a Socket Mode
        ack's payload): recorded under the path of the request's response_url, as its answer, arriving
        ``at`` (perf_counter; by default now)."""
        if not body:
            return
        answer = json.loads(body)
        if isinstance(answer.get("view"), dict):  # a form updated with the answer
            answer = {**answer, "blocks": answer["view"]["blocks"]}
        url = payload.get("response_url") or json.loads(
            (payload.get("view") or {}).get("private_metadata") or "{}").get("response_url") or ""
        call = SlackCall("ack", answer, url.split(str(self.port), 1)[-1])
        if at is not None:
            call.at = at
        self.calls.append(call)

    async def _body(self, request: web.Request) -> dict:
        if request.method == "GET":
            return dict(request.query)
        raw = await request.text()
        if request.content_type == "application/json":
            return json.loads(raw or "{}")
        body = dict(parse_qsl(raw))
        for key in ("view", "blocks"):
            if isinstance(body.get(key), str):
                body[key] = json.loads(body[key])
        return body

    async def _response_url(self, request: web.Request) -> web.Response:
        if request.match_info["id"] == "expired":  # Slack's answer after 30 minutes or 5 uses
            return web.Response(status=404, text="expired_url")
        peer = request.transport.get_extra_info("peername") if request.transport else None
        self.calls.append(SlackCall("response_url", await self._body(request), request.path, connection=peer))
        return web.Response(text="ok")

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body = {**dict(request.query), **await self._body(request)}  # some methods send their arguments as a query
        self.calls.append(SlackCall(method, body))
        if method == "apps.connections.open":
            return web.json_response({"ok": True, "url": f"ws://127.0.0.1:{self.port}/link"})
        if method == "auth.test":
            return web.json_response({"ok": True, "url": "https://example.slack.com/", "team": "Bootcamp",
                                      "user": "shortlist", "team_id": TEAM, "user_id": "UBOT", "bot_id": "BBOT"})
        if method == "users.info":
            if self.hold is not None:
                await self.hold.wait()
            user = body.get("user")
            return web.json_response({"ok": True, "user": {"id": user, "team_id": TEAM, "is_admin": user in self.admins,
                                                           "is_owner": False, "is_primary_owner": False}})
        if method in ("views.open", "views.publish"):
            return web.json_response({"ok": True, "view": {"id": f"V{next(self._ids)}", **(body.get("view") or {})}})
        if method in ("chat.postEphemeral", "chat.postMessage"):
            ts = f"1.{next(self._ids)}"  # each message its own timestamp, as threads and deletes need
            return web.json_response({"ok": True, "channel": body.get("channel"), "ts": ts, "message_ts": ts})
        if method == "chat.delete":
            if any(c.method == "chat.delete" and c.body == body for c in self.calls[:-1]):  # as Slack: gone
                return web.json_response({"ok": False, "error": "message_not_found"})
            return web.json_response({"ok": True, "channel": body.get("channel"), "ts": body.get("ts")})
        return web.json_response({"ok": False, "error": "unknown_method"})


def sign(body: str, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> dict:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}",
            "Content-Type": "application/x-www-form-urlencoded"}


_triggers = itertools.count(1)


def command(name: str, text: str, response_url: str, user: str = USER, channel: str = CHANNEL) -> dict:
    return {"token": "legacy", "team_id": TEAM, "team_domain": "bootcamp", "channel_id": channel,
            "channel_name": "careers", "user_id": user, "user_name": "ana", "command": name, "text": text,
            "api_app_id": "A0001", "is_enterprise_install": "false", "response_url": response_url,
            "trigger_id": f"trigger.{next(_triggers)}"}


def message_shortcut(text: str, response_url: str, user: str = USER, channel: str = CHANNEL,
                     files: list | None = None) -> dict:
    payload = {"type": "message_action", "callback_id": "review_message", "trigger_id": f"trigger.{next(_triggers)}",
               "team": {"id": TEAM, "domain": "bootcamp"}, "user": {"id": user, "name": "ana", "team_id": TEAM},
               "channel": {"id": channel, "name": "careers"}, "message_ts": "1700000000.000100",
               "message": {"type": "message", "text": text, "user": "U0OTHER", "ts": "1700000000.000100"},
               "response_url": response_url, "token": "legacy", "api_app_id": "A0001", "is_enterprise_install": False}
    if files:
        payload["message"].update({"files": files, "upload": False})
    return payload


def view_submission(view: dict, values: dict[str, str]) -> dict:
    state = {"values": {block: {"text": {"type": "plain_text_input", "value": value}}
                        for block, value in values.items()}}
    return {"type": "view_submission", "team": {"id": TEAM, "domain": "bootcamp"},
            "user": {"id": USER, "name": "ana", "team_id": TEAM}, "api_app_id": "A0001", "token": "legacy",
            "trigger_id": f"trigger.{next(_triggers)}", "is_enterprise_install": False,
            "view": {**view, "id": view.get("id", "V1"), "team_id": TEAM, "state": state, "hash": "h1",
                     "app_id": "A0001", "bot_id": "BBOT"}}


def button_press(value: str, response_url: str | None) -> dict:
    body = {"type": "block_actions", "team": {"id": TEAM, "domain": "bootcamp"},
            "user": {"id": USER, "name": "ana", "team_id": TEAM}, "api_app_id": "A0001", "token": "legacy",
            "trigger_id": f"trigger.{next(_triggers)}", "container": {"type": "message", "channel_id": CHANNEL},
            "channel": {"id": CHANNEL, "name": "careers"}, "is_enterprise_install": False,
            "actions": [{"type": "button", "action_id": "sl-run-0", "block_id": "b1", "value": value,
                         "text": {"type": "plain_text", "text": "x"}, "action_ts": "1.2"}]}
    if response_url:
        body["response_url"] = response_url
    else:  # pressed in App Home: a view, not a channel
        body["container"] = {"type": "view", "view_id": "VHOME"}
        del body["channel"]
    return body


def home_opened(event_id: str = "Ev0001") -> dict:
    return {"token": "legacy", "team_id": TEAM, "api_app_id": "A0001", "type": "event_callback",
            "event_id": event_id, "event_time": int(time.time()),
            "event": {"type": "app_home_opened", "user": USER, "channel": "D0001", "tab": "home",
                      "event_ts": "1.3"}}


def direct_message(files: list | None, text: str = "", event_id: str = "EvDM01", **extra) -> dict:
    """A message a member sent the app in its messages tab (a DM), with any files they shared."""
    event = {"type": "message", "channel": "D0001", "channel_type": "im", "user": USER, "text": text,
             "ts": "1700000001.000200", "event_ts": "1700000001.000200", **extra}
    if files:
        event.update({"files": files, "subtype": "file_share", "upload": False})
    return {"token": "legacy", "team_id": TEAM, "api_app_id": "A0001", "type": "event_callback",
            "event_id": event_id, "event_time": int(time.time()), "event": event}


def form(body: dict) -> str:
    return urlencode(body)


def interactive(payload: dict) -> str:
    return urlencode({"payload": json.dumps(payload)})
