"""`kiosk hub` as a shop owner runs it: the first counter publishes the demo shop, a second joins empty, both
report the same, a sale on one reaches the other, and mistakes are refused in one line that changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.test_cli import kiosk_in_process
from tests.support.hub import HubDatabase

pytestmark = pytest.mark.postgres


def test_two_counters_through_the_cli(tmp_path: Path, hub: HubDatabase, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_HUB_PASSWORD", raising=False)
    one, two = tmp_path / "one", tmp_path / "two"

    def run(folder: Path, *args: str, pin: str | None = None):  # noqa: ANN202
        # the demo shop speaks Thai; this test reads the hub's English
        return kiosk_in_process(folder, "--language", "en", *args, capsys=capsys, monkeypatch=monkeypatch,
                                manager_pin=pin)

    assert run(one, "demo", "--members", "20", "--days", "5").code == 0
    refused = run(two, "hub", "join", hub.url, "--name", "Counter 2")
    # --language en: the refusal too (a new folder is a Thai shop, config/default.toml: alone it would be Thai)
    assert refused.code == 1 and "not a hub yet" in refused.err and refused.err.count("\n") == 1
    init = run(one, "hub", "init", hub.url, "--name", "Counter 1")
    assert init.code == 0, init.err
    assert "Published this device as the first of shop" in init.out and "C1-" in init.out
    import tomllib

    saved = tomllib.loads((one / "config.toml").read_text())
    url = saved["hub"]["url"]  # the device's own login, and never a password, in the settings file
    assert url.startswith("postgresql://kiosk_") and ":" not in url.split("//", 1)[1].split("@", 1)[0]
    assert saved["device"]["label"] == "C1"
    again = run(one, "hub", "init", hub.url)
    assert again.code == 1 and "already syncs with a hub" in again.err
    joined = run(two, "hub", "join", hub.url, "--name", "Counter 2")
    assert joined.code == 0, joined.err
    assert "receipts: C2-" in joined.out and "received" in joined.out
    not_empty = run(one, "hub", "join", hub.url, "--name", "Again")
    assert not_empty.code == 1

    status = run(two, "--json", "hub", "status", "--check")
    assert status.code == 0, status.err
    data = status.json()
    assert data["configured"] and data["shop_name"] and {d["label"] for d in data["devices"]} >= {"C1", "C2"}
    assert run(two, "hub", "sync", "--once").code == 0
    text = run(two, "hub", "status").out
    assert "Counter 1" in text and "Counter 2" in text and "Conflicts: 0" in text
    assert "up to date" in run(two, "hub", "upgrade", hub.url).out
    checked = run(two, "hub", "verify", hub.url)
    assert checked.code == 0 and "chains hold" in checked.out, checked.out + checked.err
    revoke = run(two, "hub", "revoke", "C1")
    assert revoke.code == 1 and "a manager's PIN" in revoke.err


def test_a_device_on_a_hub_is_not_restored_from_an_old_backup(tmp_path: Path, hub: HubDatabase,
                                                              capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    one = tmp_path / "one"
    assert kiosk_in_process(one, "demo", "--members", "10", "--days", "2", capsys=capsys,
                            monkeypatch=monkeypatch).code == 0
    copy = tmp_path / "copy.sqlite3"
    backup = kiosk_in_process(one, "backup", str(copy), capsys=capsys, monkeypatch=monkeypatch)
    assert backup.code == 0, backup.err
    assert kiosk_in_process(one, "hub", "init", hub.url, capsys=capsys, monkeypatch=monkeypatch).code == 0
    before = (one / "shop.sqlite3").stat().st_mtime_ns
    refused = kiosk_in_process(one, "restore", str(copy), capsys=capsys, monkeypatch=monkeypatch)
    assert refused.code == 1 and "บัญชีแยกจากที่ฮับมีอยู่" in refused.err  # "fork its ledger"
    assert (one / "shop.sqlite3").stat().st_mtime_ns == before
