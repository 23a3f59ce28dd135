"""Words as the advert matcher compares them: stemmed, with synonyms folded together.

"Deploying ML models" and "deployed machine-learning models" become the same keys, so a letter
that words a requirement its own way still meets it. Every key remembers where it came from
(character offsets), so evidence quotes the member's exact words.
"""
from __future__ import annotations

import re
from typing import NamedTuple

import Stemmer

from .vocabulary import Vocabulary, by_first_letter

# Technical words keep their inner marks: C++, C#, Node.js, A/B, CI/CD, scikit-learn, k8s.
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#]*(?:[./'\u2019\-&][A-Za-z0-9+#]+)*")
STOPWORDS = frozenset("""a an and or the of to in on for with at by from as is are be been being was were this that
these those it its our your you we us they their them i me my he she his her will would should could can may might must
into onto over under about across within via per than then so such also both either each any all some more most but
who whom which what when where why how not no do does did done have has had having while using use up out""".split())

HYPHEN = re.compile(r"-")
OBJECTS = frozenset(("it", "them", "him", "her", "us", "me"))  # inside a phrasal verb: "write it up"
_stem = Stemmer.Stemmer("english").stemWord
# Where the stemmer joins two words that mean different things: "experience" and "experiment" are
# both "experi" to it, which made every "experience" in a letter evidence of A/B testing; "excellent" is
# "excel" to it, which met Excel.
OVERRIDES = {"experience": "experienc", "experiences": "experienc", "excellent": "excellent", "excellence": "excellent",
             "careful": "careful", "carefully": "careful",  # "care workers" show no care with detail
             "accountant": "accountant", "accountants": "accountant",  # a person, not the accounts they keep
             "attendance": "attendance", "attendances": "attendance",  # a record kept, not a duty ("attend")
             "security": "security",  # what is kept safe, not the duty "secure" (funding, a grant)
             "clinical": "clinical",  # of clinicians ("clinical committees"), not a clinic (a student dental clinic)
             "graduated": "graduated",  # one who has a degree; "a graduate role" is a job for one
             "dependable": "dependable",  # "patients depend on" the employer's product: no reliability shown
             "fitting": "fitting", "fittings": "fitting",  # a pipe's or a scaffold's, no fitness ("physically fit")
             "confident": "confident", "confidently": "confident"}  # a state claimed, not confidence shown


# US "-ize" spellings read as the UK "-ise" ones before stemming: the stemmer cuts the two differently
# ("prioritize" to "priorit", "prioritise" to "prioritis"), so a US letter missed a UK advert's duty.
IZE = re.compile(r"^([a-z]{3,})iz(e|es|ed|ing|ation|ations|er|ers)$")

_STEMS: dict[str, str] = {}  # word as written -> stem; bounded below
STEMS_KEPT = 50_000


def stem(word: str) -> str:
    found = _STEMS.get(word)
    if found is None:
        lower = word.lower().replace("\u2019", "'")
        lower = lower[:-2] if lower.endswith("'s") else lower
        if "iz" in lower:
            lower = IZE.sub(r"\1is\2", lower)
        # Initials are a name, not a word to cut: "PAYE" is no "pay", "AWS" no "aw" (trial 17 F8).
        found = OVERRIDES.get(lower) or (lower if word.isupper() and word.isalnum() and len(word) > 1 else _stem(lower))
        if len(_STEMS) < STEMS_KEPT:
            _STEMS[word] = found
    return found


def lower(norm: str, lowered: str | None = None) -> str:
    """The text in lower case with every offset kept (a letter whose lower case is two, "\u0130", stays).
    ``lowered``: ``norm.lower()``, where the caller has it (a text with a dash or a pound sign is lowered a
    character at a time, about fifty instructions a character)."""
    low = norm.lower() if lowered is None else lowered
    return low if len(low) == len(norm) else "".join(c if len(c.lower()) > 1 else c.lower() for c in norm)


class Key(NamedTuple):
    """A word or a synonym phrase found in a text: ``primary`` names it, ``keys`` is every group it
    belongs to ("AWS" is both Amazon Web Services and a cloud platform). A tuple: a letter and an
    advert make a thousand of these a review, and a frozen dataclass is several times slower to build."""
    primary: str
    keys: frozenset[str]
    start: int
    end: int


class Matcher:
    """Synonym phrases from the vocabulary, looked up longest first over stemmed words."""

    def __init__(self, vocabulary: Vocabulary):
        groups: dict[tuple[str, ...], list[str]] = {}
        # No skill or tool is named by a group of one word's own forms ("model", "modelling"), nor by a paraphrase
        # of plain words ("handle", "deal with"), unless a synonym group names it too.
        unnamed, named = set(), set()
        for group in (*vocabulary.synonyms, *vocabulary.paraphrases):
            name = " ".join(stem(w) for w in TOKEN.findall(group[0]))
            if group in vocabulary.paraphrases or " " not in name and all(
                    " ".join(stem(w) for w in TOKEN.findall(p)) == name for p in group):
                unnamed.add(name)
            else:
                named.add(name)
            for phrase in group:
                words = tuple(stem(w) for w in TOKEN.findall(phrase))
                if words and name not in groups.setdefault(words, []):
                    groups[words].append(name)
        # A kind and its members ("numerate subject": maths, physics): the kind is met by any member,
        # a member only by itself; in an advert it is read as itself, in a letter as both.
        for group in vocabulary.kinds:
            kind = " ".join(stem(w) for w in TOKEN.findall(group[0]))
            # A kind that is a synonym too ("analytics", of analyse/analysis) is met under that group's name.
            kind = groups.setdefault(tuple(kind.split()), [kind])[0]
            for phrase in group[1:]:
                words = tuple(stem(w) for w in TOKEN.findall(phrase))
                names = groups.setdefault(words, [" ".join(words)])
                if kind not in names:
                    names.append(kind)
        self._phrases = groups
        # So "track model performance" is not met by "model" alone.
        kinds = {" ".join(stem(w) for w in TOKEN.findall(group[0])) for group in vocabulary.kinds}
        self._names = frozenset(n for names in groups.values() for n in names) - (unnamed - named - kinds)
        # The longest phrase starting with each word: most words start none, and are looked up once.
        self._longest: dict[str, int] = {}
        for key in groups:
            self._longest[key[0]] = max(self._longest.get(key[0], 0), len(key))
        # A word as written -> (its stem, its one-word keys, the longest phrase it starts), bounded below.
        self._words: dict[str, tuple[str, frozenset[str], int]] = {}
        self.generic = frozenset(stem(w) for w in vocabulary.generic) | {stem(w) for w in STOPWORDS}
        self.graded = frozenset(stem(w) for w in vocabulary.graded)
        self.verbs = frozenset(stem(w) for w in vocabulary.clause_verbs)  # words that start a duty
        self.skill_verbs = frozenset(stem(w) for w in vocabulary.skill_verbs)  # as written: "written" is no verb
        self.complement_verbs = frozenset(stem(w) for w in vocabulary.complement_verbs)
        self.audience_verbs = frozenset(stem(w) for w in vocabulary.audience_verbs)
        self.broad_nouns = frozenset(stem(w) for w in vocabulary.broad_nouns)
        self.places = frozenset(w.lower() for w in vocabulary.places)  # written in capitals, so never stemmed
        # Plain lower-case words in one alternation, searched in the lower-cased letter: scanned for by
        # their first letters, where patterns opening with "\b" were tried at every character; grouped by
        # first letter (by_first_letter).
        self.negation_re = re.compile("(?:" + by_first_letter([re.escape(n.lower()) for n in vocabulary.negations])
                                      + r")\b(?! only\b| just\b)" if vocabulary.negations else "(?!)")
        self.qualifications = frozenset(k.primary for w in vocabulary.qualifications for k in self.keys(w))
        self.framing_nouns = frozenset(k.primary for w in vocabulary.framing_nouns for k in self.keys(w))

    def _learn(self, written: str) -> tuple[str, frozenset[str], int]:
        word = stem(written)
        # A compound stands for its parts too ("cost-per-stop" meets "cost"), though it is named as a whole.
        parts = {stem(p) for p in HYPHEN.split(written) if len(p) > 2} - self.generic if "-" in written else set()
        found = (word, frozenset((word, *parts)), self._longest.get(word, 0))
        if len(self._words) < STEMS_KEPT:
            self._words[written] = found
        return found

    def keys(self, text: str, start: int = 0, end: int | None = None, content: bool = False) -> list[Key]:
        """Every word of ``text[start:end]`` as a Key; a synonym phrase becomes one Key. ``content``:
        only the keys that name something, as content() keeps (skipped before they are built)."""
        words, learn, phrases, new = self._words, self._learn, self._phrases, tuple.__new__
        skip = self.generic if content else frozenset()
        tokens = [(words.get(g := m.group()) or learn(g), m.start(), m.end())
                  for m in TOKEN.finditer(text, start, len(text) if end is None else end)]
        out: list[Key] = []
        append = out.append
        i, n = 0, len(tokens)
        stems = [t[0][0] for t in tokens]
        graded = self.graded
        while i < n:  # a loop run for every word of a letter and an advert: kept lean
            (word, single, longest), s, e = tokens[i]
            if word in graded and i + 1 < n and stems[i + 1].isdigit():  # "Level 5" is not "Level 7"
                name = f"{word} {stems[i + 1]}"
                append(new(Key, (name, frozenset((name,)), s, tokens[i + 1][2])))
                i += 2
            elif longest > 1 and i + 2 < n and stems[i + 1] in OBJECTS and (
                    names := phrases.get((word, stems[i + 2]))):  # "walk them through" is "walk through"
                if names[0] not in skip:
                    append(new(Key, (names[0], frozenset(names), s, tokens[i + 2][2])))
                i += 3
            elif longest:
                for size in range(min(longest, n - i), 0, -1):
                    names = phrases.get(tuple(stems[i:i + size]))
                    if names:
                        if names[0] not in skip:
                            append(new(Key, (names[0], frozenset(names), s, tokens[i + size - 1][2])))
                        i += size
                        break
                else:
                    if word not in skip and not (content and word.isdigit()):
                        append(new(Key, (word, single, s, e)))
                    i += 1
            else:
                if word not in skip and not (content and word.isdigit()):
                    append(new(Key, (word, single, s, e)))
                i += 1
        return out

    def known(self, primary: str) -> bool:
        """Whether this names a synonym group of the vocabulary (a skill or a tool)."""
        return primary in self._names

    def content(self, keys: list[Key]) -> list[Key]:
        """The keys that name something: stopwords and generic words ("experience", "strong") out."""
        return [k for k in keys if k.primary not in self.generic and not k.primary.isdigit()]
