"""The catalogue's words printed on the slips that are not receipts: how to use a member card."""

from __future__ import annotations

from kiosk.l10n.catalogue import Text, register

SLIPS = {
    # the member card slip, under its QR (two centred lines)
    "slip.member_card.show": Text(en="Show this QR at the counter every visit",
                                  th="แสดง QR นี้ที่เคาน์เตอร์ทุกครั้งที่ซื้อ"),
    "slip.member_card.collect": Text(en="to collect points and stamps and get rewards.",
                                     th="เพื่อสะสมแต้ม แสตมป์ และรับของรางวัล"),
}

register(SLIPS)
