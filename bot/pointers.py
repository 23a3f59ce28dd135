"""Where an inherited rule's pointer leads. A rule sends a member to a guide section that covers its topic;
when a guide inherits it, the pointer is settled once per guide:

- A regional edition (general-us: general with US conventions) sends its members to its own section when
  that covers the point: a US member sent to `/guide general mistakes` would read UK advice (sign-offs,
  spelling) under a US review.
- A rule whose section is the reviewing guide's own ("faq") keeps to the guide that wrote it when the
  inheriting guide's section doesn't cover the point: a community's QA guide that inherits general-us and
  says nothing about length still sends a member to general-us's answer on it, not to a page without one.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .guides import Guide
    from .review.rules import Rule


def is_edition(guide: Guide, parent: Guide) -> bool:
    """The same field as the guide it inherits from, for another region."""
    return guide.field == parent.field and guide.region != parent.region


def inherited(guide: Guide, parent: Guide, rule: Rule, cache: dict[tuple[str, str, str], tuple[Rule, Rule]]) -> Rule:
    """``rule``, inherited by ``guide`` from ``parent``, with its pointer settled (see above); the rule itself
    when it stays. Each copy is made once per library."""
    # Keyed by the parent too: a role guide inherits general's rules in a UK community and general-us's in a
    # US one, and each must keep its own copies (the review's plans are keyed by the rules' identities).
    hit = cache.get((guide.id, parent.id, rule.id))
    if hit is not None and hit[0] is rule:
        return hit[1]
    owner, _, name = (rule.section or "").rpartition(":")
    section = rule.section
    if rule.topic and owner == parent.id and is_edition(guide, parent) and _covers(guide, name, rule):
        section = name
    elif rule.topic and name and not owner and not _covers(guide, name, rule) and _covers(parent, name, rule):
        section = f"{parent.id}:{name}"
    settled = rule if section == rule.section else rule.model_copy(update={"section": section})
    cache[(guide.id, parent.id, rule.id)] = (rule, settled)
    return settled


def _covers(guide: Guide, name: str, rule: Rule) -> bool:
    from .guides import section_text
    from .review.terms import vocabulary
    return vocabulary(tuple(rule.topic)).search(section_text(guide, name)) is not None
