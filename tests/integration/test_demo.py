"""`kiosk demo` is all or nothing: an interrupted build leaves nothing behind, a rerun equals a clean build, and
the counts it prints are the shop's real totals."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.bootstrap import build_app
from kiosk.cli.shop import build_demo_shop
from kiosk.config import load_settings
from kiosk.domain.errors import InvalidInput
from kiosk.services.context import FixedClock
from tests.integration.test_cli import PINNED_NOW, ROOT, kiosk
from tests.integration.test_trust_support import make_shop, snapshot

# Each test builds a demo shop or two (a few seconds each), and one kills a child process.
pytestmark = pytest.mark.slow

SIZE = {"members": 30, "days": 8, "seed": 7}
RANDOM_ID = re.compile(r"h[0-9a-v]{23}|[0-9a-f]{12,}")  # an ordered id (kiosk.domain.ids), a random one


class Interrupted(Exception):
    pass


def build(data_dir: Path, *, stop_after: int | None = None, **size: int) -> Any:
    def progress(done: int, total: int) -> None:
        if stop_after is not None and done >= stop_after:
            raise Interrupted  # as Ctrl-C would, part-way through the history

    return build_demo_shop(data_dir, clock=FixedClock(datetime.fromisoformat(PINNED_NOW)), progress=progress,
                           **(SIZE | size))


def fingerprint(data_dir: Path) -> dict[str, Any]:
    """What a shop holds, without the random ids: equal for two builds of the same demo."""
    conn = sqlite3.connect(data_dir / "shop.sqlite3")
    try:
        def rows(sql: str) -> list[tuple[Any, ...]]:
            # memos may name an entry or a sale by its random id
            return sorted((tuple(RANDOM_ID.sub("#", v) if isinstance(v, str) else v for v in row)
                           for row in conn.execute(sql).fetchall()), key=repr)

        phone = "(SELECT phone FROM members m WHERE m.id = {})"
        return {
            "staff": rows("SELECT name, role, active FROM staff"),
            "members": rows("SELECT name, phone, birthday, language, enrolled_date, consent_version FROM members"),
            "sales": rows(f"SELECT id, receipt_no, business_date, {phone.format('sales.member_id')}, subtotal_minor, "
                          "discount_minor, credit_paid_minor, total_minor, payment_method, status, flags FROM sales"),
            "entries": rows(f"SELECT kind, business_date, command_id, {phone.format('ledger_entries.member_id')}, "
                            "memo, flags, (SELECT group_concat(unit || ':' || amount) FROM "
                            "(SELECT unit, amount FROM postings p WHERE p.entry_id = ledger_entries.id "
                            "ORDER BY unit, amount)) FROM ledger_entries"),
            "balances": rows(f"SELECT coalesce({phone.format('account_balances.member_id')}, account), unit, balance "
                             "FROM account_balances WHERE balance != 0"),
            "vouchers": rows(f"SELECT reward_id, {phone.format('vouchers.member_id')}, redeemed_sale_id IS NULL "
                             "FROM vouchers"),
            "counts": snapshot(data_dir / "shop.sqlite3")["counts"],
        }
    finally:
        conn.close()


def totals(data_dir: Path) -> tuple[int, int]:
    conn = sqlite3.connect(data_dir / "shop.sqlite3")
    try:
        return (conn.execute("SELECT count(*) FROM members").fetchone()[0],
                conn.execute("SELECT count(*) FROM sales").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    data_dir = tmp_path_factory.mktemp("clean-demo") / "shop"
    return data_dir, build(data_dir)


def test_a_clean_build_reports_the_shops_real_totals(clean: tuple[Path, Any]) -> None:
    data_dir, result = clean
    assert (result.members, result.sales) == totals(data_dir) and result.members == SIZE["members"]
    assert result.featured_member_code.startswith("LK1M") and not (data_dir / ".demo-build").exists()


def test_the_demo_runs_a_promotion_a_challenge_offers_and_partners_and_keeps_them_in_its_settings(
        clean: tuple[Path, Any]) -> None:
    """Issue 17: the demo ran no promotion, challenge or offer and had no partner receipts, so the manager's
    Promotions and Partners pages were empty in the demo and in its pictures."""
    data_dir, _ = clean
    settings = load_settings(data_dir=data_dir)  # what any screen opened on the folder runs
    programs = settings.context.programs
    assert {p.id for p in programs.promotions} == {"afternoon-double", "weekend-pastry"}
    assert [c.id for c in programs.challenges] == ["visits5-month"]
    assert {o.id for o in programs.offers} == {"miss-you", "regulars-thanks"}
    assert [p.id for p in programs.partners] == ["bookshop", "bakery"]
    assert all(named.name_th for named in (*programs.promotions, *programs.challenges, *programs.offers,
                                           *programs.partners))
    with build_app(settings, clock=FixedClock(datetime.fromisoformat(PINNED_NOW))) as app:
        results = {r.promotion_id: r for r in app.promotions.results()}
        assert results["afternoon-double"].points_given > 0 and results["weekend-pastry"].points_given > 0
        assert app.promotions.challenges()[0].completions > 0
        assert sum(o.used for o in app.offers.results()) > 0
        settlement = app.partners.settlement(date(2026, 11, 1), date(2026, 11, 26))
        assert all(line.points_issued > 0 for line in settlement.lines)
        # saved by the owner through the settings service, as the Promotions page saves: validated and audited
        changed = [r for r in app.staff.audit_trail() if r.action == "settings.changed"]
        assert len(changed) == 1 and changed[0].staff_id == next(
            s.id for s in app.staff.list_staff() if s.name == "Ploy")


def test_the_demo_has_members_away_long_enough_for_the_lapsed_offer_and_counter_and_kiosk_show_it(
        tmp_path: Path) -> None:
    """The lapsed offer ("We miss you", 14 days away) was shown to nobody in the 21-day demo of the screenshots
    and the UI tests: its members kept coming to the end, so nobody trying the demo saw it. Some members now stop
    coming early in the history: one came back and was won back by it, and the counter and the kiosk show it to
    one still away, picked by the offer's own rule from their sales."""
    data_dir = tmp_path / "shop"
    build(data_dir, members=40, days=21)  # the screenshots' and the UI tests' demo
    settings = load_settings(data_dir=data_dir)
    lapsed = next(o for o in settings.context.programs.offers if o.selector == "lapsed")
    now = datetime.fromisoformat(PINNED_NOW)
    today = settings.context.business_date(now)
    conn = sqlite3.connect(data_dir / "shop.sqlite3")
    try:
        # each member's last day with a sale, from the sales themselves: what "has not come for N days" means
        last_sale = dict(conn.execute("SELECT m.phone, max(s.business_date) FROM members m JOIN sales s "
                                      "ON s.member_id = m.id GROUP BY m.phone").fetchall())
        enrolled = dict(conn.execute("SELECT phone, enrolled_date FROM members").fetchall())
    finally:
        conn.close()
    away = {phone: day for phone, day in last_sale.items()
            if (today - date.fromisoformat(day)).days >= lapsed.lapsed_days}
    assert away, "no member of the demo has been away for the lapsed offer's days"
    with build_app(settings, clock=FixedClock(now)) as app:
        assert app.verify.run().ok  # nothing the history wrote contradicts the rest
        won_back = next(r for r in app.offers.results() if r.offer_id == lapsed.id)
        assert won_back.shown >= 1 and won_back.used >= 1  # the Promotions page's figures for it
        picked = {phone for phone in enrolled if lapsed.id in {o.offer_id for o in app.accounts.account(phone).offers}}
        assert picked and picked <= set(away)  # the offer goes to members who really are away, and to some of them
        phone = min(picked)
        assert date.fromisoformat(enrolled[phone]) <= date.fromisoformat(away[phone])  # came after they joined
        account = app.accounts.account(phone)
        assert account.visits and all((today - v.at.astimezone(settings.context.tz).date()).days >= lapsed.lapsed_days
                                      for v in account.visits)
        # the counter's lookup shows it, and showing it starts its expiry, as the counter's member panel does
        shown = {o.offer_id: o for o in app.offers.show(account.member_id)}
        assert lapsed.id in shown and shown[lapsed.id].expires_at is not None
        code = account.member_code
    with build_app(settings, clock=FixedClock(now), role="kiosk") as kiosk_app:
        # the customers' kiosk, on the member's QR: the offer stays theirs until it expires
        assert lapsed.id in {o.offer_id for o in kiosk_app.selfservice.account_for_code(code).offers}


def test_an_interrupted_build_leaves_nothing_and_a_rerun_equals_a_clean_build(tmp_path: Path,
                                                                              clean: tuple[Path, Any]) -> None:
    """Issue 13 #15: interrupted and run again, the demo had 1,824 sales instead of 1,433 and printed "85
    members" for a shop of 120."""
    data_dir = tmp_path / "shop"
    for stop_after in (3, 25):  # during the first enrolments; well into the history
        with pytest.raises(Interrupted):
            build(data_dir, stop_after=stop_after)
        assert totals(data_dir) == (0, 0)  # the shop is as it was: empty
        assert load_settings(data_dir=data_dir).context.programs.promotions == ()  # and no settings written
    result = build(data_dir)
    assert (result.members, result.sales) == totals(data_dir) == totals(clean[0])
    assert (result.members, result.sales, result.days) == (clean[1].members, clean[1].sales, clean[1].days)
    assert fingerprint(data_dir) == fingerprint(clean[0])
    assert not (data_dir / ".demo-build").exists()


def test_a_demo_killed_mid_build_then_run_again_equals_a_clean_build(tmp_path: Path,
                                                                     clean: tuple[Path, Any]) -> None:
    data_dir = tmp_path / "shop"
    env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_MANAGER_PIN", "KIOSK_CONFIG",
                                                              "KIOSK_DATABASE_URL", "KIOSK_OWNER_PIN")}
    env["KIOSK_NOW"] = PINNED_NOW
    argv = [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "demo",
            *(f"--{k}={v}" for k, v in SIZE.items())]
    child = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staged = data_dir / ".demo-build" / "shop.sqlite3"
    deadline = time.monotonic() + 60
    sales = 0
    while sales < 20 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            conn = sqlite3.connect(f"file:{staged}?mode=ro", uri=True, timeout=1)
            try:
                sales = conn.execute("SELECT count(*) FROM sales").fetchone()[0]
            finally:
                conn.close()
        except sqlite3.Error:
            pass
    assert child.poll() is None, "the build finished before it could be killed: make the demo bigger"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert sales >= 20 and totals(data_dir) == (0, 0)
    run = kiosk(data_dir, "demo", *(f"--{k}={v}" for k, v in SIZE.items()), json_out=True)
    assert run.code == 0, run.err
    assert (run.json()["members"], run.json()["sales"]) == totals(data_dir) == totals(clean[0])
    assert fingerprint(data_dir) == fingerprint(clean[0])


def test_a_finished_demo_answers_with_its_real_totals_and_changes_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "shop"
    first = build(data_dir, members=6, days=2)
    before = snapshot(data_dir / "shop.sqlite3")
    assert build(data_dir, members=6, days=2) == first
    assert snapshot(data_dir / "shop.sqlite3") == before
    with pytest.raises(InvalidInput) as other:
        build(data_dir, members=7, days=2)
    assert other.value.code == "demo.exists" and "--members 6" in other.value.message
    # the shop sells on: the demo's answer is the shop's totals, not what the build once added
    assert kiosk(data_dir, "sale", "--amount", "55").code == 0
    assert kiosk(data_dir, "member", "enroll", "--name", "Malee", "--phone", "0895550101").code == 0
    again = build(data_dir, members=6, days=2)
    assert (again.members, again.sales) == (first.members + 1, first.sales + 1) == totals(data_dir)


def test_the_demo_refuses_a_folder_that_holds_another_shop(tmp_path: Path) -> None:
    shop = make_shop(tmp_path)
    shop.enroll()
    shop.app.close()
    before = snapshot(shop.db_path)
    with pytest.raises(InvalidInput) as caught:
        build(shop.data_dir)
    assert caught.value.code == "demo.target_not_empty"
    assert snapshot(shop.db_path) == before


def test_a_demo_built_early_in_the_morning_holds_nothing_dated_after_it(tmp_path: Path) -> None:
    """A black-box test: a demo built at 01:04 in Bangkok had members who joined at 14:02 that day, after the
    present (new members of today, sorted last in the audit)."""
    early = "2026-11-26T01:04:00+07:00"
    build_demo_shop(tmp_path, clock=FixedClock(datetime.fromisoformat(early)), progress=None, **SIZE)
    cutoff = datetime.fromisoformat(early).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    conn = sqlite3.connect(tmp_path / "shop.sqlite3")
    try:
        later = {table: conn.execute(f"SELECT count(*) FROM {table} WHERE {column} > ?", (cutoff,)).fetchone()[0]
                 for table, column in (("members", "enrolled_at"), ("sales", "created_at"),
                                       ("ledger_entries", "created_at"), ("audit_log", "at"),
                                       ("refunds", "created_at"))}
    finally:
        conn.close()
    assert later == dict.fromkeys(later, 0)
