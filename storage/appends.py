"""The history queue's writes: a batch of records nobody waits for (commands, reviews) and of delivery
claims (which their callers do wait for), each batch in one transaction and one round trip.

SQLite: one call into the connection's thread runs the whole transaction. PostgreSQL: the records go
in one statement (data-modifying CTEs: rows, their guide uses, reviews and their findings), the
claims in another.
"""
from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any, TypeAlias

from bot.records import CommandRecord

from .engine import iso

if TYPE_CHECKING:
    from bot.review_records import ReviewRecord

# A review's record is the one that isn't a CommandRecord: its class loads only with a review (bot/review_records.py).
HistoryRecord: TypeAlias = "CommandRecord | ReviewRecord"
COMMAND_COLUMNS = 'at, platform, community, channel, "user", command, args, outcome, latency_ms'
INSERT_COMMAND = f"INSERT INTO commands ({COMMAND_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
REVIEW_COLUMNS = ('at, community, "user", guide, score, words, paragraphs, text_sha256, advert, advert_covered,'
                  ' advert_total')
INSERT_REVIEW = f"INSERT INTO reviews ({REVIEW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
INSERT_GUIDE_USE = "INSERT INTO guide_uses (command_id, guide, community, at) VALUES (?, ?, ?, ?)"
# A finding keeps its review's community and time: /mod stats counts them from an index (migration 12).
INSERT_FINDING = ("INSERT INTO review_findings (review_id, rule, kind, severity, community, at)"
                  " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")


def command_row(r: CommandRecord) -> tuple[Any, ...]:
    return (iso(r.at), r.platform, r.community, r.channel, r.user, r.command, r.args, r.outcome, r.latency_ms)


def review_row(r: ReviewRecord) -> tuple[Any, ...]:
    return (iso(r.at), r.community, r.user, r.guide, r.score, r.words, r.paragraphs, r.text_sha256, int(r.advert),
            r.advert_covered, r.advert_total)


def finding_rows(review_id: int, r: ReviewRecord) -> list[tuple[Any, ...]]:
    """``INSERT_FINDING``'s rows for one review."""
    return [(review_id, *finding, r.community, iso(r.at)) for finding in r.findings]


def row_count(records: list[HistoryRecord]) -> int:
    """The rows a batch of records writes, near enough to say whether it is small: a review's findings count, a
    command's guide use and the daily counts' triggers don't."""
    return sum(1 + len(r.findings) if not isinstance(r, CommandRecord) else 1 for r in records)


# -- SQLite: run in the connection's own thread -------------------------------------------------------

def sqlite_insert_records(conn: sqlite3.Connection, records: list[HistoryRecord]) -> None:
    """Inside the caller's transaction."""
    plain: list[tuple[Any, ...]] = []  # in the order they came, so ids keep time order
    for record in records:
        if not isinstance(record, CommandRecord):
            continue
        if record.guide is None:
            plain.append(command_row(record))
            continue
        conn.executemany(INSERT_COMMAND, plain)
        plain = []
        [(command_id,)] = conn.execute(INSERT_COMMAND + " RETURNING id", command_row(record)).fetchall()
        conn.execute(INSERT_GUIDE_USE, (command_id, record.guide, record.community, iso(record.at)))
    conn.executemany(INSERT_COMMAND, plain)
    for review in (r for r in records if not isinstance(r, CommandRecord)):
        [(review_id,)] = conn.execute(INSERT_REVIEW, review_row(review)).fetchall()
        conn.executemany(INSERT_FINDING, finding_rows(review_id, review))


def sqlite_write(conn: sqlite3.Connection, records: list[HistoryRecord], claims: list[str],
                 at: str) -> tuple[set[str] | Exception, Exception | None]:
    """One transaction: the claims (the keys seen for the first time, or why none could be), then the
    records in a savepoint of their own, so that neither's failure spoils the other."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        fresh: set[str] | Exception = set()
        if claims:
            try:
                fresh = _sqlite_claim(conn, claims, at)
            except sqlite3.Error as exc:
                fresh = exc
        failure: Exception | None = None
        if records and not claims:  # nothing else in this transaction to keep apart from them
            try:
                sqlite_insert_records(conn, records)
            except sqlite3.Error as exc:
                conn.execute("ROLLBACK")
                return fresh, exc
        elif records:
            conn.execute("SAVEPOINT records")
            try:
                sqlite_insert_records(conn, records)
                conn.execute("RELEASE records")
            except sqlite3.Error as exc:
                conn.execute("ROLLBACK TO records")
                conn.execute("RELEASE records")
                failure = exc
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return fresh, failure


def _sqlite_claim(conn: sqlite3.Connection, keys: list[str], at: str) -> set[str]:
    fresh: set[str] = set()
    for start in range(0, len(keys), 500):  # well under SQLite's limit on parameters
        chunk = keys[start:start + 500]
        rows = conn.execute("INSERT INTO deliveries (key, at) VALUES " + ", ".join(["(?, ?)"] * len(chunk)) +
                            " ON CONFLICT DO NOTHING RETURNING key", [v for key in chunk for v in (key, at)])
        fresh.update(key for key, in rows.fetchall())
    return fresh


# -- PostgreSQL: one statement each ---------------------------------------------------------------------

POSTGRES_RECORDS = """
WITH c AS (
    SELECT nextval(pg_get_serial_sequence('commands', 'id')) AS id, t.*
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                $9::float8[], $10::text[]) AS t(at, platform, community, channel, "user", command, args, outcome,
                                               latency_ms, guide)
), command_rows AS (
    INSERT INTO commands (id, at, platform, community, channel, "user", command, args, outcome, latency_ms)
    SELECT id, at, platform, community, channel, "user", command, args, outcome, latency_ms FROM c
), guide_rows AS (
    INSERT INTO guide_uses (command_id, guide, community, at)
    SELECT id, guide, community, at FROM c WHERE guide IS NOT NULL
), r AS (
    SELECT nextval(pg_get_serial_sequence('reviews', 'id')) AS id, t.*
    FROM unnest($11::text[], $12::text[], $13::text[], $14::text[], $15::int[], $16::int[], $17::int[],
                $18::text[], $19::int[], $20::int[], $21::int[]) WITH ORDINALITY
         AS t(at, community, "user", guide, score, words, paragraphs, text_sha256, advert, advert_covered,
              advert_total, n)
), review_rows AS (
    INSERT INTO reviews (id, at, community, "user", guide, score, words, paragraphs, text_sha256, advert,
                         advert_covered, advert_total)
    SELECT id, at, community, "user", guide, score, words, paragraphs, text_sha256, advert, advert_covered,
           advert_total FROM r
), finding_rows AS (
    INSERT INTO review_findings (review_id, rule, kind, severity, community, at)
    SELECT r.id, f.rule, f.kind, f.severity, r.community, r.at
    FROM unnest($22::bigint[], $23::text[], $24::text[], $25::text[]) AS f(n, rule, kind, severity)
    JOIN r ON r.n = f.n
    ON CONFLICT DO NOTHING
)
SELECT (SELECT count(*) FROM c), (SELECT count(*) FROM r)
"""
POSTGRES_CLAIMS = ("INSERT INTO deliveries (key, at) SELECT DISTINCT unnest($1::text[]), $2"
                   " ON CONFLICT DO NOTHING RETURNING key")


def postgres_records_params(records: list[HistoryRecord]) -> list[list[Any]]:
    """The 25 arrays ``POSTGRES_RECORDS`` takes: a column each."""
    commands = [r for r in records if isinstance(r, CommandRecord)]
    reviews = [r for r in records if not isinstance(r, CommandRecord)]
    command_cols = [list(col) for col in zip(*[(*command_row(r), r.guide) for r in commands], strict=True)] \
        if commands else [[] for _ in range(10)]
    review_cols = [list(col) for col in zip(*[review_row(r) for r in reviews], strict=True)] \
        if reviews else [[] for _ in range(11)]
    findings = [(n, *finding) for n, review in enumerate(reviews, 1) for finding in review.findings]
    finding_cols = [list(col) for col in zip(*findings, strict=True)] if findings else [[] for _ in range(4)]
    return [*command_cols, *review_cols, *finding_cols]
