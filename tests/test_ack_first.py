"""The garbage collector held off while requests are being acknowledged (adapters/ack_first.py)."""
from __future__ import annotations

import asyncio
import gc

import pytest

from adapters.ack_first import COLLECTOR, AckFirst, Collector


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_held_while_any_request_is_acknowledged_then_let_go():
    async def run():
        first, second = AckFirst(), AckFirst()  # two platforms' bridges in one process share the collector
        with first.acknowledging():
            assert not gc.isenabled()
            with second.acknowledging():
                assert not gc.isenabled()
            assert not gc.isenabled()  # the first request is still being acknowledged
        assert gc.isenabled()
        assert COLLECTOR.acking == 0 and not COLLECTOR.holding
    asyncio.run(run())


def test_let_go_when_the_acknowledgement_fails():
    async def run():
        acks = AckFirst()
        with pytest.raises(RuntimeError), acks.acknowledging():
            raise RuntimeError("the platform refused the response")
        assert gc.isenabled() and acks.acking == 0
    asyncio.run(run())


def test_never_held_longer_than_its_limit_in_one_stretch():
    async def run():
        collector = Collector(longest=0.05)
        collector.hold()
        assert not gc.isenabled()
        await asyncio.sleep(0.1)  # a steady stream: acknowledgements never pause
        assert gc.isenabled()
        collector.hold()  # more requests in the same stretch: the collector runs as usual
        assert gc.isenabled()
        collector.release()
        collector.release()  # the stretch ends; the next one holds it again
        collector.hold()
        assert not gc.isenabled()
        collector.release()
        assert gc.isenabled()
    asyncio.run(run())


def test_leaves_a_collector_someone_else_turned_off():
    async def run():
        gc.disable()  # as a one-shot command runs
        with AckFirst().acknowledging():
            pass
        assert not gc.isenabled()
    asyncio.run(run())
