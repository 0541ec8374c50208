"""This device's side of the hub, in the shop database (kiosk.services.ports.hub.HubStore).

Journal: the sync worker turns what this installation wrote into one numbered, hash-chained stream: changed
rows of the edited-in-place tables first (members before the sales that name them), then sales, refunds and
vouchers (their record links), ledger entries, audit records, and last a voucher's redemption (after the
voucher itself). Append-only items carry their own proof (their hashes) and are rebuilt from the rows when
pushed; a changed row is kept as it was when journalled.

Apply: another device's items, in the hub's order, in one transaction with the cursor, so a kill at any point
leaves either the whole batch applied or none of it. Entries, audit records and record links keep the hashes
their device gave them, so `kiosk verify` checks every device's chains here as on the device itself. A changed
row replaces the local one unless this device changed it too and has not sent that yet: its own change goes
to the hub next, after the other, and wins there and here alike. A row another device sent before this device's
own later version of it never arrives (hub_pull leaves it out: kiosk.adapters.hub.schema.outdone): applied, it
would take the place of the row the hub and every other device hold.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, tzinfo
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Engine,
    Table,
    delete,
    func,
    insert,
    literal,
    literal_column,
    select,
    true,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from kiosk.domain.commands import RefundLine
from kiosk.domain.ids import ordered_id
from kiosk.domain.ledger import (
    GENESIS_HASH,
    Entry,
    canonical,
    entry_from_canonical,
)
from kiosk.domain.refunds import status_after_refunds
from kiosk.services.common import HUB_CONTACT_KEY, HUB_TAKING_HISTORY_KEY
from kiosk.services.ports.hub import (
    ApplyResult,
    DeviceInfo,
    HubConflict,
    HubItem,
    JournalState,
    PulledItem,
)
from kiosk.services.ports.uow import OutboxRow

from . import tables as t
from . import tables_hub as th
from .hub_conflicts import find_conflicts
from .repositories.audit import audit_canonical
from .repositories.common import set_kv, upsert
from .repositories.ledger import SqlLedger
from .repositories.links import MUTABLE, TABLES, digest_text, head_key, plain
from .repositories.member_search import place_unranked
from .repositories.outbox import payload_to_json
from .tables import UTCDateTime

# Tables whose rows are edited in place and shared whole (last sent wins), with their keys. A key of two columns
# travels as one string, its parts joined by ":" (member_offers: "<member id>:<offer id>"; a member id is hex,
# so the first ":" splits it whatever the offer's id holds).
ROW_TABLES: dict[str, Table] = {"members": t.members, "member_cards": t.member_cards,
                                "member_tiers": t.member_tiers, "staff": t.staff, "signing_keys": t.signing_keys,
                                "member_offers": t.member_offers, "vouchers": t.vouchers}
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "members": ("id",), "member_cards": ("id",), "member_tiers": ("member_id",), "staff": ("id",),
    "signing_keys": ("id",), "member_offers": ("member_id", "offer_id"), "vouchers": ("id",)}
LATE_ROWS = ("vouchers",)  # journalled after the records: a redemption follows its voucher
VOUCHER_REDEMPTION = ("redeemed_at", "redeemed_sale_id", "redeemed_device")

K_INSTALL = th.HUB_INSTALL_KEY  # {"install_id", "shop_id", "shop_name"} once joined
K_URL = "hub:url"
K_ACKED = "hub:acked"            # the last journal item the hub accepted
K_PULLED = "hub:pulled"          # the hub's number of the last item applied here
K_CONTACT = HUB_CONTACT_KEY  # the offline spending limit reads it (kiosk.services.common)
K_TAKING_HISTORY = HUB_TAKING_HISTORY_KEY  # a member's balance and spending read it (kiosk.services.common)
K_REFUSED = "hub:refused"
K_SETTINGS = "hub:settings_hash"
K_TRACKED = "hub:tracked_tables"  # the ROW_TABLES whose rows this device has noted (backfilled) so far
ADDED_LATER = ("member_offers",)  # shared since devices first joined hubs: an older device backfills it once
CURSORS = {"changes": "hub:cursor:changes", "records": "hub:cursor:records", "entries": "hub:cursor:entries",
           "audit": "hub:cursor:audit"}


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def item_hash(prev: str, seq: int, kind: str, table: str, ref_id: str, inner: str) -> str:
    """What chains a journal item: the hub computes the same (kiosk.adapters.hub.schema, hub_push)."""
    return sha("|".join((prev, str(seq), kind, table, ref_id, inner)))


def row_text(table: str, row: dict[str, Any]) -> str:
    columns = {c.name for c in ROW_TABLES[table].columns}
    body = {"table": table, "row": {k: plain(v) for k, v in row.items() if k in columns}}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def row_key(table: str, row: Any) -> str:
    """A shared row's key as one string (hub_changes.row_id, the journal's ref_id)."""
    return ":".join(str(row[column]) for column in ROW_KEYS[table])


def key_where(table: str, key: str) -> list[Any]:
    """The WHERE clause that finds the row `row_key` named."""
    columns = ROW_KEYS[table]
    source = ROW_TABLES[table]
    return [source.c[c] == part for c, part in zip(columns, key.split(":", len(columns) - 1), strict=False)]


def typed(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    """JSON values back into the column types the engine expects (instants, dates, booleans)."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        column = table.c.get(name)
        if column is None:
            continue
        if value is not None and isinstance(column.type, UTCDateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(column.type, Date):
            value = date.fromisoformat(value)
        elif value is not None and isinstance(column.type, Boolean):
            value = bool(value)
        out[name] = value
    return out


class SqlHubStore:
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

    # ------------------------------------------------------------------ small state in kv
    @staticmethod
    def _get(conn: Connection, key: str) -> str | None:
        return conn.execute(select(t.kv.c.value).where(t.kv.c.key == key)).scalar()

    @staticmethod
    def _set(conn: Connection, key: str, value: str) -> None:
        set_kv(conn, key, value)

    def _int(self, conn: Connection, key: str) -> int:
        return int(self._get(conn, key) or 0)

    def state(self) -> JournalState:
        with self._read() as conn:
            install = json.loads(self._get(conn, K_INSTALL) or "null") or {}
            last = conn.execute(select(func.max(th.hub_journal.c.install_seq))).scalar() or 0
            contact = self._get(conn, K_CONTACT)
            unjournalled = 0
            if install:
                unjournalled = self._unjournalled(conn, install["install_id"])
            return JournalState(
                install_id=install.get("install_id"), journal_seq=int(last), acked_seq=self._int(conn, K_ACKED),
                pulled_seq=self._int(conn, K_PULLED),
                last_contact=datetime.fromisoformat(contact) if contact else None,
                refused=self._get(conn, K_REFUSED) or None, shop_id=install.get("shop_id"),
                shop_name=install.get("shop_name"), unjournalled=unjournalled)

    def _unjournalled(self, conn: Connection, install_id: str) -> int:
        mine = f"{install_id}-%"
        # A row changed three times since is one item of the journal (build_journal sends its latest text once),
        # not three: counted by row, as it will be sent.
        c = th.hub_changes
        total = conn.execute(select(func.count()).select_from(
            select(c.c.table_name, c.c.row_id).where(c.c.seq > self._int(conn, CURSORS["changes"]))
            .distinct().subquery())).scalar_one()
        for table, key in ((t.record_chain, "records"), (t.ledger_entries, "entries"), (t.audit_log, "audit")):
            total += conn.execute(select(func.count()).select_from(table).where(
                table.c.seq > self._int(conn, CURSORS[key]), table.c.device_id.like(mine))).scalar_one()
        return int(total)

    def pending_sales(self, install_id: str) -> int:
        """This installation's sales the hub has not accepted yet: journalled and not acknowledged, or not yet
        journalled (what the counter's status line calls "sales to send")."""
        mine = f"{install_id}-%"
        with self._read() as conn:
            j, c = th.hub_journal, t.record_chain
            sent = conn.execute(select(func.count()).select_from(j).where(
                j.c.install_seq > self._int(conn, K_ACKED), j.c.kind == "record",
                j.c.ref_table == "sales")).scalar_one()
            waiting = conn.execute(select(func.count()).select_from(c).where(
                c.c.seq > self._int(conn, CURSORS["records"]), c.c.device_id.like(mine),
                c.c.record_table == "sales")).scalar_one()
            return int(sent) + int(waiting)

    def joined(self, *, install_id: str, shop_id: str, shop_name: str, url: str,
               taking_history: bool = False) -> None:
        with self._write() as conn:
            self._set(conn, K_INSTALL, json.dumps({"install_id": install_id, "shop_id": shop_id,
                                                   "shop_name": shop_name}))
            self._set(conn, K_URL, url)
            if taking_history:
                self._set(conn, K_TAKING_HISTORY, "1")

    def settings_synced(self, sections: str) -> None:
        """These shared settings are the shop's already: not to be sent (a joining device's own defaults)."""
        with self._write() as conn:
            self._set(conn, K_SETTINGS, sha(sections))

    def drop_unused_keys(self) -> None:
        """A device joining a shop empty forgets the signing key it made itself: it signed nothing."""
        with self._write() as conn:
            if not self.is_fresh() or conn.execute(select(func.count()).select_from(t.vouchers)).scalar_one():
                raise RuntimeError("only an empty device may drop its signing keys")
            conn.execute(delete(t.signing_keys))

    def hub_url(self) -> str | None:
        with self._read() as conn:
            return self._get(conn, K_URL)

    def is_fresh(self) -> bool:
        with self._read() as conn:
            for table in (t.members, t.sales, t.ledger_entries):
                if conn.execute(select(func.count()).select_from(table)).scalar_one():
                    return False
            return True

    # ------------------------------------------------------------------ noting changed rows
    def track_changes(self, *, backfill: bool) -> None:
        with self._write() as conn:
            if conn.dialect.name != "sqlite":
                raise RuntimeError("a device joins a hub with its own SQLite database")
            for table in ROW_TABLES:
                key = " || ':' || ".join(f"NEW.{c}" for c in ROW_KEYS[table])
                events = ["UPDATE"] if table in LATE_ROWS else ["INSERT", "UPDATE"]
                for event in events:
                    of = f" OF {', '.join(VOUCHER_REDEMPTION)}" if table in LATE_ROWS else ""
                    conn.exec_driver_sql(
                        f"CREATE TRIGGER IF NOT EXISTS hub_note_{table}_{event.lower()} AFTER {event}{of} ON {table} "
                        f"BEGIN INSERT INTO hub_changes (table_name, row_id) VALUES ('{table}', {key}); END")
            tracked = json.loads(self._get(conn, K_TRACKED) or "null")
            if tracked is None:  # joined before the list was kept: every table then shared was backfilled
                tracked = [] if backfill else [name for name in ROW_TABLES if name not in ADDED_LATER]
            # A table shared since this device joined sends the rows it already holds, once.
            fill = list(ROW_TABLES) if backfill else [name for name in ROW_TABLES if name not in tracked]
            self._set(conn, K_TRACKED, json.dumps(sorted(ROW_TABLES)))
            if fill:
                for name, source in ((n, ROW_TABLES[n]) for n in fill):
                    parts = [source.c[c] for c in ROW_KEYS[name]]
                    column: ColumnElement[Any] = parts[0]
                    for part in parts[1:]:
                        column = column + literal(":") + part  # as the triggers write it (row_key)
                    where = source.c.redeemed_at.is_not(None) if name in LATE_ROWS else true()
                    # In the order they were written: a member before the members they referred.
                    conn.execute(insert(th.hub_changes).from_select(
                        ["table_name", "row_id"],
                        select(literal(name), column).where(where).order_by(literal_column("rowid"))))

    # ------------------------------------------------------------------ the journal
    def build_journal(self, install_id: str, settings: tuple[str, str] | None) -> int:
        mine = f"{install_id}-%"
        with self._write() as conn:
            last = conn.execute(select(th.hub_journal.c.install_seq, th.hub_journal.c.hash)
                                .order_by(th.hub_journal.c.install_seq.desc()).limit(1)).first()
            seq, head = (int(last.install_seq), last.hash) if last else (0, GENESIS_HASH)
            # kind, device, table, id, inner hash, body
            pending: list[tuple[str, str | None, str, str, str, str | None]] = []

            changes_from = self._int(conn, CURSORS["changes"])
            changes = conn.execute(select(th.hub_changes).where(th.hub_changes.c.seq > changes_from)
                                   .order_by(th.hub_changes.c.seq)).all()
            ordered: dict[tuple[str, str], None] = {}
            for change in changes:
                ordered.setdefault((change.table_name, change.row_id), None)
            early = [k for k in ordered if k[0] not in LATE_ROWS]
            late = [k for k in ordered if k[0] in LATE_ROWS]

            def rows(keys: list[tuple[str, str]]) -> None:
                for table, row_id in keys:
                    source = ROW_TABLES[table]
                    found = conn.execute(select(source).where(*key_where(table, row_id))).first()
                    if found is None:
                        continue
                    body = row_text(table, dict(found._mapping))
                    pending.append(("row", None, table, row_id, sha(body), body))

            rows(early)
            c = t.record_chain
            for link in conn.execute(select(c.c.device_id, c.c.record_table, c.c.record_id, c.c.hash)
                                     .where(c.c.seq > self._int(conn, CURSORS["records"]), c.c.device_id.like(mine))
                                     .order_by(c.c.seq)):
                pending.append(("record", link.device_id, link.record_table, link.record_id, link.hash, None))
            e = t.ledger_entries
            for entry in conn.execute(select(e.c.device_id, e.c.id, e.c.hash)
                                      .where(e.c.seq > self._int(conn, CURSORS["entries"]), e.c.device_id.like(mine))
                                      .order_by(e.c.seq)):
                pending.append(("entry", entry.device_id, "ledger_entries", entry.id, entry.hash, None))
            a = t.audit_log
            for record in conn.execute(select(a.c.device_id, a.c.id, a.c.hash)
                                       .where(a.c.seq > self._int(conn, CURSORS["audit"]), a.c.device_id.like(mine))
                                       .order_by(a.c.seq)):
                pending.append(("audit", record.device_id, "audit_log", record.id, record.hash, None))
            rows(late)
            if settings is not None:
                shop_id, sections = settings
                body = json.dumps({"table": "shop_settings", "row": {"shop_id": shop_id, "settings": sections}},
                                  sort_keys=True, ensure_ascii=False, separators=(",", ":"))
                if self._get(conn, K_SETTINGS) != sha(sections):
                    pending.append(("row", None, "shop_settings", shop_id, sha(body), body))
                    self._set(conn, K_SETTINGS, sha(sections))

            journal = []
            for kind, device, ref_table, ref_id, inner, text in pending:
                seq += 1
                digest = item_hash(head, seq, kind, ref_table, ref_id, inner)
                journal.append(dict(install_seq=seq, kind=kind, device_id=device, ref_table=ref_table, ref_id=ref_id,
                                    inner_hash=inner, body=text, prev_hash=head, hash=digest))
                head = digest
            if journal:
                conn.execute(insert(th.hub_journal), journal)
            for key, source in (("changes", th.hub_changes), ("records", t.record_chain),
                                ("entries", t.ledger_entries), ("audit", t.audit_log)):
                top = conn.execute(select(func.max(source.c.seq))).scalar()
                if top is not None:
                    self._set(conn, CURSORS[key], str(top))
            return len(journal)

    def outgoing(self, after: int, limit: int) -> list[HubItem]:
        with self._read() as conn:
            j = th.hub_journal
            rows = conn.execute(select(j).where(j.c.install_seq > after).order_by(j.c.install_seq).limit(limit)).all()
            bodies = self._bodies(conn, rows)
            return [HubItem(seq=r.install_seq, kind=r.kind, device_id=r.device_id, table=r.ref_table, ref_id=r.ref_id,
                            inner_hash=r.inner_hash, prev_hash=r.prev_hash, hash=r.hash,
                            body=r.body if r.body is not None else bodies[(r.kind, r.ref_table, r.ref_id)])
                    for r in rows]

    def _bodies(self, conn: Connection, rows: Sequence[Any]) -> dict[tuple[str, str, str], str]:
        """The texts an entry's, audit record's or record link's hashes cover, rebuilt from the rows as they are
        now: a row edited behind the app's back no longer matches its hash, and the hub refuses it."""
        out: dict[tuple[str, str, str], str] = {}
        entry_ids = [r.ref_id for r in rows if r.kind == "entry"]
        if entry_ids:
            ledger = SqlLedger(conn)
            entries = ledger.get_many(entry_ids)
            hashes = {r.id: (r.prev_hash, r.hash) for r in conn.execute(
                select(t.ledger_entries.c.id, t.ledger_entries.c.prev_hash, t.ledger_entries.c.hash)
                .where(t.ledger_entries.c.id.in_(entry_ids)))}
            for entry_id in entry_ids:
                entry = entries.get(entry_id)
                prev, digest = hashes.get(entry_id, ("", ""))
                text = canonical(entry) if entry else ""
                out[("entry", "ledger_entries", entry_id)] = json.dumps(
                    {"canonical": text, "prev_hash": prev, "hash": digest}, ensure_ascii=False)
        audit_ids = [r.ref_id for r in rows if r.kind == "audit"]
        for start in range(0, len(audit_ids), 500):
            for a in conn.execute(select(t.audit_log).where(t.audit_log.c.id.in_(audit_ids[start:start + 500]))):
                text = audit_canonical(a.id, a.at, a.device_id, a.staff_id, a.action, a.subject, a.details_json)
                out[("audit", "audit_log", a.id)] = json.dumps(
                    {"canonical": text, "prev_hash": a.prev_hash, "hash": a.hash}, ensure_ascii=False)
        for r in rows:
            if r.kind == "audit" and ("audit", "audit_log", r.ref_id) not in out:
                out[("audit", "audit_log", r.ref_id)] = json.dumps({"canonical": "", "prev_hash": "", "hash": ""})
            if r.kind != "record":
                continue
            c = t.record_chain
            link = conn.execute(select(c).where(c.c.record_table == r.ref_table, c.c.record_id == r.ref_id)).first()
            source = TABLES[r.ref_table]
            row = conn.execute(select(source).where(source.c.id == r.ref_id)).first()
            values = dict(row._mapping) if row is not None else {}
            mutable = {k: plain(v) for k, v in values.items() if k in MUTABLE[r.ref_table] and k != "fold_seq"}
            out[("record", r.ref_table, r.ref_id)] = json.dumps({
                "table": r.ref_table, "id": r.ref_id, "label": link.label if link else "",
                "digest": link.digest if link else "", "digest_text": digest_text(r.ref_table, values) if row else "",
                "prev_hash": link.prev_hash if link else "", "hash": link.hash if link else "",
                "mutable": mutable}, ensure_ascii=False)
        return out

    def acknowledge(self, seq: int, *, refused: str | None) -> None:
        with self._write() as conn:
            if seq > self._int(conn, K_ACKED):
                self._set(conn, K_ACKED, str(seq))
            self._set(conn, K_REFUSED, refused or "")

    def contacted(self, at: datetime) -> None:
        with self._write() as conn:
            self._set(conn, K_CONTACT, at.isoformat())
            conn.execute(delete(t.kv).where(t.kv.c.key == K_TAKING_HISTORY))  # the round pulled to the end

    # ------------------------------------------------------------------ applying other devices' items
    def apply(self, items: Sequence[PulledItem], *, shop_id: str | None,
              outbox: Callable[[Entry], list[OutboxRow]] | None,
              member_outbox: Callable[[str, bool], list[OutboxRow]] | None = None) -> ApplyResult:
        with self._write() as conn:
            cursor = self._int(conn, K_PULLED)
            fresh = [i for i in items if i.hub_seq > cursor]  # another window of this device applied some already
            if not fresh:
                return ApplyResult(applied=0, last_seq=cursor)
            changes_before = conn.execute(select(func.max(th.hub_changes.c.seq))).scalar() or 0
            waiting = self._waiting_rows(conn)
            ledger = SqlLedger(conn)
            settings: str | None = None
            skipped = 0
            refreshed: set[str] = set()
            members_applied = False
            for item in fresh:
                if item.kind == "entry":
                    self._apply_entry(conn, ledger, item, outbox)
                elif item.kind == "audit":
                    self._apply_audit(conn, item)
                elif item.kind == "record":
                    sale = self._apply_record(conn, item)
                    if sale:
                        refreshed.add(sale)
                elif item.kind == "row":
                    body = json.loads(item.body)
                    table, row = body["table"], body["row"]
                    if table == "shop_settings":
                        if row.get("shop_id") == shop_id:
                            settings = row["settings"]
                        continue
                    if (table, row_key(table, row)) in waiting:
                        skipped += 1
                        continue
                    self._apply_row(conn, table, row)
                    members_applied = members_applied or table == "members"
                    if table == "members" and member_outbox is not None:
                        self._outbox_rows(conn, member_outbox(str(row["id"]), row.get("erased_at") is not None),
                                          at=datetime.fromisoformat(row["enrolled_at"]))
            for sale_id in refreshed:
                self._refresh_sale(conn, sale_id)
            if members_applied:
                place_unranked(conn)  # members the search triggers found no room for, placed in name order now
            if settings is not None:
                self._set(conn, K_SETTINGS, sha(settings))
            # The triggers noted the rows written here as this device's changes: they are not.
            conn.execute(delete(th.hub_changes).where(th.hub_changes.c.seq > changes_before))
            last = fresh[-1].hub_seq
            self._set(conn, K_PULLED, str(last))
            return ApplyResult(applied=len(fresh), last_seq=last, settings=settings, skipped_pending=skipped)

    def unsent_rows(self) -> set[tuple[str, str]]:
        """The shared rows (table, key) changed here that the hub has not accepted yet."""
        with self._read() as conn:
            return self._waiting_rows(conn)

    def _waiting_rows(self, conn: Connection) -> set[tuple[str, str]]:
        """Rows this device changed and has not had accepted by the hub yet."""
        noted = {(r.table_name, r.row_id) for r in conn.execute(
            select(th.hub_changes.c.table_name, th.hub_changes.c.row_id)
            .where(th.hub_changes.c.seq > self._int(conn, CURSORS["changes"])))}
        j = th.hub_journal
        noted |= {(r.ref_table, r.ref_id) for r in conn.execute(
            select(j.c.ref_table, j.c.ref_id).where(j.c.kind == "row", j.c.install_seq > self._int(conn, K_ACKED)))}
        return noted

    def _apply_entry(self, conn: Connection, ledger: SqlLedger, item: PulledItem,
                     outbox: Callable[[Entry], list[OutboxRow]] | None) -> None:
        body = json.loads(item.body)
        entry = entry_from_canonical(body["canonical"])
        if conn.execute(select(t.ledger_entries.c.seq).where(t.ledger_entries.c.id == entry.id)).first():
            return
        ledger.add_chained(entry, body["prev_hash"], body["hash"])
        if outbox is not None:
            self._outbox_rows(conn, outbox(entry), at=entry.created_at)

    @staticmethod
    def _outbox_rows(conn: Connection, rows: list[OutboxRow], *, at: datetime) -> None:
        for row in rows:
            if conn.execute(select(t.outbox.c.seq).where(t.outbox.c.idempotency_key == row.idempotency_key)).first():
                continue
            conn.execute(insert(t.outbox), dict(
                id=ordered_id(), created_at=at, topic=row.topic, member_id=row.member_id, entry_id=row.entry_id,
                payload_json=payload_to_json(row.payload, member_id=row.member_id, entry_id=row.entry_id),
                idempotency_key=row.idempotency_key,
                status="pending"))

    def _apply_audit(self, conn: Connection, item: PulledItem) -> None:
        body = json.loads(item.body)
        record_id, at, device, staff, action, subject, details = json.loads(body["canonical"])
        if conn.execute(select(t.audit_log.c.seq).where(t.audit_log.c.id == record_id)).first():
            return
        conn.execute(insert(t.audit_log), dict(id=record_id, at=datetime.fromisoformat(at), device_id=device,
                                               staff_id=staff, action=action, subject=subject, details_json=details,
                                               prev_hash=body["prev_hash"], hash=body["hash"]))
        self._set(conn, f"audit_head:{device}", body["hash"])

    def _apply_record(self, conn: Connection, item: PulledItem) -> str | None:
        body = json.loads(item.body)
        table_name = body["table"]
        source = TABLES[table_name]
        fixed = {column: value for column, value in json.loads(body["digest_text"])[1]}
        values = typed(source, {**fixed, **body.get("mutable", {})})
        if conn.execute(select(source.c.id).where(source.c.id == values["id"])).first() is None:
            conn.execute(insert(source), values)
        c = t.record_chain
        if conn.execute(select(c.c.seq).where(c.c.record_table == table_name,
                                              c.c.record_id == body["id"])).first() is None:
            device = str(item.device_id)
            conn.execute(insert(c), dict(device_id=device, record_table=table_name, record_id=body["id"],
                                         label=body["label"], digest=body["digest"], prev_hash=body["prev_hash"],
                                         hash=body["hash"]))
            self._set(conn, head_key(device), body["hash"])
        return str(values["sale_id"]) if table_name == "refunds" else None

    def _refresh_sale(self, conn: Connection, sale_id: str) -> None:
        """A refund from another device: the sale's money given back and status follow from all its refunds."""
        sale = conn.execute(select(t.sales.c.lines_json).where(t.sales.c.id == sale_id)).first()
        if sale is None:
            return
        refunds = conn.execute(select(t.refunds.c.kind, t.refunds.c.lines_json, t.refunds.c.amount_minor)
                               .where(t.refunds.c.sale_id == sale_id)
                               .order_by(t.refunds.c.created_at, t.refunds.c.id)).all()
        quantities = tuple(int(line["quantity"]) for line in json.loads(sale.lines_json))
        status = status_after_refunds(quantities, [
            (r.kind, tuple(RefundLine(ln["index"], ln["quantity"]) for ln in json.loads(r.lines_json or "[]")))
            for r in refunds])
        conn.execute(update(t.sales).where(t.sales.c.id == sale_id)
                     .values(status=status, refunded_minor=sum(int(r.amount_minor) for r in refunds)))

    def _apply_row(self, conn: Connection, table: str, row: dict[str, Any]) -> None:
        source = ROW_TABLES[table]
        keys = ROW_KEYS[table]
        values = typed(source, row)
        if table in LATE_ROWS:
            conn.execute(update(source).where(*(source.c[k] == values[k] for k in keys))
                         .values(**{k: values.get(k) for k in VOUCHER_REDEMPTION}))
            return
        upsert(conn, source, values, list(keys), lambda stmt: {k: stmt.excluded[k] for k in values if k not in keys})

    # ------------------------------------------------------------------ the device directory
    def replace_directory(self, devices: Sequence[DeviceInfo]) -> None:
        with self._write() as conn:
            conn.execute(delete(th.hub_devices))
            if devices:
                conn.execute(insert(th.hub_devices), [dict(
                    device_id=d.device_id, install_id=d.install_id, shop_id=d.shop_id, shop_name=d.shop_name,
                    label=d.label, role=d.role, name=d.name, revoked=d.revoked, last_contact=d.last_contact,
                    pending=d.pending, accepted=d.accepted) for d in devices])

    def directory(self) -> list[DeviceInfo]:
        with self._read() as conn:
            d = th.hub_devices
            return [DeviceInfo(r.device_id, r.install_id, r.shop_id, r.shop_name, r.label, r.role, r.name,
                               bool(r.revoked), r.last_contact, int(r.pending), int(r.accepted))
                    for r in conn.execute(select(d).order_by(d.c.shop_name, d.c.label))]

    # ------------------------------------------------------------------ what a union cannot settle
    def conflicts(self, tz: tzinfo) -> list[HubConflict]:
        with self._read() as conn:
            return find_conflicts(conn, tz)

    # ------------------------------------------------------------------ Stripe updates sent elsewhere
    def hand_over_outbox(self) -> int:
        """Pending Stripe rows of entries the hub holds: the device with the shop's Stripe lease sends them."""
        with self._write() as conn:
            o = t.outbox
            result = conn.execute(update(o).where(o.c.status == "pending").values(status="elsewhere"))
            return int(result.rowcount or 0)
