"""The words for a usage mistake at the `kiosk` command (argparse's own errors: a missing or unknown option, a
value of the wrong kind, an unknown command), said in the command's language with a pointer to its --help."""

from __future__ import annotations

from kiosk.l10n.catalogue import Text

# {command} is the command the mistake was made in ("kiosk sale"), {option} an option's long name or a
# positional's name, {value} the value as typed, in quotes
USAGE_ERRORS: dict[str, Text] = {
    "cli.usage.see_help": Text(en="(see: {command} --help)", th="(ดูวิธีใช้: {command} --help)"),
    "cli.usage.required": Text(en="{names} must be given", th="ต้องระบุ {names} ด้วย"),
    "cli.usage.command_missing": Text(en="{command} needs one of: {choices}",
                                      th="คำสั่ง {command} ต้องตามด้วยคำสั่งย่อย: {choices}"),
    "cli.usage.one_of": Text(en="{command} needs one of: {names}",
                             th="คำสั่ง {command} ต้องระบุอย่างใดอย่างหนึ่ง: {names}"),
    "cli.usage.invalid_choice": Text(en="{option} cannot be {value}: choose from {choices}",
                                     th="ใส่ {option} เป็น {value} ไม่ได้ เลือกได้จาก {choices}"),
    "cli.usage.unknown_command": Text(en="{command} has no command {value}: choose from {choices}",
                                      th="{command} ไม่มีคำสั่ง {value} เลือกได้จาก {choices}"),
    "cli.usage.unrecognized": Text(en="{command} does not take {words}", th="คำสั่ง {command} ไม่รู้จัก {words}"),
    "cli.usage.value_missing": Text(en="{option} needs a value after it", th="ต้องใส่ค่าหลัง {option} ด้วย"),
    "cli.usage.not_whole_number": Text(en="{option} must be a whole number, not {value}",
                                       th="{option} ต้องเป็นจำนวนเต็ม ไม่ใช่ {value}"),
    "cli.usage.not_negative": Text(en="{option} must be 0 or more, not {value}",
                                   th="{option} ต้องเป็น 0 ขึ้นไป ไม่ใช่ {value}"),
    "cli.usage.not_a_number": Text(en="{option} must be a number, not {value}",
                                   th="{option} ต้องเป็นตัวเลข ไม่ใช่ {value}"),
    "cli.usage.not_a_date": Text(en="{option} must be a date like 2026-01-31, not {value}",
                                 th="{option} ต้องเป็นวันที่แบบ 2026-01-31 (ปี ค.ศ.) ไม่ใช่ {value}"),
    "cli.usage.bad_value": Text(en="{option} cannot be {value}", th="ใส่ {option} เป็น {value} ไม่ได้"),
    "cli.usage.not_allowed_with": Text(en="{option} cannot be used with {other}",
                                       th="ใช้ {option} ร่วมกับ {other} ไม่ได้"),
    "cli.usage.takes_no_value": Text(en="{option} takes no value: leave out {value}",
                                     th="{option} ไม่ต้องใส่ค่า ให้ตัด {value} ออก"),
    "cli.usage.ambiguous": Text(en="{option} could be {matches}: write it out in full",
                                th="{option} อาจหมายถึง {matches} ให้พิมพ์ชื่อเต็ม"),
    # a mistake argparse words in a way this catalogue does not know yet: its English, introduced in Thai
    "cli.usage.other": Text(en="{message}", th="ใช้คำสั่งไม่ถูกต้อง: {message}"),
}
