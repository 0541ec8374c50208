"""The screen a manager opens every evening: the day (or week, month) in figures; print, CSV and PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.events import Message
from kiosk.domain.staff import Role
from kiosk.l10n.catalogue import speaker
from kiosk.services.app import Services
from kiosk.services.exports import summary_csv
from kiosk.services.ports.chain import ShopRef
from kiosk.services.reports import NO_FIGURE, ChainSummary, DailySummary, period_label, summary_rows
from kiosk.ui.i18n import current_language
from kiosk.ui.manager.charts import DonutChart
from kiosk.ui.manager.common import (
    ChartCard,
    DateField,
    FigureTile,
    TileGrid,
    fill_table,
    label,
    money,
    percent,
    period_text,
    table,
    tr,
)
from kiosk.ui.manager.export import rows_html, write_pdf
from kiosk.ui.manager.scope import ScopePicker, scope_words
from kiosk.ui.tasks import TaskFailure, TaskRunner
from kiosk.ui.theme import PRIMARY, SCREEN, SUB_CAPTION, TITLE, scaled

SPANS = ("day", "week", "month")


class DailyPage(QWidget):
    summary_loaded = Signal(object)

    def __init__(self, app: Services, runner: TaskRunner, notify: Callable[[str, str], None],
                 parent: QWidget | None = None, *, staff_id: str | None = None, role: Role | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(SCREEN)
        self.app = app
        self.runner = runner
        self.notify = notify
        self.staff_id = staff_id
        self.summary: DailySummary | None = None
        self.chain: ChainSummary | None = None  # the whole chain, shop by shop, when an owner picked it
        self.scope = ScopePicker(role)
        self.scope.scope_changed.connect(self.load)

        self.title = label("", TITLE)
        self.period = label("", SUB_CAPTION, wrap=True)
        today = app.ctx.business_date(app.clock.now())
        self.date = DateField(today, latest=today)
        self.span = QComboBox()
        self.span.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # its words, whole
        for _ in SPANS:
            self.span.addItem("")
        self.print_button = QPushButton()
        self.print_button.setObjectName(PRIMARY)
        self.csv_button = QPushButton()
        self.pdf_button = QPushButton()
        self.print_button.clicked.connect(self.print_slip)
        self.csv_button.clicked.connect(lambda: self._ask_path("csv"))
        self.pdf_button.clicked.connect(lambda: self._ask_path("pdf"))
        self.date.dateChanged.connect(lambda _d: self.load())
        self.span.currentIndexChanged.connect(lambda _i: self.load())

        # the title and the period it covers, then what to look at and what to do with it: one row each, so the
        # controls keep their words on a 1024 px screen
        head = QVBoxLayout()
        head.setSpacing(scaled(8))
        head.addWidget(self.title)
        controls = QHBoxLayout()
        controls.setSpacing(scaled(8))
        controls.addWidget(self.period, 1)
        for w in (self.scope, self.date, self.span, self.csv_button, self.pdf_button, self.print_button):
            controls.addWidget(w)
        head.addLayout(controls)

        self.tiles = [FigureTile() for _ in range(5)]
        tiles = TileGrid(self.tiles)

        self.split = DonutChart()
        # a period with no sales has no split to draw: a sentence where the donut would be, not two 0% slices
        self.split_empty = label("", SUB_CAPTION, wrap=True)
        self.split_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.split_view = QStackedWidget()
        self.split_view.addWidget(self.split)
        self.split_view.addWidget(self.split_empty)
        self.split_numbers = table([""], [])
        self.split_card = ChartCard("", self.split_view, self.split_numbers)
        self.figures = table(["", ""], [])
        self.figures.setMinimumHeight(scaled(220))
        self.problems = label("", SUB_CAPTION, wrap=True)

        self.grid = grid = QGridLayout()
        grid.setSpacing(scaled(14))
        self._side_by_side: bool | None = None
        self._arrange(True)

        # The page scrolls when the window is shorter than the figures: on a 1024x768 screen the tiles wrap to two
        # rows and the chart and the table keep the height they need.
        body = QWidget()
        body.setObjectName(SCREEN)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(scaled(18), scaled(18), scaled(18), scaled(18))
        layout.setSpacing(scaled(14))
        layout.addLayout(head)
        layout.addWidget(tiles)
        # the queues and overrides under the tiles, whole: below the chart, at the bottom of a 1280x800 page, its
        # second line was cut by the window's edge
        layout.addWidget(self.problems)
        layout.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.retranslate_ui()

    # -- layout --------------------------------------------------------------------------------------
    WIDE = 1000  # px of page from which the chart and the figures sit side by side

    def _arrange(self, side_by_side: bool) -> None:
        """The chart beside the figures on a wide page; on a 1024 px one the figures go under it, full width, so
        every figure's name stays on one line."""
        grid = self.grid
        for widget in (self.split_card, self.figures):
            grid.removeWidget(widget)
        if side_by_side:
            grid.addWidget(self.split_card, 0, 0)
            grid.addWidget(self.figures, 0, 1)
            grid.setColumnStretch(0, 2)
            grid.setColumnStretch(1, 3)
        else:
            grid.addWidget(self.split_card, 0, 0)
            grid.addWidget(self.figures, 1, 0)
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(1, 0)
        self._side_by_side = side_by_side

    def resizeEvent(self, event: QResizeEvent) -> None:
        side_by_side = event.size().width() >= scaled(self.WIDE)
        if side_by_side != self._side_by_side:
            self._arrange(side_by_side)
        super().resizeEvent(event)

    # -- data ----------------------------------------------------------------------------------------
    def selected_span(self) -> str:
        return SPANS[max(0, self.span.currentIndex())]

    def load(self) -> None:
        day = self.date.day()
        span = self.selected_span()
        reports, viewer, picker = self.app.reports, self.staff_id, self.scope
        shop, chain = picker.choice()

        def read() -> tuple[tuple[ShopRef, ...], DailySummary, ChainSummary | None]:
            shops = reports.shops() if picker.wanted else ()
            if chain:
                whole = reports.by_shop(day, span=span, viewer=viewer)
                return shops, whole.total, whole
            if shop is not None:
                return shops, reports.period(day, span, shop=shop, viewer=viewer), None
            return shops, reports.period(day, span), None

        self.runner.run_db(read, on_success=self._read, on_failure=self._failed, owner=self, name="manager.daily")

    def _read(self, found: tuple[tuple[ShopRef, ...], DailySummary, ChainSummary | None]) -> None:
        shops, summary, chain = found
        self.scope.set_shops(shops)
        self.chain = chain
        self.show_summary(summary)

    def show_summary(self, s: DailySummary) -> None:
        self.summary = s
        cur = s.currency
        self.period.setText(period_text(s.date_from, s.date_to) + scope_words(s.scope))
        avg_m, avg_n = s.average_basket(members=True), s.average_basket(members=False)
        say = speaker(current_language())
        sales = say(Message("summary.sales_count", {"count": s.sales}))  # the table's word for a sale: one word
        below_zero = s.revenue_minor < 0  # the refunds gave back more than the period took: of earlier days' sales
        if below_zero:  # in the figures' words (the catalogue's), the amount once: it is the tile's big number
            sales += " · " + say(Message("summary.below_zero_why"))
        self.tiles[0].set_figure(tr("Revenue"), money(s.revenue_minor, cur), sales, danger=below_zero)
        # the share, its amount and the donut are of the sales before refunds (what was sold, never below zero);
        # the revenue tile is net of the period's refunds (DailySummary says which is which)
        self.tiles[1].set_figure(tr("Members' share"), percent(s.member_share_percent),
                                 tr("of sales before refunds: %1 from members").replace(
                                     "%1", money(s.member_takings_minor, cur)))
        self.tiles[2].set_figure(tr("Average basket"), money(avg_m.minor, cur) if avg_m else NO_FIGURE,
                                 tr("members · walk-ins: %1").replace(
                                     "%1", money(avg_n.minor, cur) if avg_n else NO_FIGURE))
        self.tiles[3].set_figure(tr("New members"), f"{s.new_members:,}",
                                 tr("%1 came back").replace("%1", f"{s.new_members_returned:,}"))
        if s.points_issued >= 0:
            self.tiles[4].set_figure(tr("Points"), f"{s.points_issued:,}",
                                     tr("given · %1 redeemed · %2 expired").replace("%1", f"{s.points_redeemed:,}")
                                     .replace("%2", f"{s.points_expired:,}"))
        else:  # the period's refunds took back more points than it gave: said as the figures say it
            self.tiles[4].set_figure(tr("Points"), f"{-s.points_issued:,}",
                                     say(Message("summary.taken_back", {"count": -s.points_issued})) + " · "
                                     + tr("%1 redeemed · %2 expired").replace("%1", f"{s.points_redeemed:,}")
                                     .replace("%2", f"{s.points_expired:,}"))
        self.split.set_slices([(tr("Members"), s.member_takings_minor), (tr("Walk-ins"), s.non_member_takings_minor)])
        if s.takings_minor > 0:
            self.split_view.setCurrentWidget(self.split)
        else:
            self.split_empty.setText(say(Message("summary.no_sales" if s.date_from == s.date_to
                                                 else "summary.no_sales_period")))
            self.split_view.setCurrentWidget(self.split_empty)
        # the donut's figures: what each side bought before any refund, its bills and its share of the whole
        # (not the net revenue, which a refund of an earlier day's sale can take below zero)
        fill_table(self.split_numbers, [tr("Who"), tr("Bills"), say(Message("summary.takings")), tr("Share")], [
            (tr("Members"), f"{s.member_sales:,}", money(s.member_takings_minor, cur),
             percent(s.share_percent(s.member_takings_minor))),
            (tr("Walk-ins"), f"{s.non_member_sales:,}", money(s.non_member_takings_minor, cur),
             percent(s.share_percent(s.non_member_takings_minor)))])
        rows = summary_rows(s, say, why_in_label=True)  # the Value column holds the figure, the label says why
        if self.chain is not None and self.chain.total is s:
            # each shop's own figures under the chain's: what an owner compares
            for shop in self.chain.shops:
                name = shop.scope.shop_name or "-"
                rows.append((tr("%1: sales").replace("%1", name), f"{shop.sales:,}"))
                rows.append((tr("%1: revenue").replace("%1", name), money(shop.revenue_minor, cur)))
                rows.append((tr("%1: new members").replace("%1", name), f"{shop.new_members:,}"))
            if self.chain.unattributed_sales:
                rows.append((tr("Sales by devices of no listed shop"), f"{self.chain.unattributed_sales:,}"))
        fill_table(self.figures, [tr("Figure"), tr("Value")], rows)
        problems = []
        if s.sync_off:  # the outbox only grows while Stripe is not set up: no problem of today's
            problems.append(say(Message("summary.sync_off")))
        elif s.sync_review or s.sync_waiting:
            problems.append(tr("%1 waiting to sync, %2 need review").replace("%1", f"{s.sync_waiting:,}")
                            .replace("%2", f"{s.sync_review:,}"))
        if s.print_waiting or s.print_held:
            problems.append(tr("%1 receipts waiting to print, %2 held").replace("%1", f"{s.print_waiting:,}")
                            .replace("%2", f"{s.print_held:,}"))
        if s.overrides or s.fraud_flags:
            problems.append(tr("%1 manager overrides, %2 fraud-limit flags").replace("%1", f"{s.overrides:,}")
                            .replace("%2", f"{s.fraud_flags:,}"))
        self.problems.setText("\n".join(problems) if problems else tr("No sync, printing or override problems."))
        self.summary_loaded.emit(s)

    def _failed(self, failure: TaskFailure) -> None:
        self.notify(failure.message, "error")

    # -- actions -------------------------------------------------------------------------------------
    def print_slip(self) -> None:
        summary = self.summary
        if summary is None:
            return
        app = self.app

        def queue() -> str:
            slip = app.reports.summary_slip(summary, created_at=app.ctx.local(app.clock.now()),
                                            say=speaker(app.ctx.language))  # the slip's language: the shop's
            job = app.printing().enqueue(slip)
            app.wake_printer()
            return str(getattr(job, "id", job))

        self.runner.run_io(queue, on_success=lambda _j: self.notify(tr("End-of-day slip sent to the printer."),
                                                                     "success"),
                           on_failure=self._failed, owner=self, name="manager.print_summary")

    def _ask_path(self, kind: str) -> None:
        if self.summary is None:
            return
        suggested = f"summary-{self.summary.date_from}-{self.summary.date_to}.{kind}"
        path, _ = QFileDialog.getSaveFileName(self, tr("Export"), str(Path.home() / suggested),
                                              "CSV (*.csv)" if kind == "csv" else "PDF (*.pdf)")
        if path:
            self.export(Path(path), kind)

    def export(self, path: Path, kind: str) -> None:
        summary = self.summary
        if summary is None:
            return
        shop = self.app.ctx.shop.name
        say = speaker(current_language())  # the PDF speaks the screen's language; the CSV is for spreadsheets

        def write() -> Path:
            if kind == "csv":
                path.write_text(summary_csv(summary), encoding="utf-8")
                return path
            title = say(Message("summary.title"))
            return write_pdf(path, rows_html(f"{shop} – {title}", period_label(summary),
                                             [("", summary_rows(summary, say))]), title=title)

        self.runner.run_io(write, on_success=lambda p: self.notify(tr("Saved %1").replace("%1", str(p)), "success"),
                           on_failure=self._failed, owner=self, name=f"manager.export_{kind}")

    # -- language ------------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.title.setText(tr("Daily summary"))
        for i, text in enumerate((tr("Day"), tr("Week"), tr("Month"))):
            self.span.setItemText(i, text)
        self.print_button.setText(tr("Print slip"))
        self.csv_button.setText(tr("CSV"))
        self.pdf_button.setText(tr("PDF"))
        self.split_card.title.setText(tr("Sales before refunds: members and walk-ins"))
        self.split_card._flip(self.split_card.showing_numbers())
        if self.summary is not None:
            self.show_summary(self.summary)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
