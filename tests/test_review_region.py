"""Region: UK and US letter conventions. `general` stays UK, `general-us` drops the UK sign-off pairing,
and `/mod region uk|us` sets which one a community's members get when they leave the role out."""
from __future__ import annotations

import pytest

from bot.core import Shortlist
from bot.request import Privilege
from storage import Store

from .conftest import ask

US_LETTER = ("Dear Sir or Madam,\n\nYour posting for an analyst at Greenway Markets asks for someone who can "
             "turn store data into staffing decisions. At Lakeshore Foods I rebuilt the weekly labor report, "
             "which cut the time to produce it from two days to two hours for 22 stores.\n\nI would welcome a "
             "conversation about your store operations team.\n\nThank you for your time.\n\nSincerely,\nDana Brooks")


@pytest.fixture
async def mod_core(library, tmp_path):
    store = await Store.open(tmp_path / "region.db")
    yield Shortlist(library, store)
    await store.close()


def _as(privilege=Privilege.MEMBER, user="ana"):
    return {"community_id": "campus", "user_id": user, "privilege": privilege}


def _issues(reply):
    return {f["rule"] for f in reply.data["findings"] if f["kind"] == "issue"}


async def test_general_is_uk_and_general_us_accepts_a_bare_sincerely(core):
    uk = await ask(core, "/review general", text=US_LETTER)
    us = await ask(core, "/review general-us", text=US_LETTER)
    assert "uk.signoff" in _issues(uk) and "uk.signoff" not in _issues(us)
    assert us.data["guide"] == "general-us" and us.data["score"] > uk.data["score"]


async def test_mod_region_sets_the_default_guide(mod_core):
    before = await ask(mod_core, "/review", text=US_LETTER, **_as())
    assert before.data["guide"] == "general"
    reply = await ask(mod_core, "/mod region us", **_as(Privilege.MODERATOR, "mo"))
    assert "Region: US" in reply.title and "general-us" in reply.fallback_text()
    after = await ask(mod_core, "/review", text=US_LETTER, **_as())
    assert after.data["guide"] == "general-us" and "uk.signoff" not in _issues(after)
    shown = await ask(mod_core, "/mod region", **_as(Privilege.MODERATOR, "mo"))
    assert "US conventions" in shown.fallback_text()
    await ask(mod_core, "/mod region uk", **_as(Privilege.MODERATOR, "mo"))
    back = await ask(mod_core, "/review", text=US_LETTER, **_as())
    assert back.data["guide"] == "general"


async def test_mod_region_refuses_other_values_and_members(mod_core):
    wrong = await ask(mod_core, "/mod region fr", **_as(Privilege.MODERATOR, "mo"))
    assert "takes `uk` or `us`" in wrong.fallback_text()
    refused = await ask(mod_core, "/mod region us", **_as())
    assert refused.kind == "refusal"
    after = await ask(mod_core, "/review", text=US_LETTER, **_as())
    assert after.data["guide"] == "general"  # nothing changed


async def test_a_community_keeps_its_region_and_its_default_role_together(mod_core):
    """Trial 11 F21: `/mod region us` used to replace the default role, and a later `/mod default-role`
    silently put the community back on UK conventions. They are two settings now."""
    mo = _as(Privilege.MODERATOR, "mo")
    await ask(mod_core, "/mod default-role data-analyst", **mo)
    reply = await ask(mod_core, "/mod region us", **mo)
    assert "get `data-analyst` with US conventions" in reply.fallback_text()
    again = await ask(mod_core, "/mod default-role data-analyst", **mo)
    assert "reviews follow US conventions" in again.fallback_text()
    review = await ask(mod_core, "/review", text=US_LETTER, **_as())
    assert review.data["guide"] == "data-analyst" and review.title.endswith(", with US conventions")
    assert "uk.signoff" not in _issues(review)
    settings = (await ask(mod_core, "/mod settings", **mo)).fallback_text()
    assert "US conventions" in settings and "data-analyst" in settings
    exported = (await ask(mod_core, "/mod export", **mo)).fallback_text()
    assert "region: us" in exported and "default_role: data-analyst" in exported
    await ask(mod_core, "/mod region uk", **mo)
    uk = await ask(mod_core, "/review", text=US_LETTER, **_as())
    assert uk.data["guide"] == "data-analyst" and "uk.signoff" in _issues(uk)


async def test_a_role_guide_follows_the_communitys_region(mod_core):
    """A role guide inherits the UK general guide's rules. In a community set to US conventions it inherits
    general-us's instead: no UK sign-off pairing, and its general points lead to the US guide's advice."""
    uk = await ask(mod_core, "/review data-analyst", text=US_LETTER, **_as())
    assert "uk.signoff" in _issues(uk) and uk.title == "Your letter, reviewed against the Data analyst guide"
    await ask(mod_core, "/mod region us", **_as(Privilege.MODERATOR, "mo"))
    us = await ask(mod_core, "/review data-analyst", text=US_LETTER, **_as())
    assert us.data["guide"] == "data-analyst" and "uk.signoff" not in _issues(us)
    assert us.data["score"] > uk.data["score"] and us.title.endswith(", with US conventions")
    # No general point leads to the UK guide where a general-us review of the letter leads to general-us's
    # own advice; the role's own points keep the role guide's sections.
    plain = await ask(mod_core, "/review general-us", text=US_LETTER, **_as())
    assert plain.title == "Your letter, reviewed against the Any role (US conventions) guide"
    theirs = {f["rule"]: f["section"] if ":" in f["section"] else f"general-us:{f['section']}"
              for f in plain.data["findings"] if f["section"]}
    inherited = {f["rule"]: f["section"] for f in us.data["findings"] if f["rule"] in theirs}
    assert inherited
    assert all(theirs[rule].startswith("general:") for rule, s in inherited.items() if s.startswith("general:"))
    assert any(":" not in (f["section"] or ":") for f in us.data["findings"])


def test_a_role_guides_rules_stay_the_same_objects_whichever_region_asked_last(library):
    """A bot serving UK and US communities asks for both: each region's rules are made once and kept, since
    the review's plan of a guide's patterns is keyed by its rules' identities (new copies each time would
    plan again, and never keep a plan)."""
    guide = library.guides["data-analyst"]
    us, uk = library.rules_for(guide, "general-us"), library.rules_for(guide)
    assert [id(r) for r in library.rules_for(guide, "general-us")] == [id(r) for r in us]
    assert [id(r) for r in library.rules_for(guide)] == [id(r) for r in uk]


async def test_a_member_asks_for_us_conventions_after_the_role(mod_core):
    """Trial 9 (L5): a US applicant in a community left on UK conventions was told "UK readers expect under
    400" with no way to ask for US ones; only a moderator's `/mod region us` could change it."""
    uk = await ask(mod_core, "/review data-analyst", text=US_LETTER, **_as(), platform="discord")
    assert "uk.signoff" in _issues(uk) and "with US conventions" not in uk.title
    assert "`/review data-analyst us`" in uk.fallback_text()  # told how to ask, in the chat's words
    us = await ask(mod_core, "/review data-analyst US", text=US_LETTER, **_as())
    assert us.data["guide"] == "data-analyst" and us.title.endswith("with US conventions")
    assert "uk.signoff" not in _issues(us) and "/review data-analyst us" not in us.fallback_text()
    general = await ask(mod_core, "/review general us", text=US_LETTER, **_as())
    assert general.data["guide"] == "general-us"
    # in a US community, `uk` asks for the guide as written
    await ask(mod_core, "/mod region us", **_as(Privilege.MODERATOR, "mo"))
    back = await ask(mod_core, "/review data-analyst uk", text=US_LETTER, **_as())
    assert "uk.signoff" in _issues(back) and "with US conventions" not in back.title
    # `general` by name follows the community's region too, as /guide says there (trial 15 F10)
    named = await ask(mod_core, "/review general", text=US_LETTER, **_as())
    assert named.data["guide"] == "general-us" and "uk.signoff" not in _issues(named)
    assert (await ask(mod_core, "/review general uk", text=US_LETTER, **_as())).data["guide"] == "general"
    # a role that is only the region's word is still the guide it names
    assert (await ask(mod_core, "/review us", text=US_LETTER, **_as())).data["guide"] == "general-us"


def test_the_terminal_takes_region_as_a_flag(tmp_path):
    from .conftest import run
    letter = tmp_path / "letter.txt"
    letter.write_text(US_LETTER, encoding="utf-8")
    db = str(tmp_path / "t.db")
    uk = run("--db", db, "review", str(letter), "--role", "data-analyst")
    assert uk.returncode == 0 and "--region us" in uk.stdout, uk.stdout + uk.stderr
    us = run("--db", db, "review", str(letter), "--role", "data-analyst", "--region", "us")
    assert us.returncode == 0 and "with US conventions" in us.stdout and "--region us" not in us.stdout
    wrong = run("--db", db, "review", str(letter), "--region", "fr")
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr and "Traceback" not in wrong.stderr


async def test_the_region_word_is_not_taken_for_an_unknown_role_before_the_paste(mod_core):
    """The README's chat, tried at the close of session 9: `/review data-analyst us` was answered "I don't have
    that guide" before the paste box (each platform checks the role first), and the letter went to general."""
    assert await mod_core.before_paste("data-analyst us", "campus") is None
    assert await mod_core.before_paste("us", "campus") is None
    unknown = await mod_core.before_paste("data-analist us", "campus")
    assert unknown is not None and "data-analist" in unknown.fallback_text()


async def test_a_letter_with_a_us_address_is_told_first_how_to_ask_for_us_conventions(core):
    """Trial 10 (F5): a bootcamp graduate in Austin was reviewed against "Any role (UK conventions)", told about NI
    numbers and postcodes, and nothing said a US edition exists, since no UK-only point was raised."""
    header = "Maya Ortiz\nAustin, TX | maya@example.com | (512) 555-0147\n\n"
    letter = header + US_LETTER.replace("Dear Sir or Madam", "Dear Hiring Manager")
    reply = await ask(core, "/review", text=letter)
    assert not _issues(reply) & {"uk.signoff", "length.words"}  # the hint isn't there for a UK-only point
    first = reply.blocks[0].text
    assert "US address or phone number" in "".join(first) and "`/review general us`" in "".join(first)
    us = await ask(core, "/review general us", text=letter)
    assert "US address" not in us.fallback_text()
    british = await ask(core, "/review", text=header.replace("Austin, TX", "Leeds LS1 4AP").replace(
        "(512) 555-0147", "0113 496 0000") + US_LETTER.replace("Sincerely", "Yours faithfully"))
    assert "US address" not in british.fallback_text() and "`/review general us`" not in british.fallback_text()


async def test_a_uk_guide_says_how_a_us_reader_gets_us_conventions(core):
    """Trial 10 (F8): the software guide's market and date line are the UK's, and nothing in it told a US bootcamp
    graduate that a review can follow US conventions."""
    for role in ("software-engineer", "general"):
        page = (await ask(core, f"/guide {role}")).fallback_text()
        assert f"`/review {role} us` follows US letter conventions" in page
    assert "follows US letter conventions" not in (await ask(core, "/guide general-us")).fallback_text()


async def test_a_us_community_is_not_told_its_guides_are_uk_or_its_default_is_general(mod_core):
    """Trial 14 F13: after `/mod region us`, /guide still said every guide is UK and to add `us`, `/mod settings`
    said "Default role: general (not set)", and `/help review` "default: the general guide"."""
    mo = _as(Privilege.MODERATOR, "mo")
    before = (await ask(mod_core, "/guide devops-engineer", **_as())).fallback_text()
    assert "Applying in the US? `/review devops-engineer us`" in before  # a UK community still learns of it
    await ask(mod_core, "/mod region us", **mo)
    listing = (await ask(mod_core, "/guide", **_as())).fallback_text()
    assert "UK hiring managers" not in listing and "Reviews here follow US letter conventions" in listing
    for section in ("", " faq"):
        shown = (await ask(mod_core, f"/guide devops-engineer{section}", **_as())).fallback_text()
        assert "Applying in the US" not in shown and "Reviews here follow US letter conventions" in shown
    assert "Applying in the US" not in (await ask(mod_core, "/mistakes data-analyst", **_as())).fallback_text()
    settings = (await ask(mod_core, "/mod settings", **mo)).fallback_text()
    assert "`general-us` (from the region)" in settings and "not set" not in settings
    helped = (await ask(mod_core, "/help review", **_as())).fallback_text()
    assert "default: `general-us`" in helped and "default: the general guide" not in helped
    other = (await ask(mod_core, "/guide devops-engineer", community_id="elsewhere")).fallback_text()
    assert "Applying in the US? `/review devops-engineer us`" in other  # another community's cached section


async def test_a_us_community_asking_about_privacy_gets_the_privacy_answer(mod_core):
    """general-us had no entry on what Shortlist keeps, so "is it safe to paste my letter here" in a US community
    was answered with the phone-number entry (noticed after trial 15)."""
    await ask(mod_core, "/mod region us", **_as(Privilege.MODERATOR, "mo"))
    for question in ("is it safe to paste my letter here", "do you keep my letter"):
        reply = await ask(mod_core, f"/faq {question}", **_as())
        assert reply.title == "Does Shortlist keep my letter?" and "US conventions" in reply.fallback_text()
        assert "/forget" in reply.fallback_text()


async def test_a_community_region_never_swaps_a_named_us_guide_back_to_uk(mod_core):
    """A community set to UK conventions (`/mod region uk`) had `/review general-us` and `/review us` reviewed
    against the UK guide, told to close "Dear Sir or Madam" with "Yours faithfully": the region swapped the guide
    the member named for its own. It only swaps general for its edition (general-us in a US community)."""
    await ask(mod_core, "/mod region uk", **_as(Privilege.MODERATOR, "mo"))
    for line in ("/review general-us", "/review us"):
        named = await ask(mod_core, line, text=US_LETTER, **_as())
        assert named.data["guide"] == "general-us" and "uk.signoff" not in _issues(named), line
    assert (await ask(mod_core, "/review general", text=US_LETTER, **_as())).data["guide"] == "general"
    assert (await ask(mod_core, "/review general-us uk", text=US_LETTER, **_as())).data["guide"] == "general"


def test_the_terminal_reviews_general_as_the_community_region_says(tmp_path):
    """Trial 15 F10, as it was met: `/mod region us` at the terminal, then `shortlist review --role general`."""
    from .conftest import run
    letter = tmp_path / "letter.txt"
    letter.write_text(US_LETTER, encoding="utf-8")
    db = str(tmp_path / "t.db")
    assert run("--db", db, "ask", "/mod region us").returncode == 0
    us = run("--db", db, "review", str(letter), "--role", "general", "--json")
    assert us.returncode == 0 and '"guide": "general-us"' in us.stdout, us.stdout + us.stderr
    assert '"uk.signoff"' not in us.stdout
