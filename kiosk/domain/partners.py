"""Coalition partners: request ids for their receipts, settlement arithmetic, and their signed activity files."""

from __future__ import annotations

import codecs
import hashlib
import hmac
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from kiosk.domain.errors import InvalidCode, InvalidInput, NotFound
from kiosk.domain.money import Money, exponent
from kiosk.domain.programs.config import Partner
from kiosk.domain.text import Phrase

EARN = "earn"
REDEEM = "redeem"
MAX_REFERENCE = 40
MAX_POINTS = 1_000_000  # one partner receipt: more is a typing mistake, not a purchase
ENTRY_COMMAND_ID_MAX = 36  # ledger_entries.command_id (and the hub's copy of it) is 36 characters

ACTIVITY_FORMAT = "kiosk-partner-activity/1"
SIGNATURE_KEY = "hmac_sha256"
# the fields of a receipt line of a partner's file, by kind: any other refuses the file (docs/partners.md)
_LINE_FIELDS = {EARN: ("id", "kind", "member", "amount"), REDEEM: ("id", "kind", "member", "points")}


def clean_reference(reference: str | None) -> str:
    """The partner's receipt number, checked before any request id is made of it."""
    text = (reference or "").strip()
    if not text or len(text) > MAX_REFERENCE:
        raise InvalidInput("partner.bad_reference")
    return text


def partner_command_id(kind: str, partner_id: str, reference: str) -> str:
    """The request id of one partner receipt: the same receipt, typed or imported, on any device, is one id.

    Readable when it fits the ledger's 36 characters (an earn keeps the form it always had, so a receipt recorded
    before this version is still recognised), else a digest of the partner and receipt.
    """
    prefix = "partner:" if kind == EARN else "partner-redeem:"
    readable = f"{prefix}{partner_id}:{reference}"
    if len(readable) <= ENTRY_COMMAND_ID_MAX:
        return readable
    digest = hashlib.sha256(f"{kind}\n{partner_id}\n{reference}".encode()).hexdigest()
    return prefix + digest[:ENTRY_COMMAND_ID_MAX - len(prefix)]


def legacy_command_id(partner_id: str, reference: str) -> str:
    """The id an earn was logged under before ids were kept to 36 characters (longer receipts only)."""
    return f"partner:{partner_id}:{reference}"


def points_for(partner: Partner, amount: Money) -> int:
    """Points a purchase at the partner earns: whole spend units times the partner's rate."""
    return (amount.minor // partner.spend_unit.minor) * partner.points_per_unit


# -- settlement ---------------------------------------------------------------------------------------------

# The rate a partner entry settles at is written in its memo ("bookshop receipt BK-1 (settles at 0.20 per 1
# points)"), so the entry is settled at the partner's rate of the day it was recorded, even after the rate changed
# or the partnership ended and the partner left the settings. The suffix is always the memo's last part, so a
# receipt number cannot counterfeit it.
_RATE_MEMO = re.compile(r" \(settles at (\d+(?:\.\d+)?) per (\d+) points\)$")

Rate = tuple[int, int]  # (settlement_value in minor units, settlement_points)


def redeem_points_per_day(partner: Partner, *, approval_over: Money | None, point_value: Money) -> int | None:
    """The most points one member may spend at `partner` in a business day before a manager must approve: the
    partner's own `max_redeem_points_per_day`, or else the points worth the shop's per-redemption approval limit
    (more points are worth more than it), so splitting a redemption over receipts needs the same approval.
    None: no daily limit (no approval limit, or points worth nothing)."""
    if partner.max_redeem_points_per_day is not None:
        return partner.max_redeem_points_per_day
    if approval_over is None or point_value.minor <= 0:
        return None
    return approval_over.minor // point_value.minor


def partner_memo(partner: Partner, reference: str) -> str:
    """The memo of a partner entry: the partner, its receipt, and the rate the entry settles at."""
    value = partner.settlement_value
    decimal = f"{value.to_decimal():.{exponent(value.currency)}f}"
    return f"{partner.id} receipt {reference} (settles at {decimal} per {partner.settlement_points} points)"


def rate_of_memo(memo: str, currency: str) -> Rate | None:
    """The rate a partner entry's memo recorded, or None (entries written before rates were recorded)."""
    found = _RATE_MEMO.search(memo)
    if found is None:
        return None
    try:
        minor = Decimal(found.group(1)).scaleb(exponent(currency))
    except InvalidOperation:
        return None
    points = int(found.group(2))
    if minor != minor.to_integral_value() or points <= 0:
        return None
    return int(minor), points


def rate_of(partner: Partner) -> Rate:
    return partner.settlement_value.minor, partner.settlement_points


@dataclass(frozen=True)
class PartnerFlow:
    """Points members earned (issued) and spent (redeemed) at one partner in a period, under one memo (which
    records the rate they settle at: `rate_of_memo`)."""

    partner_id: str
    memo: str
    issued: int
    redeemed: int


def settlement_minor(points: int, partner: Partner) -> int:
    """What `points` are worth between the shop and the partner, in minor units, rounded half up (away from
    zero) to the minor unit. Settlement rounds once per partner and direction over the whole period, never per
    receipt, so the figures a report prints add up exactly."""
    numerator = abs(points) * partner.settlement_value.minor
    whole, rest = divmod(numerator, partner.settlement_points)
    if 2 * rest >= partner.settlement_points and rest:
        whole += 1
    return whole if points >= 0 else -whole


@dataclass(frozen=True)
class SettlementLine:
    """One partner's side of a period. `net` above zero: the partner owes the shop (it sold more of our points
    than its customers spent there); below zero: the shop owes the partner."""

    partner_id: str
    partner_name: str
    points_issued: int  # earned by members at the partner
    points_redeemed: int  # spent by members at the partner
    issued_value: Money
    redeemed_value: Money
    net: Money

    @property
    def owes(self) -> str:
        """partner (the partner pays the shop), shop (the shop pays the partner) or none."""
        return "partner" if self.net.minor > 0 else "shop" if self.net.minor < 0 else "none"


def settlement_line(partner: Partner, *, points_issued: int, points_redeemed: int, currency: str,
                    language: str = "en") -> SettlementLine:
    issued = settlement_minor(points_issued, partner)
    redeemed = settlement_minor(points_redeemed, partner)
    return SettlementLine(partner.id, partner.label(language), points_issued, points_redeemed,
                          Money(issued, currency), Money(redeemed, currency), Money(issued - redeemed, currency))


def _round_half_up(value: Fraction) -> int:
    whole, rest = divmod(abs(value.numerator), value.denominator)
    if rest and 2 * rest >= value.denominator:
        whole += 1
    return whole if value >= 0 else -whole


def settlement_line_at_rates(partner_id: str, partner_name: str, flows: Iterable[tuple[Rate, int, int]], *,
                             currency: str) -> SettlementLine:
    """One partner's line when its points were recorded at different rates: `flows` are (rate, issued,
    redeemed). Each direction is valued exactly at each rate and rounded once over the period, as
    `settlement_minor` does for a single rate."""
    issued_points = redeemed_points = 0
    issued_value = redeemed_value = Fraction(0)
    for (value_minor, per_points), issued, redeemed in flows:
        issued_points += issued
        redeemed_points += redeemed
        issued_value += Fraction(issued * value_minor, per_points)
        redeemed_value += Fraction(redeemed * value_minor, per_points)
    issued_minor, redeemed_minor = _round_half_up(issued_value), _round_half_up(redeemed_value)
    return SettlementLine(partner_id, partner_name, issued_points, redeemed_points, Money(issued_minor, currency),
                          Money(redeemed_minor, currency), Money(issued_minor - redeemed_minor, currency))


# -- signed activity files ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityLine:
    """One receipt in a partner's file: `number` is its line in the file (for messages)."""

    number: int
    reference: str
    kind: str  # earn | redeem
    member: str  # a phone number or a scanned member code
    amount: Money | None = None  # earn: what the customer paid at the partner
    points: int = 0  # redeem: the points spent there


@dataclass(frozen=True)
class PartnerActivity:
    partner_id: str
    digest: str  # sha256 of the whole file, for the audit record
    lines: tuple[ActivityLine, ...]


def sign_activity(partner_id: str, records: list[dict[str, object]], secret: bytes) -> bytes:
    """A partner's activity file, signed: what a partner's system writes (and the tests)."""
    body = "".join(json.dumps(line, ensure_ascii=False) + "\n"
                   for line in [{"format": ACTIVITY_FORMAT, "partner": partner_id}, *records]).encode()
    signature = hmac.new(secret, body, hashlib.sha256).hexdigest()
    return body + (json.dumps({SIGNATURE_KEY: signature}) + "\n").encode()


def read_activity(data: bytes, *, partners: tuple[Partner, ...], currency: str,
                  secret_for: Callable[[str], bytes | None]) -> PartnerActivity:
    """The receipts of a signed file, after its signature is checked against the partner's secret.

    Every refusal is one line naming what is wrong (and the line, when one is); nothing is read past a bad
    signature, so an altered file is never half believed.
    """
    # an editor may save the file with a UTF-8 byte order mark: it is no part of the content (the signature may
    # cover the file with it, as written, or without it, as the partner's system wrote it before the editor)
    signed = data
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    text_lines = data.split(b"\n")
    if text_lines and text_lines[-1] == b"":
        text_lines.pop()
    if len(text_lines) < 2:
        raise InvalidInput("partner.file_malformed")
    try:
        header = _json_line(text_lines[0], 1)
    except InvalidInput as exc:
        if exc.code != "partner.line_not_object":
            raise
        header = {}  # JSON, but not the header object: say what the header should be
    if header.get("format") != ACTIVITY_FORMAT or not isinstance(header.get("partner"), str):
        raise InvalidInput("partner.file_format", format=ACTIVITY_FORMAT)
    partner_id = str(header["partner"])
    partner = next((p for p in partners if p.id == partner_id), None)
    if partner is None:
        raise NotFound("partner.unknown_partner", partner_id=partner_id, partner=partner_id)
    try:
        signature_line = _json_line(text_lines[-1], len(text_lines))
    except InvalidInput:
        raise InvalidCode("partner.file_unsigned") from None
    signature = signature_line.get(SIGNATURE_KEY)
    if not isinstance(signature, str) or len(signature_line) != 1:
        raise InvalidCode("partner.file_unsigned")
    secret = secret_for(partner_id)
    if not secret:
        raise InvalidInput("partner.secret_missing", partner_id=partner_id, value=partner_id.upper(),
                           partner=partner_id)
    body = data[:len(data) - len(text_lines[-1]) - (1 if data.endswith(b"\n") else 0)]
    given = signature.strip().lower()
    bodies = (body, codecs.BOM_UTF8 + body) if signed is not data else (body,)
    if not any(hmac.compare_digest(hmac.new(secret, b, hashlib.sha256).hexdigest(), given) for b in bodies):
        raise InvalidCode("partner.file_forged", name=partner.name, partner=partner_id)
    lines: list[ActivityLine] = []
    seen: set[tuple[str, str]] = set()
    for number, raw in enumerate(text_lines[1:-1], start=2):
        if not raw.strip():
            continue
        line = _activity_line(_json_line(raw, number), number, currency)
        if (line.kind, line.reference) in seen:
            raise InvalidInput("partner.file_duplicate", number=number, reference=line.reference, line=number)
        seen.add((line.kind, line.reference))
        lines.append(line)
    return PartnerActivity(partner_id, hashlib.sha256(signed).hexdigest(), tuple(lines))


def _json_line(raw: bytes, number: int) -> dict[str, object]:
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InvalidInput("partner.line_not_json", number=number, line=number) from None
    if not isinstance(value, dict):
        raise InvalidInput("partner.line_not_object", number=number, line=number)
    return value


def _activity_line(record: dict[str, object], number: int, currency: str) -> ActivityLine:
    def bad(why: Phrase) -> InvalidInput:
        return InvalidInput("partner.file_bad_line", number=number, why=why, line=number)

    reference, kind, member = record.get("id"), record.get("kind"), record.get("member")
    if kind in (EARN, REDEEM):
        fields = _LINE_FIELDS[str(kind)]
        for name in record:
            if name not in fields:
                raise bad(Phrase("partner.line.unknown_field", {"field": name, "fields": ", ".join(fields)}))
    if not isinstance(reference, str) or not reference.strip() or len(reference.strip()) > MAX_REFERENCE:
        raise bad(Phrase("partner.line.reference", {"max": MAX_REFERENCE}))
    if kind not in (EARN, REDEEM):
        raise bad(Phrase("partner.line.kind"))
    if not isinstance(member, str) or not member.strip():
        raise bad(Phrase("partner.line.member"))
    if kind == EARN:
        amount = record.get("amount")
        try:
            money = Money.parse(amount, currency) if isinstance(amount, str) else None
        except InvalidInput:
            money = None
        if money is None:
            raise bad(Phrase("partner.line.amount"))
        return ActivityLine(number, reference.strip(), EARN, member.strip(), amount=money)
    points = record.get("points")
    if not isinstance(points, int) or isinstance(points, bool) or not 0 < points <= MAX_POINTS:
        raise bad(Phrase("partner.line.points", {"max": MAX_POINTS}))
    return ActivityLine(number, reference.strip(), REDEEM, member.strip(), points=points)
