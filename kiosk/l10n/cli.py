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
    "cli.sale.value_lost": Text(en="value lost: {lost} of “{reward}” (worth {value}, only {left} was left to pay)",
                                th="มูลค่าที่เสียไป: {lost} ของ “{reward}” (มูลค่า {value} แต่ยอดที่เหลือต้องชำระมีเพียง "
                                   "{left})"),
    # earned: all the points the sale gave (its own, promotions', a completed challenge's, offers'), each bonus
    # listed after this line, so the balance adds up
    "cli.sale.member": Text(en="points +{earned} -{spent} → {balance}; cashback {cashback}; credit {credit}",
                            th="แต้ม +{earned} -{spent} → {balance}; แคชแบ็ก {cashback}; เครดิต {credit}"),
    "cli.sale.stamps": Text(en="{card}: +{earned} → {after}/{required}",
                            th="{card}: +{earned} ดวง → {after}/{required}"),
    "cli.sale.stamps_complete": Text(en="{card}: +{earned} → {after}/{required} (card complete ×{completed})",
                                     th="{card}: +{earned} ดวง → {after}/{required} (ครบบัตร ×{completed})"),
    "cli.sale.bonus_points": Text(en="{name}: +{points} points", th="{name}: +{points} แต้ม",
                                  en_one="{name}: +{points} point", count="points"),
    "cli.sale.bonus_stamps": Text(en="{name}: +{stamps} stamps", th="{name}: +{stamps} ดวง",
                                  en_one="{name}: +{stamps} stamp", count="stamps"),
    "cli.sale.bonus_points_stamps": Text(en="{name}: +{points} points, +{stamps} stamps",
                                         th="{name}: +{points} แต้ม +{stamps} ดวง"),
    "cli.sale.offer_points": Text(en="personal offers: +{points} points", th="ข้อเสนอเฉพาะสมาชิก: +{points} แต้ม",
                                  en_one="personal offers: +{points} point", count="points"),
    # the name a sale line keeps for an open amount (`kiosk sale --amount`, the counter's keypad): the shop's
    # language at the time of the sale, as an item's name is
    "sale.open_amount": Text(en="Amount", th="ยอดเงิน"),
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
    # kiosk member enroll, member show
    "cli.member.enrolled": Text(en="Enrolled {name}: member code {code}", th="สมัครสมาชิก {name} แล้ว: รหัสสมาชิก {code}"),
    "cli.member.head": Text(en="{name}  {phone}  code {code}", th="{name}  {phone}  รหัส {code}"),
    "cli.member.balances": Text(en="Points: {points} (worth {value})   Store credit: {credit}",
                                th="แต้ม: {points} (มูลค่า {value})   เครดิตร้าน: {credit}"),
    # a balance below zero (points taken back after they were spent) is owed, not worth something
    "cli.member.balances_owed": Text(en="Points: {points} (owed to the shop)   Store credit: {credit}",
                                     th="แต้ม: {points} (แต้มติดลบ ค้างชำระกับร้าน)   เครดิตร้าน: {credit}"),
    "cli.member.history_incomplete": Text(
        en="! This device has not finished taking the shop's history from the hub: these balances may be incomplete, "
           "and points and credit can be spent here once it has (kiosk hub sync).",
        th="! เครื่องนี้ยังรับประวัติของร้านจากฮับไม่ครบ ยอดคงเหลือนี้อาจยังไม่ครบ "
           "ใช้แต้มและเครดิตที่เครื่องนี้ได้เมื่อรับครบแล้ว (kiosk hub sync)"),
    "cli.member.tier": Text(en="Tier: {tier} ({percent}%; {progress})", th="ระดับ: {tier} ({percent}%; {progress})"),
    "cli.member.card_ready": Text(en="{count} × {reward} ready", th="{reward} พร้อมแลก {count}"),
    "cli.member.card_owes": Text(en="0/{required}, owes {count} stamps (a refund took them back)",
                                 en_one="0/{required}, owes {count} stamp (a refund took it back)", count="count",
                                 th="0/{required} ค้างแสตมป์ {count} ดวง (หักคืนจากการคืนสินค้า)"),
    "cli.member.rewards_now": Text(en="Rewards now: {rewards}", th="แลกได้ตอนนี้: {rewards}"),
    "cli.member.reward_points": Text(en="{reward} ({points} pts)", th="{reward} ({points} แต้ม)"),
    "cli.member.rewards_later": Text(en="Later: {rewards}", th="สะสมต่ออีก: {rewards}"),
    "cli.member.reward_to_go": Text(en="{reward} ({points} pts to go)", th="{reward} (อีก {points} แต้ม)"),
    "cli.member.expiring": Text(en="Expiring {day}: {amount}", th="หมดอายุ {day}: {amount}"),
    "cli.worth_more_than_left": Text(
        en="“{reward}” is worth {value}, more than the {left} left to pay: keep it for a bigger bill, or give "
           "--allow-value-lost to use it anyway.",
        th="“{reward}” มีมูลค่า {value} มากกว่ายอดที่เหลือต้องชำระ {left} เก็บไว้ใช้กับบิลที่ยอดสูงกว่านี้ "
           "หรือใส่ --allow-value-lost เพื่อใช้เลย"),
    "cli.member.voucher": Text(en="Voucher {code}: {reward} (up to {value}), valid until {day}",
                               th="คูปอง {code}: {reward} (สูงสุด {value}) ใช้ได้ถึง {day}"),
    "cli.member.voucher_no_expiry": Text(en="Voucher {code}: {reward} (up to {value})",
                                         th="คูปอง {code}: {reward} (สูงสุด {value})"),
    "cli.member.visit": Text(en="Visit {at}  {receipt}  {amount}  {status}",
                             th="มาซื้อ {at}  {receipt}  {amount}  {status}"),
    "cli.member.visit_credit": Text(en="Visit {at}  {receipt}  {amount} + {credit} store credit  {status}",
                                    th="มาซื้อ {at}  {receipt}  {amount} + เครดิตร้าน {credit}  {status}"),
    "cli.member.offer": Text(en="Personal offer: {offer}", th="ข้อเสนอเฉพาะสมาชิก: {offer}"),
    "cli.member.offer_until": Text(en="Personal offer: {offer} (until {day})",
                                   th="ข้อเสนอเฉพาะสมาชิก: {offer} (ถึง {day})"),
    "cli.member.membership": Text(en="Membership: {plan} ({status})", th="สมาชิกรายปี: {plan} ({status})"),
    "cli.member.membership_perks": Text(en="Membership: {plan} ({status}, perks on)",
                                        th="สมาชิกรายปี: {plan} ({status}, ใช้สิทธิ์ได้)"),
    "cli.member.no_match": Text(en="No member matches.", th="ไม่พบสมาชิกที่ตรงกัน"),
    "cli.member.card": Text(en="{code}", th="{code}"),
    "cli.member.card_queued": Text(en="{code} (queued for printing)", th="{code} (อยู่ในคิวพิมพ์)"),
    "cli.member.reissued": Text(en="New card #{serial}: {code}. The old card no longer works.",
                                th="บัตรใหม่ #{serial}: {code} บัตรเดิมใช้ไม่ได้แล้ว"),
    "membership_status.active": Text(en="active", th="ใช้งานอยู่"),
    "membership_status.trialing": Text(en="trialing", th="ช่วงทดลอง"),
    "membership_status.pending": Text(en="pending", th="รอดำเนินการ"),
    "membership_status.past_due": Text(en="past due", th="ค้างชำระ"),
    "membership_status.unpaid": Text(en="unpaid", th="ยังไม่ชำระ"),
    "membership_status.incomplete": Text(en="incomplete", th="ยังไม่สมบูรณ์"),
    "membership_status.incomplete_expired": Text(en="incomplete, expired", th="ไม่สมบูรณ์ หมดอายุแล้ว"),
    "membership_status.canceled": Text(en="canceled", th="ยกเลิกแล้ว"),
    "membership_status.paused": Text(en="paused", th="พักไว้"),
    # kiosk voucher, donate, adjust, review-bonus, expire
    "cli.voucher": Text(en="Voucher {code}", th="คูปอง {code}"),
    "cli.balance": Text(en="balance {points} points", th="คงเหลือ {points} แต้ม",
                        en_one="balance {points} point", count="points"),
    "cli.expired": Text(en="Expired {points} {points:point|points}, {credit} credit and {rewards} "
                           "{rewards:reward|rewards} for {members} {members:member|members}",
                        th="หมดอายุ {points} แต้ม เครดิต {credit} และของรางวัล {rewards} รายการ ของสมาชิก {members} คน"),
}

register(CLI)
