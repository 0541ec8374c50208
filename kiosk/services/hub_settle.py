"""What a manager does about the conflicts a union of ledgers cannot settle (kiosk.services.hub): merge a member
enrolled twice, write off value spent twice at the shop's cost, take back a challenge bonus given twice, give back
an expiry that wrote off more than the lots held. Each fix is a ledger entry that travels like any other."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from kiosk.domain.errors import Conflict, InvalidInput, NotFound
from kiosk.domain.ids import new_id
from kiosk.domain.ledger import (
    POINTS,
    Bucket,
    EntryKind,
    Flag,
    Move,
    Posting,
    ProgramAccount,
    bucket_of,
    lot_book,
    member_account,
    reversal_postings,
)
from kiosk.domain.text import Phrase
from kiosk.services.common import EntryWriter, require_manager
from kiosk.services.ports.hub import HubConflict, HubStore
from kiosk.services.ports.ledger import PostingRow
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
            book = lot_book(_moves(uow.ledger.member_postings(gone.id, unit)))
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
        found = next((c for c in self.store.conflicts() if c.key == key), None)
        if found is None or found.kind not in WRITE_OFF_KINDS or found.unit is None:
            raise NotFound("hub.conflict_unknown")
        member_id: str | None
        if found.kind == "challenge_twice":
            member_id = found.member_ids[0]
            self._take_back_bonuses(tx, found, approver)
        elif found.kind == "expiry_beyond":
            member_id = found.member_ids[0]
            self._give_back_expired(tx, found, approver)
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
            EntryWriter(uow, ctx, tx.now, staff_id=approver).write(kind=EntryKind.ADJUSTMENT, postings=postings,
                                                                   member_id=member_id, memo=memo)
        # The subject is what the conflict is about (a member, or a voucher), never the key: a stamp card's key
        # (overdraft:member:<id>:stamps:STAMP:<card>) is longer than the hub's audit column, and a record the hub
        # cannot store would stop everything this device sends after it.
        subject = member_id if member_id is not None else key.split(":", 1)[1]
        uow.audit.add(action="conflict.written_off", at=tx.now, device_id=ctx.device_id, staff_id=approver,
                      subject=subject, details={"key": key, "amount": found.amount, "unit": found.unit})
        code = found.detail.get("voucher_code")
        return WriteOffResult(found.kind, key, found.amount, found.unit, voucher_code=str(code) if code else None)

    @staticmethod
    def _take_back_bonuses(tx: Tx, found: HubConflict, approver: str) -> None:
        """Reverse each bonus of the challenge's period given after the first (the conflict lists them): the
        reversal points at it, so the award no longer stands anywhere (verify, the hub's conflicts, the member's
        progress) and the member keeps the first. Points already spent leave a flagged debt, as a refund does."""
        uow = tx.uow
        member_id = found.member_ids[0]
        writer = EntryWriter(uow, tx.ctx, tx.now, staff_id=approver)
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
    def _give_back_expired(tx: Tx, found: HubConflict, approver: str) -> None:
        """Reverse what each later expiry wrote off beyond the lots (the conflict lists it, lot by lot): the
        reversal points at the expiry and gives back the very lots it took, so the member's balance is what the
        lots held less one write-off. What it took beyond every lot (a debt) comes back with no date: if a later
        award already paid that debt, the member keeps what they earned."""
        member_id, unit = found.member_ids[0], str(found.unit)
        writer = EntryWriter(tx.uow, tx.ctx, tx.now, staff_id=approver)
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


def _moves(rows: list[PostingRow]) -> list[Move]:
    return [r.move for r in rows]
