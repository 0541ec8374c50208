"""What the `kiosk` command says, in words a shop reads right (a black-box test's findings): a reprint shown as
the copy it is."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.test_cli import kiosk_in_process
from tests.integration.test_cli_json import demo_template  # noqa: F401  (module fixture: the demo shop)

SOMCHAI = "081-234-5678"


@pytest.fixture()
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Path]:  # noqa: F811
    data_dir = tmp_path / "shop"
    shutil.copytree(demo_template, data_dir)
    yield data_dir


def test_the_first_reprint_of_a_receipt_is_shown_as_a_copy(demo: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's first receipt has left the queue: its reprint is made again from the sale, marked COPY on the
    paper but pointing at no job, and the queue showed it as the receipt itself."""
    first = kiosk_in_process(demo, "--json", "printer", "reprint", "C1-000001", capsys=capsys,
                             monkeypatch=monkeypatch)
    assert first.code == 0, first
    again = kiosk_in_process(demo, "--json", "printer", "reprint", "C1-000001", capsys=capsys,
                             monkeypatch=monkeypatch)
    queue = kiosk_in_process(demo, "--language", "en", "printer", "queue", capsys=capsys, monkeypatch=monkeypatch)
    lines = [line for line in queue.out.splitlines() if "C1-000001" in line]
    assert len(lines) == 2 and all("C1-000001 (copy)" in line for line in lines), queue.out
    thai = kiosk_in_process(demo, "--language", "th", "printer", "queue", capsys=capsys, monkeypatch=monkeypatch)
    assert thai.out.count("C1-000001 (สำเนา)") == 2, thai.out
    rows = json.loads(kiosk_in_process(demo, "--json", "printer", "queue", capsys=capsys,
                                       monkeypatch=monkeypatch).out)
    assert {row["id"]: row["is_copy"] for row in rows if row["reference"] == "C1-000001"} == {
        json.loads(first.out)["id"]: True, json.loads(again.out)["id"]: True}
