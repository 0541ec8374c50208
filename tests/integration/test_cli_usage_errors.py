"""argparse's usage mistakes at the `kiosk` command (a missing or unknown option, a bad value, an unknown
command...) are one line in the command's language, --language or the shop's, exit 2, like its other refusals
(a black-box test found them in English only, so a Thai shop owner read English). The language is read from the
command line and the shop's settings even when the mistake comes before the command line is understood, and
finding it makes nothing on disk."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from kiosk.cli import build_parser
from kiosk.cli.common import date_arg, signed_whole_arg, whole_arg
from tests.integration.test_cli import kiosk_in_process
from tests.integration.test_cli_input import run, usage_error
from tests.integration.test_trust_support import Shop, make_shop, snapshot
from tests.support.language import set_shop_language

THAI = re.compile(r"[\u0e01-\u0e3a\u0e40-\u0e4e]")
HINT = {"en": "(see: {} --help)", "th": "(ดูวิธีใช้: {} --help)"}

# (the command line after --data-dir, the command it is about, the line in English, the line in Thai)
MISTAKES = [
    pytest.param(("member", "enroll", "--name", "Malee"), "kiosk member enroll",
                 "--phone must be given", "ต้องระบุ --phone ด้วย", id="required-option"),
    pytest.param(("member",), "kiosk member",
                 "kiosk member needs one of: enroll, show, search, card, reissue",
                 "คำสั่ง kiosk member ต้องตามด้วยคำสั่งย่อย: enroll, show, search, card, reissue",
                 id="required-command"),
    # these two printed all of `kiosk --help` instead
    pytest.param(("partner",), "kiosk partner", "kiosk partner needs one of: earn, redeem, settle, import",
                 "คำสั่ง kiosk partner ต้องตามด้วยคำสั่งย่อย: earn, redeem, settle, import", id="required-partner-action"),
    pytest.param(("hub",), "kiosk hub",
                 "kiosk hub needs one of: init, join, status, sync, revoke, upgrade, verify, conflicts, merge, "
                 "write-off",
                 "คำสั่ง kiosk hub ต้องตามด้วยคำสั่งย่อย: init, join, status, sync, revoke, upgrade, verify, conflicts, "
                 "merge, write-off", id="required-hub-action"),
    pytest.param(("sync", "retry"), "kiosk sync retry",
                 "kiosk sync retry needs one of: OUTBOX_ID, --all",
                 "คำสั่ง kiosk sync retry ต้องระบุอย่างใดอย่างหนึ่ง: OUTBOX_ID, --all", id="one-of"),
    pytest.param(("sale", "--amount", "5", "--payment", "bitcoin"), "kiosk sale",
                 "--payment cannot be 'bitcoin': choose from cash, card, qr, other",
                 "ใส่ --payment เป็น 'bitcoin' ไม่ได้ เลือกได้จาก cash, card, qr, other", id="invalid-choice"),
    pytest.param(("member", "frob"), "kiosk member",
                 "kiosk member has no command 'frob': choose from enroll, show, search, card, reissue",
                 "kiosk member ไม่มีคำสั่ง 'frob' เลือกได้จาก enroll, show, search, card, reissue",
                 id="unknown-command"),
    pytest.param(("sale", "--amount", "5", "--bogus"), "kiosk sale",
                 "kiosk sale does not take --bogus", "คำสั่ง kiosk sale ไม่รู้จัก --bogus",
                 id="unrecognized-option"),
    pytest.param(("member", "show", "0812345678", "extra"), "kiosk member show",
                 "kiosk member show does not take extra", "คำสั่ง kiosk member show ไม่รู้จัก extra",
                 id="unrecognized-word"),
    pytest.param(("sale", "--amount"), "kiosk sale",
                 "--amount needs a value after it", "ต้องใส่ค่าหลัง --amount ด้วย", id="expected-one"),
    pytest.param(("sale", "--amount", "5", "--points", "abc"), "kiosk sale",
                 "--points must be a whole number, not 'abc'", "--points ต้องเป็นจำนวนเต็ม ไม่ใช่ 'abc'",
                 id="invalid-int"),
    pytest.param(("donate", "0812345678", "school", "ten"), "kiosk donate",
                 "points must be a whole number, not 'ten'", "points ต้องเป็นจำนวนเต็ม ไม่ใช่ 'ten'",
                 id="invalid-int-positional"),
    # int() read other scripts' digits and "1_000" as numbers: only 0-9 and Thai ๐-๙ are (kiosk.domain.digits)
    pytest.param(("sale", "--amount", "5", "--points", "١٠"), "kiosk sale",
                 "--points must be a whole number, not '١٠'", "--points ต้องเป็นจำนวนเต็ม ไม่ใช่ '١٠'",
                 id="other-scripts-digits"),
    pytest.param(("donate", "0812345678", "school", "1_000"), "kiosk donate",
                 "points must be a whole number, not '1_000'", "points ต้องเป็นจำนวนเต็ม ไม่ใช่ '1_000'",
                 id="underscores"),
    pytest.param(("donate", "0812345678", "school", "-5"), "kiosk donate",
                 "points must be 0 or more, not '-5'", "points ต้องเป็น 0 ขึ้นไป ไม่ใช่ '-5'", id="negative"),
    pytest.param(("adjust", "0812345678", "+1_0", "--reason", "x"), "kiosk adjust",
                 "points must be a whole number, not '+1_0'", "points ต้องเป็นจำนวนเต็ม ไม่ใช่ '+1_0'",
                 id="signed-underscores"),
    pytest.param(("audit", "--limit", "²"), "kiosk audit",
                 "--limit must be a whole number, not '²'", "--limit ต้องเป็นจำนวนเต็ม ไม่ใช่ '²'", id="superscript"),
    pytest.param(("partner", "redeem", "cafe", "0812345678", "๑٠", "--reference", "R1"), "kiosk partner redeem",
                 "points must be a whole number, not '๑٠'", "points ต้องเป็นจำนวนเต็ม ไม่ใช่ '๑٠'",
                 id="mixed-scripts"),
    pytest.param(("report", "health", "--days", "๓๐.๕"), "kiosk report health",
                 "--days must be a whole number, not '๓๐.๕'", "--days ต้องเป็นจำนวนเต็ม ไม่ใช่ '๓๐.๕'",
                 id="thai-decimal"),
    pytest.param(("sync", "--interval", "soon"), "kiosk sync",
                 "--interval must be a number, not 'soon'", "--interval ต้องเป็นตัวเลข ไม่ใช่ 'soon'",
                 id="invalid-float"),
    pytest.param(("report", "daily", "--date", "yesterday"), "kiosk report daily",
                 "--date must be a date like 2026-01-31, not 'yesterday'",
                 "--date ต้องเป็นวันที่แบบ 2026-01-31 (ปี ค.ศ.) ไม่ใช่ 'yesterday'", id="invalid-date"),
    pytest.param(("refund", "C1-000001", "--void", "--line", "1"), "kiosk refund",
                 "--line cannot be used with --void", "ใช้ --line ร่วมกับ --void ไม่ได้", id="not-allowed-with"),
    pytest.param(("sale", "--amount", "5", "--json=yes"), "kiosk sale",
                 "--json takes no value: leave out 'yes'", "--json ไม่ต้องใส่ค่า ให้ตัด 'yes' ออก",
                 id="explicit-value"),
    pytest.param(("sale", "--amount", "5", "--p", "card"), "kiosk sale",
                 "--p could be --points, --payment: write it out in full",
                 "--p อาจหมายถึง --points, --payment ให้พิมพ์ชื่อเต็ม", id="ambiguous"),
    # the command's own language cannot be 'fr': said in the shop's
    pytest.param(("--language", "fr", "sale"), "kiosk",
                 "--language cannot be 'fr': choose from th, en", "ใส่ --language เป็น 'fr' ไม่ได้ เลือกได้จาก th, en",
                 id="invalid-language"),
]


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    return make_shop(tmp_path)


def line(language: str, command: str, said: str) -> str:
    return f"kiosk: {said} {HINT[language].format(command)}"


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize(("args", "command", "en", "th"), MISTAKES)
def test_a_usage_mistake_is_one_line_in_the_shops_language(shop: Shop, language: str, args: tuple[str, ...],
                                                          command: str, en: str, th: str,
                                                          capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    set_shop_language(shop.data_dir, language)
    before = snapshot(shop.db_path)
    said = usage_error(run(shop, *args, capsys=capsys, monkeypatch=monkeypatch))
    assert said == line(language, command, {"en": en, "th": th}[language])
    assert snapshot(shop.db_path) == before


@pytest.mark.parametrize("language", ["th", "en"])
def test_an_unknown_command_lists_the_commands(shop: Shop, language: str, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    set_shop_language(shop.data_dir, language)
    said = usage_error(run(shop, "sael", capsys=capsys, monkeypatch=monkeypatch))
    start = {"en": "kiosk: kiosk has no command 'sael': choose from ",
             "th": "kiosk: kiosk ไม่มีคำสั่ง 'sael' เลือกได้จาก "}[language]
    assert said.startswith(start + "demo, backup, restore, ") and ", sale, refund, " in said, said
    assert said.endswith(HINT[language].format("kiosk")), said


@pytest.mark.parametrize(("shop_language", "args", "said"), [
    # --language before the command or after it, or as argparse's abbreviation of it, chooses
    pytest.param("th", ("--language", "en", "sale", "--amount", "5", "--points", "abc"),
                 line("en", "kiosk sale", "--points must be a whole number, not 'abc'"), id="before-the-command"),
    pytest.param("th", ("sale", "--amount", "5", "--points", "abc", "--language", "en"),
                 line("en", "kiosk sale", "--points must be a whole number, not 'abc'"), id="after-the-mistake"),
    pytest.param("th", ("sale", "--language=en", "--amount"),
                 line("en", "kiosk sale", "--amount needs a value after it"), id="with-equals"),
    pytest.param("en", ("--lang", "th", "member"),
                 line("th", "kiosk member",
                      "คำสั่ง kiosk member ต้องตามด้วยคำสั่งย่อย: enroll, show, search, card, reissue"),
                 id="abbreviated"),
    pytest.param("en", ("sale", "--amount", "5", "--bogus", "--language", "th"),
                 line("th", "kiosk sale", "คำสั่ง kiosk sale ไม่รู้จัก --bogus"), id="after-left-over-words"),
    # a new member's --language is theirs, not the command's: the Thai shop's line stays Thai
    pytest.param("th", ("member", "enroll", "--name", "Malee", "--language", "en"),
                 line("th", "kiosk member enroll", "ต้องระบุ --phone ด้วย"), id="a-members-language-is-not-the-commands"),
    # --amount takes no option as its value: the --language after it still chooses
    pytest.param("th", ("sale", "--amount", "--language", "en"),
                 line("en", "kiosk sale", "--amount needs a value after it"), id="after-an-option-without-its-value"),
])
def test_language_chooses_the_language_of_a_usage_mistake(shop: Shop, shop_language: str, args: tuple[str, ...],
                                                         said: str, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    set_shop_language(shop.data_dir, shop_language)
    assert usage_error(run(shop, *args, capsys=capsys, monkeypatch=monkeypatch)) == said


def test_a_usage_mistake_where_there_is_no_shop_makes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """No shop yet (a mistyped --data-dir): the shop's default language, Thai, and the folder is not made."""
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no user settings of this machine
    nowhere = tmp_path / "no-shop"
    try:
        done = kiosk_in_process(nowhere, "sale", "--amount", "5", "--points", "abc", capsys=capsys,
                                monkeypatch=monkeypatch)
        code, err = done.code, done.err
    except SystemExit as exc:
        code, err = int(exc.code or 0), capsys.readouterr().err
    assert code == 2 and err.strip() == line("th", "kiosk sale", "--points ต้องเป็นจำนวนเต็ม ไม่ใช่ 'abc'"), err
    assert not nowhere.exists()


def test_help_is_still_argparses(shop: Shop, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    set_shop_language(shop.data_dir, "th")
    with pytest.raises(SystemExit) as done:
        kiosk_in_process(shop.data_dir, "sale", "--help", capsys=capsys, monkeypatch=monkeypatch)
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("usage: kiosk sale ")


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                found += _parsers(child)
    return found


def _mistakes() -> list[tuple[str, ...]]:
    """For every command of the CLI: the command alone, and each of its options left without a value, given
    text where it takes a number or a date, and given a value none of its choices."""
    lines: list[tuple[str, ...]] = []
    for parser in _parsers(build_parser()):
        path = tuple(parser.prog.split()[1:])
        lines.append(path)
        for action in parser._actions:
            if not action.option_strings or action.nargs == 0 or action.help == argparse.SUPPRESS:
                continue
            option = max(action.option_strings, key=len)
            lines.append((*path, option))
            if action.type in (int, float, date_arg, whole_arg, signed_whole_arg):
                lines.append((*path, option, "x"))
            if action.choices:
                lines.append((*path, option, "zz"))
    return lines


def test_every_mistake_argparse_finds_in_any_command_is_worded(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """No usage mistake of this CLI falls back to argparse's English (cli.usage.other) or shows a raw code."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    mistakes, parser = 0, build_parser()
    for words in _mistakes():
        for language in ("th", "en"):
            capsys.readouterr()
            try:
                parser.parse_args(["--data-dir", str(tmp_path / "none"), "--language", language, *words])
                continue  # a command that needs nothing more
            except SystemExit as exc:
                assert exc.code == 2, words
            err = capsys.readouterr().err
            assert err.count("\n") == 1 and err.startswith("kiosk: "), (words, err)
            assert "cli.usage" not in err and "ใช้คำสั่งไม่ถูกต้อง" not in err, (words, err)
            assert "argument" not in err and "invalid" not in err, (words, err)
            assert (THAI.search(err) is not None) == (language == "th"), (words, err)
            mistakes += 1
    assert mistakes > 200 and not (tmp_path / "none").exists()
