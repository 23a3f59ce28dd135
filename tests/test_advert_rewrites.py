"""Patterns of the advert reader written for speed match exactly what their plain forms match.

Each plain form below is the pattern as first written; the shipped one opens with a single character
class so that the regular-expression engine can skip to the characters a match can start at, or takes a
name's words whole (possessive). Both are run over every labelled advert and letter (whole and in windows)
and over random strings built from the words and marks the patterns look for: the matches (where, what,
and the name found) must be the same.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from bot.advert import employer, intake, lists, match, reader
from bot.advert.vocabulary import QUALITY_LINKS, load

TESTS = Path(__file__).resolve().parent
PLAIN_CLAUSE_BREAK = (r";|,?\s+and\s+(?=(?:you|we|be|have|are|can|will|a|an|able|with(?!\s+[a-z]+\s*(?:[,.;)]|$))"
                      r"|at least|know how|of)\b)"
                      r"|(?:,\s+|,?\s+and\s+)who\s+(?=[a-z])"
                      r"|\s+and\s+(?=(?:\d+\+?|one|two|three|four|five|six)\s+(?:or more\s+)?years?\b|either\b)"
                      r"|,\s+(?=you(?:'ll| will| have| are)\b)|,\s+(?=as (?:would|will|is|are|does)\b)"
                      r"|,\s+(?=ideally\s+(?:in|within|at|with|for|as)\b)"
                      r"|,\s+or\s+(?=if\b)|,\s+and\s+")
PIECES = [" ", "  ", ",", ", ", ";", "\n", "\t", "\u00a0", "and", "and ", "who", "you", "'ll", " will", "can", "&",
          "(", ")", "(aws, gcp)", ".", "!", "?", "2019", "1999", "a2020", "2019 - 2023", "Jun 2021 \u2013 Aug 2023",
          "x2019 to present", "20", "19", "-", "to", "present", "sep", "a quite long run of words with no mark",
          "ideally", "e.g.", "such as", "like", "likely", "including", "for example", "both", "to", "to ", "or",
          "if", "as", "would", "ideally", "in", "two", "3+", "years", "or more", "either", "x", "build", "building",
          "design", "designing", "plan", "planning", "run", "running", "i", "i'm", "am", "writing", "have not",
          "haven't", "never", " only", " just", "not yet", "want to learn", "thank", "thank you", "you", "your",
          "join", "joining", "admire", "admired the work", "role at", "work at", "working for", "ham", "aim",
          "don't", "do not", "doesn't", "does not", "no", "need", " need", "undo", "is not", "isn't",
          "are not", "aren\u2019t", "essential", "required", "necessary", "NOT", "Is Not", " don't need ",
          "no need", "does not need", "undoes not need"]


def _plain_break(verbs: str) -> re.Pattern[str]:
    return re.compile(rf",?\s+and\s+(?:to\s+)?(?=(?:{verbs})\b)|,\s+(?=(?:{verbs})\b)")


def _texts() -> list[str]:
    # The labelled tuning material only: held-out adverts and letters are never read by a test of the reader.
    texts = [p.read_text(encoding="utf-8").lower() for part in ("adverts/tune", "adverts/tune-next", "letters")
             for p in sorted((TESTS / part).rglob("*.txt")) if "held-out" not in p.parts]
    rng = random.Random(15)
    texts += ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    return texts


def _pairs() -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    vocabulary = load()
    forms = {(v[:-1] if v.endswith("e") and not v.endswith("ee") else v) + "ing" for v in vocabulary.clause_verbs}
    forms |= {v + v[-1] + "ing" for v in vocabulary.clause_verbs if len(v) <= 4}
    return [("clause breaks", re.compile(PLAIN_CLAUSE_BREAK), reader.CLAUSE_BREAK),
            ("date ranges", re.compile(r"\b(?:19|20)\d\d\s*[-\u2013\u2014to]+\s*(?:[a-z]{3,9}\.?\s+)?(?:(?:19|20)\d\d"
                                       r"|present|now|current)\b", re.I), intake._DATE_RANGE),
            ("list splits", re.compile(r"\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+"), lists.LIST_SPLIT),
            ("asides", re.compile(r"\([^)]*\)|\b(?:ideally|e\.g\.|such as|like|including|for example|both)\b.*"),
             lists.ASIDE),
            ("verb breaks", _plain_break("|".join(re.escape(v) for v in vocabulary.clause_verbs) + "|(?:"
                                         + "|".join(re.escape(q) for q in vocabulary.qualities)
                                         + rf")(?=\s+{QUALITY_LINKS}\b|\s*(?:[,.;)]|$))"),
             vocabulary.verb_break_re),
            ("gerund breaks", _plain_break("|".join(re.escape(v) for v in sorted(forms, key=len, reverse=True))),
             vocabulary.gerund_break_re),
            # Grouped by first letter (vocabulary.by_first_letter), or tested after the first letter:
            ("negations", re.compile("(?:" + "|".join(re.escape(n.lower()) for n in vocabulary.negations)
                                     + r")\b(?! only\b| just\b)"), vocabulary.matcher.negation_re),
            ("employer cues", re.compile("(?:" + "|".join(re.escape(c.lower()).replace(r"\ ", r"\s+") for c in sorted(
                vocabulary.employer_cues.before, key=len, reverse=True)) + r")\s+"), vocabulary.employer_before_re),
            ("letter formula", re.compile(r"(?:\bam|\bi'm|\bi\u2019m) writing\b"), match.LETTER_FORMULA),
            ("you did", re.compile(r"(?<!thank )y(?<!\wy)ou\s+" + match.YOU_DID.pattern.split(r"ou\s+", 1)[1]),
             match.YOU_DID),
            ("not asked", re.compile(r"\b(?:don't|do not|doesn't|does not) need\b|\bno need\b"), reader.NOT_ASKED)]


# Searched over windows of a text (as the reader searches a requirement's span), or only over whole texts (intake).
WHOLE_ONLY = ("date ranges",)


@pytest.mark.parametrize("name, plain, shipped", _pairs(), ids=lambda x: x if isinstance(x, str) else "")
def test_shipped_pattern_matches_as_its_plain_form(name, plain, shipped):
    rng = random.Random(name)
    compared = found = 0
    for text in _texts():
        windows = [(0, len(text))] + ([] if name in WHOLE_ONLY else
                                      [tuple(sorted((rng.randint(0, len(text)), rng.randint(0, len(text)))))
                                       for _ in range(2)])
        for start, end in windows:
            want = [(m.span(), m.group()) for m in plain.finditer(text, start, end)]
            assert [(m.span(), m.group()) for m in shipped.finditer(text, start, end)] == want, \
                (name, text[start:end][:200])
            compared += 1
            found += len(want)
    assert compared > 3000 and found > FEWEST.get(name, 300)  # the texts exercised the pattern


def _mostly_in_as_first_written(advert: str, letter: str) -> bool:
    """intake._mostly_in before it stopped early: every sentence lowered, squashed and searched for."""
    def squash(s: str) -> str:
        return " ".join(s.lower().split())
    sentences = [squash(s) for s in re.findall(r"[^.!?\n]{20,}", advert)]
    text = squash(letter)
    return bool(sentences) and sum(s in text for s in sentences) * 2 > len(sentences)


def test_an_advert_pasted_as_the_letter_is_found_as_by_searching_every_sentence():
    """The early stop and the second-word test answer as a search for every sentence does: adverts given with
    letters, with themselves re-spaced and re-cased, and with some of their sentences pasted in."""
    rng = random.Random(16)
    texts = _texts()
    answers = []
    for advert in texts[:-2500]:
        runs = re.findall(r"[^.!?\n]{20,}", advert)
        pasted = [" ".join(r.upper().split()) for r in runs if rng.random() < rng.choice((0.3, 0.5, 0.7))]
        for letter in (rng.choice(texts), advert.replace(" ", "  \n"), "Dear team. " + ". ".join(pasted),
                       "\n".join(runs[:len(runs) // 2 + 1]), "\n".join(runs[:len(runs) // 2])):
            want = _mostly_in_as_first_written(advert, letter)
            assert intake._mostly_in(advert, letter) == want, (advert[:100], letter[:100])
            answers.append(want)
    assert answers.count(True) > 300 and answers.count(False) > 300


# The matches the texts must give at least
FEWEST = {"date ranges": 20, "letter formula": 20, "employer cues": 100, "not asked": 50}


def test_shipped_patterns_open_with_one_character_class():
    """What makes them fast: sre scans for the class's characters before trying a match."""
    for name, _, shipped in _pairs():
        assert name == "asides" or name in OPEN_WITH_LETTERS or name in WHOLE_ONLY \
            or shipped.pattern.startswith(("[;,\\s](?:", "[,\\s](?:"))
        assert name not in OPEN_WITH_LETTERS or re.match(r"(?:\(\?:)?[a-z]", shipped.pattern)


OPEN_WITH_LETTERS = ("negations", "employer cues", "letter formula", "you did", "not asked")


NAME_PIECES = ["Acme", "Acme.", "Acme-Corp", "O'Neil", "A+", "St.", "abc.", "Ltd", "Limited", "plc", "&", "of", "the",
               " ", "  ", "\t", "\n", ". ", "! ", ": ", ", ", "is", "are", "a", "an", "one", "At", "at", "we", "our",
               "us", "Join", "join", "team", "makes", "helps", "lowers", "'s mission", " was founded", "hiring", "x"]


def test_employer_patterns_take_names_whole_with_the_same_matches():
    patterns = [p for p, *_ in employer._sentence_votes(tuple(load().company_suffixes)) if "*+" in p.pattern]
    assert len(patterns) >= 5
    plains = [re.compile(p.pattern.replace("*+", "*"), p.flags) for p in patterns]
    texts = [p.read_text(encoding="utf-8") for part in ("adverts/tune", "adverts/tune-next", "letters")
             for p in sorted((TESTS / part).rglob("*.txt")) if "held-out" not in p.parts]
    rng = random.Random(17)
    texts += ["".join(rng.choice(NAME_PIECES) for _ in range(rng.randint(1, 30))) for _ in range(4000)]
    found = 0
    for plain, shipped in zip(plains, patterns, strict=True):
        for text in texts:
            want = [(m.span(), m.span(1)) for m in plain.finditer(text)]
            assert [(m.span(), m.span(1)) for m in shipped.finditer(text)] == want, (shipped.pattern[:60], text[:200])
            found += len(want)
    assert found > 300


def test_short_forms_found_as_with_the_look_behind_first():
    """naming._short_forms searches for the name's words first, then looks behind them."""
    from bot.advert.naming import _short_forms

    def plain(name: str, advert: str) -> list[str]:
        words = name.split()
        return [short for n in range(len(words) - 1, 0, -1)
                if len(short := " ".join(words[:n])) > 3
                and re.search(rf"(?<![\w]){re.escape(short)}(?![\w]|\s+{re.escape(words[n])})", advert)]

    adverts = [p.read_text(encoding="utf-8") for part in ("adverts/tune", "adverts/tune-next")
               for p in sorted((TESTS / part).rglob("advert.txt"))]
    rng = random.Random(19)
    compared = found = 0
    for advert in adverts:
        names = {m.group() for m in re.finditer(r"[A-Z][\w&'.+-]*(?: [A-Z][\w&'.+-]*){1,3}", advert)}
        names |= {f"x{m.group()} Group" for m in re.finditer(r"[A-Z]\w+", advert)}  # preceded by a letter
        for name in sorted(names):
            text = advert if rng.random() < 0.8 else advert.replace(name, "a" + name)
            want = plain(name, text)
            assert _short_forms(name, text) == want, name
            compared += 1
            found += bool(want)
    assert compared > 500 and found > 50


def test_skill_lists_found_with_the_test_after_the_capital():
    """match.LISTED opens with a capital, tested for "I" after it: the same lists as "(?!I\\b)[A-Z]" first."""
    name = r"(?!I\b)[A-Z](?:[\w.+#'\u2019-]*[\w+#])?(?: [A-Z](?:[\w.+#-]*[\w+#])?)?"
    member = rf"(?:{name}|[a-z][\w.+#-]*[\w+#](?=,|\s+(?:and|or)\s|\.|;|$))"  # "dbt" too (trial 17 F50)
    plain = re.compile(rf"{name}(?:(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+|\s*/\s*){member}){{3,}}")
    texts = [p.read_text(encoding="utf-8") for part in ("adverts/tune", "adverts/tune-next", "letters")
             for p in sorted((TESTS / part).rglob("*.txt")) if "held-out" not in p.parts]
    rng = random.Random(21)
    pieces = ["Java", "Git", "SQL", "I", "I'm", "Iris", "AI", "C++", "C#", "Node.js", "Power BI", "dbt", ", ", ",",
              " and ", " or ", " & ", "/", " / ", " ", "and I", "x", "Excel", "Raiser's Edge", "I,", "\n", "a"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) for _ in range(4000)]
    found = 0
    for text in texts:
        want = [m.span() for m in plain.finditer(text)]
        assert [m.span() for m in match.LISTED.finditer(text)] == want, text[:200]
        found += len(want)
    assert found > 150 and match.LISTED.pattern.startswith("[A-Z]")


def test_a_sentence_that_denies_nothing_holds_a_denial_word():
    """The reader searches a sentence for NOT_REQUIRED (under re.I) only if its lower case holds one of
    reader.DENIALS: every match holds one."""
    texts = [p.read_text(encoding="utf-8") for part in ("adverts/tune", "adverts/tune-next", "letters")
             for p in sorted((TESTS / part).rglob("*.txt")) if "held-out" not in p.parts]
    rng = random.Random(25)
    pieces = ["is", "are", "IS", "Are", " ", "  ", "\t", "not", "NOT", "Not", "isn't", "ISN\u2019T", "aren't",
              "essential", "Required", "NECESSARY", "x", "a", ",", "but"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(20000)]
    found = 0
    for text in texts:
        if reader.NOT_REQUIRED.search(text):
            found += 1
            assert any(w in text.lower() for w in reader.DENIALS), text
    assert found > 40
