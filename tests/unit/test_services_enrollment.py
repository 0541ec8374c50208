"""Enrolment on the fakes: what people type is checked, consent is required, referrals and cards work."""

from __future__ import annotations

import pytest

from kiosk.domain.commands import EnrollMember
from kiosk.domain.errors import Conflict, InvalidCode, InvalidInput, NotFound, RuleViolation
from kiosk.domain.ledger import EntryKind
from kiosk.domain.programs.config import BonusRules, ProgramConfig
from kiosk.l10n.catalogue import say
from tests.unit.fakes import cafe_programs, enroll, make_shop


def test_enrol_gives_a_signed_card_and_the_signup_bonus() -> None:
    shop = make_shop(cafe_programs())
    result = enroll(shop, phone="081-234-5678", name="  Somchai   Jaidee ")
    assert result.display_name == "Somchai J."
    assert result.member_code.startswith("LK1M")
    assert result.signup_points == 50
    member = shop.state.members[result.member_id]
    assert member.phone == "+66812345678" and member.name == "Somchai Jaidee"
    assert member.consent_version == "2026-01" and member.consent_at == shop.clock.now()
    assert shop.points(result.member_id) == 50
    # the code scanned at the counter finds the same member
    assert shop.accounts.account(result.member_code).member_id == result.member_id
    assert [a.action for a in shop.state.audit] == ["member.enrolled"]


def test_no_signup_bonus_still_refreshes_the_stripe_customer() -> None:
    shop = make_shop(ProgramConfig())
    result = enroll(shop)
    assert result.signup_points == 0 and shop.state.entries == []
    assert [row["topic"] for row in shop.state.outbox] == ["member.snapshot"]


@pytest.mark.parametrize("field, value, code, words", [
    ("name", "   ", "member.name_missing", "Enter the member's name."),
    ("name", "x" * 81, "member.name_too_long", "too long"),
    ("name", "12345", "member.name_invalid", "at least one letter"),
    ("phone", "", "member.phone_missing", "Enter a phone number."),
    ("phone", "08x-123", "member.phone_invalid", "only digits"),
    ("phone", "0812", "member.phone_digits", "wrong number of digits"),
    ("phone", "08123456789012", "member.phone_thai_digits", "Thai phone number has 9 or 10 digits"),
    ("email", "not-an-email", "member.email_invalid", "is not an email address"),
    ("birthday", "1990-13-01", "member.birthday_format", "YYYY-MM-DD"),
    ("birthday", "1990-02-30", "member.birthday_no_such_date", "There is no date 1990-02-30"),
    ("birthday", "2099-01-01", "member.birthday_invalid", "not possible"),
    ("language", "fr", "member.bad_language", "th or en"),
])
def test_bad_input_is_refused_with_a_readable_message(field: str, value: str, code: str, words: str) -> None:
    shop = make_shop()
    kwargs = {"name": "Nok", "phone": "0812345678", field: value}
    with pytest.raises(InvalidInput) as caught:
        enroll(shop, **kwargs)
    assert caught.value.code == code
    assert words in caught.value.message
    assert shop.state.members == {} and shop.store.commits == 1  # only make_shop's own commit


def test_consent_is_required() -> None:
    shop = make_shop()
    with pytest.raises(RuleViolation) as caught:
        enroll(shop, consent_version=None)
    assert caught.value.code == "member.consent_required"
    assert "privacy notice" in caught.value.message
    assert shop.state.members == {}


def test_a_phone_number_belongs_to_one_member_in_any_spelling() -> None:
    shop = make_shop()
    enroll(shop, phone="0812345678")
    with pytest.raises(Conflict) as caught:
        enroll(shop, phone="+66 81 234 5678", name="Someone Else")
    assert caught.value.code == "member.phone_taken"
    assert len(shop.state.members) == 1


def test_referral_rewards_both_friends_once_after_the_first_purchase() -> None:
    from tests.unit.fakes import line, sell

    shop = make_shop(cafe_programs())
    friend = enroll(shop, phone="0811111111", name="Friend One")
    code = shop.state.members[friend.member_id].referral_code
    new = enroll(shop, phone="0822222222", name="New Member", referral_code=code.lower())
    assert new.referred_by == "Friend O."
    assert shop.points(friend.member_id) == 50  # nothing yet: only a purchase earns the referral bonus
    sale = sell(shop, line(price="40"), member=new.member_code)
    assert "Referral bonus given to both friends" in [say(event, "en") for event in sale.events]
    assert shop.points(friend.member_id) == 150
    assert shop.points(new.member_id) == 50 + 1 + 50
    sell(shop, line(price="40"), member=new.member_code)
    referral_entries = [c for c in shop.state.entries if c.entry.kind == EntryKind.REFERRAL_BONUS]
    assert len(referral_entries) == 1
    assert shop.points(friend.member_id) == 150


def test_unknown_referral_code_is_refused() -> None:
    shop = make_shop()
    with pytest.raises(NotFound) as caught:
        enroll(shop, referral_code="ZZZZZZ")
    assert caught.value.code == "member.referral_unknown"


def test_self_referral_is_refused() -> None:
    shop = make_shop(cafe_programs())
    first = enroll(shop, phone="0811111111")
    code = shop.state.members[first.member_id].referral_code
    with pytest.raises(RuleViolation) as caught:
        enroll(shop, phone="+66811111111", name="Same Person", referral_code=code)
    assert caught.value.code == "program.self_referral"
    assert caught.value.message == "A member cannot refer themselves."
    assert len(shop.state.members) == 1
    # a different phone is a different person: that referral stands
    assert enroll(shop, phone="0833333333", referral_code=code).referred_by == "Somchai J."


def test_enrol_is_idempotent_under_its_command_id() -> None:
    shop = make_shop(cafe_programs())
    cmd = EnrollMember(command_id="join-1", name="Nok Noi", phone="0812345678", consent_version="v1")
    first = shop.enrollment.enroll(cmd)
    again = shop.enrollment.enroll(cmd)
    assert again == first
    assert len(shop.state.members) == 1 and shop.points(first.member_id) == 50
    with pytest.raises(Conflict) as caught:
        shop.enrollment.enroll(EnrollMember(command_id="join-1", name="Other", phone="0899999999",
                                            consent_version="v1"))
    assert caught.value.code == "request.id_reused"


def test_print_card_queues_a_card_slip() -> None:
    shop = make_shop()
    result = shop.enrollment.enroll(EnrollMember(command_id="c", name="Nok", phone="0812345678",
                                                 consent_version="v", language="en"), print_card=True)
    assert result.card_print_job is not None
    job = shop.state.print_jobs[-1]
    assert job["kind"] == "member_card" and job["document"].member_code == result.member_code
    assert job["document"].member_name == "No*"


def test_reissued_card_revokes_the_old_code() -> None:
    shop = make_shop()
    old = enroll(shop)
    new = shop.enrollment.reissue_card(old.member_code, print_card=False)
    assert new.serial == 2 and new.member_code != old.member_code
    with pytest.raises(InvalidCode) as caught:
        shop.accounts.account(old.member_code)
    assert caught.value.code == "member.code_revoked"
    assert shop.accounts.account(new.member_code).member_id == old.member_id
    assert shop.enrollment.card("0812345678").member_code == new.member_code


def test_forged_and_malformed_codes_are_refused() -> None:
    shop = make_shop()
    real = enroll(shop).member_code
    forged = real[:-1] + ("0" if real[-1] != "0" else "1")
    with pytest.raises(InvalidCode) as caught:
        shop.accounts.account(forged)
    assert caught.value.code == "member.code_forged"
    with pytest.raises(InvalidCode):
        shop.accounts.account("LK1M123")
    with pytest.raises(NotFound):
        shop.accounts.account("0899999999")


def test_search_finds_by_name_and_phone_and_masks_both() -> None:
    shop = make_shop(ProgramConfig(bonuses=BonusRules()))
    enroll(shop, phone="0812345678", name="Somchai Jaidee")
    enroll(shop, phone="0898765432", name="Malee Sriwan")
    assert [m.display_name for m in shop.accounts.search("jai")] == ["Somchai J."]
    assert [m.display_name for m in shop.accounts.search("som")] == ["Somchai J."]
    found = shop.accounts.search("0898")
    assert [m.masked_phone for m in found] == ["•••-•••-5432"]
    assert shop.accounts.search("m") == []  # one letter is too little to search on
