"""Member windows: each member's last 30, 90 and 180 days, so program health reads an index, not the sales.

Program health counted buyers, repeat buyers, active members and engaged members, and ranked the top members and
those at risk, by grouping every sale (and ledger entry) of the period per member: linear in the shop, about
15 s at a million members. `member_windows` keeps those per-member figures for the windows ending on one anchor
day, rebuilt member by member from the sales and entries whenever a sale, refund or entry of theirs is written
(folded by row sequence, as the 0007 caches are) and when the anchor moves to a new day; `window_totals` keeps
their counts. Empty here: the first program health after the upgrade fills them in batches.

`cohort_cells` counts member_month_activity's rows per (enrolment month, month), kept by the activity fold, so the
cohort table no longer groups every active member of twelve months; filled here from the rows there are.
`ix_members_enrolled_date` takes `erased_at` too, so the count of live members reads the index alone; the count
and revenue of the members who ever bought are kept in kv (`analytics:member_totals`).

Revision ID: 0024
Revises: 0023
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

FOLD_TABLES = ("refunds", "ledger_entries", "postings")


def upgrade() -> None:
    op.create_table(
        "member_windows",
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.Column("span", sa.Integer(), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.Column("revenue_minor", sa.BigInteger(), nullable=False),
        sa.Column("first_day", sa.Integer(), nullable=True),
        sa.Column("last_day", sa.Integer(), nullable=True),
        sa.Column("risk_day", sa.Integer(), nullable=True),
        sa.Column("awards", sa.Integer(), nullable=False),
        sa.Column("redeems", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("member_id", "span", name=op.f("pk_member_windows")),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_member_windows_revenue", "member_windows", ["span", "revenue_minor", "member_id"])
    op.create_index("ix_member_windows_risk", "member_windows", ["span", "risk_day"])
    op.create_table(
        "window_totals",
        sa.Column("span", sa.Integer(), nullable=False),
        sa.Column("buyers", sa.BigInteger(), nullable=False),
        sa.Column("repeaters", sa.BigInteger(), nullable=False),
        sa.Column("revenue_minor", sa.BigInteger(), nullable=False),
        sa.Column("awarded", sa.BigInteger(), nullable=False),
        sa.Column("redeemed", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("span", name=op.f("pk_window_totals")),
    )


    op.create_table(
        "cohort_cells",
        sa.Column("cohort", sa.Date(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("members", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("cohort", "month", name=op.f("pk_cohort_cells")),
    )
    op.execute("INSERT INTO cohort_cells (cohort, month, members) "
               "SELECT cohort, month, count(*) FROM member_month_activity GROUP BY cohort, month")
    op.drop_index("ix_members_enrolled_date", table_name="members")
    op.create_index("ix_members_enrolled_date", "members", ["enrolled_date", "erased_at"])
    # the count and revenue of the members who ever bought, moved by the activity fold from now on (only
    # once it has been filled: a first fill still to come starts them at zero)
    if op.get_bind().dialect.name == "postgresql":
        # PostgreSQL numbers rows at insert: every INSERT into a table the caches fold by row number holds 0023's
        # fold lock shared until it commits, so a fold never passes over a row numbered before another but
        # committed after it (sales had it since 0023)
        for table in FOLD_TABLES:
            op.execute(f"CREATE TRIGGER {table}_fold_enter BEFORE INSERT ON {table} FOR EACH STATEMENT "
                       "EXECUTE FUNCTION sales_fold_enter()")
    op.execute("INSERT INTO kv (key, value) SELECT 'analytics:member_totals', totals.value FROM ("
               "SELECT CAST(count(*) AS TEXT) || ',' || CAST(coalesce(sum(revenue_minor), 0) AS TEXT) AS value "
               "FROM member_stats) AS totals "
               "WHERE EXISTS (SELECT 1 FROM kv WHERE key = 'analytics:activity_sales_seq' AND value != 'fill')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in FOLD_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_fold_enter ON {table}")
    op.drop_index("ix_members_enrolled_date", table_name="members")
    op.create_index("ix_members_enrolled_date", "members", ["enrolled_date"])
    op.drop_table("cohort_cells")
    op.execute("DELETE FROM kv WHERE key LIKE 'analytics:retained:%' OR key = 'analytics:member_totals'")
    op.drop_table("window_totals")
    op.drop_index("ix_member_windows_risk", table_name="member_windows")
    op.drop_index("ix_member_windows_revenue", table_name="member_windows")
    op.drop_table("member_windows")
    op.execute("DELETE FROM kv WHERE key LIKE 'analytics:windows_%'")
