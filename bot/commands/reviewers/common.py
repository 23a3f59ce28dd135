"""What the reviewer-queue commands say alike: no database, and a refusal that changes nothing."""
from __future__ import annotations

from ...reply import Inline, Reply


def no_storage() -> Reply:
    return Reply("The reviewer queue needs the database", kind="error", private=True).para(
        "This Shortlist runs without a database, so there is no queue to send a letter to.")


def refused(title: str, *text: Inline) -> Reply:
    reply = Reply(title, kind="error", private=True)
    reply.para(*text)
    return reply
