"""What a manager does about the conflicts a union of ledgers cannot settle (kiosk.services.hub): merge a member
enrolled twice, write off value spent twice at the shop's cost, take back a challenge bonus given twice, give back
an expiry that wrote off more than the lots held. Each fix is a ledger entry that travels like any other, and
carries the settling's id (settlement_id): the same conflict settled on two devices apart is recognised when they
meet, and the later settling is undone by the installation that wrote it (undo_settled_twice)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from hashlib import sha256

from kiosk.domain.errors import Conflict, InvalidInput, NotFound
from kiosk.domain.ids import new_id
from kiosk.domain.ledger import (
    POINTS,
    Bucket,
    Entry,
    EntryKind,
    Flag,
    Move,
    Posting,
    ProgramAccount,
    bucket_of,
    lot_book,
    member_account,
    member_of,
    reversal_postings,
)
from kiosk.domain.text import Phrase
from kiosk.services.common import EntryWriter, require_manager
from kiosk.services.ports.hub import HubConflict, HubStore
from kiosk.services.ports.ledger import PostingRow
from kiosk.services.ports.uow import UnitOfWork
from kiosk.services.stamp_cards import completes_here
from kiosk.services.usecase import Tx, UseCases


@dataclass(frozen=True)
class MergeResult:
    kept_id: str
    merged_id: str
    moved: dict[str, int]  # unit -> amount moved (negative: a debt moved)


@dataclass(frozen=True)
class WriteOffResult:
    kind: str  # the conflict's kind (WRITE_OFF_KINDS): what the settling did, for the CLI and the Devices page
    key: str
    amount: int
    unit: str
    voucher_code: str | None = None  # a voucher used twice: its code, as the shop and the customer know it


class ConflictSettlement(UseCases):
    """HubService's settling of conflicts, apart from its sync; `store` is the hub store HubService holds."""

    store: HubStore

    def merge(self, *, keep: str, merge: str, approved_by: str | None, command_id: str | None = None) -> MergeResult:
        """Merge member `merge` into `keep` (one person enrolled twice): a MERGE entry moves every lot and debt
        over with its own expiry, and `merge` then leads to `keep`, so both cards keep working."""
        if keep == merge:
            raise InvalidInput("hub.merge_same")
        return self.command(command_id=command_id or new_id(), kind="hub.merge", command=(keep, merge),
                            result_type=MergeResult, run=lambda tx: self._merge(tx, keep, merge, approved_by))

    def _merge(self, tx: Tx, keep_id: str, merge_id: str, approved_by: str | None) -> MergeResult:
        uow, ctx = tx.uow, tx.ctx
        approver = require_manager(uow, approved_by, what=Phrase("action.member_merge"), reason="member_merge")
        keep, gone = uow.members.get(keep_id), uow.members.get(merge_id)
        if keep is None or gone is None:
            raise NotFound("hub.member_not_found")
        if keep.is_erased or gone.is_erased:
            raise Conflict("hub.merge_erased")
        if gone.merged_into or keep.merged_into:
            raise Conflict("hub.merge_done")
        postings: list[Posting] = []
        moved: dict[str, int] = {}
        for unit, total in sorted(uow.ledger.member_balances(gone.id).items()):
            if not total:
                continue
            bucket = bucket_of(unit, ctx.currency)
            to_acct, from_acct = member_account(keep.id, bucket), member_account(gone.id, bucket)
            book = lot_book(_moves(uow.ledger.member_postings(gone.id, unit)), ctx.tz)
            for lot in book.lots:
                postings += (Posting(to_acct, unit, lot.amount, lot.expires_at),
                             Posting(from_acct, unit, -lot.amount, lot.expires_at))
            if book.debt:
                postings += (Posting(to_acct, unit, -book.debt), Posting(from_acct, unit, book.debt))
            moved[unit] = total
        writer = EntryWriter(uow, ctx, tx.now, command_id=None, staff_id=approver)
        if postings:
            writer.write(kind=EntryKind.MERGE, postings=tuple(postings), member_id=keep.id,
                         memo=f"merged {gone.short_id} into {keep.short_id}")
        uow.members.update(replace(gone, merged_into=keep.id))
        writer.member_changed(gone.id, "merged")
        uow.audit.add(action="member.merged", at=tx.now, device_id=ctx.device_id, staff_id=approver,
                      subject=keep.id, details={"merged": gone.id, "moved": moved})
        return MergeResult(keep.id, gone.id, moved)

    def write_off(self, key: str, *, approved_by: str | None, command_id: str | None = None) -> WriteOffResult:
        """Settle an overdraft or a twice-used voucher at the shop's cost: an adjustment brings it back to zero. A
        challenge completed twice apart is settled by reversing the later bonus: the member keeps one."""
        return self.command(command_id=command_id or new_id(), kind="hub.write_off", command=key,
                            result_type=WriteOffResult, run=lambda tx: self._write_off(tx, key, approved_by))

    def _write_off(self, tx: Tx, key: str, approved_by: str | None) -> WriteOffResult:
        uow, ctx = tx.uow, tx.ctx
        approver = require_manager(uow, approved_by, what=Phrase("action.conflict_write_off"),
                                   reason="conflict_write_off")
        found = next((c for c in self.store.conflicts(ctx.tz) if c.key == key), None)
        if found is None or found.kind not in WRITE_OFF_KINDS or found.unit is None:
            raise NotFound("hub.conflict_unknown")
        # Every entry of this settling carries its id: a device that settled the same conflict apart wrote the same
        # one, and the later of the two is undone when they meet (undo_settled_twice)
        prefix = settlement_prefix(key)
        settled = settlement_id(key, (e.command_id for e in uow.ledger.with_command_prefix(prefix) if e.command_id))
        writer = EntryWriter(uow, ctx, tx.now, command_id=settled, staff_id=approver)
        member_id: str | None
        if found.kind == "challenge_twice":
            member_id = found.member_ids[0]
            self._take_back_bonuses(tx, writer, found)
        elif found.kind == "expiry_beyond":
            member_id = found.member_ids[0]
            self._give_back_expired(writer, found)
        else:
            if found.kind == "overdraft":
                member_id = found.member_ids[0]
                account = member_account(member_id, bucket_of(found.unit, ctx.currency))
                postings = (Posting(account, found.unit, found.amount),
                            Posting(ProgramAccount.ADJUSTED.value, found.unit, -found.amount))
                memo = "overdraft from two devices written off"
            else:
                postings = (Posting(ProgramAccount.VOUCHERS.value, found.unit, found.amount),
                            Posting(ProgramAccount.ADJUSTED.value, found.unit, -found.amount))
                memo, member_id = "voucher used twice written off", None
            writer.write(kind=EntryKind.ADJUSTMENT, postings=postings, member_id=member_id, memo=memo)
        # The subject is what the conflict is about (a member, or a voucher), never the key: a stamp card's key
        # (overdraft:member:<id>:stamps:STAMP:<card>) is longer than the hub's audit column, and a record the hub
        # cannot store would stop everything this device sends after it.
        subject = member_id if member_id is not None else key.split(":", 1)[1]
        uow.audit.add(action="conflict.written_off", at=tx.now, device_id=ctx.device_id, staff_id=approver,
                      subject=subject, details={"key": key, "amount": found.amount, "unit": found.unit})
        code = found.detail.get("voucher_code")
        return WriteOffResult(found.kind, key, found.amount, found.unit, voucher_code=str(code) if code else None)

    def undo_settled_twice(self, *, installation: str, devices: Mapping[str, str], active: Iterable[str],
                           since: int, pulled: int) -> int:
        """After a round's pull: a conflict settled on two devices apart (a write-off, a bonus taken back, an expiry
        given back, each on both) is one settling twice, and the member would hold it twice. Among the settlings the
        pull brought (entries added after the ledger's mark `since`), those that share their id with a settling of
        another device are ordered as every device orders them (time, then entry id); the first stands, and each
        later one is reversed here if this installation wrote it (once it is retired, by the first active
        installation, as stamp cards are completed: kiosk.services.stamp_cards.completes_here), so no two devices
        ever undo the same one. Returns how many entries were reversed.

        `pulled`: the hub's number of the last item applied here. Where this last looked (that number and the
        ledger's mark) is kept: a round that pulled nothing since reads only that, and a device killed after a
        pull's commit, before it looked, looks in its next round from where it last did.
        `devices`: device id -> its installation, as the hub lists them; `active`: installations not retired."""
        living = tuple(active)
        looked = self.read(lambda tx: tx.uow.kv.get(SETTLINGS_LOOKED_KEY))
        last = json.loads(looked) if looked else None
        if last is not None and last["pulled"] == pulled:
            return 0
        start = min(int(last["mark"]), since) if last is not None else since

        def undo(tx: Tx) -> int:
            uow, done = tx.uow, 0
            top = uow.ledger.mark()
            writer = EntryWriter(uow, tx.ctx, tx.now)
            for settled in sorted(uow.ledger.command_ids_since(start, SETTLEMENT_PREFIX)):
                for later in settled_twice(uow.ledger.with_command_prefix(settled)):
                    if not completes_here(later[0].device_id, installation=installation, devices=devices,
                                          active=living):
                        continue
                    undone = uow.ledger.reversed_ids([e.id for e in later])
                    for entry in later:
                        if entry.id not in undone:
                            _undo(uow, writer, entry)
                            done += 1
            uow.kv.set(SETTLINGS_LOOKED_KEY, json.dumps({"pulled": pulled, "mark": top}))
            return done

        return self.write(undo)

    @staticmethod
    def _take_back_bonuses(tx: Tx, writer: EntryWriter, found: HubConflict) -> None:
        """Reverse each bonus of the challenge's period given after the first (the conflict lists them): the
        reversal points at it, so the award no longer stands anywhere (verify, the hub's conflicts, the member's
        progress) and the member keeps the first. Points already spent leave a flagged debt, as a refund does."""
        uow = tx.uow
        member_id = found.member_ids[0]
        for entry_id in found.detail.get("later", []):
            original = uow.ledger.get(str(entry_id))
            if original is None:
                continue
            points = sum(p.amount for p in original.postings if p.account == member_account(member_id, Bucket.POINTS))
            balance = uow.ledger.member_balances(member_id).get(POINTS, 0)
            writer.write(kind=EntryKind.REVERSAL, member_id=member_id, sale_id=original.sale_id,
                         reverses_id=original.id, memo=f"{EntryKind.CHALLENGE.value} given twice written off",
                         postings=reversal_postings(original),
                         flags=(Flag.NEGATIVE_BALANCE,) if balance < points else ())

    @staticmethod
    def _give_back_expired(writer: EntryWriter, found: HubConflict) -> None:
        """Reverse what each later expiry wrote off beyond the lots (the conflict lists it, lot by lot): the
        reversal points at the expiry and gives back the very lots it took, so the member's balance is what the
        lots held less one write-off. What it took beyond every lot (a debt) comes back with no date: if a later
        award already paid that debt, the member keeps what they earned."""
        member_id, unit = found.member_ids[0], str(found.unit)
        for later in found.detail.get("later", []):
            account = str(later["account"])
            lots = [(datetime.fromisoformat(at) if at else None, int(amount)) for at, amount in later["lots"]]
            postings = [Posting(account, unit, amount, expires_at) for expires_at, amount in lots]
            postings.append(Posting(ProgramAccount.EXPIRED.value, unit, -sum(amount for _, amount in lots)))
            writer.write(kind=EntryKind.REVERSAL, member_id=member_id, reverses_id=str(later["entry"]),
                         memo=f"{EntryKind.EXPIRY.value} beyond the lots given back", postings=tuple(postings))


# What `write_off` settles: value spent twice at the shop's cost, a challenge's bonus given twice by taking one back,
# an expiry that wrote off more than the lots held by giving the later one back.
WRITE_OFF_KINDS = ("overdraft", "voucher_twice", "challenge_twice", "expiry_beyond")


# What a settling's entries carry as their command id: "settle:", 12 hex digits of the conflict's key, ":", 16 of the
# settlings of it held before (36 characters, as ledger_entries.command_id on the devices and the hub)
SETTLEMENT_PREFIX = "settle:"
SETTLED_TWICE_MEMO = "settled on two devices apart: the later undone"
SETTLINGS_LOOKED_KEY = "hub:settlings_looked"  # {"pulled", "mark"}: where undo_settled_twice last looked up to


def settlement_prefix(conflict_key: str) -> str:
    return SETTLEMENT_PREFIX + sha256(conflict_key.encode()).hexdigest()[:12] + ":"


def settlement_id(conflict_key: str, earlier: Iterable[str]) -> str:
    """The id each entry of a settling of the conflict `conflict_key` carries (as its command id): the conflict's key
    and the ids of the settlings of it this device holds already. Two devices settling the same conflict apart hold
    the same earlier settlings and write the same id, so when they meet the second is recognised; a settling made
    after another was heard (the conflict came back: the same account overdrawn again) has an id of its own, and
    stands with it."""
    held = "\n".join(sorted(set(earlier)))
    return settlement_prefix(conflict_key) + sha256(held.encode()).hexdigest()[:16]


def settled_twice(entries: Iterable[Entry]) -> list[list[Entry]]:
    """Of the entries carrying one settling's id, in the order every device shares (time, then entry id): each
    device's settling after the first device's (a settling's entries are its device's, written together)."""
    by_device: dict[str, list[Entry]] = {}
    for entry in entries:
        by_device.setdefault(entry.device_id, []).append(entry)
    return list(by_device.values())[1:]


def _undo(uow: UnitOfWork, writer: EntryWriter, entry: Entry) -> None:
    """A reversal that points at `entry` and moves back exactly what it moved, each lot with its own date (the
    lots a give-back returned are taken again, a bonus taken back comes back as the lot it was). A member who
    already spent what it gave keeps a flagged debt, as after a refund's take-back."""
    postings = tuple(Posting(p.account, p.unit, -p.amount, p.expires_at) for p in entry.postings)
    short = False
    for posting in postings:
        member_id = member_of(posting.account)
        if member_id is not None and posting.amount < 0:
            short = short or uow.ledger.member_balances(member_id).get(posting.unit, 0) < -posting.amount
    writer.write(kind=EntryKind.REVERSAL, postings=postings, member_id=entry.member_id, sale_id=entry.sale_id,
                 reverses_id=entry.id, memo=SETTLED_TWICE_MEMO, flags=(Flag.NEGATIVE_BALANCE,) if short else ())


def _moves(rows: list[PostingRow]) -> list[Move]:
    return [r.move for r in rows]
