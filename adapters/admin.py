"""The administrator's subcommands (`shortlist db migrate|copy`, `shortlist discord invite-url|sync`,
`shortlist guides check`) and what they share with the bots: configured guides, secrets, platform extras."""
from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import logs
from bot.core import Shortlist
from bot.guide_cache import DEFAULT_GUIDES_DIR, load_guides
from storage import PostgresStore, Store, is_postgres_url, open_store

from .config import cache_dir, database_path, setting

if TYPE_CHECKING:  # the guide schema loads only when guides are (see bot/guide_cache.py)
    from bot.guides import GuideLibrary
    from bot.review_runner import Reviews


def configured_guides(args: argparse.Namespace, config: dict[str, Any]) -> GuideLibrary:
    """The guides, validated once and then read from the user's cache while the files are unchanged."""
    return load_guides(setting("guides", args.guides, "SHORTLIST_GUIDES", DEFAULT_GUIDES_DIR, config), cache_dir())


def secret(name: str, config: dict) -> str | None:
    return setting(name.lower(), None, name, None, config)


# Each platform's libraries come with its extra (pyproject.toml): a plain install is the core and the terminal.
PLATFORM_MODULES = {"discord": ("discord", "aiohttp"), "slack": ("slack_bolt", "slack_sdk", "aiohttp")}


def missing_extra(platform: str) -> str | None:
    """What to install for a platform whose libraries aren't installed; None when they are."""
    for module in PLATFORM_MODULES[platform]:
        try:
            importlib.import_module(module)
        except ImportError:
            return (f"shortlist: {platform.capitalize()} support isn't installed. Install it with pip install "
                    f"'shortlist[{platform}]' (in a checkout of Shortlist: pip install -e '.[{platform}]').")
    return None


async def database_admin(args, config) -> int:
    if args.db_action == "migrate":
        store = await open_store(database_path(args.db, config))
        try:
            applied = store.migrations_applied
            done = f"applied migration{'s' if len(applied) > 1 else ''} {', '.join(map(str, applied))}" if applied \
                else "already up to date"
            print(f"{store.path}: {done}; schema {await store.schema_version()}.")
        finally:
            await store.close()
        return 0
    from storage.copy import copy_database
    if not is_postgres_url(args.postgres_url) or is_postgres_url(args.sqlite_path):
        print("shortlist: db copy takes a SQLite file, then a postgresql:// URL.", file=sys.stderr)
        return 2
    if not Path(args.sqlite_path).expanduser().is_file():
        print(f"shortlist: there is no SQLite file at {args.sqlite_path}.", file=sys.stderr)
        return 2
    source, target = await Store.open(Path(args.sqlite_path).expanduser()), None
    try:
        target = await PostgresStore.open(args.postgres_url)
        counts = await copy_database(source, target)
    finally:
        await source.close()
        if target is not None:
            await target.close()
    width = max(len(c.table) for c in counts)
    for c in counts:
        verdict = "ok" if c.source == c.target else f"MISMATCH: {c.target:,} copied"
        print(f"{c.table:<{width}}  {c.source:>9,}  {verdict}")
    if any(c.source != c.target for c in counts):
        print("shortlist: some row counts differ; see above.", file=sys.stderr)
        return 1
    print(f"Copied {sum(c.source for c in counts):,} rows into {target.path}; every table's count matches.")
    return 0


async def discord_admin(args: argparse.Namespace, config: dict[str, Any]) -> int:
    missing = missing_extra("discord")
    if missing:
        print(missing, file=sys.stderr)
        return 2
    from .discord import service
    try:
        return await _discord_admin(args, config, service)
    except Exception as exc:
        problem = service.explain(exc)
        if problem is None:
            raise
        print(f"shortlist: {problem}", file=sys.stderr)
        return 1


async def _discord_admin(args, config, service) -> int:
    api = setting("discord_api", None, "SHORTLIST_DISCORD_API", None, config)
    token = secret("DISCORD_TOKEN", config)
    if args.discord_action == "invite-url":
        app_id = setting("discord_application_id", None, "DISCORD_APPLICATION_ID", None, config)
        if app_id:
            found = int(app_id)
        elif token:
            found = await service.application_id(token, api)
        else:
            print("shortlist: set DISCORD_APPLICATION_ID (or DISCORD_TOKEN, to look it up).", file=sys.stderr)
            return 2
        print(service.invite_url(found))
        return 0
    if not token:
        print("shortlist: set DISCORD_TOKEN (environment or config file) to sync commands.", file=sys.stderr)
        return 2
    core = Shortlist(configured_guides(args, config))
    names = await service.sync(core, token, args.guild, api)
    where = f"server {args.guild}" if args.guild else "all servers (global commands can take up to an hour to appear)"
    print(f"Registered {len(names)} commands in {where}: {', '.join(names)}")
    return 0


def check_guides(files: list[str], directory: Path) -> int:
    """Validate guide files together, so clashes between them (a duplicate id or alias) show too. Files
    named on the command line are checked among the other guides of ``directory`` (what they inherit,
    the names they could clash with), and only they are reported on; a named file stands in for the
    directory's file of the same name."""
    named = [Path(f) for f in files]
    paths = named or sorted(directory.glob("*.yaml"))
    if not paths:
        print(f"No guide files found in {directory}.", file=sys.stderr)
        return 1
    context = [p for p in sorted(directory.glob("*.yaml")) if p.name not in {n.name for n in named}] if named else []
    from bot.guides import GuideLibrary, example_problems
    library = GuideLibrary.from_files(context + paths)
    problems = list(library.problems) + library.pointer_problems()
    for path in paths:
        with contextlib.suppress(OSError, UnicodeDecodeError):  # already reported by the library
            problems += example_problems(path.read_text(encoding="utf-8"), str(path))
    checked = [g for g in library if library.files[g.id] in paths]
    if named:  # problems are named by file, or by guide id where no one file is to blame
        mine = {str(p) for p in paths} | {g.id for g in checked}
        problems = [p for p in problems if p.file in mine]
    problems += _as_community_guides([p for p in named if p.resolve().parent != directory.resolve()], context,
                                     {str(p) for p in problems})
    for guide in checked:
        if not any(p.file in (str(library.files[guide.id]), guide.id) for p in problems):  # "ok", then its errors
            print(f"ok  {guide.id}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def _as_community_guides(paths: list[Path], shipped: list[Path], seen: set[str]) -> list:
    """A guide file kept outside the shipped guides is a community's (`/mod guide import`): checked against the
    limits an import applies too (linear-time patterns, no pings, the rule types allowed), so that the check
    and the import agree."""
    if not paths:
        return []
    from bot import community_guides
    from bot.guides import GuideLibrary
    library, found = GuideLibrary.from_files(shipped), []
    for path in paths:
        with contextlib.suppress(OSError, UnicodeDecodeError):  # already reported
            _, problems = community_guides.check(path.read_text(encoding="utf-8"), library, str(path))
            found += [p for p in problems if str(p) not in seen]
    return found


def review_workers(config: dict[str, Any]) -> Reviews:
    """A bot's review workers: SHORTLIST_REVIEW_WORKERS processes (config `review_workers:`; 0 reviews in a
    thread of the bot's own process); by default as many as the processor cores, from 1 to 4."""
    from bot.review_runner import Reviews, ReviewWorkers  # imported for the bots only
    default = max(1, min(4, os.cpu_count() or 2))
    value = setting("review_workers", None, "SHORTLIST_REVIEW_WORKERS", default, config)
    try:
        workers = int(value)
    except (TypeError, ValueError):
        logs.get("shortlist").warning("SHORTLIST_REVIEW_WORKERS must be a whole number, not %r; using %d",
                                               value, default)
        workers = default
    return ReviewWorkers(workers) if workers > 0 else Reviews()
