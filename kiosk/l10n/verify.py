"""The catalogue's words for what `kiosk verify` finds (kiosk.domain.validators, kiosk.domain.ledger.verify_chain,
kiosk.services.verify): a problem is a code and the ids and amounts it names; the CLI, `kiosk hub verify`, a
restore and the support bundle say it in the reader's language. Ids, account names and units stay as the
ledger writes them: they are what a person looks up."""

from __future__ import annotations

from kiosk.l10n.catalogue import Text, register

VERIFY = {
    # the ledger's invariants (kiosk.domain.validators)
    "verify.unbalanced": Text(en="ledger entry {entry} does not balance: {off_by}",
                              th="รายการบัญชี {entry} ยอดไม่สมดุล: {off_by}"),
    "verify.unit_amount": Text(en="{unit} {amount}", th="{unit} {amount}"),
    "verify.no_postings": Text(en="ledger entry {entry} does not balance: no postings",
                               th="รายการบัญชี {entry} ยอดไม่สมดุล: ไม่มีรายการเคลื่อนไหวเลย"),
    "verify.stray_posting": Text(en="posting {posting} names ledger entry {entry} but is not one of its postings "
                                    "(added behind the app's back)",
                                 th="รายการเคลื่อนไหว {posting} อ้างถึงรายการบัญชี {entry} แต่ไม่ได้เป็นส่วนหนึ่งของรายการนั้น "
                                    "(ถูกเพิ่มโดยไม่ผ่านโปรแกรม)"),
    "verify.negative": Text(en="{account} has a negative {unit} balance ({balance}) with no flagged entry",
                            th="{account} มียอด {unit} ติดลบ ({balance}) โดยไม่มีรายการใดทำเครื่องหมายไว้"),
    "verify.over_reversed": Text(en="ledger entry {entry} is reversed more than in full (by {by})",
                                 th="รายการบัญชี {entry} ถูกกลับรายการเกินยอดเดิม (โดย {by})"),
    "verify.expired_spend": Text(en="ledger entry {entry} spent {amount} {unit} of member {member} that had "
                                    "already expired",
                                 th="รายการบัญชี {entry} ใช้ {unit} {amount} ของสมาชิก {member} ที่หมดอายุไปแล้ว"),
    "verify.partner_receipt_twice": Text(en="partner receipt {receipt} is recorded more than once (ledger entries "
                                            "{entries})",
                                         th="ใบเสร็จร้านพันธมิตร {receipt} ถูกบันทึกซ้ำ (รายการบัญชี {entries})"),
    "verify.cache": Text(en="cached balance of {account} {unit} is {cached}, the ledger says {derived}",
                         th="ยอดที่เก็บไว้ของ {account} {unit} คือ {cached} แต่บัญชีคำนวณได้ {derived}"),
    "verify.award_twice": Text(en="{memo} was given {count} times to member {member}",
                               th="{memo} ถูกให้สมาชิก {member} ไปแล้ว {count} ครั้ง"),
    "verify.award_twice_on_sale": Text(en="{memo} was given {count} times to member {member} on sale {sale}",
                                       th="{memo} ถูกให้สมาชิก {member} ไปแล้ว {count} ครั้งในบิล {sale}"),
    # the hash chains (kiosk.domain.ledger.verify_chain, kiosk.services.verify)
    "verify.chain_broken": Text(en="ledger entry {entry}: the entry before it was deleted or edited (chain broken)",
                                th="รายการบัญชี {entry}: รายการก่อนหน้าถูกลบหรือแก้ไข (ห่วงโซ่ข้อมูลขาด)"),
    "verify.entry_edited": Text(en="ledger entry {entry}: its contents were edited after it was written",
                                th="รายการบัญชี {entry}: ข้อมูลถูกแก้ไขหลังจากบันทึกไปแล้ว"),
    "verify.audit_chain_broken": Text(en="audit record {record}: the record before it was deleted or edited",
                                      th="บันทึกการใช้งาน {record}: บันทึกก่อนหน้าถูกลบหรือแก้ไข"),
    "verify.audit_edited": Text(en="audit record {record} ({action}): edited after it was written",
                                th="บันทึกการใช้งาน {record} ({action}): ถูกแก้ไขหลังจากบันทึกไปแล้ว"),
    "verify.head.added": Text(en="device {device}: {what} {rows} were added behind the app's back (the chain head "
                                 "is {head})",
                              th="เครื่อง {device}: {what} {rows} ถูกเพิ่มโดยไม่ผ่านแอป (ห่วงโซ่ที่แอปบันทึกไว้จบที่ {head})"),
    "verify.head.missing": Text(en="device {device}: {what} exist with no chain head: they were not written by "
                                   "the app",
                                th="เครื่อง {device}: มี{what}อยู่ แต่แอปไม่ได้บันทึกจุดสิ้นสุดห่วงโซ่ไว้: แอปไม่ได้เป็นผู้เขียน"),
    "verify.head.deleted": Text(en="device {device}: the newest {what} were deleted (the chain head does not "
                                   "match {last})",
                                th="เครื่อง {device}: {what}ล่าสุดถูกลบ (จุดสิ้นสุดห่วงโซ่ที่บันทึกไว้ไม่ตรงกับ {last})"),
    "verify.what.ledger_entries": Text(en="ledger entries", th="รายการบัญชี"),
    "verify.what.audit_records": Text(en="audit records", th="บันทึกการใช้งาน"),
    "verify.what.records": Text(en="records", th="บิล ใบคืนเงิน และคูปอง"),
    # sales, refunds and vouchers against their chain (kiosk.services.verify)
    "verify.record.sale": Text(en="sale {label}", th="บิล {label}"),
    "verify.record.refund": Text(en="refund {label}", th="ใบคืนเงิน {label}"),
    "verify.record.voucher": Text(en="voucher {label}", th="คูปอง {label}"),
    "verify.record.other": Text(en="{table} {label}", th="{table} {label}"),
    "verify.record.chain_broken": Text(en="{record}: the record chain of device {device} was broken here (a record "
                                          "before it was deleted or edited)",
                                       th="{record}: ห่วงโซ่ข้อมูลของเครื่อง {device} ขาดตรงนี้ (รายการก่อนหน้าถูกลบ"
                                          "หรือแก้ไข)"),
    "verify.record.deleted": Text(en="{record} ({id}) was deleted", th="{record} ({id}) ถูกลบ"),
    "verify.record.edited": Text(en="{record} was edited after it was written",
                                 th="{record} ถูกแก้ไขหลังจากบันทึกไปแล้ว"),
    "verify.record.added": Text(en="{record} ({id}) was added behind the app's back",
                                th="{record} ({id}) ถูกเพิ่มโดยไม่ผ่านแอป"),
    "verify.refund_total": Text(en="sale {receipt} records {recorded} given back, its refunds add up to {given}",
                                th="บิล {receipt} บันทึกยอดคืนเงิน {recorded} แต่ใบคืนเงินรวมกันได้ {given}"),
    "verify.refund_status": Text(en="sale {receipt} says {recorded}, its refunds say {expected}",
                                 th="บิล {receipt} มีสถานะ {recorded} แต่ใบคืนเงินบอกว่า {expected}"),
    "verify.voucher.redeemed_times": Text(en="voucher {voucher} was redeemed {times} times",
                                          th="คูปอง {voucher} ถูกใช้ไปแล้ว {times} ครั้ง"),
    "verify.voucher.marked_unused": Text(en="voucher {voucher} is marked unused, but the ledger shows it redeemed",
                                         th="คูปอง {voucher} ระบุว่ายังไม่ได้ใช้ แต่บัญชีแสดงว่าใช้ไปแล้ว"),
    "verify.voucher.marked_used": Text(en="voucher {voucher} is marked used by sale {sale}, but the ledger shows it "
                                          "unused",
                                       th="คูปอง {voucher} ระบุว่าใช้แล้วในบิล {sale} แต่บัญชีแสดงว่ายังไม่ได้ใช้"),
    # kiosk hub verify on a device: a shared row it holds otherwise than the hub (kiosk.adapters.hub.rows)
    "verify.hub_row_apart": Text(en="{table} row {row} on this device is not the hub's: the devices no longer hold "
                                    "the same row",
                                 th="แถว {row} ในตาราง {table} ของเครื่องนี้ไม่ตรงกับของฮับ: "
                                    "เครื่องต่าง ๆ เก็บข้อมูลแถวนี้ไม่ตรงกันแล้ว"),
}

register(VERIFY)
