"""The catalogue's words for `kiosk hub`: joining the shop's hub, how this device and the others are doing, and
the conflicts devices that sold apart leave to settle."""

from __future__ import annotations

from kiosk.l10n.catalogue import Text, register

HUB = {
    # kiosk hub init / join
    "hub.published": Text(en="Published this device as the first of shop {shop} on the hub",
                          th="เครื่องนี้เป็นเครื่องแรกของร้าน {shop} บนฮับแล้ว"),
    "hub.joined": Text(en="Joined shop {shop} on the hub", th="เข้าร่วมร้าน {shop} บนฮับแล้ว"),
    "hub.new_hub": Text(en="{text} (the hub was set up now)", th="{text} (เพิ่งตั้งฮับใหม่)"),
    "hub.labels": Text(en="This device's receipts: {counter}-…; its kiosk's: {kiosk}-…",
                       th="ใบเสร็จของเครื่องนี้: {counter}-… ของตู้บริการตัวเอง: {kiosk}-…"),
    "hub.password_kept": Text(en="Its hub password is kept in {where} (KIOSK_HUB_PASSWORD overrides it).",
                              th="รหัสผ่านฮับเก็บไว้ใน {where} (ใช้ KIOSK_HUB_PASSWORD แทนได้)"),
    "hub.progress": Text(en="{done}/{total} items", th="{done}/{total} รายการ"),
    # one round (kiosk.services.hub.HubReport)
    "hub.no_hub": Text(en="This device has no hub (kiosk hub init or kiosk hub join).",
                       th="เครื่องนี้ยังไม่ได้ต่อฮับ (kiosk hub init หรือ kiosk hub join)"),
    "hub.out_of_reach": Text(en="The hub is out of reach; this device keeps selling and sends everything later. "
                                "({error})",
                             th="ติดต่อฮับไม่ได้ เครื่องนี้ขายต่อได้ตามปกติและจะส่งข้อมูลทีหลัง ({error})"),
    "hub.synced": Text(en="Synced: sent {pushed}, received {pulled}.",
                       th="ซิงก์แล้ว: ส่ง {pushed} รายการ รับ {pulled} รายการ"),
    "hub.settings_changed": Text(en="The shop's settings changed on another device and apply here now.",
                                 th="มีการเปลี่ยนการตั้งค่าร้านจากเครื่องอื่น และใช้กับเครื่องนี้แล้ว"),
    "hub.refused_next": Text(en="The hub refused this device's next item: {refused}\nNothing after it is sent until "
                                "this is looked into (kiosk verify on this device; kiosk hub status --check).",
                             th="ฮับไม่รับรายการถัดไปของเครื่องนี้: {refused}\nรายการหลังจากนี้จะยังไม่ส่งจนกว่าจะ"
                                "ตรวจสอบ (kiosk verify ที่เครื่องนี้; kiosk hub status --check)"),
    # kiosk hub status (kiosk.services.hub.HubStatus)
    "hub.works_alone": Text(en="This device has no hub: it works on its own (kiosk hub init or kiosk hub join to "
                               "share one ledger).",
                            th="เครื่องนี้ไม่ได้ต่อฮับ ทำงานแยกของตัวเอง (ใช้ kiosk hub init หรือ kiosk hub join "
                               "เพื่อใช้บัญชีร่วมกัน)"),
    "hub.state.online": Text(en="online", th="ออนไลน์"),
    "hub.state.offline": Text(en="offline (keeps selling; sends everything later)",
                              th="ออฟไลน์ (ขายต่อได้ ส่งข้อมูลทีหลัง)"),
    "hub.state.last_reached": Text(en="last reached {when} (--check asks it now)",
                                   th="ติดต่อได้ล่าสุด {when} (ใส่ --check เพื่อถามฮับตอนนี้)"),
    "hub.state.never_reached": Text(en="not reached yet: the first sync has not finished (kiosk hub sync)",
                                    th="ยังติดต่อฮับไม่สำเร็จ: การซิงก์ครั้งแรกยังไม่เสร็จ (kiosk hub sync)"),
    "hub.status.hub": Text(en="Hub: {url} — {state}", th="ฮับ: {url} — {state}"),
    "hub.status.shop": Text(en="Shop: {shop}", th="ร้าน: {shop}"),
    "hub.status.last_contact": Text(en="Last contact: {when}", th="ติดต่อล่าสุด: {when}"),
    "hub.status.pending": Text(en="Still to send: {count} items", en_one="Still to send: {count} item", count="count",
                               th="รอส่ง: {count} รายการ"),
    "hub.status.expiry_writer": Text(en="Expiry is written for the hub by: {device}",
                                     th="เครื่องที่ตัดยอดหมดอายุให้ทั้งฮับ: {device}"),
    "hub.status.stripe_holder": Text(en="Stripe updates are sent by: {device}",
                                     th="เครื่องที่ส่งข้อมูลไป Stripe: {device}"),
    # why the last round stopped (kiosk.adapters.hub.remote: HubRefused, HubUnreachable); the database driver's
    # words stay as they are, and so do the sentences a hub older than this app gave (its reasons are HUB_REFUSED)
    "hub.error.not_let_in": Text(en="The hub does not let this device in (it was retired, or its password changed).",
                                 th="ฮับไม่ให้เครื่องนี้เข้า (เครื่องถูกเลิกใช้ หรือรหัสผ่านถูกเปลี่ยน)"),
    "hub.error.unknown_device": Text(en="The hub does not know this device; join it again (kiosk hub join).",
                                     th="ฮับไม่รู้จักเครื่องนี้ ให้เข้าร่วมใหม่ (kiosk hub join)"),
    "hub.error.no_answer": Text(en="The hub did not answer: {detail}", th="ฮับไม่ตอบ: {detail}"),
    # the hub answered what this device cannot read, and the two are of different versions (hub_version)
    "hub.error.device_older": Text(
        en="The hub is of a newer version ({hub}) than this device ({device}): update Loyalty Kiosk on this device.",
        th="ฮับเป็นรุ่นใหม่กว่า ({hub}) เครื่องนี้ ({device}) ให้อัปเดต Loyalty Kiosk ในเครื่องนี้"),
    "hub.error.hub_older": Text(
        en="The hub is of an older version ({hub}) than this device ({device}): ask the owner to upgrade it "
           "(kiosk hub upgrade).",
        th="ฮับเป็นรุ่นเก่ากว่า ({hub}) เครื่องนี้ ({device}) ให้เจ้าของร้านอัปเกรดฮับ (kiosk hub upgrade)"),
    "hub.status.refused": Text(en="Refused by the hub: {refused}", th="ฮับไม่รับ: {refused}"),
    "hub.status.last_error": Text(en="Last error: {error}", th="ข้อผิดพลาดล่าสุด: {error}"),
    "hub.status.devices": Text(en="Devices:", th="เครื่องทั้งหมด:"),
    "hub.status.device": Text(en="  {label} {name} [{role}] {shop}: last contact {when}, {pending} still to send, "
                                 "{accepted} sent",
                              th="  {label} {name} [{role}] {shop}: ติดต่อล่าสุด {when} รอส่ง {pending} "
                                 "ส่งแล้ว {accepted}"),
    "hub.status.device_retired": Text(en="  {label} {name} [{role}] {shop} (retired): last contact {when}, {pending} "
                                         "still to send, {accepted} sent",
                                      th="  {label} {name} [{role}] {shop} (เลิกใช้แล้ว): ติดต่อล่าสุด {when} "
                                         "รอส่ง {pending} ส่งแล้ว {accepted}"),
    "hub.status.refusal": Text(en="Refused item {seq} at {when}: {reason}",
                               th="ฮับไม่รับรายการ {seq} เมื่อ {when}: {reason}"),
    "hub.status.conflicts": Text(en="Conflicts: {count}", th="รายการขัดแย้ง: {count}"),
    "hub.status.no_conflicts": Text(en="Conflicts: {count} (nothing to settle)",
                                    th="รายการขัดแย้ง: {count} (ไม่มีอะไรต้องจัดการ)"),
    "device_role.counter": Text(en="counter", th="เคาน์เตอร์"),
    "device_role.kiosk": Text(en="kiosk", th="ตู้บริการตัวเอง"),
    "unit.points": Text(en="PTS", th="แต้ม"),
    # what devices that sold apart leave to settle (kiosk.services.ports.hub.HubConflict)
    "hub.conflict.overdraft": Text(
        en="{key}: {who} spent {held} more than they had, on devices {devices} while apart (receipts "
           "{receipts}). Leave it to be settled by what they earn next, or: kiosk hub write-off KEY",
        th="{key}: {who} ใช้ {held} เกินกว่าที่มี บนเครื่อง {devices} ตอนที่ไม่ได้เชื่อมกัน (ใบเสร็จ "
           "{receipts}) ปล่อยให้หักจากที่ได้รับครั้งต่อไป หรือสั่ง: kiosk hub write-off KEY"),
    "hub.conflict.voucher_twice": Text(
        en="{key}: voucher {voucher} was used {times} times (receipts {receipts}). Settle it: kiosk hub write-off KEY",
        th="{key}: คูปอง {voucher} ถูกใช้ {times} ครั้ง (ใบเสร็จ {receipts}) จัดการด้วย: kiosk hub write-off KEY"),
    "hub.conflict.refund_twice": Text(
        en="{key}: sale {sale} ({who}) was refunded on devices {devices} while apart, more than was sold (refunds "
           "{refunds}). Check what went back to the customer; the ledger keeps both.",
        th="{key}: บิล {sale} ({who}) ถูกคืนเงินบนเครื่อง {devices} ตอนที่ไม่ได้เชื่อมกัน เกินยอดที่ขาย (ใบคืนเงิน "
           "{refunds}) ตรวจว่าคืนอะไรให้ลูกค้าไปบ้าง บัญชีเก็บไว้ทั้งสองรายการ"),
    "hub.conflict.offer_twice": Text(
        en="{key}: {who} used the offer “{offer}” {times} times, on devices {devices} while apart (receipts "
           "{receipts}). It is meant once: check what was given; the ledger keeps every sale.",
        th="{key}: {who} ใช้ข้อเสนอ “{offer}” {times} ครั้ง บนเครื่อง {devices} ตอนที่ไม่ได้เชื่อมกัน (ใบเสร็จ "
           "{receipts}) ข้อเสนอนี้ใช้ได้ครั้งเดียว ตรวจว่าให้อะไรไปบ้าง บัญชีเก็บทุกบิลไว้"),
    "hub.conflict.challenge_twice": Text(
        en="{key}: {who} completed the challenge “{challenge}” {times} times in {period}, on devices {devices} while "
           "apart (receipts {receipts}): its bonus is meant once, {held} given over. Take the later one "
           "back: kiosk hub write-off KEY",
        th="{key}: {who} ทำภารกิจ “{challenge}” สำเร็จ {times} ครั้งใน {period} บนเครื่อง {devices} ตอนที่ไม่ได้"
           "เชื่อมกัน (ใบเสร็จ {receipts}) โบนัสให้ได้ครั้งเดียว ให้เกินไป {held} หักครั้งหลังคืนด้วย: "
           "kiosk hub write-off KEY"),
    "hub.conflict.expiry_beyond": Text(
        en="{key}: expiry on devices {devices} wrote off {held} of {who} more than their lots held (the "
           "same lots expired on two devices apart, or spent on another device first). Give the later write-off "
           "back: kiosk hub write-off KEY",
        th="{key}: การตัดยอดหมดอายุบนเครื่อง {devices} ตัด {held} ของ {who} เกินกว่าที่มีอยู่จริง "
           "(ตัดยอดเดียวกันซ้ำบนสองเครื่องตอนที่ไม่ได้เชื่อมกัน หรือยอดนั้นถูกใช้ไปบนอีกเครื่องก่อนแล้ว) "
           "คืนยอดที่ตัดครั้งหลังด้วย: kiosk hub write-off KEY"),
    "hub.conflict.phone_twice": Text(
        en="{key}: phone {phone} belongs to {members}, enrolled on different devices. If they are one person: "
           "kiosk hub merge KEEP MERGE",
        th="{key}: เบอร์ {phone} เป็นของ {members} ที่สมัครจากคนละเครื่อง ถ้าเป็นคนเดียวกัน สั่ง: "
           "kiosk hub merge KEEP MERGE"),
    "hub.conflict.member": Text(en="{name} ({id})", th="{name} ({id})"),
    "hub.conflict.and": Text(en="{first} and {second}", th="{first} และ {second}"),
    # kiosk hub upgrade / verify / conflicts / revoke / merge / write-off
    "hub.upgraded_new": Text(en="The hub was set up from scratch.", th="ตั้งฮับใหม่ตั้งแต่ต้นแล้ว"),
    "hub.up_to_date": Text(en="The hub is up to date.", th="ฮับเป็นรุ่นล่าสุดแล้ว"),
    "hub.verified": Text(en="Hub: {entries} ledger entries, {records} sales/refunds/vouchers and {audit} audit "
                            "records checked.",
                         th="ฮับ: ตรวจรายการบัญชี {entries} รายการ บิล/คืนเงิน/คูปอง {records} รายการ "
                            "และบันทึกตรวจสอบ {audit} รายการแล้ว"),
    "hub.verify_problem": Text(en="  problem: {problem}", th="  ปัญหา: {problem}"),
    "hub.verify_ok": Text(en="Every device's chains hold and balances match.",
                          th="ข้อมูลของทุกเครื่องต่อกันครบและยอดคงเหลือตรงกัน"),
    "hub.no_conflicts": Text(en="No conflicts: nothing to settle.", th="ไม่มีรายการขัดแย้ง ไม่มีอะไรต้องจัดการ"),
    "hub.device_revoked": Text(en="Device {device} ({found}) is retired: it can no longer reach the hub.",
                        th="เลิกใช้เครื่อง {device} ({found}) แล้ว เครื่องนี้ติดต่อฮับไม่ได้อีก"),
    "hub.merged": Text(en="Merged member {merged} into {kept}; moved {moved}. Both cards keep working.",
                       th="รวมสมาชิก {merged} เข้ากับ {kept} แล้ว ย้าย {moved} บัตรทั้งสองใบยังใช้ได้"),
    "hub.moved_nothing": Text(en="nothing", th="ไม่มี"),
    "hub.amount_unit": Text(en="{amount} {unit}", th="{amount} {unit}"),
    "hub.took_back": Text(en="Took back {held} ({key}), the challenge bonus given again: the member keeps one.",
                          th="หักคืน {held} ({key}) ซึ่งเป็นโบนัสภารกิจที่ให้ซ้ำ สมาชิกยังได้หนึ่งครั้ง"),
    "hub.gave_back_expired": Text(en="Gave back {held} ({key}) that expiry had written off twice.",
                                  th="คืนยอด {held} ({key}) ที่ถูกตัดหมดอายุซ้ำแล้ว"),
    "hub.written_off": Text(en="Written off {held} ({key}) at the shop's cost.",
                            th="ตัดยอด {held} ({key}) เป็นค่าใช้จ่ายของร้านแล้ว"),
}

# Why the hub refuses an item a device pushes, or the device itself: the codes its functions give
# (kiosk.adapters.hub.schema's hub_reason, 'hub.refused.<reason>' with its values; an item's number is `seq`).
HUB_REFUSED = {
    # the item as a whole, against this device's stream on the hub
    "hub.refused.replayed": Text(
        en="Item {seq} was sent again with other contents: the hub already holds another item {seq}.",
        th="รายการที่ {seq} ถูกส่งมาซ้ำ แต่ข้อมูลไม่ตรงกับรายการที่ {seq} ที่ฮับรับไว้แล้ว"),
    "hub.refused.gap": Text(
        en="Item {seq} arrived after item {last}: items {first_missing} to {last_missing} are missing (a gap).",
        th="รายการที่ {seq} มาต่อจากรายการที่ {last} โดยขาดรายการที่ {first_missing} ถึง {last_missing} ไป"),
    "hub.refused.unchained": Text(en="Item {seq} does not follow on from item {last} (forged or edited).",
                                  th="รายการที่ {seq} ไม่ได้ต่อจากรายการที่ {last} (อาจถูกปลอมหรือถูกแก้ไข)"),
    "hub.refused.foreign_device": Text(en="Item {seq} speaks for device {device}, which is not this installation's.",
                                       th="รายการที่ {seq} อ้างว่ามาจากเครื่อง {device} ซึ่งไม่ใช่เครื่องชุดนี้"),
    "hub.refused.unknown_kind": Text(en="Item {seq} is of a kind the hub does not know ({kind}).",
                                     th="รายการที่ {seq} เป็นประเภทที่ฮับไม่รู้จัก ({kind})"),
    # a hub before version 5: the database's own words
    "hub.refused.not_stored": Text(en="Item {seq} could not be stored: {detail}",
                                   th="ฮับบันทึกรายการที่ {seq} ไม่ได้: {detail}"),
    # from version 5, by the kind of failure (its SQLSTATE's class); the database's words stay in the hub's log
    "hub.refused.not_stored_conflict": Text(
        en="Item {seq} could not be stored: it clashes with what the hub already holds (database code {state}).",
        th="ฮับบันทึกรายการที่ {seq} ไม่ได้: ขัดกับข้อมูลที่ฮับมีอยู่แล้ว (รหัสฐานข้อมูล {state})"),
    "hub.refused.not_stored_value": Text(
        en="Item {seq} could not be stored: it holds a value the hub's database cannot take (database code {state}).",
        th="ฮับบันทึกรายการที่ {seq} ไม่ได้: มีค่าที่ฐานข้อมูลของฮับรับไม่ได้ (รหัสฐานข้อมูล {state})"),
    "hub.refused.not_stored_failed": Text(
        en="Item {seq} could not be stored: the hub's database failed (database code {state}). It is tried again "
           "at the next sync.",
        th="ฮับบันทึกรายการที่ {seq} ไม่ได้: ฐานข้อมูลของฮับขัดข้อง (รหัสฐานข้อมูล {state}) จะลองใหม่ในการซิงก์ครั้งถัดไป"),
    "hub.refused.entry_not_journalled": Text(en="Item {seq}: the ledger entry is not the one journalled.",
                                             th="รายการที่ {seq}: รายการบัญชีไม่ตรงกับที่เครื่องเตรียมส่งไว้"),
    "hub.refused.audit_not_journalled": Text(en="Item {seq}: the audit record is not the one journalled.",
                                             th="รายการที่ {seq}: บันทึกการตรวจสอบไม่ตรงกับที่เครื่องเตรียมส่งไว้"),
    "hub.refused.record_not_journalled": Text(
        en="Item {seq}: the sale, refund or voucher is not the one journalled.",
        th="รายการที่ {seq}: บิล ใบคืนเงิน หรือคูปองไม่ตรงกับที่เครื่องเตรียมส่งไว้"),
    "hub.refused.row_not_journalled": Text(en="Item {seq}: the changed row is not the one journalled.",
                                           th="รายการที่ {seq}: ข้อมูลที่แก้ไขไม่ตรงกับที่เครื่องเตรียมส่งไว้"),
    # a ledger entry
    "hub.refused.entry_other_device": Text(en="Item {seq}: the ledger entry names another device.",
                                           th="รายการที่ {seq}: รายการบัญชีระบุว่าเป็นของเครื่องอื่น"),
    "hub.refused.entry_unchained": Text(
        en="Item {seq}: ledger entry {entry} does not follow on from the entries before it.",
        th="รายการที่ {seq}: รายการบัญชี {entry} ไม่ได้ต่อจากรายการบัญชีก่อนหน้า"),
    "hub.refused.entry_altered": Text(en="Item {seq}: ledger entry {entry}: its hash does not match its contents.",
                                      th="รายการที่ {seq}: ข้อมูลของรายการบัญชี {entry} ไม่ตรงกับรหัสตรวจสอบ "
                                         "(อาจถูกแก้ไข)"),
    "hub.refused.entry_known": Text(en="Item {seq}: ledger entry {entry} is already on the hub.",
                                    th="รายการที่ {seq}: รายการบัญชี {entry} มีอยู่บนฮับแล้ว"),
    # an audit record
    "hub.refused.audit_other_device": Text(en="Item {seq}: the audit record names another device.",
                                           th="รายการที่ {seq}: บันทึกการตรวจสอบระบุว่าเป็นของเครื่องอื่น"),
    "hub.refused.audit_unchained": Text(
        en="Item {seq}: audit record {record} does not follow on from the records before it.",
        th="รายการที่ {seq}: บันทึกการตรวจสอบ {record} ไม่ได้ต่อจากบันทึกก่อนหน้า"),
    "hub.refused.audit_altered": Text(en="Item {seq}: audit record {record}: its hash does not match its contents.",
                                      th="รายการที่ {seq}: ข้อมูลของบันทึกการตรวจสอบ {record} ไม่ตรงกับรหัสตรวจสอบ "
                                         "(อาจถูกแก้ไข)"),
    # a sale, refund or voucher ({record}: hub.record.*)
    "hub.refused.record_kind": Text(en="Item {seq}: the hub keeps no records of {table}.",
                                    th="รายการที่ {seq}: ฮับไม่เก็บเอกสารประเภท {table}"),
    "hub.refused.record_unchained": Text(en="Item {seq}: {record} does not follow on from the records before it.",
                                         th="รายการที่ {seq}: {record} ไม่ได้ต่อจากเอกสารก่อนหน้า"),
    "hub.refused.record_altered": Text(en="Item {seq}: {record}: its hash does not match its contents.",
                                       th="รายการที่ {seq}: ข้อมูลของ{record} ไม่ตรงกับรหัสตรวจสอบ (อาจถูกแก้ไข)"),
    "hub.refused.record_other_kind": Text(en="Item {seq}: {record}: its digest is of another kind of record.",
                                          th="รายการที่ {seq}: {record} มีข้อมูลของเอกสารประเภทอื่น"),
    "hub.refused.record_other_row": Text(en="Item {seq}: {record}: its digest is of another record.",
                                         th="รายการที่ {seq}: {record} มีข้อมูลของเอกสารใบอื่น"),
    "hub.refused.record_other_device": Text(en="Item {seq}: {record} names another device.",
                                            th="รายการที่ {seq}: {record} ระบุว่าเป็นของเครื่องอื่น"),
    "hub.refused.record_clash": Text(en="Item {seq}: {record} clashes with another device's (the same number or "
                                        "code).",
                                     th="รายการที่ {seq}: {record} ซ้ำกับของเครื่องอื่น (เลขที่หรือรหัสเดียวกัน)"),
    "hub.record.sales": Text(en="sale {label}", th="บิล {label}"),
    "hub.record.refunds": Text(en="refund {label}", th="ใบคืนเงิน {label}"),
    "hub.record.vouchers": Text(en="voucher {label}", th="คูปอง {label}"),
    # a changed row (a member, a card, staff, the shop's settings, an offer, a voucher's redemption)
    "hub.refused.row_kind": Text(en="Item {seq}: rows of {table} are not shared.",
                                 th="รายการที่ {seq}: ข้อมูลตาราง {table} ไม่ได้ใช้ร่วมกันผ่านฮับ"),
    "hub.refused.offer_no_member": Text(en="Item {seq}: an offer's row names no member.",
                                        th="รายการที่ {seq}: ข้อเสนอไม่ได้ระบุสมาชิก"),
    "hub.refused.settings_other_shop": Text(en="Item {seq}: the settings are another shop's.",
                                            th="รายการที่ {seq}: เป็นการตั้งค่าของร้านอื่น"),
    "hub.refused.voucher_missing": Text(en="Item {seq}: voucher {voucher} is not on the hub.",
                                        th="รายการที่ {seq}: ไม่มีคูปอง {voucher} บนฮับ"),
    # the device itself (hub_caller, hub_revoke)
    "hub.refused.unknown_device": Text(en="The hub does not know device {device}: join it again (kiosk hub join).",
                                       th="ฮับไม่รู้จักเครื่อง {device} ให้เข้าร่วมใหม่ (kiosk hub join)"),
    "hub.refused.wrong_role": Text(en="The hub login {role} may not act as device {device}.",
                                   th="บัญชีเข้าฮับ {role} ใช้แทนเครื่อง {device} ไม่ได้"),
    "hub.refused.revoked": Text(en="Device {device} was retired: the hub takes nothing more from it.",
                                th="เครื่อง {device} ถูกเลิกใช้แล้ว ฮับไม่รับอะไรจากเครื่องนี้อีก"),
    "hub.refused.revoke_self": Text(en="A device cannot retire itself: retire it from another device.",
                                    th="เครื่องเลิกใช้ตัวเองไม่ได้ ให้สั่งจากเครื่องอื่น"),
}

register(HUB)
register(HUB_REFUSED)
