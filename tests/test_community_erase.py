"""/mod erase: a community's admin erases everything Shortlist stores for it, its own guides included,
on both engines; other communities keep theirs, and members and moderators can't do it."""
from __future__ import annotations

from bot.request import Privilege
from storage.erase import CHILDREN, COMMUNITY_TABLES
from storage.store import is_postgres_url

from .conftest import ask
from .fakes.drivers import as_member, as_mod
from .test_community_guides import NURSE, WEAK, _import

ADMIN = {"community_id": "bootcamp", "user_id": "ada", "privilege": Privilege.ADMIN}


async def _fill(core, community: str) -> None:
    """A community that has used everything: a guide of its own, FAQ, settings, reviews, feedback, an audit log."""
    mod, member = as_mod(community_id=community), as_member(community_id=community)
    await _import(core, NURSE, **mod)
    await ask(core, "/mod faq add When is mock interview night? | Thursdays at 6pm, room 2.", **mod)
    await ask(core, "/mod cooldown 5 per day", **mod)
    await ask(core, "/mod moderators add user bea", **mod)
    await ask(core, "/mod disable mistakes here", channel_id="c1", **mod)
    await ask(core, "/review nurse", text=WEAK, **member)
    await ask(core, "/guide nurse", **member)


async def _rows(store, community: str) -> dict[str, int]:
    counts = {}
    for table in COMMUNITY_TABLES:
        [(n,)] = await store.query(f"SELECT COUNT(*) FROM {table} WHERE community = ?", (community,))
        counts[table] = n
    for child, key, parent in CHILDREN:
        [(n,)] = await store.query(
            f"SELECT COUNT(*) FROM {child} WHERE {key} IN (SELECT id FROM {parent} WHERE community = ?)", (community,))
        counts[child] = n
    [(n,)] = await store.query("SELECT COUNT(*) FROM communities WHERE id = ?", (community,))
    counts["communities"] = n
    return {table: n for table, n in counts.items() if n}


async def test_erase_asks_then_deletes_every_row_of_this_community_only(mod_core):
    await _fill(mod_core, "bootcamp")
    await _fill(mod_core, "other-cohort")
    before = await _rows(mod_core.store, "bootcamp")
    assert {"community_guides", "faq_entries", "reviews", "review_findings", "commands", "audit_log",
            "moderators", "command_switches", "communities"} <= set(before)
    kept = await _rows(mod_core.store, "other-cohort")

    question = await ask(mod_core, "/mod erase", **ADMIN)
    assert question.kind == "confirm" and "its own guides" in question.fallback_text()
    [confirm] = [b.command for b in question.buttons if b.command.startswith("/mod erase confirm ")]
    assert await _rows(mod_core.store, "bootcamp") == before  # asking changes nothing, and leaves no record
    # The word alone (recalled from a shell's history, pasted from the README) asks again: a trial erased a
    # community with it, nothing asked first.
    again = await ask(mod_core, "/mod erase confirm", **ADMIN)
    assert again.kind == "confirm" and "Nothing was erased" in again.fallback_text()
    assert await _rows(mod_core.store, "bootcamp") == before

    done = await ask(mod_core, confirm, **ADMIN)
    assert done.title == "Done: this community's data is erased"
    assert "1 guide of its own" in done.fallback_text() and "1 FAQ entry" in done.fallback_text()
    assert await _rows(mod_core.store, "bootcamp") == {}
    assert await _rows(mod_core.store, "other-cohort") == kept
    # At once, in this process: the guide and the FAQ answer are gone here, and still there elsewhere.
    assert (await ask(mod_core, "/guide nurse", **as_member())).title != "Registered nurse"  # the general guide's
    assert "Thursdays" not in (await ask(mod_core, "/faq when is mock interview night", **as_member())).fallback_text()
    assert (await ask(mod_core, "/guide nurse", **as_member(community_id="other-cohort"))).kind == "guide"
    assert (await mod_core.store.settings("bootcamp")).cooldown is None


async def test_only_admins_may_erase(mod_core):
    await _fill(mod_core, "bootcamp")
    before = await _rows(mod_core.store, "bootcamp")
    assert (await ask(mod_core, "/mod erase confirm", **as_member())).kind == "refusal"
    refused = await ask(mod_core, "/mod erase confirm", **as_mod())
    assert refused.kind == "refusal" and "only its admins" in refused.fallback_text()
    assert await _rows(mod_core.store, "bootcamp") == before


async def test_every_table_that_names_a_community_is_erased(mod_core):
    """A table added later with a `community` column must join COMMUNITY_TABLES, or erasing would miss it."""
    store = mod_core.store
    if is_postgres_url(store.path):
        rows = await store.query("SELECT table_name FROM information_schema.columns WHERE column_name = 'community'"
                                     " AND table_schema = current_schema()")
    else:
        tables = [t for t, in await store.query("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows = [(t,) for t in tables
                if "community" in [c[1] for c in await store.query(f"PRAGMA table_info({t})")]]
    assert {t for t, in rows} == set(COMMUNITY_TABLES)


async def test_forget_replaces_the_member_who_last_changed_a_guide(mod_core):
    """/forget is complete: a guide keeps its text, but not the id of the moderator who changed it last."""
    await _import(mod_core, NURSE, **as_mod())
    [stored] = await mod_core.store.community_guides("bootcamp")
    assert stored.actor == "terminal:mo"
    done = await ask(mod_core, "/forget confirm", **as_mod())
    assert "1 community guide you last changed" in done.fallback_text()
    [stored] = await mod_core.store.community_guides("bootcamp")
    assert stored.actor.startswith("terminal:erased-member-") and stored.yaml == NURSE
    listed = (await ask(mod_core, "/mod guide list", **ADMIN)).fallback_text()
    assert "erased-member-" in listed and "terminal:mo" not in listed
