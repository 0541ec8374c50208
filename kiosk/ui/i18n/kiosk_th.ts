<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="th_TH" sourcelanguage="en">
<context>
    <name>AmountKeypad</name>
    <message>
        <source>Clear</source>
        <translation>ล้าง</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>ลบ</translation>
    </message>
</context>
<context>
    <name>BusyOverlay</name>
    <message>
        <source>Please wait…</source>
        <translation>กรุณารอสักครู่…</translation>
    </message>
</context>
<context>
    <name>CameraScanner</name>
    <message>
        <source>No camera found. Connect a camera or scan with the barcode reader.</source>
        <translation>ไม่พบกล้อง กรุณาต่อกล้อง หรือสแกนด้วยเครื่องอ่านบาร์โค้ด</translation>
    </message>
    <message>
        <source>The camera stopped working: %1</source>
        <translation>กล้องหยุดทำงาน: %1</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <source>Switch keyboard language</source>
        <translation>เปลี่ยนภาษาแป้นพิมพ์</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>เว้นวรรค</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>ลบ</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>ตกลง</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Enter your PIN</source>
        <translation>กรอกรหัส PIN</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>ล้าง</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>ลบ</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <source>Something went wrong; nothing was changed.</source>
        <translation>เกิดข้อผิดพลาด ยังไม่มีการเปลี่ยนแปลงใด ๆ</translation>
    </message>
</context>
</TS>
