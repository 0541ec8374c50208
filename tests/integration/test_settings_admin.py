"""Program settings edits: refused when invalid, previewed, written to <data dir>/config.toml, audited, live."""

from __future__ import annotations

import json
import re
import tomllib
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.adapters.db import tables as t
from kiosk.bootstrap import wire
from kiosk.config import DEFAULT_CONFIG, load_settings, read_toml
from kiosk.domain.commands import EnrollMember, RecordSale
from kiosk.domain.errors import Conflict, InvalidInput, ManagerApprovalRequired, PermissionDenied
from kiosk.domain.money import Money
from kiosk.domain.programs.engine import CartLine
from kiosk.l10n.catalogue import say
from kiosk.services.context import FixedClock
from kiosk.services.settings_admin import ChangeProgramSettings
from kiosk.settings_file import dumps
from tests.support.staff import add_staff


@pytest.fixture
def app(tmp_path: Path):  # type: ignore[no-untyped-def]
    clock = FixedClock(datetime(2026, 3, 2, 3, tzinfo=UTC))
    with wire(load_settings(data_dir=tmp_path), clock=clock) as app:
        add_staff(app.services.staff, ("Nok", "manager", "2222"))
        yield app


def manager_id(app) -> str:  # type: ignore[no-untyped-def]
    return next(s.id for s in app.services.staff.list_staff() if s.name == "Nok")


def _sale(app, phone: str) -> int:  # type: ignore[no-untyped-def]
    result = app.services.checkout.record_sale(RecordSale(command_id=str(uuid.uuid4()),
                                                          lines=(CartLine("Cake", Money(25_000)),),
                                                          member_code=phone, print_receipt=False))
    return int(result.points_earned)


def test_invalid_settings_are_refused_with_a_reason(app) -> None:  # type: ignore[no-untyped-def]
    admin = app.services.settings_admin()
    with pytest.raises(InvalidInput, match="Points: the spend that earns points must be more than zero"):
        admin.validate({"points": {"spend_unit": "0"}})
    with pytest.raises(InvalidInput, match="Gold tier: the first tier must start at 0"):
        admin.validate({"tiers": {"levels": [{"name": "Gold", "threshold": "100"}]}})
    with pytest.raises(InvalidInput, match="cannot be changed here: shop.name"):
        admin.validate({"shop": {"name": "x", "name_th": "ร้าน"}})  # only the Thai forms of the shop's texts
    with pytest.raises(InvalidInput, match="cannot be changed here: delivery"):
        admin.validate({"delivery": {}})
    with pytest.raises(InvalidInput, match=r"Setting Points \(points earned\): 'lots' is not a whole number\."):
        admin.validate({"points": {"points_per_unit": "lots"}})
    assert not (app.settings.data_dir / "config.toml").exists()


@pytest.mark.parametrize("changes, english, typed", [
    ({"tiers": {"metric": "spend", "levels": [{"name": "Bronze", "threshold": "0"},
                                              {"name": "Silver", "name_th": "เงิน", "threshold": "3000"},
                                              {"name": "Gold", "threshold": "2000"}]}},
     "Program settings are not valid: Gold tier: the spend to reach it must be more than Silver's.", ("Gold",)),
    ({"promotions": [{"id": "wknd", "name": "Double weekend", "name_th": "แต้มคูณสองวันหยุด", "percent": 100}]},
     "Program settings are not valid: Promotion “Double weekend”: the multiplier must be from 101% to 1000% "
     "(200% doubles).", ()),
    ({"points": {"spend_unit": "0", "max_redeem_percent": 150}},
     "Program settings are not valid: Points: the spend that earns points must be more than zero "
     "(and 1 more problem).", ()),
])
def test_a_bad_setting_is_said_wholly_in_the_readers_language(app, changes: dict, english: str,  # type: ignore[no-untyped-def]
                                                              typed: tuple[str, ...]) -> None:
    """Issue 17: the details of a refused setting were English inside the Thai sentence; the Thai names only
    what the shop typed in Latin letters (a tier with no Thai name)."""
    from kiosk.l10n.catalogue import render

    with pytest.raises(InvalidInput) as refused:
        app.services.settings_admin().validate(changes)
    assert refused.value.message == english
    thai = render(refused.value.code, refused.value.params, "th")
    assert thai.startswith("การตั้งค่าโปรแกรมไม่ถูกต้อง: ")
    assert re.findall(r"[A-Za-z]+", thai) == [word for name in typed for word in name.split()], thai


def test_the_settings_screen_never_writes_a_key_the_app_does_not_know(app) -> None:  # type: ignore[no-untyped-def]
    admin = app.services.settings_admin()
    for changes, suggestion in (({"points": {"spend_unti": "10.00"}}, "points.spend_unit"),
                                ({"bonuses": {"signup_points": 10, "birthday_pionts": 5}}, "bonuses.birthday_points"),
                                ({"stamp_cards": [{"id": "tea", "name": "Tea", "requierd": 8}]},
                                 "stamp_cards[1].required")):
        with pytest.raises(InvalidInput) as caught:
            admin.apply(ChangeProgramSettings(command_id=str(uuid.uuid4()), changes=changes,
                                              staff_id=manager_id(app)))
        assert caught.value.code == "config.unknown_setting" and caught.value.params["suggestion"] == suggestion
    assert not (app.settings.data_dir / "config.toml").exists()


def test_preview_quotes_a_250_baht_sale_for_every_tier(app) -> None:  # type: ignore[no-untyped-def]
    preview = app.services.settings_admin().preview({"points": {"spend_unit": "10.00"}})
    # 250 / 10 = 25 points; Silver earns 1.25x = 31 (down), Gold 1.5x = 37
    assert preview.points_by_tier == (("Bronze", 25), ("Silver", 31), ("Gold", 37))
    assert preview.cashback_minor == 500  # 2 % of 250 baht
    assert say(preview.lines[0], "en") == ("A ฿250.00 sale earns 25 points as Bronze, 31 points as Silver, "
                                           "37 points as Gold, plus ฿5.00 store credit.")


def test_apply_writes_only_changed_keys_audits_and_goes_live(app) -> None:  # type: ignore[no-untyped-def]
    app.services.enrollment.enroll(EnrollMember(command_id="e1", name="Somchai Jaidee", phone="0812345678",
                                       consent_version="2026-01"))
    assert _sale(app, "0812345678") == 10  # 250 baht at 1 point per 25
    current = app.services.settings_admin().current()
    points = dict(current["points"], spend_unit="10.00")
    rewards = [dict(r) for r in points["rewards"]]
    rewards[0]["points"] = 300
    points["rewards"] = rewards
    cmd = ChangeProgramSettings(command_id="s1", changes={"points": points}, staff_id=manager_id(app))
    change = app.services.settings_admin().apply(cmd)
    assert change.changed_keys == ("points.rewards", "points.spend_unit") and change.live
    written = tomllib.loads((app.settings.data_dir / "config.toml").read_text())
    assert written["points"]["spend_unit"] == "10.00" and set(written["points"]) == {"spend_unit", "rewards"}
    assert written["points"]["rewards"][0] == {**read_toml(DEFAULT_CONFIG)["points"]["rewards"][0], "points": 300}
    # the running app sells under the new rule at once; a fresh start reads the same from the file
    assert _sale(app, "0812345678") == 25
    assert app.services.ctx.programs.reward("latte").points == 300 and app.services.checkout.ctx is app.services.ctx
    assert load_settings(data_dir=app.settings.data_dir).context.programs.points.spend_unit == Money(1000)
    with app.engine.connect() as conn:
        row = conn.execute(select(t.audit_log).where(t.audit_log.c.action == "settings.changed")).one()
    assert row.staff_id == manager_id(app)
    assert json.loads(row.details_json)["keys"] == ["points.rewards", "points.spend_unit"]
    # the same request again changes nothing; a different request under the same id is refused
    assert app.services.settings_admin().apply(cmd) == change
    with pytest.raises(Conflict):
        app.services.settings_admin().apply(ChangeProgramSettings(command_id="s1",
                                                                  changes={"bonuses": {"signup_points": 1}},
                                                                  staff_id=manager_id(app)))


def test_only_an_active_manager_changes_program_settings(app) -> None:  # type: ignore[no-untyped-def]
    cashier = add_staff(app.services.staff, ("Beam", "cashier", "1111"))[0].id
    changes = {"bonuses": {"signup_points": 75}}
    with pytest.raises(ManagerApprovalRequired):
        app.services.settings_admin().apply(ChangeProgramSettings(command_id="x1", changes=changes))
    with pytest.raises(PermissionDenied):
        app.services.settings_admin().apply(ChangeProgramSettings(command_id="x2", changes=changes, staff_id=cashier))
    assert not (app.settings.data_dir / "config.toml").exists()
    assert app.services.ctx.programs.bonuses.signup_points == 50


def test_nothing_changed_writes_nothing(app) -> None:  # type: ignore[no-untyped-def]
    change = app.services.settings_admin().apply(ChangeProgramSettings(command_id="s2",
                                                                       changes=app.services.settings_admin().current(),
                                                                       staff_id=manager_id(app)))
    assert change.changed_keys == ()
    assert not (app.settings.data_dir / "config.toml").exists()


def test_toml_writer_round_trips_the_default_settings() -> None:
    data = read_toml(DEFAULT_CONFIG)
    assert tomllib.loads(dumps(data)) == data
    assert tomllib.loads(dumps({"a": {"b": [{"x": 1, "y": {"z": "ไทย \"q\""}}], "c": [1, 2]}})) == {
        "a": {"b": [{"x": 1, "y": {"z": "ไทย \"q\""}}], "c": [1, 2]}}


def test_partners_are_edited_validated_previewed_and_audited(app) -> None:  # type: ignore[no-untyped-def]
    """Coalition partners in the manager's settings (issue 16): a bad one is refused, a good one previewed, saved,
    audited and live for the next partner receipt."""
    admin = app.services.settings_admin()
    partners = admin.current()["partners"]
    assert [p["id"] for p in partners] == ["bookshop"]
    with pytest.raises(InvalidInput, match="its id 'Book Shop' must be 1 to 12 small letters"):
        admin.validate({"partners": [{**partners[0], "id": "Book Shop"}]})
    with pytest.raises(InvalidInput, match="earned in a day and spent in a day must each be at least 1"):
        admin.validate({"partners": [{**partners[0], "max_points_per_transaction": 0}]})
    changed = [{**partners[0], "points_per_unit": 3, "max_points_per_day": 6000}]
    preview = admin.preview({"partners": changed})
    assert any(line.startswith("At Soi 31 Books a ฿250.00 purchase earns 6 points; 10 points settle at "
                               "฿2.00") and "6,000 a day" in line for line in (say(ln, "en") for ln in preview.lines))
    result = admin.apply(ChangeProgramSettings(command_id="partners-1", changes={"partners": changed},
                                               staff_id=manager_id(app)))
    assert result.changed_keys == ("partners",)
    assert read_toml(app.settings.data_dir / "config.toml")["partners"][0]["points_per_unit"] == 3
    assert app.services.ctx.programs.partners[0].max_points_per_day == 6000
