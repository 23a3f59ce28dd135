"""Slack acknowledgement latency over loopback: signed requests to the real bolt app.

    python -m bench.slack

Measures the time from sending a signed request to its HTTP 200 (the ack Slack waits for,
3 seconds at most), for /guide and for a review submission, at 1, 10 and 50 concurrent requests.
The work each request triggers (the review, the database, the answer to the fake's
response_url) runs in the same process meanwhile, as in production.
"""
from __future__ import annotations

import asyncio
import os
import socket
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from adapters.slack.render import letter_modal
from tests.fakes.slack_api import FakeSlack, command, form, interactive, sign, view_submission

from .common import machine, percentiles, table
from .review import build_letter

DEADLINE_MS = 3000
ROOT = Path(__file__).resolve().parent.parent


async def _ack_times(session, url, bodies: list[str], concurrency: int, fake: FakeSlack) -> list[float]:
    samples = []

    async def one(body: str):
        headers = sign(body)
        start = time.perf_counter()
        async with session.post(url, data=body.encode(), headers=headers) as response:
            answer = await response.text()
            assert response.status == 200, response.status
        samples.append(time.perf_counter() - start)
        fake.record_ack({}, answer)  # an answer that rode in the ack counts as delivered

    for i in range(0, len(bodies), concurrency):
        await asyncio.gather(*(one(b) for b in bodies[i:i + concurrency]))
    return samples


async def _start_bot(base: str, db: Path) -> tuple[asyncio.subprocess.Process, str]:
    """`shortlist run --slack` in its own process, as in production: the load and the fake
    Slack run here, so they don't share the bot's event loop."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": "test-signing-secret",
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


async def run(total: int = 300) -> list[list]:
    fake = FakeSlack()
    base = await fake.start()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = await _start_bot(base, Path(tmp) / "bench.db")
        letter = build_letter(400)
        view = letter_modal("ml-engineer", {"channel": "C0001", "response_url": fake.response_url()})
        try:
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100)) as session:
                await _ack_times(session, url, [form(command("/guide", "mle", fake.response_url()))
                                                for _ in range(20)], 5, fake)
                for concurrency in (1, 10, 50):
                    guide = [form(command("/guide", "ml-engineer", fake.response_url())) for _ in range(total)]
                    p50, p99 = percentiles(await _ack_times(session, url, guide, concurrency, fake))
                    rows.append([f"/guide ack, {concurrency} concurrent", f"{p50:.1f}", f"{p99:.1f}",
                                 f"{DEADLINE_MS / p99:.0f}x"])
                    reviews = [interactive(view_submission({**view, "id": f"V{concurrency}-{n}"}, {"letter": letter}))
                               for n in range(total)]
                    p50, p99 = percentiles(await _ack_times(session, url, reviews, concurrency, fake))
                    rows.append([f"review submission ack, {concurrency} concurrent", f"{p50:.1f}", f"{p99:.1f}",
                                 f"{DEADLINE_MS / p99:.0f}x"])
            in_ack = len(fake.of("ack"))
            # Work slower than the ack budget queues behind the acks. How long until every member had an answer?
            expected, start = 6 * total + 20, time.perf_counter()
            while len(fake.answers) < expected and time.perf_counter() - start < 120:
                await asyncio.sleep(0.05)
            drained = time.perf_counter() - start
            answered = len(fake.answers)
        finally:
            proc.terminate()
            await proc.wait()
    await fake.stop()
    rows.append([f"answers delivered (of {6 * total + 20} requests)", str(answered), "", ""])
    rows.append(["answered inside the ack (safe from a crash)", str(in_ack), "", ""])
    rows.append(["backlog drained after the last ack, s", f"{drained:.1f}", "", ""])
    return rows


async def measure() -> list[tuple[str, float, float]]:
    """(label, p50 ms, p99 ms) for the suite."""
    rows = await run()
    return [(r[0].replace(" ack", ""), float(r[1]), float(r[2])) for r in rows if "concurrent" in r[0]]


def main() -> None:
    rows = asyncio.run(run())
    print(f"Slack acknowledgement latency in ms over loopback ({machine()}); target: p99 under 100 ms "
          "(a thirtieth of Slack's 3 s)")
    print(table(["measure", "p50", "p99", "headroom vs 3 s"], rows))


if __name__ == "__main__":
    main()
