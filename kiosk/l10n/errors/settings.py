"""What is wrong with the shop's program settings, in English and Thai: the refusal, the things it names ("Gold
tier", the promotion "Double points weekend") and each problem in the owner's words, never a setting's key.

A problem reads "{thing}: what to change" (kiosk.domain.programs.problems builds them); a name the shop typed is
shown as typed, in Thai when the shop gave a Thai name.
"""

from __future__ import annotations

from kiosk.l10n.catalogue import Text

SETTINGS_ERRORS: dict[str, Text] = {
    # the refusal: the first problem in words, the others counted
    "program.settings_invalid": Text(
        en="Program settings are not valid: {problem}.",
        th="การตั้งค่าโปรแกรมไม่ถูกต้อง: {problem}",
    ),
    "program.settings_invalid_more": Text(
        en="Program settings are not valid: {problem} (and {more} more problems).",
        en_one="Program settings are not valid: {problem} (and 1 more problem).",
        count="more",
        th="การตั้งค่าโปรแกรมไม่ถูกต้อง: {problem} (และยังมีอีก {more} ข้อ)",
    ),
    # a setting that cannot be read: "{where}" names it in the owner's words (settings.at)
    "config.cashback_percent": Text(
        en="Setting Cashback (the percent back): '{percent_text}' is not a number.",
        th="ค่าแคชแบ็ก (เปอร์เซ็นต์): '{percent_text}' ไม่ใช่ตัวเลข",
    ),
    "config.datetime": Text(
        en="Setting {where} must be a date and time like 2026-12-05 14:00, not '{value}'.",
        th="ค่า {where} ต้องเป็นวันเวลาแบบ 2026-12-05 14:00 ไม่ใช่ '{value}'",
    ),
    "config.hours": Text(
        en="Setting {where}: '{value}' is not hours like 14:00-16:00.",
        th="ค่า {where}: '{value}' ไม่ใช่ช่วงเวลาแบบ 14:00-16:00",
    ),
    "config.key_missing": Text(
        en="Setting {table}: an entry has no '{key}'.",
        th="ค่า {table}: มีรายการที่ไม่มีค่า '{key}'",
    ),
    "config.section": Text(en="Setting {where}: {refusal}", th="ค่า {where}: {refusal}"),
    "config.stamp_visit": Text(
        en="Setting {where}: a visit is counted by the day (day) or by the sale (sale), not '{value}'.",
        th="ค่า {where}: นับหนึ่งครั้งเป็นรายวันหรือรายการขายเท่านั้น ไม่ใช่ '{value}'",
    ),
    "config.weekday": Text(
        en="Setting {where}: '{day}' is not a day of the week (mon to sun).",
        th="ค่า {where}: '{day}' ไม่ใช่วันในสัปดาห์",
    ),
    "config.whole_number": Text(
        en="Setting {where}: '{value}' is not a whole number.",
        th="ค่า {where}: '{value}' ไม่ใช่จำนวนเต็ม",
    ),
    "settings.at": Text(en="{thing} ({field})", th="{thing} ({field})"),
    # the manager's settings screen
    "settings.bad_config": Text(
        en="Program settings are not valid: {value}.",
        th="การตั้งค่าโปรแกรมไม่ถูกต้อง: {value}",
    ),
    "settings.bad_promotion_action": Text(en="Choose pause, resume or end.", th="เลือกหยุดชั่วคราว ทำต่อ หรือจบ"),
    "settings.bad_setting": Text(
        en="These settings cannot be changed here: {value}.",
        th="ค่าเหล่านี้เปลี่ยนที่นี่ไม่ได้: {value}",
    ),
    "settings.not_pausable": Text(
        en="Only promotions, challenges and offers are paused or ended here.",
        th="หยุดชั่วคราวหรือจบได้เฉพาะโปรโมชัน ภารกิจ และข้อเสนอ",
    ),
    "settings.promotion_ended": Text(
        en="This has ended; create a new one instead.",
        th="รายการนี้จบไปแล้ว สร้างใหม่แทน",
    ),
    "settings.promotion_no_id": Text(en="Give the promotion a name.", th="กรุณาตั้งชื่อโปรโมชัน"),
    "settings.promotion_not_found": Text(
        en="Nothing in {section} has the id '{item_id}'.",
        th="ไม่มีรหัส '{item_id}' ใน{section}",
    ),
    "settings.section.challenges": Text(en="challenges", th="ภารกิจ"),
    "settings.section.offers": Text(en="offers", th="ข้อเสนอ"),
    "settings.section.promotions": Text(en="promotions", th="โปรโมชัน"),
    "settings.value_missing": Text(en="a table lacks its '{key}'", th="มีรายการที่ขาดค่า '{key}'"),
    "settings.value_unreadable": Text(en="a value is not in a form the app reads",
                                      th="มีค่าที่เขียนในรูปแบบที่แอปอ่านไม่ได้"),
    # the fields a setting names (settings.at), as the settings screen labels them
    "settings.field.bonus_points": Text(en="the points", th="แต้ม"),
    "settings.field.birthday_points": Text(en="birthday", th="วันเกิด"),
    "settings.field.birthday_owed_days": Text(en="days a birthday bonus taken back stays owed",
                                              th="จำนวนวันที่ยังค้างแต้มวันเกิดที่ถูกดึงคืน"),
    "settings.field.most_spent_a_day": Text(en="most points spent a day", th="ใช้แต้มได้มากสุดต่อวัน"),
    "settings.field.cap": Text(en="cap per member", th="สูงสุดต่อสมาชิก"),
    "settings.field.days": Text(en="days", th="จำนวนวัน"),
    "settings.field.discount": Text(en="money off every sale", th="ส่วนลดทุกการขาย"),
    "settings.field.earn_bonus": Text(en="extra points", th="แต้มพิเศษ"),
    "settings.field.ends": Text(en="ends", th="สิ้นสุด"),
    "settings.field.expiry_months": Text(en="expires after (months)", th="หมดอายุหลัง (เดือน)"),
    "settings.field.goal": Text(en="the goal", th="เป้าหมาย"),
    "settings.field.grace_days": Text(en="days of grace", th="จำนวนวันผ่อนผัน"),
    "settings.field.hours": Text(en="hours", th="ช่วงเวลา"),
    "settings.field.lapsed_days": Text(en="days away", th="จำนวนวันที่ไม่มา"),
    "settings.field.max_redeem_percent": Text(en="points may pay up to (%)", th="จ่ายด้วยแต้มได้สูงสุด (%)"),
    "settings.field.min_points": Text(en="fewest points to give", th="แต้มขั้นต่ำที่บริจาค"),
    "settings.field.min_redeem_points": Text(en="fewest points to spend", th="ใช้แต้มขั้นต่ำ"),
    "settings.field.min_spend": Text(en="from a sale of", th="ยอดซื้อขั้นต่ำ"),
    "settings.field.most_a_day": Text(en="most a day", th="สูงสุดต่อวัน"),
    "settings.field.most_a_receipt": Text(en="most a receipt", th="สูงสุดต่อใบเสร็จ"),
    "settings.field.most_a_sale": Text(en="at most a sale", th="สูงสุดต่อการขาย"),
    "settings.field.multiplier": Text(en="points %", th="แต้ม %"),
    "settings.field.near_percent": Text(en="close to the next tier (%)", th="ใกล้เลื่อนระดับ (%)"),
    "settings.field.option_price": Text(en="the price of “{option}”", th="ราคาของ “{option}”"),
    "settings.field.order": Text(en="order", th="ลำดับ"),
    "settings.field.point_value": Text(en="a point is worth", th="1 แต้มมีค่า"),
    "settings.field.points_per_item": Text(en="points for each item", th="แต้มต่อชิ้น"),
    "settings.field.points_per_unit": Text(en="points earned", th="ได้แต้ม"),
    "settings.field.points_per_visit": Text(en="points for each visit", th="แต้มต่อครั้ง"),
    "settings.field.price": Text(en="price", th="ราคา"),
    "settings.field.referral_new_member_points": Text(en="being referred", th="ได้รับการแนะนำ"),
    "settings.field.referral_referrer_points": Text(en="referring a friend", th="แนะนำเพื่อน"),
    "settings.field.retention_days": Text(en="days a tier is kept", th="จำนวนวันที่คงระดับ"),
    "settings.field.review_points": Text(en="leaving a review", th="เขียนรีวิว"),
    "settings.field.reward_points": Text(en="points", th="แต้ม"),
    "settings.field.reward_value": Text(en="worth up to", th="มูลค่าไม่เกิน"),
    "settings.field.settlement_points": Text(en="per points", th="ต่อแต้ม"),
    "settings.field.settlement_value": Text(en="settles at", th="ชำระที่"),
    "settings.field.signup_points": Text(en="joining", th="สมัครสมาชิก"),
    "settings.field.spend_over": Text(en="spent over", th="ยอดซื้อเกิน"),
    "settings.field.spend_unit": Text(en="for every", th="ทุก ๆ"),
    "settings.field.stamps_per_visit": Text(en="most a visit", th="สูงสุดต่อครั้ง"),
    "settings.field.stamps_required": Text(en="stamps", th="แสตมป์"),
    "settings.field.starts": Text(en="starts", th="เริ่ม"),
    "settings.field.threshold": Text(en="from", th="ตั้งแต่"),
    "settings.field.valid_days": Text(en="days to use it", th="จำนวนวันที่ใช้ได้"),
    "settings.field.value": Text(en="value", th="มูลค่า"),
    "settings.field.window_days": Text(en="days counted", th="จำนวนวันที่นับ"),
    # the things a problem is about
    "settings.thing.bonuses": Text(en="Bonuses", th="โบนัส"),
    "settings.thing.cashback": Text(en="Cashback", th="แคชแบ็ก"),
    "settings.thing.categories": Text(en="Categories", th="หมวดสินค้า"),
    "settings.thing.challenge": Text(en="Challenge “{name}”", th="ภารกิจ “{name}”"),
    "settings.thing.charity": Text(en="Donations", th="การบริจาคแต้ม"),
    "settings.thing.item": Text(en="Item “{name}”", th="สินค้า “{name}”"),
    "settings.thing.items": Text(en="Items", th="สินค้า"),
    "settings.thing.membership": Text(en="Paid membership “{name}”", th="สมาชิกแบบชำระเงิน “{name}”"),
    "settings.thing.modifier": Text(en="Item choice “{name}”", th="หัวข้อตัวเลือก “{name}”"),
    "settings.thing.no_name": Text(en="(no name)", th="(ไม่มีชื่อ)"),
    "settings.thing.offer": Text(en="Offer “{name}”", th="ข้อเสนอ “{name}”"),
    "settings.thing.partner": Text(en="Partner “{name}”", th="พาร์ทเนอร์ “{name}”"),
    "settings.thing.points": Text(en="Points", th="แต้ม"),
    "settings.thing.promotion": Text(en="Promotion “{name}”", th="โปรโมชัน “{name}”"),
    "settings.thing.reward": Text(en="Reward “{name}”", th="รางวัล “{name}”"),
    "settings.thing.stamp_card": Text(en="Stamp card “{name}”", th="บัตรสะสมแสตมป์ “{name}”"),
    "settings.thing.tier": Text(en="{name} tier", th="ระดับ {name}"),
    "settings.thing.tiers": Text(en="Tiers", th="ระดับสมาชิก"),
    # problems any part may have
    "settings.problem.ends_before_start": Text(
        en="{thing}: it must end after it starts", th="{thing}: เวลาสิ้นสุดต้องอยู่หลังเวลาเริ่ม"),
    "settings.problem.ends_before_start_day": Text(
        en="{thing}: it must end on or after the day it starts", th="{thing}: วันสิ้นสุดต้องไม่ก่อนวันเริ่ม"),
    "settings.problem.group": Text(
        en="{thing}: there is no group of members called '{value}'", th="{thing}: ไม่มีกลุ่มสมาชิก '{value}'"),
    "settings.problem.id_taken": Text(
        en="{thing}: give it an id no other one uses (not '{value}')",
        th="{thing}: ต้องมีรหัสที่ไม่ซ้ำกับรายการอื่น (ไม่ใช่ '{value}')",
    ),
    "settings.problem.kind": Text(en="{thing}: there is no kind called '{value}'", th="{thing}: ไม่มีประเภท '{value}'"),
    "settings.problem.no_name": Text(en="{thing}: give it a name", th="{thing}: ต้องตั้งชื่อ"),
    "settings.problem.points_range": Text(
        en="{thing}: the points must be from {min} to {max}", th="{thing}: แต้มต้องอยู่ระหว่าง {min} ถึง {max} แต้ม"),
    "settings.problem.price_zero": Text(en="{thing}: the price must be more than zero",
                                        th="{thing}: ราคาต้องมากกว่าศูนย์"),
    "settings.problem.spend_unit": Text(
        en="{thing}: the spend that earns points must be more than zero",
        th="{thing}: ยอดซื้อที่ได้แต้มต้องมากกว่าศูนย์",
    ),
    "settings.problem.status": Text(
        en="{thing}: '{value}' is not a state it can be in (active, paused or ended)",
        th="{thing}: สถานะ '{value}' ใช้ไม่ได้ (ต้องเป็นใช้งานอยู่ หยุดชั่วคราว หรือจบแล้ว)",
    ),
    "settings.problem.unknown_items": Text(
        en="{thing}: the shop sells no item with the code {skus}", th="{thing}: ร้านไม่มีสินค้ารหัส {skus}"),
    "settings.problem.value_negative": Text(en="{thing}: its value cannot be below zero",
                                            th="{thing}: มูลค่าติดลบไม่ได้"),
    # points and rewards
    "settings.problem.point_value": Text(
        en="{thing}: what a point is worth cannot be below zero", th="{thing}: มูลค่าของแต้มติดลบไม่ได้"),
    "settings.problem.points_basis": Text(
        en="{thing}: '{value}' is not a way to earn (money spent, items bought or visits)",
        th="{thing}: '{value}' ไม่ใช่วิธีได้แต้ม (ยอดซื้อ จำนวนชิ้นที่ซื้อ หรือจำนวนครั้ง)",
    ),
    "settings.problem.points_negative": Text(
        en="{thing}: the points earned and the fewest points to spend cannot be below zero",
        th="{thing}: แต้มที่ได้และแต้มขั้นต่ำที่ใช้ได้ติดลบไม่ได้",
    ),
    "settings.problem.points_rounding": Text(
        en="{thing}: part points are rounded down, to the nearest or up, not '{value}'",
        th="{thing}: เศษแต้มปัดลง ปัดใกล้สุด หรือปัดขึ้นเท่านั้น ไม่ใช่ '{value}'",
    ),
    "settings.problem.redeem_percent": Text(
        en="{thing}: points may pay from 0 to 100% of a bill",
        th="{thing}: จ่ายด้วยแต้มได้ตั้งแต่ 0 ถึง 100% ของบิล",
    ),
    "settings.problem.reward_cost": Text(
        en="{thing}: it must cost at least 1 point", th="{thing}: ต้องใช้อย่างน้อย 1 แต้ม"),
    # stamp cards
    "settings.problem.stamps_per_visit": Text(
        en="{thing}: the most stamps for one visit must be at least 1", th="{thing}: แสตมป์สูงสุดต่อครั้งต้องอย่างน้อย 1 ดวง"),
    "settings.problem.stamps_required": Text(
        en="{thing}: it must take at least 1 stamp to complete", th="{thing}: ต้องสะสมอย่างน้อย 1 ดวงจึงจะครบ"),
    # tiers
    "settings.problem.perks_unaligned": Text(
        en="{thing}: {english} perks in English but {thai} in Thai; give each perk in both",
        th="{thing}: สิทธิประโยชน์ภาษาอังกฤษมี {english} ข้อ แต่ภาษาไทยมี {thai} ข้อ ต้องมีครบทั้งสองภาษา",
    ),
    "settings.problem.tier_first": Text(
        en="{thing}: the first tier must start at 0, so every member has a tier",
        th="{thing}: ระดับแรกต้องเริ่มที่ 0 เพื่อให้สมาชิกทุกคนมีระดับ",
    ),
    "settings.problem.tier_metric": Text(
        en="{thing}: '{value}' is not something members climb by (money spent, points or visits)",
        th="{thing}: '{value}' ไม่ใช่เกณฑ์เลื่อนระดับ (ยอดซื้อ แต้ม หรือจำนวนครั้ง)",
    ),
    "settings.problem.tier_multiplier": Text(
        en="{thing}: the points multiplier cannot be below zero", th="{thing}: ตัวคูณแต้มติดลบไม่ได้"),
    "settings.problem.tier_rises_points": Text(
        en="{thing}: the points to reach it must be more than {below}'s",
        th="{thing}: แต้มที่ต้องสะสมให้ถึงต้องมากกว่าระดับ {below}",
    ),
    "settings.problem.tier_rises_spend": Text(
        en="{thing}: the spend to reach it must be more than {below}'s",
        th="{thing}: ยอดซื้อที่ต้องถึงต้องมากกว่าระดับ {below}",
    ),
    "settings.problem.tier_rises_visits": Text(
        en="{thing}: the visits to reach it must be more than {below}'s",
        th="{thing}: จำนวนครั้งที่ต้องมาให้ถึงต้องมากกว่าระดับ {below}",
    ),
    "settings.problem.tier_window": Text(
        en="{thing}: count over a rolling year or the calendar year, not '{value}'",
        th="{thing}: นับย้อนหลังหนึ่งปีหรือตามปีปฏิทินเท่านั้น ไม่ใช่ '{value}'",
    ),
    # cashback, bonuses, paid memberships, items
    "settings.problem.bonus_negative": Text(
        en="{thing}: bonus points cannot be below zero", th="{thing}: แต้มโบนัสติดลบไม่ได้"),
    "settings.problem.owed_days_negative": Text(
        en="{thing}: the days a birthday bonus taken back stays owed cannot be below zero",
        th="{thing}: จำนวนวันที่ยังค้างแต้มวันเกิดที่ถูกดึงคืนติดลบไม่ได้"),
    "settings.problem.cashback_percent": Text(
        en="{thing}: the percent back must be from 0 to 100", th="{thing}: เปอร์เซ็นต์คืนต้องอยู่ระหว่าง 0 ถึง 100"),
    "settings.problem.membership_interval": Text(
        en="{thing}: bill it every month or every year, not '{value}'",
        th="{thing}: เก็บเงินรายเดือนหรือรายปีเท่านั้น ไม่ใช่ '{value}'",
    ),
    "settings.problem.sku_twice": Text(
        en="{thing}: two items have the code {value}", th="{thing}: มีสินค้าสองรายการใช้รหัส {value}"),
    # coalition partners
    "settings.problem.partner_id": Text(
        en="{thing}: its id '{value}' must be 1 to 12 small letters, digits, - or _",
        th="{thing}: รหัส '{value}' ต้องเป็นอักษรอังกฤษตัวเล็ก ตัวเลข - หรือ _ ยาว 1 ถึง 12 ตัว",
    ),
    "settings.problem.partner_limits": Text(
        en="{thing}: the most points earned on a receipt, earned in a day and spent in a day must each be at least 1",
        th="{thing}: แต้มที่ได้สูงสุดต่อใบเสร็จ แต้มที่ได้สูงสุดต่อวัน และแต้มที่ใช้ได้สูงสุดต่อวัน ต้องอย่างน้อย 1 แต้ม",
    ),
    "settings.problem.partner_points": Text(
        en="{thing}: the points earned cannot be below zero", th="{thing}: แต้มที่ได้ติดลบไม่ได้"),
    "settings.problem.settle_points": Text(
        en="{thing}: the points a settlement is for must be at least 1",
        th="{thing}: จำนวนแต้มต่อการชำระบัญชีต้องอย่างน้อย 1 แต้ม",
    ),
    "settings.problem.settle_value": Text(
        en="{thing}: what points settle at cannot be below zero", th="{thing}: ยอดชำระต่อแต้มติดลบไม่ได้"),
    # personal offers
    "settings.problem.offer_days": Text(
        en="{thing}: a member may use it for 1 to 366 days", th="{thing}: ระยะเวลาใช้ได้ต้องอยู่ระหว่าง 1 ถึง 366 วัน"),
    "settings.problem.offer_free_item": Text(
        en="{thing}: choose the free item from the items the shop sells",
        th="{thing}: เลือกสินค้าฟรีจากสินค้าที่ร้านขาย",
    ),
    "settings.problem.offer_lapsed_days": Text(
        en="{thing}: a member counts as away after at least 1 day",
        th="{thing}: จำนวนวันที่ไม่มาก่อนนับว่าห่างหายต้องอย่างน้อย 1 วัน",
    ),
    "settings.problem.offer_near_percent": Text(
        en="{thing}: “close to the next tier” must be from 1 to 99% of the way",
        th="{thing}: “ใกล้เลื่อนระดับ” ต้องอยู่ระหว่าง 1 ถึง 99%",
    ),
    "settings.problem.offer_spend_over": Text(
        en="{thing}: the spend that makes a big spender must be more than zero",
        th="{thing}: ยอดซื้อที่นับเป็นลูกค้ายอดสูงต้องมากกว่าศูนย์",
    ),
    # challenges
    "settings.problem.challenge_days": Text(
        en="{thing}: the number of days must be from 1 to 366", th="{thing}: จำนวนวันต้องอยู่ระหว่าง 1 ถึง 366 วัน"),
    "settings.problem.challenge_period": Text(
        en="{thing}: count it by the week, the month or a number of days, not '{value}'",
        th="{thing}: นับเป็นรายสัปดาห์ รายเดือน หรือตามจำนวนวันเท่านั้น ไม่ใช่ '{value}'",
    ),
    "settings.problem.challenge_target": Text(
        en="{thing}: the goal must be at least 1", th="{thing}: เป้าหมายต้องอย่างน้อย 1"),
    # promotions
    "settings.problem.promotion_audience": Text(
        en="{thing}: it is for everyone, some tiers or a group of members, not '{value}'",
        th="{thing}: ให้ได้กับทุกคน บางระดับ หรือกลุ่มสมาชิกเท่านั้น ไม่ใช่ '{value}'",
    ),
    "settings.problem.promotion_cap": Text(
        en="{thing}: the most a member can get cannot be below zero",
        th="{thing}: จำนวนสูงสุดที่สมาชิกได้รับติดลบไม่ได้",
    ),
    "settings.problem.promotion_hours": Text(
        en="{thing}: the hours cannot start and end at the same time",
        th="{thing}: เวลาเริ่มกับเวลาสิ้นสุดต้องไม่ตรงกัน",
    ),
    "settings.problem.promotion_no_tiers": Text(
        en="{thing}: choose the tiers it is for", th="{thing}: เลือกระดับสมาชิกที่ได้รับ"),
    "settings.problem.promotion_per": Text(
        en="{thing}: count it per item or per sale, not '{value}'",
        th="{thing}: นับต่อชิ้นหรือต่อการขายเท่านั้น ไม่ใช่ '{value}'",
    ),
    "settings.problem.promotion_percent": Text(
        en="{thing}: the multiplier must be from 101% to 1000% (200% doubles)",
        th="{thing}: ตัวคูณต้องอยู่ระหว่าง 101% ถึง 1000% (200% คือสองเท่า)",
    ),
    "settings.problem.promotion_unknown_tiers": Text(
        en="{thing}: there is no tier called {tiers}", th="{thing}: ไม่มีระดับชื่อ {tiers}"),
    "settings.problem.promotion_weekdays": Text(
        en="{thing}: the days of the week are Monday to Sunday",
        th="{thing}: วันในสัปดาห์ต้องเป็นวันจันทร์ถึงวันอาทิตย์",
    ),
    # the menu
    "settings.problem.category_twice": Text(
        en="{thing}: two categories have the same id", th="{thing}: มีสองหมวดใช้รหัสเดียวกัน"),
    "settings.problem.modifier_default": Text(
        en="{thing}: the usual choice '{value}' is not one of its options",
        th="{thing}: ค่าปกติ '{value}' ไม่ใช่ตัวเลือกของหัวข้อนี้",
    ),
    "settings.problem.modifier_no_options": Text(
        en="{thing}: give it at least one option", th="{thing}: ต้องมีตัวเลือกอย่างน้อยหนึ่งอย่าง"),
    "settings.problem.modifier_option_twice": Text(
        en="{thing}: two of its options have the same id", th="{thing}: มีตัวเลือกสองอย่างใช้รหัสเดียวกัน"),
    "settings.problem.option_lowers_price": Text(
        en="{thing}: option “{option}” cannot lower the price", th="{thing}: ตัวเลือก “{option}” ลดราคาไม่ได้"),
    "settings.problem.option_name_long": Text(
        en="{thing}: option “{option}” has a name over {max} characters",
        th="{thing}: ชื่อตัวเลือก “{option}” ยาวเกิน {max} ตัวอักษร",
    ),
}
