"""A loopback fake of Discord's REST API that records every call, for discord.py to talk to.

Only what Shortlist uses is answered: login, application info, command sync, interaction
callbacks, follow-ups and the original response. Anything else is recorded and answered 404,
so a test sees it.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field

from aiohttp import web

from . import LoopbackServer

APP_ID = 700000000000000001
BOT_ID = 700000000000000002
GUILD_ID = 800000000000000001
CHANNEL_ID = 800000000000000002
USER_ID = 800000000000000003
EPHEMERAL = 1 << 6

USER = {"id": str(USER_ID), "username": "ana", "discriminator": "0", "global_name": "Ana", "avatar": None}
BOT = {"id": str(BOT_ID), "username": "Shortlist", "discriminator": "0", "avatar": None, "bot": True}


@dataclass
class Call:
    method: str
    path: str
    query: dict
    body: object
    at: float = field(default_factory=time.perf_counter)  # when it arrived, for latency figures

    @property
    def flags(self) -> int:
        data = self.body.get("data", self.body) if isinstance(self.body, dict) else {}
        return int((data or {}).get("flags") or 0)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def data(self) -> dict:
        """The message part of a callback (``data``) or of a follow-up (the body itself)."""
        if not isinstance(self.body, dict):
            return {}
        return self.body.get("data") or {} if "type" in self.body and "data" in self.body else self.body


@dataclass
class FakeDiscord(LoopbackServer):
    calls: list[Call] = field(default_factory=list)
    identified: list[dict] = field(default_factory=list)  # IDENTIFY payloads the gateway received
    # Attachments the CDN serves: path -> bytes, or an int status to answer instead, or None to stall.
    files: dict[str, bytes | int | None] = field(default_factory=dict)
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)
    _ids = itertools.count(900000000000000001)
    _sockets: list = field(default_factory=list)
    _seq = itertools.count(2)
    closed_dms: set[str] = field(default_factory=set)  # user ids whose direct messages are closed to the bot
    dm_channels: dict[str, str] = field(default_factory=dict)  # DM channel id -> user id
    token: str | None = None  # when set, any other bot token is refused as Discord does (401)
    hold: asyncio.Event | None = None  # when set, interaction callbacks are answered only once it is set

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/attachments/{tail:.*}", self._attachment)
        app.router.add_route("*", "/{tail:.*}", self._handle)

    async def start(self) -> str:
        return f"http://127.0.0.1:{await self.serve()}/api/v10"

    async def stop(self) -> None:
        self._stopping.set()
        await super().stop()

    # -- the gateway: HELLO, IDENTIFY -> READY, heartbeats, and dispatches the test asks for --------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}})
        async for message in ws:
            data = json.loads(message.data)
            if data["op"] == 2:  # IDENTIFY
                self.identified.append(data["d"])
                shard = data["d"].get("shard", [0, 1])
                self._sockets.append(ws)
                await ws.send_json({"op": 0, "t": "READY", "s": 1, "d": {
                    "v": 10, "user": BOT, "guilds": [], "session_id": "fake-session", "shard": shard,
                    "resume_gateway_url": f"ws://{request.host}/gateway",
                    "application": {"id": str(APP_ID), "flags": 0}}})
            elif data["op"] == 1:  # heartbeat
                await ws.send_json({"op": 11})
        if ws in self._sockets:
            self._sockets.remove(ws)
        return ws

    def attachment(self, filename: str, content: bytes | int | None, *, size: int | None = None,
                   content_type: str | None = None) -> dict:
        """Serve ``content`` from the fake CDN and return the attachment object a message or an
        interaction's resolved data carries."""
        attachment_id = str(next(self._ids))
        path = f"/attachments/{CHANNEL_ID}/{attachment_id}/{filename}"
        self.files[path] = content
        url = f"http://127.0.0.1:{self.port}{path}"
        return {"id": attachment_id, "filename": filename, "url": url, "proxy_url": url,
                "size": size if size is not None else len(content) if isinstance(content, bytes) else 1000,
                "content_type": content_type}

    async def _attachment(self, request: web.Request) -> web.StreamResponse:
        self.calls.append(Call("GET", request.path, {}, None))
        content = self.files.get(request.path, 404)
        if content is None:  # a CDN that doesn't answer until the fake stops
            await self._stopping.wait()
        if isinstance(content, int):
            return web.Response(status=content)
        return web.Response(body=content, content_type="application/octet-stream")

    @property
    def connected(self) -> bool:
        return bool(self._sockets)

    async def dispatch(self, event: str, data: dict) -> None:
        """Deliver a gateway event, e.g. INTERACTION_CREATE, to every connected shard."""
        for ws in self._sockets:
            await ws.send_json({"op": 0, "t": event, "s": next(self._seq), "d": data})

    def of(self, method: str, contains: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and contains in c.path]

    @property
    def responses(self) -> list[Call]:
        """Interaction callbacks and follow-ups, in order: what members saw."""
        return [c for c in self.calls if c.path.endswith("/callback") or
                (c.method == "POST" and "/webhooks/" in c.path) or (c.method == "PATCH" and "@original" in c.path)]

    async def _body(self, request: web.Request):
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                if part.name == "payload_json":
                    return json.loads(await part.text())
            return None
        text = await request.text()
        return json.loads(text) if text else None

    def message(self, body: dict | None) -> dict:
        body = body or {}
        return {"id": str(next(self._ids)), "channel_id": str(CHANNEL_ID), "author": BOT,
                "content": body.get("content") or "",
                "timestamp": "2026-11-26T10:00:00.000000+00:00", "edited_timestamp": None, "tts": False,
                "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [],
                "embeds": body.get("embeds") or [], "components": body.get("components") or [], "pinned": False,
                "type": 0, "flags": body.get("flags") or 0, "application_id": str(APP_ID), "webhook_id": str(APP_ID)}

    async def _handle(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        path = request.path
        self.calls.append(Call(request.method, path, dict(request.query), body))
        method = request.method
        if self.token is not None and request.headers.get("Authorization") != f"Bot {self.token}":
            return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        if path.endswith("/users/@me"):
            return _json(BOT)
        if path.endswith("/oauth2/applications/@me"):
            return _json({"id": str(APP_ID), "name": "Shortlist", "description": "", "icon": None,
                                      "bot_public": True, "bot_require_code_grant": False, "owner": USER,
                                      "verify_key": "0" * 64, "flags": 0})
        if method == "PUT" and path.endswith("/commands"):
            return _json([{"description": "", **c, "id": str(next(self._ids)), "application_id": str(APP_ID),
                           "version": "1"} for c in body])
        if path.endswith("/callback"):
            if self.hold is not None:
                await self.hold.wait()
            interaction_id = path.split("/")[-3]
            kind = body.get("type")
            message_id = next(self._ids)
            return _json({"interaction": {
                "id": interaction_id, "type": 2, "response_message_id": str(message_id),
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(((body.get("data") or {}).get("flags") or 0) & EPHEMERAL)}})
        if "/webhooks/" in path:
            if method == "DELETE":
                return web.Response(status=204)
            return _json(self.message(body))
        if path == "/api/v10/users/@me/channels" and method == "POST":  # open a DM channel
            channel_id = str(next(self._ids))
            self.dm_channels[channel_id] = str(body["recipient_id"])
            return _json({"id": channel_id, "type": 1, "last_message_id": None,
                          "recipients": [{**USER, "id": str(body["recipient_id"])}]})
        parts = path.split("/")
        if len(parts) == 6 and parts[3] == "channels" and parts[5] == "messages" and method == "POST":
            if self.dm_channels.get(parts[4]) in self.closed_dms:
                return _json({"message": "Cannot send messages to this user", "code": 50007}, status=403)
            return _json({**self.message(body), "channel_id": parts[4]})
        if len(parts) == 8 and parts[3] == "channels" and parts[7] == "threads" and method == "POST":
            return _json({"id": str(next(self._ids)), "type": 11, "guild_id": str(GUILD_ID), "parent_id": parts[4],
                          "name": body["name"], "owner_id": str(BOT_ID), "message_count": 0, "member_count": 1,
                          "rate_limit_per_user": 0, "thread_metadata": {
                              "archived": False, "auto_archive_duration": body["auto_archive_duration"],
                              "archive_timestamp": "2026-11-26T10:00:00.000000+00:00", "locked": False}})
        if len(parts) == 7 and parts[3] == "channels" and parts[5] == "messages" and method == "DELETE":
            return web.Response(status=204)
        if path.endswith("/gateway/bot"):
            return _json({"url": f"ws://{request.host}/gateway", "shards": 1,
                                      "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0,
                                                              "max_concurrency": 1}})
        return _json({"message": "not faked", "code": 0}, status=404)


def _json(data, status: int = 200) -> web.Response:
    # discord.py parses JSON only when the content type is exactly "application/json" (no charset).
    return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"})


_interaction_ids = itertools.count(910000000000000001)


def guild(*roles: int) -> dict:
    """A raw GUILD_CREATE payload for the test server, with these roles besides @everyone (whose id is the
    server's): what the guilds intent gives discord.py's cache."""
    def role(role_id: int, name: str, position: int) -> dict:
        return {"id": str(role_id), "name": name, "color": 0, "hoist": False, "position": position,
                "permissions": "0", "managed": False, "mentionable": False, "flags": 0}
    return {"id": str(GUILD_ID), "name": "Bootcamp", "unavailable": False, "member_count": 2, "large": False,
            "owner_id": str(USER_ID), "features": [], "emojis": [], "stickers": [], "channels": [], "threads": [],
            "members": [], "voice_states": [], "presences": [], "stage_instances": [],
            "guild_scheduled_events": [], "soundboard_sounds": [],
            "roles": [role(GUILD_ID, "@everyone", 0), *(role(r, f"role {r}", n + 1) for n, r in enumerate(roles))]}


def interaction(kind: int, data: dict, *, permissions: int = 0, message: dict | None = None,
                channel: int = CHANNEL_ID, user: dict = USER, roles: tuple = ()) -> dict:
    """A raw INTERACTION_CREATE payload, as the gateway delivers it, from a guild member."""
    payload = {
        "id": str(next(_interaction_ids)), "application_id": str(APP_ID), "type": kind, "data": data,
        "guild_id": str(GUILD_ID), "channel_id": str(channel),
        "channel": {"id": str(channel), "type": 0, "guild_id": str(GUILD_ID), "name": "careers", "position": 0,
                    "permission_overwrites": [], "nsfw": False, "parent_id": None},
        "member": {"user": user, "roles": [str(r) for r in roles], "joined_at": "2026-01-01T00:00:00+00:00",
                   "deaf": False, "mute": False, "flags": 0, "permissions": str(permissions)},
        "token": f"token-{next(_interaction_ids)}", "version": 1, "app_permissions": "0", "locale": "en-GB",
        "guild_locale": "en-GB", "entitlements": [], "authorizing_integration_owners": {"0": str(GUILD_ID)},
        "context": 0, "attachment_size_limit": 8 * 1024 * 1024,
    }
    if message is not None:
        payload["message"] = message
    return payload


def slash(name: str, **options) -> dict:
    return {"id": "1", "name": name, "type": 1,
            "options": [{"name": k, "type": 5 if isinstance(v, bool) else 3, "value": v} for k, v in options.items()]}


def autocomplete(name: str, focused: str, value: str, **others) -> dict:
    options = [{"name": k, "type": 3, "value": v} for k, v in others.items()]
    options.append({"name": focused, "type": 3, "value": value, "focused": True})
    return {"id": "1", "name": name, "type": 1, "options": options}


def user_message(content: str, message_id: int = 920000000000000001, attachments: list | None = None) -> dict:
    return {"id": str(message_id), "channel_id": str(CHANNEL_ID), "author": USER, "content": content,
            "timestamp": "2026-11-26T09:00:00.000000+00:00", "edited_timestamp": None, "tts": False,
            "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": attachments or [],
            "embeds": [], "pinned": False, "type": 0, "flags": 0}


def message_command(name: str, message: dict) -> dict:
    return {"id": "2", "name": name, "type": 3, "target_id": message["id"],
            "resolved": {"messages": {message["id"]: message}}}


def slash_with_file(name: str, attachment: dict, **options) -> dict:
    """A slash command with an attachment option named ``file`` (type 11), resolved as Discord sends it."""
    data = slash(name, **options)
    data["options"].append({"name": "file", "type": 11, "value": attachment["id"]})
    data["resolved"] = {"attachments": {attachment["id"]: attachment}}
    return data
