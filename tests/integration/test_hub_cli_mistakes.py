"""`kiosk hub` given what a shop owner may get wrong: a name the shop or the hub has already, an address that is
not a hub's, amounts said as the rest of the CLI says them. Each mistake is one line in the reader's language,
exit 1, and changes nothing on the hub or on disk."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.integration.test_cli import Run, kiosk_in_process
from tests.support.hub import Device, HubDatabase, ShopTemplate, hub, hub_shop  # noqa: F401  (fixtures: shop, a fresh copy of the hub's shop, and hub)

pytestmark = pytest.mark.postgres


def one_line(run: Run) -> str:
    """A refusal: exit 1, one line on stderr, nothing else."""
    assert run.code == 1, (run.code, run.out, run.err)
    assert "Traceback" not in run.err and run.out == "", run.out + run.err
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    return lines[0]


def shop_name(device: Device) -> str:
    name = device.app.services.hub.status().shop_name
    assert name
    device.close()
    return name


def test_a_second_device_of_the_same_name_in_a_shop_is_refused(
        shop: list[Device], hub: HubDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    c1, _, _ = shop
    shop_name(c1)
    installs = hub.scalar("SELECT count(*) FROM hub_installs")
    folder = tmp_path / "till"
    said = one_line(kiosk_in_process(folder, "--language", "en", "hub", "join", hub.url, "--name", " counter  1 ",
                                     capsys=capsys, monkeypatch=monkeypatch))
    assert said == "kiosk: Shop '" + shop_name(c1) + "' already has a device called 'Counter 1': give this one " \
                   "another name.", said
    thai = one_line(kiosk_in_process(folder, "--language", "th", "hub", "join", hub.url, "--name", "COUNTER 1",
                                     capsys=capsys, monkeypatch=monkeypatch))
    assert "มีเครื่องชื่อ 'Counter 1' อยู่แล้ว" in thai
    assert hub.scalar("SELECT count(*) FROM hub_installs") == installs


def test_a_second_shop_of_the_same_name_on_the_hub_is_refused(
        shop: list[Device], hub: HubDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    c1, _, _ = shop
    name = shop_name(c1)
    shops = hub.scalar("SELECT count(*) FROM hub_shops")
    other = tmp_path / "other"
    assert kiosk_in_process(other, "staff", "add", "--name", "Owner", "--role", "owner", "--pin", "9999",
                            capsys=capsys, monkeypatch=monkeypatch).code == 0
    said = one_line(kiosk_in_process(other, "--language", "en", "hub", "init", hub.url, "--name", "Till 1",
                                     "--shop", f"  {name.upper()} ", capsys=capsys, monkeypatch=monkeypatch))
    assert said.startswith(f"kiosk: The hub already has a shop called '{name}'"), said
    assert hub.scalar("SELECT count(*) FROM hub_shops") == shops
    assert "hub" not in (other / "config.toml").read_text() if (other / "config.toml").exists() else True


def test_a_name_two_shops_or_two_devices_share_already_is_refused_listing_them(
        shop: list[Device], hub: HubDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A hub made before names were unique may hold two of a name: a lookup by that name says which there are
    instead of picking one."""
    c1, _, _ = shop
    name = shop_name(c1)
    own_shop = hub.scalar("SELECT shop_id FROM hub_shops")
    role = f"kiosk_twin_{secrets.token_hex(4)}"  # dropped with the hub's (tests.support.hub.HubDatabase.drop)
    with hub.engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE ROLE "{role}" LOGIN')
        conn.exec_driver_sql("INSERT INTO hub_shops (shop_id, name) VALUES ('oldtwin', %s)", (name,))
        conn.exec_driver_sql("INSERT INTO hub_installs (install_id, shop_id, name, db_role) "
                             "VALUES ('twin', %s, 'counter 2', %s)", (own_shop, role))
        conn.exec_driver_sql("INSERT INTO hub_labels (device_id, install_id, label, role) "
                             "VALUES ('twin-C9', 'twin', 'C9', 'counter')")
    joined = one_line(kiosk_in_process(tmp_path / "new", "--language", "en", "hub", "join", hub.url,
                                       "--name", "Till 9", "--shop", name, capsys=capsys, monkeypatch=monkeypatch))
    assert joined.startswith(f"kiosk: More than one shop on the hub is called '{name}' (") and \
        joined.endswith("); give its id with --shop."), joined
    assert "oldtwin" in joined and own_shop in joined

    revoked = one_line(kiosk_in_process(c1.data_dir, "--language", "en", "hub", "revoke", "Counter 2",
                                        capsys=capsys, monkeypatch=monkeypatch, manager_pin="9999"))
    assert revoked == (f"kiosk: More than one device is called 'Counter 2' (Counter 2 (C2/K2, {name}), counter 2 "
                       f"(C9, {name})); give its label or id instead."), revoked
    assert hub.scalar("SELECT count(*) FROM hub_installs WHERE revoked_at IS NOT NULL") == 0
    # by its label, the one meant
    by_label = kiosk_in_process(c1.data_dir, "--language", "en", "hub", "revoke", "C9", capsys=capsys,
                                monkeypatch=monkeypatch, manager_pin="9999")
    assert by_label.code == 0, by_label.err
    assert hub.scalar("SELECT install_id FROM hub_installs WHERE revoked_at IS NOT NULL") == "twin"


def test_an_address_that_is_not_a_hubs_is_said_in_one_line_in_the_chosen_language(
        hub: HubDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "till"

    def said(language: str, *args: str) -> str:
        return one_line(kiosk_in_process(folder, "--language", language, "hub", *args, capsys=capsys,
                                         monkeypatch=monkeypatch))

    assert said("th", "join", "garbage", "--name", "T9") == (
        "kiosk: 'garbage' ไม่ใช่ที่อยู่ PostgreSQL ที่อยู่ฮับมีรูปแบบเช่น postgresql://user@host:5432/database")
    thai = said("th", "join", "http://example.com/x", "--name", "T9")
    assert thai.startswith("kiosk: 'http://example.com/x' ไม่ใช่ที่อยู่ PostgreSQL"), thai
    assert said("en", "verify", "http://owner:secret@example.com/x") == (
        "kiosk: 'http://owner:***@example.com/x' is not a PostgreSQL address: a hub's looks like "
        "postgresql://user@host:5432/database.")

    server = make_url(hub.url)
    no_database = server.set(database="kiosk_no_such_hub").render_as_string(hide_password=False)
    assert said("en", "join", no_database, "--name", "T9") == (
        "kiosk: The hub's server has no database called 'kiosk_no_such_hub': check the address.")
    assert said("th", "verify", no_database) == (
        "kiosk: เซิร์ฟเวอร์ของฮับไม่มีฐานข้อมูลชื่อ 'kiosk_no_such_hub' ตรวจสอบที่อยู่")
    no_role = server.set(username="kiosk_no_such_owner").render_as_string(hide_password=False)
    assert said("en", "join", no_role, "--name", "T9") == (
        "kiosk: The hub's server has no login called 'kiosk_no_such_owner': check the user name in the address.")

    not_a_hub = server.set(database="postgres").render_as_string(hide_password=False)
    assert said("en", "verify", not_a_hub) == "kiosk: That database is not a hub: it has none of a hub's tables."
    assert said("th", "verify", not_a_hub) == "kiosk: ฐานข้อมูลนั้นไม่ใช่ฮับ ไม่มีตารางของฮับ"


def test_a_refused_join_or_init_leaves_nothing_on_disk(
        shop: list[Device], hub: HubDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    c1, _, _ = shop
    name = shop_name(c1)
    new = tmp_path / "new"
    assert "'Nowhere'" in one_line(kiosk_in_process(new, "--language", "en", "hub", "join", hub.url, "--name",
                                                    "Till 9", "--shop", "Nowhere", capsys=capsys,
                                                    monkeypatch=monkeypatch))
    assert not new.exists()
    one_line(kiosk_in_process(new, "hub", "join", "garbage", "--name", "Till 9", capsys=capsys,
                              monkeypatch=monkeypatch))
    assert not new.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("mine\n")
    one_line(kiosk_in_process(empty, "hub", "init", hub.url, "--shop", name, capsys=capsys, monkeypatch=monkeypatch))
    assert sorted(p.name for p in empty.iterdir()) == ["notes.txt"]
    # afterwards the folder is no shop: it may join as a new, empty device
    joined = kiosk_in_process(new, "--language", "en", "hub", "join", hub.url, "--name", "Till 9", capsys=capsys,
                              monkeypatch=monkeypatch)
    assert joined.code == 0, joined.err


def converge(*devices: Device) -> None:
    for _ in range(2):
        for device in devices:
            device.sync()


def test_merge_and_write_off_say_amounts_as_the_rest_of_the_cli_does(
        shop: list[Device], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Points as points, money from its minor units (฿3.00, not 300 THB), a stamp card by its name, a voucher by
    its code: never a ledger unit (PTS, STAMP:coffee, VOUCHER:<id>), in English and in Thai."""
    from kiosk.domain.commands import AdjustPoints, IssueVoucher
    from kiosk.domain.money import Money
    from kiosk.l10n.formats import format_money

    c1, c2, k = shop
    card_at_door = k.enroll("0833333333", "Nok")
    c2.enroll("0833333333", "Nok K.")
    k.sell(card_at_door, quantity=3)
    owner = c1.owner()
    c1.app.services.redemption.adjust(AdjustPoints(command_id="adj-v", member_code="0811111111", points=300,
                                                   reason="welcome", approved_by=owner))
    voucher = c1.app.services.redemption.issue_voucher(IssueVoucher(
        command_id="v1", member_code="0811111111", reward_id="off50", print_voucher=False))
    converge(c1, c2, k)
    c1.sell(None, quantity=2, vouchers=(voucher.voucher_code,))
    c2.sell(None, quantity=2, vouchers=(voucher.voucher_code,))
    left = c1.points("0811111111")
    assert left > 0
    for device in (c1, c2):  # the same points spent on both counters apart: an overdraft
        device.sell("0811111111", quantity=10, points=left)
    converge(c1, c2, k)
    conflicts = c1.app.services.hub.conflicts()
    overdraft = next(c for c in conflicts if c.kind == "overdraft")
    phone = next(c for c in conflicts if c.kind == "duplicate_phone")
    twice = next(c for c in conflicts if c.kind == "voucher_twice")
    with c1.app.uow_factory(readonly=True) as uow:  # the door kiosk's Nok bought: merged into the other
        balances = {m: {u: n for u, n in uow.ledger.member_balances(m).items() if n} for m in phone.member_ids}
    card = c1.app.services.ctx.programs.stamp_cards[0]
    gone, keep = sorted(phone.member_ids, key=lambda m: f"STAMP:{card.id}" not in balances[m])
    held = balances[gone]
    currency = c1.app.services.ctx.currency
    assert held.get("PTS") and held.get(f"STAMP:{card.id}"), held  # what the door kiosk's sale gave

    def run(language: str, *args: str) -> str:
        done = kiosk_in_process(c1.data_dir, "--language", language, "hub", *args, capsys=capsys,
                                monkeypatch=monkeypatch, manager_pin="9999")
        assert done.code == 0, done.err
        return done.out.strip()

    listed = run("th", "conflicts")
    assert f"ใช้ {overdraft.amount:,} แต้ม เกินกว่าที่มี" in listed, listed  # "points", not PTS
    assert "PTS" not in listed.replace(overdraft.key, ""), listed
    merged = run("en", "merge", keep, gone)
    assert "PTS" not in merged and "STAMP:" not in merged and currency not in merged, merged
    assert f"{held['PTS']:,} points" in merged, merged
    assert f"{held[f'STAMP:{card.id}']} stamps ({card.name})" in merged, merged
    if held.get(currency):
        assert format_money(Money(held[currency], currency), "en") in merged, merged
    written = run("th", "write-off", twice.key)
    assert written == (f"ตัดยอด การใช้คูปอง {voucher.voucher_code} ซ้ำ 1 ครั้ง ({twice.key}) "
                       f"เป็นค่าใช้จ่ายของร้านแล้ว"), written


def test_a_voucher_used_on_two_devices_apart_is_the_hubs_conflict_not_a_broken_ledger(
        shop: list[Device], hub: HubDatabase) -> None:
    """As a refund, an offer or a challenge's bonus given twice apart: `hub conflicts` lists it, verify does not
    call the ledger broken. One device redeeming a voucher twice is still a problem: no sync explains it."""
    from kiosk.domain.commands import AdjustPoints, IssueVoucher
    from kiosk.domain.ledger import EntryKind
    from kiosk.services.common import EntryWriter
    from tests.support.hub import hub_problems

    c1, c2, k = shop
    owner = c1.owner()
    c1.app.services.redemption.adjust(AdjustPoints(command_id="adj-v", member_code="0811111111", points=600,
                                                   reason="welcome", approved_by=owner))

    def voucher(command_id: str) -> str:
        return str(c1.app.services.redemption.issue_voucher(IssueVoucher(
            command_id=command_id, member_code="0811111111", reward_id="off50", print_voucher=False)).voucher_code)

    apart, here = voucher("v-apart"), voucher("v-here")
    converge(c1, c2, k)
    c1.sell(None, quantity=2, vouchers=(apart,))
    c2.sell(None, quantity=2, vouchers=(apart,))
    converge(c1, c2, k)
    for device in shop:
        assert [c.detail["voucher_code"] for c in device.app.services.hub.conflicts()
                if c.kind == "voucher_twice"] == [apart]
        assert device.problems() == (), device.data_dir.name
    assert hub_problems(hub) == ()

    sale = c1.sell(None, quantity=2, vouchers=(here,))
    # the same till redeems it again (a bug would have to): a second redemption entry of its own, well chained
    ctx, clock = c1.app.services.ctx, c1.clock
    with c1.app.uow_factory() as uow:
        used = next(e for e in uow.ledger.for_sale(sale.sale_id) if e.kind == EntryKind.VOUCHER_REDEEMED)
        EntryWriter(uow, ctx, clock.now()).write(kind=EntryKind.VOUCHER_REDEEMED, postings=used.postings,
                                                         sale_id=used.sale_id, memo=used.memo)
        uow.commit()
    assert c1.problems() == (f"voucher {here} was redeemed 2 times",)


def test_a_voucher_not_received_yet_is_said_so_not_called_invalid(shop: list[Device]) -> None:
    from kiosk.domain.commands import AdjustPoints, IssueVoucher
    from kiosk.domain.errors import InvalidCode
    from kiosk.l10n.catalogue import format_value

    c1, c2, _ = shop
    owner = c1.owner()
    c1.app.services.redemption.adjust(AdjustPoints(command_id="adj-v", member_code="0811111111", points=300,
                                                   reason="welcome", approved_by=owner))
    code = c1.app.services.redemption.issue_voucher(IssueVoucher(
        command_id="v1", member_code="0811111111", reward_id="off50", print_voucher=False)).voucher_code
    with pytest.raises(InvalidCode) as refused:
        c2.sell(None, quantity=2, vouchers=(code,))  # Counter 2 has not synced since Counter 1 issued it
    assert format_value(refused.value, "en") == (
        "This voucher is the shop's but has not reached this till yet: sync with the hub, or use it at the till "
        "that issued it.")
    assert format_value(refused.value, "th") == (
        "คูปองนี้เป็นของร้าน แต่ยังมาไม่ถึงเครื่องนี้ ให้ซิงค์กับฮับ หรือใช้ที่เครื่องที่ออกคูปอง")


def test_a_retired_device_syncing_once_prints_only_the_refusal(
        shop: list[Device], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    c1, _, door = shop
    c1.app.services.hub.revoke("Door kiosk", approved_by=c1.owner())
    done = kiosk_in_process(door.data_dir, "--language", "en", "hub", "sync", "--once", capsys=capsys,
                            monkeypatch=monkeypatch)
    assert done.code == 1
    assert done.out == ("Refused by the hub: The hub does not let this device in (it was retired, or its password "
                        "changed).\n"), done.out + done.err


def test_a_sale_refunded_twice_apart_names_its_devices_the_same_on_every_device(
        shop: list[Device], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.domain.commands import RefundLine, RefundSale

    c1, c2, k = shop
    sale = c1.sell("0811111111", quantity=1)
    converge(c1, c2)
    for device, command_id in ((c2, "r2"), (c1, "r1")):  # each refunds it whole, apart
        device.app.services.refunds.refund(RefundSale(command_id=command_id, receipt_no=sale.receipt_no,
                                                      reason="spilt", lines=(RefundLine(0, 1),),
                                                      approved_by=device.owner()))
    converge(c1, c2, k)

    def listed(device: Device) -> str:
        done = kiosk_in_process(device.data_dir, "--language", "en", "hub", "conflicts", capsys=capsys,
                                monkeypatch=monkeypatch)
        assert done.code == 0, done.err
        return next(line for line in done.out.splitlines() if line.startswith("refund:"))

    said = listed(c1)
    assert "was refunded on devices Counter 1 (C1), Counter 2 (C2) while apart" in said, said
    assert listed(c2) == listed(k) == said
