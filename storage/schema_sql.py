"""The schema both engines share, written once. Each engine's migrations (``migrations.py`` for SQLite,
``postgres_migrations.py``) are built from these pieces, rendered in its dialect: the SQL each migration
runs is exactly what it ran when it was released (a test checks the rendering against fingerprints).

Placeholders: ``{id}`` an auto-numbered key, ``{ref}`` a column referring to one, ``{user}`` the member
column (a reserved word in PostgreSQL), ``{real}`` a floating-point type, ``{without_rowid}`` SQLite's
storage hint for tables keyed by their primary key.
"""
from __future__ import annotations

from typing import NamedTuple

_COMMANDS = """
        CREATE TABLE commands (
            id {id},
            at TEXT NOT NULL,
            platform TEXT NOT NULL,
            community TEXT NOT NULL,
            channel TEXT NOT NULL,
            {user} TEXT NOT NULL,
            command TEXT NOT NULL,
            args TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused', 'error')),
            latency_ms {real} NOT NULL
        );
        CREATE TABLE reviews (
            id {id},
            at TEXT NOT NULL,
            community TEXT NOT NULL,
            {user} TEXT NOT NULL,
            guide TEXT NOT NULL,
            score INTEGER NOT NULL,
            words INTEGER NOT NULL,
            text_sha256 TEXT NOT NULL"""

_REVIEW_FINDINGS = """
        CREATE TABLE review_findings (
            review_id {ref} NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
            rule TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('issue', 'strength')),
            severity TEXT NOT NULL,
            PRIMARY KEY (review_id, rule, kind)
        ){without_rowid};
        CREATE TABLE communities (
            id TEXT PRIMARY KEY,
            retention_days INTEGER NOT NULL DEFAULT 90 CHECK (retention_days BETWEEN 1 AND 3650)"""

_HISTORY_INDEXES = """
        CREATE INDEX reviews_by_member ON reviews (community, {user}, id);
        CREATE INDEX reviews_by_member_guide ON reviews (community, {user}, guide, id);
        CREATE INDEX commands_by_member ON commands (community, {user});
        CREATE INDEX commands_by_time ON commands (at);
        CREATE INDEX reviews_by_time ON reviews (at);"""

_DELIVERIES = """
        CREATE TABLE deliveries (
            key TEXT PRIMARY KEY,
            at TEXT NOT NULL
        ){without_rowid};
        CREATE INDEX deliveries_by_time ON deliveries (at);"""

# Who may moderate, and who reviews: each a Discord role or Slack user group, or one member.
_PEOPLE = """
        CREATE TABLE {table} (
            community TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('role', 'user')),
            value TEXT NOT NULL,
            PRIMARY KEY (community, kind, value)
        ){without_rowid};"""

_MODERATION = """
        CREATE TABLE allowed_channels (
            community TEXT NOT NULL,
            channel TEXT NOT NULL,
            PRIMARY KEY (community, channel)
        ){without_rowid};
        CREATE TABLE command_switches (
            community TEXT NOT NULL,
            command TEXT NOT NULL,
            channel TEXT NOT NULL DEFAULT '',
            enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
            PRIMARY KEY (community, command, channel)
        ){without_rowid};
        CREATE TABLE faq_entries (
            id {id},
            community TEXT NOT NULL,
            question TEXT NOT NULL,
            answer TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX faq_by_community ON faq_entries (community, id);""" + _PEOPLE.replace("{table}", "moderators") \
    + """
        CREATE TABLE review_slots (
            community TEXT NOT NULL,
            {user} TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX review_slots_by_member ON review_slots (community, {user}, at);
        CREATE TABLE rule_feedback (
            id {id},
            at TEXT NOT NULL,
            community TEXT NOT NULL,
            guide TEXT NOT NULL,
            rule TEXT NOT NULL
        );
        CREATE INDEX rule_feedback_by_community ON rule_feedback (community, at);
        CREATE TABLE audit_log (
            id {id},
            at TEXT NOT NULL,
            community TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            before TEXT,
            after TEXT
        );
        CREATE INDEX audit_by_community ON audit_log (community, id);
        CREATE TABLE pending_imports (
            token TEXT PRIMARY KEY,
            community TEXT NOT NULL,
            actor TEXT NOT NULL,
            document TEXT NOT NULL,
            at TEXT NOT NULL
        ){without_rowid};"""

_COMMUNITY_GUIDES = """
        CREATE TABLE community_guides (
            community TEXT NOT NULL,
            id TEXT NOT NULL,
            yaml TEXT NOT NULL,
            actor TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (community, id)
        );"""

_REVIEWER_QUEUE = """
        ALTER TABLE communities ADD COLUMN reviewer_channel TEXT;
        ALTER TABLE communities ADD COLUMN reviewer_expiry_days INTEGER NOT NULL DEFAULT 7
            CHECK (reviewer_expiry_days BETWEEN 1 AND 90);""" + _PEOPLE.replace("{table}", "reviewers") + """
        CREATE TABLE reviewer_requests (
            id {id},
            community TEXT NOT NULL,
            {user} TEXT NOT NULL,
            platform TEXT NOT NULL,
            at TEXT NOT NULL,
            touched_at TEXT NOT NULL,
            anonymous INTEGER NOT NULL DEFAULT 1 CHECK (anonymous IN (0, 1)),
            member_name TEXT,
            guide TEXT NOT NULL,
            score INTEGER NOT NULL,
            fixes TEXT NOT NULL DEFAULT '',
            letter TEXT,
            note TEXT,
            claimed_by TEXT,
            claimed_at TEXT,
            replied_by TEXT,
            replied_at TEXT,
            feedback TEXT,
            delivered_at TEXT,
            answer TEXT,
            answered_at TEXT,
            closed_at TEXT,
            close_reason TEXT CHECK (close_reason IN ('member', 'expired')),
            notified_at TEXT,
            place TEXT
        );
        CREATE UNIQUE INDEX reviewer_requests_one_open ON reviewer_requests (community, {user})
            WHERE closed_at IS NULL;
        CREATE INDEX reviewer_requests_by_community ON reviewer_requests (community, closed_at, id);
        CREATE INDEX reviewer_requests_by_time ON reviewer_requests (at);
    """

_STATS_INDEXES = """
        CREATE INDEX guide_uses_for_stats ON guide_uses (community, at, guide);
        CREATE INDEX commands_for_stats ON commands (community, at, command);
        DROP INDEX commands_by_community_time;
        CREATE INDEX reviews_for_stats ON reviews (community, at, guide, score);
        DROP INDEX reviews_by_community_time;
    """

# Other ways members ask a community FAQ entry's question, one a line.
_FAQ_ALSO_ASKED = """
        ALTER TABLE faq_entries ADD COLUMN also_asked TEXT NOT NULL DEFAULT '';
    """

# A community's region ('us'; NULL: the shipped UK default), kept apart from its default role: `/mod region us`
# used to set the default role to general-us, so a later `/mod default-role` silently undid it. Such a
# community's default role is its region.
_COMMUNITY_REGION = """
        ALTER TABLE communities ADD COLUMN region TEXT;
        UPDATE communities SET region = 'us', default_guide = NULL WHERE default_guide = 'general-us';
    """

# An unknown command was recorded by the word typed, so the first word of a pasted line or a mistyped file
# path (a member's or an employer's name) reached history and `/mod stats` (trial 14 F28). Such rows now say
# 'unknown'; the names are Shortlist's commands when this migration was written (append only: never edited).
_KNOWN = ("('ask-reviewer', 'faq', 'feedback', 'forget', 'guide', 'help', 'history', 'mistakes', 'mod', "
          "'my-request', 'queue', 'review')")
_UNKNOWN_COMMANDS = f"""
        UPDATE commands SET command = 'unknown' WHERE command NOT IN {_KNOWN};
        DELETE FROM stats_daily WHERE part = 'c' AND name NOT IN {_KNOWN};
        INSERT INTO stats_daily (community, day, part, name, score, n)
            SELECT community, substr(at, 1, 10), 'c', command, 0, COUNT(*) FROM commands
            WHERE command = 'unknown' GROUP BY community, substr(at, 1, 10), command;
    """


class Schema(NamedTuple):
    """The shared pieces, rendered in one engine's dialect (a named tuple: building a frozen dataclass compiles
    its methods, a cost every start of the command line paid)."""
    commands: str
    review_findings: str
    history_indexes: str
    deliveries: str
    moderation: str
    community_guides: str
    reviewer_queue: str
    stats_indexes: str
    faq_also_asked: str
    community_region: str
    unknown_commands: str


def _render(**dialect: str) -> Schema:
    return Schema(*(globals()[f"_{name.upper()}"].format(**dialect) for name in Schema._fields))


SQLITE = _render(id="INTEGER PRIMARY KEY", ref="INTEGER", user="user", real="REAL", without_rowid=" WITHOUT ROWID")
POSTGRES = _render(id="BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", ref="BIGINT", user='"user"',
                   real="DOUBLE PRECISION", without_rowid="")
