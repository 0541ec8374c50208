"""The support bundle's scrubber: members' names, phones and emails out of any text, whatever the spelling."""

from __future__ import annotations

from kiosk.services.support import EMAIL, NAME, PHONE, PersonalData, Scrubber

PERSONAL = PersonalData.of(names=["Malee Sriwan", "สมชาย ใจดี", None], phones=["+66895550101", None],
                           emails=["malee@example.com", None])


def test_every_spelling_of_a_members_phone_goes_and_other_numbers_stay() -> None:
    scrub = Scrubber(PERSONAL).scrub
    for written in ("+66895550101", "0895550101", "089-555-0101", "089 555 0101", "+66 89 555 0101",
                    "66895550101", "0066895550101"):
        assert scrub(f"call {written} now") == f"call {PHONE} now", written
    assert scrub("0895550101 089-555-0101") == f"{PHONE} {PHONE}"
    kept = "sale C1-000123 at 2026-11-26 14:00:00,123 for 0812345678, job 20261126"
    assert scrub(kept) == kept


def test_names_go_word_by_word_in_both_scripts() -> None:
    scrub = Scrubber(PERSONAL).scrub
    assert scrub("member Malee Sriwan, then MALEE") == f"member {NAME} {NAME}, then {NAME}"
    assert scrub("ลูกค้า สมชาย ใจดี") == f"ลูกค้า {NAME} {NAME}"
    assert scrub("ขอบคุณคุณสมชายมาก") == f"ขอบคุณคุณ{NAME}มาก"  # Thai runs words together


def test_emails_and_url_passwords_go_even_without_the_members() -> None:
    for scrubber in (Scrubber(PERSONAL), Scrubber(None)):
        assert scrubber.scrub("to someone.else@example.org.") == f"to {EMAIL}."
        assert scrubber.scrub("hub postgresql://kiosk:s3cret@hub.local/shop") == "hub postgresql://kiosk:***@hub.local/shop"


def test_without_the_members_phone_shaped_numbers_go_and_timestamps_stay() -> None:
    scrub = Scrubber(None).scrub
    assert scrub("from 081-234-5678 or +66812345678") == f"from {PHONE} or {PHONE}"
    kept = "2026-11-26 14:00:00,123 [4242] sale C1-000123, 120 members"
    assert scrub(kept) == kept
