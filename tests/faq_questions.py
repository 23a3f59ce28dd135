"""/faq measured on questions new members typed in trials: what each reply did with the entry that answers it.

``tests/faq/held-back.yaml`` is never tuned on: no entry's wording is changed looking at how /faq answers one of
its questions; only the totals are read. ``tests/faq/tune.yaml`` is the half fixes are made from."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

FAQ = Path(__file__).parent / "faq"
# What a reply did, best first: the entry that answers it, stated; the closest questions (or one, hedged) with that
# entry among them; the closest questions without it; nothing ("I don't have an answer for that"); another entry
# stated as the answer (the one that misleads).
OUTCOMES = ("right", "offered", "not offered", "no answer", "wrong")


@dataclass
class Tally:
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def line(self) -> str:
        return ", ".join(f"{name} {self.counts[name]}" for name in OUTCOMES) + f" (of {self.total})"


def questions(part: str) -> list[dict]:
    """Each question as typed after `/faq` (``ask``), the entries that answer it (``want``: their questions, none
    when no entry does), where it came from (``from``) and what its community had added (``community``)."""
    return yaml.safe_load((FAQ / f"{part}.yaml").read_text(encoding="utf-8"))["questions"]


def community_entries(question: dict) -> set[str]:
    """The entries the question's community added (``community``: ``faq``, lines as `/mod faq add` takes them, and
    ``guide``, a guide file in tests/faq/ its moderators imported)."""
    community = question.get("community", {})
    added = {line.split("|")[0].strip() for line in community.get("faq", [])}
    if "guide" in community:
        added |= {e["question"] for e in yaml.safe_load((FAQ / community["guide"]).read_text(encoding="utf-8"))["faq"]}
    return added


def outcome(reply, want: list[str]) -> str:
    """What /faq's reply did, against the entries that answer the question."""
    if reply.title == "Did you mean one of these?" or "this is the closest question I know" in reply.fallback_text():
        offered = [b.command.removeprefix("/faq ") for b in reply.buttons] + [reply.title]
        return "offered" if set(want) & set(offered) else "not offered"
    if reply.title == "I don't have an answer for that":
        return "no answer"
    return "right" if reply.title in want else "wrong"
