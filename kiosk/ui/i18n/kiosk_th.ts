<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="th_TH" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>Cashier</source>
        <translation>แคชเชียร์</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>เจ้าของร้าน</translation>
    </message>
    <message>
        <source>Show chart</source>
        <translation>แสดงกราฟ</translation>
    </message>
    <message>
        <source>Show numbers</source>
        <translation>แสดงตัวเลข</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>รายได้</translation>
    </message>
    <message>
        <source>Members&apos; share</source>
        <translation>สัดส่วนสมาชิก</translation>
    </message>
    <message>
        <source>Average basket</source>
        <translation>ยอดเฉลี่ยต่อบิล</translation>
    </message>
    <message>
        <source>New members</source>
        <translation>สมาชิกใหม่</translation>
    </message>
    <message>
        <source>%1 came back</source>
        <translation>กลับมาซื้ออีก %1 คน</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>แต้ม</translation>
    </message>
    <message>
        <source>of sales before refunds: %1 from members</source>
        <translation>ของยอดขายก่อนคืนเงิน: %1 จากสมาชิก</translation>
    </message>
    <message>
        <source>members · walk-ins: %1</source>
        <translation>สมาชิก · ลูกค้าทั่วไป: %1</translation>
    </message>
    <message>
        <source>given · %1 redeemed · %2 expired</source>
        <translation>ที่ให้ · แลก %1 · หมดอายุ %2</translation>
    </message>
    <message>
        <source>%1 redeemed · %2 expired</source>
        <translation>แลก %1 · หมดอายุ %2</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>สมาชิก</translation>
    </message>
    <message>
        <source>Walk-ins</source>
        <translation>ลูกค้าทั่วไป</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>ใคร</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>การขาย</translation>
    </message>
    <message>
        <source>Bills</source>
        <translation>จำนวนบิล</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>สัดส่วน</translation>
    </message>
    <message>
        <source>%1: sales</source>
        <translation>%1: การขาย</translation>
    </message>
    <message>
        <source>%1: revenue</source>
        <translation>%1: รายได้</translation>
    </message>
    <message>
        <source>%1: new members</source>
        <translation>%1: สมาชิกใหม่</translation>
    </message>
    <message>
        <source>Sales by devices of no listed shop</source>
        <translation>การขายจากอุปกรณ์ที่ไม่อยู่ในร้านใด</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>รายการ</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>มูลค่า</translation>
    </message>
    <message>
        <source>%1 waiting to sync, %2 need review</source>
        <translation>รอซิงก์ %1 รายการ ต้องตรวจสอบ %2 รายการ</translation>
    </message>
    <message>
        <source>%1 receipts waiting to print, %2 held</source>
        <translation>ใบเสร็จรอพิมพ์ %1 ใบ ค้างไว้ %2 ใบ</translation>
    </message>
    <message>
        <source>%1 manager overrides, %2 fraud-limit flags</source>
        <translation>ผู้จัดการอนุมัติพิเศษ %1 ครั้ง เกินเกณฑ์ป้องกันทุจริต %2 ครั้ง</translation>
    </message>
    <message>
        <source>No sync, printing or override problems.</source>
        <translation>ไม่มีปัญหาการซิงก์ การพิมพ์ หรือการอนุมัติพิเศษ</translation>
    </message>
    <message>
        <source>Sales before refunds: members and walk-ins</source>
        <translation>ยอดขายก่อนคืนเงิน: สมาชิกและลูกค้าทั่วไป</translation>
    </message>
    <message>
        <source>Points issued</source>
        <translation>แต้มที่ให้</translation>
    </message>
    <message>
        <source>Points redeemed</source>
        <translation>แต้มที่แลก</translation>
    </message>
    <message>
        <source>End-of-day slip sent to the printer.</source>
        <translation>ส่งสรุปสิ้นวันไปที่เครื่องพิมพ์แล้ว</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>ส่งออก</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>บันทึก %1 แล้ว</translation>
    </message>
    <message>
        <source>Daily summary</source>
        <translation>สรุปประจำวัน</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>วัน</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>สัปดาห์</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>เดือน</translation>
    </message>
    <message>
        <source>Print slip</source>
        <translation>พิมพ์สรุป</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <source>Stripe&apos;s address answered &quot;no such endpoint&quot;: it is not Stripe&apos;s API, or a proxy or firewall blocks it.</source>
        <translation>ที่อยู่ของ Stripe ตอบว่า &quot;ไม่มีปลายทางนี้&quot;: ที่อยู่นั้นไม่ใช่ API ของ Stripe หรือมีพร็อกซีหรือไฟร์วอลล์ปิดกั้นอยู่</translation>
    </message>
    <message>
        <source>Something other than Stripe answered (a web page instead of Stripe).</source>
        <translation>มีระบบอื่นที่ไม่ใช่ Stripe ตอบกลับมา (ได้หน้าเว็บแทนคำตอบของ Stripe)</translation>
    </message>
    <message>
        <source>Stripe refused the API key.</source>
        <translation>Stripe ปฏิเสธคีย์ API</translation>
    </message>
    <message>
        <source>Stripe says the API key may not do this.</source>
        <translation>Stripe แจ้งว่าคีย์ API นี้ไม่มีสิทธิ์ทำรายการนี้</translation>
    </message>
    <message>
        <source>No secure connection to Stripe could be set up.</source>
        <translation>เชื่อมต่อแบบปลอดภัยกับ Stripe ไม่ได้</translation>
    </message>
    <message>
        <source>Stripe refused many different members with the same error: it is not about them.</source>
        <translation>Stripe ปฏิเสธสมาชิกหลายคนด้วยข้อผิดพลาดเดียวกัน: ปัญหาไม่ได้อยู่ที่ตัวสมาชิก</translation>
    </message>
    <message>
        <source>Check the Stripe address setting (api_base) and any proxy or firewall.</source>
        <translation>ตรวจสอบการตั้งค่าที่อยู่ของ Stripe (api_base) และพร็อกซีหรือไฟร์วอลล์</translation>
    </message>
    <message>
        <source>Check the Stripe API key.</source>
        <translation>ตรวจสอบคีย์ API ของ Stripe</translation>
    </message>
    <message>
        <source>Check for a proxy or firewall that intercepts secure connections, and the computer&apos;s date and time.</source>
        <translation>ตรวจสอบพร็อกซีหรือไฟร์วอลล์ที่ดักการเชื่อมต่อแบบปลอดภัย และวันที่กับเวลาของเครื่อง</translation>
    </message>
    <message>
        <source>Read the error and fix its cause; the sync tries again by itself.</source>
        <translation>อ่านข้อผิดพลาดแล้วแก้ไขที่สาเหตุ ระบบจะลองซิงก์ใหม่เอง</translation>
    </message>
    <message>
        <source>Sync is paused; nothing is lost and the changes wait. %1 %2</source>
        <translation>หยุดซิงก์ชั่วคราว ข้อมูลไม่สูญหาย รายการที่เปลี่ยนแปลงรอส่งอยู่ %1 %2</translation>
    </message>
    <message>
        <source>Receipt printer: %1. %n receipt waiting.</source>
        <translation>เครื่องพิมพ์ใบเสร็จ: %1 ใบเสร็จรอพิมพ์ %n ใบ</translation>
    </message>
    <message>
        <source>Receipt printer: %1. %n receipts waiting.</source>
        <translation>เครื่องพิมพ์ใบเสร็จ: %1 ใบเสร็จรอพิมพ์ %n ใบ</translation>
    </message>
    <message>
        <source>Stripe is %1; %n change waiting; last success %3.</source>
        <translation>Stripe %1; รอส่ง %n รายการ; สำเร็จล่าสุด %3</translation>
    </message>
    <message>
        <source>Stripe is %1; %n changes waiting; last success %3.</source>
        <translation>Stripe %1; รอส่ง %n รายการ; สำเร็จล่าสุด %3</translation>
    </message>
    <message>
        <source>%n item sent back to the sync queue.</source>
        <translation>ส่งกลับเข้าคิวซิงก์แล้ว %n รายการ</translation>
    </message>
    <message>
        <source>%n items sent back to the sync queue.</source>
        <translation>ส่งกลับเข้าคิวซิงก์แล้ว %n รายการ</translation>
    </message>
    <message>
        <source>Stripe is not configured: members and points stay on this computer.</source>
        <translation>ยังไม่ได้ตั้งค่า Stripe: ข้อมูลสมาชิกและแต้มอยู่ในเครื่องนี้เท่านั้น</translation>
    </message>
    <message>
        <source>online</source>
        <translation>ออนไลน์</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>ออฟไลน์</translation>
    </message>
    <message>
        <source>not tried yet</source>
        <translation>ยังไม่ได้ลองเชื่อมต่อ</translation>
    </message>
    <message>
        <source>never</source>
        <translation>ไม่เคย</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>ข้อผิดพลาดล่าสุด: %1</translation>
    </message>
    <message>
        <source>Needs review (%1)</source>
        <translation>ต้องตรวจสอบ (%1)</translation>
    </message>
    <message>
        <source>What</source>
        <translation>ประเภท</translation>
    </message>
    <message>
        <source>When</source>
        <translation>เมื่อ</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>จำนวนครั้ง</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>สาเหตุ</translation>
    </message>
    <message>
        <source>Sent back to the sync queue.</source>
        <translation>ส่งกลับเข้าคิวซิงก์แล้ว</translation>
    </message>
    <message>
        <source>Devices and sync</source>
        <translation>อุปกรณ์และการซิงก์</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>การพิมพ์</translation>
    </message>
    <message>
        <source>Stripe sync</source>
        <translation>ซิงก์ Stripe</translation>
    </message>
    <message>
        <source>Retry selected</source>
        <translation>ลองใหม่รายการที่เลือก</translation>
    </message>
    <message>
        <source>Retry all</source>
        <translation>ลองใหม่ทั้งหมด</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>รีเฟรช</translation>
    </message>
    <message>
        <source>As of %1 · period %2 – %3</source>
        <translation>ณ %1 · ช่วง %2 – %3</translation>
    </message>
    <message>
        <source>Owed to members</source>
        <translation>ยอดค้างให้สมาชิก</translation>
    </message>
    <message>
        <source>%1 points, %2 credit, %3 free items</source>
        <translation>%1 แต้ม เครดิต %2 ของฟรี %3 ชิ้น</translation>
    </message>
    <message>
        <source>Redemption rate</source>
        <translation>อัตราการแลก</translation>
    </message>
    <message>
        <source>of all points given, spent or donated</source>
        <translation>ของแต้มทั้งหมดที่ให้ไป ถูกใช้หรือบริจาค</translation>
    </message>
    <message>
        <source>Breakage</source>
        <translation>แต้มหมดอายุ</translation>
    </message>
    <message>
        <source>%1 expired unused</source>
        <translation>หมดอายุโดยไม่ได้ใช้ %1</translation>
    </message>
    <message>
        <source>Repeat purchase</source>
        <translation>การซื้อซ้ำ</translation>
    </message>
    <message>
        <source>%1 of %2 buying members came twice or more</source>
        <translation>สมาชิก %1 จาก %2 คนที่ซื้อ มาสองครั้งขึ้นไป</translation>
    </message>
    <message>
        <source>Member value</source>
        <translation>มูลค่าสมาชิก</translation>
    </message>
    <message>
        <source>to date; %1 expected ahead</source>
        <translation>จนถึงวันนี้; คาดว่าอีก %1</translation>
    </message>
    <message>
        <source>Program return</source>
        <translation>ผลตอบแทนโปรแกรม</translation>
    </message>
    <message>
        <source>net %1 this period</source>
        <translation>สุทธิ %1 ในช่วงนี้</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>เครดิต</translation>
    </message>
    <message>
        <source>Free items</source>
        <translation>ของฟรี</translation>
    </message>
    <message>
        <source>Owed</source>
        <translation>ยอดค้าง</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>ระดับ</translation>
    </message>
    <message>
        <source>Joined</source>
        <translation>สมัคร</translation>
    </message>
    <message>
        <source>Cohort</source>
        <translation>กลุ่มเดือนที่สมัคร</translation>
    </message>
    <message>
        <source>Earned</source>
        <translation>ได้รับแต้ม</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>แลกแต้ม</translation>
    </message>
    <message>
        <source>No feedback yet</source>
        <translation>ยังไม่มีความคิดเห็น</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>สมาชิก</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>จำนวนครั้ง</translation>
    </message>
    <message>
        <source>Spent</source>
        <translation>ยอดซื้อ</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>มาล่าสุด</translation>
    </message>
    <message>
        <source>Usually every</source>
        <translation>ปกติมาทุก</translation>
    </message>
    <message>
        <source>Away for</source>
        <translation>หายไป</translation>
    </message>
    <message>
        <source>At risk (%1)</source>
        <translation>เสี่ยงหายไป (%1)</translation>
    </message>
    <message>
        <source>Last %1 days</source>
        <translation>%1 วันล่าสุด</translation>
    </message>
    <message>
        <source>%1 members have bought; on average %2 each so far. An active member spends %3 a month; monthly churn %4, so about %5 more months: %6 ahead.</source>
        <translation>สมาชิก %1 คนเคยซื้อ เฉลี่ยคนละ %2 จนถึงตอนนี้ สมาชิกที่ยังมาซื้อใช้จ่ายเดือนละ %3 อัตราการเลิกมาต่อเดือน %4 จึงคาดว่าจะอยู่อีกราว %5 เดือน: อีก %6</translation>
    </message>
    <message>
        <source>Method: to date = members&apos; completed sales / members who ever bought. Forward = spend per active member per month (last 90 days) × 1 / monthly churn (bought the month before last, not last month), at most 36 months.</source>
        <translation>วิธีคิด: จนถึงวันนี้ = ยอดขายสำเร็จของสมาชิก / จำนวนสมาชิกที่เคยซื้อ ส่วนในอนาคต = ยอดใช้จ่ายต่อเดือนของสมาชิกที่ยังมาซื้อ (90 วันล่าสุด) × 1 / อัตราการเลิกมาต่อเดือน (ซื้อเมื่อสองเดือนก่อนแต่ไม่ได้ซื้อเดือนที่แล้ว) ไม่เกิน 36 เดือน</translation>
    </message>
    <message>
        <source>Incremental revenue %1 → profit %2. Rewards given %3 cost %4. Net %5. Member basket vs walk-in: %6.</source>
        <translation>รายได้ที่เพิ่มขึ้น %1 → กำไร %2 รางวัลที่ให้ไป %3 มีต้นทุน %4 สุทธิ %5 ยอดต่อบิลสมาชิกเทียบลูกค้าทั่วไป: %6</translation>
    </message>
    <message>
        <source>Method: incremental revenue = members&apos; revenue × the share the program brought in; profit = that × (100% − cost of goods). Reward cost = menu value of free items, points and credit spent × cost of goods, plus donations in full. Return = (profit − reward cost) / reward cost.</source>
        <translation>วิธีคิด: รายได้ที่เพิ่มขึ้น = รายได้จากสมาชิก × สัดส่วนที่โปรแกรมนำมา; กำไร = ค่านั้น × (100% − ต้นทุนสินค้า) ต้นทุนรางวัล = ราคาเมนูของของฟรี แต้มและเครดิตที่ใช้ × ต้นทุนสินค้า บวกเงินบริจาคเต็มจำนวน ผลตอบแทน = (กำไร − ต้นทุนรางวัล) / ต้นทุนรางวัล</translation>
    </message>
    <message>
        <source>Program health</source>
        <translation>สุขภาพโปรแกรม</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>30 วันล่าสุด</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>90 วันล่าสุด</translation>
    </message>
    <message>
        <source>Owed to members, month by month</source>
        <translation>ยอดค้างให้สมาชิก รายเดือน</translation>
    </message>
    <message>
        <source>Members by tier</source>
        <translation>สมาชิกตามระดับ</translation>
    </message>
    <message>
        <source>What members hold, breakage, cohorts, tiers and member value cover the whole chain: points are spent in any shop.</source>
        <translation>ยอดที่สมาชิกถือ แต้มหมดอายุ กลุ่มเดือนที่สมัคร ระดับ และมูลค่าสมาชิก เป็นตัวเลขของทั้งเครือ เพราะใช้แต้มได้ทุกร้าน</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>ร้าน</translation>
    </message>
    <message>
        <source>Points given</source>
        <translation>แต้มที่ให้</translation>
    </message>
    <message>
        <source>%1 average from %n response</source>
        <translation>เฉลี่ย %1 จาก %n ความเห็น</translation>
    </message>
    <message>
        <source>%1 average from %n responses</source>
        <translation>เฉลี่ย %1 จาก %n ความเห็น</translation>
    </message>
    <message>
        <source>%n day</source>
        <translation>%n วัน</translation>
    </message>
    <message>
        <source>%n days</source>
        <translation>%n วัน</translation>
    </message>
    <message>
        <source>several times a day</source>
        <translation>หลายครั้งต่อวัน</translation>
    </message>
    <message>
        <source>%n member</source>
        <translation>%n คน</translation>
    </message>
    <message>
        <source>%n members</source>
        <translation>%n คน</translation>
    </message>
    <message>
        <source>%1 members have bought; on average %2 each so far. An active member spends %3 a month; churn cannot be measured yet (nobody bought the month before last), so at most %5 more months: %6 ahead.</source>
        <translation>สมาชิก %1 คนเคยซื้อ เฉลี่ยคนละ %2 จนถึงตอนนี้ สมาชิกที่ยังมาซื้อใช้จ่ายเดือนละ %3 ยังวัดอัตราการเลิกมาไม่ได้ (เดือนก่อนหน้านั้นไม่มีใครซื้อ) จึงคาดไว้ไม่เกิน %5 เดือน: อีก %6</translation>
    </message>
    <message>
        <source>Lifetime value</source>
        <translation>มูลค่าตลอดอายุสมาชิก</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>ผลตอบแทน</translation>
    </message>
    <message>
        <source>How these are worked out</source>
        <translation>วิธีคำนวณ</translation>
    </message>
    <message>
        <source>Each shop, this period</source>
        <translation>แต่ละร้าน ในช่วงนี้</translation>
    </message>
    <message>
        <source>Retention by month joined</source>
        <translation>การกลับมาซื้อตามเดือนที่สมัคร</translation>
    </message>
    <message>
        <source>Engagement</source>
        <translation>การมีส่วนร่วม</translation>
    </message>
    <message>
        <source>Share of all members who earned, and who redeemed or donated, recently.</source>
        <translation>สัดส่วนสมาชิกทั้งหมดที่ได้รับแต้ม และที่แลกหรือบริจาคแต้มในช่วงหลัง</translation>
    </message>
    <message>
        <source>Member lifetime value</source>
        <translation>มูลค่าตลอดอายุสมาชิก</translation>
    </message>
    <message>
        <source>Return on the program</source>
        <translation>ผลตอบแทนของโปรแกรม</translation>
    </message>
    <message>
        <source>Cost of goods</source>
        <translation>ต้นทุนสินค้า</translation>
    </message>
    <message>
        <source>Sales the program brought in</source>
        <translation>ยอดขายที่โปรแกรมนำมา</translation>
    </message>
    <message>
        <source>Customer feedback</source>
        <translation>ความคิดเห็นลูกค้า</translation>
    </message>
    <message>
        <source>Top members</source>
        <translation>สมาชิกยอดสูงสุด</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>เสี่ยงหายไป</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>รหัส</translation>
    </message>
    <message>
        <source>Points multiplier</source>
        <translation>ตัวคูณแต้ม</translation>
    </message>
    <message>
        <source>Bonus points</source>
        <translation>แต้มโบนัส</translation>
    </message>
    <message>
        <source>Stamps multiplier</source>
        <translation>ตัวคูณแสตมป์</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>กำลังใช้งาน</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>ตั้งเวลาไว้</translation>
    </message>
    <message>
        <source>Over</source>
        <translation>หมดเวลาแล้ว</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>หยุดชั่วคราว</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>ปิดแล้ว</translation>
    </message>
    <message>
        <source>Birthday this month</source>
        <translation>เกิดเดือนนี้</translation>
    </message>
    <message>
        <source>New members (30 days)</source>
        <translation>สมาชิกใหม่ (30 วัน)</translation>
    </message>
    <message>
        <source>Paid members</source>
        <translation>สมาชิกแบบชำระเงิน</translation>
    </message>
    <message>
        <source>At risk of lapsing</source>
        <translation>เสี่ยงหายไป</translation>
    </message>
    <message>
        <source>Close to the next tier</source>
        <translation>ใกล้เลื่อนระดับ</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>จ.</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>อ.</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>พ.</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>พฤ.</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>ศ.</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>ส.</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>อา.</translation>
    </message>
    <message>
        <source>Always</source>
        <translation>ตลอดเวลา</translation>
    </message>
    <message>
        <source>%n point</source>
        <translation>%n แต้ม</translation>
    </message>
    <message>
        <source>%n points</source>
        <translation>%n แต้ม</translation>
    </message>
    <message>
        <source>%n stamp</source>
        <translation>%n แสตมป์</translation>
    </message>
    <message>
        <source>%n stamps</source>
        <translation>%n แสตมป์</translation>
    </message>
    <message>
        <source>Challenge</source>
        <translation>ภารกิจ</translation>
    </message>
    <message>
        <source>Members who completed it</source>
        <translation>สมาชิกที่ทำสำเร็จ</translation>
    </message>
    <message>
        <source>Completions</source>
        <translation>จำนวนครั้งที่สำเร็จ</translation>
    </message>
    <message>
        <source>Offer</source>
        <translation>ข้อเสนอ</translation>
    </message>
    <message>
        <source>Shown</source>
        <translation>แสดงแล้ว</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>ใช้แล้ว</translation>
    </message>
    <message>
        <source>Choose one in the list first.</source>
        <translation>กรุณาเลือกรายการก่อน</translation>
    </message>
    <message>
        <source>Promotion</source>
        <translation>โปรโมชัน</translation>
    </message>
    <message>
        <source>What it gave</source>
        <translation>สิ่งที่ให้ไป</translation>
    </message>
    <message>
        <source>Updated. New sales follow it now.</source>
        <translation>อัปเดตแล้ว การขายใหม่จะใช้ตามนี้ทันที</translation>
    </message>
    <message>
        <source>Challenges</source>
        <translation>ภารกิจสะสม</translation>
    </message>
    <message>
        <source>Personal offers</source>
        <translation>ข้อเสนอเฉพาะบุคคล</translation>
    </message>
    <message>
        <source>State</source>
        <translation>สถานะ</translation>
    </message>
    <message>
        <source>Members reached</source>
        <translation>สมาชิกที่ได้รับ</translation>
    </message>
    <message>
        <source>Their sales</source>
        <translation>ยอดขายของบิลเหล่านั้น</translation>
    </message>
    <message>
        <source>Promotion saved. It applies to new sales from its start.</source>
        <translation>บันทึกโปรโมชันแล้ว ใช้กับการขายใหม่ตั้งแต่เวลาเริ่ม</translation>
    </message>
    <message>
        <source>Promotions</source>
        <translation>โปรโมชัน</translation>
    </message>
    <message>
        <source>Promotions and their results</source>
        <translation>โปรโมชันและผลลัพธ์</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>หยุดชั่วคราว</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>ใช้งานต่อ</translation>
    </message>
    <message>
        <source>End</source>
        <translation>สิ้นสุด</translation>
    </message>
    <message>
        <source>New promotion</source>
        <translation>โปรโมชันใหม่</translation>
    </message>
    <message>
        <source>Times are the shop&apos;s own clock. Hours that end before they start run past midnight. No days ticked: every day. A cap of 0: no cap per member.</source>
        <translation>เวลาเป็นเวลาของร้าน ช่วงเวลาที่สิ้นสุดก่อนเวลาเริ่มจะต่อข้ามเที่ยงคืน ไม่เลือกวัน: ทุกวัน เพดาน 0: ไม่จำกัดต่อสมาชิก</translation>
    </message>
    <message>
        <source>per matching item</source>
        <translation>ต่อสินค้าที่ร่วมรายการ</translation>
    </message>
    <message>
        <source>once per sale</source>
        <translation>ครั้งเดียวต่อบิล</translation>
    </message>
    <message>
        <source>All members</source>
        <translation>สมาชิกทุกคน</translation>
    </message>
    <message>
        <source>One tier</source>
        <translation>ระดับเดียว</translation>
    </message>
    <message>
        <source>A segment</source>
        <translation>กลุ่มสมาชิก</translation>
    </message>
    <message>
        <source>Thai name</source>
        <translation>ชื่อภาษาไทย</translation>
    </message>
    <message>
        <source>Earn</source>
        <translation>ได้แต้ม</translation>
    </message>
    <message>
        <source>Given</source>
        <translation>ให้แบบ</translation>
    </message>
    <message>
        <source>Items (SKUs)</source>
        <translation>สินค้า (SKU)</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>หมวดหมู่</translation>
    </message>
    <message>
        <source>For</source>
        <translation>สำหรับ</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>กลุ่ม</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>เริ่ม</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>สิ้นสุด</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>วัน</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>ช่วงเวลา</translation>
    </message>
    <message>
        <source>Cap per member</source>
        <translation>เพดานต่อสมาชิก</translation>
    </message>
    <message>
        <source>empty: every item</source>
        <translation>เว้นว่าง: ทุกรายการ</translation>
    </message>
    <message>
        <source>Save promotion</source>
        <translation>บันทึกโปรโมชัน</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>ประเภท</translation>
    </message>
    <message>
        <source>Item SKU</source>
        <translation>รหัสสินค้า</translation>
    </message>
    <message>
        <source>Stamps</source>
        <translation>แสตมป์</translation>
    </message>
    <message>
        <source>Item SKUs</source>
        <translation>รหัสสินค้า</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>รางวัล</translation>
    </message>
    <message>
        <source>Worth up to</source>
        <translation>มูลค่าไม่เกิน</translation>
    </message>
    <message>
        <source>Most a visit</source>
        <translation>สูงสุดต่อครั้ง</translation>
    </message>
    <message>
        <source>Partner pays</source>
        <translation>พาร์ทเนอร์จ่าย</translation>
    </message>
    <message>
        <source>Shop pays</source>
        <translation>ร้านจ่าย</translation>
    </message>
    <message>
        <source>Nothing owed</source>
        <translation>ไม่มียอดค้าง</translation>
    </message>
    <message>
        <source>Partner</source>
        <translation>พาร์ทเนอร์</translation>
    </message>
    <message>
        <source>Issued value</source>
        <translation>มูลค่าที่ให้</translation>
    </message>
    <message>
        <source>Redeemed value</source>
        <translation>มูลค่าที่แลก</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>ยอดสุทธิ</translation>
    </message>
    <message>
        <source>Who pays</source>
        <translation>ใครจ่าย</translation>
    </message>
    <message>
        <source>Values at each partner&apos;s settlement rate, rounded half up to the satang once per partner and direction for the whole period. Receipts count on the day they were recorded or imported.</source>
        <translation>มูลค่าคิดตามอัตราชำระบัญชีของแต่ละพาร์ทเนอร์ ปัดเศษครึ่งขึ้นเป็นสตางค์ครั้งเดียวต่อพาร์ทเนอร์และต่อทิศทางสำหรับทั้งช่วง ใบเสร็จนับในวันที่บันทึกหรือนำเข้า</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 ถึง %2</translation>
    </message>
    <message>
        <source>Partner settlement</source>
        <translation>ชำระบัญชีกับพาร์ทเนอร์</translation>
    </message>
    <message>
        <source>In all, the partners pay the shop %1.</source>
        <translation>รวมทั้งหมด พาร์ทเนอร์จ่ายให้ร้าน %1</translation>
    </message>
    <message>
        <source>In all, the shop pays the partners %1.</source>
        <translation>รวมทั้งหมด ร้านจ่ายให้พาร์ทเนอร์ %1</translation>
    </message>
    <message>
        <source>In all, nothing is owed either way.</source>
        <translation>รวมทั้งหมด ไม่มียอดค้างทั้งสองฝ่าย</translation>
    </message>
    <message>
        <source>From</source>
        <translation>ตั้งแต่</translation>
    </message>
    <message>
        <source>To</source>
        <translation>ถึง</translation>
    </message>
    <message>
        <source>Points %</source>
        <translation>แต้ม %</translation>
    </message>
    <message>
        <source>For every</source>
        <translation>ทุกยอด</translation>
    </message>
    <message>
        <source>Settles at</source>
        <translation>ชำระที่</translation>
    </message>
    <message>
        <source>Per points</source>
        <translation>ต่อแต้ม</translation>
    </message>
    <message>
        <source>Most a receipt</source>
        <translation>สูงสุดต่อใบเสร็จ</translation>
    </message>
    <message>
        <source>Most earned a day</source>
        <translation>ได้แต้มสูงสุดต่อวัน</translation>
    </message>
    <message>
        <source>Most spent a day</source>
        <translation>ใช้แต้มสูงสุดต่อวัน</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>เพิ่ม</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>ลบ</translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation>ไม่มีอะไรเปลี่ยน</translation>
    </message>
    <message>
        <source>Saved %n change. New sales use it now; past sales keep theirs.</source>
        <translation>บันทึก %n การเปลี่ยนแปลงแล้ว การขายใหม่ใช้ทันที การขายที่ผ่านมาไม่เปลี่ยน</translation>
    </message>
    <message>
        <source>Saved %n changes. New sales use them now; past sales keep theirs.</source>
        <translation>บันทึก %n การเปลี่ยนแปลงแล้ว การขายใหม่ใช้ทันที การขายที่ผ่านมาไม่เปลี่ยน</translation>
    </message>
    <message>
        <source>Money spent</source>
        <translation>ยอดซื้อ (บาท)</translation>
    </message>
    <message>
        <source>Items bought</source>
        <translation>จำนวนชิ้นที่ซื้อ</translation>
    </message>
    <message>
        <source>Program settings</source>
        <translation>ตั้งค่าโปรแกรม</translation>
    </message>
    <message>
        <source>Changes apply to new sales only and are recorded with your name.</source>
        <translation>การเปลี่ยนแปลงมีผลกับการขายใหม่เท่านั้น และบันทึกชื่อของคุณไว้</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>บันทึก</translation>
    </message>
    <message>
        <source>Undo edits</source>
        <translation>ยกเลิกการแก้ไข</translation>
    </message>
    <message>
        <source>Earning and spending points</source>
        <translation>การได้และใช้แต้ม</translation>
    </message>
    <message>
        <source>Earn on</source>
        <translation>ได้แต้มจาก</translation>
    </message>
    <message>
        <source>For every (baht)</source>
        <translation>ทุก ๆ (บาท)</translation>
    </message>
    <message>
        <source>Points earned</source>
        <translation>ได้แต้ม</translation>
    </message>
    <message>
        <source>A point is worth (baht)</source>
        <translation>1 แต้มมีค่า (บาท)</translation>
    </message>
    <message>
        <source>Fewest points to spend</source>
        <translation>ใช้แต้มขั้นต่ำ</translation>
    </message>
    <message>
        <source>Points may pay up to (%)</source>
        <translation>จ่ายด้วยแต้มได้สูงสุด (%)</translation>
    </message>
    <message>
        <source>Points expire after (months, 0 = never)</source>
        <translation>แต้มหมดอายุหลัง (เดือน, 0 = ไม่หมด)</translation>
    </message>
    <message>
        <source>Cashback</source>
        <translation>แคชแบ็ก</translation>
    </message>
    <message>
        <source>Give store credit</source>
        <translation>ให้เครดิตร้าน</translation>
    </message>
    <message>
        <source>Percent back</source>
        <translation>เปอร์เซ็นต์คืน</translation>
    </message>
    <message>
        <source>From a sale of</source>
        <translation>เมื่อซื้อตั้งแต่</translation>
    </message>
    <message>
        <source>At most a sale</source>
        <translation>สูงสุดต่อบิล</translation>
    </message>
    <message>
        <source>Credit expires after (months)</source>
        <translation>เครดิตหมดอายุหลัง (เดือน)</translation>
    </message>
    <message>
        <source>On</source>
        <translation>เปิด</translation>
    </message>
    <message>
        <source>Bonuses</source>
        <translation>โบนัส</translation>
    </message>
    <message>
        <source>Joining</source>
        <translation>สมัครสมาชิก</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>วันเกิด</translation>
    </message>
    <message>
        <source>Referring a friend</source>
        <translation>แนะนำเพื่อน</translation>
    </message>
    <message>
        <source>Being referred</source>
        <translation>ได้รับการแนะนำ</translation>
    </message>
    <message>
        <source>Leaving a review</source>
        <translation>เขียนรีวิว</translation>
    </message>
    <message>
        <source>Birthday bonus a refund took back stays owed (days)</source>
        <translation>แต้มวันเกิดที่ถูกดึงคืนจากการคืนสินค้า ยังค้างให้ได้อีก (วัน)</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>ตัวอย่าง</translation>
    </message>
    <message>
        <source>Rewards catalogue</source>
        <translation>รายการของรางวัล</translation>
    </message>
    <message>
        <source>Stamp cards</source>
        <translation>บัตรสะสมแสตมป์</translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation>ระดับสมาชิก</translation>
    </message>
    <message>
        <source>Coalition partners</source>
        <translation>พาร์ทเนอร์ร่วมโปรแกรม</translation>
    </message>
    <message>
        <source>Names in Thai</source>
        <translation>ชื่อภาษาไทย</translation>
    </message>
    <message>
        <source>Tiers on</source>
        <translation>เปิดใช้ระดับสมาชิก</translation>
    </message>
    <message>
        <source>Reset PIN</source>
        <translation>ตั้ง PIN ใหม่</translation>
    </message>
    <message>
        <source>Add staff</source>
        <translation>เพิ่มพนักงาน</translation>
    </message>
    <message>
        <source>4 to 8 digits</source>
        <translation>ตัวเลข 4 ถึง 8 หลัก</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>ยกเลิก</translation>
    </message>
    <message>
        <source>Merge two members</source>
        <translation>รวมสมาชิกสองคน</translation>
    </message>
    <message>
        <source>Phone %1 was enrolled twice, on different devices. If they are one person, keep one: the other&apos;s points and credit move to them, and both cards keep working.</source>
        <translation>เบอร์ %1 ถูกสมัครสองครั้งจากคนละอุปกรณ์ ถ้าเป็นคนเดียวกัน ให้เก็บไว้หนึ่งคน แต้มและเครดิตของอีกคนจะย้ายมารวม และบัตรทั้งสองใบยังใช้ได้</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>รวม</translation>
    </message>
    <message>
        <source>Keep %1</source>
        <translation>เก็บ %1</translation>
    </message>
    <message>
        <source>This app cannot connect to a hub from here.</source>
        <translation>แอปนี้เชื่อมต่อฮับจากหน้านี้ไม่ได้</translation>
    </message>
    <message>
        <source>Connect to a hub</source>
        <translation>เชื่อมต่อฮับ</translation>
    </message>
    <message>
        <source>The hub is the PostgreSQL database the shop&apos;s devices share. Its owner&apos;s password is used once, to let this device in, and is not kept.</source>
        <translation>ฮับคือฐานข้อมูล PostgreSQL ที่อุปกรณ์ของร้านใช้ร่วมกัน รหัสผ่านของเจ้าของฮับใช้ครั้งเดียวเพื่อให้อุปกรณ์นี้เข้าร่วม และไม่ถูกเก็บไว้</translation>
    </message>
    <message>
        <source>Hub address</source>
        <translation>ที่อยู่ฮับ</translation>
    </message>
    <message>
        <source>Owner&apos;s password</source>
        <translation>รหัสผ่านเจ้าของฮับ</translation>
    </message>
    <message>
        <source>This shop&apos;s first device: publish its members and sales</source>
        <translation>อุปกรณ์เครื่องแรกของร้านนี้: ส่งสมาชิกและการขายขึ้นฮับ</translation>
    </message>
    <message>
        <source>A new device of a shop already on the hub (it must be empty)</source>
        <translation>อุปกรณ์ใหม่ของร้านที่อยู่บนฮับแล้ว (ต้องยังไม่มีข้อมูล)</translation>
    </message>
    <message>
        <source>This device&apos;s name</source>
        <translation>ชื่ออุปกรณ์นี้</translation>
    </message>
    <message>
        <source>e.g. Counter 2</source>
        <translation>เช่น Counter 2</translation>
    </message>
    <message>
        <source>Shop (for a chain)</source>
        <translation>ร้าน (สำหรับเครือ)</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>เชื่อมต่อ</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>กำลังอ่าน…</translation>
    </message>
    <message>
        <source>This device works alone. Connect it to a hub to share members, points and sales with the shop&apos;s other counters and kiosks.</source>
        <translation>อุปกรณ์นี้ทำงานเครื่องเดียว เชื่อมต่อฮับเพื่อใช้สมาชิก แต้ม และการขายร่วมกับเคาน์เตอร์และคีออสก์อื่นของร้าน</translation>
    </message>
    <message>
        <source>Devices of the chain (%1)</source>
        <translation>อุปกรณ์ของเครือ (%1)</translation>
    </message>
    <message>
        <source>Devices of the shop (%1)</source>
        <translation>อุปกรณ์ของร้าน (%1)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>ชื่อ</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>รหัส</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>ติดต่อล่าสุด</translation>
    </message>
    <message>
        <source>To send</source>
        <translation>รอส่ง</translation>
    </message>
    <message>
        <source>How much</source>
        <translation>จำนวน</translation>
    </message>
    <message>
        <source>The hub refuses what this device sends: nothing more goes until someone looks into it (this device may have been retired). The hub said:</source>
        <translation>ฮับไม่รับข้อมูลที่อุปกรณ์นี้ส่ง จะไม่มีการส่งเพิ่มจนกว่าจะมีคนตรวจสอบ (อุปกรณ์นี้อาจถูกปลดแล้ว) ฮับแจ้งว่า:</translation>
    </message>
    <message>
        <source>Receipts: %1</source>
        <translation>ใบเสร็จ: %1</translation>
    </message>
    <message>
        <source>Refunded twice</source>
        <translation>คืนเงินซ้ำสองครั้ง</translation>
    </message>
    <message>
        <source>Check what went back</source>
        <translation>ตรวจสอบสิ่งที่คืนไป</translation>
    </message>
    <message>
        <source>Offer used twice</source>
        <translation>ใช้ข้อเสนอซ้ำ</translation>
    </message>
    <message>
        <source>Challenge bonus twice</source>
        <translation>ได้โบนัสภารกิจซ้ำ</translation>
    </message>
    <message>
        <source>%1 extra</source>
        <translation>เกิน %1 ครั้ง</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>ปลดแล้ว</translation>
    </message>
    <message>
        <source>Conflicts to settle (%1)</source>
        <translation>รายการขัดแย้งที่ต้องจัดการ (%1)</translation>
    </message>
    <message>
        <source>Conflicts: nothing to settle</source>
        <translation>รายการขัดแย้ง: ไม่มี</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>รายละเอียด</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Shop %1 on the hub, %2. Last synced %3; %n change still to send.</source>
        <translation>ร้าน %1 บนฮับ %2 ซิงก์ล่าสุด %3 ยังรอส่ง %n รายการ</translation>
    </message>
    <message>
        <source>Shop %1 on the hub, %2. Last synced %3; %n changes still to send.</source>
        <translation>ร้าน %1 บนฮับ %2 ซิงก์ล่าสุด %3 ยังรอส่ง %n รายการ</translation>
    </message>
    <message>
        <source>The hub cannot be reached: this device keeps selling and sends everything when it can.</source>
        <translation>ติดต่อฮับไม่ได้: อุปกรณ์นี้ยังขายได้ตามปกติ และจะส่งข้อมูลทั้งหมดเมื่อติดต่อได้</translation>
    </message>
    <message>
        <source>The hub turned this device away: it may have been retired.</source>
        <translation>ฮับไม่ให้อุปกรณ์นี้เข้า: อาจถูกปลดไปแล้ว</translation>
    </message>
    <message>
        <source>Spent twice</source>
        <translation>ใช้ซ้ำบนสองเครื่อง</translation>
    </message>
    <message>
        <source>Voucher used twice</source>
        <translation>ใช้บัตรกำนัลซ้ำ</translation>
    </message>
    <message>
        <source>Expired twice</source>
        <translation>ตัดยอดหมดอายุซ้ำ</translation>
    </message>
    <message>
        <source>Devices: %1</source>
        <translation>เครื่อง: %1</translation>
    </message>
    <message>
        <source>One phone, two members</source>
        <translation>เบอร์เดียว สองสมาชิก</translation>
    </message>
    <message>
        <source>Phone: %1</source>
        <translation>เบอร์โทร: %1</translation>
    </message>
    <message>
        <source>Retire %1</source>
        <translation>ปลด %1</translation>
    </message>
    <message>
        <source>Retire device</source>
        <translation>ปลดอุปกรณ์</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>กำลังซิงก์…</translation>
    </message>
    <message>
        <source>The hub refused this device&apos;s next change.</source>
        <translation>ฮับปฏิเสธรายการถัดไปของอุปกรณ์นี้</translation>
    </message>
    <message>
        <source>The hub cannot be reached; everything waits here and goes later.</source>
        <translation>ติดต่อฮับไม่ได้ ข้อมูลทั้งหมดรออยู่ในเครื่องนี้และจะส่งภายหลัง</translation>
    </message>
    <message>
        <source>Synced: sent %1, received %2.</source>
        <translation>ซิงก์แล้ว: ส่ง %1 รับ %2</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>ซิงก์เดี๋ยวนี้</translation>
    </message>
    <message>
        <source>Connected to shop %1 on the hub. This device&apos;s receipts: %2.</source>
        <translation>เชื่อมต่อร้าน %1 บนฮับแล้ว ใบเสร็จของอุปกรณ์นี้: %2</translation>
    </message>
    <message>
        <source>The first sync did not reach the hub; it tries again by itself.</source>
        <translation>การซิงก์ครั้งแรกติดต่อฮับไม่ได้ ระบบจะลองใหม่เอง</translation>
    </message>
    <message>
        <source>Restart the counter and the kiosk on this computer so they sync too.</source>
        <translation>ปิดแล้วเปิดหน้าเคาน์เตอร์และคีออสก์บนเครื่องนี้ใหม่ เพื่อให้ซิงก์ด้วย</translation>
    </message>
    <message>
        <source>Retire a device</source>
        <translation>ปลดอุปกรณ์</translation>
    </message>
    <message>
        <source>Retire %1 (%2)? That computer, with any kiosk on it, can no longer reach the hub: it stops syncing for good. What it already sent stays.</source>
        <translation>ปลด %1 (%2) หรือไม่? เครื่องนั้นรวมถึงคีออสก์บนเครื่องเดียวกันจะติดต่อฮับไม่ได้อีก และหยุดซิงก์ถาวร ข้อมูลที่ส่งไปแล้วยังอยู่</translation>
    </message>
    <message>
        <source>%1 is retired.</source>
        <translation>ปลด %1 แล้ว</translation>
    </message>
    <message>
        <source>Merged: both cards now lead to one member.</source>
        <translation>รวมแล้ว: บัตรทั้งสองใบเป็นของสมาชิกคนเดียว</translation>
    </message>
    <message>
        <source>Take back a bonus given twice</source>
        <translation>เรียกคืนโบนัสที่ให้ซ้ำ</translation>
    </message>
    <message>
        <source>Take back</source>
        <translation>เรียกคืน</translation>
    </message>
    <message>
        <source>Take back %1 from %2? The bonus of the challenge “%3” was given on two devices apart; the member keeps the first one.</source>
        <translation>หักคืน %1 จาก %2 ไหม โบนัสของภารกิจ “%3” ถูกให้ซ้ำบนสองเครื่องตอนที่ไม่ได้เชื่อมกัน สมาชิกยังได้โบนัสครั้งแรกไว้</translation>
    </message>
    <message>
        <source>Taken back: the member keeps one bonus.</source>
        <translation>เรียกคืนแล้ว สมาชิกได้โบนัสไว้หนึ่งครั้ง</translation>
    </message>
    <message>
        <source>Give back what expired twice</source>
        <translation>คืนยอดที่ตัดหมดอายุซ้ำ</translation>
    </message>
    <message>
        <source>Give back</source>
        <translation>คืนยอด</translation>
    </message>
    <message>
        <source>Write off at the shop&apos;s cost</source>
        <translation>ตัดเป็นค่าใช้จ่ายของร้าน</translation>
    </message>
    <message>
        <source>Write off</source>
        <translation>ตัดยอด</translation>
    </message>
    <message>
        <source>Give %1 back to %2? While apart, two devices each wrote off what had expired, taking more than the member had. What expired stays written off once.</source>
        <translation>คืน %1 ให้ %2 ไหม ตอนที่ไม่ได้เชื่อมกัน สองเครื่องต่างตัดยอดที่หมดอายุซ้ำกัน จึงตัดเกินกว่าที่สมาชิกมีอยู่ ยอดที่หมดอายุจะยังถูกตัดไว้เพียงครั้งเดียว</translation>
    </message>
    <message>
        <source>Given back: what expired is written off once.</source>
        <translation>คืนยอดแล้ว: ยอดที่หมดอายุถูกตัดไว้เพียงครั้งเดียว</translation>
    </message>
    <message>
        <source>Write off %1 at the shop&apos;s cost? The voucher was used on two devices apart, more times than it allows.</source>
        <translation>ตัด %1 เป็นค่าใช้จ่ายของร้านไหม คูปองนี้ถูกใช้บนสองเครื่องตอนที่ไม่ได้เชื่อมกัน เกินจำนวนครั้งที่ใช้ได้</translation>
    </message>
    <message>
        <source>Written off at the shop&apos;s cost.</source>
        <translation>ตัดยอดโดยร้านรับภาระแล้ว</translation>
    </message>
    <message>
        <source>Write off %1 for %2? The balance goes back to zero, at the shop&apos;s cost. Leaving it is fine too: what the member earns next settles it.</source>
        <translation>ตัด %1 ของ %2 ไหม ยอดจะกลับเป็นศูนย์โดยร้านรับภาระ หรือจะปล่อยไว้ก็ได้ ยอดที่สมาชิกได้รับครั้งถัดไปจะหักชดเชยเอง</translation>
    </message>
    <message>
        <source>Hub: the shop&apos;s devices</source>
        <translation>ฮับ: อุปกรณ์ของร้าน</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>ตำแหน่ง</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Owner approval</source>
        <translation>การอนุมัติของเจ้าของร้าน</translation>
    </message>
    <message>
        <source>An owner&apos;s PIN is needed</source>
        <translation>ต้องใช้ PIN ของเจ้าของร้าน</translation>
    </message>
    <message>
        <source>Owner PIN</source>
        <translation>PIN เจ้าของร้าน</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>ยังไม่เคย</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>สถานะ</translation>
    </message>
    <message>
        <source>Last signed in</source>
        <translation>เข้าสู่ระบบล่าสุด</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>ใช้งาน</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>ปิดใช้งาน</translation>
    </message>
    <message>
        <source>Disable or enable</source>
        <translation>ปิดหรือเปิดใช้งาน</translation>
    </message>
    <message>
        <source>Choose someone in the list first.</source>
        <translation>เลือกพนักงานในรายการก่อน</translation>
    </message>
    <message>
        <source>Disable %1</source>
        <translation>ปิดใช้งาน %1</translation>
    </message>
    <message>
        <source>Enable %1</source>
        <translation>เปิดใช้งาน %1</translation>
    </message>
    <message>
        <source>%1 added.</source>
        <translation>เพิ่ม %1 แล้ว</translation>
    </message>
    <message>
        <source>Cashiers ring up sales; managers approve refunds and overrides and open this screen. A disabled person cannot sign in; their sales and history stay.</source>
        <translation>แคชเชียร์บันทึกการขาย ผู้จัดการอนุมัติการคืนเงินและการอนุมัติพิเศษ และเปิดหน้านี้ได้ พนักงานที่ถูกปิดใช้งานจะเข้าสู่ระบบไม่ได้ แต่ยอดขายและประวัติยังอยู่</translation>
    </message>
    <message>
        <source>You cannot disable yourself.</source>
        <translation>ปิดใช้งานบัญชีของตัวเองไม่ได้</translation>
    </message>
    <message>
        <source>Rename %1</source>
        <translation>เปลี่ยนชื่อ %1</translation>
    </message>
    <message>
        <source>New name</source>
        <translation>ชื่อใหม่</translation>
    </message>
    <message>
        <source>Only an owner can add, rename, disable or enable staff, or change a PIN.</source>
        <translation>เฉพาะเจ้าของร้านเท่านั้นที่เพิ่ม เปลี่ยนชื่อ ปิดหรือเปิดใช้งานพนักงาน หรือเปลี่ยน PIN ได้</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>เปลี่ยนชื่อ</translation>
    </message>
    <message>
        <source>%1 enabled.</source>
        <translation>เปิดใช้งาน %1 แล้ว</translation>
    </message>
    <message>
        <source>%1 disabled.</source>
        <translation>ปิดใช้งาน %1 แล้ว</translation>
    </message>
    <message>
        <source>%1 is now called %2</source>
        <translation>เปลี่ยนชื่อ %1 เป็น %2 แล้ว</translation>
    </message>
    <message>
        <source>New PIN set for %1.</source>
        <translation>ตั้ง PIN ใหม่ให้ %1 แล้ว</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>พนักงาน</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>ผู้จัดการ</translation>
    </message>
    <message>
        <source>Enter a manager&apos;s PIN</source>
        <translation>กรอก PIN ของผู้จัดการ</translation>
    </message>
    <message>
        <source>Partners</source>
        <translation>พาร์ทเนอร์</translation>
    </message>
    <message>
        <source>Signed in: %1 (%2)</source>
        <translation>เข้าสู่ระบบ: %1 (%2)</translation>
    </message>
    <message>
        <source>Shop: %1</source>
        <translation>ร้าน: %1</translation>
    </message>
    <message>
        <source>Whole chain (%1 shops)</source>
        <translation>ทั้งเครือ (%1 ร้าน)</translation>
    </message>
    <message>
        <source>This shop: %1</source>
        <translation>ร้านนี้: %1</translation>
    </message>
    <message>
        <source>Whole chain, shop by shop</source>
        <translation>ทั้งเครือ แยกตามร้าน</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>ชื่อร้าน</translation>
    </message>
    <message>
        <source>Receipt footer, line %1</source>
        <translation>ท้ายใบเสร็จ บรรทัด %1</translation>
    </message>
    <message>
        <source>Charity cause</source>
        <translation>โครงการบริจาค</translation>
    </message>
    <message>
        <source>Paid membership</source>
        <translation>สมาชิกแบบชำระเงิน</translation>
    </message>
    <message>
        <source>Stamp card</source>
        <translation>บัตรสะสมแสตมป์</translation>
    </message>
    <message>
        <source>Stamp card&apos;s free item</source>
        <translation>ของฟรีของบัตรสะสมแสตมป์</translation>
    </message>
    <message>
        <source>Perk of %1</source>
        <translation>สิทธิพิเศษระดับ %1</translation>
    </message>
    <message>
        <source>Name of</source>
        <translation>ชื่อของ</translation>
    </message>
    <message>
        <source>English</source>
        <translation>อังกฤษ</translation>
    </message>
    <message>
        <source>Thai</source>
        <translation>ไทย</translation>
    </message>
</context>
<context>
    <name>AccountScreen</name>
    <message>
        <source>Done</source>
        <translation>เสร็จสิ้น</translation>
    </message>
    <message>
        <source>Donate points</source>
        <translation>บริจาคแต้ม</translation>
    </message>
    <message>
        <source>Rate your visit</source>
        <translation>ให้คะแนนการมาเยือน</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>แต้ม</translation>
    </message>
    <message>
        <source>Store credit</source>
        <translation>เครดิตร้าน</translation>
    </message>
    <message>
        <source>Your tier</source>
        <translation>ระดับสมาชิกของคุณ</translation>
    </message>
    <message>
        <source>Stamp card</source>
        <translation>บัตรสะสมแสตมป์</translation>
    </message>
    <message>
        <source>Rewards</source>
        <translation>ของรางวัล</translation>
    </message>
    <message>
        <source>Expiring soon</source>
        <translation>ใกล้หมดอายุ</translation>
    </message>
    <message>
        <source>Recent visits</source>
        <translation>การมาเยือนล่าสุด</translation>
    </message>
    <message>
        <source>Join %1</source>
        <translation>สมัคร %1</translation>
    </message>
    <message>
        <source>Paid membership</source>
        <translation>สมาชิกแบบชำระเงิน</translation>
    </message>
    <message>
        <source>Hello, %1</source>
        <translation>สวัสดีค่ะ คุณ%1</translation>
    </message>
    <message>
        <source>%1 · member since %2</source>
        <translation>%1 · เป็นสมาชิกตั้งแต่ %2</translation>
    </message>
    <message>
        <source>Worth %1</source>
        <translation>มูลค่า %1</translation>
    </message>
    <message>
        <source>Spend it at the counter</source>
        <translation>ใช้ได้ที่เคาน์เตอร์</translation>
    </message>
    <message>
        <source>Invite a friend with your code %1: you both get points after their first visit.</source>
        <translation>ชวนเพื่อนด้วยรหัส %1 รับแต้มทั้งคู่หลังเพื่อนซื้อครั้งแรก</translation>
    </message>
    <message>
        <source>Top tier reached</source>
        <translation>ระดับสูงสุดแล้ว</translation>
    </message>
    <message>
        <source>Spend %1 more to reach %2</source>
        <translation>ใช้จ่ายอีก %1 ถึงระดับ%2</translation>
    </message>
    <message>
        <source>Earn %n more point to reach %2</source>
        <translation>สะสมอีก %n แต้มถึงระดับ%2</translation>
    </message>
    <message>
        <source>Earn %n more points to reach %2</source>
        <translation>สะสมอีก %n แต้มถึงระดับ%2</translation>
    </message>
    <message>
        <source>%n more visit to reach %2</source>
        <translation>มาอีก %n ครั้งถึงระดับ%2</translation>
    </message>
    <message>
        <source>%n more visits to reach %2</source>
        <translation>มาอีก %n ครั้งถึงระดับ%2</translation>
    </message>
    <message>
        <source>Your perks: %1</source>
        <translation>สิทธิประโยชน์ของคุณ: %1</translation>
    </message>
    <message>
        <source>%1 unlocks: %2</source>
        <translation>%1 ได้เพิ่ม: %2</translation>
    </message>
    <message>
        <source>%1 more for %2</source>
        <translation>อีก %1 ดวง รับ%2</translation>
    </message>
    <message>
        <source>%1 ready to use: %2</source>
        <translation>พร้อมใช้ %1: %2</translation>
    </message>
    <message>
        <source>No rewards are offered right now.</source>
        <translation>ขณะนี้ยังไม่มีของรางวัล</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 วันที่ %2</translation>
    </message>
    <message>
        <source>Nothing expires in the next few weeks.</source>
        <translation>ไม่มีรายการหมดอายุในอีกไม่กี่สัปดาห์นี้</translation>
    </message>
    <message>
        <source>Challenges</source>
        <translation>ภารกิจสะสม</translation>
    </message>
    <message>
        <source>%1, until %2</source>
        <translation>%1 ถึงวันที่ %2</translation>
    </message>
    <message>
        <source>Just for you</source>
        <translation>สำหรับคุณโดยเฉพาะ</translation>
    </message>
    <message>
        <source>+ {credit} store credit</source>
        <translation>+ เครดิตร้าน {credit}</translation>
    </message>
    <message>
        <source>refunded</source>
        <translation>คืนเงินแล้ว</translation>
    </message>
    <message>
        <source>partly refunded</source>
        <translation>คืนเงินบางส่วน</translation>
    </message>
    <message>
        <source>voided</source>
        <translation>ยกเลิกแล้ว</translation>
    </message>
    <message>
        <source>No visits yet.</source>
        <translation>ยังไม่มีการมาเยือน</translation>
    </message>
</context>
<context>
    <name>AccountView</name>
    <message>
        <source>Card / QR</source>
        <translation>บัตร / QR</translation>
    </message>
    <message>
        <source>Show or print the member&apos;s QR card</source>
        <translation>แสดงหรือพิมพ์บัตร QR ของสมาชิก</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>เสร็จ</translation>
    </message>
    <message>
        <source>Finish with this member</source>
        <translation>จบการให้บริการสมาชิกคนนี้</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>แต้ม</translation>
    </message>
    <message>
        <source>Store credit</source>
        <translation>เครดิตร้าน</translation>
    </message>
    <message>
        <source>Rewards available now</source>
        <translation>รางวัลที่ใช้ได้ตอนนี้</translation>
    </message>
    <message>
        <source>Last visits</source>
        <translation>การมาครั้งล่าสุด</translation>
    </message>
    <message>
        <source>This till has not finished taking the shop&apos;s history from the hub: these balances may be incomplete. Points and credit can be spent once it has synced.</source>
        <translation>เครื่องนี้ยังรับประวัติของร้านจากฮับไม่ครบ ยอดคงเหลือนี้อาจยังไม่ครบ ใช้แต้มและเครดิตได้เมื่อซิงก์ครบแล้ว</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>สมาชิก</translation>
    </message>
    <message>
        <source>{phone} · member {short_id} · since {date}</source>
        <translation>{phone} · สมาชิก {short_id} · ตั้งแต่ {date}</translation>
    </message>
    <message>
        <source>worth {value}</source>
        <translation>มูลค่า {value}</translation>
    </message>
    <message>
        <source>{tier} member</source>
        <translation>สมาชิกระดับ{tier}</translation>
    </message>
    <message>
        <source>{card}: {stamps} of {required} stamps</source>
        <translation>{card} {stamps}/{required} ดวง</translation>
    </message>
    <message>
        <source> · {n} free ready</source>
        <translation> · ของฟรีพร้อมใช้ {n}</translation>
    </message>
    <message>
        <source>{name} (stamp card)</source>
        <translation>{name} (บัตรสะสมแสตมป์)</translation>
    </message>
    <message>
        <source>{name} · %n point</source>
        <translation>{name} · %n แต้ม</translation>
    </message>
    <message>
        <source>{name} · %n points</source>
        <translation>{name} · %n แต้ม</translation>
    </message>
    <message>
        <source>%n point expires on {date}</source>
        <translation>%n แต้มจะหมดอายุวันที่ {date}</translation>
    </message>
    <message>
        <source>%n points expire on {date}</source>
        <translation>%n แต้มจะหมดอายุวันที่ {date}</translation>
    </message>
    <message>
        <source>Offer: {name}</source>
        <translation>ข้อเสนอ: {name}</translation>
    </message>
    <message>
        <source>Offer: {name} · until {date}</source>
        <translation>ข้อเสนอ: {name} · ถึงวันที่ {date}</translation>
    </message>
    <message>
        <source>%n more visit to {tier}</source>
        <translation>อีก %n ครั้งถึงระดับ{tier}</translation>
    </message>
    <message>
        <source>%n more visits to {tier}</source>
        <translation>อีก %n ครั้งถึงระดับ{tier}</translation>
    </message>
    <message>
        <source>%n more point to {tier}</source>
        <translation>อีก %n แต้มถึงระดับ{tier}</translation>
    </message>
    <message>
        <source>%n more points to {tier}</source>
        <translation>อีก %n แต้มถึงระดับ{tier}</translation>
    </message>
    <message>
        <source>None yet: keep collecting.</source>
        <translation>ยังไม่มี สะสมต่อได้เลย</translation>
    </message>
    <message>
        <source>{n} × {reward} expires on {date}</source>
        <translation>{reward} {n} รายการ หมดอายุวันที่ {date}</translation>
    </message>
    <message>
        <source>{amount} store credit expires on {date}</source>
        <translation>เครดิตร้าน {amount} จะหมดอายุวันที่ {date}</translation>
    </message>
    <message>
        <source>Paid membership: the perks apply at checkout</source>
        <translation>สมาชิกแบบชำระเงิน: สิทธิพิเศษใช้ได้ตอนชำระเงิน</translation>
    </message>
    <message>
        <source>Membership</source>
        <translation>สมาชิกแบบชำระเงิน</translation>
    </message>
    <message>
        <source>Join the paid membership: the member pays on their phone</source>
        <translation>สมัครสมาชิกแบบชำระเงิน: สมาชิกชำระผ่านโทรศัพท์ของตนเอง</translation>
    </message>
    <message>
        <source>Join {plan}</source>
        <translation>สมัคร {plan}</translation>
    </message>
    <message>
        <source>Top tier reached</source>
        <translation>ถึงระดับสูงสุดแล้ว</translation>
    </message>
    <message>
        <source>{amount} more to {tier}</source>
        <translation>อีก {amount} ถึงระดับ{tier}</translation>
    </message>
</context>
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
    <name>ApprovalDialog</name>
    <message>
        <source>Manager approval</source>
        <translation>การอนุมัติของผู้จัดการ</translation>
    </message>
    <message>
        <source>A manager&apos;s PIN is needed</source>
        <translation>ต้องใช้ PIN ของผู้จัดการ</translation>
    </message>
    <message>
        <source>Manager PIN</source>
        <translation>PIN ผู้จัดการ</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>อนุมัติ</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>ยกเลิก</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <source>Hold the QR from your member card or phone up to the camera, or scan it at the reader.</source>
        <translation>ยก QR จากบัตรสมาชิกหรือโทรศัพท์ให้กล้องเห็น หรือสแกนที่เครื่องอ่าน</translation>
    </message>
    <message>
        <source>No QR? Sign in with your phone number</source>
        <translation>ไม่มี QR? เข้าสู่ระบบด้วยเบอร์โทรศัพท์</translation>
    </message>
    <message>
        <source>Rate your visit</source>
        <translation>ให้คะแนนการมาเยือน</translation>
    </message>
    <message>
        <source>Show your QR here</source>
        <translation>แสดง QR ของคุณที่นี่</translation>
    </message>
    <message>
        <source>Hold it inside the frame</source>
        <translation>ถือให้อยู่ในกรอบ</translation>
    </message>
</context>
<context>
    <name>BasketModel</name>
    <message>
        <source>Item</source>
        <translation>รายการ</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>จำนวน</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>ราคา</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>รวม</translation>
    </message>
</context>
<context>
    <name>BillColumn</name>
    <message>
        <source>Subtotal</source>
        <translation>ยอดรวมย่อย</translation>
    </message>
    <message>
        <source>Store credit</source>
        <translation>เครดิตร้าน</translation>
    </message>
    <message>
        <source>No member: nothing is earned on this sale.</source>
        <translation>ไม่มีสมาชิก: บิลนี้ไม่ได้รับแต้ม</translation>
    </message>
    <message>
        <source>+%n point</source>
        <translation>+%n แต้ม</translation>
    </message>
    <message>
        <source>+%n points</source>
        <translation>+%n แต้ม</translation>
    </message>
    <message>
        <source>+%n stamp: card complete, free item earned!</source>
        <translation>+%n แสตมป์: สะสมครบแล้ว ได้ของฟรี!</translation>
    </message>
    <message>
        <source>+%n stamps: card complete, free item earned!</source>
        <translation>+%n แสตมป์: สะสมครบแล้ว ได้ของฟรี!</translation>
    </message>
    <message>
        <source>+%n stamp: {after} of {required}</source>
        <translation>+%n แสตมป์: {after} จาก {required}</translation>
    </message>
    <message>
        <source>+%n stamps: {after} of {required}</source>
        <translation>+%n แสตมป์: {after} จาก {required}</translation>
    </message>
    <message>
        <source>+{amount} cashback</source>
        <translation>แคชแบ็ก +{amount}</translation>
    </message>
    <message>
        <source>uses %n point</source>
        <translation>ใช้ %n แต้ม</translation>
    </message>
    <message>
        <source>uses %n points</source>
        <translation>ใช้ %n แต้ม</translation>
    </message>
    <message>
        <source>A manager&apos;s PIN will be asked for on this sale.</source>
        <translation>บิลนี้ต้องใช้ PIN ของผู้จัดการ</translation>
    </message>
    <message>
        <source>Bill</source>
        <translation>บิล</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>ยอดที่ต้องชำระ</translation>
    </message>
    <message>
        <source>The member earns</source>
        <translation>สมาชิกจะได้รับ</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>ใบเสร็จ</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>พิมพ์</translation>
    </message>
    <message>
        <source>No receipt</source>
        <translation>ไม่รับใบเสร็จ</translation>
    </message>
    <message>
        <source>Nothing prints now; Reprint prints it if the customer asks later</source>
        <translation>ยังไม่พิมพ์ตอนนี้ ถ้าลูกค้าขอภายหลัง กดพิมพ์ซ้ำเพื่อพิมพ์ได้</translation>
    </message>
    <message>
        <source>+%n stamp</source>
        <translation>+%n แสตมป์</translation>
    </message>
    <message>
        <source>+%n stamps</source>
        <translation>+%n แสตมป์</translation>
    </message>
    <message>
        <source>{promotion}: {gave}</source>
        <translation>{promotion}: {gave}</translation>
    </message>
    <message>
        <source>%n point</source>
        <translation>%n แต้ม</translation>
    </message>
    <message>
        <source>%n points</source>
        <translation>%n แต้ม</translation>
    </message>
    <message>
        <source>Voucher: {name}</source>
        <translation>คูปอง: {name}</translation>
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
    <name>CheckoutPage</name>
    <message>
        <source>That voucher is already on this bill.</source>
        <translation>คูปองนี้อยู่ในบิลนี้แล้ว</translation>
    </message>
</context>
<context>
    <name>CounterHeader</name>
    <message>
        <source>Cashier</source>
        <translation>แคชเชียร์</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>ผู้จัดการ</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>เจ้าของร้าน</translation>
    </message>
    <message>
        <source>{name} ({role}) · counter {label}</source>
        <translation>{name} ({role}) · เคาน์เตอร์ {label}</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>คืนเงิน</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>เครื่องพิมพ์</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>พิมพ์ซ้ำ</translation>
    </message>
    <message>
        <source>Print a copy of the last receipt, or of the receipt on screen</source>
        <translation>พิมพ์สำเนาใบเสร็จล่าสุด หรือใบเสร็จที่แสดงอยู่</translation>
    </message>
    <message>
        <source>Switch language (F12)</source>
        <translation>เปลี่ยนภาษา (F12)</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>ล็อก</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>ออกจากระบบ</translation>
    </message>
</context>
<context>
    <name>CounterWindow</name>
    <message>
        <source>Hello, {name}</source>
        <translation>สวัสดี {name}</translation>
    </message>
    <message>
        <source>Add something to the basket first.</source>
        <translation>กรุณาเพิ่มสินค้าในตะกร้าก่อน</translation>
    </message>
    <message>
        <source>Sign in first, then scan again.</source>
        <translation>กรุณาเข้าสู่ระบบก่อน แล้วสแกนอีกครั้ง</translation>
    </message>
    <message>
        <source>Voucher noted: it is applied at checkout.</source>
        <translation>บันทึกคูปองแล้ว จะใช้ตอนชำระเงิน</translation>
    </message>
    <message>
        <source>Finish or close this screen, then scan the card again.</source>
        <translation>ทำรายการนี้ให้เสร็จหรือปิดหน้านี้ก่อน แล้วสแกนบัตรอีกครั้ง</translation>
    </message>
    <message>
        <source>Welcome, {name}! +%n sign-up point</source>
        <translation>ยินดีต้อนรับ {name}! +%n แต้มสมัครสมาชิก</translation>
    </message>
    <message>
        <source>Welcome, {name}! +%n sign-up points</source>
        <translation>ยินดีต้อนรับ {name}! +%n แต้มสมัครสมาชิก</translation>
    </message>
    <message>
        <source>the card is printing</source>
        <translation>กำลังพิมพ์บัตร</translation>
    </message>
    <message>
        <source>A copy of the last receipt is printing.</source>
        <translation>กำลังพิมพ์สำเนาใบเสร็จล่าสุด</translation>
    </message>
    <message>
        <source>Nothing has printed yet, so there is no receipt to copy.</source>
        <translation>ยังไม่มีใบเสร็จที่พิมพ์ออกไป จึงยังไม่มีอะไรให้พิมพ์ซ้ำ</translation>
    </message>
</context>
<context>
    <name>CustomerDisplay</name>
    <message>
        <source>Welcome to {shop}</source>
        <translation>ยินดีต้อนรับสู่ {shop}</translation>
    </message>
    <message>
        <source>Your order</source>
        <translation>รายการของคุณ</translation>
    </message>
    <message>
        <source>Your items appear here as they are rung up.</source>
        <translation>รายการที่สั่งจะแสดงที่นี่ทันทีที่พนักงานบันทึก</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>ยอดรวม</translation>
    </message>
    <message>
        <source>Member? Scan your card to earn points and stamps.</source>
        <translation>เป็นสมาชิกไหม? สแกนบัตรเพื่อรับแต้มและแสตมป์</translation>
    </message>
    <message>
        <source>Hello, {name}</source>
        <translation>สวัสดีค่ะ คุณ{name}</translation>
    </message>
    <message>
        <source>Points: {points}</source>
        <translation>แต้ม: {points}</translation>
    </message>
    <message>
        <source>{card}: {stamps} of {required} stamps</source>
        <translation>{card}: {stamps} จาก {required} ดวง</translation>
    </message>
    <message>
        <source>{tier} · {progress}</source>
        <translation>{tier} · {progress}</translation>
    </message>
    <message>
        <source>This sale earns</source>
        <translation>บิลนี้จะได้รับ</translation>
    </message>
    <message>
        <source>+{n} points</source>
        <translation>+{n} แต้ม</translation>
    </message>
    <message>
        <source>+{n} stamps</source>
        <translation>+{n} แสตมป์</translation>
    </message>
    <message>
        <source>+{amount} store credit</source>
        <translation>+{amount} เครดิตร้าน</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>ขอบคุณค่ะ</translation>
    </message>
    <message>
        <source>Paid {amount}</source>
        <translation>ชำระแล้ว {amount}</translation>
    </message>
    <message>
        <source>You earned {what}</source>
        <translation>คุณได้รับ {what}</translation>
    </message>
</context>
<context>
    <name>DigitKeypad</name>
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
    <name>DonateScreen</name>
    <message>
        <source>Donate points</source>
        <translation>บริจาคแต้ม</translation>
    </message>
    <message>
        <source>%n point = %2 for the cause</source>
        <translation>%n แต้ม = %2 เพื่อการกุศล</translation>
    </message>
    <message>
        <source>%n points = %2 for the cause</source>
        <translation>%n แต้ม = %2 เพื่อการกุศล</translation>
    </message>
    <message>
        <source>You have %n point</source>
        <translation>คุณมี %n แต้ม</translation>
    </message>
    <message>
        <source>You have %n points</source>
        <translation>คุณมี %n แต้ม</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>ย้อนกลับ</translation>
    </message>
    <message>
        <source>Choose a cause</source>
        <translation>เลือกโครงการ</translation>
    </message>
    <message>
        <source>Donate</source>
        <translation>บริจาค</translation>
    </message>
    <message>
        <source>All my points</source>
        <translation>แต้มทั้งหมดของฉัน</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>แต้ม</translation>
    </message>
    <message>
        <source>At least %n point. The shop gives %2 per point.</source>
        <translation>ขั้นต่ำ %n แต้ม ร้านสมทบ %2 ต่อแต้ม</translation>
    </message>
    <message>
        <source>At least %n points. The shop gives %2 per point.</source>
        <translation>ขั้นต่ำ %n แต้ม ร้านสมทบ %2 ต่อแต้ม</translation>
    </message>
</context>
<context>
    <name>EnrollPage</name>
    <message>
        <source>New member</source>
        <translation>สมาชิกใหม่</translation>
    </message>
    <message>
        <source>Name and phone are enough; the sign-up bonus is added at once.</source>
        <translation>ใช้แค่ชื่อและเบอร์โทร แต้มสมัครสมาชิกจะเข้าทันที</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>ชื่อ</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>เบอร์โทรศัพท์</translation>
    </message>
    <message>
        <source>Email (optional)</source>
        <translation>อีเมล (ไม่บังคับ)</translation>
    </message>
    <message>
        <source>Birthday (optional)</source>
        <translation>วันเกิด (ไม่บังคับ)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>ภาษา</translation>
    </message>
    <message>
        <source>Referral code</source>
        <translation>รหัสเพื่อนที่ชวน</translation>
    </message>
    <message>
        <source>e.g. Somchai Jaidee</source>
        <translation>เช่น สมชาย ใจดี</translation>
    </message>
    <message>
        <source>e.g. 081 234 5678</source>
        <translation>เช่น 081 234 5678</translation>
    </message>
    <message>
        <source>for receipts and offers</source>
        <translation>สำหรับใบเสร็จและโปรโมชั่น</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>ปปปป-ดด-วว (ค.ศ.)</translation>
    </message>
    <message>
        <source>a friend&apos;s code, if they have one</source>
        <translation>รหัสของเพื่อน ถ้ามี</translation>
    </message>
    <message>
        <source>The member has read and accepts the privacy notice (version {version})</source>
        <translation>สมาชิกได้อ่านและยอมรับประกาศความเป็นส่วนตัว (ฉบับ {version})</translation>
    </message>
    <message>
        <source>The member would like offers by SMS or email</source>
        <translation>สมาชิกต้องการรับข้อเสนอทาง SMS หรืออีเมล</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>ยกเลิก</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>กำลังบันทึก…</translation>
    </message>
    <message>
        <source>Enroll</source>
        <translation>สมัครสมาชิก</translation>
    </message>
    <message>
        <source>Enroll and print card</source>
        <translation>สมัครและพิมพ์บัตร</translation>
    </message>
</context>
<context>
    <name>EnrollScreen</name>
    <message>
        <source>Enter the birthday as day/month/year, e.g. 15/07/1990.</source>
        <translation>กรอกวันเกิดเป็น วัน/เดือน/ปี เช่น 15/07/2533</translation>
    </message>
    <message>
        <source>Join %1</source>
        <translation>สมัคร %1</translation>
    </message>
    <message>
        <source>Free. You get %1 points as a welcome gift.</source>
        <translation>สมัครฟรี รับ %1 แต้มเป็นของขวัญต้อนรับ</translation>
    </message>
    <message>
        <source>Free. Collect points from your first visit.</source>
        <translation>สมัครฟรี เริ่มสะสมแต้มได้ตั้งแต่ครั้งแรก</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>ย้อนกลับ</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>ชื่อ</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>เบอร์โทรศัพท์</translation>
    </message>
    <message>
        <source>Email (optional)</source>
        <translation>อีเมล (ไม่บังคับ)</translation>
    </message>
    <message>
        <source>Birthday (optional)</source>
        <translation>วันเกิด (ไม่บังคับ)</translation>
    </message>
    <message>
        <source>Friend&apos;s code (optional)</source>
        <translation>รหัสเพื่อนที่ชวน (ไม่บังคับ)</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>ชื่อของคุณ</translation>
    </message>
    <message>
        <source>DD/MM/YYYY</source>
        <translation>วว/ดด/ปปปป</translation>
    </message>
    <message>
        <source>If a friend invited you</source>
        <translation>หากมีเพื่อนชวนมา</translation>
    </message>
    <message>
        <source>Your birthday brings a birthday bonus, and lets you sign in here with your phone number.</source>
        <translation>ใส่วันเกิดเพื่อรับแต้มวันเกิด และเข้าสู่ระบบที่นี่ด้วยเบอร์โทรศัพท์ได้</translation>
    </message>
    <message>
        <source>Privacy notice (version %1)</source>
        <translation>ประกาศความเป็นส่วนตัว (ฉบับ %1)</translation>
    </message>
    <message>
        <source>%1 keeps your name, phone number and, if you give them, your email and birthday, with the points, stamps and purchases of your visits. We use them only to run the loyalty program: to find your account, add and redeem rewards, and send your receipts. We keep them while you are a member and for up to two years after your last visit, then delete them.

We do not sell your data. Card payments for a paid membership are handled by our payment provider (Stripe); this kiosk never sees your card.

You can ask at the counter at any time to see, correct or delete your data, or to withdraw your consent. Marketing messages are sent only if you tick the second box.</source>
        <translation>%1 เก็บชื่อ เบอร์โทรศัพท์ และอีเมลกับวันเกิดหากคุณให้ไว้ พร้อมแต้ม แสตมป์ และรายการซื้อในแต่ละครั้ง เราใช้ข้อมูลเหล่านี้เพื่อดำเนินโปรแกรมสมาชิกเท่านั้น ได้แก่ ค้นหาบัญชีของคุณ สะสมและแลกของรางวัล และส่งใบเสร็จ เราเก็บข้อมูลตลอดระยะเวลาที่คุณเป็นสมาชิก และไม่เกินสองปีหลังการมาเยือนครั้งสุดท้าย จากนั้นจะลบทิ้ง

เราไม่ขายข้อมูลของคุณ การชำระเงินด้วยบัตรสำหรับสมาชิกแบบชำระเงินดำเนินการโดยผู้ให้บริการชำระเงิน (Stripe) ตู้นี้ไม่เห็นข้อมูลบัตรของคุณ

คุณขอดู แก้ไข หรือลบข้อมูล หรือถอนความยินยอมได้ที่เคาน์เตอร์ทุกเมื่อ เราจะส่งข่าวสารการตลาดเฉพาะเมื่อคุณเลือกช่องที่สองเท่านั้น</translation>
    </message>
    <message>
        <source>I agree to the privacy notice</source>
        <translation>ฉันยอมรับประกาศความเป็นส่วนตัว</translation>
    </message>
    <message>
        <source>Send me offers and news (optional)</source>
        <translation>ส่งข้อเสนอและข่าวสารให้ฉัน (ไม่บังคับ)</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>สมัคร</translation>
    </message>
</context>
<context>
    <name>FeedbackScreen</name>
    <message>
        <source>How was your visit?</source>
        <translation>วันนี้เป็นอย่างไรบ้าง?</translation>
    </message>
    <message>
        <source>Tap the stars. A comment is welcome but not needed.</source>
        <translation>แตะดาวเพื่อให้คะแนน จะเขียนความเห็นเพิ่มหรือไม่ก็ได้</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>ย้อนกลับ</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>ส่ง</translation>
    </message>
    <message>
        <source>Anything to tell us? (optional)</source>
        <translation>มีอะไรอยากบอกเราไหม? (ไม่บังคับ)</translation>
    </message>
    <message>
        <source>Poor</source>
        <translation>ไม่ดี</translation>
    </message>
    <message>
        <source>Could be better</source>
        <translation>ควรปรับปรุง</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>ตกลง</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>ดี</translation>
    </message>
    <message>
        <source>Excellent!</source>
        <translation>ยอดเยี่ยม!</translation>
    </message>
</context>
<context>
    <name>HubWords</name>
    <message>
        <source>just now</source>
        <translation>เมื่อสักครู่</translation>
    </message>
    <message>
        <source>%n min ago</source>
        <translation>%n นาทีที่แล้ว</translation>
    </message>
    <message>
        <source>%n h ago</source>
        <translation>%n ชั่วโมงที่แล้ว</translation>
    </message>
    <message>
        <source>%n days ago</source>
        <translation>%n วันที่แล้ว</translation>
    </message>
    <message>
        <source>%n sale to send</source>
        <translation>รอส่ง %n รายการขาย</translation>
    </message>
    <message>
        <source>%n sales to send</source>
        <translation>รอส่ง %n รายการขาย</translation>
    </message>
    <message>
        <source>%n change to send</source>
        <translation>รอส่ง %n รายการ</translation>
    </message>
    <message>
        <source>%n changes to send</source>
        <translation>รอส่ง %n รายการ</translation>
    </message>
    <message>
        <source>The hub refused this device&apos;s changes: ask a manager</source>
        <translation>ฮับปฏิเสธข้อมูลของเครื่องนี้: แจ้งผู้จัดการ</translation>
    </message>
    <message>
        <source>Not synced with the hub yet</source>
        <translation>ยังไม่ได้ซิงก์กับฮับ</translation>
    </message>
    <message>
        <source>Offline since %1</source>
        <translation>ออฟไลน์ตั้งแต่ %1</translation>
    </message>
    <message>
        <source>Synced %1</source>
        <translation>ซิงก์แล้ว %1</translation>
    </message>
</context>
<context>
    <name>MemberCardDialog</name>
    <message>
        <source>Member card</source>
        <translation>บัตรสมาชิก</translation>
    </message>
    <message>
        <source>Print card</source>
        <translation>พิมพ์บัตร</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>ปิด</translation>
    </message>
    <message>
        <source>The card is printing.</source>
        <translation>กำลังพิมพ์บัตร</translation>
    </message>
</context>
<context>
    <name>MemberColumn</name>
    <message>
        <source>This phone number is on {count} members. Ask the customer which one is theirs, or scan their card. A manager should merge them (Manager → Devices and sync).</source>
        <translation>เบอร์นี้เป็นของสมาชิก {count} คน ถามลูกค้าว่าบัญชีไหนเป็นของเขา หรือสแกนบัตรสมาชิก ผู้จัดการควรรวมเป็นบัญชีเดียว (ผู้จัดการ → อุปกรณ์และการซิงก์)</translation>
    </message>
    <message>
        <source>No member found</source>
        <translation>ไม่พบสมาชิก</translation>
    </message>
    <message>
        <source>No name starts with that. Type one more letter to search inside names and phone numbers.</source>
        <translation>ไม่มีชื่อที่ขึ้นต้นแบบนี้ พิมพ์เพิ่มอีกหนึ่งตัวอักษรเพื่อค้นหาในชื่อและเบอร์โทร</translation>
    </message>
    <message>
        <source>Check the spelling or the number, or enroll them as a new member (F3).</source>
        <translation>ตรวจสอบชื่อหรือเบอร์อีกครั้ง หรือสมัครเป็นสมาชิกใหม่ (F3)</translation>
    </message>
    <message>
        <source>Scan the member&apos;s card</source>
        <translation>สแกนบัตรสมาชิก</translation>
    </message>
    <message>
        <source>Use the barcode reader or the camera, or type a phone number or name above.</source>
        <translation>ใช้เครื่องอ่านบาร์โค้ดหรือกล้อง หรือพิมพ์เบอร์โทรหรือชื่อด้านบน</translation>
    </message>
    <message>
        <source>Name or phone  (F2)</source>
        <translation>ชื่อหรือเบอร์โทร  (F2)</translation>
    </message>
    <message>
        <source>Search members</source>
        <translation>ค้นหาสมาชิก</translation>
    </message>
    <message>
        <source>No camera</source>
        <translation>ไม่มีกล้อง</translation>
    </message>
    <message>
        <source>No camera found. Connect a camera or use the barcode reader.</source>
        <translation>ไม่พบกล้อง กรุณาต่อกล้องหรือใช้เครื่องอ่านบาร์โค้ด</translation>
    </message>
    <message>
        <source>Scan with camera</source>
        <translation>สแกนด้วยกล้อง</translation>
    </message>
    <message>
        <source>Hold the member&apos;s QR code up to the camera</source>
        <translation>ให้สมาชิกยื่น QR ให้กล้อง</translation>
    </message>
    <message>
        <source>New member</source>
        <translation>สมาชิกใหม่</translation>
    </message>
    <message>
        <source>Enroll a new member</source>
        <translation>สมัครสมาชิกใหม่</translation>
    </message>
    <message>
        <source>Hold the QR code inside the frame.</source>
        <translation>ถือ QR ให้อยู่ในกรอบ</translation>
    </message>
    <message>
        <source>Stop camera</source>
        <translation>ปิดกล้อง</translation>
    </message>
</context>
<context>
    <name>MembershipDialog</name>
    <message>
        <source>Paid membership is not set up on this counter.</source>
        <translation>เคาน์เตอร์นี้ยังไม่ได้ตั้งค่าสมาชิกแบบชำระเงิน</translation>
    </message>
    <message>
        <source>per month</source>
        <translation>ต่อเดือน</translation>
    </message>
    <message>
        <source>per year</source>
        <translation>ต่อปี</translation>
    </message>
    <message>
        <source>{percent}% off every order</source>
        <translation>ลด {percent}% ทุกออร์เดอร์</translation>
    </message>
    <message>
        <source>+{percent}% points</source>
        <translation>แต้ม +{percent}%</translation>
    </message>
    <message>
        <source>Paid membership</source>
        <translation>สมาชิกแบบชำระเงิน</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>กำลังเปิด…</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>สมาชิกแล้ว</translation>
    </message>
    <message>
        <source>Join {plan}</source>
        <translation>สมัคร {plan}</translation>
    </message>
    <message>
        <source>Member of {plan}: the perks apply at checkout.</source>
        <translation>เป็นสมาชิก {plan}: สิทธิพิเศษใช้ได้ตอนชำระเงิน</translation>
    </message>
    <message>
        <source>The member pays on their own phone; the perks start once Stripe confirms the payment.</source>
        <translation>สมาชิกชำระเงินผ่านโทรศัพท์ของตนเอง สิทธิพิเศษเริ่มเมื่อ Stripe ยืนยันการชำระเงิน</translation>
    </message>
    <message>
        <source>Scan with your phone camera to pay and join {plan}</source>
        <translation>สแกนด้วยกล้องโทรศัพท์เพื่อชำระเงินและสมัคร {plan}</translation>
    </message>
    <message>
        <source>{price} per month, renews by itself; cancel any time.</source>
        <translation>{price} ต่อเดือน ต่ออายุอัตโนมัติ ยกเลิกได้ทุกเมื่อ</translation>
    </message>
    <message>
        <source>{price} per year, renews by itself; cancel any time.</source>
        <translation>{price} ต่อปี ต่ออายุอัตโนมัติ ยกเลิกได้ทุกเมื่อ</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>ปิด</translation>
    </message>
</context>
<context>
    <name>MembershipScreen</name>
    <message>
        <source>Paid membership</source>
        <translation>สมาชิกแบบชำระเงิน</translation>
    </message>
    <message>
        <source>Pay on your own phone: card details never touch this kiosk</source>
        <translation>ชำระเงินบนโทรศัพท์ของคุณเอง ข้อมูลบัตรไม่ผ่านตู้นี้</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>ย้อนกลับ</translation>
    </message>
    <message>
        <source>a month</source>
        <translation>ต่อเดือน</translation>
    </message>
    <message>
        <source>a year</source>
        <translation>ต่อปี</translation>
    </message>
    <message>
        <source>+%1% points on every visit</source>
        <translation>แต้มเพิ่ม %1% ทุกครั้งที่มาใช้บริการ</translation>
    </message>
    <message>
        <source>Renews by itself each month; cancel at the counter any time</source>
        <translation>ต่ออายุอัตโนมัติทุกเดือน ยกเลิกได้ทุกเมื่อที่เคาน์เตอร์</translation>
    </message>
    <message>
        <source>Renews by itself each year; cancel at the counter any time</source>
        <translation>ต่ออายุอัตโนมัติทุกปี ยกเลิกได้ทุกเมื่อที่เคาน์เตอร์</translation>
    </message>
    <message>
        <source>Join %1</source>
        <translation>สมัคร %1</translation>
    </message>
    <message>
        <source>%1% off every order</source>
        <translation>ลด %1% ทุกออเดอร์</translation>
    </message>
    <message>
        <source>Joining online is not available right now; ask at the counter.</source>
        <translation>ขณะนี้ยังสมัครออนไลน์ไม่ได้ กรุณาติดต่อที่เคาน์เตอร์</translation>
    </message>
    <message>
        <source>You are a member of %1.</source>
        <translation>คุณเป็นสมาชิก %1 แล้ว</translation>
    </message>
    <message>
        <source>Scan with your phone camera to pay and join</source>
        <translation>สแกนด้วยกล้องโทรศัพท์เพื่อชำระเงินและสมัคร</translation>
    </message>
</context>
<context>
    <name>ModifierDialog</name>
    <message>
        <source>Add to basket</source>
        <translation>ใส่ตะกร้า</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>ยกเลิก</translation>
    </message>
    <message>
        <source>{item}: {price}</source>
        <translation>{item}: {price}</translation>
    </message>
</context>
<context>
    <name>MoneyPage</name>
    <message>
        <source>Money and language</source>
        <translation>สกุลเงินและภาษา</translation>
    </message>
    <message>
        <source>The currency every price, reward and report is in.</source>
        <translation>สกุลเงินที่ใช้กับราคา รางวัล และรายงานทั้งหมด</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>สกุลเงิน</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>ภาษา</translation>
    </message>
    <message>
        <source>Receipts are printed in it and the screens start in it; a cashier or customer can switch a screen to the other at any time.</source>
        <translation>ใบเสร็จพิมพ์เป็นภาษานี้และหน้าจอเริ่มต้นด้วยภาษานี้ แคชเชียร์หรือลูกค้าสลับภาษาบนหน้าจอได้ตลอดเวลา</translation>
    </message>
    <message>
        <source>Thai baht</source>
        <translation>บาท</translation>
    </message>
    <message>
        <source>US dollar</source>
        <translation>ดอลลาร์สหรัฐ</translation>
    </message>
    <message>
        <source>Euro</source>
        <translation>ยูโร</translation>
    </message>
    <message>
        <source>Pound sterling</source>
        <translation>ปอนด์สเตอร์ลิง</translation>
    </message>
    <message>
        <source>Singapore dollar</source>
        <translation>ดอลลาร์สิงคโปร์</translation>
    </message>
    <message>
        <source>Malaysian ringgit</source>
        <translation>ริงกิตมาเลเซีย</translation>
    </message>
    <message>
        <source>Australian dollar</source>
        <translation>ดอลลาร์ออสเตรเลีย</translation>
    </message>
    <message>
        <source>Hong Kong dollar</source>
        <translation>ดอลลาร์ฮ่องกง</translation>
    </message>
</context>
<context>
    <name>NumberPad</name>
    <message>
        <source>Delete</source>
        <translation>ลบ</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>ถัดไป</translation>
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
    <name>OnlinePage</name>
    <message>
        <source>Online (optional)</source>
        <translation>ออนไลน์ (ไม่บังคับ)</translation>
    </message>
    <message>
        <source>Everything works offline; leave both empty if unsure.</source>
        <translation>ทุกอย่างทำงานได้แบบออฟไลน์ หากไม่แน่ใจให้เว้นว่างทั้งสองช่อง</translation>
    </message>
    <message>
        <source>Stripe secret key</source>
        <translation>คีย์ลับ Stripe</translation>
    </message>
    <message>
        <source>Hub address</source>
        <translation>ที่อยู่ฮับ</translation>
    </message>
    <message>
        <source>Hub owner&apos;s password</source>
        <translation>รหัสผ่านเจ้าของฮับ</translation>
    </message>
    <message>
        <source>This device&apos;s name</source>
        <translation>ชื่ออุปกรณ์นี้</translation>
    </message>
    <message>
        <source>This shop&apos;s first device on the hub</source>
        <translation>อุปกรณ์เครื่องแรกของร้านนี้บนฮับ</translation>
    </message>
    <message>
        <source>A new device of a shop already on the hub</source>
        <translation>อุปกรณ์ใหม่ของร้านที่อยู่บนฮับแล้ว</translation>
    </message>
    <message>
        <source>e.g. Counter 2</source>
        <translation>เช่น Counter 2</translation>
    </message>
    <message>
        <source>For paid membership and members&apos; balances in Stripe. Kept in this computer&apos;s keyring, never in a file.</source>
        <translation>สำหรับสมาชิกแบบเสียค่าบริการและยอดคงเหลือของสมาชิกใน Stripe เก็บไว้ในที่เก็บรหัสลับของเครื่องนี้ ไม่บันทึกลงไฟล์</translation>
    </message>
    <message>
        <source>The PostgreSQL database the shop&apos;s devices share. The owner&apos;s password is used once, at Finish, and kept nowhere. A new device takes the shop&apos;s name and programs from the hub.</source>
        <translation>ฐานข้อมูล PostgreSQL ที่อุปกรณ์ของร้านใช้ร่วมกัน รหัสผ่านของเจ้าของฮับใช้ครั้งเดียวตอนกดเสร็จสิ้น และไม่ถูกเก็บไว้ อุปกรณ์ใหม่จะได้ชื่อร้านและโปรแกรมจากฮับ</translation>
    </message>
</context>
<context>
    <name>OwnerPage</name>
    <message>
        <source>Owner</source>
        <translation>เจ้าของร้าน</translation>
    </message>
    <message>
        <source>The owner</source>
        <translation>เจ้าของร้าน</translation>
    </message>
    <message>
        <source>The owner signs in with this name and PIN, adds the staff and approves what needs a manager. Keep the PIN to yourself.</source>
        <translation>เจ้าของร้านเข้าสู่ระบบด้วยชื่อและ PIN นี้ เพิ่มพนักงาน และอนุมัติรายการที่ต้องใช้ผู้จัดการ เก็บ PIN ไว้เป็นความลับ</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>ชื่อ</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>PIN อีกครั้ง</translation>
    </message>
    <message>
        <source>4 to 8 digits</source>
        <translation>ตัวเลข 4 ถึง 8 หลัก</translation>
    </message>
    <message>
        <source>the same PIN, to be sure</source>
        <translation>PIN เดิมอีกครั้งเพื่อความแน่ใจ</translation>
    </message>
</context>
<context>
    <name>PaidPanel</name>
    <message>
        <source>Next customer</source>
        <translation>ลูกค้าคนถัดไป</translation>
    </message>
    <message>
        <source>Reprint receipt</source>
        <translation>พิมพ์ใบเสร็จซ้ำ</translation>
    </message>
    <message>
        <source>Change to give</source>
        <translation>เงินทอน</translation>
    </message>
    <message>
        <source>A new sale starts in %n second.</source>
        <translation>เริ่มบิลใหม่ใน %n วินาที</translation>
    </message>
    <message>
        <source>A new sale starts in %n seconds.</source>
        <translation>เริ่มบิลใหม่ใน %n วินาที</translation>
    </message>
    <message>
        <source>Paid. Thank you!</source>
        <translation>ชำระเงินแล้ว ขอบคุณค่ะ!</translation>
    </message>
    <message>
        <source>Receipt {receipt} · {amount} by {method}</source>
        <translation>ใบเสร็จ {receipt} · {amount} ด้วย{method}</translation>
    </message>
    <message>
        <source>QR / PromptPay</source>
        <translation>QR / พร้อมเพย์</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>เงินสด</translation>
    </message>
    <message>
        <source>card</source>
        <translation>บัตร</translation>
    </message>
    <message>
        <source>no receipt printed</source>
        <translation>ไม่ได้พิมพ์ใบเสร็จ</translation>
    </message>
    <message>
        <source>Print receipt</source>
        <translation>พิมพ์ใบเสร็จ</translation>
    </message>
    <message>
        <source>Guest sale: no points earned.</source>
        <translation>ลูกค้าทั่วไป: ไม่ได้รับแต้ม</translation>
    </message>
    <message>
        <source>free item earned!</source>
        <translation>ได้ของฟรี!</translation>
    </message>
    <message>
        <source>Challenge complete: {name}! +%n point</source>
        <translation>ภารกิจสำเร็จ: {name}! +%n แต้ม</translation>
    </message>
    <message>
        <source>Challenge complete: {name}! +%n points</source>
        <translation>ภารกิจสำเร็จ: {name}! +%n แต้ม</translation>
    </message>
    <message>
        <source>Cashback: +{amount}</source>
        <translation>แคชแบ็ก: +{amount}</translation>
    </message>
    <message>
        <source>Balance now: %n point · {credit} store credit</source>
        <translation>ยอดคงเหลือ: %n แต้ม · เครดิตร้าน {credit}</translation>
    </message>
    <message>
        <source>Balance now: %n points · {credit} store credit</source>
        <translation>ยอดคงเหลือ: %n แต้ม · เครดิตร้าน {credit}</translation>
    </message>
    <message>
        <source>New tier: {tier}</source>
        <translation>ระดับใหม่: {tier}</translation>
    </message>
</context>
<context>
    <name>ParkedDialog</name>
    <message>
        <source>+{n} more</source>
        <translation>และอีก {n} รายการ</translation>
    </message>
    <message>
        <source>No member</source>
        <translation>ไม่มีสมาชิก</translation>
    </message>
    <message>
        <source>%n item</source>
        <translation>%n ชิ้น</translation>
    </message>
    <message>
        <source>%n items</source>
        <translation>%n ชิ้น</translation>
    </message>
    <message>
        <source>Parked sales</source>
        <translation>บิลที่พักไว้</translation>
    </message>
    <message>
        <source>Nothing is paid or earned on a parked sale until it is recalled and paid.</source>
        <translation>บิลที่พักไว้ยังไม่ได้ชำระและยังไม่ได้รับแต้ม จนกว่าจะเรียกคืนและชำระเงิน</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>เรียกคืน</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>ปิด</translation>
    </message>
</context>
<context>
    <name>ParkingDesk</name>
    <message>
        <source>Add something to the basket first.</source>
        <translation>กรุณาเพิ่มสินค้าในตะกร้าก่อน</translation>
    </message>
    <message>
        <source>Sale parked ({total}). Recall it with Parked (F10).</source>
        <translation>พักบิลแล้ว ({total}) เรียกคืนได้ที่ปุ่ม บิลที่พัก (F10)</translation>
    </message>
    <message>
        <source>No sales are parked on this counter.</source>
        <translation>ไม่มีบิลที่พักไว้ที่เคาน์เตอร์นี้</translation>
    </message>
    <message>
        <source>Park or clear the sale on screen first, then recall another.</source>
        <translation>พักหรือล้างบิลที่อยู่บนจอก่อน แล้วจึงเรียกบิลอื่นคืน</translation>
    </message>
</context>
<context>
    <name>PaymentColumn</name>
    <message>
        <source>Change: —  (exact cash)</source>
        <translation>เงินทอน: —  (จ่ายพอดี)</translation>
    </message>
    <message>
        <source>{short} short</source>
        <translation>ขาดอีก {short}</translation>
    </message>
    <message>
        <source>Change: {change}</source>
        <translation>เงินทอน: {change}</translation>
    </message>
    <message>
        <source>Take the payment on the card terminal, then confirm it here.</source>
        <translation>รับชำระที่เครื่องรูดบัตร แล้วกดยืนยันที่นี่</translation>
    </message>
    <message>
        <source>Show the shop&apos;s PromptPay QR; confirm once the transfer has arrived.</source>
        <translation>แสดง QR พร้อมเพย์ของร้าน แล้วกดยืนยันเมื่อเงินโอนเข้าแล้ว</translation>
    </message>
    <message>
        <source>Recording…</source>
        <translation>กำลังบันทึก…</translation>
    </message>
    <message>
        <source>Confirm payment</source>
        <translation>ยืนยันการชำระเงิน</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>การชำระเงิน</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>เงินสด</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>บัตร</translation>
    </message>
    <message>
        <source>QR / PromptPay</source>
        <translation>QR / พร้อมเพย์</translation>
    </message>
    <message>
        <source>Cash given</source>
        <translation>รับเงินสดมา</translation>
    </message>
    <message>
        <source>Exact</source>
        <translation>พอดี</translation>
    </message>
</context>
<context>
    <name>PhoneSignInScreen</name>
    <message>
        <source>Back</source>
        <translation>ย้อนกลับ</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>ถัดไป</translation>
    </message>
    <message>
        <source>Change the phone number</source>
        <translation>เปลี่ยนเบอร์โทรศัพท์</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>เบอร์โทรศัพท์</translation>
    </message>
    <message>
        <source>Type the phone number you joined with.</source>
        <translation>กรอกเบอร์โทรศัพท์ที่ใช้สมัครสมาชิก</translation>
    </message>
    <message>
        <source>Next we ask one question only you can answer, so nobody else can open your account with your number.</source>
        <translation>จากนั้นเราจะถามคำถามหนึ่งข้อที่มีแต่คุณตอบได้ เพื่อไม่ให้ผู้อื่นเปิดบัญชีของคุณด้วยเบอร์ของคุณ</translation>
    </message>
    <message>
        <source>Sign in with your phone</source>
        <translation>เข้าสู่ระบบด้วยเบอร์โทรศัพท์</translation>
    </message>
    <message>
        <source>Step 1 of 2</source>
        <translation>ขั้นตอนที่ 1 จาก 2</translation>
    </message>
    <message>
        <source>One quick check</source>
        <translation>ยืนยันตัวตนอีกนิด</translation>
    </message>
    <message>
        <source>Step 2 of 2</source>
        <translation>ขั้นตอนที่ 2 จาก 2</translation>
    </message>
    <message>
        <source>Enter your birthday as day and month</source>
        <translation>กรอกวันและเดือนเกิดของคุณ</translation>
    </message>
    <message>
        <source>4 digits: DDMM. For 9 July, enter 0907.</source>
        <translation>ตัวเลข 4 หลัก วันเดือน เช่น 9 กรกฎาคม กรอก 0907</translation>
    </message>
    <message>
        <source>Birthday (DDMM)</source>
        <translation>วันเกิด (วันเดือน)</translation>
    </message>
    <message>
        <source>Enter the year you were born</source>
        <translation>กรอกปีเกิดของคุณ</translation>
    </message>
    <message>
        <source>4 digits, in either calendar: 1990 or 2533. If we have your birthday without a year, enter day and month (DDMM).</source>
        <translation>ตัวเลข 4 หลัก เป็น พ.ศ. หรือ ค.ศ. ก็ได้ เช่น 2533 หรือ 1990 หากเรามีวันเกิดของคุณแต่ไม่มีปี ให้กรอกวันและเดือน (วันเดือน)</translation>
    </message>
    <message>
        <source>Year of birth</source>
        <translation>ปีเกิด</translation>
    </message>
    <message>
        <source>No birthday on file? Scan your member QR or ask at the counter.</source>
        <translation>ไม่ได้ให้วันเกิดไว้? สแกน QR สมาชิก หรือติดต่อที่เคาน์เตอร์</translation>
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
    <name>PrintQueueModel</name>
    <message>
        <source>Document</source>
        <translation>เอกสาร</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>ประเภท</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>สถานะ</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>สร้างเมื่อ</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>ปัญหา</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>ใบเสร็จ</translation>
    </message>
    <message>
        <source>Refund slip</source>
        <translation>ใบคืนเงิน</translation>
    </message>
    <message>
        <source>Member card</source>
        <translation>บัตรสมาชิก</translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation>คูปอง</translation>
    </message>
    <message>
        <source>Day summary</source>
        <translation>สรุปประจำวัน</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>ลิ้นชักเงินสด</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>รอพิมพ์</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>กำลังพิมพ์</translation>
    </message>
    <message>
        <source>Held: check the paper</source>
        <translation>พักไว้: ตรวจดูกระดาษ</translation>
    </message>
</context>
<context>
    <name>PrintQueuePage</name>
    <message>
        <source>A copy of the last receipt is printing.</source>
        <translation>กำลังพิมพ์สำเนาใบเสร็จล่าสุด</translation>
    </message>
    <message>
        <source>Nothing has printed yet, so there is no receipt to copy.</source>
        <translation>ยังไม่มีใบเสร็จที่พิมพ์ออกไป จึงยังไม่มีอะไรให้พิมพ์ซ้ำ</translation>
    </message>
    <message>
        <source>A copy is printing.</source>
        <translation>กำลังพิมพ์สำเนา</translation>
    </message>
    <message>
        <source>Removed from the queue.</source>
        <translation>นำออกจากคิวแล้ว</translation>
    </message>
    <message>
        <source>Printer queue</source>
        <translation>คิวเครื่องพิมพ์</translation>
    </message>
    <message>
        <source>Receipts wait here until the printer confirms them. A held receipt went to the printer but was not confirmed (the Problem column says what happened): check whether it came out, then reprint or dismiss it.</source>
        <translation>ใบเสร็จจะรอที่นี่จนกว่าเครื่องพิมพ์จะยืนยัน ใบเสร็จที่พักไว้ถูกส่งไปเครื่องพิมพ์แล้วแต่ไม่ได้รับการยืนยัน (ดูสาเหตุในคอลัมน์ปัญหา) ดูว่ากระดาษออกมาไหม แล้วพิมพ์ใหม่หรือปิดรายการ</translation>
    </message>
    <message>
        <source>Nothing is waiting: every receipt has printed.</source>
        <translation>ไม่มีงานค้าง พิมพ์ใบเสร็จครบแล้ว</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>ปิด</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>รีเฟรช</translation>
    </message>
    <message>
        <source>Reprint selected</source>
        <translation>พิมพ์ซ้ำรายการที่เลือก</translation>
    </message>
    <message>
        <source>Dismiss selected</source>
        <translation>นำรายการที่เลือกออก</translation>
    </message>
    <message>
        <source>Reprint last receipt</source>
        <translation>พิมพ์ใบเสร็จล่าสุดซ้ำ</translation>
    </message>
    <message>
        <source>Printer: {state}</source>
        <translation>เครื่องพิมพ์: {state}</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <source>Printer</source>
        <translation>เครื่องพิมพ์</translation>
    </message>
    <message>
        <source>USB printer on %1</source>
        <translation>เครื่องพิมพ์ USB ที่ %1</translation>
    </message>
    <message>
        <source>Serial port %1</source>
        <translation>พอร์ตอนุกรม %1</translation>
    </message>
    <message>
        <source>Network printer (IP address)</source>
        <translation>เครื่องพิมพ์เครือข่าย (ที่อยู่ IP)</translation>
    </message>
    <message>
        <source>USB printer (vendor:product id)</source>
        <translation>เครื่องพิมพ์ USB (รหัสผู้ผลิต:รหัสสินค้า)</translation>
    </message>
    <message>
        <source>Serial port (type its device)</source>
        <translation>พอร์ตอนุกรม (พิมพ์ชื่ออุปกรณ์)</translation>
    </message>
    <message>
        <source>Printer device or file (type its path)</source>
        <translation>อุปกรณ์หรือไฟล์ของเครื่องพิมพ์ (พิมพ์ตำแหน่ง)</translation>
    </message>
    <message>
        <source>No printer yet</source>
        <translation>ยังไม่มีเครื่องพิมพ์</translation>
    </message>
    <message>
        <source>Printing a test page…</source>
        <translation>กำลังพิมพ์หน้าทดสอบ…</translation>
    </message>
    <message>
        <source>Test page sent to %1. Did it come out?</source>
        <translation>ส่งหน้าทดสอบไปที่ %1 แล้ว พิมพ์ออกมาหรือไม่?</translation>
    </message>
    <message>
        <source>no printer yet</source>
        <translation>ยังไม่มีเครื่องพิมพ์</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>เครื่องพิมพ์ใบเสร็จ</translation>
    </message>
    <message>
        <source>An ESC/POS receipt printer: one plugged into this computer is listed first. No printer yet is fine: one can be added to the shop&apos;s settings later.</source>
        <translation>เครื่องพิมพ์ใบเสร็จแบบ ESC/POS เครื่องที่ต่อกับคอมพิวเตอร์นี้จะแสดงเป็นอันดับแรก ยังไม่มีเครื่องพิมพ์ก็ได้ เพิ่มในการตั้งค่าของร้านภายหลังได้</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>การเชื่อมต่อ</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>ที่อยู่</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>กระดาษ</translation>
    </message>
    <message>
        <source>Look again</source>
        <translation>ค้นหาอีกครั้ง</translation>
    </message>
    <message>
        <source>Print a test page</source>
        <translation>พิมพ์หน้าทดสอบ</translation>
    </message>
</context>
<context>
    <name>ProgramPage</name>
    <message>
        <source>Loyalty program</source>
        <translation>โปรแกรมสะสมแต้ม</translation>
    </message>
    <message>
        <source>Café stamp card</source>
        <translation>บัตรสะสมแสตมป์ร้านกาแฟ</translation>
    </message>
    <message>
        <source>Points and tiers</source>
        <translation>แต้มและระดับสมาชิก</translation>
    </message>
    <message>
        <source>Cashback</source>
        <translation>แคชแบ็ก</translation>
    </message>
    <message>
        <source>How members are rewarded</source>
        <translation>สมาชิกได้รับรางวัลอย่างไร</translation>
    </message>
    <message>
        <source>Start from one of these; every rule, reward and amount can be changed later in the manager&apos;s Settings.</source>
        <translation>เริ่มจากแบบใดแบบหนึ่งนี้ กฎ รางวัล และจำนวนเงินทุกอย่างเปลี่ยนได้ภายหลังในหน้าตั้งค่าของผู้จัดการ</translation>
    </message>
    <message>
        <source>A stamp for every coffee; the 10th is free. Simple for customers and cashiers.</source>
        <translation>ได้แสตมป์ทุกแก้ว แก้วที่ 10 ฟรี เข้าใจง่ายทั้งลูกค้าและแคชเชียร์</translation>
    </message>
    <message>
        <source>Points on every purchase, spent on rewards or at the till; Silver and Gold members earn faster.</source>
        <translation>ได้แต้มทุกครั้งที่ซื้อ ใช้แลกรางวัลหรือเป็นส่วนลดตอนชำระเงิน สมาชิกระดับซิลเวอร์และโกลด์ได้แต้มเร็วขึ้น</translation>
    </message>
    <message>
        <source>3 % of what members pay comes back as store credit for their next visit.</source>
        <translation>สมาชิกได้แคชแบ็ก 3 % ของยอดที่จ่ายเป็นเครดิตร้านสำหรับครั้งถัดไป</translation>
    </message>
    <message>
        <source>Each comes with a few example items and prices to replace with the shop&apos;s own.</source>
        <translation>แต่ละแบบมีรายการสินค้าและราคาตัวอย่าง ให้เปลี่ยนเป็นของร้านเอง</translation>
    </message>
</context>
<context>
    <name>RefundLinesList</name>
    <message>
        <source>Item</source>
        <translation>รายการ</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>ราคา</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>ขายไป</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>คืนแล้ว</translation>
    </message>
    <message>
        <source>To refund</source>
        <translation>จำนวนที่คืน</translation>
    </message>
    <message>
        <source>All back</source>
        <translation>คืนครบแล้ว</translation>
    </message>
    <message>
        <source>How many {item} go back</source>
        <translation>จำนวน {item} ที่คืน</translation>
    </message>
    <message>
        <source>At most {n}: what is left of this line</source>
        <translation>ไม่เกิน {n} ตามที่เหลือของรายการนี้</translation>
    </message>
</context>
<context>
    <name>RefundPage</name>
    <message>
        <source>Receipt number</source>
        <translation>เลขที่ใบเสร็จ</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>เหตุผล</translation>
    </message>
    <message>
        <source>e.g. C1-000123</source>
        <translation>เช่น C1-000123</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>คืนเงิน</translation>
    </message>
    <message>
        <source>Void (today&apos;s sale)</source>
        <translation>ยกเลิกบิล (ขายวันนี้)</translation>
    </message>
    <message>
        <source>e.g. wrong order</source>
        <translation>เช่น สั่งผิด</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>ปิด</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>กำลังดำเนินการ…</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>ยกเลิกแล้ว</translation>
    </message>
    <message>
        <source>A copy of receipt {receipt} is printing.</source>
        <translation>กำลังพิมพ์สำเนาใบเสร็จ {receipt}</translation>
    </message>
    <message>
        <source>Tick the lines that go back.</source>
        <translation>เลือกรายการที่ลูกค้าคืน</translation>
    </message>
    <message>
        <source>Refund, void or copy a receipt</source>
        <translation>คืนเงิน ยกเลิก หรือพิมพ์สำเนาใบเสร็จ</translation>
    </message>
    <message>
        <source>Each line that goes back takes its share of the points, stamps and credit with it. The shop asks for a manager&apos;s PIN.</source>
        <translation>แต่ละรายการที่คืนจะย้อนแต้ม แสตมป์ และเครดิตตามสัดส่วนของรายการนั้น ร้านกำหนดให้ใช้ PIN ของผู้จัดการ</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>ค้นหา</translation>
    </message>
    <message>
        <source>Print a copy</source>
        <translation>พิมพ์สำเนา</translation>
    </message>
    <message>
        <source>Print this receipt again, marked COPY</source>
        <translation>พิมพ์ใบเสร็จนี้อีกครั้ง โดยระบุว่าเป็นสำเนา</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>ชำระแล้ว</translation>
    </message>
    <message>
        <source>Partly refunded</source>
        <translation>คืนเงินบางส่วน</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>คืนเงินแล้ว</translation>
    </message>
    <message>
        <source>{receipt} · {when} · paid {amount} · {status}</source>
        <translation>{receipt} · {when} · ชำระ {amount} · {status}</translation>
    </message>
    <message>
        <source>{amount} refunded so far</source>
        <translation>คืนไปแล้ว {amount}</translation>
    </message>
    <message>
        <source>Nothing is left to refund on this receipt.</source>
        <translation>ใบเสร็จนี้ไม่มีรายการเหลือให้คืนแล้ว</translation>
    </message>
    <message>
        <source>Void: all {total} back</source>
        <translation>ยกเลิกบิล: คืนทั้งหมด {total}</translation>
    </message>
    <message>
        <source>Refund {amount} of {total}</source>
        <translation>คืนเงิน {amount} จาก {total}</translation>
    </message>
    <message>
        <source>Refund {amount} of the {total} left</source>
        <translation>คืนเงิน {amount} จากที่เหลือ {total}</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>ยกเลิกบิล</translation>
    </message>
    <message>
        <source>{kind} {receipt}: {amount} back to the customer. Slip {slip}.</source>
        <translation>{kind} {receipt}: คืนลูกค้า {amount} ใบคืนเงิน {slip}</translation>
    </message>
    <message>
        <source>Went back: {items}</source>
        <translation>รายการที่คืน: {items}</translation>
    </message>
    <message>
        <source>The member had already spent some of this: their balance is now negative and a manager will see it.</source>
        <translation>สมาชิกใช้ไปแล้วบางส่วน ยอดคงเหลือจึงติดลบ ผู้จัดการจะเห็นรายการนี้</translation>
    </message>
    <message>
        <source>Some lines are still on the receipt: they can be refunded later.</source>
        <translation>ยังมีรายการเหลือในใบเสร็จนี้ คืนเพิ่มภายหลังได้</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Finish</source>
        <translation>เสร็จสิ้น</translation>
    </message>
    <message>
        <source>Ready to open the shop</source>
        <translation>พร้อมเปิดร้านแล้ว</translation>
    </message>
    <message>
        <source>Check the answers; Back changes any of them.</source>
        <translation>ตรวจสอบข้อมูล กด ย้อนกลับ เพื่อแก้ไขได้</translation>
    </message>
    <message>
        <source>Finish saves the settings in %1 and creates the owner. Until then nothing is saved: closing this window leaves everything as it was.</source>
        <translation>กด เสร็จสิ้น เพื่อบันทึกการตั้งค่าไว้ที่ %1 และสร้างบัญชีเจ้าของร้าน ก่อนหน้านั้นยังไม่มีการบันทึกใด ๆ ปิดหน้าต่างนี้ได้โดยทุกอย่างยังคงเหมือนเดิม</translation>
    </message>
</context>
<context>
    <name>RewardRow</name>
    <message>
        <source>Stamp card complete: ask the cashier for it</source>
        <translation>สะสมแสตมป์ครบแล้ว แจ้งพนักงานที่เคาน์เตอร์ได้เลย</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>พร้อมใช้</translation>
    </message>
    <message>
        <source>%n point</source>
        <translation>%n แต้ม</translation>
    </message>
    <message>
        <source>%n points</source>
        <translation>%n แต้ม</translation>
    </message>
    <message>
        <source>%n more point</source>
        <translation>ขาดอีก %n แต้ม</translation>
    </message>
    <message>
        <source>%n more points</source>
        <translation>ขาดอีก %n แต้ม</translation>
    </message>
    <message>
        <source>Redeem</source>
        <translation>แลก</translation>
    </message>
</context>
<context>
    <name>RewardsColumn</name>
    <message>
        <source>No member on this sale: scan a card to earn and use points. Vouchers work without a card.</source>
        <translation>บิลนี้ยังไม่มีสมาชิก: สแกนบัตรเพื่อสะสมและใช้แต้ม คูปองใช้ได้โดยไม่ต้องมีบัตร</translation>
    </message>
    <message>
        <source>{name} · %n point · {credit} store credit</source>
        <translation>{name} · %n แต้ม · เครดิตร้าน {credit}</translation>
    </message>
    <message>
        <source>{name} · %n points · {credit} store credit</source>
        <translation>{name} · %n แต้ม · เครดิตร้าน {credit}</translation>
    </message>
    <message>
        <source>stamp card, ready</source>
        <translation>บัตรสะสมแสตมป์ พร้อมใช้</translation>
    </message>
    <message>
        <source>%n point</source>
        <translation>%n แต้ม</translation>
    </message>
    <message>
        <source>%n points</source>
        <translation>%n แต้ม</translation>
    </message>
    <message>
        <source>{cost} · {short} more</source>
        <translation>{cost} · ขาดอีก {short}</translation>
    </message>
    <message>
        <source>{n} more points needed</source>
        <translation>ต้องการอีก {n} แต้ม</translation>
    </message>
    <message>
        <source>personal offer</source>
        <translation>ข้อเสนอพิเศษเฉพาะคุณ</translation>
    </message>
    <message>
        <source>Pay with points (1 point = {value})</source>
        <translation>ชำระด้วยแต้ม (1 แต้ม = {value})</translation>
    </message>
    <message>
        <source>Store credit (has {credit})</source>
        <translation>เครดิตร้าน (มี {credit})</translation>
    </message>
    <message>
        <source>Store credit</source>
        <translation>เครดิตร้าน</translation>
    </message>
    <message>
        <source>Rewards</source>
        <translation>รางวัล</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>สูงสุด</translation>
    </message>
    <message>
        <source>Spend as many points as this bill allows</source>
        <translation>ใช้แต้มมากที่สุดเท่าที่บิลนี้อนุญาต</translation>
    </message>
    <message>
        <source>All</source>
        <translation>ทั้งหมด</translation>
    </message>
    <message>
        <source>baht</source>
        <translation>บาท</translation>
    </message>
    <message>
        <source>points</source>
        <translation>แต้ม</translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation>คูปอง</translation>
    </message>
    <message>
        <source>Scan or type</source>
        <translation>สแกนหรือพิมพ์</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>เพิ่ม</translation>
    </message>
    <message>
        <source>Remove vouchers</source>
        <translation>เอาคูปองออก</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>ย้อนกลับ</translation>
    </message>
</context>
<context>
    <name>SalePanel</name>
    <message>
        <source>Earns a stamp</source>
        <translation>ได้แสตมป์</translation>
    </message>
    <message>
        <source>Find an item  (Ctrl+F)</source>
        <translation>ค้นหาสินค้า  (Ctrl+F)</translation>
    </message>
    <message>
        <source>All</source>
        <translation>ทั้งหมด</translation>
    </message>
    <message>
        <source>Basket</source>
        <translation>ตะกร้า</translation>
    </message>
    <message>
        <source>One less (-)</source>
        <translation>ลดหนึ่ง (-)</translation>
    </message>
    <message>
        <source>One more (+)</source>
        <translation>เพิ่มหนึ่ง (+)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>ลบ</translation>
    </message>
    <message>
        <source>Remove the selected line (Del)</source>
        <translation>ลบรายการที่เลือก (Del)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>ล้าง</translation>
    </message>
    <message>
        <source>Empty the basket</source>
        <translation>ล้างตะกร้า</translation>
    </message>
    <message>
        <source>Add amount</source>
        <translation>เพิ่มยอดเงิน</translation>
    </message>
    <message>
        <source>Add the amount typed on the keypad as a line</source>
        <translation>เพิ่มยอดเงินที่พิมพ์เป็นรายการ</translation>
    </message>
    <message>
        <source>Checkout</source>
        <translation>ชำระเงิน</translation>
    </message>
    <message>
        <source>Park</source>
        <translation>พักบิล</translation>
    </message>
    <message>
        <source>Set this sale aside and serve the next customer; recall it later</source>
        <translation>พักบิลนี้ไว้แล้วบริการลูกค้าคนถัดไป เรียกคืนได้ภายหลัง</translation>
    </message>
    <message>
        <source>Take payment and apply rewards</source>
        <translation>รับชำระเงินและใช้รางวัล</translation>
    </message>
    <message>
        <source>No item matches “{text}”.</source>
        <translation>ไม่พบสินค้าที่ตรงกับ “{text}”</translation>
    </message>
    <message>
        <source>No items in this category.</source>
        <translation>ไม่มีสินค้าในหมวดนี้</translation>
    </message>
    <message>
        <source>Total · %n item</source>
        <translation>รวม · %n ชิ้น</translation>
    </message>
    <message>
        <source>Total · %n items</source>
        <translation>รวม · %n ชิ้น</translation>
    </message>
    <message>
        <source>Parked · {n}</source>
        <translation>บิลที่พัก · {n}</translation>
    </message>
    <message>
        <source>Sales set aside on this counter: recall one</source>
        <translation>บิลที่พักไว้ที่เคาน์เตอร์นี้: เลือกเพื่อเรียกคืน</translation>
    </message>
    <message>
        <source>Total · nothing rung up yet</source>
        <translation>รวม · ยังไม่มีรายการ</translation>
    </message>
</context>
<context>
    <name>SearchResultsModel</name>
    <message>
        <source>Name</source>
        <translation>ชื่อ</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>โทรศัพท์</translation>
    </message>
    <message>
        <source>Member since</source>
        <translation>เป็นสมาชิกตั้งแต่</translation>
    </message>
</context>
<context>
    <name>SelfServiceWindow</name>
    <message>
        <source>Switch language</source>
        <translation>เปลี่ยนภาษา</translation>
    </message>
    <message>
        <source>Thank you! %n point went to %2.</source>
        <translation>ขอบคุณค่ะ! บริจาค %n แต้มให้ %2 แล้ว</translation>
    </message>
    <message>
        <source>Thank you! %n points went to %2.</source>
        <translation>ขอบคุณค่ะ! บริจาค %n แต้มให้ %2 แล้ว</translation>
    </message>
    <message>
        <source>Joining online is not available right now; ask at the counter.</source>
        <translation>ขณะนี้ยังสมัครออนไลน์ไม่ได้ กรุณาติดต่อที่เคาน์เตอร์</translation>
    </message>
    <message>
        <source>Thank you for your feedback!</source>
        <translation>ขอบคุณสำหรับความคิดเห็นค่ะ!</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Finish</source>
        <translation>เสร็จสิ้น</translation>
    </message>
    <message>
        <source>Open the shop</source>
        <translation>เปิดร้าน</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>ถัดไป</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ไม่มี</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>ชื่อร้าน</translation>
    </message>
    <message>
        <source>Tax id</source>
        <translation>เลขประจำตัวผู้เสียภาษี</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>โทรศัพท์</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>ที่อยู่</translation>
    </message>
    <message>
        <source>Receipt footer</source>
        <translation>ข้อความท้ายใบเสร็จ</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>สกุลเงิน</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>ภาษา</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>โปรแกรม</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>เจ้าของร้าน</translation>
    </message>
    <message>
        <source>%1, with the PIN typed twice</source>
        <translation>%1 (กรอก PIN สองครั้งแล้ว)</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>เครื่องพิมพ์</translation>
    </message>
    <message>
        <source>Stripe</source>
        <translation>Stripe</translation>
    </message>
    <message>
        <source>a key, to keep in this computer&apos;s keyring</source>
        <translation>มีคีย์ จะเก็บไว้ในที่เก็บรหัสลับของเครื่องนี้</translation>
    </message>
    <message>
        <source>not used</source>
        <translation>ไม่ใช้</translation>
    </message>
    <message>
        <source>Hub</source>
        <translation>ฮับ</translation>
    </message>
    <message>
        <source>%1: join the shop on it as %2 (its name and programs come from the hub)</source>
        <translation>%1: เข้าร่วมร้านบนฮับในชื่อ %2 (ชื่อร้านและโปรแกรมมาจากฮับ)</translation>
    </message>
    <message>
        <source>%1: this shop&apos;s first device, its history published there</source>
        <translation>%1: อุปกรณ์เครื่องแรกของร้านนี้ ส่งประวัติขึ้นฮับ</translation>
    </message>
    <message>
        <source>Setting up the shop…</source>
        <translation>กำลังตั้งค่าร้าน…</translation>
    </message>
    <message>
        <source>Setting up the shop and joining the hub…</source>
        <translation>กำลังตั้งค่าร้านและเข้าร่วมฮับ…</translation>
    </message>
    <message>
        <source>The shop is set up.</source>
        <translation>ตั้งค่าร้านเรียบร้อยแล้ว</translation>
    </message>
    <message>
        <source>It could not join the hub, so it works alone for now: %1 Connect it later from the manager&apos;s Devices page.</source>
        <translation>เข้าร่วมฮับไม่ได้ ตอนนี้จึงทำงานเครื่องเดียวไปก่อน: %1 เชื่อมต่อภายหลังได้จากหน้าอุปกรณ์ของผู้จัดการ</translation>
    </message>
    <message>
        <source>The shop was not set up, and nothing was kept: %1</source>
        <translation>ตั้งค่าร้านไม่สำเร็จ และไม่มีการบันทึกใด ๆ: %1</translation>
    </message>
    <message>
        <source>Set up the shop · Loyalty Kiosk</source>
        <translation>ตั้งค่าร้าน · Loyalty Kiosk</translation>
    </message>
    <message>
        <source>Setting up a new shop</source>
        <translation>ตั้งค่าร้านใหม่</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>ยกเลิก</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>ย้อนกลับ</translation>
    </message>
</context>
<context>
    <name>ShopPage</name>
    <message>
        <source>Shop</source>
        <translation>ร้าน</translation>
    </message>
    <message>
        <source>Your shop</source>
        <translation>ร้านของคุณ</translation>
    </message>
    <message>
        <source>What every receipt prints at its top and bottom. Only the name is needed now; the manager&apos;s Settings change any of it later.</source>
        <translation>ข้อมูลที่พิมพ์ส่วนบนและส่วนล่างของใบเสร็จ ตอนนี้ต้องกรอกเพียงชื่อร้าน แก้ไขทั้งหมดได้ภายหลังในหน้าตั้งค่าของผู้จัดการ</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>ชื่อร้าน</translation>
    </message>
    <message>
        <source>Tax id</source>
        <translation>เลขประจำตัวผู้เสียภาษี</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>โทรศัพท์</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>ที่อยู่</translation>
    </message>
    <message>
        <source>Receipt footer</source>
        <translation>ข้อความท้ายใบเสร็จ</translation>
    </message>
    <message>
        <source>as receipts should show it</source>
        <translation>ตามที่จะให้แสดงบนใบเสร็จ</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>ไม่บังคับ</translation>
    </message>
    <message>
        <source>street, up to three lines</source>
        <translation>ที่อยู่ ไม่เกินสามบรรทัด</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <source>Switch language (F12)</source>
        <translation>เปลี่ยนภาษา (F12)</translation>
    </message>
    <message>
        <source>Locked. {name} was signed in; sign in to carry on.</source>
        <translation>ล็อกอยู่ ({name} เข้าสู่ระบบไว้) เข้าสู่ระบบเพื่อทำงานต่อ</translation>
    </message>
    <message>
        <source>Counter {label}</source>
        <translation>เคาน์เตอร์ {label}</translation>
    </message>
    <message>
        <source>Who is at the counter?</source>
        <translation>ใครประจำเคาน์เตอร์?</translation>
    </message>
    <message>
        <source>Tap your name, then enter your PIN.</source>
        <translation>แตะชื่อของคุณ แล้วกรอก PIN</translation>
    </message>
    <message>
        <source>Sign in  (Enter)</source>
        <translation>เข้าสู่ระบบ  (Enter)</translation>
    </message>
    <message>
        <source>Choose your name first</source>
        <translation>เลือกชื่อของคุณก่อน</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>One moment: the counter is opening.</source>
        <translation>กรุณารอสักครู่ เคาน์เตอร์กำลังเปิด</translation>
    </message>
    <message>
        <source>Enter your PIN</source>
        <translation>กรอกรหัส PIN</translation>
    </message>
    <message>
        <source>The counter could not open the shop</source>
        <translation>เคาน์เตอร์เปิดข้อมูลร้านไม่ได้</translation>
    </message>
    <message>
        <source>Close the counter and start it again. If this keeps happening, call whoever looks after this till.</source>
        <translation>ปิดเคาน์เตอร์แล้วเปิดใหม่ ถ้ายังเป็นอยู่ โปรดติดต่อผู้ดูแลเครื่องนี้</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>แคชเชียร์</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>ผู้จัดการ</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>เจ้าของร้าน</translation>
    </message>
    <message>
        <source>Tap your name first.</source>
        <translation>แตะชื่อของคุณก่อน</translation>
    </message>
</context>
<context>
    <name>StaffDesk</name>
    <message>
        <source>A copy of the last receipt is printing.</source>
        <translation>กำลังพิมพ์สำเนาใบเสร็จล่าสุด</translation>
    </message>
    <message>
        <source>Nothing has printed yet, so there is no receipt to copy.</source>
        <translation>ยังไม่มีใบเสร็จที่พิมพ์ออกไป จึงยังไม่มีอะไรให้พิมพ์ซ้ำ</translation>
    </message>
    <message>
        <source>A copy is printing.</source>
        <translation>กำลังพิมพ์สำเนา</translation>
    </message>
    <message>
        <source>Removed from the queue.</source>
        <translation>นำออกจากคิวแล้ว</translation>
    </message>
</context>
<context>
    <name>StaffScreen</name>
    <message>
        <source>Staff only</source>
        <translation>สำหรับพนักงานเท่านั้น</translation>
    </message>
    <message>
        <source>A manager&apos;s PIN unlocks this kiosk</source>
        <translation>ต้องใช้ PIN ของผู้จัดการเพื่อปลดล็อกตู้นี้</translation>
    </message>
    <message>
        <source>Manager PIN</source>
        <translation>PIN ผู้จัดการ</translation>
    </message>
    <message>
        <source>Customers: please tap Cancel. This screen is for the shop&apos;s staff.</source>
        <translation>ลูกค้ากรุณาแตะ ยกเลิก หน้านี้สำหรับพนักงานของร้าน</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>ตกลง</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>ยกเลิก</translation>
    </message>
    <message>
        <source>Unlocked by %1</source>
        <translation>ปลดล็อกโดย %1</translation>
    </message>
    <message>
        <source>Leave the kiosk</source>
        <translation>ออกจากโหมดตู้บริการ</translation>
    </message>
    <message>
        <source>Back to the kiosk</source>
        <translation>กลับสู่ตู้บริการ</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>เครื่องพิมพ์ใบเสร็จ</translation>
    </message>
    <message>
        <source>Checking the printer…</source>
        <translation>กำลังตรวจสอบเครื่องพิมพ์…</translation>
    </message>
    <message>
        <source>Printer: %1 · %2 waiting</source>
        <translation>เครื่องพิมพ์: %1 · รอพิมพ์ %2 ใบ</translation>
    </message>
    <message>
        <source>%1 is held: %2. Check whether it came out, then reprint it or dismiss it.</source>
        <translation>%1 ถูกพักไว้: %2 ดูว่ากระดาษออกมาไหม แล้วพิมพ์ใหม่หรือปิดรายการ</translation>
    </message>
    <message>
        <source>No receipt is held.</source>
        <translation>ไม่มีใบเสร็จค้างอยู่</translation>
    </message>
    <message>
        <source>Reprint it</source>
        <translation>พิมพ์ซ้ำ</translation>
    </message>
    <message>
        <source>Dismiss it</source>
        <translation>นำออก</translation>
    </message>
    <message>
        <source>Reprint last receipt</source>
        <translation>พิมพ์ใบเสร็จล่าสุดซ้ำ</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>ตรวจสอบอีกครั้ง</translation>
    </message>
    <message>
        <source>This kiosk</source>
        <translation>ตู้บริการนี้</translation>
    </message>
    <message>
        <source>Customers start in %1; it comes back after each customer.</source>
        <translation>ลูกค้าเริ่มต้นด้วย%1 และกลับเป็นภาษานี้หลังลูกค้าแต่ละคน</translation>
    </message>
    <message>
        <source>Start in %1</source>
        <translation>เริ่มต้นด้วย %1</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Printer: checking…</source>
        <translation>เครื่องพิมพ์: กำลังตรวจสอบ…</translation>
    </message>
    <message>
        <source>%n receipt held</source>
        <translation>พักใบเสร็จไว้ %n ใบ</translation>
    </message>
    <message>
        <source>%n receipts held</source>
        <translation>พักใบเสร็จไว้ %n ใบ</translation>
    </message>
    <message>
        <source>{held}, {why}: tap to check</source>
        <translation>{held}, {why}: แตะเพื่อตรวจสอบ</translation>
    </message>
    <message>
        <source>%n receipt waiting for the printer</source>
        <translation>ใบเสร็จ %n ใบรอเครื่องพิมพ์</translation>
    </message>
    <message>
        <source>%n receipts waiting for the printer</source>
        <translation>ใบเสร็จ %n ใบรอเครื่องพิมพ์</translation>
    </message>
    <message>
        <source>Printer: all printed</source>
        <translation>เครื่องพิมพ์: พิมพ์ครบแล้ว</translation>
    </message>
    <message>
        <source>Open the printer queue (F6)</source>
        <translation>เปิดคิวเครื่องพิมพ์ (F6)</translation>
    </message>
    <message>
        <source>Online sync is paused: sales are kept here; ask a manager</source>
        <translation>การซิงก์ออนไลน์หยุดชั่วคราว ยอดขายเก็บไว้ในเครื่องนี้ แจ้งผู้จัดการ</translation>
    </message>
    <message>
        <source>Offline: sales are kept here and sent when the connection is back</source>
        <translation>ออฟไลน์: ยอดขายเก็บไว้ในเครื่องนี้ และจะส่งเมื่อเชื่อมต่อได้</translation>
    </message>
</context>
<context>
    <name>Upgrade</name>
    <message>
        <source>Loyalty Kiosk was updated and the shop&apos;s data upgraded to match. A copy from before the upgrade is in %1</source>
        <translation>Loyalty Kiosk ได้รับการอัปเดต และข้อมูลของร้านได้รับการปรับให้ตรงกันแล้ว สำเนาก่อนการอัปเดตอยู่ที่ %1</translation>
    </message>
</context>
<context>
    <name>VisitsModel</name>
    <message>
        <source>When</source>
        <translation>เมื่อ</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>ใบเสร็จ</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>ยอดเงิน</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>สถานะ</translation>
    </message>
    <message>
        <source>+ {credit} store credit</source>
        <translation>+ เครดิตร้าน {credit}</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>ชำระแล้ว</translation>
    </message>
    <message>
        <source>Partly refunded</source>
        <translation>คืนเงินบางส่วน</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>คืนเงินแล้ว</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>ยกเลิกแล้ว</translation>
    </message>
</context>
<context>
    <name>VoucherScreen</name>
    <message>
        <source>Redeem a reward</source>
        <translation>แลกของรางวัล</translation>
    </message>
    <message>
        <source>Yes, redeem</source>
        <translation>ยืนยันการแลก</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>ย้อนกลับ</translation>
    </message>
    <message>
        <source>Back to my account</source>
        <translation>กลับไปที่บัญชีของฉัน</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>เสร็จสิ้น</translation>
    </message>
    <message>
        <source>You get a single-use voucher to hand to the cashier.</source>
        <translation>คุณจะได้รับคูปองใช้ได้ครั้งเดียว ยื่นให้พนักงานที่เคาน์เตอร์</translation>
    </message>
    <message>
        <source>Redeem %1 for %n point?</source>
        <translation>แลก %1 ด้วย %n แต้ม?</translation>
    </message>
    <message>
        <source>Redeem %1 for %n points?</source>
        <translation>แลก %1 ด้วย %n แต้ม?</translation>
    </message>
    <message>
        <source>You will have %n point left.</source>
        <translation>คุณจะเหลือ %n แต้ม</translation>
    </message>
    <message>
        <source>You will have %n points left.</source>
        <translation>คุณจะเหลือ %n แต้ม</translation>
    </message>
    <message>
        <source>Your voucher is printing</source>
        <translation>กำลังพิมพ์คูปองของคุณ</translation>
    </message>
    <message>
        <source>Take it from the printer and hand it to the cashier. The code is also shown here.</source>
        <translation>รับคูปองจากเครื่องพิมพ์แล้วยื่นให้พนักงาน รหัสแสดงอยู่ที่นี่ด้วย</translation>
    </message>
    <message>
        <source>The printer is not available, so here is your voucher on screen</source>
        <translation>เครื่องพิมพ์ไม่พร้อมใช้งาน นี่คือคูปองของคุณบนหน้าจอ</translation>
    </message>
    <message>
        <source>Show this QR code to the cashier, or take a photo of it. It works once.</source>
        <translation>แสดง QR นี้ให้พนักงาน หรือถ่ายรูปเก็บไว้ ใช้ได้ครั้งเดียว</translation>
    </message>
    <message>
        <source>Valid until %1</source>
        <translation>ใช้ได้ถึง %1</translation>
    </message>
    <message>
        <source>Points left: %1</source>
        <translation>แต้มคงเหลือ: %1</translation>
    </message>
</context>
<context>
    <name>WelcomeScreen</name>
    <message>
        <source>See my account</source>
        <translation>ดูบัญชีของฉัน</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>เสร็จสิ้น</translation>
    </message>
    <message>
        <source>Welcome, %1!</source>
        <translation>ยินดีต้อนรับ คุณ%1!</translation>
    </message>
    <message>
        <source>You got %n point for joining.</source>
        <translation>คุณได้รับ %n แต้มจากการสมัคร</translation>
    </message>
    <message>
        <source>You got %n points for joining.</source>
        <translation>คุณได้รับ %n แต้มจากการสมัคร</translation>
    </message>
    <message>
        <source>Your member card is printing</source>
        <translation>กำลังพิมพ์บัตรสมาชิกของคุณ</translation>
    </message>
    <message>
        <source>Show its QR at the counter on every visit. You can also take a photo of the QR on this screen.</source>
        <translation>แสดง QR ที่เคาน์เตอร์ทุกครั้งที่มา หรือถ่ายรูป QR บนหน้าจอนี้เก็บไว้ก็ได้</translation>
    </message>
    <message>
        <source>This is your member QR</source>
        <translation>นี่คือ QR สมาชิกของคุณ</translation>
    </message>
    <message>
        <source>The printer is not available right now: take a photo of this QR and show it at the counter on every visit.</source>
        <translation>ขณะนี้เครื่องพิมพ์ไม่พร้อมใช้งาน กรุณาถ่ายรูป QR นี้ไว้ แล้วแสดงที่เคาน์เตอร์ทุกครั้งที่มา</translation>
    </message>
</context>
</TS>
