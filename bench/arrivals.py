"""When a request's bytes reached a test double's socket, by the kernel's clock, not the double's.

A double is one process, one event loop: it reads a request off its socket only once it has handled those
before it (a fifth to a third of a millisecond each, in aiohttp and the double's own code). Stamped when the
double's loop reads them, the last of a burst of 200 responses arriving together waited behind the double's
handling of the others, a wait that is the double's, not the bot's: Discord and Slack take requests in
parallel. The kernel notes when each packet arrives (``SO_TIMESTAMPNS``, Linux); a socket of ``Listener``
reads that note with every ``recv`` asyncio makes, and the double's handler takes it as the request's
arrival. Elsewhere, and for a read that carries no note, the double's own clock stands in, as before."""
from __future__ import annotations

import socket
import struct
import sys
import time
import weakref

# SO_TIMESTAMPNS (SCM_TIMESTAMPNS): a struct timespec of the wall clock with each read; Python 3.11's socket module
# doesn't name it.
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35) if sys.platform == "linux" else None
_NOTE = socket.CMSG_SPACE(16) if SO_TIMESTAMPNS is not None else 0
_TIMESPEC = struct.Struct("@qq")


class StampedSocket(socket.socket):
    """An accepted connection noting when the bytes its last ``recv`` returned reached the machine
    (``arrived``, on ``time.perf_counter``'s clock, which the bot's and the bench's stamps share)."""

    arrived: float | None = None

    def recv(self, size: int, flags: int = 0) -> bytes:
        data, notes, _, _ = self.recvmsg(size, _NOTE, flags)
        self.arrived = None
        for level, kind, note in notes:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(note) >= _TIMESPEC.size:
                seconds, nanoseconds = _TIMESPEC.unpack_from(note)
                wall_ahead = time.time_ns() - time.perf_counter_ns()  # the wall clock's lead, now
                self.arrived = (seconds * 1_000_000_000 + nanoseconds - wall_ahead) / 1e9
        return data


class Listener(socket.socket):
    """A listening socket whose accepted connections are ``StampedSocket``s, found by file descriptor
    (``stamped``) while open. Hand it to ``loop.create_server(sock=...)``."""

    def __init__(self) -> None:
        super().__init__(socket.AF_INET, socket.SOCK_STREAM)
        self.accepted: weakref.WeakValueDictionary[int, StampedSocket] = weakref.WeakValueDictionary()

    def accept(self) -> tuple[socket.socket, object]:
        fd, address = self._accept()  # type: ignore[attr-defined]
        connection = StampedSocket(self.family, self.type, self.proto, fileno=fd)
        if SO_TIMESTAMPNS is not None:
            connection.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        self.accepted[fd] = connection
        return connection, address

    def stamped(self, transport: object) -> StampedSocket | None:
        """The connection under an asyncio transport, if this listener accepted it."""
        sock = getattr(transport, "get_extra_info", lambda _: None)("socket")
        return self.accepted.get(sock.fileno()) if sock is not None else None


def listening(host: str = "127.0.0.1") -> Listener:
    """A ``Listener`` bound to a free port on ``host``."""
    listener = Listener()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, 0))
    listener.listen(1024)
    listener.setblocking(False)
    return listener
