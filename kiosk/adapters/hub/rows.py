"""This device's rows edited in place against the hub's own (`kiosk hub verify URL` run on a device): chains and
balances cannot show two devices holding different versions of one staff member, card or voucher redemption,
since rows are shared whole and last sent wins; a row's text compared on both sides does.

Rows still travelling are left out: changed here and not yet accepted by the hub, or sent by another device and
not yet pulled here. What is left must be the same on both sides once the device has synced.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select, text

from kiosk.adapters.db.hub_store import (
    LATE_ROWS,
    ROW_KEYS,
    ROW_TABLES,
    VOUCHER_REDEMPTION,
    SqlHubStore,
    row_key,
    row_text,
    sha,
)
from kiosk.domain.text import Phrase

from .schema import outdone


def _digests(engine: Engine) -> dict[tuple[str, str], str]:
    """Every shared row's digest, as the journal would send it (a voucher: only its redemption travels)."""
    out: dict[tuple[str, str], str] = {}
    with engine.connect() as conn:
        for table, source in ROW_TABLES.items():
            keep = set(ROW_KEYS[table]) | set(VOUCHER_REDEMPTION) if table in LATE_ROWS else None
            for found in conn.execute(select(source)):
                row: dict[str, Any] = dict(found._mapping)
                if keep is not None:
                    row = {k: v for k, v in row.items() if k in keep}
                out[(table, row_key(table, row))] = sha(row_text(table, row))
    return out


def rows_apart(device: Engine, hub: Engine) -> list[Phrase]:
    """The shared rows this device and the hub hold differently (or one of them lacks), those still travelling
    left out; nothing on a device that has not joined a hub."""
    store = SqlHubStore(device)
    state = store.state()
    if state.install_id is None:
        return []
    travelling = store.unsent_rows()
    with hub.connect() as conn:
        # From version 6 a row the device itself sent again after another's is not handed to it: not travelling,
        # and it must match.
        version = conn.execute(text("SELECT value FROM hub_meta WHERE key = 'version'")).scalar()
        sent_again = f" AND NOT {outdone(':me')}" if str(version).isdigit() and int(str(version)) >= 6 else ""
        travelling |= {(r.ref_table, r.ref_id) for r in conn.execute(text(
            "SELECT l.ref_table, l.ref_id FROM hub_log l WHERE l.kind = 'row' AND l.install_id <> :me "
            f"AND l.hub_seq > :pulled{sent_again}"), {"me": state.install_id, "pulled": state.pulled_seq})}
    mine, theirs = _digests(device), _digests(hub)
    return [Phrase("verify.hub_row_apart", {"table": table, "row": key})
            for table, key in sorted(set(mine) | set(theirs))
            if (table, key) not in travelling and mine.get((table, key)) != theirs.get((table, key))]
