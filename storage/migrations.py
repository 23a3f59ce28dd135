"""Numbered schema migrations. Append only: a released migration is never edited.

Each is applied in its own transaction at start-up and recorded in ``schema_version``.
"""

from .daily_counts import SQLITE_MIGRATION as DAILY_COUNTS
from .daily_counts import SQLITE_WRONG_CREDITS
from .schema_sql import SQLITE as T  # the pieces both engines share

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "commands and reviews", T.commands + """
        );
    """),
    (2, "review findings, community retention, indexes for history and purges", T.review_findings + """
        );
        ALTER TABLE reviews ADD COLUMN paragraphs INTEGER;""" + T.history_indexes + "\n    "),
    (3, "platform deliveries already handled, so a retried request runs once", T.deliveries + "\n    "),
    (4, "moderation: settings, switches, community FAQ, moderators, cooldowns, feedback, audit log", """
        ALTER TABLE communities ADD COLUMN default_guide TEXT;
        ALTER TABLE communities ADD COLUMN cooldown_count INTEGER;
        ALTER TABLE communities ADD COLUMN cooldown_seconds INTEGER;""" + T.moderation + "\n    "),
    (5, "indexes for a community's stats over a period", """
        CREATE INDEX commands_by_community_time ON commands (community, at);
        CREATE INDEX reviews_by_community_time ON reviews (community, at, score);
    """),
    (6, "the guide a command answered from, in a column of its own for stats (read once from older args)", """
        CREATE TABLE guide_uses (
            command_id INTEGER PRIMARY KEY REFERENCES commands(id) ON DELETE CASCADE,
            guide TEXT NOT NULL
        );
        INSERT INTO guide_uses (command_id, guide)
            SELECT id, CASE WHEN instr(' ' || args, ' role=') = 0 THEN 'general' ELSE
                substr(' ' || args || ' ', instr(' ' || args, ' role=') + 6,
                       instr(substr(' ' || args || ' ', instr(' ' || args, ' role=') + 6), ' ') - 1) END
            FROM commands WHERE command IN ('guide', 'mistakes', 'faq') AND outcome = 'ok';
    """),
    (7, "whether a review had the job advert, and its coverage (never the advert's text)", """
        ALTER TABLE reviews ADD COLUMN advert INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE reviews ADD COLUMN advert_covered INTEGER;
        ALTER TABLE reviews ADD COLUMN advert_total INTEGER;
    """),
    (8, "guides a community's moderators write, kept as their YAML", T.community_guides + "\n    "),
    (9, "a version for each community's settings, so concurrent changes are never silently lost", """
        ALTER TABLE communities ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
    """),
    (10, "the reviewer queue: reviewers, its channel and expiry, and members' requests for a human read",
     T.reviewer_queue),
    (11, "/mod stats from covering indexes: each guide use keeps its community and time beside it", """
        ALTER TABLE guide_uses ADD COLUMN community TEXT;
        ALTER TABLE guide_uses ADD COLUMN at TEXT;
        UPDATE guide_uses SET (community, at) =
            (SELECT community, at FROM commands WHERE commands.id = guide_uses.command_id);""" + T.stats_indexes),
    (12, "/mod stats counts the review points raised from an index: each finding keeps its review's community"
         " and time beside it", """
        ALTER TABLE review_findings ADD COLUMN community TEXT;
        ALTER TABLE review_findings ADD COLUMN at TEXT;
        UPDATE review_findings SET (community, at) =
            (SELECT community, at FROM reviews WHERE reviews.id = review_findings.review_id);
        CREATE INDEX review_findings_for_stats ON review_findings (community, at, rule, severity)
            WHERE kind = 'issue';
    """),
    (13, "/mod stats from daily counts: per community and day, kept exact by triggers", DAILY_COUNTS + "\n    "),
    (14, "other ways members ask a community FAQ entry's question, one a line", T.faq_also_asked),
    (15, "a community's region (uk or us) apart from its default role", T.community_region),
    (16, "commands Shortlist doesn't have are recorded as 'unknown', never by the word typed", T.unknown_commands),
    (17, "a point marked wrong keeps whether it was raised or credited, and /mod stats counts the two apart",
     SQLITE_WRONG_CREDITS),
]

LATEST = MIGRATIONS[-1][0]


def statements(sql: str) -> list[str]:
    """A migration's statements, one by one: split at each ``;`` that ends one (a trigger's body holds its own)."""
    import sqlite3
    out, pending = [], ""
    for piece in sql.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                out.append(pending)
            pending = ""
    return out
