"""The ledger port: appending entries, reading balances and lots back, and the checks `verify` runs in SQL."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Protocol

from kiosk.domain.ledger import ChainedEntry, Entry, Move
from kiosk.domain.partners import PartnerFlow


@dataclass(frozen=True)
class PostingRow:
    amount: int
    expires_at: datetime | None
    created_at: datetime
    entry_kind: str

    @property
    def move(self) -> Move:
        """The posting as a member's lot book reads it."""
        return Move(self.amount, self.expires_at, self.created_at, self.entry_kind)


@dataclass(frozen=True)
class AwardRow:
    """What one engagement award (a promotion, challenge or offer entry) still gives a member, net of the
    reversals that took some or all of it back."""

    entry_id: str
    memo: str  # promotion:<id>, challenge:<id>:<period>, offer:<id>
    member_id: str
    sale_id: str | None
    created_at: datetime
    unit: str
    amount: int  # net on the member's account
    device_id: str = ""  # the device that wrote the award (verify tells two installations apart by it)


class LedgerRepository(Protocol):
    def add(self, entry: Entry) -> None: ...
    def get(self, entry_id: str) -> Entry | None: ...
    def get_many(self, entry_ids: Sequence[str]) -> dict[str, Entry]: ...
    def for_sale(self, sale_id: str) -> list[Entry]: ...
    def reversed_ids(self, entry_ids: Sequence[str]) -> set[str]: ...
    def member_balances(self, member_id: str) -> dict[str, int]: ...
    def mark(self) -> int:
        """The ledger's end now, for `members_holding(since=...)` to read only what is added after it."""
        ...

    def members_holding(self, unit: str, *, at_least: int, since: int) -> list[str]:
        """The members whose balance of `unit` is `at_least` or more (stamp cards full in the ledger), among those
        with a posting of it added after the `mark()` `since` (a pull's: never every member of a big shop)."""
        ...

    def program_balance(self, account: str, unit: str) -> int | None:
        """A program account's balance of one unit; None when nothing was ever posted there."""
        ...

    def with_command_prefix(self, prefix: str) -> list[Entry]:
        """The entries whose command id begins with `prefix`, in the order every device shares (time, then id):
        the settlings of one hub conflict (kiosk.services.hub_settle)."""
        ...

    def command_ids_since(self, since: int, prefix: str) -> set[str]:
        """The command ids beginning with `prefix` of the entries with postings added after the `mark()` `since`
        (a pull's)."""
        ...

    def member_postings(self, member_id: str, unit: str) -> list[PostingRow]: ...
    def member_postings_of(self, member_id: str, units: Sequence[str]) -> dict[str, list[PostingRow]]:
        """member_postings for several units at once (one read: an account's expiring lots); every unit asked
        for is a key."""
        ...

    # `tz`: the shop's time zone. A lot is good through the business day of its date and ends as that day
    # ends (kiosk.domain.expiry): every question here about lots past their date asks it that way.
    def members_with_expired_lots(self, now: datetime, tz: tzinfo) -> list[tuple[str, str]]: ...
    def units_with_unexpired_writeoff(self, member_id: str, now: datetime, tz: tzinfo) -> list[str]:
        """The member's units holding a lot that ended since the last expiry entry of that unit (and a positive
        balance): only there can the balance include dead value nobody has written off yet."""
        ...
    def units_with_lots_ending(self, member_id: str, now: datetime, until: datetime, tz: tzinfo) -> set[str]:
        """The member's units with a lot still good at `now` and dated by `until` when it was added (spent or
        not): only there can anything expire soon, so only their history need be read to say what (every unit
        whose lots may end then is in it; some in it may have nothing left to end)."""
        ...

    def count_for_member(self, member_id: str) -> int: ...
    def last_entry_of_kind(self, member_id: str, kind: str) -> Entry | None: ...
    def written_with(self, command_id: str, *, member_id: str, business_date: date,
                     kinds: Sequence[str]) -> list[Entry]:
        """The member's entries of `kinds` on that business day written under `command_id` (the bonuses a sale
        paid beside its own entries: its command's id is the sale's, its day the sale's), oldest first."""
        ...
    def earn_entries_today(self, member_id: str, business_date: date) -> int:
        """The member's earning entries (sales that earned) of that business day, less those a refund or void
        took back whole (kiosk.domain.ledger.earned_net)."""
        ...
    def partner_points_on(self, member_id: str, partner_id: str, business_date: date) -> int:
        """Points the member earned at the partner on that business day (its receipts, less reversals)."""
        ...
    def partner_points_redeemed_on(self, member_id: str, partner_id: str, business_date: date) -> int:
        """Points the member spent at the partner on that business day (its receipts)."""
        ...
    def partner_flows(self, date_from: date, date_to: date) -> list[PartnerFlow]:
        """Per partner id and entry memo (it records the settlement rate), points earned there and points spent
        there on the business days of the period."""
        ...
    def partner_entry(self, command_id: str) -> Entry | None:
        """The partner entry (earned or spent there) written under this request id, by any device."""
        ...
    def stamps_earned_on(self, member_id: str, business_date: date) -> dict[str, int]:
        """Stamps (per STAMP: unit) the member's sales gave on one business day, less what refunds and voids of
        those sales took back: a visit's cap spans the day."""
        ...

    def points_earned_since(self, member_id: str, since: datetime) -> int:
        """Points the member was awarded since `since` (a tier's points metric), less what refunds took back."""
        ...
    def spent_on_device(self, member_id: str, device_id: str, since: datetime | None) -> dict[str, int]:
        """What the member spent on `device_id` since `since` (all time for None), per unit, as positive amounts."""
        ...

    def for_member(self, member_id: str) -> list[Entry]:
        """Every entry with a posting on one of the member's accounts, oldest first (for a data export)."""
        ...

    def awards(self, kind: str, *, member_id: str | None = None, memo_prefix: str = "") -> list[AwardRow]:
        """Entries of `kind` (a member's, or everyone's), one row per entry and unit, net of their reversals."""
        ...

    # Verification: streamed, so it scales to millions of entries; the invariants are kiosk.domain.validators.
    def devices(self) -> list[str]: ...
    def iter_chain(self, device_id: str) -> Iterator[ChainedEntry]: ...
    def iter_member_moves(self) -> Iterator[tuple[str, str, str, Move]]:
        """Every posting on a member's account as (member, unit, entry id, move), by member, unit and time."""
        ...

    def cached_balances(self) -> Iterator[tuple[str, str, int]]:
        """Every cached (account, unit, balance) row, in no particular order."""
        ...

    def stray_postings(self) -> Iterator[tuple[int, str]]:
        """(number, entry id) of each posting its entry does not hold: outside the range of numbers the entry
        recorded, or naming no entry at all. The app never writes one; an entry's reads would not see it."""
        ...
