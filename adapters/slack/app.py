"""The slack-bolt app: every handler acknowledges first, then asks the core, then answers."""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import time
from dataclasses import replace
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.commands import COMMANDS
from bot.documents import Attachment
from bot.errors import apology
from bot.reply import Reply
from bot.request import Context, Privilege, Request

from .. import files
from .queue import ASK_VIEW, TEXT_VIEW, SlackQueue, ask_modal, ask_values, text_modal, text_value
from .render import RUN_ACTION, advert_from, home_view, letter_from, letter_modal, render, result_view

log = logging.getLogger("shortlist.slack")
DEFAULT_COMMANDS = {"guide": "/guide", "mistakes": "/mistakes", "faq": "/faq", "review": "/review",
                    "shortlist": "/shortlist"}
SHORTCUT = "review_message"
MODAL = "review_letter"
ADMIN_CACHE_SECONDS = 300
WORKERS = 8  # requests worked on at once after their ack
ANSWERING = 2  # requests the core works on at once (a review is CPU work: more only queue for the interpreter)
ACK_BUDGET = 0.06  # seconds: work done by then is answered inside the ack; slower work is queued
CLAIM_WAIT = 0.5  # seconds the retry check may take before answering without it


def _retrieved(future: asyncio.Future) -> None:
    """A claim that outlived its wait: its late failure is already logged, not an asyncio warning."""
    if not future.cancelled():
        future.exception()


class SlackBridge:
    def __init__(self, core, client: AsyncWebClient, commands: dict[str, str] | None = None,
                 ack_budget: float = ACK_BUDGET):
        self.core = core
        self.ack_budget = ack_budget
        self.client = client
        # Slack has a slash command for each of these; everything else goes after /shortlist.
        names = {**DEFAULT_COMMANDS, **(commands or {})}
        self.typed_as = {name: names[name] if name in names else f"{names['shortlist']} {name}"
                         for name in COMMANDS}
        self._admins: dict[tuple[str, str], tuple[float, Privilege]] = {}
        self._workers = asyncio.Semaphore(WORKERS)
        self._answering = asyncio.Semaphore(ANSWERING)
        self.queue = SlackQueue(core, client)  # the reviewer queue's channel threads and DMs
        self._posting: set[asyncio.Task] = set()
        self._http: aiohttp.ClientSession | None = None

    # -- answering at a response_url, over one HTTP session ----------------------------------------
    def _session(self) -> aiohttp.ClientSession:
        """One session (and its pool of kept-alive connections) for every answer this process sends to
        a response_url: bolt's ``respond`` and a bare ``AsyncWebhookClient`` open a new one each time."""
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession()
        return self._http

    async def post(self, target, **message):
        """Send ``message`` to a response_url, given as text or as bolt's ``respond`` (whose URL is used)."""
        url = target if isinstance(target, str) else target.response_url
        if url is None:  # as bolt's respond says when a request has no response_url
            raise ValueError("respond is unsupported here as there is no response_url")
        return await AsyncWebhookClient(url, session=self._session()).send(**message)

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()

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

    async def context(self, body: dict[str, Any]) -> Context:
        team, user, channel = self.where(body)
        return Context(platform="slack", community_id=team, channel_id=channel, user_id=user,
                       user_name=(body.get("user") or {}).get("name") or body.get("user_name"),
                       privilege=await self.privilege(team, user), typed_as=self.typed_as)

    async def after_ack(self, key: str, body: dict, work, respond=None, queue: bool = True) -> None:
        """Run a request's work once (Slack retries) and at most WORKERS at a time: under a burst,
        the rest wait their turn idle, so the event loop stays free to acknowledge new requests."""
        async with (self._workers if queue else contextlib.nullcontext()):
            if not await self.first(key):
                return
            try:
                await work()
            except Exception as exc:  # the member gets an answer whatever happens
                await self.apologise(body, exc, respond)

    async def answer_in_ack(self, key: str, body: dict, ack, request, in_ack, deliver, respond=None) -> None:
        """Answer inside the acknowledgement itself when the work is quick (it almost always is: a
        review takes milliseconds), so a crash after the ack can't lose the answer: Slack never
        retries a request it saw acknowledged. ``in_ack(reply)`` gives ack's arguments and any pages
        that follow, or None when the reply can't ride in the ack; then, as for work slower than
        ACK_BUDGET, the ack goes out empty and ``deliver(reply)`` answers from the worker queue."""
        if not await self.first(key):
            await ack()
            return
        work = asyncio.ensure_future(self._answer(request))
        done, _ = await asyncio.wait({work}, timeout=self.ack_budget)
        fits = in_ack(work.result()) if done and work.exception() is None else None
        if fits is not None:
            payload, rest = fits
            await ack(**payload)
            for page in rest:
                await self.post(respond, **page)
            return
        await ack()
        async with self._workers:
            try:
                await deliver(await work)
            except Exception as exc:  # the member gets an answer whatever happens
                await self.apologise(body, exc, respond)

    async def _answer(self, request) -> Reply:
        # Few at a time: reviews hold the interpreter while they run, and the event loop needs its
        # share to acknowledge everyone else within the budget.
        async with self._answering:
            request = await request()
            return self.posted(request, await self.core.handle(request))

    def posted(self, request: Request, reply: Reply) -> Reply:
        """A reply that moved a request for a reviewer on: its posts (the reviewers' thread, the member's DM)
        go out beside the answer, never delaying it."""
        if (reply.data or {}).get("step") or (reply.data or {}).get("withdrawn_requests"):
            task = asyncio.ensure_future(self.queue.after(request.community_id, reply))
            self._posting.add(task)
            task.add_done_callback(self._posting.discard)
        return reply

    async def first(self, key: str) -> bool:
        """Slack retries what it thinks went unanswered; each delivery is handled once, by whichever
        process claims it first in the database. Every delivery waits for its claim, the first one too:
        a retry can reach another process while the original is still being worked on. When the store
        can't answer in time (locked, full, gone), answer anyway and log it: a rare double answer
        beats silence."""
        claim = asyncio.ensure_future(self.core.first_delivery(f"slack:{key}"))
        try:
            fresh = await asyncio.wait_for(asyncio.shield(claim), CLAIM_WAIT)
        except Exception as exc:
            claim.add_done_callback(_retrieved)
            log.warning("could not check whether Slack delivery %s is a retry (%s); answering it anyway",
                        key, exc or "no answer in time")
            return True
        if not fresh:
            log.info("skipping a repeated Slack delivery %s", key)
        return fresh

    # -- answering ------------------------------------------------------------------------------
    async def send(self, reply: Reply, *, respond=None, response_url: str | None = None,
                   channel: str | None = None, user: str | None = None) -> None:
        kind = "ephemeral" if reply.private else "in_channel"
        for page in render(reply):
            try:
                if respond is not None or response_url:
                    response = await self.post(respond or response_url, text=page["text"], blocks=page["blocks"],
                                               response_type=kind)
                    if response.status_code < 300:
                        continue
                    raise RuntimeError(f"response_url answered {response.status_code}")
            except Exception as exc:
                if user is None:
                    raise
                # A response_url lasts 30 minutes: a member who took longer over their letter still
                # gets the review, in the app's messages tab.
                log.warning("response_url failed (%s); answering in a direct message", exc)
                await self.client.chat_postMessage(channel=user, text=page["text"], blocks=page["blocks"])
                continue
            if user is None:
                raise ValueError("a Slack reply needs a response_url or the member to answer")
            if channel and channel != "app-home" and reply.private:
                await self.client.chat_postEphemeral(channel=channel, user=user, text=page["text"],
                                                     blocks=page["blocks"])
            else:  # App Home and DMs: the app's own messages tab
                await self.client.chat_postMessage(channel=user, text=page["text"], blocks=page["blocks"])

    async def shared_file(self, message: dict):
        """The upload to review from a message's shared files (None when it has none), downloaded from
        ``url_private`` with the bot token (scope files:read)."""
        shared = [(Attachment(f.get("name") or "file", f.get("size"), f.get("mimetype")),
                   f.get("url_private_download") or f.get("url_private") or "")
                  for f in message.get("files") or [] if f.get("mode") != "tombstone"]
        return await files.fetch(shared, {"Authorization": f"Bearer {self.client.token}"})

    async def run(self, request: Request, **where) -> None:
        where.setdefault("user", request.user_id)
        await self.send(self.posted(request, await self.core.handle(request)), **where)

    async def apologise(self, body: dict, error: BaseException, respond=None) -> None:
        reply = apology(log, "slack request", error)
        _, user, channel = self.where(body)
        try:
            await self.send(reply, respond=respond, response_url=body.get("response_url"), channel=channel, user=user)
        except Exception:
            log.warning("could not deliver the apology: %s", reply.fallback_text())


class ShortlistApp(AsyncApp):
    """Bolt's app, with the bridge its handlers answer through."""
    bridge: SlackBridge


def build_app(core, *, token: str, signing_secret: str | None, client: AsyncWebClient | None = None,
              commands: dict[str, str] | None = None, ack_budget: float = ACK_BUDGET) -> ShortlistApp:
    client = client or AsyncWebClient(token=token)
    app = ShortlistApp(signing_secret=signing_secret, client=client,
                       request_verification_enabled=signing_secret is not None)
    bridge = SlackBridge(core, client, commands, ack_budget)
    app.bridge = bridge
    for name, slash in {**DEFAULT_COMMANDS, **(commands or {})}.items():
        app.command(slash)(_slash_handler(bridge, name))

    @app.view(MODAL)
    async def letter_submitted(ack, body, view, request):
        meta = json.loads(view.get("private_metadata") or "{}")
        _, user, _ = bridge.where(body)

        async def review():
            return (await bridge.context(body)).request("review", {"role": meta.get("role") or ""},
                                                        text=letter_from(view), advert=advert_from(view))

        async def deliver(reply):
            await bridge.send(reply, response_url=meta.get("response_url"), channel=meta.get("channel"), user=user)
        # The review replaces the form it was pasted into; too long for a form, it closes and follows.
        await bridge.answer_in_ack(f"view:{view['id']}", {**body, "response_url": meta.get("response_url")}, ack,
                                   review, _modal_update, deliver)

    @app.view(ASK_VIEW)
    async def ask_submitted(ack, body, view):
        await _queue_form(bridge, ack, body, view, "/ask-reviewer", ask_values(view))

    @app.view(TEXT_VIEW)
    async def text_submitted(ack, body, view):
        meta = json.loads(view.get("private_metadata") or "{}")
        await _queue_form(bridge, ack, body, view, meta.get("line") or "/help", None, text_value(view))

    @app.shortcut(SHORTCUT)
    async def review_message(ack, body, respond):
        await ack()

        async def work():
            message = body.get("message") or {}
            # A letter shared as a file is reviewed as the file; otherwise the message's text.
            upload = await bridge.shared_file(message)
            text = None if upload is not None else message.get("text") or ""
            request = (await bridge.context(body)).request("review", text=text, upload=upload, private=True)
            await bridge.run(request, respond=respond)
        await bridge.after_ack(f"shortcut:{body['trigger_id']}", body, work, respond)

    @app.action(re.compile(f"^{RUN_ACTION}"))
    async def button(ack, body, action, respond, client):
        await ack()
        form = await _form_for(bridge, body, action["value"])
        if form is not None:  # the trigger id for a form expires in 3 seconds: that one doesn't queue
            async def open_form():
                await client.views_open(trigger_id=body["trigger_id"], view=form)
            await bridge.after_ack(f"action:{body['trigger_id']}", body, open_form, respond, queue=False)
            return

        async def work():
            request = core.parse(action["value"], await bridge.context(body), private=True)
            _, user, channel = bridge.where(body)
            await bridge.run(request, respond=respond if body.get("response_url") else None, channel=channel, user=user)
        await bridge.after_ack(f"action:{body['trigger_id']}", body, work, respond)

    @app.event("message")
    async def direct_message(body, event):
        """A file shared with the app in a direct message is reviewed there; other messages are left be."""
        if event.get("channel_type") != "im" or event.get("bot_id") or not event.get("files") or \
                event.get("subtype") not in (None, "file_share"):
            return

        async def work():
            upload = await bridge.shared_file(event)
            context = await bridge.context({**body, "user_id": event.get("user"), "channel_id": event.get("channel")})
            request = context.request("review", upload=upload, private=True)
            await bridge.send(await core.handle(request), user=event.get("channel"))
        await bridge.after_ack(f"event:{body.get('event_id')}", body, work)

    @app.event("app_home_opened")
    async def home(body, event, client):
        if event.get("tab") != "home":
            return

        async def work():
            team, _, _ = bridge.where(body)  # the workspace's own guides are listed with the shipped ones
            await client.views_publish(user_id=event["user"], view=home_view(await core.library_for(team)))
        await bridge.after_ack(f"event:{body.get('event_id')}", body, work)

    return app


def _slash_handler(bridge: SlackBridge, name: str):
    async def handle(ack, body, respond, client, request):
        text = (body.get("text") or "").strip()
        line = f"/{text or 'help'}" if name == "shortlist" else f"/{name} {text}"
        typed = bridge.core.parse(line)
        key = f"command:{body['trigger_id']}"
        form = text_modal(line, typed.command, {"channel": body.get("channel_id"), "response_url": body.get(
            "response_url")}) if bridge.core.wants_paste(typed) else None
        if form is not None:  # `/shortlist queue reply 3`: the feedback goes in a form
            await ack()

            async def open_form():
                await client.views_open(trigger_id=body["trigger_id"], view=form)
            await bridge.after_ack(key, body, open_form, respond, queue=False)
            return
        if typed.command == "review":
            await ack()  # the trigger id for the review box expires in 3 seconds: that one doesn't queue

            async def work():
                await _open_letter_modal(bridge, body, typed, respond, client)
            await bridge.after_ack(key, body, work, respond, queue=False)
            return

        async def command():
            return bridge.core.parse(line, await bridge.context(body))

        async def deliver(reply):
            await bridge.send(reply, respond=respond)
        await bridge.answer_in_ack(key, body, ack, command, _message_ack, deliver, respond)
    handle.__name__ = f"slash_{name}"
    return handle


async def _form_for(bridge: SlackBridge, body: dict, line: str) -> dict | None:
    """The form a button opens before its command runs (a note for a reviewer, feedback), or None."""
    request = bridge.core.parse(line)
    _, _, channel = bridge.where(body)
    metadata = {"channel": channel, "response_url": body.get("response_url")}
    if request.command == "ask-reviewer" and not request.args:
        return ask_modal(metadata)
    return text_modal(line, request.command, metadata) if bridge.core.wants_paste(request) else None


async def _queue_form(bridge: SlackBridge, ack, body: dict, view: dict, line: str, args: dict | None,
                      text: str | None = None) -> None:
    """A queue form submitted: its answer replaces the form, like a review's."""
    meta = json.loads(view.get("private_metadata") or "{}")
    _, user, _ = bridge.where(body)

    async def command():
        request = bridge.core.parse(line, await bridge.context({**body, "channel_id": meta.get("channel")}),
                                    private=True)
        return replace(request, args=args) if args is not None else replace(request, text=text)

    async def deliver(reply):
        await bridge.send(reply, response_url=meta.get("response_url"), channel=meta.get("channel"), user=user)
    await bridge.answer_in_ack(f"view:{view['id']}", {**body, "response_url": meta.get("response_url")}, ack,
                               command, _modal_update, deliver)


def _message_ack(reply: Reply):
    """A slash command's ack carries the reply's first message; any further pages follow it."""
    kind = "ephemeral" if reply.private else "in_channel"
    pages = [{**page, "response_type": kind} for page in render(reply)]
    return pages[0], pages[1:]


def _modal_update(reply: Reply):
    view = result_view(reply)
    return ({"response_action": "update", "view": view}, []) if view else None


async def _open_letter_modal(bridge: SlackBridge, body, request: Request, respond, client) -> None:
    role = request.arg("role")
    problem = await bridge.core.before_paste(role, request.community_id)
    if problem:
        await bridge.send(problem, respond=respond)
        return
    _, _, channel = bridge.where(body)
    await client.views_open(trigger_id=body["trigger_id"],
                            view=letter_modal(role, {"channel": channel, "response_url": body.get("response_url")}))
