"""The Devices page with a hub, two devices and two conflicts, at till sizes in English and Thai (docs/hub.md's
pictures). Needs the test PostgreSQL (KIOSK_TEST_POSTGRES_URL, else 127.0.0.1:5432) and the test helpers:

    PYTHONPATH=. .venv/bin/python scripts/screenshots_hub.py OUT_DIR   # manager-devices-hub-<size>-<lang>.png
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(out: Path) -> None:
    from kiosk.domain.commands import AdjustPoints
    from kiosk.services.context import FixedClock
    from kiosk.ui.app import create_qapp
    from kiosk.ui.manager.screenshots import capture_devices
    from tests.support.hub import T0, Device, HubDatabase, later
    from tests.support.staff import add_staff

    hub = HubDatabase(os.environ.get("KIOSK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    root, clock = Path(tempfile.mkdtemp()), FixedClock(T0)
    c1, c2 = Device(root / "c1", clock), Device(root / "c2", clock)
    try:
        add_staff(c1.app.services.staff, ("Nok", "manager", "2222"))
        c1.enroll("0811111111", "Somchai Jaidee")
        owner = c1.owner()
        c1.app.services.redemption.adjust(AdjustPoints(command_id="welcome", member_code="0811111111", points=300,
                                                       reason="welcome", approved_by=owner))
        c1.init(hub.url, name="Counter 1")
        hub.pin_clock(T0)  # "last contact" at the devices' moment, not the day the pictures are made
        c2.join(hub.url, name="Counter 2")
        held = c1.points("0811111111")  # both counters spend it while apart: an overdraft
        c1.sell("0811111111", quantity=10, points=held)
        c2.sell("0811111111", quantity=10, points=held)
        c1.enroll("0833333333", "Nok Door")  # one phone enrolled on both
        c2.enroll("0833333333", "Nok Till")
        for device in (c1, c2, c1):
            device.sync()
        later(clock, minutes=3)
        c1.sell(None)  # something still to send
        create_qapp("en", qr_encoder_fn=c1.app.services.qr_matrix)
        for path in capture_devices(c1.app.services, out, name="manager-devices-hub"):
            print(path)
    finally:
        c1.close()
        c2.close()
        hub.drop()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img"))
