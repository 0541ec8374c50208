"""The catalogue's words for what the `kiosk` command says when it looks after the shop: the print queue, the
demo shop, backups and staff, signing keys and privacy, partners and the support bundle (`kiosk hub`: hub.py)."""

from __future__ import annotations

from kiosk.l10n.catalogue import Text, register

PRINTER = {
    "cli.printer.test_printed": Text(en="Test page printed on {printer} ({where}).",
                                     th="พิมพ์หน้าทดสอบที่ {printer} แล้ว ({where})"),
    "cli.printer.test_not_printed": Text(en="Test page NOT printed on {printer}: {reason}",
                                         th="พิมพ์หน้าทดสอบที่ {printer} ไม่ได้: {reason}"),
    "cli.printer.status": Text(en="{printer}: {state}  [{where}]", th="{printer}: {state}  [{where}]"),
    "cli.printer.queue_empty": Text(en="Nothing waiting to print.", th="ไม่มีงานรอพิมพ์"),
    "cli.printer.job": Text(en="{status} {printer} {kind} {reference}  tries={tries}  id={id}",
                            th="{status} {printer} {kind} {reference}  ลอง {tries} ครั้ง  รหัสงาน {id}"),
    "cli.printer.job_copy": Text(en="{status} {printer} {kind} {reference} (copy)  tries={tries}  id={id}",
                                 th="{status} {printer} {kind} {reference} (สำเนา)  ลอง {tries} ครั้ง  "
                                    "รหัสงาน {id}"),
    "cli.printer.last_error": Text(en="         last error: {error}", th="         ข้อผิดพลาดล่าสุด: {error}"),
    "cli.printer.held": Text(en="{count} held {count:job|jobs}: check the paper, then `kiosk printer reprint ID` to "
                                "print a copy.",
                             th="มีงานพักไว้ {count} งาน: ตรวจกระดาษก่อน แล้วสั่ง `kiosk printer reprint ID` "
                                "เพื่อพิมพ์สำเนา"),
    "cli.printer.copy_queued": Text(en="Copy of {reference} queued on {printer} (job {job}).",
                                    th="สำเนา {reference} เข้าคิวที่ {printer} แล้ว (งาน {job})"),
    "cli.printer.printed": Text(en="printed {job}", th="พิมพ์แล้ว {job}"),
    "cli.printer.job_held": Text(en="held {job}: {error} Check the paper, then `kiosk printer reprint {job}`.",
                                 th="พักงาน {job}: {error} ตรวจกระดาษก่อน แล้วสั่ง `kiosk printer reprint {job}`"),
    "cli.printer.job_kept": Text(en="kept {job}: {error}", th="เก็บงาน {job} ไว้ในคิว: {error}"),
    "cli.printer.pending": Text(en="{count} {count:job|jobs} still pending.", th="ยังมีงานรอพิมพ์ {count} งาน"),
    "cli.printer.drawer_not_opened": Text(en="{job}: {note}", th="{job}: {note}"),
    "cli.printer.busy_elsewhere": Text(en="{printer}: another window is printing on it; its jobs go out from there.",
                                       th="{printer}: มีหน้าจออื่นกำลังพิมพ์อยู่ งานจะพิมพ์ออกจากหน้าจอนั้น"),
    "cli.printer.test_unconfirmed": Text(
        en="Test page on {printer}: the printer took it but did not confirm it printed ({detail}). Check the paper; "
           "the test page is not queued, so run `kiosk printer test` again if you need it.",
        th="หน้าทดสอบที่ {printer}: เครื่องพิมพ์รับแล้วแต่ไม่ยืนยันว่าพิมพ์ออก ({detail}) ตรวจกระดาษ "
           "หน้าทดสอบไม่ได้เข้าคิว ถ้าต้องการให้สั่ง `kiosk printer test` อีกครั้ง"),
    "cli.printer.draining": Text(en="Draining the print queue; Ctrl-C to stop.",
                                 th="กำลังพิมพ์งานในคิว กด Ctrl-C เพื่อหยุด"),
    # a print job's state and what it prints (kiosk.services.printing, kiosk.domain.documents.DOCUMENT_KINDS)
    "print_status.queued": Text(en="queued", th="รอพิมพ์"),
    "print_status.sending": Text(en="sending", th="กำลังส่ง"),
    "print_status.held": Text(en="held", th="พักไว้"),
    "print_status.printed": Text(en="printed", th="พิมพ์แล้ว"),
    "print_status.dismissed": Text(en="dismissed", th="ยกเลิกแล้ว"),
    "print_kind.sale_receipt": Text(en="sale_receipt", th="ใบเสร็จ"),
    "print_kind.refund_slip": Text(en="refund_slip", th="ใบคืนเงิน"),
    "print_kind.member_card": Text(en="member_card", th="บัตรสมาชิก"),
    "print_kind.voucher": Text(en="voucher", th="คูปอง"),
    "print_kind.daily_summary": Text(en="daily_summary", th="สรุปยอดประจำวัน"),
    "print_kind.drawer_kick": Text(en="drawer_kick", th="เปิดลิ้นชัก"),
}

register(PRINTER)

SHOP = {
    # kiosk demo
    "cli.demo.ready": Text(en="Demo shop ready in {folder}: {members} {members:member|members}, {sales} "
                               "{sales:sale|sales} over {days} days.",
                           th="ร้านตัวอย่างพร้อมแล้วที่ {folder}: สมาชิก {members} คน ยอดขาย {sales} บิล ใน {days} วัน"),
    "cli.demo.pins": Text(en="Staff PINs: {pins}", th="PIN ของพนักงาน: {pins}"),
    "cli.demo.pin": Text(en="{name} ({role}) {pin}", th="{name} ({role}) {pin}"),
    "cli.demo.open": Text(en="Open it:        kiosk --data-dir {folder} counter   (or manager, selfservice)",
                          th="เปิดร้าน:        kiosk --data-dir {folder} counter   (หรือ manager, selfservice)"),
    "cli.demo.script": Text(en="Script with it: export KIOSK_DATA_DIR={folder}",
                            th="ใช้กับสคริปต์:   export KIOSK_DATA_DIR={folder}"),
    "cli.demo.progress": Text(en="  demo: {done}/{total} steps", th="  ร้านตัวอย่าง: {done}/{total} ขั้น"),
    # kiosk backup, restore
    "cli.backup.done": Text(en="Backed up to {path} ({bytes} bytes)", th="สำรองข้อมูลไว้ที่ {path} แล้ว ({bytes} ไบต์)"),
    "cli.backup.done_pruned": Text(en="Backed up to {path} ({bytes} bytes); removed {pruned} old.",
                                   th="สำรองข้อมูลไว้ที่ {path} แล้ว ({bytes} ไบต์) ลบชุดเก่า {pruned} ชุด"),
    "cli.backup.recent": Text(en="A backup less than a day old exists; nothing to do.",
                              th="มีข้อมูลสำรองที่อายุไม่ถึงหนึ่งวันแล้ว ไม่ต้องทำอะไร"),
    "cli.backup.off": Text(en="Daily backups are switched off (backup.daily = false).",
                           th="ปิดการสำรองข้อมูลรายวันไว้ (backup.daily = false)"),
    "cli.restore.ok": Text(en="Restored {path} from {source}; verify: OK",
                           th="กู้คืน {path} จาก {source} แล้ว ตรวจสอบ: ถูกต้อง"),
    "cli.restore.problems": Text(en="Restored {path} from {source}; verify: {count} {count:problem|problems}",
                                 th="กู้คืน {path} จาก {source} แล้ว ตรวจสอบ: พบปัญหา {count} รายการ"),
    # what a restore carried over, so that no receipt number, Stripe update or slip is given out twice
    "cli.restore.numbers.replaced": Text(
        en="Numbers carried over from the replaced database: {next}.",
        th="ใช้เลขต่อจากฐานข้อมูลเดิมที่ถูกแทนที่: {next}"),
    "cli.restore.numbers.replaced_and_copies": Text(
        en="Numbers carried over from the replaced database and {copies} other backups: {next}.",
        en_one="Numbers carried over from the replaced database and 1 other backup: {next}.", count="copies",
        th="ใช้เลขต่อจากฐานข้อมูลเดิมที่ถูกแทนที่และไฟล์สำรองอื่นอีก {copies} ไฟล์: {next}"),
    "cli.restore.numbers.unreadable": Text(
        en="The replaced database could not be read: the numbers it gave out could not be carried over from it.",
        th="อ่านฐานข้อมูลเดิมที่ถูกแทนที่ไม่ได้ จึงใช้เลขที่ฐานข้อมูลนั้นออกไปแล้วมาต่อไม่ได้"),
    "cli.restore.numbers.copies": Text(
        en="Numbers carried over from {copies} other backups of this shop: {next}.",
        en_one="Numbers carried over from 1 other backup of this shop: {next}.", count="copies",
        th="ใช้เลขต่อจากไฟล์สำรองอื่นของร้านนี้ {copies} ไฟล์: {next}"),
    "cli.restore.numbers.backup": Text(
        en="No other copy to carry numbers over from; they go on from the backup's: {next}.",
        th="ไม่มีสำเนาอื่นให้ใช้เลขต่อ เลขจะต่อจากไฟล์สำรองนี้: {next}"),
    "cli.restore.next_receipt": Text(en="next receipt {number}", th="ใบเสร็จถัดไป {number}"),
    "cli.restore.next_refund": Text(en="next refund {number}", th="ใบคืนเงินถัดไป {number}"),
    "cli.restore.none_numbered": Text(en="no receipt numbered yet", th="ยังไม่เคยออกเลขใบเสร็จ"),
    "cli.restore.stripe_kept": Text(
        en="{count} Stripe updates sent after the backup stay sent: they are not sent again.",
        en_one="1 Stripe update sent after the backup stays sent: it is not sent again.", count="count",
        th="การอัปเดต Stripe {count} รายการที่ส่งไปแล้วหลังการสำรองข้อมูลจะไม่ถูกส่งซ้ำ"),
    "cli.restore.prints_kept": Text(
        en="{count} print jobs printed after the backup are not printed again.",
        en_one="1 print job printed after the backup is not printed again.", count="count",
        th="งานพิมพ์ {count} รายการที่พิมพ์ไปแล้วหลังการสำรองข้อมูลจะไม่พิมพ์ซ้ำ"),
    # kiosk staff
    "cli.staff.row": Text(en="{id}  {name} {role} {state}", th="{id}  {name} {role} {state}"),
    "cli.staff.added": Text(en="Added {name} ({role}) as {id}", th="เพิ่ม {name} ({role}) แล้ว รหัส {id}"),
    "cli.staff.now": Text(en="{name} ({role}) is {state}", th="{name} ({role}) {state}"),
    "cli.staff.new_pin": Text(en="New PIN set for {name}", th="ตั้ง PIN ใหม่ให้ {name} แล้ว"),
    "cli.staff.renamed": Text(en="{old} is now called {name}", th="เปลี่ยนชื่อ {old} เป็น {name} แล้ว"),
    "staff_state.active": Text(en="active", th="ใช้งานอยู่"),
    "staff_state.disabled": Text(en="disabled", th="ปิดใช้งาน"),
    "staff_role.cashier": Text(en="cashier", th="แคชเชียร์"),
    "staff_role.manager": Text(en="manager", th="ผู้จัดการ"),
    "staff_role.owner": Text(en="owner", th="เจ้าของร้าน"),
}

register(SHOP)

TRUST = {
    # kiosk keys
    "cli.keys.row": Text(en="key {key}  made {made}  {state}  {cards} active cards",
                         th="คีย์ {key}  สร้างเมื่อ {made}  {state}  บัตรที่ใช้อยู่ {cards} ใบ"),
    "cli.keys.active": Text(en="ACTIVE ", th="ใช้งานอยู่"),
    "cli.keys.retired": Text(en="retired {when}", th="เลิกใช้เมื่อ {when}"),
    "cli.keys.rotated": Text(en="New signing key {key}; retired {retired}. {cards} "
                                "{cards:card still uses|cards still use} a retired key and {cards:keeps|keep} working "
                                "until reissued ('kiosk keys reissue').",
                             th="สร้างคีย์ลงนามใหม่ {key} แล้ว เลิกใช้ {retired} ยังมีบัตร {cards} ใบที่ใช้คีย์เก่า "
                                "ซึ่งใช้ได้ต่อจนกว่าจะออกบัตรใหม่ ('kiosk keys reissue')"),
    "cli.keys.none": Text(en="none", th="ไม่มี"),
    "cli.keys.reissued": Text(en="Reissued {cards} {cards:card|cards}; {left} left on retired keys. Members with an "
                                 "old card get a new one at the counter.",
                              th="ออกบัตรใหม่ {cards} ใบ เหลือ {left} ใบที่ยังใช้คีย์เก่า สมาชิกที่ถือบัตรเก่า"
                                 "รับบัตรใหม่ได้ที่เคาน์เตอร์"),
    # kiosk privacy
    "cli.privacy.exported": Text(en="Exported {entries} ledger {entries:entry|entries} and {sales} "
                                    "{sales:sale|sales} to {path}",
                                 th="ส่งออกรายการบัญชี {entries} รายการ และบิล {sales} บิล ไปที่ {path} แล้ว"),
    "cli.privacy.erased": Text(en="Erased member {member}: personal data wiped, {cards} {cards:card|cards} revoked, "
                                  "written off: {held}.",
                               th="ลบสมาชิก {member} แล้ว: ลบข้อมูลส่วนตัว ยกเลิกบัตร {cards} ใบ ตัดยอด: {held}"),
    "cli.privacy.nothing": Text(en="nothing", th="ไม่มี"),
    # any command that opened the shop and upgraded its database on the way (kiosk.cli.common.announce_upgrade)
    "cli.upgraded": Text(en="kiosk: the shop's database was upgraded (revision {from_revision} to {to_revision}); "
                            "a copy from before is in {backup}",
                         th="kiosk: อัปเกรดฐานข้อมูลของร้านแล้ว (จากรุ่น {from_revision} เป็น {to_revision}) "
                            "สำเนาก่อนอัปเกรดอยู่ที่ {backup}"),
    # kiosk support-bundle
    "cli.support.settings_unreadable": Text(en="settings: {error}", th="การตั้งค่า: {error}"),
    "cli.support.names_kept": Text(en="the members could not be read: emails and phone-shaped numbers were taken "
                                      "out, names could not be",
                                   th="อ่านข้อมูลสมาชิกไม่ได้: ตัดอีเมลและตัวเลขที่เหมือนเบอร์โทรออกแล้ว "
                                      "แต่ตัดชื่อออกไม่ได้"),
    "cli.support.not_verified": Text(en="Not verified: {why}", th="ยังไม่ได้ตรวจสอบ: {why}"),
    "cli.support.no_settings": Text(en="the settings could not be read.", th="อ่านการตั้งค่าไม่ได้"),
    "cli.support.no_database": Text(en="the database could not be read.", th="อ่านฐานข้อมูลไม่ได้"),
    "cli.support.verify_ok": Text(en="OK: {entries} ledger {entries:entry|entries} and {audit} audit "
                                     "{audit:record|records} checked.",
                                  th="ถูกต้อง: ตรวจรายการบัญชี {entries} รายการ และบันทึกการใช้งาน {audit} รายการ"),
    "cli.support.verify_problems": Text(en="PROBLEMS: {entries} ledger {entries:entry|entries} and {audit} audit "
                                           "{audit:record|records} checked.",
                                        th="พบปัญหา: ตรวจรายการบัญชี {entries} รายการ และบันทึกการใช้งาน "
                                           "{audit} รายการ"),
    # what a support bundle's look at the shop's database could not read (kiosk.bootstrap.shop.look_at_shop)
    "support.no_database_yet": Text(en="there is no shop database yet", th="ยังไม่มีฐานข้อมูลของร้าน"),
    "support.unreadable": Text(en="{what}: {error}", th="{what}: {error}"),
    "support.part.revision": Text(en="the database's revision", th="รุ่นของฐานข้อมูล"),
    "support.part.row_counts": Text(en="row counts", th="จำนวนแถว"),
    "support.part.personal_data": Text(en="members' names, phones and emails", th="ชื่อ เบอร์โทร และอีเมลของสมาชิก"),
    "support.part.verify": Text(en="verify", th="การตรวจสอบ"),
    "support.older_revision": Text(
        en="the database is at revision {revision}; this version upgrades it to {head} (after a backup) when the "
           "shop next opens, and verifies it then",
        th="ฐานข้อมูลอยู่ที่รุ่น {revision} โปรแกรมรุ่นนี้จะอัปเกรดเป็น {head} (หลังสำรองข้อมูล) เมื่อเปิดร้านครั้งถัดไป "
           "แล้วจึงตรวจสอบ"),
    "cli.support.written": Text(en="Support bundle written to {path} ({count} files: logs, versions, settings, a "
                                   "verify report and row counts; members' names, phones and emails taken out).",
                                th="เขียนชุดข้อมูลสำหรับฝ่ายช่วยเหลือไว้ที่ {path} แล้ว ({count} ไฟล์: บันทึก รุ่นโปรแกรม "
                                   "การตั้งค่า รายงานตรวจสอบ และจำนวนแถว โดยตัดชื่อ เบอร์โทร และอีเมลของสมาชิกออกแล้ว)"),
}

PARTNERS = {
    # kiosk partner earn / redeem / import
    "cli.partner.earned": Text(en="{partner} receipt {reference}: +{points} points; balance {balance}",
                               th="{partner} ใบเสร็จ {reference}: +{points} แต้ม; คงเหลือ {balance}"),
    "cli.partner.earned_approved": Text(en="{partner} receipt {reference}: +{points} points; balance {balance} "
                                           "(approved above the limit)",
                                        th="{partner} ใบเสร็จ {reference}: +{points} แต้ม; คงเหลือ {balance} "
                                           "(อนุมัติเกินเกณฑ์)"),
    "cli.partner.redeemed": Text(en="{partner} receipt {reference}: -{points} points (settled at {value}); balance "
                                    "{balance}",
                                 th="{partner} ใบเสร็จ {reference}: -{points} แต้ม (คิดเป็น {value}); คงเหลือ {balance}"),
    "cli.partner.imported": Text(en="{partner}: {receipts} {receipts:receipt|receipts}, {applied} imported "
                                    "(+{earned} / -{redeemed} points), {already} already recorded",
                                 th="{partner}: ใบเสร็จ {receipts} ใบ นำเข้า {applied} ใบ (+{earned} / -{redeemed} แต้ม) "
                                    "บันทึกไว้แล้ว {already} ใบ"),
    # kiosk partner settle
    "cli.settlement.head": Text(en="Partner settlement {start} – {end} ({currency})",
                                th="สรุปยอดกับพันธมิตร {start} – {end} ({currency})"),
    "cli.settlement.partner": Text(en="Partner", th="พันธมิตร"),
    "cli.settlement.issued": Text(en="Issued", th="แต้มที่ให้"),
    "cli.settlement.redeemed": Text(en="Redeemed", th="แต้มที่แลก"),
    "cli.settlement.issued_value": Text(en="Issued value", th="มูลค่าที่ให้"),
    "cli.settlement.redeemed_value": Text(en="Redeemed value", th="มูลค่าที่แลก"),
    "cli.settlement.net": Text(en="Net", th="สุทธิ"),
    "cli.settlement.who_pays": Text(en="Who pays", th="ใครจ่าย"),
    "cli.settlement.partner_pays": Text(en="{partner} pays the shop", th="{partner} จ่ายให้ร้าน"),
    "cli.settlement.shop_pays": Text(en="the shop pays {partner}", th="ร้านจ่ายให้ {partner}"),
    "cli.settlement.none": Text(en="nothing to pay", th="ไม่มียอดต้องจ่าย"),
    "cli.settlement.note": Text(en="  Values: the partner's settlement rate, rounded half up to the satang once per "
                                   "partner and direction over the period.",
                                th="  มูลค่า: คิดตามอัตราของพันธมิตร ปัดครึ่งขึ้นเป็นสตางค์ครั้งเดียวต่อพันธมิตร"
                                   "และทิศทางตลอดช่วง"),
}

register(TRUST)
register(PARTNERS)

REPORTS = {
    # kiosk report ... --csv, kiosk report shops, kiosk verify, kiosk audit
    "cli.report.wrote": Text(en="Wrote {path}", th="บันทึกไฟล์ {path} แล้ว"),
    "cli.shops.row": Text(en="{shop} {name}", th="{shop} {name}"),
    "cli.shops.this_device": Text(en="{shop} {name}  (this device)", th="{shop} {name}  (เครื่องนี้)"),
    "cli.shops.none": Text(en="No chain: this device has no hub (kiosk hub init).",
                           th="ไม่มีเครือร้าน: เครื่องนี้ยังไม่ได้ต่อฮับ (kiosk hub init)"),
    "cli.verify.ok": Text(en="OK: {entries} ledger {entries:entry|entries}, {records} sales, refunds and vouchers, and "
                             "{audit} audit {audit:record|records} check out.",
                          th="ถูกต้อง: ตรวจรายการบัญชี {entries} รายการ บิล คืนเงินและคูปอง {records} รายการ "
                             "และบันทึกตรวจสอบ {audit} รายการ ไม่พบปัญหา"),
    "cli.verify.problems": Text(en="{count} {count:PROBLEM|PROBLEMS}:", th="พบปัญหา {count} รายการ:"),
    "cli.verify.more": Text(en="  ... and {count} more (use --json for all)",
                            th="  ... และอีก {count} รายการ (ดูทั้งหมดด้วย --json)"),
    "cli.audit.none": Text(en="No audit records.", th="ไม่มีบันทึกตรวจสอบ"),
    "cli.audit.none_since": Text(en="No audit records since {since}.", th="ไม่มีบันทึกตรวจสอบตั้งแต่ {since}"),
}

register(REPORTS)
