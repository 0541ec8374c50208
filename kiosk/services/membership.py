"""Paid membership through Stripe Billing: the join link a member scans, and subscription status pulled back
into the member's record so the perks switch on and off (with the plan's grace period while offline)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

from kiosk.domain.errors import KioskError, NotFound, RuleViolation
from kiosk.domain.ids import new_id
from kiosk.domain.programs.config import MembershipPlan
from kiosk.services.common import active_membership, find_member
from kiosk.services.context import ShopContext
from kiosk.services.ports import Clock, UnitOfWorkFactory
from kiosk.services.sync import Offline, SyncPaused, SyncService
from kiosk.services.sync_ports import (
    CheckoutLink,
    MembershipPrice,
    MembershipSubscription,
    PermanentGatewayError,
    SubscriptionLink,
    SyncStore,
    TransientGatewayError,
)

OFFLINE_MESSAGE = "Joining online needs the internet; ask at the counter"
_PAID_UP = ("active", "trialing")
_STILL_OWED = ("past_due", "unpaid", "incomplete", "paused")


class MembershipUnavailable(KioskError):
    """Stripe is not configured or cannot be reached: joining a paid plan has to wait."""

    code = "membership_offline"


@dataclass(frozen=True)
class MembershipOffer:
    plan_id: str
    name: str
    price_minor: int
    currency: str
    interval: str


def _from_epoch(seconds: int | None) -> datetime | None:
    return datetime.fromtimestamp(seconds, tz=timezone.utc) if seconds else None


class MembershipService:
    """`checkout_url` for the counter and kiosk screens; `refresh` for the sync worker."""

    def __init__(self, *, uow_factory: UnitOfWorkFactory, clock: Clock, ctx: ShopContext, store: SyncStore,
                 sync: SyncService, success_url: str, cancel_url: str | None = None,
                 refresh_seconds: float = 300.0) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.ctx = ctx
        self.store = store
        self.sync = sync
        self.success_url = success_url
        self.cancel_url = cancel_url or success_url
        self.refresh_seconds = refresh_seconds
        self._prices: dict[tuple[str, int, str, str], MembershipPrice] = {}

    def offers(self) -> list[MembershipOffer]:
        return [MembershipOffer(p.id, p.label(self.ctx.language), p.price.minor, p.price.currency, p.interval)
                for p in self.ctx.programs.memberships]

    # ------------------------------------------------------------------ joining

    def checkout_url(self, member_code: str, plan_id: str) -> str:
        """The Stripe Checkout page where this member pays for `plan_id`; show it as a QR code.

        Raises MembershipUnavailable ("Joining online needs the internet; ask at the counter") when Stripe is
        not configured or cannot be reached. Blocking network I/O: call it off the GUI thread.
        """
        gateway = self.sync.gateway
        if gateway is None or self.sync.online is False and not self.sync.check_connection():
            raise MembershipUnavailable(OFFLINE_MESSAGE)
        plan = self.ctx.programs.plan(plan_id)
        if plan is None:
            raise NotFound("There is no such membership plan.", code="unknown_plan")
        now = self.clock.now()
        with self.uow_factory(readonly=True) as uow:
            member = find_member(uow, self.ctx, member_code)
            current = active_membership(self.ctx, member, now)
        if current is not None and member.paid_membership_status in _PAID_UP:
            raise RuleViolation(f"This member already has {current.label(self.ctx.language)}.",
                                code="already_member")
        waiting = self.store.open_checkout(member.id, plan.id, now=now)
        if waiting is not None and waiting.url:
            return waiting.url  # the same QR code again: one open payment page per member and plan
        try:
            customer_id = self.sync.ensure_customer(member.id)
            price = self._price(plan)
            # A fresh key per page: this is the member asking, not a ledger entry being retried. Retries of
            # this one request (inside call) reuse it, so a lost answer never makes a second page.
            key = f"kiosk:checkout:{member.id}:{plan.id}:{new_id()[:12]}"
            checkout = self.sync.call(lambda: gateway.create_membership_checkout(
                customer_id=customer_id, price_id=price.price_id, member_id=member.id,
                success_url=self.success_url, cancel_url=self.cancel_url, idempotency_key=key))
        except (TransientGatewayError, Offline, SyncPaused):
            raise MembershipUnavailable(OFFLINE_MESSAGE) from None
        except PermanentGatewayError as error:
            raise MembershipUnavailable(f"Stripe could not start the payment ({error.code}); ask at the counter.",
                                        code="membership_refused") from None
        if not checkout.url:
            raise MembershipUnavailable(OFFLINE_MESSAGE)
        self.store.add_checkout(CheckoutLink(
            session_id=checkout.session_id, member_id=member.id, plan_id=plan.id, url=checkout.url,
            status=checkout.status, created_at=now,
            expires_at=_from_epoch(checkout.expires_at) or now + timedelta(hours=24)))
        return checkout.url

    def _price(self, plan: MembershipPlan) -> MembershipPrice:
        gateway = self.sync.gateway
        assert gateway is not None
        interval = "year" if plan.interval == "year" else "month"
        cache_key = (plan.id, plan.price.minor, plan.price.currency, interval)
        if cache_key not in self._prices:
            self._prices[cache_key] = self.sync.call(lambda: gateway.ensure_membership_price(
                tier=plan.id, amount=plan.price, interval=interval))
        return self._prices[cache_key]

    # ------------------------------------------------------------------ pulling status back

    def is_membership_subscription(self, subscription_id: str) -> bool:
        return self.store.subscription(subscription_id) is not None

    def refresh(self, sync: SyncService, *, force: bool = False, subscription_ids: Sequence[str] = ()) -> int:
        """Completed checkouts become subscriptions; subscriptions due a check (or named) are read from Stripe
        and applied to their members. Returns how many members' memberships changed."""
        gateway = sync.gateway
        if gateway is None:
            return 0
        now = self.clock.now()
        changed_members: set[str] = set()
        to_check = set(subscription_ids)
        for link in self.store.open_checkouts(now=now):
            session = sync.call(lambda: gateway.get_membership_checkout(link.session_id))
            if session.status == "complete" and session.subscription_id:
                if self.store.subscription(session.subscription_id) is None:
                    self.store.upsert_subscription(SubscriptionLink(
                        subscription_id=session.subscription_id, member_id=link.member_id, plan_id=link.plan_id,
                        status="incomplete", current_period_end=None, checked_at=None))
                to_check.add(session.subscription_id)
                self.store.close_checkout(link.session_id, "complete")
            elif session.status == "expired":
                self.store.close_checkout(link.session_id, "expired")
        due_before = now - timedelta(seconds=self.refresh_seconds)
        for link in self.store.subscriptions(live_only=True):
            if force or link.checked_at is None or link.checked_at <= due_before:
                to_check.add(link.subscription_id)
        for subscription_id in sorted(to_check):
            link = self.store.subscription(subscription_id)
            if link is None:
                continue
            try:
                remote = sync.call(lambda: gateway.get_subscription(subscription_id))
            except PermanentGatewayError:
                # Deleted with its customer (an erasure) or never existed: it pays for nothing any more.
                remote = MembershipSubscription(subscription_id, "", "canceled", None, None, False)
            self.store.upsert_subscription(replace(
                link, status=remote.status, checked_at=now,
                current_period_end=_from_epoch(remote.current_period_end) or link.current_period_end))
            if self._apply(link.member_id):
                changed_members.add(link.member_id)
        return len(changed_members)

    def _apply(self, member_id: str) -> bool:
        """Set the member's paid membership from their best subscription; True when anything changed."""
        links = self.store.subscriptions(member_id=member_id)
        if not links:
            return False

        def rank(link: SubscriptionLink) -> tuple[int, datetime]:
            order = 2 if link.status in _PAID_UP else 1 if link.status in _STILL_OWED else 0
            return order, link.current_period_end or datetime.min.replace(tzinfo=timezone.utc)

        best = max(links, key=rank)
        now = self.clock.now()
        with self.uow_factory() as uow:
            member = uow.members.get(member_id)
            if member is None or member.is_erased:
                return False
            updated = replace(member, paid_membership=best.plan_id, paid_membership_status=best.status,
                              paid_membership_until=best.current_period_end or member.paid_membership_until)
            if updated == member:
                return False
            uow.members.update(updated)
            uow.audit.add(action="membership.status", at=now, device_id=self.ctx.device_id, subject=member_id,
                          details={"plan": best.plan_id, "status": best.status,
                                   "subscription": best.subscription_id,
                                   "until": best.current_period_end.isoformat() if best.current_period_end else None})
            uow.commit()
            return True


__all__ = ["OFFLINE_MESSAGE", "MembershipOffer", "MembershipService", "MembershipUnavailable"]
