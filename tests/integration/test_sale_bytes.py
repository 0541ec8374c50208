"""What a sale stores, each value once and compactly (issue 15): migration 0021 turns a shop's hashes into 32
bytes on SQLite (its chains still verify, a retried sale still matches its logged request) and drops two indexes
no query used; an outbox row keeps the member and entry ids in its columns only."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from kiosk.adapters.db.migrate import alembic_config, upgrade
from kiosk.adapters.db.sync_store import SqlSyncStore
from kiosk.bootstrap import Wiring
from kiosk.domain.commands import RecordSale
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.services.context import FixedClock
from tests.integration.test_core_sqlite import LATTE, T0, enroll, open_app

CAKE = CartLine("Coconut cake", Money(9500), 1, "CAKE")
HASHED = {"ledger_entries": ("prev_hash", "hash"), "record_chain": ("digest", "prev_hash", "hash"),
          "processed_commands": ("request_hash",)}


def storage(app: Wiring) -> set[str]:
    """The SQLite storage classes the hash columns hold, across the three tables."""
    with app.engine.connect() as conn:
        return {kind for table, columns in HASHED.items() for column in columns
                for kind in conn.exec_driver_sql(f"SELECT DISTINCT typeof({column}) FROM {table}").scalars()}


def indexes(app: Wiring) -> set[str]:
    with app.engine.connect() as conn:
        return set(conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'").scalars())


def test_a_shop_at_0020_with_sales_converts_to_0021_and_verifies_clean(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    with open_app(tmp_path, clock) as app:
        code = enroll(app)
        sales = [RecordSale(command_id="before-1", lines=(LATTE, CAKE), member_code=code, payment_method="cash",
                            cash_tendered=Money(50000)),
                 RecordSale(command_id="before-2", lines=(CAKE,)),
                 RecordSale(command_id="before-3", lines=(LATTE,), member_code=code)]
        results = []
        for cmd in sales:
            clock.advance(minutes=3)
            results.append(app.services.checkout.record_sale(cmd))
        assert storage(app) == {"blob"}
        cfg = alembic_config()
        with app.engine.begin() as conn:  # the shop as 0020 wrote it: hashes as hex text, both indexes there
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0020")
        assert storage(app) == {"text"}
        assert {"ix_outbox_member_id", "ix_print_jobs_source_id"} <= indexes(app)
        with app.engine.connect() as conn:
            heads_before = dict(conn.exec_driver_sql("SELECT key, value FROM kv WHERE value GLOB '[0-9a-f]*' "
                                                     "AND length(value) = 64").all())
        # (this code's verify no longer reads a shop at 0020: its ledger reads the postings' ranges of 0028)
        upgrade(app.engine)
        assert storage(app) == {"blob"}
        assert not {"ix_outbox_member_id", "ix_print_jobs_source_id"} & indexes(app)
        with app.engine.connect() as conn:
            # the append-only triggers are back, and the chain heads (kept as text in kv) did not move
            triggers = set(conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars())
            assert {"ledger_entries_no_update", "record_chain_no_update"} <= triggers
            assert dict(conn.exec_driver_sql("SELECT key, value FROM kv WHERE value GLOB '[0-9a-f]*' "
                                             "AND length(value) = 64").all()) == heads_before
        report = app.services.verify.run()
        assert report.ok, report.problems
        assert report.records_checked == len(sales)
        # a retried sale matches the request hash its log kept, converted
        assert [app.services.checkout.record_sale(cmd) for cmd in sales] == results
        clock.advance(minutes=3)
        app.services.checkout.record_sale(RecordSale(command_id="after-1", lines=(LATTE,), member_code=code))
        assert app.services.verify.run().ok  # the chains go on from the converted heads


def test_an_outbox_row_keeps_the_member_and_entry_ids_once_and_the_sync_reads_the_whole_payload(
        tmp_path: Path) -> None:
    with open_app(tmp_path) as app:
        code = enroll(app)
        app.services.checkout.record_sale(RecordSale(command_id="s1", lines=(LATTE, CAKE), member_code=code))
        with app.engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT seq, topic, member_id, entry_id, payload_json FROM outbox "
                                        "WHERE entry_id IS NOT NULL ORDER BY seq").all()
        assert {r.topic for r in rows} == {"member.snapshot", "credit.balance_transaction"}
        assert all(r.member_id not in r.payload_json and r.entry_id not in r.payload_json for r in rows)
        due = {item.seq: item.payload for item in SqlSyncStore(app.engine).due(now=T0, limit=20)}
        for row in rows:  # what the sync reads is the whole payload the entry wrote
            assert due[row.seq]["member_id"] == row.member_id and due[row.seq]["entry_id"] == row.entry_id
            if row.topic == "credit.balance_transaction":
                assert due[row.seq]["amount_minor"] < 0 and due[row.seq]["currency"] == "THB"
            else:
                assert due[row.seq] == {"member_id": row.member_id, "entry_id": row.entry_id}
