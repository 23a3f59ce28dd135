"""Numbered schema migrations. Append only: a released migration is never edited.

Each is applied in its own transaction at start-up and recorded in ``schema_version``.
"""

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "commands and reviews", """
        CREATE TABLE commands (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            platform TEXT NOT NULL,
            community TEXT NOT NULL,
            channel TEXT NOT NULL,
            user TEXT NOT NULL,
            command TEXT NOT NULL,
            args TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused', 'error')),
            latency_ms REAL NOT NULL
        );
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            community TEXT NOT NULL,
            user TEXT NOT NULL,
            guide TEXT NOT NULL,
            score INTEGER NOT NULL,
            words INTEGER NOT NULL,
            text_sha256 TEXT NOT NULL
        );
    """),
    (2, "review findings, community retention, indexes for history and purges", """
        CREATE TABLE review_findings (
            review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
            rule TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('issue', 'strength')),
            severity TEXT NOT NULL,
            PRIMARY KEY (review_id, rule, kind)
        ) WITHOUT ROWID;
        CREATE TABLE communities (
            id TEXT PRIMARY KEY,
            retention_days INTEGER NOT NULL DEFAULT 90 CHECK (retention_days BETWEEN 1 AND 3650)
        );
        ALTER TABLE reviews ADD COLUMN paragraphs INTEGER;
        CREATE INDEX reviews_by_member ON reviews (community, user, id);
        CREATE INDEX reviews_by_member_guide ON reviews (community, user, guide, id);
        CREATE INDEX commands_by_member ON commands (community, user);
        CREATE INDEX commands_by_time ON commands (at);
        CREATE INDEX reviews_by_time ON reviews (at);
    """),
    (3, "platform deliveries already handled, so a retried request runs once", """
        CREATE TABLE deliveries (
            key TEXT PRIMARY KEY,
            at TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX deliveries_by_time ON deliveries (at);
    """),
    (4, "moderation: settings, switches, community FAQ, moderators, cooldowns, feedback, audit log", """
        ALTER TABLE communities ADD COLUMN default_guide TEXT;
        ALTER TABLE communities ADD COLUMN cooldown_count INTEGER;
        ALTER TABLE communities ADD COLUMN cooldown_seconds INTEGER;
        CREATE TABLE allowed_channels (
            community TEXT NOT NULL,
            channel TEXT NOT NULL,
            PRIMARY KEY (community, channel)
        ) WITHOUT ROWID;
        CREATE TABLE command_switches (
            community TEXT NOT NULL,
            command TEXT NOT NULL,
            channel TEXT NOT NULL DEFAULT '',
            enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
            PRIMARY KEY (community, command, channel)
        ) WITHOUT ROWID;
        CREATE TABLE faq_entries (
            id INTEGER PRIMARY KEY,
            community TEXT NOT NULL,
            question TEXT NOT NULL,
            answer TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX faq_by_community ON faq_entries (community, id);
        CREATE TABLE moderators (
            community TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('role', 'user')),
            value TEXT NOT NULL,
            PRIMARY KEY (community, kind, value)
        ) WITHOUT ROWID;
        CREATE TABLE review_slots (
            community TEXT NOT NULL,
            user TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX review_slots_by_member ON review_slots (community, user, at);
        CREATE TABLE rule_feedback (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            community TEXT NOT NULL,
            guide TEXT NOT NULL,
            rule TEXT NOT NULL
        );
        CREATE INDEX rule_feedback_by_community ON rule_feedback (community, at);
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
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
        ) WITHOUT ROWID;
    """),
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
    (8, "guides a community's moderators write, kept as their YAML", """
        CREATE TABLE community_guides (
            community TEXT NOT NULL,
            id TEXT NOT NULL,
            yaml TEXT NOT NULL,
            actor TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (community, id)
        );
    """),
    (9, "a version for each community's settings, so concurrent changes are never silently lost", """
        ALTER TABLE communities ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
    """),
    (10, "the reviewer queue: reviewers, its channel and expiry, and members' requests for a human read", """
        ALTER TABLE communities ADD COLUMN reviewer_channel TEXT;
        ALTER TABLE communities ADD COLUMN reviewer_expiry_days INTEGER NOT NULL DEFAULT 7
            CHECK (reviewer_expiry_days BETWEEN 1 AND 90);
        CREATE TABLE reviewers (
            community TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('role', 'user')),
            value TEXT NOT NULL,
            PRIMARY KEY (community, kind, value)
        ) WITHOUT ROWID;
        CREATE TABLE reviewer_requests (
            id INTEGER PRIMARY KEY,
            community TEXT NOT NULL,
            user TEXT NOT NULL,
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
        CREATE UNIQUE INDEX reviewer_requests_one_open ON reviewer_requests (community, user)
            WHERE closed_at IS NULL;
        CREATE INDEX reviewer_requests_by_community ON reviewer_requests (community, closed_at, id);
        CREATE INDEX reviewer_requests_by_time ON reviewer_requests (at);
    """),
    (11, "/mod stats from covering indexes: each guide use keeps its community and time beside it", """
        ALTER TABLE guide_uses ADD COLUMN community TEXT;
        ALTER TABLE guide_uses ADD COLUMN at TEXT;
        UPDATE guide_uses SET (community, at) =
            (SELECT community, at FROM commands WHERE commands.id = guide_uses.command_id);
        CREATE INDEX guide_uses_for_stats ON guide_uses (community, at, guide);
        CREATE INDEX commands_for_stats ON commands (community, at, command);
        DROP INDEX commands_by_community_time;
        CREATE INDEX reviews_for_stats ON reviews (community, at, guide, score);
        DROP INDEX reviews_by_community_time;
    """),
    (12, "/mod stats counts the review points raised from an index: each finding keeps its review's community"
         " and time beside it", """
        ALTER TABLE review_findings ADD COLUMN community TEXT;
        ALTER TABLE review_findings ADD COLUMN at TEXT;
        UPDATE review_findings SET (community, at) =
            (SELECT community, at FROM reviews WHERE reviews.id = review_findings.review_id);
        CREATE INDEX review_findings_for_stats ON review_findings (community, at, rule, severity)
            WHERE kind = 'issue';
    """),
]

LATEST = MIGRATIONS[-1][0]
