"""Issue 11, nothing acknowledged is lost on Slack: answers ride in the acknowledgement, and a retry
check that can't be made (the database locked) never silences an answer. The real bolt app, over
signed HTTP and Socket Mode, on a real SQLite file."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3

import pytest

from adapters.slack.render import letter_modal
from bot import review_records, review_runner
from bot.advert import intake as advert_intake
from bot.review import report
from bot.review_runner import ReviewWorkers

from .conftest import LETTERS
from .fakes import until
from .fakes.slack_api import command, view_submission
from .fakes.slack_harness import slack_harness

LETTER = (LETTERS / "05-framework-list.txt").read_text(encoding="utf-8")


@pytest.fixture(params=["http", "socket"])
async def locked(request, library, tmp_path):
    """A harness whose database another program holds locked (a short busy timeout keeps the test quick)."""
    harness, close = await slack_harness(request.param, library, tmp_path, busy_timeout_ms=200)
    other = sqlite3.connect(harness.store.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    yield harness
    other.execute("ROLLBACK")
    other.close()
    await close()


async def test_a_locked_database_does_not_silence_slash_commands(locked, caplog):
    caplog.set_level(logging.INFO)
    statuses = await asyncio.gather(*(locked.deliver("command", command("/faq", "how long should it be",
                                                                         locked.fake.response_url()))
                                      for _ in range(10)))
    assert statuses == [200] * 10
    await locked.settle(answers=10)
    assert len(locked.fake.answers) == 10
    assert all("400 words" in a.text for a in locked.fake.answers)
    await locked.store.flush()  # the answers didn't wait for their records: let the queue try to write them
    assert "not recorded" in caplog.text  # the database fault is logged, not hidden


async def test_a_retry_whose_check_fails_is_answered_and_logged(locked, caplog):
    payload = command("/faq", "how long should it be", locked.fake.response_url())
    assert await locked.deliver("command", payload, retry=1) == 200
    await locked.settle(answers=1)
    assert "400 words" in locked.fake.answers[0].text
    assert "answering it anyway" in caplog.text


@pytest.fixture(params=["http", "socket"])
async def slack(request, library, tmp_path):
    harness, close = await slack_harness(request.param, library, tmp_path)
    yield harness
    await close()


async def test_review_submissions_are_answered_inside_their_ack(slack):
    """Slack never retries an acknowledged request: an answer owed after the ack dies with the process.
    So the answer must be in the ack itself, before any work that could be lost."""
    view = letter_modal("ml-engineer", {"channel": "C0001", "response_url": slack.fake.response_url()})
    for n in range(40):
        assert await slack.deliver("interactive", view_submission({**view, "id": f"V{n}"}, {"letter": LETTER})) == 200
    # Nothing after the acks: each answer arrived with its own acknowledgement.
    acked = slack.fake.of("ack")
    assert len(acked) == 40
    assert all(a.body["response_action"] == "update" and "Your letter, reviewed" in a.text for a in acked)
    await asyncio.sleep(0.2)
    assert len(slack.fake.answers) == 40  # and nothing is sent twice


@pytest.fixture
async def with_worker(library, tmp_path):
    """The HTTP harness with one review worker, as `shortlist run` serves."""
    harness, close = await slack_harness("http", library, tmp_path)
    harness.app.bridge.core.reviews = ReviewWorkers(1)
    await harness.app.bridge.core.reviews.start(library)
    yield harness
    await harness.app.bridge.core.reviews.stop()
    await close()


async def test_with_a_review_worker_reviews_still_ride_in_their_ack(with_worker, monkeypatch):
    """The review made in a worker process, the event loop free meanwhile, and the answer inside the
    acknowledgement all the same."""
    def not_here(*args):
        raise AssertionError("reviewed in the bot's own process")
    monkeypatch.setattr(review_runner, "_review", not_here)  # this process's copy only, not the worker's
    # Nor is the work around a review done on the event loop: the advert-as-letter check, writing the
    # reply, the letter's fingerprint for its history record (each was, and set the ack's p99 at 50).
    fingerprint = review_records.letter_fingerprint(LETTER)
    for module, name in ((advert_intake, "reads_as_advert"), (report, "review_reply"),
                         (review_records, "letter_fingerprint")):
        monkeypatch.setattr(module, name, not_here)
    view = letter_modal("ml-engineer", {"channel": "C0001", "response_url": with_worker.fake.response_url()})
    for n in range(3):
        assert await with_worker.deliver("interactive", view_submission({**view, "id": f"V{n}"},
                                                                        {"letter": LETTER})) == 200
    acked = with_worker.fake.of("ack")
    assert len(acked) == 3 and all("Your letter, reviewed" in a.text for a in acked)
    await with_worker.store.flush()  # and each review's record was stored, with the worker's fingerprint
    with contextlib.closing(sqlite3.connect(with_worker.store.path)) as db:
        assert [sha for sha, in db.execute("SELECT text_sha256 FROM reviews")] == [fingerprint] * 3


async def test_with_review_workers_a_command_is_not_held_behind_waiting_reviews(with_worker):
    """Reviews waiting for the one worker wait in the core, not in front of it: a /guide asked meanwhile
    still rides in its own ack (with reviews in the bot's thread, two waiting reviews held it back)."""
    core = with_worker.app.bridge.core
    view = letter_modal("ml-engineer", {"channel": "C0001", "response_url": with_worker.fake.response_url()})
    slot = core.reviews.slot()
    async with slot, slot:  # the worker is busy with another review, and one more waits in its socket
        reviews = [asyncio.ensure_future(with_worker.deliver("interactive", view_submission(
            {**view, "id": f"V{n}"}, {"letter": LETTER}))) for n in range(2)]
        while core.reviews.in_flight < 2:  # both have reached the core, and wait for the worker
            await asyncio.sleep(0.01)
        url = with_worker.fake.response_url()
        assert await with_worker.deliver("command", command("/guide", "ml-engineer", url)) == 200
        [guide] = with_worker.fake.answers
        assert guide.method == "ack" and "MLOps depth" in guide.text and not any(r.done() for r in reviews)
    assert await asyncio.gather(*reviews) == [200, 200]


async def test_with_review_workers_a_review_starts_while_others_are_acknowledged(with_worker, monkeypatch):
    """A review in a worker process leaves the event loop free: one that doesn't ride in its ack is sent to
    the worker at once, while other requests are still being acknowledged; only its delivery waits."""
    bridge = with_worker.app.bridge
    bridge.ack_budget, bridge.acks.patience = 0.0, 60.0  # acknowledged empty at once; the delivery waits
    reviews, reviewed = bridge.core.reviews, []

    async def review(*args, **kwargs):
        reviewed.append(await original(*args, **kwargs))
        return reviewed[-1]
    original = reviews.review
    monkeypatch.setattr(reviews, "review", review)
    view = letter_modal("ml-engineer", {"channel": "C0001", "response_url": with_worker.fake.response_url()})
    with bridge.acks.acknowledging():  # another request, being acknowledged
        submitted = view_submission({**view, "id": "V1"}, {"letter": LETTER})
        assert await with_worker.deliver("interactive", submitted) == 200
        assert await until(lambda: reviewed)
        assert not with_worker.fake.answers
    await with_worker.settle(answers=1)
    [answer] = with_worker.fake.answers
    assert answer.method == "response_url" and "Your letter, reviewed" in answer.text


async def test_a_review_behind_another_is_acknowledged_at_once_and_follows(library, tmp_path):
    """A review rides in its ack only when the review slot is free at once: behind another review it
    would hold its ack until the budget ran out (here a minute), so the form closes at once and the
    review follows at the response_url when its turn comes."""
    harness, close = await slack_harness("http", library, tmp_path, ack_budget=60)
    try:
        view = letter_modal("ml-engineer", {"channel": "C0001", "response_url": harness.fake.response_url()})
        async with harness.app.bridge.core.reviews.slot():  # another review holds the slot
            delivery = harness.deliver("interactive", view_submission({**view, "id": "V1"}, {"letter": LETTER}))
            assert await asyncio.wait_for(delivery, 10) == 200  # acknowledged without waiting for the slot
            assert not harness.fake.answers  # an empty ack: the form closes, and nothing is answered yet
        await harness.settle(answers=1)
        [answer] = harness.fake.answers
        assert answer.method == "response_url" and "Your letter, reviewed" in answer.text
    finally:
        await close()


async def test_reviews_arriving_together_ride_in_their_acks_only_as_far_as_the_budget_allows(slack):
    """Each request decides whether its review rides in its ack counting the reviews that the requests
    before it chose to wait for: before, requests arriving together all found no review running (none had
    started yet), all waited, and the last acks went out only when the budget ran out. Reviewed in this
    process's thread, only the first rides; the others are acknowledged at once and answered after."""
    view = letter_modal("ml-engineer", {"channel": "C0001", "response_url": slack.fake.response_url()})
    statuses = await asyncio.gather(*(slack.deliver("interactive", view_submission({**view, "id": f"V{n}"},
                                                                                   {"letter": LETTER}))
                                      for n in range(6)))
    assert statuses == [200] * 6
    await slack.settle(answers=6)
    assert sorted(a.method for a in slack.fake.answers) == ["ack"] + ["response_url"] * 5
    assert all("Your letter, reviewed" in a.text for a in slack.fake.answers)


async def test_answers_after_their_ack_wait_while_other_requests_are_acknowledged(library, tmp_path):
    """Acknowledgements first: a review answered after its ack is sent only once no request is mid-ack
    (or after the bridge's patience), so a burst's last acks don't queue behind earlier answers."""
    harness, close = await slack_harness("http", library, tmp_path)
    try:
        bridge = harness.app.bridge
        bridge.acks.patience = 60.0
        view = letter_modal("ml-engineer", {"channel": "C0001", "response_url": harness.fake.response_url()})
        with bridge.acks.acknowledging():  # another request, being acknowledged
            async with bridge.core.reviews.slot():  # behind another review: acknowledged at once, answered after
                assert await harness.deliver("interactive", view_submission({**view, "id": "V1"},
                                                                            {"letter": LETTER})) == 200
            assert await until(lambda: not bridge.core.reviews.in_flight)  # reviewed, and waiting to be sent
            for _ in range(10):
                await asyncio.sleep(0.01)
            assert not harness.fake.answers
        await harness.settle(answers=1)
        [answer] = harness.fake.answers
        assert answer.method == "response_url" and "Your letter, reviewed" in answer.text
    finally:
        await close()


async def test_in_socket_mode_a_request_counts_as_being_acknowledged_until_its_ack(library, tmp_path, monkeypatch):
    """Socket Mode has no HTTP server to count requests as they arrive: the bridge counts each one from its
    handler until its ack, so answers of earlier requests wait for it there too."""
    harness, close = await slack_harness("socket", library, tmp_path)
    try:
        bridge = harness.app.bridge
        seen, handle = [], bridge.core.handle

        async def counted(request):
            seen.append(bridge.acks.acking)
            return await handle(request)
        monkeypatch.setattr(bridge.core, "handle", counted)
        assert await harness.deliver("command", command("/guide", "ml-engineer", harness.fake.response_url())) == 200
        assert seen == [1] and bridge.acks.acking == 0
    finally:
        await close()


async def test_slash_commands_are_answered_inside_their_ack(slack):
    for line in ("ml-engineer", "mle example", "ml-enginer"):
        assert await slack.deliver("command", command("/guide", line, slack.fake.response_url())) == 200
    assert [a.method for a in slack.fake.answers] == ["ack"] * 3
    assert "Did you mean" in slack.fake.answers[2].text and slack.fake.answers[2].body["response_type"] == "ephemeral"


async def test_work_slower_than_the_budget_is_still_answered(library, tmp_path):
    harness, close = await slack_harness("http", library, tmp_path, ack_budget=0)
    try:
        assert await harness.deliver("command", command("/faq", "how long should it be",
                                                        harness.fake.response_url())) == 200
        await harness.settle(answers=1)
        [answer] = harness.fake.answers
        assert answer.method == "response_url" and "400 words" in answer.text
    finally:
        await close()


@pytest.fixture(params=["http", "socket"])
async def unwritable(request, library, tmp_path):
    """A harness whose database refuses every write with SQLite's own "disk is full" message: another
    connection adds triggers that fail each insert, update and delete (a real disk is never filled)."""
    harness, close = await slack_harness(request.param, library, tmp_path)
    with sqlite3.connect(harness.store.path) as other:
        tables = [t for t, in other.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for n, (table, change) in enumerate((t, c) for t in tables for c in ("INSERT", "UPDATE", "DELETE")):
            other.execute(f"CREATE TRIGGER full_{n} BEFORE {change} ON {table} "
                          "BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END")
    other.close()
    yield harness
    await close()


async def test_a_database_that_cannot_be_written_does_not_silence_slash_commands(unwritable, caplog):
    """Issue 11, item 4: with the disk full, 6 of 6 commands were dropped (bolt: "didn't call ack()")."""
    caplog.set_level(logging.INFO)
    statuses = await asyncio.gather(*(unwritable.deliver("command", command("/faq", "how long should it be",
                                                                            unwritable.fake.response_url()))
                                      for _ in range(6)))
    assert statuses == [200] * 6
    await unwritable.settle(answers=6)
    assert len(unwritable.fake.answers) == 6 and all("400 words" in a.text for a in unwritable.fake.answers)
    await unwritable.store.flush()  # the answers didn't wait for their records: let the queue try to write them
    assert "not recorded" in caplog.text and "disk is full" in caplog.text  # the fault is logged, not hidden


async def test_answers_at_response_urls_share_one_http_session(library, tmp_path):
    """Every answer sent after the ack goes over the bridge's one session, whose kept-alive connections
    serve answer after answer (before, each answer opened a client and a connection of its own)."""
    harness, close = await slack_harness("http", library, tmp_path)
    try:
        for n in range(10):
            view = letter_modal("ml-engineer", {"channel": "C0001", "response_url": harness.fake.response_url()})
            async with harness.app.bridge.core.reviews.slot():  # behind another review: answered after the ack
                assert await harness.deliver("interactive", view_submission({**view, "id": f"V{n}"},
                                                                            {"letter": LETTER})) == 200
            await harness.settle(answers=n + 1)
        sent = harness.fake.of("response_url")
    finally:
        await close()
    assert len(sent) >= 3 and len({call.connection for call in sent}) == 1
