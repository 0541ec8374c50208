"""The catalogue's words for how the shop's machinery is doing: the receipt printer's state (the counter's print
queue, the manager's Devices page, the kiosk's staff panel, `kiosk printer status`), the Stripe sync and the hub
(`kiosk sync`, `kiosk hub`). English as the shop has always printed it, Thai as a café says it."""

from __future__ import annotations

from kiosk.domain.events import Message
from kiosk.l10n.catalogue import CATALOGUE, Text, register

PRINTER_STATUS = {
    # kiosk.services.printing.PrinterStatus.message(): "online, paper near end"
    "printer_status.parts": Text(en="{parts}", th="{parts}"),
    "printer_status.online": Text(en="online", th="พร้อมใช้งาน"),
    "printer_status.offline": Text(en="offline", th="ออฟไลน์"),
    "printer_status.unknown": Text(en="status unknown (this connection cannot report status)",
                                   th="ไม่ทราบสถานะ (การเชื่อมต่อนี้แจ้งสถานะไม่ได้)"),
    "printer_status.paper_out": Text(en="paper out: load a new roll", th="กระดาษหมด: ใส่ม้วนใหม่"),
    "printer_status.cover_open": Text(en="cover open: close the printer cover", th="ฝาเปิดอยู่: ปิดฝาเครื่องพิมพ์"),
    "printer_status.error": Text(en="printer error: switch it off and on",
                                 th="เครื่องพิมพ์ขัดข้อง: ปิดแล้วเปิดใหม่"),
    "printer_status.paper_near_end": Text(en="paper near end", th="กระดาษใกล้หมด"),
    "printer_status.no_answer": Text(en="printer does not answer (stalled or switched off)",
                                     th="เครื่องพิมพ์ไม่ตอบ (ค้างหรือปิดอยู่)"),
    "printer_status.no_status": Text(en="this connection cannot report the printer's status",
                                     th="การเชื่อมต่อนี้แจ้งสถานะเครื่องพิมพ์ไม่ได้"),
    "printer_status.no_printer": Text(en="no printer set up yet: receipts wait until one is added",
                                      th="ยังไม่ได้ตั้งเครื่องพิมพ์: ใบเสร็จจะรอจนกว่าจะเพิ่มเครื่องพิมพ์"),
    "printer_status.busy": Text(en="busy printing a job", th="กำลังพิมพ์งานอยู่"),
    "printer_status.unreachable": Text(en="cannot be reached: check it is switched on and connected",
                                       th="ติดต่อเครื่องพิมพ์ไม่ได้: ตรวจว่าเปิดเครื่องและต่อสายไว้"),
    "printer_status.not_answering": Text(en="not answering: check it is switched on and connected",
                                         th="ไม่ตอบสนอง: ตรวจว่าเปิดเครื่องและต่อสายไว้"),
    "printer_status.unknown_address": Text(en="not found on the network: check the printer address in the settings",
                                           th="หาในเครือข่ายไม่เจอ: ตรวจที่อยู่เครื่องพิมพ์ในการตั้งค่า"),
    "printer_status.not_found": Text(en="not found: check it is switched on and its cable is plugged in",
                                     th="ไม่พบเครื่องพิมพ์: ตรวจว่าเปิดเครื่องและเสียบสายไว้"),
    "printer_status.in_use": Text(en="in use by another program: close that program, or restart the till",
                                  th="โปรแกรมอื่นใช้อยู่: ปิดโปรแกรมนั้น หรือเปิดเครื่องขายใหม่"),
    "printer_status.no_permission": Text(en="this till may not use it yet: ask whoever set up the till",
                                         th="เครื่องขายนี้ยังใช้ไม่ได้: ติดต่อคนที่ติดตั้งเครื่อง"),
    # why a job that went out was not confirmed (kiosk.adapters.printing.printer), inside printer.not_confirmed
    "printer_job.connection_lost": Text(en="the connection was lost during the job",
                                        th="การเชื่อมต่อหลุดระหว่างพิมพ์"),
    "printer_job.not_answering": Text(en="it stopped taking data", th="เครื่องพิมพ์หยุดรับข้อมูล"),
    "printer_job.connection_failed": Text(en="the connection failed during the job",
                                          th="การเชื่อมต่อล้มเหลวระหว่างพิมพ์"),
    "printer_job.no_answer": Text(en="no answer within {seconds} s", th="ไม่ตอบภายใน {seconds} วินาที"),
    "printer_job.reports": Text(en="it reports {status}", th="เครื่องพิมพ์แจ้งว่า {status}"),
    "printer_status.connection_lost": Text(en="connection dropped: check it is switched on and connected",
                                           th="การเชื่อมต่อหลุด: ตรวจว่าเปิดเครื่องและต่อสายไว้"),
    "printer_status.job_refused": Text(en="refuses jobs: check it in the computer's printer settings",
                                       th="ไม่รับงานพิมพ์: ตรวจในการตั้งค่าเครื่องพิมพ์ของคอมพิวเตอร์"),
    "printer_status.not_set_up": Text(en="cannot be set up: check its settings",
                                      th="ตั้งค่าเครื่องพิมพ์ไม่ได้: ตรวจการตั้งค่า"),
    # where a printer is (kiosk.adapters.printing.settings.PrinterSettings.where())
    "printer_where.network": Text(en="network printer {host}:{port}", th="เครื่องพิมพ์เครือข่าย {host}:{port}"),
    "printer_where.usb": Text(en="USB printer {vendor}:{product}", th="เครื่องพิมพ์ USB {vendor}:{product}"),
    "printer_where.serial": Text(en="serial printer {device} @ {baud} baud",
                                 th="เครื่องพิมพ์พอร์ตอนุกรม {device} @ {baud} baud"),
    "printer_where.cups": Text(en="CUPS queue {queue}", th="คิว CUPS {queue}"),
    "printer_where.cups_remote": Text(en="CUPS queue {queue} on {host}", th="คิว CUPS {queue} ที่ {host}"),
    "printer_where.file": Text(en="printer device {path}", th="อุปกรณ์เครื่องพิมพ์ {path}"),
    "printer_where.none": Text(en="no printer set up yet", th="ยังไม่ได้ตั้งเครื่องพิมพ์"),
    "printer_where.dummy": Text(en="dummy printer, no paper", th="เครื่องพิมพ์จำลอง ไม่ออกกระดาษ"),
}

PRINT_JOB = {
    # why a print job is not printed, or how it was settled (PrintJob.last_error; a printer's refusal is its own
    # "printer.<reason>" code): the counter's print queue and status bar, `kiosk printer queue`
    "print_job.interrupted": Text(
        en="Printing was interrupted (the app stopped). Check whether it came out; reprint or dismiss.",
        th="การพิมพ์ถูกขัดจังหวะ (โปรแกรมหยุดทำงาน) ดูว่ากระดาษออกมาไหม แล้วพิมพ์สำเนาใหม่หรือปิดรายการ"),
    "print_job.printed_later": Text(en="printed later as {job}", th="พิมพ์ภายหลังเป็นงาน {job}"),
    "print_job.reprinted": Text(en="reprinted as copy {job}", th="พิมพ์สำเนาใหม่เป็นงาน {job}"),
    "print_job.dismissed": Text(en="dismissed by cashier", th="พนักงานปิดรายการแล้ว"),
    # why a held job is held, said short (kiosk.services.printing.held_reason): the counter's status bar, the kiosk's
    # staff panel
    "print_held.interrupted": Text(en="cut off when the app stopped", th="ถูกตัดกลางคันเพราะโปรแกรมหยุดทำงาน"),
    "print_held.connection_lost": Text(en="the printer dropped the connection part-way",
                                       th="เครื่องพิมพ์ตัดการเชื่อมต่อระหว่างพิมพ์"),
    "print_held.stopped_taking_data": Text(en="the printer stopped taking data part-way",
                                           th="เครื่องพิมพ์หยุดรับข้อมูลระหว่างพิมพ์"),
    "print_held.no_answer": Text(en="the printer did not confirm it in time",
                                 th="เครื่องพิมพ์ไม่ยืนยันภายในเวลาที่กำหนด"),
    "print_held.reports": Text(en="the printer reported a problem after it",
                               th="เครื่องพิมพ์แจ้งปัญหาหลังรับงาน"),
    "print_held.not_confirmed": Text(en="the printer did not confirm it printed",
                                     th="เครื่องพิมพ์ไม่ยืนยันว่าพิมพ์ออก"),
    "print_job.no_printer_dropped": Text(
        en="Not printed: no printer is set up, and only the latest {keep} receipts of the last {hours} hours wait "
           "for one. Reprint it if the customer asks.",
        th="ไม่ได้พิมพ์: ยังไม่ได้ตั้งเครื่องพิมพ์ และจะเก็บรอพิมพ์เฉพาะใบเสร็จล่าสุด {keep} ใบใน {hours} ชั่วโมงที่ผ่านมา "
           "พิมพ์ใหม่ได้ถ้าลูกค้าขอ"),
    # a cash drawer opens only for the moment of its sale (kiosk.services.printing.DRAWER_WINDOW_S)
    "print_job.drawer_too_late": Text(
        en="Cash drawer not opened: the printer was back {late} after the sale (it opens only within {window} of "
           "its sale).",
        th="ไม่ได้เปิดลิ้นชักเงินสด: เครื่องพิมพ์กลับมาหลังการขาย {late} (ลิ้นชักเปิดเฉพาะภายใน {window} "
           "หลังการขาย)"),
    "print_job.printed_without_drawer": Text(
        en="Printed {late} after the sale, without opening the cash drawer (it opens only within {window} of its "
           "sale).",
        th="พิมพ์หลังการขาย {late} โดยไม่เปิดลิ้นชักเงินสด (ลิ้นชักเปิดเฉพาะภายใน {window} หลังการขาย)"),
    "print_job.seconds": Text(en="{n} s", th="{n} วินาที"),
    "print_job.minutes": Text(en="{n} min", th="{n} นาที"),
    # the counter's status bar when only cash drawer openings wait (no receipt, no paper)
    "print_job.drawer_waiting": Text(en="Cash drawer waiting for the printer: tap to check",
                                     th="ลิ้นชักเงินสดรอเครื่องพิมพ์: แตะเพื่อตรวจสอบ"),
    # a note an older version wrote as an English sentence: shown as it was written
    "print_job.as_written": Text(en="{text}", th="{text}"),
}

SYNC = {
    # kiosk sync, kiosk sync --once: one pass (kiosk.services.sync.status.SyncReport)
    "sync.not_configured": Text(en="Stripe is not configured: nothing to sync (the shop works the same without it).",
                                th="ยังไม่ได้ตั้งค่า Stripe: ไม่มีอะไรต้องซิงก์ (ร้านใช้งานได้ตามปกติ)"),
    "sync.did_not_run": Text(en="Sync did not run: {why}", th="ยังไม่ได้ซิงก์: {why}"),
    "sync.elsewhere.waiting_for_hub": Text(en="waiting for the hub to say which device sends the shop's Stripe "
                                             "updates",
                                          th="รอฮับแจ้งว่าเครื่องไหนเป็นผู้ส่งข้อมูลของร้านไป Stripe"),
    "sync.elsewhere.sent_by": Text(en="the shop's Stripe updates are sent by {device}",
                                   th="เครื่อง {device} เป็นผู้ส่งข้อมูลของร้านไป Stripe"),
    "sync.elsewhere.another_worker": Text(en="another sync worker is running on this database",
                                          th="มีตัวซิงก์อีกตัวทำงานกับฐานข้อมูลนี้อยู่"),
    "sync.caught_up_by_listing": Text(en="caught up by listing payments since {since}",
                                      th="ตามทันแล้วด้วยการดึงรายการชำระเงินตั้งแต่ {since}"),
    "sync.online": Text(en="online", th="ออนไลน์"),
    "sync.offline": Text(en="offline", th="ออฟไลน์"),
    "sync.not_tried": Text(en="not tried", th="ยังไม่ได้ลอง"),
    "sync.report": Text(en="{state}: {snapshots} customers, {credits} credit movements, {erasures} erasures sent; "
                           "{skipped} needed nothing; {retry_later} to retry later; {review} to review; "
                           "{payments} online payments ({points} points, {credit_used} credit used on Stripe); "
                           "{memberships} memberships updated",
                        th="{state}: ส่งลูกค้า {snapshots} ราย ความเคลื่อนไหวเครดิต {credits} รายการ ลบข้อมูล "
                           "{erasures} ราย; ไม่ต้องส่ง {skipped}; รอลองใหม่ {retry_later}; รอตรวจ {review}; "
                           "ชำระออนไลน์ {payments} รายการ ({points} แต้ม ใช้เครดิตบน Stripe {credit_used}); "
                           "อัปเดตสมาชิกรายปี {memberships} ราย"),
    "sync.report_error": Text(en="{report}; last error: {error}", th="{report}; ข้อผิดพลาดล่าสุด: {error}"),
    # kiosk sync status (kiosk.services.sync.status.SyncStatus)
    "sync.state.not_configured": Text(en="not configured (set stripe.enabled and KIOSK_STRIPE_API_KEY)",
                                      th="ยังไม่ได้ตั้งค่า (ตั้ง stripe.enabled และ KIOSK_STRIPE_API_KEY)"),
    "sync.state.not_checked": Text(en="not checked yet", th="ยังไม่ได้ตรวจ"),
    "sync.state.paused": Text(en="sync paused (see below)", th="หยุดซิงก์ชั่วคราว (ดูด้านล่าง)"),
    "sync.status.stripe": Text(en="Stripe: {state}", th="การเชื่อมต่อ Stripe: {state}"),
    "sync.status.waiting": Text(en="Waiting to send: {count}", th="รอส่ง: {count}"),
    "sync.status.last_success": Text(en="Last successful sync: {when}", th="ซิงก์สำเร็จล่าสุด: {when}"),
    "sync.status.last_error": Text(en="Last error: {error}", th="ข้อผิดพลาดล่าสุด: {error}"),
    "sync.status.review": Text(en="Review list: {count}", th="รายการรอตรวจ: {count}"),
    "sync.status.review_empty": Text(en="Review list: {count} (nothing to do)",
                                     th="รายการรอตรวจ: {count} (ไม่มีอะไรต้องทำ)"),
    "sync.status.review_item": Text(en="  #{seq} {outbox_id} {topic} member {member} entry {entry} tries {tries}: "
                                       "{error}",
                                    th="  #{seq} {outbox_id} {topic} สมาชิก {member} รายการ {entry} "
                                       "ลองแล้ว {tries} ครั้ง: {error}"),
    "sync.status.review_fix": Text(en="Fix the cause, then: kiosk sync retry <number>, or kiosk sync retry --all",
                                   th="แก้สาเหตุก่อน แล้วสั่ง: kiosk sync retry <หมายเลข> หรือ kiosk sync retry --all"),
    "sync.retried_all": Text(en="{count} review items will be sent again on the next sync.",
                             en_one="{count} review item will be sent again on the next sync.", count="count",
                             th="รายการรอตรวจ {count} รายการจะส่งใหม่ในการซิงก์ครั้งถัดไป"),
    "sync.retried": Text(en="#{seq} ({topic}) will be sent again on the next sync.",
                         th="#{seq} ({topic}) จะส่งใหม่ในการซิงก์ครั้งถัดไป"),
    # a paused sync (kiosk.services.sync.status.SyncPause): why, and what to check
    "sync.paused": Text(en="Sync is paused: {reason}", th="หยุดซิงก์ชั่วคราว: {reason}"),
    "sync.paused_since": Text(en="Sync is paused since {since}: {reason}",
                              th="หยุดซิงก์ชั่วคราวตั้งแต่ {since}: {reason}"),
    "sync.pause.endpoint_not_found": Text(
        en="Stripe's address answered \"no such endpoint\" (HTTP {http_status}) for {operation}: that address is "
           "not Stripe's API, or something between the shop and Stripe blocks it.",
        th="ที่อยู่ของ Stripe ตอบว่า \"ไม่มีปลายทางนี้\" (HTTP {http_status}) สำหรับ {operation}: ที่อยู่นั้นไม่ใช่ "
           "API ของ Stripe หรือมีบางอย่างระหว่างร้านกับ Stripe บล็อกไว้"),
    "sync.pause.not_stripe": Text(
        en="Something other than Stripe answered (HTTP {http_status}, a web page instead of Stripe's answer) for "
           "{operation}.",
        th="มีระบบอื่นที่ไม่ใช่ Stripe ตอบกลับ (HTTP {http_status} เป็นหน้าเว็บแทนคำตอบของ Stripe) สำหรับ {operation}"),
    "sync.pause.authentication_failed": Text(en="Stripe refused the API key.", th="Stripe ไม่รับ API key"),
    "sync.pause.permission_denied": Text(en="Stripe says the API key may not do this ({operation}).",
                                         th="Stripe แจ้งว่า API key นี้ไม่มีสิทธิ์ทำรายการนี้ ({operation})"),
    "sync.pause.tls_failed": Text(en="No secure connection to Stripe could be set up for {operation}.",
                                  th="เชื่อมต่อ Stripe แบบปลอดภัยไม่ได้ สำหรับ {operation}"),
    "sync.pause.repeated_refusal": Text(
        en="Stripe refused {members} different members in a row with the same error ({error_code}): that is not "
           "about those members.",
        th="Stripe ปฏิเสธสมาชิก {members} คนติดกันด้วยข้อผิดพลาดเดียวกัน ({error_code}): ปัญหาไม่ได้อยู่ที่สมาชิก"),
    "sync.pause.other": Text(en="Stripe cannot be used right now ({reason}).",
                             th="ตอนนี้ใช้ Stripe ไม่ได้ ({reason})"),
    "sync.pause.a_request": Text(en="a request", th="คำขอ"),
    "sync.check.api_base": Text(
        en="Check the api_base setting under [stripe] (leave it out to use Stripe itself) and any proxy or firewall "
           "between this computer and api.stripe.com.",
        th="ตรวจการตั้งค่า api_base ใต้ [stripe] (เว้นว่างไว้เพื่อใช้ Stripe โดยตรง) และพร็อกซีหรือไฟร์วอลล์ระหว่าง"
           "เครื่องนี้กับ api.stripe.com"),
    "sync.check.api_key": Text(
        en="Check the API key (KIOSK_STRIPE_API_KEY or the key in the keyring): a current secret key, or a "
           "restricted key allowed to write customers.",
        th="ตรวจ API key (KIOSK_STRIPE_API_KEY หรือคีย์ใน keyring): ต้องเป็น secret key ที่ใช้อยู่ หรือ restricted "
           "key ที่เขียนข้อมูลลูกค้าได้"),
    "sync.check.network": Text(
        en="Check for a proxy or firewall that intercepts secure connections, that api_base starts with https:// "
           "and has the right port, and that this computer's date and time are right.",
        th="ตรวจพร็อกซีหรือไฟร์วอลล์ที่ดักการเชื่อมต่อแบบปลอดภัย ตรวจว่า api_base ขึ้นต้นด้วย https:// และพอร์ตถูกต้อง "
           "และวันเวลาของเครื่องนี้ถูกต้อง"),
    "sync.check.stripe_refusal": Text(
        en="Read the error below; it usually means a Stripe account setting or an app update. Fix it, then run: "
           "kiosk sync --once",
        th="อ่านข้อผิดพลาดด้านล่าง ส่วนใหญ่เกิดจากการตั้งค่าบัญชี Stripe หรือต้องอัปเดตแอป แก้แล้วสั่ง: "
           "kiosk sync --once"),
    "sync.check.other": Text(en="Check: {check}.", th="ตรวจ: {check}"),
    "sync.pause.nothing_lost": Text(
        en="Nothing is lost or sent to review meanwhile; the sync tries again by itself every minute or so, and "
           "`kiosk sync --once` tries now.",
        th="ระหว่างนี้ไม่มีอะไรหายหรือถูกส่งไปรอตรวจ ระบบจะลองซิงก์ใหม่เองราวทุกหนึ่งนาที หรือสั่ง "
           "`kiosk sync --once` เพื่อลองทันที"),
    "sync.pause.nothing_lost_waiting": Text(
        en="Nothing is lost or sent to review meanwhile: {waiting} {waiting:change waits|changes wait}; the sync "
           "tries again by itself every minute or so, and `kiosk sync --once` tries now.",
        th="ระหว่างนี้ไม่มีอะไรหายหรือถูกส่งไปรอตรวจ: มี {waiting} รายการรออยู่ ระบบจะลองซิงก์ใหม่เองราวทุกหนึ่งนาที "
           "หรือสั่ง `kiosk sync --once` เพื่อลองทันที"),
    "sync.pause.error": Text(en="Error: {detail}", th="ข้อผิดพลาด: {detail}"),
    # why a pass or a row did not go through (SyncReport.error, SyncStatus.last_error, ReviewItem.last_error): kept
    # as code and params, worded here; Stripe's own words (its code and message) stay as Stripe said them
    "sync.error.offline": Text(en="Stripe cannot be reached: check the internet connection.",
                               th="ติดต่อ Stripe ไม่ได้: ตรวจการเชื่อมต่ออินเทอร์เน็ต"),
    "sync.error.stripe": Text(en="[{code}] {message}", th="Stripe ตอบกลับ [{code}] {message}"),
    "sync.error.unknown_topic": Text(en="this version of the app does not know how to send {topic}",
                                     th="แอปเวอร์ชันนี้ไม่รู้วิธีส่งรายการประเภท {topic}"),
    "sync.error.internal": Text(en="the sync stopped on an internal error (details in the log); it tries again "
                                   "by itself",
                                th="การซิงก์หยุดเพราะข้อผิดพลาดภายในโปรแกรม (รายละเอียดอยู่ในไฟล์ log) "
                                   "ระบบจะลองใหม่เอง"),
    "sync.error.paused": Text(en="the sync is paused", th="หยุดซิงก์ชั่วคราว"),
    # what a row of the Stripe outbox carries (kiosk.services.sync.push: SNAPSHOT, CREDIT, ERASE)
    "sync_topic.member.snapshot": Text(en="customer details", th="ข้อมูลลูกค้า"),
    "sync_topic.credit.balance_transaction": Text(en="store credit", th="เครดิตร้าน"),
    "sync_topic.member.erase": Text(en="erasure", th="ลบข้อมูลสมาชิก"),
    # a moment, or none yet
    "status.never": Text(en="never", th="ยังไม่เคย"),
}

register(PRINTER_STATUS)
register(PRINT_JOB)
register(SYNC)


def sync_topic(topic: str) -> Message | str:
    """What an outbox row carries, in words a manager reads; a topic the catalogue does not know stays as it is."""
    code = f"sync_topic.{topic}"
    return Message(code) if code in CATALOGUE else topic
