"""Charts a manager would rather look at than read (QtCharts), and the cohort heat map (a painted table)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PySide6.QtCharts import (
    QAreaSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
)

from kiosk.ui.theme import PALETTE, color, scaled

SERIES_COLOURS = (PALETTE.accent, "#E0A458", PALETTE.info, "#9C6ADE", PALETTE.success)


def _chart() -> QChart:
    chart = QChart()
    chart.setBackgroundVisible(False)
    chart.setMargins(QMargins(0, 0, 0, 0))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    font = QFont()
    font.setPixelSize(scaled(14))
    chart.legend().setFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def _prepare(view: QChartView) -> None:
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(scaled(200))
    view.setBackgroundBrush(QBrush(Qt.GlobalColor.transparent))
    view.setStyleSheet("background: transparent; border: none;")


def _axis_font() -> QFont:
    font = QFont()
    font.setPixelSize(scaled(13))
    return font


class DonutChart(QChartView):
    """Shares of a whole (members' vs walk-ins' revenue)."""

    def __init__(self) -> None:
        super().__init__(_chart())
        _prepare(self)
        self.series = QPieSeries()
        self.series.setHoleSize(0.55)
        self.chart().addSeries(self.series)

    def set_slices(self, slices: Sequence[tuple[str, float]]) -> None:
        self.series.clear()
        total = sum(v for _, v in slices) or 1
        for i, (name, value) in enumerate(slices):
            piece = self.series.append(f"{name} {100 * value / total:.0f}%", value)
            piece.setColor(QColor(SERIES_COLOURS[i % len(SERIES_COLOURS)]))
            piece.setBorderColor(color("surface"))
            piece.setBorderWidth(2)


def nice_axis(top: float, ticks: int = 5) -> tuple[float, float]:
    """An axis that reads at a glance: its maximum at or above `top` and a round step (1, 2 or 5 times a power of
    ten) giving the most lines up to `ticks` + 1, counting the zero line: (maximum, step)."""
    if top <= 0:
        return 1.0, 1.0
    power = 10.0 ** math.floor(math.log10(top / max(1, ticks)))
    step = next(round(m * power, 12) for m in (1, 2, 5, 10, 20, 50, 100)
                if math.ceil(top / (m * power) - 1e-9) <= ticks)
    return round(math.ceil(top / step - 1e-9) * step, 12), step


def is_round_step(step: float) -> bool:
    """1, 2 or 5 times a power of ten: the steps nice_axis takes."""
    mantissa = step / 10.0 ** math.floor(math.log10(step))
    return any(math.isclose(mantissa, m) for m in (1, 2, 5))


def _value_axis(top: float, labels: Callable[[float], str], *, whole: bool = False) -> QCategoryAxis:
    """A value axis whose round ticks carry the text `labels` gives them (a unit such as ฿, grouped digits);
    `whole` for counts: no step smaller than one."""
    maximum, step = nice_axis(top)
    if whole and step < 1:
        maximum, step = float(math.ceil(top)), 1.0
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setRange(0, maximum)
    axis.setStartValue(0)
    value = 0.0
    axis.append(labels(0), 0)
    while value < maximum - 1e-9:
        value += step
        axis.append(labels(value), value)
    axis.setLabelsFont(_axis_font())
    axis.setGridLineColor(color("border"))
    return axis


class TrendChart(QChartView):
    """One line over months, filled below: the liability trend."""

    def __init__(self) -> None:
        super().__init__(_chart())
        _prepare(self)
        self.chart().legend().setVisible(False)

    def set_points(self, labels: Sequence[str], values: Sequence[float], *,
                   value_label: Callable[[float], str] = lambda v: f"{v:,.0f}") -> None:
        """`values` against month `labels`; `value_label` words the axis ("฿12,000")."""
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        upper = QLineSeries()
        lower = QLineSeries()
        line = QLineSeries()
        for i, value in enumerate(values):
            upper.append(QPointF(i, value))
            lower.append(QPointF(i, 0))
            line.append(QPointF(i, value))
        area = QAreaSeries(upper, lower)
        self._lines = (upper, lower)  # QAreaSeries does not own its boundary lines: keep them alive
        fill = color("accent")
        fill.setAlpha(60)
        area.setBrush(QBrush(fill))
        # the fill has no outline (it drew a wall down from the last month); the line on top is the trend
        area.setPen(QPen(Qt.PenStyle.NoPen))
        line.setPen(QPen(color("accent"), 3))
        line.setPointsVisible(len(values) < 3)  # a young shop's one or two months: dots, not an invisible line
        chart.addSeries(area)
        chart.addSeries(line)
        x = QBarCategoryAxis()
        x.append(list(labels))
        x.setLabelsFont(_axis_font())
        x.setGridLineVisible(False)
        y = _value_axis(max([*values, 0]), value_label)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        # a category axis spans -0.5..n-0.5 while the area is drawn on 0..n-1: align them with a value axis
        hidden = QValueAxis()
        hidden.setRange(-0.5, len(values) - 0.5)
        hidden.setVisible(False)
        chart.addAxis(hidden, Qt.AlignmentFlag.AlignBottom)
        for series in (area, line):
            series.attachAxis(y)
            series.attachAxis(hidden)


class BarChart(QChartView):
    """Counts per category (members per tier)."""

    def __init__(self) -> None:
        super().__init__(_chart())
        _prepare(self)
        self.chart().legend().setVisible(False)

    def set_bars(self, labels: Sequence[str], values: Sequence[int]) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        bars = QBarSet("")
        bars.append([float(v) for v in values])
        bars.setColor(color("accent"))
        bars.setBorderColor(color("accent"))
        bars.setLabelColor(color("text"))
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        # above the bar: inside, a short bar's number ran over its edge
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setBarWidth(0.55)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append(list(labels))
        x.setLabelsFont(_axis_font())
        x.setGridLineVisible(False)
        # room above the tallest bar for its number, on a round count
        y = _value_axis(max([*values, 1]) * 1.15, lambda v: f"{v:,.0f}", whole=True)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)


class CohortHeatMap(QTableWidget):
    """Retention by enrolment month: one row per cohort, one column per month since; darker = more stayed."""

    def __init__(self) -> None:
        super().__init__()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setDefaultSectionSize(scaled(34))
        self.setShowGrid(False)
        self.setMinimumHeight(scaled(300))

    def set_cohorts(self, rows: Sequence[tuple[str, int, Sequence[float | None]]], *, corner: str,
                    size_header: str, month_header: str) -> None:
        width = max((len(r[2]) for r in rows), default=1)
        self.clear()
        self.setRowCount(len(rows))
        self.setColumnCount(width + 1)
        self.setHorizontalHeaderLabels([size_header] + [month_header.format(k) for k in range(width)])
        self.setVerticalHeaderLabels([r[0] for r in rows])
        self.setCornerButtonEnabled(False)
        self.setToolTip(corner)
        accent = color("accent")
        for r, (_, size, shares) in enumerate(rows):
            size_item = QTableWidgetItem(f"{size:,}")
            size_item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.setItem(r, 0, size_item)
            for k, share in enumerate(shares):
                item = QTableWidgetItem("" if share is None else f"{share:.0f}%")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if share is not None:
                    shade = QColor(accent)
                    shade.setAlpha(int(25 + 2.2 * min(100.0, share)))
                    item.setBackground(shade)
                    if share >= 55:
                        item.setForeground(color("on_accent"))
                self.setItem(r, k + 1, item)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
