"""What the outside asks for, named as orders. Each carries a caller-chosen id for idempotency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine


@dataclass(frozen=True, kw_only=True)
class EnrollMember:
    command_id: str
    name: str
    phone: str
    email: str | None = None
    birthday: date | str | None = None
    language: str = "th"
    consent_version: str | None = None  # None: the member did not accept the privacy notice
    marketing_consent: bool = False
    referral_code: str | None = None
    staff_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class RecordSale:
    command_id: str
    lines: tuple[CartLine, ...]
    member_code: str | None = None  # a scanned code, phone, or member id
    reward_ids: tuple[str, ...] = ()
    points_to_spend: int = 0
    credit_to_spend: Money | None = None
    stamp_rewards: tuple[str, ...] = ()
    voucher_codes: tuple[str, ...] = ()
    offer_ids: tuple[str, ...] = ()  # the member's personal offers used on this sale
    payment_method: str = "cash"
    cash_tendered: Money | None = None
    staff_id: str | None = None
    approved_by: str | None = None  # a manager who approved an override
    print_receipt: bool = True
    # the customer wanted no paper: the receipt is kept unprinted, for a reprint later; a cash sale still sends the
    # printer its cash drawer opening
    receipt_declined: bool = False
    # use a voucher or reward (money off, or a free item a discount part paid) worth more than what is left to pay
    # (the rest of it is lost); without it such a sale is refused (program.worth_more_than_left)
    allow_value_lost: bool = False


@dataclass(frozen=True)
class RefundLine:
    """`quantity` of the sale's line number `index` (0-based, as the receipt lists them) going back."""

    index: int
    quantity: int


@dataclass(frozen=True, kw_only=True)
class RefundSale:
    command_id: str
    receipt_no: str
    kind: str = "refund"  # refund | void
    lines: tuple[RefundLine, ...] = ()  # what goes back; none: everything not refunded yet (a void: all of it)
    reason: str = ""
    staff_id: str | None = None
    approved_by: str | None = None
    print_slip: bool = True


@dataclass(frozen=True, kw_only=True)
class IssueVoucher:
    command_id: str
    member_code: str
    reward_id: str
    staff_id: str | None = None
    print_voucher: bool = True


@dataclass(frozen=True, kw_only=True)
class DonatePoints:
    command_id: str
    member_code: str
    cause_id: str
    points: int
    staff_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class AdjustPoints:
    command_id: str
    member_code: str
    points: int  # positive adds, negative removes
    reason: str
    staff_id: str | None = None
    approved_by: str | None = None


@dataclass(frozen=True, kw_only=True)
class AwardReviewBonus:
    command_id: str
    member_code: str
    staff_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class EraseMember:
    """A member's right to erasure (PDPA/GDPR): personal fields wiped, balances moved to breakage."""

    command_id: str
    member_code: str
    reason: str = "member request"
    staff_id: str | None = None
    approved_by: str | None = None


@dataclass(frozen=True, kw_only=True)
class EarnAtPartner:
    """A member's purchase at a coalition partner; the partner's receipt number makes it count once."""

    partner_id: str
    member_code: str
    amount: Money
    reference: str
    staff_id: str | None = None
    approved_by: str | None = None  # a manager, when the points are above the partner's limits


@dataclass(frozen=True, kw_only=True)
class RedeemAtPartner:
    """Points a member spends at a coalition partner; the partner's receipt number makes it count once."""

    partner_id: str
    member_code: str
    points: int
    reference: str
    staff_id: str | None = None
    approved_by: str | None = None  # a manager, when the points are worth more than a cashier may approve
