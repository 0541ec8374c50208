"""What a union of every device's ledger cannot settle alone, read from what every device holds alike: a member
overdrawn by spends on two devices apart, a voucher, a refund, a personal offer or a challenge's bonus used twice,
expiry that wrote off more than the lots held (two devices expiring the same lots apart), and two members enrolled
with one phone. The hub panel lists them for the manager (kiosk.services.hub)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from kiosk.domain.ledger import (
    APART_SPEND_KINDS,
    POINTS,
    Entry,
    EntryKind,
    Move,
    expiry_beyond_lots,
    installation_of,
)
from kiosk.domain.validators import reversals_moved, reversed_beyond
from kiosk.services.challenges import CHALLENGE_MEMO
from kiosk.services.offers import OFFER_MEMO
from kiosk.services.ports.hub import HubConflict

from . import tables as t
from .repositories.ledger import SqlLedger


def find_conflicts(conn: Connection, tz: tzinfo) -> list[HubConflict]:
    """Everything the manager must settle, in the order the hub panel lists it (`tz`: the shop's time zone,
    whose business day a lot is good through)."""
    return [*_overdrafts(conn), *_vouchers_twice(conn), *_refunds_twice(conn),
            *_offers_twice(conn), *_challenges_twice(conn), *_expiry_beyond(conn, tz), *_duplicate_phones(conn)]


def _receipts(conn: Connection, sale_ids: list[str]) -> dict[str, str]:
    if not sale_ids:
        return {}
    return {r.id: r.receipt_no for r in conn.execute(select(t.sales.c.id, t.sales.c.receipt_no)
                                                     .where(t.sales.c.id.in_(sale_ids)))}


def _names(conn: Connection, member_ids: Sequence[str]) -> tuple[str, ...]:
    names = {r.id: r.name for r in conn.execute(select(t.members.c.id, t.members.c.name)
                                                .where(t.members.c.id.in_(list(member_ids))))}
    return tuple(names.get(m, m) for m in member_ids)


def _overdrafts(conn: Connection) -> list[HubConflict]:
    """A member below zero after spends on two devices: the same value spent twice while they were apart."""
    b, p, e = t.account_balances, t.postings, t.ledger_entries
    out = []
    # the few debts in their index's order (by unit), sorted here: ORDER BY account made SQLite walk every balance
    # in key order, and with no order it may walk every member's balance by the member index
    debts = conn.execute(select(b.c.account, b.c.unit, b.c.member_id, b.c.balance)
                         .where(b.c.balance < 0, b.c.member_id.is_not(None)).order_by(b.c.unit)).all()
    for debt in sorted(debts, key=lambda d: (d.account, d.unit)):
        spends = conn.execute(
            select(e.c.device_id, e.c.sale_id, e.c.id).join(p, p.c.entry_id == e.c.id)
            # the member's own postings (their index), not every spend the shop ever made
            .where(p.c.member_id == debt.member_id, p.c.account == debt.account, p.c.unit == debt.unit,
                   p.c.amount < 0, e.c.kind.in_(APART_SPEND_KINDS))
            .order_by(e.c.created_at.desc(), e.c.id.desc()).limit(20)).all()
        by_device: dict[str, str] = {}
        for spend in spends:
            by_device.setdefault(spend.device_id, spend.sale_id or spend.id)
        if len(by_device) < 2:
            continue  # a refund after spending on one device: a debt, not a conflict
        receipts = _receipts(conn, list(by_device.values()))
        out.append(HubConflict(
            kind="overdraft", key=f"overdraft:{debt.account}:{debt.unit}", member_ids=(debt.member_id,),
            member_names=_names(conn, [debt.member_id]), unit=debt.unit, amount=-int(debt.balance),
            receipts=tuple(receipts.get(s, s) for s in by_device.values()), devices=tuple(by_device)))
    return out


def _vouchers_twice(conn: Connection) -> list[HubConflict]:
    b, p, e = t.account_balances, t.postings, t.ledger_entries
    out = []
    for row in conn.execute(select(b.c.unit, b.c.balance).where(
            b.c.account == "program:vouchers", b.c.unit.like("VOUCHER:%"), b.c.balance < 0)):
        uses = conn.execute(
            select(e.c.device_id, e.c.sale_id, e.c.member_id).join(p, t.entry_postings(p, e))
            .where(p.c.unit == row.unit, p.c.account == "program:vouchers", p.c.amount < 0,
                   e.c.kind == EntryKind.VOUCHER_REDEEMED.value)
            .order_by(e.c.created_at, e.c.id)).all()
        voucher_id = row.unit.split(":", 1)[1]
        code = conn.execute(select(t.vouchers.c.code, t.vouchers.c.member_id)
                            .where(t.vouchers.c.id == voucher_id)).first()
        sale_ids = [u.sale_id for u in uses if u.sale_id]
        receipts = _receipts(conn, sale_ids)
        members = tuple(m for m in {code.member_id if code else None} if m)
        out.append(HubConflict(
            kind="voucher_twice", key=f"voucher:{voucher_id}", member_ids=members,
            member_names=_names(conn, members), unit=row.unit, amount=-int(row.balance),
            receipts=tuple(receipts.get(s, s) for s in sale_ids), devices=tuple(u.device_id for u in uses),
            detail={"voucher_code": code.code if code else voucher_id}))
    return out


def _refunds_twice(conn: Connection) -> list[HubConflict]:
    """One sale refunded on two installations while apart, more than it sold: money and points given back
    twice. Each device reversed what it saw left, so the ledger is sound; the manager must see it."""
    e = t.ledger_entries
    reversals: dict[str, list[str]] = {}
    for row in conn.execute(select(e.c.reverses_id, e.c.id).where(e.c.reverses_id.in_(
            select(e.c.reverses_id).where(e.c.reverses_id.is_not(None)).group_by(e.c.reverses_id)
            .having(func.count() > 1))).order_by(e.c.seq)):
        reversals.setdefault(row.reverses_id, []).append(row.id)
    if not reversals:
        return []
    ledger = SqlLedger(conn)
    # a reversal itself reversed (the later of one conflict settled on two devices apart, undone) undoes nothing
    undone = ledger.reversed_ids([i for ids in reversals.values() for i in ids])
    reversals = {original: [i for i in ids if i not in undone] for original, ids in reversals.items()}
    entries = ledger.get_many([*reversals, *(i for ids in reversals.values() for i in ids)])
    twice: dict[str, tuple[Entry, list[Entry]]] = {}  # sale (or entry) id -> an over-reversed entry
    for original_id, ids in reversals.items():
        original, undoing = entries.get(original_id), [entries[i] for i in ids if i in entries]
        if original is None or len({installation_of(u.device_id) for u in undoing}) < 2:
            continue
        if reversed_beyond(original, reversals_moved(undoing)):
            twice.setdefault(original.sale_id or original.id, (original, undoing))
    out = []
    for sale_id, (original, undoing) in sorted(twice.items()):
        r = t.refunds
        refunds = conn.execute(select(r.c.receipt_no, r.c.device_id).where(r.c.sale_id == sale_id)
                               .order_by(r.c.created_at, r.c.id)).all()
        sold = _receipts(conn, [sale_id]).get(sale_id, sale_id)
        members = (original.member_id,) if original.member_id else ()
        out.append(HubConflict(
            kind="refund_twice", key=f"refund:{sale_id}", member_ids=members,
            member_names=_names(conn, members) if members else (),
            receipts=(sold, *(f.receipt_no for f in refunds)),
            devices=tuple(dict.fromkeys(u.device_id for u in undoing)), detail={"sale_receipt": sold}))
    return out


def _offers_twice(conn: Connection) -> list[HubConflict]:
    """A personal offer used on two installations while apart (each saw it unused): the member had it twice.
    Read from what every device holds alike, the sales and the ledger, never from member_offers (one row,
    last sent wins): a free item is an offer discount on a sale not wholly refunded, bonus points an offer
    entry still standing. A whole refund gives an offer back, so a refunded use no longer counts."""
    uses: dict[tuple[str, str], dict[str, str]] = {}  # (member, offer) -> sale -> device
    s = t.sales
    for sale in conn.execute(select(s.c.id, s.c.member_id, s.c.device_id, s.c.discounts_json).where(
            s.c.member_id.is_not(None), s.c.status.not_in(("refunded", "voided")),
            s.c.discounts_json.like('%"offer"%'))):
        for discount in json.loads(sale.discounts_json or "[]"):
            if discount.get("kind") == "offer" and discount.get("ref"):
                uses.setdefault((sale.member_id, discount["ref"]), {})[sale.id] = sale.device_id
    for award in SqlLedger(conn).awards(EntryKind.OFFER.value, memo_prefix=OFFER_MEMO):
        if award.amount > 0:
            uses.setdefault((award.member_id, award.memo.removeprefix(OFFER_MEMO)), {})[
                award.sale_id or award.entry_id] = award.device_id
    out = []
    for (member_id, offer_id), sales in sorted(uses.items()):
        if len(sales) < 2 or len({installation_of(d) for d in sales.values()}) < 2:
            continue  # used once, or twice on one PC (its own database refuses that): not a sync's doing
        receipts = _receipts(conn, list(sales))
        out.append(HubConflict(
            kind="offer_twice", key=f"offer:{member_id}:{offer_id}", member_ids=(member_id,),
            member_names=_names(conn, [member_id]), amount=len(sales) - 1,
            receipts=tuple(receipts.get(sid, sid) for sid in sales),
            devices=tuple(dict.fromkeys(sales.values())), detail={"offer_id": offer_id}))
    return out


def _challenges_twice(conn: Connection) -> list[HubConflict]:
    """A challenge completed on two installations while apart (each saw it not yet done this period): the
    member got its bonus twice. Read from the ledger's challenge entries still standing (a refund, or a
    write-off, reverses one), so every device finds the same. The first given is the one the member keeps;
    the later ones are what a write-off takes back (detail["later"], their entry ids)."""
    given: dict[tuple[str, str], list[tuple[datetime, str, str | None, str, int]]] = {}
    for award in SqlLedger(conn).awards(EntryKind.CHALLENGE.value, memo_prefix=CHALLENGE_MEMO):
        if award.amount > 0 and award.unit == POINTS:
            given.setdefault((award.member_id, award.memo), []).append(
                (award.created_at, award.entry_id, award.sale_id, award.device_id, award.amount))
    out = []
    for (member_id, memo), awards in sorted(given.items()):
        if len({installation_of(device) for _, _, _, device, _ in awards}) < 2:
            continue  # once, or twice on one PC (its own database refuses that): not a sync's doing
        awards.sort()
        challenge_id, _, period = memo.removeprefix(CHALLENGE_MEMO).partition(":")
        sales = [sale_id or entry_id for _, entry_id, sale_id, _, _ in awards]
        receipts = _receipts(conn, sales)
        out.append(HubConflict(
            kind="challenge_twice", key=f"challenge:{member_id}:{challenge_id}:{period}",
            member_ids=(member_id,), member_names=_names(conn, [member_id]), unit=POINTS,
            amount=sum(points for *_, points in awards[1:]), receipts=tuple(receipts.get(s, s) for s in sales),
            devices=tuple(dict.fromkeys(device for _, _, _, device, _ in awards)),
            detail={"challenge_id": challenge_id, "period": period, "times": len(awards),
                    "later": [entry_id for _, entry_id, _, _, _ in awards[1:]]}))
    return out


def _expiry_beyond(conn: Connection, tz: tzinfo) -> list[HubConflict]:
    """Expiry that wrote off more than the member's lots held: two devices of a hub that each expired the same
    lots while apart (before one device wrote expiry for the whole hub, kiosk.services.hub.expiry_writer), or an
    expiry of lots another device had spent while still valid. Each device wrote what it saw, so `verify` does
    not call it broken; the member's balance shows it (below zero, or less than it should be). Looked for on the
    members whose expiry entries came from two installations, or who are below zero after an expiry, and
    measured by replaying their lots in an order every device shares (kiosk.domain.ledger.expiry_beyond_lots).
    The later expiries are what a write-off gives back (detail["later"], with the lots they took beyond)."""
    e, p, b = t.ledger_entries, t.postings, t.account_balances
    by_member: dict[str, set[str]] = {}
    for row in conn.execute(select(e.c.member_id, e.c.device_id).where(
            e.c.kind == EntryKind.EXPIRY.value, e.c.member_id.is_not(None)).distinct()):
        by_member.setdefault(row.member_id, set()).add(installation_of(row.device_id))
    suspects = {m for m, installs in by_member.items() if len(installs) > 1}
    # the members below zero through the index of debts, read as the overdrafts read it (in its order: without it,
    # or with a DISTINCT, SQLite walks every member's balances by the member index); the set takes out repeats
    suspects |= {r.member_id for r in conn.execute(select(b.c.member_id).where(
        b.c.balance < 0, b.c.member_id.is_not(None)).order_by(b.c.unit)) if r.member_id in by_member}
    out = []
    ordered = sorted(suspects)
    for start in range(0, len(ordered), _MEMBERS_A_READ):  # one read for many members: a pass, not a query each
        rows = conn.execute(
            select(p.c.member_id, p.c.account, p.c.unit, p.c.amount, p.c.expires_at, e.c.id, e.c.created_at,
                   e.c.kind, e.c.device_id, e.c.reverses_id)
            .join(e, e.c.id == p.c.entry_id).where(p.c.member_id.in_(ordered[start:start + _MEMBERS_A_READ]))
            .order_by(p.c.member_id, p.c.unit, e.c.created_at, e.c.id, p.c.seq)).all()
        by_owner: dict[str, list[Any]] = {}
        for r in rows:
            by_owner.setdefault(r.member_id, []).append(r)
        for member_id, owned in by_owner.items():
            out += _expiry_beyond_of(conn, member_id, owned, tz)
    return out


_MEMBERS_A_READ = 500


def _expiry_beyond_of(conn: Connection, member_id: str, rows: list[Any], tz: tzinfo) -> list[HubConflict]:
    expiries = {r.id: r.device_id for r in rows if r.kind == EntryKind.EXPIRY.value}
    # a give-back -> the expiry it gives back, and what undoes a give-back (the later of one expiry given back on two
    # devices apart) takes its share off again
    give_backs = {r.id: r.reverses_id for r in rows if r.reverses_id in expiries}
    given_back: dict[str, int] = {}
    moves: dict[tuple[str, str], list[tuple[str, Move]]] = {}
    for r in rows:
        move = Move(int(r.amount), r.expires_at, r.created_at, r.kind)
        moves.setdefault((r.account, r.unit), []).append((r.id, move))
        if r.reverses_id in expiries and r.amount > 0:
            given_back[r.reverses_id] = given_back.get(r.reverses_id, 0) + int(r.amount)
        elif r.reverses_id in give_backs and r.amount < 0:
            expiry = give_backs[r.reverses_id]
            given_back[expiry] = given_back.get(expiry, 0) + int(r.amount)
    out = []
    for (account, unit), account_moves in sorted(moves.items()):
        beyond = expiry_beyond_lots(account_moves, given_back, tz=tz)
        if not beyond:
            continue
        later = [{"entry": entry_id, "account": account, "lots": [
            [expires_at.isoformat() if expires_at else None, amount] for expires_at, amount in parts]}
            for entry_id, parts in beyond.items()]
        writers = [expiries[entry_id] for entry_id, _ in account_moves if entry_id in expiries]
        out.append(HubConflict(
            kind="expiry_beyond", key=f"expiry:{member_id}:{unit}", member_ids=(member_id,),
            member_names=_names(conn, [member_id]), unit=unit,
            amount=sum(amount for parts in beyond.values() for _, amount in parts),
            devices=tuple(dict.fromkeys(writers)), detail={"later": later}))
    return out


def _duplicate_phones(conn: Connection) -> list[HubConflict]:
    m = t.members
    live = (m.c.erased_at.is_(None), m.c.merged_into.is_(None), m.c.phone.is_not(None))
    out = []
    for dup in conn.execute(select(m.c.phone).where(*live).group_by(m.c.phone)
                            .having(func.count() > 1).order_by(m.c.phone)):
        members = conn.execute(select(m.c.id, m.c.name, m.c.enrolled_device).where(*live, m.c.phone == dup.phone)
                               .order_by(m.c.enrolled_at, m.c.id)).all()
        out.append(HubConflict(
            kind="duplicate_phone", key=f"phone:{dup.phone}", member_ids=tuple(r.id for r in members),
            member_names=tuple(r.name for r in members), devices=tuple(r.enrolled_device for r in members),
            detail={"phone": dup.phone}))
    return out
