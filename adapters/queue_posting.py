"""What the Discord and Slack reviewer queues share: which posts each step of a request makes, in which
order, and the re-reads that keep a letter from staying where a closed or erased request left it. Each
platform says how it opens a request's thread, posts in it, deletes from it and sends a direct message.

What to post at each step is the core's (``queue_event``); a place is the platform's own ids, separated by
spaces: where the thread is, then the messages holding member text (deleted when the request closes).
"""
from __future__ import annotations

import logging
from abc import ABC, abstractmethod

from bot.commands.reviewers.events import QueueEvent, queue_event, queue_steps
from bot.core import Shortlist
from bot.queue_records import ReviewerRequest
from bot.reply import Reply

log = logging.getLogger("shortlist.queue")


class QueuePosting(ABC):
    """Posts each step of a request where a platform's users see it: the reviewers' thread, the member's DMs."""

    platform: str  # the name the core knows the platform by, for its expiry announcements
    failures: tuple[type[BaseException], ...]  # the platform's errors: logged, never the member's problem

    def __init__(self, core: Shortlist):
        self.core = core
        core.expiry_announcers[self.platform] = self.announce_expired

    # -- what each platform does its own way ------------------------------------------------------
    @abstractmethod
    async def open_thread(self, community: str, event: QueueEvent) -> str | None:
        """Post a new request for the reviewers; its place, or None when there is nowhere to post it."""

    @abstractmethod
    async def post_in_thread(self, place: str, reply: Reply) -> list[str]:
        """Post ``reply`` in the request's thread; the ids of the messages posted."""

    @abstractmethod
    async def delete(self, place: str, messages: list[str]) -> None:
        """Delete these messages of the request's thread (those already gone are no fault)."""

    @abstractmethod
    def letters(self, place: str) -> list[str]:
        """The messages of a place that hold member text."""

    @abstractmethod
    async def direct_message(self, user: str, reply: Reply, community: str) -> bool:
        """Send the member ``reply`` privately; False when it can't reach them now."""

    # -- shared -------------------------------------------------------------------------------------
    async def after(self, community: str, reply: Reply) -> None:
        """A command moved a request on: show it. A failure here is logged, never the member's problem."""
        for request_id, step, place in queue_steps(reply):
            try:
                await self.step(community, request_id, step, place)
            except self.failures as exc:
                log.warning("reviewer queue (%s): could not post the %s step of request %s: %s", self.platform,
                            step, request_id, exc)

    async def step(self, community: str, request_id: int, step: str, place: str | None = None) -> None:
        event = await queue_event(self.core, community, request_id, step, place)
        if event is None:
            return
        database = self.core.database
        if step == "asked":
            await self._open(community, event)
        elif event.for_reviewers is not None and event.found.place:
            posted = await self.post_in_thread(event.found.place, event.for_reviewers)
            if event.member_text:  # deleted with the letter when the request closes
                await database.set_reviewer_request_place(community, request_id,
                                                          " ".join([event.found.place, *posted]))
                now = await database.reviewer_request(community, request_id)
                if now is None or not now.open:  # it closed while this was posted: the answer goes at once
                    await self.delete(event.found.place, posted)
        if event.withdraw and event.found.place:
            await self.delete(event.found.place, self.letters(event.found.place))
        if event.for_member is not None and await self.direct_message(event.found.user, event.for_member, community):
            if step == "replied":
                await database.mark_feedback_delivered(community, request_id)
            else:
                await database.mark_closure_notified(community, request_id)

    async def _open(self, community: str, event: QueueEvent) -> None:
        place = await self.open_thread(community, event)
        if place is None:
            log.info("reviewer queue (%s): community %s has no reviewers' channel; request %s waits in /queue",
                     self.platform, community, event.found.id)
            return
        await self.core.database.set_reviewer_request_place(community, event.found.id, place)
        # Read again after storing the place: a member who closed or erased the request meanwhile finds no
        # place to withdraw (or an erase that ran first found none), so the letter is taken back out here.
        found = await self.core.database.reviewer_request(community, event.found.id)
        if found is None or not found.open:
            await self.step(community, event.found.id, "forgotten" if found is None else "closed", place)

    async def announce_expired(self, closed: ReviewerRequest) -> None:
        """A request closed unclaimed: tell the member and clear the thread."""
        await self.step(closed.community, closed.id, "expired")
