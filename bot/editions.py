"""Regional editions: a guide that adapts another for another region (general-us is general with US
conventions). The rules an edition inherits point a member to its own sections, not the original's: a US
member sent to `/guide general mistakes` would read UK advice (sign-offs, spelling) under a US review."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

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


def regional_parent(guides: Mapping[str, Guide], guide: Guide, region: str | None) -> Guide | None:
    """The guide ``guide`` inherits its rules from: ``region`` (a community's general guide, set by
    `/mod region`) in place of the parent it is an edition of, so that a role guide, which inherits the
    UK general guide, follows US conventions (sign-offs, contact details) in a US community."""
    parent = guides.get(guide.review.inherit or "")
    edition = guides.get(region or "")
    if parent is None or edition is None or guide in (edition, parent) or edition is parent:
        return parent
    return edition if is_edition(edition, parent) and edition.review.inherit == parent.id else parent


def named_home(edition: Guide, rule: Rule, cache: dict[tuple[str, str], tuple[Rule, Rule]]) -> Rule:
    """An edition's rule that points to the edition's own section by its bare name, named with the edition's
    id, for a role guide that inherits it (a bare name would mean the role guide's section)."""
    hit = cache.get((f"{edition.id}>", rule.id))
    if hit is not None and hit[0] is rule:
        return hit[1]
    home = rule if ":" in (rule.section or ":") else rule.model_copy(update={"section": f"{edition.id}:{rule.section}"})
    cache[(f"{edition.id}>", rule.id)] = (rule, home)
    return home
