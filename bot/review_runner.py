"""Where a review runs: in a worker thread of this process, or in worker processes.

A review is milliseconds of pure CPU work. In a thread it holds the interpreter for all of them, and the
event loop that acknowledges every other member's request stalls meanwhile. A bot serving many members
(`shortlist run`) therefore reviews in worker processes, each with the shipped guides loaded and its
patterns compiled at start; the one-shot terminal commands review in a thread (nothing to start).

A worker is sent only what the review needs (the letter, the guide's id, the community's own guides as
their stored YAML, the advert's text) and returns the result, plain data, over a socket: a length, then
a pickle. The event loop reads the answers itself; no thread of the bot's takes part (concurrent.futures'
process pool wakes a manager thread for every review, and that thread takes the interpreter from the
event loop: profiled under the Slack bench, submitting a review cost the loop more than the review).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import sys
import time
from collections import deque
from typing import TYPE_CHECKING, Any

from .errors import ServiceUnavailable
from .review_worker import Refusal, Reported, ReviewJob, serve
from .review_worker import run as _review  # this process's copy, for a review in a thread

if TYPE_CHECKING:
    from .guides import Guide, GuideLibrary
    from .review.engine import ReviewResult
    from .review_frame import Frame

__all__ = ["WORKER_DIED", "Refusal", "Reported", "ReviewJob", "ReviewWorkers", "Reviews", "serve"]
log = logging.getLogger("shortlist")
TYPICAL_SECONDS = 0.005  # a review's time before any has been timed (a 400-word letter takes a few ms)
WORKER_DIED = ("The review stopped unexpectedly twice, so I've given up on this one rather than keep you "
               "waiting. Nothing of your letter was kept. Please try again in a moment; if it happens again, "
               "tell a moderator.")


class Reviews:
    """Reviews in a worker thread, one at a time (more would only queue for the interpreter). ``slot()`` is
    held around each one; ``rides_in_ack`` says whether a review asked for now would be back within a
    platform's acknowledgement budget."""

    workers = 1
    depth = 1  # reviews each worker holds at once
    in_process = True
    inline = False  # a shared file is read in a thread too (bot/review_inline.py reads it at once)

    def __init__(self) -> None:
        self._slot: tuple[asyncio.AbstractEventLoop, asyncio.Semaphore] | None = None
        self.in_flight = 0  # reviews asked for and not yet back, and those a request waits for (``waits_for``)
        self._awaited: set[asyncio.Future[Any]] = set()  # tasks whose review is counted from before it starts
        self.typical = TYPICAL_SECONDS  # a moving average of a review's time

    def slot(self) -> asyncio.Semaphore:
        """Held around each review: at most ``depth`` for each of the ``workers`` at a time."""
        loop = asyncio.get_running_loop()
        if self._slot is None or self._slot[0] is not loop:
            self._slot = (loop, asyncio.Semaphore(self.workers * self.depth))
        return self._slot[1]

    def rides_in_ack(self, budget: float) -> bool:
        """In a thread, a review shares the interpreter with the event loop: only one that starts at once
        may hold an ack (behind others it would hold it past the budget, and stall everyone's)."""
        return not self.in_flight and not self.slot().locked()

    def waits_for(self, task: asyncio.Future[Any]) -> None:
        """Count the review ``task`` will ask for as in flight from now until the task ends: a request that
        chose to wait for its review (``rides_in_ack``) is counted before its review starts, so that the
        requests arriving with it don't all find the queue empty."""
        self.in_flight += 1
        self._awaited.add(task)
        task.add_done_callback(self._awaited_done)

    def _awaited_done(self, task: asyncio.Future[Any]) -> None:
        self._awaited.discard(task)
        self.in_flight -= 1

    async def review(self, text: str, guide: Guide, library: GuideLibrary, advert: str | None,
                     screen: bool = False, region: str | None = None, alone: bool = False, report: bool = False,
                     note: str | None = None, frame: Frame | None = None,
                     draw: str | None = None) -> ReviewResult | Reported | Refusal:
        """The letter reviewed against ``guide`` of ``library``; with ``screen``, first checked to be a letter
        at all (and, given ``alone``, not the job advert), and the refusal returned when it isn't; with
        ``report``, the review's reply too (``note``: why the advert given wasn't used; ``frame``: what it says
        around the review; ``draw``: the platform's drawer, run on it where the review runs)."""
        counted = asyncio.current_task() in self._awaited  # already, by ``waits_for``
        self.in_flight += not counted
        try:
            async with self.slot():
                job = ReviewJob(text, guide.id, library.layers, advert, screen, region, alone, report, note, frame,
                                draw)
                result, seconds = await self._run(job, library)
                self.typical += (seconds - self.typical) / 8
                return result
        finally:
            self.in_flight -= not counted

    async def _run(self, job: ReviewJob, library: GuideLibrary) -> tuple[ReviewResult | Reported | Refusal, float]:
        """The review, and the seconds it took."""
        started = time.perf_counter()
        return await asyncio.to_thread(_review, library, job), time.perf_counter() - started

    async def start(self, library: GuideLibrary) -> None:
        """Nothing to start for a thread."""

    async def stop(self) -> None:
        """Nothing to stop for a thread."""


class ReviewWorkers(Reviews):
    """Reviews in ``workers`` processes, one review at a time each, and the next one already waiting in its
    socket (``depth``), so a worker starts it the moment it has answered, not once the event loop, busy
    acknowledging and delivering, gets round to sending it. A worker that dies loses no review: a fresh one
    takes its place and the review it was working on is sent again once (a letter that the fresh worker
    dies on too gets a kind refusal); the one waiting behind it never started, and is simply sent again."""

    depth = 2
    in_process = False
    # What a worker process runs: the bot's own interpreter, with the socket's file descriptor.
    program = "import sys; from bot.review_worker import serve; serve(int(sys.argv[1]))"

    def __init__(self, workers: int) -> None:
        super().__init__()
        self.workers = max(1, workers)
        self._library: bytes | None = None  # the shipped guides, as each new worker is sent them
        self._live: list[_Worker] = []  # started, and not known to have died
        self._starting = asyncio.Lock()  # a fresh worker, for those that died
        self._all: set[_Worker] = set()
        self._ready = False  # the first workers have started: until then, reviews run in a thread
        self._closed = False
        # Reviews in this process's thread (before the workers are ready, or after a stop) go one at a time, as
        # ``Reviews`` runs them: each holds the interpreter, and ``workers * depth`` threads at once left the event
        # loop a share of it too small to acknowledge anyone (a burst at start-up, 4 threads: acks at 50
        # concurrent went to 1 s p99).
        self._here = asyncio.Semaphore(1)

    async def start(self, library: GuideLibrary) -> None:
        """Start the workers and wait until each has loaded the guides and compiled the patterns. Without
        any, the bot still reviews, in a thread as at the terminal."""
        import pickle  # here, not at import: `shortlist ask /help` starts without it
        self._library = await asyncio.to_thread(pickle.dumps, library, pickle.HIGHEST_PROTOCOL)
        try:
            self._live += await asyncio.gather(*(self._spawn() for _ in range(self.workers)))
            self._ready = True
        except Exception as exc:
            if self._closed:  # the bot stopped while they started (a refused token, Ctrl-C): nothing went wrong
                return
            log.warning("review workers could not start (%s); reviewing in the bot's own process", exc)
            await self.stop()

    def rides_in_ack(self, budget: float) -> bool:
        """A worker leaves the event loop free: a review rides in its ack when the reviews ahead of it and
        its own are expected back within the budget. Reviewed here instead (no worker ready), as ``Reviews``."""
        if not self.ready:
            return super().rides_in_ack(budget)
        return (self.in_flight // self.workers + 1) * self.typical <= budget

    @property
    def ready(self) -> bool:
        """The workers have started (loaded the guides, compiled the patterns) and take the reviews."""
        return self._ready and not self._closed

    async def _spawn(self) -> _Worker:
        ours, theirs = socket.socketpair()
        with theirs:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-c", self.program, str(theirs.fileno()), pass_fds=(theirs.fileno(),),
                stdin=asyncio.subprocess.DEVNULL)
        reader, writer = await asyncio.open_unix_connection(sock=ours)
        worker = _Worker(process, reader, writer)
        self._all.add(worker)
        try:
            await worker.call(self._library or b"")  # answered once the guides are loaded and warm
        except BaseException:
            await self._discard(worker)
            raise
        return worker

    async def _run(self, job: ReviewJob, library: GuideLibrary) -> tuple[ReviewResult | Reported | Refusal, float]:
        if not self.ready:  # stopping, or not started yet: this process reviews it
            async with self._here:
                return await super()._run(job, library)
        import pickle
        payload = pickle.dumps(job, pickle.HIGHEST_PROTOCOL)
        died = 0
        while died < 2:
            worker = self._free()
            if worker is None:  # every worker died: one start, for every review waiting
                async with self._starting:
                    if self._free() is None:
                        self._live.append(await self._spawn())
                continue
            try:
                (ok, answer), seconds = await worker.call(payload)
            except Exception as exc:
                await self._discard(worker)  # its answers can't be trusted to line up with its jobs any more
                if isinstance(exc, NotStarted):  # it died on the review before this one
                    continue
                if not isinstance(exc, (OSError, EOFError, asyncio.IncompleteReadError)):
                    raise
                died += 1
                log.warning("a review worker died (%s); %s", exc.__class__.__name__,
                            "sending the review to a fresh one" if died == 1 else "giving up on this letter")
                continue
            if not ok:
                raise RuntimeError(f"the review failed in its worker:\n{answer}")
            return answer, seconds
        raise ServiceUnavailable(WORKER_DIED)

    def _free(self) -> _Worker | None:
        """The live worker with the fewest reviews, if it can take one more."""
        worker = min(self._live, key=lambda w: len(w.waiting), default=None)
        return worker if worker is not None and len(worker.waiting) < self.depth else None

    async def _discard(self, worker: _Worker) -> None:
        if worker in self._live:
            self._live.remove(worker)
        self._all.discard(worker)
        worker.writer.close()
        if worker.process.returncode is None:
            worker.process.kill()
        await worker.process.wait()

    async def stop(self) -> None:
        """A clean stop: each worker reads the end of its socket and exits."""
        self._closed = True
        for worker in list(self._all):
            worker.writer.close()
        for worker in list(self._all):
            try:
                await asyncio.wait_for(worker.process.wait(), 5)
            except TimeoutError:
                worker.process.kill()
        self._all.clear()
        self._live.clear()


class NotStarted(Exception):
    """The worker died before it started this job (on the one before it)."""


class _Worker:
    """One worker process. Jobs are written as they come, and their answers read in the same order by one
    reader, so each caller gets its own answer even if another caller gave up waiting (cancelled)."""

    def __init__(self, process: asyncio.subprocess.Process, reader: asyncio.StreamReader,
                 writer: asyncio.StreamWriter) -> None:
        self.process, self.reader, self.writer = process, reader, writer
        # Jobs sent and not yet answered: (their answer and its seconds, when sent).
        self.waiting: deque[tuple[asyncio.Future[tuple[Any, float]], float]] = deque()
        self._reading: asyncio.Task[None] | None = None
        self._answered_at = 0.0

    async def call(self, payload: bytes) -> tuple[Any, float]:
        """The answer, and the seconds the worker spent on this job (from when it could start it)."""
        answer: asyncio.Future[tuple[Any, float]] = asyncio.get_running_loop().create_future()
        self.waiting.append((answer, time.perf_counter()))
        self.writer.write(len(payload).to_bytes(4, "big") + payload)
        if self._reading is None:
            self._reading = asyncio.ensure_future(self._read())
        try:
            with contextlib.suppress(OSError):  # a worker gone: the reader says so, to the job it died on
                await self.writer.drain()
        except BaseException:  # cancelled (a bot stopping while the guides are sent): nobody will read the answer
            answer.cancel()  # else the reader's error for it is logged with a traceback as never retrieved
            raise
        return await answer

    async def _read(self) -> None:
        import pickle
        try:
            while self.waiting:
                size = int.from_bytes(await self.reader.readexactly(4), "big")
                value = pickle.loads(await self.reader.readexactly(size))
                answer, sent = self.waiting.popleft()
                now = time.perf_counter()
                if not answer.done():  # else its caller stopped waiting: the answer is read all the same
                    answer.set_result((value, now - max(sent, self._answered_at)))
                self._answered_at = now
        except Exception as exc:  # it died (or garbled an answer): on the first job waiting
            error: Exception = exc
            while self.waiting:
                answer, _ = self.waiting.popleft()
                if not answer.done():
                    answer.set_exception(error)
                error = NotStarted()
        finally:
            self._reading = None
