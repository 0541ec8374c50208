"""How long a receipt takes to lay out and render to ESC/POS bytes (target: under 100 ms), as JSON figures."""

from __future__ import annotations

import json
import statistics
import time
from typing import Any

from kiosk.adapters.printing.printer import EscposReceiptPrinter
from kiosk.adapters.printing.samples import sample_receipt
from kiosk.adapters.printing.settings import printer_settings_from_dict
from kiosk.adapters.printing.thai import TextRenderer

ROUNDS = 20


def _timed(printer: EscposReceiptPrinter, language: str) -> dict[str, Any]:
    doc = sample_receipt(language)
    started = time.perf_counter()
    data = printer.render(doc)
    first_ms = (time.perf_counter() - started) * 1000
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        printer.render(doc)
        samples.append((time.perf_counter() - started) * 1000)
    return {"first_ms": round(first_ms, 1), "median_ms": round(statistics.median(samples), 1),
            "max_ms": round(max(samples), 1), "bytes": len(data)}


def run() -> dict[str, Any]:
    """Render the sample receipt (Thai with ฿, stamps, tier bar, QR; and English) on 80 mm and 58 mm."""
    started = time.perf_counter()
    renderer = TextRenderer()
    printers = {mm: EscposReceiptPrinter(printer_settings_from_dict("receipt", {"kind": "dummy", "paper_mm": mm}),
                                         renderer=renderer) for mm in (80, 58)}
    setup_ms = (time.perf_counter() - started) * 1000
    figures: dict[str, Any] = {"setup_ms": round(setup_ms, 1), "rounds": ROUNDS}
    for mm, printer in printers.items():
        for language in ("th", "en"):
            figures[f"receipt_{mm}mm_{language}"] = _timed(printer, language)
    figures["target_ms"] = 100
    figures["within_target"] = all(v["median_ms"] < 100 for k, v in figures.items() if k.startswith("receipt_"))
    return figures


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
