"""Many processes on one PostgreSQL database: real `shortlist run` processes, each its own pool.

Two Slack HTTP workers (as behind a load balancer) share one database; what they could race on is
decided there. Also: a Discord process running one group of shards.
"""
from __future__ import annotations

import asyncio
import contextlib
import socket
import tempfile
from dataclasses import replace
from pathlib import Path

import aiohttp
import pytest

from storage import PostgresStore

from .conftest import LETTERS
from .fakes import shortlist_run, until
from .fakes.discord_api import FakeDiscord
from .fakes.slack_api import ADMIN, TEAM, FakeSlack, command, form, interactive, message_shortcut, sign

LETTER = (LETTERS / "26-general-strong.txt").read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Workers:
    """Slack HTTP workers: deliver a signed request to worker ``n``, as a load balancer would."""

    def __init__(self, fake: FakeSlack, urls: list[str], session: aiohttp.ClientSession):
        self.fake, self.urls, self.session = fake, urls, session

    async def deliver(self, n: int, kind: str, payload: dict, retry: int | None = None) -> int:
        body = form(payload) if kind == "command" else interactive(payload)
        headers = sign(body)
        if retry:
            headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
        async with self.session.post(self.urls[n], data=body.encode(), headers=headers) as response:
            self.fake.record_ack(payload, await response.text())  # an answer may ride in the ack
            return response.status

    async def ask(self, n: int, kind: str, make_payload) -> str:
        """Deliver to worker ``n`` and wait for the answer at this request's own response_url."""
        url = self.fake.response_url()
        await self.deliver(n, kind, make_payload(url))
        path = url.split(str(self.fake.port))[1]
        assert await until(lambda: any(a.path == path for a in self.fake.answers), 30)
        return next(a.text for a in self.fake.answers if a.path == path)


@contextlib.asynccontextmanager
async def slack_workers(database: str, count: int = 2):
    fake = FakeSlack()
    base = await fake.start()
    ports = [free_port() for _ in range(count)]
    # A retry check that never gives up while the test runs: whether a retry is answered once must not
    # depend on how busy the machine is (the production wait falls back to answering after 2 s).
    env = dict(SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET="test-signing-secret", SHORTLIST_SLACK_API=base,
               SHORTLIST_DB=database, SHORTLIST_SLACK_CLAIM_WAIT="30")
    try:
        async with contextlib.AsyncExitStack() as stack:
            for port in ports:
                await stack.enter_async_context(shortlist_run("--slack", "--port", str(port), **env))
            for port in ports:
                assert await until(lambda p=port: _listening(p), 30), f"worker on port {port} never listened"
            async with aiohttp.ClientSession() as session:
                yield Workers(fake, [f"http://127.0.0.1:{p}/slack/events" for p in ports], session)
    finally:
        await fake.stop()


def _listening(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
        return True
    return False


async def test_a_retry_sent_to_each_worker_is_answered_once(postgres_url):
    async with slack_workers(postgres_url) as workers:
        for _ in range(5):
            payload = command("/faq", "how long should it be", workers.fake.response_url())
            statuses = await asyncio.gather(workers.deliver(0, "command", payload),
                                            workers.deliver(1, "command", payload, retry=1))
            assert statuses == [200, 200]
            path = payload["response_url"].split(str(workers.fake.port))[1]
            assert await until(lambda p=path: any(a.path == p for a in workers.fake.answers), 30)
        await asyncio.sleep(1)  # and no second answer arrives late
        assert len(workers.fake.answers) == 5


async def test_200_reviews_across_two_workers_keep_a_cooldown_of_5_per_member(postgres_url):
    store = await PostgresStore.open(postgres_url)
    settings = await store.settings(TEAM)
    await store.save_settings(replace(settings, cooldown=(5, 86400)), actor="test", action="review cooldown",
                              before=None, after="5 a day")
    members = [f"U0M{n:03d}" for n in range(20)]
    async with slack_workers(postgres_url) as workers:
        answers = await asyncio.gather(*(
            workers.ask(n % 2, "interactive", lambda url, m=m: message_shortcut(LETTER, url, user=m))
            for n, m in enumerate(members * 10)))
    reviewed = sum("Your letter, reviewed" in a for a in answers)
    limited = sum("review limit" in a for a in answers)
    assert (reviewed, limited) == (100, 100)
    per_member = dict(await store.query('SELECT "user", COUNT(*) FROM reviews GROUP BY "user"'))
    await store.close()
    assert per_member == {m: 5 for m in members}


async def test_disable_review_in_one_worker_is_refused_in_the_other_at_once(postgres_url):
    async with slack_workers(postgres_url) as workers:
        review = lambda url: message_shortcut(LETTER, url)  # noqa: E731
        assert "Your letter, reviewed" in await workers.ask(1, "interactive", review)  # settings cached in 1
        done = await workers.ask(0, "command", lambda url: command("/shortlist", "mod disable review", url,
                                                                      user=ADMIN))
        assert "off in the whole community" in done
        # Worker 1 cached its settings moments ago, for 5 seconds: only PostgreSQL's notification can
        # have told it so soon.
        assert "switched off" in await workers.ask(1, "interactive", review)


async def test_a_discord_process_runs_its_group_of_shards(tmp_path):
    fake = FakeDiscord()
    base = await fake.start()
    try:
        async with shortlist_run("--discord", "--shards", "0-3", "--shard-count", "16", DISCORD_TOKEN="test-token",
                                 SHORTLIST_DISCORD_API=base, SHORTLIST_DB=str(tmp_path / "run.db")):
            assert await until(lambda: len(fake.identified) >= 4, 60)
            assert sorted(i["shard"] for i in fake.identified) == [[0, 16], [1, 16], [2, 16], [3, 16]]
    finally:
        await fake.stop()


@pytest.fixture
def own_postgres():
    """A PostgreSQL server of this test's own, to stop and start again."""
    import pgserver
    folder = Path(tempfile.mkdtemp(prefix="shortlist-pg-restart-"))
    server = pgserver.get_server(folder / "data", cleanup_mode="delete")
    yield server
    server.cleanup()
    import shutil
    shutil.rmtree(folder, ignore_errors=True)


def _stop_abruptly(server) -> None:
    """Immediate shutdown: no checkpoint, connections cut, crash recovery at the next start."""
    from pgserver._commands import pg_ctl
    pg_ctl(["-w", "-m", "immediate", "stop"], pgdata=server.pgdata, user=server.system_user)


async def test_postgres_killed_and_restarted_while_two_workers_serve(own_postgres):
    url = own_postgres.get_uri()
    members = [f"U0K{n:02d}" for n in range(10)]
    async with slack_workers(url) as workers:
        answered = await asyncio.gather(*(workers.ask(n % 2, "interactive",
                                                      lambda u, m=m: message_shortcut(LETTER, u, user=m))
                                          for n, m in enumerate(members)))
        assert all("Your letter, reviewed" in a for a in answered)  # acknowledged: answered and recorded

        await asyncio.to_thread(_stop_abruptly, own_postgres)
        history = lambda u: command("/shortlist", "history", u, user=members[0])  # noqa: E731  needs the database
        away = await asyncio.gather(*(workers.ask(n, "command", history) for n in (0, 1)))
        for text in away:
            assert "try again shortly" in text and "Traceback" not in text, text

        await asyncio.to_thread(own_postgres.ensure_postgres_running)
        back = []
        for n in (0, 1, 0, 1, 0, 1):  # both workers recover on their own, without a restart
            back.append(await workers.ask(n, "command", history))
            if len(back) >= 2 and all("Your review history" in b for b in back[-2:]):
                break
        assert all("Your review history" in b for b in back[-2:]), back
    store = await PostgresStore.open(url)
    try:
        stored = {u for u, in await store.query('SELECT "user" FROM reviews')}
        assert stored == set(members)  # every acknowledged write survived the crash
    finally:
        await store.close()
