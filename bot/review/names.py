"""Runs of product names ("HTML, CSS, ReactJS and Python"), found by their shape.

A name is a term from the guide's vocabulary, or a token shaped like a product:
CamelCase (PyTorch, DeepSpeed), capitals (CSS, AWS), letters with digits (EC2,
GPT-4), dotted (Node.js), C++ and C#, or a capitalised word that isn't an English
word (Horovod). Names next to each other make one item ("PyTorch Distributed");
items joined only by commas, "and", "or", "/" or "&" make a list.
"""
from __future__ import annotations

import operator
import re
from functools import lru_cache
from itertools import accumulate, compress

from .anchors import FOLDS_TO_ASCII
from .spelling import known
from .terms import Vocabulary, find_terms
from .text import Letter, Span

# A letter, then more that ends on a word character, "+" or "#" (C++, C#, Node.js). Opening with a set
# of letters, not a choice of two, lets the matcher skip straight to the next letter.
_TOKEN_SPLIT = re.compile(r"([A-Za-z](?:[\w.+#]*[\w+#])?)")
_CAMEL = re.compile(r"[a-z][A-Z]|^[A-Z]{2,}[a-z]{2,}")
_CAPS = re.compile(r"^[A-Z]{2,6}s?$")
_DIGITS = re.compile(r"[A-Za-z]\d|\d[A-Za-z]")
_DOTTED = re.compile(r"\w\.\w|[+#]$")
# Capitals that are places, degrees, job titles or fields rather than tools.
_NOT_TOOLS = frozenset({
    "UK", "US", "USA", "EU", "NHS", "CEO", "CTO", "CFO", "COO", "VP", "CV", "CVs", "PhD", "MSc", "BSc", "MBA", "BA",
    "MA", "MEng", "BEng", "HR", "AI", "ML", "NLP", "DL", "LLM", "LLMs", "PM", "QA", "UX", "UI", "OK", "FCA", "GDPR",
    "ICO", "PRA", "MHRA", "KPI", "KPIs", "ROI", "B2B", "B2C", "SaaS", "IoT", "STEM", "GCSE", "GCSEs", "A-level", "Q1",
    "Q2", "Q3", "Q4", "I", "A", "FTSE", "NASA", "MIT", "UCL", "LSE", "IBM", "R&D", "Dr", "Mr", "Mrs", "Ms", "Mx",
    "Prof",
    # practices, formats, protocols, hardware and channels: named in capitals, but not tools a list shows off
    "REST", "RESTful", "ETL", "ELT", "CI", "CD", "TDD", "BDD", "OOP", "MVC", "MVVM", "SOLID", "DRY", "CRUD", "JSON",
    "XML", "CSV", "YAML", "HTTP", "HTTPS", "TCP", "UDP", "IP", "DNS", "SSL", "TLS", "SLA", "SLAs", "SLO", "SLOs", "API",
    "APIs", "SDK", "SDKs", "GPU", "GPUs", "CPU", "CPUs", "FPGA", "ASIC", "RAM", "SEO", "SEM", "PPC", "OCR", "RAG",
    "CNN", "CNNs", "RNN", "RNNs", "LSTM", "GAN", "GANs", "NER", "PMP", "CKA", "CKAD",
})
_MEASURE = re.compile(r"^[pPqQhHkK]\d{1,3}$|^\d")  # p99 latency, Q3, H1: measures, not products


@lru_cache(maxsize=8192)
def _name_like(token: str, sentence_start: bool) -> bool:
    if token.isalpha() and token.islower():
        return False  # most words: a plain lower-case word is a name only if the vocabulary says so
    if token in _NOT_TOOLS or _MEASURE.match(token):
        return False
    if _CAMEL.search(token) or _CAPS.match(token) or _DIGITS.search(token) or _DOTTED.search(token):
        return True
    return token[0].isupper() and not sentence_start and not known(token.lower())


def _shaped_in(letter: Letter, sentence: Span) -> tuple[list[str], list[int], bool]:
    """The sentence's tokens that are not plain lower-case words (the common case, told apart in C: the
    loop below sees only the others), where each starts, and whether the first of them is the sentence's
    first token. The sentence is split once into the text between tokens and the tokens, the offsets
    added up from their lengths: no match object a token."""
    parts = _TOKEN_SPLIT.split(letter.norm[sentence.start:sentence.end])
    tokens = parts[1::2]
    plain = map(operator.and_, map(str.islower, tokens), map(str.isalpha, tokens))
    shaped = list(compress(range(len(tokens)), map(operator.not_, plain)))
    offsets = list(accumulate(map(len, parts)))
    starts = offsets[0:-1:2]
    return [tokens[k] for k in shaped], [sentence.start + starts[k] for k in shaped], bool(shaped) and shaped[0] == 0


def _items(letter: Letter, sentence: Span, terms: Vocabulary | None) -> list[Span]:
    spans = list(find_terms(letter, terms, sentence)) if terms else []
    capitals: dict[int, int] = {}  # start -> end of capitalised words, which may finish a name
    tokens, starts, first = _shaped_in(letter, sentence)
    for k, (token, start) in enumerate(zip(tokens, starts, strict=True)):
        if _name_like(token, first and k == 0):
            spans.append(Span(start, start + len(token)))
        elif token[0].isupper():
            capitals[start] = start + len(token)
    # A capitalised word between commas right after a name is one of the list ("Rust, Go, C++"), and so is the next
    # one, and one before its "and" (trial 16 F11: "Salesforce, Outreach, Gong, ..., ZoomInfo, Slack and HubSpot"
    # counted 5 for 7: "Gong" and "Slack" are English words too).
    ends = {s.end for s in spans}
    for a, b in capitals.items():  # in the sentence's order
        if a - 2 in ends and letter.norm[a - 2:a] == ", " and letter.norm.startswith((",", " and ", " or "), b):
            spans.append(Span(a, b))
            ends.add(b)
    spans.sort(key=lambda s: (s.start, -s.end))
    items: list[Span] = []
    for s in spans:
        # Overlapping, only a space apart, or an owner's product: one item ("PyTorch Distributed", "Hugging
        # Face", "OpenAI's Agents SDK").
        if items and (s.start <= items[-1].end or letter.norm[items[-1].end:s.start] in (" ", "-", "'s ")):
            items[-1] = Span(items[-1].start, max(items[-1].end, s.end))
        else:
            items.append(s)
        # "PyTorch Distributed", "Power BI", "OpenAI's Agents SDK": a capitalised word right after a name
        # (or its owner's 's) belongs to it.
        while (gap := 3 if letter.norm.startswith("'s ", items[-1].end) else 1 if letter.norm.startswith(
                " ", items[-1].end) else 0) and items[-1].end + gap in capitals:
            items[-1] = Span(items[-1].start, capitals[items[-1].end + gap])
    return items


# "through": a career told as a route ("from Arthur Andersen through Barclays Capital, Deutsche Bank...").
# ... but "experience with", "familiar with" name tools ("hands-on experience with EC2, S3, Lambda, and RDS").
_EMPLOYER_BEFORE = re.compile(r"\b(?:at|from|for|join|joining|(?<!ence )(?<!iar )(?<!ity )with|of|to|in|by|through)"
                              r"\s+(?:the\s+|[A-Z]')?$", re.I)
# What joins the items of one list ("L'Oréal, Sanofi, Abolis (a biotech start-up), and currently Chanel"): after
# an employer, the names it lists are employers too.
_LIST_GLUE = re.compile(r"^(?:\s*\([^()]{0,60}\))?\s*(?:,|\band\b|\bor\b|&|/)(?:\s*(?:,|and|or|then|now|currently|"
                        r"later|most recently|finally))*\s*(?:[A-Z]')?$", re.I)
# After these, names are clients, employers or works, not tools ("accounts such as Microsoft, Usinor...",
# "the largest banks (Deutsche, Barclays, Credit Suisse...)").
_NOT_TOOLS_AFTER = re.compile(r"\b(?:clients|customers|accounts|companies|employers|brands|partners|organi[sz]ations|"
                              r"banks|firms|institutions|universities|insurers|retailers|"
                              r"titles|games|books|films|shows|"
                              # where the writer published or served: "venues such as IEEE TKDE, SIGMOD, NeurIPS, KDD"
                              r"venues|journals|conferences|workshops|publications|outlets|magazines|proceedings)"
                              r"(?:\W+(?:\w+\W+)?(?:such as|including|like)\b|\s*\()", re.I)
_CUE_WORDS = ("clients", "customers", "accounts", "companies", "employers", "brands", "partners", "organis",
              "organiz", "banks", "firms", "institutions", "universities", "insurers", "retailers", "titles", "games",
              "books", "films", "shows", "venues", "journals", "conferences", "workshops", "publications", "outlets",
              "magazines", "proceedings")
_URL = re.compile(r"\S+://\S+|www\.\S+", re.I)


def names_in(letter: Letter, sentence: Span, terms: Vocabulary | None, min: int = 2) -> list[Span]:
    """Every product-like name in the sentence, list or not ("Azure and AWS, then RabbitMQ and Kafka"), or
    none when the sentence can't hold ``min`` of them. A name after "at", "from", "join"... that isn't in
    the vocabulary is an employer or a school."""
    text = letter.norm[sentence.start:sentence.end]
    if text.count(",") + text.count(" and ") + text.count("/") + text.count(" or ") + text.count("&") < min - 1:
        return []
    items = _items(letter, sentence, terms)
    if len(items) < min:
        return []  # each name below is one of these or none (most sentences with commas stop here)
    vocab = {(s.start, s.end) for s in find_terms(letter, terms, sentence)} if terms else set()
    # The cue's regular expression tries every character; its first words, looked for as plain text
    # first, rule most sentences out at once (unless a character re.IGNORECASE folds to ASCII is there).
    lower = text.lower()
    cue = _NOT_TOOLS_AFTER.search(text) if any(w in lower for w in _CUE_WORDS) or any(
        c in text for c in FOLDS_TO_ASCII) else None
    others = sentence.start + cue.end() if cue else sentence.end
    urls = [Span(sentence.start + m.start(), sentence.start + m.end()) for m in _URL.finditer(text)] if (
        "://" in text or "www." in text.lower()) else []
    out = []
    employer_end = None  # the end of the last name taken for an employer, while its list goes on
    for item in items:
        before = letter.norm[max(sentence.start, item.start - 12):item.start]
        in_vocab = any(a >= item.start and b <= item.end for a, b in vocab)
        listed = employer_end is not None and _LIST_GLUE.match(letter.norm[employer_end:item.start])
        if not in_vocab and (listed or _EMPLOYER_BEFORE.search(before) or item.start >= others):
            employer_end = item.end
            continue
        employer_end = None
        if any(u.start <= item.start < u.end for u in urls):
            continue  # a web address names a place, not a tool
        out.append(item)
    return out


# A verb of its own between two names puts them in separate clauses, each saying what was done with its tool:
# "rebuilt the pipeline on Feast, retrained the model with LightGBM, and served it behind FastAPI" is no list
# (trial 11 F10). A past tense, or one of the irregular ones letters use; not a present tense ("I design in Figma
# and ship in React, Next.js and Firebase" lists four, as the labellers read it).
_OWN_VERB = re.compile(r"\b(?:[a-z]{2,}ed|built|ran|led|wrote|made|took|kept|won|grew|brought|taught|chose|drove)\b")
# ... but not a participle that qualifies a name ("managed Kafka", "distributed PyTorch") or "used" ("I used A, B")
_NOT_VERBS = frozenset({"based", "related", "distributed", "embedded", "managed", "hosted", "advanced", "automated",
                        "integrated", "associated", "dedicated", "detailed", "varied", "mixed", "used", "need",
                        "seed", "speed", "feed", "red", "bed"})


def in_one_list(letter: Letter, names: list[Span]) -> list[Span]:
    """The largest run of ``names`` with no verb of its own between two of them: the names a sentence lists
    together, not those it gives one by one, each with what was done with it."""
    best: list[Span] = []
    run: list[Span] = []
    for name in names:
        gap = letter.norm[run[-1].end:name.start] if run else ""
        if run and any(m.group(0) not in _NOT_VERBS for m in _OWN_VERB.finditer(gap)):
            best, run = max(best, run, key=len), []
        run.append(name)
    return max(best, run, key=len)
