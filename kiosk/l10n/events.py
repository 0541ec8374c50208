"""The catalogue's words for what happened (kiosk/domain/events.py) and for the lines of results people read
(the settings preview): English as the shop has always printed it, Thai as a café says it."""

from __future__ import annotations

from kiosk.l10n.catalogue import Text, register

EVENTS = {
    # a sale
    "event.points_earned": Text(en="Points earned: +{points}", th="แต้มที่ได้รับ: +{points}"),
    "event.points_spent": Text(en="Points used: -{points}", th="แต้มที่ใช้: -{points}"),
    "event.stamps_added": Text(en="{card}: +{stamps} stamps, now {stamps_after} of {required}",
                               en_one="{card}: +{stamps} stamp, now {stamps_after} of {required}", count="stamps",
                               th="{card}: +{stamps} ดวง ตอนนี้ {stamps_after} จาก {required} ดวง"),
    "event.stamp_card_completed": Text(en="{card} complete: {reward} earned!",
                                       th="{card} ครบแล้ว: ได้รับ {reward}!"),
    "event.tier_to_go.top": Text(en="Top tier reached", th="ถึงระดับสูงสุดแล้ว"),
    "event.tier_to_go.spend": Text(en="{amount} more to {tier}", th="อีก {amount} ถึงระดับ{tier}"),
    "event.tier_to_go.points": Text(en="{remaining} more points to {tier}", th="อีก {remaining} แต้มถึงระดับ{tier}",
                                    en_one="{remaining} more point to {tier}", count="remaining"),
    "event.tier_to_go.visits": Text(en="{remaining} more visits to {tier}", th="อีก {remaining} ครั้งถึงระดับ{tier}",
                                    en_one="{remaining} more visit to {tier}", count="remaining"),
    "event.expiring_soon.points": Text(en="{amount} points", en_one="{amount} point", count="amount",
                                       th="{amount} แต้ม"),
    "event.expiring_soon.credit": Text(en="{value} store credit", th="เครดิตร้าน {value}"),
    "event.expiring_soon.reward": Text(en="{amount} × {reward}", th="{reward} {amount} รายการ"),
    "event.expiring_soon.voucher": Text(en="Voucher: {reward}", th="คูปอง: {reward}"),
    "event.challenge_standing.visits": Text(
        en="{challenge}: {progress} of {target} visits: {remaining} more by {weekday} {ends} for +{points} points",
        en_one="{challenge}: {progress} of {target} visits: one more by {weekday} {ends} for +{points} points",
        count="remaining",
        th="{challenge}: {progress} จาก {target} ครั้ง อีก {remaining} ครั้ง ภายในวัน{weekday}ที่ {ends} "
           "รับ +{points} แต้ม"),
    "event.challenge_standing.distinct_items": Text(
        en="{challenge}: {progress} of {target} items: {remaining} more by {weekday} {ends} for +{points} points",
        en_one="{challenge}: {progress} of {target} items: one more by {weekday} {ends} for +{points} points",
        count="remaining",
        th="{challenge}: {progress} จาก {target} รายการ อีก {remaining} รายการ ภายในวัน{weekday}ที่ {ends} "
           "รับ +{points} แต้ม"),
    "event.challenge_standing.spend": Text(
        en="{challenge}: {spent} of {goal}: {more} more by {weekday} {ends} for +{points} points",
        th="{challenge}: ใช้จ่ายแล้ว {spent} จาก {goal} อีก {more} ภายในวัน{weekday}ที่ {ends} รับ +{points} แต้ม"),
    "event.challenge_standing.done": Text(en="{challenge}: done! +{points} points",
                                          th="{challenge}: สำเร็จแล้ว! +{points} แต้ม"),
    "event.tier_changed": Text(en="Tier changed: {old_tier} → {new_tier}",
                               th="เปลี่ยนระดับสมาชิก: {old_tier} → {new_tier}"),
    "event.voucher_used": Text(en="Voucher: {reward}", th="คูปอง: {reward}"),
    "event.value_lost": Text(en="“{reward}” is worth {value}, more than the {left} left to pay: {lost} of it will "
                                "be lost.",
                             th="“{reward}” มีมูลค่า {value} มากกว่ายอดที่เหลือต้องชำระ {left} ส่วนที่เกิน {lost} "
                                "จะไม่ได้ใช้"),
    "event.points_paid": Text(en="{points} points", en_one="{points} point", count="points", th="{points} แต้ม"),
    "event.reward_redeemed": Text(en="Redeemed: {reward}", th="แลกแล้ว: {reward}"),
    "event.points_donated": Text(en="Donated {points} points ({value}) to {cause}",
                                 th="บริจาค {points} แต้ม ({value}) ให้ {cause}"),
    "event.points_adjusted.added": Text(en="Points added: +{points}", th="เพิ่มแต้ม: +{points}"),
    "event.points_adjusted.removed": Text(en="Points removed: -{points}", th="หักแต้ม: -{points}"),
    "event.bonus_awarded.signup": Text(en="Welcome bonus: +{points} points", th="โบนัสสมาชิกใหม่ +{points} แต้ม",
                                       en_one="Welcome bonus: +{points} point", count="points"),
    "event.bonus_awarded.birthday": Text(en="Happy birthday! +{points} points", th="สุขสันต์วันเกิด! +{points} แต้ม",
                                         en_one="Happy birthday! +{points} point", count="points"),
    "event.bonus_awarded.referral": Text(en="Referral bonus given to both friends",
                                         th="ให้โบนัสแนะนำเพื่อนแก่ทั้งสองคนแล้ว"),
    "event.bonus_awarded.review": Text(en="Thanks for your review! +{points} points",
                                       en_one="Thanks for your review! +{points} point", count="points",
                                       th="ขอบคุณที่รีวิว! +{points} แต้ม"),
    # a refund
    # "taken back" says the sign already: no minus after it (it read "Cashback taken back: -฿0.91")
    "event.points_reversed": Text(en="Points taken back: {points}", th="หักแต้มคืน: {points}"),
    "event.points_returned": Text(en="Points given back: +{points}", th="คืนแต้มให้: +{points}"),
    "event.cashback_reversed": Text(en="Cashback taken back: {amount}", th="หักแคชแบ็กคืน: {amount}"),
    "event.store_credit_returned": Text(en="Store credit given back: +{amount}",
                                           th="คืนเครดิตร้าน: +{amount}"),
    "event.stamps_removed": Text(en="Stamps removed: {stamps}", th="หักแสตมป์: {stamps}"),
    "event.free_items_returned": Text(en="Free items back on the card: {count}", th="คืนของฟรีเข้าบัตร: {count}"),
    "event.free_items_taken_back": Text(en="Free items taken back: {count}", th="หักของฟรีคืน: {count}"),
    "event.vouchers_reusable": Text(en="Vouchers usable again: {count}", th="คูปองที่ใช้ได้อีกครั้ง: {count}"),
    "event.offers_reusable": Text(en="Offers usable again: {count}", th="ข้อเสนอใช้ได้อีกครั้ง: {count}"),
    "event.offers_expired_not_returned": Text(en="Offers expired, not given back: {count}",
                                              th="ข้อเสนอหมดอายุแล้ว ไม่ได้คืน: {count}"),
    # value a refund moved that was past its date: said, so no figure seems lost or taken for nothing
    "event.points_reversed_expired": Text(
        en="Points taken back that had already expired: {points} (the balance does not change)",
        th="หักแต้มที่หมดอายุไปแล้วคืน: {points} (ยอดแต้มไม่เปลี่ยน)"),
    "event.points_returned_expired": Text(
        en="Points given back that have expired: {points} (they cannot be used)",
        th="คืนแต้มที่หมดอายุแล้ว: {points} (ใช้ไม่ได้)"),
    "event.cashback_reversed_expired": Text(
        en="Cashback taken back that had already expired: {amount} (the store credit does not change)",
        th="หักแคชแบ็กที่หมดอายุไปแล้วคืน: {amount} (ยอดเครดิตร้านไม่เปลี่ยน)"),
    "event.store_credit_returned_expired": Text(
        en="Store credit given back that has expired: {amount} (it cannot be used)",
        th="คืนเครดิตร้านที่หมดอายุแล้ว: {amount} (ใช้ไม่ได้)"),
    "event.free_items_returned_expired": Text(
        en="Free items given back that have expired: {count} (they cannot be used)",
        th="คืนของฟรีที่หมดอายุแล้ว: {count} (ใช้ไม่ได้)"),
    "event.vouchers_back_expired": Text(
        en="Vouchers given back that have expired: {count} (they cannot be used again)",
        th="คืนคูปองที่หมดอายุแล้ว: {count} (ใช้อีกไม่ได้)"),
    "event.bonus_taken_back.birthday": Text(en="Birthday bonus taken back", th="หักโบนัสวันเกิดคืนแล้ว"),
    "event.bonus_taken_back.referral": Text(en="Referral bonus taken back from both friends",
                                            th="หักโบนัสแนะนำเพื่อนคืนจากทั้งสองคนแล้ว"),
    # a line an older version stored as text on a print job: printed as it was written
    "event.written_line": Text(en="{text}", th="{text}"),
}

# the day of the week inside a sentence ("by Sunday 6 Dec 2026", "ภายในวันอาทิตย์ที่ ..."): Monday is 0
WEEKDAYS = {
    f"weekday.{day}": Text(en=en, th=th)
    for day, (en, th) in enumerate((("Monday", "จันทร์"), ("Tuesday", "อังคาร"), ("Wednesday", "พุธ"),
                                    ("Thursday", "พฤหัสบดี"), ("Friday", "ศุกร์"), ("Saturday", "เสาร์"),
                                    ("Sunday", "อาทิตย์")))
}

SETTINGS_PREVIEW = {
    "settings.sample_earns": Text(en="A {sample} sale earns {earn}.", th="ยอดขาย {sample} ได้ {earn}"),
    "settings.sample_earns_with_credit": Text(en="A {sample} sale earns {earn}, plus {credit} store credit.",
                                              th="ยอดขาย {sample} ได้ {earn} และเครดิตร้าน {credit}"),
    "settings.points_as_tier": Text(en="{points} points as {tier}", th="{points} แต้ม (ระดับ {tier})"),
    "settings.member": Text(en="Member", th="สมาชิก"),
    "settings.point_value": Text(en="That is {back} back ({percent}% of the sale) at {value} a point.",
                                 th="เท่ากับได้คืน {back} ({percent}% ของยอดขาย) คิดแต้มละ {value}"),
    "settings.reward": Text(en="{reward}: {points} points (worth {value}; about {spend} of spending).",
                            th="{reward}: {points} แต้ม (มูลค่า {value} ต้องใช้จ่ายราว {spend})"),
    "settings.stamp_card": Text(en="{card}: {required} stamps for {reward} (up to {value}), at most {per_visit} "
                                   "a visit.",
                                th="{card}: สะสม {required} ดวง แลก {reward} (มูลค่าไม่เกิน {value}) "
                                   "ได้ไม่เกิน {per_visit} ดวงต่อครั้ง"),
    "settings.partner": Text(en="At {partner} a {sample} purchase earns {points} points; {ten_points} points settle "
                                "at {ten}; a manager approves more than {per_receipt} on a receipt or {per_day} a day.",
                             th="ที่ {partner} ซื้อ {sample} ได้ {points} แต้ม; {ten_points} แต้มคิดเป็น {ten}; "
                                "เกิน {per_receipt} แต้มต่อใบเสร็จ หรือ {per_day} ต่อวัน ผู้จัดการต้องอนุมัติ"),
    "settings.partner_redeem_per_day": Text(en="At {partner} a member spends at most {points} points a day without "
                                               "a manager.",
                                            en_one="At {partner} a member spends at most {points} point a day "
                                                   "without a manager.", count="points",
                                            th="ที่ {partner} สมาชิกใช้แต้มได้ไม่เกิน {points} แต้มต่อวัน "
                                               "เกินกว่านั้นผู้จัดการต้องอนุมัติ"),
    "settings.partner_redeem_any_day": Text(en="At {partner} a member may spend any number of points a day without a "
                                               "manager.",
                                            th="ที่ {partner} สมาชิกใช้แต้มต่อวันได้ไม่จำกัดโดยไม่ต้องให้ผู้จัดการอนุมัติ"),
    "settings.birthday_owed": Text(en="A birthday bonus a void or refund took back is still paid by a purchase up to "
                                      "{days} days after the birthday month.",
                                   en_one="A birthday bonus a void or refund took back is still paid by a purchase "
                                          "up to {days} day after the birthday month.", count="days",
                                   th="แต้มวันเกิดที่ถูกดึงคืนเพราะยกเลิกหรือคืนสินค้า ยังได้รับเมื่อซื้อภายใน "
                                      "{days} วันหลังเดือนเกิด"),
    "settings.birthday_not_owed": Text(en="A birthday bonus a void or refund took back is paid again only by a "
                                          "purchase in the birthday month.",
                                       th="แต้มวันเกิดที่ถูกดึงคืนเพราะยกเลิกหรือคืนสินค้า "
                                          "จะได้รับอีกครั้งเฉพาะเมื่อซื้อภายในเดือนเกิด"),
    "settings.promotion_points": Text(en="{promotion}: a {total} sale earns {extra} more points ({without} points "
                                         "without it) while it runs.",
                                      th="{promotion}: ยอดขาย {total} ได้เพิ่ม {extra} แต้ม "
                                         "(ปกติ {without} แต้ม) ตลอดช่วงโปรโมชัน"),
    "settings.promotion_stamps": Text(en="{promotion}: a {total} sale earns {extra} more stamps ({without} stamps "
                                         "without it) while it runs.",
                                      th="{promotion}: ยอดขาย {total} ได้แสตมป์เพิ่ม {extra} ดวง "
                                         "(ปกติ {without} ดวง) ตลอดช่วงโปรโมชัน"),
    "settings.points_expire": Text(en="Points expire {months} months after they are earned.",
                                   th="แต้มหมดอายุ {months} เดือนหลังจากได้รับ"),
    "settings.points_never_expire": Text(en="Points never expire.", th="แต้มไม่มีวันหมดอายุ"),
}

# A stamp card a refund left owing stamps (kiosk.domain.programs.stamps.CardReading): the cashier reads "owes",
# the customer (their display, the kiosk) is told more gently what is to be made up
STAMP_CARDS = {
    "stamp_card.counter_owing": Text(en="{card}: 0 of {required} · owes {owed} stamps",
                                     en_one="{card}: 0 of {required} · owes {owed} stamp", count="owed",
                                     th="{card} 0/{required} ดวง · ค้าง {owed} ดวง"),
    "stamp_card.owed_politely": Text(en="{owed} stamps to make up after a refund",
                                     en_one="{owed} stamp to make up after a refund", count="owed",
                                     th="สะสมเพิ่มอีก {owed} ดวงเพื่อชดเชยการคืนสินค้า"),
}

# A kiosk whose joining the hub was cut short (MemberAccount.history_incomplete): what the cashier's refusal
# "member.history_incomplete" says, told to the customer on their account screen
ACCOUNT_NOTICES = {
    "account.history_incomplete": Text(
        en="This kiosk is still taking in the shop's history: your points and credit may not be up to date yet, "
           "and can be spent once it has it all.",
        th="ตู้นี้ยังรับประวัติของร้านไม่ครบ แต้มและเครดิตอาจยังไม่เป็นปัจจุบัน ใช้ได้เมื่อรับครบแล้ว"),
}

# A member's unused vouchers as the counter and the kiosk list them ({date} is the last day it is good for, {code}
# what the cashier types or the member shows), and what the kiosk says of one it could not print
VOUCHERS = {
    "account.voucher_line": Text(en="Voucher: {reward} · until {date} · {code}",
                                 th="คูปอง: {reward} · ใช้ได้ถึง {date} · {code}"),
    "account.voucher_line_no_expiry": Text(en="Voucher: {reward} · {code}", th="คูปอง: {reward} · {code}"),
    "account.voucher_tile": Text(en="voucher, until {date}", th="คูปอง ใช้ได้ถึง {date}"),
    "account.voucher_tile_no_expiry": Text(en="voucher", th="คูปอง"),
    "account.voucher_expires": Text(en="Voucher {reward} expires on {date}", th="คูปอง {reward} หมดอายุ {date}"),
    "account.vouchers_heading": Text(en="Your vouchers", th="คูปองของคุณ"),
    "account.voucher_kiosk_line": Text(en="{reward}, until {date} · code {code}",
                                       th="{reward} ใช้ได้ถึง {date} · รหัส {code}"),
    "account.voucher_kiosk_line_no_expiry": Text(en="{reward} · code {code}", th="{reward} · รหัส {code}"),
    "account.voucher_kept": Text(
        en="It also stays in your account until you use it: the cashier can find it there or print it.",
        th="คูปองนี้จะอยู่ในบัญชีของคุณจนกว่าจะใช้ พนักงานค้นหาหรือพิมพ์ให้ได้"),
}

register(EVENTS)
register(VOUCHERS)
register(STAMP_CARDS)
register(ACCOUNT_NOTICES)
register(WEEKDAYS)
register(SETTINGS_PREVIEW)
