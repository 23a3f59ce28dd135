"""The `shortlist` command line's arguments.

A command line that names its subcommand (`shortlist ask "/help"`) builds only that subcommand's parser:
argparse looks each parser's messages up in gettext's catalogues, so building all fifteen was a tenth of
what `ask /help` ran to start. Help and errors for that subcommand read the same either way. Each group of
subcommands is named here as argparse would name it, which spares it a help formatter (and shutil).
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

ACTIONS = ("chat", "ask", "mod", "review", "guides", "run", "db", "discord", "slack")
_GLOBAL = ("--db", "--guides", "--user", "--community", "--channel")  # the options before it that take a value


def action_in(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names, when that is plain without argparse (the options before it spelt out
    in full); None otherwise (no subcommand, --help, an abbreviated option, a mistake): then every parser
    is built and argparse says what it says."""
    args = iter(argv)
    for arg in args:
        if arg in _GLOBAL:
            next(args, None)
        elif not arg.startswith(tuple(f"{option}=" for option in _GLOBAL)):
            return arg if arg in ACTIONS else None
    return None


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout at the width shutil.get_terminal_size would give it, found without importing
    shutil (and the three compression modules it loads): argparse makes a formatter for every option added."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


def _columns() -> int:
    """shutil.get_terminal_size().columns: COLUMNS, else standard output's terminal, else 80."""
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):  # no standard output (None), or not a terminal
        return 80


class _OneLetter(argparse.Action):
    """`review`'s one file: a second is refused by `review`'s own parser (its usage, not the top level's)."""

    def __call__(self, parser, namespace, values, option_string=None):
        if len(values) > 1:
            parser.error(f"give one letter ({values[0]}); {' '.join(values[1:])} is one file too many "
                         "(the job advert goes after --advert)")
        setattr(namespace, self.dest, values[0])


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser (and, through add_subparsers, each subcommand's) with that formatter."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(**kwargs)

    def error(self, message: str) -> NoReturn:
        """argparse's error, with "did you mean" for a mistyped choice (`shortlist reveiw`: trial 8)."""
        import difflib
        import re
        typo = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        near = difflib.get_close_matches(typo[1], re.findall(r"'([^']*)'", typo[2]), 1) if typo else []
        super().error(message + (f"; did you mean {near[0]!r}?" if near else ""))


def build(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line's parser; with ``only``, just the top level and that subcommand (what a
    command line naming it needs: help and errors for it read the same)."""
    parser = _Parser(
        prog="shortlist", description="Cover-letter guides, FAQ and private letter reviews for careers communities.")
    parser.add_argument("--db", metavar="PATH|URL",
                        help="SQLite file, or a postgresql:// URL, for history (env SHORTLIST_DB, config `db:`; "
                             "default ~/.local/share/shortlist/shortlist.db)")
    parser.add_argument("--guides", metavar="DIR", help="folder of guide YAML files (env SHORTLIST_GUIDES, config "
                                                        "`guides:`; default: the guides/ shipped with Shortlist)")
    parser.add_argument("--user", metavar="ID", default=getpass.getuser(),
                        help="act as this member (default: your OS user name)")
    parser.add_argument("--community", metavar="ID", default="local", help="act in this community (default: local)")
    parser.add_argument("--channel", metavar="ID", default="terminal", help="act in this channel (default: terminal)")
    sub = parser.add_subparsers(dest="action", metavar="COMMAND", prog=parser.prog)

    def wanted(name: str) -> bool:
        return only in (None, name)
    if wanted("chat"):
        sub.add_parser("chat", help="interactive terminal bot (the default)")
    if wanted("ask"):
        ask = sub.add_parser("ask", help='run one command, e.g. shortlist ask "/guide ml-engineer"')
        ask.add_argument("line", nargs="+", help="the command, as you would type it in chat")
        ask.add_argument("--json", action="store_true", help="print the reply as JSON, for scripts")
    if wanted("mod"):
        mod = sub.add_parser("mod", help='run a /mod command, e.g. shortlist mod export > backup.yaml: an export '
                                         'prints the file alone, which `shortlist mod import < backup.yaml` takes back')
        mod.add_argument("words", nargs="+", metavar="ACTION",
                         help="what follows /mod, e.g. export, guide export nurse")
    if wanted("review"):
        review = sub.add_parser("review", help="review a letter from a file (PDF, Word .docx, OpenDocument .odt, "
                                               "Markdown, text), or - for standard input",
                                usage="shortlist review [-h] [--role ROLE] [--region {uk,us}] [--advert ADVERT_FILE] "
                                      "[--json | --text] path")
        review.add_argument("path", nargs="+", action=_OneLetter, help="the letter's file, or - to read standard input")
        review.add_argument("--role", help="guide to review against (default: general)")
        review.add_argument("--region", choices=("uk", "us"),
                            help="the employer's letter conventions (sign-off, length, contact details), over the "
                                 "community's (default: uk, or what /mod region set)")
        review.add_argument("--advert", metavar="ADVERT_FILE",
                            help="the job advert, to review the letter against it (a PDF, Word, OpenDocument, Markdown "
                                 "or text file, or - for standard input when the letter is a file)")
        shown = review.add_mutually_exclusive_group()  # a trial's `--json --text` silently dropped --json
        shown.add_argument("--json", action="store_true", help="print the review as JSON")
        shown.add_argument("--text", action="store_true",
                           help="print only the text read from the file (what the review's offsets count in)")
    if wanted("guides"):
        guides = sub.add_parser("guides", help="work with guide files")
        guides_sub = guides.add_subparsers(dest="guides_action", metavar="ACTION", required=True, prog=guides.prog)
        check = guides_sub.add_parser("check", help="validate guide files; every problem names file, line and field")
        check.add_argument("files", nargs="*", help="guide files (default: every guide in --guides)")
    if wanted("run"):
        run = sub.add_parser("run", help="run the Discord and/or Slack bots (one process, one database)")
        run.add_argument("--discord", action="store_true", help="connect to Discord with DISCORD_TOKEN")
        run.add_argument("--slack", action="store_true", help="connect to Slack with SLACK_BOT_TOKEN")
        run.add_argument("--port", type=int, help="Slack HTTP mode port (env SHORTLIST_SLACK_PORT, default 3000)")
        run.add_argument("--shards", type=shard_list, metavar="IDS",
                         help="Discord: run only these shards, e.g. 0-3 or 0,2,5 (with --shard-count)")
        run.add_argument("--shard-count", type=int, metavar="N", help="Discord: how many shards the whole bot has")
    if wanted("db"):
        db_sub = _actions(sub, "db", "apply migrations, or copy a SQLite database into PostgreSQL")
        db_sub.add_parser("migrate", help="bring the --db database's schema up to date (the bots also do at start)")
        db_copy = db_sub.add_parser("copy", help="copy a SQLite database's history and settings into an empty "
                                                 "PostgreSQL database, checking row counts")
        db_copy.add_argument("sqlite_path", metavar="SQLITE_PATH")
        db_copy.add_argument("postgres_url", metavar="POSTGRES_URL")
    if wanted("discord"):
        discord_sub = _actions(sub, "discord", "register Discord commands, or print the invite link")
        sync = discord_sub.add_parser("sync", help="register the slash commands (globally, or in one server)")
        sync.add_argument("--guild", type=int, metavar="ID", help="one server, instantly (for testing)")
        discord_sub.add_parser("invite-url", help="the link that adds the bot to a server, with least permissions")
    if wanted("slack"):
        slack_sub = _actions(sub, "slack", "Slack set-up helpers")
        manifest = slack_sub.add_parser("manifest", help="print the app manifest to paste into Slack's app settings")
        manifest.add_argument("--request-url", metavar="URL",
                              help="HTTP mode: your public https://.../slack/events URL (default: Socket Mode)")
    return parser


def shard_list(text: str) -> list[int]:
    """``0-3`` -> [0, 1, 2, 3]; ``0,2,5`` -> [0, 2, 5]."""
    ids: list[int] = []
    try:
        for part in text.split(","):
            first, _, last = part.strip().partition("-")
            ids += range(int(first), int(last or first) + 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of shard numbers such as 0-3 or 0,2,5") from None
    if not ids or min(ids) < 0:
        raise argparse.ArgumentTypeError(f"{text!r} names no shard: use numbers from 0, such as 0-3")
    return sorted(set(ids))


def _actions(sub, name: str, help: str):
    """An administrator's subcommand whose ACTION is required: ``shortlist db migrate``."""
    cmd = sub.add_parser(name, help=help)
    return cmd.add_subparsers(dest=f"{name}_action", metavar="ACTION", required=True, prog=cmd.prog)
