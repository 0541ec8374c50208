"""Paid membership through Stripe Billing: the plans on offer and the join link (a Stripe Checkout page) a
member scans to pay for one.

What happens after paying (a completed checkout becoming a subscription, renewals, cancellations) comes back
with the sync worker's pull: MembershipStatusPull in pull.py sets it on the member's record. This service
shares the worker's GatewayCalls and Customers, so it sees the same online flag and makes the same customer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from kiosk.domain.errors import KioskError, NotFound, RuleViolation
from kiosk.domain.ids import new_id
from kiosk.domain.programs.config import MembershipPlan
from kiosk.domain.text import Localized
from kiosk.services.common import active_membership, find_member
from kiosk.services.context import ShopContext
from kiosk.services.ports.clock import Clock
from kiosk.services.ports.stripe import (
    PAID_UP,
    MembershipInterval,
    MembershipPrice,
    PermanentGatewayError,
    TransientGatewayError,
)
from kiosk.services.ports.sync_store import CheckoutLink, SyncStore
from kiosk.services.ports.uow import UnitOfWorkFactory
from kiosk.services.sync.calls import GatewayCalls, Offline, SyncPaused
from kiosk.services.sync.customers import Customers
from kiosk.services.usecase import LiveContext, live


class MembershipUnavailable(KioskError):
    """Stripe is not configured or cannot be reached: joining a paid plan has to wait."""

    code = "membership.offline"


@dataclass(frozen=True)
class MembershipOffer:
    plan_id: str
    name: str
    price_minor: int
    currency: str
    interval: str


def _from_epoch(seconds: int | None) -> datetime | None:
    return datetime.fromtimestamp(seconds, tz=UTC) if seconds else None


class MembershipService:
    """`offers` and `checkout_url` for the counter and kiosk screens."""

    def __init__(self, *, uow_factory: UnitOfWorkFactory, clock: Clock, ctx: ShopContext | LiveContext,
                 store: SyncStore, calls: GatewayCalls, customers: Customers, success_url: str,
                 cancel_url: str | None = None) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.live = live(ctx)
        self.store = store
        self.calls = calls
        self.customers = customers
        self.success_url = success_url
        self.cancel_url = cancel_url or success_url
        self._prices: dict[tuple[str, int, str, str], MembershipPrice] = {}

    @property
    def ctx(self) -> ShopContext:
        return self.live.current

    def offers(self) -> list[MembershipOffer]:
        return [MembershipOffer(p.id, p.label(self.ctx.language), p.price.minor, p.price.currency, p.interval)
                for p in self.ctx.programs.memberships]

    # ------------------------------------------------------------------ joining

    def checkout_url(self, member_code: str, plan_id: str) -> str:
        """The Stripe Checkout page where this member pays for `plan_id`; show it as a QR code.

        Raises MembershipUnavailable ("Joining online needs the internet; ask at the counter") when Stripe is
        not configured or cannot be reached. Blocking network I/O: call it off the GUI thread.
        """
        gateway = self.calls.gateway
        if gateway is None or self.calls.online is False and not self.calls.check_connection():
            raise MembershipUnavailable()
        plan = self.ctx.programs.plan(plan_id)
        if plan is None:
            raise NotFound("membership.unknown_plan")
        now = self.clock.now()
        with self.uow_factory(readonly=True) as uow:
            member = find_member(uow, self.ctx, member_code)
            current = active_membership(self.ctx, member, now)
        if current is not None and member.paid_membership_status in PAID_UP:
            raise RuleViolation("membership.already_member",
                                current=Localized.of(current.label))
        waiting = self.store.open_checkout(member.id, plan.id, now=now)
        if waiting is not None and waiting.url:
            return waiting.url  # the same QR code again: one open payment page per member and plan
        try:
            customer_id = self.customers.ensure(member.id)
            price = self._price(plan)
            # A fresh key per page: this is the member asking, not a ledger entry being retried. Retries of
            # this one request (inside call) reuse it, so a lost answer never makes a second page.
            key = f"kiosk:checkout:{member.id}:{plan.id}:{new_id()[:12]}"
            checkout = self.calls.call(lambda: gateway.create_membership_checkout(
                customer_id=customer_id, price_id=price.price_id, member_id=member.id,
                success_url=self.success_url, cancel_url=self.cancel_url, idempotency_key=key))
        except (TransientGatewayError, Offline, SyncPaused):
            raise MembershipUnavailable() from None
        except PermanentGatewayError as error:
            raise MembershipUnavailable("membership.refused", stripe_code=error.code) from None
        if not checkout.url:
            raise MembershipUnavailable()
        self.store.add_checkout(CheckoutLink(
            session_id=checkout.session_id, member_id=member.id, plan_id=plan.id, url=checkout.url,
            status=checkout.status, created_at=now,
            expires_at=_from_epoch(checkout.expires_at) or now + timedelta(hours=24)))
        return checkout.url

    def _price(self, plan: MembershipPlan) -> MembershipPrice:
        gateway = self.calls.gateway
        assert gateway is not None
        interval: MembershipInterval = "year" if plan.interval == "year" else "month"
        cache_key = (plan.id, plan.price.minor, plan.price.currency, interval)
        if cache_key not in self._prices:
            self._prices[cache_key] = self.calls.call(lambda: gateway.ensure_membership_price(
                tier=plan.id, amount=plan.price, interval=interval))
        return self._prices[cache_key]


__all__ = ["MembershipOffer", "MembershipService", "MembershipUnavailable"]
