"""The first-run set-up's words for the Thai forms of the shop's name and receipt footer (the wizard's other
labels are its Qt strings): what Thai screens and Thai receipts show."""

from __future__ import annotations

from kiosk.l10n.catalogue import Text, register

SETUP = {
    "setup.label.name_th": Text(en="Shop name in Thai", th="ชื่อร้านภาษาไทย"),
    "setup.label.footer_th": Text(en="Receipt footer in Thai", th="ท้ายใบเสร็จภาษาไทย"),
    # beside the English name and the English footer's first line
    "setup.hint.name_th": Text(en="in Thai (optional)", th="ภาษาไทย (ไม่บังคับ)"),
    "setup.hint.footer_th": Text(en="in Thai, e.g. ขอบคุณค่ะ", th="ภาษาไทย เช่น ขอบคุณค่ะ"),
    # the English footer, which a Thai screen used to suggest in Thai
    "setup.hint.footer": Text(en="e.g. Thank you! See you again", th="ภาษาอังกฤษ เช่น Thank you!"),
}

register(SETUP)
