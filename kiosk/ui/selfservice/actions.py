"""What a signed-in customer can do: redeem a reward to a voucher, donate points, join the paid membership, rate."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.events import RewardRedeemed
from kiosk.domain.programs.config import CharityRules, MembershipPlan
from kiosk.services.accounts import MemberAccount, RewardOption
from kiosk.services.redemption import VoucherResult
from kiosk.ui.formatting import format_date, format_money, format_points, plural, render_text
from kiosk.ui.i18n import current_language
from kiosk.ui.selfservice.common import Screen, button, card, label
from kiosk.ui.theme import BIG_NUMBER, CAPTION, ERROR_TEXT, HEADING, PRIMARY, SUB_CAPTION, scaled
from kiosk.ui.widgets import OnScreenKeyboard, QrWidget
from kiosk.ui.widgets.keypads import DigitKeypad


class VoucherScreen(Screen):
    """Confirm a redemption, then hand over the voucher: printed, or as a QR on screen when the printer is out."""

    confirmed = Signal(str)
    back_requested = Signal()
    done_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._option: RewardOption | None = None
        self._balance = 0
        self._result: VoucherResult | None = None
        self._printed = False
        self._title = label()
        self._caption = label()
        self.pages = QStackedWidget()
        # confirm
        confirm_page = QWidget()
        confirm_card, confirm_box = card(spacing=18, margins=32)
        self._question = label("", "dialogQuestion", wrap=True)
        self._after = label("", CAPTION, wrap=True)
        self._single_use = label("", SUB_CAPTION, wrap=True)
        self.confirm_button = button("", PRIMARY)
        self.confirm_button.setObjectName("bigPrimary")
        self.confirm_button.clicked.connect(lambda: self._option and self.confirmed.emit(self._option.id))
        self.cancel_button = button("", "bigSecondary")
        self.cancel_button.clicked.connect(self.back_requested)
        buttons = QHBoxLayout()
        buttons.setSpacing(scaled(16))
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.confirm_button)
        confirm_box.addWidget(self._question)
        confirm_box.addWidget(self._after)
        confirm_box.addWidget(self._single_use)
        confirm_box.addStretch(1)
        confirm_box.addLayout(buttons)
        confirm_layout = QHBoxLayout(confirm_page)
        confirm_layout.addStretch(1)
        confirm_layout.addWidget(confirm_card, 3)
        confirm_layout.addStretch(1)
        # result
        result_page = QWidget()
        self.qr = QrWidget()
        self.qr.setMinimumSize(scaled(300), scaled(300))
        self._code = label("", CAPTION, align=Qt.AlignmentFlag.AlignCenter)
        self._code.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        qr_card, qr_box = card()
        qr_box.addWidget(self.qr, 1)
        qr_box.addWidget(self._code)
        text_card, text_box = card(spacing=14, margins=28)
        self.status = label("", "dialogQuestion", wrap=True)
        self._instructions = label("", CAPTION, wrap=True)
        self._expires = label("", SUB_CAPTION, wrap=True)
        self._left = label("", SUB_CAPTION, wrap=True)
        self.account_button = button("", "bigSecondary")
        self.account_button.clicked.connect(self.back_requested)
        self.done_button = button("", PRIMARY)
        self.done_button.setObjectName("bigPrimary")
        self.done_button.clicked.connect(self.done_requested)
        text_box.addWidget(self.status)
        text_box.addWidget(self._instructions)
        text_box.addWidget(self._expires)
        text_box.addWidget(self._left)
        text_box.addStretch(1)
        end = QHBoxLayout()
        end.setSpacing(scaled(16))
        end.addWidget(self.account_button)
        end.addWidget(self.done_button)
        text_box.addLayout(end)
        result_layout = self.flow(QHBoxLayout(result_page))
        result_layout.setSpacing(scaled(28))
        result_layout.addWidget(text_card, 3)
        result_layout.addWidget(qr_card, 2)
        self.pages.addWidget(confirm_page)
        self.pages.addWidget(result_page)

        self.frame(self.pages)
        self.retranslate_ui()

    def ask(self, option: RewardOption, balance: int) -> None:
        self._option, self._balance, self._result = option, balance, None
        self.pages.setCurrentIndex(0)
        self.confirm_button.setEnabled(True)
        self.retranslate_ui()

    def show_result(self, result: VoucherResult, *, printed: bool) -> None:
        self._result, self._printed = result, printed
        self.qr.set_payload(result.voucher_code)
        self.pages.setCurrentIndex(1)
        self.retranslate_ui()

    def result(self) -> VoucherResult | None:
        return self._result

    def printed(self) -> bool:
        return self._printed

    def reset(self) -> None:
        self._option, self._result, self._printed, self._balance = None, None, False, 0
        self.qr.set_payload("")
        self.pages.setCurrentIndex(0)
        for widget in (self._question, self._after, self.status, self._code, self._expires, self._left,
                       self._instructions):
            widget.clear()

    def retranslate_ui(self) -> None:
        self._title.setText(self.tr("Redeem a reward"))
        self.confirm_button.setText(self.tr("Yes, redeem"))
        self.cancel_button.setText(self.tr("Back"))
        self.account_button.setText(self.tr("Back to my account"))
        self.done_button.setText(self.tr("Done"))
        self._single_use.setText(self.tr("You get a single-use voucher to hand to the cashier."))
        if self._option is not None:
            self._question.setText(plural(self._option.points, self.tr("Redeem %1 for %n point?"),
                                          self.tr("Redeem %1 for %n points?")).replace("%1", self._option.name))
            left = self._balance - self._option.points
            self._after.setText(plural(left, self.tr("You will have %n point left."),
                                       self.tr("You will have %n points left.")))
        result = self._result
        if result is None:
            self._caption.setText("")
            return
        # the service names the reward in the shop's language; the option and the event speak the customer's
        redeemed = next((e.reward(current_language()) for e in result.events if isinstance(e, RewardRedeemed)),
                        result.reward_name)
        self._caption.setText(self._option.name if self._option is not None else redeemed)
        if self._printed:
            self.status.setText(self.tr("Your voucher is printing"))
            self._instructions.setText(self.tr("Take it from the printer and hand it to the cashier. "
                                               "The code is also shown here."))
        else:
            self.status.setText(self.tr("The printer is not available, so here is your voucher on screen"))
            # the voucher is the member's whatever happens to this screen: their account lists it, and the
            # counter applies it or prints it (kiosk printer reprint <code>)
            self._instructions.setText(self.tr("Show this QR code to the cashier, or take a photo of it. "
                                               "It works once.") + " " + render_text("account.voucher_kept"))
        self._code.setText(result.voucher_code)
        self._expires.setText(self.tr("Valid until %1").replace("%1", format_date(result.expires_on))
                              if result.expires_on else "")
        self._left.setText(self.tr("Points left: %1").replace("%1", format_points(result.points_balance)))


class DonateScreen(Screen):
    donate_requested = Signal(str, int)  # cause id, points
    back_requested = Signal()

    def __init__(self, charity: CharityRules, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._charity = charity
        self._balance = 0
        self._title = label()
        self._caption = label()
        self.back_button = button("", "bigSecondary")
        self.back_button.clicked.connect(self.back_requested)
        self.causes = QButtonGroup(self)
        self.causes.setExclusive(True)
        causes_card, causes_box = card(spacing=12)
        self._causes_caption = label("", CAPTION)
        causes_box.addWidget(self._causes_caption)
        self._cause_buttons: dict[str, QPushButton] = {}
        for cause in charity.causes:
            choice = button("", "choice")
            choice.setCheckable(True)
            choice.setProperty("cause_id", cause.id)
            self.causes.addButton(choice)
            self._cause_buttons[cause.id] = choice
            causes_box.addWidget(choice)
        self.causes.buttonToggled.connect(lambda *_: self._update())
        causes_box.addStretch(1)
        self.value = label("", HEADING, wrap=True)
        self._limits = label("", SUB_CAPTION, wrap=True)
        self.error = label("", ERROR_TEXT, wrap=True)
        causes_box.addWidget(self.value)
        causes_box.addWidget(self._limits)
        causes_box.addWidget(self.error)
        self.donate_button = button("", PRIMARY)
        self.donate_button.setObjectName("bigPrimary")
        self.donate_button.clicked.connect(self._donate)
        causes_box.addWidget(self.donate_button)

        self.keypad = DigitKeypad(max_digits=7, style="number")
        self.keypad.digits_changed.connect(lambda _: self._update())
        self.all_button = button("", "bigSecondary")
        self.all_button.clicked.connect(lambda: self.keypad.set_digits(str(self._balance)))
        amounts = QVBoxLayout()
        amounts.setSpacing(scaled(12))
        amounts.addWidget(self.keypad, 1)
        amounts.addWidget(self.all_button)

        body = self.flow(QHBoxLayout())
        body.setSpacing(scaled(36))
        body.addWidget(causes_card, 1)
        body.addLayout(amounts, 1)
        self.frame(body, right=self.back_button)
        self.retranslate_ui()
        self.reset()

    def set_account(self, account: MemberAccount) -> None:
        self._balance = max(0, account.points)
        self.reset_entry()
        self.retranslate_ui()

    def select_cause(self, cause_id: str) -> None:
        self._cause_buttons[cause_id].setChecked(True)

    def reset_entry(self) -> None:
        self.keypad.set_digits("")
        self.error.clear()
        checked = self.causes.checkedButton()
        if checked is not None:
            self.causes.setExclusive(False)
            checked.setChecked(False)
            self.causes.setExclusive(True)
        self._update()

    def reset(self) -> None:
        self._balance = 0
        self.reset_entry()
        self._caption.clear()

    def show_error(self, message: str) -> None:
        self.error.setText(message)

    def _points(self) -> int:
        return int(self.keypad.digits() or 0)

    def _cause(self) -> str | None:
        checked = self.causes.checkedButton()
        return str(checked.property("cause_id")) if checked is not None else None

    def _donate(self) -> None:
        cause = self._cause()
        if cause is not None:
            self.donate_requested.emit(cause, self._points())

    def _update(self) -> None:
        points = self._points()
        self.error.clear()
        worth = format_money(self._charity.point_value * points)
        self.value.setText(plural(points, self.tr("%n point = %2 for the cause"),
                                  self.tr("%n points = %2 for the cause")).replace("%2", worth) if points else "")
        ok = self._cause() is not None and self._charity.min_points <= points <= self._balance
        self.donate_button.setEnabled(ok)

    def retranslate_ui(self) -> None:
        language = current_language()
        self._title.setText(self.tr("Donate points"))
        self._caption.setText(plural(self._balance, self.tr("You have %n point"), self.tr("You have %n points")))
        self.back_button.setText(self.tr("Back"))
        self._causes_caption.setText(self.tr("Choose a cause"))
        for cause in self._charity.causes:
            self._cause_buttons[cause.id].setText(cause.label(language))
        self.donate_button.setText(self.tr("Donate"))
        self.all_button.setText(self.tr("All my points"))
        self.keypad.set_placeholder(self.tr("Points"))
        minimum = self._charity.min_points
        self._limits.setText(plural(minimum, self.tr("At least %n point. The shop gives %2 per point."),
                                    self.tr("At least %n points. The shop gives %2 per point."))
                             .replace("%2", format_money(self._charity.point_value)))
        self._update()


class MembershipScreen(Screen):
    """Join the paid membership by paying on the customer's own phone: a QR to the payment page."""

    join_requested = Signal(str)
    back_requested = Signal()

    def __init__(self, plans: tuple[MembershipPlan, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._plans = plans
        self._available = False
        self._account: MemberAccount | None = None
        self._url = ""
        self._error = ""
        self._title = label()
        self._caption = label()
        self.back_button = button("", "bigSecondary")
        self.back_button.clicked.connect(self.back_requested)
        # One offer per plan: its name, the price as big as a price tag, what a member gets, and Join.
        offers = QVBoxLayout()
        offers.setSpacing(scaled(20))
        self._join_buttons: dict[str, QPushButton] = {}
        self._plan_labels: dict[str, tuple[QLabel, QLabel, QLabel, QLabel]] = {}
        for plan in self._plans:
            offer, offer_box = card(spacing=10, margins=28)
            name = label("", "dialogQuestion", wrap=True)
            price = label("", BIG_NUMBER)
            per = label("", CAPTION)
            price_row = QHBoxLayout()
            price_row.setSpacing(scaled(12))
            price_row.addWidget(price)
            price_row.addWidget(per, 1, Qt.AlignmentFlag.AlignBottom)
            benefits = label("", "benefits", wrap=True)
            benefits.setTextFormat(Qt.TextFormat.PlainText)
            join = button("", PRIMARY)
            join.setObjectName("bigPrimary")
            join.clicked.connect(lambda _=False, p=plan.id: self.join_requested.emit(p))
            offer_box.addWidget(name)
            offer_box.addLayout(price_row)
            offer_box.addWidget(benefits)
            offer_box.addStretch(1)
            offer_box.addWidget(join)
            offer.setMaximumWidth(scaled(880))
            offers.addWidget(offer)
            self._join_buttons[plan.id] = join
            self._plan_labels[plan.id] = (name, price, per, benefits)
        self.message = label("", CAPTION, wrap=True)
        offers.addWidget(self.message)
        offers.addStretch(1)
        qr_card, qr_box = card()
        self._scan_caption = label("", HEADING, wrap=True, align=Qt.AlignmentFlag.AlignCenter)
        self.qr = QrWidget()
        self.qr.setMinimumSize(scaled(300), scaled(300))
        qr_box.addWidget(self._scan_caption)
        qr_box.addWidget(self.qr, 1)
        self.qr_card = qr_card
        body = self.flow(QHBoxLayout())
        body.setSpacing(scaled(28))
        body.addLayout(offers, 3)
        body.addWidget(qr_card, 2)
        self.frame(body, right=self.back_button)
        self.reset()

    def set_state(self, account: MemberAccount, *, available: bool) -> None:
        self._account, self._available, self._url, self._error = account, available, "", ""
        self.qr.set_payload("")
        self.retranslate_ui()

    def show_checkout(self, url: str) -> None:
        self._url, self._error = url, ""
        self.qr.set_payload(url)
        self.retranslate_ui()

    def show_error(self, message: str) -> None:
        self._error = message
        self.retranslate_ui()

    def checkout_url(self) -> str:
        return self._url

    def reset(self) -> None:
        self._account, self._available, self._url, self._error = None, False, "", ""
        self.qr.set_payload("")
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        language = current_language()
        self._title.setText(self.tr("Paid membership"))
        self._caption.setText(self.tr("Pay on your own phone: card details never touch this kiosk"))
        self.back_button.setText(self.tr("Back"))
        active = self._account.membership if self._account is not None else None
        for plan in self._plans:
            name, price, per, benefits = self._plan_labels[plan.id]
            name.setText(plan.label(language))
            price.setText(format_money(plan.price))
            per.setText(self.tr("a month") if plan.interval == "month" else self.tr("a year"))
            perks = []
            if plan.discount_bp:
                perks.append(self.tr("%1% off every order").replace("%1", f"{plan.discount_bp / 100:g}"))
            if plan.earn_bonus_percent:
                perks.append(self.tr("+%1% points on every visit").replace("%1", str(plan.earn_bonus_percent)))
            perks.append(self.tr("Renews by itself each month; cancel at the counter any time")
                         if plan.interval == "month" else
                         self.tr("Renews by itself each year; cancel at the counter any time"))
            benefits.setText("\n".join(f"✓  {perk}" for perk in perks))
            join = self._join_buttons[plan.id]
            join.setText(self.tr("Join %1").replace("%1", plan.label(language)))
            member_of_it = active is not None and active.plan_id == plan.id and active.perks_active
            join.setEnabled(self._available and not member_of_it)
            join.setVisible(self._available)
        if not self._available:
            self.message.setText(self.tr("Joining online is not available right now; ask at the counter."))
        elif active is not None and active.perks_active:
            self.message.setText(self.tr("You are a member of %1.").replace("%1", active.name))
        else:
            self.message.setText(self._error)
        self.qr_card.setVisible(bool(self._url))
        self._scan_caption.setText(self.tr("Scan with your phone camera to pay and join"))


class FeedbackScreen(Screen):
    """1 to 5 stars and an optional comment, typed on the on-screen keyboard."""

    send_requested = Signal(int, str)
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rating = 0
        self._title = label()
        self._caption = label()
        self.back_button = button("", "bigSecondary")
        self.back_button.clicked.connect(self.back_requested)
        self.stars: list[QPushButton] = []
        stars = QHBoxLayout()
        stars.setSpacing(scaled(16))
        for value in range(1, 6):
            star = button("★", "star")
            star.setCheckable(True)
            star.clicked.connect(lambda _=False, v=value: self.set_rating(v))
            stars.addWidget(star)
            self.stars.append(star)
        self.rating_text = label("", HEADING)
        stars.addSpacing(scaled(8))
        stars.addWidget(self.rating_text, 1)  # beside the stars: the word for what was tapped
        self.comment = QLineEdit()
        self.comment.setMaxLength(500)
        self.comment.setObjectName("bigField")
        self.keyboard = OnScreenKeyboard(language="th" if current_language() == "th" else "en")
        self.keyboard.set_target(self.comment)
        self.send_button = button("", PRIMARY)
        self.send_button.setObjectName("bigPrimary")
        self.send_button.clicked.connect(lambda: self.send_requested.emit(self._rating, self.comment.text()))
        self.keyboard.enter_pressed.connect(self.send_button.click)
        row = QHBoxLayout()
        row.setSpacing(scaled(16))
        row.addWidget(self.comment, 1)
        row.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        self.page_margins(layout, 56, 24, 56, 24)
        layout.setSpacing(scaled(18))
        layout.addLayout(self.header(self._title, self._caption, right=self.back_button))
        layout.addLayout(stars)
        layout.addLayout(row)
        layout.addStretch(1)
        layout.addWidget(self.keyboard, 3)
        self.retranslate_ui()
        self.reset()

    def set_rating(self, value: int) -> None:
        self._rating = value
        for index, star in enumerate(self.stars, start=1):
            star.setChecked(index <= value)
        self.send_button.setEnabled(value > 0)
        self.retranslate_ui()

    def rating(self) -> int:
        return self._rating

    def reset(self) -> None:
        self.comment.clear()
        self.set_rating(0)
        self.keyboard.set_language("th" if current_language() == "th" else "en")

    def retranslate_ui(self) -> None:
        self._title.setText(self.tr("How was your visit?"))
        self._caption.setText(self.tr("Tap the stars. A comment is welcome but not needed."))
        self.back_button.setText(self.tr("Back"))
        self.send_button.setText(self.tr("Send"))
        self.comment.setPlaceholderText(self.tr("Anything to tell us? (optional)"))
        words = {0: "", 1: self.tr("Poor"), 2: self.tr("Could be better"), 3: self.tr("OK"), 4: self.tr("Good"),
                 5: self.tr("Excellent!")}
        self.rating_text.setText(words[self._rating])


__all__ = ["DonateScreen", "FeedbackScreen", "MembershipScreen", "VoucherScreen"]
