"""The manager's partner settlement page on real widgets: last month by default, a period picked, who owes whom,
CSV and PDF written off the GUI thread, and the page in Thai."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import build_app
from kiosk.config import load_settings
from kiosk.domain.commands import EarnAtPartner, EnrollMember, RedeemAtPartner
from kiosk.domain.money import Money
from kiosk.services.app import Services
from kiosk.services.context import FixedClock
from kiosk.ui.i18n import THAI, set_language
from kiosk.ui.manager.partners import PartnersPage
from kiosk.ui.tasks import TaskRunner


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    clock = FixedClock(datetime(2026, 2, 10, 3, tzinfo=UTC))
    app = build_app(load_settings(data_dir=tmp_path_factory.mktemp("partners-ui")), clock=clock)
    member = app.enrollment.enroll(EnrollMember(command_id="e1", name="Somchai Jaidee", phone="0812345678",
                                                consent_version="2026-01")).member_id
    # the demo's bookshop: 2 points per 100 baht, settled at 0.20 a point
    app.partners.earn(EarnAtPartner(partner_id="bookshop", member_code=member, amount=Money(1_000_000),
                                    reference="BK-1"))  # +200 points: 40.00
    app.partners.redeem(RedeemAtPartner(partner_id="bookshop", member_code=member, points=50,
                                        reference="BK-2"))  # 10.00
    clock.at = datetime(2026, 3, 2, 3, tzinfo=UTC)
    yield app
    app.close()


def test_the_settlement_page_shows_who_owes_whom_and_exports(qapp: QApplication, runner: TaskRunner, qtbot: QtBot,
                                                             shop: Services, tmp_path: Path) -> None:
    notes: list[tuple[str, str]] = []
    page = PartnersPage(shop, runner, lambda text, kind: notes.append((text, kind)))
    qtbot.addWidget(page)
    page.resize(1024, 700)
    page.show()
    assert (page.date_from.date(), page.date_to.date()) == (QDate(2026, 2, 1), QDate(2026, 2, 28))  # last month
    page.load()
    runner.wait_idle(10_000)
    s = page.settlement
    assert s is not None and (s.date_from, s.date_to) == (date(2026, 2, 1), date(2026, 2, 28))
    row = [page.figures.item(0, c).text() for c in range(page.figures.columnCount())]
    assert row == ["Soi 31 Books", "200", "50", "฿40.00", "฿10.00", "฿30.00", "Partner pays"]
    assert page.total.text() == "In all, the partners pay the shop ฿30.00."

    page.date_from.setDate(QDate(2026, 3, 1))  # March so far: nothing yet
    page.date_to.setDate(QDate(2026, 3, 2))
    runner.wait_idle(10_000)
    assert page.figures.item(0, 6).text() == "Nothing owed"

    page.export(tmp_path / "march.csv", "csv")
    page.export(tmp_path / "march.pdf", "pdf")
    runner.wait_idle(20_000)
    assert (tmp_path / "march.csv").read_text().splitlines()[1].startswith("2026-03-01,2026-03-02,bookshop,")
    assert (tmp_path / "march.pdf").read_bytes()[:5] == b"%PDF-"
    assert [kind for _, kind in notes] == ["success", "success"], notes

    set_language(qapp, THAI)
    assert page.title.text() == "ชำระบัญชีกับพาร์ทเนอร์"
    assert page.figures.horizontalHeaderItem(0).text() == "พาร์ทเนอร์"
    assert page.figures.item(0, 6).text() == "ไม่มียอดค้าง"
