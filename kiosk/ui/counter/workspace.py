"""The counter's workspace, built once the sign-in screen is up: its pages one per event-loop turn (each page's
module loads here, not with the window), then the header above them and the status line below."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.ui.counter.header import CounterHeader
from kiosk.ui.theme import scaled

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QCameraDevice

    from kiosk.ui.counter.window import CounterWindow


def build_workspace(window: CounterWindow, *,
                    video_inputs: Callable[[], Sequence[QCameraDevice]] | None) -> Iterator[None]:
    """Make the window's pages, a step each, then lay them out under its header in the window's root.
    The window wires them to one another afterwards."""
    from kiosk.ui.counter.member import MemberColumn

    window.member_column = MemberColumn(window.context, window.notifier, video_inputs=video_inputs)
    yield
    from kiosk.ui.counter.sale import SalePanel

    window.sale = SalePanel(window.context, window.notifier)
    yield
    from kiosk.ui.counter.checkout import CheckoutPage

    window.checkout = CheckoutPage(window.context, window.notifier)
    yield
    from kiosk.ui.counter.enroll import EnrollPage
    from kiosk.ui.counter.refund import RefundPage

    window.enroll = EnrollPage(window.context, window.notifier)
    window.refund = RefundPage(window.context, window.notifier)
    yield
    from kiosk.ui.counter.printing import PrintQueuePage
    from kiosk.ui.counter.status import StatusBar

    window.print_queue = PrintQueuePage(window.context, window.notifier)
    window.status_bar = StatusBar(window.context)
    yield

    main = QWidget()
    columns = QHBoxLayout(main)
    columns.setContentsMargins(0, 0, 0, 0)
    columns.setSpacing(scaled(14))
    # the sale gets the larger share: on a 1024 px till its basket must still show whole item names
    columns.addWidget(window.member_column, 17)
    columns.addWidget(window.sale, 30)
    window.pages = QStackedWidget()
    for page in (main, window.checkout, window.enroll, window.refund, window.print_queue):
        window.pages.addWidget(page)

    window.header = CounterHeader(window.context)

    workspace = QWidget()
    work = QVBoxLayout(workspace)
    work.setContentsMargins(scaled(14), scaled(8), scaled(14), scaled(4))
    work.setSpacing(scaled(8))
    work.addWidget(window.header)
    work.addWidget(window.pages, 1)
    work.addWidget(window.status_bar)

    window.root.addWidget(workspace)
    # messages appear in the status line, under the work: never over the header's buttons or the bill
    window.toast.set_anchor(window.status_bar.message_area())
    yield
