"""Errors the core turns into a kind reply instead of an apology for a crash."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging

    from .reply import Reply


class ServiceUnavailable(Exception):
    """Something the command needs (the database) can't serve right now.

    ``str(exc)`` is written for the member: what happened and what to do.
    """


class SettingsChanged(ServiceUnavailable):
    """Another moderator saved this community's settings after these were read."""

    def __init__(self) -> None:
        super().__init__("Another moderator changed this community's settings at the same moment, so your change "
                         "wasn't applied and theirs is kept. Nothing of yours was changed: run the command again "
                         "to apply it on top of theirs.")


def apology(log: logging.Logger, what: str, error: BaseException | None = None) -> Reply:
    """Log an unexpected failure under a short id and return the private apology that carries it,
    so a member can quote the id and a maintainer can find the log line."""
    import secrets

    from .reply import Reply
    error_id = secrets.token_hex(4)
    log.error("%s failed [error %s]", what, error_id, exc_info=error or True)
    reply = Reply("Sorry, something went wrong on my side", kind="error", private=True, reason="fault")
    reply.para("That's a fault in Shortlist, not in anything you did. Please try again in a moment. "
               f"If it keeps happening, tell a moderator the error id `{error_id}`.")
    return reply
