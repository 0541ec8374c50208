"""Every `kiosk` command with --json prints JSON, on success and on refusal, in a Thai shop as in any other: a
black-box test found `privacy export --out`, `printer reprint`, `printer drain --once` and `printer test` printing
Thai sentences instead, a reprint's refusal without its `kiosk:` prefix, refusals without their `params` and usage
mistakes (exit 2) as a Thai line. A refusal is `{"error": code, "message": English, "params": {...}}` on stderr,
`params` always there."""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import build_parser
from kiosk.cli.shop import build_demo_shop
from kiosk.services.context import FixedClock
from tests.integration.test_cli import PINNED_NOW, Run, kiosk_in_process

SOMCHAI = "081-234-5678"


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("json-demo")
    build_demo_shop(data_dir, clock=FixedClock(datetime.fromisoformat(PINNED_NOW)), members=15, days=5)
    return data_dir


@pytest.fixture()
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Path]:
    data_dir = tmp_path / "shop"
    shutil.copytree(demo_template, data_dir)
    yield data_dir


def run(data_dir: Path, *args: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        manager_pin: str | None = None) -> Run:
    try:
        return kiosk_in_process(data_dir, "--json", *args, capsys=capsys, monkeypatch=monkeypatch,
                                manager_pin=manager_pin)
    except SystemExit as exc:  # a usage mistake leaves main() this way (the process exits 2)
        captured = capsys.readouterr()
        return Run(int(exc.code or 0), captured.out, captured.err)


def as_json(done: Run, args: tuple[str, ...]) -> tuple[Any, Any]:
    """stdout and stderr, each JSON (or nothing); a refusal is the error object with all three keys."""
    parsed = []
    for name, text in (("stdout", done.out), ("stderr", done.err)):
        try:
            parsed.append(json.loads(text) if text.strip() else None)
        except json.JSONDecodeError:
            pytest.fail(f"kiosk {' '.join(args)} --json: {name} is not JSON:\n{text}")
    out, err = parsed
    if done.code in (1, 2) and err is not None and "error" in err:
        assert set(err) == {"error", "message", "params"}, (args, err)
        assert isinstance(err["params"], dict) and err["message"].isascii(), (args, err)
    return out, err


# What each command runs, in order, on a copy of the demo shop (Somchai, manager PIN 2222, owner PIN 9999):
# successes and refusals, every command the CLI has but the ones named in NOT_RUN.
LINES: dict[str, list[tuple[str, ...]]] = {
    "demo": [("demo", "--where")],
    "backup": [("backup", "{tmp}/copy.sqlite3"), ("backup", "--auto")],
    "restore": [("backup", "{tmp}/copy.sqlite3"), ("restore", "{tmp}/copy.sqlite3"), ("restore", "{tmp}/none")],
    "staff": [("staff", "list"), ("staff", "add", "--name", "Fon", "--role", "cashier", "--pin", "4444",
                                  "--owner-pin", "9999"),
              ("staff", "add", "--name", "Fon", "--role", "cashier", "--pin", "4444"),
              ("staff", "reset-pin", "Fon", "--pin", "4545", "--owner-pin", "9999"),
              ("staff", "disable", "Fon", "--owner-pin", "9999"), ("staff", "enable", "Fon", "--owner-pin", "9999"),
              ("staff", "rename", "Fon", "Fon Two", "--owner-pin", "9999"),
              ("staff", "rename", "Fon Two", " ", "--owner-pin", "9999"),
              ("staff", "disable", "Nobody", "--owner-pin", "9999")],
    "member": [("member", "enroll", "--name", "Malee Sriwan", "--phone", "089-555-0101"),
               ("member", "enroll", "--name", "Malee Sriwan", "--phone", "089-555-0101"),
               ("member", "show", SOMCHAI), ("member", "show", "000"), ("member", "search", "5678"),
               ("member", "card", SOMCHAI), ("member", "reissue", SOMCHAI, "--no-print")],
    "sale": [("sale", "--member", SOMCHAI, "--item", "LATTE", "--payment", "cash", "--cash-given", "500"),
             ("sale", "--item", "NOPE")],
    "refund": [("refund", "C1-000001", "--show"), ("refund", "C1-999999", "--show"),
               ("refund", "C1-000001", "--reason", "test", "--manager-pin", "2222")],
    "voucher": [("voucher", SOMCHAI, "off50"), ("voucher", SOMCHAI, "nope")],
    "donate": [("donate", SOMCHAI, "soi_dogs", "40"), ("donate", SOMCHAI, "soi_dogs", "99999999")],
    "adjust": [("adjust", SOMCHAI, "600", "--reason", "test", "--manager-pin", "2222"),
               ("adjust", SOMCHAI, "600", "--reason", "test")],
    "review-bonus": [("review-bonus", SOMCHAI), ("review-bonus", "000")],
    "expire": [("expire",)],
    "partner": [("partner", "earn", "bookshop", SOMCHAI, "450.00", "--reference", "BK-1"),
                ("partner", "redeem", "bookshop", SOMCHAI, "40", "--reference", "BK-2"),
                ("partner", "settle", "--from", "2026-11-01", "--to", "2026-11-26"),
                ("partner", "import", "{tmp}/none.csv")],
    "report": [("report", "daily"), ("report", "health"), ("report", "export", "--csv", "{tmp}/s.csv"),
               ("report", "shops"), ("report", "daily", "--date", "2027-01-01", "--until", "2026-01-01")],
    "verify": [("verify",)],
    "audit": [("audit", "--since", "2026-11-01")],
    "keys": [("keys", "list"), ("keys", "rotate", "--manager-pin", "2222"),
             ("keys", "reissue", "--manager-pin", "2222"), ("keys", "rotate")],
    "privacy": [("member", "enroll", "--name", "Malee Sriwan", "--phone", "089-555-0101"),
                ("privacy", "export", "089-555-0101", "--out", "{tmp}/malee.json", "--manager-pin", "2222"),
                ("privacy", "export", "089-555-0101", "--manager-pin", "2222"),
                ("privacy", "export", "000", "--manager-pin", "2222"),
                ("privacy", "erase", "089-555-0101", "--manager-pin", "2222")],
    "printer": [("printer", "test"), ("printer", "test", "--printer", "nope"), ("printer", "status"),
                ("printer", "reprint", "C1-000001"), ("printer", "reprint", "C1-999999"), ("printer", "queue"),
                ("printer", "drain", "--once")],
    "sync": [("sync", "status"), ("sync", "retry", "--all"), ("sync", "retry", "nope")],
    "hub": [("hub", "status"), ("hub", "conflicts"), ("hub", "sync", "--once"), ("hub", "revoke", "nope"),
            ("hub", "merge", "000", "001"), ("hub", "write-off", "nope")],
    "support-bundle": [("support-bundle", "--out", "{tmp}")],
    # usage mistakes (exit 2): the JSON object too, its code a cli.usage.* one
    "usage": [("member", "enroll", "--name", "Malee"), ("sale", "--amount", "5", "--points", "abc"), ("member",),
              ("sael",), ("sale", "--amount", "5", "--points", "x", "--js")],
}
# the screens (Qt), a drain that runs until stopped, and what a hub's server must answer
NOT_RUN = {"counter", "selfservice", "manager", "screenshots", "printer drain", "sync", "hub init", "hub join",
           "hub upgrade", "hub verify"}


def _leaf_commands(parser: argparse.ArgumentParser) -> set[str]:
    found: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                found |= _leaf_commands(child) or {child.prog.removeprefix("kiosk ")}
    return found


def test_every_command_is_swept() -> None:
    swept = {" ".join(line[:2]) for lines in LINES.values() for line in lines} | {
        line[0] for lines in LINES.values() for line in lines}
    assert _leaf_commands(build_parser()) - NOT_RUN - swept == set()


@pytest.mark.parametrize("group", list(LINES))
def test_every_command_speaks_json(demo: Path, tmp_path: Path, group: str, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    for line in LINES[group]:
        args = tuple(word.replace("{tmp}", str(tmp_path)) for word in line)
        done = run(demo, *args, capsys=capsys, monkeypatch=monkeypatch)
        assert done.code in (0, 1, 2), (args, done)
        out, err = as_json(done, args)
        if group == "usage":
            assert done.code == 2 and out is None and err["error"].startswith("cli.usage."), (args, err)
        elif done.code == 0:
            assert out is not None, (args, done)
        elif err is not None and "error" in err:
            assert out is None, (args, done)


def test_a_refusal_always_has_its_params(demo: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    done = run(demo, "member", "show", "000", capsys=capsys, monkeypatch=monkeypatch)
    assert done.code == 1 and json.loads(done.err) == {
        "error": "member.not_a_card_or_phone", "message": "That is not a member card or phone number.", "params": {}}


def test_a_usage_mistake_with_json_is_the_error_object(demo: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    done = run(demo, "member", "enroll", "--name", "Malee", capsys=capsys, monkeypatch=monkeypatch)
    assert done.code == 2 and done.out == ""
    assert json.loads(done.err) == {
        "error": "cli.usage.required", "message": "--phone must be given (see: kiosk member enroll --help)",
        "params": {"command": "kiosk member enroll", "names": ["--phone"]}}
    # without --json, still the line in the shop's language
    plain = kiosk_in_process_exit(demo, "member", "enroll", "--name", "Malee", capsys=capsys, monkeypatch=monkeypatch)
    assert plain.code == 2 and plain.err.strip() == "kiosk: ต้องระบุ --phone ด้วย (ดูวิธีใช้: kiosk member enroll --help)"


def kiosk_in_process_exit(data_dir: Path, *args: str, capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch) -> Run:
    try:
        return kiosk_in_process(data_dir, *args, capsys=capsys, monkeypatch=monkeypatch)
    except SystemExit as exc:
        captured = capsys.readouterr()
        return Run(int(exc.code or 0), captured.out, captured.err)


def test_printer_commands_print_json(demo: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    tested = run(demo, "printer", "test", capsys=capsys, monkeypatch=monkeypatch)
    assert tested.code == 0 and json.loads(tested.out)["printed"] is True
    copy = run(demo, "printer", "reprint", "C1-000001", capsys=capsys, monkeypatch=monkeypatch)
    assert copy.code == 0
    job = json.loads(copy.out)
    assert job["reference"] == "C1-000001" and job["status"] == "queued"
    missing = run(demo, "printer", "reprint", "C1-999999", capsys=capsys, monkeypatch=monkeypatch)
    assert missing.code == 1 and missing.out == ""
    refusal = json.loads(missing.err)
    assert refusal["params"] == {"reference": "C1-999999"} and refusal["error"]
    drained = run(demo, "printer", "drain", "--once", capsys=capsys, monkeypatch=monkeypatch)
    assert drained.code == 0
    report = json.loads(drained.out)
    assert job["id"] in report["printed"] and report["failed"] == [] and report["pending"] == 0


def test_a_reprint_refused_says_kiosk_first(demo: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    done = kiosk_in_process(demo, "printer", "reprint", "C1-999999", capsys=capsys, monkeypatch=monkeypatch)
    assert done.code == 1 and done.out == ""
    assert done.err.startswith("kiosk: ") and "C1-999999" in done.err and len(done.err.splitlines()) == 1


def test_privacy_export_to_a_file_says_where_in_json(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "somchai.json"
    done = run(demo, "privacy", "export", SOMCHAI, "--out", str(out), manager_pin="2222", capsys=capsys,
               monkeypatch=monkeypatch)
    assert done.code == 0, done
    said = json.loads(done.out)
    assert said["path"] == str(out) and said["entries"] > 0 and said["sales"] > 0
    assert json.loads(out.read_text(encoding="utf-8"))
