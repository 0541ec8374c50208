"""The demo shop: a Bangkok café with staff, members and weeks of realistic history, built by the real services."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Any

from kiosk.domain.commands import (
    DonatePoints,
    EarnAtPartner,
    EnrollMember,
    IssueVoucher,
    RecordSale,
    RedeemAtPartner,
    RefundSale,
)
from kiosk.domain.errors import InvalidInput, KioskError, ManagerApprovalRequired
from kiosk.domain.members import normalize_phone
from kiosk.domain.money import Money, exponent
from kiosk.domain.programs.config import Item
from kiosk.domain.programs.engine import CartLine
from kiosk.services.accounts import AccountService
from kiosk.services.checkout import CheckoutService
from kiosk.services.common import member_code
from kiosk.services.context import FixedClock, ShopContext
from kiosk.services.enrollment import EnrollmentService
from kiosk.services.expiry import ExpiryService
from kiosk.services.offers import OfferService
from kiosk.services.partners import PartnerService
from kiosk.services.redemption import RedemptionService
from kiosk.services.refunds import RefundService
from kiosk.services.staff import StaffService
from kiosk.services.usecase import Tx, UseCases

DEMO_STAFF = (("Ploy", "owner", "9999"), ("Nok", "manager", "2222"), ("Beam", "cashier", "1111"),
              ("Mint", "cashier", "3333"))
THAI_FIRST = ("สมชาย", "สมหญิง", "ปิยะ", "อรุณี", "ธนา", "มาลี", "วิชัย", "กมล", "ณัฐ", "พิมพ์", "ชัย", "ศิริ",
              "อนันต์", "จันทร์", "ประยุทธ", "นภา", "สุดา", "เกศ", "ภูมิ", "ดาว")
THAI_LAST = ("ใจดี", "รักไทย", "ศรีสุข", "วงศ์ใหญ่", "แสงทอง", "บุญมา", "สุขใจ", "ทองคำ", "มั่นคง", "เพชรงาม")
EN_FIRST = ("Anna", "Ben", "Chloe", "David", "Emma", "Finn", "Grace", "Hiro", "Isla", "Jon", "Kate", "Leo")
EN_LAST = ("Smith", "Tanaka", "Brown", "Müller", "Lee", "Garcia", "Wilson", "Nguyen")
FEATURED_PHONE = "0812345678"

# What the café runs besides its points, stamps and tiers, shaped as config.toml's tables: an afternoon promotion,
# a weekend pastry bonus, a monthly visits challenge, two personal offers and the bakery next door as a second
# partner. Its history is rung up under them, and the owner saves them into the demo folder's settings
# (kiosk.cli.shop.build_demo_shop), so the Promotions and Partners pages, the counter and the kiosk show them.
DEMO_PROGRAMS: dict[str, list[dict[str, Any]]] = {
    "promotions": [
        {"id": "afternoon-double", "name": "Double points on weekday afternoons",
         "name_th": "แต้มสองเท่า ช่วงบ่ายวันธรรมดา", "kind": "points_multiplier", "percent": 200,
         "weekdays": ["mon", "tue", "wed", "thu", "fri"], "hours": "14:00-17:00"},
        {"id": "weekend-pastry", "name": "Weekend pastries: 20 bonus points each",
         "name_th": "ขนมอบวันหยุด รับแต้มพิเศษชิ้นละ 20 แต้ม", "kind": "bonus_points", "points": 20, "per": "item",
         "categories": ["bakery"], "weekdays": ["sat", "sun"], "cap": 60},
    ],
    "challenges": [
        {"id": "visits5-month", "name": "Visit 5 times this month", "name_th": "มาครบ 5 ครั้งในเดือนนี้",
         "kind": "visits", "target": 5, "period": "month", "points": 100},
    ],
    "offers": [
        {"id": "miss-you", "name": "We miss you: a free croissant with any coffee",
         "name_th": "คิดถึงนะ รับครัวซองต์ฟรีเมื่อสั่งกาแฟ", "selector": "lapsed", "lapsed_days": 14,
         "kind": "free_item", "sku": "CROISSANT", "requires": ["coffee", "tea"], "valid_days": 14},
        {"id": "regulars-thanks", "name": "Thanks for being a regular: 50 bonus points",
         "name_th": "ขอบคุณลูกค้าประจำ รับแต้มพิเศษ 50 แต้ม", "selector": "big_spender", "spend_over": "1500",
         "kind": "bonus_points", "points": 50, "valid_days": 7},
    ],
    "partners": [
        {"id": "bakery", "name": "Khanom Baan Bakery", "name_th": "ร้านขนมบ้านข้าง ๆ", "spend_unit": "25.00",
         "points_per_unit": 1, "settlement_value": "0.25", "settlement_points": 1,
         "max_points_per_transaction": 500, "max_points_per_day": 1000},
    ],
}
# Some members stop coming, as a café's customers do (kiosk.services.demo._DriftingAway): without them no member
# of a short demo was ever away for the lapsed offer's days, and "We miss you" was shown to nobody.
DRIFT_SHARE = 0.2  # of the members who join early enough to be away that long by the demo's today
DRIFT_VISITS = (1, 4)  # how many times a member who drifts away comes before they stop
COME_BACK_WITHIN = 6  # days after they are lapsed by the offer's rule (within the history when it lasts that long)
LAPSED_DAYS = 30  # how long the drifters stay away at least when the shop runs no lapsed offer
PARTNER_SPEND = {"bakery": (45, 85, 120, 160, 240), "bookshop": (180, 250, 420, 690)}  # baht on a partner receipt


def demo_programs(current: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The settings sections `current` (the merged settings) would have with the demo's programs added: each
    section's own tables first, then the demo's that are not there yet (by id)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for section, tables in DEMO_PROGRAMS.items():
        rows = [dict(row) for row in current.get(section, [])]
        ids = {row.get("id") for row in rows}
        out[section] = rows + [dict(table) for table in tables if table["id"] not in ids]
    return out


MARKER = "demo"  # kv key of a finished build: its size and seed, written in the build's last step


@dataclass(frozen=True)
class DemoResult:
    members: int  # the shop's totals when asked, not what one run added
    sales: int
    days: int
    staff: tuple[tuple[str, str, str], ...]
    featured_member_code: str


@dataclass(frozen=True)
class DemoSize:
    members: int
    days: int
    seed: int


class DemoBuilder(UseCases):
    """Builds the demo shop through the same services the counter uses, at moments of its own.

    A build is all or nothing only as a whole: its history's choices depend on balances, so a build cut
    short cannot be resumed in place. kiosk.bootstrap.build_demo therefore builds into a fresh database and
    moves it into place at the end; `existing` tells it what the target folder holds first.
    """

    def build(self, *, members: int = 120, days: int = 60, seed: int = 7,
              progress: Callable[[int, int], None] | None = None) -> DemoResult:
        """Build the demo into this shop, which must hold nothing yet (no staff, members or sales)."""
        size = _checked_size(members, days, seed)
        if not self.read(_is_empty):
            raise InvalidInput("demo.target_not_new")
        return _build(self, members=size.members, days=size.days, seed=size.seed, progress=progress)

    def existing(self, *, members: int = 120, days: int = 60, seed: int = 7) -> DemoResult | None:
        """What this shop holds: None when nothing yet; the shop's totals when it is this finished demo.

        Anything else is refused: a shop that is not a finished demo (a real one, or a demo of another size).
        """
        size = _checked_size(members, days, seed)
        return self.read(lambda tx: _existing(tx, size))


def _checked_size(members: int, days: int, seed: int) -> DemoSize:
    if members < 1 or days < 1 or members > 100_000 or days > 3650:
        raise InvalidInput("demo.bad_demo_size", members=members, days=days)
    return DemoSize(members, days, seed)


def _is_empty(tx: Tx) -> bool:
    uow = tx.uow
    return not uow.staff.all() and uow.members.count() == 0 and uow.sales.count() == 0


def _existing(tx: Tx, size: DemoSize) -> DemoResult | None:
    from kiosk.domain.serialization import from_json

    uow = tx.uow
    stored = uow.kv.get(MARKER)
    built = from_json(DemoSize, stored) if stored else None
    if built is None and uow.kv.get(f"demo:{size.seed}:{size.members}:{size.days}"):
        built = size  # a demo finished by an earlier version, which keyed its marker by size
    if built is None:
        if _is_empty(tx):
            return None
        raise InvalidInput("demo.target_not_empty")
    if built != size:
        raise InvalidInput("demo.exists", members=built.members, days=built.days, seed=built.seed)
    return _totals(tx, built)


def _totals(tx: Tx, size: DemoSize) -> DemoResult:
    """The shop's real totals (what a counter rang up since the build included)."""
    uow = tx.uow
    featured = uow.members.by_phone(normalize_phone(FEATURED_PHONE, country_code=tx.ctx.country_code))
    code = member_code(uow, featured) if featured is not None and not featured.is_erased else ""
    return DemoResult(uow.members.count(), uow.sales.count(), size.days, DEMO_STAFF, code)


def _build(app: DemoBuilder, *, members: int, days: int, seed: int,
           progress: Callable[[int, int], None] | None) -> DemoResult:
    rng = random.Random(seed)
    ctx = app.ctx
    now = app.clock.now()
    start = datetime.combine(ctx.business_date(now) - timedelta(days=days - 1), time(7, 30), tzinfo=ctx.tz)
    clock = FixedClock(start)
    enroll = EnrollmentService(app.uow_factory, clock, ctx)
    checkout = CheckoutService(app.uow_factory, clock, ctx)
    refunds = RefundService(app.uow_factory, clock, ctx)
    redemption = RedemptionService(app.uow_factory, clock, ctx)
    accounts = AccountService(app.uow_factory, clock, ctx)
    staff = StaffService(app.uow_factory, app.clock, ctx)
    partners = PartnerService(app.uow_factory, clock, ctx)
    offers = OfferService(app.uow_factory, clock, ctx)
    # The offers and the partners' receipts draw from a stream of their own: the sales' choices stay as they were.
    side = random.Random(f"{seed}-offers-partners")
    lapsed_days = min((o.lapsed_days for o in ctx.programs.offers if o.selector == "lapsed"), default=LAPSED_DAYS)
    away = _DriftingAway(random.Random(f"{seed}-away"), days=days, lapsed_days=lapsed_days)

    staff_ids: dict[str, str] = {}
    for name, role, pin in DEMO_STAFF:  # Ploy, the owner, comes first: she sets the shop up and adds the rest
        staff_ids[name] = staff.add_staff(name=name, role=role, pin=pin, by=staff_ids.get("Ploy")).id
    manager = staff_ids.get("Nok")
    cashiers = [staff_ids[n] for n in ("Beam", "Mint") if n in staff_ids]

    # Enrolment days: a steady trickle, more at the start (the launch week).
    join_day = sorted(int(rng.random() ** 1.7 * days) for _ in range(members))
    join_day[0] = 0
    items = [i for i in ctx.programs.items]
    coffee = [i for i in items if i.category in ("coffee", "tea")] or items
    food = [i for i in items if i not in coffee] or items
    codes: list[str] = []
    weights: list[float] = []  # how often each member comes; 0 while they have stopped coming
    index: dict[str, int] = {}  # member code -> its place in codes and weights
    total_steps = members + days
    done = 0
    prefix = f"demo-{seed}"
    next_member = 0
    for day in range(days):
        day_start = start + timedelta(days=day)
        while next_member < members and join_day[next_member] <= day:
            i = next_member
            # today's joiners join by the present: a demo built at 8 in the morning has no sign-ups dated this afternoon
            clock.at = min(day_start + timedelta(minutes=rng.randint(0, 600)), now)
            thai = rng.random() < 0.75
            name = (f"{rng.choice(THAI_FIRST)} {rng.choice(THAI_LAST)}" if thai
                    else f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}")
            phone = f"08{(seed + i // 10_000_000) % 10}{i % 10_000_000:07d}"
            if i == 0:
                name, phone = "สมชาย ใจดี", FEATURED_PHONE
            birthday = f"{rng.randint(1960, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            referral = None
            if codes and rng.random() < 0.15:
                referral = _referral_code(accounts, codes[rng.randrange(len(codes))])
            try:
                result = enroll.enroll(EnrollMember(
                    command_id=f"{prefix}-m{i}", name=name, phone=phone, birthday=birthday,
                    language="th" if thai else "en", consent_version=ctx.privacy_notice_version,
                    email=None if thai else f"{name.split()[0].lower()}{i}@example.com",
                    referral_code=referral, staff_id=rng.choice(cashiers) if cashiers else None))
            except KioskError:
                result = None  # a phone already taken by a real member: skip, never overwrite
            drift_visits = away.draw()
            if result is not None:
                index[result.member_code] = len(codes)
                codes.append(result.member_code)
                weights.append(5.0 if i == 0 else rng.choice((0.3, 0.6, 1, 1, 2, 4)))
                if i != 0:  # the featured member stays, for the README's pictures
                    away.enrolled(len(codes) - 1, day=day, visits=drift_visits)
            next_member += 1
            done += 1
            if progress:
                progress(done, total_steps)

        away.start_day(day)
        visits = rng.randint(14, 30) + (6 if day_start.weekday() >= 5 else 0)
        times = sorted(rng.randint(0, 11 * 60) for _ in range(visits))
        for n, minute in enumerate(times):
            clock.at = day_start + timedelta(minutes=minute)
            if clock.at > now:
                break  # today's history stops at the present
            member_code = rng.choices(codes, weights)[0] if codes and rng.random() < 0.62 else None
            back = away.walks_in() if member_code else None
            if back is not None:
                member_code = codes[back]  # a member back after weeks away comes in before the day's regulars
            basket = [rng.choice(coffee)] * rng.choice((1, 1, 1, 2))
            if rng.random() < 0.45:
                basket.append(rng.choice(food))
            lines = _lines(basket, ctx)
            cmd_id = f"{prefix}-s{day}-{n}"
            kwargs: dict[str, Any] = {}
            account = None
            if member_code and rng.random() < 0.25:
                try:
                    account = accounts.account(member_code)
                except KioskError:
                    account = None
            if account is not None:
                ready = [c.card_id for c in account.stamp_cards if c.rewards_ready]
                affordable = [r for r in account.rewards if r.affordable and r.kind == "reward"]
                roll = rng.random()
                if ready and roll < 0.7:
                    kwargs["stamp_rewards"] = (ready[0],)
                elif affordable and roll < 0.5:
                    reward = rng.choice(affordable)
                    catalogue = ctx.programs.reward(reward.id)
                    sku = catalogue.sku if catalogue else None
                    item = ctx.programs.item(sku) if sku else None
                    if item is not None and all(ln.sku != sku for ln in lines):
                        lines = lines + (CartLine(item.label(ctx.language), item.price, 1, item.sku),)
                    kwargs["reward_ids"] = (reward.id,)
                elif account.points >= 200 and roll < 0.8:
                    kwargs["points_to_spend"] = min(account.points // 2, 120)
                elif account.credit.minor >= 1000 and roll < 0.95:
                    kwargs["credit_to_spend"] = account.credit
            if member_code and member_code != codes[0] and (back is not None or side.random() < 0.5):
                # the cashier shows the member their offers (the featured member keeps hers for the README's pictures)
                lines, kwargs = _with_offer(offers, member_code, lines, kwargs, ctx, side)
            cmd = RecordSale(command_id=cmd_id, lines=lines, member_code=member_code,
                             payment_method=rng.choice(("cash", "cash", "qr", "qr", "card")),
                             staff_id=rng.choice(cashiers) if cashiers else None, print_receipt=False, **kwargs)
            try:
                checkout.record_sale(cmd)
            except ManagerApprovalRequired:
                checkout.record_sale(replace(cmd, command_id=cmd_id + "a", approved_by=manager))
            except KioskError:
                # a redemption the rules refuse (e.g. credit above the bill): ring it up plainly instead
                checkout.record_sale(RecordSale(command_id=cmd_id + "b", lines=lines, member_code=member_code,
                                                payment_method="cash", print_receipt=False, approved_by=manager))
            if member_code:
                away.came(index[member_code], day=day, weights=weights)
        if day % 9 == 4 and manager and day_start + timedelta(hours=11, minutes=50) <= now:
            clock.at = day_start + timedelta(hours=11, minutes=50)
            _refund_one(refunds, app, f"{prefix}-r{day}", manager, day_start)
        away.end_day(day, weights=weights)
        present = [c for c, w in zip(codes, weights, strict=True) if w > 0]  # who still comes round
        if present and day % 6 == 2 and day_start + timedelta(hours=12) <= now:
            clock.at = day_start + timedelta(hours=12)
            code = rng.choice(present)
            for action in (
                # lambdas, not partial: each command is built inside the try (a shop without causes: IndexError)
                lambda day=day, code=code: redemption.donate(DonatePoints(
                    command_id=f"{prefix}-d{day}", member_code=code, cause_id=ctx.programs.charity.causes[0].id,
                    points=40)),
                lambda day=day, code=code: redemption.issue_voucher(IssueVoucher(
                    command_id=f"{prefix}-v{day}", member_code=code, reward_id="off50", print_voucher=False)),
            ):
                try:
                    action()
                except (KioskError, IndexError):
                    pass
        if present and day % 3 == 1:
            clock.at = day_start + timedelta(hours=15, minutes=side.randint(0, 90))
            if clock.at <= now:
                _partner_receipts(partners, accounts, ctx, present, side, day=day, prefix=prefix,
                                  staff_id=side.choice(cashiers) if cashiers else None, manager=manager)
        done += 1
        if progress:
            progress(done, total_steps)
    clock.at = now
    ExpiryService(app.uow_factory, clock, ctx).run()
    from kiosk.domain.serialization import to_json

    size = DemoSize(members, days, seed)
    app.write(lambda tx: tx.uow.kv.set(MARKER, to_json(size)))
    return app.read(lambda tx: _totals(tx, size))


class _DriftingAway:
    """Members who stop coming for a while, as a café's customers do, so the lapsed offer has members to pick.

    A share of the members who join early enough come a few times, then stop: after their last planned visit, or
    on the last day that still leaves them away for the offer's days by the demo's today. Every other one (the
    second to stop, the fourth, ...) comes back once lapsed by the offer's own rule, if the history lasts that
    long: the counter shows them the offer then. The others are still away today, and the counter and the kiosk
    show it to them when they are looked up. While away they are left out of the choices of who comes in (sales,
    donations and vouchers at the counter, the partners' receipts), so what the health report, the cohorts and
    the expiry read of them is what they did. Its choices draw from a stream of their own; a member's place is
    their index in the builder's codes.
    """

    def __init__(self, rng: random.Random, *, days: int, lapsed_days: int) -> None:
        self.rng = rng
        self.lapsed_days = lapsed_days
        self.days = days
        self.last_day = days - 1 - lapsed_days  # a member who stops after this day is not away long enough today
        self.visits_left: dict[int, int] = {}  # who will stop -> their visits before they do
        self.last_came: dict[int, int] = {}  # of those, the day of their last visit so far
        self.usual: dict[int, float] = {}  # who is away -> how often they came before
        self.back_on: dict[int, list[int]] = {}  # day -> who comes back that day
        self.due: list[int] = []  # who comes back today and has not come in yet
        self.left = 0  # how many have stopped coming

    def draw(self) -> int:
        """How many visits the member enrolling now makes before they stop coming, 0 if they keep coming (drawn
        for each enrolment, whether it went through or not, so one refused leaves the others' draws alone)."""
        drifts, visits = self.rng.random() < DRIFT_SHARE, self.rng.randint(*DRIFT_VISITS)
        return visits if drifts else 0

    def enrolled(self, member: int, *, day: int, visits: int) -> None:
        if visits and day <= self.last_day:
            self.visits_left[member] = visits

    def start_day(self, day: int) -> None:
        self.due += self.back_on.pop(day, [])

    def walks_in(self) -> int | None:
        return self.due.pop(0) if self.due else None

    def came(self, member: int, *, day: int, weights: list[float]) -> None:
        if member in self.usual:
            weights[member] = self.usual.pop(member)  # back: they come as often as they used to
        if member in self.visits_left:
            self.last_came[member] = day
            self.visits_left[member] -= 1
            if self.visits_left[member] == 0:
                self._leave(member, weights)

    def end_day(self, day: int, *, weights: list[float]) -> None:
        if day == self.last_day:  # who has come at all stops now, whatever visits they had left; the rest stay on
            for member in [m for m in self.visits_left if m in self.last_came]:
                self._leave(member, weights)
            self.visits_left.clear()

    def _leave(self, member: int, weights: list[float]) -> None:
        del self.visits_left[member]
        self.usual[member], weights[member] = weights[member], 0.0
        self.left += 1
        lapsed_on = self.last_came[member] + self.lapsed_days
        back_on = lapsed_on + self.rng.randint(0, max(0, min(COME_BACK_WITHIN, self.days - 1 - lapsed_on)))
        if self.left % 2 == 0:
            self.back_on.setdefault(back_on, []).append(member)


def _lines(basket: list[Item], ctx: ShopContext) -> tuple[CartLine, ...]:
    counts: dict[str, Item] = {}
    quantities: dict[str, int] = {}
    for item in basket:
        counts[item.sku] = item
        quantities[item.sku] = quantities.get(item.sku, 0) + 1
    return tuple(CartLine(item.label(ctx.language), item.price, quantities[sku], sku) for sku, item in counts.items())


def _referral_code(accounts: AccountService, member_code: str) -> str | None:
    try:
        return accounts.account(member_code).referral_code
    except KioskError:
        return None


def _refund_one(refunds: RefundService, app: DemoBuilder, command_id: str, manager: str,
                day_start: datetime) -> None:
    last = app.read(lambda tx: tx.uow.sales.last_receipt(tx.ctx.device_id))
    if last is None or last.created_at < day_start.astimezone(last.created_at.tzinfo):
        return
    try:
        refunds.refund(RefundSale(command_id=command_id, receipt_no=last.receipt_no, reason="customer changed mind",
                                  approved_by=manager, print_slip=False))
    except KioskError:
        pass


def _with_offer(offers: OfferService, member_code: str, lines: tuple[CartLine, ...], kwargs: dict[str, Any],
                ctx: ShopContext, side: random.Random) -> tuple[tuple[CartLine, ...], dict[str, Any]]:
    """The member's offers shown at the counter; most times they take the first up on this sale."""
    try:
        shown = offers.show(member_code)
    except KioskError:
        return lines, kwargs
    if not shown or side.random() < 0.3:
        return lines, kwargs
    offer = shown[0]
    programs = ctx.programs
    if offer.kind == "free_item":
        known = programs.offer(offer.offer_id)
        item = programs.item(offer.sku)
        if known is None or item is None:
            return lines, kwargs
        if not known.basket_qualifies(tuple((ln.sku, programs.category_of(ln.sku)) for ln in lines)):
            if all(ln.sku != item.sku for ln in lines):
                lines = lines + (CartLine(item.label(ctx.language), item.price, 1, item.sku),)
            if not known.basket_qualifies(tuple((ln.sku, programs.category_of(ln.sku)) for ln in lines)):
                return lines, kwargs
    return lines, {**kwargs, "offer_ids": (offer.offer_id,)}


def _partner_receipts(partners: PartnerService, accounts: AccountService, ctx: ShopContext, codes: list[str],
                      side: random.Random, *, day: int, prefix: str, staff_id: str | None,
                      manager: str | None) -> None:
    """A day's receipts at the partners: members earn there and, now and then, spend points on a bakery bill."""
    for partner in ctx.programs.partners:
        spends = PARTNER_SPEND.get(partner.id, (100, 200))
        for n in range(side.randint(1, 3)):
            code = side.choice(codes)
            reference = f"{partner.id[:4].upper()}-{day:03d}{n}"
            try:
                if partner.id == "bakery" and side.random() < 0.35:
                    points = accounts.account(code).points
                    if points >= 60:
                        partners.redeem(RedeemAtPartner(partner_id=partner.id, member_code=code, reference=reference,
                                                        points=min(points // 2, 80) // 10 * 10, staff_id=staff_id,
                                                        approved_by=manager))
                        continue
                amount = Money(side.choice(spends) * 10 ** exponent(ctx.currency), ctx.currency)
                partners.earn(EarnAtPartner(partner_id=partner.id, member_code=code, amount=amount,
                                            reference=reference, staff_id=staff_id))
            except KioskError:
                pass  # a receipt the partner's limits refuse: the member pays it at the partner as anyone would
