"""Settings files: every key is one the app knows, a misspelt one is named with the closest known key."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import DEFAULT_CONFIG, TEMPLATES_DIR, load_settings, merge_settings, read_toml, settings_from_dict
from kiosk.domain.errors import InvalidInput
from kiosk.domain.programs.config import ProgramConfig
from kiosk.domain.programs.naming import Named, in_language, lines_in_language
from kiosk.l10n.catalogue import Localized, render


def shop_file(tmp_path: Path, text: str) -> Path:
    data_dir = tmp_path / "shop"
    data_dir.mkdir(exist_ok=True)
    (data_dir / "config.toml").write_text(text, encoding="utf-8")
    return data_dir


def refused(data_dir: Path) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        load_settings(data_dir=data_dir)
    assert "\n" not in caught.value.message
    return caught.value


def test_every_key_in_the_shipped_defaults_is_known(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    assert settings.context.programs.items and settings.printers["receipt"]["kind"] == "dummy"
    settings_from_dict(read_toml(DEFAULT_CONFIG), data_dir=tmp_path)


@pytest.mark.parametrize(("text", "key", "suggestion"), [
    ("[pointz]\nspend_unit = \"10.00\"\n", "pointz", "points"),
    ("[points]\nspend_unti = \"10.00\"\n", "points.spend_unti", "points.spend_unit"),
    ("[ui]\nkiosk_verfication = \"birthday\"\n", "ui.kiosk_verfication", "ui.kiosk_verification"),
    ("[[items]]\nsku = \"PIE\"\nname = \"Pie\"\nprise = \"80.00\"\n", "items[1].prise", "items[1].price"),
    ("[tiers]\n[[tiers.levels]]\nname = \"Bronze\"\ntreshold = \"0\"\n", "tiers.levels[1].treshold",
     "tiers.levels[1].threshold"),
    ("[security]\nrefund_needs_manger = false\n", "security.refund_needs_manger", "security.refund_needs_manager"),
])
def test_a_misspelt_section_or_key_is_refused_naming_the_closest_known_one(tmp_path: Path, text: str, key: str,
                                                                           suggestion: str) -> None:
    """Issue 13 #14: `[pointz]` was silently ignored, and the shop ran on the defaults."""
    data_dir = shop_file(tmp_path, text)
    error = refused(data_dir)
    assert error.code == "config.unknown_setting"
    assert error.params == {"key": key, "suggestion": suggestion, "file": str(data_dir / "config.toml")}
    assert f"'{key}'" in error.message and f"did you mean '{suggestion}'" in error.message
    assert str(data_dir / "config.toml") in error.message


def test_an_unknown_key_with_nothing_close_is_refused_too(tmp_path: Path) -> None:
    error = refused(shop_file(tmp_path, "[loyalty]\nstars = 5\n"))
    assert error.code == "config.unknown_setting_nothing_close" and error.params["suggestion"] is None
    assert "'loyalty'" in error.message and "did you mean" not in error.message


def test_a_section_that_is_not_a_table_is_refused(tmp_path: Path) -> None:
    error = refused(shop_file(tmp_path, "points = 5\n"))
    assert error.code == "config.table" and "'points'" in error.message


def test_printer_tables_are_left_to_the_printing_settings(tmp_path: Path) -> None:
    data_dir = shop_file(tmp_path, "[printers.kitchen]\nkind = \"network\"\nhost = \"10.0.0.9\"\n")
    assert load_settings(data_dir=data_dir).printers["kitchen"]["host"] == "10.0.0.9"


def test_an_unknown_key_merged_in_by_code_is_refused_as_well(tmp_path: Path) -> None:
    raw = read_toml(DEFAULT_CONFIG)
    raw["bonuses"]["sign_up_points"] = 5
    with pytest.raises(InvalidInput) as caught:
        settings_from_dict(raw, data_dir=tmp_path)
    assert caught.value.params["suggestion"] == "bonuses.signup_points"


@pytest.mark.parametrize(("written", "meant"), [("birth_year", "birth_year"), ("birthday", "birthday"),
                                                ("phone_last4", "birth_year")])
def test_the_kiosk_check_is_named_for_what_it_asks(tmp_path: Path, written: str, meant: str) -> None:
    """`phone_last4` asked for the year of birth; it is still read, as the old spelling of `birth_year`."""
    settings = load_settings(data_dir=shop_file(tmp_path, f"[ui]\nkiosk_verification = \"{written}\"\n"))
    assert settings.ui.kiosk_verification == meant


def test_an_unknown_kiosk_check_is_refused_with_the_choices(tmp_path: Path) -> None:
    error = refused(shop_file(tmp_path, "[ui]\nkiosk_verification = \"pin\"\n"))
    assert "ui.kiosk_verification" in error.message and "birth_year" in error.message
    assert "birthday" in error.message


def _customer_names(programs: ProgramConfig) -> list[Named]:
    return [*programs.points.rewards, *programs.stamp_cards, *programs.tiers.levels, *programs.charity.causes,
            *programs.memberships, *programs.partners, *programs.items, *programs.categories, *programs.modifiers,
            *(option for modifier in programs.modifiers for option in modifier.options)]


@pytest.mark.parametrize("path", [DEFAULT_CONFIG, *sorted(TEMPLATES_DIR.glob("*.toml"))], ids=lambda p: p.name)
def test_the_demo_shop_and_the_templates_name_everything_in_thai(tmp_path: Path, path: Path) -> None:
    settings = settings_from_dict(merge_settings(read_toml(DEFAULT_CONFIG), read_toml(path)), data_dir=tmp_path)
    programs = settings.context.programs
    untranslated = [named.name for named in _customer_names(programs) if not named.name_th]
    untranslated += [card.reward_name for card in programs.stamp_cards if not card.reward_name_th]
    untranslated += [f"{tier.name} perks" for tier in programs.tiers.levels if tier.perks and not tier.perks_th]
    assert untranslated == []
    shop = settings.context.shop
    assert shop.label("th") == "บ้านกาแฟ" and shop.label("en") == "Baan Kafe"
    assert shop.footer("th")[0].startswith("ขอบคุณ") and shop.footer("en")[0].startswith("Thank you")


def test_tier_perks_in_thai_pair_up_with_the_english(tmp_path: Path) -> None:
    data_dir = shop_file(tmp_path, '[[tiers.levels]]\nname = "Member"\nname_th = "สมาชิก"\nthreshold = "0"\n'
                                   'perks = ["Birthday bonus", "Free refill"]\nperks_th = ["แต้มวันเกิด"]\n')
    error = refused(data_dir)
    assert "Member tier: 2 perks in English but 1 in Thai; give each perk in both" in error.message
    assert "ระดับ สมาชิก: สิทธิประโยชน์ภาษาอังกฤษมี 2 ข้อ แต่ภาษาไทยมี 1 ข้อ" in render(error.code, error.params, "th")
    (data_dir / "config.toml").write_text('[[tiers.levels]]\nname = "Member"\nthreshold = "0"\n'
                                          'perks = ["Birthday bonus", "Free refill"]\n'
                                          'perks_th = ["แต้มวันเกิด", "เติมฟรี"]\n', encoding="utf-8")
    (member,) = load_settings(data_dir=data_dir).context.programs.tiers.levels
    assert member.perk_labels("th") == ("แต้มวันเกิด", "เติมฟรี")
    assert member.perk_labels("en") == ("Birthday bonus", "Free refill")
    assert member.label("th") == "Member"  # no Thai name yet: the English stands in


def test_one_rule_for_a_name_in_either_language() -> None:
    assert in_language("th", "Latte", "ลาเต้") == "ลาเต้" and in_language("en", "Latte", "ลาเต้") == "Latte"
    assert in_language("th", "Latte", "") == "Latte"
    assert lines_in_language("th", ["Thanks"], []) == ("Thanks",)
    assert lines_in_language("th", ["Thanks"], ["ขอบคุณ"]) == ("ขอบคุณ",)
    assert Localized("Gold", "โกลด์")("th") == "โกลด์" and Localized("Gold")("th") == "Gold"


@pytest.mark.parametrize("text, english, thai", [
    ('[[stamp_cards]]\nid = "tea"\n', "Setting stamp_cards: an entry has no 'name'.",
     "ค่า stamp_cards: มีรายการที่ไม่มีค่า 'name'"),
    ('[[items]]\nsku = "LATTE"\nname = "Latte"\nname_th = "ลาเต้"\nprice = "lots"\n',
     "Setting Item “Latte” (price): 'lots' is not an amount; enter digits such as 125.00.",
     "ค่า สินค้า “ลาเต้” (ราคา): 'lots' ไม่ใช่จำนวนเงิน ใส่ตัวเลข เช่น 125.00"),
    ('[[tiers.levels]]\nname = "Member"\nname_th = "สมาชิก"\nthreshold = "0"\nmultiplier_percent = "double"\n',
     "Setting Member tier (points %): 'double' is not a whole number.",
     "ค่า ระดับ สมาชิก (แต้ม %): 'double' ไม่ใช่จำนวนเต็ม"),
])
def test_a_value_that_cannot_be_read_is_named_in_the_owners_words(tmp_path: Path, text: str, english: str,
                                                                  thai: str) -> None:
    """Issue 17: a bad value was named by its TOML path, or by Python ('invalid literal for int()'), or not at
    all (a missing name ended in 'something went wrong')."""
    error = refused(shop_file(tmp_path, text))
    assert error.message == english
    assert render(error.code, error.params, "th") == thai


@pytest.mark.parametrize(("text", "english", "thai"), [
    ("[bonuses]\nbirthday_owed_days = -1\n", "days a birthday bonus taken back stays owed cannot be below zero",
     "จำนวนวันที่ยังค้างแต้มวันเกิดที่ถูกดึงคืนติดลบไม่ได้"),
    ("[bonuses]\nsignup_points = -1\n", "bonus points cannot be below zero", "แต้มโบนัสติดลบไม่ได้"),
])
def test_a_negative_bonus_setting_is_refused_naming_what_it_counts(tmp_path: Path, text: str, english: str,
                                                                   thai: str) -> None:
    """Negative days owed were refused as 'bonus points cannot be below zero': days are not points."""
    error = refused(shop_file(tmp_path, text))
    assert english in error.message
    assert thai in render(error.code, error.params, "th")
    if "days" in text:
        assert "points" not in error.message and "แต้มโบนัส" not in render(error.code, error.params, "th")
