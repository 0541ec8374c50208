"""The catalogue's words printed on slips: how to use a member card, and the receipt's counted words (real
plurals: "1 item", "3 items"; the receipt's fixed labels are kiosk.adapters.printing.layout.LABELS)."""

from __future__ import annotations

from kiosk.l10n.catalogue import Text, register

SLIPS = {
    # the member card slip, under its QR (two centred lines)
    "slip.member_card.show": Text(en="Show this QR at the counter every visit",
                                  th="แสดง QR นี้ที่เคาน์เตอร์ทุกครั้งที่ซื้อ"),
    "slip.member_card.collect": Text(en="to collect points and stamps and get rewards.",
                                     th="เพื่อสะสมแต้ม แสตมป์ และรับของรางวัล"),
    # a receipt copy of a sale refunded since: at its top and beside its totals
    "receipt.refund_state.refunded": Text(en="REFUNDED", th="คืนเงินแล้ว"),
    "receipt.refund_state.partly_refunded": Text(en="PARTLY REFUNDED", th="คืนเงินบางส่วนแล้ว"),
    "receipt.refund_state.voided": Text(en="VOIDED", th="ยกเลิกรายการแล้ว"),
    "receipt.refund_note.refund": Text(en="Refund {receipt}: {amount}", th="คืนเงิน {receipt}: {amount}"),
    "receipt.refund_note.void": Text(en="Void {receipt}: {amount}", th="ยกเลิก {receipt}: {amount}"),
    # counted words on a receipt
    "receipt.items": Text(en="{count} items", en_one="{count} item", count="count", th="{count} รายการ"),
    "receipt.stamps": Text(en="{count} stamps", en_one="{count} stamp", count="count", th="{count} แสตมป์"),
    "receipt.rewards_ready": Text(en="{count} rewards ready", en_one="{count} reward ready", count="count",
                                  th="{count} รางวัลพร้อมแลก"),
}

register(SLIPS)
