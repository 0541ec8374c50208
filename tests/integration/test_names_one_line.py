"""A name is one line: a line break or a tab in it separates words as a space does. `kiosk member enroll --name
$'a\\nb'` kept "ab" (shown "a*"), the control character dropped and the two words run together; members, staff,
the shop and partners now keep "a b", as the name validation already does for runs of spaces."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import load_settings
from kiosk.domain.members import clean_name, one_line
from kiosk.domain.staff import clean_staff_name
from tests.integration.test_cli import Run, kiosk_in_process
from tests.integration.test_trust_support import Shop, make_shop

PARTNER = """
[[partners]]
id = "bookshop"
name = "Soi 31\\nBooks"
name_th = "ร้านหนังสือ\\tซอย 31"
spend_unit = "100.00"
points_per_unit = 2
"""


@pytest.mark.parametrize(("typed", "kept"), [("a\nb", "a b"), ("Ann\tLee", "Ann Lee"), ("Nok\r\n", "Nok"),
                                             ("สม\u2028ชาย", "สม ชาย"), ("Ploy\x1b[31m", "Ploy[31m"),
                                             ("  Somchai\u200b \t Jaidee\x00 ", "Somchai Jaidee")])
def test_whitespace_of_any_kind_is_one_space_and_other_controls_go(typed: str, kept: str) -> None:
    assert clean_name(typed) == clean_staff_name(typed) == one_line(typed) == kept


def test_the_cli_keeps_a_member_and_a_staff_name_on_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    shop: Shop = make_shop(tmp_path, language="en")
    shop.app.close()

    def ok(*args: str) -> Run:
        done = kiosk_in_process(shop.data_dir, "--language", "en", *args, capsys=capsys, monkeypatch=monkeypatch)
        assert done.code == 0 and "Traceback" not in done.err, done.err
        return done

    enrolled = ok("member", "enroll", "--name", "Malee\nSrisuk", "--phone", "0891112233").out
    assert enrolled.startswith("Enrolled Malee S.:"), enrolled
    monkeypatch.setenv("KIOSK_OWNER_PIN", "9999")
    ok("staff", "add", "--name", "Fah\tNoi", "--role", "cashier", "--pin", "4321")
    assert "Fah Noi" in [s["name"] for s in ok("--json", "staff", "list").json()]


def test_a_partners_and_the_shops_names_from_the_config_are_one_line(tmp_path: Path) -> None:
    data_dir = tmp_path / "shop"
    data_dir.mkdir()
    (data_dir / "config.toml").write_text('[shop]\nname = "Baan\\nKafe"\nname_th = "บ้าน\\tกาแฟ"\n' + PARTNER,
                                          encoding="utf-8")
    context = load_settings(data_dir=data_dir).context
    assert (context.shop.name, context.shop.name_th) == ("Baan Kafe", "บ้าน กาแฟ")
    partner = context.programs.partners[0]
    assert (partner.name, partner.name_th) == ("Soi 31 Books", "ร้านหนังสือ ซอย 31")
