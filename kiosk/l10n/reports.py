"""The catalogue's words for the end-of-day summary: its figures' names and values, as the manager's screen,
the `kiosk report` command, the slip and the exports say them."""

from __future__ import annotations

from kiosk.l10n.catalogue import Text, register

SUMMARY = {
    "summary.title": Text(en="End of day", th="สรุปยอดประจำวัน"),
    "summary.covers": Text(en="Covers", th="ขอบเขต"),
    "summary.sales": Text(en="Sales", th="จำนวนบิล"),
    "summary.takings": Text(en="Sales before refunds", th="ยอดขายก่อนคืนเงิน"),
    "summary.revenue": Text(en="Revenue", th="รายได้"),
    "summary.member_share": Text(en="Members' share of sales before refunds",
                                 th="สัดส่วนของสมาชิกในยอดขายก่อนคืนเงิน"),
    "summary.member_sales": Text(en="Member sales, before refunds", th="บิลของสมาชิก ก่อนคืนเงิน"),
    "summary.non_member_sales": Text(en="Non-member sales, before refunds", th="บิลลูกค้าทั่วไป ก่อนคืนเงิน"),
    "summary.average_members": Text(en="Average basket, members", th="ยอดเฉลี่ยต่อบิล สมาชิก"),
    "summary.average_non_members": Text(en="Average basket, non-members", th="ยอดเฉลี่ยต่อบิล ลูกค้าทั่วไป"),
    "summary.new_members": Text(en="New members", th="สมาชิกใหม่"),
    "summary.points_issued": Text(en="Points issued", th="แต้มที่ให้"),
    "summary.points_redeemed": Text(en="Points redeemed", th="แต้มที่แลก"),
    "summary.points_expired": Text(en="Points expired", th="แต้มที่หมดอายุ"),
    "summary.points_donated": Text(en="Points donated", th="แต้มที่บริจาค"),
    "summary.points_added_by_hand": Text(en="Points added by a manager", th="แต้มที่ผู้จัดการเพิ่มให้"),
    "summary.points_taken_by_hand": Text(en="Points taken back by a manager", th="แต้มที่ผู้จัดการหักคืน"),
    "summary.stamps_given": Text(en="Stamps given", th="แสตมป์ที่ให้"),
    "summary.cards_completed": Text(en="Stamp cards completed", th="บัตรสะสมที่ครบ"),
    "summary.rewards": Text(en="Rewards: {kind}", th="ของรางวัล: {kind}"),
    "summary.cashback_issued": Text(en="Cashback issued", th="แคชแบ็กที่ให้"),
    "summary.credit_spent": Text(en="Store credit spent", th="เครดิตร้านที่ใช้"),
    "summary.discounts": Text(en="Discounts given", th="ส่วนลดที่ให้"),
    "summary.overrides": Text(en="Manager overrides", th="ผู้จัดการอนุมัติข้ามเกณฑ์"),
    "summary.fraud_flags": Text(en="Fraud-limit flags", th="รายการเกินเกณฑ์ป้องกันทุจริต"),
    "summary.refunds": Text(en="Refunds", th="คืนเงิน"),
    # a void unmakes a sale of its own day: in neither the sales nor the refunds, said apart
    "summary.voids": Text(en="Voids (left out of sales)", th="ยกเลิกบิล (ไม่นับรวมในยอดขาย)"),
    "summary.sync_waiting": Text(en="Waiting to sync", th="รอซิงก์"),
    "summary.print_waiting": Text(en="Receipts waiting to print", th="ใบเสร็จรอพิมพ์"),
    "summary.below_zero": Text(en="{amount} (refunds of earlier days' sales)",
                               th="{amount} (คืนเงินบิลของวันก่อนหน้า)"),
    # the same, where the amount is already said beside it (the revenue tile's big number)
    "summary.below_zero_why": Text(en="refunds of earlier days' sales", th="คืนเงินบิลของวันก่อนหน้า"),
    # the revenue row's label when the amount below zero stands alone in a screen's Value column
    "summary.revenue_below_zero": Text(en="Revenue (refunds of earlier days' sales)",
                                       th="รายได้ (คืนเงินบิลของวันก่อนหน้า)"),
    # a figure given in the period net of what its refunds took back, below zero: said as what it is
    "summary.taken_back": Text(en="{count} more taken back by refunds than given",
                               th="การคืนเงินหักคืนมากกว่าที่ให้ {count}"),
    "summary.sales_count": Text(en="{count} sales", en_one="{count} sale", count="count", th="{count} บิล"),
    "summary.sync_off": Text(en="Stripe sync is off", th="ปิดการซิงก์อยู่"),  # Thai: no brand in a Thai report
    "summary.no_sales": Text(en="No sales this day", th="ไม่มีการขายในวันที่เลือก"),
    "summary.no_sales_period": Text(en="No sales in this period", th="ไม่มีการขายในช่วงที่เลือก"),
    "summary.count_amount": Text(en="{count} ({amount})", th="{count} ({amount})"),
    "summary.percent": Text(en="{percent}%", th="{percent}%"),
    "summary.came_back": Text(en="{count} ({returned} came back)", th="{count} (กลับมาซื้อซ้ำ {returned})"),
    "summary.need_review": Text(en="{count} ({review} need review)", th="{count} (ต้องตรวจ {review})"),
    "summary.held": Text(en="{count} ({held} held)", th="{count} (พักไว้ {held})"),
    "summary.chain": Text(en="Chain", th="ทั้งเครือ"),
    "summary.this_device": Text(en="{figure} (this device)", th="{figure} (เครื่องนี้)"),
    "summary.unattributed": Text(en="Sales by devices of no listed shop", th="บิลจากเครื่องที่ไม่อยู่ในร้านใด"),
    # what a report covers
    "scope.shop": Text(en="Shop: {shop}", th="ร้าน: {shop}"),
    "scope.chain": Text(en="Whole chain ({count} shops)", en_one="Whole chain ({count} shop)", count="count",
                        th="ทั้งเครือ ({count} ร้าน)"),
    "scope.everything": Text(en="Everything on this device", th="ทุกอย่างในเครื่องนี้"),
    # why money came off a sale (kiosk.domain.programs.engine.DiscountKind): the summary counts each
    "discount_kind.membership": Text(en="membership", th="ส่วนลดสมาชิกรายปี"),
    "discount_kind.stamp_reward": Text(en="free stamp-card item", th="ของฟรีจากบัตรสะสม"),
    "discount_kind.voucher": Text(en="voucher", th="คูปอง"),
    "discount_kind.offer": Text(en="personal offer", th="ข้อเสนอเฉพาะสมาชิก"),
    "discount_kind.reward": Text(en="catalogue reward", th="ของรางวัลแลกแต้ม"),
    "discount_kind.points": Text(en="points as money", th="ใช้แต้มแทนเงินสด"),
}

HEALTH = {
    "health.chain_wide": Text(en="{figure} *", th="{figure} *"),
    "health.whole_chain": Text(en="* Whole chain", th="* ทั้งเครือ"),
    "health.whole_chain_note": Text(en="liability, breakage, all-time points, lifetime value, cohorts and tiers are "
                                       "the chain's: points are spendable in every shop",
                                    th="ภาระคงค้าง แต้มที่หมดอายุ แต้มทั้งหมด มูลค่าตลอดอายุ กลุ่มสมาชิก และระดับ "
                                       "เป็นของทั้งเครือ เพราะแต้มใช้ได้ทุกร้าน"),
    "health.as_of": Text(en="As of", th="ข้อมูล ณ วันที่"),
    "health.period": Text(en="Period", th="ช่วงเวลา"),
    "health.from_to": Text(en="{start} – {end}", th="{start} – {end}"),
    "health.points_liability": Text(en="Points liability", th="ภาระแต้มคงค้าง"),
    "health.credit_liability": Text(en="Store credit liability", th="ภาระเครดิตร้านคงค้าง"),
    "health.unused_stamp_rewards": Text(en="Unused stamp rewards", th="ของฟรีจากบัตรสะสมที่ยังไม่ใช้"),
    "health.total_liability": Text(en="Total liability", th="ภาระคงค้างรวม"),
    "health.points_issued": Text(en="Points issued (all time)", th="แต้มที่ให้ (ทั้งหมด)"),
    "health.points_redeemed": Text(en="Points redeemed (all time)", th="แต้มที่แลก (ทั้งหมด)"),
    "health.points_expired": Text(en="Points expired (breakage)", th="แต้มที่หมดอายุ"),
    "health.redemption_rate": Text(en="Redemption rate", th="อัตราการแลก"),
    "health.breakage_rate": Text(en="Breakage rate", th="อัตราแต้มหมดอายุ"),
    "health.repeat_rate": Text(en="Repeat purchase rate", th="อัตราซื้อซ้ำ"),
    "health.active_members": Text(en="Active members (90 days)", th="สมาชิกที่ยังซื้ออยู่ (90 วัน)"),
    "health.earned_in": Text(en="Earned in last {days} days", th="ได้แต้มใน {days} วันล่าสุด"),
    "health.redeemed_in": Text(en="Redeemed in last {days} days", th="แลกแต้มใน {days} วันล่าสุด"),
    "health.lifetime_value": Text(en="Lifetime value to date", th="มูลค่าลูกค้าถึงวันนี้"),
    "health.monthly_value": Text(en="Monthly value per active member", th="มูลค่าต่อเดือนต่อสมาชิก"),
    "health.monthly_churn": Text(en="Monthly churn", th="อัตราเลิกซื้อต่อเดือน"),
    "health.forward_value": Text(en="Forward lifetime value", th="มูลค่าลูกค้าที่คาดไว้"),
    "health.at_risk": Text(en="Members at risk", th="สมาชิกที่อาจหายไป"),
    "health.incremental_revenue": Text(en="Incremental revenue", th="รายได้ที่เพิ่มขึ้น"),
    "health.reward_cost": Text(en="Reward cost", th="ต้นทุนของรางวัล"),
    "health.net_return": Text(en="Net return", th="ผลตอบแทนสุทธิ"),
    "health.method.lifetime_value": Text(
        en="To date: members' completed sales divided by members who ever bought. Forward: what an active member "
           "spends a month (last 90 days) times how many more months a member stays, which is 1 / monthly churn "
           "(members who bought the month before last but not last month), at most 36 months.",
        th="ถึงวันนี้: ยอดขายที่สำเร็จของสมาชิกหารด้วยจำนวนสมาชิกที่เคยซื้อ ต่อจากนี้: ยอดที่สมาชิกที่ยังมาซื้อใช้จ่ายต่อเดือน "
           "(90 วันล่าสุด) คูณจำนวนเดือนที่สมาชิกจะอยู่ต่อ คือ 1 / อัตราการเลิกมาต่อเดือน (สมาชิกที่ซื้อเมื่อสองเดือนก่อน "
           "แต่ไม่ได้ซื้อเดือนที่แล้ว) ไม่เกิน 36 เดือน"),
    "health.method.return": Text(
        en="Incremental revenue = members' revenue x the share you believe the program brought in. Profit on it = "
           "incremental revenue x (100% - cost of goods). Reward cost = menu value of free items, points and store "
           "credit spent x cost of goods, plus donations paid out in full. Net = profit - reward cost; return = net / "
           "reward cost.",
        th="รายได้ที่เพิ่มขึ้น = รายได้จากสมาชิก x สัดส่วนที่คุณเชื่อว่าโปรแกรมนำมา กำไรจากส่วนนั้น = รายได้ที่เพิ่มขึ้น x "
           "(100% - ต้นทุนสินค้า) ต้นทุนรางวัล = ราคาเมนูของของฟรี แต้มและเครดิตร้านที่ใช้ x ต้นทุนสินค้า บวกเงินบริจาคที่จ่ายเต็มจำนวน "
           "สุทธิ = กำไร - ต้นทุนรางวัล ผลตอบแทน = สุทธิ / ต้นทุนรางวัล"),
    "health.rating": Text(en="Customer rating", th="คะแนนจากลูกค้า"),
    "health.tier": Text(en="Tier: {tier}", th="ระดับ: {tier}"),
    "health.cohort": Text(en="Cohort {month}", th="กลุ่มเดือน {month}"),
    "health.shop": Text(en="{shop}", th="{shop}"),
    "health.percent_of": Text(en="{percent} ({count} of {total})", th="{percent} ({count} จาก {total})"),
    "health.points_worth": Text(en="{points} points = {value}", th="{points} แต้ม = {value}"),
    "health.count_worth": Text(en="{count} = {value}", th="{count} = {value}"),
    "health.breakage": Text(en="{points} points; all value expired {value}",
                            th="{points} แต้ม; มูลค่าที่หมดอายุทั้งหมด {value}"),
    "health.value_months": Text(en="{value} ({months} months)", th="{value} ({months} เดือน)"),
    "health.value_percent": Text(en="{value} ({percent})", th="{value} ({percent})"),
    "health.rating_value": Text(en="{rating} / 5 ({responses} responses)", th="{rating} / 5 ({responses} ความเห็น)"),
    "health.cohort_size": Text(en="{size} joined; active by month: {active}",
                               th="สมัคร {size} คน; ยังซื้อรายเดือน: {active}"),
    "health.shop_figures": Text(en="revenue {revenue} in {sales} sales; members' share {share}; repeat {repeat}; "
                                   "active members {active}; new members {new}; points issued {issued}, "
                                   "redeemed {redeemed}",
                                th="รายได้ {revenue} จาก {sales} บิล; สัดส่วนสมาชิก {share}; ซื้อซ้ำ {repeat}; "
                                   "สมาชิกที่ยังซื้อ {active}; สมาชิกใหม่ {new}; แต้มที่ให้ {issued} "
                                   "แลก {redeemed}"),
}

register(SUMMARY)
register(HEALTH)
