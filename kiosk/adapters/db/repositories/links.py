"""Writing the record chain: each sale, refund and voucher row gets its digested, chained link as it is written."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.engine import Connection

from kiosk.domain.ledger import GENESIS_HASH

from .. import tables as t
from .common import set_kv
from .fast import FastStatement

MUTABLE = {
    "sales": {"status", "refunded_minor", "fold_seq"},
    "refunds": {"fold_seq"},
    "vouchers": {"redeemed_at", "redeemed_sale_id", "redeemed_device"},
}
TABLES: dict[str, Table] = {"sales": t.sales, "refunds": t.refunds, "vouchers": t.vouchers}
LABELS = {"sales": "receipt_no", "refunds": "receipt_no", "vouchers": "code"}


def plain(value: Any) -> Any:
    """A column value as JSON holds it: instants in UTC ISO form, dates in ISO form."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def digest_text(table: str, values: Mapping[str, Any]) -> str:
    """The row's fixed columns, canonically: the text its link's digest covers (and the hub receives)."""
    columns = sorted(c.name for c in TABLES[table].columns if c.name not in MUTABLE[table])
    return json.dumps([table, [[c, plain(values.get(c))] for c in columns]], ensure_ascii=False,
                      separators=(",", ":"))


def digest(table: str, values: Mapping[str, Any]) -> str:
    return hashlib.sha256(digest_text(table, values).encode()).hexdigest()


def link_hash(prev_hash: str, table: str, record_id: str, row_digest: str) -> str:
    return hashlib.sha256(f"{prev_hash}|{table}|{record_id}|{row_digest}".encode()).hexdigest()


def head_key(device_id: str) -> str:
    return f"records_head:{device_id}"


_HEAD = FastStatement(select(t.kv.c.value).where(t.kv.c.key == bindparam("key")))
_INSERT_LINK = FastStatement(insert(t.record_chain))


def add_link(conn: Connection, *, device_id: str, table: str, values: Mapping[str, Any]) -> None:
    """Chain the row just inserted into `table` (its column values as written) onto `device_id`'s records."""
    record_id = str(values["id"])
    row_digest = digest(table, values)
    prev = _HEAD.scalar(conn, {"key": head_key(device_id)}) or GENESIS_HASH
    link = link_hash(prev, table, record_id, row_digest)
    _INSERT_LINK.execute(conn, dict(device_id=device_id, record_table=table, record_id=record_id,
                                    label=str(values[LABELS[table]]), digest=row_digest, prev_hash=prev, hash=link))
    set_kv(conn, head_key(device_id), link)
