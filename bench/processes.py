"""Benchmarks of the real `shortlist run` process against loopback test doubles of Discord and Slack:
Discord interaction-to-first-response, peak memory with both adapters, start-up to first answer."""
from __future__ import annotations

import asyncio
import resource
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import aiohttp
from aiohttp import web

from tests.fakes.discord_api import FakeDiscord, guild, interaction, message_command, slash, user_message
from tests.fakes.slack_api import FakeSlack, command, form, sign

from .arrivals import Listener, StampedSocket, listening
from .common import ReadyNotice, bench_env, load_generator_gc, percentiles

ROOT = Path(__file__).resolve().parent.parent
ANSWER_WAIT = 10.0  # seconds the bench waits for an answer before counting the request unanswered
START_WAIT = 60.0  # seconds for the bot to connect


class _Arrivals(web.RequestHandler):
    """aiohttp's handler of one connection, noting when a request's first bytes reached the machine (the
    kernel's note, ``bench.arrivals``) and when the double's loop read them. Discord takes requests in
    parallel; this double, one process, handles them one after another, so a burst's last response would
    otherwise wait behind the double's handling of all the others (a fifth to a third of a millisecond
    each) before its clock stopped."""

    arrived: float | None = None  # the current request's first bytes (a client sends one request at a time)
    read: float | None = None  # ... and when the double's loop read them
    listener: Listener | None = None  # what accepted the connection
    sock: StampedSocket | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self.sock = self.listener.stamped(transport) if self.listener is not None else None

    def data_received(self, data: bytes) -> None:
        if self.arrived is None:
            self.read = time.perf_counter()
            self.arrived = (self.sock.arrived if self.sock is not None else None) or self.read
        super().data_received(data)


class _FakeDiscord(FakeDiscord):
    """The Discord test double, telling the bench the moment an interaction's first response arrives
    (so a waiting interaction costs nothing while it waits: the bench shares the processor with the bot)."""

    def __init__(self) -> None:
        super().__init__()
        self.first_response: dict[str, asyncio.Future[float]] = {}
        self.arrived: dict[str, float] = {}  # path of each interaction callback -> when its bytes arrived
        self.read: dict[str, float] = {}  # ... and when the double's loop read them
        self.opened = 0  # connections the bot has opened to the double
        self._listener = listening()

    def listener(self) -> Listener:
        return self._listener

    def connection(self, server: web.Server, loop: asyncio.AbstractEventLoop) -> web.RequestHandler:
        self.opened += 1
        handler = _Arrivals(server, loop=loop, access_log=None)
        handler.listener = self._listener
        return handler

    def expect(self, interaction_id: str) -> asyncio.Future[float]:
        return self.first_response.setdefault(interaction_id, asyncio.get_running_loop().create_future())

    async def _handle(self, request):
        read = getattr(request.protocol, "read", None) or time.perf_counter()
        arrived = getattr(request.protocol, "arrived", None) or read
        response = await super()._handle(request)
        request.protocol.arrived = None  # before the response goes: the connection's next request is new
        parts = request.path.split("/")
        if request.path.endswith("/callback") and len(parts) >= 4:
            self.arrived[request.path], self.read[request.path] = arrived, read
            waiting = self.first_response.get(parts[-3])
            if waiting is not None and not waiting.done():
                waiting.set_result(arrived)
        return response


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Running:
    """`shortlist run` with the given adapters, its Discord and Slack being local fakes."""

    def __init__(self, discord: bool = True, slack: bool = False, module: str = "adapters.cli",
                 env: dict[str, str] | None = None, python: str = sys.executable):
        """``module``: what runs `shortlist` (``bench.discord_probe`` adds probes); ``env``: added to its
        environment; ``python``: the interpreter that runs it (another version's, with Shortlist's packages)."""
        self.discord, self.slack, self.module, self.extra_env = discord, slack, module, env or {}
        self.python = python

    async def __aenter__(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.fake_discord, self.fake_slack = _FakeDiscord(), FakeSlack()
        self.slack_port = _free_port()
        self.ready = ReadyNotice(Path(self.tmp.name))  # awaited by the steady-state rows, not the start-up ones
        env = {**bench_env(), "SHORTLIST_DB": str(Path(self.tmp.name) / "bench.db"),
               "DISCORD_TOKEN": "bench", "SHORTLIST_DISCORD_API": await self.fake_discord.start(),
               "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": "test-signing-secret",
               "SHORTLIST_SLACK_API": await self.fake_slack.start(), "SHORTLIST_SLACK_PORT": str(self.slack_port),
               **self.ready.env(), **self.extra_env}
        env.pop("SLACK_APP_TOKEN", None)
        flags = (["--discord"] if self.discord else []) + (["--slack"] if self.slack else [])
        self.started = time.perf_counter()
        self.proc = await asyncio.create_subprocess_exec(self.python, "-m", self.module, "run", *flags,
                                                         cwd=ROOT, env=env)
        return self

    async def __aexit__(self, *exc):
        self.proc.terminate()
        await self.proc.wait()
        self.ready.close()
        await self.fake_discord.stop()
        await self.fake_slack.stop()
        self.tmp.cleanup()

    async def discord_ready(self) -> None:
        deadline = time.perf_counter() + START_WAIT
        while not self.fake_discord.connected:
            if self.proc.returncode is not None or time.perf_counter() > deadline:
                raise RuntimeError(f"`shortlist run` did not connect to Discord (exit status {self.proc.returncode})")
            await asyncio.sleep(0.005)

    async def discord_warm(self) -> None:
        """Connected, in its steady state: what the Discord rows measure from."""
        await self.discord_ready()
        await self.ready.wait(START_WAIT)  # warmed up, its review workers started
        # The server the interactions come from, as Discord sends it to a bot in it on connecting (the guilds
        # intent): without it, discord.py builds a stand-in server object for every interaction.
        await self.fake_discord.dispatch("GUILD_CREATE", guild())
        for _ in range(10):
            await self.interact(interaction(2, slash("guide", role="mle")))
        # Steady state: one review answered means the start-up warm-up (engine, spelling dictionary, in a
        # thread that shares the interpreter) is done; start-up has rows of its own.
        await self.interact(interaction(2, message_command("Review cover letter", user_message(
            (ROOT / "tests" / "letters" / "01-strong-fintech.txt").read_text()))), wait=START_WAIT)
        await self.settled()

    async def interact(self, payload: dict, wait: float = ANSWER_WAIT) -> float | None:
        """Send one interaction over the gateway; seconds until its first response reaches Discord, or
        None when none came within ``wait`` seconds (Discord itself gives up after 3)."""
        first = self.fake_discord.expect(payload["id"])
        sent = time.perf_counter()
        await self.fake_discord.dispatch("INTERACTION_CREATE", payload)
        try:
            return await asyncio.wait_for(asyncio.shield(first), wait) - sent
        except TimeoutError:
            return None

    async def guide_burst(self, size: int) -> list[float | None]:
        """``size`` concurrent `/guide ml-engineer`: each one's seconds to its first response (``interact``)."""
        batch = [interaction(2, slash("guide", role="ml-engineer")) for _ in range(size)]
        return await asyncio.gather(*(self.interact(p) for p in batch))

    async def settled(self, quiet: float = 0.5, wait: float = 120.0) -> None:
        """Wait until neither platform has heard from the bot for ``quiet`` seconds (follow-ups done),
        or ``wait`` seconds at most."""
        heard, deadline = -1, time.perf_counter() + wait
        while heard != (heard := len(self.fake_discord.calls) + len(self.fake_slack.calls)) and \
                time.perf_counter() < deadline:
            await asyncio.sleep(quiet)

    def peak_rss_mb(self) -> float:
        return _peak_mb(self.proc.pid)

    def workers_peak_rss_mb(self) -> float:
        """The bot's child processes (its review workers), each one's high-water mark, summed."""
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        pids = children.read_text().split() if children.exists() else []
        return sum(_peak_mb(int(pid)) for pid in pids)


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _latencies(samples: list[float | None]) -> tuple[float, float, int]:
    """p50 and p99 (ms) of the answered, and how many were not answered in time (within Discord's
    3 seconds)."""
    answered = [s for s in samples if s is not None and s <= 3.0]
    p50, p99 = percentiles(answered) if answered else (float("nan"), float("nan"))
    return p50, p99, len(samples) - len(answered)


class Latency(NamedTuple):
    """One concurrency's Discord figures: first responses in ms, and what the burst before them opened."""
    concurrency: int
    p50: float
    p99: float
    unanswered: int
    opening: tuple[float, float, int]  # the opening burst's p50 and p99 (ms), and how many went unanswered
    connections: int  # connections the bot opened to Discord during the opening burst


async def discord_latency(total: int = 400) -> list[Latency]:
    """From INTERACTION_CREATE sent to first response received, ``total`` interactions at each concurrency in
    bursts, after one opening burst at that concurrency, timed apart. discord.py's HTTP client (aiohttp, no
    limit on connections, an idle one kept 15 s) sends each response on a kept-alive connection when one is
    idle and opens one when none is: a bot under steady load has as many open as it has responses in flight,
    while the opening burst at 200, after the bursts of 50, opens some 150 (and, on the real Discord, a TLS
    handshake for each)."""
    load_generator_gc()
    out = []
    async with Running(discord=True) as bot:
        await bot.discord_warm()
        for concurrency in (1, 10, 50, 200):
            opened = bot.fake_discord.opened
            opening = _latencies(await bot.guide_burst(concurrency))
            connections = bot.fake_discord.opened - opened
            samples: list[float | None] = []
            for i in range(0, total, concurrency):
                samples += await bot.guide_burst(min(concurrency, total - i))
            out.append(Latency(concurrency, *_latencies(samples), opening, connections))
    return out


async def _slack(session: aiohttp.ClientSession, bot: Running, line: str, text: str) -> bool:
    """One signed slash command; whether Slack would count it answered (HTTP 200 within its 3 seconds).
    An answer that rode in the ack is recorded with the fake as delivered then."""
    payload = command(line, text, bot.fake_slack.response_url())
    body = form(payload)
    sent = time.perf_counter()
    try:
        async with session.post(f"http://127.0.0.1:{bot.slack_port}/slack/events", data=body.encode(),
                                headers=sign(body), timeout=aiohttp.ClientTimeout(total=ANSWER_WAIT)) as response:
            answer = await response.text()
            if response.status != 200:
                return False
    except TimeoutError:
        return False
    bot.fake_slack.record_ack(payload, answer)
    return time.perf_counter() - sent <= 3.0


async def both_adapters() -> tuple[float, float, float, float, int, int]:
    """Start `shortlist run --discord --slack`: seconds to the first answered Discord interaction and
    to the first answered Slack command, then peak memory (MB) after bursts of 200 concurrent requests
    on each, reviews included (the bot's process, then its review workers together), and how many of
    those requests on Discord and on Slack went unanswered."""
    async with Running(discord=True, slack=True) as bot:
        await bot.discord_ready()
        await bot.interact(interaction(2, slash("guide", role="ml-engineer")))
        first_discord = time.perf_counter() - bot.started
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=250)) as session:
            deadline = time.perf_counter() + START_WAIT
            while True:
                try:
                    await _slack(session, bot, "/guide", "ml-engineer")
                    break
                except aiohttp.ClientConnectionError:
                    if bot.proc.returncode is not None or time.perf_counter() > deadline:
                        raise RuntimeError("`shortlist run --slack` did not start listening") from None
                    await asyncio.sleep(0.01)
            while not bot.fake_slack.answers and time.perf_counter() < deadline:
                await asyncio.sleep(0.005)
            first_slack = time.perf_counter() - bot.started
            await bot.ready.wait(START_WAIT)  # the bursts below are the bot as it runs, its reviews in its workers
            # Bursts of 200 concurrent requests on each platform, reviews included, before reading the
            # high-water mark.
            letter = (ROOT / "tests" / "letters" / "10-over-length.txt").read_text()
            discord_missed = slack_missed = 0
            for _round in range(2):
                results = await asyncio.gather(
                    *(bot.interact(interaction(2, slash("faq", question="how long should it be"))) for _ in range(100)),
                    *(bot.interact(interaction(2, message_command("Review cover letter", user_message(letter))))
                      for _ in range(100)),
                    *(_slack(session, bot, "/faq", "how many words") for _ in range(100)),
                    *(_slack(session, bot, "/guide", "ml-engineer") for _ in range(100)))
                discord_missed += _latencies(list(results[:200]))[2]
                slack_missed += results[200:].count(False)
            await bot.settled()
        return (first_discord, first_slack, bot.peak_rss_mb(), bot.workers_peak_rss_mb(), discord_missed,
                slack_missed)


def _shortlist() -> list[str]:
    """The installed `shortlist` command, as a member runs it (else the module, from a checkout)."""
    script = Path(sys.executable).with_name("shortlist")
    return [str(script)] if script.exists() else [sys.executable, "-m", "adapters.cli"]


async def _wall(argv: list[str], repeat: int, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Seconds from start to exit of each run, and the processor time (user and system) each used: on a shared
    machine the second says what the first can't."""
    samples, cpu = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = await asyncio.create_subprocess_exec(*argv, cwd=ROOT, env=env, stdin=asyncio.subprocess.DEVNULL,
                                                    stdout=asyncio.subprocess.DEVNULL)
        await proc.wait()
        samples.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return samples, cpu


async def cli_start(repeat: int = 15) -> dict[str, tuple[tuple[float, float], tuple[float, float]]]:
    """Wall time and processor time (each p50, p99 ms) of whole processes, start to exit: `python -c pass`,
    then a member's first commands. Each command runs once untimed first, so the guides' cache is warm as it is
    after installation."""
    letter = ROOT / "tests" / "letters" / "01-strong-fintech.txt"
    with tempfile.TemporaryDirectory() as tmp:
        base = [*_shortlist(), "--db", str(Path(tmp) / "x.db")]
        env = {**bench_env(), "XDG_CACHE_HOME": str(Path(tmp) / "cache")}
        commands = {"python -c pass": [sys.executable, "-c", "pass"],
                    'shortlist ask "/help"': [*base, "ask", "/help"],
                    'shortlist ask "/help" --json': [*base, "ask", "/help", "--json"],
                    "shortlist review FILE": [*base, "review", str(letter), "--role", "ml-engineer"]}
        out = {}
        for name, argv in commands.items():
            await _wall(argv, 1, env)
            wall, cpu = await _wall(argv, repeat, env)
            out[name] = percentiles(wall), percentiles(cpu)
    return out
