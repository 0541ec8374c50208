"""Stamp cards completed in the ledger: at the sale that fills them, and after a pull where stamps given on tills
apart meet (written once across the chain, by one device chosen from the member's row)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kiosk.domain.ledger import (
    Bucket,
    Entry,
    EntryKind,
    Posting,
    ProgramAccount,
    installation_of,
    member_account,
    reward_unit,
    stamps_unit,
    transfer,
)
from kiosk.domain.programs import stamps as stamp_rules
from kiosk.domain.programs.config import StampCard
from kiosk.services.common import EntryWriter, expiry_from


def write_completion(writer: EntryWriter, card: StampCard, member_id: str, *, completed: int, forfeited: int = 0,
                     sale_id: str | None = None) -> Entry:
    """The stamps `completed` full cards used (and any beyond a full card when carry-over is off) leave the card;
    as many free items are the member's."""
    used = completed * card.required + forfeited
    postings: tuple[Posting, ...] = transfer(unit=stamps_unit(card.id), amount=used,
                                             to_account=ProgramAccount.REWARDS,
                                             from_account=member_account(member_id, Bucket.STAMPS))
    postings += transfer(unit=reward_unit(card.id), amount=completed,
                         to_account=member_account(member_id, Bucket.REWARDS), from_account=ProgramAccount.ISSUED,
                         expires_at=expiry_from(writer.now, card.reward_expiry_months, writer.ctx.tz))
    return writer.write(kind=EntryKind.STAMP_CARD_COMPLETED, postings=postings, member_id=member_id,
                        sale_id=sale_id, memo=f"{card.id} completed x{completed}")


def complete_waiting(writer: EntryWriter, card: StampCard, member_id: str, stamps: int, *, most: int | None = None,
                     sale_id: str | None = None) -> int:
    """Write the completions a ledger balance of `stamps` holds unwritten (at most `most`); returns how many."""
    waiting = stamp_rules.waiting_to_complete(card, stamps)
    count = waiting if most is None else min(waiting, most)
    if count <= 0:
        return 0
    forfeited = 0 if card.carry_over else stamps - card.required
    write_completion(writer, card, member_id, completed=count, forfeited=forfeited, sale_id=sale_id)
    return count


def completes_here(enrolled_on: str, *, installation: str, devices: Mapping[str, str],
                   active: Iterable[str]) -> bool:
    """Whether this installation writes the completions a pull brings a member enrolled on the device
    `enrolled_on`: the installation that enrolled them,
    or, once it is retired or unknown to the hub, the first active one. Every device answers alike from the
    same rows, so two devices pulling the same stamps never both complete the card.

    `devices`: device id -> its installation, as the hub lists them; `active`: installations not retired."""
    living = sorted(active)
    home = devices.get(enrolled_on) or installation_of(enrolled_on)
    if not living or home in living:
        return home == installation
    return living[0] == installation


def complete_met_cards(writer: EntryWriter, *, installation: str, devices: Mapping[str, str],
                       active: Iterable[str], since: int) -> int:
    """After a pull: every member this installation completes for whose cards hold their size or more in the
    ledger, among those the pull brought stamps (added after the ledger's mark `since`), gets the completions
    written now. Returns how many cards were completed."""
    uow, cards = writer.uow, writer.ctx.programs.stamp_cards
    living = tuple(active)
    mine: dict[str, bool] = {}  # member -> whether this installation completes for them (asked once, any card)

    def completes_for(member_id: str) -> bool:
        if member_id not in mine:
            member, enrolled_on = uow.members.get(member_id), uow.members.enrolled_on(member_id)
            mine[member_id] = (member is not None and enrolled_on is not None and not member.is_erased
                               and not member.merged_into and completes_here(
                                   enrolled_on, installation=installation, devices=devices, active=living))
        return mine[member_id]

    done = 0
    for card in cards:
        if card.required <= 0:
            continue
        for member_id in uow.ledger.members_holding(stamps_unit(card.id), at_least=card.required, since=since):
            if not completes_for(member_id):
                continue
            stamps = uow.ledger.member_balances(member_id).get(stamps_unit(card.id), 0)
            done += complete_waiting(writer, card, member_id, stamps)
    return done
