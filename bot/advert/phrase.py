"""Where a requirement's phrase starts and ends: the lead-in and trailing words dropped ("Strong
experience with", "would be a plus"), and the name cut where what follows says why or how."""
from __future__ import annotations

import itertools
import re

from .vocabulary import Vocabulary
from .words import STOPWORDS

MAX_WORDS = 10  # a requirement is a short phrase; longer ones are cut at a word boundary
TAIL_REACH = 60  # characters from a requirement's end that a trailing phrase ("would be an advantage") spans
OR_LIST = re.compile(r"[^,;:()]+(?:,\s+[^,;:()]+)+,?\s+or\s+[^,;:()]+")  # "A, B or C": one requirement
NONSPACE = re.compile(r"\S+")
# Whom a duty is done with is no part of it ("run the kitchen | alongside our Head Chef, Luca Marchetti": trial 13
# F30), but "Work alongside the nurses" is the duty: a cut there only after two words or more.
WITH_WHOM = (" alongside", " together with")
# A comma inside "a, b and c" or "reading, writing, math and science"; or before a list's last item
# when what followed it ("or a related field") was trimmed: "marketing, communications".
LIST_AHEAD = re.compile(r",\s+(?!(?:by|in|on|at|for|to|from|with|of|as|so|which|that|who|where|when|while|often)\b)"
                        r"[\w/+#-]+(?:\s+[\w/+#-]+)?(?:,\s+[\w/+#-]+(?:\s+[\w/+#-]+)?)*"
                        r"(?:,?\s+(?:and|or)\s+[\w/+#-]+|\s*$)")


def trim(norm: str, low: str, start: int, end: int, vocabulary: Vocabulary) -> tuple[int, int]:
    """Drop lead-in and trailing words ("Strong experience with", "is a plus") from norm[start:end]."""
    changed = True
    while changed and start < end:
        changed = False
        while start < end and (norm[start].isspace() or norm[start] in "-*\u2022,:(\"'"):
            start += 1
        m = vocabulary.lead_in_re.match(low, start, end)
        # After "the", a capitalised lead-in word is a name's: "Knowledge of the Knowledge for Healthcare
        # framework" had been cut to "for Healthcare framework" (trial 16 F30).
        if m and m.end() > start and not (norm[start].isupper() and low.endswith("the ", 0, start)):
            start, changed = m.end(), True
    changed = True
    tails = vocabulary.tail_words
    while end > start and norm[end - 1].isspace():
        end -= 1  # "... would be helpful but | isn't essential": the tail ends before the space
    while changed and start < end:
        changed = False
        if low[end - 1].isalpha() and low[low.rfind(" ", start, end) + 1:end].lstrip("(,") not in tails:
            break  # no tail ends in this word: most requirements, looked at without a search
        m = vocabulary.tail_re.search(low, max(start, end - TAIL_REACH), end)
        if m and m.start() < end and m.end() == end:
            end, changed = m.start(), True
        while end > start and norm[end - 1].isspace():
            end -= 1
    if norm.count("(", start, end) > norm.count(")", start, end):
        end = norm.rfind("(", start, end)  # a bracket the cut left open
        while end > start and norm[end - 1].isspace():
            end -= 1
    return start, end


def cap(norm: str, low: str, start: int, end: int, vocabulary: Vocabulary) -> int:
    """Where the requirement's name ends: at a cut ("that", "to measure") after three words, and
    after MAX_WORDS words at most."""
    text = norm[start:end]
    count = len(text.split())
    if count <= MAX_WORDS and "or" in text and OR_LIST.fullmatch(norm, start, end):
        return end  # "customer success, account management or a customer-facing role": one requirement
    if count > 1:
        first = NONSPACE.search(norm, start, end)
        first_end = first.end() if first else start
        if norm[first_end - 1] == ":":
            return first_end - 1  # "Clear communication: you can explain a chart ...": the name is before the colon
        cut = vocabulary.cut_re.search(low, first_end, end)
        # Not a comma inside a list ("mechanical, electrical and network faults") or two words in
        # ("Keep accurate, timely clinical records").
        # Nor after a noun that says nothing until its purpose: "find ways | to reduce it".
        while cut and ((listed := LIST_AHEAD.match(norm, cut.start(), end))
                       or ((norm[cut.start()] == "," or low.startswith(WITH_WHOM, cut.start()))
                           and len(norm[start:cut.start()].split()) < 3)
                       # Nor where a bare verb would be left: "work | across general radiography" (tune-next 139).
                       or low[start:cut.start()] in vocabulary.verb_set
                       or (norm[cut.start()] == "," and _adjectives(low, start, cut.start(), end))
                       or low[low.rfind(" ", start, cut.start()) + 1:cut.start()] in vocabulary.light_nouns
                       or _says_that(low, start, cut.start(), vocabulary)
                       or _defines_whom(low, start, cut.start(), vocabulary)
                       or _lists_after_colon(low, cut.start(), end, vocabulary)):
            cut = vocabulary.cut_re.search(low, listed.end() if listed else cut.end(), end)
        if cut:
            end = cut.start()
            count = len(norm[start:end].split())
    if count <= MAX_WORDS:
        return end
    # Cut short, a name ends on a word that names something: "Own the reliability of your services,
    # including a share of" would be quoted to the member as a requirement.
    words = list(itertools.islice(NONSPACE.finditer(norm, start, end), MAX_WORDS))
    while len(words) > 1 and words[-1].group().lower() in STOPWORDS:
        words.pop()
    return words[-1].end()


# "a calm, purposeful classroom": one thing with two adjectives, not a thing and a clause ("a year, with ...").
ARTICLE_WORD = re.compile(r"(?:^|\s)an?\s+[a-z-]+$")
NEXT_TWO = re.compile(r",\s+([a-z-]+)\s+[a-z-]")
AFTER_ONE = frozenset(("plus", "including", "though", "although", "whether", "ideally", "preferably"))


def _adjectives(low: str, start: int, at: int, end: int) -> bool:
    """Whether the comma at ``at`` stands between two adjectives of one noun: after "a"/"an" and one word,
    and before a word that is neither a small word nor a lead into something else, and more words after it."""
    if not ARTICLE_WORD.search(low, max(0, start - 3), at):
        return False
    following = NEXT_TWO.match(low, at, end)
    return following is not None and following.group(1) not in STOPWORDS and following.group(1) not in AFTER_ONE


ITEM = r"[\w/+#-]+(?:\s+[\w/+#-]+){0,3}"
COLON_LIST = re.compile(rf":\s+({ITEM})(?:,\s+{ITEM})*,?\s+(?:and|or)\s+{ITEM}\s*$")  # in lower case


def _lists_after_colon(low: str, at: int, end: int, vocabulary: Vocabulary) -> bool:
    """"Set up our ML tooling: experiment tracking, model versioning and retraining jobs": what the
    colon lists is the tooling, kept as its examples; not a clause ("Harden security: manage IAM, ...")."""
    listed = COLON_LIST.match(low, at, end)
    return listed is not None and listed.group(1).split()[0] not in vocabulary.verb_set


PARTNERED = re.compile(r"\s*([a-z]+)\s+(?:closely\s+)?with\s")  # "work closely with ..."


def _defines_whom(low: str, start: int, at: int, vocabulary: Vocabulary) -> bool:
    """Whether what follows the cut is the duty, not why or how: "Support women | who choose to give birth at home"
    says which women (after a verb and one word); "Work with application teams | to reduce cloud spend" says what
    the work with them is for (trial 17 F3: both were cut to the people)."""
    if low.startswith((" who ", " whose "), at):
        words = low[start:at].split()
        return len(words) == 2 and words[0] in vocabulary.verb_set
    partnered = PARTNERED.match(low, start, at)
    return low.startswith(" to ", at) and partnered is not None and partnered.group(1) in vocabulary.partner_verbs


def _says_that(low: str, start: int, at: int, vocabulary: Vocabulary) -> bool:
    """"Ensures | that course materials meet ...", "make sure | that ...": what follows is the duty."""
    if not low.startswith(" that ", at):
        return False
    space = max(low.rfind(" ", start, at), start - 1)
    word = low[space + 1:at]
    first = not low[start:space].strip()  # the duty's own verb, not "reports that"
    return word == "sure" or (first and word.removesuffix("s") in vocabulary.verb_set)
