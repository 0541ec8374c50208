"""`kiosk sync`: run the Stripe sync (once or until stopped), show its status, retry reviewed items."""

from __future__ import annotations

import argparse
import threading
from datetime import datetime
from typing import Any

from kiosk.cli.common import emit, language_of, load_app, shop_moment
from kiosk.domain.events import Message
from kiosk.domain.money import Money
from kiosk.l10n.catalogue import render
from kiosk.l10n.status import sync_topic
from kiosk.services.app import Services
from kiosk.services.sync import SyncService
from kiosk.services.sync.status import PAUSE_CHECKS, PAUSE_REASONS, SyncPause, SyncReport, SyncStatus


def pause_text(pause: SyncPause, lang: str, *, waiting: int | None = None, since: datetime | None = None) -> str:
    """The manager's message for a paused sync, said from its codes in `lang`; `since` is the local time."""
    params: dict[str, object] = {
        "http_status": str(pause.http_status or "?"), "members": pause.members, "error_code": pause.error_code or "?",
        "operation": pause.operation or Message("sync.pause.a_request"), "reason": pause.reason}
    reason = render(f"sync.pause.{pause.reason}" if pause.reason in PAUSE_REASONS else "sync.pause.other", params,
                    lang)
    lines = [render("sync.paused_since" if since else "sync.paused", {"since": since, "reason": reason}, lang),
             render(f"sync.check.{pause.check}" if pause.check in PAUSE_CHECKS else "sync.check.other",
                    {"check": pause.check}, lang),
             render("sync.pause.nothing_lost" if waiting is None else "sync.pause.nothing_lost_waiting",
                    {"waiting": waiting}, lang)]
    if pause.detail:
        lines.append(render("sync.pause.error", {"detail": pause.detail}, lang))
    return "\n".join(lines)


def report_text(report: SyncReport, currency: str, lang: str) -> str:
    """One pass of the sync, as `kiosk sync` says it."""
    if not report.configured:
        return render("sync.not_configured", None, lang)
    if not report.ran:
        return render("sync.did_not_run", {"why": report.note or report.error}, lang)
    state = "sync.online" if report.online else ("sync.offline" if report.online is False else "sync.not_tried")
    text = render("sync.report", {
        "state": Message(state), "snapshots": report.snapshots, "credits": report.credits,
        "erasures": report.erasures, "skipped": report.skipped, "retry_later": report.retry_later,
        "review": report.review, "payments": report.payments, "points": report.points_awarded,
        "credit_used": Money(report.credit_used_minor, currency), "memberships": report.memberships_updated}, lang)
    if report.error:
        text = render("sync.report_error", {"report": text, "error": report.error}, lang)
    return text


def _report_text(app: Services, report: SyncReport, lang: str) -> str:
    text = report_text(report, app.ctx.currency, lang)
    if report.paused is not None:
        text += "\n" + pause_text(report.paused, lang, since=_when(app, report.paused.since))
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
        lang = language_of(args, app)
        if args.once:
            report = service.run_once()
            emit(args, report, _report_text(app, report, lang))
            return 0 if (not report.configured or (report.ran and not report.error and report.online is not False)) \
                else 1
        if not service.configured:
            report = service.run_once()
            emit(args, report, lambda: report_text(report, app.ctx.currency, lang))
            return 0
        interval = args.interval if args.interval is not None else service.idle_seconds
        stop = threading.Event()
        try:
            while not stop.is_set():
                report = service.run_once()
                if report.pushed or report.payments or report.review or report.error or not report.ran:
                    emit(args, report, _report_text(app, report, lang))
                stop.wait(interval)
        except KeyboardInterrupt:
            pass
        return 0


def _when(app: Services, value: datetime | None) -> datetime | None:
    """A moment in the shop's time zone (the catalogue says it in the command's language)."""
    return None if value is None else app.ctx.local(value)


def status_text(app: Services, status: SyncStatus, lang: str) -> str:
    """`kiosk sync status` in `lang`."""
    if not status.configured:
        state = Message("sync.state.not_configured")
    elif status.paused is not None:
        state = Message("sync.state.paused")
    else:
        state = Message({True: "sync.online", False: "sync.offline", None: "sync.state.not_checked"}[status.online])
    lines = [render("sync.status.stripe", {"state": state}, lang),
             render("sync.status.waiting", {"count": status.waiting}, lang),
             render("sync.status.last_success", {"when": shop_moment(app, status.last_success)}, lang)]
    if status.paused is not None:
        lines.append(pause_text(status.paused, lang, waiting=status.waiting, since=_when(app, status.paused.since)))
    elif status.last_error:
        lines.append(render("sync.status.last_error", {"error": status.last_error}, lang))
    lines.append(render("sync.status.review" if status.review else "sync.status.review_empty",
                        {"count": len(status.review)}, lang))
    for item in status.review:
        lines.append(render("sync.status.review_item", {
            "seq": str(item.seq), "outbox_id": item.outbox_id, "topic": sync_topic(item.topic),
            "member": item.member_id or "-",
            "entry": item.entry_id or "-", "tries": item.attempts, "error": item.last_error}, lang))
    if status.review:
        lines.append(render("sync.status.review_fix", None, lang))
    return "\n".join(lines)


def show_status(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        service = _service(app)
        if args.check and service.configured:
            service.check_connection()
        status = service.status()
        emit(args, status, lambda: status_text(app, status, language_of(args, app)))
        return 0


def retry_item(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        lang = language_of(args, app)
        if args.all:
            count = _service(app).retry_all()
            emit(args, {"retried": count}, lambda: render("sync.retried_all", {"count": count}, lang))
            return 0
        item = _service(app).retry(args.outbox_id)
        emit(args, item, lambda: render("sync.retried", {"seq": str(item.seq), "topic": sync_topic(item.topic)}, lang))
        return 0
