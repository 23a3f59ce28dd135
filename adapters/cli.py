"""The ``shortlist`` command line: chat, one-shot commands, reviews, guide checks."""
from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
from pathlib import Path

from bot.guides import DEFAULT_GUIDES_DIR, GuideLibrary
from bot.core import Shortlist
from storage import Store, StorageError

from . import terminal
from .config import data_dir, database_path, load_config, setting


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shortlist", description="Cover-letter guides, FAQ and private letter reviews for careers communities.")
    parser.add_argument("--guides", metavar="DIR", help="folder of guide YAML files (env SHORTLIST_GUIDES, "
                                                        "config `guides:`; default: the guides/ shipped with Shortlist)")
    parser.add_argument("--db", metavar="PATH",
                        help="SQLite file for history (env SHORTLIST_DB, config `db:`; "
                             "default ~/.local/share/shortlist/shortlist.db)")
    parser.add_argument("--user", metavar="ID", default=getpass.getuser(), help="act as this member (default: your OS user name)")
    parser.add_argument("--community", metavar="ID", default="local", help="act in this community (default: local)")
    sub = parser.add_subparsers(dest="action", metavar="COMMAND")

    sub.add_parser("chat", help="interactive terminal bot (the default)")
    ask = sub.add_parser("ask", help='run one command, e.g. shortlist ask "/guide ml-engineer"')
    ask.add_argument("line", nargs="+", help="the command, as you would type it in chat")
    ask.add_argument("--json", action="store_true", help="print the reply as JSON, for scripts")
    review = sub.add_parser("review", help="review a letter from a file, or - for standard input")
    review.add_argument("path", help="file with the letter's text, or - to read standard input")
    review.add_argument("--role", help="guide to review against (default: general)")
    review.add_argument("--json", action="store_true", help="print the review as JSON")
    guides = sub.add_parser("guides", help="work with guide files")
    guides_sub = guides.add_subparsers(dest="guides_action", metavar="ACTION", required=True)
    check = guides_sub.add_parser("check", help="validate guide files; every problem names file, line and field")
    check.add_argument("files", nargs="*", help="guide files (default: every guide in --guides)")
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = _parser().parse_args(argv)
    action = args.action or "chat"
    if action == "guides":
        return check_guides(args.files, Path(setting("guides", args.guides, "SHORTLIST_GUIDES", DEFAULT_GUIDES_DIR,
                                                     load_config())))
    try:
        return asyncio.run(_run(action, args))
    except KeyboardInterrupt:
        return 130


async def _run(action: str, args) -> int:
    config = load_config()
    try:
        store = await Store.open(database_path(args.db, config))
    except StorageError as exc:
        print(f"shortlist: {exc}", file=sys.stderr)
        return 1
    try:
        core = Shortlist(GuideLibrary.load(setting("guides", args.guides, "SHORTLIST_GUIDES",
                                                   DEFAULT_GUIDES_DIR, config)), store)
        await core.maintain()
        context = {"platform": "terminal", "community_id": args.community, "channel_id": "terminal",
                   "user_id": args.user}
        if action == "ask":
            request = core.parse(" ".join(args.line), **context)
            reply = await core.handle(request)
            terminal.print_reply(reply, as_json=args.json)
            return 1 if reply.kind == "error" else 0
        if action == "review":
            return await review_file(core, args, context)
        return await terminal.chat(core, context, data_dir() / "chat-history")
    finally:
        await store.close()


async def review_file(core: Shortlist, args, context) -> int:
    try:
        data = sys.stdin.buffer.read() if args.path == "-" else Path(args.path).read_bytes()
    except OSError as exc:
        print(f"shortlist: can't read {args.path}: {exc.strerror}", file=sys.stderr)
        return 2
    text = data.decode("utf-8", errors="replace")
    request = core.parse("/review" + (f" {args.role}" if args.role else ""), **context)
    request = type(request)(**{**request.__dict__, "text": text})
    reply = await core.handle(request)
    if args.json:
        terminal.print_json(reply.data if reply.data is not None else reply.to_dict())
    else:
        terminal.print_reply(reply)
    return 0 if reply.kind == "review" else 1


def check_guides(files: list[str], directory: Path) -> int:
    """Validate guide files together, so clashes between them (a duplicate id or alias) show too."""
    paths = [Path(f) for f in files] or sorted(directory.glob("*.yaml"))
    if not paths:
        print(f"No guide files found in {directory}.", file=sys.stderr)
        return 1
    library = GuideLibrary.from_files(paths)
    for guide in library:
        print(f"ok  {guide.id}")
    for problem in library.problems:
        print(problem)
    return 1 if library.problems else 0


if __name__ == "__main__":
    sys.exit(main())
