"""Coalition partners: importing a partner's signed file against typing the same receipts one by one, and the
settlement of a month, on a fresh shop's SQLite file (ratios against floors timed in the same run)."""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

RECEIPTS = 1_000
MEMBERS = 50


def run() -> dict[str, object]:
    import os

    from kiosk.bootstrap import build_app
    from kiosk.config import load_settings
    from kiosk.domain.commands import EarnAtPartner, EnrollMember
    from kiosk.domain.money import Money
    from kiosk.domain.partners import sign_activity
    from kiosk.services.context import FixedClock

    secret = "bench-secret"
    os.environ["KIOSK_PARTNER_SECRET_BOOKSHOP"] = secret
    with tempfile.TemporaryDirectory(prefix="bench-partners-") as tmp:
        clock = FixedClock(datetime(2026, 3, 2, 3, tzinfo=UTC))
        # a generous daily limit: the benchmark measures the work, not the approvals
        config = Path(tmp) / "config.toml"
        config.write_text('[[partners]]\nid = "bookshop"\nname = "Soi 31 Books"\nspend_unit = "100.00"\n'
                          'points_per_unit = 2\nmax_points_per_day = 1000000\n', encoding="utf-8")
        app = build_app(load_settings(data_dir=Path(tmp), config_file=config), clock=clock)
        members = [app.enrollment.enroll(EnrollMember(command_id=f"m{i}", name=f"Bench {i}", phone=f"08{i:08d}",
                                                      consent_version="2026-01")).member_id
                   for i in range(MEMBERS)]

        # the floor: the same receipts typed one by one, each its own transaction (what a counter does)
        started = time.perf_counter()
        for i in range(RECEIPTS):
            app.partners.earn(EarnAtPartner(partner_id="bookshop", member_code=members[i % MEMBERS],
                                            amount=Money(45_000), reference=f"T-{i}"))
        typed_s = time.perf_counter() - started

        data = sign_activity("bookshop", [{"id": f"F-{i}", "kind": "earn", "member": members[i % MEMBERS],
                                           "amount": "450.00"} for i in range(RECEIPTS)], secret.encode())
        started = time.perf_counter()
        first = app.partners.import_activity(data)
        import_s = time.perf_counter() - started
        started = time.perf_counter()
        again = app.partners.import_activity(data)
        again_s = time.perf_counter() - started
        assert (first.applied, again.already) == (RECEIPTS, RECEIPTS)

        settle_ms = []
        for _ in range(5):
            started = time.perf_counter()
            app.partners.settlement(date(2026, 3, 1), date(2026, 3, 31))
            settle_ms.append((time.perf_counter() - started) * 1000)
        app.close()
    return {
        "receipts": RECEIPTS,
        "typed_one_by_one_s": round(typed_s, 2),
        "signed_file_import_s": round(import_s, 2),
        "import_vs_typed": round(import_s / typed_s, 2),
        "same_file_again_s": round(again_s, 2),
        "settlement_month_ms_median": round(sorted(settle_ms)[2], 1),
    }
