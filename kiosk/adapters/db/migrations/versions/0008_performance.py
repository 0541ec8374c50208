"""Performance: drop four indexes no query needs, so each sale's commit writes fewer pages.

`ix_sales_member_id` repeats the first column of `ix_sales_member_created`; `ix_ledger_entries_kind_date`
is a prefix of 0004's `ix_ledger_entries_kind_date_member`; nothing filters ledger entries by business date
alone (reports read the daily flow cache); `ix_postings_account_unit` served only `kiosk verify`'s grouping
over every posting, which is a full scan either way. Together they were ~15 of the ~100 WAL pages a member
sale appended on the benchmark shop.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

DROPPED = (
    ("ix_sales_member_id", "sales", ["member_id"]),
    ("ix_ledger_entries_kind_date", "ledger_entries", ["kind", "business_date"]),
    ("ix_ledger_entries_business_date", "ledger_entries", ["business_date"]),
    ("ix_postings_account_unit", "postings", ["account", "unit"]),
)


def upgrade() -> None:
    for name, _table, _columns in DROPPED:
        op.execute(f"DROP INDEX IF EXISTS {name}")


def downgrade() -> None:
    for name, table, columns in DROPPED:
        op.create_index(name, table, columns)
