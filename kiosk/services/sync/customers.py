"""A member's Stripe customer: the snapshot the ledger gives of them, the idempotency key that names it, and
the upsert that links customer and member in the sync store.

The push sends snapshots through it, and joining a paid membership makes the customer first through it, so
both create a customer the same way and never two for one member.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from kiosk.domain.errors import NotFound
from kiosk.services.common import member_state
from kiosk.services.context import ShopContext
from kiosk.services.ports.clock import Clock
from kiosk.services.ports.stripe import MemberContact, MemberSnapshot
from kiosk.services.ports.sync_store import SyncStore
from kiosk.services.ports.uow import UnitOfWork, UnitOfWorkFactory
from kiosk.services.sync.calls import GatewayCalls
from kiosk.services.usecase import LiveContext, live

# Stripe may prune idempotency keys once they are 24 hours old; look first a little before that.
KEY_MEMORY = timedelta(hours=23)


class Customers:
    """Snapshots of members and the Stripe customers that hold them."""

    def __init__(self, *, uow_factory: UnitOfWorkFactory, clock: Clock, ctx: ShopContext | LiveContext,
                 store: SyncStore, calls: GatewayCalls) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.live = live(ctx)
        self.store = store
        self.calls = calls

    @property
    def ctx(self) -> ShopContext:
        return self.live.current

    def snapshot(self, uow: UnitOfWork, member_id: str) -> MemberSnapshot | None:
        """The member as the ledger sees it now (None when erased or unknown)."""
        member = uow.members.get(member_id)
        if member is None or member.is_erased:
            return None
        now = self.clock.now()
        state = member_state(uow, self.ctx, member, now)
        contact = None
        if member.consent_version:  # consent to the privacy notice covers sharing these with our processor
            contact = MemberContact(name=member.name, email=member.email, phone=member.phone)
        return MemberSnapshot(member_id=member.id, ledger_version=uow.ledger.count_for_member(member.id),
                              tier=state.tier.name if state.tier else "", points_balance=state.points,
                              stamps=sum(state.stamps.values()), contact=contact)

    @staticmethod
    def snapshot_key(snapshot: MemberSnapshot) -> str:
        # The same version can be computed with a different tier or contact later: the key names the content,
        # so a changed body never reuses a key (Stripe would refuse it) and a replay is always the same body.
        body = json.dumps([snapshot.tier, snapshot.points_balance, snapshot.stamps,
                           None if snapshot.contact is None else list(vars(snapshot.contact).values())])
        digest = hashlib.sha256(body.encode()).hexdigest()[:12]
        return f"kiosk:snap:{snapshot.member_id}:{snapshot.ledger_version}:{digest}"

    def upsert(self, snapshot: MemberSnapshot, *, key_may_have_expired: bool = False) -> str:
        """Send the snapshot (Stripe keeps the newer of its own and this one); returns the customer id.

        A member without a customer yet is created under the per-member create key, without searching first:
        search is the fallback for when that key may be forgotten, i.e. a create for this member first left
        more than KEY_MEMORY ago (recorded in the store), or the caller knows an older attempt
        (`key_may_have_expired`, e.g. outbox rows first sent that long ago).
        """
        gateway = self.calls.gateway
        assert gateway is not None
        known = self.store.customer_id(snapshot.member_id)
        search_first = False
        if known is None:
            now = self.clock.now()
            first = self.store.first_create_attempt(snapshot.member_id, at=now)
            search_first = key_may_have_expired or now - first > KEY_MEMORY
        result = self.calls.call(lambda: gateway.upsert_customer(
            snapshot, idempotency_key=self.snapshot_key(snapshot), customer_id=known, search_first=search_first))
        self.store.link_customer(snapshot.member_id, result.customer_id,
                                 ledger_version=max(result.remote_ledger_version, snapshot.ledger_version),
                                 at=self.clock.now())
        return result.customer_id

    def ensure(self, member_id: str, *, key_may_have_expired: bool = False) -> str:
        """The member's Stripe customer id, creating the customer (with a current snapshot) if needed."""
        known = self.store.customer_id(member_id)
        if known is not None:
            return known
        with self.uow_factory(readonly=True) as uow:
            snapshot = self.snapshot(uow, member_id)
        if snapshot is None:
            raise NotFound("member.not_found")
        return self.upsert(snapshot, key_may_have_expired=key_may_have_expired)


__all__ = ["KEY_MEMORY", "Customers"]
