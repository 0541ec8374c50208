"""The retention pass's deletes on the shop database, in short batches so a sale never waits long behind them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DatabaseError

from . import tables as t
from .tables_sync import stripe_outbox_sends
from .uow import is_storage_failure, storage_error


def as_utc(value: datetime) -> datetime:
    return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)


def prune_by_seq(engine: Engine, table: Any, where: Any, *, batch: int,
                 then: Callable[[Connection, list[int]], object] | None = None) -> int:
    """Delete the rows of `table` that `where` picks, a batch of its `seq` per short transaction, and say how many;
    `then` deletes what hangs on them in the same transaction. The newest row stays whatever it is, so that a
    seq (SQLite gives max + 1) is never given again."""
    removed = 0
    while True:
        with engine.begin() as conn:
            newest = conn.execute(select(func.max(table.c.seq))).scalar()
            if newest is None:
                return removed
            seqs = list(conn.execute(select(table.c.seq).where(table.c.seq < newest, where)
                                     .order_by(table.c.seq).limit(batch)).scalars())
            if not seqs:
                return removed
            conn.execute(delete(table).where(table.c.seq.in_(seqs)))
            if then is not None:
                then(conn, seqs)
        removed += len(seqs)


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
                    select(c.c.id).where(c.c.id > last, c.c.kind == kind, c.c.created_at < as_utc(before))
                    .order_by(c.c.id).limit(self.batch)).scalars())
                if not ids:
                    return pruned
                conn.execute(delete(c).where(c.c.id.in_(ids)))
            pruned += len(ids)
            last = ids[-1]

    def _prune_sent_outbox(self, before: datetime) -> int:
        o = t.outbox
        # A done row's time is when Stripe took it; a row handed over was made before that hand-over.
        settled = ((o.c.status == "done") & (func.coalesce(o.c.done_at, o.c.created_at) < as_utc(before))) | (
            (o.c.status == "elsewhere") & (o.c.created_at < as_utc(before)))
        return prune_by_seq(self.engine, o, settled, batch=self.batch, then=lambda conn, seqs: conn.execute(
            delete(stripe_outbox_sends).where(stripe_outbox_sends.c.outbox_seq.in_(seqs))))


__all__ = ["SqlRetention", "as_utc", "prune_by_seq"]
