"""Promotions: each one's state and results (members reached, sales, points, cost), and a form to create or
schedule one; pause, resume and end the one selected. Saved through the program settings (validated, audited)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.programs.naming import Named
from kiosk.domain.programs.promotions import PROMOTION_KINDS, SEGMENTS, WEEKDAYS
from kiosk.services.app import Services
from kiosk.services.challenges import ChallengeResult
from kiosk.services.engagement import PromotionResult
from kiosk.services.offers import OfferResult
from kiosk.services.settings_admin import SettingsChange
from kiosk.ui.formatting import format_datetime, format_money, format_points, plural
from kiosk.ui.i18n import current_language
from kiosk.ui.manager.common import card, fill_table, label, table, tr
from kiosk.ui.tasks import TaskFailure, TaskRunner
from kiosk.ui.theme import ERROR_TEXT, HEADING, PRIMARY, SCREEN, SUB_CAPTION, TITLE, scaled

# the page scrolls: each table is as tall as this many of its rows (all of them when fewer), not its size hint,
# which left less than one promotion in sight on a 1024 px till
ROWS_SHOWN = 5


def kind_name(kind: str) -> str:
    return {"points_multiplier": tr("Points multiplier"), "bonus_points": tr("Bonus points"),
            "stamps_multiplier": tr("Stamps multiplier")}.get(kind, kind)


def status_name(status: str) -> str:
    return {"running": tr("Running"), "scheduled": tr("Scheduled"), "over": tr("Over"), "paused": tr("Paused"),
            "ended": tr("Ended")}.get(status, status)


def segment_name(segment: str) -> str:
    return {"birthday_month": tr("Birthday this month"), "new_member": tr("New members (30 days)"),
            "paid_member": tr("Paid members"), "at_risk": tr("At risk of lapsing"),
            "near_next_tier": tr("Close to the next tier")}.get(segment, segment)


def day_names() -> list[str]:
    return [tr("Mon"), tr("Tue"), tr("Wed"), tr("Thu"), tr("Fri"), tr("Sat"), tr("Sun")]


def days_text(weekdays: tuple[int, ...]) -> str:
    """'Mon–Fri', 'Sat, Sun', 'Mon, Wed, Fri': the days a promotion runs on, in the screen's language."""
    names = day_names()
    days = sorted(set(weekdays))
    if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
        return f"{names[days[0]]}–{names[days[-1]]}"
    return ", ".join(names[d] for d in days)


def when_text(result: PromotionResult) -> str:
    parts = []
    if result.starts or result.ends:
        start = format_datetime(result.starts) if result.starts else "…"
        end = format_datetime(result.ends) if result.ends else "…"
        parts.append(f"{start} – {end}")
    if result.weekdays and len(set(result.weekdays)) < 7:
        parts.append(days_text(result.weekdays))
    if result.hours:
        parts.append(result.hours)
    return "\n".join(parts) or tr("Always")  # a line each: the column stays narrow beside the name


def given_text(result: PromotionResult) -> str:
    """"120 points · 4 stamps · ฿30.00": what the promotion gave and what its points cost."""
    parts = []
    if result.points_given or not result.stamps_given:
        parts.append(plural(result.points_given, tr("%n point"), tr("%n points")))
    if result.stamps_given:
        parts.append(plural(result.stamps_given, tr("%n stamp"), tr("%n stamps")))
    parts.append(format_money(result.cost))
    # a narrow column wraps between the parts, not between a count and its unit ('194' above 'points ·')
    return "\u00a0· ".join(part.replace(" ", "\u00a0") for part in parts)


def promotion_id(name: str, taken: set[str]) -> str:
    """A short id from the name (Thai names give 'promo'), unused so far."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:24] or "promo"
    pid, n = base, 2
    while pid in taken:
        pid, n = f"{base}-{n}", n + 1
    return pid


def selected_row(widget: QTableWidget) -> int:
    """The row selected, or -1: the current row alone is not a choice (it stays when the selection is cleared)."""
    return widget.currentRow() if widget.selectionModel().hasSelection() else -1


def enable_actions(buttons: Sequence[QPushButton], status: str | None) -> None:
    """Pause, Resume and End for a selected row in `status` (None: nothing selected, all off)."""
    pause, resume, end = buttons
    pause.setEnabled(status in ("running", "scheduled"))
    resume.setEnabled(status == "paused")
    end.setEnabled(status is not None and status != "ended")


def _label(named: Named | None, fallback: str) -> str:
    return named.label(current_language()) if named is not None else fallback


class PromotionsPage(QWidget):
    def __init__(self, app: Services, runner: TaskRunner, notify: Callable[[str, str], None], staff_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(SCREEN)
        self.app = app
        self.runner = runner
        self.notify = notify
        self.staff_id = staff_id
        self.results: list[PromotionResult] = []
        self.title = label("", TITLE)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.load)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.refresh_button)

        list_card, list_layout = card()
        self.list_title = label("", HEADING)
        self.table = table([""] * 6, [], rows_shown=ROWS_SHOWN)
        self.table.itemSelectionChanged.connect(self._sync_buttons)
        self.pause_button = QPushButton()
        self.resume_button = QPushButton()
        self.end_button = QPushButton()
        self.pause_button.clicked.connect(lambda: self.change("pause"))
        self.resume_button.clicked.connect(lambda: self.change("resume"))
        self.end_button.clicked.connect(lambda: self.change("end"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.pause_button, self.resume_button, self.end_button):
            buttons.addWidget(button)
        list_layout.addWidget(self.list_title)
        list_layout.addWidget(self.table, 1)
        list_layout.addLayout(buttons)

        form_card, form_layout = card()
        self.form_title = label("", HEADING)
        self.form_note = label("", SUB_CAPTION, wrap=True)
        self.name = QLineEdit()
        self.name_th = QLineEdit()
        self.kind = QComboBox()
        for kind in PROMOTION_KINDS:
            self.kind.addItem("", kind)
        self.kind.currentIndexChanged.connect(self._sync_form)
        self.percent = QSpinBox()
        self.percent.setRange(101, 1000)
        self.percent.setValue(200)
        self.percent.setSuffix(" %")
        self.points = QSpinBox()
        self.points.setRange(1, 100_000)
        self.points.setValue(50)
        self.per = QComboBox()
        self.per.addItem("", "item")
        self.per.addItem("", "sale")
        self.skus = QLineEdit()
        self.categories = QLineEdit()
        self.audience = QComboBox()
        self.audience.addItem("", "all")
        self.audience.addItem("", "tier")
        self.audience.addItem("", "segment")
        self.audience.currentIndexChanged.connect(self._sync_form)
        self.tiers = QComboBox()
        for level in app.ctx.programs.tiers.levels:
            self.tiers.addItem(level.label(app.ctx.language), level.name)
        self.segment = QComboBox()
        for segment in SEGMENTS:
            self.segment.addItem("", segment)
        self.starts = QLineEdit()
        self.ends = QLineEdit()
        self.starts.setPlaceholderText("2026-12-01 00:00")
        self.ends.setPlaceholderText("2027-01-01 00:00")
        self.days = [QCheckBox() for _ in WEEKDAYS]
        days_row = QHBoxLayout()
        for box in self.days:
            days_row.addWidget(box)
        days_row.addStretch(1)
        self.hours = QLineEdit()
        self.hours.setPlaceholderText("14:00-16:00")
        self.cap = QSpinBox()
        self.cap.setRange(0, 1_000_000)
        self.form = QFormLayout()
        self.form_labels: dict[str, Any] = {}
        for key, widget in (("name", self.name), ("name_th", self.name_th), ("kind", self.kind),
                            ("percent", self.percent), ("points", self.points), ("per", self.per),
                            ("skus", self.skus), ("categories", self.categories), ("audience", self.audience),
                            ("tier", self.tiers), ("segment", self.segment), ("starts", self.starts),
                            ("ends", self.ends), ("days", days_row), ("hours", self.hours), ("cap", self.cap)):
            caption = label("")
            self.form_labels[key] = caption
            self.form.addRow(caption, widget)
        self.error = label("", ERROR_TEXT, wrap=True)
        self.refusal: TaskFailure | None = None  # why the promotion cannot be saved, said again in a new language
        self.save_button = QPushButton()
        self.save_button.setObjectName(PRIMARY)
        self.save_button.clicked.connect(self.save)
        save_row = QHBoxLayout()
        save_row.addWidget(self.error, 1)
        save_row.addWidget(self.save_button)
        form_layout.addWidget(self.form_title)
        form_layout.addWidget(self.form_note)
        form_layout.addLayout(self.form)
        form_layout.addLayout(save_row)

        self.challenge_results: list[ChallengeResult] = []
        self.offer_results: list[OfferResult] = []
        challenges_card, challenges_layout = card()
        self.challenges_title = label("", HEADING)
        self.challenges_table = table([""] * 5, [], rows_shown=ROWS_SHOWN)
        self.challenge_buttons = self._status_buttons("challenges", self.challenges_table)
        challenges_layout.addWidget(self.challenges_title)
        challenges_layout.addWidget(self.challenges_table)
        challenges_layout.addLayout(self.challenge_buttons[0])
        offers_card, offers_layout = card()
        self.offers_title = label("", HEADING)
        self.offers_table = table([""] * 5, [], rows_shown=ROWS_SHOWN)
        self.offer_buttons = self._status_buttons("offers", self.offers_table)
        offers_layout.addWidget(self.offers_title)
        offers_layout.addWidget(self.offers_table)
        offers_layout.addLayout(self.offer_buttons[0])

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(scaled(14))
        body_layout.addWidget(list_card)
        body_layout.addWidget(form_card)
        body_layout.addWidget(challenges_card)
        body_layout.addWidget(offers_card)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(scaled(24), scaled(18), scaled(24), scaled(18))
        layout.setSpacing(scaled(14))
        layout.addLayout(head)
        layout.addWidget(scroll, 1)
        self.retranslate_ui()
        self._sync_form()
        self._sync_buttons()
        self._sync_other_buttons()

    def _status_buttons(self, section: str, source: QTableWidget) -> tuple[QHBoxLayout, list[QPushButton]]:
        row = QHBoxLayout()
        row.addStretch(1)
        buttons = []
        for action in ("pause", "resume", "end"):
            button = QPushButton()
            button.clicked.connect(lambda _=False, a=action: self.change_other(section, source, a))
            row.addWidget(button)
            buttons.append(button)
        source.itemSelectionChanged.connect(self._sync_other_buttons)
        return row, buttons

    # -- reading ---------------------------------------------------------------------------------------
    def load(self) -> None:
        self.runner.run_db(lambda: self.app.promotions.results(), on_success=self.show_results,
                           on_failure=self._failed, owner=self, name="manager.promotions")
        self.runner.run_db(lambda: (self.app.promotions.challenges(), self.app.offers.results()),
                           on_success=lambda both: self.show_others(*both), on_failure=self._failed, owner=self,
                           name="manager.challenges_offers")

    def show_others(self, challenges: list[ChallengeResult], offers: list[OfferResult]) -> None:
        """Challenges (who completed them, what they gave) and personal offers (shown, used, what they earned)."""
        self.challenge_results, self.offer_results = challenges, offers
        programs = self.app.ctx.programs  # each named in the screen's language, which may not be the shop's
        fill_table(self.challenges_table, [tr("Challenge"), tr("State"), tr("Members who completed it"),
                                           tr("Completions"), tr("Points given")],
                   [(_label(programs.challenge(c.challenge_id), c.name),
                     status_name(self._status("challenges", c.challenge_id)),
                     format_points(c.members_completed), format_points(c.completions), format_points(c.points_given))
                    for c in challenges], numeric_from=2)
        fill_table(self.offers_table, [tr("Offer"), tr("State"), tr("Shown"), tr("Used"), tr("Their sales")],
                   [(_label(programs.offer(o.offer_id), o.name), status_name(self._status("offers", o.offer_id)),
                     format_points(o.shown),
                     format_points(o.used), format_money(o.sales_value)) for o in offers], numeric_from=2)
        self._sync_other_buttons()

    def _status(self, section: str, item_id: str) -> str:
        programs = self.app.ctx.programs
        item = programs.challenge(item_id) if section == "challenges" else programs.offer(item_id)
        status = item.status if item is not None else "ended"
        return "running" if status == "active" else status

    def change_other(self, section: str, source: QTableWidget, action: str) -> None:
        row = selected_row(source)
        items = self._ids(section)
        if not 0 <= row < len(items):
            self.notify(tr("Choose one in the list first."), "info")
            return
        command_id, item_id = str(uuid.uuid4()), items[row]
        self.runner.run_db(lambda: self.app.settings_admin().change_status(
            command_id=command_id, section=section, item_id=item_id, action=action, staff_id=self.staff_id),
            on_success=self._changed, on_failure=self._failed, owner=self, name="manager.engagement_change")

    def show_results(self, results: list[PromotionResult]) -> None:
        self.results = results
        programs = self.app.ctx.programs
        rows = [(f"{_label(programs.promotion(r.promotion_id), r.name)}\n{kind_name(r.kind)}", status_name(r.status),
                 when_text(r),
                 format_points(r.members_reached),
                 f"{format_money(r.sales_value)} ({format_points(r.boosted_sales)})", given_text(r))
                for r in results]
        fill_table(self.table, [tr("Promotion"), tr("State"), tr("When"), tr("Members reached"),
                                tr("Their sales"), tr("What it gave")], rows, numeric_from=3)
        self._sync_buttons()

    def selected(self) -> PromotionResult | None:
        row = selected_row(self.table)
        return self.results[row] if 0 <= row < len(self.results) else None

    # -- writing ---------------------------------------------------------------------------------------
    def promotion_table(self) -> dict[str, Any]:
        """The form as a [[promotions]] table."""
        kind = str(self.kind.currentData())
        table_: dict[str, Any] = {
            "id": promotion_id(self.name.text(), {r.promotion_id for r in self.results}),
            "name": self.name.text().strip(), "name_th": self.name_th.text().strip(), "kind": kind,
            "skus": [s.strip().upper() for s in self.skus.text().split(",") if s.strip()],
            "categories": [c.strip().lower() for c in self.categories.text().split(",") if c.strip()],
            "audience": str(self.audience.currentData()), "starts": self.starts.text().strip(),
            "ends": self.ends.text().strip(), "hours": self.hours.text().strip(),
            "weekdays": [day for day, box in zip(WEEKDAYS, self.days, strict=True) if box.isChecked()],
            "cap": self.cap.value(),
        }
        if kind == "bonus_points":
            table_.update(points=self.points.value(), per=str(self.per.currentData()))
        else:
            table_["percent"] = self.percent.value()
        if table_["audience"] == "tier":
            table_["tiers"] = [str(self.tiers.currentData())]
        elif table_["audience"] == "segment":
            table_["segment"] = str(self.segment.currentData())
        return table_

    def save(self) -> None:
        if not self.name.text().strip():
            self._invalid(TaskFailure("settings.promotion_no_id", "manager.promotion_save"))
            return
        promotion = self.promotion_table()
        command_id = str(uuid.uuid4())
        self.runner.run_db(lambda: self.app.settings_admin().save_promotion(
            command_id=command_id, promotion=promotion, staff_id=self.staff_id),
            on_success=self._saved, on_failure=self._invalid, owner=self, name="manager.promotion_save")

    def change(self, action: str) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        command_id = str(uuid.uuid4())
        self.runner.run_db(lambda: self.app.settings_admin().change_promotion(
            command_id=command_id, promotion_id=chosen.promotion_id, action=action, staff_id=self.staff_id),
            on_success=self._changed, on_failure=self._failed, owner=self, name="manager.promotion_change")

    def _saved(self, _change: SettingsChange) -> None:
        self._invalid(None)
        self.name.clear()
        self.name_th.clear()
        self.notify(tr("Promotion saved. It applies to new sales from its start."), "success")
        self.load()

    def _changed(self, _change: SettingsChange) -> None:
        self.notify(tr("Updated. New sales follow it now."), "success")
        self.load()

    def _invalid(self, failure: TaskFailure | None) -> None:
        self.refusal = failure
        self.error.setText(failure.message if failure is not None else "")

    def _failed(self, failure: TaskFailure) -> None:
        self.notify(failure.message, "error")

    # -- state of the controls -------------------------------------------------------------------------
    def _sync_form(self) -> None:
        bonus = self.kind.currentData() == "bonus_points"
        for key, shown in (("percent", not bonus), ("points", bonus), ("per", bonus),
                           ("tier", self.audience.currentData() == "tier"),
                           ("segment", self.audience.currentData() == "segment")):
            self.form.setRowVisible(self.form_labels[key], shown)

    def _sync_buttons(self) -> None:
        chosen = self.selected()
        enable_actions((self.pause_button, self.resume_button, self.end_button),
                       chosen.status if chosen is not None else None)

    def _sync_other_buttons(self) -> None:
        """The challenges' and offers' Pause, Resume and End as the promotions' are: only for the row selected,
        and only what its state allows."""
        for section, source, (_, buttons) in (("challenges", self.challenges_table, self.challenge_buttons),
                                              ("offers", self.offers_table, self.offer_buttons)):
            row, ids = selected_row(source), self._ids(section)
            enable_actions(buttons, self._status(section, ids[row]) if 0 <= row < len(ids) else None)

    def _ids(self, section: str) -> list[str]:
        """The ids of the rows a section's table shows, in their order."""
        return ([c.challenge_id for c in self.challenge_results] if section == "challenges"
                else [o.offer_id for o in self.offer_results])

    def retranslate_ui(self) -> None:
        self.title.setText(tr("Promotions"))
        self.refresh_button.setText(tr("Refresh"))
        self.list_title.setText(tr("Promotions and their results"))
        self.pause_button.setText(tr("Pause"))
        self.resume_button.setText(tr("Resume"))
        self.end_button.setText(tr("End"))
        self.form_title.setText(tr("New promotion"))
        self.form_note.setText(tr("Times are the shop's own clock. Hours that end before they start run past "
                                  "midnight. No days ticked: every day. A cap of 0: no cap per member."))
        for index, kind in enumerate(PROMOTION_KINDS):
            self.kind.setItemText(index, kind_name(kind))
        self.per.setItemText(0, tr("per matching item"))
        self.per.setItemText(1, tr("once per sale"))
        self.audience.setItemText(0, tr("All members"))
        self.audience.setItemText(1, tr("One tier"))
        self.audience.setItemText(2, tr("A segment"))
        for index, segment in enumerate(SEGMENTS):
            self.segment.setItemText(index, segment_name(segment))
        for box, name in zip(self.days, day_names(), strict=True):
            box.setText(name)
        captions = {"name": tr("Name"), "name_th": tr("Thai name"), "kind": tr("Kind"), "percent": tr("Earn"),
                    "points": tr("Bonus points"), "per": tr("Given"), "skus": tr("Items (SKUs)"),
                    "categories": tr("Categories"), "audience": tr("For"), "tier": tr("Tier"),
                    "segment": tr("Segment"), "starts": tr("Starts"), "ends": tr("Ends"), "days": tr("Days"),
                    "hours": tr("Hours"), "cap": tr("Cap per member")}
        for key, text in captions.items():
            self.form_labels[key].setText(text)
        self.skus.setPlaceholderText(tr("empty: every item"))
        self.categories.setPlaceholderText("bakery, coffee")
        self.save_button.setText(tr("Save promotion"))
        self.challenges_title.setText(tr("Challenges"))
        self.offers_title.setText(tr("Personal offers"))
        for buttons in (self.challenge_buttons[1], self.offer_buttons[1]):
            for button, text in zip(buttons, (tr("Pause"), tr("Resume"), tr("End")), strict=True):
                button.setText(text)
        if self.results:
            self.show_results(self.results)
        if self.challenge_results or self.offer_results:
            self.show_others(self.challenge_results, self.offer_results)
        self._invalid(self.refusal)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
