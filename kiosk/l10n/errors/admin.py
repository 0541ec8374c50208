"""Refusals of the shop's set-up and upkeep (settings, printers, backups, the hub, the command line), in English
and Thai."""

from __future__ import annotations

from kiosk.l10n.catalogue import Text

ADMIN_ERRORS: dict[str, Text] = {
    # backup
    "backup.bad_config": Text(en="backup.keep must be at least 1.", th="backup.keep ต้องอย่างน้อย 1"),
    "backup.database_in_use": Text(
        en="{database} is open in another window or process; close it and try again.",
        th="{database} เปิดอยู่ในหน้าต่างหรือโปรแกรมอื่น ปิดก่อนแล้วลองใหม่",
    ),
    "backup.database_missing": Text(
        en="There is no database at {database} to back up.",
        th="ไม่มีฐานข้อมูลที่ {database} ให้สำรอง",
    ),
    "backup.failed_other": Text(en="Could not write the backup: {exc}.", th="เขียนไฟล์สำรองไม่ได้: {exc}"),
    "backup.folder_failed": Text(
        en="Could not make the backup folder {directory}: {strerror}.",
        th="สร้างโฟลเดอร์สำรองข้อมูล {directory} ไม่ได้: {strerror}",
    ),
    "backup.install_failed": Text(
        en="Could not put the new database in place at {database}: {strerror}.",
        th="วางฐานข้อมูลใหม่ที่ {database} ไม่ได้: {strerror}",
    ),
    "backup.invalid": Text(en="{path} is damaged: {result}.", th="{path} เสียหาย: {result}"),
    "backup.missing": Text(en="There is no backup at {source}.", th="ไม่มีไฟล์สำรองที่ {source}"),
    "backup.not_kiosk_database": Text(
        en="{path} is not a Loyalty Kiosk database.",
        th="{path} ไม่ใช่ฐานข้อมูลของ Loyalty Kiosk",
    ),
    "backup.not_sqlite": Text(
        en="Backups here cover the SQLite store; back up PostgreSQL with pg_dump.",
        th="สำรองข้อมูลที่นี่ใช้ได้กับ SQLite เท่านั้น ฐานข้อมูล PostgreSQL ให้สำรองด้วย pg_dump",
    ),
    "backup.staging_failed": Text(
        en="The folder {path} cannot be used ({strerror}).",
        th="ใช้โฟลเดอร์ {path} ไม่ได้ ({strerror})",
    ),
    "backup.target_folder_failed": Text(
        en="Could not make the folder {parent}: {strerror}.",
        th="สร้างโฟลเดอร์ {parent} ไม่ได้: {strerror}",
    ),
    "backup.unreadable": Text(
        en="{path} is not a readable shop database ({exc}).",
        th="{path} อ่านเป็นฐานข้อมูลร้านไม่ได้ ({exc})",
    ),
    "backup.write_failed": Text(
        en="Could not write the backup to {destination}: {strerror}.",
        th="เขียนไฟล์สำรองไปที่ {destination} ไม่ได้: {strerror}",
    ),
    # cli
    "cli.backup_not_sqlite": Text(
        en="Automatic backups cover the SQLite store; back up PostgreSQL with pg_dump.",
        th="การสำรองอัตโนมัติใช้ได้กับ SQLite เท่านั้น ฐานข้อมูล PostgreSQL ให้สำรองด้วย pg_dump",
    ),
    "cli.backup_target_missing": Text(
        en="Give a backup file or folder, or --auto.",
        th="ระบุไฟล์หรือโฟลเดอร์สำรอง หรือใช้ --auto",
    ),
    "cli.bad_date": Text(
        en="{flag} '{text}': give a date as YYYY-MM-DD.",
        th="{flag} '{text}': ใส่วันที่แบบ YYYY-MM-DD",
    ),
    "cli.bad_limit": Text(en="--limit must be a whole number from 1 to {max}.",
                          th="--limit ต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง {max}"),
    "cli.bad_quantity": Text(
        en="'{spec}': the quantity after ':' must be a whole number.",
        th="'{spec}': จำนวนหลัง ':' ต้องเป็นจำนวนเต็ม",
    ),
    "cli.bad_refund_line": Text(
        en="--line '{spec}': give the line's number as printed on the receipt, e.g. 2 or 2:1.",
        th="--line '{spec}': ใส่เลขบรรทัดตามใบเสร็จ เช่น 2 หรือ 2:1",
    ),
    "cli.bad_refund_quantity": Text(
        en="--line '{spec}': the quantity after ':' must be a whole number.",
        th="--line '{spec}': จำนวนหลัง ':' ต้องเป็นจำนวนเต็ม",
    ),
    "cli.empty_basket": Text(
        en="Give --amount or at least one --item.",
        th="ใส่ --amount หรือ --item อย่างน้อยหนึ่งรายการ",
    ),
    "cli.export_failed": Text(en="Cannot write {csv}: {strerror}.", th="เขียน {csv} ไม่ได้: {strerror}"),
    "cli.export_pdf_failed": Text(en="Cannot write {pdf}: {strerror}.", th="เขียน {pdf} ไม่ได้: {strerror}"),
    "cli.export_write_failed": Text(en="Could not write {out}: {strerror}.", th="เขียน {out} ไม่ได้: {strerror}"),
    "cli.face_missing": Text(en="The {face} screen is not installed in this build.", th="รุ่นนี้ไม่มีหน้าจอ {face}"),
    "cli.file_unreadable": Text(en="Cannot read {file}: {strerror}.", th="อ่าน {file} ไม่ได้: {strerror}"),
    "cli.no_shop": Text(
        en="There is no shop in {folder}: check --data-dir or KIOSK_DATA_DIR. To set a new shop up there, open "
           "`kiosk counter` (without a screen: `kiosk staff add --role owner`).",
        th="ไม่มีร้านในโฟลเดอร์ {folder} ตรวจ --data-dir หรือ KIOSK_DATA_DIR ถ้าจะตั้งร้านใหม่ที่นี่ ให้เปิด "
           "`kiosk counter` (ถ้าไม่มีหน้าจอ ใช้ `kiosk staff add --role owner`)",
    ),
    "cli.option_twice": Text(
        en="{option} was given twice: give it once.",
        th="ใส่ {option} ซ้ำสองครั้ง ใส่ได้ครั้งเดียว",
    ),
    "cli.owner_pin_needed": Text(
        en="{refusal} Give an owner's PIN with --owner-pin (or KIOSK_OWNER_PIN).",
        th="{refusal} ใส่ PIN ของเจ้าของด้วย --owner-pin (หรือ KIOSK_OWNER_PIN)",
    ),
    "cli.printer_not_found": Text(
        en="No printers are configured: add a [printers.receipt] table to the config.",
        th="ยังไม่ได้ตั้งเครื่องพิมพ์ เพิ่มตาราง [printers.receipt] ในไฟล์ตั้งค่า",
    ),
    "cli.printer_unknown": Text(
        en="No printer named '{name}'; configured: {value}.",
        th="ไม่มีเครื่องพิมพ์ชื่อ '{name}' ที่ตั้งไว้มี: {value}",
    ),
    "cli.support_bundle_failed": Text(
        en="Could not write the support bundle to {out}: {strerror}.",
        th="เขียนไฟล์ช่วยเหลือไปที่ {out} ไม่ได้: {strerror}",
    ),
    "cli.unknown_item": Text(
        en="No item with SKU '{sku}'. Known: {value}.",
        th="ไม่มีสินค้ารหัส '{sku}' ที่มี: {value}",
    ),
    # config
    "config.data_dir_missing": Text(
        en="The data folder {data_dir} cannot be used ({strerror}). Check the drive is connected, or set "
           "KIOSK_DATA_DIR.",
        th="ใช้โฟลเดอร์ข้อมูล {data_dir} ไม่ได้ ({strerror}) ตรวจว่าเสียบไดรฟ์อยู่ หรือตั้ง KIOSK_DATA_DIR",
    ),
    "config.data_dir_is_file": Text(
        en="{data_dir} is a file, not a folder: a shop keeps its data in a folder. Give another folder "
           "(--data-dir or KIOSK_DATA_DIR), or move the file away. Nothing was changed.",
        th="{data_dir} เป็นไฟล์ ไม่ใช่โฟลเดอร์ ข้อมูลของร้านต้องอยู่ในโฟลเดอร์ ระบุโฟลเดอร์อื่น (--data-dir หรือ "
           "KIOSK_DATA_DIR) หรือย้ายไฟล์นี้ออกไป ยังไม่มีอะไรเปลี่ยน",
    ),
    "config.hub_url": Text(en="Setting hub.url: {refusal}", th="ค่า hub.url: {refusal}"),
    "config.kiosk_verification": Text(
        en="Setting ui.kiosk_verification must be birth_year or birthday, not '{value}'.",
        th="ค่า ui.kiosk_verification ต้องเป็น birth_year หรือ birthday ไม่ใช่ '{value}'",
    ),
    "config.language": Text(en="Setting shop.language must be th or en.", th="ค่า shop.language ต้องเป็น th หรือ en"),
    "config.missing": Text(en="Config file {config_file} does not exist.", th="ไม่มีไฟล์ตั้งค่า {config_file}"),
    "config.new_sale_after": Text(
        en="Setting ui.new_sale_after_seconds cannot be negative (0 waits for the cashier).",
        th="ค่า ui.new_sale_after_seconds ติดลบไม่ได้ (0 คือรอแคชเชียร์)",
    ),
    "config.now_format": Text(
        en="KIOSK_NOW='{text}' is not a date and time like 2026-11-26T14:00:00+07:00.",
        th="KIOSK_NOW='{text}' ไม่ใช่วันเวลาแบบ 2026-11-26T14:00:00+07:00",
    ),
    "config.now_zone": Text(
        en="KIOSK_NOW='{text}' needs a time zone, like 2026-11-26T14:00:00+07:00.",
        th="KIOSK_NOW='{text}' ต้องมีเขตเวลา เช่น 2026-11-26T14:00:00+07:00",
    ),
    "config.receipt_default": Text(
        en="Setting ui.receipt_default must be print or none, not '{value}'.",
        th="ค่า ui.receipt_default ต้องเป็น print หรือ none ไม่ใช่ '{value}'",
    ),
    "config.secret_in_config": Text(
        en="{path}: secrets do not belong in config files ({value}); set KIOSK_STRIPE_API_KEY or use the OS "
           "keyring.",
        th="{path}: ห้ามเก็บรหัสลับในไฟล์ตั้งค่า ({value}) ให้ตั้ง KIOSK_STRIPE_API_KEY หรือใช้คีย์ริงของระบบ",
    ),
    "config.table": Text(
        en="Setting '{key}' in {file} must be a table ([{key}]).",
        th="ค่า '{key}' ใน {file} ต้องเป็นตาราง ([{key}])",
    ),
    "config.table_list": Text(
        en="Setting '{key}' in {file} must be a list of tables ([[{key}]]).",
        th="ค่า '{key}' ใน {file} ต้องเป็นรายการตาราง ([[{key}]])",
    ),
    "config.the_settings": Text(en="the settings", th="การตั้งค่า"),
    "config.toml": Text(en="{path}: not valid TOML ({exc}).", th="{path}: ไม่ใช่ TOML ที่ถูกต้อง ({exc})"),
    "config.unknown_setting": Text(
        en="Unknown setting '{key}' in {file}; did you mean '{suggestion}'?",
        th="ไม่รู้จักค่า '{key}' ใน {file} หมายถึง '{suggestion}' หรือเปล่า",
    ),
    "config.unknown_setting_nothing_close": Text(
        en="Unknown setting '{key}' in {file} (config/default.toml lists every setting).",
        th="ไม่รู้จักค่า '{key}' ใน {file} (ดูค่าทั้งหมดได้ใน config/default.toml)",
    ),
    # demo
    "demo.bad_demo_size": Text(
        en="Demo size: 1..100,000 members and 1..3,650 days.",
        th="ขนาดร้านตัวอย่าง: สมาชิก 1..100,000 คน และ 1..3,650 วัน",
    ),
    "demo.exists": Text(
        en="This data folder already holds the demo shop built with --members {members} --days {days} --seed "
           "{seed}; build another into another folder (--data-dir).",
        th="โฟลเดอร์ข้อมูลนี้มีร้านตัวอย่างที่สร้างด้วย --members {members} --days {days} --seed {seed} อยู่แล้ว "
           "สร้างอันใหม่ในโฟลเดอร์อื่น (--data-dir)",
    ),
    "demo.target_not_empty": Text(
        en="This data folder already holds a shop that is not the demo; build the demo into another folder "
           "(--data-dir).",
        th="โฟลเดอร์ข้อมูลนี้มีร้านอื่นที่ไม่ใช่ร้านตัวอย่างอยู่แล้ว สร้างร้านตัวอย่างในโฟลเดอร์อื่น "
           "(--data-dir)",
    ),
    "demo.target_not_new": Text(
        en="The demo shop is built only into a new, empty shop.",
        th="สร้างร้านตัวอย่างได้เฉพาะในร้านใหม่ที่ว่างเท่านั้น",
    ),
    # expiry on a device of a hub (kiosk.services.expiry.ExpiryDuty)
    "expiry.elsewhere": Text(
        en="Expiry is written by {device} for every shop of the hub; this device leaves it to that one.",
        th="เครื่อง {device} เป็นผู้ตัดยอดที่หมดอายุให้ทุกร้านในฮับ เครื่องนี้จึงไม่ตัดเอง",
    ),
    "expiry.writer_unknown": Text(
        en="This device has not yet heard from the hub which device writes expiry: sync it first (kiosk hub sync).",
        th="เครื่องนี้ยังไม่ได้รับจากฮับว่าเครื่องไหนเป็นผู้ตัดยอดที่หมดอายุ ให้ซิงก์ก่อน (kiosk hub sync)",
    ),
    # hub
    "hub.asked_to_admit": Text(en="let this device in", th="รับเครื่องนี้เข้าร่วม"),
    "hub.asked_to_setup": Text(en="set itself up", th="ตั้งค่าตัวเอง"),
    "hub.asked_to_revoke": Text(en="retire the device", th="เลิกใช้เครื่องนั้น"),
    "hub.asked_to_verify": Text(en="show what it holds", th="แสดงข้อมูลที่เก็บไว้"),
    "hub.bad_url": Text(
        en="'{url}' is not a PostgreSQL address: a hub's looks like postgresql://user@host:5432/database.",
        th="'{url}' ไม่ใช่ที่อยู่ PostgreSQL ที่อยู่ฮับมีรูปแบบเช่น postgresql://user@host:5432/database",
    ),
    "hub.conflict_unknown": Text(
        en="That conflict is settled already, or cannot be written off.",
        th="ข้อขัดแย้งนี้จัดการไปแล้ว หรือตัดทิ้งไม่ได้",
    ),
    "hub.device_ambiguous": Text(
        en="More than one device is called '{target}' ({value}); give its label or id instead.",
        th="มีหลายเครื่องชื่อ '{target}' ({value}) ระบุป้ายชื่อหรือรหัสของเครื่องแทน",
    ),
    "hub.device_name_taken": Text(
        en="Shop '{shop}' already has a device called '{name}': give this one another name.",
        th="ร้าน '{shop}' มีเครื่องชื่อ '{name}' อยู่แล้ว ตั้งชื่ออื่นให้เครื่องนี้",
    ),
    "hub.device_unknown": Text(en="The hub has no device called '{target}'.", th="ฮับไม่มีเครื่องชื่อ '{target}'"),
    "hub.member_not_found": Text(en="One of those members does not exist.", th="มีสมาชิกคนหนึ่งไม่มีอยู่"),
    "hub.merge_done": Text(en="One of these members was already merged.", th="สมาชิกคนใดคนหนึ่งถูกรวมไปแล้ว"),
    "hub.merge_erased": Text(en="An erased member cannot be merged.", th="รวมสมาชิกที่ถูกลบข้อมูลแล้วไม่ได้"),
    "hub.merge_same": Text(en="Choose two different members to merge.", th="เลือกสมาชิกสองคนที่ต่างกันเพื่อรวม"),
    "hub.no_database": Text(
        en="The hub's server has no database called '{database}': check the address.",
        th="เซิร์ฟเวอร์ของฮับไม่มีฐานข้อมูลชื่อ '{database}' ตรวจสอบที่อยู่",
    ),
    "hub.no_role": Text(
        en="The hub's server has no login called '{role}': check the user name in the address.",
        th="เซิร์ฟเวอร์ของฮับไม่มีผู้ใช้ชื่อ '{role}' ตรวจสอบชื่อผู้ใช้ในที่อยู่",
    ),
    "hub.no_shop": Text(
        en="The hub has no shop yet: set it up from the shop's first device with kiosk hub init.",
        th="ฮับยังไม่มีร้าน ตั้งค่าจากเครื่องแรกของร้านด้วย kiosk hub init",
    ),
    "hub.not_joined": Text(
        en="This device is not joined to a hub (kiosk hub join).",
        th="เครื่องนี้ยังไม่ได้เข้าร่วมฮับ (kiosk hub join)",
    ),
    "hub.refused": Text(en="The hub refused to {what}: {value}", th="ฮับไม่ยอม{what}: {value}"),
    "hub.revoked": Text(
        en="This device was retired from the hub; it cannot join again under the same id.",
        th="เครื่องนี้ถูกถอดออกจากฮับแล้ว เข้าร่วมใหม่ด้วยรหัสเดิมไม่ได้",
    ),
    "hub.shop_ambiguous": Text(
        en="More than one shop on the hub is called '{shop}' ({value}); give its id with --shop.",
        th="ฮับมีหลายร้านชื่อ '{shop}' ({value}) ระบุรหัสร้านด้วย --shop",
    ),
    "hub.shop_name_missing": Text(en="Give the shop a name (--shop).", th="ตั้งชื่อร้าน (--shop)"),
    "hub.shop_name_taken": Text(
        en="The hub already has a shop called '{shop}': give this shop another name with --shop, or join that "
           "one with kiosk hub join.",
        th="ฮับมีร้านชื่อ '{shop}' อยู่แล้ว ตั้งชื่ออื่นให้ร้านนี้ด้วย --shop หรือเข้าร่วมร้านนั้นด้วย kiosk hub join",
    ),
    "hub.unknown_shop": Text(
        en="The hub has no shop called '{shop}' ({value}).",
        th="ฮับไม่มีร้านชื่อ '{shop}' ({value})",
    ),
    "hub.unreachable": Text(
        en="The hub did not answer. Check its address, the password and the network.",
        th="ฮับไม่ตอบสนอง ตรวจสอบที่อยู่ รหัสผ่าน และเครือข่าย",
    ),
    "hub.which_shop": Text(
        en="The hub serves several shops; say which with --shop ({value}).",
        th="ฮับมีหลายร้าน ระบุร้านด้วย --shop ({value})",
    ),
    # keys
    "keys.exhausted": Text(
        en="All 32 key ids are used; delete retired keys first.",
        th="ใช้รหัสกุญแจครบทั้ง 32 ชุดแล้ว ลบกุญแจที่เลิกใช้ก่อน",
    ),
    "keys.keyring_failed": Text(
        en="The keyring did not keep the key ({error}); unlock it, or leave the key out and set "
           "KIOSK_STRIPE_API_KEY.",
        th="คีย์ริงเก็บกุญแจไม่ได้ ({error}) ปลดล็อกคีย์ริง หรือเว้นว่างแล้วตั้ง KIOSK_STRIPE_API_KEY",
    ),
    "keys.keyring_remove_failed": Text(
        en="The keyring did not remove the key ({error}).",
        th="คีย์ริงลบกุญแจไม่ได้ ({error})",
    ),
    "keys.rotation_exhausted": Text(
        en="All 32 key ids are used; this shop cannot rotate its key again.",
        th="ใช้รหัสกุญแจครบทั้ง 32 ชุดแล้ว ร้านนี้เปลี่ยนกุญแจอีกไม่ได้",
    ),
    # ledger
    "ledger.fractional_posting": Text(
        en="Posting amounts must be whole numbers (entry {id}).",
        th="จำนวนในรายการบัญชีต้องเป็นจำนวนเต็ม (รายการ {id})",
    ),
    "ledger.no_postings": Text(en="Entry {id} has no postings.", th="รายการบัญชี {id} ไม่มีรายการย่อย"),
    "ledger.unbalanced": Text(en="Entry {id} does not balance: {bad}.", th="รายการบัญชี {id} ไม่สมดุล: {bad}"),
    # printer
    "printer.busy": Text(
        en="{the_printer} is printing a job from another window. Try again when it is done.",
        th="{the_printer} กำลังพิมพ์งานจากหน้าจออื่นอยู่ ลองใหม่เมื่อพิมพ์เสร็จ",
    ),
    "printer.connection_lost": Text(
        en="{the_printer} dropped the connection. Check it is switched on and connected.",
        th="การเชื่อมต่อกับ{the_printer} หลุด ตรวจสอบว่าเปิดเครื่องและเชื่อมต่ออยู่",
    ),
    "printer.driver_missing_cups": Text(
        en="Printer '{name}': CUPS printers need the 'pycups' package (and libcups2-dev to build it): "
           ".venv/bin/pip install pycups",
        th="เครื่องพิมพ์ '{name}': เครื่องพิมพ์ CUPS ต้องใช้แพ็กเกจ 'pycups' (และ libcups2-dev เพื่อติดตั้ง): "
           ".venv/bin/pip install pycups",
    ),
    "printer.driver_missing_serial": Text(
        en="Printer '{name}': Serial printers need the 'pyserial' package: .venv/bin/pip install pyserial",
        th="เครื่องพิมพ์ '{name}': เครื่องพิมพ์ serial ต้องใช้แพ็กเกจ 'pyserial': .venv/bin/pip install pyserial",
    ),
    "printer.driver_missing_usb": Text(
        en="Printer '{name}': USB printers need the 'pyusb' package (and the libusb-1.0-0 system library): "
           ".venv/bin/pip install pyusb",
        th="เครื่องพิมพ์ '{name}': เครื่องพิมพ์ USB ต้องใช้แพ็กเกจ 'pyusb' (และไลบรารี libusb-1.0-0): "
           ".venv/bin/pip install pyusb",
    ),
    "printer.font_missing": Text(
        en="No Thai font found for receipts: install fonts-noto-core or put NotoSansThai-Regular.ttf in "
           "assets/fonts/.",
        th="ไม่พบฟอนต์ไทยสำหรับใบเสร็จ ติดตั้ง fonts-noto-core หรือวาง NotoSansThai-Regular.ttf ไว้ใน "
           "assets/fonts/",
    ),
    "printer.in_use": Text(
        en="{the_printer} is in use by another program. Close that program, or restart the till.",
        th="{the_printer} ถูกโปรแกรมอื่นใช้อยู่ ปิดโปรแกรมนั้น หรือรีสตาร์ทเครื่องขาย",
    ),
    "printer.job_not_found": Text(
        en="No printed document found for '{reference}'.",
        th="ไม่พบเอกสารที่พิมพ์สำหรับ '{reference}'",
    ),
    "printer.job_refused": Text(
        en="{the_printer} refused the job. Check the printer in the computer's printer settings.",
        th="{the_printer} ไม่รับงานพิมพ์ ตรวจเครื่องพิมพ์ในการตั้งค่าเครื่องพิมพ์ของคอมพิวเตอร์",
    ),
    "printer.no_permission": Text(
        en="{the_printer} may not be used by this till yet. Ask whoever set up the till to allow it.",
        th="เครื่องขายนี้ยังไม่มีสิทธิ์ใช้{the_printer} ให้คนที่ตั้งเครื่องอนุญาตก่อน",
    ),
    "printer.no_printer": Text(
        en="No receipt printer is set up yet: receipts wait until one is added in the settings.",
        th="ยังไม่ได้ตั้งเครื่องพิมพ์ใบเสร็จ: ใบเสร็จจะรอจนกว่าจะเพิ่มเครื่องพิมพ์ในการตั้งค่า",
    ),
    "printer.not_answering": Text(
        en="{the_printer} is not answering. Check it is switched on and connected.",
        th="{the_printer} ไม่ตอบสนอง ตรวจสอบว่าเปิดเครื่องและเชื่อมต่ออยู่",
    ),
    "printer.not_confirmed": Text(
        en="{the_printer} took the job but did not confirm it printed ({detail}). Check whether it came out, "
           "then reprint it (a copy) or dismiss it.",
        th="{the_printer} รับงานแล้วแต่ไม่ยืนยันว่าพิมพ์ออก ({detail}) ดูว่ากระดาษออกมาไหม "
           "แล้วพิมพ์สำเนาใหม่หรือปิดรายการ",
    ),
    "printer.not_found": Text(
        en="{the_printer} is not found. Check it is switched on and its cable is plugged in.",
        th="ไม่พบ{the_printer} ตรวจสอบว่าเปิดเครื่องและเสียบสายแล้ว",
    ),
    "printer.not_ready": Text(en="{the_printer} is not ready: {detail}.", th="{the_printer} ยังไม่พร้อม: {detail}"),
    "printer.not_set_up": Text(
        en="{the_printer} cannot be set up. Check its settings.",
        th="ตั้งค่า{the_printer}ไม่ได้ ตรวจการตั้งค่า",
    ),
    "printer.setting_boolean": Text(
        en="printers.{name}.{key} must be true or false.",
        th="printers.{name}.{key} ต้องเป็น true หรือ false",
    ),
    "printer.setting_drawer_pin": Text(
        en="printers.{name}.cash_drawer_pin must be 2 or 5.",
        th="printers.{name}.cash_drawer_pin ต้องเป็น 2 หรือ 5",
    ),
    "printer.setting_host": Text(
        en="printers.{name}.host must be the printer's IP address or name, like 192.168.1.50 (no http://, no "
           "spaces), not '{value}'.",
        th="printers.{name}.host ต้องเป็นเลขที่อยู่ IP หรือชื่อของเครื่องพิมพ์ เช่น 192.168.1.50 (ไม่มี http:// "
           "ไม่มีช่องว่าง) ไม่ใช่ '{value}'",
    ),
    "printer.setting_kind": Text(
        en="printers.{name}.kind must be one of {value}, not '{kind}'.",
        th="printers.{name}.kind ต้องเป็นหนึ่งใน {value} ไม่ใช่ '{kind}'",
    ),
    "printer.setting_kind_missing": Text(
        en="[printers.{name}] needs kind = one of {value}.",
        th="[printers.{name}] ต้องมี kind เป็นหนึ่งใน {value}",
    ),
    "printer.setting_missing_keys": Text(
        en="[printers.{name}] (kind {kind}) needs {value}.",
        th="[printers.{name}] (kind {kind}) ต้องมี {value}",
    ),
    "printer.setting_name": Text(
        en="Printer name '{name}' must be 1-32 letters, digits, '-' or '_'.",
        th="ชื่อเครื่องพิมพ์ '{name}' ต้องเป็นตัวอักษร ตัวเลข '-' หรือ '_' 1-32 ตัว",
    ),
    "printer.setting_number": Text(
        en="printers.{name}.{key} must be a number, not '{value}'.",
        th="printers.{name}.{key} ต้องเป็นตัวเลข ไม่ใช่ '{value}'",
    ),
    "printer.setting_paper": Text(
        en="printers.{name}.paper_mm must be 58 or 80 (or set width_dots and columns for other paper).",
        th="printers.{name}.paper_mm ต้องเป็น 58 หรือ 80 (กระดาษขนาดอื่นให้ตั้ง width_dots และ columns)",
    ),
    "printer.setting_profile": Text(
        en="printers.{name}.profile '{profile}' is not a python-escpos profile; try 'default' or one of: "
           "{value}, ...",
        th="printers.{name}.profile '{profile}' ไม่ใช่โปรไฟล์ของ python-escpos ลองใช้ 'default' หรือหนึ่งใน: "
           "{value}, ...",
    ),
    "printer.setting_range": Text(
        en="printers.{name}.{key} must be between {low} and {high}.",
        th="printers.{name}.{key} ต้องอยู่ระหว่าง {low} ถึง {high}",
    ),
    "printer.setting_seconds": Text(
        en="printers.{name}.{key} must be a number of seconds.",
        th="printers.{name}.{key} ต้องเป็นจำนวนวินาที",
    ),
    "printer.setting_table": Text(en="[printers.{name}] must be a table.", th="[printers.{name}] ต้องเป็นตาราง"),
    "printer.setting_text": Text(
        en="printers.{name}.{key} must be a non-empty text.",
        th="printers.{name}.{key} ต้องเป็นข้อความที่ไม่ว่าง",
    ),
    "printer.setting_unknown_keys": Text(
        en="[printers.{name}] has unknown keys: {value}.",
        th="[printers.{name}] มีคีย์ที่ไม่รู้จัก: {value}",
    ),
    "printer.setting_whole_number": Text(
        en="printers.{name}.{key} must be a whole number.",
        th="printers.{name}.{key} ต้องเป็นจำนวนเต็ม",
    ),
    "printer.storage_error": Text(
        en="The print queue cannot be saved right now (the database is busy or the disk is full). Try again in a "
           "moment.",
        th="บันทึกคิวพิมพ์ตอนนี้ไม่ได้ (ฐานข้อมูลไม่ว่างหรือดิสก์เต็ม) รอสักครู่แล้วลองใหม่",
    ),
    "printer.the_printer": Text(en="The printer", th="เครื่องพิมพ์"),
    # how a refusal names a printer: its config name and where it is (PrinterSettings.where(), "printer_where.*")
    "printer.named": Text(en="The {printer} printer", th="เครื่องพิมพ์ {printer}"),
    "printer.named_at": Text(en="The {printer} printer ({where})", th="เครื่องพิมพ์ {printer} ({where})"),
    "printer.unexpected": Text(
        en="The job could not be printed because of a fault in the till's software; the details are in the log.",
        th="พิมพ์งานไม่ได้เพราะโปรแกรมเครื่องขายขัดข้อง รายละเอียดอยู่ในบันทึก",
    ),
    "printer.unknown": Text(en="No printer named '{name}' is configured.", th="ไม่ได้ตั้งเครื่องพิมพ์ชื่อ '{name}'"),
    "printer.unknown_address": Text(
        en="{the_printer} cannot be found on the network. Check the printer address in the settings.",
        th="หา{the_printer}ในเครือข่ายไม่เจอ ตรวจที่อยู่เครื่องพิมพ์ในการตั้งค่า",
    ),
    # setup
    "setup.currency_unsupported": Text(en="Choose one of {currencies}.", th="เลือกหนึ่งใน {currencies}"),
    "setup.device_name_too_long": Text(
        en="A device's name is at most 60 characters.",
        th="ชื่ออุปกรณ์ยาวได้ไม่เกิน 60 ตัวอักษร",
    ),
    "setup.hub_failed": Text(en="The hub could not be joined.", th="เข้าร่วมฮับไม่ได้"),
    "setup.hub_name_missing": Text(
        en="Give this device a name, like Counter 2.",
        th="ตั้งชื่ออุปกรณ์นี้ เช่น Counter 2",
    ),
    "setup.hub_url_invalid": Text(
        en="The hub address is not a postgresql:// address.",
        th="ที่อยู่ฮับไม่ใช่ที่อยู่แบบ postgresql://",
    ),
    "setup.hub_url_password": Text(
        en="Leave the password out of the hub address: type it in its own field (or set PGPASSWORD).",
        th="อย่าใส่รหัสผ่านในที่อยู่ฮับ ให้พิมพ์ในช่องรหัสผ่าน (หรือตั้ง PGPASSWORD)",
    ),
    "setup.hub_url_shape": Text(
        en="The hub address looks like postgresql://user@host/database.",
        th="ที่อยู่ฮับมีรูปแบบเช่น postgresql://user@host/database",
    ),
    "setup.keyring_unavailable": Text(
        en="This computer has no keyring to keep the key in. Leave it empty and set KIOSK_STRIPE_API_KEY where "
           "the app starts.",
        th="เครื่องนี้ไม่มีคีย์ริงเก็บกุญแจ เว้นว่างไว้แล้วตั้ง KIOSK_STRIPE_API_KEY ตอนเปิดแอป",
    ),
    "setup.language_unsupported": Text(en="Choose Thai or English.", th="เลือกภาษาไทยหรือภาษาอังกฤษ"),
    "setup.line_too_long": Text(
        en="Line {line} is too long for a receipt (at most {max} characters).",
        th="บรรทัด {line} ยาวเกินไปสำหรับใบเสร็จ (ไม่เกิน {max} ตัวอักษร)",
    ),
    "setup.owner_name_missing": Text(en="Enter the owner's name.", th="กรอกชื่อเจ้าของร้าน"),
    "setup.paper_invalid": Text(en="Paper is 80 or 58 mm wide.", th="กระดาษกว้าง 80 หรือ 58 มม."),
    "setup.pin_invalid": Text(en="A PIN is 4 to 8 digits.", th="PIN ต้องเป็นตัวเลข 4 ถึง 8 หลัก"),
    "setup.pin_mismatch": Text(
        en="The two PINs are not the same: type the PIN again.",
        th="PIN ทั้งสองช่องไม่ตรงกัน กรุณากรอก PIN อีกครั้ง",
    ),
    "setup.printer_address_missing": Text(en="Enter where the printer is.", th="กรอกที่อยู่ของเครื่องพิมพ์"),
    "setup.printer_invalid": Text(
        en="Those printer settings cannot work: {reason}",
        th="ตั้งค่าเครื่องพิมพ์แบบนี้ใช้ไม่ได้: {reason}",
    ),
    "setup.printer_kind_unknown": Text(
        en="Choose how the printer is connected.",
        th="เลือกวิธีเชื่อมต่อเครื่องพิมพ์",
    ),
    "setup.printer_network_address_invalid": Text(
        en="A network printer's address is like 192.168.1.50 or 192.168.1.50:9100.",
        th="ที่อยู่เครื่องพิมพ์เครือข่ายมีรูปแบบเช่น 192.168.1.50 หรือ 192.168.1.50:9100",
    ),
    "setup.printer_usb_address_invalid": Text(
        en="A USB printer is named by its vendor and product id, like 04b8:0202 (see lsusb).",
        th="เครื่องพิมพ์ USB ระบุด้วยรหัสผู้ผลิตและรหัสสินค้า เช่น 04b8:0202 (ดูด้วย lsusb)",
    ),
    "setup.shop_name_missing": Text(
        en="Enter the shop's name as receipts should show it.",
        th="กรอกชื่อร้านตามที่จะให้แสดงบนใบเสร็จ",
    ),
    "setup.shop_name_too_long": Text(
        en="The shop's name is too long for a receipt (at most {max} characters).",
        th="ชื่อร้านยาวเกินไปสำหรับใบเสร็จ (ไม่เกิน {max} ตัวอักษร)",
    ),
    "setup.shop_phone_invalid": Text(
        en="A phone number has digits, spaces, dashes and an optional +.",
        th="เบอร์โทรศัพท์มีได้เฉพาะตัวเลข ช่องว่าง ขีด และเครื่องหมาย + นำหน้า",
    ),
    "setup.stripe_key_invalid": Text(
        en="A Stripe secret key starts with sk_live_ or sk_test_ (or rk_ for a restricted key).",
        th="คีย์ลับของ Stripe ขึ้นต้นด้วย sk_live_ หรือ sk_test_ (หรือ rk_ สำหรับคีย์แบบจำกัดสิทธิ์)",
    ),
    "setup.tax_id_invalid": Text(
        en="A tax id has letters, digits, spaces and dashes only (at most 20).",
        th="เลขประจำตัวผู้เสียภาษีมีได้เฉพาะตัวอักษร ตัวเลข ช่องว่าง และขีด (ไม่เกิน 20 ตัว)",
    ),
    "setup.template_unknown": Text(en="Choose one of the programs.", th="เลือกโปรแกรมสะสมแต้มหนึ่งแบบ"),
    # startup
    "startup.database_too_new": Text(
        en="This shop's database was made by a newer version of Loyalty Kiosk (revision {current}; this version "
           "knows up to {head}). Install that version or a newer one; nothing was changed.",
        th="ฐานข้อมูลร้านนี้สร้างจาก Loyalty Kiosk รุ่นใหม่กว่า (รุ่น {current} รุ่นนี้รู้จักถึง {head}) "
           "ติดตั้งรุ่นนั้นหรือใหม่กว่า ยังไม่มีอะไรเปลี่ยน",
    ),
    "startup.demo_not_sqlite": Text(
        en="The demo shop is built as a SQLite file; unset KIOSK_DATABASE_URL and database.url.",
        th="ร้านตัวอย่างสร้างเป็นไฟล์ SQLite ให้ยกเลิก KIOSK_DATABASE_URL และ database.url",
    ),
    "startup.hub_already": Text(
        en="This device already syncs with a hub ({url}).",
        th="เครื่องนี้ซิงก์กับฮับอยู่แล้ว ({url})",
    ),
    "startup.hub_join_not_fresh": Text(
        en="This device already has members or sales: a device joins a shop empty. To bring this shop's own "
           "history to a hub, use kiosk hub init.",
        th="เครื่องนี้มีสมาชิกหรือยอดขายแล้ว เครื่องที่เข้าร่วมร้านต้องว่าง ถ้าจะส่งประวัติร้านนี้ขึ้นฮับ ใช้ "
           "kiosk hub init",
    ),
    "startup.hub_needs_sqlite": Text(
        en="A device joins a hub with its own SQLite database; unset KIOSK_DATABASE_URL.",
        th="เครื่องที่เข้าร่วมฮับต้องใช้ฐานข้อมูล SQLite ของตัวเอง ให้ยกเลิก KIOSK_DATABASE_URL",
    ),
    "hub.not_a_hub": Text(
        en="That database is not a hub: it has none of a hub's tables.",
        th="ฐานข้อมูลนั้นไม่ใช่ฮับ ไม่มีตารางของฮับ",
    ),
    "startup.hub_not_a_hub": Text(
        en="That database is not a hub yet: set it up from the shop's first device with kiosk hub init.",
        th="ฐานข้อมูลนั้นยังไม่เป็นฮับ ตั้งค่าจากเครื่องแรกของร้านด้วย kiosk hub init",
    ),
    "startup.hub_url_missing": Text(en="Enter the hub's address.", th="กรอกที่อยู่ฮับ"),
    "startup.restore_on_hub": Text(
        en="This device syncs with a hub: an older copy of its database would fork its ledger from what the hub "
           "already holds. Replace the device by joining a new, empty one (kiosk hub join); to restore anyway, "
           "take [hub] url out of {value} first (the device then works alone).",
        th="เครื่องนี้ซิงก์กับฮับ สำเนาฐานข้อมูลเก่าจะทำให้บัญชีแยกจากที่ฮับมีอยู่ "
           "ให้เปลี่ยนเครื่องโดยเข้าร่วมด้วยเครื่องใหม่ที่ว่าง (kiosk hub join) ถ้าจะกู้คืนจริง ให้เอา url ใน "
           "[hub] ออกจาก {value} ก่อน (เครื่องจะทำงานเดี่ยว)",
    ),
    "startup.upgrade_backup_failed": Text(
        en="The database must be upgraded, and a copy is made first; the copy failed: {refusal} Nothing was "
           "changed.",
        th="ต้องอัปเกรดฐานข้อมูล และต้องทำสำเนาก่อน แต่ทำสำเนาไม่สำเร็จ: {refusal} ยังไม่มีอะไรเปลี่ยน",
    ),
    # storage
    "storage.data_dir_missing": Text(
        en="The data folder {parent} does not exist.",
        th="ไม่มีโฟลเดอร์ข้อมูล {parent}",
    ),
    "storage.database_corrupt": Text(
        en="The database file is damaged. Restore the latest backup (kiosk restore).",
        th="ไฟล์ฐานข้อมูลเสียหาย กู้คืนจากไฟล์สำรองล่าสุด (kiosk restore)",
    ),
    "storage.database_error": Text(en="The database reported a problem: {value}", th="ฐานข้อมูลแจ้งปัญหา: {value}"),
    "storage.database_locked": Text(
        en="The database is busy in another window; please try again.",
        th="ฐานข้อมูลกำลังถูกใช้ในหน้าต่างอื่น ลองใหม่อีกครั้ง",
    ),
    "storage.database_unavailable": Text(
        en="The database file cannot be opened for writing. Check the data folder.",
        th="เปิดไฟล์ฐานข้อมูลเพื่อบันทึกไม่ได้ ตรวจดูโฟลเดอร์ข้อมูล",
    ),
    "storage.disk_full": Text(
        en="The disk is full. Nothing was saved; free space and try again.",
        th="ดิสก์เต็ม ยังไม่ได้บันทึกอะไร ลบไฟล์ให้มีที่ว่างแล้วลองใหม่",
    ),
    "storage.integrity_conflict": Text(
        en="That was changed at the same moment somewhere else; please try again.",
        th="มีการแก้ไขรายการนี้ที่อื่นพร้อมกัน ลองใหม่อีกครั้ง",
    ),
}
