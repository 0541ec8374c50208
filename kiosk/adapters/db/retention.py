"""The retention pass's deletes on the shop database, in short batches so a sale never waits long behind them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import DatabaseError

from . import tables as t
from .tables_sync import stripe_outbox_sends
from .uow import is_storage_failure, storage_error

SETTLED = ("done", "elsewhere")  # outbox statuses nothing sends again: Stripe has it, or another device sends it


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)


class SqlRetention:
    """kiosk.services.ports.retention.RetentionStore on an Engine; each batch is its own short transaction."""

    def __init__(self, engine: Engine, *, batch: int = 1000) -> None:
        self.engine = engine
        self.batch = batch

    @staticmethod
    def _guarded(run: Callable[[], int]) -> int:
        try:
            return run()
        except DatabaseError as exc:  # a busy or failing disk: a StorageError the pass logs and retries tomorrow
            if not is_storage_failure(exc):
                raise
            raise storage_error(exc) from exc

    def prune_commands(self, *, kind: str, before: datetime) -> int:
        return self._guarded(lambda: self._prune_commands(kind, before))

    def prune_sent_outbox(self, *, before: datetime) -> int:
        return self._guarded(lambda: self._prune_sent_outbox(before))

    def _prune_commands(self, kind: str, before: datetime) -> int:
        c = t.processed_commands
        pruned, last = 0, ""
        while True:
            with self.engine.begin() as conn:
                # keyset on the primary key: each batch goes on where the last stopped instead of scanning again
                ids = list(conn.execute(
                    select(c.c.id).where(c.c.id > last, c.c.kind == kind, c.c.created_at < _utc(before))
                    .order_by(c.c.id).limit(self.batch)).scalars())
                if not ids:
                    return pruned
                conn.execute(delete(c).where(c.c.id.in_(ids)))
            pruned += len(ids)
            last = ids[-1]

    def _prune_sent_outbox(self, before: datetime) -> int:
        o = t.outbox
        pruned = 0
        while True:
            with self.engine.begin() as conn:
                newest = conn.execute(select(func.max(o.c.seq))).scalar()
                if newest is None:
                    return pruned
                # A done row's time is when Stripe took it; a row handed over was made before that hand-over.
                settled = ((o.c.status == "done") & (func.coalesce(o.c.done_at, o.c.created_at) < _utc(before))) | (
                    (o.c.status == "elsewhere") & (o.c.created_at < _utc(before)))
                seqs = list(conn.execute(select(o.c.seq).where(o.c.seq < newest, settled)
                                         .order_by(o.c.seq).limit(self.batch)).scalars())
                if not seqs:
                    return pruned
                conn.execute(delete(o).where(o.c.seq.in_(seqs)))
                conn.execute(delete(stripe_outbox_sends).where(stripe_outbox_sends.c.outbox_seq.in_(seqs)))
            pruned += len(seqs)


__all__ = ["SETTLED", "SqlRetention"]
