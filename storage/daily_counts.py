"""`/mod stats` from pre-aggregated daily counts.

`stats_daily` holds, per community and UTC day, how many commands of each name ran, answers each guide
gave, reviews at each (guide, score), review points raised per rule and points marked wrong per rule.
Triggers on the tables they count keep it exact, whatever writes or deletes the rows (the history
queue, retention, `/forget`, `/mod erase`, `shortlist db copy`). A period's figures are then its whole
days from this table (a few rows a day) plus the part-day at its start from the rows themselves, read
from their covering indexes (migrations 11 and 12).

Nothing in it names a member: counts per day only, like the figures `/mod stats` shows.
"""
from __future__ import annotations

import datetime as dt

from .engine import iso

# (table, part, name, score, condition): what each counted table adds to stats_daily. The rows are never
# updated in place (only inserted and deleted), so insert and delete triggers keep the counts exact.
COUNTED = (
    ("commands", "c", "command", "0", ""),
    ("guide_uses", "g", "guide", "0", "community IS NOT NULL"),  # older rows may predate migration 11
    ("reviews", "r", "guide", "score", ""),
    ("review_findings", "f", "rule", "0", "kind = 'issue' AND severity != 'info' AND community IS NOT NULL"),
    ("rule_feedback", "w", "rule", "0", ""),
)

TABLE = """
        CREATE TABLE stats_daily (
            community TEXT NOT NULL,
            day TEXT NOT NULL,
            part TEXT NOT NULL,
            name TEXT NOT NULL,
            score INTEGER NOT NULL,
            n {count} NOT NULL,
            PRIMARY KEY (community, day, part, name, score)
        ){without_rowid};"""

KEY = "community, day, part, name, score"


def _grouping(name: str, score: str) -> str:
    """A row's key to group by (a constant score is left out: ``GROUP BY 0`` would name a column)."""
    return f"community, substr(at, 1, 10), {name}" + (f", {score}" if score != "0" else "")


def _backfill() -> str:
    return "".join(
        f"""
        INSERT INTO stats_daily ({KEY}, n)
            SELECT community, substr(at, 1, 10), '{part}', {name}, {score}, COUNT(*) FROM {table}
            {"WHERE " + where if where else ""} GROUP BY {_grouping(name, score)};"""
        for table, part, name, score, where in COUNTED)


def _sqlite_triggers() -> str:
    out = []
    for table, part, name, score, where in COUNTED:
        for event, row, change in (("INSERT", "NEW", "+"), ("DELETE", "OLD", "-")):
            when = f" WHEN {' AND '.join(f'{row}.' + w for w in where.split(' AND '))}" if where else ""
            key = f"{row}.community, substr({row}.at, 1, 10), '{part}', {row}.{name}, " + \
                (f"{row}.{score}" if score != "0" else "0")
            action = (f"INSERT INTO stats_daily ({KEY}, n) VALUES ({key}, 1)"
                      f" ON CONFLICT ({KEY}) DO UPDATE SET n = n + 1" if change == "+" else
                      f"UPDATE stats_daily SET n = n - 1 WHERE ({KEY}) = ({key})")
            out.append(f"""
        CREATE TRIGGER {table}_counted_{event.lower()} AFTER {event} ON {table}{when}
        BEGIN {action}; END;""")
    return "".join(out)


def _postgres_counter(create: str, table: str, grouped: str) -> str:
    """The function a table's statement-level triggers run: ``grouped`` (the changed rows' counts) added or taken."""
    return f"""
        {create} FUNCTION {table}_counted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                INSERT INTO stats_daily ({KEY}, n) {grouped} ORDER BY {KEY}
                ON CONFLICT ({KEY}) DO UPDATE SET n = stats_daily.n + excluded.n;
            ELSE
                UPDATE stats_daily s SET n = s.n - d.n FROM ({grouped}) d
                WHERE (s.community, s.day, s.part, s.name, s.score) = (d.community, d.day, d.part, d.name, d.score);
            END IF;
            RETURN NULL;
        END $$;"""


def _postgres_triggers() -> str:
    """Statement-level triggers over transition tables: a batch of rows (or `COPY`) adds to each count once."""
    out = []
    for table, part, name, score, where in COUNTED:
        grouped = (f"SELECT community, substr(at, 1, 10) AS day, '{part}' AS part, {name} AS name, {score} AS score,"
                   f" COUNT(*) AS n FROM changed {'WHERE ' + where if where else ''}"
                   f" GROUP BY {_grouping(name, score)}")
        out.append(_postgres_counter("CREATE", table, grouped) + f"""
        CREATE TRIGGER {table}_counted_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS changed
            FOR EACH STATEMENT EXECUTE FUNCTION {table}_counted();
        CREATE TRIGGER {table}_counted_delete AFTER DELETE ON {table} REFERENCING OLD TABLE AS changed
            FOR EACH STATEMENT EXECUTE FUNCTION {table}_counted();""")
    return "".join(out)


SQLITE_MIGRATION = TABLE.format(count="INTEGER", without_rowid=" WITHOUT ROWID") + _backfill() + _sqlite_triggers()
POSTGRES_MIGRATION = TABLE.format(count="BIGINT", without_rowid="") + _backfill() + _postgres_triggers()

# A point marked wrong is a wrong issue ('w', as before) or a wrong credit ('m': a strength the review credited for
# words that don't show it). Every row written before the kind was kept is an issue: the counts stand as they are.
_FEEDBACK_KIND = """
        ALTER TABLE rule_feedback ADD COLUMN kind TEXT NOT NULL DEFAULT 'issue'
            CHECK (kind IN ('issue', 'strength'));"""
_FEEDBACK_PART = "CASE {row}kind WHEN 'strength' THEN 'm' ELSE 'w' END"
_FEEDBACK_KEY = "{row}community, substr({row}at, 1, 10), " + _FEEDBACK_PART + ", {row}rule, 0"
SQLITE_WRONG_CREDITS = _FEEDBACK_KIND + f"""
        DROP TRIGGER rule_feedback_counted_insert;
        DROP TRIGGER rule_feedback_counted_delete;
        CREATE TRIGGER rule_feedback_counted_insert AFTER INSERT ON rule_feedback
        BEGIN INSERT INTO stats_daily ({KEY}, n) VALUES ({_FEEDBACK_KEY.format(row="NEW.")}, 1)
            ON CONFLICT ({KEY}) DO UPDATE SET n = n + 1; END;
        CREATE TRIGGER rule_feedback_counted_delete AFTER DELETE ON rule_feedback
        BEGIN UPDATE stats_daily SET n = n - 1 WHERE ({KEY}) = ({_FEEDBACK_KEY.format(row="OLD.")}); END;
    """
_FEEDBACK_GROUPED = (f"SELECT community, substr(at, 1, 10) AS day, {_FEEDBACK_PART.format(row='')} AS part,"
                     " rule AS name, 0 AS score, COUNT(*) AS n FROM changed GROUP BY community, substr(at, 1, 10),"
                     " rule, kind")
POSTGRES_WRONG_CREDITS = _FEEDBACK_KIND + _postgres_counter("CREATE OR REPLACE", "rule_feedback", _FEEDBACK_GROUPED) + \
    "\n    "

# (part, name, score, count) rows: whole days from stats_daily, then the part-day at the period's start from the
# rows themselves. Parts may repeat a name (one from each source): the caller adds them up.
_PART_DAY = " AND at >= ? AND at < ?"
STATS = " UNION ALL ".join([
    "SELECT part, name, score, CAST(SUM(n) AS BIGINT) FROM stats_daily WHERE community = ? AND day >= ?"
    " GROUP BY part, name, score HAVING SUM(n) > 0",  # a count whose rows were all deleted is 0, and not shown
    "SELECT 'c', command, 0, COUNT(*) FROM commands WHERE community = ?" + _PART_DAY + " GROUP BY command",
    "SELECT 'g', guide, 0, COUNT(*) FROM guide_uses WHERE community = ?" + _PART_DAY + " GROUP BY guide",
    "SELECT 'r', guide, score, COUNT(*) FROM reviews WHERE community = ?" + _PART_DAY + " GROUP BY guide, score",
    "SELECT 'f', rule, 0, COUNT(*) FROM review_findings WHERE community = ?" + _PART_DAY +
    " AND kind = 'issue' AND severity != 'info' GROUP BY rule",
    f"SELECT {_FEEDBACK_PART.format(row='')}, rule, 0, COUNT(*) FROM rule_feedback WHERE community = ?" + _PART_DAY +
    " GROUP BY kind, rule"])


def stats_params(community: str, since: dt.datetime) -> tuple[str, ...]:
    """``STATS``'s parameters: the first whole day after ``since`` from the counts, the time before it from rows."""
    next_day = (since.astimezone(dt.UTC) + dt.timedelta(days=1)).date().isoformat()
    return (community, next_day) + (community, iso(since), next_day) * (len(COUNTED))
