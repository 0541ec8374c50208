"""The print queue on the `print_jobs` table (SQLAlchemy Core); claims are atomic across processes."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, overload

from sqlalchemy import Engine, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from kiosk.adapters.db.print_lanes import PrinterLanes
from kiosk.adapters.db.retention import as_utc as _utc
from kiosk.adapters.db.retention import prune_by_seq
from kiosk.adapters.db.tables import print_jobs, receipt_where, refunds, sales
from kiosk.domain.documents import DRAWER_KICK
from kiosk.domain.errors import StorageError
from kiosk.domain.serialization import from_stored, stored
from kiosk.domain.text import Phrase
from kiosk.services.ports.printing import PrintJob
from kiosk.services.printing import DISMISSED, HELD, PENDING_STATUSES, PRINTED, QUEUED, SENDING, UNPRINTED

log = logging.getLogger(__name__)


@overload
def _aware(value: datetime) -> datetime: ...
@overload
def _aware(value: None) -> None: ...
def _aware(value: datetime | None) -> datetime | None:
    """SQLite hands datetimes back naive; everything in this table is written in UTC."""
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


# The sale receipts the retention deletes (kiosk.services.retention): printed, declined (kept for a reprint
# until then) or dismissed. A reprint after it makes the receipt again from the sale (kiosk.services.receipt_copies).
PRUNABLE_STATUSES = (PRINTED, DISMISSED, UNPRINTED)


# `last_error` keeps a message as its code and values (serialization.stored), said when read in the reader's language.
# Versions before that wrote an English sentence there: it reads back as that sentence, shown as it is.
AS_WRITTEN = "print_job.as_written"


def _note(text: str | None) -> Phrase | None:
    if not text:
        return None
    note = from_stored(text)
    return note if isinstance(note, Phrase) else Phrase(AS_WRITTEN, {"text": note})


def _job(row: Any) -> PrintJob:
    return PrintJob(
        id=row.id, seq=row.seq, printer=row.printer, kind=row.kind, source_id=row.source_id,
        document_json=row.document_json, status=row.status, attempts=row.attempts,
        created_at=_aware(row.created_at),
        next_attempt_at=_aware(row.next_attempt_at), last_error=_note(row.last_error),
        printed_at=_aware(row.printed_at), copy_of=row.copy_of,
    )


class SqlPrintQueue:
    """kiosk.services.printing.PrintQueue on an Engine; each call is one short transaction."""

    def __init__(self, engine: Engine, *, device_id: str) -> None:
        self.engine = engine
        self.device_id = device_id
        database = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
        self.lanes = PrinterLanes(Path(database) if database and database != ":memory:" else None,
                                  key=str(engine.url))

    @contextmanager
    def lane(self, printer: str, *, wait_s: float = 0.0) -> Iterator[bool]:
        with self.lanes.hold(printer, wait_s=wait_s) as mine:
            yield mine

    def _storage(self, exc: OperationalError) -> StorageError:
        log.warning("print queue storage failed: %s", exc.orig)  # the driver's words are for the log
        return StorageError("printer.storage_error")

    def enqueue(self, *, job_id: str, printer: str, kind: str, source_id: str | None, document_json: str,
                now: datetime, copy_of: str | None = None) -> PrintJob:
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(print_jobs).values(
                    id=job_id, created_at=_utc(now), device_id=self.device_id, printer=printer, kind=kind,
                    source_id=source_id, document_json=document_json, status=QUEUED, attempts=0,
                    next_attempt_at=None, copy_of=copy_of,
                ))
        except IntegrityError:
            pass  # the same job id again (a retried command): the first job stands
        except OperationalError as exc:
            raise self._storage(exc) from exc
        job = self.get(job_id)
        assert job is not None
        return job

    def claim_next(self, *, printer: str, now: datetime) -> PrintJob | None:
        now = _utc(now)
        for _ in range(5):  # another process may win the race for a job; then look at the next head
            try:
                with self.engine.begin() as conn:
                    head = conn.execute(
                        select(print_jobs).where(print_jobs.c.status == QUEUED, print_jobs.c.printer == printer)
                        .order_by(print_jobs.c.seq).limit(1)
                    ).first()
                    if head is None:
                        return None
                    due = _aware(head.next_attempt_at)
                    if due is not None and due > now:
                        return None  # the oldest waits for its retry, and later receipts must not overtake it
                    claimed = conn.execute(
                        update(print_jobs)
                        .where(print_jobs.c.id == head.id, print_jobs.c.status == QUEUED)
                        .values(status=SENDING, attempts=print_jobs.c.attempts + 1)
                    ).rowcount
                    if claimed == 1:
                        row = conn.execute(select(print_jobs).where(print_jobs.c.id == head.id)).one()
                        return _job(row)
            except OperationalError as exc:
                raise self._storage(exc) from exc
        return None

    def _set(self, job_id: str, *, only_from: tuple[str, ...], **values: Any) -> int:
        try:
            with self.engine.begin() as conn:
                return conn.execute(
                    update(print_jobs).where(print_jobs.c.id == job_id, print_jobs.c.status.in_(only_from))
                    .values(**values)
                ).rowcount
        except OperationalError as exc:
            raise self._storage(exc) from exc

    def mark_printed(self, job_id: str, *, now: datetime, note: Phrase | None = None) -> None:
        self._set(job_id, only_from=(SENDING,), status=PRINTED, printed_at=_utc(now),
                  last_error=stored(note) if note is not None else None, next_attempt_at=None)

    def drop_waiting(self, *, printer: str, keep: int, before: datetime, note: Phrase) -> int:
        waiting = (print_jobs.c.status == QUEUED) & (print_jobs.c.printer == printer)
        try:
            with self.engine.begin() as conn:
                newest = select(print_jobs.c.seq).where(waiting).order_by(print_jobs.c.seq.desc()).limit(keep)
                return conn.execute(
                    update(print_jobs).where(waiting & (print_jobs.c.seq.not_in(newest.scalar_subquery())
                                                        | (print_jobs.c.created_at < _utc(before))))
                    .values(status=DISMISSED, last_error=stored(note), next_attempt_at=None)
                ).rowcount
        except OperationalError as exc:
            raise self._storage(exc) from exc

    def skip(self, job_id: str, *, note: Phrase) -> None:
        self._set(job_id, only_from=(SENDING,), status=DISMISSED, last_error=stored(note), next_attempt_at=None)

    def mark_failed(self, job_id: str, *, error: Phrase, retry_at: datetime) -> None:
        self._set(job_id, only_from=(SENDING,), status=QUEUED, last_error=stored(error),
                  next_attempt_at=_utc(retry_at))

    def hold(self, job_id: str, *, error: Phrase) -> None:
        self._set(job_id, only_from=(SENDING,), status=HELD, last_error=stored(error), next_attempt_at=None)

    def requeue_uncertain_on_start(self, *, now: datetime, printer: str | None = None) -> int:
        where = print_jobs.c.status == SENDING
        if printer is not None:
            where = where & (print_jobs.c.printer == printer)
        try:
            with self.engine.connect() as conn:  # a read first: a lane looks every pass, and mostly finds none
                if conn.execute(select(print_jobs.c.seq).where(where).limit(1)).first() is None:
                    return 0
            with self.engine.begin() as conn:
                return conn.execute(
                    update(print_jobs).where(where).values(
                        status=HELD,
                        last_error=stored(Phrase("print_job.interrupted")),
                    )
                ).rowcount
        except OperationalError as exc:
            raise self._storage(exc) from exc

    def sending_printers(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.execute(
                select(print_jobs.c.printer).where(print_jobs.c.status == SENDING).distinct()
            ).scalars())

    def dismiss(self, job_id: str, *, note: Phrase) -> None:
        self._set(job_id, only_from=(HELD, QUEUED, UNPRINTED), status=DISMISSED, last_error=stored(note),
                  next_attempt_at=None)

    def prune_sale_receipts(self, *, before: datetime, batch: int = 500) -> int:
        """Delete the sale receipts made before `before` that were printed, declined or dismissed; a reprint makes
        them again from their sale. The newest job stays whatever it is, so a job's seq is never given again."""
        try:
            return prune_by_seq(self.engine, print_jobs, (print_jobs.c.kind == "sale_receipt")
                                & print_jobs.c.status.in_(PRUNABLE_STATUSES)
                                & (print_jobs.c.created_at < _utc(before)) & print_jobs.c.source_id.is_not(None),
                                batch=batch)
        except OperationalError as exc:
            raise self._storage(exc) from exc

    def prune_drawer_kicks(self, *, before: datetime, batch: int = 500) -> int:
        """Delete the drawer openings sent (or dismissed) before `before`: never reprinted nor found, nothing
        reads them after. The newest job stays whatever it is, so a job's seq is never given again."""
        try:
            return prune_by_seq(self.engine, print_jobs, (print_jobs.c.kind == DRAWER_KICK)
                                & print_jobs.c.status.in_((PRINTED, DISMISSED))
                                & (print_jobs.c.created_at < _utc(before)), batch=batch)
        except OperationalError as exc:
            raise self._storage(exc) from exc

    def get(self, job_id: str) -> PrintJob | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(print_jobs).where(print_jobs.c.id == job_id)).first()
            return _job(row) if row is not None else None

    def find(self, reference: str) -> PrintJob | None:
        reference = reference.strip()
        if not reference:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(select(print_jobs).where(print_jobs.c.id == reference)).first()
            if row is not None:
                return _job(row)
            source_ids = [reference]
            for table in (sales, refunds):
                try:
                    found = conn.execute(select(table.c.id).where(receipt_where(table, reference))).scalar()
                except OperationalError:  # a queue-only database (tests, tools) without the sales tables
                    found = None
                if found is not None:
                    source_ids.append(found)
            # document_to_json writes sorted keys with ", " and ": " separators, so this text is exact.
            needle = f'%"receipt_no": "{reference}"%'
            row = conn.execute(
                select(print_jobs)
                .where(print_jobs.c.copy_of.is_(None), print_jobs.c.kind != DRAWER_KICK,
                       or_(print_jobs.c.source_id.in_(source_ids), print_jobs.c.document_json.like(needle)))
                .order_by(print_jobs.c.seq.desc()).limit(1)
            ).first()
            return _job(row) if row is not None else None

    def list_pending(self, *, limit: int = 100) -> list[PrintJob]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(print_jobs).where(print_jobs.c.status.in_(PENDING_STATUSES)).order_by(print_jobs.c.seq)
                .limit(limit)
            ).all()
        return [_job(row) for row in rows]

    def pending_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(
                select(func.count()).select_from(print_jobs).where(print_jobs.c.status.in_(PENDING_STATUSES))
            ).scalar_one())

    def last_printed(self, *, printer: str) -> PrintJob | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(print_jobs).where(print_jobs.c.printer == printer, print_jobs.c.status == PRINTED,
                                         print_jobs.c.kind != DRAWER_KICK)
                .order_by(print_jobs.c.printed_at.desc(), print_jobs.c.seq.desc()).limit(1)
            ).first()
            return _job(row) if row is not None else None


__all__ = ["SqlPrintQueue"]
