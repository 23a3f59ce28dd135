"""The reviewer queue: a member who has had the automatic review asks the community's volunteer
reviewers for a human read of the same letter.

This is the one place a letter's text is kept, because the member asked a person to read it: only while
the request is open, deleted (with the member's note, the reviewer's feedback and the member's answer)
when it closes, expires or the member runs ``/forget``. Platform-free: adapters only draw what this says.
The requests themselves, as stored, are in ``queue_records.py``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .member_memory import MemberMemory
from .reply import MASS_MENTION

if TYPE_CHECKING:
    import datetime as dt

    from .request import Request
    from .settings import CommunitySettings

FEEDBACK_MAX = 4000  # a Discord modal's box holds 4,000 characters; Slack's form takes two of 3,000
NOTE_MAX = 500
ANSWER_MAX = 1000
RECENT_LETTER_SECONDS = 3600  # how long the latest reviewed letter waits in memory for "Ask a reviewer"
RECENT_LETTERS_MAX = 2000  # members remembered at once, per process


def is_reviewer(request: Request, settings: CommunitySettings) -> bool:
    """Named by a moderator, directly or through a platform role (checked at every step, so a reviewer
    who lost the role can no longer claim or reply)."""
    return request.user_id in settings.reviewer_users or bool(settings.reviewer_roles.intersection(request.roles))


def problem_with_text(text: str | None, what: str, limit: int) -> str | None:
    """Why a reviewer's feedback (or a member's answer) can't be sent as it is; None when it can."""
    if text is None or not text.strip():
        return f"The {what} was empty. Write it in the box (or paste it after the command). Nothing was sent."
    if len(text) > limit:
        return (f"The {what} is {len(text):,} characters; the limit is {limit:,}. Shorten it a little and send it "
                "again. Nothing was sent.")
    if MASS_MENTION.search(text):
        return (f"The {what} mentions everyone, a group or a role (such as @everyone or @here). It goes to one "
                "person only, so take the mention out and send it again. Nothing was sent.")
    return None


def waited(since: dt.datetime, now: dt.datetime) -> str:
    """"3 days", "5 hours", "12 minutes", "just now": how long a request has waited."""
    seconds = int((now - since).total_seconds())
    for name, length in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= length:
            n = seconds // length
            return f"{n} {name}{'s' if n > 1 else ''}"
    return "under a minute"


class RecentLetters(MemberMemory[tuple[str, str, int, tuple[str, ...]]]):
    """Each member's latest reviewed letter for an hour: "Ask a reviewer" under a review sends that letter
    without asking for it again. ``get`` gives (text, guide, score, fixes). Forgotten on ``/forget``, on a
    restart, and once sent to the queue."""

    def __init__(self, seconds: float = RECENT_LETTER_SECONDS, limit: int = RECENT_LETTERS_MAX) -> None:
        super().__init__(seconds, limit)

    def keep(self, community: str, user: str, text: str, guide: str, score: int, fixes: tuple[str, ...]) -> None:
        self.put(community, user, (text, guide, score, fixes))
