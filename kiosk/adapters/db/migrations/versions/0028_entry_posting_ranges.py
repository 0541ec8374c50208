"""An entry records the numbers of its postings, and SQLite keeps no index of postings by entry (issue 15).

`ix_postings_entry_id` held each posting's 32-character entry id again: ~200 bytes a sale and ~1.9 of the pages a
sale's commit writes. An entry's postings are appended with it, one after the other, so each entry now records the
first and last of their numbers (`postings_from`, `postings_to`: `postings.seq`, SQLite's rowid) and a read of an
entry's postings is a range of the table's own key. The ranges of the entries already kept are filled here from the
postings (the append-only trigger is lifted for that one UPDATE, as 0021 did); an entry with no posting gets an
empty range. Then the index goes.

PostgreSQL (the hub) keeps the index and leaves the columns NULL: its postings number themselves from a sequence
that several pushes share, and its functions read postings by entry. Every read joins an entry to its postings by
id within the range when there is one (tables.entry_postings), so either way it is the same join.

Revision ID: 0028
Revises: 0027
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

TRIGGER = "ledger_entries_no_update"


def upgrade() -> None:
    op.add_column("ledger_entries", sa.Column("postings_from", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                                              nullable=True))
    op.add_column("ledger_entries", sa.Column("postings_to", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                                              nullable=True))
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    kept = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                (TRIGGER,)).scalar()
    if kept:
        conn.exec_driver_sql(f"DROP TRIGGER {TRIGGER}")
    conn.exec_driver_sql(
        "UPDATE ledger_entries SET postings_from = r.first, postings_to = r.last "
        "FROM (SELECT entry_id, min(seq) AS first, max(seq) AS last FROM postings GROUP BY entry_id) AS r "
        "WHERE r.entry_id = ledger_entries.id")
    # an entry with no posting (verify names it): an empty range, not the whole table
    conn.exec_driver_sql("UPDATE ledger_entries SET postings_from = 1, postings_to = 0 WHERE postings_from IS NULL")
    if kept:
        conn.exec_driver_sql(kept)
    op.drop_index("ix_postings_entry_id", table_name="postings")


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        op.create_index("ix_postings_entry_id", "postings", ["entry_id"])
        kept = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                    (TRIGGER,)).scalar()
        if kept:  # SQLite drops a column by rewriting the table, which the append-only trigger refuses
            conn.exec_driver_sql(f"DROP TRIGGER {TRIGGER}")
        op.drop_column("ledger_entries", "postings_to")
        op.drop_column("ledger_entries", "postings_from")
        if kept:
            conn.exec_driver_sql(kept)
        return
    op.drop_column("ledger_entries", "postings_to")
    op.drop_column("ledger_entries", "postings_from")
