"""Between a Slack request and the core: acknowledge first (answering inside the ack when the work is
quick), claim each delivery once, and answer at the request's response_url or by the Web API."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable
from typing import Any

import aiohttp
import orjson
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands import COMMANDS
from bot.commands.reviewers.events import queue_steps
from bot.documents import Attachment
from bot.errors import apology
from bot.reply import Reply
from bot.request import Context, Privilege, Request

from .. import files
from ..ack_first import AckFirst, drain
from .queue import SlackQueue
from .render import DRAWER, message_body, render

log = logging.getLogger("shortlist.slack")
DEFAULT_COMMANDS = {"guide": "/guide", "mistakes": "/mistakes", "faq": "/faq", "review": "/review",
                    "shortlist": "/shortlist"}
ADMIN_CACHE_SECONDS = 300
WORKERS = 8  # requests worked on at once after their ack
# Requests the core works on at once when reviews run in the bot's own thread (CPU work: more would only queue
# for the interpreter). With review workers, none wait here: a review waits for a worker in the core, where
# the wait is counted (``Reviews.rides_in_ack``), and a quick command isn't held behind it.
ANSWERING = 2
ACK_BUDGET = 0.06  # seconds: work done by then is answered inside the ack; slower work is queued
# A review rides in its ack when expected back within this share of the budget: the estimate is an average,
# and the event loop has every other request's acknowledgement to send meanwhile.
REVIEW_SHARE = 0.5
# Seconds the retry check may take before answering without it. Slack waits 3 s for an ack, so the check
# can have 2 of them: at 0.5 s, a loaded PostgreSQL missed it in 1 run of 4 of the two-worker retry test, and
# both workers answered the retry.
CLAIM_WAIT = 2.0
_JSON = {"Content-Type": "application/json;charset=utf-8"}


async def done_within(work: asyncio.Future, seconds: float) -> bool:
    """Whether ``work`` is done within ``seconds``; it runs on either way. What ``asyncio.wait`` does for one
    future, without its sets, closure and counter: every request of a burst waits like this for its answer."""
    if not work.done():
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()

        def wake(_: object = None) -> None:
            if not ready.done():
                ready.set_result(None)
        timer = loop.call_later(seconds, wake)
        work.add_done_callback(wake)
        try:
            await ready
        finally:
            timer.cancel()
            work.remove_done_callback(wake)
    return work.done()


class SlackBridge:
    def __init__(self, core, client: AsyncWebClient, commands: dict[str, str] | None = None,
                 ack_budget: float = ACK_BUDGET, claim_wait: float = CLAIM_WAIT):
        self.core = core
        self.ack_budget = ack_budget
        self.claim_wait = claim_wait
        self.client = client
        # Slack has a slash command for each of these; everything else goes after /shortlist.
        names = {**DEFAULT_COMMANDS, **(commands or {})}
        self.typed_as = {name: names[name] if name in names else f"{names['shortlist']} {name}"
                         for name in COMMANDS}
        self._admins: dict[tuple[str, str], tuple[float, Privilege]] = {}
        self._workers = asyncio.Semaphore(WORKERS)
        self._answering = asyncio.Semaphore(ANSWERING)
        self.queue = SlackQueue(core, client)  # the reviewer queue's channel threads and DMs
        self._beside: set[asyncio.Task] = set()  # work running after its request's ack
        self._http: aiohttp.ClientSession | None = None
        self.acks = AckFirst()  # follow-up work waits while requests are being acknowledged
        core.drawers["slack"] = DRAWER  # a review's reply is drawn in its worker (``render.response_bodies``)

    # -- answering at a response_url, over one HTTP session ----------------------------------------
    def _session(self) -> aiohttp.ClientSession:
        """One session (and its pool of kept-alive connections) for every answer this process sends to
        a response_url: bolt's ``respond`` and a bare ``AsyncWebhookClient`` open a new one each time."""
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession()
        return self._http

    async def post(self, target, **message) -> int:
        """Send ``message`` to a response_url, given as text or as bolt's ``respond`` (whose URL is used); the
        HTTP status. Posted as slack_sdk's ``AsyncWebhookClient`` does (JSON, one more try when a kept-alive
        connection turns out closed), without building a client, a retry state and a response object for
        each post: a third of a post's processor time, on the event loop that acknowledges everyone."""
        return await self.post_body(target, orjson.dumps(message))

    async def post_body(self, target, body: bytes) -> int:
        """``post``, of a message already encoded as JSON."""
        url = target if isinstance(target, str) else target.response_url
        if url is None:  # as bolt's respond says when a request has no response_url
            raise ValueError("respond is unsupported here as there is no response_url")
        try:
            return await self._post_once(url, body)
        except (aiohttp.ServerConnectionError, aiohttp.ClientOSError):  # closed under us: once more
            return await self._post_once(url, body)

    async def _post_once(self, url: str, body: bytes) -> int:
        async with self._session().post(url, data=body, headers=_JSON) as response:
            await response.read()
            return response.status

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()

    async def drained(self) -> None:
        """Return once the work that follows acknowledgements is done (or DRAIN_SECONDS have passed): for a
        clean stop, which then closes the answers' HTTP session."""
        await drain(self._beside)

    async def settled(self) -> None:
        """Return once the work running beside acks is done (work can start more: wait for that too)."""
        while self._beside:
            await asyncio.wait(set(self._beside))

    def beside(self, work: Awaitable[None]) -> None:
        """Run ``work`` beside the handler, which returns at once: bolt sends the ack when the handler
        returns (``process_before_response``), rather than polling for it every 10 ms."""
        task = asyncio.ensure_future(work)
        self._beside.add(task)
        task.add_done_callback(self._beside.discard)

    # -- who and where --------------------------------------------------------------------------
    @staticmethod
    def where(body: dict) -> tuple[str, str, str]:
        team = body.get("team_id") or (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id")
        user = body.get("user_id") or (body.get("user") or {}).get("id") or (body.get("event") or {}).get("user")
        channel = body.get("channel_id") or (body.get("channel") or {}).get("id") or "app-home"
        return str(team or "unknown"), str(user or "unknown"), str(channel)

    def _cached(self, team: str, user: str) -> Privilege | None:
        cached = self._admins.get((team, user))
        return cached[1] if cached and time.monotonic() - cached[0] < ADMIN_CACHE_SECONDS else None

    async def privilege(self, team: str, user: str) -> Privilege:
        """Workspace admins and owners, from users.info (cached for a few minutes)."""
        cached = self._cached(team, user)
        if cached is not None:
            return cached
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
        team, user, _ = self.where(body)
        return self._context(body, await self.privilege(team, user))

    def known_context(self, body: dict[str, Any]) -> Context | None:
        """The context at once, when the member's privilege is cached (nearly always); else None."""
        privilege = self._cached(*self.where(body)[:2])
        return None if privilege is None else self._context(body, privilege)

    def _context(self, body: dict[str, Any], privilege: Privilege) -> Context:
        team, user, channel = self.where(body)
        return Context(platform="slack", community_id=team, channel_id=channel, user_id=user,
                       user_name=(body.get("user") or {}).get("name") or body.get("user_name"),
                       privilege=privilege, typed_as=self.typed_as)

    def after_ack(self, key: str, body: dict, work, respond=None, queue: bool = True) -> None:
        """Run a request's work once (Slack retries) and at most WORKERS at a time, beside its handler:
        under a burst, the rest wait their turn idle, so the event loop stays free to acknowledge new
        requests. Work that can't wait (``queue=False``) starts at once instead: a form to open, whose trigger
        id expires in 3 seconds, and a review for a worker process, whose delivery waits its turn."""
        self.beside(self._after_ack(key, body, work, respond, queue))

    async def _after_ack(self, key: str, body: dict, work, respond, queue: bool) -> None:
        async with (self._workers if queue else contextlib.nullcontext()):
            if not await self.first(key):
                return
            if queue:
                await self.acks.turn()
            try:
                await work()
            except Exception as exc:  # the member gets an answer whatever happens
                await self.apologise(body, exc, respond)

    async def answer_in_ack(self, key: str, body: dict, ack, request, in_ack, deliver, respond=None,
                            review: bool = False) -> None:
        """Answer inside the acknowledgement itself when the work is quick, so a crash after the ack
        can't lose the answer: Slack never retries a request it saw acknowledged. ``in_ack(reply)``
        gives ack's arguments and any pages that follow, or None when the reply can't ride in the ack;
        then, as for work (the retry check included) slower than ACK_BUDGET, the ack goes out empty and
        ``deliver(reply)`` answers after it. A ``review`` rides in the ack only when it is expected back
        within half the budget (``Reviews.rides_in_ack``), counting the reviews that requests before it
        chose to wait for (``Reviews.waits_for``): behind too many it would hold its ack past the budget,
        so it is acknowledged at once (before the retry check, which then guards the work alone) and
        answered when its turn comes."""
        with self.acks.acknowledging():  # HTTP mode counts from the request's arrival; Socket Mode from here
            reviews = self.core.reviews
            if review and not reviews.rides_in_ack(self.ack_budget * REVIEW_SHARE):
                await ack()

                async def later() -> None:
                    reply = await self._answer(request)
                    await self.acks.turn()
                    await deliver(reply)
                # In a worker process the review leaves the event loop free: it is sent at once, and only its
                # delivery waits for the acknowledgements in progress.
                self.after_ack(key, body, later, respond, queue=reviews.in_process)
                return
            work = asyncio.ensure_future(self._answer_once(key, request))
            if review:
                reviews.waits_for(work)
            if await done_within(work, self.ack_budget) and work.exception() is None:
                reply = work.result()
                fits = in_ack(reply) if reply is not None else ({}, [])  # None: a retry, answered the first time
                if fits is not None:
                    payload, rest = fits
                    await ack(**payload)
                    if rest:
                        self.beside(self._pages(respond, rest))
                    return
            await ack()
            self.beside(self._deliver(body, work, deliver, respond))

    async def _answer_once(self, key: str, request) -> Reply | None:
        """The answer, or None when this delivery is a retry of one already answered."""
        return await self._answer(request) if await self.first(key) else None

    async def _pages(self, respond, pages: list[dict]) -> None:
        for page in pages:
            await self.acks.turn()
            await self.post(respond, **page)

    async def _deliver(self, body: dict, work: asyncio.Future[Reply | None], deliver, respond) -> None:
        async with self._workers:
            try:
                reply = await work
                if reply is not None:
                    await self.acks.turn()
                    await deliver(reply)
            except Exception as exc:  # the member gets an answer whatever happens
                await self.apologise(body, exc, respond)

    async def _answer(self, request) -> Reply:
        # Few at a time where reviews hold the interpreter while they run (ANSWERING), since the event loop
        # needs its share to acknowledge everyone else within the budget.
        async with self._answering if self.core.reviews.in_process else contextlib.nullcontext():
            request = await request()
            return self.posted(request, await self.core.handle(request))

    def posted(self, request: Request, reply: Reply) -> Reply:
        """A reply that moved a request for a reviewer on: its posts (the reviewers' thread, the member's DM)
        go out beside the answer, never delaying it."""
        if queue_steps(reply):
            self.beside(self._queue_after(request.community_id, reply))
        return reply

    async def _queue_after(self, community: str, reply: Reply) -> None:
        await self.acks.turn()
        await self.queue.after(community, reply)

    async def first(self, key: str) -> bool:
        """Slack retries what it thinks went unanswered; each delivery is handled once, by whichever
        process claims it first in the database. Every delivery waits for its claim, the first one too:
        a retry can reach another process while the original is still being worked on. When the store
        can't answer in time (locked, full, gone), answer anyway and log it: a rare double answer
        beats silence."""
        # Awaited in the request's own task under a timeout: a task and asyncio.wait for every request of a
        # burst cost the event loop more than the claim's write. A claim that times out is still written
        # with its batch (only its answer is dropped), so a later retry of this delivery is still refused.
        try:
            async with asyncio.timeout(self.claim_wait):
                fresh = await self.core.first_delivery(f"slack:{key}")
        except Exception as exc:
            problem = f"no answer within {self.claim_wait:g} s" if isinstance(exc, TimeoutError) else str(exc)
            log.warning("could not check whether Slack delivery %s is a retry (%s); answering it anyway",
                        key, problem)
            return True
        if not fresh:
            log.info("skipping a repeated Slack delivery %s", key)
        return fresh

    # -- answering ------------------------------------------------------------------------------
    async def send(self, reply: Reply, *, respond=None, response_url: str | None = None,
                   channel: str | None = None, user: str | None = None) -> None:
        kind = "ephemeral" if reply.private else "in_channel"
        target = respond or response_url
        # A review's messages come drawn from its worker, as the JSON to post (``render.response_bodies``).
        bodies: tuple[bytes, ...] | None = reply.drawn_by(DRAWER) if target else None
        pages = render(reply) if bodies is None else None

        def page(n: int) -> dict:  # drawn here only if posting a drawn body fails
            return (pages if pages is not None else render(reply))[n]
        for n in range(len(bodies) if bodies is not None else len(pages or ())):
            try:
                if target:
                    body = bodies[n] if bodies is not None else message_body(page(n), kind)
                    status = await self.post_body(target, body)
                    if status < 300:
                        continue
                    raise RuntimeError(f"response_url answered {status}")
            except Exception as exc:
                if user is None:
                    raise
                # A response_url lasts 30 minutes: a member who took longer over their letter still
                # gets the review, in the app's messages tab.
                log.warning("response_url failed (%s); answering in a direct message", exc)
                await self.client.chat_postMessage(channel=user, text=page(n)["text"], blocks=page(n)["blocks"])
                continue
            if user is None:
                raise ValueError("a Slack reply needs a response_url or the member to answer")
            if channel and channel != "app-home" and reply.private:
                await self.client.chat_postEphemeral(channel=channel, user=user, text=page(n)["text"],
                                                     blocks=page(n)["blocks"])
            else:  # App Home and DMs: the app's own messages tab
                await self.client.chat_postMessage(channel=user, text=page(n)["text"], blocks=page(n)["blocks"])

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
