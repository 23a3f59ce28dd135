"""The slack-bolt app: every handler acknowledges first, then asks the core, then answers."""
from __future__ import annotations

import json
import logging
import re
import secrets
import time

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.reply import Reply
from bot.request import Privilege, Request

from .render import RUN_ACTION, home_view, letter_from, letter_modal, render

log = logging.getLogger("shortlist.slack")
DEFAULT_COMMANDS = {"guide": "/guide", "mistakes": "/mistakes", "faq": "/faq", "review": "/review",
                    "shortlist": "/shortlist"}
SHORTCUT = "review_message"
MODAL = "review_letter"
ADMIN_CACHE_SECONDS = 300


class SlackBridge:
    def __init__(self, core, client: AsyncWebClient):
        self.core = core
        self.client = client
        self._admins: dict[tuple[str, str], tuple[float, Privilege]] = {}

    # -- who and where --------------------------------------------------------------------------
    @staticmethod
    def where(body: dict) -> tuple[str, str, str]:
        team = body.get("team_id") or (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id")
        user = body.get("user_id") or (body.get("user") or {}).get("id") or (body.get("event") or {}).get("user")
        channel = body.get("channel_id") or (body.get("channel") or {}).get("id") or "app-home"
        return str(team or "unknown"), str(user or "unknown"), str(channel)

    async def privilege(self, team: str, user: str) -> Privilege:
        """Workspace admins and owners, from users.info (cached for a few minutes)."""
        cached = self._admins.get((team, user))
        if cached and time.monotonic() - cached[0] < ADMIN_CACHE_SECONDS:
            return cached[1]
        privilege = Privilege.MEMBER
        try:
            info = (await self.client.users_info(user=user))["user"]
            if info.get("is_owner") or info.get("is_primary_owner") or info.get("is_admin"):
                privilege = Privilege.ADMIN
        except Exception as exc:  # no answer means no extra privilege, never a failure
            log.warning("users.info failed for %s: %s", user, exc)
        self._admins[(team, user)] = (time.monotonic(), privilege)
        return privilege

    async def request(self, body: dict, line: str | None = None, **fields) -> Request:
        team, user, channel = self.where(body)
        context = {"platform": "slack", "community_id": team, "channel_id": channel, "user_id": user,
                   "privilege": await self.privilege(team, user)}
        if line is not None:
            return self.core.parse(line, **context, **fields)
        return Request(**fields, **context)

    async def first(self, key: str) -> bool:
        """Slack retries what it thinks went unanswered; each delivery is handled once."""
        fresh = await self.core.first_delivery(f"slack:{key}")
        if not fresh:
            log.info("skipping a repeated Slack delivery %s", key)
        return fresh

    # -- answering ------------------------------------------------------------------------------
    async def send(self, reply: Reply, *, respond=None, response_url: str | None = None,
                   channel: str | None = None, user: str | None = None) -> None:
        kind = "ephemeral" if reply.private else "in_channel"
        for page in render(reply):
            if respond is not None:
                await respond(text=page["text"], blocks=page["blocks"], response_type=kind)
            elif response_url:
                from slack_sdk.webhook.async_client import AsyncWebhookClient
                await AsyncWebhookClient(response_url).send(text=page["text"], blocks=page["blocks"],
                                                             response_type=kind)
            elif channel and channel != "app-home" and reply.private:
                await self.client.chat_postEphemeral(channel=channel, user=user, text=page["text"],
                                                     blocks=page["blocks"])
            else:  # App Home and DMs: the app's own messages tab
                await self.client.chat_postMessage(channel=user, text=page["text"], blocks=page["blocks"])

    async def run(self, request: Request, **where) -> None:
        await self.send(await self.core.handle(request), **where)

    async def apologise(self, body: dict, error: BaseException, respond=None) -> None:
        error_id = secrets.token_hex(4)
        log.error("slack request failed [error %s]", error_id, exc_info=error)
        reply = Reply("Sorry, something went wrong on my side", kind="error", private=True)
        reply.para("That's a fault in Shortlist, not in anything you did. Please try again in a moment. "
                   f"If it keeps happening, tell a moderator the error id `{error_id}`.")
        _, user, channel = self.where(body)
        try:
            await self.send(reply, respond=respond, response_url=body.get("response_url"), channel=channel, user=user)
        except Exception:
            log.warning("could not deliver the apology for error %s", error_id)


def build_app(core, *, token: str, signing_secret: str | None, client: AsyncWebClient | None = None,
              commands: dict[str, str] | None = None) -> AsyncApp:
    client = client or AsyncWebClient(token=token)
    app = AsyncApp(signing_secret=signing_secret, client=client,
                   request_verification_enabled=signing_secret is not None)
    bridge = SlackBridge(core, client)
    app.bridge = bridge  # type: ignore[attr-defined]
    for name, slash in {**DEFAULT_COMMANDS, **(commands or {})}.items():
        app.command(slash)(_slash_handler(bridge, name))

    @app.view(MODAL)
    async def letter_submitted(ack, body, view):
        await ack()  # closes the modal at once; the review follows
        if not await bridge.first(f"view:{view['id']}"):
            return
        meta = json.loads(view.get("private_metadata") or "{}")
        try:
            request = await bridge.request(body, None, command="review", args={"role": meta.get("role") or ""},
                                           text=letter_from(view))
            _, user, _ = bridge.where(body)
            await bridge.run(request, response_url=meta.get("response_url"), channel=meta.get("channel"), user=user)
        except Exception as exc:
            await bridge.apologise({**body, "response_url": meta.get("response_url")}, exc)

    @app.shortcut(SHORTCUT)
    async def review_message(ack, body, respond):
        await ack()
        if not await bridge.first(f"shortcut:{body['trigger_id']}"):
            return
        try:
            text = (body.get("message") or {}).get("text") or ""
            await bridge.run(await bridge.request(body, None, command="review", text=text, private=True),
                             respond=respond)
        except Exception as exc:
            await bridge.apologise(body, exc, respond)

    @app.action(re.compile(f"^{RUN_ACTION}"))
    async def button(ack, body, action, respond):
        await ack()
        if not await bridge.first(f"action:{body['trigger_id']}"):
            return
        try:
            request = await bridge.request(body, action["value"], private=True)
            _, user, channel = bridge.where(body)
            await bridge.run(request, respond=respond if body.get("response_url") else None, channel=channel, user=user)
        except Exception as exc:
            await bridge.apologise(body, exc, respond)

    @app.event("app_home_opened")
    async def home(body, event, client):
        if event.get("tab") != "home" or not await bridge.first(f"event:{body.get('event_id')}"):
            return
        await client.views_publish(user_id=event["user"], view=home_view(core.library))

    return app


def _slash_handler(bridge: SlackBridge, name: str):
    async def handle(ack, body, respond, client):
        await ack()  # within Slack's 3 seconds, before any work
        if not await bridge.first(f"command:{body['trigger_id']}"):
            return
        try:
            text = (body.get("text") or "").strip()
            line = f"/{text or 'help'}" if name == "shortlist" else f"/{name} {text}"
            typed = bridge.core.parse(line)
            if typed.command == "review":  # the trigger id expires in 3 seconds: open the box first
                await _open_letter_modal(bridge, body, typed, respond, client)
                return
            await bridge.run(await bridge.request(body, line), respond=respond)
        except Exception as exc:
            await bridge.apologise(body, exc, respond)
    handle.__name__ = f"slash_{name}"
    return handle


async def _open_letter_modal(bridge: SlackBridge, body, request: Request, respond, client) -> None:
    role = request.arg("role")
    if role:
        _, problem = bridge.core.resolve_guide(role)
        if problem:  # say so before the member pastes a whole letter
            await bridge.send(problem, respond=respond)
            return
    _, _, channel = bridge.where(body)
    await client.views_open(trigger_id=body["trigger_id"],
                            view=letter_modal(role, {"channel": channel, "response_url": body.get("response_url")}))
