"""PDF export of report figures via QTextDocument + QPdfWriter (A4, Thai-capable font); runs off the GUI thread."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from kiosk.ui.theme import FONT_FAMILIES, PALETTE


def rows_html(title: str, subtitle: str, sections: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> str:
    parts = [f"<h1 style='color:{PALETTE.accent_dark}'>{escape(title)}</h1>",
             f"<p style='color:{PALETTE.muted}'>{escape(subtitle)}</p>"]
    for heading, rows in sections:
        if heading:
            parts.append(f"<h2>{escape(heading)}</h2>")
        parts.append("<table width='100%' cellspacing='0' cellpadding='5' "
                     f"style='border-collapse:collapse; border-color:{PALETTE.border}'>")
        for i, (name, value) in enumerate(rows):
            shade = PALETTE.background if i % 2 else PALETTE.surface
            parts.append(f"<tr style='background:{shade}'><td>{escape(name)}</td>"
                         f"<td align='right'><b>{escape(value)}</b></td></tr>")
        parts.append("</table>")
    return "\n".join(parts)


def write_pdf(path: Path, html: str, *, title: str) -> Path:
    """Lay out `html` on A4 pages and write the PDF. Safe on a worker thread (QPdfWriter paints to a file)."""
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("Loyalty Kiosk")
    writer.setResolution(150)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    document = QTextDocument()
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(10)
    document.setDefaultFont(font)
    document.setHtml(html)
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    document.setPageSize(QSizeF(rect.width(), rect.height()))
    document.print_(writer)
    return path
