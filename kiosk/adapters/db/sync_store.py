"""SQL for the Stripe sync worker: claiming due outbox rows, recording outcomes, Stripe ids, cursors, a lease."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, bindparam, func, insert, select, update
from sqlalchemy.engine import Connection

from kiosk.domain.serialization import from_stored, stored
from kiosk.domain.text import Phrase
from kiosk.services.ports.sync_store import (
    CheckoutLink,
    OutboxItem,
    OutboxOutcome,
    ReviewItem,
    SubscriptionLink,
)

from . import tables as t
from . import tables_sync as ts
from .repositories.common import upsert
from .repositories.outbox import payload_from_json

LEASE_KEY = "sync:lease"
CREATE_KEY_PREFIX = "sync:customer_create:"  # + member id: when a create for their customer first left
_TERMINAL_SUBSCRIPTIONS = ("canceled", "incomplete_expired")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True


class SqlSyncStore:
    """SyncStore on the shop database (see kiosk.services.ports.sync_store.SyncStore). Each call is one transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn = conn.execution_options(kiosk_readonly=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    # ------------------------------------------------------------------ outbox

    def due(self, *, now: datetime, limit: int, topics: Sequence[str] | None = None) -> list[OutboxItem]:
        o, sends, entries = t.outbox, ts.stripe_outbox_sends, t.ledger_entries
        query = (select(o.c.seq, o.c.id, o.c.topic, o.c.member_id, o.c.entry_id, o.c.payload_json,
                        o.c.idempotency_key, o.c.attempts, o.c.created_at, sends.c.first_sent_at,
                        entries.c.command_id)
                 .select_from(o.outerjoin(sends, sends.c.outbox_seq == o.c.seq)
                              .outerjoin(entries, entries.c.id == o.c.entry_id))
                 .where(o.c.status == "pending", (o.c.next_attempt_at.is_(None)) | (o.c.next_attempt_at <= now))
                 .order_by(o.c.seq).limit(limit))
        if topics is not None:
            query = query.where(o.c.topic.in_(list(topics)))
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [OutboxItem(seq=r.seq, id=r.id, topic=r.topic, member_id=r.member_id, entry_id=r.entry_id,
                           payload=payload_from_json(r.payload_json, member_id=r.member_id, entry_id=r.entry_id),
                           idempotency_key=r.idempotency_key,
                           attempts=r.attempts, created_at=r.created_at, first_sent_at=r.first_sent_at,
                           entry_command_id=r.command_id) for r in rows]

    def mark_sent(self, seqs: Sequence[int], *, at: datetime) -> None:
        if not seqs:
            return
        with self._write() as conn:
            known = set(conn.execute(select(ts.stripe_outbox_sends.c.outbox_seq)
                                     .where(ts.stripe_outbox_sends.c.outbox_seq.in_(list(seqs)))).scalars())
            fresh = [{"outbox_seq": s, "first_sent_at": at} for s in seqs if s not in known]
            if fresh:
                conn.execute(insert(ts.stripe_outbox_sends), fresh)

    def finish(self, outcomes: Sequence[OutboxOutcome], *, at: datetime) -> None:
        if not outcomes:
            return
        o = t.outbox
        rows = [{"b_seq": x.seq, "b_status": "pending" if x.status == "retry" else x.status,
                 "b_done_at": at if x.status == "done" else None, "b_remote_id": x.remote_id,
                 "b_error": _error_text(x.error) if x.error else None, "b_next": x.next_attempt_at} for x in outcomes]
        stmt = (update(o).where(o.c.seq == bindparam("b_seq"))
                .values(status=bindparam("b_status"), done_at=bindparam("b_done_at"),
                        remote_id=bindparam("b_remote_id"), last_error=bindparam("b_error"),
                        next_attempt_at=bindparam("b_next"), attempts=o.c.attempts + 1))
        with self._write() as conn:
            conn.execute(stmt, rows)

    def pending_seqs(self, topic: str, member_ids: Sequence[str]) -> dict[str, list[int]]:
        o = t.outbox
        found: dict[str, list[int]] = {}
        with self._read() as conn:
            for start in range(0, len(member_ids), 500):  # SQLite caps bound parameters
                chunk = list(member_ids[start:start + 500])
                for seq, member_id in conn.execute(select(o.c.seq, o.c.member_id).where(
                        o.c.status == "pending", o.c.topic == topic, o.c.member_id.in_(chunk))):
                    found.setdefault(member_id, []).append(seq)
        return found

    def waiting_count(self) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(t.outbox)
                                    .where(t.outbox.c.status == "pending")).scalar_one())

    @staticmethod
    def _review_item(r: Any) -> ReviewItem:
        return ReviewItem(outbox_id=r.id, seq=r.seq, topic=r.topic, member_id=r.member_id, entry_id=r.entry_id,
                          created_at=r.created_at, attempts=r.attempts, last_error=from_stored(r.last_error or ""))

    def review_items(self, *, limit: int | None = None) -> list[ReviewItem]:
        o = t.outbox
        query = select(o).where(o.c.status == "review").order_by(o.c.seq)
        if limit is not None:
            query = query.limit(limit)
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [self._review_item(r) for r in rows]

    def review_count(self) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(t.outbox)
                                    .where(t.outbox.c.status == "review")).scalar_one())

    def retry(self, outbox_ref: str) -> ReviewItem | None:
        o = t.outbox
        ref = outbox_ref.strip()
        where = o.c.seq == int(ref) if ref.isdigit() else o.c.id == ref
        with self._write() as conn:
            row = conn.execute(select(o).where(where, o.c.status == "review")).first()
            if row is None:
                return None
            # A fresh start: the manager fixed the cause, so the backoff and the 24-hour key rule start over too.
            conn.execute(update(o).where(o.c.seq == row.seq)
                         .values(status="pending", next_attempt_at=None, attempts=0))
            return self._review_item(row)

    def retry_all(self) -> int:
        o = t.outbox
        with self._write() as conn:
            result = conn.execute(update(o).where(o.c.status == "review")
                                  .values(status="pending", next_attempt_at=None, attempts=0))
            return int(result.rowcount or 0)

    # ------------------------------------------------------------------ customers

    def customer_id(self, member_id: str) -> str | None:
        with self._read() as conn:
            return conn.execute(select(ts.stripe_customers.c.customer_id)
                                .where(ts.stripe_customers.c.member_id == member_id)).scalar()

    def member_for_customer(self, customer_id: str) -> str | None:
        with self._read() as conn:
            return conn.execute(select(ts.stripe_customers.c.member_id)
                                .where(ts.stripe_customers.c.customer_id == customer_id)).scalar()

    def first_create_attempt(self, member_id: str, *, at: datetime) -> datetime:
        # In kv rather than a table of its own: one row per member between a first create and its link, gone
        # once linked, and no migration for it.
        key = f"{CREATE_KEY_PREFIX}{member_id}"
        with self._write() as conn:
            raw = conn.execute(select(t.kv.c.value).where(t.kv.c.key == key)).scalar()
            if raw:
                try:
                    return datetime.fromisoformat(raw)
                except ValueError:
                    pass
            upsert(conn, t.kv, dict(key=key, value=at.isoformat()), ["key"],
                   lambda stmt: {"value": stmt.excluded.value})
            return at

    def link_customer(self, member_id: str, customer_id: str, *, ledger_version: int, at: datetime) -> None:
        c = ts.stripe_customers
        with self._write() as conn:
            conn.execute(t.kv.delete().where(t.kv.c.key == f"{CREATE_KEY_PREFIX}{member_id}"))
            # Another member row pointing at this customer can only be a stale link (a customer deleted on
            # erasure and an id reused never happens in Stripe, but never let a unique clash stop the sync).
            conn.execute(c.delete().where(c.c.customer_id == customer_id, c.c.member_id != member_id))
            upsert(conn, c, dict(member_id=member_id, customer_id=customer_id, ledger_version=ledger_version,
                                 updated_at=at), ["member_id"],
                   lambda stmt: {"customer_id": stmt.excluded.customer_id,
                                 "ledger_version": func.max(c.c.ledger_version, stmt.excluded.ledger_version)
                                 if conn.dialect.name == "sqlite"
                                 else func.greatest(c.c.ledger_version, stmt.excluded.ledger_version),
                                 "updated_at": stmt.excluded.updated_at})

    def unlink_customer(self, member_id: str) -> None:
        with self._write() as conn:
            conn.execute(ts.stripe_customers.delete().where(ts.stripe_customers.c.member_id == member_id))

    # ------------------------------------------------------------------ state (cursors, last success...)

    def get_state(self, key: str) -> str | None:
        with self._read() as conn:
            return conn.execute(select(t.kv.c.value).where(t.kv.c.key == f"sync:{key}")).scalar()

    def set_state(self, values: dict[str, str]) -> None:
        with self._write() as conn:
            for key, value in values.items():
                upsert(conn, t.kv, dict(key=f"sync:{key}", value=value), ["key"],
                       lambda stmt: {"value": stmt.excluded.value})

    # ------------------------------------------------------------------ membership checkouts and subscriptions

    @staticmethod
    def _checkout(r: Any) -> CheckoutLink:
        return CheckoutLink(session_id=r.session_id, member_id=r.member_id, plan_id=r.plan_id, url=r.url,
                            status=r.status, created_at=r.created_at, expires_at=r.expires_at)

    def add_checkout(self, link: CheckoutLink) -> None:
        c = ts.stripe_checkouts
        with self._write() as conn:
            upsert(conn, c, dict(session_id=link.session_id, member_id=link.member_id, plan_id=link.plan_id,
                                 url=link.url, status=link.status, created_at=link.created_at,
                                 expires_at=link.expires_at), ["session_id"],
                   lambda stmt: {"status": stmt.excluded.status, "url": stmt.excluded.url})

    def open_checkout(self, member_id: str, plan_id: str, *, now: datetime) -> CheckoutLink | None:
        c = ts.stripe_checkouts
        # A QR code shown now must stay payable while the member fumbles for a card: keep 10 minutes spare.
        with self._read() as conn:
            row = conn.execute(select(c).where(c.c.member_id == member_id, c.c.plan_id == plan_id,
                                               c.c.status == "open", c.c.expires_at > now + timedelta(minutes=10))
                               .order_by(c.c.created_at.desc()).limit(1)).first()
        return self._checkout(row) if row else None

    def open_checkouts(self, *, now: datetime) -> list[CheckoutLink]:
        c = ts.stripe_checkouts
        # Expired ones are still asked once: a member may have paid in the last minute before expiry.
        with self._read() as conn:
            rows = conn.execute(select(c).where(c.c.status == "open",
                                                c.c.expires_at > now - timedelta(days=2))
                                .order_by(c.c.created_at)).all()
        return [self._checkout(r) for r in rows]

    def close_checkout(self, session_id: str, status: str) -> None:
        with self._write() as conn:
            conn.execute(update(ts.stripe_checkouts).where(ts.stripe_checkouts.c.session_id == session_id)
                         .values(status=status, url=None))

    @staticmethod
    def _subscription(r: Any) -> SubscriptionLink:
        return SubscriptionLink(subscription_id=r.subscription_id, member_id=r.member_id, plan_id=r.plan_id,
                                status=r.status, current_period_end=r.current_period_end, checked_at=r.checked_at)

    def upsert_subscription(self, link: SubscriptionLink) -> None:
        s = ts.stripe_subscriptions
        with self._write() as conn:
            upsert(conn, s, dict(subscription_id=link.subscription_id, member_id=link.member_id,
                                 plan_id=link.plan_id, status=link.status,
                                 current_period_end=link.current_period_end, checked_at=link.checked_at),
                   ["subscription_id"],
                   lambda stmt: {"status": stmt.excluded.status, "plan_id": stmt.excluded.plan_id,
                                 "current_period_end": stmt.excluded.current_period_end,
                                 "checked_at": stmt.excluded.checked_at})

    def subscriptions(self, *, member_id: str | None = None, live_only: bool = False) -> list[SubscriptionLink]:
        s = ts.stripe_subscriptions
        query = select(s).order_by(s.c.member_id, s.c.subscription_id)
        if member_id is not None:
            query = query.where(s.c.member_id == member_id)
        if live_only:
            query = query.where(s.c.status.not_in(_TERMINAL_SUBSCRIPTIONS))
        with self._read() as conn:
            return [self._subscription(r) for r in conn.execute(query).all()]

    def subscription(self, subscription_id: str) -> SubscriptionLink | None:
        s = ts.stripe_subscriptions
        with self._read() as conn:
            row = conn.execute(select(s).where(s.c.subscription_id == subscription_id)).first()
        return self._subscription(row) if row else None

    # ------------------------------------------------------------------ the one-worker lease

    def acquire_lease(self, owner: str, *, now: datetime, ttl_seconds: float) -> bool:
        with self._write() as conn:
            raw = conn.execute(select(t.kv.c.value).where(t.kv.c.key == LEASE_KEY)).scalar()
            if raw:
                held = json.loads(raw)
                holder, until = held.get("owner", ""), datetime.fromisoformat(held["until"])
                if holder != owner and until > now and not _holder_gone(holder):
                    return False
            value = json.dumps({"owner": owner, "until": (now + timedelta(seconds=ttl_seconds)).isoformat()})
            upsert(conn, t.kv, dict(key=LEASE_KEY, value=value), ["key"], lambda stmt: {"value": stmt.excluded.value})
            return True

    def release_lease(self, owner: str) -> None:
        with self._write() as conn:
            raw = conn.execute(select(t.kv.c.value).where(t.kv.c.key == LEASE_KEY)).scalar()
            if raw and json.loads(raw).get("owner") == owner:
                conn.execute(t.kv.delete().where(t.kv.c.key == LEASE_KEY))


def lease_owner() -> str:
    """host:pid:random — a holder on this host whose process has died can be replaced at once."""
    return f"{socket.gethostname()}:{os.getpid()}:{os.urandom(4).hex()}"


def _holder_gone(holder: str) -> bool:
    host, _, rest = holder.partition(":")
    pid_text = rest.split(":", 1)[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False  # another machine's worker: wait for its lease to run out
    return not _pid_alive(int(pid_text))


__all__ = ["SqlSyncStore", "lease_owner"]


def _error_text(error: Phrase | str) -> str:
    """What `last_error` keeps: the phrase as stored, at most 4,000 characters. A long one is not cut in the
    middle of its JSON (it would read back as that JSON): its text values are shortened instead."""
    text = stored(error)
    if len(text) <= 4000:
        return text
    if isinstance(error, str):
        return text[:4000]
    return stored(Phrase(error.code, {name: value[:500] if isinstance(value, str) else value
                                      for name, value in error.params.items()}))[:4000]
