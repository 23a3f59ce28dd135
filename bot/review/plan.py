"""A guide's rules read once for what they scan a letter for, so that a letter is searched for all of a
guide's patterns in one pass before its rules run (review/gate.py): a pattern that can't match is then
never scanned for, by whichever rule asks."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from .base import RuleBase
from .gate import Gate
from .text import Letter


class Plan:
    def __init__(self, rules: Sequence[object]):
        # An advert check (made for each review) scans its own way; a guide's rules say what they scan.
        self.scanned = _scanned(rules)
        _cover(self.scanned)

    @property
    def gate(self) -> Gate:
        assert _shared is not None  # made by __init__, and it only ever widens
        return _shared

    def find(self, letter: Letter) -> None:
        letter.__dict__["_ruled_out"] = self.gate.ruled_out(letter.norm)


def _scanned(rules: Sequence[object]) -> frozenset[str]:
    return frozenset(p for r in rules if isinstance(r, RuleBase) for p in r.scanned() if type(p) is str)


# One gate for every guide's patterns, not one a guide: the guides share most of them, and each gate is RE2
# programs of its own, about 6 MB a guide (72 MB in a review worker for the eleven shipped guides, 0.04 ms a
# letter either way). What it rules out for one guide is right for any: a pattern it names can't match. It
# only widens, so it covers every plan made; it holds shipped patterns only (a moderator's run on RE2 and
# are never gated), so it stops growing at theirs.
_shared: Gate | None = None


def _cover(scanned: frozenset[str]) -> None:
    """Make the shared gate anew with ``scanned`` added, when it lacks any of them."""
    global _shared
    if _shared is None or not scanned <= _shared.asked:
        _shared = Gate(scanned | (_shared.asked if _shared is not None else frozenset()))


_PLANS: dict[tuple[int, ...], tuple[tuple[object, ...], Plan | None]] = {}
_MAX_PLANS = 64  # community guides come and go: the plans are forgotten, all at once, past this many


def plan_for(rules: Sequence[object]) -> Plan | None:
    """The plan of this list of rules, made at its second review (a guide's rules are the same objects
    from one review to the next; the key's objects are kept with it, so an id is never another rule's).
    A plan takes longer to make than one review saves, so a one-off review (the command line) has none."""
    key = tuple(map(id, rules))
    found = _PLANS.get(key)
    if found is None:
        if len(_PLANS) >= _MAX_PLANS:
            _PLANS.clear()
        _PLANS[key] = (tuple(rules), None)
        return None
    kept, plan = found
    if plan is None:
        plan = Plan(kept)
        _PLANS[key] = (kept, plan)
    return plan


def make_plans() -> None:
    """Make the plan of every list of rules reviewed so far: a bot warming up, so no member waits for one
    (their patterns in one gate, made once)."""
    waiting = {key: kept for key, (kept, plan) in _PLANS.items() if plan is None}
    if waiting:
        _cover(frozenset().union(*map(_scanned, waiting.values())))
    for key, kept in waiting.items():
        _PLANS[key] = (kept, Plan(kept))


def warm_gates(texts: Iterable[str]) -> None:
    """Run the plans' shared gate over shipped text (a bot warming up). RE2 builds its automaton's states as a text
    first meets them, and never drops them: most of the gate's time on a letter new to it (90 of 108 M
    instructions over 98 unseen letters) is building states, which letters written like the guides' own
    examples then find built."""
    if _shared is not None:
        for text in texts:
            _shared.ruled_out(Letter(text).norm)
