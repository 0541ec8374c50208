"""The catalogue's words for what the `kiosk` command says when it looks after the shop: the print queue, the
demo shop, backups and staff, signing keys and privacy, partners and the support bundle (`kiosk hub`: hub.py)."""

from __future__ import annotations

from kiosk.l10n.catalogue import Text, register

PRINTER = {
    "cli.printer.test_printed": Text(en="Test page printed on {printer} ({where}).",
                                     th="พิมพ์หน้าทดสอบที่ {printer} แล้ว ({where})"),
    "cli.printer.status": Text(en="{printer}: {state}  [{where}]", th="{printer}: {state}  [{where}]"),
    "cli.printer.queue_empty": Text(en="Nothing waiting to print.", th="ไม่มีงานรอพิมพ์"),
    "cli.printer.job": Text(en="{status} {printer} {kind} {reference}  tries={tries}  id={id}",
                            th="{status} {printer} {kind} {reference}  ลอง {tries} ครั้ง  รหัสงาน {id}"),
    "cli.printer.job_copy": Text(en="{status} {printer} {kind} {reference} (copy)  tries={tries}  id={id}",
                                 th="{status} {printer} {kind} {reference} (สำเนา)  ลอง {tries} ครั้ง  "
                                    "รหัสงาน {id}"),
    "cli.printer.last_error": Text(en="         last error: {error}", th="         ข้อผิดพลาดล่าสุด: {error}"),
    "cli.printer.held": Text(en="{count} held job(s): check the paper, then `kiosk printer reprint ID` to print a "
                                "copy.",
                             th="มีงานพักไว้ {count} งาน: ตรวจกระดาษก่อน แล้วสั่ง `kiosk printer reprint ID` "
                                "เพื่อพิมพ์สำเนา"),
    "cli.printer.copy_queued": Text(en="Copy of {reference} queued on {printer} (job {job}).",
                                    th="สำเนา {reference} เข้าคิวที่ {printer} แล้ว (งาน {job})"),
    "cli.printer.printed": Text(en="printed {job}", th="พิมพ์แล้ว {job}"),
    "cli.printer.job_held": Text(en="held {job}: {error} Check the paper, then `kiosk printer reprint {job}`.",
                                 th="พักงาน {job}: {error} ตรวจกระดาษก่อน แล้วสั่ง `kiosk printer reprint {job}`"),
    "cli.printer.job_kept": Text(en="kept {job}: {error}", th="เก็บงาน {job} ไว้ในคิว: {error}"),
    "cli.printer.pending": Text(en="{count} job(s) still pending.", th="ยังมีงานรอพิมพ์ {count} งาน"),
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
