"""`kiosk partner earn|redeem|settle|import`: coalition partners' receipts, their signed files, the settlement."""

from __future__ import annotations

import argparse
import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from kiosk.cli.common import emit, iso_date, language_of, load_app, manager_approval, whole_arg
from kiosk.domain.commands import EarnAtPartner, RedeemAtPartner
from kiosk.domain.errors import InvalidInput, StorageError
from kiosk.domain.money import Money
from kiosk.domain.programs.config import Partner
from kiosk.l10n.catalogue import render
from kiosk.l10n.formats import format_amount, format_points
from kiosk.services.app import Services
from kiosk.services.partners import Settlement, settlement_csv

ACTIONS = ("earn", "redeem", "settle", "import")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = sub.add_parser("partner", help="coalition partners: points earned and spent there, their signed files, "
                                           "the settlement")
    actions = group.add_subparsers(dest="partner_action", metavar="ACTION", required=True)

    p = actions.add_parser("earn", help="points for a purchase at a partner (once per partner receipt); "
                                        "`kiosk partner PARTNER PHONE AMOUNT` is the same")
    p.add_argument("partner")
    p.add_argument("member", metavar="CODE_OR_PHONE")
    p.add_argument("amount")
    p.add_argument("--reference", required=True, help="the partner's receipt number")
    p.add_argument("--manager-pin", help="approve points above the partner's limits (or set KIOSK_MANAGER_PIN)")
    p.set_defaults(handler=cmd_earn)

    p = actions.add_parser("redeem", help="points a member spends at a partner (once per partner receipt)")
    p.add_argument("partner")
    p.add_argument("member", metavar="CODE_OR_PHONE")
    p.add_argument("points", type=whole_arg)
    p.add_argument("--reference", required=True, help="the partner's receipt number")
    p.add_argument("--manager-pin", help="approve a redemption above the limit (or set KIOSK_MANAGER_PIN)")
    p.set_defaults(handler=cmd_redeem)

    p = actions.add_parser("settle", help="who owes whom for a period: points each partner issued and redeemed "
                                          "and their value")
    p.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--csv", type=Path, metavar="FILE", help="write the settlement as CSV")
    p.add_argument("--pdf", type=Path, metavar="FILE", help="write the settlement as a PDF")
    p.set_defaults(handler=cmd_settle)

    p = actions.add_parser("import", help="a partner's signed activity file (JSON lines; docs/partners.md)")
    p.add_argument("file", type=Path)
    p.add_argument("--manager-pin", help="approve receipts above the limits (or set KIOSK_MANAGER_PIN)")
    p.set_defaults(handler=cmd_import)


def legacy_argv(argv: Sequence[str], value_options: set[str]) -> list[str]:
    """`kiosk partner PARTNER PHONE AMOUNT ...`, the form before partners had actions, as `partner earn ...`."""
    out = list(argv)
    i = 0
    while i < len(out):
        token = out[i]
        if token.startswith("-"):
            i += 2 if token in value_options else 1
            continue
        if token == "partner" and i + 1 < len(out) and not out[i + 1].startswith("-") \
                and out[i + 1] not in ACTIONS:
            out.insert(i + 1, "earn")
        break
    return out


def _partner_name(app: Services, kept: str, language: str, *, partner_id: str | None = None) -> str:
    """A partner's name in the reader's language: the services name it in the shop's (`kept`); found again in
    the config by id, or by either of its names, else as kept."""
    partners = app.ctx.programs.partners
    partner = next((p for p in partners if p.id == partner_id), None) if partner_id else None
    partner = partner or next((p for p in partners if kept in (p.name, p.name_th)), None)
    return partner.label(language) if partner else kept


def _day(text: str, flag: str) -> date:
    day = iso_date(text)
    if day is None:
        raise InvalidInput("cli.bad_date", flag=flag, text=text)
    return day


def cmd_earn(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.partners.earn(EarnAtPartner(
            partner_id=args.partner, member_code=args.member, amount=Money.parse(args.amount, app.ctx.currency),
            reference=args.reference, approved_by=manager_approval(app, args.manager_pin, "partner_earn")))
        lang = language_of(args, app)
        emit(args, result, lambda: render("cli.partner.earned_approved" if result.flags else "cli.partner.earned", {
            "partner": _partner_name(app, result.partner, lang, partner_id=args.partner),
            "reference": result.reference, "points": result.points, "balance": result.points_balance}, lang))
    return 0


def cmd_redeem(args: argparse.Namespace) -> int:
    with load_app(args) as app:
        result = app.partners.redeem(RedeemAtPartner(
            partner_id=args.partner, member_code=args.member, points=args.points, reference=args.reference,
            approved_by=manager_approval(app, args.manager_pin, "partner_redeem")))
        lang = language_of(args, app)
        emit(args, result, lambda: render("cli.partner.redeemed", {
            "partner": _partner_name(app, result.partner, lang, partner_id=args.partner),
            "reference": result.reference, "points": result.points, "value": result.value,
            "balance": result.points_balance}, lang))
    return 0


def settlement_text(s: Settlement, lang: str = "en", partners: Sequence[Partner] = ()) -> str:
    """The settlement as a table in `lang`: points, their values (the currency is in the heading) and who pays;
    each partner named in `lang` when `partners` (the config's) has it, else as the settlement names it."""
    def word(code: str) -> str:
        return render(f"cli.settlement.{code}", None, lang)

    named = {p.id: p.label(lang) for p in partners}
    out = [render("cli.settlement.head", {"start": s.date_from, "end": s.date_to, "currency": s.currency}, lang),
           f"  {_padded(word('partner'), 20)} {_padded(word('issued'), 9, right=True)} "
           f"{_padded(word('redeemed'), 9, right=True)} {_padded(word('issued_value'), 13, right=True)} "
           f"{_padded(word('redeemed_value'), 15, right=True)} {_padded(word('net'), 12, right=True)}  "
           f"{word('who_pays')}"]
    for line in s.lines:
        partner = named.get(line.partner_id, line.partner_name)
        who = render({"partner": "cli.settlement.partner_pays", "shop": "cli.settlement.shop_pays",
                      "none": "cli.settlement.none"}[line.owes], {"partner": partner}, lang)
        out.append(f"  {_padded(partner, 20)} {format_points(line.points_issued, lang):>9} "
                   f"{format_points(line.points_redeemed, lang):>9} {format_amount(line.issued_value, lang):>13} "
                   f"{format_amount(line.redeemed_value, lang):>15} "
                   f"{format_amount(Money(abs(line.net.minor), s.currency), lang):>12}  {who}")
    out.append(word("note"))
    return "\n".join(out)


def _padded(text: str, width: int, *, right: bool = False) -> str:
    """`text` aligned in `width` columns of a terminal: Thai vowel and tone marks take no column of their own."""
    columns = sum(1 for ch in text if unicodedata.category(ch) not in ("Mn", "Me", "Cf"))
    room = " " * max(width - columns, 0)
    return room + text if right else text + room


def cmd_settle(args: argparse.Namespace) -> int:
    date_from, date_to = _day(args.date_from, "--from"), _day(args.date_to, "--to")
    with load_app(args) as app:
        settlement = app.partners.settlement(date_from, date_to)
        if args.csv:
            try:
                args.csv.write_text(settlement_csv(settlement), encoding="utf-8")
            except OSError as exc:
                raise StorageError("cli.export_failed", csv=args.csv, strerror=exc.strerror) from None
        if args.pdf:
            from kiosk.ui.manager.partners import write_settlement_pdf

            try:
                write_settlement_pdf(args.pdf, settlement, shop_name=app.ctx.shop.name, language=app.ctx.language,
                                     partners=app.ctx.programs.partners)
            except OSError as exc:
                raise StorageError("cli.export_pdf_failed", pdf=args.pdf, strerror=exc.strerror) from None
        emit(args, settlement, lambda: settlement_text(settlement, language_of(args, app), app.ctx.programs.partners))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise InvalidInput("cli.file_unreadable", file=args.file, strerror=exc.strerror) from None
    with load_app(args) as app:
        result = app.partners.import_activity(data, approved_by=manager_approval(app, args.manager_pin,
                                                                                 "partner_import"))
        lang = language_of(args, app)
        emit(args, result, lambda: render("cli.partner.imported", {
            "partner": _partner_name(app, result.partner, lang), "receipts": result.receipts,
            "applied": result.applied,
            "earned": result.points_earned, "redeemed": result.points_redeemed, "already": result.already},
            lang))
    return 0
