"""The counter's read-only tables: calm rows a cashier taps, columns fitted to what they hold."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from kiosk.ui.theme import scaled


class _FitColumns(QObject):
    """Sizes a table's columns to their contents, the `stretch` column taking the rest; while that would leave
    the stretch column too narrow for its text, the `optional` columns (least needed first) are hidden."""

    def __init__(self, view: QTableView, stretch: int, optional: Sequence[int]) -> None:
        super().__init__(view)
        self._view = view
        self._stretch = stretch
        self._optional = tuple(optional)
        view.installEventFilter(self)

    def schedule(self, *_args: object) -> None:
        # Fitted after the rows are laid out (a deferred call): sizing while rows are being inserted
        # sees no visible rows and leaves amounts cut off.
        QTimer.singleShot(0, self._view, self.fit)

    def fit(self) -> None:
        view, model = self._view, self._view.model()
        if model is None:
            return
        header = view.horizontalHeader()
        columns = range(model.columnCount())

        def needed(column: int) -> int:
            return max(view.sizeHintForColumn(column), header.sectionSizeHint(column))

        room = view.viewport().width()
        hidden: set[int] = set()
        for column in self._optional:
            wanted = sum(needed(c) for c in columns if c not in hidden)
            if wanted <= room:
                break
            hidden.add(column)
        for column in columns:
            view.setColumnHidden(column, column in hidden)
        # sized after showing: a column shown again comes back at its old width
        for column in columns:
            if column != self._stretch and column not in hidden:
                view.resizeColumnToContents(column)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.schedule()
        return False


def compact_table(model: QAbstractItemModel, *, stretch: int = 0, view: QTableView | None = None,
                  optional: Sequence[int] = ()) -> QTableView:
    """A calm read-only table: whole-row selection, no grid, touch-height rows, one stretching column.

    `optional` columns (least needed first) give way in a narrow table rather than cutting the others' text.
    """
    view = view if view is not None else QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setShowGrid(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(scaled(48))
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setHighlightSections(False)
    header.setSectionsClickable(False)

    view.setWordWrap(False)
    fitter = _FitColumns(view, stretch, optional)
    for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.dataChanged):
        signal.connect(fitter.schedule)
    fitter.schedule()
    return view


__all__ = ["compact_table"]
