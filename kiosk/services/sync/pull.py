"""Pulling from Stripe: paid membership status back onto members, and member payments into the ledger (points
earned once, store credit spent on Stripe invoices taken off).

Payments are read as events after a saved cursor; after a month offline Stripe no longer lists those events,
so the paid objects themselves are listed instead. A payment can arrive both ways: the ledger dedupes on the
object id. Membership status is read from completed checkouts and from subscriptions due a check (or named
by a paid invoice), so the perks switch on and off with the plan's grace period while offline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial

from kiosk.domain.events import Message
from kiosk.services.context import ShopContext
from kiosk.services.online_earn import OnlineEarnService
from kiosk.services.ports.clock import Clock
from kiosk.services.ports.stripe import (
    PAID_UP,
    STILL_OWED,
    EventCursorExpired,
    MemberPayment,
    MembershipSubscription,
    PermanentGatewayError,
    TransientGatewayError,
)
from kiosk.services.ports.sync_store import SubscriptionLink, SyncStore
from kiosk.services.ports.uow import UnitOfWorkFactory
from kiosk.services.sync.calls import GatewayCalls, describe
from kiosk.services.sync.status import SyncReport
from kiosk.services.usecase import LiveContext, Tx, UseCases

# Stripe lists events for 30 days; after a day less than that, list the objects themselves instead.
EVENT_MEMORY = timedelta(days=29)
FALLBACK_OVERLAP = timedelta(days=1)


def _from_epoch(seconds: int | None) -> datetime | None:
    return datetime.fromtimestamp(seconds, tz=UTC) if seconds else None


class MembershipStatusPull(UseCases):
    """Completed join pages become subscriptions; subscriptions are read back and applied to their members."""

    def __init__(self, *, uow_factory: UnitOfWorkFactory, clock: Clock, ctx: ShopContext | LiveContext,
                 store: SyncStore, calls: GatewayCalls, refresh_seconds: float = 300.0) -> None:
        super().__init__(uow_factory, clock, ctx)
        self.store = store
        self.calls = calls
        self.refresh_seconds = refresh_seconds

    def is_membership_subscription(self, subscription_id: str) -> bool:
        return self.store.subscription(subscription_id) is not None

    def refresh(self, *, force: bool = False, subscription_ids: Sequence[str] = ()) -> int:
        """Completed checkouts become subscriptions; subscriptions due a check (or named) are read from Stripe
        and applied to their members. Returns how many members' memberships changed."""
        gateway = self.calls.gateway
        if gateway is None:
            return 0
        now = self.clock.now()
        changed_members: set[str] = set()
        to_check = set(subscription_ids)
        for checkout in self.store.open_checkouts(now=now):
            session = self.calls.call(partial(gateway.get_membership_checkout, checkout.session_id))
            if session.status == "complete" and session.subscription_id:
                if self.store.subscription(session.subscription_id) is None:
                    self.store.upsert_subscription(SubscriptionLink(
                        subscription_id=session.subscription_id, member_id=checkout.member_id,
                        plan_id=checkout.plan_id, status="incomplete", current_period_end=None, checked_at=None))
                to_check.add(session.subscription_id)
                self.store.close_checkout(checkout.session_id, "complete")
            elif session.status == "expired":
                self.store.close_checkout(checkout.session_id, "expired")
        due_before = now - timedelta(seconds=self.refresh_seconds)
        for subscription in self.store.subscriptions(live_only=True):
            if force or subscription.checked_at is None or subscription.checked_at <= due_before:
                to_check.add(subscription.subscription_id)
        for subscription_id in sorted(to_check):
            link = self.store.subscription(subscription_id)
            if link is None:
                continue
            try:
                remote = self.calls.call(partial(gateway.get_subscription, subscription_id))
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
            order = 2 if link.status in PAID_UP else 1 if link.status in STILL_OWED else 0
            return order, link.current_period_end or datetime.min.replace(tzinfo=UTC)

        best = max(links, key=rank)
        return self.write(lambda tx: self._set_membership(tx, member_id, best))

    def _set_membership(self, tx: Tx, member_id: str, best: SubscriptionLink) -> bool:
        uow = tx.uow
        member = uow.members.get(member_id)
        if member is None or member.is_erased:
            return False
        updated = replace(member, paid_membership=best.plan_id, paid_membership_status=best.status,
                          paid_membership_until=best.current_period_end or member.paid_membership_until)
        if updated == member:
            return False
        uow.members.update(updated)
        uow.audit.add(action="membership.status", at=tx.now, device_id=tx.ctx.device_id, subject=member_id,
                      details={"plan": best.plan_id, "status": best.status,
                               "subscription": best.subscription_id,
                               "until": best.current_period_end.isoformat() if best.current_period_end else None})
        return True


class PaymentPull:
    """Member payments since the saved cursor, applied to the ledger through OnlineEarnService."""

    def __init__(self, *, uow_factory: UnitOfWorkFactory, clock: Clock, store: SyncStore, calls: GatewayCalls,
                 online_earn: OnlineEarnService, memberships: MembershipStatusPull) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.store = store
        self.calls = calls
        self.online_earn = online_earn
        self.memberships = memberships

    def run(self, report: SyncReport) -> None:
        """Read every payment event after the cursor (or list payments, when the events are too old)."""
        gateway = self.calls.gateway
        assert gateway is not None
        now = self.clock.now()
        cursor = self.store.get_state("event_cursor") or None
        pulled_at = self.store.get_state("event_pulled_at")
        last_pull = datetime.fromisoformat(pulled_at) if pulled_at else None
        if last_pull is not None and now - last_pull > EVENT_MEMORY:
            self._pull_by_listing(last_pull - FALLBACK_OVERLAP, report)
            return
        while True:
            try:
                page = self.calls.call(partial(gateway.list_payment_events, after_event_id=cursor, limit=100))
            except EventCursorExpired:
                since = last_pull or (now - timedelta(days=30))
                self._pull_by_listing(since - FALLBACK_OVERLAP, report)
                return
            except (TransientGatewayError, PermanentGatewayError) as error:
                report.error = describe(error)
                return
            self._apply_payments(page.payments, report)
            cursor = page.cursor
            self.store.set_state({"event_cursor": cursor or "", "event_pulled_at": now.isoformat()})
            if not page.has_more:
                return

    def _pull_by_listing(self, since: datetime, report: SyncReport) -> None:
        """More than 30 days offline: Stripe no longer lists those events, so list paid objects instead."""
        gateway = self.calls.gateway
        assert gateway is not None
        now = self.clock.now()
        created_gte = int(since.timestamp())
        try:
            # The newest event first: anything paid while we list is then read as an event next time.
            marker = self.calls.call(lambda: gateway.latest_event_id())
            invoices = self.calls.call(lambda: gateway.list_paid_invoices(created_gte=created_gte))
            intents = self.calls.call(lambda: gateway.list_succeeded_payment_intents(created_gte=created_gte))
        except (TransientGatewayError, PermanentGatewayError) as error:
            report.error = describe(error)
            return
        payments = sorted([*invoices, *intents], key=lambda p: (p.created, p.object_id))
        self._apply_payments(payments, report)
        self.store.set_state({"event_cursor": marker or "", "event_pulled_at": now.isoformat()})
        report.note = Message("sync.caught_up_by_listing", {"since": since.date()})

    def _apply_payments(self, payments: Sequence[MemberPayment], report: SyncReport) -> None:
        membership_invoices: list[tuple[str, str]] = []
        for payment in payments:
            member_id = self._member_of(payment)
            if member_id is None:
                continue
            if payment.kind == "payment_intent" and payment.invoice_id:
                continue  # the invoice it paid is counted instead, once
            report.payments += 1
            applied = payment.balance_applied if payment.kind == "invoice" else None
            if applied is not None and applied.minor:
                use = self.online_earn.record_credit_applied(member_id=member_id, invoice_id=payment.object_id,
                                                             applied=applied)
                if not use.replayed:
                    report.credit_used_minor += use.amount_minor
            if payment.subscription_id and self.memberships.is_membership_subscription(payment.subscription_id):
                # A membership fee buys the perks, not points; the renewal refreshes the membership instead.
                membership_invoices.append((payment.subscription_id, member_id))
                continue
            earned = self.online_earn.record_payment(member_id=member_id, payment_ref=payment.object_id,
                                                     amount=payment.amount, event_id=payment.event_id)
            if not earned.replayed:
                report.points_awarded += earned.points
        if membership_invoices:
            try:
                report.memberships_updated += self.memberships.refresh(
                    force=False, subscription_ids=[s for s, _ in membership_invoices])
            except (TransientGatewayError, PermanentGatewayError) as error:
                report.error = describe(error)

    def _member_of(self, payment: MemberPayment) -> str | None:
        linked = self.store.member_for_customer(payment.customer_id)
        if linked is not None:
            return linked
        if payment.member_id:
            with self.uow_factory(readonly=True) as uow:
                member = uow.members.get(payment.member_id)
            return member.id if member is not None and not member.is_erased else None
        return None


__all__ = ["EVENT_MEMORY", "FALLBACK_OVERLAP", "MembershipStatusPull", "PaymentPull"]
