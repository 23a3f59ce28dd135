"""A released migration is never edited: the SQL each one runs is pinned by its fingerprint. Both engines'
migrations are built from shared pieces (storage/schema_sql.py), so a change to a piece would silently
change old migrations; this catches it. A new migration is appended with a new number, not pinned here."""
import hashlib

import pytest

from storage.migrations import MIGRATIONS as SQLITE
from storage.postgres_migrations import MIGRATIONS as POSTGRES

RELEASED = {
    "sqlite": {1: "00960b77dc685d68", 2: "9eebec6a1a214d4e", 3: "bd61f1cf935384c7", 4: "a7ce6072bf1df522",
               5: "cef8e8b341b54459", 6: "14e8aa1769a76373", 7: "be8e82d47f14e0f2", 8: "31684c59de3597d4",
               9: "61576a745b611732", 10: "f62e48f5984b20a3", 11: "bf2700d3e1e528e8"},
    "postgres": {1: "684188a8b79a4b4b", 2: "61576a745b611732", 3: "b3606d4bbe8dde59", 4: "72d74509e6249144"},
}


@pytest.mark.parametrize("engine, migrations", [("sqlite", SQLITE), ("postgres", POSTGRES)])
def test_released_migrations_run_the_sql_they_were_released_with(engine, migrations):
    numbers = [number for number, _, _ in migrations]
    assert numbers == list(range(1, len(numbers) + 1)), "migrations are numbered 1, 2, 3... with no gaps"
    ran = {number: hashlib.sha256(sql.encode()).hexdigest()[:16] for number, _, sql in migrations}
    for number, fingerprint in RELEASED[engine].items():
        assert ran[number] == fingerprint, f"{engine} migration {number} was edited after its release"
