"""Self-service sign-in: members identify with their signed QR, or with their phone plus a one-time check.

The phone check
---------------
Typing a phone number proves nothing (anyone can read one off a receipt), so the kiosk asks for something
the member told the shop and a bystander is unlikely to know. Which secret is set by `ui.kiosk_verification`:

* ``birthday``: the day and month of their birthday as DDMM (366 possible answers).
* ``birth_year`` (the default; ``phone_last4`` is its old spelling, still accepted): asking for the last four
  digits of the number just typed would check nothing, so the kiosk asks for the 4-digit YEAR they were
  born, in the Western or the Thai Buddhist calendar (1990 or 2533). Members whose birthday was recorded
  without a real year (a placeholder year before 1905, as address books write "no year") answer with DDMM
  instead. The question on screen names both forms, so it is the same for every phone number.

Members with no birthday on file cannot pass either check: they scan their QR or ask at the counter, and
the screen says so up front.

Nothing about whether a phone number belongs to a member is revealed before the check passes: an unknown
number gets the same question, the same "does not match" answer and the same attempt counting as a known
number with a wrong answer. Wrong answers are limited per phone number (3, then 15 minutes of "ask at the
counter") and per kiosk device (10 within 10 minutes, then 5 minutes), so trying many numbers with a few
guesses each stops quickly too. Counters live in the database, so every kiosk on the shop's data shares them.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from kiosk.domain import tokens
from kiosk.domain.errors import Conflict, InvalidCode, InvalidInput, PermissionDenied, RuleViolation
from kiosk.domain.members import Member, normalize_phone
from kiosk.services.accounts import MemberAccount, build_account
from kiosk.services.common import find_member
from kiosk.services.context import ShopContext
from kiosk.services.ports import Clock, UnitOfWorkFactory
from kiosk.services.usecase import LiveContext, Tx, UseCases

CHECK_BIRTH_YEAR = "birth_year"  # ui.kiosk_verification = "birth_year" (or its old spelling "phone_last4")
CHECK_BIRTHDAY = "birthday"  # ui.kiosk_verification = "birthday"
VERIFICATION_MODES = {"birth_year": CHECK_BIRTH_YEAR, "phone_last4": CHECK_BIRTH_YEAR, "birthday": CHECK_BIRTHDAY}
PLACEHOLDER_YEAR_BEFORE = 1905  # a birthday stored with year 1904 or earlier means "year not given"
BUDDHIST_ERA_OFFSET = 543


@dataclass(frozen=True)
class PhoneCheckPolicy:
    max_attempts: int = 3
    lock_for: timedelta = timedelta(minutes=15)
    device_max_failures: int = 10
    device_window: timedelta = timedelta(minutes=10)
    device_lock_for: timedelta = timedelta(minutes=5)


@dataclass(frozen=True)
class AttemptState:
    failures: int
    window_started: datetime
    locked_until: datetime | None = None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until


class AttemptStore(Protocol):
    """Wrong-answer counters by key; each call is its own transaction, shared by every process."""

    def get(self, key: str) -> AttemptState | None: ...

    def record_failure(self, key: str, *, now: datetime, window: timedelta, limit: int,
                       lock_for: timedelta) -> AttemptState:
        """Count one failure (a new window when the last one is over); lock when `limit` is reached."""
        ...

    def clear(self, key: str) -> None: ...


def expected_answers(member: Member | None, check: str) -> tuple[str, ...]:
    """The 4-digit answers that pass `check` for `member`; () when nothing can (no member, no birthday)."""
    if member is None or member.birthday is None or member.is_erased:
        return ()
    birthday: date = member.birthday
    ddmm = f"{birthday.day:02d}{birthday.month:02d}"
    if check == CHECK_BIRTHDAY or birthday.year < PLACEHOLDER_YEAR_BEFORE:
        return (ddmm,)
    return (f"{birthday.year:04d}", f"{birthday.year + BUDDHIST_ERA_OFFSET:04d}")


class SelfServiceService(UseCases):
    """What the self-service kiosk may ask: accounts behind signed codes, and the phone sign-in check."""

    def __init__(self, uow_factory: UnitOfWorkFactory, attempts: AttemptStore, clock: Clock,
                 ctx: ShopContext | LiveContext, *,
                 verification: str = CHECK_BIRTH_YEAR, policy: PhoneCheckPolicy | None = None) -> None:
        if verification not in VERIFICATION_MODES:
            raise InvalidInput("kiosk.bad_config")
        super().__init__(uow_factory, clock, ctx)
        self.attempts = attempts
        self.check = VERIFICATION_MODES[verification]
        self.policy = policy or PhoneCheckPolicy()

    # -- by QR ----------------------------------------------------------------------------------------
    def account_for_code(self, code: str, *, language: str | None = None) -> MemberAccount:
        """The account behind a scanned member QR. Only signed codes: a phone number or an id is refused, so
        nobody can skip the phone check by typing into a barcode reader."""
        text = (code or "").strip()
        if not tokens.looks_like_code(text):
            raise InvalidCode("kiosk.not_a_member_code")
        return self.read(lambda tx: build_account(tx.uow, tx.ctx, find_member(tx.uow, tx.ctx, text), tx.now,
                                                  language=language))

    # -- by phone -------------------------------------------------------------------------------------
    def sign_in_with_phone(self, phone: str, answer: str, *, language: str | None = None) -> MemberAccount:
        """The account of the member with this phone, if `answer` passes the check; see the module notes."""
        now = self.clock.now()
        device_key = "device:" + self.ctx.device_id
        self._refuse_if_locked(device_key, now)
        normalized = normalize_phone(phone, country_code=self.ctx.country_code)
        phone_key = "phone:" + hashlib.sha256(f"kiosk-phone-check:{normalized}".encode()).hexdigest()[:48]
        self._refuse_if_locked(phone_key, now)
        digits = re.sub(r"\D", "", answer or "")
        # The counters are written outside the read: each is its own transaction (see AttemptStore).
        account = self.read(lambda tx: self._checked_account(tx, normalized, digits, language=language))
        if account is None:
            state = self.attempts.record_failure(phone_key, now=now, window=self.policy.lock_for,
                                                 limit=self.policy.max_attempts, lock_for=self.policy.lock_for)
            device = self.attempts.record_failure(device_key, now=now, window=self.policy.device_window,
                                                  limit=self.policy.device_max_failures,
                                                  lock_for=self.policy.device_lock_for)
            if state.locked(now) or device.locked(now):
                raise RuleViolation("kiosk.check_failed_locked")
            left = max(1, self.policy.max_attempts - state.failures)
            raise PermissionDenied("kiosk.check_failed", left=left)
        self.attempts.clear(phone_key)
        return account

    def _checked_account(self, tx: Tx, phone: str, digits: str, *, language: str | None) -> MemberAccount | None:
        """The account of the member with this (normalized) phone if `digits` pass the check, else None."""
        members = tx.uow.members.with_phone(phone)
        # Compare against every candidate even when there are none, in constant time: timing and
        # answers must not tell a known number from an unknown one.
        candidates = [answer for member in members for answer in expected_answers(member, self.check)] \
            or ["\x00" * 4]
        passed = False
        for candidate in candidates:
            passed |= hmac.compare_digest(candidate.encode(), digits.encode())
        if not passed or not members:
            return None
        if len(members) > 1:
            # Two devices enrolled this phone while apart and nobody merged them yet: which membership is the
            # customer's is for the staff to find out (said only once the answer passed, as a known number is).
            raise Conflict("kiosk.phone_shared")
        return build_account(tx.uow, tx.ctx, members[0], tx.now, language=language)

    def tries_left(self, phone: str) -> int:
        """How many answers this phone may still try now (for tests and the staff screen)."""
        normalized = normalize_phone(phone, country_code=self.ctx.country_code)
        key = "phone:" + hashlib.sha256(f"kiosk-phone-check:{normalized}".encode()).hexdigest()[:48]
        now = self.clock.now()
        state = self.attempts.get(key)
        if state is None or (not state.locked(now) and now - state.window_started >= self.policy.lock_for):
            return self.policy.max_attempts
        if state.locked(now):
            return 0
        return max(0, self.policy.max_attempts - state.failures)

    def _refuse_if_locked(self, key: str, now: datetime) -> None:
        state = self.attempts.get(key)
        if state is not None and state.locked(now):
            raise RuleViolation("kiosk.check_locked")
