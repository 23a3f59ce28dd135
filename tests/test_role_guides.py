"""The shipped role guides: every one reachable by id, alias, typo and autocomplete, listed by field,
complete in every section, and no figure without a source."""
from __future__ import annotations

import pytest

from bot.guides import validate
from bot.sections import SECTIONS

from .conftest import GUIDES, ask

ROLES = {  # the roles, with an alias and a typo members will type for each
    "software-engineer": ("swe", "sofware-enginer"),
    "data-analyst": ("da", "data-analist"),
    "data-scientist": ("ds", "data-scientst"),
    "data-engineer": ("de", "data-enginer"),
    "devops-engineer": ("sre", "devop-enginer"),
    "product-manager": ("pm", "prodcut-manager"),
    "ux-designer": ("ux", "ux-desginer"),
    "career-changer": ("career-change", "carer-changer"),
}
GOOD = (GUIDES / "general.yaml").read_text(encoding="utf-8")


def test_every_role_is_shipped(library):
    assert set(ROLES) <= set(library.guides)


@pytest.mark.parametrize("role", sorted(ROLES))
async def test_alias_opens_the_guide(core, role):
    alias, _ = ROLES[role]
    reply = await ask(core, f"/guide {alias}")
    assert reply.kind == "guide" and reply.title == core.library.guides[role].title


@pytest.mark.parametrize("role", sorted(ROLES))
async def test_typo_gets_did_you_mean(core, role):
    _, typo = ROLES[role]
    reply = await ask(core, f"/guide {typo}")
    assert reply.kind == "error" and "Did you mean" in reply.fallback_text()
    assert f"/guide {role}" in [b.command for b in reply.buttons]


@pytest.mark.parametrize("role", sorted(ROLES))
async def test_autocomplete_offers_the_guide_first_for_its_alias(core, role):
    alias, _ = ROLES[role]
    assert (await core.suggest_roles(alias, "c1"))[0][1] == role
    assert role in [guide_id for _, guide_id in await core.suggest_roles(role.split("-")[0], "c1")]


@pytest.mark.parametrize("role", sorted(ROLES))
@pytest.mark.parametrize("section", SECTIONS)
async def test_every_section_has_content(core, role, section):
    reply = await ask(core, f"/guide {role} {section}")
    assert reply.kind == "guide" and len(reply.fallback_text()) > 200


async def test_list_is_grouped_by_field(core):
    text = (await ask(core, "/guide")).fallback_text()
    for guide in core.library:
        assert f"/guide {guide.id}" in text
    # Each field is a heading, and its guides come after it and before the next field's heading.
    fields = list(dict.fromkeys(g.field for g in core.library))
    assert fields[0] == "Any role" and len(fields) >= 3
    positions = [text.index(f) for f in fields]
    assert positions == sorted(positions)
    for guide in core.library:
        at = text.index(f"/guide {guide.id}`")
        start = text.index(guide.field)
        after = [p for p in positions if p > start]
        assert start < at < (after[0] if after else len(text))


def test_a_figure_needs_a_source():
    text = GOOD.replace("market:\n", "market:\n  - Analysts earn £40k on average.\n", 1)
    guide, problems = validate(text, "pay.yaml")
    [p] = problems
    assert guide is None and p.field == "market[0]" and "£4" in p.message and "sources" in p.message
    sourced = text.rstrip("\n") + "\nsources:\n  - {name: 'Office for National Statistics, ASHE', year: 2025}\n"
    guide, problems = validate(sourced, "pay.yaml")
    assert problems == [] and guide.sources[0].year == 2025


def test_a_source_needs_its_year():
    text = GOOD.rstrip("\n") + "\nsources:\n  - {name: 'Office for National Statistics, ASHE'}\n"
    _, problems = validate(text, "pay.yaml")
    assert [p.field for p in problems] == ["sources[0].year"]


def test_shipped_figures_name_their_source(library):
    # ml-engineer states a London pay band; the validator refuses it without a source.
    assert library.guides["ml-engineer"].sources


def test_a_rule_id_means_one_thing_everywhere(library):
    """/mod stats names a rule by its title without knowing the guide: one id, one title."""
    titles = {}
    for guide in library:
        for rule in guide.review.rules:
            titles.setdefault(rule.id, set()).add(rule.title)
    assert {rule: t for rule, t in titles.items() if len(t) > 1} == {}


async def test_the_overview_names_its_sources(core):
    text = (await ask(core, "/guide ml-engineer")).fallback_text()
    assert "Sources: JobLabs" in text and "(2026)" in text
