"""Slack acknowledgement latency over loopback: signed requests to the real bolt app.

    python -m bench.slack

Measures the time from sending a signed request to its HTTP 200 (the ack Slack waits for,
3 seconds at most), for /guide and for a review submission, at 1, 10 and 50 concurrent requests.
The work each request triggers (the review, the database, the answer to the fake's
response_url) runs in the same process meanwhile, as in production.
"""
from __future__ import annotations

import asyncio
import json
import socket
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import aiohttp
from aiohttp import web

from adapters.slack.render import letter_modal
from tests.fakes.slack_api import FakeSlack, command, form, interactive, sign, view_submission

from .arrivals import listening
from .common import ReadyNotice, bench_env, load_generator_gc, machine, percentiles, table
from .processes import _Arrivals
from .review import REAL, build_letter

DEADLINE_MS = 3000
UNANSWERED: list[str] = []  # requests not acknowledged with HTTP 200 (Slack would show the member an error)
# Each delivery row's p50 and p99 by the double's own clock (when its handler ran), beside the kernel's (the row's)
BY_THE_DOUBLE: dict[str, tuple[float, float]] = {}


class StampedSlack(FakeSlack):
    """The Slack test double, noting when each answer's bytes reached its socket by the kernel's clock
    (``bench.arrivals``), as the Discord rows do. The double is one event loop, shared with the load generator:
    an answer arriving while it was busy (reading a burst's acks, handling the answers before it) waited there,
    and that wait was the bench's, not the bot's."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived: dict[int, float] = {}  # id() of a response_url call -> when its first bytes arrived
        self._listener = listening()

    def listener(self) -> socket.socket:
        return self._listener

    def connection(self, server: web.Server, loop: asyncio.AbstractEventLoop) -> web.RequestHandler:
        handler = _Arrivals(server, loop=loop, access_log=None)
        handler.listener = self._listener
        return handler

    def routes(self, app: web.Application) -> None:
        super().routes(app)
        app.middlewares.append(self._stamp)

    @web.middleware
    async def _stamp(self, request: web.Request, handler) -> web.StreamResponse:
        """The request's arrival, noted with the call its handler recorded (the last one: nothing runs between)."""
        arrived = getattr(request.protocol, "arrived", None)
        response = await handler(request)
        request.protocol.arrived = None  # before the response goes: the connection's next request is new
        if arrived is not None and self.calls and self.calls[-1].path == request.path:
            self.arrived[id(self.calls[-1])] = arrived
        return response
ROOT = Path(__file__).resolve().parent.parent


def generator_session(limit: int) -> aiohttp.ClientSession:
    """The load generator's HTTP client, noting when each request is written to its socket (``_ack_times``
    starts a request's clock then). On Python 3.11 aiohttp writes a request's body from a task of its own,
    which runs only after every request of the burst has been prepared: a clock started before the request
    counted the generator's preparation of the whole burst as the bot's (a third of the median ack at 200
    concurrent, measured under load). Slack sends its requests from machines of its own."""
    written = aiohttp.TraceConfig()

    async def note(_session, context, _params) -> None:
        if isinstance(context.trace_request_ctx, dict):
            context.trace_request_ctx.setdefault("written", time.perf_counter())
    written.on_request_chunk_sent.append(note)  # run just before the chunk is written to the socket
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=limit), trace_configs=[written])


async def _ack_times(session, url, bodies: list[str], concurrency: int, fake: FakeSlack) -> list[tuple[float, float]]:
    """(seconds to the ack, when the ack arrived) for each body in order, ``concurrency`` in flight at
    a time, from the request written to its socket (see ``generator_session``; else from its start) to its
    ack read. An answer that rode in the ack is recorded with the fake as delivered then.

    The load generator stands for Slack, whose own work is not the bot's latency: each request is signed
    and encoded before its burst starts, and the answers that rode in the acks are decoded and recorded
    after it. Done inside the burst, that work (a 5 KB review form's fields decoded again, each answer's
    JSON) ran on the generator's event loop while later acks waited there to be read: 60 ms of the
    generator's processor time for a burst of 200 `/guide`, 110 ms for 200 review submissions."""
    samples: list[tuple[float, float]] = []
    timeout = aiohttp.ClientTimeout(total=DEADLINE_MS / 1000 * 3)

    async def one(data: bytes, headers: dict) -> tuple[float, float, bytes | None]:
        clock = {"start": time.perf_counter()}
        try:
            async with session.post(url, data=data, headers=headers, timeout=timeout,
                                    trace_request_ctx=clock) as response:
                answer = await response.read()
                acked = response.status == 200
        except TimeoutError:
            acked = False
        now = time.perf_counter()
        return now - clock.get("written", clock["start"]), now, answer if acked else None

    for i in range(0, len(bodies), concurrency):
        burst = bodies[i:i + concurrency]
        signed = [(body.encode(), sign(body)) for body in burst]
        for body, (took, now, answer) in zip(burst, await asyncio.gather(*(one(*s) for s in signed)), strict=True):
            if answer is None:  # Slack shows the member an error: counted as past the deadline
                UNANSWERED.append(body)
                samples.append((float("inf"), now))
                continue
            fake.record_ack(_payload(body), answer.decode(), at=now)
            samples.append((took, now))
    return samples


async def _answered(fake: FakeSlack, count: int, seconds: float = 60) -> bool:
    """Wait until the fake has received ``count`` answers (less any request that wasn't acknowledged,
    whose answer never comes); False if it never did."""
    count -= len(UNANSWERED)
    start = time.perf_counter()
    while len(fake.answers) < count and time.perf_counter() - start < seconds:
        await asyncio.sleep(0.02)
    return len(fake.answers) >= count


async def _start_bot(base: str, db: Path) -> tuple[asyncio.subprocess.Process, str]:
    """`shortlist run --slack` in its own process, as in production: the load and the fake
    Slack run here, so they don't share the bot's event loop. Returned once it listens and has said it is
    ready (its review workers started, ``ReadyNotice``)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ready = ReadyNotice(db.parent)
    env = {**bench_env(), "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": "test-signing-secret",
           "SHORTLIST_SLACK_API": base, "SHORTLIST_DB": str(db), "SHORTLIST_SLACK_PORT": str(port), **ready.env()}
    env.pop("SLACK_APP_TOKEN", None)
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "adapters.cli", "run", "--slack", env=env,
                                                cwd=ROOT)
    url = f"http://127.0.0.1:{port}/slack/events"
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                await ready.wait()
                return proc, url
        except OSError:
            await asyncio.sleep(0.05)
    raise RuntimeError("the Slack app did not start")


CONCURRENCY = (1, 10, 50, 200)


async def run(total: int = 400) -> list[list]:
    """Rows of (label, p50 ms, p99 ms, headroom under 3 s). Each round's answers are all delivered
    before the next round starts, so one round's backlog doesn't count against the next."""
    load_generator_gc()
    fake = StampedSlack()
    base = await fake.start()
    rows = []
    UNANSWERED.clear()
    BY_THE_DOUBLE.clear()
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = await _start_bot(base, Path(tmp) / "bench.db")
        letter = build_letter(400)
        expected = 0
        try:
            async with generator_session(limit=max(CONCURRENCY) + 50) as session:
                warm = [form(command("/guide", "mle", fake.response_url())) for _ in range(20)]
                await _ack_times(session, url, warm, 5, fake)
                expected += len(warm)
                for concurrency in CONCURRENCY:
                    guide = [form(command("/guide", "ml-engineer", fake.response_url())) for _ in range(total)]
                    p50, p99 = percentiles([ack for ack, _ in await _ack_times(session, url, guide, concurrency, fake)])
                    rows.append([f"/guide ack, {concurrency} concurrent", f"{p50:.1f}", f"{p99:.1f}",
                                 f"{DEADLINE_MS / p99:.0f}x"])
                    expected += total
                    await _answered(fake, expected)
                    view = letter_modal("ml-engineer", {"channel": "C0001", "response_url": fake.response_url()})
                    reviews = [interactive(view_submission({**view, "id": f"V{concurrency}-{n}"}, {"letter": letter}))
                               for n in range(total)]
                    acks = await _ack_times(session, url, reviews, concurrency, fake)
                    p50, p99 = percentiles([ack for ack, _ in acks])
                    rows.append([f"review submission ack, {concurrency} concurrent", f"{p50:.1f}", f"{p99:.1f}",
                                 f"{DEADLINE_MS / p99:.0f}x"])
                    expected += total
                    await _answered(fake, expected)
                # Members waiting for their review: 50 submit at once, and the next 50 only once
                # those are answered, so each figure is one review's own way, not a backlog's. First the
                # bench's one letter, reviewed again and again; then real letters, each new to the engine,
                # as members' letters are (the review engine's work differs between the two).
                for name, letters in (("", [letter] * 200), ("real letters each new to the engine, ", real_letters())):
                    places, acks, expected = await _delivered(session, url, fake, letters, name[:4], expected)
                    rows.append(_delivery_row(fake, places, acks, 50, name))
            in_ack = len(fake.of("ack"))
        finally:
            proc.terminate()
            await proc.wait()
    await fake.stop()
    rows.append([f"answers delivered (of {expected} requests)", str(len(fake.answers)), "", ""])
    rows.append(["requests not acknowledged (HTTP status other than 200, or none)", str(len(UNANSWERED)), "", ""])
    rows.append(["answered inside the ack (safe from a crash)", str(in_ack), "", ""])
    return rows


def real_letters(count: int = 100, most: int = 450) -> list[str]:
    """``count`` labelled real letters (the tuning half: the held-out letters are never read here) of 200
    words or more, each cut after its last paragraph that keeps it within ``most`` words, as a pasted
    letter of about 400 words would be."""
    letters = []
    for path in sorted(REAL.glob("*.txt")):
        paragraphs = [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        if len(" ".join(paragraphs).split()) < 200:
            continue
        kept: list[str] = []
        for paragraph in paragraphs:
            if kept and len(" ".join([*kept, paragraph]).split()) > most:
                break
            kept.append(paragraph)
        letters.append("\n\n".join(kept))
    return letters[:count]


async def _delivered(session, url, fake: FakeSlack, letters: list[str], tag: str, expected: int,
                     batch: int = 50) -> tuple[list[str], list[tuple[float, float]], int]:
    """Submit ``letters`` as reviews, ``batch`` at once, each batch once the one before is answered: each
    review's response_url, (seconds to its ack, when the ack arrived), and the answers now expected."""
    places: list[str] = []
    acks: list[tuple[float, float]] = []
    for start in range(0, len(letters), batch):
        batch_places = [fake.response_url() for _ in letters[start:start + batch]]
        reviews = [interactive(view_submission(
            {**letter_modal("ml-engineer", {"channel": "C0001", "response_url": place}),
             "id": f"D{tag}{start}-{n}"}, {"letter": text}))
            for n, (place, text) in enumerate(zip(batch_places, letters[start:start + batch], strict=True))]
        acks += await _ack_times(session, url, reviews, batch, fake)
        places += batch_places
        expected += len(reviews)
        await _answered(fake, expected)
    return places, acks, expected


def _payload(body: str) -> dict:
    """The Slack payload a signed form body carries (a slash command's fields, or an interaction's)."""
    fields = dict(parse_qsl(body))
    return json.loads(fields["payload"]) if "payload" in fields else fields


def _delivery_row(fake: FakeSlack, places: list[str], acks: list[tuple[float, float]], concurrency: int,
                  letters: str = "") -> list:
    """From each review's ack to its answer reaching that review's own response_url (each submission
    names its own, so its answer can be found): by the kernel's clock where the double has one
    (``StampedSlack``); by the double's handler's too, kept in ``BY_THE_DOUBLE``."""
    label = f"ack to review delivered, {letters}{concurrency} concurrent"
    stamped = getattr(fake, "arrived", {})
    arrived: dict[str, float] = {}
    handled: dict[str, float] = {}
    for call in fake.of("ack", "response_url"):  # the review is the last thing to arrive there
        arrived[call.path] = max(stamped.get(id(call), call.at), arrived.get(call.path, 0.0))
        handled[call.path] = max(call.at, handled.get(call.path, 0.0))
    ended = [(urlsplit(place).path, acked) for place, (_, acked) in zip(places, acks, strict=True)]
    waits = [arrived[path] - acked for path, acked in ended if path in arrived]
    if not waits:
        return [label, "nan", "nan", ""]
    if len(waits) < len(places):
        print(f"bench.slack: only {len(waits)} of {len(places)} reviews reached their response_url",
              file=sys.stderr)
    BY_THE_DOUBLE[label] = percentiles([handled[path] - acked for path, acked in ended if path in handled])
    p50, p99 = percentiles(waits)
    return [label, f"{p50:.1f}", f"{p99:.1f}", f"(the double's clock: {BY_THE_DOUBLE[label][1]:.1f})"]


async def measure() -> list[tuple[str, float, float]]:
    """(label, p50 ms, p99 ms) for the suite."""
    rows = await run()
    return [(r[0].replace(" ack", "").replace(" ack,", ","), float(r[1]), float(r[2])) for r in rows
            if "concurrent" in r[0]]


def main() -> None:
    rows = asyncio.run(run())
    print(f"Slack acknowledgement latency in ms over loopback ({machine()}); targets: ack p99 at most 50 ms at "
          "50 concurrent and 100 ms at 200; a review delivered within 500 ms (p99) of its ack at 50 concurrent")
    print(table(["measure", "p50", "p99", "headroom vs 3 s"], rows))


if __name__ == "__main__":
    main()
