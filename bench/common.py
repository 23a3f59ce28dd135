"""Timing helpers and the row every benchmark reports."""
from __future__ import annotations

import asyncio
import os
import socket
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Row:
    """One measure from one run. ``reference`` is (what, value) measured in the same run; ``met`` is
    this run's verdict on ``target`` (None when the row has no target)."""
    measure: str
    p50: float | None = None
    p99: float | None = None
    rate: float | None = None
    reference: tuple[str, float] | None = None
    target: str | None = None
    met: bool | None = None


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p99 of samples in seconds, returned in milliseconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p99 * 1000


def time_calls(fn, repeat: int, warmup: int = 5, clock=time.perf_counter) -> list[float]:
    """Each call's time in seconds, by wall clock unless ``clock`` says otherwise."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = clock()
        fn()
        samples.append(clock() - start)
    return samples


def cpu_calls(fn, repeat: int, warmup: int = 5) -> list[float]:
    """Each call's processor time (this process only), in seconds: on a machine shared with other
    work, wall-clock time also counts the time spent waiting for a core."""
    return time_calls(fn, repeat, warmup, time.process_time)


def bench_env() -> dict[str, str]:
    """The environment for the processes a benchmark starts: as a member's installation runs, with
    compiled bytecode kept (an installer writes it; PYTHONDONTWRITEBYTECODE would recompile every
    module on every start)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def machine() -> str:
    return f"{os.cpu_count()} cores"


def table(headers: list[str], rows: list[list]) -> str:
    cells = [headers] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
             for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def load_generator_gc() -> None:
    """The load generator stands for Slack's or Discord's servers: its own garbage collector's pauses
    are not the bot's latency. Collected as the bot collects (bot/warm.py), whichever benchmarks ran
    before in this process: with the default threshold, review-submission acks at 50 concurrent were
    timed at 77-140 ms p99 when the Slack rows ran alone and 57 ms after the advert rows, which set it."""
    import gc
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 50, 10)


class ReadyNotice:
    """The socket a bot the bench starts says it is ready on (``NOTIFY_SOCKET``, adapters/ready.py): warmed up,
    its review workers taking the reviews. The latency rows are the bot as it runs, not its first seconds, when it
    reviews in its own thread while the workers load (12.6 s for one, at load 4.8)."""

    def __init__(self, directory: Path) -> None:
        self.path = str(directory / "notify")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        self.sock.setblocking(False)

    def env(self) -> dict[str, str]:
        return {"NOTIFY_SOCKET": self.path}

    async def wait(self, seconds: float = 120.0) -> bool:
        """Whether the bot said READY=1 within ``seconds`` (if not, the bench says so and goes on)."""
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(seconds):
                while b"READY=1" not in (await loop.sock_recv(self.sock, 4096)).split(b"\n"):
                    pass
            return True
        except TimeoutError:
            print(f"bench: the bot did not say it was ready within {seconds:g} s", file=sys.stderr)
            return False
        finally:
            self.close()

    def close(self) -> None:
        self.sock.close()
