"""Where a Discord first response spends its time in a burst: `python -m bench.discord_trace [--concurrency 50 200]
[--bursts 4] [--python PATH] [--no-opening]`.

Runs `shortlist run --discord` with probes (``bench.discord_probe``) against the Discord test double, warmed up
as the bench's Discord rows are, then at each concurrency one untraced burst that opens the connections a
steady load keeps open (as the rows have; `--no-opening` traces that burst too), then bursts of
`/guide ml-engineer`. For each stage of an interaction's way
to its first response it prints the milliseconds since the burst was sent (median and slowest over the
bursts' interactions): its gateway frame parsed by discord.py (``read``), Shortlist's handler started on it
(``handler``), its response handed to discord.py's webhook adapter (``handed``), the request's body written
to the socket by aiohttp (``written``), its first bytes reaching the test double's socket by the kernel's note
(``arrived``: what the bench's rows measure, ``bench.arrivals``), read off it by the double's event loop
(``received``) and the double's handler reading it (``handled``: the double takes requests one after another,
Discord in parallel). Beside them: the bot's event-loop processor time per interaction (from /proc, up to
the burst's last first response), and the bench's own. ``written`` long after ``handed`` is a response
held on the bot's event loop behind the burst's other handlers (aiohttp on Python 3.11 writes a request's
body from a task of its own, which runs only on the loop's next turn)."""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tests.fakes.discord_api import interaction, slash

from .processes import Running

STAGES = ("read", "handler", "handed", "written", "arrived", "received", "handled")
STEPS = tuple(f"{a} → {b}" for a, b in zip(STAGES, STAGES[1:], strict=False))


def _loop_cpu_ns(pid: int) -> int:
    """Processor time of the process's main thread (its event loop), in nanoseconds."""
    return int(Path(f"/proc/{pid}/task/{pid}/schedstat").read_text().split()[0])


async def _noted(bot: Running, out: Path) -> list[tuple[str, str, float]]:
    """What the probes noted since the last call (they write it on SIGUSR1)."""
    out.unlink(missing_ok=True)
    bot.proc.send_signal(signal.SIGUSR1)
    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline:
        try:
            return [tuple(n) for n in json.loads(out.read_text())]  # type: ignore[misc]
        except (FileNotFoundError, json.JSONDecodeError):  # not written yet, or half written
            await asyncio.sleep(0.01)
    raise RuntimeError("the probed bot did not write its notes")


async def trace(concurrencies: tuple[int, ...] = (50, 200), bursts: int = 4,
                python: str = sys.executable, opening: bool = True) -> dict[int, dict[str, object]]:
    """Per concurrency: each stage's (median, slowest) ms since its burst was sent, and each interaction's
    from one stage to the next, the bot's event-loop processor time and the bench's own per interaction
    (ms), how many interactions were traced and how many connections the bot opened to the double for them.
    With ``opening``, as the bench's rows, one untraced burst at each concurrency first opens the
    connections a steady load keeps open."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "noted.json"
        async with Running(discord=True, module="bench.discord_probe", env={"SHORTLIST_TRACE_OUT": str(out)},
                           python=python) as bot:
            await bot.discord_warm()
            results: dict[int, dict[str, object]] = {}
            for concurrency in concurrencies:
                since: dict[str, list[float]] = {stage: [] for stage in STAGES}
                steps: dict[str, list[float]] = {step: [] for step in STEPS}
                loop_ms, bench_ms = [], []
                if opening:
                    await bot.guide_burst(concurrency)
                    await bot.settled(quiet=0.3)
                opened = bot.fake_discord.opened
                for _ in range(bursts):
                    await _noted(bot, out)
                    batch = [interaction(2, slash("guide", role="ml-engineer")) for _ in range(concurrency)]
                    ids = {p["id"] for p in batch}
                    bot.fake_discord.calls.clear()
                    cpu, own, sent = _loop_cpu_ns(bot.proc.pid), time.thread_time(), time.perf_counter()
                    await asyncio.gather(*(bot.interact(p) for p in batch))
                    loop_ms.append((_loop_cpu_ns(bot.proc.pid) - cpu) / 1e6 / concurrency)
                    bench_ms.append((time.thread_time() - own) * 1000 / concurrency)
                    await bot.settled(quiet=0.3)
                    stamps = [(stage, i, t) for stage, i, t in await _noted(bot, out) if i in ids]
                    stamps += [(stage, c.path.split("/")[-3], t) for c in bot.fake_discord.calls
                               if c.path.endswith("/callback")
                               for stage, t in (("arrived", bot.fake_discord.arrived[c.path]),
                                                ("received", bot.fake_discord.read[c.path]), ("handled", c.at))]
                    first: dict[tuple[str, str], float] = {}
                    for stage, i, t in stamps:
                        first.setdefault((stage, i), t)
                    for (stage, i), t in first.items():
                        since[stage].append((t - sent) * 1000)
                        before = STAGES[STAGES.index(stage) - 1] if stage != STAGES[0] else None
                        if before is not None and (before, i) in first:
                            steps[f"{before} → {stage}"].append((t - first[before, i]) * 1000)
                results[concurrency] = {
                    "stages": {stage: (statistics.median(v), max(v)) for stage, v in since.items() if v},
                    "steps": {step: (statistics.median(v), max(v)) for step, v in steps.items() if v},
                    "loop_ms": statistics.median(loop_ms), "bench_ms": statistics.median(bench_ms),
                    "traced": len(since["arrived"]), "connections": bot.fake_discord.opened - opened}
            return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--bursts", type=int, default=4)
    parser.add_argument("--python", default=sys.executable,
                        help="the interpreter running the bot (another Python's, with Shortlist's packages)")
    parser.add_argument("--no-opening", dest="opening", action="store_false",
                        help="trace from the first burst at each concurrency, which opens new connections")
    args = parser.parse_args()
    results = asyncio.run(trace(tuple(args.concurrency), args.bursts, args.python, args.opening))
    print(f"load average {os.getloadavg()[0]:.1f}; ms since the burst was sent: median / slowest\n")
    print("| concurrent | " + " | ".join(STAGES) + " | bot's loop per interaction (ms) | bench's own (ms) "
          "| connections opened |")
    print("|---" * (len(STAGES) + 4) + "|")
    for concurrency, r in results.items():
        stages: dict = r["stages"]  # type: ignore[assignment]
        cells = [f"{stages[s][0]:.1f} / {stages[s][1]:.1f}" if s in stages else "" for s in STAGES]
        print(f"| {concurrency} | " + " | ".join(cells) + f" | {r['loop_ms']:.3f} | {r['bench_ms']:.3f} "
              f"| {r['connections']} |")
    print("\nEach interaction's time from one stage to the next (ms): median / slowest\n")
    steps = STEPS
    print("| concurrent | " + " | ".join(steps) + " |")
    print("|---" * (len(steps) + 1) + "|")
    for concurrency, r in results.items():
        took: dict = r["steps"]  # type: ignore[assignment]
        print(f"| {concurrency} | " + " | ".join(f"{took[s][0]:.1f} / {took[s][1]:.1f}" if s in took else ""
                                                 for s in steps) + " |")


if __name__ == "__main__":
    main()
