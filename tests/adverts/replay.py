"""The blind pairs scored as if the data written for them had never been written: a change's test on pairs it
was not made for.

Why: a blind pair agrees at about 0.72 when it arrives (held-out's level) and at about 0.82 once the relations
written for it are in (session 16). A change scored on tune/ is scored mostly on pairs that data was fitted to,
and the halves rule ("neither half loses") passes a change that moves nothing anywhere. Here each blind pair is
scored with today's reader and today's vocabulary minus every vocabulary line added while that pair was being
tuned on: from the commit that brought it into the repository (blind, into tune-next/) to the commit that moved
it into tune/ (or today, for one still waiting). Lines written for later batches stay: they were not made for it.

What is left out is data only: the code changes made for a pair stay in, so the figure is an upper bound on
unseen agreement. A line is one item of a vocabulary list, one member of a synonym group (a group added in the
window goes whole), one verb or object of a story.

Use: ``python -m tests.adverts.replay`` (add ``--pairs`` for each pair's line) on the tree before a change and
after it. A change earns its place when this figure (agreement without the data written for the pairs) rises
without losing precision; a change that lifts only the pairs it was made for shows on tune/ and not here.
Needs the git history (a clone, not an archive).
"""
from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from bot.advert.vocabulary import VOCABULARY_FILE, Vocabulary

from .evaluate import HERE, Score, evaluate, pairs

ROOT = HERE.parent.parent
VOCABULARY = VOCABULARY_FILE.relative_to(ROOT).as_posix()


def blind(name: str) -> bool:
    """Pairs 64-68 and from 81 on were written and labelled by sessions that never ran the reader; the rest
    were written by the sessions that built it (tests/adverts/tune-next/README.md)."""
    number = int(name.split("-")[0])
    return 64 <= number <= 68 or number >= 81


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True).stdout


def _first_commit(path: str) -> str | None:
    """The commit that first added ``path`` (a pathspec), in the history of HEAD."""
    found = _git("log", "--format=%H", "--diff-filter=A", "--reverse", "--", path).split()
    return found[0] if found else None


@functools.cache
def _vocabulary_at(commit: str | None) -> Any:
    text = VOCABULARY_FILE.read_text(encoding="utf-8") if commit is None else _git("show", f"{commit}:{VOCABULARY}")
    return yaml.safe_load(text)


def _group_id(item: Any) -> Any:
    if isinstance(item, list):
        return item[0]
    if isinstance(item, dict) and "duty" in item:
        return item["duty"]
    return None


def lines(node: Any, path: tuple[Any, ...] = ()) -> set[tuple[Any, ...]]:
    """Every line of a vocabulary: (where, item) for a list's word or pattern, (where, group) and (where, group,
    member) for a synonym group, (where, duty, part, word) for a story's verbs and objects."""
    out: set[tuple[Any, ...]] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            out |= lines(value, (*path, key))
    elif isinstance(node, list):
        for item in node:
            group = _group_id(item)
            if group is None:
                out.add((*path, item))
            elif isinstance(item, list):
                out |= {(*path, group), *((*path, group, member) for member in item[1:])}
            else:
                out.add((*path, group))
                out |= lines({k: v for k, v in item.items() if k != "duty"}, (*path, group))
    return out


def without(node: Any, gone: set[tuple[Any, ...]], path: tuple[Any, ...] = ()) -> Any:
    """``node`` with the lines in ``gone`` taken out (a group or a story left with no members goes too)."""
    if isinstance(node, dict):
        return {key: without(value, gone, (*path, key)) for key, value in node.items()}
    if not isinstance(node, list):
        return node
    out = []
    for item in node:
        group = _group_id(item)
        if group is None:
            if (*path, item) not in gone:
                out.append(item)
        elif (*path, group) in gone:
            continue
        elif isinstance(item, list):
            kept = [item[0], *(m for m in item[1:] if (*path, group, m) not in gone)]
            if len(kept) > 1:
                out.append(kept)
        else:
            story = {"duty": group, **without({k: v for k, v in item.items() if k != "duty"}, gone, (*path, group))}
            if all(story.values()):
                out.append(story)
    return out


@functools.cache
def _replayed(arrived: str, moved: str | None) -> Vocabulary:
    """Today's vocabulary less the lines added between ``arrived`` and ``moved`` (None: today's file)."""
    written = lines(_vocabulary_at(moved)) - lines(_vocabulary_at(arrived))
    return Vocabulary.model_validate(without(_vocabulary_at(None), written))


def window(name: str) -> tuple[str, str | None]:
    """When a pair was tuned on: from its arrival to its move into tune/ (None: not moved yet)."""
    arrived = _first_commit(f"tests/adverts/*/{name}/label.yaml")
    if arrived is None:
        raise SystemExit(f"{name} is not committed: commit it before replaying it")
    return arrived, _first_commit(f"tests/adverts/tune/{name}/label.yaml")


def _line(label: str, s: Score) -> str:
    """Coverage agreement, its disagreements both ways (a credit the label refuses, one it gives that the matcher
    misses), and the reader's precision and recall over requirements."""
    wrong = sum("covered True, labelled False" in n for n in s.notes)
    missed = sum("covered False, labelled True" in n for n in s.notes)
    return (f"{label}: {s.pairs} pairs, coverage agreement {s.coverage:.3f} ({s.coverage_agree}/{s.paired}; false "
            f"credits {wrong}, missed credits {missed}), precision {s.precision:.3f} ({s.paired}/{s.extracted}), "
            f"recall {s.recall:.3f} ({s.paired}/{s.labelled})")


def main(args: list[str]) -> None:
    today, replayed = Score(), Score()
    batches: dict[str, list[Path]] = {}
    for part in ("tune", "tune-next"):
        for folder in pairs(part):
            if blind(folder.name):
                batches.setdefault(window(folder.name)[0], []).append(folder)
    for arrived, folders in sorted(batches.items(), key=lambda b: min(int(f.name.split("-")[0]) for f in b[1])):
        batch_today, batch_replayed = Score(), Score()
        for folder in folders:
            one_today, one_replayed = Score(), Score()
            evaluate(folder, one_today)
            evaluate(folder, one_replayed, _replayed(*window(folder.name)))
            for total, one in ((today, one_today), (batch_today, one_today), (replayed, one_replayed),
                               (batch_replayed, one_replayed)):
                for field in ("extracted", "labelled", "paired", "coverage_agree", "pairs"):
                    setattr(total, field, getattr(total, field) + getattr(one, field))
                total.notes += one.notes
            if "--pairs" in args:
                print(f"  {folder.name}: {one_replayed.coverage_agree}/{one_replayed.paired} without its data, "
                      f"{one_today.coverage_agree}/{one_today.paired} with it")
        numbers = ", ".join(f.name.split("-")[0] for f in folders)
        print(f"arrived in {arrived[:7]} ({numbers}): {batch_replayed.coverage_agree}/{batch_replayed.paired} "
              f"without the data written for them, {batch_today.coverage_agree}/{batch_today.paired} with it")
    print(_line("blind pairs with today's data", today))
    print(_line("blind pairs without the data written for them", replayed))


if __name__ == "__main__":
    main(sys.argv[1:])
