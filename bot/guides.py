"""Guide files: their schema, validation with file/line/field, and the library of loaded guides."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import logs, yaml_source
from .editions import regional_parent
from .guide_errors import explain_error
from .pointers import inherited as _inherited
from .review.rules import RULE_TYPES, Rule
from .sections import SECTION_TITLES  # noqa: F401  (re-exported: where guide sections were named first)
from .yaml_source import Problem

if TYPE_CHECKING:
    from .store import StoredGuide

log = logs.get(__name__)
DEFAULT_GUIDES_DIR = Path(__file__).resolve().parent.parent / "guides"


class _Strict(BaseModel):
    # defer_build: a schema is built when a file is first validated, not at import; a start that loads
    # guides from the cache (bot/guide_cache.py) never builds one.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


class Signal(_Strict):
    name: str = Field(min_length=3)
    detail: str = Field(min_length=10)


class Mistake(_Strict):
    title: str = Field(min_length=3)
    detail: str = Field(min_length=10)


class FaqEntry(_Strict):
    question: str = Field(min_length=5)
    answer: str = Field(min_length=10)
    also_asked: list[str] = []  # other ways members phrase it, to match free wording


class Example(_Strict):
    context: str = Field(min_length=5)
    letter: str = Field(min_length=100)


class Source(_Strict):
    """A public source for a figure the guide states (pay, market share...), with its year."""
    name: str = Field(min_length=3)  # publisher and title
    year: int = Field(ge=1990, le=2100)
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    supports: str | None = None  # which statement it backs


class Review(_Strict):
    inherit: str | None = None  # take this guide's rules too, except ids defined here
    without: list[str] = []  # inherited rule ids that don't apply here (general-us: no uk.signoff)
    rules: list[Rule] = []


class Guide(_Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=2)
    field: str = Field(default="Any role", min_length=2)  # groups the list of guides: Engineering, Data...
    aliases: list[str] = []
    region: str = Field(min_length=2)
    last_updated: dt.date
    summary: str = Field(min_length=20)
    market: list[str] = []
    signals: list[Signal] = Field(min_length=1)
    example: Example
    why: list[str] = Field(min_length=1)
    mistakes: list[Mistake] = Field(min_length=1)
    faq: list[FaqEntry] = Field(min_length=1)
    review: Review = Field(default_factory=Review)
    sources: list[Source] = []

    @property
    def names(self) -> list[str]:
        """Every way a member may name this guide, normalised."""
        return [self.id, slug(self.title), *(slug(a) for a in self.aliases)]


def slug(text: str, _runs: re.Pattern[str] = re.compile(r"[^a-z0-9]+")) -> str:  # compiled once: slugged 3x a command
    return _runs.sub("-", text.lower()).strip("-")


# A figure stated as fact (pay, a share, a count of employers) needs a source; the example letter's own
# numbers are the example's, not facts about the market.
# A figure a reader could take as a fact: money, a share, a "k/m/bn" amount; matched whole ("£28,000",
# not "£2"), so the checker quotes what the author wrote.
FIGURE = re.compile(r"[£$€]\s?\d[\d,.]*\d(\s?(k|m|bn)\b)?|[£$€]\s?\d|\d[\d,.]*\s?(%|percent\b|per cent\b)"
                    r"|\b\d+(\.\d+)?\s?(k|m|bn)\b", re.I)
_PROSE = (("market", None), ("signals", "detail"), ("mistakes", "detail"), ("faq", "answer"))


def _unsourced_figures(data: dict[str, Any]) -> list[tuple[yaml_source.Path, str]]:
    """Figures in the guide's prose while it names no sources. Read from the YAML as written, so a guide
    with other problems hears about its figures in the same check."""
    if data.get("sources"):
        return []
    places: list[tuple[yaml_source.Path, object]] = [(("summary",), data.get("summary"))]
    for key, part in _PROSE:
        items = data.get(key)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if part is None:
                places.append(((key, i), item))
            elif isinstance(item, dict):
                places.append(((key, i, part), item.get(part)))
    return [(loc, m.group(0)) for loc, text in places if isinstance(text, str) for m in [FIGURE.search(text)] if m]


def validate(text: str, file: str) -> tuple[Guide | None, list[Problem]]:
    """Parse and check one guide; every problem names the file, the line and the field."""
    source = yaml_source.load(text, file)
    problems = list(source.problems)
    if source.data is None:
        return None, problems
    if not isinstance(source.data, dict):
        return None, problems + [Problem(file, 1, "", "a guide must be a mapping of fields (id:, title:, ...)")]
    for loc, figure in _unsourced_figures(source.data):
        problems.append(Problem(file, source.line_of(loc), yaml_source.dotted(loc),
                                f"the figure {figure!r} needs a public source: add it to `sources:` with its "
                                "year, or leave the figure out"))
    try:
        guide = Guide.model_validate(source.data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p in RULE_TYPES))
            problems.append(Problem(file, source.line_of(loc), yaml_source.dotted(loc), explain_error(err)))
        return None, sorted(problems, key=lambda p: p.line or 0)
    for i, rule in enumerate(guide.review.rules):
        if [r.id for r in guide.review.rules].count(rule.id) > 1:
            problems.append(Problem(file, source.line_of(("review", "rules", i, "id")),
                                    f"review.rules[{i}].id", f"rule id {rule.id!r} is used twice"))
    return (None if problems else guide), sorted(problems, key=lambda p: p.line or 0)


def example_problems(text: str, file: str) -> list[Problem]:
    """Run each rule's own examples: a snippet under ``triggers`` must fire it, one under ``passes``
    must not. `shortlist guides check` reports any that don't, so a rule's author finds out at once."""
    guide, problems = validate(text, file)
    if guide is None:
        return []
    from .review.text import Letter  # the review engine, only when examples are checked
    source = yaml_source.load(text, file)
    out = []
    for i, rule in enumerate(guide.review.rules):
        for kind, should_fire in (("triggers", True), ("passes", False)):
            for j, snippet in enumerate(getattr(rule.examples, kind)):
                fired = any(f.kind == "issue" for f in rule.check(Letter(snippet)))
                if fired != should_fire:
                    path = ("review", "rules", i, "examples", kind, j)
                    out.append(Problem(file, source.line_of(path), yaml_source.dotted(path),
                                       f"rule {rule.id!r} {'does not fire' if should_fire else 'fires'} on this "
                                       f"example, which is listed under {kind}"))
    return out


def section_text(guide: Guide, section: str) -> str:
    """The words a member reads in one section of a guide, for checking that a pointer lands."""
    parts = {
        "overview": [guide.summary, *guide.market, *(f"{s.name} {s.detail}" for s in guide.signals)],
        "signals": [f"{s.name} {s.detail}" for s in guide.signals],
        "example": [guide.example.context, guide.example.letter],
        "why": guide.why,
        "mistakes": [f"{m.title} {m.detail}" for m in guide.mistakes],
        "faq": [f"{f.question} {f.answer}" for f in guide.faq],
    }[section]
    return "\n".join(parts)


def split_section(section: str, guide_id: str) -> tuple[str, str]:
    """``general:faq`` -> (general, faq); a bare ``faq`` belongs to the reviewing guide."""
    owner, _, name = section.rpartition(":")
    return owner or guide_id, name


@dataclass
class Lookup:
    guide: Guide | None
    suggestions: list[Guide] = field(default_factory=list)


class GuideLibrary:
    """The guides this process serves. A broken file is reported and skipped."""

    def __init__(self, guides: list[Guide], problems: list[Problem] | None = None):
        self.guides = {g.id: g for g in guides}
        self.problems = problems or []
        self.files: dict[str, Path] = {}  # the file each shipped guide was read from
        self.community_ids: frozenset[str] = frozenset()  # guides a community added or replaced
        self.layers: tuple[StoredGuide, ...] = ()  # those guides as stored: a review worker lays them over again
        self._names = {name: g for g in guides for name in g.names}

    @classmethod
    def load(cls, directory: Path | str = DEFAULT_GUIDES_DIR) -> GuideLibrary:
        library = cls.from_files(sorted(Path(directory).glob("*.yaml")))
        for problem in library.problems:
            log.warning("guide file skipped: %s", problem)
        return library

    @classmethod
    def from_files(cls, paths: Iterable[Path | str]) -> GuideLibrary:
        problems: list[Problem] = []
        parsed: list[tuple[int, Path, Guide]] = []
        for index, path in enumerate(map(Path, paths)):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(Problem(str(path), None, "", f"cannot be read ({exc})"))
                continue
            guide, found = validate(text, str(path))
            problems += found
            if guide is not None:
                parsed.append((index, path, guide))
        # Two files claiming one name: the file named after its guide's id (ml-engineer.yaml) keeps it,
        # and the other (a copy) is the one told, whichever sorts first; between equals, the earlier file.
        owners: dict[str, str] = {}
        kept: set[int] = set()
        for index, path, guide in sorted(parsed, key=lambda p: (p[1].stem != p[2].id, p[0])):
            clash = next((owners[n] for n in guide.names if n in owners), None)
            if clash:
                problems.append(Problem(str(path), 1, "id", f"{guide.id!r} or one of its aliases is "
                                        f"already used by {clash}"))
                continue
            owners.update({n: str(path) for n in guide.names})
            kept.add(index)
        library = cls([g for i, _, g in parsed if i in kept], problems)
        # where each came from, so /mod guide export gives the author's own text
        library.files = {g.id: path for i, path, g in parsed if i in kept}
        library._check_inheritance()
        return library

    def _check_inheritance(self) -> None:
        for guide in list(self.guides.values()):
            parent = guide.review.inherit
            if parent and parent not in self.guides:
                self.problems.append(Problem(guide.id, None, "review.inherit",
                                             f"inherits rules from {parent!r}, which is not loaded"))

    def lineage(self, guide_id: str) -> list[str]:
        """The guide and those it inherits from, nearest first (a community's teacher guide, then general)."""
        ids: list[str] = []
        while guide_id in self.guides and guide_id not in ids:
            ids.append(guide_id)
            guide_id = self.guides[guide_id].review.inherit or ""
        return ids

    def rules_for(self, guide: Guide, region: str | None = None) -> list[Rule]:  # region: see editions.py
        own = list(guide.review.rules)
        parent = regional_parent(self.guides, guide, region)
        if parent is None or parent is guide:
            return own
        ids = {r.id for r in own} | set(guide.review.without)
        cache = self.__dict__.setdefault("_pointers", {})  # where inherited rules point: see bot/pointers.py
        return [_inherited(guide, parent, r, cache) for r in self.rules_for(parent) if r.id not in ids] + own

    def pointer_problems(self) -> list[Problem]:
        """Each rule's section must mention its topic, or a finding's pointer leads to advice that isn't there."""
        from .review.terms import vocabulary
        problems: list[Problem] = []
        seen: set[tuple[str, str, str]] = set()
        for guide in self:
            for rule in self.rules_for(guide):
                if not rule.section:
                    continue
                owner, name = split_section(rule.section, guide.id)
                if (rule.id, owner, name) in seen:
                    continue
                seen.add((rule.id, owner, name))
                target = self.guides.get(owner)
                where = f"review.rules.{rule.id}.section"
                if target is None:
                    problems.append(Problem(guide.id, None, where, f"rule {rule.id!r} points to {rule.section!r}, "
                                            f"but there is no guide {owner!r}"))
                elif rule.topic and not vocabulary(tuple(rule.topic)).search(section_text(target, name)):
                    own = rule.id in {r.id for r in guide.review.rules}
                    problems.append(Problem(guide.id, None, where, f"rule {rule.id!r}" + ("" if own else (
                        f" (inherited from {guide.review.inherit})")) + f" points to `/guide {owner} {name}`, which "
                        f"mentions none of its topic ({', '.join(rule.topic)}): add it there" + (
                        "" if own else f", or leave the rule out with `without: [{rule.id}]` under review:")))
        return problems

    def rule_title(self, rule_id: str, guide_id: str | None = None) -> str:
        """A rule's short name for members ("MLOps depth"), falling back to its id."""
        # the guide's own rules first, then every guide's: a review made under the community's US region raised
        # `us.signoff`, which the guide alone doesn't hold once the region is UK again (trial 15 F23)
        guides = [self.guides[guide_id]] if guide_id in self.guides else []
        for guide in [*guides, *self.guides.values()]:
            for rule in self.rules_for(guide):
                if rule.id == rule_id and rule.title:
                    return rule.title
        if rule_id.startswith("advert."):  # the advert's checks are worded in their own vocabulary
            from .advert.vocabulary import load
            advert_rule = load().rules.get(rule_id)  # type: ignore[call-overload]
            return advert_rule.title if advert_rule else rule_id
        return rule_id

    def __iter__(self) -> Iterator[Guide]:
        # The general guide first, then field by field (the list members see is grouped by field).
        return iter(sorted(self.guides.values(), key=lambda g: (g.id != "general", g.field != "Any role",
                                                                 g.field, g.title)))

    def find(self, query: str) -> Lookup:
        """The guide a member's role names, or the guides it nearly names."""
        key = slug(query)
        if key in self._names:
            return Lookup(self._names[key])
        from .role_names import near_names
        suggestions: list[Guide] = []
        for guide in (self._names[name] for name in near_names(key, self._names)):
            suggestions += [guide] if guide not in suggestions else []
        return Lookup(None, suggestions[:3])
