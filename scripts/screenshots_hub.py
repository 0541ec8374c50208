"""The Devices page with a hub, two devices and two conflicts, at till sizes in English and Thai (docs/hub.md's
pictures). Needs the test PostgreSQL (KIOSK_TEST_POSTGRES_URL or 127.0.0.1:5432) and the test helpers:
    PYTHONPATH=. .venv/bin/python scripts/screenshots_hub.py docs/img   # then rename to manager-devices-hub-*
"""
import sys, tempfile
from pathlib import Path
sys.path.insert(0, '.')
import os
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from tests.support.hub import T0, Device, HubDatabase, later
from tests.support.staff import add_staff
from kiosk.services.context import FixedClock
from kiosk.domain.commands import AdjustPoints
from kiosk.ui.app import create_qapp
from kiosk.ui.manager.screenshots import capture_devices
out = Path(sys.argv[1])
hub = HubDatabase(os.environ.get("KIOSK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
root = Path(tempfile.mkdtemp()); clock = FixedClock(T0)
c1, c2 = Device(root/"c1", clock), Device(root/"c2", clock)
try:
    add_staff(c1.app.services.staff, ("Nok", "manager", "2222"))
    c1.enroll("0811111111", "Somchai Jaidee"); owner = c1.owner()
    c1.app.services.redemption.adjust(AdjustPoints(command_id="a", member_code="0811111111", points=300, reason="w", approved_by=owner))
    c1.init(hub.url, name="Counter 1"); c2.join(hub.url, name="Counter 2")
    held = c1.points("0811111111")
    c1.sell("0811111111", quantity=10, points=held); c2.sell("0811111111", quantity=10, points=held)
    c1.enroll("0833333333", "Nok Door"); c2.enroll("0833333333", "Nok Till")
    for d in (c1, c2, c1): d.sync()
    later(clock, minutes=3)
    c1.sell(None)
    create_qapp("en", qr_encoder_fn=c1.app.services.qr_matrix)
    for p in capture_devices(c1.app.services, out): print(p)
finally:
    c1.close(); c2.close(); hub.drop()
