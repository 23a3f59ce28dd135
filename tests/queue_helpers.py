"""What the reviewer-queue tests share across the terminal, Discord and Slack: a letter, a note, feedback,
naming reviewers, and waiting for what a platform does just after it answers."""
from __future__ import annotations

import asyncio
from dataclasses import replace

from storage import is_postgres_url

from .conftest import LETTERS

LETTER = (LETTERS / "05-framework-list.txt").read_text(encoding="utf-8")
MARK = "250,000 card payments"  # the letter's words: found anywhere in the database, the letter is still kept
NOTE = "I'm switching from teaching; is my opening clear?"
FEEDBACK = "Your opening is clear. Lead with the fraud model's 18% and cut the framework list."


async def name_reviewers(store, *users: str, roles: tuple[str, ...] = (), expiry: int | None = None,
                         community: str = "bootcamp", channel: str | None = None) -> None:
    settings = await store.settings(community)
    new = replace(settings, reviewer_users=frozenset(users), reviewer_roles=frozenset(roles),
                  reviewer_channel=channel)
    if expiry is not None:
        new = replace(new, reviewer_expiry_days=expiry)
    await store.save_settings(new, actor="terminal:boss", action="reviewers", before=None, after=None)


async def delivered(store, community: str, request_id: int) -> bool:
    """Whether the member has been given the feedback (a platform marks it just after its DM went)."""
    for _ in range(250):
        if (await store.reviewer_request(community, request_id)).delivered_at is not None:
            return True
        await asyncio.sleep(0.02)
    return False


async def placed(store, community: str, request_id: int) -> str:
    """Where a platform posted the request (saved just after its letter is posted)."""
    for _ in range(250):
        place = (await store.reviewer_request(community, request_id)).place
        if place:
            return place
        await asyncio.sleep(0.02)
    raise AssertionError("the request was never posted")


async def every_value(store) -> str:
    """Every value in every table of the database, as text, on either engine."""
    if is_postgres_url(store.path):
        tables = [t for t, in await store.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")]
    else:
        tables = [t for t, in await store.query("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert "reviewer_requests" in tables
    rows = []
    for table in tables:
        rows += [str(row) for row in await store.query(f"SELECT * FROM {table}")]
    return "\n".join(rows)
