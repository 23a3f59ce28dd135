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

from adapters.slack.render import letter_modal
from tests.fakes.slack_api import FakeSlack, command, form, interactive, sign, view_submission

from .common import bench_env, load_generator_gc, machine, percentiles, table
from .review import build_letter

DEADLINE_MS = 3000
UNANSWERED: list[str] = []  # requests not acknowledged with HTTP 200 (Slack would show the member an error)
ROOT = Path(__file__).resolve().parent.parent


async def _ack_times(session, url, bodies: list[str], concurrency: int, fake: FakeSlack) -> list[tuple[float, float]]:
    """(seconds to the ack, when the ack arrived) for each body in order, ``concurrency`` in flight at
    a time. An answer that rode in the ack is recorded with the fake as delivered then."""
    samples = []

    async def one(body: str) -> tuple[float, float]:
        headers = sign(body)
        start = time.perf_counter()
        try:
            async with session.post(url, data=body.encode(), headers=headers,
                                    timeout=aiohttp.ClientTimeout(total=DEADLINE_MS / 1000 * 3)) as response:
                answer = await response.text()
                acked = response.status == 200
        except TimeoutError:
            acked = False
        now = time.perf_counter()
        if not acked:  # Slack shows the member an error: counted as past the deadline
            UNANSWERED.append(body)
            return float("inf"), now
        fake.record_ack(_payload(body), answer)
        return now - start, now

    for i in range(0, len(bodies), concurrency):
        samples += await asyncio.gather(*(one(b) for b in bodies[i:i + concurrency]))
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
    Slack run here, so they don't share the bot's event loop."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**bench_env(), "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": "test-signing-secret",
           "SHORTLIST_SLACK_API": base, "SHORTLIST_DB": str(db), "SHORTLIST_SLACK_PORT": str(port)}
    env.pop("SLACK_APP_TOKEN", None)
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "adapters.cli", "run", "--slack", env=env,
                                                cwd=ROOT)
    url = f"http://127.0.0.1:{port}/slack/events"
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                return proc, url
        except OSError:
            await asyncio.sleep(0.05)
    raise RuntimeError("the Slack app did not start")


CONCURRENCY = (1, 10, 50, 200)


async def run(total: int = 400) -> list[list]:
    """Rows of (label, p50 ms, p99 ms, headroom under 3 s). Each round's answers are all delivered
    before the next round starts, so one round's backlog doesn't count against the next."""
    load_generator_gc()
    fake = FakeSlack()
    base = await fake.start()
    rows = []
    UNANSWERED.clear()
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = await _start_bot(base, Path(tmp) / "bench.db")
        letter = build_letter(400)
        expected = 0
        try:
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=max(CONCURRENCY) + 50)) as session:
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
                # those are answered, so each figure is one review's own way, not a backlog's.
                places, acks = [], []
                for batch in range(4):
                    batch_places = [fake.response_url() for _ in range(50)]
                    reviews = [interactive(view_submission(
                        {**letter_modal("ml-engineer", {"channel": "C0001", "response_url": place}),
                         "id": f"D{batch}-{n}"}, {"letter": letter})) for n, place in enumerate(batch_places)]
                    acks += await _ack_times(session, url, reviews, 50, fake)
                    places += batch_places
                    expected += len(reviews)
                    await _answered(fake, expected)
                rows.append(_delivery_row(fake, places, acks, 50))
            in_ack = len(fake.of("ack"))
        finally:
            proc.terminate()
            await proc.wait()
    await fake.stop()
    rows.append([f"answers delivered (of {expected} requests)", str(len(fake.answers)), "", ""])
    rows.append(["requests not acknowledged (HTTP status other than 200, or none)", str(len(UNANSWERED)), "", ""])
    rows.append(["answered inside the ack (safe from a crash)", str(in_ack), "", ""])
    return rows


def _payload(body: str) -> dict:
    """The Slack payload a signed form body carries (a slash command's fields, or an interaction's)."""
    fields = dict(parse_qsl(body))
    return json.loads(fields["payload"]) if "payload" in fields else fields


def _delivery_row(fake: FakeSlack, places: list[str], acks: list[tuple[float, float]], concurrency: int) -> list:
    """From each review's ack to its answer reaching that review's own response_url (each submission
    names its own, so its answer can be found)."""
    arrived: dict[str, float] = {}
    for call in fake.of("ack", "response_url"):  # the review is the last thing to arrive there
        arrived[call.path] = max(call.at, arrived.get(call.path, 0.0))
    waits = [arrived[path] - acked for place, (_, acked) in zip(places, acks, strict=True)
             if (path := urlsplit(place).path) in arrived]
    if not waits:
        return [f"ack to review delivered, {concurrency} concurrent", "nan", "nan", ""]
    if len(waits) < len(places):
        print(f"bench.slack: only {len(waits)} of {len(places)} reviews reached their response_url",
              file=sys.stderr)
    p50, p99 = percentiles(waits)
    return [f"ack to review delivered, {concurrency} concurrent", f"{p50:.1f}", f"{p99:.1f}", ""]


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
