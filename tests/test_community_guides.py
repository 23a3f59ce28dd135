"""Guides moderators write: checked like shipped ones and held to limits for public text, stored per
community, seen by that community only, through the terminal, Discord and Slack."""
from __future__ import annotations

import re

import pytest
import yaml

from bot import community_guides, suggest
from bot.community_guides import LinearForbidden, check
from bot.review.engine import review
from bot.review.patterns import LinearPattern

from .conftest import ROOT, ask
from .fakes.discord_api import slash
from .fakes.discord_harness import text_of
from .fakes.drivers import as_member, as_mod

NURSE = (ROOT / "tests" / "guides" / "nurse.yaml").read_text(encoding="utf-8")
ONE_LINE = yaml.safe_dump(yaml.safe_load(NURSE), default_flow_style=True, width=float("inf")).strip()
CARING = r"patterns: ['\b(caring|compassionate) (and|nurse|person)']"
WEAK = ("Dear Ms Begum,\n\nI am a caring and compassionate nurse who wants to join your ward team.\n\n"
        "I have worked on busy wards and I always do my best for everyone on every shift.\n\n"
        "I hope to hear from you soon about the role.\n\nYours sincerely,\nAmy\n")


def _problems(text, library):
    guide, problems = check(text, library)
    assert guide is None
    return problems


# -- the checks ---------------------------------------------------------------------------------------

def test_a_good_guide_passes_and_its_patterns_run_on_re2(library):
    guide, problems = check(NURSE, library)
    assert problems == [] and guide.id == "nurse"
    assert [type(r) for r in guide.review.rules if r.type == "forbidden"] == [LinearForbidden]


@pytest.mark.parametrize("pattern", [r"(?<!not )caring", r"(caring)\s+\1", r"caring(?= and)"])
def test_a_pattern_re2_cannot_run_is_refused_with_its_line(library, pattern):
    text = NURSE.replace(CARING, f"patterns: ['{pattern}']")
    [p] = _problems(text, library)
    assert p.field == "review.rules[1].patterns[0]" and "linear-time engine" in p.message
    assert p.line == next(i for i, line in enumerate(text.splitlines(), 1) if pattern in line)


def test_a_ping_and_a_pattern_re2_cannot_run_are_reported_together(library):
    """Trial 8 (F33): the ping was reported, and the pattern only on the next try."""
    text = NURSE.replace(CARING, r"patterns: ['(?<!not )caring']").replace(
        "detail: Tell one moment of care", "detail: Tell @everyone one moment of care")
    assert "@everyone" in text
    fields = {p.field for p in _problems(text, library)}
    assert fields == {"mistakes[0].detail", "review.rules[1].patterns[0]"}, fields


def test_a_rule_type_typo_a_ping_and_a_pattern_re2_cannot_run_are_reported_together(library):
    """Trial 9 (M4): with a misspelt rule type the guide failed validation, and its patterns were checked only on the
    next try; the engine's reason, in brackets, read as a stray parenthesis."""
    text = NURSE.replace(CARING, r"patterns: ['(?<!not )caring']").replace(
        "detail: Tell one moment of care", "detail: Tell @everyone one moment of care").replace(
        "type: forbidden", "type: forbiden", 1)
    problems = _problems(text, library)
    messages = {p.field: p.message for p in problems}
    assert "mistakes[0].detail" in messages and "review.rules[1].patterns[0]" in messages
    assert any("forbiden" in m for m in messages.values())
    assert "\u201c" in messages["review.rules[1].patterns[0]"]  # the engine's words quoted, not in brackets


def test_catastrophic_pattern_is_harmless_on_a_hostile_paste(library):
    """`(a+)+$` backtracks exponentially in Python's re; RE2 runs it in time linear in the text."""
    guide, problems = check(NURSE.replace(CARING, "patterns: ['(a+)+$', '(x+x+)+y']"), library)
    assert problems == []
    rules = community_guides.overlay(library, [guide]).rules_for(guide)
    for paste in ("a" * 9_999 + "!", "x" * 10_000):
        result = review(paste, guide.id, rules)  # bench/community_guides.py measures how fast
        assert 0 <= result.score <= 100


def test_a_frame_that_reads_employer_names_is_refused(library):
    """unless_two_employers holds patterns Python's engine runs: shipped guides only, until they run on RE2."""
    data = yaml.safe_load(NURSE)
    data["review"]["rules"].append({
        "id": "signal.ward", "type": "frame", "severity": "warning", "category": "signals",
        "message": "Name the ward you want to join.", "roles": {"ward": {"terms": ["ward"]}},
        "unless_two_employers": {"name": "(a+)+$", "names": ["join {name}"]}})
    [p] = _problems(yaml.safe_dump(data), library)
    assert p.field.endswith("unless_two_employers") and "community guide" in p.message


def test_too_big_too_many_rules_or_terms(library):
    [p] = _problems(NURSE + "#" + "x" * (64 * 1024), library)
    assert "64 KB" in p.message
    data = yaml.safe_load(NURSE)
    rule = data["review"]["rules"][0]
    data["review"]["rules"] = [{**rule, "id": f"signal.s{i}"} for i in range(41)]
    [p] = _problems(yaml.safe_dump(data), library)
    assert p.field == "review.rules" and "at most 40" in p.message
    data["review"]["rules"] = [{**rule, "terms": [f"word{i}" for i in range(201)]}]
    [p] = _problems(yaml.safe_dump(data), library)
    assert p.field == "review.rules[0].terms" and "201" in p.message


def test_yaml_that_expands_enormously_is_refused_before_it_is_built(library):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]" for i in range(8)]
    [p] = _problems("\n".join(lines), library)
    assert "aliases" in p.message


@pytest.mark.parametrize("ping", ["@everyone", "@here", "<@123456789>", "<@&42>", "<!channel>"])
def test_pings_are_refused(library, ping):
    text = NURSE.replace("Ward managers read", f"{ping} Ward managers read")
    problems = _problems(text, library)
    assert any(p.field == "summary" and "ping" in p.message for p in problems)


def test_inherit_and_names_are_checked_against_the_shipped_guides(library):
    [p] = _problems(NURSE.replace("inherit: general", "inherit: midwife"), library)
    assert p.field == "review.inherit"
    [p] = _problems(NURSE.replace("aliases: [rn, nursing, staff-nurse]", "aliases: [rn, swe]"), library)
    assert p.field == "aliases" and "software-engineer" in p.message
    # Their own ml-engineer may take the shipped one's names: it replaces it for the community.
    own = (ROOT / "guides" / "ml-engineer.yaml").read_text(encoding="utf-8").replace(
        "title: Machine learning engineer", "title: ML engineer (our bootcamp)")
    guide, problems = check(own, library)
    assert problems == [] and guide.id == "ml-engineer"


def test_every_pattern_of_a_community_guide_runs_on_re2(library):
    """Frames, stock-phrase densities and spelling slips hold patterns too, nested in roles and slips:
    a moderator's copy of a shipped guide runs each of them on the linear-time engine."""
    own = (ROOT / "guides" / "ml-engineer.yaml").read_text(encoding="utf-8")
    guide, problems = check(own, library)
    assert problems == []
    found = [p for i, rule in enumerate(guide.review.rules)
             for _, p in community_guides._patterns(rule, ("review", "rules", i))]
    nested = [p for i, rule in enumerate(guide.review.rules) if rule.type == "frame"
              for _, p in community_guides._patterns(rule, ("review", "rules", i))]
    assert nested and found
    assert all(isinstance(p, LinearPattern) for p in found)
    # And a hostile one inside a frame's role is harmless.
    hostile = own.replace("roles:", "roles:\n        hostile: {patterns: ['(a+)+$']}", 1)
    guide, problems = check(hostile, library)
    assert problems == []
    rules = community_guides.overlay(library, [guide]).rules_for(guide)
    assert review("a" * 9_999 + "!", guide.id, rules).score >= 0


# -- through the core, with a real database --------------------------------------------------------------

async def _import(core, text=NURSE, **who):
    preview = await ask(core, "/mod guide import", text=text, **(who or as_mod()))
    assert preview.kind == "confirm", preview.fallback_text()
    confirm = next(b.command for b in preview.buttons if "guide-confirm" in b.command)
    return preview, await ask(core, confirm, **(who or as_mod()))


async def test_import_shows_then_applies_for_this_community_only(mod_core):
    preview, done = await _import(mod_core)
    assert "adds a new guide, `nurse`" in preview.fallback_text()
    assert "Imported" in done.title
    shown = (await ask(mod_core, "/guide rn", **as_member())).fallback_text()
    assert "Ward managers read" in shown
    assert "Health and care" in (await ask(mod_core, "/guide", **as_member())).fallback_text()
    faq = (await ask(mod_core, "/faq how do I show patient safety", **as_member())).fallback_text()
    assert "escalated it" in faq
    # Its own alias at the end narrows /faq to it, as a shipped guide's does (a trial: "/faq istqb qa").
    listed = await ask(mod_core, "/faq rn", **as_member())
    assert listed.title == "Questions I can answer" and "patient safety in a nursing" in listed.fallback_text()
    narrowed = (await ask(mod_core, "/faq patient safety rn", **as_member())).fallback_text()
    assert "escalated it" in narrowed and "rn\u201d" not in narrowed
    reviewed = await ask(mod_core, "/review nurse", text=WEAK, **as_member())
    rules = {f["rule"] for f in reviewed.data["findings"]}
    assert reviewed.data["guide"] == "nurse" and {"signal.safety", "mistake.caring-claim", "uk.signoff"} <= rules
    assert [label for label, _ in await suggest.roles(mod_core, "nur", "bootcamp")][0].startswith("Registered nurse")
    # Another community sees none of it.
    elsewhere = {"community_id": "other-server", "user_id": "zed"}
    assert "I don't have a guide for" in (await ask(mod_core, "/guide nurse", **elsewhere)).fallback_text()
    assert "nurse" not in [g for _, g in await suggest.roles(mod_core, "nurse", "other-server")]


async def test_list_export_remove_and_audit(mod_core):
    await _import(mod_core)
    listed = (await ask(mod_core, "/mod guide list", **as_mod())).fallback_text()
    assert "`nurse`: Registered nurse \u00b7 this community's \u00b7 last changed by terminal:mo" in listed
    assert "`ml-engineer`: Machine learning engineer \u00b7 shipped" in listed
    exported = await ask(mod_core, "/mod guide export nurse", **as_mod())
    assert exported.data["yaml"] == NURSE and exported.data["source"] == "this community's"
    shipped = await ask(mod_core, "/mod guide export swe", **as_mod())
    assert shipped.data["yaml"] == (ROOT / "guides" / "software-engineer.yaml").read_text(encoding="utf-8")
    assert "can't be removed" not in (await ask(mod_core, "/mod guide remove ml-engineer", **as_mod())).fallback_text()
    assert "shipped guide" in (await ask(mod_core, "/mod guide remove ml-engineer", **as_mod())).fallback_text()
    asked = await ask(mod_core, "/mod guide remove nurse", **as_mod())  # one typo must not lose a guide: it asks
    assert asked.kind == "confirm" and "/mod guide remove nurse confirm" in [b.command for b in asked.buttons]
    assert (await ask(mod_core, "/guide nurse", **as_member())).title == "Registered nurse"
    removed = await ask(mod_core, "/mod guide remove nurse confirm", **as_mod())
    assert "Removed" in removed.title
    assert "I don't have a guide for" in (await ask(mod_core, "/guide nurse", **as_member())).fallback_text()
    audit = (await ask(mod_core, "/mod audit", **as_mod())).fallback_text()
    assert "guide import" in audit and "guide remove" in audit


async def test_their_own_ml_engineer_replaces_the_shipped_one_here_and_removal_restores_it(mod_core):
    own = (ROOT / "guides" / "ml-engineer.yaml").read_text(encoding="utf-8").replace(
        "title: Machine learning engineer", "title: ML engineer (our bootcamp)")
    preview, _ = await _import(mod_core, own)
    assert "replaces the shipped `ml-engineer`" in preview.fallback_text()
    assert (await ask(mod_core, "/guide mle", **as_member())).title == "ML engineer (our bootcamp)"
    assert (await ask(mod_core, "/guide mle", community_id="other")).title == "Machine learning engineer"
    await ask(mod_core, "/mod guide remove ml-engineer confirm", **as_mod())
    assert (await ask(mod_core, "/guide mle", **as_member())).title == "Machine learning engineer"


async def test_a_bad_guide_names_every_problem_and_changes_nothing(mod_core):
    text = NURSE.replace("severity: error", "severity: fatal").replace(CARING, "patterns: ['(?<!a)b']")
    reply = await ask(mod_core, "/mod guide import", text=text, **as_mod())
    shown = reply.fallback_text()
    assert reply.kind == "error" and "Nothing was changed" in shown
    assert "review.rules[0].severity" in shown and re.search(r"line \d+", shown)
    assert (await ask(mod_core, "/mod guide list", **as_mod())).fallback_text().count("\u00b7 this community's") == 0


async def test_a_guides_id_title_and_inherit_slips_are_said_in_a_moderators_words(mod_core):
    """Trial 14 F25: "id: String should match pattern '^[a-z0-9]+(-[a-z0-9]+)*$'" and "title: input should be a
    valid string (got NoneType None)"; `inherit: generl` listed the guides without "did you mean general?"."""
    text = NURSE.replace("id: nurse", "id: registered nurse", 1).replace("title: Registered nurse", "title:", 1)
    shown = " ".join((await ask(mod_core, "/mod guide import", text=text, **as_mod())).fallback_text().split())
    assert "lower-case letters, digits and single hyphens only, e.g. social-worker" in shown
    assert "`title`: is empty: give the guide's name as members will see it" in shown
    assert "pattern" not in shown and "NoneType" not in shown and "^[a-z" not in shown
    typo = NURSE.replace("inherit: general", "inherit: generl")
    shown = " ".join((await ask(mod_core, "/mod guide import", text=typo, **as_mod())).fallback_text().split())
    assert "did you mean 'general'?" in shown

async def test_mod_export_and_import_carry_the_communitys_guides(mod_core):
    await _import(mod_core)
    exported = await ask(mod_core, "/mod export", **as_mod())
    assert exported.data["guides"] == {"nurse": NURSE}
    # the guide is a block in the file, line for line (a moderator's trial found one escaped string that
    # the import's diff couldn't show), and the file reads back to the same document
    assert "  nurse: |\n" in exported.document
    assert yaml.safe_load(exported.document) == exported.data
    other = as_mod(community_id="new-cohort")
    preview = await ask(mod_core, "/mod import", text=yaml.safe_dump(exported.data), **other)
    assert preview.kind == "confirm" and "nurse" in preview.fallback_text()
    confirm = next(b.command for b in preview.buttons if "import-confirm" in b.command)
    assert "settings, FAQ and guides now come from the file" in (await ask(mod_core, confirm, **other)).title
    assert "Ward managers read" in (await ask(mod_core, "/guide nurse", community_id="new-cohort")).fallback_text()
    # A file without `guides:` leaves them; one with a broken guide changes nothing.
    settings_only = {k: v for k, v in exported.data.items() if k != "guides"} | {"retention_days": 30}
    preview = await ask(mod_core, "/mod import", text=yaml.safe_dump(settings_only), **as_mod())
    await ask(mod_core, next(b.command for b in preview.buttons if "import-confirm" in b.command), **as_mod())
    assert (await ask(mod_core, "/guide nurse", **as_member())).kind == "guide"
    broken = exported.data | {"guides": {"nurse": NURSE.replace(CARING, "patterns: ['(?=x)']")}}
    refused = await ask(mod_core, "/mod import", text=yaml.safe_dump(broken), **other)
    assert refused.kind == "error" and "linear-time engine" in refused.fallback_text()


async def test_members_cannot_manage_guides(mod_core):
    reply = await ask(mod_core, "/mod guide import", text=NURSE, **as_member())
    assert reply.kind == "refusal"


async def test_default_role_can_be_the_communitys_own_guide(mod_core):
    await _import(mod_core)
    assert "Default role: nurse" in (await ask(mod_core, "/mod default-role nurse", **as_mod())).title
    assert "Saying you are caring" in (await ask(mod_core, "/mistakes", **as_member())).fallback_text()


# -- every platform: a moderator imports, members use it ----------------------------------------------------

async def test_a_community_guide_works_on_every_platform(driver):
    shown = await driver.say("moderator", "c1", "/mod guide import",
                             NURSE) if driver.name == "terminal" else \
        await driver.say("moderator", "c1", f"/mod guide import {ONE_LINE}")
    token = re.search(r"guide-confirm ([0-9a-f]+)", shown)
    assert token, f"{driver.name}: {shown}"
    assert "Imported" in await driver.say("moderator", "c1", f"/mod guide-confirm {token.group(1)}")
    assert "Ward managers read" in await driver.say("member", "c1", "/guide nurse")
    assert "escalated it" in await driver.say("member", "c1", "/faq how do I show patient safety in a nursing letter")
    assert "Default role: nurse" in await driver.say("moderator", "c1", "/mod default-role nurse")
    reviewed = await driver.say("member", "c1", "/review", WEAK)
    # The guide's own rule fired (signal.safety: a review names points in words, not rule ids).
    assert "Registered nurse" in reviewed and "kept a patient safe" in reviewed, f"{driver.name}: {reviewed}"


async def test_discord_moderator_imports_a_guide_as_an_attached_file(discord_bot):
    from .fakes.discord_api import interaction, slash_with_file  # noqa: PLC0415
    attachment = discord_bot.fake.attachment("nurse.yaml", NURSE.encode(), content_type="application/x-yaml")
    payload = interaction(2, slash_with_file("mod", attachment, action="guide", value="import"),
                          permissions=1 << 5)
    _, answer = await discord_bot.send(payload, responses=2)
    shown = text_of(answer)
    assert "adds a new guide, `nurse`" in shown, shown
    token = re.search(r"guide-confirm ([0-9a-f]+)", shown).group(1)
    _, done = await discord_bot.send(interaction(2, slash("mod", action="guide-confirm", value=token),
                                                 permissions=1 << 5), responses=2)
    assert "Imported" in text_of(done)
    [answer] = await discord_bot.send(interaction(2, slash("guide", role="rn")))
    assert "Ward managers read" in text_of(answer)


async def test_a_member_of_another_community_does_not_see_it(driver, monkeypatch):
    """The same platform, another server or workspace: the shipped guides, without this community's own."""
    from .fakes import discord_api, slack_api
    shown = await driver.say("moderator", "c1", "/mod guide import",
                             NURSE) if driver.name == "terminal" else \
        await driver.say("moderator", "c1", f"/mod guide import {ONE_LINE}")
    token = re.search(r"guide-confirm ([0-9a-f]+)", shown).group(1)
    assert "Imported" in await driver.say("moderator", "c1", f"/mod guide-confirm {token}")
    assert "Ward managers read" in await driver.say("member", "c1", "/guide nurse")
    # Now a member of another community on the same platform.
    monkeypatch.setattr(driver, "community", "elsewhere", raising=False)
    monkeypatch.setattr(discord_api, "GUILD_ID", discord_api.GUILD_ID + 7)
    monkeypatch.setattr(slack_api, "TEAM", "T0ELSEWHERE")
    elsewhere = await driver.say("member", "c1", "/guide nurse")
    assert "Ward managers read" not in elsewhere and "have a guide for" in elsewhere, f"{driver.name}: {elsewhere}"
    faq = await driver.say("member", "c1", "/faq how do I show patient safety in a nursing letter")
    assert "escalated it" not in faq, f"{driver.name}: {faq}"
    reviewed = await driver.say("member", "c1", "/review", WEAK)
    assert "Your letter, reviewed" in reviewed
    assert "Registered nurse" not in reviewed and "kept a patient safe" not in reviewed
    # And the community that imported it still has it.
    monkeypatch.undo()
    assert "Ward managers read" in await driver.say("member", "c1", "/guide nurse")


async def test_removing_the_default_roles_guide_says_so_and_clears_the_default(mod_core):
    """Trial 8 (F36): removing the guide that was the default role left /mod settings naming it, and members
    were silently reviewed against the general guide."""
    await _import(mod_core)
    await ask(mod_core, "/mod default-role nurse", **as_mod())
    asked = (await ask(mod_core, "/mod guide remove nurse", **as_mod())).fallback_text()
    assert "It is this community's default role" in asked and "would get the general guide" in asked
    removed = (await ask(mod_core, "/mod guide remove nurse confirm", **as_mod())).fallback_text()
    assert "now get the general guide" in removed
    assert (await mod_core.store.settings("bootcamp")).default_guide is None
    assert "general (not set)" in (await ask(mod_core, "/mod settings", **as_mod())).fallback_text()


async def test_the_communitys_own_guide_answers_faq_as_its_own_and_a_contraction_meets_its_phrasing(mod_core):
    """Trial 10 (F15): a community guide's FAQ answer was labelled "another role's guide: check it fits yours", and
    "I'm not certified yet" missed the also_asked "I am not certified yet"."""
    await _import(mod_core, NURSE.replace("also_asked: [patient safety nursing, escalation, sepsis]",
                                          "also_asked: [patient safety nursing, escalation, I am not registered yet]"))
    answer = await ask(mod_core, "/faq how do I show patient safety", **as_member())
    assert answer.title.startswith("How do I show patient safety")
    assert "From the guide: Registered nurse" in answer.fallback_text()
    assert "another role's guide" not in answer.fallback_text()
    written_out = await ask(mod_core, "/faq i\u2019m not registered yet, can I still apply", **as_member())
    assert written_out.title.startswith("How do I show patient safety"), written_out.fallback_text()


async def test_the_import_preview_says_what_each_rule_does_and_warns_of_one_that_works_backwards(mod_core):
    """Trial 11 F22: a `signals` rule written as a density list (the shape of the exported style.cliche) took
    points from the letters that used its words, and the preview said only "1 review rule of its own"."""
    backwards = (ROOT / "tests" / "guides" / "nurse.yaml").read_text(encoding="utf-8")
    import yaml
    doc = yaml.safe_load(backwards)
    doc["review"]["rules"] = [{"id": "signal.safety", "type": "density", "category": "signals", "severity": "warning",
                               "min": 1, "terms": ["patient safety", "data quality"],
                               "message": "Say how you keep data safe for patients."}]
    reply = await ask(mod_core, "/mod guide import", text=yaml.safe_dump(doc, sort_keys=False), **as_mod())
    shown = reply.fallback_text()
    assert reply.kind == "confirm", shown
    assert "`signal.safety` (signals): raises its point when the letter uses 1 or more of" in shown
    assert "Check `signal.safety`: it is in `signals`, but it takes points" in shown
    fine = await ask(mod_core, "/mod guide import", text=NURSE, **as_mod())
    assert "What its own review rules do:" in fine.fallback_text() and "Check `" not in fine.fallback_text()


async def test_with_the_communitys_guide_as_default_a_general_question_gets_the_general_answer(mod_core):
    """Trial 12 F32: with a teacher guide (inheriting general) as the default role, "how long should my letter be"
    was answered from the ML engineer guide: the general guide it inherits wasn't among the community's own."""
    await _import(mod_core)
    await ask(mod_core, "/mod default-role nurse", **as_mod())
    answer = await ask(mod_core, "/faq how long should my letter be", **as_member())
    assert answer.title == "How long should a cover letter be?", answer.fallback_text()
    assert "another role's guide" not in answer.fallback_text()
