"""`kiosk sync`: run the Stripe sync (once or until stopped), show its status, retry reviewed items."""

from __future__ import annotations

import argparse
import threading
from typing import Any

from kiosk.cli.common import emit, load_app
from kiosk.services.app import Services
from kiosk.services.sync import SyncService
from kiosk.services.sync.status import SyncPause, SyncReport

# What a pause means and what to check, by the codes SyncPause carries (kiosk.services.sync.status).
PAUSE_REASONS = {
    "endpoint_not_found": "Stripe's address answered \"no such endpoint\" (HTTP {http_status}) for {operation}: "
                          "that address is not Stripe's API, or something between the shop and Stripe blocks it.",
    "not_stripe": "Something other than Stripe answered (HTTP {http_status}, a web page instead of Stripe's "
                  "answer) for {operation}.",
    "authentication_failed": "Stripe refused the API key.",
    "permission_denied": "Stripe says the API key may not do this ({operation}).",
    "tls_failed": "No secure connection to Stripe could be set up for {operation}.",
    "repeated_refusal": "Stripe refused {members} different members in a row with the same error "
                        "({error_code}): that is not about those members.",
}
PAUSE_CHECKS = {
    "api_base": "Check the api_base setting under [stripe] (leave it out to use Stripe itself) and any proxy or "
                "firewall between this computer and api.stripe.com.",
    "api_key": "Check the API key (KIOSK_STRIPE_API_KEY or the key in the keyring): a current secret key, or a "
               "restricted key allowed to write customers.",
    "network": "Check for a proxy or firewall that intercepts secure connections, that api_base starts with "
               "https:// and has the right port, and that this computer's date and time are right.",
    "stripe_refusal": "Read the error below; it usually means a Stripe account setting or an app update. Fix it, "
                      "then run: kiosk sync --once",
}


def pause_text(pause: SyncPause, *, waiting: int | None = None, since: str | None = None) -> str:
    """The manager's message for a paused sync (codes in, English out); `since` is the local time to show."""
    params = {"http_status": pause.http_status or "?", "operation": pause.operation or "a request",
              "members": pause.members, "error_code": pause.error_code or "?"}
    reason = PAUSE_REASONS.get(pause.reason, "Stripe cannot be used right now ({reason}).").format(
        reason=pause.reason, **params)
    lines = [f"Sync is paused{f' since {since}' if since else ''}: {reason}",
             PAUSE_CHECKS.get(pause.check, f"Check: {pause.check}."),
             "Nothing is lost or sent to review meanwhile"
             + (f": {waiting:,} change(s) wait" if waiting is not None else "")
             + "; the sync tries again by itself every minute or so, and `kiosk sync --once` tries now."]
    if pause.detail:
        lines.append(f"Error: {pause.detail}")
    return "\n".join(lines)


def _report_text(app: Services, report: SyncReport) -> str:
    text = report.summary()
    if report.paused is not None:
        text += "\n" + pause_text(report.paused, since=_when(app, report.paused.since))
    return text


def register(subparsers: Any) -> None:
    sync = subparsers.add_parser(
        "sync", help="send the ledger to Stripe and pull online payments (runs until Ctrl-C, or --once)",
        description="Push waiting customers and store credit to Stripe and pull online payments and membership "
                    "changes. Safe to stop at any moment and run again: nothing is sent twice.")
    sync.add_argument("--once", action="store_true", help="one pass, then exit (exit status 1 if it failed)")
    sync.add_argument("--interval", type=float, default=None, help="seconds between passes (default 15)")
    sync.set_defaults(handler=run_sync)
    actions = sync.add_subparsers(dest="sync_action", metavar="ACTION")
    status = actions.add_parser("status", help="online/offline or paused, waiting, the whole review list, last success")
    status.add_argument("--check", action="store_true", help="ask Stripe now whether it answers")
    status.set_defaults(handler=show_status)
    retry = actions.add_parser("retry", help="send a review item (or all of them) again after fixing the cause")
    which = retry.add_mutually_exclusive_group(required=True)
    which.add_argument("outbox_id", metavar="OUTBOX_ID", nargs="?",
                       help="the item's id or number from `kiosk sync status`")
    which.add_argument("--all", action="store_true", help="every item on the review list, in one go")
    retry.set_defaults(handler=retry_item)


def _service(app: Services) -> SyncService:
    return app.sync


def run_sync(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        service = _service(app)
        if args.once:
            report = service.run_once()
            emit(args, report, _report_text(app, report))
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
                    emit(args, report, _report_text(app, report))
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
                if status.paused is not None:
                    state = "sync paused (see below)"
            lines = [f"Stripe: {state}", f"Waiting to send: {status.waiting}",
                     f"Last successful sync: {_when(app, status.last_success)}"]
            if status.paused is not None:
                lines.append(pause_text(status.paused, waiting=status.waiting, since=_when(app, status.paused.since)))
            elif status.last_error:
                lines.append(f"Last error: {status.last_error}")
            lines.append(f"Review list: {len(status.review)}" + (" (nothing to do)" if not status.review else ""))
            for item in status.review:
                lines.append(f"  #{item.seq} {item.outbox_id} {item.topic} member {item.member_id or '-'} "
                             f"entry {item.entry_id or '-'} tries {item.attempts}: {item.last_error}")
            if status.review:
                lines.append("Fix the cause, then: kiosk sync retry <number>, or kiosk sync retry --all")
            return "\n".join(lines)

        emit(args, status, text)
        return 0


def retry_item(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        if args.all:
            count = _service(app).retry_all()
            emit(args, {"retried": count}, f"{count:,} review item(s) will be sent again on the next sync.")
            return 0
        item = _service(app).retry(args.outbox_id)
        emit(args, item, f"#{item.seq} ({item.topic}) will be sent again on the next sync.")
        return 0
