"""/feedback on a point the review credited (trial 15 F29): the stored review keeps the rule ids it credited (ids
only, never the letter), a wrong credit is counted apart from a wrong issue, on both engines, and /forget takes the
credited ids with the review. Databases made before migration 17 keep their feedback, all of it wrong issues."""
from __future__ import annotations

import datetime as dt

from storage import Store

from .conftest import LETTERS, ask, sqlite_at_version
from .fakes.drivers import as_member, as_mod

STRONG = (LETTERS / "26-general-strong.txt").read_text(encoding="utf-8")
WEAK = (LETTERS / "05-framework-list.txt").read_text(encoding="utf-8")


async def test_a_wrongly_credited_point_is_noted_and_counted_apart(mod_core):
    reviews = []
    for user in ("ana", "ben", "cy", "dee", "eve"):  # /mod stats shows points marked wrong from five reviews
        reviews.append(await ask(mod_core, "/review general", text=STRONG if user == "ana" else WEAK,
                                 **as_member(user_id=user)))
    credited = [f["rule"] for f in reviews[0].data["findings"] if f["kind"] == "strength"]
    raised = next(f["rule"] for f in reviews[1].data["findings"] if f["kind"] == "issue")
    assert credited and raised not in credited
    library = mod_core.library
    untouched = next(r.id for r in library.rules_for(library.guides["general"])
                     if r.id not in {f["rule"] for f in reviews[0].data["findings"]})
    [stored] = await mod_core.store.recent_reviews("bootcamp", "ana", limit=1)
    assert stored.credited == frozenset(credited) and not stored.credited & stored.issues

    noted = await ask(mod_core, f"/feedback general {credited[0]}", **as_member(user_id="ana"))
    assert noted.title == "Thanks: noted as wrongly credited", noted.fallback_text()
    assert (await ask(mod_core, f"/feedback general {raised}", **as_member(user_id="ben"))).title == \
        "Thanks: noted as wrong"
    # a point the member's review neither raised nor credited is still not counted
    other = await ask(mod_core, f"/feedback general {untouched}", **as_member(user_id="ana"))
    assert other.title == "Nothing noted" and "neither raised nor credited" in " ".join(other.fallback_text().split())
    assert sorted(await mod_core.store.query("SELECT rule, kind FROM rule_feedback")) == sorted(
        [(credited[0], "strength"), (raised, "issue")])
    # without a rule, the member is shown the ids their review raised and those it credited
    which = " ".join((await ask(mod_core, "/feedback general", **as_member(user_id="ana"))).fallback_text().split())
    assert f"credited: `{sorted(credited)[0]}`" in which, which

    stats = await mod_core.store.stats("bootcamp", dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
    assert stats.credits_marked_wrong == [(credited[0], 1)] and stats.rules_marked_wrong == [(raised, 1)]
    text = (await ask(mod_core, "/mod stats 7", **as_mod())).fallback_text()
    assert "Credits members marked as wrong" in text and f"(`{credited[0]}`): 1" in text
    wrong_issues = text.split("Review points members marked as wrong")[1].split("Credits members")[0]
    assert credited[0] not in wrong_issues and raised in wrong_issues

    # /forget takes the review, and the rule ids it credited with it: the point can't be marked again
    await mod_core.store.forget("bootcamp", "ana")
    assert await mod_core.store.query(
        "SELECT COUNT(*) FROM review_findings WHERE community = 'bootcamp' AND kind = 'strength'"
        " AND review_id NOT IN (SELECT id FROM reviews)") == [(0,)]
    after = await ask(mod_core, f"/feedback general {credited[0]}", **as_member(user_id="ana"))
    assert after.title == "Nothing noted" and "Review your letter first" in after.fallback_text()
    # the feedback itself never named the member, so it stays, and the daily counts agree with the rows
    await mod_core.store.purge_expired(dt.datetime.now(dt.UTC) + dt.timedelta(days=91))
    assert await mod_core.store.query("SELECT COUNT(*) FROM rule_feedback") == [(0,)]
    emptied = await mod_core.store.stats("bootcamp", dt.datetime.now(dt.UTC) - dt.timedelta(days=400))
    assert emptied.credits_marked_wrong == [] and emptied.rules_marked_wrong == []


async def test_feedback_given_before_migration_17_stays_a_wrong_issue(tmp_path):
    with sqlite_at_version(tmp_path / "v16.db", 16) as conn:
        conn.executemany("INSERT INTO rule_feedback (at, community, guide, rule) VALUES (?, 'g1', 'general', ?)",
                         [("2026-11-20T10:00:00.000000Z", "uk.signoff"), ("2026-11-21T10:00:00.000000Z", "uk.signoff")])
    store = await Store.open(tmp_path / "v16.db")
    try:
        since = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        assert (await store.stats("g1", since)).rules_marked_wrong == [("uk.signoff", 2)]
        await store.record_rule_feedback("g1", "general", "uk.signoff", "strength")
        stats = await store.stats("g1", since)
        assert stats.rules_marked_wrong == [("uk.signoff", 2)] and stats.credits_marked_wrong == [("uk.signoff", 1)]
        await store.query("DELETE FROM rule_feedback WHERE kind = 'issue'")
        assert (await store.stats("g1", since)).rules_marked_wrong == []
    finally:
        await store.close()
