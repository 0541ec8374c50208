"""The print queue on the `print_jobs` table (SQLAlchemy Core); claims are atomic across processes."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, overload

from sqlalchemy import Engine, func, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError

from kiosk.adapters.db.retention import as_utc as _utc
from kiosk.adapters.db.retention import prune_by_seq
from kiosk.adapters.db.tables import kv, print_jobs, refunds, sales
from kiosk.domain.documents import DRAWER_KICK
from kiosk.domain.errors import StorageError
from kiosk.domain.serialization import from_stored, stored
from kiosk.domain.text import Phrase
from kiosk.services.printing import (
    DISMISSED,
    HELD,
    PENDING_STATUSES,
    PRINTED,
    QUEUED,
    SENDING,
    UNPRINTED,
    PrintJob,
)

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


# A printed sale receipt older than the retention keeps only what its sale row cannot give back: the moment and
# cashier as printed, the change, the member's loyalty block then, and the shop header. Reading the job puts the
# whole document together again, so a reprint is the same receipt.
#
# Packed form (issue 15): a JSON array [2, shop, at, cashier, change, language, flags, loyalty] in which every word
# the shop repeats from receipt to receipt (the header, cashier and tier names, stamp card and bonus labels, the
# currency, the names of the values) is a number into the shop's word list: kv rows "receipt_word:<n>", each kept
# once, append-only (a number never changes what it names). A dict is [its keys' word, *values]; a word is "~<n>"
# (a text of the receipt's own that starts with "~" is written "~~..."); the member's name and code stay as they
# are, never in the shared list; `at` is the job's own moment as minutes east of UTC when that gives the very text
# printed; `flags` is 1 for a copy plus 2 when it opens the cash drawer (a receipt the customer declined does not).
# An older slimmed job ('{"pruned":1,...}', the header under "receipt_shop:<hash>") still reads.
PACKED = 2
PACKED_PREFIX = f"[{PACKED},"
PRUNED_PREFIX = '{"pruned":'
# a declined receipt (unprinted) is kept for a reprint as well: slimmed the same way
PRUNABLE_STATUSES = (PRINTED, DISMISSED, UNPRINTED)
COPY, OPENS_DRAWER = 1, 2
_SHOP_KEY = "receipt_shop:"
_WORD_KEY = "receipt_word:"
_WORDS_END = "receipt_word;"  # the key just after every "receipt_word:<n>": the list is one range of kv's key
_ZERO_IS_DEFAULT = {"points_earned", "points_spent", "points_balance"}
_OWN_TEXT = {"member_name", "member_code"}  # the member's: kept in the receipt itself, never in the shop's words


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def pruned_payload(document_json: str) -> tuple[str, str, str] | None:
    """(what the job keeps, the shop header's kv key, the header) for a sale receipt; None for anything else.

    The form slimmed jobs had before the packed one: tests build such jobs with it."""
    data = json.loads(document_json)
    if data.get("kind") != "sale_receipt":
        return None
    doc = data["document"]
    shop = _compact(doc["shop"])
    key = _SHOP_KEY + hashlib.sha256(shop.encode()).hexdigest()[:16]
    kept = {"pruned": 1, "shop": key, "at": doc["created_at"], "cashier": doc["cashier_name"],
            "change": doc.get("change"), "lang": doc.get("language", "th"), "loyalty": _without_defaults(doc),
            "copy": bool(doc.get("is_copy"))}
    # "pruned" first (not sorted): the prefix tells a slimmed job from a whole one without parsing it
    return json.dumps(kept, ensure_ascii=False, separators=(",", ":")), key, shop


def _without_defaults(doc: dict[str, Any]) -> dict[str, Any] | None:
    loyalty = doc.get("loyalty")
    if loyalty is None:  # the block's defaults are left out; decoding puts them back
        return None
    return {k: v for k, v in loyalty.items() if not (v is None or v == [] or (v == 0 and k in _ZERO_IS_DEFAULT))}


class ReceiptWords:
    """The shop's word list for packed receipts, read in the transaction that uses it (slimming writes take
    SQLite's write lock first, BEGIN IMMEDIATE, so two processes never give one number two words)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        rows = conn.execute(select(kv.c.key, kv.c.value).where(kv.c.key >= _WORD_KEY, kv.c.key < _WORDS_END))
        self.words: dict[int, Any] = {int(key[len(_WORD_KEY):]): json.loads(value) for key, value in rows}
        self.numbers = {_compact(word): n for n, word in self.words.items()}

    def number(self, word: str | list[str]) -> str:
        text = _compact(word)
        n = self.numbers.get(text)
        if n is None:
            n = max(self.words, default=-1) + 1
            self.conn.execute(insert(kv).values(key=f"{_WORD_KEY}{n}", value=text))
            self.words[n], self.numbers[text] = word, n
        return f"~{n}"

    def pack(self, value: Any, key: str | None = None) -> Any:
        if isinstance(value, dict):
            names = list(value)
            return [self.number(names), *(self.pack(value[name], name) for name in names)]
        if isinstance(value, list):
            return [self.pack(item, key) for item in value]
        if isinstance(value, str):
            if key in _OWN_TEXT:
                return "~" + value if value.startswith("~") else value
            return self.number(value)
        return value

    def unpack(self, value: Any) -> Any:
        if isinstance(value, str):
            if not value.startswith("~"):
                return value
            return value[1:] if value.startswith("~~") else self._word(value, str)
        if isinstance(value, list):
            head = value[0] if value else None
            if isinstance(head, str) and head[1:].isdigit() and head.startswith("~") \
                    and isinstance(self.words.get(int(head[1:])), list):
                return {name: self.unpack(item) for name, item in zip(self._word(head, list), value[1:], strict=True)}
            return [self.unpack(item) for item in value]
        return value

    def _word(self, ref: str, kind: type) -> Any:
        word = self.words.get(int(ref[1:])) if ref[1:].isdigit() else None
        if not isinstance(word, kind):
            raise StorageError("printer.receipt_gone", id=ref)
        return word


def packed_payload(document_json: str, created_at: datetime, words: ReceiptWords) -> str | None:
    """What a printed sale receipt keeps once past the retention, packed; None for anything else."""
    data = json.loads(document_json)
    if data.get("kind") != "sale_receipt":
        return None
    doc = data["document"]
    at: str | int = doc["created_at"]
    offset = datetime.fromisoformat(doc["created_at"]).utcoffset()
    if offset is not None and offset.seconds % 60 == 0 and _moment(created_at, offset // timedelta(minutes=1)) == at:
        at = offset // timedelta(minutes=1)
    kept = [PACKED, words.number(_compact(doc["shop"])), at, words.pack(doc["cashier_name"]),
            words.pack(doc.get("change")), words.pack(doc.get("language", "th")),
            (COPY if doc.get("is_copy") else 0) | (OPENS_DRAWER if doc.get("open_cash_drawer") else 0),
            words.pack(_without_defaults(doc))]
    return json.dumps(kept, ensure_ascii=False, separators=(",", ":"))


def _moment(created_at: datetime, minutes_east: int) -> str:
    return _utc(created_at).astimezone(timezone(timedelta(minutes=minutes_east))).isoformat()


def _kept(conn: Connection, row: Any) -> dict[str, Any]:
    """What a slimmed job kept, in the older form's names, whichever form it is in."""
    if row.document_json.startswith(PRUNED_PREFIX):
        kept: dict[str, Any] = json.loads(row.document_json)
        shop = conn.execute(select(kv.c.value).where(kv.c.key == kept["shop"])).scalar()
        if shop is None:
            raise StorageError("printer.receipt_gone", id=row.id)
        return {**kept, "shop": shop}
    words = ReceiptWords(conn)
    _, shop, at, cashier, change, lang, flags, loyalty = json.loads(row.document_json)
    return {"shop": words.unpack(shop), "at": _moment(row.created_at, at) if isinstance(at, int) else at,
            "cashier": words.unpack(cashier), "change": words.unpack(change), "lang": words.unpack(lang),
            "copy": bool(flags & COPY), "drawer": bool(flags & OPENS_DRAWER), "loyalty": words.unpack(loyalty)}


def _whole_document(conn: Connection, row: Any) -> str:
    """A slimmed receipt's document again, from its sale row, what the job kept and the shop's stored words."""
    kept = _kept(conn, row)
    sale = conn.execute(select(sales).where(sales.c.id == row.source_id)).first()
    if sale is None:
        raise StorageError("printer.receipt_gone", id=row.id)
    shop = kept["shop"]
    currency = sale.currency

    def money(minor: int) -> dict[str, Any]:
        return {"currency": currency, "minor": minor}

    lines = [{"name": ln["name"], "quantity": ln["quantity"], "sku": ln.get("sku"),
              "unit_price": money(ln["unit_minor"]), "total": money(ln["unit_minor"] * ln["quantity"])}
             for ln in json.loads(sale.lines_json)]
    payments = [{"method": sale.payment_method, "amount": money(sale.total_minor), "label": ""}]
    if sale.credit_paid_minor:
        payments.append({"method": "store_credit", "amount": money(sale.credit_paid_minor), "label": ""})
    document = {
        "shop": json.loads(shop), "receipt_no": sale.receipt_no, "created_at": kept["at"],
        "cashier_name": kept["cashier"], "lines": lines, "subtotal": money(sale.subtotal_minor),
        "total": money(sale.total_minor + sale.credit_paid_minor),
        "adjustments": [{"label": d["label"], "amount": money(-d["minor"])} for d in json.loads(sale.discounts_json)],
        "payments": payments, "change": kept["change"], "loyalty": kept["loyalty"], "language": kept["lang"],
        # the older slimmed form did not keep it (it slimmed printed receipts only): the sale row says it
        "open_cash_drawer": kept.get("drawer", sale.payment_method == "cash" and sale.total_minor > 0),
        "is_copy": kept["copy"],
    }
    return json.dumps({"kind": "sale_receipt", "document": document}, ensure_ascii=False, sort_keys=True)


# `last_error` keeps a message as its code and values (serialization.stored), said when read in the reader's language.
# Versions before that wrote an English sentence there: it reads back as that sentence, shown as it is.
AS_WRITTEN = "print_job.as_written"


def _note(text: str | None) -> Phrase | None:
    if not text:
        return None
    note = from_stored(text)
    return note if isinstance(note, Phrase) else Phrase(AS_WRITTEN, {"text": note})


def _job(row: Any, conn: Connection | None = None) -> PrintJob:
    document_json = row.document_json
    if conn is not None and document_json.startswith((PRUNED_PREFIX, PACKED_PREFIX)):
        document_json = _whole_document(conn, row)
    return PrintJob(
        id=row.id, seq=row.seq, printer=row.printer, kind=row.kind, source_id=row.source_id,
        document_json=document_json, status=row.status, attempts=row.attempts,
        created_at=_aware(row.created_at),
        next_attempt_at=_aware(row.next_attempt_at), last_error=_note(row.last_error),
        printed_at=_aware(row.printed_at), copy_of=row.copy_of,
    )


class SqlPrintQueue:
    """kiosk.services.printing.PrintQueue on an Engine; each call is one short transaction."""

    def __init__(self, engine: Engine, *, device_id: str) -> None:
        self.engine = engine
        self.device_id = device_id

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

    def mark_printed(self, job_id: str, *, now: datetime) -> None:
        self._set(job_id, only_from=(SENDING,), status=PRINTED, printed_at=_utc(now), last_error=None,
                  next_attempt_at=None)

    def mark_failed(self, job_id: str, *, error: Phrase, retry_at: datetime) -> None:
        self._set(job_id, only_from=(SENDING,), status=QUEUED, last_error=stored(error),
                  next_attempt_at=_utc(retry_at))

    def hold(self, job_id: str, *, error: Phrase) -> None:
        self._set(job_id, only_from=(SENDING,), status=HELD, last_error=stored(error), next_attempt_at=None)

    def requeue_uncertain_on_start(self, *, now: datetime) -> int:
        try:
            with self.engine.begin() as conn:
                return conn.execute(
                    update(print_jobs).where(print_jobs.c.status == SENDING).values(
                        status=HELD,
                        last_error=stored(Phrase("print_job.interrupted")),
                    )
                ).rowcount
        except OperationalError as exc:
            raise self._storage(exc) from exc

    def dismiss(self, job_id: str, *, note: Phrase) -> None:
        self._set(job_id, only_from=(HELD, QUEUED, UNPRINTED), status=DISMISSED, last_error=stored(note),
                  next_attempt_at=None)

    def prune_payloads(self, *, before: datetime, batch: int = 500) -> int:
        """Slim the printed (or dismissed) sale receipts made before `before`; returns how many were slimmed."""
        slimmed = 0
        last_seq = 0
        try:
            while True:
                with self.engine.begin() as conn:
                    rows = conn.execute(
                        select(print_jobs.c.seq, print_jobs.c.id, print_jobs.c.document_json, print_jobs.c.created_at)
                        .where(print_jobs.c.seq > last_seq, print_jobs.c.kind == "sale_receipt",
                               print_jobs.c.status.in_(PRUNABLE_STATUSES), print_jobs.c.created_at < _utc(before),
                               print_jobs.c.source_id.is_not(None),
                               # slimmed already (a job slimmed in the older form stays as it is)
                               ~print_jobs.c.document_json.startswith(PACKED_PREFIX, autoescape=True),
                               ~print_jobs.c.document_json.startswith(PRUNED_PREFIX, autoescape=True))
                        .order_by(print_jobs.c.seq).limit(batch)).all()
                    if not rows:
                        return slimmed
                    last_seq = rows[-1].seq
                    words = ReceiptWords(conn)
                    for row in rows:
                        kept = packed_payload(row.document_json, row.created_at, words)
                        if kept is None:
                            continue
                        conn.execute(update(print_jobs).where(print_jobs.c.id == row.id)
                                     .values(document_json=kept))
                        slimmed += 1
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
            return _job(row, conn) if row is not None else None

    def find(self, reference: str) -> PrintJob | None:
        reference = reference.strip()
        if not reference:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(select(print_jobs).where(print_jobs.c.id == reference)).first()
            if row is not None:
                return _job(row, conn)
            source_ids = [reference]
            for table in (sales, refunds):
                try:
                    found = conn.execute(select(table.c.id).where(table.c.receipt_no == reference)).scalar()
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
            return _job(row, conn) if row is not None else None

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
            return _job(row, conn) if row is not None else None


__all__ = ["SqlPrintQueue"]
