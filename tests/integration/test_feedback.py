"""Visit feedback and the kiosk's phone check on a real SQLite file, through the app's wiring."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect

from kiosk.adapters.db.migrate import upgrade
from kiosk.bootstrap import Wiring, wire
from kiosk.config import load_settings
from kiosk.domain.commands import EnrollMember
from kiosk.domain.errors import InvalidCode, InvalidInput, PermissionDenied, RuleViolation
from kiosk.services.context import FixedClock
from kiosk.services.feedback import FeedbackService, RateVisit
from kiosk.services.selfservice import SelfServiceService

NOON = datetime(2026, 3, 4, 5, 0, tzinfo=UTC)  # 12:00 in Bangkok


def make_app(data_dir: Path, clock: FixedClock, **ui: object) -> Wiring:
    settings = load_settings(data_dir=data_dir, overrides={"ui": ui} if ui else None)
    return wire(settings, clock=clock, role="kiosk")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOON)


@pytest.fixture
def app(tmp_path: Path, clock: FixedClock):  # type: ignore[no-untyped-def]
    with make_app(tmp_path, clock) as built:
        yield built


def enroll(app: Wiring, phone: str, birthday: str | None, name: str = "Mali Srisuk") -> str:
    result = app.services.enrollment.enroll(EnrollMember(command_id=f"enroll-{phone}", name=name, phone=phone,
                                                birthday=birthday, consent_version="2026-01", language="en"))
    return result.member_code


def test_migration_creates_the_tables(app: Wiring) -> None:
    tables = set(inspect(app.engine).get_table_names())
    assert {"visit_feedback", "phone_checks"} <= tables
    upgrade(app.engine)  # a second start changes nothing


def test_feedback_is_stored_once_and_summarised(app: Wiring, clock: FixedClock) -> None:
    feedback: FeedbackService = app.services.feedback
    first = feedback.rate_visit(RateVisit(command_id="fb-1", rating=5, comment="  Lovely   latte \x07"))
    assert first.comment == "Lovely latte"
    assert first.device_id.endswith("-K1")
    again = feedback.rate_visit(RateVisit(command_id="fb-1", rating=5, comment="Lovely latte"))
    assert again.id == "fb-1" and again.at == first.at
    feedback.rate_visit(RateVisit(command_id="fb-2", rating=3))
    clock.advance(days=1)
    feedback.rate_visit(RateVisit(command_id="fb-3", rating=1, comment="cold"))
    today = date(2026, 3, 4)
    day = feedback.summary(today)
    assert (day.count, day.total, day.comments) == (2, 8, 1)
    assert day.by_rating == {1: 0, 2: 0, 3: 1, 4: 0, 5: 1}
    assert day.average_text() == "4.00"
    both = feedback.summary(today, today + timedelta(days=1))
    assert both.count == 3 and both.average_x100 == 300
    assert [f.id for f in feedback.recent(limit=2)] == ["fb-3", "fb-2"]
    assert feedback.summary(date(2020, 1, 1)).average_text() == "-"


@pytest.mark.parametrize("rating", [0, 6, True, "5"])
def test_ratings_outside_one_to_five_are_refused(app: Wiring, rating: object) -> None:
    with pytest.raises(InvalidInput):
        app.services.feedback.rate_visit(RateVisit(command_id="x", rating=rating))  # type: ignore[arg-type]


def test_phone_check_asks_for_the_birth_year_in_either_calendar(app: Wiring) -> None:
    enroll(app, "0812345678", "1990-07-15")
    service: SelfServiceService = app.services.selfservice
    assert service.sign_in_with_phone("081-234-5678", "1990").display_name == "Mali S."
    assert service.sign_in_with_phone("0812345678", "2533").masked_phone.endswith("5678")  # Buddhist Era
    with pytest.raises(PermissionDenied):
        service.sign_in_with_phone("0812345678", "5678")  # the last four digits of the phone prove nothing


def test_birthday_mode_and_placeholder_years_use_ddmm(tmp_path: Path, clock: FixedClock) -> None:
    with make_app(tmp_path, clock, kiosk_verification="birthday") as app:
        enroll(app, "0811111111", "1990-07-15")
        service: SelfServiceService = app.services.selfservice
        assert service.sign_in_with_phone("0811111111", "1507").display_name
        with pytest.raises(PermissionDenied):
            service.sign_in_with_phone("0811111111", "1990")
    with make_app(tmp_path / "b", clock) as app:
        enroll(app, "0822222222", "1990-02-28")
        with app.uow_factory() as uow:  # an imported record whose year was not given (address-book 1904)
            member = uow.members.by_phone("+66822222222")
            assert member is not None
            uow.members.update(replace(member, birthday=date(1904, 2, 29)))
            uow.commit()
        assert app.services.selfservice.sign_in_with_phone("0822222222", "2902").display_name


def test_wrong_answers_lock_the_phone_and_unknown_phones_look_the_same(app: Wiring, clock: FixedClock) -> None:
    enroll(app, "0812345678", "1990-07-15")
    enroll(app, "0899999999", None, name="Nok")
    service: SelfServiceService = app.services.selfservice
    messages = {}
    for phone in ("0812345678", "0800000000", "0899999999"):  # member / no member / member without birthday
        seen = []
        for _ in range(2):
            with pytest.raises(PermissionDenied) as wrong:
                service.sign_in_with_phone(phone, "1234")
            seen.append((wrong.value.code, wrong.value.message))
        with pytest.raises(RuleViolation) as locked:
            service.sign_in_with_phone(phone, "1234")
        seen.append((locked.value.code, locked.value.message))
        messages[phone] = seen
    assert messages["0812345678"] == messages["0800000000"] == messages["0899999999"]
    assert messages["0812345678"][0][1] == "That does not match our records. 2 tries left."
    assert "ask at the counter" in messages["0812345678"][2][1]
    with pytest.raises(RuleViolation):  # even the right answer waits out the lock
        service.sign_in_with_phone("0812345678", "1990")
    assert service.tries_left("0812345678") == 0
    clock.advance(minutes=16)
    assert service.tries_left("0812345678") == 3
    assert service.sign_in_with_phone("0812345678", "1990").display_name == "Mali S."


def test_many_phones_from_one_kiosk_lock_the_device(app: Wiring) -> None:
    service: SelfServiceService = app.services.selfservice
    for index in range(10):
        with pytest.raises((PermissionDenied, RuleViolation)):
            service.sign_in_with_phone(f"08100000{index:02d}", "1111")
    with pytest.raises(RuleViolation) as locked:
        service.sign_in_with_phone("0812345670", "1990")
    assert locked.value.code == "kiosk.check_locked"


def test_a_second_kiosk_process_sees_the_same_counters(tmp_path: Path, clock: FixedClock) -> None:
    with make_app(tmp_path, clock) as one, make_app(tmp_path, clock) as two:
        enroll(one, "0812345678", "1990-07-15")
        for app in (one, two, one):
            with pytest.raises((PermissionDenied, RuleViolation)):
                app.services.selfservice.sign_in_with_phone("0812345678", "0000")
        assert two.services.selfservice.tries_left("0812345678") == 0


def test_scanning_accepts_only_signed_member_codes(app: Wiring) -> None:
    code = enroll(app, "0812345678", "1990-07-15")
    service: SelfServiceService = app.services.selfservice
    assert service.account_for_code(code).member_code == code
    for text in ("0812345678", "not a code"):
        with pytest.raises(InvalidCode):
            service.account_for_code(text)
    forged = code[:-1] + ("A" if code[-1] != "A" else "B")
    with pytest.raises(InvalidCode) as refused:
        service.account_for_code(forged)
    assert refused.value.code == "member.code_forged"
