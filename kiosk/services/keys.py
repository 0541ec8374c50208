"""Code-signing keys: list them, rotate the shop secret, and move cards off retired keys."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from kiosk.domain.errors import StorageError
from kiosk.domain.ids import ALPHABET, new_id
from kiosk.domain.text import Phrase
from kiosk.services.common import require_manager
from kiosk.services.ports import MemberCard
from kiosk.services.usecase import Tx, UseCases

SECRET_BYTES = 32


@dataclass(frozen=True)
class KeyInfo:
    key_id: str
    created_at: datetime
    retired_at: datetime | None
    active: bool
    cards: int  # member cards still signed with this key (they keep working until reissued)


@dataclass(frozen=True)
class RotationResult:
    new_key_id: str
    retired_key_ids: tuple[str, ...]
    cards_on_retired_keys: int


@dataclass(frozen=True)
class ReissueResult:
    cards_reissued: int
    cards_left: int  # still on retired keys (run again: the work is done in batches)


class KeyService(UseCases):
    """Rotation keeps old keys for verifying: printed cards keep working until each is reissued.

    Rotate when a secret may have leaked (a stolen till, a copied database) or on a schedule. Codes signed
    with a retired key still verify; `reissue_retired` replaces those cards so the old key can stop mattering.
    """

    def list_keys(self) -> list[KeyInfo]:
        return self.read(self._list_keys)

    def _list_keys(self, tx: Tx) -> list[KeyInfo]:
        cards = tx.uow.members.active_cards_per_key()
        return [KeyInfo(k.key_id, k.created_at, k.retired_at, k.retired_at is None, cards.get(k.key_id, 0))
                for k in tx.uow.keys.all()]

    def rotate(self, *, approved_by: str | None) -> RotationResult:
        """Retire the current key and create a new one; new cards and vouchers are signed with it."""
        return self.write(lambda tx: self._rotate(tx, approved_by))

    def _rotate(self, tx: Tx, approved_by: str | None) -> RotationResult:
        uow, now = tx.uow, tx.now
        approver = require_manager(uow, approved_by, what=Phrase("action.key_rotation"), reason="key_rotation")
        existing = uow.keys.all()
        used = {k.key_id for k in existing}
        free = [c for c in ALPHABET if c not in used]
        if not free:
            raise StorageError("keys.rotation_exhausted")
        retired = tuple(k.key_id for k in existing if k.retired_at is None)
        uow.keys.retire_all(now)
        key_id = secrets.choice(free)
        uow.keys.add(key_id, secrets.token_bytes(SECRET_BYTES), at=now)
        per_key = uow.members.active_cards_per_key()
        on_retired = sum(n for k, n in per_key.items() if k != key_id)
        uow.audit.add(action="keys.rotated", at=now, device_id=tx.ctx.device_id, staff_id=approver,
                      subject=key_id, details={"retired": list(retired), "cards_on_retired_keys": on_retired})
        return RotationResult(key_id, retired, on_retired)

    def reissue_retired(self, *, approved_by: str | None, batch: int = 500) -> ReissueResult:
        """Replace every member card signed with a retired key (their old printed codes stop working).

        Nothing is printed: a member whose old card is refused is looked up by phone and gets the new card
        printed at the counter. Runs in batches so a big shop never holds the write lock for long.
        """
        reissued = 0
        while True:
            done, left = self.write(lambda tx: self._reissue_batch(tx, approved_by, batch))
            reissued += done
            if not done or left == 0:
                return ReissueResult(reissued, left)

    def _reissue_batch(self, tx: Tx, approved_by: str | None, batch: int) -> tuple[int, int]:
        """One batch in its own transaction: (cards reissued, cards still on retired keys)."""
        uow, now = tx.uow, tx.now
        approver = require_manager(uow, approved_by, what=Phrase("action.card_reissue"), reason="card_reissue")
        active_id, _ = uow.keys.active()
        retired = [k.key_id for k in uow.keys.all() if k.key_id != active_id]
        cards = uow.members.active_cards_on_keys(retired, limit=batch)
        for card in cards:
            uow.members.revoke_cards(card.member_id, now)
            uow.members.add_card(MemberCard(id=new_id(), member_id=card.member_id, serial=card.serial + 1,
                                            key_id=active_id, issued_at=now))
        if cards:
            uow.audit.add(action="cards.reissued_bulk", at=now, device_id=tx.ctx.device_id,
                          staff_id=approver, subject=active_id,
                          details={"cards": len(cards), "from_keys": sorted({c.key_id for c in cards})})
        left = sum(n for k, n in uow.members.active_cards_per_key().items() if k != active_id)
        return len(cards), left
