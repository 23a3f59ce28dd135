"""A community's own configuration, as the core sees it (storage loads and saves it whole)."""
from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_RETENTION_DAYS = 90
# How long a community may keep history: 1 day to 10 years (the schema's CHECK constraints hold the same).
RETENTION_DAYS = range(1, 3650 + 1)
DEFAULT_REVIEWER_EXPIRY_DAYS = 7  # a request for a human read closes after this many days without a step


@dataclass(frozen=True)
class FaqRow:
    """One of the community's own FAQ entries."""
    id: int | None  # None until stored
    question: str
    answer: str
    also_asked: tuple[str, ...] = ()  # other ways members ask it, matched as the question is


@dataclass(frozen=True)
class CommunitySettings:
    """A community's configuration, as moderators set it (the defaults until they do)."""
    community: str
    retention_days: int = DEFAULT_RETENTION_DAYS
    default_guide: str | None = None
    region: str | None = None  # 'us' or 'uk' (`/mod region`); None: the shipped default, UK
    cooldown: tuple[int, int] | None = None  # at most N reviews per this many seconds
    allowed_channels: frozenset[str] = frozenset()  # empty: every channel
    switches: dict[tuple[str, str], bool] = field(default_factory=dict)  # (command, channel or "") -> on
    moderator_roles: frozenset[str] = frozenset()
    moderator_users: frozenset[str] = frozenset()
    faq: tuple[FaqRow, ...] = ()
    # The reviewer queue: who reads members' letters, where requests are posted, when they close unread.
    reviewer_roles: frozenset[str] = frozenset()
    reviewer_users: frozenset[str] = frozenset()
    reviewer_channel: str | None = None
    reviewer_expiry_days: int = DEFAULT_REVIEWER_EXPIRY_DAYS
    version: int = 0  # counts saves: a change made from an older version is refused, never lost silently

    def enabled(self, command: str, channel: str) -> bool:
        """A channel's own switch wins over the community-wide one; commands are on by default."""
        if (command, channel) in self.switches:
            return self.switches[(command, channel)]
        return self.switches.get((command, ""), True)

    @property
    def has_reviewers(self) -> bool:
        return bool(self.reviewer_roles or self.reviewer_users)

    def channel_allowed(self, channel: str) -> bool:
        return not self.allowed_channels or channel in self.allowed_channels
