"""`kiosk printer ...`: test page, status, the print queue, reprints and a queue drainer."""

from __future__ import annotations

import argparse
import functools
import json
import signal
import sys
import threading
from collections.abc import Callable, Mapping
from typing import Any

from kiosk.cli.common import emit, language_of, print_refusal, refusal_fields, refusal_json, refusal_line
from kiosk.domain.errors import KioskError, NotFound
from kiosk.l10n.catalogue import render, say
from kiosk.services.app import Services
from kiosk.services.ports.printing import PrintJob, PrintNotConfirmed, ReceiptPrinter
from kiosk.services.printing import PrintService


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    printer = subparsers.add_parser("printer", help="receipt printers and the print queue")
    commands = printer.add_subparsers(dest="printer_command", required=True, metavar="COMMAND")

    test = commands.add_parser("test", help="print a test page now (Thai, QR, widths), bypassing the queue")
    test.add_argument("--printer", metavar="NAME", help="configured printer name (default: the first)")
    test.set_defaults(handler=_with_app(printer_test))

    status = commands.add_parser("status", help="online / paper near end / paper out / cover open")
    status.add_argument("--printer", metavar="NAME", help="only this printer (default: all)")
    status.set_defaults(handler=_with_app(printer_status))

    queue = commands.add_parser("queue", help="jobs waiting to print, and held jobs a cashier must decide on")
    queue.set_defaults(handler=_with_app(printer_queue))

    reprint = commands.add_parser("reprint", help="queue a COPY of a receipt or slip")
    reprint.add_argument("reference", metavar="JOB_OR_RECEIPT_NO", help="print job id, receipt number or sale id")
    reprint.set_defaults(handler=_with_app(printer_reprint))

    drain = commands.add_parser("drain", help="send queued jobs (keeps running unless --once)")
    drain.add_argument("--once", action="store_true", help="one pass, then exit (status 1 if a job failed)")
    drain.add_argument("--interval", type=float, default=2.0, help="seconds between passes (default 2)")
    drain.set_defaults(handler=_with_app(printer_drain))


Handler = Callable[[argparse.Namespace, Services], int]


def _with_app(handler: Handler) -> Callable[..., int]:
    """kiosk.cli calls handler(args); tests (and a caller holding an app) pass the app as well."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace, app: Services | None = None) -> int:
        if app is not None:
            return handler(args, app)
        from kiosk.cli.common import load_app

        with load_app(args) as loaded:
            return handler(args, loaded)

    return run


def _printing(app: Services) -> tuple[PrintService, Mapping[str, ReceiptPrinter]]:
    service = app.printing()
    return service, service.printers


def _pick(app: Services, name: str | None) -> tuple[str, ReceiptPrinter]:
    printers = _printing(app)[1]
    if not printers:
        raise NotFound("cli.printer_not_found")
    if name is None:
        name = next(iter(printers))
    if name not in printers:
        raise NotFound("cli.printer_unknown", name=name, value=', '.join(printers))
    return name, printers[name]


def printer_test(args: argparse.Namespace, app: Services) -> int:
    name, printer = _pick(app, args.printer)
    lang = language_of(args, app)
    try:
        _printing(app)[0].print_test_page(name)  # never in the middle of another window's job
    except KioskError as exc:
        if args.json:  # the printer's refusal, naming the printer that refused
            print(refusal_json(exc.code, exc.message, {**exc.params, "printer": name}), file=sys.stderr)
        elif isinstance(exc, PrintNotConfirmed):  # a test page is no job: nothing to reprint or dismiss
            print(render("cli.printer.test_unconfirmed", {"printer": name, "detail": exc.params.get("detail", "")},
                         lang), file=sys.stderr)
        else:
            print(render("cli.printer.test_not_printed", {"printer": name, "reason": refusal_line(exc, lang)}, lang),
                  file=sys.stderr)
        return 1
    emit(args, {"printer": name, "printed": True, "where": printer.describe()},
         lambda: render("cli.printer.test_printed", {"printer": name, "where": printer.where()}, lang))
    return 0


def printer_status(args: argparse.Namespace, app: Services) -> int:
    service, printers = _printing(app)
    lang = language_of(args, app)
    names = [_pick(app, args.printer)[0]] if args.printer else list(printers)
    report: dict[str, dict[str, Any]] = {}
    for name in names:
        printer = printers[name]
        status = service.status(name)  # "busy printing a job" while any window sends one, without a connection
        report[name] = {
            "where": printer.describe(), "online": status.online, "paper_near_end": status.paper_near_end,
            "paper_out": status.paper_out, "cover_open": status.cover_open, "error": status.error,
            "ready": status.ready, "summary": status.summary(), "state": say(status.message(), lang),
        }
    if args.json:
        print(json.dumps({name: {k: v for k, v in row.items() if k != "state"} for name, row in report.items()},
                         indent=2))
    else:
        for name, row in report.items():
            print(render("cli.printer.status", {"printer": name, "state": row["state"],
                                                "where": printers[name].where()}, lang))
    return 0 if all(row["ready"] for row in report.values()) else 1


def _is_copy(job: PrintJob) -> bool:
    """Whether the job prints a copy: a receipt or refund slip says so on the paper (COPY), which `copy_of` alone
    misses (a receipt made again from its sale points at no job) and overstates (a receipt never printed, queued
    again, is the receipt itself); the other slips carry no mark, so for them a reprint is one with `copy_of`."""
    marked = getattr(job.document(), "is_copy", None)
    return bool(job.copy_of) if marked is None else bool(marked)


def _job_row(job: PrintJob) -> dict[str, Any]:
    """A job for --json: its last error as the English sentence and its code (the text lines say it in the
    reader's language from the job itself)."""
    return {
        "id": job.id, "printer": job.printer, "kind": job.kind, "reference": job.reference(),
        "status": job.status, "attempts": job.attempts, "created_at": job.created_at.isoformat(),
        "next_attempt_at": job.next_attempt_at.isoformat() if job.next_attempt_at else None,
        "last_error": say(job.last_error, "en") if job.last_error else None,
        "last_error_code": job.last_error.code if job.last_error else None, "copy_of": job.copy_of,
        "is_copy": _is_copy(job),
    }


def printer_queue(args: argparse.Namespace, app: Services) -> int:
    service = _printing(app)[0]
    jobs = service.pending()
    rows = [_job_row(job) for job in jobs]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    lang = language_of(args, app)
    if not rows:
        print(render("cli.printer.queue_empty", None, lang))
        return 0
    for job, row in zip(jobs, rows, strict=True):
        status, kind = render(f"print_status.{row['status']}", None, lang), render(f"print_kind.{row['kind']}", None,
                                                                                  lang)
        print(render("cli.printer.job_copy" if row["is_copy"] else "cli.printer.job", {
            "status": status.ljust(8), "printer": str(row["printer"]).ljust(10), "kind": kind.ljust(13),
            "reference": row["reference"], "tries": str(row["attempts"]), "id": row["id"]}, lang))
        if job.last_error is not None:
            print(render("cli.printer.last_error", {"error": job.last_error}, lang))
    held = sum(1 for row in rows if row["status"] == "held")
    if held:
        print(render("cli.printer.held", {"count": held}, lang))
    return 0


def printer_reprint(args: argparse.Namespace, app: Services) -> int:
    service = _printing(app)[0]
    try:
        job = service.reprint(args.reference)
    except KioskError as exc:
        print_refusal(args, exc, language_of(args, app))  # as every refusal: `kiosk: ...`, or the JSON object
        return 1
    emit(args, _job_row(job), lambda: render("cli.printer.copy_queued", {
        "reference": job.reference(), "printer": job.printer, "job": job.id}, language_of(args, app)))
    return 0


def printer_drain(args: argparse.Namespace, app: Services) -> int:
    service = _printing(app)[0]
    lang = language_of(args, app)
    if args.once:
        report = service.drain()
        if args.json:  # why a job failed as its code, its values and the English sentence
            failed = [{"id": job_id, "held": job_id in report.held,
                       **refusal_fields(error.code, say(error, "en"), error.params)}
                      for job_id, error in report.failed]
            print(json.dumps({"printed": list(report.printed), "failed": failed,
                              "busy_printers": list(report.busy_printers),
                              "drawer_not_opened": [{"id": job_id, "code": note.code, "message": say(note, "en")}
                                                    for job_id, note in report.drawer_skipped],
                              "pending": service.pending_count()}, indent=2, ensure_ascii=False, default=str))
            return 1 if report.failed else 0
        for job_id in report.printed:
            print(render("cli.printer.printed", {"job": job_id}, lang))
        for job_id, note in report.drawer_skipped:
            print(render("cli.printer.drawer_not_opened", {"job": job_id, "note": note}, lang))
        for name in report.busy_printers:
            print(render("cli.printer.busy_elsewhere", {"printer": name}, lang))
        for job_id, error in report.failed:
            if job_id in report.held:
                print(render("cli.printer.job_held", {"job": job_id, "error": error}, lang), file=sys.stderr)
            else:
                print(render("cli.printer.job_kept", {"job": job_id, "error": error}, lang), file=sys.stderr)
        print(render("cli.printer.pending", {"count": service.pending_count()}, lang))
        return 1 if report.failed else 0
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    if not args.json:  # stdout stays JSON-only for a script: nothing to say until it stops
        print(render("cli.printer.draining", None, lang))
    try:
        service.run_forever(stop=stop, interval_s=args.interval)
    except KeyboardInterrupt:
        stop.set()
    return 0


__all__ = ["printer_drain", "printer_queue", "printer_reprint", "printer_status", "printer_test", "register"]
