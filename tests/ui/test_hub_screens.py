"""The hub in the screens (issue 14), against a real PostgreSQL hub and real SQLite devices: the manager's Devices
page lists the shop's devices and conflicts, syncs, merges, writes off and retires; a new device connects from the
page; the counter's status line says when it last synced. One hub and one shop made for the module (that takes
seconds); each test starts from them as made, the hub put back and the counters' folders copied (`shop`), so a
test runs alone, in any order or on any worker."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from kiosk.bootstrap.shop import first_run
from kiosk.config import load_settings
from kiosk.domain.commands import AdjustPoints
from kiosk.domain.staff import Role
from kiosk.services.context import FixedClock
from kiosk.services.setup import SetupPlan
from kiosk.services.staff import Session
from kiosk.ui.i18n import ENGLISH, THAI, set_language
from kiosk.ui.manager.hub_panel import ConfirmDialog, ConnectDialog, MergeDialog
from kiosk.ui.manager.window import ManagerShell, ManagerWindow
from kiosk.ui.setup.wizard import SetupWizard
from kiosk.ui.tasks import TaskRunner
from tests.support.hub import T0, Device, HubDatabase, later
from tests.support.staff import add_staff
from tests.ui.layout import fit_problems

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def hub(postgres_url: str) -> Iterator[HubDatabase]:
    database = HubDatabase(postgres_url)
    try:
        yield database
    finally:
        database.drop()


@pytest.fixture(scope="module")
def made_shop(hub: HubDatabase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Device, Device]]:
    """Counter 1 set the hub up; Counter 2 joined. While apart, both enrolled one phone and both spent the same
    points: a duplicate member and an overdraft to settle. Made once (it takes seconds), then kept: the hub's
    snapshot and the two closed data folders, which `shop` copies for each test."""
    root = tmp_path_factory.mktemp("hub-screens")
    clock = FixedClock(T0)
    c1, c2 = Device(root / "c1", clock), Device(root / "c2", clock)
    try:
        add_staff(c1.app.services.staff, ("Nok", "manager", "2222"))
        c1.enroll("0811111111", "Somchai Jaidee")
        owner = c1.owner()
        c1.app.services.redemption.adjust(AdjustPoints(command_id="adj-1", member_code="0811111111", points=300,
                                                       reason="welcome", approved_by=owner))
        c1.init(hub.url, name="Counter 1")
        hub.pin_clock(T0)  # the hub hears from the devices at their moment, not the wall clock's
        c2.join(hub.url, name="Counter 2")
        held = c1.points("0811111111")
        c1.sell("0811111111", quantity=10, points=held)
        c2.sell("0811111111", quantity=10, points=held)
        c1.enroll("0833333333", "Nok Door")
        c2.enroll("0833333333", "Nok Till")
        for device in (c1, c2, c1):
            device.sync()
        later(clock, minutes=2)
    finally:
        c1.close()
        c2.close()
    hub.snapshot()
    yield c1, c2


@pytest.fixture
def shop(hub: HubDatabase, made_shop: tuple[Device, Device], tmp_path: Path) -> Iterator[tuple[Device, Device]]:
    """The shop as made_shop made it, for this test alone (its merges, write-offs and retirements stay here): the
    hub put back and fresh copies of both counters' folders, on one clock as before (a fraction of a second)."""
    hub.restore()
    clock = FixedClock(made_shop[0].clock.now())
    c1, c2 = (replace(d.copy_to(tmp_path / d.data_dir.name), clock=clock) for d in made_shop)
    try:
        yield c1, c2
    finally:
        c1.close()
        c2.close()


def open_manager(qtbot: QtBot, device: Device, *, role: Role = Role.MANAGER) -> tuple[ManagerShell, ManagerWindow]:
    app = device.app.services
    person = next(s for s in app.staff.list_staff() if s.role == role)
    shell = ManagerShell(app)
    qtbot.addWidget(shell)
    shell.resize(1280, 800)
    shell.show()
    window = shell.open(Session(person.id, person.name, person.role, app.clock.now()))
    window.open_page("devices")
    assert shell.runner.wait_idle(20_000)
    return shell, window


def test_the_devices_page_lists_the_shops_devices_and_its_conflicts(qtbot: QtBot, shop: tuple[Device, Device]
                                                                    ) -> None:
    c1, _c2 = shop
    shell, window = open_manager(qtbot, c1)
    panel = window.devices.hub
    try:
        assert not panel.connect_button.isVisible() and panel.sync_button.isVisible()
        rows = {panel.device_list.item(r, 1).text(): [panel.device_list.item(r, c).text() for c in range(6)]
                for r in range(panel.device_list.rowCount())}
        assert {"C1", "C2"} <= set(rows)
        assert rows["C2"][0] == rows["K2"][0] == "Counter 2"  # a PC's counter and its kiosk
        assert rows["C2"][5] == "Active" and rows["C2"][3] != "never"
        # when the hub last heard from each, at the moment the devices act at (T0, 10:00 in Bangkok)
        assert {rows[label][3] for label in ("C1", "C2")} == {"20 Nov 2026, 10:00"}
        text = panel.state_text.text()
        assert "Last synced" in text and "(2 min ago)" in text
        kinds = [panel.conflict_list.item(r, 0).text() for r in range(panel.conflict_list.rowCount())]
        assert sorted(kinds) == ["One phone, two members", "Spent twice"]
        spent = kinds.index("Spent twice")
        how_much, details = (panel.conflict_list.item(spent, c).text() for c in (2, 3))
        assert how_much.startswith("−") and how_much.endswith(" points") and "PTS" not in how_much
        assert details.startswith("Receipts: C")  # each detail says what it lists
        assert panel.conflict_list.item(kinds.index("One phone, two members"), 3).text().startswith("Phone: ")
        # the device that writes expiry for the whole hub: the one with the lowest receipt number
        assert panel.roles_text.text() == "Expiry is written for the hub by: Counter 1 (C1)"
        assert not panel.merge_button.isEnabled() and not panel.write_off_button.isEnabled()
        assert not panel.retire_button.isEnabled()
        panel.device_list.selectRow(list(rows).index("C1"))
        assert not panel.retire_button.isEnabled()  # a device never retires itself
        qtbot.mouseClick(panel.sync_button, Qt.MouseButton.LeftButton)
        assert shell.runner.wait_idle(20_000)
        assert window.toast.text().startswith("Synced: sent")
    finally:
        shell.shutdown()


def test_the_devices_page_fits_1024x768_in_both_languages(qtbot: QtBot, qapp: QApplication,
                                                         shop: tuple[Device, Device]) -> None:
    c1, _c2 = shop
    shell, window = open_manager(qtbot, c1, role=Role.OWNER)
    try:
        assert len(window.devices.hub.conflicts) == 2  # a page with something in every part
        problems = []
        for language in (ENGLISH, THAI):
            set_language(qapp, language)
            window.toast.hide()
            problems += fit_problems(shell, (1024, 768), where=f"devices ({language})")
        assert not problems, "\n".join(problems)
    finally:
        shell.shutdown()


def test_merge_and_write_off_are_confirmed_and_settle_the_conflicts(qtbot: QtBot, shop: tuple[Device, Device]
                                                                    ) -> None:
    c1, c2 = shop
    shell, window = open_manager(qtbot, c1)
    panel = window.devices.hub
    try:
        row = next(r for r, c in enumerate(panel.conflicts) if c.kind == "duplicate_phone")
        panel.conflict_list.selectRow(row)
        assert panel.merge_button.isEnabled() and not panel.write_off_button.isEnabled()
        panel.ask_merge()
        dialog = panel.dialog
        assert isinstance(dialog, MergeDialog)
        keep, gone = dialog.kept()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # Cancel changes nothing
        assert shell.runner.wait_idle(10_000) and len(c1.app.services.hub.conflicts()) == 2
        panel.conflict_list.selectRow(row)
        panel.ask_merge()
        dialog = panel.dialog
        assert isinstance(dialog, MergeDialog)
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
        assert shell.runner.wait_idle(20_000)
        assert window.toast.text() == "Merged: both cards now lead to one member."
        assert [c.kind for c in panel.conflicts] == ["overdraft"]
        panel.conflict_list.selectRow(0)
        assert panel.write_off_button.isEnabled() and not panel.merge_button.isEnabled()
        panel.ask_write_off()
        confirm = panel.dialog
        assert isinstance(confirm, ConfirmDialog) and "Somchai Jaidee" in confirm.text.text()
        qtbot.mouseClick(confirm.confirm_button, Qt.MouseButton.LeftButton)
        assert shell.runner.wait_idle(20_000)
        assert panel.conflicts == [] and panel.conflicts_title.text() == "Conflicts: nothing to settle"
        manager = next(s.id for s in c1.app.services.staff.list_staff() if s.name == "Nok")
        actions = {(r.action, r.staff_id) for r in c1.app.services.staff.audit_trail()}
        assert {("member.merged", manager), ("conflict.written_off", manager)} <= actions
        with c1.app.uow_factory(readonly=True) as uow:
            merged = uow.members.get(gone)
            assert merged is not None and merged.merged_into == keep
        # The fixes are entries like any other: they reach the other counter.
        c1.sync()
        c2.sync()
        assert c2.app.services.hub.conflicts() == []
    finally:
        shell.shutdown()


def test_the_devices_page_says_why_the_hub_refused_in_the_screens_language(qtbot: QtBot, qapp: QApplication,
                                                                        shop: tuple[Device, Device]) -> None:
    """The hub gives its reason as a code with its values (issue 17): the page says it in Thai, no English word
    left, and in English when the screen changes language."""
    from kiosk.domain.serialization import stored
    from kiosk.domain.text import Phrase
    from kiosk.services.ports.hub import HubItem

    c1, _c2 = shop
    hub = c1.app.services.hub
    acked = hub.store.state().acked_seq
    # an item that skips two numbers, refused by the real hub as a gap (nothing of c1's changes)
    gap = HubItem(seq=acked + 3, kind="row", device_id=None, table="members", ref_id="x", inner_hash="0" * 64,
                  prev_hash="0" * 64, hash="0" * 64, body="{}")
    result = hub.remote().push([gap], pending=0)
    assert result.accepted == 0 and isinstance(result.refused_reason, Phrase)
    assert result.refused_reason.code == "hub.refused.gap"
    hub.store.acknowledge(acked, refused=stored(result.refused_reason))  # as a refused round keeps it
    shell, window = open_manager(qtbot, c1)
    panel = window.devices.hub
    try:
        set_language(qapp, THAI)
        assert panel.problem_text.text().startswith("ฮับไม่รับข้อมูล")
        assert panel.detail_text.text() == (f"รายการที่ {acked + 3} มาต่อจากรายการที่ {acked} "
                                            f"โดยขาดรายการที่ {acked + 1} ถึง {acked + 2} ไป")
        set_language(qapp, ENGLISH)
        assert panel.detail_text.text() == (f"Item {acked + 3} arrived after item {acked}: items {acked + 1} to "
                                            f"{acked + 2} are missing (a gap).")
    finally:
        set_language(qapp, ENGLISH)
        shell.shutdown()
        hub.store.acknowledge(acked, refused=None)


def test_the_counter_says_when_it_last_synced_and_what_waits(qtbot: QtBot, shop: tuple[Device, Device]) -> None:
    from kiosk.ui.counter.status import read_sync_state

    c1, _c2 = shop
    app = c1.app.services
    c1.sync()
    later(c1.clock, minutes=2)
    state = read_sync_state(app)
    assert state.hub.configured and state.hub.online and state.hub.pending == 0
    from kiosk.ui.counter.common import CounterContext
    from kiosk.ui.counter.status import StatusBar

    bar = StatusBar(CounterContext(app=app, runner=None))  # type: ignore[arg-type]  # the bar reads no runner here
    qtbot.addWidget(bar)
    bar.sync_state = state
    bar.retranslate_ui()
    assert bar.sync.text() == "⇅  Synced 2 min ago"
    c1.sell(None, quantity=1)
    c1.sell(None, quantity=2)
    c1.sell(None, quantity=3)
    offline = read_sync_state(app)
    bar.sync_state = type(offline)(**{**offline.__dict__,
                                       "hub": type(offline.hub)(**{**offline.hub.__dict__, "online": False})})
    bar.retranslate_ui()
    last = app.ctx.local(offline.hub.last_contact).strftime("%H:%M")  # type: ignore[arg-type]
    assert bar.sync.text() == f"⇅  Offline since {last}, 3 sales to send"
    set_language(QApplication.instance(), THAI)  # type: ignore[arg-type]
    assert "3" in bar.sync.text() and last in bar.sync.text() and "Offline" not in bar.sync.text()
    set_language(QApplication.instance(), ENGLISH)  # type: ignore[arg-type]
    c1.sync()


def test_a_new_device_connects_from_the_devices_page(qtbot: QtBot, hub: HubDatabase, shop: tuple[Device, Device],
                                                    tmp_path: Path) -> None:
    c1, _c2 = shop
    c3 = Device(tmp_path / "c3", c1.clock)
    try:
        add_staff(c3.app.services.staff)  # a new PC: its owner set it up, nothing sold yet
        shell, window = open_manager(qtbot, c3, role=Role.OWNER)
        panel = window.devices.hub
        assert panel.connect_button.isVisible() and not panel.sync_button.isVisible()
        assert "works alone" in panel.state_text.text()
        panel.ask_connect()
        dialog = panel.dialog
        assert isinstance(dialog, ConnectDialog)
        # Unreachable first: one line, nothing changed.
        qtbot.keyClicks(dialog.url, "postgresql://owner@127.0.0.1:1/shop")
        dialog.join.setChecked(True)
        qtbot.keyClicks(dialog.name, "Counter 3")
        qtbot.keyClicks(dialog.password, "s3cret-owner")
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
        assert shell.runner.wait_idle(20_000)
        assert dialog.error.text() == "The hub did not answer. Check its address, the password and the network."
        assert not c3.app.services.hub.configured and "PGPASSWORD" not in os.environ
        dialog.url.setText(hub.url)
        progress: list[tuple[int, int]] = []
        dialog.progressed.connect(lambda done, total: progress.append((done, total)))
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
        assert shell.runner.wait_idle(60_000)
        assert panel.dialog is None, dialog.error.text()
        assert shell.runner.wait_idle(20_000)
        assert window.toast.text().startswith("Connected to shop")
        assert "PGPASSWORD" not in os.environ
        assert progress and progress[-1][0] == progress[-1][1] > 0  # the shop's history, with a progress bar
        app = c3.app.services
        assert app.hub.configured and app.ctx.device_label == "C3"  # the running app took its new label
        assert c3.points("0811111111") == c1.points("0811111111")  # the shop's history came with it
        labels = [d.label for d in panel.devices]
        assert "C3" in labels and "C1" in labels
        for path in c3.data_dir.rglob("*"):
            if path.is_file():
                assert b"s3cret-owner" not in path.read_bytes(), path
        shell.shutdown()
    finally:
        c3.close()


def test_the_wizards_new_device_joins_the_shop_and_takes_its_settings(hub: HubDatabase, tmp_path: Path,
                                                                       shop: tuple[Device, Device]) -> None:
    """Finish on a new PC that joins: the shop is made, then joined (hub join); its name and members come from
    the hub, its owner can sign in, and it has its own receipt label."""
    from tests.support.fake_secrets import FakeKeyring

    c1, _c2 = shop
    with hub.engine.connect() as conn:
        taken = set(conn.exec_driver_sql("SELECT label FROM hub_labels").scalars())
    assert {"C1", "C2"} <= taken
    folder = tmp_path / "new-till"
    setup = first_run(data_dir=folder, secrets=FakeKeyring(), clock=FixedClock(T0))
    assert setup is not None
    plan = SetupPlan(shop=setup.shop_details(name="Typed name"), currency="THB", language="en",
                     template="points_tiers", owner_name="Dao", owner_pin="5858", printer=setup.printer("none"),
                     hub_url=setup.hub_url(hub.url), hub_join=True,
                     device_name=setup.device_name("Counter 4", joining=True), hub_password="owner-secret")
    result = setup.finish(plan)
    assert result.hub_failure is None and result.hub is not None
    settings = load_settings(data_dir=folder)
    assert settings.context.shop.name == c1.app.services.ctx.shop.name != "Typed name"  # the shop's, from the hub
    assert settings.hub.url and settings.context.device_label not in taken
    new_till = Device(folder, c1.clock)
    try:
        assert new_till.points("0811111111") == c1.points("0811111111")
        assert new_till.app.services.staff.authorize("5858").name == "Dao"
        assert new_till.problems() == ()
    finally:
        new_till.close()


def test_the_wizard_puts_a_new_shops_first_device_on_the_hub(qtbot: QtBot, hub: HubDatabase, tmp_path: Path,
                                                             runner: TaskRunner, shop: tuple[Device, Device]
                                                             ) -> None:
    """A second shop of the chain is set up with the wizard: at Finish it is registered with the hub (hub init) and
    publishes what it holds; the settings keep the device's own login, never the owner's password. (`shop`: the
    hub holds the first shop alone.)"""
    from tests.support.fake_secrets import FakeKeyring
    from tests.ui.test_setup_wizard import choose_printer, fill_to_printer, next_step, type_into

    folder = tmp_path / "old-town"
    setup = first_run(data_dir=folder, secrets=FakeKeyring(), clock=FixedClock(T0))
    assert setup is not None
    wizard = SetupWizard(setup, language="en", runner=runner)
    qtbot.addWidget(wizard)
    wizard.show()
    fill_to_printer(qtbot, wizard)  # the shop is "Som Tam Corner"
    choose_printer(wizard, "none")
    next_step(qtbot, wizard)
    type_into(qtbot, wizard.online.hub_url, hub.url)
    type_into(qtbot, wizard.online.hub_password, "owner-secret")
    type_into(qtbot, wizard.online.device_name, "Corner till")
    next_step(qtbot, wizard)
    assert wizard.page is wizard.review
    with qtbot.waitSignal(wizard.setup_finished, timeout=60_000, raising=True) as finished:
        next_step(qtbot, wizard)
    result = finished.args[0]
    assert result.hub_failure is None and result.hub is not None and result.hub.shop_name == "Som Tam Corner"
    assert wizard.result() == QDialog.DialogCode.Accepted
    settings = load_settings(data_dir=folder)
    assert settings.hub.url and "kiosk_" in settings.hub.url and "owner-secret" not in settings.hub.url
    assert "PGPASSWORD" not in os.environ
    for path in folder.rglob("*"):
        if path.is_file():
            assert b"owner-secret" not in path.read_bytes(), path
    assert hub.scalar("SELECT count(*) FROM hub_shops") == 2
    assert hub.scalar("SELECT count(*) FROM staff WHERE name = 'Noi'") == 1  # its owner, published


def second_shop(hub: HubDatabase, folder: Path) -> None:
    """A second shop of the chain, "Som Tam Corner" (its owner Noi), on the hub: set up as the wizard's Finish
    sets it up (the wizard test above clicks through the same answers)."""
    from tests.support.fake_secrets import FakeKeyring

    setup = first_run(data_dir=folder, secrets=FakeKeyring(), clock=FixedClock(T0))
    assert setup is not None
    plan = SetupPlan(shop=setup.shop_details(name="Som Tam Corner", tax_id="0105566099999",
                                             address_lines=("99/1 Sukhumvit Soi 24",), footer_lines=("Thank you!",)),
                     currency="THB", language="en", template="points_tiers", owner_name="Noi", owner_pin="4321",
                     printer=setup.printer("none"), hub_url=setup.hub_url(hub.url), hub_join=False,
                     device_name=setup.device_name("Corner till", joining=False), hub_password="owner-secret")
    result = setup.finish(plan)
    assert result.hub_failure is None and result.hub is not None and result.hub.shop_name == "Som Tam Corner"


def test_an_owner_reads_another_shop_or_the_whole_chain_a_manager_only_their_own(
        qtbot: QtBot, qapp: QApplication, hub: HubDatabase, tmp_path: Path, shop: tuple[Device, Device]) -> None:
    c1, _c2 = shop
    second_shop(hub, tmp_path / "old-town")
    c1.sync()  # the directory now names the second shop
    shell, window = open_manager(qtbot, c1)  # Nok, a manager
    try:
        window.open_page("summary")
        assert shell.runner.wait_idle(20_000)
        assert not window.daily.scope.isVisible()
        assert "Shop: " in window.daily.period.text()
    finally:
        shell.shutdown()
    shell, window = open_manager(qtbot, c1, role=Role.OWNER)
    try:
        window.open_page("summary")
        assert shell.runner.wait_idle(20_000)
        picker = window.daily.scope
        assert picker.isVisible() and picker.count() == 3
        assert [picker.itemText(i) for i in range(3)][1:] == ["Som Tam Corner", "Whole chain, shop by shop"]
        picker.setCurrentIndex(2)
        assert shell.runner.wait_idle(20_000)
        assert "Whole chain (2 shops)" in window.daily.period.text()
        figures = [window.daily.figures.item(r, 0).text() for r in range(window.daily.figures.rowCount())]
        assert "Som Tam Corner: sales" in figures
        picker.setCurrentIndex(1)
        assert shell.runner.wait_idle(20_000)
        assert "Shop: Som Tam Corner" in window.daily.period.text()
        window.toast.hide()
        problems = []
        for language in (ENGLISH, THAI):  # the picker beside the date and the exports, on a 1024 px till
            set_language(qapp, language)
            problems += fit_problems(shell, (1024, 768), where=f"summary ({language})")
        set_language(qapp, ENGLISH)
        assert not problems, "\n".join(problems)
        window.open_page("health")
        assert shell.runner.wait_idle(30_000)
        health = window.health
        assert health.scope_note.isVisible() and "whole chain" in health.scope_note.text()  # one shop's view
        health.scope.setCurrentIndex(2)
        assert shell.runner.wait_idle(30_000)
        assert health.shops_card.isVisible() and health.shops_table.rowCount() == 2
        assert not health.scope_note.isVisible()
        assert "Whole chain" in health.as_of.text()
    finally:
        shell.shutdown()


def test_retiring_a_device_is_confirmed_and_it_can_no_longer_sync(qtbot: QtBot, shop: tuple[Device, Device]
                                                                  ) -> None:
    c1, c2 = shop
    shell, window = open_manager(qtbot, c1)
    panel = window.devices.hub
    try:
        panel.device_list.selectRow([d.label for d in panel.devices].index("C2"))
        assert panel.retire_button.isEnabled() and panel.retire_button.text() == "Retire C2"
        panel.ask_retire()
        confirm = panel.dialog
        assert isinstance(confirm, ConfirmDialog) and "Counter 2" in confirm.text.text()
        qtbot.mouseClick(confirm.confirm_button, Qt.MouseButton.LeftButton)
        assert shell.runner.wait_idle(20_000)
        assert window.toast.text() == "Counter 2 is retired."
        state = [panel.device_list.item(r, 5).text() for r in range(panel.device_list.rowCount())
                 if panel.device_list.item(r, 1).text() == "C2"]
        assert state == ["Retired"]
        report = c2.app.services.hub.sync_once()
        assert report.refused
    finally:
        shell.shutdown()
    shell, window = open_manager(qtbot, c2)  # on the retired counter, its manager reads why in plain words
    try:
        assert window.devices.hub.problem_text.text().startswith("The hub refuses what this device sends")
        assert window.devices.hub.detail_text.text()  # the hub's own words, under it
    finally:
        shell.shutdown()
