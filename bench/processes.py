"""Benchmarks of the real `shortlist run` process against loopback test doubles of Discord and Slack:
Discord interaction-to-first-response, peak memory with both adapters, start-up to first answer."""
from __future__ import annotations

import asyncio
import socket
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from tests.fakes.discord_api import FakeDiscord, interaction, slash
from tests.fakes.slack_api import FakeSlack, command, form, sign

from .common import bench_env, percentiles

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Running:
    """`shortlist run` with the given adapters, its Discord and Slack being local fakes."""

    def __init__(self, discord: bool = True, slack: bool = False):
        self.discord, self.slack = discord, slack

    async def __aenter__(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.fake_discord, self.fake_slack = FakeDiscord(), FakeSlack()
        self.slack_port = _free_port()
        env = {**bench_env(), "SHORTLIST_DB": str(Path(self.tmp.name) / "bench.db"),
               "DISCORD_TOKEN": "bench", "SHORTLIST_DISCORD_API": await self.fake_discord.start(),
               "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": "test-signing-secret",
               "SHORTLIST_SLACK_API": await self.fake_slack.start(), "SHORTLIST_SLACK_PORT": str(self.slack_port)}
        env.pop("SLACK_APP_TOKEN", None)
        flags = (["--discord"] if self.discord else []) + (["--slack"] if self.slack else [])
        self.started = time.perf_counter()
        self.proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "adapters.cli", "run", *flags,
                                                         cwd=ROOT, env=env)
        return self

    async def __aexit__(self, *exc):
        self.proc.terminate()
        await self.proc.wait()
        await self.fake_discord.stop()
        await self.fake_slack.stop()
        self.tmp.cleanup()

    async def discord_ready(self) -> None:
        while not self.fake_discord.connected:
            await asyncio.sleep(0.005)

    async def interact(self, payload: dict) -> float:
        """Send one interaction over the gateway; seconds until its first response reaches Discord."""
        sent = time.perf_counter()
        await self.fake_discord.dispatch("INTERACTION_CREATE", payload)
        mark = f"/{payload['id']}/"
        while True:
            for call in self.fake_discord.calls:
                if mark in call.path:
                    return call.at - sent
            await asyncio.sleep(0.001)

    async def settled(self, quiet: float = 0.5) -> None:
        """Wait until neither platform has heard from the bot for ``quiet`` seconds (follow-ups done)."""
        heard = -1
        while heard != (heard := len(self.fake_discord.calls) + len(self.fake_slack.calls)):
            await asyncio.sleep(quiet)

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")


async def discord_latency(total: int = 400) -> list[tuple[int, float, float]]:
    """(concurrency, p50 ms, p99 ms) from INTERACTION_CREATE sent to first response received."""
    out = []
    async with Running(discord=True) as bot:
        await bot.discord_ready()
        for _ in range(10):
            await bot.interact(interaction(2, slash("guide", role="mle")))
        for concurrency in (1, 10, 50, 200):
            samples = []
            for i in range(0, total, concurrency):
                batch = [interaction(2, slash("guide", role="ml-engineer")) for _ in range(min(concurrency, total - i))]
                samples += await asyncio.gather(*(bot.interact(p) for p in batch))
            out.append((concurrency, *percentiles(samples)))
    return out


async def both_adapters() -> tuple[float, float, float]:
    """Start `shortlist run --discord --slack`: seconds to the first answered Discord interaction and
    to the first answered Slack command, then peak memory (MB) after bursts of 200 concurrent requests
    on each, reviews included."""
    async with Running(discord=True, slack=True) as bot:
        await bot.discord_ready()
        await bot.interact(interaction(2, slash("guide", role="ml-engineer")))
        first_discord = time.perf_counter() - bot.started
        url = f"http://127.0.0.1:{bot.slack_port}/slack/events"
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=250)) as session:
            while True:
                body = form(command("/guide", "ml-engineer", bot.fake_slack.response_url()))
                try:
                    async with session.post(url, data=body.encode(), headers=sign(body)) as response:
                        await response.read()
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.01)
            while not bot.fake_slack.answers:
                await asyncio.sleep(0.005)
            first_slack = time.perf_counter() - bot.started
            # Bursts of 200 concurrent requests on each platform, reviews included, before reading the
            # high-water mark.
            from tests.fakes.discord_api import message_command, user_message
            letter = (ROOT / "tests" / "letters" / "10-over-length.txt").read_text()

            async def slack(line: str, text: str) -> None:
                body = form(command(line, text, bot.fake_slack.response_url()))
                async with session.post(url, data=body.encode(), headers=sign(body)) as response:
                    await response.read()

            for _round in range(2):
                await asyncio.gather(
                    *(bot.interact(interaction(2, slash("faq", question="how long should it be"))) for _ in range(100)),
                    *(bot.interact(interaction(2, message_command("Review cover letter", user_message(letter))))
                      for _ in range(100)),
                    *(slack("/faq", "how many words") for _ in range(100)),
                    *(slack("/guide", "ml-engineer") for _ in range(100)))
            await bot.settled()
        return first_discord, first_slack, bot.peak_rss_mb()


def _shortlist() -> list[str]:
    """The installed `shortlist` command, as a member runs it (else the module, from a checkout)."""
    script = Path(sys.executable).with_name("shortlist")
    return [str(script)] if script.exists() else [sys.executable, "-m", "adapters.cli"]


async def _wall(argv: list[str], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = await asyncio.create_subprocess_exec(*argv, cwd=ROOT, env=bench_env(), stdin=asyncio.subprocess.DEVNULL,
                                                    stdout=asyncio.subprocess.DEVNULL)
        await proc.wait()
        samples.append(time.perf_counter() - start)
    return samples


async def cli_start(repeat: int = 15) -> dict[str, tuple[float, float]]:
    """Wall time (p50, p99 ms) of whole processes, start to exit: `python -c pass`, then a member's
    first commands. Each command runs once untimed first, so the guides' cache is warm as it is
    after installation."""
    letter = ROOT / "tests" / "letters" / "01-strong-fintech.txt"
    with tempfile.TemporaryDirectory() as tmp:
        base = [*_shortlist(), "--db", str(Path(tmp) / "x.db")]
        commands = {"python -c pass": [sys.executable, "-c", "pass"],
                    'shortlist ask "/help"': [*base, "ask", "/help"],
                    'shortlist ask "/help" --json': [*base, "ask", "/help", "--json"],
                    "shortlist review FILE": [*base, "review", str(letter), "--role", "ml-engineer"]}
        out = {}
        for name, argv in commands.items():
            await _wall(argv, 1)
            out[name] = percentiles(await _wall(argv, repeat))
    return out
