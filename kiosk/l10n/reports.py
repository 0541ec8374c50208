"""The catalogue's words for the end-of-day summary: its figures' names and values, as the manager's screen,
the `kiosk report` command, the slip and the exports say them."""

from __future__ import annotations

from kiosk.l10n.catalogue import Text, register

SUMMARY = {
    "summary.title": Text(en="End of day", th="สรุปยอดประจำวัน"),
    "summary.covers": Text(en="Covers", th="ขอบเขต"),
    "summary.sales": Text(en="Sales", th="จำนวนบิล"),
    "summary.revenue": Text(en="Revenue", th="รายได้"),
    "summary.member_share": Text(en="Members' share of revenue", th="สัดส่วนรายได้จากสมาชิก"),
    "summary.member_sales": Text(en="Member sales", th="บิลของสมาชิก"),
    "summary.non_member_sales": Text(en="Non-member sales", th="บิลลูกค้าทั่วไป"),
    "summary.average_members": Text(en="Average basket, members", th="ยอดเฉลี่ยต่อบิล สมาชิก"),
    "summary.average_non_members": Text(en="Average basket, non-members", th="ยอดเฉลี่ยต่อบิล ลูกค้าทั่วไป"),
    "summary.new_members": Text(en="New members", th="สมาชิกใหม่"),
    "summary.points_issued": Text(en="Points issued", th="แต้มที่ให้"),
    "summary.points_redeemed": Text(en="Points redeemed", th="แต้มที่แลก"),
    "summary.points_expired": Text(en="Points expired", th="แต้มที่หมดอายุ"),
    "summary.points_donated": Text(en="Points donated", th="แต้มที่บริจาค"),
    "summary.stamps_given": Text(en="Stamps given", th="แสตมป์ที่ให้"),
    "summary.cards_completed": Text(en="Stamp cards completed", th="บัตรสะสมที่ครบ"),
    "summary.rewards": Text(en="Rewards: {kind}", th="ของรางวัล: {kind}"),
    "summary.cashback_issued": Text(en="Cashback issued", th="เงินคืนที่ให้"),
    "summary.credit_spent": Text(en="Store credit spent", th="เครดิตร้านที่ใช้"),
    "summary.discounts": Text(en="Discounts given", th="ส่วนลดที่ให้"),
    "summary.overrides": Text(en="Manager overrides", th="ผู้จัดการอนุมัติข้ามเกณฑ์"),
    "summary.fraud_flags": Text(en="Fraud-limit flags", th="รายการเกินเกณฑ์ป้องกันทุจริต"),
    "summary.refunds": Text(en="Refunds and voids", th="คืนเงินและยกเลิกบิล"),
    "summary.sync_waiting": Text(en="Waiting to sync", th="รอซิงก์"),
    "summary.print_waiting": Text(en="Receipts waiting to print", th="ใบเสร็จรอพิมพ์"),
    "summary.count_amount": Text(en="{count} ({amount})", th="{count} ({amount})"),
    "summary.percent": Text(en="{percent}%", th="{percent}%"),
    "summary.came_back": Text(en="{count} ({returned} came back)", th="{count} (กลับมาซื้อซ้ำ {returned})"),
    "summary.need_review": Text(en="{count} ({review} need review)", th="{count} (ต้องตรวจ {review})"),
    "summary.held": Text(en="{count} ({held} held)", th="{count} (พักไว้ {held})"),
    "summary.chain": Text(en="Chain", th="ทั้งเครือ"),
    "summary.this_device": Text(en="{figure} (this device)", th="{figure} (เครื่องนี้)"),
    "summary.unattributed": Text(en="Sales by devices of no listed shop", th="บิลจากเครื่องที่ไม่อยู่ในร้านใด"),
    # why money came off a sale (kiosk.domain.programs.engine.DiscountKind): the summary counts each
    "discount_kind.membership": Text(en="membership", th="ส่วนลดสมาชิกรายปี"),
    "discount_kind.stamp_reward": Text(en="free stamp-card item", th="ของฟรีจากบัตรสะสม"),
    "discount_kind.voucher": Text(en="voucher", th="คูปอง"),
    "discount_kind.offer": Text(en="personal offer", th="ข้อเสนอเฉพาะสมาชิก"),
    "discount_kind.reward": Text(en="catalogue reward", th="ของรางวัลแลกแต้ม"),
    "discount_kind.points": Text(en="points as money", th="ใช้แต้มแทนเงินสด"),
}

register(SUMMARY)
