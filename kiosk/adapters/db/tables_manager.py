"""Manager tables: caches of ledger flows and sales per day and of member activity, kept current from their sources."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, Index, Integer, String, Table

from . import tables as t
from .tables import metadata

# The program side of every posting, summed per business day, account, unit, entry kind and the device that
# wrote the entry. The ledger is append-only, so folding in postings past the last sequence seen keeps it exact;
# the daily summary and the liability trend then read a few hundred rows instead of joining millions of postings
# to their entries. The device (0013) lets one shop of a chain read its own flows from the same cache: which
# shop a device belongs to is read from the hub's directory when asked, so the cache never needs rebuilding.
ledger_day_flows = Table(
    "ledger_day_flows",
    metadata,
    Column("business_date", Date, primary_key=True),
    Column("account", String(96), primary_key=True),
    Column("unit", String(48), primary_key=True),
    Column("kind", String(32), primary_key=True),
    Column("device_id", String(32), primary_key=True),
    Column("amount", BigInteger, nullable=False),
)

FLOWS_SEQ_KEY = "analytics:day_flows_posting_seq"

# The 0004 indexes, declared here too so the metadata matches the migrated schema.
Index("ix_sales_date_member", t.sales.c.business_date, t.sales.c.member_id, t.sales.c.status, t.sales.c.total_minor)
Index("ix_ledger_entries_kind_date_member", t.ledger_entries.c.kind, t.ledger_entries.c.business_date,
      t.ledger_entries.c.member_id)
Index("ix_member_tiers_tier", t.member_tiers.c.tier)

# -- member activity caches (revision 0007) ----------------------------------------------------------------
# Each member's completed sales summed per calendar month, with the enrolment month alongside so the cohort
# table is one GROUP BY over these rows instead of a join of every sale to its member. Rows are keyed by
# (month, member) so a range of months is one contiguous read; a refund recomputes just its (member, month).
member_month_activity = Table(
    "member_month_activity",
    metadata,
    Column("month", Date, primary_key=True),  # first day of the month of the visits
    Column("member_id", String(32), primary_key=True),
    Column("cohort", Date, nullable=False),  # first day of the member's enrolment month
    Column("visits", Integer, nullable=False),
    Column("revenue_minor", BigInteger, nullable=False),
    Column("first_day", Date, nullable=False),  # first and last visit within the month
    Column("last_day", Date, nullable=False),
    Index("ix_member_month_activity_member", "member_id", "month"),
    Index("ix_member_month_activity_cohort", "cohort", "month", "first_day"),
    sqlite_with_rowid=False,
)

# All-time figures per member (members with at least one completed sale), folded from the same sales.
member_stats = Table(
    "member_stats",
    metadata,
    Column("member_id", String(32), primary_key=True),
    Column("cohort", Date, nullable=False),
    Column("visits", Integer, nullable=False),
    Column("revenue_minor", BigInteger, nullable=False),
    Column("first_day", Date, nullable=False),
    Column("last_day", Date, nullable=False),
    sqlite_with_rowid=False,
)

# Fold watermarks: the last sales / refunds row (SQLite rowid, PostgreSQL fold_seq) already in the caches.
ACTIVITY_SALES_KEY = "analytics:activity_sales_seq"
ACTIVITY_REFUNDS_KEY = "analytics:activity_refunds_seq"
# While a first fill runs month by month: the sales watermark it fills up to and the next month to fill.
ACTIVITY_FILL_TOP_KEY = "analytics:activity_fill_top"
ACTIVITY_FILL_NEXT_KEY = "analytics:activity_fill_next"

# -- member windows (revision 0024) -------------------------------------------------------------------------
# Each member's figures over the last 30, 90 and 180 days up to an anchor day (kv WINDOWS_ANCHOR_KEY): completed
# sales (visits, revenue, first and last day) and ledger entries that earned or spent (for engagement). Days are
# whole numbers (days since 2000-01-01) so the at-risk day is plain arithmetic in either database. A row is
# always rebuilt whole for its member, from the sales and entries themselves, never added to: folding the same
# member twice cannot count anything twice. The program health's member figures then read an index, not the
# period's sales: the top members by revenue, the members at risk (today after risk_day), and the counts of
# window_totals, kept by the rebuilds' differences.
member_windows = Table(
    "member_windows",
    metadata,
    # member first: a rebuild deletes and sums one member's rows by the key (span first, it read every row)
    Column("member_id", String(32), primary_key=True),
    Column("span", Integer, primary_key=True),  # 30, 90 or 180 days ending at the anchor
    Column("visits", Integer, nullable=False),
    Column("revenue_minor", BigInteger, nullable=False),
    Column("first_day", Integer, nullable=True),  # NULL: no sale in the window, only entries
    Column("last_day", Integer, nullable=True),
    # the last day before the member is at risk: last + 1.5 x their usual gap (visits >= 2 and last > first)
    Column("risk_day", Integer, nullable=True),
    Column("awards", Integer, nullable=False),  # entries that gave the member something (AWARD_KINDS)
    Column("redeems", Integer, nullable=False),  # entries where they spent (SPEND_KINDS)
    Index("ix_member_windows_revenue", "span", "revenue_minor", "member_id"),
    Index("ix_member_windows_risk", "span", "risk_day"),
    sqlite_with_rowid=False,
)

window_totals = Table(
    "window_totals",
    metadata,
    Column("span", Integer, primary_key=True),
    Column("buyers", BigInteger, nullable=False),  # members with a sale in the window
    Column("repeaters", BigInteger, nullable=False),  # with two or more
    Column("revenue_minor", BigInteger, nullable=False),
    Column("awarded", BigInteger, nullable=False),
    Column("redeemed", BigInteger, nullable=False),
)

# How many members of each enrolment month bought in each month: member_month_activity's rows counted, kept by
# the activity fold as it adds a (month, member) row or a refund takes one away, so the cohort table reads a few
# hundred cells instead of grouping every active member of twelve months.
cohort_cells = Table(
    "cohort_cells",
    metadata,
    Column("cohort", Date, primary_key=True),
    Column("month", Date, primary_key=True),
    Column("members", BigInteger, nullable=False),
)

# A retention figure of two past months (members of one month who came back the next), kept until a sale or
# refund of a day up to its second month's last is folded: "<kv prefix><second month's last day>:<the ranges>".
RETAINED_KEY = "analytics:retained:"
# "<members>,<revenue>": how many members ever bought and what they spent (member_stats' count and sum), moved
# by the activity fold as it adds a member or a refund changes one
MEMBER_TOTALS_KEY = "analytics:member_totals"

WINDOW_SPANS = (30, 90, 180)
WINDOWS_ANCHOR_KEY = "analytics:windows_anchor"  # the day (ISO) the windows end on; absent: not filled
WINDOWS_SALES_KEY = "analytics:windows_sales_seq"
WINDOWS_REFUNDS_KEY = "analytics:windows_refunds_seq"
WINDOWS_ENTRIES_KEY = "analytics:windows_entries_seq"
WINDOWS_FILL_KEY = "analytics:windows_fill_after"  # while a first fill runs: the last member id filled

# -- sales per day and device (revision 0023; 0031: the sales as made) ----------------------------------------
# The period summary's sales figures, summed per business day and the device that wrote the sale, so a period
# is a few rows per day instead of every sale in it. `sales`, `takings_minor` (what they took), the member
# pair and the discounts count the sales made that day (MADE_STATUSES: all but the voided, whatever was given
# back later: a refund counts on its own day, read from `refunds` by the summary), as do the reward kinds (how
# often each DISCOUNT_KIND appears in the sales' discounts); `overrides` and `fraud_flags` count every sale of
# the day whatever its status. New sales are folded in by row sequence (SALES_DAYS_KEY); a changed sale (a void,
# a refund's new status, a hub pull that recomputes one) is noted in `sales_day_stale` by triggers on `sales`,
# and its (day, device) row is then rebuilt from the sales themselves (sales_days.refresh_sales_days).
DISCOUNT_KINDS = ("membership", "stamp_reward", "reward", "points", "voucher")  # engine.Discount.kind

sales_day_totals = Table(
    "sales_day_totals",
    metadata,
    Column("business_date", Date, primary_key=True),
    Column("device_id", String(32), primary_key=True),
    Column("sales", Integer, nullable=False),
    Column("takings_minor", BigInteger, nullable=False),
    Column("member_sales", Integer, nullable=False),
    Column("member_takings_minor", BigInteger, nullable=False),
    Column("discount_minor", BigInteger, nullable=False),
    Column("overrides", Integer, nullable=False),
    Column("fraud_flags", Integer, nullable=False),
    *(Column(f"kind_{kind}", Integer, nullable=False) for kind in DISCOUNT_KINDS),
    sqlite_with_rowid=False,
)

# (day, device) rows to rebuild: one note per changed sale, written by the 0023 triggers whoever changes it.
# A note per change, never merged into one per key: a fold deletes a key's notes up to the newest it read, so
# a note another PostgreSQL session commits meanwhile is never lost to an upsert it did not see.
sales_day_stale = Table(
    "sales_day_stale",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("business_date", Date, nullable=False),
    Column("device_id", String(32), nullable=False),
)

SALES_DAYS_KEY = "reports:sales_days_seq"  # the last sales row (rowid / fold_seq) folded into sales_day_totals
