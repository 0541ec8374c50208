"""Cards and vouchers on a real database: forged, altered, revoked codes fail; keys rotate; vouchers are single-use."""

from __future__ import annotations

import multiprocessing
import uuid
from pathlib import Path

import pytest

from kiosk.bootstrap import wire
from kiosk.cli import main
from kiosk.config import load_settings
from kiosk.domain import tokens
from kiosk.domain.commands import IssueVoucher, RefundSale
from kiosk.domain.errors import Conflict, InvalidCode, KioskError, ManagerApprovalRequired, PermissionDenied
from kiosk.domain.ids import random_code
from kiosk.services.context import FixedClock
from tests.integration.test_trust_support import START, Shop, make_shop, snapshot


@pytest.fixture()
def shop(tmp_path: Path) -> Shop:
    return make_shop(tmp_path, language="en")  # its command-line refusals are read in English


def _refused(shop: Shop, code: str) -> InvalidCode:
    with pytest.raises(InvalidCode) as caught:
        shop.app.services.accounts.account(code)
    assert caught.value.message
    return caught.value


def test_a_scanned_card_finds_its_member_in_any_case_and_with_separators(shop: Shop) -> None:
    member = shop.enroll()
    code = member.member_code
    assert shop.app.services.accounts.account(code).member_id == member.member_id
    assert shop.app.services.accounts.account(code.lower()).member_id == member.member_id
    assert shop.app.services.accounts.account(f" {code[:8]}-{code[8:]} \n").member_id == member.member_id


def test_altered_truncated_guessed_and_foreign_codes_are_refused(shop: Shop) -> None:
    member = shop.enroll()
    code = member.member_code
    before = snapshot(shop.db_path)
    # one character of the member part changed: the signature no longer matches
    i = len(tokens.PREFIX) + 3
    altered = code[:i] + ("A" if code[i] != "A" else "B") + code[i + 1:]
    assert _refused(shop, altered).code == "member.code_forged"
    assert _refused(shop, code[:-1]).code == "card.damaged"
    assert _refused(shop, code[:12]).code == "card.not_this_shop"
    # a well-formed guess for someone else's short id
    guess = code[:5] + random_code(8) + code[13:15] + random_code(tokens.MAC_CHARS)
    assert _refused(shop, guess).code == "member.code_forged"
    # signed with another shop's secret under the same key id
    foreign = tokens.sign_member_code(short_id=member.short_id, serial=1, key_id=code[4], secret=b"x" * 32)
    assert _refused(shop, foreign).code == "member.code_forged"
    # an unknown key id
    other_key = next(k for k in "0123456789" if k != code[4])
    assert _refused(shop, code[:4] + other_key + code[5:]).code == "member.code_forged"
    # properly signed (the attacker would need the secret) but for no member: still refused
    with shop.app.uow_factory(readonly=True) as uow:
        key_id, secret = uow.keys.active()
    nobody = tokens.sign_member_code(short_id=random_code(8), serial=1, key_id=key_id, secret=secret)
    assert _refused(shop, nobody).code == "member.code_unknown"
    # a voucher is not a member card
    with pytest.raises(InvalidCode):
        shop.sale(tokens.sign_voucher_code(voucher_ref=random_code(10), key_id=key_id, secret=secret), "LATTE")
    assert snapshot(shop.db_path) == before  # refusals write nothing


def test_a_lost_card_is_reissued_and_the_old_code_stops_working(shop: Shop) -> None:
    member = shop.enroll()
    new = shop.app.services.enrollment.reissue_card(member.member_code, print_card=False)
    assert new.serial == 2 and new.member_code != member.member_code
    assert _refused(shop, member.member_code).code == "member.code_revoked"
    with pytest.raises(InvalidCode):
        shop.sale(member.member_code, "LATTE")
    assert shop.sale(new.member_code, "LATTE").member_id == member.member_id
    # and a third time: both older codes are dead
    newest = shop.app.services.enrollment.reissue_card("0812345678", print_card=False)
    assert _refused(shop, new.member_code).code == "member.code_revoked"
    assert shop.app.services.accounts.account(newest.member_code).member_id == member.member_id


def test_rotation_keeps_old_codes_working_until_their_cards_are_reissued(shop: Shop) -> None:
    old_member = shop.enroll()
    shop.sale(old_member.member_code, amount="5000.00")  # 200 points
    with pytest.raises(ManagerApprovalRequired):
        shop.app.services.keys.rotate(approved_by=None)
    with pytest.raises(PermissionDenied):
        shop.app.services.keys.rotate(approved_by=shop.staff["cashier"])
    voucher = shop.app.services.redemption.issue_voucher(IssueVoucher(command_id="v1", member_code="0812345678",
                                                             reward_id="off50", print_voucher=False))
    old_key = old_member.member_code[4]
    rotation = shop.app.services.keys.rotate(approved_by=shop.staff["manager"])
    assert rotation.retired_key_ids == (old_key,) and rotation.new_key_id != old_key
    assert rotation.cards_on_retired_keys == 1

    # old card and old voucher still accepted; new cards use the new key
    assert shop.app.services.accounts.account(old_member.member_code).member_id == old_member.member_id
    new_member = shop.enroll(phone="0899999999", name="Nok")
    assert new_member.member_code[4] == rotation.new_key_id
    sale = shop.sale(old_member.member_code, "LATTE", voucher_codes=(voucher.voucher_code,))
    assert sale.discounts and sale.discounts[0].amount.minor == 5000

    keys = {k.key_id: k for k in shop.app.services.keys.list_keys()}
    assert keys[old_key].retired_at is not None and not keys[old_key].active and keys[old_key].cards == 1
    assert keys[rotation.new_key_id].active and keys[rotation.new_key_id].cards == 1

    # the optional bulk path: every card on a retired key is replaced, the old code stops working
    result = shop.app.services.keys.reissue_retired(approved_by=shop.staff["owner"])
    assert (result.cards_reissued, result.cards_left) == (1, 0)
    assert _refused(shop, old_member.member_code).code == "member.code_revoked"
    fresh = shop.app.services.accounts.account("0812345678").member_code
    assert fresh[4] == rotation.new_key_id
    assert shop.app.services.accounts.account(fresh).member_id == old_member.member_id
    actions = [r.action for r in _audit(shop)]
    assert "keys.rotated" in actions and "cards.reissued_bulk" in actions
    assert shop.app.services.verify.run().ok


def _audit(shop: Shop) -> list:  # type: ignore[type-arg]
    with shop.app.uow_factory(readonly=True) as uow:
        return uow.audit.records()


def test_keys_cli_lists_and_rotates(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    shop.enroll()
    shop.app.close()
    base = ["--data-dir", str(shop.data_dir)]
    assert main(base + ["keys", "rotate"]) == 1
    assert "needs a manager's PIN" in capsys.readouterr().err
    assert main(base + ["keys", "rotate", "--manager-pin", "1111"]) == 1  # a cashier's PIN
    assert "not a manager's PIN" in capsys.readouterr().err
    assert main(base + ["--language", "en", "keys", "rotate", "--manager-pin", "2222"]) == 0
    assert "New signing key" in capsys.readouterr().out
    assert main(base + ["--language", "en", "keys", "list"]) == 0
    out = capsys.readouterr().out
    assert out.count("key ") == 2 and "ACTIVE" in out and "retired" in out and "1 active cards" in out
    assert main(base + ["--json", "keys", "list"]) == 0
    assert '"key_id"' in capsys.readouterr().out


# -- vouchers: single use, also across two counters racing on one database file ----------------------------
def _issue(shop: Shop, n: int) -> list[str]:
    # enough points for n vouchers: a sale over the shop's approval limit, so a manager approves it
    shop.sale("0812345678", amount=f"{n * 5000}.00", approved_by=shop.staff["manager"])
    return [shop.app.services.redemption.issue_voucher(IssueVoucher(command_id=f"v{i}", member_code="0812345678",
                                                           reward_id="off50", print_voucher=False)).voucher_code
            for i in range(n)]


def test_a_voucher_is_used_once_and_comes_back_when_its_sale_is_refunded(shop: Shop) -> None:
    shop.enroll()
    (code,) = _issue(shop, 1)
    first = shop.sale(None, "LATTE", voucher_codes=(code.lower(),))
    with pytest.raises(Conflict) as caught:
        shop.sale(None, "LATTE", voucher_codes=(code,))
    assert caught.value.code == "checkout.voucher_used" and "already used" in caught.value.message
    manager = shop.staff["manager"]
    shop.app.services.refunds.refund(RefundSale(command_id="r1", receipt_no=first.receipt_no, approved_by=manager,
                                       print_slip=False))
    assert shop.sale(None, "LATTE", voucher_codes=(code,)).discounts
    altered = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(InvalidCode) as forged:
        shop.sale(None, "LATTE", voucher_codes=(altered,))
    assert forged.value.code == "member.voucher_forged"


def _with_kind(code: str, kind: str) -> str:
    """`code` with its kind letter (member M / voucher V) swapped: the signature no longer matches."""
    i = len(tokens.PREFIX)
    return code[:i] + kind + code[i + 1:]


def test_a_code_with_its_kind_letter_changed_is_forged_wherever_it_is_read(shop: Shop) -> None:
    """The signature is checked before the kind is judged: a voucher relabelled as a member card (or the
    reverse) is a forgery, not "the other kind of code", at the counter, at checkout and at the kiosk."""
    shop.enroll()
    (voucher,) = _issue(shop, 1)
    card = shop.app.services.accounts.account("0812345678").member_code
    before = snapshot(shop.db_path)
    assert _refused(shop, _with_kind(card, tokens.VOUCHER)).code == "member.code_forged"
    assert _refused(shop, _with_kind(voucher, tokens.MEMBER)).code == "member.code_forged"
    with pytest.raises(InvalidCode) as as_voucher:
        shop.sale(None, "LATTE", voucher_codes=(_with_kind(voucher, tokens.MEMBER),))
    assert as_voucher.value.code == "member.voucher_forged"
    with pytest.raises(InvalidCode) as card_as_voucher:
        shop.sale(None, "LATTE", voucher_codes=(_with_kind(card, tokens.VOUCHER),))
    assert card_as_voucher.value.code == "member.voucher_forged"
    with pytest.raises(InvalidCode) as as_member:
        shop.sale(_with_kind(voucher, tokens.MEMBER), "LATTE")
    assert as_member.value.code == "member.code_forged"
    with pytest.raises(InvalidCode) as at_kiosk:
        shop.app.services.selfservice.account_for_code(_with_kind(card, tokens.VOUCHER))
    assert at_kiosk.value.code == "member.code_forged"
    # genuine codes of the other kind are still told apart, with their own words
    with pytest.raises(InvalidCode) as real_voucher:
        shop.sale(voucher, "LATTE")
    assert real_voucher.value.code == "member.not_a_member_code"
    with pytest.raises(InvalidCode) as real_card:
        shop.sale(None, "LATTE", voucher_codes=(card,))
    assert real_card.value.code == "member.not_a_voucher"
    assert snapshot(shop.db_path) == before  # refusals write nothing


def _counter(data_dir: str, label: str, code: str, barrier, results) -> None:  # type: ignore[no-untyped-def]
    config = Path(data_dir).parent / f"{label}.toml"
    config.write_text(f'[device]\nlabel = "{label}"\n')
    app = wire(load_settings(data_dir=Path(data_dir), config_file=config), clock=FixedClock(START))
    from kiosk.domain.commands import RecordSale
    from kiosk.domain.money import Money
    from kiosk.domain.programs.engine import CartLine

    cmd = RecordSale(command_id=uuid.uuid4().hex, lines=(CartLine("Latte", Money(6500, "THB"), 1, "LATTE"),),
                     voucher_codes=(code,), print_receipt=False)
    barrier.wait()
    try:
        results.put(("ok", app.services.checkout.record_sale(cmd).receipt_no))
    except KioskError as exc:
        results.put(("refused", exc.code))
    finally:
        app.close()


def test_two_counters_racing_for_one_voucher_redeem_it_once(shop: Shop) -> None:
    shop.enroll()
    codes = _issue(shop, 3)
    shop.app.close()
    ctx = multiprocessing.get_context("fork")
    for code in codes:
        barrier, results = ctx.Barrier(2), ctx.Queue()
        procs = [ctx.Process(target=_counter, args=(str(shop.data_dir), label, code, barrier, results))
                 for label in ("C1", "C2")]
        for p in procs:
            p.start()
        outcomes = sorted(results.get(timeout=30) for _ in procs)
        for p in procs:
            p.join(timeout=30)
        assert [o[0] for o in outcomes] == ["ok", "refused"], outcomes
        assert outcomes[1][1] == "checkout.voucher_used"
    app = wire(load_settings(data_dir=shop.data_dir))
    with app.uow_factory(readonly=True) as uow:
        used = [uow.vouchers.by_code(c) for c in codes]
    assert all(v is not None and v.redeemed_at is not None for v in used)
    assert app.services.verify.run().ok
    app.close()


def test_the_printed_58mm_card_and_voucher_scan_back_to_the_member_and_the_reward(shop: Shop) -> None:
    """Paper to scanner: the QR on a 58 mm slip, rendered as printed and decoded with zxing, is accepted."""
    import numpy as np

    from kiosk.adapters.printing.preview import render_preview
    from kiosk.adapters.scanning.decoder import QrDecoder
    from kiosk.domain.documents import document_from_json

    member = shop.enroll()
    card = shop.app.services.enrollment.card(member.member_code, print_card=True)
    shop.sale("0812345678", amount="5000.00")
    voucher = shop.app.services.redemption.issue_voucher(IssueVoucher(command_id="v", member_code="0812345678",
                                                             reward_id="off50"))
    with shop.app.uow_factory(readonly=True) as uow:
        conn = uow.conn  # type: ignore[attr-defined]
        rows = conn.exec_driver_sql("SELECT id, document_json FROM print_jobs WHERE id IN (?, ?)",
                                    (card.print_job, voucher.print_job)).all()
    decoder = QrDecoder()
    scanned = set()
    for _, document in rows:
        image = render_preview(document_from_json(document), 384).convert("L")  # 384 dots = 58 mm paper
        scanned.update(decoder.decode_array(np.asarray(image)))
    assert scanned == {member.member_code, voucher.voucher_code}
    assert shop.app.services.accounts.account(member.member_code).member_id == member.member_id
    assert shop.sale(None, "LATTE", voucher_codes=(voucher.voucher_code,)).discounts
