"""First-run set-up without the screen: kiosk.bootstrap.shop.first_run on real data folders, real settings files, real
SQLite and the real printer adapter; only the OS keyring is a fake (the test machine has none)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.bootstrap import build_app
from kiosk.bootstrap.shop import first_run
from kiosk.cli import main
from kiosk.config import load_settings
from kiosk.domain.errors import InvalidInput, StorageError
from kiosk.domain.staff import Role, StaffMember
from kiosk.services.context import FixedClock
from kiosk.services.setup import STRIPE_KEY_NAME, SetupPlan, ShopSetup
from tests.integration.test_cli import PINNED_NOW
from tests.support.fake_secrets import FakeKeyring

STRIPE_KEY = "sk_test_" + "4eC39HqLyjWDarjtT1zdp7dc"
CLOCK = FixedClock(datetime.fromisoformat(PINNED_NOW))


def files_in(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def plan(setup: ShopSetup, *, template: str = "points_tiers", stripe_key: str | None = STRIPE_KEY,
         printer: dict[str, Any] | None = None) -> SetupPlan:
    shop = setup.shop_details(name="Som Tam Corner ส้มตำหัวมุม", tax_id="0105566099999", phone="02-555-1234",
                              address_lines=("99/1 Sukhumvit Soi 24", "Bangkok 10110", ""),
                              footer_lines=("ขอบคุณค่ะ Thank you!", ""))
    return SetupPlan(shop=shop, currency="THB", language="en", template=template, owner_name="Noi",
                     owner_pin="4321", printer=printer or setup.printer("none"),
                     stripe_key=setup.stripe_key(stripe_key or ""))


def test_a_hub_address_is_joined_not_just_written_and_a_hub_out_of_reach_leaves_the_shop_alone(
        tmp_path: Path) -> None:
    """The wizard once wrote the address straight into [hub] url: a device that believed it synced, never registered
    with the hub. Now Finish joins the hub; one out of reach leaves the shop made, working alone, and says why."""
    shop = tmp_path / "shop"
    setup = first_run(data_dir=shop, secrets=FakeKeyring(), clock=CLOCK)
    assert setup is not None
    answers = plan(setup, stripe_key=None)
    answers = SetupPlan(**{**answers.__dict__, "hub_url": setup.hub_url("postgresql://owner@127.0.0.1:1/shops"),
                           "hub_password": "owner-secret"})
    result = setup.finish(answers)
    assert result.hub is None and result.hub_failure is not None and result.hub_failure.code == "hub.unreachable"
    settings = load_settings(data_dir=shop)
    assert settings.hub.url is None and settings.context.shop.name == "Som Tam Corner ส้มตำหัวมุม"
    assert not any(b"owner-secret" in data for data in files_in(shop).values())
    with build_app(settings, clock=CLOCK) as app:
        assert [s.name for s in app.staff.list_staff()] == ["Noi"] and not app.hub.configured


def test_a_folder_without_staff_is_set_up_and_deciding_writes_nothing(tmp_path: Path) -> None:
    shop = tmp_path / "shop"
    assert first_run(data_dir=shop, secrets=FakeKeyring()) is not None
    assert not shop.exists()  # not even the folder, nor its install id
    with build_app(load_settings(data_dir=shop), clock=CLOCK):  # a database with no staff is no shop yet
        pass
    assert first_run(data_dir=shop, secrets=FakeKeyring()) is not None


def test_finish_writes_the_settings_then_the_owner_and_keeps_the_key_out_of_files(tmp_path: Path) -> None:
    shop, keyring = tmp_path / "shop", FakeKeyring()
    setup = first_run(data_dir=shop, secrets=keyring, clock=CLOCK)
    assert setup is not None
    result = setup.finish(plan(setup, printer=setup.printer("network", "192.168.1.50", 58)))

    assert result.settings_file == str(shop / "config.toml") and result.stripe_key_stored
    settings = load_settings(data_dir=shop)
    header = settings.context.shop
    assert (header.name, header.tax_id, header.phone) == ("Som Tam Corner ส้มตำหัวมุม", "0105566099999", "02-555-1234")
    assert header.address_lines == ("99/1 Sukhumvit Soi 24", "Bangkok 10110")
    assert header.footer_lines == ("ขอบคุณค่ะ Thank you!",)
    assert (settings.context.currency, settings.context.language) == ("THB", "en")
    assert settings.printers["receipt"] == {"kind": "network", "host": "192.168.1.50", "port": 9100, "paper_mm": 58}
    assert settings.stripe.enabled and settings.hub.url is None  # no hub asked for
    assert settings.context.programs.points.enabled and settings.context.programs.tiers.enabled
    assert not settings.context.programs.memberships and not settings.context.programs.charity.enabled
    assert keyring.secrets == {STRIPE_KEY_NAME: STRIPE_KEY}
    assert not any(STRIPE_KEY.encode() in data for data in files_in(shop).values())
    with build_app(settings, clock=CLOCK) as app:
        [owner] = app.staff.list_staff()
        assert (owner.name, owner.role) == ("Noi", Role.OWNER)
        assert app.staff.authorize("4321", min_role=Role.OWNER).staff_id == owner.id
    assert first_run(data_dir=shop, secrets=keyring) is None  # a shop now: the screens open on it


@pytest.mark.parametrize("template, earned", [
    ("cafe_stamps", lambda sale: sale["stamps"][0]["earned"] == 2 and sale["points_earned"] == 0),
    ("points_tiers", lambda sale: sale["points_earned"] == 6 and not sale["stamps"]),  # 170.00 / 25
    ("cashback", lambda sale: sale["cashback"]["minor"] == 510 and sale["points_earned"] == 0),  # 3 % of 170.00
])
def test_each_program_template_runs_a_sale(tmp_path: Path, template: str, earned: Any,
                                           capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    shop = tmp_path / "shop"
    setup = first_run(data_dir=shop, secrets=FakeKeyring(), clock=CLOCK)
    assert setup is not None
    setup.finish(plan(setup, template=template, stripe_key=None))
    monkeypatch.setenv("KIOSK_NOW", PINNED_NOW)
    assert main(["--data-dir", str(shop), "member", "enroll", "--name", "Malee", "--phone", "089-555-0101"]) == 0
    item = "LATTE:2" if template == "cafe_stamps" else "ITEM2"  # two coffees (a pastry: no stamp), or 170.00
    capsys.readouterr()
    assert main(["--data-dir", str(shop), "--json", "sale", "--member", "089-555-0101", "--item", item,
                 "--item", "ITEM1" if template != "cafe_stamps" else "PASTRY"]) == 0
    sale = json.loads(capsys.readouterr().out)
    assert earned(sale), sale


def test_a_failed_finish_puts_the_settings_file_and_the_keyring_back(tmp_path: Path) -> None:
    shop = tmp_path / "shop"
    shop.mkdir()
    (shop / "config.toml").write_text('[ui]\nidle_lock_seconds = 120\n', encoding="utf-8")
    before = files_in(shop)
    keyring = FakeKeyring()
    keyring.secrets[STRIPE_KEY_NAME] = "sk_test_theoldkeyfromlastyear"
    found = first_run(data_dir=shop, secrets=keyring, clock=CLOCK)
    assert found is not None

    def disk_gone(_name: str, _pin: str) -> StaffMember:
        raise StorageError("config.data_dir_missing", data_dir=shop, strerror="No space left on device")

    setup = ShopSetup(settings_file=found.settings_file, secrets=keyring, printers=found.printers,
                      templates={t: found._templates[t] for t in found.templates()}, create_owner=disk_gone,
                      data_dir=found.data_dir)
    the_plan = plan(setup)
    with pytest.raises(StorageError):
        setup.finish(the_plan)
    assert files_in(shop) == before
    assert keyring.secrets == {STRIPE_KEY_NAME: "sk_test_theoldkeyfromlastyear"}

    keyring.refuse = True  # a locked keyring: refused before anything is written
    with pytest.raises(StorageError) as refused:
        found.finish(the_plan)
    assert refused.value.code == "keys.keyring_failed" and files_in(shop) == before


def test_the_settings_already_in_the_folder_are_kept(tmp_path: Path) -> None:
    shop = tmp_path / "shop"
    shop.mkdir()
    (shop / "config.toml").write_text('[ui]\nidle_lock_seconds = 120\n', encoding="utf-8")
    setup = first_run(data_dir=shop, secrets=FakeKeyring(), clock=CLOCK)
    assert setup is not None
    setup.finish(plan(setup, stripe_key=None))
    settings = load_settings(data_dir=shop)
    assert settings.ui.idle_lock_seconds == 120 and settings.context.shop.name.startswith("Som Tam")
    assert not settings.stripe.enabled


@pytest.mark.parametrize("call, code, field", [
    (lambda s: s.shop_details(name="   "), "setup.shop_name_missing", "name"),
    (lambda s: s.shop_details(name="Shop", tax_id="01055/66"), "setup.tax_id_invalid", "tax_id"),
    (lambda s: s.shop_details(name="Shop", phone="call us"), "setup.shop_phone_invalid", "phone"),
    (lambda s: s.shop_details(name="Shop", address_lines=("x" * 49,)), "setup.line_too_long", "address"),
    (lambda s: s.money_and_language("JPY", "th"), "setup.currency_unsupported", "currency"),
    (lambda s: s.template(""), "setup.template_unknown", "template"),
    (lambda s: s.owner("", "1234", "1234"), "setup.owner_name_missing", "owner_name"),
    (lambda s: s.owner("Noi", "12a4", "12a4"), "setup.pin_invalid", "pin"),
    (lambda s: s.owner("Noi", "1234", "1243"), "setup.pin_mismatch", "pin_again"),
    (lambda s: s.printer("network", ""), "setup.printer_address_missing", "printer_address"),
    (lambda s: s.printer("network", "192.168.1.50:99999"), "setup.printer_network_address_invalid", "printer_address"),
    (lambda s: s.printer("usb", "epson"), "setup.printer_usb_address_invalid", "printer_address"),
    # bb2-9: addresses that can never work were saved as the host
    *[(lambda s, typed=typed: s.printer("network", typed), "setup.printer_network_address_invalid",
       "printer_address") for typed in ("http://127.0.0.1:9100", "๑๒๗.0.0.1", "-x", "p" * 300, "127.0.0.1:๙๑๐๐")],
    (lambda s: s.stripe_key("pk_live_abcdefghijklmnopqrstuvwx"), "setup.stripe_key_invalid", "stripe_key"),
    (lambda s: s.hub_url("mysql://kiosk@hub/shops"), "setup.hub_url_shape", "hub_url"),
    (lambda s: s.hub_url("postgresql://kiosk@hub"), "setup.hub_url_shape", "hub_url"),
    (lambda s: s.hub_url("postgresql://kiosk:secret@hub/shops"), "setup.hub_url_password", "hub_url"),
])
def test_each_answer_is_checked_with_a_reason(tmp_path: Path, call: Any, code: str, field: str) -> None:
    setup = first_run(data_dir=tmp_path / "shop", secrets=FakeKeyring())
    with pytest.raises(InvalidInput) as refused:
        call(setup)
    assert (refused.value.code, refused.value.params["field"]) == (code, field)


def test_no_printer_yet_is_no_printer_not_a_dummy_that_prints_everything(tmp_path: Path) -> None:
    setup = first_run(data_dir=tmp_path / "shop", secrets=FakeKeyring())
    assert setup is not None
    assert setup.printer("none") == {"kind": "none", "paper_mm": 80}  # bb2-6: was kind "dummy"


def test_a_printer_address_typed_with_its_port_is_split(tmp_path: Path) -> None:
    setup = first_run(data_dir=tmp_path / "shop", secrets=FakeKeyring())
    assert setup is not None
    assert setup.printer("network", " printer.local:9101 ") == {"paper_mm": 80, "kind": "network",
                                                               "host": "printer.local", "port": 9101}


def test_a_stripe_key_needs_a_keyring(tmp_path: Path) -> None:
    setup = first_run(data_dir=tmp_path / "shop", secrets=FakeKeyring(available=False))
    assert setup is not None and setup.stripe_key("") is None
    with pytest.raises(InvalidInput) as refused:
        setup.stripe_key(STRIPE_KEY)
    assert refused.value.code == "setup.keyring_unavailable"


def test_a_hub_address_with_a_password_is_refused_in_a_settings_file(tmp_path: Path) -> None:
    shop = tmp_path / "shop"
    shop.mkdir()
    (shop / "config.toml").write_text('[hub]\nurl = "postgresql://kiosk:pw@hub/shops"\n', encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        load_settings(data_dir=shop)
    assert refused.value.code == "config.hub_url" and "hub.url" in refused.value.message


def test_printer_ports_are_found_by_their_device_nodes(tmp_path: Path) -> None:
    from kiosk.adapters.printing.setup import PrinterProbe

    (tmp_path / "usb").mkdir()
    (tmp_path / "usb" / "lp0").touch()
    (tmp_path / "ttyUSB0").touch()
    (tmp_path / "by-id").mkdir()
    (tmp_path / "by-id" / "usb-Prolific_PL2303-if00-port0").symlink_to(tmp_path / "ttyUSB0")
    probe = PrinterProbe(usb_nodes=(str(tmp_path / "usb" / "lp*"),), serial_ports=(str(tmp_path / "ttyUSB*"),),
                         serial_names=str(tmp_path / "by-id" / "*"))
    found = probe.found()
    assert [(p.kind, p.address, p.detail) for p in found] == [
        ("file", str(tmp_path / "usb" / "lp0"), ""),
        ("serial", str(tmp_path / "ttyUSB0"), "usb-Prolific_PL2303-if00-port0")]


def test_a_data_folder_that_is_a_file_is_said_to_be_one(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "shop"
    not_a_folder.write_text("")
    with pytest.raises(StorageError) as early:  # before the wizard asks anything
        first_run(data_dir=not_a_folder, secrets=FakeKeyring(), clock=CLOCK)
    assert early.value.code == "config.data_dir_is_file"
    assert early.value.message.startswith(f"{not_a_folder} is a file, not a folder")
    # made into a file while the wizard was open: Finish says so, and changes nothing
    folder = tmp_path / "later"
    setup = first_run(data_dir=folder, secrets=FakeKeyring(), clock=CLOCK)
    assert setup is not None
    folder.write_text("")
    with pytest.raises(StorageError) as late:
        setup.finish(plan(setup, stripe_key=None))
    assert late.value.code == "config.data_dir_is_file" and folder.read_text() == ""
