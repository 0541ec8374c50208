"""`kiosk sync`: run the Stripe sync (once or until stopped), show its status, retry a reviewed item."""

from __future__ import annotations

import argparse
import threading
from typing import Any

from kiosk.cli.common import emit, load_app
from kiosk.services.app import Services
from kiosk.services.sync import SyncService


def register(subparsers: Any) -> None:
    sync = subparsers.add_parser(
        "sync", help="send the ledger to Stripe and pull online payments (runs until Ctrl-C, or --once)",
        description="Push waiting customers and store credit to Stripe and pull online payments and membership "
                    "changes. Safe to stop at any moment and run again: nothing is sent twice.")
    sync.add_argument("--once", action="store_true", help="one pass, then exit (exit status 1 if it failed)")
    sync.add_argument("--interval", type=float, default=None, help="seconds between passes (default 15)")
    sync.set_defaults(handler=run_sync)
    actions = sync.add_subparsers(dest="sync_action", metavar="ACTION")
    status = actions.add_parser("status", help="online/offline, waiting, review list, last success")
    status.add_argument("--check", action="store_true", help="ask Stripe now whether it answers")
    status.set_defaults(handler=show_status)
    retry = actions.add_parser("retry", help="send a review item again after fixing its cause")
    retry.add_argument("outbox_id", metavar="OUTBOX_ID", help="the item's id or number from `kiosk sync status`")
    retry.set_defaults(handler=retry_item)


def _service(app: Services) -> SyncService:
    return app.sync


def run_sync(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        service = _service(app)
        if args.once:
            report = service.run_once()
            emit(args, report, report.summary)
            return 0 if (not report.configured or (report.ran and not report.error and report.online is not False)) \
                else 1
        if not service.configured:
            report = service.run_once()
            emit(args, report, report.summary)
            return 0
        interval = args.interval if args.interval is not None else service.idle_seconds
        stop = threading.Event()
        try:
            while not stop.is_set():
                report = service.run_once()
                if report.pushed or report.payments or report.review or report.error or not report.ran:
                    emit(args, report, report.summary)
                stop.wait(interval)
        except KeyboardInterrupt:
            pass
        return 0


def _when(app: Services, value: Any) -> str:
    if value is None:
        return "never"
    return app.ctx.local(value).strftime("%Y-%m-%d %H:%M:%S")


def show_status(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        service = _service(app)
        if args.check and service.configured:
            service.check_connection()
        status = service.status()

        def text() -> str:
            if not status.configured:
                state = "not configured (set stripe.enabled and KIOSK_STRIPE_API_KEY)"
            else:
                state = {True: "online", False: "offline", None: "not checked yet"}[status.online]
            lines = [f"Stripe: {state}", f"Waiting to send: {status.waiting}",
                     f"Last successful sync: {_when(app, status.last_success)}"]
            if status.last_error:
                lines.append(f"Last error: {status.last_error}")
            lines.append(f"Review list: {len(status.review)}" + (" (nothing to do)" if not status.review else ""))
            for item in status.review:
                lines.append(f"  #{item.seq} {item.outbox_id} {item.topic} member {item.member_id or '-'} "
                             f"entry {item.entry_id or '-'} tries {item.attempts}: {item.last_error}")
            if status.review:
                lines.append("Fix the cause, then: kiosk sync retry <number>")
            return "\n".join(lines)

        emit(args, status, text)
        return 0


def retry_item(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        item = _service(app).retry(args.outbox_id)
        emit(args, item, f"#{item.seq} ({item.topic}) will be sent again on the next sync.")
        return 0
