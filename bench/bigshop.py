"""A very large shop for benchmarks: the real schema filled by raw bulk inserts (1M members, 10M ledger entries)."""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk.adapters.db.engine import sqlite_url
from kiosk.adapters.db.repositories.member_search import REFILL
from kiosk.bootstrap import wire
from kiosk.config import DEFAULT_CONFIG, Settings, read_toml, settings_from_dict
from kiosk.domain import tokens
from kiosk.domain.ids import ALPHABET
from kiosk.domain.ledger import GENESIS_HASH, Entry, Posting, canonical
from kiosk.domain.members import name_search_key
from kiosk.domain.staff import StaffMember
from kiosk.services.common import expiry_from
from kiosk.services.context import FixedClock
from kiosk.services.demo import DEMO_STAFF, EN_FIRST, EN_LAST, THAI_FIRST, THAI_LAST

OUT = Path(__file__).resolve().parent / "out"
FORMAT = 4  # bump when the generated data changes shape: old cached shops are then rebuilt
END_DATE = date(2026, 10, 31)  # the last business day of the history; benchmarks run "the next morning"
MEMBER_SHARE = 0.72  # share of sales where a member card is scanned
RECENT_DAYS = 30  # the outbox and print queue keep this many days of (synced / printed) rows
FLUSH_ENTRIES = 250_000
SAMPLE_MEMBERS = 4000
MAX_WEIGHT = 60.0  # the busiest regular comes about once a day, not fifty times

Progress = Callable[[str], None]

ENTRY_SQL = ("INSERT INTO ledger_entries (id, device_id, created_at, business_date, kind, member_id, sale_id, "
             "reverses_id, command_id, staff_id, memo, flags, prev_hash, hash, postings_from, postings_to) "
             "VALUES (?,?,?,?,?,?,?,NULL,?,?,?,'',?,?,?,?)")
# numbered as the app numbers them: an entry records the range of its postings' numbers (migration 0028)
POSTING_SQL = ("INSERT INTO postings (seq, entry_id, account, unit, amount, member_id, expires_at) "
               "VALUES (?,?,?,?,?,?,?)")
SALE_SQL = ("INSERT INTO sales (id, receipt_no, device_id, created_at, business_date, member_id, staff_id, currency, "
            "subtotal_minor, discount_minor, credit_paid_minor, total_minor, payment_method, lines_json, "
            "discounts_json, status, flags) VALUES (?,?,?,?,?,?,?,'THB',?,?,?,?,?,?,?,'completed','')")
COMMAND_SQL = ("INSERT INTO processed_commands (id, kind, request_hash, result_json, created_at) "
               "VALUES (?,?,?,?,?)")
MEMBER_SQL = ("INSERT INTO members (id, short_id, name, name_search, phone, email, birthday, language, "
              "consent_version, consent_at, marketing_consent, enrolled_at, enrolled_date, enrolled_device, "
              "referral_code, referred_by, referral_rewarded) VALUES (?,?,?,?,?,?,?,?,'2026-01',?,?,?,?,?,?,NULL,0)")
CARD_SQL = "INSERT INTO member_cards (id, member_id, serial, key_id, issued_at, revoked_at) VALUES (?,?,?,?,?,?)"
OUTBOX_SQL = ("INSERT INTO outbox (id, created_at, topic, member_id, entry_id, payload_json, idempotency_key, "
              "status, attempts, done_at, remote_id) VALUES (?,?,?,?,?,?,?,'done',1,?,?)")
PRINT_SQL = ("INSERT INTO print_jobs (id, created_at, device_id, printer, kind, source_id, document_json, status, "
             "attempts, printed_at) VALUES (?,?,?,'receipt','sale_receipt',?,?,'printed',1,?)")

# Tier thresholds and multipliers of config/default.toml (spend in satang).
TIERS = ((0, "Bronze", 100), (300_000, "Silver", 125), (1_000_000, "Gold", 150))


def cache_key(members: int, entries: int, days: int, seed: int) -> str:
    return f"m{members}-e{entries}-d{days}-s{seed}-f{FORMAT}"


def shop_dir(members: int, entries: int, days: int, seed: int, root: Path = OUT) -> Path:
    return root / f"bigshop-{cache_key(members, entries, days, seed)}"


def bench_settings(directory: Path) -> Settings:
    """The demo café's settings (config/default.toml only: no user config) on the bench shop's file."""
    settings = settings_from_dict(read_toml(DEFAULT_CONFIG), data_dir=directory, sources=(str(DEFAULT_CONFIG),))
    return replace(settings, database_url=sqlite_url(directory / "shop.sqlite3"))


def load_sample(directory: Path) -> dict[str, Any]:
    return json.loads((directory / "sample.json").read_text())


def catch_up_schema(directory: Path) -> list[str]:
    """Add the tables and indexes the current code declares but the cached shop lacks; returns what was added.

    The reserved migrations are filled in place while a shop stays cached (its Alembic revision already
    reads "head"), so a cached file can miss a newer table or index. New tables start empty, as after an
    upgrade. A changed column cannot be added this way: then the shop must be rebuilt (delete its folder).
    """
    import importlib
    import pkgutil

    from sqlalchemy import inspect as sa_inspect

    import kiosk.adapters.db as db_package
    from kiosk.adapters.db.engine import make_engine
    from kiosk.adapters.db.migrate import upgrade
    from kiosk.adapters.db.tables import metadata

    for module in pkgutil.iter_modules(db_package.__path__):
        if module.name.startswith("tables"):
            importlib.import_module(f"kiosk.adapters.db.{module.name}")
    engine = make_engine(sqlite_url(directory / "shop.sqlite3"))
    added: list[str] = []
    try:
        upgrade(engine)  # new revisions first, as the app would apply them; then whatever is still missing
        inspector = sa_inspect(engine)
        existing = set(inspector.get_table_names())
        for table in metadata.sorted_tables:
            if table.name not in existing:
                table.create(engine)
                added.append(f"table {table.name}")
                continue
            have = {c["name"] for c in inspector.get_columns(table.name)}
            missing = [c.name for c in table.columns if c.name not in have]
            if missing:
                raise RuntimeError(f"the cached bench shop in {directory} lacks columns {table.name}.{missing}; "
                                   "delete that folder to rebuild it")
            indexes = {i["name"] for i in inspector.get_indexes(table.name)}
            for index in table.indexes:
                if index.name not in indexes:
                    index.create(engine)
                    added.append(f"index {index.name}")
    finally:
        engine.dispose()
    return added


def build(path: Path = OUT, *, members: int = 1_000_000, entries: int = 10_000_000, days: int = 365, seed: int = 1,
          progress: Progress | None = None) -> Path:
    """The shop directory (shop.sqlite3, install-id, sample.json) for these parameters, built once and cached.

    `path` is the cache root: each parameter set gets its own sub-directory. A half-built shop (interrupted)
    has no sample.json and is rebuilt from scratch.
    """
    directory = shop_dir(members, entries, days, seed, path)
    if (directory / "sample.json").exists():
        upgrade_in_place(directory, say=progress or (lambda text: None))
        return directory
    say = progress or (lambda text: None)
    if directory.exists():
        for leftover in directory.iterdir():
            leftover.unlink()
    directory.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    _Builder(directory, members=members, entries=entries, days=days, seed=seed, say=say).run()
    say(f"built in {time.perf_counter() - started:,.0f} s: {directory}")
    return directory


def upgrade_in_place(directory: Path, *, say: Progress) -> None:
    """A cached shop built by an older version, brought to this version's schema where it is: the app would first
    copy the file (its backup before an upgrade), and the 1M shop's copy is 26 GB. It is a cache: rebuilt if lost."""
    from kiosk.adapters.db.engine import make_engine
    from kiosk.adapters.db.migrate import current_revision, head_revision, upgrade

    engine = make_engine(sqlite_url(directory / "shop.sqlite3"))
    try:
        if current_revision(engine) != head_revision():
            started = time.perf_counter()
            upgrade(engine)
            say(f"upgraded to {head_revision()} in place in {time.perf_counter() - started:,.1f} s: {directory}")
    finally:
        engine.dispose()


class _Builder:
    def __init__(self, directory: Path, *, members: int, entries: int, days: int, seed: int, say: Progress) -> None:
        if members < 10 or entries < members * 2 or days < 2:
            raise ValueError("need at least 10 members, 2 entries per member and 2 days")
        self.directory = directory
        self.n_members = members
        self.n_entries = entries
        self.days = days
        self.seed = seed
        self.say = say
        self.rng = random.Random(seed)
        self.started = time.perf_counter()

    # -- set-up through the real app: schema (Alembic), signing key, staff --------------------------------
    def run(self) -> None:
        settings = bench_settings(self.directory)
        first_day = END_DATE - timedelta(days=self.days - 1)
        clock = FixedClock(datetime(first_day.year, first_day.month, first_day.day, 0, 0, tzinfo=UTC))
        with wire(settings, clock=clock) as wiring:
            app = wiring.services
            self.ctx = app.ctx
            staff: list[StaffMember] = []
            for name, role, pin in DEMO_STAFF:  # the owner first (first-run set-up); it authorises the rest
                staff.append(app.staff.add_staff(name=name, role=role, pin=pin, by=staff[0].id if staff else None))
            with wiring.uow_factory() as uow:
                self.key_id, self.secret = uow.keys.active()
        self.device = self.ctx.device_id
        self.cashiers = [s.id for s in staff if s.role.value == "cashier"]
        self.db_path = self.directory / "shop.sqlite3"
        db = sqlite3.connect(self.db_path, isolation_level=None)
        self.db = db
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA locking_mode=EXCLUSIVE")
        db.execute("PRAGMA cache_size=-3000000")  # 3 GB: the unique random-id indexes stay in memory
        db.execute("PRAGMA temp_store=FILE")
        self.indexes = self._drop_secondary_indexes()
        self._days_table(first_day)
        self._members()
        self._history()
        self._finish()

    def _drop_secondary_indexes(self) -> list[tuple[str, str]]:
        """Secondary indexes are rebuilt once at the end: sorting 10M keys beats 10M random B-tree inserts."""
        rows = self.db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND tbl_name IN "
            "('members','member_cards','sales','ledger_entries','postings','outbox','print_jobs',"
            "'processed_commands','account_balances','member_tiers')").fetchall()
        for name, _sql in rows:
            self.db.execute(f"DROP INDEX {name}")
        # The search triggers (0022) look up each new member's neighbours in name order on an index dropped here:
        # off during the load, and the ranks and the trigram index filled at once at the end.
        self.search_triggers = self.db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name='members' "
            "AND name LIKE 'member_search%'").fetchall()
        for name, _sql in self.search_triggers:
            self.db.execute(f"DROP TRIGGER {name}")
        return rows

    def _days_table(self, first_day: date) -> None:
        self.day_dates = [first_day + timedelta(days=d) for d in range(self.days)]
        self.day_text = [d.isoformat() for d in self.day_dates]
        midnight = [datetime(d.year, d.month, d.day, tzinfo=UTC) for d in self.day_dates]
        self.expiry12 = [expiry_from(m, 12).date().isoformat() for m in midnight]  # type: ignore[union-attr]
        self.expiry6 = [expiry_from(m, 6).date().isoformat() for m in midnight]  # type: ignore[union-attr]
        # Weekends are busier; the last weeks busier than the first (the shop grows).
        self.day_weight = [(1.35 if d.weekday() >= 5 else 1.0) * (0.7 + 0.6 * i / max(1, self.days - 1))
                           for i, d in enumerate(self.day_dates)]

    # -- members ------------------------------------------------------------------------------------------
    def _members(self) -> None:
        rng, n = self.rng, self.n_members
        # Enrolment: a launch rush, then a steady trickle (sorted: member index order is enrolment order).
        self.join_day = sorted(min(self.days - 1, int(rng.random() ** 1.6 * self.days)) for _ in range(n))
        self.member_ids = [f"{rng.getrandbits(128):032x}" for _ in range(n)]
        weights = [min(MAX_WEIGHT, rng.paretovariate(1.4)) for _ in range(n)]
        self.cum_weight = []
        total = 0.0
        for w in weights:
            total += w
            self.cum_weight.append(total)
        # first member index that joins on each day: members before it may shop that day
        self.joined_before = [bisect.bisect_left(self.join_day, d) for d in range(self.days + 1)]
        short_ids: set[str] = set()
        referrals: set[str] = set()
        self.short_ids: list[str] = []
        self.phones: list[str] = []
        self.member_join_at: list[str] = []
        rows: list[tuple[Any, ...]] = []
        cards: list[tuple[Any, ...]] = []
        alphabet = ALPHABET
        for i in range(n):
            while True:
                short = "".join(rng.choices(alphabet, k=tokens.SHORT_ID_CHARS))
                if short not in short_ids:
                    short_ids.add(short)
                    break
            while True:
                referral = "".join(rng.choices(alphabet, k=6))
                if referral not in referrals:
                    referrals.add(referral)
                    break
            # a bijection on 8 digits keeps phones unique without looking like enrolment order
            phone = f"+668{(i * 48_271 + 12_345_679) % 100_000_000:08d}"
            thai = rng.random() < 0.75
            name = (f"{rng.choice(THAI_FIRST)} {rng.choice(THAI_LAST)}" if thai
                    else f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}")
            day = self.join_day[i]
            at = self._stamp(day, rng.randrange(0, 11 * 3600) + 1800, rng.randrange(1, 1_000_000))
            mid = self.member_ids[i]
            self.short_ids.append(short)
            self.phones.append(phone)
            self.member_join_at.append(at)
            birthday = f"{rng.randint(1960, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            rows.append((mid, short, name, name_search_key(name), phone,
                         None if thai else f"{name.split()[0].lower()}{i}@example.com", birthday,
                         "th" if thai else "en", at, 1 if rng.random() < 0.4 else 0, at, self.day_text[day],
                         self.device, referral))
            cards.append((f"{rng.getrandbits(128):032x}", mid, 1, self.key_id, at, None))
            if len(rows) >= 100_000:
                self._write_members(rows, cards)
                self.say(f"members {i + 1:,}/{n:,}")
        self._write_members(rows, cards)
        self.say(f"members {n:,}/{n:,} ({time.perf_counter() - self.started:,.0f} s)")

    def _write_members(self, rows: list[tuple[Any, ...]], cards: list[tuple[Any, ...]]) -> None:
        self.db.execute("BEGIN")
        self.db.executemany(MEMBER_SQL, rows)
        self.db.executemany(CARD_SQL, cards)
        self.db.execute("COMMIT")
        rows.clear()
        cards.clear()

    def _stamp(self, day: int, second: int, micro: int) -> str:
        """The database's spelling of a UTC instant: 'YYYY-MM-DD HH:MM:SS.ffffff'."""
        return f"{self.day_text[day]} {second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}.{micro:06d}"

    # -- sales and the ledger -------------------------------------------------------------------------------
    def _history(self) -> None:
        rng, n = self.rng, self.n_members
        programs = self.ctx.programs
        items = [(i.sku, i.label("th"), i.price.minor, i.category in ("coffee", "tea")) for i in programs.items]
        coffee = [i for i in items if i[3]]
        food = [i for i in items if not i[3]]
        self.points = [0] * n
        self.credit = [0] * n
        self.stamps = [0] * n
        self.rewards = [0] * n
        self.spend = [0] * n
        self.visits = [0] * n
        self.touched = bytearray(n)  # bit 1 points, 2 credit, 4 stamps, 8 rewards
        self.program: dict[tuple[str, str], int] = {}
        self.tier_since: dict[int, tuple[str, str]] = {}
        self.prev_hash = GENESIS_HASH
        self.entry_count = 0
        self.sale_count = 0
        self.receipt_no = 0
        self.checked = 0
        self.buf_entries: list[tuple[Any, ...]] = []
        self.buf_postings: list[tuple[Any, ...]] = []
        self.posting_seq = int(self.db.execute("SELECT coalesce(max(seq), 0) FROM postings").fetchone()[0])
        self.buf_sales: list[tuple[Any, ...]] = []
        self.buf_commands: list[tuple[Any, ...]] = []
        self.buf_outbox: list[tuple[Any, ...]] = []
        self.buf_prints: list[tuple[Any, ...]] = []
        self.sales_per_day = [0] * self.days
        self.doc_json = _receipt_documents(self.ctx)
        per_member_sale = 1.3  # first guess; corrected from what the history actually produced each day
        self.member_sales = 0
        weight_left = sum(self.day_weight)
        for day in range(self.days):
            signups_today = self.joined_before[day + 1] - self.joined_before[day]
            signups_left = n - self.joined_before[day]
            budget = self.n_entries - self.entry_count - signups_left
            if self.member_sales >= 1000:
                per_member_sale = (self.entry_count - self.joined_before[day]) / self.member_sales
            entries_per_sale = MEMBER_SHARE * per_member_sale
            weight = self.day_weight[day]
            sales_today = max(0, round(budget / entries_per_sale * weight / weight_left)) if budget > 0 else 0
            weight_left -= weight
            events: list[tuple[int, int, int]] = [(self._second_of(self.member_join_at[i]), 0, i)
                                                  for i in range(self.joined_before[day], self.joined_before[day + 1])]
            events += [(rng.randrange(1800, 41_400), 1, 0) for _ in range(sales_today)]
            events.sort()
            eligible = self.joined_before[day]
            last_day = day == self.days - 1
            for second, kind, index in events:
                micro = rng.randrange(1, 1_000_000)
                if kind == 0:
                    self._signup(day, index)
                    continue
                if last_day and self.entry_count >= self.n_entries - signups_today:
                    continue  # the last day stops where the target is met (sign-ups still happen)
                member = None
                if eligible and rng.random() < MEMBER_SHARE:
                    member = bisect.bisect_left(self.cum_weight, rng.random() * self.cum_weight[eligible - 1],
                                                0, eligible)
                basket = [rng.choice(coffee)] * rng.choice((1, 1, 1, 2))
                if rng.random() < 0.45:
                    basket.append(rng.choice(food))
                self._sale(day, second, micro, member, basket)
            if len(self.buf_entries) >= FLUSH_ENTRIES or day == self.days - 1:
                self._flush()
            if day % 10 == 9 or day == self.days - 1:
                self.say(f"day {day + 1}/{self.days}: {self.sale_count:,} sales, {self.entry_count:,} entries "
                         f"({time.perf_counter() - self.started:,.0f} s)")
        self._flush()

    @staticmethod
    def _second_of(stamp: str) -> int:
        return int(stamp[11:13]) * 3600 + int(stamp[14:16]) * 60 + int(stamp[17:19])

    def _signup(self, day: int, i: int) -> None:
        mid = self.member_ids[i]
        at = self.member_join_at[i]
        command = self._uuid()
        expires = self.expiry12[day] + at[10:]
        bonus = self.ctx.programs.bonuses.signup_points
        self._entry(day, at, "signup_bonus", mid, None, command, None, "sign-up bonus",
                    ((f"member:{mid}:points", "PTS", bonus, mid, expires),
                     ("program:issued", "PTS", -bonus, None, None)))
        self.points[i] += bonus
        self.touched[i] |= 1
        self._program("program:issued", "PTS", -bonus)
        result = json.dumps({"card_print_job": None, "display_name": "-", "member_code": "", "member_id": mid,
                             "referred_by": None, "short_id": self.short_ids[i], "signup_points": bonus},
                            separators=(",", ":"), sort_keys=True)
        self.buf_commands.append((command, "enroll", self._hash32(), result, at))

    def _sale(self, day: int, second: int, micro: int, member: int | None, basket: list[tuple[Any, ...]]) -> None:
        rng = self.rng
        at = self._stamp(day, second, micro)
        sale_id = self._uuid()
        staff = rng.choice(self.cashiers)
        counts: dict[str, list[Any]] = {}
        for sku, name, price, is_coffee in basket:
            counts.setdefault(sku, [name, price, 0, is_coffee])[2] += 1
        subtotal = sum(price * qty for name, price, qty, _ in counts.values())
        coffees = sum(qty for name, price, qty, is_coffee in counts.values() if is_coffee)
        discount = credit_paid = 0
        discounts: list[dict[str, Any]] = []
        mid = self.member_ids[member] if member is not None else None
        self.receipt_no += 1
        self.sale_count += 1
        self.sales_per_day[day] += 1
        recent = day >= self.days - RECENT_DAYS
        if member is not None:
            i = member
            self.member_sales += 1
            redeem: list[tuple[Any, ...]] = []
            roll = rng.random()
            if self.rewards[i] and roll < 0.7:
                value = min(7500, max(p for _, p, _, c in counts.values() if c) if coffees else 7500, subtotal)
                discount += value
                discounts.append({"kind": "stamp_reward", "label": "Free coffee", "minor": value, "points": 0,
                                  "ref": "coffee"})
                redeem += [("program:redeemed", "REWARD:coffee", 1, None, None),
                           (f"member:{mid}:rewards", "REWARD:coffee", -1, mid, None)]
                self.rewards[i] -= 1
                self._program("program:redeemed", "REWARD:coffee", 1)
            elif self.points[i] >= 200 and roll < 0.3 and subtotal - discount > 5000:
                discount += 5000
                discounts.append({"kind": "reward", "label": "50 baht off", "minor": 5000, "points": 200,
                                  "ref": "off50"})
                redeem += [("program:redeemed", "PTS", 200, None, None),
                           (f"member:{mid}:points", "PTS", -200, mid, None)]
                self.points[i] -= 200
                self._program("program:redeemed", "PTS", 200)
            elif self.credit[i] >= 1000 and roll < 0.4:
                credit_paid = min(self.credit[i], subtotal - discount)
                if credit_paid:
                    redeem += [("program:redeemed", "THB", credit_paid, None, None),
                               (f"member:{mid}:credit", "THB", -credit_paid, mid, None)]
                    self.credit[i] -= credit_paid
                    self._program("program:redeemed", "THB", credit_paid)
            if redeem:
                entry_id = self._entry(day, at, "sale_redeem", mid, sale_id, sale_id, staff, f"sale {sale_id}",
                                       tuple(redeem))
                if recent:
                    self._outbox(at, mid, entry_id, credit_paid and -credit_paid)
            paid = subtotal - discount - credit_paid
            multiplier = TIERS[self._tier(i)][2]
            points = (paid // 2500) * multiplier // 100
            cashback = min(paid * 2 // 100, 5000) if paid >= 10000 else 0
            stamps = min(coffees, 5)
            expires = self.expiry12[day] + at[10:]
            earn: list[tuple[Any, ...]] = []
            if points:
                earn += [(f"member:{mid}:points", "PTS", points, mid, expires),
                         ("program:issued", "PTS", -points, None, None)]
                self.points[i] += points
                self.touched[i] |= 1
                self._program("program:issued", "PTS", -points)
            if cashback:
                earn += [(f"member:{mid}:credit", "THB", cashback, mid, expires),
                         ("program:issued", "THB", -cashback, None, None)]
                self.credit[i] += cashback
                self.touched[i] |= 2
                self._program("program:issued", "THB", -cashback)
            if stamps:
                earn += [(f"member:{mid}:stamps", "STAMP:coffee", stamps, mid, None),
                         ("program:issued", "STAMP:coffee", -stamps, None, None)]
                self.stamps[i] += stamps
                self.touched[i] |= 4
                self._program("program:issued", "STAMP:coffee", -stamps)
            if earn:
                entry_id = self._entry(day, at, "sale_earn", mid, sale_id, sale_id, staff, f"sale {sale_id}",
                                       tuple(earn))
                if recent:
                    self._outbox(at, mid, entry_id, cashback)
            if self.stamps[i] >= 10:
                completed = self.stamps[i] // 10
                used = completed * 10
                reward_expires = self.expiry6[day] + at[10:]
                entry_id = self._entry(
                    day, at, "stamp_card_completed", mid, sale_id, sale_id, staff, f"coffee completed x{completed}",
                    (("program:rewards", "STAMP:coffee", used, None, None),
                     (f"member:{mid}:stamps", "STAMP:coffee", -used, mid, None),
                     (f"member:{mid}:rewards", "REWARD:coffee", completed, mid, reward_expires),
                     ("program:issued", "REWARD:coffee", -completed, None, None)))
                self.stamps[i] -= used
                self.rewards[i] += completed
                self.touched[i] |= 8
                self._program("program:rewards", "STAMP:coffee", used)
                self._program("program:issued", "REWARD:coffee", -completed)
                if recent:
                    self._outbox(at, mid, entry_id, 0)
            self.spend[i] += paid + credit_paid
            self.visits[i] += 1
            self._tier(i, at)
        else:
            paid = subtotal
            points = cashback = 0
        lines = json.dumps([{"sku": sku, "name": v[0], "unit_minor": v[1], "quantity": v[2]}
                            for sku, v in counts.items()], ensure_ascii=False)
        receipt = f"C1-{self.receipt_no:06d}"
        payment = rng.choice(("cash", "cash", "qr", "qr", "card"))
        self.buf_sales.append((sale_id, receipt, self.device, at, self.day_text[day], mid, staff, subtotal, discount,
                               credit_paid, paid, payment, lines,
                               json.dumps(discounts, ensure_ascii=False) if discounts else "[]"))
        # as checkout.remember_sale keeps it: only what the sale row does not hold (format 1, migration 0016)
        result = json.dumps({k: v for k, v in (("v", 1), ("earned", points), ("cashback", cashback)) if v},
                            separators=(",", ":"))
        self.buf_commands.append((sale_id, "sale", self._hash32(), result, at))
        if recent:
            job = f"{rng.getrandbits(128):032x}"
            self.buf_prints.append((job, at, self.device, sale_id, self.doc_json[self.receipt_no % len(self.doc_json)],
                                    at))

    def _tier(self, i: int, at: str | None = None) -> int:
        """The member's tier index by their spend so far; on a change (at given) the member_tiers row moves."""
        spend = self.spend[i]
        level = 2 if spend >= TIERS[2][0] else 1 if spend >= TIERS[1][0] else 0
        if at is not None:
            old = self.tier_since.get(i)
            if old is None or old[0] != TIERS[level][1]:
                self.tier_since[i] = (TIERS[level][1], at)
        return level

    def _program(self, account: str, unit: str, amount: int) -> None:
        key = (account, unit)
        self.program[key] = self.program.get(key, 0) + amount

    def _uuid(self) -> str:
        h = f"{self.rng.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{h[16:20]}-{h[20:]}"

    def _hash32(self) -> bytes:
        """A request hash as the app stores it (tables.Digest: 32 bytes on SQLite since migration 0021)."""
        return self.rng.getrandbits(256).to_bytes(32, "big")

    def _entry(self, day: int, at: str, kind: str, member_id: str | None, sale_id: str | None, command_id: str,
               staff_id: str | None, memo: str, postings: tuple[tuple[Any, ...], ...]) -> str:
        entry_id = f"{self.rng.getrandbits(128):032x}"
        iso = at.replace(" ", "T") + "+00:00"
        body_postings = ",".join(
            f'["{a}","{u}",{amt},{_q(e.replace(" ", "T") + "+00:00" if e else None)}]' for a, u, amt, _m, e in postings)
        text = (f'{{"business_date":"{self.day_text[day]}","command_id":{_q(command_id)},"created_at":"{iso}",'
                f'"device_id":"{self.device}","flags":[],"id":"{entry_id}","kind":"{kind}",'
                f'"member_id":{_q(member_id)},"memo":"{memo}","postings":[{body_postings}],"reverses_id":null,'
                f'"sale_id":{_q(sale_id)},"staff_id":{_q(staff_id)}}}')
        if self.checked < 50 or self.entry_count % 100_003 == 0:
            self._check_canonical(text, entry_id, day, at, kind, member_id, sale_id, command_id, staff_id, memo,
                                  postings)
        digest = hashlib.sha256((self.prev_hash + text).encode()).hexdigest()
        first = self.posting_seq + 1
        self.posting_seq += len(postings)
        self.buf_entries.append((entry_id, self.device, at, self.day_text[day], kind, member_id, sale_id, command_id,
                                 staff_id, memo, bytes.fromhex(self.prev_hash), bytes.fromhex(digest), first,
                                 self.posting_seq))
        self.buf_postings.extend((first + n, entry_id, a, u, amt, m, e)
                                 for n, (a, u, amt, m, e) in enumerate(postings))
        self.prev_hash = digest
        self.entry_count += 1
        return entry_id

    def _check_canonical(self, text: str, entry_id: str, day: int, at: str, kind: str, member_id: str | None,
                         sale_id: str | None, command_id: str, staff_id: str | None, memo: str,
                         postings: tuple[tuple[Any, ...], ...]) -> None:
        """The fast template must hash exactly what `kiosk verify` will recompute from the stored row."""
        def instant(text: str) -> datetime:
            return datetime.fromisoformat(text).replace(tzinfo=UTC)

        entry = Entry(id=entry_id, device_id=self.device, created_at=instant(at), business_date=self.day_dates[day],
                      kind=kind, member_id=member_id, sale_id=sale_id, command_id=command_id, staff_id=staff_id,
                      memo=memo, postings=tuple(Posting(a, u, amt, instant(e) if e else None)
                                                for a, u, amt, _m, e in postings))
        if canonical(entry) != text:
            raise AssertionError(f"bench canonical form drifted from kiosk.domain.ledger.canonical:\n{text}\n"
                                 f"{canonical(entry)}")
        self.checked += 1

    def _outbox(self, at: str, member_id: str, entry_id: str, credit_minor: int) -> None:
        rng = self.rng
        self.buf_outbox.append((f"{rng.getrandbits(128):032x}", at, "member.snapshot", member_id, entry_id,
                                f'{{"entry_id": "{entry_id}", "member_id": "{member_id}"}}',
                                f"snap-{entry_id}-{member_id}", at, f"cus_{member_id[:14]}"))
        if credit_minor:
            self.buf_outbox.append((f"{rng.getrandbits(128):032x}", at, "credit.balance_transaction", member_id,
                                    entry_id, f'{{"amount_minor": {-credit_minor}, "entry_id": "{entry_id}"}}',
                                    f"bt-{entry_id}-{member_id}", at, f"cbtxn_{entry_id[:14]}"))

    def _flush(self) -> None:
        db = self.db
        db.execute("BEGIN")
        db.executemany(ENTRY_SQL, self.buf_entries)
        db.executemany(POSTING_SQL, self.buf_postings)
        db.executemany(SALE_SQL, self.buf_sales)
        db.executemany(COMMAND_SQL, self.buf_commands)
        db.executemany(OUTBOX_SQL, self.buf_outbox)
        db.executemany(PRINT_SQL, self.buf_prints)
        db.execute("COMMIT")
        for buf in (self.buf_entries, self.buf_postings, self.buf_sales, self.buf_commands, self.buf_outbox,
                    self.buf_prints):
            buf.clear()

    # -- balances, tiers, indexes, and back to the app's pragmas ----------------------------------------------
    def _finish(self) -> None:
        db, say = self.db, self.say
        balances: list[tuple[Any, ...]] = []
        for i, mid in enumerate(self.member_ids):
            touched = self.touched[i]
            if touched & 1:
                balances.append((f"member:{mid}:points", "PTS", mid, self.points[i]))
            if touched & 2:
                balances.append((f"member:{mid}:credit", "THB", mid, self.credit[i]))
            if touched & 4:
                balances.append((f"member:{mid}:stamps", "STAMP:coffee", mid, self.stamps[i]))
            if touched & 8:
                balances.append((f"member:{mid}:rewards", "REWARD:coffee", mid, self.rewards[i]))
        balances += [(account, unit, None, amount) for (account, unit), amount in self.program.items()]
        tiers = []
        for i, (tier, since) in self.tier_since.items():
            review = (datetime.fromisoformat(since).replace(tzinfo=UTC) + timedelta(days=365))
            tiers.append((self.member_ids[i], tier, since, review.strftime("%Y-%m-%d %H:%M:%S.%f"), since))
        db.execute("BEGIN")
        db.executemany("INSERT INTO account_balances (account, unit, member_id, balance) VALUES (?,?,?,?)", balances)
        db.executemany("INSERT INTO member_tiers (member_id, tier, since, review_at, updated_at) VALUES (?,?,?,?,?)",
                       tiers)
        db.execute("INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                   (f"chain_head:{self.device}", self.prev_hash))
        db.execute("INSERT INTO counters (name, value) VALUES ('receipt:C1', ?) "
                   "ON CONFLICT(name) DO UPDATE SET value=excluded.value", (self.receipt_no,))
        db.execute("COMMIT")
        say(f"balances and tiers written ({time.perf_counter() - self.started:,.0f} s); building indexes")
        for name, sql in self.indexes:
            t0 = time.perf_counter()
            db.execute(sql)
            say(f"  index {name}: {time.perf_counter() - t0:,.1f} s")
        if self.search_triggers:
            t0 = time.perf_counter()
            db.execute("BEGIN")
            for statement in REFILL:
                db.execute(statement)
            for _name, sql in self.search_triggers:
                db.execute(sql)
            db.execute("COMMIT")
            say(f"  member search ranks and trigram index: {time.perf_counter() - t0:,.1f} s")
        db.close()
        db = sqlite3.connect(self.db_path, isolation_level=None)  # a fresh connection: out of exclusive mode
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        busiest = max(range(self.days), key=lambda d: self.sales_per_day[d])
        sample = self._sample()
        build_seconds = time.perf_counter() - self.started
        info = {
            "format": FORMAT, "members": self.n_members, "entries": self.entry_count, "sales": self.sale_count,
            "days": self.days, "seed": self.seed, "first_day": self.day_text[0], "last_day": self.day_text[-1],
            "busiest_day": self.day_text[busiest], "busiest_day_sales": self.sales_per_day[busiest],
            "device_id": self.device, "build_seconds": round(build_seconds, 1),
            "file_bytes": self.db_path.stat().st_size, "canonical_cross_checked": self.checked, **sample,
        }
        (self.directory / "sample.json").write_text(json.dumps(info, indent=1))

    def _sample(self) -> dict[str, Any]:
        """Members to look up: most picked as traffic picks them (regulars more often), some uniformly."""
        rng = random.Random(self.seed + 1)
        total = self.cum_weight[-1]
        picks = [bisect.bisect_left(self.cum_weight, rng.random() * total) for _ in range(SAMPLE_MEMBERS // 2)]
        picks += [rng.randrange(self.n_members) for _ in range(SAMPLE_MEMBERS // 2)]
        rng.shuffle(picks)
        codes = [tokens.sign_member_code(short_id=self.short_ids[i], serial=1, key_id=self.key_id,
                                         secret=self.secret) for i in picks]
        phones = ["0" + self.phones[i][3:] for i in picks]
        heaviest = max(range(self.n_members), key=lambda i: self.visits[i])
        return {"member_codes": codes, "member_phones": phones, "member_visits": [self.visits[i] for i in picks],
                "heaviest_member_visits": self.visits[heaviest],
                "heaviest_member_code": tokens.sign_member_code(short_id=self.short_ids[heaviest], serial=1,
                                                                key_id=self.key_id, secret=self.secret),
                "mean_visits": round(sum(self.visits) / self.n_members, 2)}


def _q(value: str | None) -> str:
    return "null" if value is None else f'"{value}"'


def _receipt_documents(ctx: Any) -> list[str]:
    """A few real receipt documents (as the checkout queues them) to fill the print queue's recent history."""
    from kiosk.domain.documents import Payment, ReceiptLine, SaleReceipt, document_to_json
    from kiosk.domain.money import Money

    docs = []
    for n, item in enumerate(ctx.programs.items[:4]):
        line = ReceiptLine(item.label("th"), 1 + n % 2, item.price, item.price * (1 + n % 2), item.sku)
        total = line.total
        docs.append(document_to_json(SaleReceipt(
            shop=ctx.shop, receipt_no=f"C1-{n:06d}", created_at=datetime(2026, 10, 1, 9, tzinfo=ctx.tz),
            cashier_name="Beam", lines=(line,), subtotal=total, total=total, adjustments=(),
            payments=(Payment("cash", total),), change=Money.zero(ctx.currency), loyalty=None, language="th",
            open_cash_drawer=True)))
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build (or reuse) the cached benchmark shop.")
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=10_000_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    directory = build(members=args.members, entries=args.entries, days=args.days, seed=args.seed,
                      progress=lambda text: print(text, flush=True))
    print(json.dumps({k: v for k, v in load_sample(directory).items() if not isinstance(v, list)}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
