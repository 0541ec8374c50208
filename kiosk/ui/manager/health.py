"""Program health: what the shop owes, what breaks, who stays, what a member is worth, and the return."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.money import exponent
from kiosk.domain.staff import Role
from kiosk.l10n.catalogue import render, speaker
from kiosk.services.analytics import CostAssumptions, LifetimeValue, ProgramHealth, ProgramReturn
from kiosk.services.app import Services
from kiosk.services.exports import health_csv, health_rows
from kiosk.services.ports.chain import ShopRef
from kiosk.ui.formatting import format_date, format_month, plural
from kiosk.ui.i18n import current_language
from kiosk.ui.manager.charts import BarChart, CohortHeatMap, TrendChart
from kiosk.ui.manager.common import (
    ChartCard,
    FigureTile,
    TileGrid,
    card,
    fill_table,
    label,
    money,
    percent,
    table,
    tr,
)
from kiosk.ui.manager.export import rows_html, write_pdf
from kiosk.ui.manager.scope import ScopePicker, scope_words
from kiosk.ui.tasks import TaskFailure, TaskRunner
from kiosk.ui.theme import CAPTION, HEADING, SCREEN, SUB_CAPTION, TITLE, scaled

PERIODS = (30, 90)


class HealthPage(QScrollArea):
    health_loaded = Signal(object)

    def __init__(self, app: Services, runner: TaskRunner, notify: Callable[[str, str], None],
                 parent: QWidget | None = None, *, staff_id: str | None = None, role: Role | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self.notify = notify
        self.staff_id = staff_id
        self.health: ProgramHealth | None = None
        self.scope = ScopePicker(role)
        self.scope.scope_changed.connect(self.load)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        body.setObjectName(SCREEN)
        self.setWidget(body)

        self.title = label("", TITLE)
        self.as_of = label("", SUB_CAPTION, wrap=True)
        self.period = QComboBox()
        self.period.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # its words, whole
        for _ in PERIODS:
            self.period.addItem("")
        self.period.currentIndexChanged.connect(lambda _i: self.load())
        self.csv_button = QPushButton()
        self.pdf_button = QPushButton()
        self.csv_button.clicked.connect(lambda: self._ask_path("csv"))
        self.pdf_button.clicked.connect(lambda: self._ask_path("pdf"))
        # the title, then the period and the exports under it: one row each keeps their words on 1024 px
        head = QVBoxLayout()
        head.setSpacing(scaled(8))
        head.addWidget(self.title)
        controls = QHBoxLayout()
        controls.setSpacing(scaled(8))
        controls.addWidget(self.as_of, 1)
        for w in (self.scope, self.period, self.csv_button, self.pdf_button):
            controls.addWidget(w)
        head.addLayout(controls)
        self.scope_note = label("", SUB_CAPTION, wrap=True)
        self.scope_note.setVisible(False)
        head.addWidget(self.scope_note)
        # the whole chain: each shop's headline side by side (what an owner compares)
        self.shops_card, shops_layout = card()
        self.shops_title = label("", HEADING)
        self.shops_table = table([""], [])
        self.shops_table.setMinimumHeight(scaled(150))
        shops_layout.addWidget(self.shops_title)
        shops_layout.addWidget(self.shops_table)
        self.shops_card.setVisible(False)

        self.tiles = [FigureTile() for _ in range(6)]
        tiles = TileGrid(self.tiles)

        self.trend = TrendChart()
        self.trend_card = ChartCard("", self.trend, table([""], []))
        self.tier_chart = BarChart()
        self.tier_card = ChartCard("", self.tier_chart, table([""], []))
        self.cohort_map = CohortHeatMap()
        self.cohort_card = ChartCard("", self.cohort_map, table([""], []))
        self.cohort_card.setMinimumHeight(scaled(460))

        # A third of the page wide: a table's columns were cut off, so each period is a short block of lines,
        # "Earned  100.0%  60 members", that wraps nowhere at 1280 px and in Thai.
        self.engagement = QWidget()
        self.engagement_grid = QGridLayout(self.engagement)
        self.engagement_grid.setContentsMargins(0, 0, 0, 0)
        self.engagement_grid.setHorizontalSpacing(scaled(12))
        self.engagement_grid.setVerticalSpacing(scaled(4))
        self.engagement_grid.setColumnStretch(0, 1)
        engagement_card, eng_layout = card()
        self.engagement_title = label("", HEADING)
        eng_layout.addWidget(self.engagement_title)
        eng_layout.addWidget(self.engagement)
        self.engagement_note = label("", SUB_CAPTION, wrap=True)
        eng_layout.addWidget(self.engagement_note)
        eng_layout.addStretch(1)

        value_card, value_layout = card()
        self.value_title = label("", HEADING)
        self.value_text = label("", wrap=True)
        self.value_method = label("", SUB_CAPTION, wrap=True)
        value_layout.addWidget(self.value_title)
        value_layout.addWidget(self.value_text)
        value_layout.addWidget(self.value_method)
        value_layout.addStretch(1)

        return_card, return_layout = card()
        self.return_title = label("", HEADING)
        self.cogs = QSpinBox()
        self.cogs.setRange(0, 100)
        self.cogs.setSuffix(" %")
        self.cogs.setValue(CostAssumptions().cogs_percent)
        self.incremental = QSpinBox()
        self.incremental.setRange(0, 100)
        self.incremental.setSuffix(" %")
        self.incremental.setValue(CostAssumptions().incremental_percent)
        self._recalc = QTimer(self)
        self._recalc.setSingleShot(True)
        self._recalc.setInterval(400)
        self._recalc.timeout.connect(self.load)
        self.cogs.valueChanged.connect(lambda _v: self._recalc.start())
        self.incremental.valueChanged.connect(lambda _v: self._recalc.start())
        self.assumptions = QFormLayout()
        # wrapped labels and narrow spin boxes: this card is a third of a 1280 px page
        self.cogs_label = label("", wrap=True)
        self.incremental_label = label("", wrap=True)
        for spin in (self.cogs, self.incremental):
            spin.setMaximumWidth(scaled(130))
        self.assumptions.addRow(self.cogs_label, self.cogs)
        self.assumptions.addRow(self.incremental_label, self.incremental)
        self.return_text = label("", wrap=True)
        self.return_method = label("", SUB_CAPTION, wrap=True)
        return_layout.addWidget(self.return_title)
        return_layout.addLayout(self.assumptions)
        return_layout.addWidget(self.return_text)
        return_layout.addWidget(self.return_method)
        return_layout.addStretch(1)

        self.top = table(["", "", "", ""], [])
        self.risk = table(["", "", ""], [])
        for t in (self.top, self.risk):
            t.setMinimumHeight(scaled(300))
        top_card, top_layout = card()
        self.top_title = label("", HEADING)
        top_layout.addWidget(self.top_title)
        top_layout.addWidget(self.top)
        risk_card, risk_layout = card()
        self.risk_title = label("", HEADING)
        risk_layout.addWidget(self.risk_title)
        risk_layout.addWidget(self.risk)

        feedback_card, feedback_layout = card()
        self.feedback_title = label("", HEADING)
        self.feedback_text = label("", wrap=True)
        self.feedback_comments = label("", SUB_CAPTION, wrap=True)
        feedback_layout.addWidget(self.feedback_title)
        feedback_layout.addWidget(self.feedback_text)
        feedback_layout.addWidget(self.feedback_comments)
        feedback_layout.addStretch(1)

        self.grid = QGridLayout()
        self.grid.setSpacing(scaled(14))
        self._cards = {"trend": self.trend_card, "tier": self.tier_card, "cohort": self.cohort_card,
                       "engagement": engagement_card, "value": value_card, "return": return_card,
                       "feedback": feedback_card, "top": top_card, "risk": risk_card}
        self._columns = 0
        self._arrange(3)

        layout = QVBoxLayout(body)
        layout.setContentsMargins(scaled(24), scaled(18), scaled(24), scaled(18))
        layout.setSpacing(scaled(14))
        layout.addLayout(head)
        layout.addWidget(tiles)
        layout.addWidget(self.shops_card)
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self.retranslate_ui()

    # -- layout --------------------------------------------------------------------------------------
    # (card, row, column, row span, column span) for three columns on a wide page and two on a 1024 px one,
    # where a third of the page was too narrow for the tier names under their bars and the return's settings.
    # The member tables always get the full width: in a third of it the at-risk names were cut off.
    PLACES = {
        3: (("trend", 0, 0, 1, 2), ("tier", 0, 2, 1, 1), ("cohort", 1, 0, 1, 2), ("engagement", 1, 2, 1, 1),
            ("value", 2, 0, 1, 1), ("return", 2, 1, 1, 1), ("feedback", 2, 2, 1, 1), ("top", 3, 0, 1, 3),
            ("risk", 4, 0, 1, 3)),
        2: (("trend", 0, 0, 1, 2), ("tier", 1, 0, 1, 1), ("engagement", 1, 1, 1, 1), ("cohort", 2, 0, 1, 2),
            ("value", 3, 0, 1, 1), ("return", 3, 1, 1, 1), ("feedback", 4, 0, 1, 2), ("top", 5, 0, 1, 2),
            ("risk", 6, 0, 1, 2)),
    }
    WIDE = 1100  # px of page from which three columns of cards fit

    def columns(self) -> int:
        return self._columns

    def _arrange(self, columns: int) -> None:
        for card_ in self._cards.values():
            self.grid.removeWidget(card_)
        for row in range(8):
            self.grid.setRowMinimumHeight(row, 0)
        for column in range(3):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        for name, row, column, rows, cols in self.PLACES[columns]:
            self.grid.addWidget(self._cards[name], row, column, rows, cols)
        self.grid.setRowMinimumHeight(0, scaled(320))
        if columns == 2:
            self.grid.setRowMinimumHeight(1, scaled(300))
        self._columns = columns

    def resizeEvent(self, event: QResizeEvent) -> None:
        columns = 3 if self.viewport().width() >= scaled(self.WIDE) else 2
        if columns != self._columns:
            self._arrange(columns)
        super().resizeEvent(event)

    # -- data ----------------------------------------------------------------------------------------
    def assumptions_now(self) -> CostAssumptions:
        return CostAssumptions(cogs_percent=self.cogs.value(), incremental_percent=self.incremental.value())

    def load(self) -> None:
        days = PERIODS[max(0, self.period.currentIndex())]
        assumptions = self.assumptions_now()
        app, viewer, picker = self.app, self.staff_id, self.scope
        shop, chain = picker.choice()

        def read() -> tuple[tuple[ShopRef, ...], ProgramHealth]:
            shops = app.reports.shops() if picker.wanted else ()
            if shop is None and not chain:
                return shops, app.analytics().health(period_days=days, assumptions=assumptions)
            return shops, app.analytics().health(period_days=days, assumptions=assumptions, shop=shop, chain=chain,
                                                 viewer=viewer)

        self.runner.run_db(read, on_success=self._read, on_failure=self._failed, owner=self, name="manager.health")

    def _read(self, found: tuple[tuple[ShopRef, ...], ProgramHealth]) -> None:
        self.scope.set_shops(found[0])
        self.show_health(found[1])

    def show_health(self, h: ProgramHealth) -> None:
        self.health = h
        cur = h.currency
        li = h.liability
        self.as_of.setText(tr("As of %1 · period %2 – %3").replace("%1", format_date(h.as_of))
                           .replace("%2", format_date(h.period_from)).replace("%3", format_date(h.period_to))
                           + scope_words(h.scope))
        self.shops_card.setVisible(bool(h.shops))
        # one shop of a chain: what members hold is spendable in every shop, so those figures stay the chain's
        self.scope_note.setText(tr("What members hold, breakage, cohorts, tiers and member value cover the whole "
                                   "chain: points are spent in any shop.") if h.chain_wide else "")
        self.scope_note.setVisible(bool(h.chain_wide))
        if h.shops:
            fill_table(self.shops_table, [tr("Shop"), tr("Sales"), tr("Revenue"), tr("Members' share"),
                                          tr("Repeat purchase"), tr("New members"), tr("Points given")],
                       [(x.scope.shop_name or "-", f"{x.sales:,}", money(x.revenue_minor, cur),
                         percent(x.member_share_percent), percent(x.repeat_rate), f"{x.new_members:,}",
                         f"{x.points_issued:,}") for x in h.shops])
        self.tiles[0].set_figure(tr("Owed to members"), money(li.total_minor, cur),
                                 tr("%1 points, %2 credit, %3 free items").replace("%1", f"{li.points:,}")
                                 .replace("%2", money(li.credit_minor, cur)).replace("%3", f"{li.stamp_rewards:,}"))
        self.tiles[1].set_figure(tr("Redemption rate"), percent(h.all_time.redemption_rate),
                                 tr("of all points given, spent or donated"))
        self.tiles[2].set_figure(tr("Breakage"), percent(h.all_time.breakage_rate),
                                 tr("%1 expired unused").replace("%1", money(h.breakage_value_minor, cur)))
        self.tiles[3].set_figure(tr("Repeat purchase"), percent(h.repeat_rate),
                                 tr("%1 of %2 buying members came twice or more").replace(
                                     "%1", f"{h.repeat_buyers:,}").replace("%2", f"{h.buyers:,}"))
        lv = h.lifetime_value
        self.tiles[4].set_figure(tr("Member value"), money(lv.average_to_date_minor, cur),
                                 tr("to date; %1 expected ahead").replace("%1", money(lv.forward_minor, cur)))
        pr = h.program_return
        self.tiles[5].set_figure(tr("Program return"), percent(pr.return_percent),
                                 tr("net %1 this period").replace("%1", money(pr.net_minor, cur)))

        # months by name in the screen's language ("พ.ย."), the years they span in the card's title
        labels = [format_month(p.month) for p in h.liability_trend]
        self._trend_years = sorted({format_month(p.month, year=True).rsplit(" ", 1)[1] for p in h.liability_trend})
        self._title_trend()
        unit = 10 ** exponent(cur)
        values = [p.liability.total_minor / unit for p in h.liability_trend]
        # round baht on the axis: "฿12,000", not "12000"
        self.trend.set_points(labels, values, value_label=lambda v: money(round(v * unit), cur).removesuffix(".00"))
        fill_table(self.trend_card.numbers, [tr("Month"), tr("Points"), tr("Credit"), tr("Free items"), tr("Owed")],
                   [(format_month(p.month, year=True), f"{p.liability.points:,}", money(p.liability.credit_minor, cur),
                     f"{p.liability.stamp_rewards:,}", money(p.liability.total_minor, cur))
                    for p in h.liability_trend])
        names = [t.label(current_language()) for t in h.tiers]
        self.tier_chart.set_bars(names, [t.members for t in h.tiers])
        fill_table(self.tier_card.numbers, [tr("Tier"), tr("Members")],
                   [(name, f"{t.members:,}") for name, t in zip(names, h.tiers, strict=True)])
        # cohorts from the first month anyone joined: a young shop is not shown a year of empty rows
        first = next((i for i, c in enumerate(h.cohorts) if c.size), len(h.cohorts) - 1)
        cohorts = h.cohorts[first:]
        rows = [(format_month(c.month, year=True), c.size, [c.retention(k) for k in range(len(c.active))])
                for c in cohorts]
        self.cohort_map.set_cohorts(rows, corner=tr("Joined"), size_header=tr("Joined"), month_header="+{}")
        width = max((len(c.active) for c in cohorts), default=1)
        fill_table(self.cohort_card.numbers, [tr("Cohort"), tr("Joined")] + [f"+{k}" for k in range(width)],
                   [(format_month(c.month, year=True), f"{c.size:,}", *(f"{n:,}" for n in c.active)) for c in cohorts])
        self._show_engagement(h)
        self._show_value(lv)
        self._show_return(pr)
        fb = h.feedback
        if not fb.available or not fb.responses:
            self.feedback_text.setText(tr("No feedback yet"))
            self.feedback_comments.setText("")
        else:
            rating = "–" if fb.average_rating is None else f"{fb.average_rating:.1f} ★"
            self.feedback_text.setText(plural(fb.responses, tr("%1 average from %n response"),
                                              tr("%1 average from %n responses")).replace("%1", rating))
            self.feedback_comments.setText("\n".join(
                f"{format_date(day)} · {'★' * (stars or 0)} “{text}”" for day, stars, text in fb.comments[:5]))
        fill_table(self.top, [tr("Member"), tr("Visits"), tr("Spent"), tr("Last visit")],
                   [(m.masked_name, f"{m.visits:,}", money(m.revenue_minor, cur), format_date(m.last_visit))
                    for m in h.top_members])
        fill_table(self.risk, [tr("Member"), tr("Usually every"), tr("Away for")],
                   [(m.masked_name, plural(m.usual_days, tr("%n day"), tr("%n days")) if m.usual_days
                     else tr("several times a day"),  # visits closer than a day apart: not "every 0 days"
                     plural(m.days_since, tr("%n day"), tr("%n days")))
                    for m in h.at_risk])
        self.risk_title.setText(tr("At risk (%1)").replace("%1", f"{h.at_risk_count:,}"))
        self.health_loaded.emit(h)

    def _show_engagement(self, h: ProgramHealth) -> None:
        """Per period: who earned and who redeemed, as a share of all members and a head count."""
        grid = self.engagement_grid
        while (item := grid.takeAt(0)) is not None:
            if (old := item.widget()) is not None:
                old.deleteLater()
        row = 0
        for e in h.engagement:
            # periods are 30 and 90 days: always plural, and "%n day(s)" would show its "(s)" in English
            grid.addWidget(label(tr("Last %1 days").replace("%1", f"{e.days:,}"), CAPTION), row, 0, 1, 3)
            row += 1
            for name, share, count in ((tr("Earned"), e.earned_percent, e.earned),
                                       (tr("Redeemed"), e.redeemed_percent, e.redeemed)):
                figure = label(percent(share))
                figure.setStyleSheet("font-weight: 600;")
                people = label(plural(count, tr("%n member"), tr("%n members")), SUB_CAPTION)
                for widget in (figure, people):
                    widget.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                grid.addWidget(label(name), row, 0)
                grid.addWidget(figure, row, 1)
                grid.addWidget(people, row, 2)
                row += 1
            grid.setRowMinimumHeight(row, scaled(6))
            row += 1

    def engagement_lines(self) -> list[str]:
        """The engagement block as the manager reads it, one line per row (for tests and exports)."""
        grid = self.engagement_grid
        lines = []
        for r in range(grid.rowCount()):
            widgets = []
            for c in range(3):
                item = grid.itemAtPosition(r, c)
                widget = item.widget() if item is not None else None
                if isinstance(widget, QLabel) and widget not in widgets:  # only labels go in this grid
                    widgets.append(widget)  # a title spans all three columns: read it once
            texts = [w.text() for w in widgets]
            if texts:
                lines.append("  ".join(texts))
        return lines

    def _show_value(self, lv: LifetimeValue) -> None:
        cur = lv.currency
        churn = percent(lv.monthly_churn_percent)
        # no churn figure (nobody bought the month before last): the forecast rests on the cap, and says so
        sentence = tr("%1 members have bought; on average %2 each so far. An active member spends %3 a month; "
                      "monthly churn %4, so about %5 more months: %6 ahead.") \
            if lv.monthly_churn_percent is not None else \
            tr("%1 members have bought; on average %2 each so far. An active member spends %3 a month; "
               "churn cannot be measured yet (nobody bought the month before last), so at most %5 more months: "
               "%6 ahead.")
        self.value_text.setText(
            sentence
            .replace("%1", f"{lv.buyers:,}").replace("%2", money(lv.average_to_date_minor, cur))
            .replace("%3", money(lv.monthly_value_minor, cur)).replace("%4", churn)
            .replace("%5", f"{lv.expected_months:g}").replace("%6", money(lv.forward_minor, cur)))
        self.value_method.setText(tr("Method: to date = members' completed sales / members who ever bought. "
                                     "Forward = spend per active member per month (last 90 days) × 1 / monthly "
                                     "churn (bought the month before last, not last month), at most 36 months."))

    def _show_return(self, pr: ProgramReturn) -> None:
        cur = pr.currency
        uplift = pr.basket_uplift_percent
        self.return_text.setText(
            tr("Incremental revenue %1 → profit %2. Rewards given %3 cost %4. Net %5. "
               "Member basket vs walk-in: %6.")
            .replace("%1", money(pr.incremental_revenue_minor, cur))
            .replace("%2", money(pr.incremental_profit_minor, cur))
            .replace("%3", money(pr.rewards_retail_minor, cur)).replace("%4", money(pr.reward_cost_minor, cur))
            .replace("%5", money(pr.net_minor, cur))
            .replace("%6", "–" if uplift is None else f"{uplift:+.1f}%"))
        self.return_method.setText(tr("Method: incremental revenue = members' revenue × the share the program "
                                      "brought in; profit = that × (100% − cost of goods). Reward cost = menu "
                                      "value of free items, points and credit spent × cost of goods, plus "
                                      "donations in full. Return = (profit − reward cost) / reward cost."))

    def _failed(self, failure: TaskFailure) -> None:
        self.notify(failure.message, "error")

    # -- export --------------------------------------------------------------------------------------
    def _ask_path(self, kind: str) -> None:
        if self.health is None:
            return
        suggested = f"program-health-{self.health.as_of}.{kind}"
        path, _ = QFileDialog.getSaveFileName(self, tr("Export"), str(Path.home() / suggested),
                                              "CSV (*.csv)" if kind == "csv" else "PDF (*.pdf)")
        if path:
            self.export(Path(path), kind)

    def pdf_html(self, health: ProgramHealth) -> tuple[str, str]:
        """The PDF's page and title in the screen's language: the figures, then how they are worked out."""
        language = current_language()
        title = tr("Program health")
        methods = [(tr("Lifetime value"), render(LifetimeValue.METHOD, None, language)),
                   (tr("Return"), render(ProgramReturn.METHOD, None, language))]
        html = rows_html(f"{self.app.ctx.shop.label(language)} – {title}",
                         f"{format_date(health.period_from)} – {format_date(health.period_to)}",
                         [("", health_rows(health, speaker(language))), (tr("How these are worked out"), methods)])
        return html, title

    def export(self, path: Path, kind: str) -> None:
        health = self.health
        if health is None:
            return
        html, title = self.pdf_html(health)  # the PDF speaks the screen's language; the CSV is for spreadsheets

        def write() -> Path:
            if kind == "csv":
                path.write_text(health_csv(health), encoding="utf-8")
                return path
            return write_pdf(path, html, title=title)

        self.runner.run_io(write, on_success=lambda p: self.notify(tr("Saved %1").replace("%1", str(p)), "success"),
                           on_failure=self._failed, owner=self, name=f"manager.health_{kind}")

    # -- language ------------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.title.setText(tr("Program health"))
        self.shops_title.setText(tr("Each shop, this period"))
        self.period.setItemText(0, tr("Last 30 days"))
        self.period.setItemText(1, tr("Last 90 days"))
        self.csv_button.setText(tr("CSV"))
        self.pdf_button.setText(tr("PDF"))
        self._title_trend()
        self.tier_card.title.setText(tr("Members by tier"))
        self.cohort_card.title.setText(tr("Retention by month joined"))
        for chart_card in (self.trend_card, self.tier_card, self.cohort_card):
            chart_card._flip(chart_card.showing_numbers())
        self.engagement_title.setText(tr("Engagement"))
        self.engagement_note.setText(tr("Share of all members who earned, and who redeemed or donated, recently."))
        self.value_title.setText(tr("Member lifetime value"))
        self.return_title.setText(tr("Return on the program"))
        self.cogs_label.setText(tr("Cost of goods"))
        self.incremental_label.setText(tr("Sales the program brought in"))
        self.feedback_title.setText(tr("Customer feedback"))
        self.top_title.setText(tr("Top members"))
        self.risk_title.setText(tr("At risk"))
        if self.health is not None:
            self.show_health(self.health)

    def _title_trend(self) -> None:
        years = getattr(self, "_trend_years", [])
        span = f" ({years[0]}–{years[-1]})" if len(years) > 1 else f" ({years[0]})" if years else ""
        self.trend_card.title.setText(tr("Owed to members, month by month") + span)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

