"""Issue 19, the reviewer queue, through the core on real SQLite files and a real PostgreSQL: a member asks
for a human read after a review, reviewers claim and reply, the member reads the reply privately, and the
letter's text is gone from every table once the request closes, expires or the member runs /forget."""
from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys

import pytest

from bot.core import Shortlist
from bot.records import utcnow
from bot.request import Privilege
from storage import Store, open_store

from .conftest import ROOT, ask
from .queue_helpers import FEEDBACK, LETTER, MARK, NOTE, every_value, name_reviewers


def who(user="ana", **extra):
    return {"community_id": "bootcamp", "channel_id": "general", "user_id": user, **extra}


@pytest.fixture
async def bot(library, database):
    store = await open_store(database)
    await name_reviewers(store, "rita", "ravi")
    yield Shortlist(library, store)
    await store.close()


async def reviewed_and_asked(bot, *extra: str) -> int:
    review = await ask(bot, "/review ml-engineer", text=LETTER, **who())
    assert review.buttons[0].command == "/ask-reviewer" and review.buttons[0].label == "Ask a reviewer"
    sent = await ask(bot, " ".join(("/ask-reviewer", *extra)), **who())
    assert sent.title == "Sent to the reviewers", sent.fallback_text()
    return sent.data["reviewer_request"]


async def test_the_whole_flow_keeps_the_member_anonymous_and_deletes_the_letter_on_close(bot):
    request_id = await reviewed_and_asked(bot, NOTE)
    assert MARK in await every_value(bot.store)  # kept while open, because the member asked a person to read it

    queue = (await ask(bot, "/queue", **who("rita"))).fallback_text()
    assert f"#{request_id}" in queue and "a member" in queue and "ana" not in queue
    assert "`ml-engineer`" in queue and "waited under a minute" in queue
    shown = (await ask(bot, f"/queue show {request_id}", **who("rita"))).fallback_text()
    assert MARK in shown and NOTE in shown and "ana" not in shown
    assert "A list of frameworks" in shown  # the automatic review beside the letter

    claimed = await ask(bot, f"/queue claim {request_id}", **who("rita"))
    assert claimed.title == f"You've claimed request #{request_id}"
    assert [b.command for b in claimed.buttons] == [f"/queue reply {request_id}", f"/queue release {request_id}"]
    sent = await ask(bot, f"/queue reply {request_id}", text=FEEDBACK, **who("rita"))
    assert sent.title == "Your feedback is on its way to the member", sent.fallback_text()

    history = await ask(bot, "/history", **who())
    assert history.private and FEEDBACK in history.fallback_text()
    assert "/my-request answer" in [b.command for b in history.buttons]
    thanks = await ask(bot, "/my-request answer Thank you, that helps!", **who())
    assert thanks.title == "Your answer is with the reviewer"
    assert "Thank you, that helps!" in (await ask(bot, f"/queue show {request_id}", **who("rita"))).fallback_text()

    closed = await ask(bot, "/my-request close", **who())
    assert closed.title == "Your request is closed"
    everything = await every_value(bot.store)
    for gone in (MARK, NOTE, FEEDBACK, "Thank you, that helps!"):
        assert gone not in everything
    assert "The queue is empty" in (await ask(bot, "/queue", **who("rita"))).fallback_text()
    # What stays is when things happened, for the queue's figures: counts, never content.
    stats = await bot.store.queue_stats("bootcamp", utcnow() - dt.timedelta(days=1))
    assert (stats.requests, stats.open, stats.replied, stats.reviewers_active) == (1, 0, 1, 1)


async def test_a_member_who_shows_their_name_is_named_to_reviewers(bot):
    await reviewed_and_asked(bot, "show-name")
    assert "ana" in (await ask(bot, "/queue", **who("rita"))).fallback_text()


@pytest.mark.parametrize("shown", [False, True])
async def test_reviewers_never_see_contact_details_nor_an_anonymous_members_name(bot, shown):
    """Trial 13 F28: "Reviewers see it as from a member: not your name", and the queue showed the letter's
    name, home address, email and phone. Contact details are hidden always; the name unless shown."""
    letter = ("Daniel Kim\n14 Elm Road, Solihull B91 3QP\ndan.kim@example.com | 07700 900123\n\n" +
              LETTER.rstrip() + "\n07700 900123\n")
    await ask(bot, "/review ml-engineer", text=letter, **who())
    sent = await ask(bot, "/ask-reviewer" + (" show-name" if shown else ""), **who())
    told = sent.fallback_text()
    assert ("an email address, a phone number and a postcode" if shown else
            "the name and address above the greeting and the name under your sign-off") in told
    stored = await every_value(bot.store)
    seen = (await ask(bot, f"/queue show {sent.data['reviewer_request']}", **who("rita"))).fallback_text()
    for detail in ("dan.kim@example.com", "07700 900123", "B91 3QP"):
        assert detail not in seen and detail not in stored
    assert ("Daniel Kim" in seen) is shown and ("Elm Road" in seen) is shown
    assert MARK in seen  # the letter itself is whole


async def test_forget_closes_the_request_and_leaves_no_trace_in_any_table(bot):
    await reviewed_and_asked(bot, NOTE)
    await ask(bot, "/queue claim 1", **who("rita"))
    done = (await ask(bot, "/forget confirm", **who())).fallback_text()
    assert "1 request for a reviewer" in done
    everything = await every_value(bot.store)
    assert MARK not in everything and NOTE not in everything and "'ana'" not in everything
    assert "The queue is empty" in (await ask(bot, "/queue", **who("rita"))).fallback_text()
    # The letter held in memory for "Ask a reviewer" went too.
    await ask(bot, "/review ml-engineer", text=LETTER, **who())
    await ask(bot, "/forget confirm", **who())
    assert (await ask(bot, "/ask-reviewer", **who())).title == "Review your letter first"
    # At the terminal the letter lives in one chat's memory: say so, with no button to press (trial 7, F31).
    shell = (await ask(bot, "/ask-reviewer", **who(buttons=False))).fallback_text()
    assert "In `shortlist chat`" in shell and "press" not in shell and "*" not in shell


async def test_a_reviewer_who_forgets_gives_the_claim_back_and_is_named_nowhere(bot):
    await reviewed_and_asked(bot)
    await ask(bot, "/queue claim 1", **who("rita"))
    await ask(bot, "/forget confirm", **who("rita"))
    assert "'rita'" not in await every_value(bot.store)
    assert (await ask(bot, "/queue claim 1", **who("ravi"))).title == "You've claimed request #1"


async def test_an_unclaimed_request_expires_the_member_is_told_and_the_text_is_gone(bot):
    await name_reviewers(bot.store, "rita", expiry=3)
    await reviewed_and_asked(bot, NOTE)
    assert await bot.store.expire_reviewer_requests(utcnow() + dt.timedelta(days=2)) == []
    [closed] = await bot.store.expire_reviewer_requests(utcnow() + dt.timedelta(days=3, minutes=1))
    assert closed.user == "ana" and closed.close_reason == "expired" and closed.letter is None
    everything = await every_value(bot.store)
    assert MARK not in everything and NOTE not in everything
    told = (await ask(bot, "/history", **who())).fallback_text()
    assert "closed because no reviewer could take it in time" in told and "not about your letter" in told
    assert "closed because" not in (await ask(bot, "/history", **who())).fallback_text()  # told once
    # The member may ask again after a new review.
    await reviewed_and_asked(bot)


async def test_two_reviewers_claiming_at_the_same_instant_exactly_one_gets_it(bot, database):
    """Separate stores on one database (separate connections, as separate processes would have), all
    claiming at once: the database decides, so exactly one wins, on either engine."""
    stores = [await open_store(database) for _ in range(6)]
    try:
        for _ in range(5):
            request_id = await reviewed_and_asked(bot)
            wins = await asyncio.gather(*(s.claim_reviewer_request("bootcamp", request_id, f"reviewer-{n}")
                                          for n, s in enumerate(stores)))
            assert sum(wins) == 1, wins
            found = await bot.store.reviewer_request("bootcamp", request_id)
            assert found.claimed_by == f"reviewer-{wins.index(True)}"
            await ask(bot, "/my-request close", **who())
    finally:
        for s in stores:
            await s.close()


async def test_only_one_open_request_per_member_even_at_once(bot, database):
    await ask(bot, "/review ml-engineer", text=LETTER, **who())
    other = await open_store(database)
    try:
        from bot.queue_records import NewRequest
        new = NewRequest("bootcamp", "ana", "terminal", "ml-engineer", 60, (), LETTER, None, True, None, utcnow())
        ids = await asyncio.gather(bot.store.open_reviewer_request(new), other.open_reviewer_request(new))
        assert sorted(ids, key=lambda i: i is None)[1] is None and any(ids)
    finally:
        await other.close()
    second = await ask(bot, "/ask-reviewer", **who())
    assert second.title == "You already have a request open" and "Nothing was sent" in second.fallback_text()


# -- bad input: a clear, kind message, and nothing changed --------------------------------------------------
async def test_asking_without_a_review_is_explained(bot):
    reply = await ask(bot, "/ask-reviewer please read it", **who())
    assert reply.kind == "error" and reply.title == "Review your letter first"
    assert "/review" in reply.fallback_text() and await bot.store.member_request("bootcamp", "ana") is None


async def test_no_ask_button_and_a_kind_refusal_where_no_one_reviews(library, tmp_path):
    store = await Store.open(tmp_path / "none.db")
    try:
        core = Shortlist(library, store)
        review = await ask(core, "/review ml-engineer", text=LETTER, **who())
        assert "/ask-reviewer" not in [b.command for b in review.buttons]
        reply = await ask(core, "/ask-reviewer", **who())
        assert reply.title == "This community has no reviewers yet" and "Nothing was sent" in reply.fallback_text()
    finally:
        await store.close()


@pytest.mark.parametrize("feedback, why", [
    ("   ", "was empty"),
    ("x" * 4001, "4,001 characters; the limit is 4,000"),
    ("Good letter, @everyone should read it", "mentions everyone"),
    ("Ping <!channel> about this", "mentions everyone"),
])
async def test_bad_feedback_is_refused_and_nothing_is_sent(bot, feedback, why):
    request_id = await reviewed_and_asked(bot)
    await ask(bot, f"/queue claim {request_id}", **who("rita"))
    reply = await ask(bot, f"/queue reply {request_id}", text=feedback, **who("rita"))
    assert reply.kind == "error" and why in reply.fallback_text() and "Nothing was sent" in reply.fallback_text()
    found = await bot.store.reviewer_request("bootcamp", request_id)
    assert found.feedback is None and found.replied_at is None
    assert (await ask(bot, f"/queue reply {request_id}", text="x" * 4000, **who("rita"))).kind == "info"


async def test_claims_on_a_claimed_or_closed_request_and_replies_by_others_change_nothing(bot):
    request_id = await reviewed_and_asked(bot)
    await ask(bot, f"/queue claim {request_id}", **who("rita"))
    late = await ask(bot, f"/queue claim {request_id}", **who("ravi"))
    assert late.title == "Another reviewer got there first"
    not_yours = await ask(bot, f"/queue reply {request_id} Looks good", **who("ravi"))
    assert not_yours.title == "That request isn't yours"
    assert (await ask(bot, f"/queue release {request_id}", **who("ravi"))).title == "That request isn't yours"
    await ask(bot, "/my-request close", **who())
    closed = await ask(bot, f"/queue claim {request_id}", **who("ravi"))
    assert closed.title == "That request is closed" and "Nothing was changed" in closed.fallback_text()
    found = await bot.store.reviewer_request("bootcamp", request_id)
    assert found.claimed_by == "rita" and found.feedback is None


async def test_a_reviewer_who_lost_the_role_can_no_longer_claim_or_reply(bot):
    await name_reviewers(bot.store, "rita", roles=("reviewers-role",))
    bot._settings.forget()  # drop every kept setting
    request_id = await reviewed_and_asked(bot)
    assert (await ask(bot, f"/queue claim {request_id}", **who("rolf", roles=("reviewers-role",)))).kind == "info"
    await name_reviewers(bot.store, "rita")  # a moderator took the role off the list
    bot._settings.forget()  # drop every kept setting
    reply = await ask(bot, f"/queue reply {request_id} Nice", **who("rolf", roles=("reviewers-role",)))
    assert reply.kind == "refusal" and "only the reviewers moderators have named" in reply.fallback_text()
    assert (await bot.store.reviewer_request("bootcamp", request_id)).feedback is None


async def test_a_reviewer_cannot_take_their_own_letter(bot):
    review = await ask(bot, "/review ml-engineer", text=LETTER, **who("rita"))
    assert review.buttons[0].command == "/ask-reviewer"
    await ask(bot, "/ask-reviewer", **who("rita"))
    reply = await ask(bot, "/queue claim 1", **who("rita"))
    assert reply.title == "That's your own letter"


async def test_the_member_answers_once_and_only_after_a_reply(bot):
    request_id = await reviewed_and_asked(bot)
    early = await ask(bot, "/my-request answer Thanks", **who())
    assert early.title == "There's no reply to answer yet"
    await ask(bot, f"/queue claim {request_id}", **who("rita"))
    await ask(bot, f"/queue reply {request_id}", text=FEEDBACK, **who("rita"))
    assert (await ask(bot, "/my-request answer @here thanks", **who())).title == "Your answer couldn't be sent"
    assert (await ask(bot, "/my-request answer Thanks", **who())).title == "Your answer is with the reviewer"
    assert (await ask(bot, "/my-request answer And another", **who())).title == "You've already answered"


async def test_members_and_moderators_cannot_open_the_queue(bot):
    await reviewed_and_asked(bot)
    for context in (who("bob"), who("mo", privilege=Privilege.MODERATOR)):
        reply = await ask(bot, "/queue", **context)
        assert reply.kind == "refusal" and MARK not in reply.fallback_text()


async def test_a_note_is_shown_escaped_and_a_mass_mention_in_it_is_refused(bot):
    await ask(bot, "/review ml-engineer", text=LETTER, **who())
    refused = await ask(bot, "/ask-reviewer hey @everyone look", **who())
    assert refused.title == "Your note couldn't be sent" and "wasn't sent either" in refused.fallback_text()
    assert await bot.store.member_request("bootcamp", "ana") is None
    await ask(bot, "/ask-reviewer is my *opening* <@123> ok?", **who())
    shown = await ask(bot, "/queue show 1", **who("rita"))
    # Member text reaches reviewers only as quotes and UserText, which every renderer escapes.
    from bot.reply import Quote
    assert Quote("is my *opening* <@123> ok?") in shown.blocks


# -- the terminal: a member in `shortlist chat`, a reviewer with `shortlist ask` ---------------------------------
def shortlist(*args, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "adapters.cli", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "COLUMNS": "120"}, timeout=90)


async def test_the_terminal_flow_from_review_to_reply(tmp_path):
    db = str(tmp_path / "terminal.db")
    # The terminal's owner (the OS user) is its admin, and names the reviewer.
    named = await asyncio.to_thread(shortlist, "--db", db, "--community", "bootcamp", "ask",
                                    "/mod reviewers add user rita")
    assert "Reviewer user added: rita" in named.stdout, named.stdout + named.stderr
    member = ("--db", db, "--user", "ana", "--community", "bootcamp")
    chat = await asyncio.to_thread(
        shortlist, *member, "chat", stdin=f"/review ml-engineer\n{LETTER}\n.\n/ask-reviewer {NOTE}\n/quit\n")
    assert chat.returncode == 0, chat.stderr
    assert "/ask-reviewer  (Ask a reviewer)" in chat.stdout and "Sent to the reviewers" in chat.stdout
    reviewer = ("--db", db, "--user", "rita", "--community", "bootcamp")
    queue = await asyncio.to_thread(shortlist, *reviewer, "ask", "/queue")
    assert "#1" in queue.stdout and "a member" in queue.stdout and "ana" not in queue.stdout
    claimed = await asyncio.to_thread(shortlist, *reviewer, "ask", "/queue claim 1")
    assert "You've claimed request #1" in claimed.stdout and MARK in claimed.stdout
    replied = await asyncio.to_thread(shortlist, *reviewer, "chat", stdin=f"/queue reply 1\n{FEEDBACK}\n.\n/quit\n")
    assert "your feedback for the member" in replied.stdout and "on its way to the member" in replied.stdout
    history = await asyncio.to_thread(shortlist, *member, "ask", "/history")
    assert "Lead with the fraud model" in history.stdout
    closed = await asyncio.to_thread(shortlist, *member, "ask", "/my-request close")
    assert closed.returncode == 0 and "Your request is closed" in closed.stdout
    store = await Store.open(db)
    try:
        assert MARK not in await every_value(store) and "fraud model's" not in await every_value(store)
    finally:
        await store.close()


# -- moderators: who reviews, where requests go, when they close; the queue's health in /mod stats -----------
MOD = {"privilege": Privilege.MODERATOR}


async def test_moderators_name_reviewers_the_channel_and_the_expiry(library, tmp_path):
    store = await Store.open(tmp_path / "mod.db")
    try:
        core = Shortlist(library, store)
        assert (await ask(core, "/queue", **who("rita"))).kind == "refusal"
        added = await ask(core, "/mod reviewers add user rita", **who("mo", **MOD))
        assert added.title == "Reviewer user added: rita" and "/queue" in added.fallback_text()
        await ask(core, "/mod reviewers add role 555", **who("mo", **MOD))
        assert (await ask(core, "/queue", **who("rita"))).title == "Letters waiting for a reviewer"
        assert (await ask(core, "/queue", **who("rolf", roles=("555",)))).title == "Letters waiting for a reviewer"
        here = await ask(core, "/mod reviewers channel here", **who("mo", **MOD, channel_id="C-reviewers"))
        assert "only reviewers can read" in here.fallback_text()
        assert (await ask(core, "/mod reviewers expiry 3", **who("mo", **MOD))).title == (
            "Requests now close after 3 days without a step")
        settings = await store.settings("bootcamp")
        assert (settings.reviewer_users, settings.reviewer_roles) == ({"rita"}, {"555"})
        assert (settings.reviewer_channel, settings.reviewer_expiry_days) == ("C-reviewers", 3)
        shown = (await ask(core, "/mod reviewers", **who("mo", **MOD))).fallback_text()
        assert "user `rita`" in shown and "role `555`" in shown and "#C-reviewers" in shown and "3 days" in shown
        assert "Reviewers: 1 role, 1 user" in (await ask(core, "/mod settings", **who("mo", **MOD))).fallback_text()
        actions = [e.action for e in await store.audit_log("bootcamp")]
        assert actions[:4] == ["reviewers: expiry", "reviewers: channel", "reviewers: add role", "reviewers: add user"]
    finally:
        await store.close()


@pytest.mark.parametrize("line, why", [
    ("/mod reviewers expiry 0", "from 1 to 90"),
    ("/mod reviewers expiry 91", "from 1 to 90"),
    ("/mod reviewers expiry soon", "from 1 to 90"),
    ("/mod reviewers add friend rita", "Nothing was changed"),
    ("/mod reviewers add user ri/ta", "Nothing was changed"),
    ("/mod reviewers channel #general!", "Nothing was changed"),
    ("/mod reviewers channel", "Say where"),
])
async def test_bad_reviewer_settings_change_nothing(bot, line, why):
    before = await bot.store.settings("bootcamp")
    reply = await ask(bot, line, **who("mo", **MOD))
    assert reply.kind == "error" and why in reply.fallback_text()
    assert await bot.store.settings("bootcamp") == before


async def test_members_cannot_name_reviewers(bot):
    reply = await ask(bot, "/mod reviewers add user ana", **who())
    assert reply.kind == "refusal" and "ana" not in (await bot.store.settings("bootcamp")).reviewer_users


async def test_removing_a_reviewer_gives_their_claim_back_and_refuses_them(bot):
    request_id = await reviewed_and_asked(bot)
    await ask(bot, f"/queue claim {request_id}", **who("rita"))
    removed = await ask(bot, "/mod reviewers remove user rita", **who("mo", **MOD))
    assert "1 request they had claimed went back to the queue" in removed.fallback_text()
    bot._settings.forget()  # drop every kept setting
    assert (await ask(bot, f"/queue reply {request_id} Nice", **who("rita"))).kind == "refusal"
    claimed = await ask(bot, f"/queue claim {request_id}", **who("ravi"))
    assert claimed.title == f"You've claimed request #{request_id}"


async def test_mod_stats_show_the_queues_health_in_counts_only(bot):
    request_id = await reviewed_and_asked(bot, NOTE)
    await ask(bot, f"/queue claim {request_id}", **who("rita"))
    await ask(bot, f"/queue reply {request_id}", text=FEEDBACK, **who("rita"))
    await ask(bot, "/review ml-engineer", text=LETTER, **who("bo"))
    await ask(bot, "/ask-reviewer", **who("bo"))
    stats = await ask(bot, "/mod stats", **who("mo", **MOD))
    text = stats.fallback_text()
    assert "Reviewer queue" in text
    for figure in ("Requests: 2", "Still open: 2", "Answered: 1 (50%)", "Closed unanswered: 0",
                   "Median time to first reply: under an hour", "Reviewers who replied: 1"):
        assert figure in text, figure
    for private in (MARK, "teaching", "fraud model", "ana", "rita", "bo ", "`bo`"):
        assert private not in text, private


async def test_history_export_shows_the_request_and_its_text_only_while_open(bot):
    await reviewed_and_asked(bot, NOTE)
    [kept] = (await ask(bot, "/history export", **who())).data["reviewer_requests"]
    assert MARK in kept["letter"] and kept["note"] == NOTE and kept["anonymous"] is True
    await ask(bot, "/my-request close", **who())
    [closed] = (await ask(bot, "/history export", **who())).data["reviewer_requests"]
    assert (closed["letter"], closed["note"], closed["close_reason"]) == (None, None, "member")


async def test_export_carries_the_reviewers_and_an_older_file_keeps_them(bot):
    mod = who("mo", **MOD)
    await ask(bot, "/mod reviewers channel C-rev", **mod)
    exported = await ask(bot, "/mod export", **mod)
    assert exported.data["reviewers"] == {"roles": [], "users": ["ravi", "rita"], "channel": "C-rev",
                                          "expiry_days": 7}
    document = next(b.text for b in exported.blocks if type(b).__name__ == "Quote")
    other = {**mod, "community_id": "other"}
    preview = await ask(bot, "/mod import", text=document, **other)
    await ask(bot, next(b.command for b in preview.buttons if "import-confirm" in b.command), **other)
    moved = await bot.store.settings("other")
    assert (moved.reviewer_users, moved.reviewer_channel) == ({"rita", "ravi"}, "C-rev")
    # A file exported before the reviewer queue existed leaves this community's reviewers as they are.
    preview = await ask(bot, "/mod import", text="retention_days: 30\n", **mod)
    await ask(bot, next(b.command for b in preview.buttons if "import-confirm" in b.command), **mod)
    kept = await bot.store.settings("bootcamp")
    assert kept.retention_days == 30 and kept.reviewer_users == {"rita", "ravi"} and kept.reviewer_channel == "C-rev"


async def test_erasing_the_community_deletes_the_queue_and_its_letters(bot):
    await reviewed_and_asked(bot, NOTE)
    admin = who("boss", privilege=Privilege.ADMIN)
    question = await ask(bot, "/mod erase", **admin)
    done = (await ask(bot, question.buttons[0].command, **admin)).fallback_text()
    assert "1 request for a reviewer" in done and "2 reviewer listings" in done
    assert MARK not in await every_value(bot.store) and "teaching" not in await every_value(bot.store)
    assert not (await bot.store.settings("bootcamp")).has_reviewers


async def test_a_replied_request_that_goes_quiet_closes_with_the_right_words(bot):
    request_id = await reviewed_and_asked(bot)
    await ask(bot, f"/queue claim {request_id}", **who("rita"))
    await ask(bot, f"/queue reply {request_id}", text=FEEDBACK, **who("rita"))
    await ask(bot, "/history", **who())  # the feedback, received
    await bot.store.expire_reviewer_requests(utcnow() + dt.timedelta(days=8))
    told = (await ask(bot, "/history", **who())).fallback_text()
    assert "A reviewer had replied, and their feedback was sent to you" in told
    assert "no reviewer could take it" not in told
    assert "fraud model" not in await every_value(bot.store)


async def test_a_reply_to_an_unclaimed_request_is_told_to_claim_it_not_that_it_is_someone_elses(bot):
    """Trial 17 F56: `/queue reply 1 ...` on an unclaimed request was headed "That request isn't yours"."""
    request_id = await reviewed_and_asked(bot)
    early = await ask(bot, f"/queue reply {request_id} Looks good", **who("rita"))
    assert early.title == "Claim it first" and f"/queue claim {request_id}" in early.fallback_text()
    assert "Nothing was changed" in early.fallback_text()
    assert (await bot.store.reviewer_request("bootcamp", request_id)).replied_at is None
