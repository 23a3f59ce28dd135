"""Every benchmark, one table: `python -m bench [--runs N]`.

Each figure is the median of N runs (default 3) on this machine; each row names what it is compared
with, measured in the same run, and the target where there is one. Prints a Markdown table.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import advert as advert_bench
from . import core as core_bench
from . import documents, processes, review, slack, storage

ACK_BUDGET_MS = 100  # a thirtieth of the platforms' 3-second deadline


def _f(x: float, digits: int = 2) -> str:
    return f"{x:,.{digits}f}"


async def one_run(db: Path) -> dict[str, dict]:
    rows: dict[str, dict] = {}

    def add(measure, p50=None, p99=None, rate=None, reference=None, target=None, met=None):
        rows[measure] = {"p50": p50, "p99": p99, "rate": rate, "reference": reference, "target": target, "met": met}

    # Review engine, with proselint on the same letters.
    for words, (p50, p99, lint50) in review.measure().items():
        add(f"review engine, {words}-word letter (ms)", p50, p99, 1000 / p50,
            ("proselint", lint50), "p99 < 5 ms" if words == 400 else None, p99 < 5 if words == 400 else None)
    engine_400 = rows["review engine, 400-word letter (ms)"]["p50"]
    name, worst = review.worst_case()
    add("review engine, slowest adversarial 10,000-char paste (ms)", worst, reference=("2,000-word letter",
        rows["review engine, 2000-word letter (ms)"]["p50"]), target="< 100 ms", met=worst < 100)
    # A letter reviewed against a job advert: the advert checked and read, then the review.
    a50, a99, alone, _, words = advert_bench.measure()
    add(f"advert read + review, {words}-word advert and 400-word letter (ms)", a50, a99, 1000 / a50,
        ("same letter without the advert", alone), "p99 < 20 ms", a99 < 20)
    c50, c99, alone, _, _ = advert_bench.measure(clock=advert_bench.cpu_calls)
    add("the same, processor time only (ms)", c50, c99, None, ("same letter without the advert", alone),
        "p99 < 20 ms", c99 < 20)
    # Letters as files: a one-page document read, then read and reviewed, beside the engine alone.
    for kind, r50, r99, b50, b99, _ in documents.measure():
        add(f"one-page {kind.upper()} read (ms)", r50, r99, 1000 / r50, ("review engine alone", engine_400))
        add(f"one-page {kind.upper()} read and reviewed (ms)", b50, b99, 1000 / b50,
            ("review engine alone", engine_400), f"p99 < {documents.TARGET_MS} ms", b99 < documents.TARGET_MS)
    # Commands through the core, history recording on.
    for line, p50, p99, rate in await core_bench.run():
        reference = ("review engine alone", engine_400) if line.startswith("/review") else None
        add(f"`{line}` through the core, recorded (ms)", p50, p99, rate, reference)
    # Storage.
    library = storage.GuideLibrary.load()
    sequential = await storage.record_rate(library, 1)
    burst = await storage.record_rate(library, 1000)
    add("commands recorded per second, 1,000 at a time", rate=burst, reference=("one at a time", sequential))
    store = await storage.build_large(db)
    (q50, q99), (c50, c99), _ = await storage.history_latency(library, store)
    s50, s99 = await storage.stats_latency(library, store)
    await store.close()
    add("`/history` on 1M commands + 200k reviews (ms)", c50, c99, 1000 / c50, ("the queries alone", q50),
        "< 10 ms", c99 < 10)
    add("`/mod stats` (30 days) for one community of that database (ms)", s50, s99, 1000 / s50)
    # Slack acknowledgements.
    for label, p50, p99 in await slack.measure():
        add(f"Slack ack, {label} (ms)", p50, p99, None, ("deadline", 3000), f"p99 < {ACK_BUDGET_MS} ms",
            p99 < ACK_BUDGET_MS)
    # Discord interaction to first response, through the real process and the fake gateway.
    for concurrency, p50, p99 in await processes.discord_latency():
        add(f"Discord interaction to first response, {concurrency} concurrent (ms)", p50, p99, None,
            ("deadline", 3000), f"p99 < {ACK_BUDGET_MS} ms", p99 < ACK_BUDGET_MS)
    # One process with both adapters: start-up and memory.
    first_discord, first_slack, peak = await processes.both_adapters()
    interpreter = _interpreter_start()
    add("start-up to first answered Discord command (s)", first_discord, reference=("bare Python start", interpreter))
    add("start-up to first answered Slack command (s)", first_slack, reference=("bare Python start", interpreter))
    add("`shortlist ask /help`, process start to exit (s)", await processes.cli_first_answer(),
        reference=("bare Python start", interpreter))
    add("peak memory, Discord + Slack in one process (MB)", peak, reference=None, target="< 150 MB", met=peak < 150)
    return rows


def _interpreter_start() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import asyncio"], check=True)
    return time.perf_counter() - start


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def combine(runs: list[dict]) -> list[list[str]]:
    table = []
    for measure in runs[0]:
        cells = [r[measure] for r in runs if measure in r]
        p50, p99, rate = (_median([c[k] for c in cells]) for k in ("p50", "p99", "rate"))
        ref = cells[0]["reference"]
        reference = ""
        if ref:
            value = _median([c["reference"][1] for c in cells])
            if ref[0] == "deadline":
                reference = f"3 s deadline: p99 is {value / p99:.0f}x under it"
            else:
                reference = f"{ref[0]}: {_f(value)}" + (f" ({value / p50:.1f}x ours)" if ref[0] == "proselint" else "")
        met = [c["met"] for c in cells if c["met"] is not None]
        verdict = "" if not met else ("met" if all(met) else f"missed in {met.count(False)} of {len(met)} runs")
        table.append([measure, _f(p50) if p50 is not None else "", _f(p99) if p99 is not None else "",
                      _f(rate, 0) if rate else "", reference, cells[0]["target"] or "", verdict])
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "shortlist-bench.db")
    args = parser.parse_args()
    runs = []
    for n in range(args.runs):
        print(f"run {n + 1} of {args.runs} ...", file=sys.stderr, flush=True)
        runs.append(asyncio.run(one_run(args.db)))
    print(f"Shortlist benchmarks: medians of {args.runs} runs on {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}\n")
    headers = ["measure", "p50", "p99", "per second", "reference (same run)", "target", "result"]
    print("| " + " | ".join(headers) + " |")
    print("|" + "---|" * len(headers))
    for row in combine(runs):
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
