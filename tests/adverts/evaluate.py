"""Scores the advert reader against the labelled advert + letter pairs in this folder.

A label names a requirement as a careful reader would, in the advert's own words; an extracted
requirement agrees with it when their places in the advert overlap (each pairs at most once).

One convention, "X and VERB Y": a sentence holding two duties, each with its own verb and object
("check the quality of the data and work with services to fix it"), is two requirements; verbs that
share one object ("build and maintain dashboards") are one. Labels written before this was settled
(held-out ones are never relabelled) sometimes keep two such duties as one label; the reader's second
half, lying inside that label after its "and", is then the same requirement as the first: not an
extra, not a second pairing, and the label is covered when either half is.

A change is judged on pairs it was not made for by tests/adverts/replay.py (the blind pairs, each scored without
the vocabulary lines written while it was tuned on): `python -m tests.adverts.replay` before and after it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.advert.match import review_against
from bot.advert.reader import read
from bot.advert.vocabulary import Vocabulary
from bot.review.text import Letter

HERE = Path(__file__).parent
AND_BEFORE = re.compile(r"\band\s+(?:to\s+)?$")  # what comes just before the second of two duties


@dataclass
class Score:
    extracted: int = 0
    labelled: int = 0
    paired: int = 0
    coverage_agree: int = 0
    must_agree: int = 0
    titles: int = 0
    companies: int = 0
    pairs: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.paired / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.paired / self.labelled if self.labelled else 1.0

    @property
    def coverage(self) -> float:
        return self.coverage_agree / self.paired if self.paired else 1.0


def pairs(part: str) -> list[Path]:
    return sorted(p for p in (HERE / part).iterdir() if (p / "label.yaml").exists())


def _places(advert: str, text: str) -> list[tuple[int, int]]:
    pattern = r"\s+".join(re.escape(w) for w in text.split())
    return [(m.start(), m.end()) for m in re.finditer(pattern, advert, re.I)]


def evaluate(folder: Path, score: Score, vocabulary: Vocabulary | None = None) -> None:
    advert_text = (folder / "advert.txt").read_text(encoding="utf-8")
    letter_text = (folder / "letter.txt").read_text(encoding="utf-8")
    label = yaml.safe_load((folder / "label.yaml").read_text(encoding="utf-8"))
    advert = read(advert_text, vocabulary)
    review = review_against(advert, Letter(letter_text), vocabulary)
    score.pairs += 1
    # The same job, with or without its team: "Data Scientist" for "Data Scientist, Patient Outcomes".
    got, want_title = (advert.title or "").lower(), str(label["title"]).lower()
    score.titles += bool(got) and (got.startswith(want_title) or want_title.startswith(got))
    score.companies += (advert.company or "").lower() == str(label["company"]).lower()
    coverage = list(review.coverage)
    free = set(range(len(coverage)))
    score.extracted += len(coverage)
    for want in label["requirements"]:
        score.labelled += 1
        # An unquoted comma in a YAML flow mapping cuts the text short: {text: a, b, must: true}.
        assert set(want) == {"text", "must", "covered"}, f"{folder.name}: quote the label {want}"
        places = _places(advert_text, want["text"])
        assert places, f"{folder.name}: label {want['text']!r} is not in the advert"
        hit = next((i for i in sorted(free) if any(coverage[i].requirement.start < b and a < coverage[i].requirement.end
                                                    for a, b in places)), None)
        if hit is None:
            score.notes.append(f"{folder.name}: missed {want['text']!r}")
            continue
        free.discard(hit)
        got = coverage[hit]
        covered = got.covered
        for i in sorted(free):  # the second duty of an "X and VERB Y" label (see above)
            half = coverage[i].requirement
            if any(a <= half.start and half.end <= b and AND_BEFORE.search(advert_text, got.requirement.end, half.start)
                   for a, b in places):
                free.discard(i)
                score.extracted -= 1
                covered = covered or coverage[i].covered
        score.paired += 1
        score.must_agree += got.requirement.must == want["must"]
        if covered == want["covered"]:
            score.coverage_agree += 1
        else:
            score.notes.append(f"{folder.name}: {want['text']!r} covered {covered}, labelled {want['covered']}")
    for i in sorted(free):
        score.notes.append(f"{folder.name}: extra {coverage[i].requirement.text!r}")


def score_part(part: str, only: frozenset[str] | None = None) -> Score:
    score = Score()
    for folder in pairs(part):
        if only is None or folder.name in only:
            evaluate(folder, score)
    return score


def halves(part: str, seed: int) -> tuple[frozenset[str], frozenset[str]]:
    """The part's pairs in two halves by a seeded draw: a rule made looking at one half only is checked on
    the other, which tells a rule that fits its pairs' wordings from one that holds in general. Each pair
    is drawn on its own (seed and name), so a pair moving in later leaves the others where they were."""
    import random
    names = frozenset(p.name for p in pairs(part))
    first = frozenset(n for n in names if random.Random(f"{seed}:{n}").random() < 0.5)
    return first, names - first


def _line(part: str, s: Score) -> str:
    return (f"{part}: {s.pairs} pairs, precision {s.precision:.2f} ({s.paired}/{s.extracted}), recall "
            f"{s.recall:.2f} ({s.paired}/{s.labelled}), coverage agreement {s.coverage:.3f} ({s.coverage_agree}/"
            f"{s.paired}), must agreement {s.must_agree}/{s.paired}, titles {s.titles}/{s.pairs}, companies "
            f"{s.companies}/{s.pairs}")


if __name__ == "__main__":
    import sys
    args = sys.argv[1:]
    if args[:1] == ["--halves"]:  # --halves SEED PART: each half's line, the first half's notes only
        first, second = halves(args[2], int(args[1]))
        a, b = score_part(args[2], first), score_part(args[2], second)
        print("\n".join(a.notes))
        print(_line(f"{args[2]} half A (seed {args[1]})", a))
        print(_line(f"{args[2]} half B (seed {args[1]})", b))
        sys.exit()
    for part in args or ["tune", "held-out"]:
        if not (HERE / part).exists():
            continue
        s = score_part(part)
        print("\n".join(s.notes))
        print(_line(part, s))
