"""The dispatcher: one entry point, ``Shortlist.handle(Request) -> Reply``, for every platform."""
from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING

from . import logs, moderation, unknown
from .commands import COMMANDS
from .commands.registry import Command, Words, bind_positional, recordable_args
from .commands.review import letter_on_the_line, no_guide_near, split_region
from .editions import REGION_GUIDES
from .errors import ServiceUnavailable, apology
from .expiring_cache import ExpiringCache
from .records import CommandRecord
from .reply import Reply
from .request import LOCAL, Context, Request
from .settings import CommunitySettings

if TYPE_CHECKING:
    from .advert.pending import PendingAdverts
    from .documents import Attachment
    from .guides import Guide, GuideLibrary
    from .queue_records import ReviewerRequest
    from .review_inline import InlineReviews
    from .review_runner import Reviews
    from .reviewers import RecentLetters
    from .store import Store

log = logs.get("shortlist")
SETTINGS_TTL = 5.0  # seconds; where the store can't announce changes (SQLite), another process's show this soon
GUIDE_COMMANDS = ("guide", "mistakes", "faq")  # answers counted per guide in /mod stats
# The guides the community being served sees: its own laid over the shipped ones (set for each request).
_COMMUNITY_LIBRARY: ContextVar[GuideLibrary | None] = ContextVar("community_library", default=None)


class Shortlist:
    def __init__(self, library: GuideLibrary | Callable[[], GuideLibrary], store: Store | None = None,
                 default_guide: str = "general"):
        """``library``: the shipped guides, or a function that loads them when a command first needs
        them (`shortlist ask /help` never does, so it starts without the guide schema)."""
        self._shipped = library
        self.store = store
        self._default_guide = default_guide
        self._settings: ExpiringCache[CommunitySettings] = ExpiringCache(SETTINGS_TTL)
        self._watching = False
        self._libraries: ExpiringCache[GuideLibrary | None] = ExpiringCache(SETTINGS_TTL)
        self._pending_adverts: PendingAdverts[list[tuple[Attachment, str]]] | None = None
        # platform -> how it tells a member (and the reviewers) that a request expired
        self.expiry_announcers: dict[str, Callable[[ReviewerRequest], Awaitable[None]]] = {}
        # platform -> its drawer ("module:function"), run on a review's reply where the review runs (ReviewJob.draw)
        self.drawers: dict[str, str] = {}
        self._reviews: Reviews | InlineReviews | None = None  # see reviews

    @cached_property
    def recent_letters(self) -> RecentLetters:
        """Each member's latest reviewed letter, for "Ask a reviewer" (made when first used: not by `/help`)."""
        from .reviewers import RecentLetters
        return RecentLetters()

    @property
    def pending_adverts(self) -> PendingAdverts[list[tuple[Attachment, str]]]:
        """An advert file waiting for the letter a platform asks for next: (its description, where to
        fetch it). Made when first used, so `/help` loads nothing of the advert reader."""
        if self._pending_adverts is None:
            from .advert.pending import PendingAdverts
            self._pending_adverts = PendingAdverts()
        return self._pending_adverts

    @property
    def reviews(self) -> Reviews | InlineReviews:
        """Where reviews run: in a thread, unless a bot serving many members sets ReviewWorkers before warm_up.
        Made when first used, so a command that reviews nothing loads none of it (nor asyncio)."""
        if self._reviews is None:
            from .review_runner import Reviews
            self._reviews = Reviews()
        return self._reviews

    @reviews.setter
    def reviews(self, runner: Reviews | InlineReviews) -> None:
        self._reviews = runner

    @property
    def database(self) -> Store:
        """The store, for commands that run only with one: `/mod` says so first when there is none."""
        if self.store is None:
            raise RuntimeError("this command needs a database, and Shortlist runs without one")
        return self.store

    @property
    def shipped(self) -> GuideLibrary:
        if callable(self._shipped):
            self._shipped = self._shipped()
        return self._shipped

    @shipped.setter
    def shipped(self, library: GuideLibrary) -> None:
        self._shipped = library

    @property
    def library(self) -> GuideLibrary:
        """The guides of the community being served (its own over the shipped ones); the shipped guides
        outside a request."""
        return _COMMUNITY_LIBRARY.get() or self.shipped

    @library.setter
    def library(self, library: GuideLibrary) -> None:
        self.shipped = library
        self._libraries.forget()

    async def library_for(self, community: str) -> GuideLibrary:
        """A community's guides: cached like its settings, rebuilt when a moderator changes them."""
        return await self._own_library(community) or self.shipped

    async def _own_library(self, community: str) -> GuideLibrary | None:
        """The community's guides laid over the shipped ones, or None when it has none of its own (the
        shipped library then serves, loaded only if a command uses it)."""
        store = self.store
        if store is None:
            return None

        async def read() -> GuideLibrary | None:
            stored_guides = await store.community_guides(community)
            if not stored_guides:
                return None
            from . import community_guides  # re2 and the guide schema, only for a community with guides of its own
            return community_guides.layered(community, stored_guides, self.shipped)
        return await self._libraries.get(community, read)

    async def warm_up(self) -> None:
        """Load, before members arrive, what their first requests would otherwise load while every
        other request waits (an import holds the event loop): the guides, the review engine with its
        patterns compiled (one review of each guide's example letter), the FAQ matcher. For a bot that
        runs for days; a one-shot command loads only what it uses."""
        import asyncio

        from .warm import load
        await asyncio.gather(self.reviews.start(self.shipped),
                             asyncio.to_thread(load, self.shipped, self.reviews.in_process))

    def forget_library(self, community: str) -> None:
        """A moderator changed the community's guides: the next request reads them again."""
        self._libraries.forget(community)

    def forget_community(self, community: str) -> None:
        """The community's data was erased: what this process holds for it in memory goes too, and the next
        request reads its (default) settings and guides again."""
        self._settings_changed(community)
        self.recent_letters.drop_community(community)
        self.pending_adverts.drop_community(community)

    def forget_member(self, community: str, user: str) -> None:
        """The member ran /forget: what this process holds for them in memory goes too."""
        self.recent_letters.drop(community, user)
        self.pending_adverts.drop(community, user)

    # -- parsing typed commands (terminal, Slack's text argument) -----------------------------
    def parse(self, line: str, context: Context = LOCAL, *, private: bool = False) -> Request:
        """``/guide ml-engineer signals`` -> Request(command="guide", args={...}), asked in ``context``."""
        stripped = line.lstrip()
        head = stripped.split(maxsplit=1)[0] if stripped.strip() else ""
        rest = stripped[len(head):]
        name = head.lstrip("/").lower() or "help"
        cmd = COMMANDS.get(name)
        args: dict[str, str] = {}
        if cmd is not None:
            args = (cmd.bind or bind_positional)(cmd, Words(rest), self)
        args, text = letter_on_the_line(self, args) if name == "review" else (args, None)
        request = context.request(name, args, private=private)
        return request if text is None else replace(request, text=text)

    def wants_paste(self, request: Request) -> bool:
        """Whether this command reads pasted text: a letter for /review, a YAML file for /mod import."""
        cmd = COMMANDS.get(request.command)
        if cmd is None or request.text is not None:
            return False
        return cmd.takes_text or bool(cmd.pastes_when and cmd.pastes_when(request))

    # -- dispatch ---------------------------------------------------------------------------
    async def handle(self, request: Request) -> Reply:
        try:
            library = await self._own_library(request.community_id)
        except ServiceUnavailable as exc:
            log.warning("community guides not read, serving the shipped ones: %s", exc)
            library = None
        token = _COMMUNITY_LIBRARY.set(library)
        try:
            return await self._handle(request)
        finally:
            _COMMUNITY_LIBRARY.reset(token)

    async def _handle(self, request: Request) -> Reply:
        started = time.perf_counter()
        cmd = COMMANDS.get(request.command)
        outcome = "ok"
        if cmd is None:
            reply, outcome = unknown.unknown_command(request.command), "refused"
        else:
            try:
                settings = await self.settings(request.community_id)
                privilege = moderation.effective_privilege(request, settings)
                if privilege is not request.privilege:  # a moderator by the community's list: rarely
                    request = replace(request, privilege=privilege)
                refusal = moderation.refusal(cmd, request, settings)
                reply = refusal or await cmd.handler(self, request)
                if refusal is None:  # a "too short" paste needs the note too
                    moderation.note_if_off_for_members(reply, cmd, request, settings)
            except ServiceUnavailable as exc:
                log.warning("command /%s could not run: %s", request.command, exc)
                reply = Reply("I can't do that right now", kind="error", reason="unavailable").para(str(exc))
                outcome = "error"
            except Exception:  # one failing command must never take the bot down
                reply, outcome = apology(log, f"/{request.command} on {request.platform}"), "error"
            if reply.kind in ("error", "refusal") and outcome == "ok":
                outcome = "refused"
        if (cmd and cmd.private) or request.private or reply.kind in ("error", "refusal"):
            reply.private = True
        if cmd is None or cmd.records(request):
            self._record(request, outcome, time.perf_counter() - started,
                         recordable_args(cmd, request.args, self) if cmd else {}, reply.guide)
        return reply

    def _record(self, request: Request, outcome: str, seconds: float, args: dict[str, str],
                answered: str | None = None) -> None:
        """Keep the command in history: queued, so the answer never waits for the database."""
        if self.store is None:
            return
        try:
            self.store.queue(CommandRecord.of(request, outcome, seconds, args, COMMANDS,
                                              self._guide_answered(request, outcome, answered)))
        except ServiceUnavailable as exc:
            log.warning("command not recorded: %s", exc)

    def _guide_answered(self, request: Request, outcome: str, answered: str | None) -> str | None:
        """The guide a /guide, /mistakes or /faq answer came from: the one the reply names (a /faq answer's), else
        the role asked for, else general."""
        if request.command not in GUIDE_COMMANDS or outcome != "ok":
            return None
        if answered:
            return answered
        role = request.arg("role")
        guide = self.library.find(role).guide if role else None
        return guide.id if guide else "general"

    async def first_delivery(self, key: str) -> bool:
        """False when a platform delivers the same event again (a retry): it must run only once."""
        if self.store is None:
            return True
        return await self.store.claim_delivery(key)

    async def maintain(self) -> dict[str, int]:
        """Daily upkeep: drop history older than each community's retention period."""
        return await self.store.purge_expired() if self.store is not None else {}

    async def expire_reviewer_requests(self, community: str | None = None) -> list[ReviewerRequest]:
        """Close the requests for a reviewer that have waited past their community's expiry (their text is
        deleted); the ones closed, so a platform can tell their members. Run before the queue is read, and
        regularly by the bots."""
        if self.store is None:
            return []
        return await self.store.expire_reviewer_requests(community=community)

    async def sweep_reviewer_requests(self) -> int:
        """Close every community's requests past their expiry, each announced by its own platform (a
        member of the terminal reads it in /history). How many closed."""
        closed = await self.expire_reviewer_requests()
        for request in closed:
            announce = self.expiry_announcers.get(request.platform)
            if announce is not None:
                try:
                    await announce(request)
                except Exception:  # one member's closed DMs or a platform hiccup must not stop the others
                    log.warning("request %s expired but could not be announced", request.id, exc_info=True)
        return len(closed)

    # -- community settings ----------------------------------------------------------------------
    async def settings(self, community: str) -> CommunitySettings:
        """This community's configuration; cached briefly, since every command consults it."""
        store = self.store
        if store is None:
            return CommunitySettings(community)
        if not self._watching:  # PostgreSQL tells every process of a change at once; SQLite can't
            self._watching = True
            await store.watch_settings(self._settings_changed)
        return await self._settings.get(community, lambda: store.settings(community))

    def _settings_changed(self, community: str | None) -> None:
        """The store heard of a change to a community's settings or guides in some process (None: any
        community may have changed)."""
        self._settings.forget(community)
        self._libraries.forget(community)

    async def save_settings(self, new: CommunitySettings, request: Request, action: str,
                            before: str | None, after: str | None) -> None:
        """A moderator's change, with its audit entry; it takes effect at once in this process (and in every
        other within a second on PostgreSQL). ``SettingsChanged`` when another moderator saved first."""
        try:
            await self.database.save_settings(new, actor=f"{request.platform}:{request.user_id}", action=action,
                                           before=before, after=after)
        finally:
            self._settings.forget(new.community)

    def command_gone(self, name: str) -> Reply:
        """A platform still offered a command this Shortlist no longer has."""
        return unknown.command_gone(name)

    # -- helpers the commands share ---------------------------------------------------------
    async def default_guide_id(self, request: Request) -> str:
        """The community's default role guide, else its region's general guide (`/mod region us`), else the
        general guide."""
        settings = await self.settings(request.community_id)
        for guide_id in (settings.default_guide, REGION_GUIDES.get(settings.region or ""), self._default_guide):
            if guide_id in self.library.guides:
                return guide_id
        return next(iter(self.library)).id

    async def region_guide_id(self, request: Request) -> str:
        """The general guide whose conventions the community's reviews follow: its region's, else its default
        role's (a community whose default role is general-us is a US one)."""
        region = (await self.settings(request.community_id)).region
        return REGION_GUIDES.get(region or "") or await self.default_guide_id(request)

    def resolve_guide(self, query: str, command: str = "guide") -> Guide | Reply:
        """The guide a member named, or the reply that says there is none (with the closest, if any, as
        buttons that run the member's own command again with that guide)."""
        found = self.library.find(query)
        if found.guide:
            return found.guide
        return unknown.unknown_guide(query, found.suggestions, self.library, command)

    async def before_paste(self, role: str | None, community: str) -> Reply | None:
        """Checked before a platform opens its paste box: an unknown role is said at once, not after
        the member has pasted a whole letter."""
        role = split_region(role or "")[0]  # "data-analyst us": the role, with US conventions asked for
        if not role:
            return None
        token = _COMMUNITY_LIBRARY.set(await self.library_for(community))
        try:
            found = self.resolve_guide(role, "review")  # one no guide is near: the default guide, said in the review
            return found if isinstance(found, Reply) and not no_guide_near(self.library, role) else None
        finally:
            _COMMUNITY_LIBRARY.reset(token)

    def command_visible(self, cmd: Command, request: Request) -> bool:
        return not cmd.moderator or request.privilege.can_moderate
