"""Regional editions: a guide that adapts another for another region (general-us is general with US
conventions). The rules an edition inherits point a member to its own sections, not the original's: a US
member sent to `/guide general mistakes` would read UK advice (sign-offs, spelling) under a US review."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .guides import Guide
    from .review.rules import Rule


def is_edition(guide: Guide, parent: Guide) -> bool:
    """The same field as the guide it inherits from, for another region."""
    return guide.field == parent.field and guide.region != parent.region


def pointed_home(guide: Guide, parent: Guide, rule: Rule, cache: dict[tuple[str, str], tuple[Rule, Rule]]) -> Rule:
    """``rule`` (inherited from ``parent``) pointing to the edition's own section when that section covers the
    rule's topic (the pointer check holds it to that); else as it is. Each copy is made once per library."""
    hit = cache.get((guide.id, rule.id))
    if hit is not None and hit[0] is rule:
        return hit[1]
    owner, _, name = (rule.section or "").rpartition(":")
    home = rule
    if owner == parent.id and rule.topic:
        from .guides import section_text
        from .review.terms import vocabulary
        if vocabulary(tuple(rule.topic)).search(section_text(guide, name)):
            home = rule.model_copy(update={"section": name})
    cache[(guide.id, rule.id)] = (rule, home)
    return home
