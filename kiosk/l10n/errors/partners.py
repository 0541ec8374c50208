"""Refusals of a coalition partner's receipts, typed at the counter or imported from its signed activity file, and
the reasons one line of such a file is refused, in English and Thai."""

from __future__ import annotations

from kiosk.l10n.catalogue import Text

PARTNER_ERRORS: dict[str, Text] = {
    "partner.bad_amount": Text(
        en="The amount must be more than zero, in the shop's money (like {example}).",
        th="จำนวนเงินต้องมากกว่าศูนย์ และเป็นเงินสกุลของร้าน (เช่น {example})",
    ),
    "partner.bad_points": Text(
        en="Spend a whole number of points from 1 to {max}.",
        th="ใช้แต้มเป็นจำนวนเต็ม 1 ถึง {max}",
    ),
    "partner.bad_reference": Text(
        en="Give the partner's receipt number (1-40 characters).",
        th="ใส่เลขใบเสร็จของร้านพันธมิตร (1-40 ตัว)",
    ),
    "partner.file_bad_line": Text(en="Line {number}: {why}.", th="บรรทัด {number}: {why}"),
    "partner.file_duplicate": Text(
        en="Line {number}: receipt {reference} is in the file twice.",
        th="บรรทัด {number}: ใบเสร็จ {reference} อยู่ในไฟล์สองครั้ง",
    ),
    "partner.file_forged": Text(
        en="The file's signature does not match {name}'s secret: it was altered or signed by someone else. "
           "Nothing was imported.",
        th="ลายเซ็นของไฟล์ไม่ตรงกับรหัสลับของ {name} ไฟล์ถูกแก้ไขหรือคนอื่นเซ็น ยังไม่ได้นำเข้าอะไร",
    ),
    "partner.file_format": Text(
        en="This is not a partner activity file: line 1 must be its header, like "
           "{{\"format\": \"{format}\", \"partner\": \"bookshop\"}}.",
        th="ไฟล์นี้ไม่ใช่ไฟล์รายการของพันธมิตร บรรทัดแรกต้องเป็นหัวไฟล์ เช่น "
           "{{\"format\": \"{format}\", \"partner\": \"bookshop\"}}",
    ),
    "partner.file_malformed": Text(
        en="This is not a partner activity file (a header, receipts and a signature line).",
        th="ไฟล์นี้ไม่ใช่ไฟล์รายการของพันธมิตร (ต้องมีหัวไฟล์ ใบเสร็จ และบรรทัดลายเซ็น)",
    ),
    "partner.file_unsigned": Text(
        en="The file has no signature on its last line: nothing was imported.",
        th="บรรทัดสุดท้ายของไฟล์ไม่มีลายเซ็น ยังไม่ได้นำเข้าอะไร",
    ),
    "partner.line_not_json": Text(
        en="Line {number} of the file is not JSON.",
        th="บรรทัด {number} ของไฟล์ไม่ใช่ JSON",
    ),
    "partner.line_not_object": Text(
        en="Line {number} of the file is not one receipt (a JSON object).",
        th="บรรทัด {number} ของไฟล์ไม่ใช่ข้อมูลใบเสร็จหนึ่งใบ",
    ),
    "partner.line_refused": Text(
        en="Line {line} (receipt {receipt}): {refusal} Nothing was imported.",
        th="บรรทัด {line} (ใบเสร็จ {receipt}): {refusal} ยังไม่ได้นำเข้าอะไร",
    ),
    "partner.not_enough_points": Text(
        en="The member has {balance} points; {points} were asked for.",
        th="สมาชิกมี {balance} แต้ม แต่ขอใช้ {points} แต้ม",
    ),
    "partner.not_enough_points_expired": Text(
        en="The member has {balance} points; {points} were asked for. {expired} points expired on {day}.",
        th="สมาชิกมี {balance} แต้ม แต่ขอใช้ {points} แต้ม โดยมี {expired} แต้มหมดอายุไปเมื่อ {day}",
    ),
    "partner.receipt_used": Text(
        en="This partner receipt was already recorded for another member.",
        th="ใบเสร็จพันธมิตรนี้บันทึกให้สมาชิกคนอื่นไปแล้ว",
    ),
    "partner.redeem_reference_reused": Text(
        en="Partner receipt {reference} was already recorded with a different member or number of points: "
           "check the receipt number.",
        th="ใบเสร็จพันธมิตร {reference} บันทึกไปแล้วด้วยสมาชิกหรือจำนวนแต้มอื่น ตรวจเลขใบเสร็จอีกครั้ง",
    ),
    "partner.reference_reused": Text(
        en="Partner receipt {reference} was already recorded with a different member or amount: check the "
           "receipt number.",
        th="ใบเสร็จพันธมิตร {reference} บันทึกไปแล้วด้วยสมาชิกหรือยอดเงินอื่น ตรวจเลขใบเสร็จอีกครั้ง",
    ),
    "partner.secret_missing": Text(
        en="No signing secret is set for partner {partner_id}: put it in the OS keyring as "
           "partner_secret:{partner_id} or in KIOSK_PARTNER_SECRET_{value}.",
        th="ยังไม่ได้ตั้งรหัสลับของพันธมิตร {partner_id} ใส่ในคีย์ริงเป็น partner_secret:{partner_id} หรือใน "
           "KIOSK_PARTNER_SECRET_{value}",
    ),
    "partner.settle_unknown_rate": Text(
        en="Partner '{partner_id}' is no longer in the settings and some of its points in this period do not record "
           "the rate they settle at: add it back to [[partners]] with the rate it had, settle, then remove it.",
        th="พันธมิตร '{partner_id}' ไม่อยู่ในการตั้งค่าแล้ว และแต้มบางส่วนในช่วงนี้ไม่ได้บันทึกอัตราที่ใช้ชำระไว้ "
           "ให้เพิ่มกลับใน [[partners]] ด้วยอัตราเดิม ชำระยอด แล้วจึงลบออก",
    ),
    "partner.unknown": Text(
        en="No partner '{partner_id}' (the shop's partners: {known}).",
        th="ไม่มีพันธมิตร '{partner_id}' (พันธมิตรของร้าน: {known})",
    ),
    "partner.unknown_partner": Text(
        en="The file is from partner '{partner_id}', which is not one of the shop's partners.",
        th="ไฟล์นี้มาจากพันธมิตร '{partner_id}' ซึ่งไม่ใช่พันธมิตรของร้าน",
    ),
    # why one line of a partner's file is refused: the {why} of partner.file_bad_line
    "partner.line.amount": Text(
        en="the amount must be more than zero, written as text like \"450.00\"",
        th="ยอดเงินต้องมากกว่าศูนย์ และเขียนเป็นข้อความ เช่น \"450.00\"",
    ),
    "partner.line.kind": Text(
        en="say whether the customer earned points (earn) or spent them (redeem)",
        th="ต้องระบุว่าลูกค้าสะสมแต้มหรือใช้แต้ม",
    ),
    "partner.line.member": Text(
        en="name the member (a phone number or member code)",
        th="ต้องระบุสมาชิก (เบอร์โทรศัพท์หรือรหัสสมาชิก)",
    ),
    "partner.line.points": Text(
        en="the points spent must be a whole number from 1 to {max}",
        th="แต้มที่ใช้ต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง {max}",
    ),
    "partner.line.unknown_field": Text(
        en="\"{field}\" is not a field of this kind of receipt line (its fields: {fields})",
        th="\"{field}\" ไม่ใช่ช่องข้อมูลของบรรทัดใบเสร็จประเภทนี้ (ช่องที่ใช้ได้: {fields})",
    ),
    "partner.line.reference": Text(
        en="the receipt number must be 1 to {max} characters",
        th="เลขใบเสร็จต้องยาว 1 ถึง {max} ตัวอักษร",
    ),
}
