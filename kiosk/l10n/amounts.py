"""An amount of a ledger unit, and an offer's or a challenge's name, in people's words: "฿4.50", "3 stamps (Coffee
card)", never "450 THB" or "STAMP:coffee". The `kiosk` command and the screens both say them from here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.domain.events import Message
from kiosk.domain.money import Money
from kiosk.domain.text import Localized
from kiosk.l10n.catalogue import Text, register

if TYPE_CHECKING:  # a name only: the catalogue loads before a screen's first frame, the program config after
    from kiosk.domain.programs.config import ProgramConfig

HOLDINGS = {
    "holding.points": Text(en="{amount} points", en_one="{amount} point", count="amount", th="{amount} แต้ม"),
    "holding.stamps": Text(en="{amount} stamps ({card})", en_one="{amount} stamp ({card})", count="amount",
                           th="{amount} ดวง ({card})"),
    "holding.free_items": Text(en="{amount} free items ({card})", en_one="{amount} free item ({card})",
                               count="amount", th="ของฟรี {amount} รายการ ({card})"),
    "holding.money": Text(en="{amount}", th="{amount}"),
    "holding.voucher_uses": Text(en="{amount} extra uses of voucher {code}",
                                 en_one="{amount} extra use of voucher {code}", count="amount",
                                 th="การใช้คูปอง {code} ซ้ำ {amount} ครั้ง"),
    "holding.other": Text(en="{amount} {unit} ({card})", th="{amount} {unit} ({card})"),
}


def holding(unit: str, amount: int, programs: ProgramConfig, *, voucher_code: str | None = None) -> Message:
    """'4,082 points', '฿66.00', '3 stamps (coffee)', '1 free item (coffee)', '1 use of voucher LK1V-…': an
    amount of a ledger unit in people's words (money from its minor units in the shop's currency, a card by its
    name, a voucher by its code), for the catalogue to say in the reader's language."""
    from kiosk.domain.ledger import POINTS  # the ledger module loads with the services, after a screen's first frame

    if unit == POINTS:
        return Message("holding.points", {"amount": amount})
    if unit == programs.currency:
        return Message("holding.money", {"amount": Money(amount, programs.currency)})
    kind, _, ref = unit.partition(":")
    if kind == "VOUCHER":
        return Message("holding.voucher_uses", {"amount": amount, "code": voucher_code or ref})
    code = {"STAMP": "holding.stamps", "REWARD": "holding.free_items"}.get(kind, "holding.other")
    card = programs.stamp_card(ref)  # its name from the config, in the reader's language
    return Message(code, {"amount": amount, "card": Localized.of(card.label) if card else ref.lower(), "unit": unit})


def offer_name(programs: ProgramConfig, offer_id: str) -> Localized:
    """The offer as members read it, in either language; its id when the config no longer has it."""
    offer = programs.offer(offer_id)
    return Localized.of(offer.label) if offer else Localized(offer_id)


def challenge_name(programs: ProgramConfig, challenge_id: str) -> Localized:
    """The challenge as members read it, in either language; its id when the config no longer has it."""
    challenge = programs.challenge(challenge_id)
    return Localized.of(challenge.label) if challenge else Localized(challenge_id)


register(HOLDINGS)

__all__ = ["challenge_name", "holding", "offer_name"]


class HeldInConflict(Protocol):
    """What of a hub conflict (kiosk.services.ports.hub.HubConflict) says how much it is about."""

    @property
    def unit(self) -> str | None: ...
    @property
    def amount(self) -> int: ...
    @property
    def detail(self) -> Mapping[str, Any]: ...


def conflict_holding(conflict: HeldInConflict, programs: ProgramConfig) -> Message | None:
    """How much a hub conflict is about (`holding`, a voucher by the code its detail keeps), for the CLI's conflict
    lines and the Devices page alike; None for a conflict of no unit (one phone on two members)."""
    if conflict.unit is None:
        return None
    code = conflict.detail.get("voucher_code")
    return holding(conflict.unit, conflict.amount, programs, voucher_code=str(code) if code else None)
