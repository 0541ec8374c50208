"""The counter's refund page driven like a cashier would: a receipt looked up, some of its lines ticked and sent
back, the rest later; quantities held to what is left; the manager's PIN; the visits list and the 1024x768 fit."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.domain.commands import RefundLine, RefundSale
from kiosk.domain.documents import SaleReceipt
from kiosk.domain.events import OffersExpiredNotReturned, OffersReusable
from kiosk.services.app import Services
from kiosk.ui.counter.refund import RefundPage
from kiosk.ui.counter.window import CounterWindow
from kiosk.ui.formatting import format_money
from kiosk.ui.i18n import THAI, set_language
from tests.ui.test_counter import (  # noqa: F401 - fixtures shared with the main counter tests
    FakeScannerClock,
    _sale,
    click,
    idle,
    load_member,
    scanner_clock,
    shop,
    signed_in,
    template_shop,
    type_text,
    window,
)


def open_receipt(qtbot: QtBot, window: CounterWindow, receipt_no: str) -> RefundPage:
    """F8, the receipt number typed, Enter: the page shows the receipt's lines."""
    qtbot.keyClick(window, Qt.Key.Key_F8)
    page = window.refund
    assert window.current_page() == window.REFUND
    page.receipt.setText(receipt_no)
    qtbot.keyClick(page.receipt, Qt.Key.Key_Return)
    qtbot.waitUntil(page.is_loaded, timeout=10_000)
    return page


def approve(qtbot: QtBot, page: RefundPage, pin: str = "2222") -> None:
    """Refund (Enter), then the manager's PIN on the pad that opens."""
    click(qtbot, page.confirm)
    qtbot.waitUntil(lambda: page.approval is not None, timeout=10_000)
    page.approval.enter_pin(pin)


def manager_id(shop: Services) -> str:
    return next(s.id for s in shop.staff.list_staff() if s.name == "Nok")


def test_one_line_of_a_two_line_sale_then_the_rest(qtbot: QtBot, signed_in: CounterWindow, shop: Services) -> None:
    window = signed_in
    sale = _sale(shop, "two-lines", ("LATTE", 2), ("CAKE", 1))
    page = open_receipt(qtbot, window, sale.receipt_no)
    latte, cake = page.lines.rows
    assert (latte.line.name, latte.line.quantity, cake.line.name) == ("Latte", 2, "Coconut cake slice")
    assert latte.check.isChecked() and cake.check.isChecked()  # everything left, all of it
    assert (latte.quantity.value(), latte.quantity.maximum(), cake.quantity.value()) == (2, 2, 1)
    paid = format_money(sale.amount_due)
    assert page.total.text() == f"Refund {paid} of {paid}"
    assert page.void_kind.isVisible()  # today's sale, nothing refunded: a void is offered

    # one latte goes back, the cake stays
    click(qtbot, cake.check)
    qtbot.keyClick(latte.quantity, Qt.Key.Key_Down)
    assert page.lines.chosen() == {0: 1}
    estimate = page.total.text()
    approve(qtbot, page)
    qtbot.waitUntil(lambda: page.result is not None and page.is_loaded(), timeout=10_000)
    first = page.result
    assert first.lines == (("Latte", 1),) and not first.sale_fully_refunded
    assert estimate == f"Refund {format_money(first.amount)} of {paid}"  # the page said what the service gave
    assert "Went back: 1 × Latte" in page.outcome.text()
    assert "Stamps removed: 1" in page.outcome.text()
    assert page.outcome.text().endswith("Some lines are still on the receipt: they can be refunded later.")
    assert shop.refunds.refundable(sale.receipt_no).status == "partly_refunded"

    # the page shows what is left, nothing ticked: a second Enter refunds nothing more
    latte, cake = page.lines.rows
    assert (latte.line.refunded, latte.line.left, cake.line.left) == (1, 1, 1)
    assert page.lines.chosen() == {} and not page.confirm.isEnabled()
    assert not page.void_kind.isVisible()  # something went back: no void any more
    assert page.summary.text().endswith(f"· Partly refunded · {format_money(first.amount)} refunded so far")
    page.submit()
    idle(window)
    assert page.approval is None and len(shop.refunds.refundable(sale.receipt_no).lines) == 2
    assert shop.refunds.refundable(sale.receipt_no).refunded == first.amount

    # later: the rest
    click(qtbot, latte.check)
    click(qtbot, cake.check)
    assert page.lines.chosen() == {0: 1, 1: 1} and latte.quantity.maximum() == 1
    left = sale.amount_due - first.amount
    assert page.total.text() == f"Refund {format_money(left)} of the {format_money(left)} left"
    approve(qtbot, page)
    qtbot.waitUntil(lambda: page.result is not first and page.is_loaded(), timeout=10_000)
    rest = page.result
    assert rest.lines == (("Latte", 1), ("Coconut cake slice", 1)) and rest.sale_fully_refunded
    assert first.amount + rest.amount == sale.amount_due
    assert page.outcome.text().endswith("Nothing is left to refund on this receipt.")
    assert page.total.text() == ""  # the outcome says it; a receipt looked up later says it there
    assert all(not row.check.isEnabled() and row.nothing_left.isVisible() and row.nothing_left.text() == "All back"
               for row in page.lines.rows)
    assert shop.refunds.refundable(sale.receipt_no).status == "refunded"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.current_page() == window.MAIN

    # looked up again later: nothing to tick, nothing to send
    page = open_receipt(qtbot, window, sale.receipt_no)
    assert page.total.text() == "Nothing is left to refund on this receipt." and not page.confirm.isEnabled()
    assert page.summary.text().endswith("· Refunded") and page.outcome.isHidden()


def test_a_quantity_beyond_what_is_left_cannot_be_chosen(qtbot: QtBot, signed_in: CounterWindow,
                                                         shop: Services) -> None:
    window = signed_in
    sale = _sale(shop, "three-lattes", ("LATTE", 3), ("CAKE", 1))
    shop.refunds.refund(RefundSale(command_id="earlier", receipt_no=sale.receipt_no,
                                   lines=(RefundLine(0, 2), RefundLine(1, 1)), approved_by=manager_id(shop)))
    page = open_receipt(qtbot, window, sale.receipt_no)
    latte, cake = page.lines.rows
    assert (latte.quantity.minimum(), latte.quantity.maximum(), latte.quantity.value()) == (1, 1, 1)
    qtbot.keyClick(latte.quantity, Qt.Key.Key_Up)
    latte.quantity.setValue(3)
    editor = latte.quantity.lineEdit()
    editor.selectAll()
    qtbot.keyClicks(editor, "5")
    assert latte.quantity.value() == 1 and page.lines.chosen() == {0: 1}
    # nothing is left of the cake: no tick, no quantity
    assert not cake.check.isEnabled() and not cake.check.isChecked() and not cake.quantity.isVisible()
    assert cake.nothing_left.isVisible()
    assert not page.void_kind.isVisible() and not page.refund_kind.isVisible()  # only a refund is possible now
    assert page.total.text().startswith("Refund ") and page.total.text().endswith(" left")


def test_a_receipt_refunded_elsewhere_meanwhile_is_refused_and_looked_up_again(
        qtbot: QtBot, signed_in: CounterWindow, shop: Services) -> None:
    window = signed_in
    sale = _sale(shop, "two-counters", ("LATTE", 2))
    page = open_receipt(qtbot, window, sale.receipt_no)
    assert page.lines.chosen() == {0: 2}
    # another counter gives one latte back while this page still shows two
    shop.refunds.refund(RefundSale(command_id="other-counter", receipt_no=sale.receipt_no,
                                   lines=(RefundLine(0, 1),), approved_by=manager_id(shop)))
    window.toast.hide()
    page.submit(approved_by=manager_id(shop))
    qtbot.waitUntil(lambda: page.error.isVisible() and page.is_loaded(), timeout=10_000)
    assert "has 1 left to refund" in page.error.text()
    assert not window.toast.isVisible()  # said once, on the page: no pop-up over it saying it again
    assert page.lines.rows[0].line.left == 1 and page.lines.chosen() == {}  # chosen again from what is left
    assert shop.refunds.refundable(sale.receipt_no).refunded.minor == sale.amount_due.minor // 2


def test_a_void_takes_the_whole_of_todays_sale(qtbot: QtBot, signed_in: CounterWindow, shop: Services) -> None:
    window = signed_in
    sale = _sale(shop, "to-void", ("LATTE", 2), ("CAKE", 1))
    page = open_receipt(qtbot, window, sale.receipt_no)
    click(qtbot, page.lines.rows[1].check)  # a line unticked first: a void still takes everything
    click(qtbot, page.void_kind)
    assert page.lines.chosen() == {0: 2, 1: 1}
    assert not any(row.check.isEnabled() or row.quantity.isEnabled() for row in page.lines.rows)
    assert page.total.text() == f"Void: all {format_money(sale.amount_due)} back"
    assert page.confirm.text().startswith("Void")
    approve(qtbot, page)
    qtbot.waitUntil(lambda: page.result is not None and page.is_loaded(), timeout=10_000)
    assert page.result.kind == "void" and page.result.sale_fully_refunded
    assert page.outcome.text().startswith(f"Voided {sale.receipt_no}")
    assert shop.refunds.refundable(sale.receipt_no).status == "voided"


def test_an_older_sale_offers_no_void_and_an_unknown_receipt_says_so(qtbot: QtBot, signed_in: CounterWindow,
                                                                    shop: Services) -> None:
    window = signed_in
    page = open_receipt(qtbot, window, "C1-000002")  # the template shop's sale of yesterday
    assert page.loaded is not None and not page.loaded.voidable
    assert page.summary.text() == "C1-000002 · 3 Mar 2026, 10:00 · paid ฿1,365.00 · Paid"
    assert not page.void_kind.isVisible() and page.lines.chosen() == {0: 3, 1: 10}
    page.receipt.selectAll()
    type_text(qtbot, window, page.receipt, "C1-999999")
    assert page.loaded is None and not page.lines.isVisible()  # not this receipt's lines any more
    qtbot.keyClick(page.receipt, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=10_000)
    assert page.error.text() == "No sale has receipt number C1-999999."
    assert not page.confirm.isEnabled()


def test_a_partly_refunded_visit_says_so_and_opens_the_refund_page(qtbot: QtBot, signed_in: CounterWindow,
                                                                   shop: Services) -> None:
    window = signed_in
    sale = _sale(shop, "visit", ("LATTE", 2), ("CAKE", 1))
    shop.refunds.refund(RefundSale(command_id="part", receipt_no=sale.receipt_no, lines=(RefundLine(1, 1),),
                                   approved_by=manager_id(shop)))
    load_member(qtbot, window)
    view = window.member_column.account_view
    model = view.visits_model
    row = next(i for i in range(model.rowCount()) if model.row_at(i).receipt_no == sale.receipt_no)
    assert model.index(row, model.STATUS).data() == "Partly refunded"
    table = view.visits
    # the status column: a narrow counter hides the receipt number's column (screens-fit), never the status
    centre: QPoint = table.visualRect(model.index(row, model.STATUS)).center()
    # a finger's double tap: QTest's double click alone sends no press first, which the view waits for
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert window.current_page() == window.REFUND
    page = window.refund
    qtbot.waitUntil(page.is_loaded, timeout=10_000)
    assert page.receipt.text() == sale.receipt_no
    assert page.lines.chosen() == {0: 2}  # what is left: the lattes; the cake went back already


def test_thai_and_the_1024x768_counter(qtbot: QtBot, signed_in: CounterWindow, shop: Services) -> None:
    window = signed_in
    sale = _sale(shop, "thai", ("LATTE", 2), ("CAKE", 1), ("MANGO_RICE", 1), ("THAI_TEA", 3), ("CROISSANT", 2))
    page = open_receipt(qtbot, window, sale.receipt_no)
    set_language(QApplication.instance(), THAI)
    assert page.lines._headers[0].text() == "รายการ" and page.total.text().startswith("คืนเงิน ")
    assert page.find_button.text() == "ค้นหา"
    click(qtbot, page.lines.rows[0].check)
    page.submit(approved_by=manager_id(shop))
    qtbot.waitUntil(lambda: page.result is not None and page.is_loaded(), timeout=10_000)
    assert "รายการที่คืน: 1 × " in page.outcome.text() and page.outcome.text().endswith("คืนเพิ่มภายหลังได้")
    # what the refund took back from the member, said by the catalogue in the screen's language
    assert all(said in page.outcome.text() for said in ("หักแต้มคืน: ", "หักแคชแบ็กคืน: ฿", "หักแสตมป์: "))
    assert "คืน: -" not in page.outcome.text()  # หัก (taken back) says the sign: no minus after it
    assert "Points" not in page.outcome.text() and "Stamps" not in page.outcome.text()
    assert "คืนเงินบางส่วน" in page.summary.text()

    # The counter at 1024x768 (its main screen asks for more: only this page is judged here), with the outcome
    # shown, in Thai: the page fits the room it gets, and the lines scroll.
    window.setMinimumSize(1024, 768)
    window.resize(1024, 768)
    for _ in range(5):
        QApplication.processEvents()
    assert window.size().toTuple() == (1024, 768)
    room = window.pages.size()
    needs = page.minimumSizeHint()
    assert needs.width() <= room.width() and needs.height() <= room.height(), (needs, room)
    assert page.lines.verticalScrollBar().maximum() > 0  # five lines do not all fit: the list scrolls
    for widget in (page.confirm, page.close_button, page.reason, page.total):
        corner = widget.mapTo(window, QPoint(widget.width(), widget.height()))
        assert corner.x() <= 1024 and corner.y() <= 768, widget
    hidden: list[QWidget] = [w for w in (page.confirm, page.close_button) if w.visibleRegion().isEmpty()]
    assert hidden == []


def test_the_outcome_says_which_offers_came_back_and_which_had_expired(qtbot: QtBot, signed_in: CounterWindow,
                                                                        shop: Services) -> None:
    from dataclasses import replace

    window = signed_in
    sale = _sale(shop, "offer-sale", ("LATTE", 1))
    page = open_receipt(qtbot, window, sale.receipt_no)
    result = shop.refunds.refund(RefundSale(command_id="offer-refund", receipt_no=sale.receipt_no,
                                            approved_by=manager_id(shop)))
    with_offers = replace(result, offers_returned=1, offers_expired=2,  # what a sale with offers gives back
                          events=(*result.events, OffersReusable(1), OffersExpiredNotReturned(2)))
    page._show_result(with_offers)
    assert "Offers usable again: 1" in page.outcome.text()
    assert "Offers expired, not given back: 2" in page.outcome.text()
    set_language(QApplication.instance(), THAI)
    page._show_result(with_offers)
    assert "ข้อเสนอใช้ได้อีกครั้ง: 1" in page.outcome.text()
    assert "ข้อเสนอหมดอายุแล้ว ไม่ได้คืน: 2" in page.outcome.text()


def test_a_copy_of_the_receipt_on_screen_past_its_days_is_made_again_with_f9(qtbot: QtBot, signed_in: CounterWindow,
                                                                             shop: Services) -> None:
    """The customer wants a copy of an older receipt: found on this page, F9 (or Print a copy) prints it. With no
    print job of its own (gone with the retention; this one rung up to print nothing) the copy is made again from
    the sale, marked COPY."""
    window = signed_in
    queue = shop.printing().queue
    assert queue.find("C1-000001") is None  # the template shop's first sale: no job of its own
    page = open_receipt(qtbot, window, "C1-000001")
    assert page.copy_button.isEnabled() and page.copy_button.text() == "Print a copy  (F9)"
    assert page.title.text() == "Refund, void or copy a receipt"
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: window.toast.text() == "A copy of receipt C1-000001 is printing.", timeout=10_000)
    assert window.toast.isVisible() and window.toast.kind() == "success"
    copy = queue.find("C1-000001")
    assert copy is not None
    document = copy.document()
    assert isinstance(document, SaleReceipt) and document.is_copy and document.receipt_no == "C1-000001"
    assert [line.quantity for line in document.lines] == [5] and not document.open_cash_drawer
    assert document.loyalty is not None and document.loyalty.points_earned > 0
    set_language(QApplication.instance(), THAI)
    assert page.copy_button.text() == "พิมพ์สำเนา  (F9)" and page.title.text() == "คืนเงิน ยกเลิก หรือพิมพ์สำเนาใบเสร็จ"
    page.receipt.selectAll()
    type_text(qtbot, window, page.receipt, "C1-999999")
    assert not page.copy_button.isEnabled()  # nothing on screen to copy


def test_after_a_refund_f9_on_the_receipt_page_reprints_the_slip_not_the_sale(qtbot: QtBot, signed_in: CounterWindow,
                                                                             shop: Services) -> None:
    """Once the receipt on screen was refunded, F9 reprints the last receipt (the refund slip that just printed),
    as it did before the page printed copies (review: it printed a COPY of the sale instead)."""
    window = signed_in
    sale = _sale(shop, "slip", ("LATTE", 2))
    page = open_receipt(qtbot, window, sale.receipt_no)
    click(qtbot, page.lines.rows[0].check)
    page.lines.rows[0].check.setChecked(True)
    page.lines.rows[0].quantity.setValue(1)
    page.submit(approved_by=manager_id(shop))
    qtbot.waitUntil(lambda: page.result is not None and page.is_loaded(), timeout=10_000)
    queue = shop.printing().queue
    before = {job.id for job in queue.list_pending()}
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: window.toast.text() in (
        "A copy of the last receipt is printing.", "Nothing has printed yet, so there is no receipt to copy."),
        timeout=10_000)
    copies = [job for job in queue.list_pending() if job.id not in before and job.kind == "sale_receipt"]
    assert copies == []  # no copy of the sale itself


def test_a_free_item_ticked_alone_shows_and_gives_no_money_but_its_free_item(qtbot: QtBot, signed_in: CounterWindow,
                                                                            shop: Services) -> None:
    """A black-box test: the free mocha of a stamp card went back as ฿41.91 and as the free coffee again."""
    window = signed_in
    _sale(shop, "ninth-stamp", ("LATTE", 1))  # the member's 9th stamp: a free coffee ready
    sale = _sale(shop, "free-mocha", ("MOCHA", 1), ("CAKE", 1), stamp_rewards=("coffee",))
    page = open_receipt(qtbot, window, sale.receipt_no)
    mocha, cake = page.lines.rows
    click(qtbot, cake.check)
    assert page.lines.chosen() == {0: 1}
    zero, paid = format_money(sale.amount_due - sale.amount_due), format_money(sale.amount_due)
    assert page.total.text() == f"Refund {zero} of {paid}"
    approve(qtbot, page)
    qtbot.waitUntil(lambda: page.result is not None and page.is_loaded(), timeout=10_000)
    assert page.result.amount.minor == 0 and page.result.rewards_returned == 1
    assert "Free items back on the card: 1" in page.outcome.text()
    cake = page.lines.rows[1]
    click(qtbot, cake.check)
    assert page.total.text() == f"Refund {paid} of {paid}"  # the cake: all that was paid
