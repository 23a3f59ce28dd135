"""The ``shortlist`` command line: chat, one-shot commands, reviews, guide checks, and the
Discord and Slack bots."""
from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import getpass
import os
import sys
from collections.abc import Coroutine
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from bot import disk_cache, logs
from bot.core import Shortlist
from bot.guide_cache import DEFAULT_GUIDES_DIR
from bot.reply import Reply
from bot.request import Context, Privilege
from storage import StorageError, open_store

from . import chat, terminal
from .admin import check_guides, configured_guides, database_admin, discord_admin, missing_extra, review_workers, secret
from .at_once import at_once
from .cli_args import action_in
from .cli_args import build as _parser
from .config import ConfigError, cache_dir, data_dir, database_path, load_config, setting
from .paths import read_upload

if TYPE_CHECKING:  # asyncio loads only for a command that runs on an event loop (see _ask_at_once)
    import asyncio


# Warnings that say nothing to our users: discord.py's optional voice support (Shortlist has no voice), and
# bolt noticing the bot token in the environment beside the client built from it.
NOISE = ("voice will NOT be supported", "`token` will be unused")
log = logs.get("shortlist")


def _log_to_stderr(level: str) -> None:
    import logging
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(lambda record: not any(n in record.getMessage() for n in NOISE))


FAILED = ("error", "refusal")  # reply kinds a command exits 1 with: it didn't do what was asked
# Commands that answer once and exit: see ``run``.
T = TypeVar("T")
ONE_SHOT = ("ask", "review", "mod", "guides", "slack")

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def main(argv: list[str] | None = None) -> int:
    level = os.environ.get("SHORTLIST_LOG_LEVEL", "WARNING").strip().upper() or "WARNING"
    if level not in LOG_LEVELS:
        print(f"shortlist: SHORTLIST_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)} "
              f"(it is {os.environ['SHORTLIST_LOG_LEVEL']!r}).", file=sys.stderr)
        return 2
    # Set up when something is first logged: `ask /help` logs nothing, and never loads logging.
    logs.before_first_use(functools.partial(_log_to_stderr, level))
    argv = sys.argv[1:] if argv is None else argv
    parser = _parser(action_in(argv))
    args = parser.parse_args(argv)
    action = args.action or "chat"
    if action != "ask":
        logs.ready()  # the bots, chat and reviews load libraries that log by themselves
    if action == "run" and (args.shards is None) != (args.shard_count is None):
        parser.error("--shards and --shard-count go together, e.g. --shards 0-3 --shard-count 16")
    if action == "run" and args.shards and max(args.shards) >= args.shard_count:
        parser.error(f"--shards {max(args.shards)} is past --shard-count {args.shard_count} (shards count from 0)")
    try:
        config = load_config()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 1
    disk_cache.folder = cache_dir()  # the spelling dictionary's, the guides' (see configured_guides)
    if action == "slack":
        missing = missing_extra("slack")
        if missing:
            print(missing, file=sys.stderr)
            return 2
        from .slack.service import manifest
        print(manifest(config, args.request_url), end="")
        return 0
    if action == "guides":
        return check_guides(args.files, Path(setting("guides", args.guides, "SHORTLIST_GUIDES", DEFAULT_GUIDES_DIR,
                                                     config)))
    try:
        if action == "ask":
            code = _ask_at_once(args, config)
            if code is not None:
                return code
            logs.ready()  # asyncio and aiosqlite log by themselves
        if action == "review":
            code = _review_at_once(args, config)
            if code is not None:
                return code
        from .event_loop import run as run_loop
        return run_loop(_run(action, args, config), bots=action == "run")
    except KeyboardInterrupt:
        return 130
    except StorageError as exc:
        print(f"shortlist: {exc}", file=sys.stderr)
        return 1


# `ask` commands that only read the guides and the community's settings (and write their history row): they
# run with no event loop, on the one-shot store (storage/oneshot.py), when the database is a SQLite file
# that is already up to date.
AT_ONCE = ("help", "guide", "mistakes", "faq")


def _ask_at_once(args: argparse.Namespace, config: dict[str, Any]) -> int | None:
    """`shortlist ask` for one of AT_ONCE without asyncio or aiosqlite, which were a quarter of its start;
    None when the command or the database needs the usual way."""
    line = " ".join(args.line)
    words = line.split()
    if not words or words[0].lstrip("/").lower() not in AT_ONCE:
        return None
    def show(reply: Reply) -> int:
        terminal.print_reply(reply, as_json=args.json)
        return 1 if reply.kind in FAILED else 0
    return at_once(args, config, lambda core: core.handle(core.parse(line, terminal_context(args))), show)


def _review_at_once(args: argparse.Namespace, config: dict[str, Any]) -> int | None:
    """`shortlist review FILE` as `ask` above: no event loop, on the one-shot store, the review made in this
    coroutine (bot/review_inline.py), so neither asyncio (with ssl) nor aiosqlite loads, a tenth of its start.
    None when the database needs the usual way."""
    from bot import regex_cache
    from bot.review import spelling
    regex_cache.load()  # the patterns the last one compiled, before the review's modules compile them again
    spelling.hold_for_one_review()  # its dictionary as sorted words: a few hundred words are looked up
    from bot.review_inline import InlineReviews

    def review(core: Shortlist) -> Coroutine[Any, Any, int]:
        core.reviews = InlineReviews()
        return review_file(core, args, terminal_context(args))
    code = at_once(args, config, review, lambda code: code)  # review_file prints the review itself
    if code is not None:
        regex_cache.save()  # only when this review compiled a pattern the file doesn't hold
    return code


@contextlib.asynccontextmanager
async def open_core(args, config, lazy: bool = False):
    """The one core of this process: guides loaded (``lazy``: when a command first needs them),
    database open and tidied."""
    store = await open_store(database_path(args.db, config))
    core: Shortlist | None = None
    try:
        guides = functools.partial(configured_guides, args, config)
        core = Shortlist(guides if lazy else guides(), store)
        await core.maintain()
        yield core
    finally:
        if core is not None:
            await core.reviews.stop()  # a bot's review workers finish what they hold and exit
        await store.close()


async def _run(action: str, args, config) -> int:
    if action == "discord":
        return await discord_admin(args, config)
    if action == "db":
        return await database_admin(args, config)
    # A one-shot command loads the guides only if it uses them (`/help` doesn't).
    async with open_core(args, config, lazy=action in ("ask", "mod")) as core:
        if action == "run":
            return await run_bots(core, args, config)
        context = terminal_context(args)
        if action in ("ask", "mod"):
            line = " ".join(args.line) if action == "ask" else "/mod " + " ".join(args.words)
            request = core.parse(line, context)
            if core.wants_paste(request) and not sys.stdin.isatty():
                # e.g. shortlist ask "/mod import" < backup.yaml
                request = replace(request, text=sys.stdin.buffer.read().decode("utf-8", errors="replace"))
            reply = await core.handle(request)
            if action == "mod" and reply.document is not None and reply.kind not in FAILED:
                sys.stdout.write(reply.document)  # the file alone, for `> backup.yaml`
            else:
                terminal.print_reply(reply, as_json=getattr(args, "json", False))
            return 1 if reply.kind in FAILED else 0
        if action == "review":
            return await review_file(core, args, context)
        return await chat.chat(core, context, data_dir() / "chat-history")


def terminal_context(args: argparse.Namespace) -> Context:
    """At the terminal, whoever owns the account owns the local database: the OS user is an admin.
    Acting as another member (--user) gives that member's privilege, as in a chat community."""
    owner = args.user == getpass.getuser()
    return Context(platform="terminal", community_id=args.community, channel_id=args.channel, user_id=args.user,
                   privilege=Privilege.ADMIN if owner else Privilege.MEMBER, buttons=False)


async def run_bots(core: Shortlist, args: argparse.Namespace, config: dict[str, Any]) -> int:
    for platform in ("discord", "slack"):
        missing = missing_extra(platform) if getattr(args, platform) else None
        if missing:  # said before any bot starts, so nothing is left half-running
            print(missing, file=sys.stderr)
            return 2
    tasks: list[Coroutine[Any, Any, None]] = []
    if args.discord:
        token = secret("DISCORD_TOKEN", config)
        if not token:
            print("shortlist: set DISCORD_TOKEN (environment or config file) to run on Discord.", file=sys.stderr)
            return 2
        from .discord.service import serve
        tasks.append(serve(core, token, setting("discord_api", None, "SHORTLIST_DISCORD_API", None, config),
                           shard_ids=args.shards, shard_count=args.shard_count))
    if args.slack:
        from .slack.service import missing_settings
        from .slack.service import serve as serve_slack
        problem = missing_settings(config)
        if problem:  # said before any bot starts, so nothing is left half-running
            for task in tasks:
                task.close()
            print(f"shortlist: {problem}", file=sys.stderr)
            return 2
        tasks.append(serve_slack(core, config, port=args.port))
    if not tasks:
        print("shortlist: choose --discord, --slack or both.", file=sys.stderr)
        return 2
    core.reviews = review_workers(config)  # started by the warm-up; until then a review runs in a thread
    tasks.append(_daily(core))
    tasks.append(_reviewer_sweep(core))
    from .ready import warm_up  # then READY=1 to a service manager (NOTIFY_SOCKET)
    tasks.append(warm_up(core))
    import asyncio
    children = [asyncio.ensure_future(task) for task in tasks]
    running = asyncio.gather(*children)
    # SIGTERM (a service manager stopping us) ends as cleanly as Ctrl-C: the bots disconnect and the
    # database's write queue is flushed before the process exits.
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    import signal
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    stopping = asyncio.ensure_future(stop.wait())
    either: list[asyncio.Future[Any]] = [running, stopping]
    await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
    if stop.is_set():
        running.cancel()
        # Every bot finishes stopping (answering what it acknowledged, bounded) before the database closes:
        # the gather itself is done as soon as its first child is.
        await asyncio.wait(children)
        with contextlib.suppress(asyncio.CancelledError):
            await running
        log.warning("stopped")
        return 0
    stopping.cancel()
    try:
        running.result()
    except Exception as exc:  # a refused token, a port in use: say it in one line
        print(f"shortlist: the bot stopped: {exc}", file=sys.stderr)
        return 1
    return 0


async def _daily(core) -> None:
    """Retention runs at start-up (open_core) and then once a day."""
    import asyncio
    while True:
        await asyncio.sleep(24 * 3600)
        try:
            await core.maintain()
        except StorageError as exc:
            log.warning("daily retention purge failed: %s", exc)


async def _reviewer_sweep(core: Shortlist) -> None:
    """Requests for a reviewer past their community's expiry close within the hour, and are announced."""
    import asyncio
    while True:
        try:
            await core.sweep_reviewer_requests()
        except StorageError as exc:
            log.warning("reviewer queue expiry sweep failed: %s", exc)
        await asyncio.sleep(3600)


async def review_file(core: Shortlist, args: argparse.Namespace, context: Context) -> int:
    if args.path == "-" and args.advert == "-":
        print("shortlist: the letter and the advert can't both come from standard input; "
              "give one of them as a file.", file=sys.stderr)
        return 2
    upload = read_upload(args.path)
    if args.text:
        return terminal.print_document_text(upload)
    advert = read_upload(args.advert) if args.advert is not None else None
    role = " ".join(w for w in (args.role, args.region) if w)  # "data-analyst us", as a member types it in chat
    if args.region and not args.role:
        role = f"general {args.region}"
    request = core.parse("/review" + (f" {role}" if role else ""), context)
    if args.path == "-" and not (upload.data or b"").strip() and not upload.problem:
        # Nothing piped in is an empty letter, not an empty file: the same reply (and `empty` reason) as a paste.
        reply = await core.handle(replace(request, text="", advert_upload=advert))
    else:
        reply = await core.handle(replace(request, upload=upload, advert_upload=advert))
    if reply.reason == "unreadable-file" and args.path == "-":  # a pipe, not a file (trial 6)
        reply.title = "I couldn't read what was piped in"
    if reply.reason == "empty" and args.path == "-":  # a shell's words, not chat's "paste it after /review"
        reply = Reply("Nothing came in on standard input", kind=reply.kind, private=True, reason="empty").para(
            "Pipe the letter's text in, e.g. `pbpaste | shortlist review -`, or give its file: "
            "`shortlist review letter.pdf`.")
    if reply.reason == "unknown-role":  # the suggestion as this command's flag, not a chat command
        roles = [b.command.removeprefix("/review ") for b in reply.buttons if b.command.startswith("/review ")]
        if roles:
            reply.buttons.clear()
            reply.para("Run it again with " + " or ".join(f"`--role {r}`" for r in roles) + ".")
    if args.json:  # a review's own data, or why there is none
        terminal.print_json(reply.error_dict() if reply.kind in FAILED else reply.data or reply.to_dict())
    else:
        terminal.print_reply(reply)
    return 0 if reply.kind == "review" else 1


def run() -> None:
    """The `shortlist` command. A one-shot command collects no garbage (collections while the guides, the spelling
    checker and the review loaded were 3% of `shortlist review FILE`'s instructions), and it has printed its
    answer and closed its database when ``main`` returns: its process ends there, without the interpreter taking
    every module and object apart one by one first (another 4%). The bots and the chat run and exit as usual."""
    one_shot = action_in(sys.argv[1:]) in ONE_SHOT
    if one_shot:
        gc.disable()
    code = main()
    if one_shot:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # a closed pipe (`| head`) has nothing left to say
                stream.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
