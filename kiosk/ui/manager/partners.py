"""The manager's partner settlement: a period, each partner's points issued and redeemed there, their value and
who owes whom; CSV and PDF. The PDF writer also serves `kiosk partner settle --pdf` (offscreen, no display)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from html import escape
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.partners import SettlementLine
from kiosk.domain.programs.config import Partner
from kiosk.services.app import Services
from kiosk.services.partners import Settlement, settlement_csv
from kiosk.ui.formatting import format_date
from kiosk.ui.i18n import current_language, set_language
from kiosk.ui.manager.common import DateField, fill_table, label, money, table, tr
from kiosk.ui.manager.export import write_pdf
from kiosk.ui.tasks import TaskFailure, TaskRunner
from kiosk.ui.theme import PALETTE, PRIMARY, SCREEN, SUB_CAPTION, TITLE, scaled


def who_pays(line: SettlementLine) -> str:
    """Short, for a narrow column: the partner is named in the row."""
    if line.owes == "partner":
        return tr("Partner pays")
    if line.owes == "shop":
        return tr("Shop pays")
    return tr("Nothing owed")


def settlement_headers() -> list[str]:
    return [tr("Partner"), tr("Points issued"), tr("Points redeemed"), tr("Issued value"), tr("Redeemed value"),
            tr("Net"), tr("Who pays")]


def settlement_rows(s: Settlement, partners: tuple[Partner, ...] = ()) -> list[list[str]]:
    """The rows in the screen's language: a partner by its name in that language where the settings give one."""
    return [[partner_name(line, partners), f"{line.points_issued:,}", f"{line.points_redeemed:,}",
             money(line.issued_value.minor, s.currency), money(line.redeemed_value.minor, s.currency),
             money(abs(line.net.minor), s.currency), who_pays(line)] for line in s.lines]


def partner_name(line: SettlementLine, partners: tuple[Partner, ...]) -> str:
    partner = next((p for p in partners if p.id == line.partner_id), None)
    return partner.label(current_language()) if partner is not None else line.partner_name


def rounding_note() -> str:
    return tr("Values at each partner's settlement rate, rounded half up to the satang once per partner and "
              "direction for the whole period. Receipts count on the day they were recorded or imported.")


def period_text(s: Settlement) -> str:
    return tr("%1 to %2").replace("%1", format_date(s.date_from)).replace("%2", format_date(s.date_to))


def settlement_html(s: Settlement, shop_name: str, partners: tuple[Partner, ...] = ()) -> str:
    headers = settlement_headers()
    parts = [f"<h1 style='color:{PALETTE.accent_dark}'>{escape(shop_name)} – {escape(tr('Partner settlement'))}</h1>",
             f"<p style='color:{PALETTE.muted}'>{escape(period_text(s))}</p>",
             "<table width='100%' cellspacing='0' cellpadding='5' style='border-collapse:collapse'>",
             "<tr>" + "".join(f"<th align='{'left' if i in (0, 6) else 'right'}'>{escape(h)}</th>"
                              for i, h in enumerate(headers)) + "</tr>"]
    for n, row in enumerate(settlement_rows(s, partners)):
        shade = PALETTE.background if n % 2 else PALETTE.surface
        parts.append(f"<tr style='background:{shade}'>" + "".join(
            f"<td align='{'left' if i in (0, 6) else 'right'}'>{escape(cell)}</td>" for i, cell in enumerate(row))
            + "</tr>")
    parts.append("</table>")
    parts.append(f"<p style='color:{PALETTE.muted}'>{escape(rounding_note())}</p>")
    return "\n".join(parts)


def write_settlement_pdf(path: Path, s: Settlement, *, shop_name: str, language: str,
                         partners: tuple[Partner, ...] = ()) -> Path:
    """The settlement as a PDF in `language`. From the command line there may be no display: Qt then draws
    offscreen (fonts and layout need an application object, not a screen). The language the process had is
    put back afterwards, so a running screen (or the next test) keeps its own."""
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.app import create_qapp

    previous = current_language()
    qapp = QApplication.instance()
    if qapp is None:
        if not os.environ.get("QT_QPA_PLATFORM") and not (os.environ.get("DISPLAY")
                                                          or os.environ.get("WAYLAND_DISPLAY")):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        qapp = create_qapp(language)
    set_language(qapp, language)
    try:
        return write_pdf(path, settlement_html(s, shop_name, partners), title=tr("Partner settlement"))
    finally:
        set_language(qapp, previous)


class PartnersPage(QWidget):
    """A period (last month by default), the settlement table, and CSV / PDF exports."""

    def __init__(self, app: Services, runner: TaskRunner, notify: Callable[[str, str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(SCREEN)
        self.app = app
        self.runner = runner
        self.notify = notify
        self.settlement: Settlement | None = None
        today = app.ctx.business_date(app.clock.now())
        last_month_end = today.replace(day=1) - timedelta(days=1)
        self.title = label("", TITLE)
        self.from_label = label("", SUB_CAPTION)
        self.to_label = label("", SUB_CAPTION)
        self.date_from = DateField(last_month_end.replace(day=1), latest=today)
        self.date_to = DateField(last_month_end, latest=today)
        self.csv_button = QPushButton()
        self.pdf_button = QPushButton()
        self.pdf_button.setObjectName(PRIMARY)
        self.csv_button.clicked.connect(lambda: self._ask_path("csv"))
        self.pdf_button.clicked.connect(lambda: self._ask_path("pdf"))
        self.date_from.dateChanged.connect(lambda _d: self._period_changed(self.date_to, later=True))
        self.date_to.dateChanged.connect(lambda _d: self._period_changed(self.date_from, later=False))
        self.period = label("", SUB_CAPTION, wrap=True)
        self.figures = table([""], [], numeric_from=1)
        self.note = label("", SUB_CAPTION, wrap=True)
        self.total = label("", SUB_CAPTION, wrap=True)

        controls = QHBoxLayout()
        controls.setSpacing(scaled(8))
        for w in (self.from_label, self.date_from, self.to_label, self.date_to):
            controls.addWidget(w)
        controls.addStretch(1)
        controls.addWidget(self.csv_button)
        controls.addWidget(self.pdf_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(scaled(18), scaled(18), scaled(18), scaled(18))
        layout.setSpacing(scaled(12))
        layout.addWidget(self.title)
        layout.addLayout(controls)
        layout.addWidget(self.period)
        layout.addWidget(self.figures, 1)
        layout.addWidget(self.total)
        layout.addWidget(self.note)
        self.retranslate_ui()

    def _period_changed(self, other: DateField, *, later: bool) -> None:
        """A start moved past the end (or an end before the start) takes the other date with it, rather than
        asking for a period that ends before it begins."""
        start, end = self.date_from.date(), self.date_to.date()
        if start > end:
            other.blockSignals(True)
            other.setDate(start if later else end)
            other.blockSignals(False)
        self.load()

    # -- data ----------------------------------------------------------------------------------------
    def load(self) -> None:
        date_from, date_to = self.date_from.day(), self.date_to.day()
        self.runner.run_db(lambda: self.app.partners.settlement(date_from, date_to), on_success=self.show_settlement,
                           on_failure=self._failed, owner=self, name="manager.partners")

    def show_settlement(self, s: Settlement) -> None:
        self.settlement = s
        self.period.setText(period_text(s))
        fill_table(self.figures, settlement_headers(), settlement_rows(s, self.app.ctx.programs.partners))
        net = s.net
        if net.minor > 0:
            text = tr("In all, the partners pay the shop %1.").replace("%1", money(net.minor, s.currency))
        elif net.minor < 0:
            text = tr("In all, the shop pays the partners %1.").replace("%1", money(-net.minor, s.currency))
        else:
            text = tr("In all, nothing is owed either way.")
        self.total.setText(text)

    def _failed(self, failure: TaskFailure) -> None:
        self.notify(failure.message, "error")

    # -- exports -------------------------------------------------------------------------------------
    def _ask_path(self, kind: str) -> None:
        if self.settlement is None:
            return
        suggested = f"settlement-{self.settlement.date_from}-{self.settlement.date_to}.{kind}"
        path, _ = QFileDialog.getSaveFileName(self, tr("Export"), str(Path.home() / suggested),
                                              "CSV (*.csv)" if kind == "csv" else "PDF (*.pdf)")
        if path:
            self.export(Path(path), kind)

    def export(self, path: Path, kind: str) -> None:
        settlement = self.settlement
        if settlement is None:
            return
        # made here, on the GUI thread: tr() and the names follow the screen's language
        html = settlement_html(settlement, self.app.ctx.shop.name, self.app.ctx.programs.partners)
        title = tr("Partner settlement")

        def write() -> Path:
            if kind == "csv":
                path.write_text(settlement_csv(settlement), encoding="utf-8")
                return path
            return write_pdf(path, html, title=title)

        self.runner.run_io(write, on_success=lambda p: self.notify(tr("Saved %1").replace("%1", str(p)), "success"),
                           on_failure=self._failed, owner=self, name=f"manager.export_settlement_{kind}")

    # -- language ------------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.title.setText(tr("Partner settlement"))
        self.from_label.setText(tr("From"))
        self.to_label.setText(tr("To"))
        self.csv_button.setText(tr("CSV"))
        self.pdf_button.setText(tr("PDF"))
        self.note.setText(rounding_note())
        if self.settlement is not None:
            self.show_settlement(self.settlement)
        else:
            fill_table(self.figures, settlement_headers(), [])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
