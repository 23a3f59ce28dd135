"""A bot says it is ready (systemd's notify protocol) once it has warmed up and its review workers have started, and
the latency benches wait for that word before they time it."""
from __future__ import annotations

import asyncio
import socket

from adapters.ready import notify, warm_up
from bench.common import ReadyNotice
from bot.core import Shortlist
from bot.review_runner import ReviewWorkers


def test_without_a_service_manager_nothing_is_sent(monkeypatch):
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert notify("READY=1") is False


def test_a_socket_in_the_abstract_namespace_is_reached(monkeypatch):
    name = f"shortlist-test-{id(monkeypatch)}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as manager:
        manager.bind("\0" + name)
        monkeypatch.setenv("NOTIFY_SOCKET", "@" + name)
        assert notify("READY=1") is True
        assert manager.recv(100) == b"READY=1"


def test_a_manager_gone_is_logged_not_raised(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("NOTIFY_SOCKET", str(tmp_path / "nobody"))
    assert notify("READY=1") is False
    assert "NOTIFY_SOCKET" in caplog.text


async def test_ready_is_said_once_the_review_workers_have_started(library, tmp_path, monkeypatch):
    notice = ReadyNotice(tmp_path)
    monkeypatch.setenv("NOTIFY_SOCKET", notice.env()["NOTIFY_SOCKET"])
    core = Shortlist(library)
    core.reviews = workers = ReviewWorkers(1)
    heard = asyncio.ensure_future(notice.wait(120))
    try:
        assert not workers.ready
        await warm_up(core)
        assert workers.ready  # before the word went out
        assert await asyncio.wait_for(heard, 5) is True
    finally:
        await workers.stop()
        notice.close()


async def test_the_bench_goes_on_when_no_word_comes(tmp_path, capsys):
    notice = ReadyNotice(tmp_path)
    assert await notice.wait(0.05) is False
    assert "did not say it was ready" in capsys.readouterr().err
