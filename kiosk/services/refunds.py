"""Refunds and voids by receipt number, of the whole sale or some of its lines: each refund reverses its share of
the sale's loyalty, nothing twice."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo

from kiosk.domain.commands import RefundLine, RefundSale
from kiosk.domain.documents import ReceiptLine, RefundSlip
from kiosk.domain.errors import Conflict, InvalidInput, ManagerApprovalRequired, NotFound, PermissionDenied
from kiosk.domain.events import Event
from kiosk.domain.expiry import expired
from kiosk.domain.ids import REFUND_COUNTER, counter_name, refund_number
from kiosk.domain.ledger import (
    Bucket,
    Entry,
    EntryKind,
    Flag,
    Posting,
    ProgramAccount,
    lot_fate,
    lots_a_spend_took,
    member_account,
    member_of,
    redirect_written_off,
    reversal_postings,
    reward_unit,
    stamps_unit,
    voucher_unit,
)
from kiosk.domain.members import Member
from kiosk.domain.money import Money
from kiosk.domain.programs.config import StampCard
from kiosk.domain.programs.engine import Discount, DiscountKind
from kiosk.domain.programs.promotions import split_share_basis
from kiosk.domain.refunds import (
    RefundShares,
    earned_back,
    kept_award,
    kept_bonus,
    plan_shares,
    refunded_quantities,
    reversal_toward,
    share_of,
    share_of_lines,
    spent_back,
)
from kiosk.domain.staff import Role
from kiosk.services.accounts import build_account, loyalty_block
from kiosk.services.challenges import take_back_after_refund
from kiosk.services.checkout import staff_name
from kiosk.services.common import EntryWriter, retier_after_refund, spendable_balances
from kiosk.services.engagement import PROMOTION_MEMO
from kiosk.services.offers import give_back_offers
from kiosk.services.ports import RefundRecord, SaleRecord, UnitOfWork
from kiosk.services.refund_events import reversal_events, reversal_totals, vouchers_given_back
from kiosk.services.usecase import Tx, UseCases


@dataclass(frozen=True)
class RefundResult:
    refund_id: str
    sale_id: str
    receipt_no: str
    original_receipt_no: str
    kind: str
    amount: Money
    points_reversed: int  # points the sale had earned, taken back
    points_returned: int  # points the sale had spent, given back
    credit_reversed: Money
    credit_returned: Money
    stamps_reversed: int  # stamps the sale had given, taken off the card
    rewards_returned: int  # free items the sale had used, back on the card
    rewards_reversed: int  # free items the sale had completed, taken back
    vouchers_returned: int
    negative_balance: bool  # the member had already spent what was earned: flagged for the manager
    print_job: str | None
    lines: tuple[tuple[str, int], ...] = ()  # (item, quantity) that went back this time
    sale_fully_refunded: bool = True
    offers_returned: int = 0  # personal offers the sale used, the member's to use again (a whole refund only)
    offers_expired: int = 0  # ... and those that stay used because they have expired
    events: tuple[Event, ...] = ()  # what went back to or was taken from the member, for people to read
    vouchers_expired: int = 0  # vouchers the sale used, given back past their date (not in vouchers_returned)


@dataclass(frozen=True)
class RefundableLine:
    index: int
    name: str
    sku: str | None
    unit_price: Money
    quantity: int
    refunded: int  # already given back

    @property
    def left(self) -> int:
        return max(self.quantity - self.refunded, 0)


@dataclass(frozen=True)
class RefundableSale:
    sale_id: str
    receipt_no: str
    created_at: datetime
    status: str
    paid: Money  # in money (cash, card, QR), after rewards and store credit
    refunded: Money  # given back so far
    member: bool
    lines: tuple[RefundableLine, ...]
    discounts: tuple[Discount, ...] = ()  # the sale's: a free item's names its line (it gives back no money)


def refund_receipt_lines(sale: SaleRecord, back: Sequence[RefundLine]) -> tuple[ReceiptLine, ...]:
    """The lines a refund slip prints: each line given back, at its sale's price, as many as went back."""
    return tuple(ReceiptLine(sale.lines[ln.index].name, ln.quantity, sale.lines[ln.index].unit_price,
                             sale.lines[ln.index].unit_price * ln.quantity, sale.lines[ln.index].sku,
                             sale.lines[ln.index].options)
                 for ln in back if 0 <= ln.index < len(sale.lines))


def whole_sale_lines(sale: SaleRecord) -> tuple[RefundLine, ...]:
    """A refund recorded before refunds had lines took the whole sale."""
    return tuple(RefundLine(i, ln.quantity) for i, ln in enumerate(sale.lines))


def _rewards_for_stamps_owed(uow: UnitOfWork, member_id: str, plans: list[tuple[Entry, tuple[Posting, ...]]],
                             cards: Sequence[StampCard], now: datetime, tz: tzinfo
                             ) -> list[tuple[Entry, tuple[Posting, ...]]]:
    """Stamps this refund takes back that the card no longer holds (they went into a card completed by a later
    sale, or on a pull) come from a free item still ready: as many completed cards as the stamps owed need are
    taken back, each whole (its free item off, its stamps back on the card), from the latest completion of the
    card still standing. Only what no free item is left to cover stays owed (a flagged debt, as before)."""
    balances = spendable_balances(uow, member_id, now, tz=tz)
    moving: dict[str, int] = {}
    for _, postings in plans:
        for p in postings:
            if member_of(p.account) == member_id:
                moving[p.unit] = moving.get(p.unit, 0) + p.amount
    taken: list[tuple[Entry, tuple[Posting, ...]]] = []
    history: list[Entry] | None = None
    for card in cards:
        stamps, rewards = stamps_unit(card.id), reward_unit(card.id)
        owed = -(balances.get(stamps, 0) + moving.get(stamps, 0))
        ready = balances.get(rewards, 0) + moving.get(rewards, 0)
        if owed <= 0 or ready <= 0 or card.required <= 0:
            continue
        want = min(ready, -(-owed // card.required))
        history = uow.ledger.for_member(member_id) if history is None else history
        back: dict[str, int] = {}  # completion id -> free items already taken back from it
        for entry in history:
            if entry.reverses_id is not None:
                back[entry.reverses_id] = back.get(entry.reverses_id, 0) - sum(
                    p.amount for p in entry.postings if p.unit == rewards and member_of(p.account) == member_id)
        for entry in reversed(history):
            if want <= 0:
                break
            if entry.kind != EntryKind.STAMP_CARD_COMPLETED or entry.reverses_id is not None:
                continue
            lots = [p for p in entry.postings if p.unit == rewards and member_of(p.account) == member_id]
            given = sum(p.amount for p in lots)
            count = min(want, given - back.get(entry.id, 0))
            if count <= 0:
                continue
            want -= count
            taken.append((entry, (
                Posting(member_account(member_id, Bucket.STAMPS), stamps, count * card.required),
                Posting(ProgramAccount.REWARDS, stamps, -count * card.required),
                # its own lot back, with its date, as a reversal takes back the award it undoes
                Posting(member_account(member_id, Bucket.REWARDS), rewards, -count, lots[0].expires_at),
                Posting(ProgramAccount.ISSUED, rewards, count))))
    return taken


def _debts(uow: UnitOfWork, plans: list[tuple[Entry, tuple[Posting, ...]]], now: datetime, tz: tzinfo,
           dead: Mapping[tuple[str, str], int]) -> set[tuple[str, str]]:
    """The (member, unit) balances below zero after the whole refund. Judged on the balances afterwards:
    undoing "earn 2 stamps" before "complete the card" dips below zero for a moment, which is not a debt. What
    was taken from lots past their date (`dead`) never was in the spendable balance, so it owes nothing."""
    moved: dict[tuple[str, str], int] = dict(dead)
    for _entry, postings in plans:
        for p in postings:
            mid = member_of(p.account)
            if mid:
                moved[(mid, p.unit)] = moved.get((mid, p.unit), 0) + p.amount
    known: dict[str, dict[str, int]] = {}
    debts: set[tuple[str, str]] = set()
    for (mid, unit), amount in moved.items():
        if mid not in known:
            known[mid] = spendable_balances(uow, mid, now, tz=tz)
        if known[mid].get(unit, 0) + amount < 0:
            debts.add((mid, unit))
    return debts


def _erased_holdings(uow: UnitOfWork, entries: list[Entry]) -> dict[str, dict[str, int]]:
    """For each erased member in `entries`: what breakage still holds of theirs, per unit (what the erasure
    wrote off, less what earlier refunds took back from it)."""
    members = {mid for entry in entries for p in entry.postings if (mid := member_of(p.account))}
    held: dict[str, dict[str, int]] = {}
    for mid in sorted(members):
        member = uow.members.get(mid)
        if member is None or not member.is_erased:
            continue
        units = held.setdefault(mid, {})
        erased = False
        for entry in uow.ledger.for_member(mid):
            # only what refunds took after the erasure came from its breakage: one before it took from what an
            # expiry wrote off (_from_what_expired), which the erasure never held (a review)
            erased = erased or (entry.kind == EntryKind.ERASURE and entry.member_id == mid)
            if erased and entry.kind in (EntryKind.ERASURE, EntryKind.REVERSAL) and entry.member_id == mid:
                for p in entry.postings:
                    if p.account == ProgramAccount.EXPIRED:
                        units[p.unit] = units.get(p.unit, 0) + p.amount
    return held


def _lots_spent(uow: UnitOfWork, entry: Entry, account: str, unit: str, tz: tzinfo
                ) -> list[tuple[datetime | None, int]] | None:
    """The lots every spend of `entry` from `account` in `unit` took (two free items of one card: both), latest
    date first; None when the member's account does not show them where the entry says (then nothing is dated)."""
    owner = member_of(account)
    spends = [p.amount for p in entry.postings if p.account == account and p.unit == unit and p.amount < 0]
    if owner is None or not spends:
        return None
    moves = [r.move for r in uow.ledger.member_postings(owner, unit)]
    at, kind, count = entry.created_at, entry.kind.value, len(spends)
    # an entry's postings of one account and unit follow one another in the account's history
    first = next((n for n in range(len(moves) - count + 1)
                  if all(m.at == at and m.kind == kind for m in moves[n:n + count])
                  and [m.amount for m in moves[n:n + count]] == spends), None)
    if first is None:
        return None
    lots = lots_a_spend_took(moves, first, count, tz=tz)
    return sorted(lots, key=lambda lot: (lot[0] is None, lot[0] or at), reverse=True)


def _to_the_lots_spent(uow: UnitOfWork, entry: Entry, postings: tuple[Posting, ...],
                       done: dict[tuple[str, str], int], now: datetime, tz: tzinfo) -> tuple[Posting, ...]:
    """What a refund gives back of a spend (points, store credit, free items used on the sale) goes back to the
    lots it was taken from, with their dates, latest first (given back with no date they never expired: a
    black-box test). What would have expired by the refund goes to the expired value, as if never spent: a lot
    dated before now given to the member would be one no expiry takes any more (a review). Each pair of the
    reversal (program side, member side) becomes one pair per lot; what earlier refunds of the entry gave back
    is counted on the program side, wherever its member side went."""
    out: list[Posting] = []
    left_of: dict[tuple[str, str], list[tuple[datetime | None, int]] | None] = {}
    for i in range(0, len(postings) - 1, 2):
        pair = postings[i], postings[i + 1]
        back = next((p for p in pair if member_of(p.account) and p.amount > 0 and p.expires_at is None), None)
        other = pair[1] if pair[0] is back else pair[0]
        if back is None or member_of(other.account) is not None:
            out += pair
            continue
        key = (back.account, back.unit)
        if key not in left_of:
            lots = _lots_spent(uow, entry, back.account, back.unit, tz)
            if lots is not None:
                given = -done.get((other.account, other.unit), 0)  # the program side of earlier reversals
                kept: list[tuple[datetime | None, int]] = []
                for expires_at, amount in lots:
                    used = min(given, amount)
                    given -= used
                    if amount - used:
                        kept.append((expires_at, amount - used))
                lots = kept
            left_of[key] = lots
        lots = left_of[key]
        if lots is None:
            out += pair
            continue
        left = back.amount
        while left:
            expires_at, amount = lots[0] if lots else (None, left)
            part = min(amount, left)
            if lots:
                lots[0] = (expires_at, amount - part)
                if not lots[0][1]:
                    lots.pop(0)
            left -= part
            gone = expired(expires_at, now, tz)
            to = Posting(ProgramAccount.EXPIRED.value, back.unit, part) if gone \
                else Posting(back.account, back.unit, part, expires_at)
            given_back = (Posting(other.account, other.unit, -part), to)
            out += given_back if pair[0] is other else reversed(given_back)
    if len(postings) % 2:
        out.append(postings[-1])
    return tuple(out)


def _from_what_expired(uow: UnitOfWork, postings: tuple[Posting, ...], erased: Mapping[str, object],
                       drawn: dict[str, int], taken: dict[tuple[str, str, str], int], *, now: datetime,
                       tz: tzinfo, dead: dict[tuple[str, str], int]) -> tuple[Posting, ...]:
    """An award taken back whose lot an expiry already wrote off is taken from the expired value, not from the
    member a second time (a black-box test: a refund a year later left the member at -40 points and -฿20 credit).
    The member gives back what is left of the lot; what the expiry took comes from `program:expired`; only the
    rest, value the member spent, is still owed (a flagged debt, as for any refund after spending). An erased
    member's are redirected apart (redirect_written_off). `drawn` and `taken` carry what this sale's refunds
    already took from either, so two entries or two refunds never count one lot twice. What the member gives back
    of a lot past its date that no expiry wrote off yet is added to `dead` (the balance no longer counted it)."""
    out: list[Posting] = []
    for p in postings:
        owner = member_of(p.account)
        if owner is None or owner in erased or p.amount >= 0 or p.expires_at is None:
            out.append(p)
            continue
        moves = [r.move for r in uow.ledger.member_postings(owner, p.unit)]
        written_off, left = lot_fate(moves, p.expires_at, tz)
        key = (owner, p.unit, p.expires_at.isoformat())
        step = -p.amount
        from_member = min(step, max(left - taken.get(key, 0), 0))
        taken[key] = taken.get(key, 0) + from_member
        if from_member and expired(p.expires_at, now, tz):
            dead[(owner, p.unit)] = dead.get((owner, p.unit), 0) + from_member
        from_expired = min(step - from_member, max(written_off - drawn.get(p.unit, 0), 0))
        drawn[p.unit] = drawn.get(p.unit, 0) + from_expired
        owed = step - from_member - from_expired
        if from_member + owed:
            out.append(Posting(p.account, p.unit, -(from_member + owed), p.expires_at))
        if from_expired:
            out.append(Posting(ProgramAccount.EXPIRED.value, p.unit, -from_expired))
    return tuple(out)


# Bonuses a member's sale pays beside its own earnings, written by the sale's command without the sale's id (each
# is paid once: a referral ever, a birthday's once a year); taken back whole with the whole sale, never in part.
SALE_BONUS_KINDS = {EntryKind.REFERRAL_BONUS: "referral", EntryKind.BIRTHDAY_BONUS: "birthday"}  # BonusTakenBack


def _bonuses_paid_with(uow: UnitOfWork, sale: SaleRecord) -> list[Entry]:
    """The first-purchase bonuses `sale` paid that still stand: written by the sale's command (its id is the
    sale's) on its day. Not the member's last of a kind: a birthday's is paid again each year, so last year's
    birthday sale refunded now took back nothing (its bonus was not the last) and kept it."""
    if sale.member_id is None:
        return []
    found = uow.ledger.written_with(sale.id, member_id=sale.member_id, business_date=sale.business_date,
                                    kinds=tuple(SALE_BONUS_KINDS))
    undone = uow.ledger.reversed_ids([entry.id for entry in found])
    return [entry for entry in found if entry.id not in undone]


class RefundService(UseCases):
    def refundable(self, receipt_no: str) -> RefundableSale:
        """What is left to refund of a receipt, line by line (for the counter's refund screen)."""
        return self.read(lambda tx: self._refundable(tx, receipt_no))

    def refund(self, cmd: RefundSale) -> RefundResult:
        if cmd.kind not in ("refund", "void"):
            raise InvalidInput("refund.bad_refund_kind")
        return self.command(command_id=cmd.command_id, kind="refund", command=cmd, result_type=RefundResult,
                            run=lambda tx: self._refund(tx, cmd))

    def _sale(self, tx: Tx, receipt_no: str) -> SaleRecord:
        receipt_no = (receipt_no or "").strip().upper()
        sale = tx.uow.sales.by_receipt(receipt_no)
        if sale is None:
            raise NotFound("refund.receipt_not_found", value=receipt_no or '(empty)')
        return sale

    def _refundable(self, tx: Tx, receipt_no: str) -> RefundableSale:
        sale = self._sale(tx, receipt_no)
        taken = refunded_quantities([r.lines or whole_sale_lines(sale) for r in tx.uow.sales.refunds_for(sale.id)],
                                    len(sale.lines))
        return RefundableSale(
            sale_id=sale.id, receipt_no=sale.receipt_no, created_at=tx.ctx.local(sale.created_at),
            status=sale.status, paid=Money(sale.total_minor, sale.currency),
            refunded=Money(sale.refunded_minor, sale.currency), member=sale.member_id is not None,
            lines=tuple(RefundableLine(i, ln.described, ln.sku, ln.unit_price, ln.quantity, taken.get(i, 0))
                        for i, ln in enumerate(sale.lines)), discounts=sale.discounts)

    def _refund(self, tx: Tx, cmd: RefundSale) -> RefundResult:
        uow, ctx, now = tx.uow, tx.ctx, tx.now
        sale = self._sale(tx, cmd.receipt_no)
        earlier = uow.sales.refunds_for(sale.id)
        if sale.status in ("refunded", "voided"):
            raise Conflict("refund.sale_already_refunded", receipt_no=sale.receipt_no)
        if cmd.kind == "void":
            if ctx.business_date(now) != sale.business_date:
                raise InvalidInput("refund.void_not_today")
            if earlier or cmd.lines:
                raise InvalidInput("refund.void_partial")
        shares = plan_shares(sale.lines, before=refunded_quantities(
                                 [r.lines or whole_sale_lines(sale) for r in earlier], len(sale.lines)),
                             asked=cmd.lines, cards=ctx.programs.stamp_cards, discounts=sale.discounts)
        if ctx.policy.refund_needs_manager:
            if not cmd.approved_by:
                raise ManagerApprovalRequired("refund.needs_manager", reason="refund")
            approver = uow.staff.get(cmd.approved_by)
            if approver is None or not approver.active or not approver.role.at_least(Role.MANAGER):
                raise PermissionDenied("refund.not_manager")

        dead: dict[tuple[str, str], int] = {}
        plans = self._reversals(tx, sale, shares, dead)
        owner = uow.members.get(sale.member_id) if sale.member_id else None
        totals = reversal_totals(plans, ctx.currency, erased=owner is None or owner.is_erased,
                                 dead={unit: n for (mid, unit), n in dead.items() if mid == sale.member_id})
        in_debt = _debts(uow, plans, now, ctx.tz, dead)
        writer = EntryWriter(uow, ctx, now, cmd.command_id, cmd.staff_id)
        for entry, postings in plans:
            touched = {(member_of(p.account), p.unit) for p in postings if member_of(p.account)}
            writer.write(kind=EntryKind.REVERSAL, postings=postings, member_id=entry.member_id, sale_id=sale.id,
                         reverses_id=entry.id, memo=f"{cmd.kind} of {entry.kind}",
                         flags=(Flag.NEGATIVE_BALANCE,) if touched & in_debt else ())
        bonuses = tuple(SALE_BONUS_KINDS[entry.kind] for entry, _ in plans if entry.kind in SALE_BONUS_KINDS)
        if "referral" in bonuses and sale.member_id:
            # the referral was paid for a purchase that no longer stands: the member's next purchase pays it
            if owner is not None and owner.referral_rewarded:
                owner = replace(owner, referral_rewarded=False)
                uow.members.update(owner)
        vouchers, vouchers_expired = self._vouchers_back(tx, sale, plans, complete=shares.complete)
        refunded = share_of(sale.total_minor, shares.value) if not shares.complete else sale.total_minor
        amount = Money(refunded - sale.refunded_minor, sale.currency)
        status = ("voided" if cmd.kind == "void" else "refunded") if shares.complete else "partly_refunded"
        if not uow.sales.record_refunded(sale.id, status=status, refunded_minor=refunded,
                                         was_refunded_minor=sale.refunded_minor):
            raise Conflict("refund.refunded_elsewhere", receipt_no=sale.receipt_no)
        refund_receipt = refund_number(ctx.device_label,
                                       uow.sales.next_number(counter_name(REFUND_COUNTER, ctx.device_label)))
        uow.sales.add_refund(RefundRecord(
            id=cmd.command_id, sale_id=sale.id, receipt_no=refund_receipt, device_id=ctx.device_id, created_at=now,
            business_date=ctx.business_date(now), staff_id=cmd.staff_id, approved_by=cmd.approved_by,
            amount_minor=amount.minor, currency=amount.currency, kind=cmd.kind, reason=cmd.reason[:500],
            lines=shares.lines,
        ))
        offers_back = offers_expired = 0
        free_offers = {p: d.ref for p, d in enumerate(sale.discounts) if d.kind == DiscountKind.OFFER and d.ref}
        offers_now = {ref for p, ref in free_offers.items() if p in shares.free_now}
        if sale.member_id and (shares.complete or offers_now):
            # The customer took nothing home from this sale, or gave back the item an offer made free, so the
            # offer was not enjoyed: it is theirs again until its own expiry (never longer). A partial refund of
            # other lines keeps it used: what it was used on stayed with the customer. One past its expiry is not
            # revived; the result says so. One an earlier refund dealt with is not counted again.
            offers_back, offers_expired = give_back_offers(
                uow, ctx, now, member_id=sale.member_id, sale_id=sale.id,
                only=None if shares.complete else offers_now,
                skip={ref for p, ref in free_offers.items() if p in shares.free_back - shares.free_now})
        if sale.member_id and ctx.programs.challenges:
            totals["points_reversed"] += take_back_after_refund(writer, sale.member_id, sale.business_date)
        if sale.member_id:
            retier_after_refund(uow, ctx, sale.member_id, sale_at=sale.created_at, now=now)
        uow.audit.add(action=f"sale.{cmd.kind}", at=now, device_id=ctx.device_id, staff_id=cmd.approved_by,
                      subject=sale.id, details={"receipt_no": sale.receipt_no, "cashier": cmd.staff_id,
                                                "negative_balance": bool(in_debt), "reason": cmd.reason[:200],
                                                "lines": [[ln.index, ln.quantity] for ln in shares.lines]})
        cur = ctx.currency
        reversals = reversal_events(totals, cur, vouchers=vouchers, offers=(offers_back, offers_expired),
                                    bonuses=bonuses, vouchers_expired=vouchers_expired)
        job = None
        if cmd.print_slip:
            job = self._queue_slip(tx, cmd, sale, owner, refund_receipt, amount, shares.lines, reversals)
        return RefundResult(
            refund_id=cmd.command_id, sale_id=sale.id, receipt_no=refund_receipt, original_receipt_no=sale.receipt_no,
            kind=cmd.kind, amount=amount, points_reversed=totals["points_reversed"],
            points_returned=totals["points_returned"], credit_reversed=Money(totals["credit_reversed"], cur),
            credit_returned=Money(totals["credit_returned"], cur), stamps_reversed=totals["stamps"],
            rewards_returned=totals["rewards_returned"], rewards_reversed=totals["rewards_reversed"],
            vouchers_returned=vouchers, negative_balance=bool(in_debt), print_job=job,
            lines=tuple((sale.lines[ln.index].described, ln.quantity) for ln in shares.lines),
            sale_fully_refunded=shares.complete, offers_returned=offers_back, offers_expired=offers_expired,
            events=reversals, vouchers_expired=vouchers_expired,
        )

    @staticmethod
    def _vouchers_back(tx: Tx, sale: SaleRecord, plans: list[tuple[Entry, tuple[Posting, ...]]], *,
                       complete: bool) -> tuple[int, int]:
        """Vouchers given back: each whose unit this refund returned to program:vouchers (its share came back);
        vouchers from before they had ledger units come back with the whole sale. Returns (usable again, past
        their date: given back, but no use to anyone, and said so)."""
        back = vouchers_given_back(plans)
        used = [d.ref for d in sale.discounts if d.kind == DiscountKind.VOUCHER and d.ref]
        legacy = [ref for ref in used if tx.uow.ledger.program_balance(ProgramAccount.VOUCHERS,
                                                                       voucher_unit(ref)) is None]
        again = sorted(back | (set(legacy) if complete else set()))
        if not used and complete:  # a sale from before vouchers were named on it
            return tx.uow.vouchers.unredeem(sale.id), 0
        usable = expired = 0
        for ref in again:
            voucher = tx.uow.vouchers.get(ref)
            if not tx.uow.vouchers.unredeem_one(ref, sale_id=sale.id):
                continue
            if voucher is not None and tx.ctx.expired(voucher.expires_at, tx.now):
                expired += 1
            else:
                usable += 1
        return usable, expired

    def _reversals(self, tx: Tx, sale: SaleRecord, shares: RefundShares, dead: dict[tuple[str, str], int]
                   ) -> list[tuple[Entry, tuple[Posting, ...]]]:
        """What each of the sale's entries must give back now: its share, less what earlier refunds moved.

        A stamp card the sale completed is taken back whole, and only when the member still has its free item
        and the stamps this refund takes would otherwise leave the card below zero; once the free item was
        used it stays used, and the member owes the stamps instead (a flagged debt the next visit pays off).
        """
        uow = tx.uow
        entries = uow.ledger.for_sale(sale.id)
        originals = [e for e in entries if e.reverses_id is None]
        # the customer took nothing home from a sale gone back whole, so it was no purchase: what it paid for being
        # one goes back too (a partial refund keeps it: part of the purchase stands)
        bonuses = _bonuses_paid_with(uow, sale) if shares.complete else []
        done: dict[str, dict[tuple[str, str], int]] = {}
        for entry in entries:
            if entry.reverses_id is not None:
                moved = done.setdefault(entry.reverses_id, {})
                for p in entry.postings:
                    moved[(p.account, p.unit)] = moved.get((p.account, p.unit), 0) + p.amount
        erased = _erased_holdings(uow, originals + bonuses)
        # what earlier refunds of this sale took from the expired value, per unit (a sale's awards share one date)
        expired_drawn: dict[str, int] = {}
        for entry in entries:
            if entry.reverses_id is not None:
                for p in entry.postings:
                    if p.account == ProgramAccount.EXPIRED.value and p.amount < 0:
                        expired_drawn[p.unit] = expired_drawn.get(p.unit, 0) - p.amount
        taken_here: dict[tuple[str, str, str], int] = {}
        plans: list[tuple[Entry, tuple[Posting, ...]]] = []
        completions = []
        for entry in originals:
            if entry.kind == EntryKind.CHALLENGE:
                continue  # taken back whole, or not at all, once the refund is recorded (take_back_after_refund)
            if entry.kind == EntryKind.STAMP_CARD_COMPLETED:
                completions.append(entry)
                continue
            postings = _to_the_lots_spent(uow, entry, reversal_toward(entry, self._target(tx, sale, entry, shares),
                                                                      done.get(entry.id, {})),
                                          done.get(entry.id, {}), tx.now, tx.ctx.tz)
            postings = _from_what_expired(uow, postings, erased, expired_drawn, taken_here, now=tx.now, tz=tx.ctx.tz,
                                          dead=dead)
            if postings:
                plans.append((entry, redirect_written_off(postings, erased)))
        if completions and sale.member_id:
            balances = spendable_balances(uow, sale.member_id, tx.now, tz=tx.ctx.tz)
            taking = {p.unit: p.amount for _, postings in plans for p in postings
                      if member_of(p.account) == sale.member_id and p.unit.startswith("STAMP:") and p.amount < 0}
            elsewhere = uow.ledger.reversed_ids([e.id for e in completions])  # in part, to pay stamps owed
            for entry in completions:
                if entry.id in done or entry.id in elsewhere:
                    continue  # taken back by an earlier refund
                mine = [p for p in entry.postings if member_of(p.account)]
                stamps = next((p for p in mine if p.unit.startswith("STAMP:")), None)
                reward = next((p for p in mine if p.unit.startswith("REWARD:")), None)
                if stamps is None or reward is None:
                    continue
                short = balances.get(stamps.unit, 0) + taking.get(stamps.unit, 0) < 0
                if short and balances.get(reward.unit, 0) >= reward.amount:
                    plans.append((entry, redirect_written_off(reversal_postings(entry), erased)))
        if sale.member_id:
            plans += _rewards_for_stamps_owed(uow, sale.member_id, plans, tx.ctx.programs.stamp_cards, tx.now,
                                              tx.ctx.tz)
        others_drawn: dict[str, dict[str, int]] = {}  # a referrer's lots are theirs: drawn apart from the member's
        for entry in bonuses:
            postings = ()
            for p in reversal_postings(entry):
                owner = member_of(p.account)
                drawn = expired_drawn if owner in (None, sale.member_id) else others_drawn.setdefault(owner, {})
                postings += _from_what_expired(uow, (p,), erased, drawn, taken_here, now=tx.now, tz=tx.ctx.tz,
                                               dead=dead)
            plans.append((entry, redirect_written_off(postings, erased)))
        return plans

    @staticmethod
    def _target(tx: Tx, sale: SaleRecord, entry: Entry, shares: RefundShares) -> Callable[[str, int], int]:
        """How much of each unit `entry` moved should have gone back once this refund is done."""
        if entry.kind in (EntryKind.SALE_REDEEM, EntryKind.VOUCHER_REDEEMED):
            return lambda unit, whole: spent_back(unit, whole, shares, sale.discounts)
        if entry.kind == EntryKind.SALE_EARN:
            return lambda unit, whole: earned_back(unit, whole, shares, kept_award(
                unit, whole, shares, lines=sale.lines, discounts=sale.discounts, programs=tx.ctx.programs,
                paid_minor=sale.total_minor, purchase_minor=sale.subtotal_minor - sale.discount_minor))
        if entry.kind == EntryKind.PROMOTION:  # its share follows the lines it was earned on
            promotion_id, basis, indexes = split_share_basis(entry.memo.removeprefix(PROMOTION_MEMO))
            share = share_of_lines(shares, sale.lines, basis=basis, indexes=indexes)
            promotion = tx.ctx.programs.promotion(promotion_id)
            per_item = (promotion.points if promotion is not None and basis == "items"
                        and promotion.kind == "bonus_points" and promotion.per == "item" else None)
            return lambda unit, whole: earned_back(unit, whole, share, kept_bonus(
                unit, whole, shares, per_item=per_item, lines=sale.lines, indexes=indexes))
        return lambda unit, whole: share_of(whole, shares.of(unit))

    def _queue_slip(self, tx: Tx, cmd: RefundSale, sale: SaleRecord, member: Member | None, receipt_no: str,
                    amount: Money, back: tuple[RefundLine, ...], reversals: tuple[Event, ...]) -> str:
        uow, ctx, now = tx.uow, tx.ctx, tx.now
        lines = refund_receipt_lines(sale, back)
        block = None
        if member is not None and not member.is_erased:  # the sale's member, read once by the refund
            block = loyalty_block(build_account(uow, ctx, member, now), ctx)
        slip = RefundSlip(shop=ctx.shop, receipt_no=receipt_no, original_receipt_no=sale.receipt_no,
                          created_at=ctx.local(now), cashier_name=staff_name(uow, cmd.staff_id), lines=lines,
                          total_refunded=amount, reversals=reversals, loyalty=block,
                          language=ctx.language)
        return uow.print_jobs.add(document=slip, created_at=now, device_id=ctx.device_id, source_id=cmd.command_id)
