"""Enrolling members, their cards (issue, reissue, print) and their sign-up bonus."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from kiosk.domain import tokens
from kiosk.domain.commands import EnrollMember
from kiosk.domain.documents import MemberCardSlip
from kiosk.domain.errors import Conflict, InvalidInput, NotFound, RuleViolation
from kiosk.domain.events import BonusAwarded, Event
from kiosk.domain.ids import new_id, random_code
from kiosk.domain.ledger import POINTS, Bucket, EntryKind, ProgramAccount, member_account, transfer
from kiosk.domain.members import (
    Member,
    clean_email,
    clean_name,
    mask_name,
    name_search_key,
    normalize_phone,
    parse_birthday,
)
from kiosk.domain.programs.bonuses import check_referral
from kiosk.services.common import EntryWriter, expiry_from, find_member, member_code
from kiosk.services.ports import MemberCard, UnitOfWork
from kiosk.services.usecase import Tx, UseCases

LANGUAGES = ("th", "en")


@dataclass(frozen=True)
class EnrollmentResult:
    member_id: str
    short_id: str
    member_code: str
    display_name: str
    signup_points: int
    referred_by: str | None  # masked name of the referrer
    card_print_job: str | None = None
    events: tuple[Event, ...] = ()  # BonusAwarded("signup") when joining earned points


@dataclass(frozen=True)
class CardResult:
    member_id: str
    member_code: str
    serial: int
    print_job: str | None = None


class EnrollmentService(UseCases):
    def enroll(self, cmd: EnrollMember, *, print_card: bool = False) -> EnrollmentResult:
        return self.command(command_id=cmd.command_id, kind="enroll", command=cmd, result_type=EnrollmentResult,
                            run=lambda tx: self._enroll(tx, cmd, print_card=print_card))

    def _enroll(self, tx: Tx, cmd: EnrollMember, *, print_card: bool) -> EnrollmentResult:
        uow, ctx, now = tx.uow, tx.ctx, tx.now
        name = clean_name(cmd.name)
        phone = normalize_phone(cmd.phone, country_code=ctx.country_code)
        email = clean_email(cmd.email)
        birthday = parse_birthday(cmd.birthday, today=ctx.business_date(now))
        if cmd.language not in LANGUAGES:
            raise InvalidInput("member.bad_language")
        if not cmd.consent_version:
            raise RuleViolation("member.consent_required")
        # The referral is judged before the phone: a member re-joining with their own code is told why.
        referrer = None
        if cmd.referral_code:
            referrer = uow.members.by_referral_code(cmd.referral_code.strip().upper())
            if referrer is None or referrer.is_erased:
                raise NotFound("member.referral_unknown")
            check_referral(referrer_id=referrer.id, new_member_phone=phone, referrer_phone=referrer.phone,
                           new_member_id="")
        if uow.members.by_phone(phone) is not None:
            raise Conflict("member.phone_taken")
        member = Member(
            id=new_id(), short_id=self._unique(uow, "short"), name=name, phone=phone, email=email,
            birthday=birthday, language=cmd.language, consent_version=cmd.consent_version, consent_at=now,
            enrolled_at=now, referral_code=self._unique(uow, "referral"),
            referred_by=referrer.id if referrer else None, marketing_consent=cmd.marketing_consent,
        )
        uow.members.add(member, device_id=ctx.device_id, business_date=ctx.business_date(now))
        card = self._issue_card(tx, member, serial=1)
        writer = EntryWriter(uow, ctx, now, cmd.command_id, cmd.staff_id)
        bonus = ctx.programs.bonuses.signup_points
        if bonus:
            writer.write(
                kind=EntryKind.SIGNUP_BONUS, member_id=member.id, memo="sign-up bonus",
                postings=transfer(unit=POINTS, amount=bonus, to_account=member_account(member.id, Bucket.POINTS),
                                  from_account=ProgramAccount.ISSUED,
                                  expires_at=expiry_from(now, ctx.programs.points.expiry_months, ctx.tz)),
            )
        else:
            writer.member_changed(member.id, "enrolled")
        uow.audit.add(action="member.enrolled", at=now, device_id=ctx.device_id,
                      staff_id=cmd.staff_id, subject=member.id,
                      details={"consent_version": cmd.consent_version, "referred": bool(referrer)})
        code = tokens.sign_member_code(short_id=member.short_id, serial=card.serial, key_id=card.key_id,
                                       secret=uow.keys.get(card.key_id) or b"")
        job = self._queue_card(tx, member, code) if print_card else None
        return EnrollmentResult(member.id, member.short_id, code, mask_name(name), bonus,
                                mask_name(referrer.name) if referrer else None, job,
                                events=(BonusAwarded("signup", bonus),) if bonus else ())

    def card(self, code_or_phone: str, *, print_card: bool = False) -> CardResult:
        """The member's current QR code, optionally queued for printing as a card slip."""
        return self.write(lambda tx: self._card(tx, code_or_phone, print_card=print_card))

    def _card(self, tx: Tx, code_or_phone: str, *, print_card: bool) -> CardResult:
        uow = tx.uow
        member = find_member(uow, tx.ctx, code_or_phone)
        code = member_code(uow, member)
        card = uow.members.active_card(member.id)
        assert card is not None
        job = self._queue_card(tx, member, code) if print_card else None
        return CardResult(member.id, code, card.serial, job)

    def reissue_card(self, code_or_phone: str, *, staff_id: str | None = None, print_card: bool = True) -> CardResult:
        """A lost card: the old code stops working at once, a new serial is signed with the current key."""
        return self.write(lambda tx: self._reissue_card(tx, code_or_phone, staff_id=staff_id, print_card=print_card))

    def _reissue_card(self, tx: Tx, code_or_phone: str, *, staff_id: str | None, print_card: bool) -> CardResult:
        uow, now = tx.uow, tx.now
        member = find_member(uow, tx.ctx, code_or_phone)
        old = uow.members.active_card(member.id)
        uow.members.revoke_cards(member.id, now)
        card = self._issue_card(tx, member, serial=(old.serial + 1) if old else 1)
        code = member_code(uow, member)
        uow.audit.add(action="card.reissued", at=now, device_id=tx.ctx.device_id, staff_id=staff_id,
                      subject=member.id, details={"serial": card.serial})
        job = self._queue_card(tx, member, code) if print_card else None
        return CardResult(member.id, code, card.serial, job)

    def _issue_card(self, tx: Tx, member: Member, *, serial: int) -> MemberCard:
        key_id, _secret = tx.uow.keys.active()
        card = MemberCard(id=new_id(), member_id=member.id, serial=serial, key_id=key_id, issued_at=tx.now)
        tx.uow.members.add_card(card)
        return card

    def _queue_card(self, tx: Tx, member: Member, code: str) -> str:
        ctx, now = tx.ctx, tx.now
        lang = member.language if member.language in LANGUAGES else ctx.language
        slip = MemberCardSlip(shop=ctx.shop, member_name=mask_name(member.name), member_code=code,
                              created_at=ctx.local(now), language=lang)  # how to use it: printed in `lang`
        return tx.uow.print_jobs.add(document=slip, created_at=now, device_id=ctx.device_id, source_id=member.id)

    @staticmethod
    def _unique(uow: UnitOfWork, what: str) -> str:
        for _ in range(20):
            if what == "short":
                candidate = random_code(tokens.SHORT_ID_CHARS)
                if uow.members.by_short_id(candidate) is None:
                    return candidate
            else:
                candidate = random_code(6)
                if uow.members.by_referral_code(candidate) is None:
                    return candidate
        raise RuntimeError("could not find a free member code")  # 32^8: practically unreachable


def update_member(member: Member, **changes: Any) -> Member:  # Any: whatever each Member field takes
    if "name" in changes:
        changes["name"] = clean_name(str(changes["name"]))
    return replace(member, **changes)


__all__ = ["CardResult", "EnrollmentResult", "EnrollmentService", "name_search_key", "update_member"]
