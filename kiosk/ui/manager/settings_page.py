"""Program settings: earn rules, rewards, stamp cards, tiers, cashback, expiry, bonuses; validated and previewed."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.l10n.catalogue import say
from kiosk.services.app import Services
from kiosk.services.settings_admin import (
    ChangeProgramSettings,
    SettingsChange,
    SettingsPreview,
)
from kiosk.ui.formatting import plural
from kiosk.ui.i18n import current_language
from kiosk.ui.manager.common import card, label, tr
from kiosk.ui.manager.thai_names import ThaiNamesEditor
from kiosk.ui.tasks import TaskFailure, TaskRunner
from kiosk.ui.theme import (
    ERROR_TEXT,
    HEADING,
    PRIMARY,
    SCREEN,
    SUB_CAPTION,
    TITLE,
    scaled,
)

# (TOML key, column title, kind): how each table column maps onto a list-of-tables setting
REWARD_COLUMNS = (("id", "Id", "text"), ("name", "Name", "text"), ("name_th", "Thai name", "text"),
                  ("points", "Points", "int"), ("value", "Value", "text"), ("kind", "Kind", "text"),
                  ("sku", "Item SKU", "text"))
CARD_COLUMNS = (("id", "Id", "text"), ("name", "Name", "text"), ("required", "Stamps", "int"),
                ("skus", "Item SKUs", "list"), ("reward_name", "Reward", "text"),
                ("reward_value", "Worth up to", "text"), ("max_per_visit", "Most a visit", "int"))
TIER_COLUMNS = (("name", "Name", "text"), ("name_th", "Thai name", "text"), ("threshold", "From", "text"),
                ("multiplier_percent", "Points %", "int"))
PARTNER_COLUMNS = (("id", "Id", "text"), ("name", "Name", "text"), ("name_th", "Thai name", "text"),
                   ("spend_unit", "For every", "text"), ("points_per_unit", "Points", "int"),
                   ("settlement_value", "Settles at", "text"), ("settlement_points", "Per points", "int"),
                   ("max_points_per_transaction", "Most a receipt", "int"),
                   ("max_points_per_day", "Most earned a day", "int"),
                   # empty: the points worth security.redemption_approval_over (the preview says how many)
                   ("max_redeem_points_per_day", "Most spent a day", "int"))


BASES = ("spend", "item", "visit")


def column_title(title: str) -> str:
    # literal tr() calls, so pyside6-lupdate sees every column title
    titles = {"Id": tr("Id"), "Name": tr("Name"), "Thai name": tr("Thai name"), "Points": tr("Points"),
              "Value": tr("Value"), "Kind": tr("Kind"), "Item SKU": tr("Item SKU"), "Stamps": tr("Stamps"),
              "Item SKUs": tr("Item SKUs"), "Reward": tr("Reward"), "Worth up to": tr("Worth up to"),
              "Most a visit": tr("Most a visit"), "From": tr("From"), "Points %": tr("Points %"),
              "For every": tr("For every"), "Settles at": tr("Settles at"), "Per points": tr("Per points"),
              "Most a receipt": tr("Most a receipt"), "Most earned a day": tr("Most earned a day"),
              "Most spent a day": tr("Most spent a day")}
    return titles.get(title, title)


class RowsEditor(QWidget):
    """An editable table for a list of settings tables (rewards, stamp cards, tier levels)."""

    def __init__(self, columns: tuple[tuple[str, str, str], ...], on_change: Callable[[], None]) -> None:
        super().__init__()
        self.columns = columns
        self.table = QTableWidget(0, len(columns))
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(scaled(40))
        # Each column as wide as what it holds (names are never cut off); a list (a card's item SKUs) takes the
        # rest of the width and wraps onto more lines. A table wider than the page scrolls sideways.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column, (_, _, kind) in enumerate(columns):
            if kind == "list":
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
                header.setMinimumSectionSize(scaled(120))
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(scaled(190))
        self.table.itemChanged.connect(lambda _i: on_change())
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.add_button.clicked.connect(on_change)
        self.remove_button.clicked.connect(on_change)
        self._originals: list[dict[str, Any]] = []
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.table.blockSignals(True)
        self._originals = [copy.deepcopy(r) for r in rows]
        self.table.setRowCount(0)
        for row in rows:
            self._append(row)
        self.table.blockSignals(False)

    def _append(self, row: dict[str, Any]) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for c, (key, _, kind) in enumerate(self.columns):
            value = row.get(key, "")
            text = (", ".join(value) if kind == "list" and isinstance(value, list)
                    else ("" if value is None else str(value)))
            self.table.setItem(r, c, QTableWidgetItem(text))

    def add_row(self) -> None:
        self._originals.append({})
        self._append({})

    def remove_row(self) -> None:
        r = self.table.currentRow()
        if r < 0:
            r = self.table.rowCount() - 1
        if r >= 0:
            self.table.removeRow(r)
            del self._originals[r]

    def rows(self) -> list[dict[str, Any]]:
        """The edited rows; keys this table does not show are kept from the original settings."""
        out = []
        for r in range(self.table.rowCount()):
            row = copy.deepcopy(self._originals[r]) if r < len(self._originals) else {}
            for c, (key, _, kind) in enumerate(self.columns):
                item = self.table.item(r, c)
                text = item.text().strip() if item else ""
                if kind == "list":
                    row[key] = [s.strip() for s in text.split(",") if s.strip()]
                elif not text:
                    row.pop(key, None)
                elif kind == "int":
                    row[key] = int(text) if text.lstrip("-").isdigit() else text  # validation names bad numbers
                else:
                    row[key] = text
            out.append(row)
        return out

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([column_title(title) for _, title, _ in self.columns])
        self.add_button.setText(tr("Add"))
        self.remove_button.setText(tr("Remove"))


class ProgramSettingsPage(QScrollArea):
    def __init__(self, app: Services, runner: TaskRunner, notify: Callable[[str, str], None], staff_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self.notify = notify
        self.staff_id = staff_id
        self.sections: dict[str, Any] = {}
        self._loading = False
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        body.setObjectName(SCREEN)
        self.setWidget(body)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(300)
        self._preview_timer.timeout.connect(self.refresh_preview)

        self.title = label("", TITLE)
        self.note = label("", SUB_CAPTION, wrap=True)
        self.save_button = QPushButton()
        self.save_button.setObjectName(PRIMARY)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton()
        self.revert_button.clicked.connect(self.load)
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.note)
        head.addLayout(titles, 1)
        head.addWidget(self.revert_button)
        head.addWidget(self.save_button)

        changed = self._changed
        # earning and spending points
        self.basis = QComboBox()
        for basis in BASES:  # the stored value is the item data; the text is translated in retranslate_ui
            self.basis.addItem(basis, basis)
        self.spend_unit = QLineEdit()
        self.points_per_unit = _spin(0, 1000)
        self.point_value = QLineEdit()
        self.min_redeem = _spin(0, 100_000)
        self.max_redeem_percent = _spin(0, 100)
        self.points_expiry = _spin(0, 120)
        for w in (self.spend_unit, self.point_value):
            w.textChanged.connect(changed)
        self.basis.currentIndexChanged.connect(changed)
        for s in (self.points_per_unit, self.min_redeem, self.max_redeem_percent, self.points_expiry):
            s.valueChanged.connect(changed)
        points_card, points_layout = card()
        self.points_title = label("", HEADING)
        self.points_form = QFormLayout()
        points_layout.addWidget(self.points_title)
        points_layout.addLayout(self.points_form)
        self._points_rows = [self.basis, self.spend_unit, self.points_per_unit, self.point_value, self.min_redeem,
                             self.max_redeem_percent, self.points_expiry]
        self._points_labels = [label("") for _ in self._points_rows]
        for lbl, field in zip(self._points_labels, self._points_rows, strict=True):
            self.points_form.addRow(lbl, field)
        points_layout.addStretch(1)

        # cashback and bonuses
        self.cashback_on = QCheckBox()
        self.cashback_on.toggled.connect(changed)
        self.cashback_percent = QLineEdit()
        self.cashback_min = QLineEdit()
        self.cashback_max = QLineEdit()
        self.cashback_expiry = _spin(0, 120)
        for w in (self.cashback_percent, self.cashback_min, self.cashback_max):
            w.textChanged.connect(changed)
        self.cashback_expiry.valueChanged.connect(changed)
        self.bonus = {key: _spin(0, BOX_MOST)
                      for key in ("signup_points", "birthday_points", "referral_referrer_points",
                                  "referral_new_member_points", "review_points")}
        # how long a birthday bonus a void or refund took back stays owed to the next purchase
        self.birthday_owed_days = _spin(0, BOX_MOST)
        for s in (*self.bonus.values(), self.birthday_owed_days):
            s.valueChanged.connect(changed)
        extra_card, extra_layout = card()
        self.cashback_title = label("", HEADING)
        self.cashback_form = QFormLayout()
        self._cashback_rows = [self.cashback_on, self.cashback_percent, self.cashback_min, self.cashback_max,
                               self.cashback_expiry]
        self._cashback_labels = [label("") for _ in self._cashback_rows]
        for lbl, field in zip(self._cashback_labels, self._cashback_rows, strict=True):
            self.cashback_form.addRow(lbl, field)
        self.bonus_title = label("", HEADING)
        self.bonus_form = QFormLayout()
        self._bonus_labels = {key: label("") for key in self.bonus}
        self.birthday_owed_label = label("", wrap=True)
        for key, s in self.bonus.items():
            self.bonus_form.addRow(self._bonus_labels[key], s)
            if key == "birthday_points":
                # a long caption: spanning the row, it wraps to the card's width (a form's label keeps the width
                # it would like and runs past a half-page card)
                self.bonus_form.addRow(self.birthday_owed_label)
                self.bonus_form.addRow(self.birthday_owed_days)
                self.birthday_owed_days.setMaximumWidth(scaled(180))
        extra_layout.addWidget(self.cashback_title)
        extra_layout.addLayout(self.cashback_form)
        extra_layout.addWidget(self.bonus_title)
        extra_layout.addLayout(self.bonus_form)
        extra_layout.addStretch(1)

        # the preview: what a sample sale earns under the edited rules
        preview_card, preview_layout = card()
        self.preview_title = label("", HEADING)
        self.preview: SettingsPreview | None = None  # said again when the language changes
        self.refusal: TaskFailure | None = None  # so is why the edits cannot be saved
        self.preview_text = label("", wrap=True)
        self.error = label("", ERROR_TEXT, wrap=True)
        preview_layout.addWidget(self.preview_title)
        preview_layout.addWidget(self.preview_text)
        preview_layout.addWidget(self.error)
        preview_layout.addStretch(1)

        self.rewards = RowsEditor(REWARD_COLUMNS, changed)
        self.cards = RowsEditor(CARD_COLUMNS, changed)
        self.tiers = RowsEditor(TIER_COLUMNS, changed)
        self.partners = RowsEditor(PARTNER_COLUMNS, changed)
        self.thai_names = ThaiNamesEditor(changed)
        self.tiers_on = QCheckBox()
        self.tiers_on.toggled.connect(changed)
        lists = []
        self.list_titles = []
        for editor in (self.rewards, self.cards, self.tiers, self.partners, self.thai_names):
            frame, frame_layout = card()
            title = label("", HEADING)
            self.list_titles.append(title)
            frame_layout.addWidget(title)
            if editor is self.tiers:
                frame_layout.addWidget(self.tiers_on)
            frame_layout.addWidget(editor)
            lists.append(frame)

        for form in (self.points_form, self.cashback_form, self.bonus_form):
            _fit_form(form)
        self.grid = QGridLayout()
        self.grid.setSpacing(scaled(14))
        self._cards = (points_card, extra_card, preview_card)
        self._columns = 0
        self._arrange(3)
        for row, frame in enumerate(lists, start=2):
            self.grid.addWidget(frame, row, 0, 1, 3)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(scaled(24), scaled(18), scaled(24), scaled(18))
        layout.setSpacing(scaled(14))
        layout.addLayout(head)
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self.retranslate_ui()

    # -- layout --------------------------------------------------------------------------------------
    WIDE = 1100  # px of page from which the three setting cards fit side by side

    def _arrange(self, columns: int) -> None:
        """Three cards in a row on a wide page; on a 1024 px one the preview goes under the other two."""
        points_card, extra_card, preview_card = self._cards
        for card_ in self._cards:
            self.grid.removeWidget(card_)
        self.grid.addWidget(points_card, 0, 0)
        self.grid.addWidget(extra_card, 0, 1)
        if columns == 3:
            self.grid.addWidget(preview_card, 0, 2)
        else:
            self.grid.addWidget(preview_card, 1, 0, 1, 2)
        for column in range(3):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        self._columns = columns

    def resizeEvent(self, event: QResizeEvent) -> None:
        columns = 3 if self.viewport().width() >= scaled(self.WIDE) else 2
        if columns != self._columns:
            self._arrange(columns)
        super().resizeEvent(event)

    # -- load and collect ----------------------------------------------------------------------------
    def load(self) -> None:
        self.runner.run_db(self.app.settings_admin().current, on_success=self.show_sections, on_failure=self._failed,
                           owner=self, name="manager.settings")

    def show_sections(self, sections: dict[str, Any]) -> None:
        self._loading = True
        self.sections = copy.deepcopy(sections)
        p = sections.get("points", {})
        self.basis.setCurrentIndex(max(0, self.basis.findData(str(p.get("basis", "spend")))))
        self.spend_unit.setText(str(p.get("spend_unit", "25")))
        self.points_per_unit.show_value(p.get("points_per_unit", 1))
        self.point_value.setText(str(p.get("point_value", "0.25")))
        self.min_redeem.show_value(p.get("min_redeem_points", 1))
        self.max_redeem_percent.show_value(p.get("max_redeem_percent", 100))
        self.points_expiry.show_value(p.get("expiry_months") or 0)
        cb = sections.get("cashback", {})
        self.cashback_on.setChecked(bool(cb.get("enabled", False)))
        self.cashback_percent.setText(str(cb.get("percent", "0")))
        self.cashback_min.setText(str(cb.get("min_spend", "0")))
        self.cashback_max.setText(str(cb.get("max_per_sale", "")))
        self.cashback_expiry.show_value(cb.get("expiry_months") or 0)
        b = sections.get("bonuses", {})
        for key, s in self.bonus.items():
            s.show_value(b.get(key, 0))
        self.birthday_owed_days.show_value(b.get("birthday_owed_days", 30))
        self.rewards.set_rows(list(p.get("rewards", [])))
        self.cards.set_rows(list(sections.get("stamp_cards", [])))
        t = sections.get("tiers", {})
        self.tiers_on.setChecked(bool(t.get("enabled", True)))
        self.tiers.set_rows(list(t.get("levels", [])))
        self.partners.set_rows(list(sections.get("partners", [])))
        self.thai_names.set_sections(sections)
        self._loading = False
        self._say_refusal(None)
        self.refresh_preview()

    def changes(self) -> dict[str, Any]:
        """The edited sections, shaped like the settings file (the service works out what changed)."""
        points = copy.deepcopy(self.sections.get("points", {}))
        points.update(basis=str(self.basis.currentData()), spend_unit=self.spend_unit.text().strip(),
                      points_per_unit=self.points_per_unit.to_save(), point_value=self.point_value.text().strip(),
                      min_redeem_points=self.min_redeem.to_save(), max_redeem_percent=self.max_redeem_percent.to_save(),
                      expiry_months=self.points_expiry.to_save(), rewards=self.rewards.rows())
        cashback = copy.deepcopy(self.sections.get("cashback", {}))
        cashback.update(enabled=self.cashback_on.isChecked(), percent=self.cashback_percent.text().strip(),
                        min_spend=self.cashback_min.text().strip(), max_per_sale=self.cashback_max.text().strip(),
                        expiry_months=self.cashback_expiry.to_save())
        bonuses = copy.deepcopy(self.sections.get("bonuses", {}))
        bonuses.update({key: s.to_save() for key, s in self.bonus.items()},
                       birthday_owed_days=self.birthday_owed_days.to_save())
        tiers = copy.deepcopy(self.sections.get("tiers", {}))
        tiers.update(enabled=self.tiers_on.isChecked(), levels=self.tiers.rows())
        changes = {"points": points, "cashback": cashback, "bonuses": bonuses, "tiers": tiers,
                   "stamp_cards": self.cards.rows(), "partners": self.partners.rows()}
        self.thai_names.apply(changes)
        return changes

    # -- preview and save ----------------------------------------------------------------------------
    def _changed(self, *_: object) -> None:
        if not self._loading:
            self._preview_timer.start()

    def refresh_preview(self) -> None:
        changes = self.changes()
        self.runner.run_io(lambda: self.app.settings_admin().preview(changes), on_success=self._show_preview,
                           on_failure=self._show_invalid, owner=self, name="manager.settings_preview")

    def _show_preview(self, preview: SettingsPreview) -> None:
        self._say_refusal(None)
        self.preview = preview
        self._say_preview()
        self.save_button.setEnabled(True)

    def _say_preview(self) -> None:
        language = current_language()
        lines = self.preview.lines if self.preview is not None else ()
        self.preview_text.setText("\n".join(f"• {say(line, language)}" for line in lines))

    def _show_invalid(self, failure: TaskFailure) -> None:
        self._say_refusal(failure)
        self.save_button.setEnabled(False)

    def save(self) -> None:
        cmd = ChangeProgramSettings(command_id=str(uuid.uuid4()), changes=self.changes(), staff_id=self.staff_id)
        self.runner.run_db(lambda: self.app.settings_admin().apply(cmd), on_success=self._saved,
                           on_failure=self._show_invalid, owner=self, name="manager.settings_save")

    def _saved(self, change: SettingsChange) -> None:
        if not change.changed_keys:
            self.notify(tr("Nothing changed."), "info")
            return
        message = plural(len(change.changed_keys), tr("Saved %n change. New sales use it now; past sales keep theirs."),
                         tr("Saved %n changes. New sales use them now; past sales keep theirs."))
        self.notify(message, "success")
        self.load()

    def _failed(self, failure: TaskFailure) -> None:
        self.notify(failure.message, "error")

    # -- language ------------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        basis_names = {"spend": tr("Money spent"), "item": tr("Items bought"), "visit": tr("Visits")}
        for index, basis in enumerate(BASES):
            self.basis.setItemText(index, basis_names[basis])
        self.title.setText(tr("Program settings"))
        self.note.setText(tr("Changes apply to new sales only and are recorded with your name."))
        self.save_button.setText(tr("Save changes"))
        self.revert_button.setText(tr("Undo edits"))
        self.points_title.setText(tr("Earning and spending points"))
        for lbl, text in zip(self._points_labels, (tr("Earn on"), tr("For every (baht)"), tr("Points earned"),
                                                   tr("A point is worth (baht)"), tr("Fewest points to spend"),
                                                   tr("Points may pay up to (%)"),
                                                   tr("Points expire after (months, 0 = never)")),
                             strict=True):
            lbl.setText(text)
        self.cashback_title.setText(tr("Cashback"))
        for lbl, text in zip(self._cashback_labels, (tr("Give store credit"), tr("Percent back"), tr("From a sale of"),
                                                     tr("At most a sale"), tr("Credit expires after (months)")),
                             strict=True):
            lbl.setText(text)
        self.cashback_on.setText(tr("On"))
        self.bonus_title.setText(tr("Bonuses"))
        for key, text in (("signup_points", tr("Joining")), ("birthday_points", tr("Birthday")),
                          ("referral_referrer_points", tr("Referring a friend")),
                          ("referral_new_member_points", tr("Being referred")),
                          ("review_points", tr("Leaving a review"))):
            self._bonus_labels[key].setText(text)
        self.birthday_owed_label.setText(tr("Birthday bonus a refund took back stays owed (days)"))
        self.preview_title.setText(tr("Preview"))
        for title, text in zip(self.list_titles, (tr("Rewards catalogue"), tr("Stamp cards"), tr("Tiers"),
                                                  tr("Coalition partners"), tr("Names in Thai")), strict=True):
            title.setText(text)
        self.tiers_on.setText(tr("Tiers on"))
        for editor in (self.rewards, self.cards, self.tiers, self.partners, self.thai_names):
            editor.retranslate()
        self._say_preview()
        self._say_refusal(self.refusal)

    def _say_refusal(self, refusal: TaskFailure | None) -> None:
        self.refusal = refusal
        self.error.setText(refusal.message if refusal is not None else "")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def _fit_form(form: QFormLayout) -> None:
    """Each label above its field, wrapping when long (Thai), and the number fields narrow: a card of settings
    fits a third of a 1280 px page or half of a 1024 px one, and no field is squeezed to a letter."""
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
    form.setVerticalSpacing(scaled(4))
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        field_widget = field.widget() if field is not None else None
        if isinstance(field_widget, (QSpinBox, QLineEdit)):
            field_widget.setMaximumWidth(scaled(180))
        if isinstance(field_widget, QComboBox):
            field_widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        caption = item.widget() if item is not None else None
        if isinstance(caption, QLabel):
            caption.setWordWrap(True)
            caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)


BOX_MOST = 2_147_483_647  # the most a number box holds; the settings file allows any whole number from 0


class _WholeBox(QSpinBox):
    """A number box that keeps the file's value it could not show: saving other edits leaves it as it was."""

    def __init__(self) -> None:
        super().__init__()
        self._loaded: Any = None  # the value the settings file gave, as written

    def _held(self, value: int) -> int:
        return max(self.minimum(), min(self.maximum(), value))

    def show_value(self, loaded: Any) -> None:
        self._loaded = loaded
        self.setValue(self._held(int(loaded)))

    def to_save(self) -> Any:
        """What was typed, or the file's value while the box still shows what became of it."""
        untouched = self._loaded is not None and self.value() == self._held(int(self._loaded))
        return self._loaded if untouched else self.value()


def _spin(low: int, high: int) -> _WholeBox:
    spin = _WholeBox()
    spin.setRange(low, high)
    return spin
