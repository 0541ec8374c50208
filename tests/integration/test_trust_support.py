"""A small real shop (SQLite file, fixed clock, three staff) for the trust tests, and a database snapshot."""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.bootstrap import Wiring, wire
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember, RecordSale
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.services.context import FixedClock
from tests.support.language import set_shop_language

START = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # 10:00 in Bangkok, a Monday
PINS = {"owner": "9999", "manager": "2222", "cashier": "1111"}


@dataclass(repr=False)  # an Wiring's repr is pages long: hypothesis and pytest print it on failure
class Shop:
    app: Wiring
    clock: FixedClock
    data_dir: Path
    staff: dict[str, str]  # role -> staff id

    @property
    def db_path(self) -> Path:
        return self.data_dir / "shop.sqlite3"

    def enroll(self, phone: str = "0812345678", name: str = "Somchai Jaidee", **kw: Any) -> Any:
        return self.app.services.enrollment.enroll(EnrollMember(
            command_id=uuid.uuid4().hex, name=name, phone=phone, consent_version="2026-01", **kw))

    def sale(self, member: str | None = None, *skus: str, amount: str | None = None, **kw: Any) -> Any:
        return self.app.services.checkout.record_sale(self.sale_command(member, *skus, amount=amount, **kw))

    def sale_command(self, member: str | None = None, *skus: str, amount: str | None = None,
                     **kw: Any) -> RecordSale:
        programs = self.app.services.ctx.programs
        lines = [CartLine(programs.item(s).name, programs.item(s).price, 1, s) for s in skus]  # type: ignore[union-attr]
        if amount:
            lines.append(CartLine("Amount", Money.parse(amount, "THB")))
        kw.setdefault("print_receipt", False)
        kw.setdefault("command_id", uuid.uuid4().hex)
        return RecordSale(lines=tuple(lines), member_code=member, **kw)

    def points(self, code: str) -> int:
        return int(self.app.services.accounts.account(code).points)


_TEMPLATES: dict[bool, tuple[Path, dict[str, str]]] = {}


def _template(staff: bool) -> tuple[Path, dict[str, str]]:
    """A migrated shop with its staff, made once per test process: scrypt and migrations cost ~1 s a shop."""
    if staff not in _TEMPLATES:
        data_dir = Path(tempfile.mkdtemp(prefix="kiosk-trust-template-"))
        atexit.register(shutil.rmtree, data_dir, ignore_errors=True)
        app = wire(load_settings(data_dir=data_dir), clock=FixedClock(START))
        ids: dict[str, str] = {}
        for role, pin in PINS.items() if staff else ():  # the owner first: it authorises the rest
            ids[role] = app.services.staff.add_staff(name=role.title(), role=role, pin=pin, by=ids.get("owner")).id
        app.close()  # checkpoints the WAL: the .sqlite3 file alone is the whole shop
        _TEMPLATES[staff] = (data_dir, ids)
    return _TEMPLATES[staff]


def make_shop(tmp_path: Path, config: str = "", *, staff: bool = True, language: str | None = None) -> Shop:
    """A copy of the template shop; `language` sets shop.language in its config.toml (the default shop is Thai)."""
    data_dir = tmp_path / "shop"
    data_dir.mkdir(parents=True, exist_ok=True)
    if language is not None:
        set_shop_language(data_dir, language)
    template, ids = _template(staff)
    for name in ("shop.sqlite3", "install-id"):
        shutil.copy(template / name, data_dir / name)
    extra = None
    if config:
        extra = tmp_path / "extra.toml"
        extra.write_text(config)
    clock = FixedClock(START)
    app = wire(load_settings(data_dir=data_dir, config_file=extra), clock=clock)
    return Shop(app, clock, data_dir, dict(ids))


SNAPSHOT_TABLES = ("members", "member_cards", "sales", "refunds", "ledger_entries", "postings", "vouchers",
                   "audit_log", "outbox", "print_jobs", "processed_commands", "signing_keys", "staff")


def snapshot(db_path: Path) -> dict[str, Any]:
    """Row counts of every table that matters plus every cached balance: equal means nothing changed."""
    conn = sqlite3.connect(db_path)
    try:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in SNAPSHOT_TABLES}
        balances = conn.execute("SELECT account, unit, balance FROM account_balances ORDER BY 1, 2").fetchall()
        vouchers = conn.execute("SELECT id, redeemed_at FROM vouchers ORDER BY id").fetchall()
    finally:
        conn.close()
    return {"counts": counts, "balances": balances, "vouchers": vouchers}


def raw(db_path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection, as an attacker (or a careless script) would use, in autocommit mode."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    return conn
