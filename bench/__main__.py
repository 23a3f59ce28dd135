"""Every benchmark, one table: `python -m bench [--runs N] [--only SECTIONS]`.

Each figure is the median of N runs (default 3) on this machine, with the spread of the runs (the
lowest and highest run) beside it, so a noisy run shows as noisy. Each row names what it is compared
with, measured in the same run, and the target where there is one; a target is met only when it is
met in every run. Prints a Markdown table. `--only storage,processes` runs those sections alone.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from . import advert as advert_bench
from . import core as core_bench
from . import documents, processes, review, slack, storage
from .common import Row

ACK_P99_MS = {50: 50, 200: 100}  # the platforms allow 3 s; members notice far less
CLI_START_MS = 150
SECTIONS = ("review", "advert", "documents", "core", "storage", "slack", "discord", "processes")


def _f(x: float, digits: int = 2) -> str:
    return f"{x:,.{digits}f}"


async def one_run(db: Path, only: frozenset[str] = frozenset(SECTIONS)) -> list[Row]:
    rows: list[Row] = []
    add = rows.append
    want = only.__contains__

    # Review engine: the floor (what any review must do) and proselint on the same letters.
    if want("review"):
        for words, (p50, p99, f50, f99, lint50) in review.measure().items():
            add(Row(f"floor: {words}-word letter split into sentences and words once (ms)", f50, f99, 1000 / f50))
            target = "p99 ≤ 1.5 ms; p50 ≤ 3x the floor" if words == 400 else None
            add(Row(f"review engine, {words}-word letter (ms)", p50, p99, 1000 / p50, ("floor", f50), target,
                    (p99 <= 1.5 and p50 <= 3 * f50) if target else None))
            if lint50 is not None:
                add(Row(f"proselint {review.proselint_version()}, {words}-word letter (ms)", lint50,
                        rate=1000 / lint50, reference=("review engine", p50)))
        u50, u99, unseen = review.measure_unseen()
        add(Row(f"review engine, {unseen} real letters of 250-600 words, each new to it (ms)", u50, u99, 1000 / u50,
                ("400-word letter reviewed again", next(r.p50 for r in rows if r.measure.startswith(
                    "review engine, 400-word"))), "p99 ≤ 5 ms (#12)", u99 <= 5))
        c50, c99, cf50 = review.measure_cpu()
        add(Row("review engine, 400-word letter, processor time only (ms)", c50, c99, None, ("floor", cf50),
                "p99 ≤ 1.5 ms; p50 ≤ 3x the floor", c99 <= 1.5 and c50 <= 3 * cf50))
        worst = review.worst_case()
        for size in review.SIZES:
            _name, ms = worst[size]
            add(Row(f"review engine, slowest adversarial {size:,}-char paste (ms)", ms,
                    reference=("2,000-word letter", next(r.p50 for r in rows if r.measure.startswith(
                        "review engine, 2000-word")))))
        name, growth = worst["growth"]
        add(Row(f"review engine, worst growth from {review.SIZES[0]:,} to {review.SIZES[-1]:,} chars, "
                f"least processor time of the runs (x)", growth,
                target="≤ 5x (linear is 4x)", met=growth <= 5))
    engine_400 = next((r.p50 for r in rows if r.measure.startswith("review engine, 400-word")), None)
    engine = ("review engine alone", engine_400) if engine_400 is not None else None  # when measured

    # A letter reviewed against a job advert: the advert checked and read, then the review.
    if want("advert"):
        a50, a99, alone, _, words = advert_bench.measure()
        add(Row(f"advert read + review, {words}-word advert and 400-word letter (ms)", a50, a99, 1000 / a50,
                ("same letter without the advert", alone), "p99 < 20 ms", a99 < 20))
        c50, c99, alone, _, _ = advert_bench.measure(clock=advert_bench.cpu_calls)
        add(Row("the same, processor time only (ms)", c50, c99, None, ("same letter without the advert", alone),
                "p99 < 20 ms", c99 < 20))

    # Letters as files: a one-page document read, then read and reviewed, beside the engine alone.
    if want("documents"):
        for kind, r50, r99, b50, b99, _ in documents.measure():
            add(Row(f"one-page {kind.upper()} read (ms)", r50, r99, 1000 / r50, engine))
            add(Row(f"one-page {kind.upper()} read and reviewed (ms)", b50, b99, 1000 / b50,
                    engine, f"p99 < {documents.TARGET_MS} ms", b99 < documents.TARGET_MS))

    # Commands through the core, history recording on.
    if want("core"):
        for line, p50, p99, rate in await core_bench.run():
            reference = engine if line.startswith("/review") else None
            add(Row(f"`{line}` through the core, recorded (ms)", p50, p99, rate, reference))
        (b50, b99), (n50, _n99) = await core_bench.burst(200)
        add(Row("200 concurrent `/guide` through the core, recorded, all answered (ms)", b50, b99,
                reference=("with no database", n50)))

    # Storage: the store against raw sqlite3 on the same disk, in the same run.
    if want("storage"):
        for burst, label in ((1, "one row at a time"), (1000, "bursts of 1,000")):
            ours, raw = await storage.rates(burst)
            what = "one row per transaction" if burst == 1 else "executemany"
            add(Row(f"store writes, {label} (rows/s)", rate=ours, reference=(f"raw sqlite3, {what}", raw),
                    target="≥ 0.5x raw", met=ours >= 0.5 * raw))
        library = storage.GuideLibrary.load()
        store = await storage.build_large(db)
        (q50, q99), (c50, c99), _ = await storage.history_latency(library, store)
        s50, s99 = await storage.stats_latency(library, store)
        await store.close()
        add(Row("`/history` on 1M commands + 200k reviews (ms)", c50, c99, 1000 / c50, ("the queries alone", q50),
                "p99 < 10 ms", c99 < 10))
        add(Row("`/mod stats` (30 days) for one community of that database (ms)", s50, s99, 1000 / s50,
                target="p99 ≤ 20 ms", met=s99 <= 20))

    # Slack acknowledgements, and a review's way from its ack to the member.
    if want("slack"):
        for label, p50, p99 in await slack.measure():
            concurrency = int(label.split(", ")[-1].split()[0])
            if label.startswith("ack to review"):  # by the kernel's clock; the double's own beside it
                double = slack.BY_THE_DOUBLE.get(label)
                add(Row(f"Slack {label} (ms)", p50, p99, None, ("p99 by the double's clock", double[1]) if double
                        else None, target="p99 ≤ 500 ms", met=p99 <= 500))
                continue
            budget = ACK_P99_MS.get(concurrency)
            add(Row(f"Slack ack, {label} (ms)", p50, p99, None, ("deadline", 3000),
                    f"p99 ≤ {budget} ms" if budget else None, p99 <= budget if budget else None))
        add(Row("Slack requests not acknowledged within 3 s, of 3,520", len(slack.UNANSWERED), target="none",
                met=not slack.UNANSWERED))

    # Discord interaction to first response, through the real process and the fake gateway.
    if want("discord"):
        unanswered = sent = 0
        for latency in await processes.discord_latency():
            concurrency, p50, p99, missed = latency[:4]
            budget = ACK_P99_MS.get(concurrency)
            unanswered += missed + latency.opening[2]
            sent += 400 + concurrency
            add(Row(f"Discord interaction to first response, {concurrency} concurrent (ms)", p50, p99, None,
                    ("deadline", 3000), f"p99 ≤ {budget} ms" if budget else None,
                    p99 <= budget and not missed if budget else None))
            if concurrency >= 50:  # the burst before the row's, opening connections a steady load keeps open
                add(Row(f"the same, {concurrency} concurrent, the opening burst before those (ms)",
                        *latency.opening[:2], None, ("deadline", 3000)))
                add(Row(f"connections the bot opened to Discord in that opening burst of {concurrency}",
                        latency.connections))
        add(Row(f"Discord interactions with no first response within 3 s, of {sent:,}", unanswered,
                target="none", met=unanswered == 0))

    # Whole processes: the command line's start, both adapters' start and memory.
    if want("processes"):
        starts = await processes.cli_start()
        (bare50, bare99), (cpu50, cpu99) = starts.pop("python -c pass")
        add(Row("`python -c pass`, process start to exit (ms)", bare50, bare99))
        add(Row("`python -c pass`, processor time (ms)", cpu50, cpu99))
        for name, ((p50, p99), (c50, c99)) in starts.items():
            target = f"p50 ≤ {CLI_START_MS} ms" if name == 'shortlist ask "/help"' else None
            add(Row(f"`{name}`, process start to exit (ms)", p50, p99, reference=("`python -c pass`", bare50),
                    target=target, met=p50 <= CLI_START_MS if target else None))
            add(Row(f"`{name}`, processor time (ms)", c50, c99, reference=("`python -c pass`", cpu50)))
        first_discord, first_slack, peak, workers, discord_missed, slack_missed = await processes.both_adapters()
        add(Row("start-up to first answered Discord command (ms)", first_discord * 1000,
                reference=("`python -c pass`", bare50)))
        add(Row("start-up to first answered Slack command (ms)", first_slack * 1000,
                reference=("`python -c pass`", bare50)))
        add(Row("peak memory, Discord + Slack in one process, 200 concurrent on each (MB)", peak,
                target="< 150 MB", met=peak < 150))
        add(Row("the same bursts: the bot's review worker processes together, peak memory (MB)", workers))
        add(Row("requests unanswered within 3 s in those bursts, of 400 on each: Discord", discord_missed,
                target="none", met=discord_missed == 0))
        add(Row("the same: Slack", slack_missed, target="none", met=slack_missed == 0))
    return rows


def _spread(values: list[float], digits: int = 2) -> str:
    """The median, with the lowest and highest run beside it when there is more than one."""
    values = [v for v in values if v is not None]
    if not values:
        return ""
    middle = _f(statistics.median(values), digits)
    if len(values) == 1:
        return middle
    return f"{middle} ({_f(min(values), digits)}–{_f(max(values), digits)})"


def combine(runs: list[list[Row]]) -> list[list[str]]:
    table = []
    for first in runs[0]:
        cells = [row for run in runs for row in run if row.measure == first.measure]
        p50s, p99s = [c.p50 for c in cells], [c.p99 for c in cells]
        reference = ""
        if first.reference:
            values = [c.reference[1] for c in cells]
            if first.reference[0] == "deadline":
                p99 = statistics.median([v for v in p99s if v is not None])
                reference = f"3 s deadline: p99 is {3000 / p99:.0f}x under it"
            else:
                reference = f"{first.reference[0]}: {_spread(values)}"
                ours = statistics.median(c.rate if first.p50 is None else c.p50 for c in cells)
                reference += f" ({ours / statistics.median(values):.2f}x)"
        met = [c.met for c in cells if c.met is not None]
        verdict = "" if not met else ("met" if all(met) else f"missed in {met.count(False)} of {len(met)} runs")
        table.append([first.measure, _spread(p50s), _spread(p99s), _spread([c.rate for c in cells], 0),
                      reference, first.target or "", verdict])
    return table


def _sections(text: str) -> frozenset[str]:
    chosen = frozenset(part.strip() for part in text.split(",") if part.strip())
    if not chosen or chosen - set(SECTIONS):
        raise argparse.ArgumentTypeError(f"choose from {', '.join(SECTIONS)}, separated by commas")
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "shortlist-bench.db")
    parser.add_argument("--only", type=_sections, default=frozenset(SECTIONS), metavar="SECTIONS",
                        help=f"comma-separated sections to run, of {', '.join(SECTIONS)} (default: all); a row whose "
                             "reference is in a section left out is shown without it")
    args = parser.parse_args()
    runs = []
    for n in range(args.runs):
        print(f"run {n + 1} of {args.runs} ...", file=sys.stderr, flush=True)
        runs.append(asyncio.run(one_run(args.db, args.only)))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Shortlist benchmarks: medians of {args.runs} runs (lowest–highest run in brackets) on "
          f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}; load average {load:.1f} at the end\n")
    headers = ["measure", "p50", "p99", "per second", "reference (same run): value (ours / it)", "target", "result"]
    print("| " + " | ".join(headers) + " |")
    print("|" + "---|" * len(headers))
    for row in combine(runs):
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
