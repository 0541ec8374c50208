"""Refusals at the till and the kiosk (members, cards, sales, rewards, refunds, staff), in English and Thai."""

from __future__ import annotations

from kiosk.l10n.catalogue import Text

COUNTER_ERRORS: dict[str, Text] = {
    # action
    "action.card_reissue": Text(en="Reissuing cards", th="การออกบัตรใหม่"),
    "action.conflict_write_off": Text(en="Writing off a conflict", th="การตัดข้อขัดแย้งทิ้ง"),
    "action.hub_revoke": Text(en="Retiring a device", th="การถอดเครื่องออกจากฮับ"),
    "action.key_rotation": Text(en="Rotating the signing key", th="การเปลี่ยนกุญแจลงนาม"),
    "action.member_erase": Text(en="Erasing a member", th="การลบข้อมูลสมาชิก"),
    "action.member_export": Text(en="Exporting member data", th="การส่งออกข้อมูลสมาชิก"),
    "action.member_merge": Text(en="Merging two members", th="การรวมสมาชิกสองคน"),
    "action.partner_points_per_day_limit": Text(
        en="Earning {points} points at {partner} in one day (the limit is {limit})",
        th="การรับ {points} แต้มที่ {partner} ในวันเดียว (จำกัด {limit})",
    ),
    "action.partner_redeem_per_day_limit": Text(
        en="Spending {points} points at {partner} in one day (the limit is {limit})",
        th="การใช้ {points} แต้มที่ {partner} ในวันเดียว (จำกัด {limit})",
    ),
    "action.partner_points_per_transaction_limit": Text(
        en="Earning {points} points on one {partner} receipt (the limit is {limit})",
        th="การรับ {points} แต้มจากใบเสร็จ {partner} ใบเดียว (จำกัด {limit})",
    ),
    "action.redemption_over_limit": Text(
        en="Spending points worth {worth} (above {limit})",
        th="การใช้แต้มมูลค่า {worth} (เกิน {limit})",
    ),
    "action.settings": Text(en="Changing program settings", th="การเปลี่ยนการตั้งค่าโปรแกรม"),
    # approval
    "approval.earn_sales_per_day_limit": Text(
        en="This member has already earned points many times today. A manager must approve another.",
        th="สมาชิกคนนี้สะสมแต้มหลายครั้งแล้ววันนี้ ผู้จัดการต้องอนุมัติครั้งนี้",
    ),
    "approval.manager_pin": Text(en="{what} needs a manager's PIN.", th="{what} ต้องใช้ PIN ผู้จัดการ"),
    "approval.not_manager": Text(en="Only a manager can approve this.", th="ผู้จัดการเท่านั้นที่อนุมัติได้"),
    "approval.not_manager_for": Text(
        en="Only a manager can approve this: {what}.",
        th="ผู้จัดการเท่านั้นที่อนุมัติได้: {what}",
    ),
    "approval.points_per_sale_limit": Text(
        en="This sale earns more points than one sale may earn. A manager must approve it.",
        th="บิลนี้ได้แต้มเกินเพดานแต้มต่อบิล ผู้จัดการต้องอนุมัติ",
    ),
    "approval.redemption_over_limit": Text(
        en="This redemption is above the limit a cashier may approve. A manager must enter their PIN.",
        th="การแลกครั้งนี้เกินวงเงินที่แคชเชียร์อนุมัติได้ ผู้จัดการต้องใส่ PIN",
    ),
    "approval.sale_over_limit": Text(
        en="This sale of {total} is over the {limit} a cashier may ring up alone: a manager must approve it.",
        th="บิลนี้ยอด {total} เกินวงเงิน {limit} ที่พนักงานขายเองได้ ต้องให้ผู้จัดการอนุมัติ",
    ),
    # card
    "card.damaged": Text(
        en="That code is damaged or incomplete; please scan it again.",
        th="รหัสนี้เสียหรือไม่ครบ กรุณาสแกนใหม่",
    ),
    "card.not_a_code": Text(en="That is not a member or voucher code.", th="นี่ไม่ใช่รหัสสมาชิกหรือบัตรกำนัล"),
    "card.not_this_shop": Text(en="That is not one of this shop's codes.", th="นี่ไม่ใช่รหัสของร้านนี้"),
    # checkout
    "checkout.bad_payment": Text(en="Payment must be one of {value}.", th="วิธีจ่ายต้องเป็นหนึ่งใน {value}"),
    "checkout.cash_short": Text(
        en="Cash given ({cash_tendered}) is less than the amount due ({amount_due}).",
        th="รับเงินสด ({cash_tendered}) น้อยกว่ายอดที่ต้องจ่าย ({amount_due})",
    ),
    "checkout.command_sale_missing": Text(
        en="This request id was used for a sale that is no longer here.",
        th="รหัสคำขอนี้เคยใช้กับรายการขายที่ไม่มีอยู่แล้ว",
    ),
    "checkout.sale_recorded_before": Text(
        en="This sale was recorded before, as receipt {receipt_no}: it was not recorded again.",
        th="รายการขายนี้บันทึกไปแล้วในใบเสร็จเลขที่ {receipt_no} ระบบไม่ได้บันทึกซ้ำ",
    ),
    "checkout.voucher_expired": Text(en="This voucher expired on {day}.", th="คูปองนี้หมดอายุไปเมื่อ {day}"),
    "checkout.voucher_just_used": Text(
        en="This voucher was just used at another counter.",
        th="บัตรกำนัลนี้เพิ่งถูกใช้ที่เคาน์เตอร์อื่น",
    ),
    "checkout.voucher_reward_gone": Text(
        en="This voucher's reward is no longer offered; ask a manager.",
        th="ร้านไม่มีรางวัลของคูปองนี้แล้ว โปรดสอบถามผู้จัดการ",
    ),
    "checkout.voucher_twice": Text(en="The same voucher was scanned twice.", th="สแกนคูปองใบเดียวกันซ้ำสองครั้ง"),
    "checkout.voucher_unknown": Text(en="This voucher is not valid at this shop.", th="คูปองนี้ใช้ที่ร้านนี้ไม่ได้"),
    "checkout.voucher_not_here_yet": Text(
        en="This voucher is the shop's but has not reached this till yet: sync with the hub, or use it at the till "
           "that issued it.",
        th="คูปองนี้เป็นของร้าน แต่ยังมาไม่ถึงเครื่องนี้ ให้ซิงค์กับฮับ หรือใช้ที่เครื่องที่ออกคูปอง",
    ),
    "checkout.voucher_used": Text(en="This voucher was already used.", th="คูปองนี้ถูกใช้ไปแล้ว"),
    # counter
    "counter.already_member": Text(
        en="This member already has a paid membership.",
        th="สมาชิกคนนี้เป็นสมาชิกแบบชำระเงินอยู่แล้ว",
    ),
    "counter.membership_offline": Text(
        en="Stripe cannot be reached or is not set up, so the member cannot pay for a membership right now. Try "
           "again when the counter is online.",
        th="ติดต่อ Stripe ไม่ได้หรือยังไม่ได้ตั้งค่า สมาชิกจึงยังชำระค่าสมาชิกไม่ได้ในขณะนี้ "
           "ลองอีกครั้งเมื่อเคาน์เตอร์ออนไลน์",
    ),
    # feedback
    "feedback.bad_comment": Text(en="A comment is text.", th="ความคิดเห็นต้องเป็นข้อความ"),
    "feedback.bad_period": Text(en="The period ends before it starts.", th="วันสิ้นสุดอยู่ก่อนวันเริ่ม"),
    "feedback.bad_rating": Text(en="Choose from 1 to 5 stars.", th="เลือก 1 ถึง 5 ดาว"),
    "feedback.comment_too_long": Text(
        en="Please keep the comment under {max} characters.",
        th="เขียนความคิดเห็นไม่เกิน {max} ตัวอักษร",
    ),
    # kiosk
    "kiosk.bad_config": Text(
        en="Setting ui.kiosk_verification must be birth_year or birthday.",
        th="ค่า ui.kiosk_verification ต้องเป็น birth_year หรือ birthday",
    ),
    "kiosk.check_failed": Text(
        en="That does not match our records. {left} tries left.",
        th="ข้อมูลไม่ตรงกับที่เรามี ลองได้อีก {left} ครั้ง",
        en_one="That does not match our records. {left} try left.",
        count="left",
    ),
    "kiosk.check_failed_locked": Text(
        en="That does not match our records, and there have been too many tries. Please ask at the counter.",
        th="ข้อมูลไม่ตรงกับที่เรามี และลองหลายครั้งเกินไปแล้ว กรุณาติดต่อที่เคาน์เตอร์",
    ),
    "kiosk.check_locked": Text(
        en="Too many tries. Please ask at the counter.",
        th="ลองหลายครั้งเกินไป กรุณาติดต่อที่เคาน์เตอร์",
    ),
    "kiosk.phone_shared": Text(
        en="This phone number is on more than one membership. Please see the staff at the counter, or scan your "
           "member card.",
        th="เบอร์นี้ผูกกับสมาชิกมากกว่าหนึ่งบัญชี กรุณาติดต่อพนักงานที่เคาน์เตอร์ หรือสแกนบัตรสมาชิกของคุณ",
    ),
    "kiosk.not_a_member_code": Text(
        en="That is not a member QR code. Scan the QR from your member card or app.",
        th="นี่ไม่ใช่ QR สมาชิก สแกน QR จากบัตรหรือแอปสมาชิก",
    ),
    "kiosk.phone_taken": Text(
        en="We could not sign you up with this phone number. If you are already a member, scan your QR or sign "
           "in with your phone.",
        th="ไม่สามารถสมัครด้วยเบอร์นี้ได้ หากเป็นสมาชิกอยู่แล้ว กรุณาสแกน QR หรือเข้าสู่ระบบด้วยเบอร์โทรศัพท์",
    ),
    # member
    "member.bad_language": Text(en="Language must be th or en.", th="ภาษาต้องเป็น th หรือ en"),
    "member.birthday_format": Text(en="Enter the birthday as YYYY-MM-DD.", th="ใส่วันเกิดแบบ YYYY-MM-DD"),
    "member.birthday_invalid": Text(en="That birthday is not possible.", th="วันเกิดนี้เป็นไปไม่ได้"),
    "member.birthday_no_such_date": Text(
        en="There is no date {value}: check the day of the month.",
        th="ไม่มีวันที่ {value} ในปฏิทิน ตรวจวันที่อีกครั้ง",
    ),
    "member.code_forged": Text(
        en="This card is not valid at this shop. Ask for the member's phone number.",
        th="บัตรนี้ใช้ที่ร้านนี้ไม่ได้ ขอเบอร์โทรของสมาชิกแทน",
    ),
    "member.code_revoked": Text(
        en="This card was replaced by a newer one. Please use the new card.",
        th="บัตรนี้ถูกแทนที่ด้วยบัตรใหม่แล้ว กรุณาใช้บัตรใหม่",
    ),
    "member.code_unknown": Text(en="This card is not valid at this shop.", th="บัตรนี้ใช้ที่ร้านนี้ไม่ได้"),
    "member.consent_required": Text(
        en="The member must accept the privacy notice to join.",
        th="สมาชิกต้องยอมรับประกาศความเป็นส่วนตัวก่อนสมัคร",
    ),
    "member.email_invalid": Text(en="'{value}' is not an email address.", th="'{value}' ไม่ใช่อีเมล"),
    "member.missing": Text(en="Scan a member card or type a phone number.", th="สแกนบัตรสมาชิกหรือพิมพ์เบอร์โทร"),
    "member.name_invalid": Text(en="A name needs at least one letter.", th="ชื่อต้องมีตัวอักษรอย่างน้อยหนึ่งตัว"),
    "member.name_missing": Text(en="Enter the member's name.", th="ใส่ชื่อสมาชิก"),
    "member.name_too_long": Text(
        en="The name is too long (at most {max} characters).",
        th="ชื่อยาวเกินไป (ไม่เกิน {max} ตัวอักษร)",
    ),
    "member.no_card": Text(en="This member has no active card.", th="สมาชิกนี้ไม่มีบัตรที่ใช้งานอยู่"),
    "member.no_key": Text(
        en="This member's card key is gone; reissue the card.",
        th="กุญแจของบัตรสมาชิกนี้หายไป ออกบัตรใหม่ให้",
    ),
    "member.not_a_card_or_phone": Text(
        en="That is not a member card or phone number.",
        th="นี่ไม่ใช่บัตรสมาชิกหรือเบอร์โทร",
    ),
    "member.not_a_member_code": Text(
        en="That is a voucher, not a member card.",
        th="นี่คือบัตรกำนัล ไม่ใช่บัตรสมาชิก",
    ),
    "member.not_a_voucher": Text(en="That is a member card, not a voucher.", th="นี่คือบัตรสมาชิก ไม่ใช่คูปอง"),
    "member.not_found": Text(en="No member has that id.", th="ไม่มีสมาชิกรหัสนี้"),
    "member.history_incomplete": Text(
        en="This device has not finished taking the shop's history from the hub, so the member's balance here may "
           "be incomplete: points and credit can be spent once it has synced (or on another device).",
        th="เครื่องนี้ยังรับประวัติของร้านจากฮับไม่ครบ ยอดคงเหลือของสมาชิกที่นี่อาจยังไม่ครบ "
           "ใช้แต้มและเครดิตได้เมื่อซิงก์ครบแล้ว (หรือใช้ที่เครื่องอื่น)",
    ),
    "member.offline_spend_limit": Text(
        en="The shop's other devices have not been reached since {when}: a member can spend at most {limit} of "
           "points and credit here until they are ({left} left).",
        th="ยังติดต่อเครื่องอื่นของร้านไม่ได้ตั้งแต่ {when} สมาชิกใช้แต้มและเครดิตที่นี่ได้ไม่เกิน {limit} "
           "จนกว่าจะติดต่อได้ (เหลือ {left})",
    ),
    "member.phone_digits": Text(
        en="That phone number has the wrong number of digits.",
        th="จำนวนหลักของเบอร์โทรไม่ถูกต้อง",
    ),
    "member.phone_invalid": Text(
        en="A phone number has only digits, spaces, dashes and an optional +.",
        th="เบอร์โทรมีได้แค่ตัวเลข เว้นวรรค ขีด และ + ข้างหน้า",
    ),
    "member.phone_missing": Text(en="Enter a phone number.", th="ใส่เบอร์โทรศัพท์"),
    "member.phone_not_found": Text(en="No member has that phone number.", th="ไม่มีสมาชิกเบอร์นี้"),
    "member.phone_shared": Text(
        en="{count} members have this phone number: {members}. Look the member up by card or id; a manager should "
           "merge them (kiosk hub merge KEEP MERGE, or Manager → Devices and sync).",
        th="เบอร์นี้เป็นของสมาชิก {count} คน: {members} ค้นหาด้วยบัตรหรือรหัสสมาชิกแทน และให้ผู้จัดการรวมเป็นบัญชีเดียว "
           "(kiosk hub merge KEEP MERGE หรือ ผู้จัดการ → อุปกรณ์และการซิงก์)",
    ),
    "member.phone_shared_member": Text(en="{name} ({id})", th="{name} ({id})"),
    "member.phone_taken": Text(
        en="A member with this phone number already exists. Look them up instead.",
        th="มีสมาชิกเบอร์นี้อยู่แล้ว ค้นหาสมาชิกแทน",
    ),
    "member.phone_thai_digits": Text(
        en="A Thai phone number has 9 or 10 digits, e.g. 081-234-5678.",
        th="เบอร์โทรไทยมี 9 หรือ 10 หลัก เช่น 081-234-5678",
    ),
    "member.referral_unknown": Text(en="That referral code is not known.", th="ไม่รู้จักรหัสแนะนำนี้"),
    "member.since_joining": Text(en="this device joined", th="เครื่องนี้เข้าร่วม"),
    "member.voucher_forged": Text(en="This voucher is not valid at this shop.", th="คูปองนี้ใช้ที่ร้านนี้ไม่ได้"),
    # membership
    "membership.already_member": Text(en="This member already has {current}.", th="สมาชิกนี้มี {current} อยู่แล้ว"),
    "membership.offline": Text(
        en="Joining online needs the internet; ask at the counter",
        th="สมัครออนไลน์ต้องใช้อินเทอร์เน็ต กรุณาติดต่อที่เคาน์เตอร์",
    ),
    "membership.refused": Text(
        en="Stripe could not start the payment ({stripe_code}); ask at the counter.",
        th="Stripe เริ่มการชำระเงินไม่ได้ ({stripe_code}) กรุณาติดต่อที่เคาน์เตอร์",
    ),
    "membership.review_item_missing": Text(
        en="There is no item waiting for review with that number.",
        th="ไม่มีรายการรอตรวจหมายเลขนี้",
    ),
    "membership.unknown_plan": Text(en="There is no such membership plan.", th="ไม่มีแพ็กเกจสมาชิกนี้"),
    # menu
    "menu.unknown_modifier": Text(
        en="This item has no choice of '{modifier_id}'.",
        th="สินค้านี้ไม่มีตัวเลือก '{modifier_id}'",
    ),
    "menu.unknown_modifier_option": Text(
        en="{name} has no option '{option_id}'.",
        th="{name} ไม่มีตัวเลือก '{option_id}'",
    ),
    # money
    "money.amount_invalid": Text(en="'{value}' is not an amount.", th="'{value}' ไม่ใช่จำนวนเงิน"),
    "money.amount_missing": Text(en="Enter an amount such as 125.00.", th="ใส่จำนวนเงิน เช่น 125.00"),
    "money.amount_not_digits": Text(
        en="'{value}' is not an amount; enter digits such as 125.00.",
        th="'{value}' ไม่ใช่จำนวนเงิน ใส่ตัวเลข เช่น 125.00",
    ),
    "money.bad_grouping": Text(
        en="'{value}' is not an amount: commas only separate thousands and a dot the decimals, as in 1,250.50.",
        th="'{value}' ไม่ใช่จำนวนเงิน ใช้จุลภาคคั่นหลักพันเท่านั้น และใช้จุดคั่นทศนิยม เช่น 1,250.50",
    ),
    "money.amount_too_large": Text(en="That amount is too large.", th="จำนวนเงินมากเกินไป"),
    "money.amount_zero": Text(en="The amount must be more than zero.", th="จำนวนเงินต้องมากกว่าศูนย์"),
    "money.bad_amount": Text(en="That is not an amount.", th="นี่ไม่ใช่จำนวนเงิน"),
    "money.bad_currency": Text(en="Unknown currency code '{currency}'.", th="ไม่รู้จักรหัสสกุลเงิน '{currency}'"),
    "money.currency_mismatch": Text(
        en="Cannot mix {currency} and {currency2}.",
        th="ใช้ {currency} กับ {currency2} ปนกันไม่ได้",
    ),
    "money.too_many_decimals": Text(
        en="{currency} amounts have at most {value} decimal places.",
        th="เงิน {currency} มีทศนิยมได้ไม่เกิน {value} ตำแหน่ง",
    ),
    # offer
    "offer.expired": Text(en="This offer has expired.", th="ข้อเสนอนี้หมดอายุแล้ว"),
    "offer.just_used": Text(
        en="This offer was just used at another counter.",
        th="ข้อเสนอนี้เพิ่งถูกใช้ที่เคาน์เตอร์อื่น",
    ),
    "offer.member_required": Text(
        en="Scan the member's card before using their offer.",
        th="สแกนบัตรสมาชิกก่อนใช้ข้อเสนอ",
    ),
    "offer.not_applicable": Text(
        en="The basket does not have what “{offer}” needs.",
        th="ในตะกร้ายังไม่มีสินค้าที่ “{offer}” ต้องใช้",
    ),
    "offer.not_for_member": Text(en="This member has no such offer.", th="สมาชิกท่านนี้ไม่มีข้อเสนอนี้"),
    "offer.twice": Text(en="The same offer was chosen twice.", th="เลือกข้อเสนอเดียวกันสองครั้ง"),
    "offer.used": Text(en="This offer was already used.", th="ข้อเสนอนี้ใช้ไปแล้ว"),
    # parking
    "parking.park_empty": Text(en="There is nothing in the basket to park.", th="ตะกร้าว่าง ไม่มีอะไรให้พักบิล"),
    "parking.parked_gone": Text(en="That sale is no longer parked.", th="บิลนี้ไม่ได้พักไว้แล้ว"),
    "parking.too_many_parked": Text(
        en="{max} sales are parked already: recall or clear one first.",
        th="พักบิลไว้แล้ว {max} บิล เรียกคืนหรือล้างบิลหนึ่งก่อน",
    ),
    # program
    "program.bad_credit": Text(en="Store credit to spend cannot be negative.", th="เครดิตร้านที่ใช้ติดลบไม่ได้"),
    "program.bad_points": Text(en="Points to spend cannot be negative.", th="แต้มที่ใช้ติดลบไม่ได้"),
    "program.bad_price": Text(en="{name}: the price must be more than zero.", th="{name}: ราคาต้องมากกว่าศูนย์"),
    "program.bad_quantity": Text(en="{name}: quantity must be 1 to {max}.", th="{name}: จำนวนต้อง 1 ถึง {max}"),
    "program.below_min_redeem": Text(
        en="Spend at least {min} points at a time.",
        th="ใช้อย่างน้อยครั้งละ {min} แต้ม",
    ),
    "program.credit_exceeds_bill": Text(
        en="Only {remaining} is left to pay; spend at most that in store credit.",
        th="เหลือยอดจ่ายแค่ {remaining} ใช้เครดิตร้านได้ไม่เกินนั้น",
    ),
    "program.currency_mismatch": Text(en="Prices must be in {currency}.", th="ราคาต้องเป็น {currency}"),
    "program.empty_basket": Text(en="The basket is empty.", th="ตะกร้ายังว่าง"),
    "program.member_required": Text(
        en="Scan the member's card before applying rewards.",
        th="สแกนบัตรสมาชิกก่อนใช้รางวัล",
    ),
    "program.no_stamp_reward": Text(
        en="This member's card has no “{reward}” ready yet.",
        th="บัตรของสมาชิกยังไม่มี “{reward}” ให้ใช้",
    ),
    "program.no_stamp_reward_expired": Text(
        en="This member's card has no “{reward}” ready: {count} expired on {day}.",
        th="บัตรของสมาชิกไม่มี “{reward}” ให้ใช้ หมดอายุไป {count} รายการเมื่อ {day}",
    ),
    "program.not_enough_credit": Text(
        en="The member has {credit} of store credit; {credit2} was asked for.",
        th="สมาชิกมีเครดิตร้าน {credit} แต่ขอใช้ {credit2}",
    ),
    "program.not_enough_credit_expired": Text(
        en="The member has {credit} of store credit; {credit2} was asked for. {expired} of store credit expired on "
           "{day}.",
        th="สมาชิกมีเครดิตร้าน {credit} แต่ขอใช้ {credit2} โดยเครดิตร้าน {expired} หมดอายุไปเมื่อ {day}",
    ),
    "program.not_enough_points": Text(
        en="“{reward}” costs {points} points; the member has {value}.",
        th="“{reward}” ใช้ {points} แต้ม สมาชิกมี {value} แต้ม",
    ),
    "program.not_enough_points_to_spend": Text(
        en="The member has {value} points; {wanted} were asked for.",
        th="สมาชิกมี {value} แต้ม แต่ขอใช้ {wanted} แต้ม",
    ),
    "program.not_enough_points_expired": Text(
        en="The member has {value} points; {wanted} were asked for. {expired} points expired on {day}.",
        th="สมาชิกมี {value} แต้ม แต่ขอใช้ {wanted} แต้ม โดยมี {expired} แต้มหมดอายุไปเมื่อ {day}",
    ),
    "program.nothing_to_discount": Text(
        en="Nothing is left to pay for “{reward}”.",
        th="ไม่เหลือยอดให้ใช้ “{reward}” แล้ว",
    ),
    "program.offer_not_applicable": Text(
        en="Add the item to the basket to use “{label}”.",
        th="เพิ่มสินค้าลงตะกร้าก่อนใช้ “{label}”",
    ),
    "program.points_exceed_bill": Text(
        en="At most {max_points} points can be spent on this bill ({value} worth).",
        th="บิลนี้ใช้แต้มได้ไม่เกิน {max_points} แต้ม (มูลค่า {value})",
    ),
    "program.points_not_spendable": Text(
        en="This shop does not take points as payment.",
        th="ร้านนี้ไม่รับแต้มแทนเงิน",
    ),
    "program.reward_item_missing": Text(
        en="Add the item to the basket to use “{reward}”.",
        th="เพิ่มสินค้าลงตะกร้าก่อนใช้ “{reward}”",
    ),
    "program.reward_not_applicable": Text(
        en="The basket has no item the {card} reward covers.",
        th="ในตะกร้าไม่มีสินค้าที่รางวัล {card} ใช้ได้",
    ),
    "program.sale_too_large": Text(
        en="A sale can be at most {max}: check the amount.",
        th="ยอดขายหนึ่งบิลต้องไม่เกิน {max} ตรวจสอบจำนวนเงินอีกครั้ง",
    ),
    "program.self_referral": Text(en="A member cannot refer themselves.", th="สมาชิกแนะนำตัวเองไม่ได้"),
    "program.too_many_lines": Text(
        en="A sale has at most {max} lines.",
        th="การขายหนึ่งครั้งมีได้ไม่เกิน {max} รายการ",
    ),
    "program.unknown_card": Text(en="Unknown stamp card '{card_id}'.", th="ไม่รู้จักบัตรสะสมแสตมป์ '{card_id}'"),
    "program.unknown_reward": Text(en="Unknown reward '{reward_id}'.", th="ไม่รู้จักรางวัล '{reward_id}'"),
    "program.voucher_item_missing": Text(
        en="Add “{item}” to the basket to use the voucher “{reward}”, or keep the voucher for another time.",
        th="เพิ่ม “{item}” ลงตะกร้าก่อนใช้คูปอง “{reward}” หรือเก็บคูปองไว้ใช้ครั้งหน้า",
    ),
    "program.worth_more_than_left": Text(
        en="“{reward}” is worth {value}, more than the {left} left to pay: keep it for a bigger bill.",
        th="“{reward}” มีมูลค่า {value} มากกว่ายอดที่เหลือต้องชำระ {left} เก็บไว้ใช้กับบิลที่ยอดสูงกว่านี้",
    ),
    "program.voucher_nothing_to_discount": Text(
        en="Nothing is left to pay for the voucher “{reward}”: keep it for another time.",
        th="ไม่เหลือยอดให้ใช้คูปอง “{reward}” แล้ว เก็บคูปองไว้ใช้ครั้งหน้า",
    ),
    # refund
    "refund.already_refunded": Text(en="This sale was already refunded.", th="รายการขายนี้คืนเงินไปแล้ว"),
    "refund.bad_refund_kind": Text(en="Choose refund or void.", th="เลือกคืนเงินหรือยกเลิกบิล"),
    "refund.bad_refund_line": Text(en="The receipt has no line {value}.", th="ใบเสร็จไม่มีบรรทัด {value}"),
    "refund.bad_refund_quantity": Text(en="Refund at least one of a line.", th="คืนอย่างน้อยหนึ่งชิ้นต่อบรรทัด"),
    "refund.more_than_sold": Text(
        en="Line {value} ({name}) has {value2} left to refund.",
        th="บรรทัด {value} ({name}) คืนได้อีก {value2} ชิ้น",
    ),
    "refund.needs_manager": Text(en="Refunds need a manager's PIN.", th="การคืนเงินต้องใช้ PIN ของผู้จัดการ"),
    "refund.not_manager": Text(
        en="Only a manager can approve a refund.",
        th="ผู้จัดการเท่านั้นที่อนุมัติการคืนเงินได้",
    ),
    "refund.receipt_not_found": Text(en="No sale has receipt number {value}.", th="ไม่มีการขายเลขใบเสร็จ {value}"),
    "refund.refunded_elsewhere": Text(
        en="Sale {receipt_no} was refunded at another counter just now; look it up again.",
        th="การขาย {receipt_no} เพิ่งคืนเงินที่เคาน์เตอร์อื่น ค้นหาใหม่อีกครั้ง",
    ),
    "refund.sale_already_refunded": Text(
        en="Sale {receipt_no} was already refunded.",
        th="การขาย {receipt_no} คืนเงินไปแล้ว",
    ),
    "refund.void_not_today": Text(
        en="Only today's sales can be voided; refund older ones.",
        th="ยกเลิกบิลได้เฉพาะการขายวันนี้ บิลเก่าให้คืนเงิน",
    ),
    "refund.void_partial": Text(
        en="A void cancels the whole sale; refund some lines instead.",
        th="ยกเลิกบิลคือยกเลิกทั้งบิล ถ้าบางรายการให้คืนเงินแทน",
    ),
    # report
    "report.bad_assumption": Text(
        en="Cost assumptions are percentages from 0 to 100.",
        th="สมมติฐานต้นทุนเป็นเปอร์เซ็นต์ 0 ถึง 100",
    ),
    "report.bad_period": Text(en="The period is 1 to 366 days.", th="ช่วงเวลาต้อง 1 ถึง 366 วัน"),
    "report.bad_span": Text(
        en="A report covers a day, a week or a month.",
        th="รายงานครอบคลุมหนึ่งวัน หนึ่งสัปดาห์ หรือหนึ่งเดือน",
    ),
    "report.chain_figures": Text(en="the whole chain's figures", th="ตัวเลขของทั้งเครือ"),
    "report.chain_owner_only": Text(en="Only an owner can see {what}.", th="เจ้าของเท่านั้นที่ดู{what} ได้"),
    "report.no_chain": Text(
        en="This device is not part of a chain (no hub): its reports already cover everything it holds.",
        th="เครื่องนี้ไม่ได้อยู่ในเครือ (ไม่มีฮับ) รายงานครอบคลุมทุกอย่างที่เครื่องมีอยู่แล้ว",
    ),
    "report.period_reversed": Text(
        en="The period ends ({date_to}) before it starts ({date_from}).",
        th="วันสิ้นสุด ({date_to}) อยู่ก่อนวันเริ่ม ({date_from})",
    ),
    "report.reports_manager_only": Text(
        en="Reports are for managers and owners.",
        th="รายงานสำหรับผู้จัดการและเจ้าของเท่านั้น",
    ),
    "report.scope_both": Text(
        en="Choose one shop or the whole chain, not both.",
        th="เลือกร้านเดียวหรือทั้งเครือ อย่างใดอย่างหนึ่ง",
    ),
    "report.shop_ambiguous": Text(
        en="More than one shop is called '{wanted}' ({value}); give its id ('kiosk report shops').",
        th="มีหลายร้านชื่อ '{wanted}' ({value}) ระบุรหัสร้านแทน ('kiosk report shops')",
    ),
    "report.shop_figures": Text(en="the figures of {shop}", th="ตัวเลขของร้าน {shop}"),
    "report.shop_unknown": Text(
        en="No shop of this chain is called '{wanted}' (shops: {value}).",
        th="ไม่มีร้านในเครือชื่อ '{wanted}' (ร้าน: {value})",
    ),
    # request
    "request.bad_id": Text(
        en="Every request needs an id of at most 64 characters.",
        th="ทุกคำขอต้องมีรหัสไม่เกิน 64 ตัวอักษร",
    ),
    "request.id_reused": Text(
        en="This request id was already used for a different request.",
        th="รหัสคำขอนี้เคยใช้กับคำขออื่นแล้ว",
    ),
    # reward
    "reward.adjust_below_zero": Text(
        en="The member has {balance} points; cannot remove {points}.",
        th="สมาชิกมี {balance} แต้ม ลด {points} แต้มไม่ได้",
    ),
    "reward.adjust_needs_manager": Text(
        en="Point adjustments need a manager's PIN.",
        th="การปรับแต้มต้องใช้ PIN ผู้จัดการ",
    ),
    "reward.adjust_not_manager": Text(en="Only a manager can adjust points.", th="ผู้จัดการเท่านั้นที่ปรับแต้มได้"),
    "reward.adjust_too_large": Text(en="That adjustment is too large.", th="ปรับแต้มมากเกินไป"),
    "reward.adjust_zero": Text(
        en="Enter the points to add or remove (not zero).",
        th="ใส่แต้มที่จะเพิ่มหรือลด (ไม่ใช่ศูนย์)",
    ),
    "reward.bad_points": Text(
        en="Donate a whole number of points above zero.",
        th="บริจาคเป็นจำนวนเต็มที่มากกว่าศูนย์",
    ),
    "reward.below_min_donation": Text(en="Donate at least {min} points.", th="บริจาคอย่างน้อย {min} แต้ม"),
    "reward.donations_off": Text(en="This shop does not take donations.", th="ร้านนี้ไม่รับบริจาค"),
    "reward.not_enough_points": Text(
        en="“{reward}” costs {points} points; you have {balance}.",
        th="“{reward}” ใช้ {points} แต้ม คุณมี {balance} แต้ม",
    ),
    "reward.not_enough_points_expired": Text(
        en="“{reward}” costs {points} points; you have {balance}. {expired} points expired on {day}.",
        th="“{reward}” ใช้ {points} แต้ม คุณมี {balance} แต้ม โดยมี {expired} แต้มหมดอายุไปเมื่อ {day}",
    ),
    "reward.not_enough_to_donate": Text(
        en="You have {balance} points; {points} were asked for.",
        th="คุณมี {balance} แต้ม แต่ขอบริจาค {points} แต้ม",
    ),
    "reward.not_enough_to_donate_expired": Text(
        en="You have {balance} points; {points} were asked for. {expired} points expired on {day}.",
        th="คุณมี {balance} แต้ม แต่ขอบริจาค {points} แต้ม โดยมี {expired} แต้มหมดอายุไปเมื่อ {day}",
    ),
    "reward.reason_required": Text(en="Say why the points are adjusted.", th="บอกเหตุผลที่ปรับแต้ม"),
    "reward.review_bonus_given": Text(
        en="This member already got a review bonus recently.",
        th="สมาชิกนี้เพิ่งได้โบนัสรีวิวไปแล้ว",
    ),
    "reward.review_bonus_off": Text(en="This shop gives no review bonus.", th="ร้านนี้ไม่มีโบนัสรีวิว"),
    "reward.unknown_cause": Text(en="That cause is not one the shop supports.", th="ร้านไม่ได้ร่วมโครงการนี้"),
    "reward.unknown_reward": Text(en="That reward is not offered.", th="ไม่มีรางวัลนี้"),
    # staff
    "staff.ambiguous": Text(
        en="More than one staff member is called '{text}'; give the id that 'kiosk staff list' shows.",
        th="มีพนักงานชื่อ '{text}' มากกว่าหนึ่งคน ใช้รหัสที่ 'kiosk staff list' แสดง",
    ),
    "staff.approval_locked": Text(
        en="Too many wrong manager PINs: approvals on this till are locked, an owner's PIN too. "
           "Try again in {minutes} min.",
        th="ใส่ PIN ผู้จัดการผิดหลายครั้ง เครื่องนี้ล็อกการอนุมัติไว้ (รวมถึง PIN เจ้าของร้าน) ลองใหม่ในอีก {minutes} นาที",
    ),
    "staff.approver_locked": Text(
        en="{name}'s account is locked after too many wrong PINs: {name} can approve again in {minutes} min. "
           "Another manager or an owner can approve now.",
        th="บัญชีของ {name} ถูกล็อกเพราะใส่ PIN ผิดหลายครั้ง {name} อนุมัติได้อีกครั้งในอีก {minutes} นาที "
           "ให้ผู้จัดการคนอื่นหรือเจ้าของร้านอนุมัติแทนได้เลย",
    ),
    "staff.bad_role": Text(
        en="Role must be cashier, manager or owner.",
        th="ตำแหน่งต้องเป็น cashier, manager หรือ owner",
    ),
    "staff.disabled": Text(
        en="{name}'s staff account has been disabled: nothing more can be done in {name}'s name. Another staff "
           "member can sign in.",
        th="บัญชีพนักงานของ {name} ถูกปิดใช้งานแล้ว ทำรายการในชื่อ {name} ต่อไม่ได้ ให้พนักงานคนอื่นลงชื่อเข้าใช้",
    ),
    "staff.enable_name_taken": Text(
        en="'{name}' cannot be enabled: an active staff member is already called '{taken}'. Rename one of them "
           "first.",
        th="เปิดใช้งาน '{name}' ไม่ได้ เพราะมีพนักงานที่ใช้งานอยู่ชื่อ '{taken}' แล้ว เปลี่ยนชื่อคนใดคนหนึ่งก่อน",
    ),
    "staff.first_staff_owner": Text(
        en="The shop has no staff yet: its first staff member must be an owner.",
        th="ร้านยังไม่มีพนักงาน พนักงานคนแรกต้องเป็นเจ้าของ",
    ),
    "staff.last_owner": Text(
        en="The last owner cannot be disabled: nobody could manage staff after that.",
        th="ปิดใช้งานบัญชีเจ้าของร้านคนสุดท้ายไม่ได้ เพราะจะไม่มีใครจัดการพนักงานได้อีก",
    ),
    "staff.locked": Text(
        en="Too many wrong PINs. Try again in {minutes} min or ask a manager.",
        th="ใส่ PIN ผิดหลายครั้ง ลองใหม่ในอีก {minutes} นาที หรือเรียกผู้จัดการ",
    ),
    "staff.name_missing": Text(en="Enter the staff member's name.", th="ใส่ชื่อพนักงาน"),
    "staff.name_taken": Text(
        en="A staff member is already called '{name}': give the new one a name of their own (add an initial).",
        th="มีพนักงานชื่อ '{name}' อยู่แล้ว ตั้งชื่อที่ไม่ซ้ำกัน (เช่น เติมอักษรย่อของนามสกุล)",
    ),
    "staff.name_unknown": Text(en="No staff member is called '{text}'.", th="ไม่มีพนักงานชื่อ '{text}'"),
    "staff.no_such": Text(en="No such staff member.", th="ไม่มีพนักงานคนนี้"),
    "staff.owner_required": Text(
        en="Only an owner can add, rename, disable or enable staff or change a PIN: an owner's PIN is needed.",
        th="เจ้าของเท่านั้นที่เพิ่ม เปลี่ยนชื่อ ปิด เปิดพนักงาน หรือเปลี่ยน PIN ได้ ต้องใช้ PIN ของเจ้าของ",
    ),
    "staff.pin_invalid": Text(en="A PIN is 4 to 8 digits.", th="PIN ต้องเป็นตัวเลข 4 ถึง 8 หลัก"),
    "staff.pin_taken": Text(
        en="Someone on the staff already has that PIN. Choose another.",
        th="มีพนักงานใช้ PIN นี้อยู่แล้ว กรุณาเลือก PIN อื่น",
    ),
    "staff.rename_name_taken": Text(
        en="A staff member is already called '{name}': choose another name (add an initial).",
        th="มีพนักงานชื่อ '{name}' อยู่แล้ว เลือกชื่ออื่น (เช่น เติมอักษรย่อของนามสกุล)",
    ),
    "staff.sign_in_locked": Text(
        en="Too many wrong PINs. This account is locked for {minutes} min.",
        th="ใส่ PIN ผิดหลายครั้ง บัญชีนี้ถูกล็อกไว้ {minutes} นาที",
    ),
    "staff.unknown": Text(
        en="That staff account does not exist or is disabled.",
        th="ไม่มีบัญชีพนักงานนี้ หรือถูกปิดใช้งาน",
    ),
    "staff.wrong_pin": Text(
        en="That PIN is not right. {left} tries left before the account locks.",
        th="PIN ไม่ถูกต้อง ลองได้อีก {left} ครั้งก่อนบัญชีถูกล็อก",
        en_one="That PIN is not right. {left} try left before the account locks.",
        count="left",
    ),
    "staff.wrong_pin_cashier": Text(en="That is not a cashier's PIN.", th="นี่ไม่ใช่ PIN ของแคชเชียร์"),
    "staff.wrong_pin_manager": Text(en="That is not a manager's PIN.", th="นี่ไม่ใช่ PIN ของผู้จัดการ"),
    "staff.wrong_pin_owner": Text(en="That is not an owner's PIN.", th="นี่ไม่ใช่ PIN ของเจ้าของร้าน"),
    # task
    "task.failed": Text(
        en="Something went wrong; nothing was changed.",
        th="เกิดข้อผิดพลาด ยังไม่มีการเปลี่ยนแปลงใด ๆ",
    ),
    "cli.modifier_choice_format": Text(
        en="'{spec}': give each choice as +MODIFIER=OPTION, e.g. LATTE+size=large.",
        th="'{spec}': ใส่ตัวเลือกแบบ +ตัวเลือก=ค่า เช่น LATTE+size=large",
    ),
    "cli.modifier_chosen_twice": Text(en="'{spec}': {modifier} is chosen twice.",
                                      th="'{spec}': เลือก {modifier} ซ้ำสองครั้ง"),
}
