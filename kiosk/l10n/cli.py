"""The catalogue's words for what the `kiosk` command says of a sale, a refund and points spent: the shop's
language by default (shop.language), or --language."""

from __future__ import annotations

from kiosk.l10n.catalogue import Text, register

CLI = {
    # kiosk sale
    "cli.sale.head": Text(en="Receipt {receipt}: subtotal {subtotal}, to pay {due}",
                          th="ใบเสร็จ {receipt}: ยอดรวม {subtotal} ต้องชำระ {due}"),
    "cli.sale.credit_used": Text(en="store credit used: {amount}", th="ใช้เครดิตร้าน: {amount}"),
    "cli.sale.change": Text(en="change: {amount}", th="เงินทอน: {amount}"),
    "cli.sale.member": Text(en="points +{earned} -{spent} → {balance}; cashback {cashback}; credit {credit}",
                            th="แต้ม +{earned} -{spent} → {balance}; เงินคืน {cashback}; เครดิต {credit}"),
    "cli.sale.stamps": Text(en="{card}: +{earned} → {after}/{required}",
                            th="{card}: +{earned} ดวง → {after}/{required}"),
    "cli.sale.stamps_complete": Text(en="{card}: +{earned} → {after}/{required} (card complete ×{completed})",
                                     th="{card}: +{earned} ดวง → {after}/{required} (ครบบัตร ×{completed})"),
    # kiosk refund
    "cli.refund.head": Text(en="Refund {receipt} of {original}: {amount} back; points -{reversed} +{returned}, "
                               "stamps -{stamps}",
                            th="คืนเงิน {receipt} ของ {original}: คืน {amount}; แต้ม -{reversed} +{returned} "
                               "แสตมป์ -{stamps}"),
    "cli.void.head": Text(en="Void {receipt} of {original}: {amount} back; points -{reversed} +{returned}, "
                             "stamps -{stamps}",
                          th="ยกเลิกบิล {receipt} ของ {original}: คืน {amount}; แต้ม -{reversed} +{returned} "
                             "แสตมป์ -{stamps}"),
    "cli.refund.free_items_taken_back": Text(en=", free items taken back {count}", th=" หักของฟรีคืน {count}"),
    "cli.refund.negative": Text(en="; the member's balance is now negative (flagged for the manager)",
                                th="; ยอดของสมาชิกติดลบแล้ว (แจ้งผู้จัดการแล้ว)"),
    "cli.refund.back": Text(en="back: {items}", th="รายการที่คืน: {items}"),
    "cli.refund.all_done": Text(en="nothing of {original} is left to refund", th="ใบเสร็จ {original} ไม่มีรายการให้คืนแล้ว"),
    "cli.refund.more_left": Text(en="{original} still has lines to refund (kiosk refund {original} --show lists them)",
                                 th="ใบเสร็จ {original} ยังมีรายการที่คืนได้ (ดูด้วย kiosk refund {original} --show)"),
    # kiosk refund --show
    "cli.refundable.head": Text(en="Receipt {receipt}  {created}  {status}",
                                th="ใบเสร็จ {receipt}  {created}  {status}"),
    "cli.refundable.paid": Text(en="Paid {paid}; refunded so far {refunded}", th="ชำระ {paid}; คืนไปแล้ว {refunded}"),
    "cli.refundable.nothing_left": Text(en="Nothing is left to refund.", th="ไม่มีรายการให้คืนแล้ว"),
    "cli.column.line": Text(en="Line", th="ลำดับ"),
    "cli.column.price": Text(en="Price", th="ราคา"),
    "cli.column.sold": Text(en="Sold", th="ขาย"),
    "cli.column.refunded": Text(en="Refunded", th="คืนแล้ว"),
    "cli.column.left": Text(en="Left", th="เหลือ"),
    "cli.column.item": Text(en="Item", th="รายการ"),
    "sale_status.completed": Text(en="completed", th="ขายแล้ว"),
    "sale_status.partly_refunded": Text(en="partly refunded", th="คืนบางส่วน"),
    "sale_status.refunded": Text(en="refunded", th="คืนเงินแล้ว"),
    "sale_status.voided": Text(en="voided", th="ยกเลิกแล้ว"),
    # kiosk voucher, donate, adjust, review-bonus, expire
    "cli.voucher": Text(en="Voucher {code}", th="คูปอง {code}"),
    "cli.balance": Text(en="balance {points} points", th="คงเหลือ {points} แต้ม",
                        en_one="balance {points} point", count="points"),
    "cli.expired": Text(en="Expired {points} points, {credit} credit and {rewards} rewards for {members} members",
                        th="หมดอายุ {points} แต้ม เครดิต {credit} และของรางวัล {rewards} รายการ ของสมาชิก {members} คน"),
}

register(CLI)
