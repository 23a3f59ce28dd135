"""bench.arrivals: a test double's connection tells when bytes reached the machine, not when its busy event loop
got round to reading them (the Discord rows' clock stops there, so the double's own work isn't the bot's)."""
from __future__ import annotations

import asyncio
import socket
import sys
import time

import pytest

from bench.arrivals import listening


@pytest.mark.skipif(sys.platform != "linux", reason="the kernel's receive time (SO_TIMESTAMPNS) is Linux's")
async def test_arrival_is_when_the_bytes_came_not_when_the_loop_read_them():
    loop = asyncio.get_running_loop()
    listener = listening()
    read: asyncio.Future[tuple[float | None, float, bytes]] = loop.create_future()

    class Double(asyncio.Protocol):
        def connection_made(self, transport):
            self.sock = listener.stamped(transport)

        def data_received(self, data):
            read.set_result((self.sock.arrived, time.perf_counter(), data))

    server = await loop.create_server(Double, sock=listener)
    try:
        with socket.create_connection(listener.getsockname()) as client:
            await asyncio.sleep(0.05)  # the double accepts the connection
            sent = time.perf_counter()
            client.sendall(b"POST /callback HTTP/1.1\r\n\r\n")
            time.sleep(0.2)  # the double's loop is busy (this test holds it) while the bytes wait in its socket
            arrived, seen, data = await read
    finally:
        server.close()
    assert data.startswith(b"POST /callback")
    assert seen - sent >= 0.2  # the loop read them after its busy spell
    assert arrived is not None and sent - 0.001 <= arrived < sent + 0.05  # they came at once


async def test_a_connection_it_did_not_accept_has_no_stamps():
    listener = listening()
    try:
        assert listener.stamped(object()) is None  # no transport: nothing to look up
    finally:
        listener.close()


@pytest.mark.skipif(sys.platform != "linux", reason="the kernel's receive time (SO_TIMESTAMPNS) is Linux's")
async def test_the_slack_double_notes_when_an_answer_came_and_the_delivery_row_uses_it():
    """bench.slack's double: an answer posted to a response_url while the double's loop is busy is timed by its
    arrival, and the row reports the double's own (later) clock beside it; a second answer on the same kept-alive
    connection gets its own stamp."""
    from urllib.parse import urlsplit

    from bench import slack
    fake = slack.StampedSlack()
    await fake.start()
    places = [fake.response_url(), fake.response_url()]
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", fake.port)
        await asyncio.sleep(0.05)  # the double accepts the connection
        times = []
        for place in places:
            body = b'{"text": "your review"}'
            sent = time.perf_counter()
            writer.write(f"POST {urlsplit(place).path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         f"Content-Length: {len(body)}\r\n\r\n".encode() + body)  # written to the socket at once
            time.sleep(0.2)  # the double's loop is busy (this test holds it)
            times.append(sent)
            assert (await reader.readuntil(b"ok")).startswith(b"HTTP/1.1 200")
        writer.close()
        slack.BY_THE_DOUBLE.clear()
        row = slack._delivery_row(fake, places, [(0.0, sent) for sent in times], 50)
    finally:
        await fake.stop()
    calls = fake.of("response_url")
    for call, sent in zip(calls, times, strict=True):
        assert sent - 0.001 <= fake.arrived[id(call)] < sent + 0.05 and call.at - sent >= 0.2
    assert float(row[2]) < 50 and slack.BY_THE_DOUBLE[row[0]][1] >= 200  # the row's clock is the kernel's
