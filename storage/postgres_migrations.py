"""PostgreSQL's own numbered migrations. Append only: a released migration is never edited.

The tables and columns are the SQLite schema's (the repositories' SQL runs on both; a test compares
the two), with PostgreSQL's types. Timestamps stay ISO-8601 text in UTC, as on SQLite, so the same
comparisons work and ``shortlist db copy`` moves rows unchanged.
"""

from .daily_counts import POSTGRES_MIGRATION as DAILY_COUNTS
from .daily_counts import POSTGRES_WRONG_CREDITS
from .schema_sql import POSTGRES as T  # the pieces both engines share

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "the schema of SQLite migration 8: history, moderation, deliveries, guide uses, advert coverage,"
        " community guides", """
        CREATE FUNCTION instr(haystack TEXT, needle TEXT) RETURNS INTEGER
            LANGUAGE sql IMMUTABLE STRICT AS 'SELECT strpos(haystack, needle)';""" + T.commands + """,
            paragraphs INTEGER,
            advert INTEGER NOT NULL DEFAULT 0,
            advert_covered INTEGER,
            advert_total INTEGER
        );""" + T.review_findings + """,
            default_guide TEXT,
            cooldown_count INTEGER,
            cooldown_seconds INTEGER
        );""" + T.history_indexes + T.deliveries + T.moderation + """
        CREATE INDEX commands_by_community_time ON commands (community, at);
        CREATE INDEX reviews_by_community_time ON reviews (community, at, score);
        CREATE TABLE guide_uses (
            command_id BIGINT PRIMARY KEY REFERENCES commands(id) ON DELETE CASCADE,
            guide TEXT NOT NULL
        );""" + T.community_guides + "\n    "),
    (2, "a version for each community's settings (SQLite migration 9)", """
        ALTER TABLE communities ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
    """),
    (3, "the reviewer queue (SQLite migration 10)", T.reviewer_queue),
    (4, "/mod stats from covering indexes (SQLite migration 11)", """
        ALTER TABLE guide_uses ADD COLUMN community TEXT, ADD COLUMN at TEXT;
        UPDATE guide_uses g SET community = c.community, at = c.at FROM commands c WHERE c.id = g.command_id;"""
     + T.stats_indexes),
    (5, "/mod stats counts the review points raised from an index (SQLite migration 12)", """
        ALTER TABLE review_findings ADD COLUMN community TEXT, ADD COLUMN at TEXT;
        UPDATE review_findings f SET community = r.community, at = r.at FROM reviews r WHERE r.id = f.review_id;
        CREATE INDEX review_findings_for_stats ON review_findings (community, at, rule, severity)
            WHERE kind = 'issue';
    """),
    (6, "/mod stats from daily counts, kept exact by triggers (SQLite migration 13)", DAILY_COUNTS + "\n    "),
    (7, "other ways members ask a community FAQ entry's question (SQLite migration 14)", T.faq_also_asked),
    (8, "a community's region apart from its default role (SQLite migration 15)", T.community_region),
    (9, "unknown commands recorded as 'unknown' (SQLite migration 16)", T.unknown_commands),
    (10, "a point marked wrong keeps whether it was raised or credited (SQLite migration 17)", POSTGRES_WRONG_CREDITS),
]

LATEST = MIGRATIONS[-1][0]
