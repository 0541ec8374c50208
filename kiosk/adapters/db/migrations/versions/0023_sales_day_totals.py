"""The period summary reads sales per day and device instead of every sale of the period (issue 15).

- `sales_day_totals (business_date, device_id)`: the completed sales, revenue, member sales and revenue,
  discounts, reward kinds used, and the override and fraud-limit flags of every sale, summed per day and
  device (tables_manager). Empty here: the first period summary fills it in batches of sales
  (sales_days.refresh_sales_days), each a short write transaction.
- `sales_day_stale`: a note of the (day, device) of every sale changed after it was written. Triggers on
  `sales` write it, whoever changes the row (a refund or void at the counter, a refund pulled from the hub,
  the hub's own hub_refresh_sale), so the fold rebuilds exactly the rows a change touched.

On PostgreSQL, `fold_seq` is handed out at insert and two sessions selling at once may commit out of order:
a fold between the two commits would move its watermark past the earlier number for good. So every INSERT
into `sales` first takes a shared transaction lock (an advisory lock keyed by the table: FOLD_LOCK + its oid),
and a fold takes it exclusively for a moment before it reads how far the sales go: the sales already numbered
have all committed or rolled back by then, and the ones numbered later get higher numbers.

A later migration that rebuilds `sales` on SQLite (batch_alter_table) must create these triggers again.

Revision ID: 0023
Revises: 0022
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

KINDS = ("membership", "stamp_reward", "reward", "points", "voucher")  # tables_manager.DISCOUNT_KINDS, frozen here
# Every column a figure of the cache reads: a change to any other leaves the totals as they are.
READ = ("status", "refunded_minor", "total_minor", "discount_minor", "member_id", "flags", "discounts_json",
        "business_date", "device_id")
SEQ_KEY = "reports:sales_days_seq"
FOLD_LOCK = 0x6B696F << 32  # fold.FOLD_LOCK, frozen here: plus the table's oid, below 2^32
NOTE = "INSERT INTO sales_day_stale (business_date, device_id) VALUES ({0}.business_date, {0}.device_id)"
MOVED = "{0}.business_date IS {1} {2}.business_date OR {0}.device_id IS {1} {2}.device_id"


def _sqlite_triggers() -> tuple[str, ...]:
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in READ)
    return (
        f"CREATE TRIGGER sales_day_stale_update AFTER UPDATE OF {', '.join(READ)} ON sales WHEN {changed} BEGIN "
        f"{NOTE.format('old')}; "
        f"INSERT INTO sales_day_stale (business_date, device_id) SELECT new.business_date, new.device_id "
        f"WHERE {MOVED.format('new', 'NOT', 'old')}; END",
        f"CREATE TRIGGER sales_day_stale_delete AFTER DELETE ON sales BEGIN {NOTE.format('old')}; END",
    )


def _postgresql_triggers() -> tuple[str, ...]:
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in READ)
    return (
        "CREATE OR REPLACE FUNCTION sales_day_stale_note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"{NOTE.format('OLD')}; "
        f"IF TG_OP = 'UPDATE' AND ({MOVED.format('NEW', 'DISTINCT FROM', 'OLD')}) THEN "
        f"{NOTE.format('NEW')}; END IF; RETURN NULL; END $$",
        f"CREATE TRIGGER sales_day_stale_update AFTER UPDATE OF {', '.join(READ)} ON sales FOR EACH ROW "
        f"WHEN ({changed}) EXECUTE FUNCTION sales_day_stale_note()",
        "CREATE TRIGGER sales_day_stale_delete AFTER DELETE ON sales FOR EACH ROW "
        "EXECUTE FUNCTION sales_day_stale_note()",
        # before the statement, so before any row of it takes its fold_seq
        "CREATE OR REPLACE FUNCTION sales_fold_enter() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"PERFORM pg_advisory_xact_lock_shared({FOLD_LOCK} + TG_RELID::bigint); RETURN NULL; END $$",
        "CREATE TRIGGER sales_fold_enter BEFORE INSERT ON sales FOR EACH STATEMENT "
        "EXECUTE FUNCTION sales_fold_enter()",
    )


def upgrade() -> None:
    op.create_table(
        "sales_day_totals",
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("device_id", sa.String(length=32), nullable=False),
        sa.Column("sales", sa.Integer(), nullable=False),
        sa.Column("revenue_minor", sa.BigInteger(), nullable=False),
        sa.Column("member_sales", sa.Integer(), nullable=False),
        sa.Column("member_revenue_minor", sa.BigInteger(), nullable=False),
        sa.Column("discount_minor", sa.BigInteger(), nullable=False),
        sa.Column("overrides", sa.Integer(), nullable=False),
        sa.Column("fraud_flags", sa.Integer(), nullable=False),
        *(sa.Column(f"kind_{kind}", sa.Integer(), nullable=False) for kind in KINDS),
        sa.PrimaryKeyConstraint("business_date", "device_id", name=op.f("pk_sales_day_totals")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "sales_day_stale",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("device_id", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_day_stale")),
    )
    # an empty cache folds from the first sale (a watermark left by an earlier upgrade and downgrade is stale)
    op.execute(f"DELETE FROM kv WHERE key = '{SEQ_KEY}'")
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in _postgresql_triggers() if postgresql else _sqlite_triggers():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS sales_day_stale_update ON sales")
        op.execute("DROP TRIGGER IF EXISTS sales_day_stale_delete ON sales")
        op.execute("DROP FUNCTION IF EXISTS sales_day_stale_note()")
        op.execute("DROP TRIGGER IF EXISTS sales_fold_enter ON sales")
        op.execute("DROP FUNCTION IF EXISTS sales_fold_enter()")
    else:
        op.execute("DROP TRIGGER IF EXISTS sales_day_stale_update")
        op.execute("DROP TRIGGER IF EXISTS sales_day_stale_delete")
    op.execute(f"DELETE FROM kv WHERE key = '{SEQ_KEY}'")
    op.drop_table("sales_day_stale")
    op.drop_table("sales_day_totals")
