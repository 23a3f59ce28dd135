"""Errors the core turns into a kind reply instead of an apology for a crash."""


class ServiceUnavailable(Exception):
    """Something the command needs (the database) can't serve right now.

    ``str(exc)`` is written for the member: what happened and what to do.
    """
