"""The append-only ledger: entries of balanced postings; balances are derived, corrections reverse."""

from __future__ import annotations

import hashlib
import json
from bisect import insort
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from enum import StrEnum
from typing import NamedTuple

from kiosk.domain.errors import KioskError
from kiosk.domain.expiry import expiry_cutoff
from kiosk.domain.text import Phrase

POINTS = "PTS"
GENESIS_HASH = "0" * 64


def stamps_unit(card_id: str) -> str:
    return f"STAMP:{card_id}"


def voucher_unit(voucher_id: str) -> str:
    """One printed voucher: issued once (outstanding on program:vouchers), redeemed once; a second redemption
    shows as a negative balance there (two counters offline), and verify reconciles the vouchers table with it."""
    return f"VOUCHER:{voucher_id}"


def reward_unit(card_id: str) -> str:
    """A completed stamp card waiting to be used: one unit per free item earned."""
    return f"REWARD:{card_id}"


class EntryKind(StrEnum):
    SALE_EARN = "sale_earn"
    SALE_REDEEM = "sale_redeem"
    STAMP_CARD_COMPLETED = "stamp_card_completed"
    SIGNUP_BONUS = "signup_bonus"
    BIRTHDAY_BONUS = "birthday_bonus"
    REFERRAL_BONUS = "referral_bonus"
    REVIEW_BONUS = "review_bonus"
    VOUCHER_ISSUED = "voucher_issued"
    VOUCHER_REDEEMED = "voucher_redeemed"
    DONATION = "donation"
    EXPIRY = "expiry"
    ADJUSTMENT = "adjustment"
    REVERSAL = "reversal"
    PARTNER = "partner"  # points earned at a coalition partner
    PARTNER_REDEEM = "partner_redeem"  # points spent at a coalition partner
    ONLINE_EARN = "online_earn"
    ERASURE = "erasure"  # a member erased on request: what they held moves to breakage (program:expired)
    CHALLENGE = "challenge"  # a challenge's bonus, on the sale that completed it (memo: challenge:<id>:<period>)
    OFFER = "offer"  # a personal offer's bonus points, on the sale it was used on (memo: offer:<id>)
    PROMOTION = "promotion"  # a time-limited promotion's extra points or stamps on a sale (memo: promotion:<id>)
    MERGE = "merge"  # one person enrolled twice (two devices offline): the second member's value moves over


# Entries in which a member spends what they hold (what two devices offline could both spend).
SPEND_KINDS = ("sale_redeem", "voucher_issued", "donation", "partner_redeem")

# Entries that take value out of what a member holds, which two installations apart can both take (the hub
# shows the overdraft as a conflict): the spends above, a manager's adjustment down, and a stamp card completed
# (it takes the stamps it used: nine stamps completed on two counters are spent twice).
APART_SPEND_KINDS = (*SPEND_KINDS, "adjustment", "stamp_card_completed")


def installation_of(device_id: str) -> str:
    """The PC a device id belongs to: `<installation>-<label>`; the counter and the kiosk of one PC share its
    database, so they can never spend the same value apart."""
    return device_id.rsplit("-", 1)[0]

# Entries that count as "earning at a sale" (fraud limits) and as awards (tiers measured in points).
EARN_KINDS = (EntryKind.SALE_EARN.value,)
AWARD_KINDS = (EntryKind.SALE_EARN.value, EntryKind.SIGNUP_BONUS.value, EntryKind.BIRTHDAY_BONUS.value,
               EntryKind.REFERRAL_BONUS.value, EntryKind.REVIEW_BONUS.value, EntryKind.ONLINE_EARN.value,
               EntryKind.PARTNER.value, EntryKind.PROMOTION.value,
               EntryKind.CHALLENGE.value, EntryKind.OFFER.value)


def earned_net(rows: Iterable[tuple[str, str, str | None, int | None]]) -> tuple[int, dict[str, int]]:
    """What a member's sales of one day still earn once refunds and voids took theirs back: how many earning
    entries stand (the fraud limit's count) and the stamps they gave per STAMP: unit (a card's daily cap).

    `rows` are (entry id, kind, unit, amount) of the member's side: each earning entry of the day with its
    postings (unit None: an entry with none of the member's), and each reversal of one of them under the id of
    the entry it reverses (kind "reversal"). An entry a refund or void took back whole is as if it never was (a
    voided sale earns nothing, so it is no earning sale); one taken back in part still counts, with the stamps
    it kept: a refund that took back 2 of its 5 stamps frees 2 of the day's cap.
    """
    given: dict[str, dict[str, int]] = {}
    back: dict[str, dict[str, int]] = {}
    earning: set[str] = set()
    for entry_id, kind, unit, amount in rows:
        if kind == EntryKind.REVERSAL:
            if unit is not None and amount is not None:
                moved = back.setdefault(entry_id, {})
                moved[unit] = moved.get(unit, 0) + amount
            continue
        if kind in EARN_KINDS:
            earning.add(entry_id)
        units = given.setdefault(entry_id, {})
        if unit is not None and amount is not None:
            units[unit] = units.get(unit, 0) + amount
    standing = 0
    stamps: dict[str, int] = {}
    for entry_id, units in given.items():
        taken = back.get(entry_id, {})
        net = {unit: amount + taken.get(unit, 0) for unit, amount in units.items()}
        if entry_id in earning and not (units and not any(net.values())):
            standing += 1
        for unit, amount in net.items():
            if unit.startswith("STAMP:") and amount > 0:
                stamps[unit] = stamps.get(unit, 0) + amount
    return standing, stamps


class Flag(StrEnum):
    NEGATIVE_BALANCE = "negative_balance"
    OVERRIDE = "override"
    FRAUD_LIMIT = "fraud_limit"


# Program-side accounts. A member's own accounts are `member:<id>:<bucket>`.
class ProgramAccount(StrEnum):
    ISSUED = "program:issued"          # points/stamps/credit given out (the shop's cost)
    REDEEMED = "program:redeemed"      # spent by members at checkout
    EXPIRED = "program:expired"        # breakage
    DONATED = "program:donations"      # owed to charities
    VOUCHERS = "program:vouchers"      # points turned into printed vouchers
    REWARDS = "program:rewards"        # stamp cards turned into free items
    ADJUSTED = "program:adjustments"   # manual corrections by a manager
    PARTNER = "program:partner"        # partners' awards written before partners had accounts of their own
    UNRECOVERED = "program:unrecovered"  # an erased member had spent what a refunded sale earned: a loss


# Each coalition partner has two program accounts, so the ledger itself says which partner gave or took points
# (verify, the reports and the hub see it without a side table): what members earned there is drawn from the
# first, what they spent there goes to the second. Settlement reads both.
PARTNER_ISSUED_PREFIX = "program:partner:"
PARTNER_REDEEMED_PREFIX = "program:partner-redeemed:"


def partner_issued_account(partner_id: str) -> str:
    return PARTNER_ISSUED_PREFIX + partner_id


def partner_redeemed_account(partner_id: str) -> str:
    return PARTNER_REDEEMED_PREFIX + partner_id


def is_partner_issued(account: str) -> bool:
    """An account partners' awards are drawn from (the old shared one included)."""
    return account == ProgramAccount.PARTNER.value or account.startswith(PARTNER_ISSUED_PREFIX)


def is_partner_redeemed(account: str) -> bool:
    return account.startswith(PARTNER_REDEEMED_PREFIX)


class Bucket(StrEnum):
    """A member's own accounts, one per kind of value they hold."""

    POINTS = "points"
    CREDIT = "credit"     # store credit, in the shop's currency
    STAMPS = "stamps"     # stamps on each stamp card
    REWARDS = "rewards"   # full cards' free items, ready to use


def bucket_of(unit: str, currency: str) -> Bucket:
    """Which of a member's accounts holds `unit`: points, store credit (the currency), stamps or free items."""
    if unit == POINTS:
        return Bucket.POINTS
    if unit == currency:
        return Bucket.CREDIT
    return Bucket.STAMPS if unit.startswith("STAMP:") else Bucket.REWARDS


def member_account(member_id: str, bucket: Bucket) -> str:
    return f"member:{member_id}:{bucket.value}"


def member_of(account: str) -> str | None:
    if account.startswith("member:"):
        return account.split(":", 2)[1]
    return None


@dataclass(frozen=True)
class Posting:
    account: str
    unit: str  # PTS, STAMP:<card>, REWARD:<card>, or an ISO currency for store credit (minor units)
    amount: int
    expires_at: datetime | None = None  # set on awards to a member: this lot's own expiry

    @property
    def member_id(self) -> str | None:
        return member_of(self.account)


@dataclass(frozen=True)
class Entry:
    id: str
    device_id: str
    created_at: datetime
    business_date: date
    kind: EntryKind
    postings: tuple[Posting, ...]
    member_id: str | None = None
    sale_id: str | None = None
    reverses_id: str | None = None
    command_id: str | None = None
    staff_id: str | None = None
    memo: str = ""
    flags: tuple[Flag, ...] = ()



class UnbalancedEntry(KioskError):
    code = "unbalanced_entry"


def check_balanced(entry: Entry) -> None:
    """Every unit's postings in an entry sum to zero: points are never minted from nothing."""
    totals: dict[str, int] = defaultdict(int)
    for p in entry.postings:
        if isinstance(p.amount, bool) or not isinstance(p.amount, int):
            raise UnbalancedEntry("ledger.fractional_posting", id=entry.id)
        totals[p.unit] += p.amount
    bad = {u: t for u, t in totals.items() if t != 0}
    if bad:
        raise UnbalancedEntry("ledger.unbalanced", id=entry.id, bad=bad)
    if not entry.postings:
        raise UnbalancedEntry("ledger.no_postings", id=entry.id)


def transfer(*, unit: str, amount: int, to_account: str, from_account: str,
             expires_at: datetime | None = None) -> tuple[Posting, Posting]:
    """Two postings moving `amount` of `unit` from one account to another."""
    return (
        Posting(account=to_account, unit=unit, amount=amount, expires_at=expires_at),
        Posting(account=from_account, unit=unit, amount=-amount),
    )


def reversal_postings(original: Entry) -> tuple[Posting, ...]:
    """Postings that undo `original` exactly.

    A reversed award keeps its lot's expiry so the lot book takes back that very lot, not the oldest one.
    """
    return tuple(Posting(p.account, p.unit, -p.amount, p.expires_at if p.amount > 0 else None)
                 for p in original.postings)


def redirect_written_off(postings: Iterable[Posting], written_off: Mapping[str, dict[str, int]]
                         ) -> tuple[Posting, ...]:
    """Reversal postings for members who were erased: they hold nothing any more.

    `written_off` maps each erased member to what breakage still holds of theirs, per unit (updated here).
    What the reversal takes back comes from that breakage; what the member had already spent beyond it cannot
    be taken back from anyone and is booked as unrecovered. What it gives back goes to breakage. Their own
    balance never moves, so it never goes below zero for value they no longer had.
    """
    out: list[Posting] = []
    for p in postings:
        mid = member_of(p.account)
        if mid is None or mid not in written_off:
            out.append(p)
            continue
        held = written_off[mid]
        if p.amount >= 0:
            held[p.unit] = held.get(p.unit, 0) + p.amount
            out.append(Posting(ProgramAccount.EXPIRED.value, p.unit, p.amount))
            continue
        from_breakage = min(-p.amount, max(held.get(p.unit, 0), 0))
        held[p.unit] = held.get(p.unit, 0) - from_breakage
        if from_breakage:
            out.append(Posting(ProgramAccount.EXPIRED.value, p.unit, -from_breakage))
        if -p.amount - from_breakage:
            out.append(Posting(ProgramAccount.UNRECOVERED.value, p.unit, p.amount + from_breakage))
    return tuple(out)


def apply_postings(balances: dict[tuple[str, str], int], postings: Iterable[Posting]) -> None:
    for p in postings:
        key = (p.account, p.unit)
        balances[key] = balances.get(key, 0) + p.amount


def derive_balances(entries: Iterable[Entry]) -> dict[tuple[str, str], int]:
    balances: dict[tuple[str, str], int] = {}
    for entry in entries:
        apply_postings(balances, entry.postings)
    return balances


def _utc(at: datetime) -> str:
    """Hashes cover instants, not how a zone spelled them: the database hands back UTC."""
    return at.astimezone(UTC).isoformat()


def canonical(entry: Entry) -> str:
    """The bytes the hash chain covers: every field that means anything, in a fixed order."""
    body = {
        "id": entry.id,
        "device_id": entry.device_id,
        "created_at": _utc(entry.created_at),
        "business_date": entry.business_date.isoformat(),
        "kind": entry.kind,
        "member_id": entry.member_id,
        "sale_id": entry.sale_id,
        "reverses_id": entry.reverses_id,
        "command_id": entry.command_id,
        "staff_id": entry.staff_id,
        "memo": entry.memo,
        "flags": sorted(entry.flags),
        "postings": [
            [p.account, p.unit, p.amount, _utc(p.expires_at) if p.expires_at else None]
            for p in entry.postings
        ],
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_from_canonical(text: str) -> Entry:
    """The entry a canonical text describes (another device's, as the hub passed it on): canonical() inverted."""
    body = json.loads(text)
    return Entry(
        id=body["id"], device_id=body["device_id"], created_at=datetime.fromisoformat(body["created_at"]),
        business_date=date.fromisoformat(body["business_date"]), kind=EntryKind(body["kind"]),
        postings=tuple(Posting(account, unit, int(amount), datetime.fromisoformat(expires) if expires else None)
                       for account, unit, amount, expires in body["postings"]),
        member_id=body["member_id"], sale_id=body["sale_id"], reverses_id=body["reverses_id"],
        command_id=body["command_id"], staff_id=body["staff_id"], memo=body["memo"],
        flags=tuple(Flag(f) for f in body["flags"]))


def chain_hash(prev_hash: str, entry: Entry) -> str:
    return hashlib.sha256((prev_hash + canonical(entry)).encode()).hexdigest()


@dataclass
class ChainedEntry:
    entry: Entry
    prev_hash: str
    hash: str


def verify_chain(rows: Iterable[ChainedEntry]) -> list[Phrase]:
    """Problems in one device's chain (rows in local order, read once): edited or deleted rows, named by id (as
    catalogue codes: kiosk/l10n/verify.py)."""
    problems: list[Phrase] = []
    expected_prev = GENESIS_HASH
    for row in rows:
        if row.prev_hash != expected_prev:
            problems.append(Phrase("verify.chain_broken", {"entry": row.entry.id}))
        if chain_hash(row.prev_hash, row.entry) != row.hash:
            problems.append(Phrase("verify.entry_edited", {"entry": row.entry.id}))
        expected_prev = row.hash
    return problems


@dataclass(frozen=True)
class Lot:
    """Part of a member's balance with its own expiry date (None: never expires)."""

    amount: int
    expires_at: datetime | None
    awarded_at: datetime

    def dead(self, cutoff: datetime) -> bool:
        """Expired, for `cutoff` = kiosk.domain.expiry.expiry_cutoff of the moment asked about."""
        return self.expires_at is not None and self.expires_at < cutoff


def _spending_order(lot: Lot) -> tuple[bool, datetime, datetime]:
    """Soonest to expire first; lots that never expire last; the older first among equals."""
    return lot.expires_at is None, lot.expires_at or lot.awarded_at, lot.awarded_at


@dataclass
class LotBook:
    """Tracks a member's balance of one unit as lots, spent soonest-to-expire first.

    Value past its date is dead the moment the business day it is shown expiring on ends (in the shop's time
    zone `tz`: kiosk.domain.expiry), whether or not an expiry entry has taken it yet: a spend at time `at`
    uses only lots still valid then, and only an expiry takes expired lots. A spend that finds too little
    valid value still goes through (the ledger is history, not a gate) and what it took from expired lots is
    counted in `expired_spent`, for verify to report.
    """

    tz: tzinfo
    lots: list[Lot] = field(default_factory=list)
    debt: int = 0  # spending beyond the lots (a refund reversal after the points were spent)
    expired_spent: int = 0  # value a spend took from lots that had already expired

    def add(self, amount: int, *, expires_at: datetime | None, at: datetime) -> None:
        if self.debt:
            settled = min(self.debt, amount)
            self.debt -= settled
            amount -= settled
        if amount > 0:
            # the lots stay in spending order: inserted in place (after equal ones, as a stable sort put them)
            # instead of sorting the whole list again for every lot a member's history adds
            insort(self.lots, Lot(amount, expires_at, at), key=_spending_order)

    def spend(self, amount: int, *, at: datetime | None = None, lot_expiry: datetime | None = None,
              expiry: bool = False, taken: list[tuple[datetime | None, int]] | None = None) -> int:
        """Take `amount`; returns how much of it came from lots already expired at `at` (0 for an expiry).

        A reversal (`lot_expiry`) takes back its own lot first; an expiry takes expired lots; any other
        spend takes valid lots soonest-to-expire first. Without `at` every lot counts as valid. `taken`, when
        given, receives each part taken as (its lot's expiry, amount), in the order taken.
        """
        remaining = amount
        if lot_expiry is not None:
            remaining = self._take(remaining, lambda lot: lot.expires_at == lot_expiry, taken)
        if at is not None:
            cutoff = expiry_cutoff(at, self.tz)
            if expiry:
                remaining = self._take(remaining, lambda lot: lot.dead(cutoff), taken)
            else:
                remaining = self._take(remaining, lambda lot: not lot.dead(cutoff), taken)
        before = remaining
        remaining = self._take(remaining, lambda lot: True, taken)
        from_expired = 0 if expiry or at is None else before - remaining
        self.expired_spent += from_expired
        self.debt += remaining
        return from_expired

    def _take(self, amount: int, eligible: Callable[[Lot], bool],
              taken: list[tuple[datetime | None, int]] | None = None) -> int:
        for i, lot in enumerate(self.lots):
            if amount <= 0:
                break
            if eligible(lot):
                take = min(lot.amount, amount)
                amount -= take
                self.lots[i] = Lot(lot.amount - take, lot.expires_at, lot.awarded_at)
                if taken is not None and take:
                    taken.append((lot.expires_at, take))
        self.lots = [lot for lot in self.lots if lot.amount > 0]
        return amount

    def apply(self, move: Move, taken: list[tuple[datetime | None, int]] | None = None) -> int:
        """Book one posting; returns how much of a spend came from lots already expired when it was made.
        `taken`, when given, receives the lots a spend took (spend)."""
        if move.amount > 0:
            self.add(move.amount, expires_at=move.expires_at, at=move.at)
            return 0
        if move.amount == 0:
            return 0
        # A reversal (or an erasure, or a merge) moves exactly the lots it names, expired or not.
        timed = move.kind not in ("", EntryKind.REVERSAL, EntryKind.ERASURE, EntryKind.MERGE)
        return self.spend(-move.amount, at=move.at if timed else None, lot_expiry=move.expires_at,
                          expiry=move.kind == EntryKind.EXPIRY, taken=taken)

    def expired_by(self, now: datetime) -> int:
        cutoff = expiry_cutoff(now, self.tz)
        return sum(lot.amount for lot in self.lots if lot.dead(cutoff))

    def expired_lots(self, now: datetime) -> list[Lot]:
        """The lots past their day at `now` that no expiry entry has taken yet."""
        cutoff = expiry_cutoff(now, self.tz)
        return [lot for lot in self.lots if lot.dead(cutoff)]

    def spendable(self, now: datetime) -> int:
        """What can be spent at `now`: the valid lots, less any debt (negative while in debt)."""
        cutoff = expiry_cutoff(now, self.tz)
        return sum(lot.amount for lot in self.lots if not lot.dead(cutoff)) - self.debt

    def expiring_between(self, start: datetime, end: datetime) -> list[Lot]:
        """The lots still good at `start` dated no later than `end`."""
        cutoff = expiry_cutoff(start, self.tz)
        return [lot for lot in self.lots if lot.expires_at is not None and cutoff <= lot.expires_at <= end]

    @property
    def balance(self) -> int:
        return sum(lot.amount for lot in self.lots) - self.debt


class Move(NamedTuple):
    """One posting on a member's account of one unit, as the lot book reads it."""

    amount: int
    expires_at: datetime | None
    at: datetime
    kind: str = ""  # the entry's kind: an EXPIRY takes expired lots


def lots_a_spend_took(moves: Sequence[Move], spend: int, count: int = 1, *, tz: tzinfo
                      ) -> list[tuple[datetime | None, int]]:
    """The lots the spends `moves[spend:spend + count]` (one entry's, one after the other) took from a member's
    account, as (expiry, amount) in the order taken; what they took beyond every lot (a debt) as (None, amount).
    A refund gives spent value back with these dates: points spent on a refunded sale come back as they were,
    not as points that never expire."""
    book = lot_book(moves[:spend], tz)
    taken: list[tuple[datetime | None, int]] = []
    for move in moves[spend:spend + count]:
        debt = book.debt
        book.apply(move, taken)
        if book.debt > debt:
            taken.append((None, book.debt - debt))
    return taken


def lot_fate(moves: Sequence[Move], expires_at: datetime, tz: tzinfo) -> tuple[int, int]:
    """Of the lots dated `expires_at` on a member's account: how much expiries wrote off, and how much is left.
    A refund takes back an award's lot; what an expiry already took of it comes from the expired value, not
    from the member a second time."""
    book = LotBook(tz)
    written_off = 0
    for move in moves:
        taken: list[tuple[datetime | None, int]] = []
        book.apply(move, taken)
        if move.kind == EntryKind.EXPIRY:
            written_off += sum(amount for expiry, amount in taken if expiry == expires_at)
    return written_off, sum(lot.amount for lot in book.lots if lot.expires_at == expires_at)


def expiry_beyond_lots(moves: Iterable[tuple[str, Move]], given_back: Mapping[str, int] | None = None, *,
                       tz: tzinfo) -> dict[str, list[tuple[datetime | None, int]]]:
    """Of one member's account of one unit, fed (entry id, move) in time order (by created_at, then entry id: the
    same order on every device): each expiry entry that took more than the lots past their date held when it was
    written, with what it took beyond them as (lot expiry, amount), and (None, amount) for what it took beyond
    every lot (a debt). An expiry run never does that on its own; two devices of a hub that wrote off the same
    lots while apart do (the later one takes them again), and so does an expiry of lots a spend on another device
    had taken while they were still valid. `given_back`: what reversals of each expiry entry gave back already
    (taken off its first parts)."""
    book = LotBook(tz)
    beyond: dict[str, list[tuple[datetime | None, int]]] = {}
    for entry_id, move in moves:
        if move.kind != EntryKind.EXPIRY or move.amount >= 0:
            book.apply(move)
            continue
        # what it could take as past its date: its lots' dead ones, and those an expiry written before the day rule
        # (kiosk.domain.expiry) took at their time of day (a write-off then, not one beyond the lots)
        held = sum(lot.amount for lot in book.lots if lot.expires_at is not None and lot.expires_at <= move.at)
        debt = book.debt
        taken: list[tuple[datetime | None, int]] = []
        book.apply(move, taken)
        if book.debt > debt:
            taken.append((None, book.debt - debt))
        skip = min(held, -move.amount) + (given_back or {}).get(entry_id, 0)  # the expired lots come first
        parts: list[tuple[datetime | None, int]] = []
        for expires_at, amount in taken:
            kept = min(skip, amount)
            skip -= kept
            if amount > kept:
                parts.append((expires_at, amount - kept))
        if parts:
            beyond.setdefault(entry_id, []).extend(parts)
    return beyond


def lot_book(postings: Iterable[Move | tuple[int, datetime | None, datetime]], tz: tzinfo) -> LotBook:
    """Build a book from a member account's postings in time order (`tz`: the shop's time zone, whose business
    days the lots expire at the end of)."""
    book = LotBook(tz)
    for posting in postings:
        book.apply(posting if isinstance(posting, Move) else Move(*posting))
    return book
