"""The core schema as SQLAlchemy Core tables on one `metadata`; Alembic migrations create it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    and_,
    false,
    func,
    select,
    text,
    true,
)
from sqlalchemy.engine import Dialect

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

# Partial indexes (a WHERE on the index) on SQLite here; a PostgreSQL engine adds the same WHERE for its dialect
# (declare_postgresql_partial_indexes, from make_engine). Naming `postgresql_where` here would make SQLAlchemy import
# its PostgreSQL dialect to check the keyword: ~30 ms of CPU on every start of a SQLite till, before its first screen.
# The databases' indexes themselves come from the migrations, which declare both.
_PARTIAL_INDEXES: list[tuple[Index, str]] = []


def partial_index(name: str, *columns: Any, where: str) -> Index:
    """Index `name` on `columns`, only over the rows where `where` holds (SQLite now, PostgreSQL once declared)."""
    index = Index(name, *columns, sqlite_where=text(where))
    _PARTIAL_INDEXES.append((index, where))
    return index


def declare_postgresql_partial_indexes() -> None:
    """Give the partial indexes their WHERE on PostgreSQL too (loads SQLAlchemy's PostgreSQL dialect; idempotent)."""
    for index, where in _PARTIAL_INDEXES:
        index.dialect_options["postgresql"]["where"] = text(where)


# BigInteger autoincrement keys must be INTEGER on SQLite to alias the rowid.
SeqKey = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out (SQLite keeps no zone, so we normalise to UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def bind_processor(self, dialect: Dialect) -> Any:
        """On SQLite, one step to the text SQLAlchemy's DATETIME stores (`YYYY-MM-DD HH:MM:SS.ffffff`, UTC): the
        two it composes (process_bind_param, then DATETIME's formatting) cost twice as much, and a sale binds
        about fifteen datetimes. tests/unit/test_utc_datetime.py holds it to SQLAlchemy's own text."""
        if dialect.name != "sqlite" or getattr(dialect, "native_datetime", False):
            return super().bind_processor(dialect)

        def process(value: datetime | None) -> str | None:
            if value is None:
                return None
            if value.tzinfo is None:
                raise ValueError("naive datetime given to the database; use an aware UTC datetime")
            return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")

        return process


class Digest(TypeDecorator[str]):
    """A SHA-256 as its 64 hex characters in Python, stored as its 32 bytes on SQLite (migration 0021): a sale
    writes five of them (its entry's two, its record-chain link's three) and its command's request hash.

    PostgreSQL (the hub) keeps the text: its functions hash, compare and insert the hex their devices send. A
    value that is not hex (a hand-edited row) is stored and read back as the text it is, so verify names it."""

    impl = String(64)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> Any:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(LargeBinary(32))
        return dialect.type_descriptor(String(64))

    def process_bind_param(self, value: str | None, dialect: Dialect) -> Any:
        if value is None or dialect.name != "sqlite":
            return value
        try:
            return bytes.fromhex(value)
        except ValueError:
            return value

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if isinstance(value, bytes):
            return value.hex()
        return value


def _ts(name: str, **kw: Any) -> Column[datetime]:
    return Column(name, UTCDateTime(), **kw)


kv = Table(
    "kv",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

counters = Table(
    "counters",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

members = Table(
    "members",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("short_id", String(16), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("name_search", Text, nullable=False, index=True),
    Column("phone", String(20), nullable=True),
    Column("email", Text, nullable=True),
    Column("birthday", Date, nullable=True),
    Column("language", String(8), nullable=False, server_default="th"),
    Column("consent_version", String(32), nullable=True),
    _ts("consent_at", nullable=True),
    Column("marketing_consent", Boolean, nullable=False, server_default=false()),
    _ts("enrolled_at", nullable=False),
    Column("enrolled_date", Date, nullable=False),  # the shop's local business date
    Column("enrolled_device", String(32), nullable=False),
    Column("referral_code", String(16), nullable=False, unique=True),
    Column("referred_by", String(32), ForeignKey("members.id"), nullable=True),
    Column("referral_rewarded", Boolean, nullable=False, server_default=false()),
    Column("paid_membership", String(32), nullable=True),
    Column("paid_membership_status", String(16), nullable=True),
    _ts("paid_membership_until", nullable=True),
    _ts("erased_at", nullable=True),
    # Set when a manager merges this member into another (two devices enrolled one phone offline): lookups
    # follow it, so both cards keep working (migration 0012).
    Column("merged_into", String(32), nullable=True),
    # Not unique since 0012: two offline devices may enrol one phone; the hub shows it and a merge fixes it.
    partial_index("ix_members_phone_live", "phone", where="erased_at IS NULL AND phone IS NOT NULL"),
    # erased_at too (0024): the count of live members is an index-only read, not a lookup of every member
    Index("ix_members_enrolled_date", "enrolled_date", "erased_at"),
)

member_cards = Table(
    "member_cards",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("member_id", String(32), ForeignKey("members.id"), nullable=False, index=True),
    Column("serial", Integer, nullable=False),
    Column("key_id", String(8), nullable=False),
    _ts("issued_at", nullable=False),
    _ts("revoked_at", nullable=True),
)

member_tiers = Table(
    "member_tiers",
    metadata,
    Column("member_id", String(32), ForeignKey("members.id"), primary_key=True),
    Column("tier", String(32), nullable=False),
    _ts("since", nullable=False),
    _ts("review_at", nullable=True),
    _ts("updated_at", nullable=False),
)

# A personal offer shown to a member (it runs from then until expires_at) and whether they used it (0018).
member_offers = Table(
    "member_offers",
    metadata,
    Column("offer_id", String(64), primary_key=True),
    Column("member_id", String(32), ForeignKey("members.id"), primary_key=True, index=True),
    _ts("shown_at", nullable=False),
    _ts("expires_at", nullable=False),
    _ts("used_at", nullable=True),
    Column("sale_id", String(36), nullable=True),
    Column("device_id", String(32), nullable=False),
)

staff = Table(
    "staff",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("pin_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False, server_default=true()),
    Column("failed_attempts", Integer, nullable=False, server_default=text("0")),
    _ts("locked_until", nullable=True),
    _ts("created_at", nullable=False),
)

sales = Table(
    "sales",
    metadata,
    Column("id", String(36), primary_key=True),  # the caller's command id
    # unique per device (0015); found by number through that key (receipt_where below): SQLite keeps no index of
    # the number alone since 0029, the PostgreSQL hub still does
    Column("receipt_no", String(32), nullable=False),
    Column("device_id", String(32), nullable=False),
    _ts("created_at", nullable=False),
    Column("business_date", Date, nullable=False),  # ix_sales_date_member (tables_manager) starts with it (0016)
    Column("member_id", String(32), ForeignKey("members.id"), nullable=True),  # ix_sales_member_created serves it
    Column("staff_id", String(32), nullable=True),
    Column("currency", String(3), nullable=False),
    Column("subtotal_minor", BigInteger, nullable=False),
    Column("discount_minor", BigInteger, nullable=False),
    Column("credit_paid_minor", BigInteger, nullable=False),
    Column("total_minor", BigInteger, nullable=False),  # paid in money, after discounts and store credit
    Column("payment_method", String(16), nullable=False),
    Column("lines_json", Text, nullable=False),
    Column("discounts_json", Text, nullable=False, server_default="[]"),
    Column("status", String(16), nullable=False, server_default="completed"),
    Column("flags", Text, nullable=False, server_default=""),
    Column("refunded_minor", BigInteger, nullable=False, server_default="0"),  # given back so far (0010)
    # members' sales only, with what the tier's qualifying sum reads of each (0026): a sale's sum reads the index
    partial_index("ix_sales_member_created", "member_id", "created_at", "status", "total_minor", "refunded_minor",
                  "credit_paid_minor", where="member_id IS NOT NULL"),
    UniqueConstraint("device_id", "receipt_no", name="uq_sales_device_receipt"),
)

refunds = Table(
    "refunds",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("sale_id", String(36), ForeignKey("sales.id"), nullable=False, index=True),  # a sale may have several
    Column("receipt_no", String(32), nullable=False, index=True),  # unique per device (0015)
    Column("device_id", String(32), nullable=False),
    _ts("created_at", nullable=False),
    Column("business_date", Date, nullable=False, index=True),
    Column("staff_id", String(32), nullable=True),
    Column("approved_by", String(32), nullable=True),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("kind", String(8), nullable=False),  # refund | void
    Column("reason", Text, nullable=False, server_default=""),
    Column("lines_json", Text, nullable=True),  # [{"index", "quantity"}] that went back; NULL: the whole sale
    UniqueConstraint("device_id", "receipt_no", name="uq_refunds_device_receipt"),
)

ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("seq", SeqKey, primary_key=True, autoincrement=True),  # local order only: chains + cursors
    Column("id", String(36), nullable=False, unique=True),  # globally unique; merges are by id
    Column("device_id", String(32), nullable=False),
    _ts("created_at", nullable=False),
    Column("business_date", Date, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("member_id", String(32), nullable=True, index=True),
    # the sale an entry was written with, or whose entry it reverses: found by the sale's day (SqlLedger.for_sale);
    # SQLite keeps no index of it since 0030, the PostgreSQL hub still does
    Column("sale_id", String(36), nullable=True),
    # Several partial reversals may undo one entry (refunds of some lines); verify checks they never exceed it.
    Column("reverses_id", String(36), nullable=True),
    Column("command_id", String(36), nullable=True),
    Column("staff_id", String(32), nullable=True),
    Column("memo", Text, nullable=False, server_default=""),
    Column("flags", Text, nullable=False, server_default=""),
    Column("prev_hash", Digest(), nullable=False),
    Column("hash", Digest(), nullable=False),
    # The numbers (postings.seq) of the entry's postings, first and last, on SQLite (migration 0028): an entry's
    # postings are appended with it, one after the other, so the table's own key finds them and no index of
    # entry ids is kept. NULL on PostgreSQL (the hub's postings keep their entry index) and never changed.
    Column("postings_from", SeqKey, nullable=True),
    Column("postings_to", SeqKey, nullable=True),
    # Only reversals are looked up by what they reverse; most entries reverse nothing (partial since 0016).
    partial_index("ix_ledger_entries_reverses_id", "reverses_id", where="reverses_id IS NOT NULL"),
)

# Partner transactions by request id (migration 0019): only partner entries, so it stays small.
partial_index("ix_ledger_entries_partner_command", ledger_entries.c.command_id,
              where="kind IN ('partner', 'partner_redeem')")

postings = Table(
    "postings",
    metadata,
    Column("seq", SeqKey, primary_key=True, autoincrement=True),
    # an entry's postings are found by its postings_from..postings_to on SQLite (entry_postings below); the
    # PostgreSQL hub keeps ix_postings_entry_id (0001), which SQLite dropped (0028): ~200 bytes a sale
    Column("entry_id", String(36), ForeignKey("ledger_entries.id"), nullable=False),
    Column("account", String(96), nullable=False),
    Column("unit", String(48), nullable=False),  # PTS, THB, STAMP:<card>, REWARD:<card>, VOUCHER:<id>
    Column("amount", BigInteger, nullable=False),
    Column("member_id", String(32), nullable=True),
    _ts("expires_at", nullable=True),
    # members' postings only (0025): the program's side is read by entry or sequence, never by member; with each
    # posting's date and amount (0026), so a sale's question of which units hold a lot past its date or ending
    # soon reads the index alone
    partial_index("ix_postings_member_unit", "member_id", "unit", "expires_at", "amount",
                  where="member_id IS NOT NULL"),
)

# Beyond every number a posting is given: an entry without its range (PostgreSQL) is found by its id alone.
LAST_SEQ = 2**62


def entry_postings(p: Any, e: Any) -> Any:
    """How a query joins an entry (`e`, ledger_entries or an alias) to its postings (`p`): by the entry's id,
    within the numbers it recorded, which SQLite answers by the postings' own key."""
    return and_(p.c.entry_id == e.c.id, p.c.seq >= func.coalesce(e.c.postings_from, 0),
                p.c.seq <= func.coalesce(e.c.postings_to, LAST_SEQ))


def key_values(column: Any) -> Any:
    """The distinct values of `column`, the first column of an index, walked one seek a value (a recursive CTE: a
    skip-scan by hand), for a query that must name a later column of that index without knowing the first."""
    first = select(func.min(column).label("value")).cte(f"{column.table.name}_{column.name}_values", recursive=True)
    later = select(func.min(column)).where(column > first.c.value).scalar_subquery()
    values = first.union_all(select(later).where(first.c.value.is_not(None)))
    return select(values.c.value).where(values.c.value.is_not(None))


def receipt_where(table: Any, receipt_no: str) -> Any:
    """Where a query finds a sale's or refund's receipt by its number alone (the counter's receipt page, a
    reprint): by the key of (device, number), once for each device the table holds, so no index of numbers alone
    is needed: it cost each sale ~18 bytes and a page of its commit (issue 15, migration 0029)."""
    return and_(table.c.device_id.in_(key_values(table.c.device_id)), table.c.receipt_no == receipt_no)


account_balances = Table(
    "account_balances",
    metadata,
    Column("account", String(96), primary_key=True),
    Column("unit", String(48), primary_key=True),
    Column("member_id", String(32), nullable=True, index=True),
    Column("balance", BigInteger, nullable=False),
    # The few members below zero (a refund after spending), for the liability: see migrations 0009 and 0025 (the
    # program's own accounts, below zero by design and moved by every sale, are left out)
    partial_index("ix_account_balances_debts", "unit", where="balance < 0 AND member_id IS NOT NULL"),
)

# A sale's result_json holds only what its sale row does not (checkout.remember_sale); other commands keep their
# whole result. WITHOUT ROWID on SQLite (0016): the command id is the key, stored once.
processed_commands = Table(
    "processed_commands",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("request_hash", Digest(), nullable=False),
    Column("result_json", Text, nullable=False),
    _ts("created_at", nullable=False),
    sqlite_with_rowid=False,
)

outbox = Table(
    "outbox",
    metadata,
    Column("seq", SeqKey, primary_key=True, autoincrement=True),
    Column("id", String(36), nullable=False, unique=True),
    _ts("created_at", nullable=False),
    Column("topic", String(48), nullable=False),
    # not indexed since 0021: the one query by member (pending_seqs) goes through ix_outbox_status_seq
    Column("member_id", String(32), nullable=True),
    Column("entry_id", String(36), nullable=True),
    Column("payload_json", Text, nullable=False),
    Column("idempotency_key", String(80), nullable=False, unique=True),
    Column("status", String(16), nullable=False, server_default="pending"),  # pending | done | review
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    _ts("next_attempt_at", nullable=True),
    Column("last_error", Text, nullable=True),
    _ts("done_at", nullable=True),
    Column("remote_id", String(64), nullable=True),
    Index("ix_outbox_status_seq", "status", "seq"),
)

print_jobs = Table(
    "print_jobs",
    metadata,
    Column("seq", SeqKey, primary_key=True, autoincrement=True),
    Column("id", String(36), nullable=False, unique=True),
    _ts("created_at", nullable=False),
    Column("device_id", String(32), nullable=False),
    Column("printer", String(32), nullable=False, server_default="receipt"),
    Column("kind", String(32), nullable=False),
    # not indexed since 0021: the reprint lookup ORs it with a LIKE on the document and scans anyway
    Column("source_id", String(36), nullable=True),
    Column("document_json", Text, nullable=False),
    Column("status", String(16), nullable=False, server_default="queued"),  # queued | sending | printed | held
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    _ts("next_attempt_at", nullable=True),
    Column("last_error", Text, nullable=True),
    _ts("printed_at", nullable=True),
    Column("copy_of", String(36), nullable=True),
    Index("ix_print_jobs_status_seq", "status", "seq"),
)

vouchers = Table(
    "vouchers",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("code", String(40), nullable=False, unique=True),
    Column("member_id", String(32), ForeignKey("members.id"), nullable=True, index=True),
    Column("reward_id", String(48), nullable=False),
    Column("entry_id", String(36), nullable=True),
    _ts("created_at", nullable=False),
    _ts("expires_at", nullable=True),
    _ts("redeemed_at", nullable=True),
    Column("redeemed_sale_id", String(36), nullable=True),
    Column("redeemed_device", String(32), nullable=True),
)

# Every row that carries money or value and is not itself a ledger entry (sales, refunds, vouchers) gets a link
# here when it is written: a digest of its columns, chained per device like the ledger. `kiosk verify` recomputes
# each digest from the row as it is now, so an edited, deleted or smuggled-in row is named.
record_chain = Table(
    "record_chain",
    metadata,
    Column("seq", SeqKey, primary_key=True, autoincrement=True),
    Column("device_id", String(32), nullable=False),
    Column("record_table", String(16), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("label", String(40), nullable=False),  # the receipt number or voucher code, to name a deleted row
    Column("digest", Digest(), nullable=False),
    Column("prev_hash", Digest(), nullable=False),
    Column("hash", Digest(), nullable=False),
    UniqueConstraint("record_table", "record_id", name="uq_record_chain_record"),
    Index("ix_record_chain_device_seq", "device_id", "seq"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", SeqKey, primary_key=True, autoincrement=True),
    Column("id", String(36), nullable=False, unique=True),
    _ts("at", nullable=False),
    Column("device_id", String(32), nullable=False),
    Column("staff_id", String(32), nullable=True),
    Column("action", String(48), nullable=False, index=True),
    Column("subject", String(64), nullable=True),
    Column("details_json", Text, nullable=False, server_default="{}"),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

# Two shops of a chain may have made keys with the same one-character id: rows are told apart by the secret
# (migration 0014), and a code is checked against every secret its id names.
signing_keys = Table(
    "signing_keys",
    metadata,
    Column("id", String(24), primary_key=True),  # key_id + a digest of the secret
    Column("key_id", String(8), nullable=False, index=True),
    Column("secret_hex", String(128), nullable=False),
    _ts("created_at", nullable=False),
    _ts("retired_at", nullable=True),
)

APPEND_ONLY_TABLES = ("ledger_entries", "postings", "audit_log")
