"""Stripe sync against the local fake Stripe: a week offline (10,000 entries), faults, a killed worker, review."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
from sqlalchemy import select, update

from kiosk.adapters.db import tables as t
from kiosk.domain.money import Money
from kiosk.l10n.catalogue import format_value
from tests.support.fake_stripe import FakeStripe
from tests.support.stripe_fixtures import (
    ShopData,
    assert_stripe_mirrors_ledger,
    build_shop,
    copy_shop,
    sync_app,
    sync_until_idle,
)

# Child processes, kill loops, real waits on a throttled printer or a local Stripe: left out of the quick run.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def week_offline(tmp_path_factory: pytest.TempPathFactory) -> ShopData:
    """150 members and 10,000 ledger entries (about 2,500 of them move store credit), none synced yet."""
    return build_shop(tmp_path_factory.mktemp("week") / "shop", members=150, entries=10_000)


@pytest.fixture(scope="module")
def small_shop(tmp_path_factory: pytest.TempPathFactory) -> ShopData:
    return build_shop(tmp_path_factory.mktemp("small") / "shop", members=40, entries=1_500, seed=11)


@pytest.fixture
def shop(small_shop: ShopData, tmp_path: Path) -> ShopData:
    return copy_shop(small_shop, tmp_path / "shop")


def test_a_week_offline_syncs_exactly_once_and_stripe_mirrors_the_ledger(
        week_offline: ShopData, tmp_path: Path, fake_stripe: FakeStripe) -> None:
    shop = copy_shop(week_offline, tmp_path / "shop")
    assert shop.entries == 10_000 and shop.credit_entries > 2_000
    with sync_app(shop.data_dir, fake_stripe) as app:
        sync = app.services.sync
        before = sync.status()
        assert before.configured and before.online is None and before.waiting > 10_000

        reports = sync_until_idle(app)

        figures = assert_stripe_mirrors_ledger(app, fake_stripe)
        assert figures["customers"] == 150
        assert sum(r.credits for r in reports) == figures["balance_transactions"] == shop.credit_entries
        # Snapshots are coalesced: one customer write per member, not one per ledger entry.
        assert sum(r.snapshots for r in reports) == 150
        posts = [r for r in fake_stripe.requests if r.method == "POST"]
        assert all(r.idempotency_key for r in posts)
        # A new member costs a create and an update: no search first (search is only the fallback after
        # Stripe's 24-hour key memory), so 2 customer requests per member, not 3.
        customer_requests = [r for r in fake_stripe.requests
                             if r.path.startswith("/v1/customers") and "/balance_transactions" not in r.path]
        assert not [r for r in customer_requests if r.path == "/v1/customers/search"]
        assert len(customer_requests) == 2 * 150, len(customer_requests)
        after = sync.status()
        assert (after.online, after.waiting, after.review, after.last_error) == (True, 0, [], None)
        assert after.last_success is not None
        verified = app.services.verify.run()
        assert verified.ok, verified

        # Nothing new: the next pass sends nothing at all.
        fake_stripe.clear_request_log()
        again = sync.run_once()
        assert again.pushed == 0 and not [r for r in fake_stripe.requests if r.method == "POST"]


def test_many_requests_in_flight_at_a_real_round_trip_send_everything_exactly_once(
        shop: ShopData, fake_stripe: FakeStripe) -> None:
    # Stripe answers after 50 ms: the batch is one pipeline on 32 threads (snapshots, customers and credit
    # together), and nothing is sent twice, lost, or sent before its member's customer exists.
    fake_stripe.latency_seconds = 0.05
    with sync_app(shop.data_dir, fake_stripe, workers=32) as app:
        reports = sync_until_idle(app)
        figures = assert_stripe_mirrors_ledger(app, fake_stripe)
    assert figures["customers"] == len(shop.member_ids)
    assert sum(r.credits for r in reports) == figures["balance_transactions"] == shop.credit_entries
    assert fake_stripe.max_in_flight > 16  # more than the old thread cap were in flight at once
    first_credit: dict[str, float] = {}
    created: dict[str, float] = {}
    for request in fake_stripe.requests:
        parts = request.path.split("/")
        if request.method == "POST" and request.path.endswith("/balance_transactions"):
            first_credit.setdefault(parts[3], request.at)
        elif request.method == "POST" and len(parts) == 4 and parts[2] == "customers" and parts[3] != "search":
            created.setdefault(parts[3], request.at)  # the update that follows the create
    assert all(created[customer] <= at for customer, at in first_credit.items())


def test_thirty_percent_faults_and_dropped_connections_end_in_the_same_state(
        shop: ShopData, fake_stripe: FakeStripe) -> None:
    fake_stripe.set_faults(rate_limit=0.1, server_error=0.1, drop_before=0.05, drop_after=0.05, seed=3)
    with sync_app(shop.data_dir, fake_stripe, max_attempts=3) as app:
        reports = sync_until_idle(app, passes=200)
        fake_stripe.clear_faults()
        outcomes = {r.outcome for r in fake_stripe.requests}
        assert {"rate_limit", "server_error", "drop_before", "drop_after", "replayed"} <= outcomes
        figures = assert_stripe_mirrors_ledger(app, fake_stripe)
        assert figures["balance_transactions"] == shop.credit_entries
        assert sum(r.review for r in reports) == 0
        assert app.services.sync.status().review == []


def test_keys_forgotten_after_24_hours_are_reconciled_by_entry_id(shop: ShopData, fake_stripe: FakeStripe) -> None:
    # Every credit POST runs on Stripe but its answer is lost; a day later Stripe has forgotten the keys.
    with sync_app(shop.data_dir, fake_stripe, clock=_OffsetClock()) as app:
        sync = app.services.sync
        sync.run_once()  # customers exist, credit too: the baseline
        with app.engine.begin() as conn:  # make every credit row pending again, as if its answer was lost
            conn.execute(update(t.outbox).where(t.outbox.c.topic == "credit.balance_transaction")
                         .values(status="pending", attempts=1))
        fake_stripe.forget_idempotency_keys()
        sync.clock.advance(hours=25)  # type: ignore[attr-defined]

        sync_until_idle(app)

        assert_stripe_mirrors_ledger(app, fake_stripe)  # found by entry id on Stripe, never sent twice


def test_a_worker_killed_mid_sync_and_restarted_ends_in_the_same_state(
        shop: ShopData, fake_stripe: FakeStripe, tmp_path: Path) -> None:
    config = tmp_path / "stripe.toml"
    config.write_text(f'[stripe]\nenabled = true\napi_base = "{fake_stripe.url}"\nrate_limit_per_second = 400\n'
                      '[backup]\ndaily = false\n')
    env = {**os.environ, "KIOSK_STRIPE_API_KEY": fake_stripe.api_key, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "kiosk", "--data-dir", str(shop.data_dir), "--config", str(config),
               "--language", "en", "sync", "--once"]
    child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while sum(1 for r in fake_stripe.requests if r.method == "POST" and "balance_transactions" in r.path) < 100:
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL

    with sync_app(shop.data_dir, fake_stripe) as app:
        assert 0 < app.services.sync.status().waiting  # it really was cut off half way
    rerun = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert "credit movements" in rerun.stdout

    with sync_app(shop.data_dir, fake_stripe) as app:
        assert app.services.sync.status().waiting == 0
        figures = assert_stripe_mirrors_ledger(app, fake_stripe)
        assert figures["balance_transactions"] == shop.credit_entries


def _waiting(data_dir: Path) -> int:
    import sqlite3

    with sqlite3.connect(data_dir / "shop.sqlite3") as db:
        return int(db.execute("SELECT count(*) FROM outbox WHERE status = 'pending'").fetchone()[0])


def test_a_worker_killed_again_and_again_keeps_the_progress_of_every_run(
        shop: ShopData, fake_stripe: FakeStripe, tmp_path: Path) -> None:
    # At 50 requests/s a batch of 1,000 rows takes far longer than the second each worker gets after it first
    # saves progress (as 10 s would at the default 20 requests/s with a bigger shop), so each is killed mid-batch
    # and only progress saved as it happens survives: every kill must leave fewer rows waiting than the one before.
    config = tmp_path / "stripe.toml"
    config.write_text(f'[stripe]\nenabled = true\napi_base = "{fake_stripe.url}"\nrate_limit_per_second = 50\n'
                      '[backup]\ndaily = false\n')
    env = {**os.environ, "KIOSK_STRIPE_API_KEY": fake_stripe.api_key, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "kiosk", "--data-dir", str(shop.data_dir), "--config", str(config),
               "sync", "--once"]
    waiting = [_waiting(shop.data_dir)]
    kills = 0
    while waiting[-1] > 0:
        seen = len(fake_stripe.requests)
        child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while len(fake_stripe.requests) == seen and child.poll() is None:  # wait until it talks to Stripe
            assert time.monotonic() < deadline
            time.sleep(0.01)
        # Killed 1 s after its first saved progress, not at a fixed time: on a loaded machine a child can spend
        # 1.5 s between its first request and its first flush, and the kill then proves nothing either way.
        while _waiting(shop.data_dir) == waiting[-1] and child.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        try:
            child.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)
        _out, err = child.communicate()
        waiting.append(_waiting(shop.data_dir))
        if child.returncode == 0:
            break
        assert child.returncode == -signal.SIGKILL, err
        kills += 1
        assert waiting[-1] < waiting[-2], f"no progress kept after kill {kills}: waiting {waiting}"
        assert kills < 40, waiting
    assert kills >= 3, f"killed only {kills} times: {waiting}"
    print(f"\nkilled {kills} times; waiting after each kill: {waiting}")

    rerun = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr  # and a pass with nothing left to push finishes cleanly
    with sync_app(shop.data_dir, fake_stripe) as app:
        assert app.services.sync.status().waiting == 0
        figures = assert_stripe_mirrors_ledger(app, fake_stripe)
        assert figures["balance_transactions"] == shop.credit_entries


def test_a_permanent_error_goes_to_review_and_does_not_block_the_rest(
        shop: ShopData, fake_stripe: FakeStripe, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with sync_app(shop.data_dir, fake_stripe) as app:
        sync = app.services.sync
        victim = shop.member_ids[3]
        # Someone gave this member a US-dollar balance in the Stripe dashboard: Stripe now refuses baht for it.
        customer_id = sync.ensure_customer(victim)
        sync.gateway.create_balance_transaction(customer_id=customer_id, amount=Money(-100, "USD"),
                                                entry_id="dashboard", description="manual",
                                                idempotency_key="kiosk:test:usd")
        reports = sync_until_idle(app)

        status = sync.status()
        assert status.waiting == 0 and status.review
        assert {item.member_id for item in status.review} == {victim}
        assert all(item.topic == "credit.balance_transaction" and "usd" in format_value(item.last_error, "en")
                   for item in status.review)
        # Kept as Stripe's code and words, framed in the reader's language (issue 17)
        assert all(format_value(item.last_error, "th").startswith("Stripe ตอบกลับ [") for item in status.review)
        assert sum(r.review for r in reports) == len(status.review)
        with app.engine.connect() as conn:
            others = conn.execute(select(t.outbox.c.status).where(t.outbox.c.member_id != victim)).scalars().all()
        assert set(others) == {"done"}  # everybody else went through

    # The manager sees it from the command line and sends one item again after fixing the cause.
    config = tmp_path / "stripe.toml"  # an English shop: the refusal below is read in English
    config.write_text(f'[shop]\nlanguage = "en"\n[stripe]\nenabled = true\napi_base = "{fake_stripe.url}"\n'
                      '[backup]\ndaily = false\n')
    monkeypatch.setenv("KIOSK_STRIPE_API_KEY", fake_stripe.api_key)
    from kiosk.cli import main

    base = ["--data-dir", str(shop.data_dir), "--config", str(config), "--language", "en", "sync"]
    assert main([*base, "status"]) == 0
    out = capsys.readouterr().out
    assert "Stripe: online" in out and "Waiting to send: 0" in out and f"Review list: {len(status.review)}" in out
    assert main([*base[:-3], "--language", "th", "sync", "status"]) == 0
    thai = capsys.readouterr().out
    assert "ลองแล้ว 1 ครั้ง: Stripe ตอบกลับ [" in thai and "Last error" not in thai and "Review" not in thai
    first = status.review[0]
    assert main([*base, "retry", str(first.seq)]) == 0
    assert "will be sent again" in capsys.readouterr().out
    assert main([*base, "retry", "999999"]) == 1
    assert "no item waiting for review" in capsys.readouterr().err
    assert main([*base, "--once"]) == 0
    assert "1 to review" in capsys.readouterr().out  # the cause is not fixed yet: back on the list, once


# ------------------------------------------------------------------ faults that are not about one row


def _outbox_attempts(app) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with app.engine.connect() as conn:
        rows = conn.execute(select(t.outbox.c.status, t.outbox.c.attempts)).all()
    counts: dict[str, int] = {}
    for status, attempts in rows:
        counts[status] = counts.get(status, 0) + 1
        counts["attempts"] = counts.get("attempts", 0) + attempts
    return counts


def _cli(data_dir: Path, fake: FakeStripe, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *,
         api_base: str | None = None) -> list[str]:
    config = tmp_path / "stripe.toml"
    config.write_text(f'[stripe]\nenabled = true\napi_base = "{api_base or fake.url}"\n[backup]\ndaily = false\n')
    monkeypatch.setenv("KIOSK_STRIPE_API_KEY", fake.api_key)
    return ["--data-dir", str(data_dir), "--config", str(config), "--language", "en", "sync"]  # its English read here


def test_a_wrong_api_base_pauses_the_sync_and_keeps_every_row_waiting(
        shop: ShopData, fake_stripe: FakeStripe, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # A path prefix nothing answers: every endpoint says 404 with no error code, as a mis-set api_base or a
    # proxy in front of Stripe does. That is not about any one row.
    wrong = f"{fake_stripe.url}/not-stripe"
    # At 8 requests a second the sync runs 4 threads: what goes out before the first 404 is back is bounded by
    # them, not by how busy the machine is (at the fixtures' 1,000/s it runs 64, all of which a loaded machine
    # can start before one answer arrives).
    with sync_app(shop.data_dir, fake_stripe, api_base=wrong, rate=8.0) as app:
        sync = app.services.sync
        before = _outbox_attempts(app)

        report = sync.run_once()

        assert report.review == 0, f"{report.review} of {before['pending']} rows moved to review"
        assert _outbox_attempts(app) == before  # every row still waiting, no attempt counted against it
        status = sync.status()
        assert status.review == [] and status.waiting == before["pending"]
        assert status.paused is not None
        assert (status.paused.code, status.paused.reason, status.paused.check) == (
            "sync_paused", "endpoint_not_found", "api_base")
        assert status.paused.http_status == 404
        # It stopped at the first answers instead of trying every row against a dead address.
        assert len(fake_stripe.requests) <= 16

    from kiosk.cli import main

    base = _cli(shop.data_dir, fake_stripe, tmp_path, monkeypatch, api_base=wrong)
    assert main([*base, "status"]) == 0
    out = capsys.readouterr().out
    assert "Sync is paused" in out and "api_base" in out and f"Waiting to send: {before['pending']:,}" in out
    assert main([*base, "--once"]) == 1
    assert "Sync is paused" in capsys.readouterr().out

    # Fixed: everything goes, once, and the pause is over.
    with sync_app(shop.data_dir, fake_stripe) as app:
        sync_until_idle(app)
        status = app.services.sync.status()
        assert status.paused is None and status.review == [] and status.waiting == 0
        assert assert_stripe_mirrors_ledger(app, fake_stripe)["balance_transactions"] == shop.credit_entries


def test_sync_status_lists_every_review_item_and_retry_all_requeues_them(
        shop: ShopData, fake_stripe: FakeStripe, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    with sync_app(shop.data_dir, fake_stripe) as app:
        with app.engine.begin() as conn:  # 411 rows on the review list, as after the 404 of the report
            seqs = conn.execute(select(t.outbox.c.seq).order_by(t.outbox.c.seq).limit(411)).scalars().all()
            conn.execute(update(t.outbox).where(t.outbox.c.seq.in_(seqs))
                         .values(status="review", attempts=1, last_error="[invalid_request] Stripe: 404"))
        assert len(app.services.sync.status().review) == 411

    from kiosk.cli import main

    base = _cli(shop.data_dir, fake_stripe, tmp_path, monkeypatch)
    assert main([*base, "status"]) == 0
    out = capsys.readouterr().out
    assert "Review list: 411" in out
    assert "tries 1: [invalid_request] Stripe: 404" in out  # a sentence an older version stored, as it is
    assert sum(1 for line in out.splitlines() if line.startswith("  #")) == 411
    assert main([*base, "status", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed["review"]) == 411 and listed["review_count"] == 411

    assert main([*base, "retry", "--all"]) == 0
    assert "411" in capsys.readouterr().out
    with pytest.raises(SystemExit):  # neither an id nor --all: a usage error
        main([*base, "retry"])
    capsys.readouterr()
    with sync_app(shop.data_dir, fake_stripe) as app:
        status = app.services.sync.status()
        assert status.review == [] and status.waiting == _outbox_attempts(app)["pending"]
        with app.engine.connect() as conn:
            assert set(conn.execute(select(t.outbox.c.attempts).where(t.outbox.c.seq.in_(seqs))).scalars()) == {0}
        sync_until_idle(app)
        assert_stripe_mirrors_ledger(app, fake_stripe)


def test_the_same_refusal_for_many_members_pauses_instead_of_filling_the_review_list(
        shop: ShopData, fake_stripe: FakeStripe) -> None:
    # Stripe itself refuses every balance transaction alike (an account setting, an API change): a valid
    # Stripe error with a code, so only its repetition across members shows it is not about them.
    fake_stripe.fail_route("/v1/customers/*/balance_transactions", method="POST", status=400, error={
        "type": "invalid_request_error", "code": "parameter_unknown", "param": "metadata",
        "message": "Received unknown parameter: metadata"})
    with sync_app(shop.data_dir, fake_stripe) as app:
        sync = app.services.sync
        credits = _credit_rows(app)

        report = sync.run_once()

        status = sync.status()
        reviewed = {item.member_id for item in status.review}
        assert len(reviewed) < 5, f"{len(status.review)} of {credits} credit rows moved to review"
        assert status.paused is not None
        assert (status.paused.reason, status.paused.error_code) == ("repeated_refusal", "parameter_unknown")
        assert report.review == len(status.review)

        fake_stripe.clear_faults()
        assert sync.retry_all() == len(status.review)
        sync_until_idle(app)
        assert sync.status().review == [] and sync.status().paused is None
        assert assert_stripe_mirrors_ledger(app, fake_stripe)["balance_transactions"] == shop.credit_entries


def _credit_rows(app) -> int:  # type: ignore[no-untyped-def]
    with app.engine.connect() as conn:
        return len(conn.execute(select(t.outbox.c.seq).where(
            t.outbox.c.topic == "credit.balance_transaction")).all())


@pytest.mark.parametrize("html", [False, True], ids=["json-404", "proxy-html-404"])
def test_a_404_from_customer_search_costs_nothing_when_search_is_not_needed(
        shop: ShopData, fake_stripe: FakeStripe, html: bool) -> None:
    # A proxy blocks the search endpoint. New members are created under their per-member key, so a sync
    # within Stripe's key memory never asks search at all, and nothing goes to review.
    fake_stripe.fail_route("/v1/customers/search", html=html)
    with sync_app(shop.data_dir, fake_stripe) as app:
        reports = sync_until_idle(app)
        status = app.services.sync.status()
        moved = sum(r.review for r in reports)
        assert moved == 0 and status.review == [], f"{moved} rows moved to review"
        assert status.paused is None
        assert not [r for r in fake_stripe.requests if r.path == "/v1/customers/search"]
        fake_stripe.clear_faults()
        assert_stripe_mirrors_ledger(app, fake_stripe)


def test_a_create_older_than_the_key_memory_searches_first_and_a_search_404_pauses(
        shop: ShopData, fake_stripe: FakeStripe) -> None:
    clock = _OffsetClock()
    with sync_app(shop.data_dir, fake_stripe, clock=clock, max_attempts=2) as app:
        sync = app.services.sync
        # Customer creates reach Stripe but every answer is lost: the customers exist, the kiosk never heard.
        fake_stripe.set_faults(drop_after=1.0, methods=["POST"])
        assert sync.run_once().online is False
        fake_stripe.clear_faults()
        lost = [c for c in fake_stripe.customers() if c["metadata"].get("member_id")]
        assert lost
        # A day later Stripe has forgotten the create keys: only a search can find those customers now.
        fake_stripe.forget_idempotency_keys()
        clock.advance(hours=25)
        fake_stripe.fail_route("/v1/customers/search")
        before = _outbox_attempts(app)

        report = sync.run_once()

        assert report.review == 0 and sync.status().review == [], f"{report.review} rows moved to review"
        status = sync.status()
        assert status.paused is not None and status.paused.reason == "endpoint_not_found"
        assert _outbox_attempts(app)["pending"] <= before["pending"]
        searches = [r for r in fake_stripe.requests if r.path == "/v1/customers/search"]
        assert searches and all(r.outcome == "route_fault" for r in searches)

        fake_stripe.clear_faults()
        sync_until_idle(app)
        assert sync.status().paused is None
        figures = assert_stripe_mirrors_ledger(app, fake_stripe)  # no second customer for any member
        assert figures["customers"] == len(shop.member_ids)


class _OffsetClock:
    """Real time plus a hand-moved offset: retries become due, and 'a day later' can be simulated."""

    def __init__(self) -> None:
        from datetime import timedelta

        self.offset = timedelta()

    def now(self):  # type: ignore[no-untyped-def]
        from datetime import datetime

        return datetime.now(UTC) + self.offset

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.offset += timedelta(**delta)


@pytest.fixture(autouse=True)
def _no_stray_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("KIOSK_STRIPE_API_KEY", raising=False)
    yield
