"""The program tables of the settings (points, stamp cards, tiers, cashback, bonuses, donations, paid memberships,
partners, items, promotions, challenges, offers and the menu) read into a ProgramConfig: a value that cannot be read
is refused naming its field as the settings screens name it ("Promotion “Tea time” (hours)"), in the reader's
language, never by its TOML path."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from kiosk.domain.errors import InvalidInput
from kiosk.domain.members import one_line
from kiosk.domain.money import Money
from kiosk.domain.programs.challenges import Challenge
from kiosk.domain.programs.config import (
    BonusRules,
    CashbackRules,
    Cause,
    CharityRules,
    Item,
    MembershipPlan,
    Partner,
    PointsRules,
    ProgramConfig,
    Reward,
    StampCard,
    Tier,
    TierRules,
)
from kiosk.domain.programs.menu import Category, Modifier, ModifierOption
from kiosk.domain.programs.offers import Offer
from kiosk.domain.programs.problems import BONUSES, CASHBACK, CHARITY, POINTS, TIERS, thing
from kiosk.domain.programs.promotions import WEEKDAYS, Promotion, parse_hours
from kiosk.domain.text import Localized, Phrase

ReadMoney = Callable[[Any, Phrase], Money]


def _at(where: Phrase, field: str, **params: object) -> Phrase:
    """A setting in the owner's words: the thing it belongs to and the field, "Points (what a point is worth)"."""
    return Phrase("settings.at", {"thing": where, "field": Phrase(field, params)})


def _whole(value: Any, where: Phrase) -> int:
    """A whole number the settings give (a count, points, days, a percent), refused in the owner's words."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidInput("config.whole_number", where=where, value=value) from None


def _wall_clock(value: Any, where: Phrase) -> datetime | None:
    """A promotion's start or end on the shop's wall clock: a TOML date-time or date, or "2026-12-05 14:00"."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    try:
        return datetime.fromisoformat(str(value).strip()).replace(tzinfo=None)
    except ValueError:
        raise InvalidInput("config.datetime", where=where, value=value) from None


def _named(code: str, table: Any, key: str = "id") -> Phrase:
    """The thing a table of the settings is, by its name (its id when it has none) for the messages about it."""
    return thing(code, str(table.get("name", "")), str(table.get("name_th", "")), fallback=str(table.get(key, "")))


def promotion_from_toml(pr: Any) -> Promotion:
    """One [[promotions]] table as a Promotion (checked against the rest of the programs by ProgramConfig)."""
    pid = str(pr.get("id", ""))
    where = _named("settings.thing.promotion", pr)
    days = []
    for day in pr.get("weekdays", []):
        name = str(day).strip().lower()[:3]
        if name not in WEEKDAYS:
            raise InvalidInput("config.weekday", where=where, day=day)
        days.append(WEEKDAYS.index(name))
    hours = None
    if pr.get("hours"):
        try:
            hours = parse_hours(str(pr.get("hours")))
        except ValueError:
            raise InvalidInput("config.hours", where=_at(where, "settings.field.hours"),
                               value=str(pr.get("hours"))) from None
    return Promotion(
        id=pid, name=str(pr.get("name", "")), name_th=str(pr.get("name_th", "")),
        kind=str(pr.get("kind", "points_multiplier")),
        percent=_whole(pr.get("percent", 200), _at(where, "settings.field.multiplier")),
        points=_whole(pr.get("points", 0), _at(where, "settings.field.bonus_points")), per=str(pr.get("per", "sale")),
        skus=tuple(str(x) for x in pr.get("skus", [])), categories=tuple(str(x) for x in pr.get("categories", [])),
        audience=str(pr.get("audience", "all")), tiers=tuple(str(x) for x in pr.get("tiers", [])),
        segment=str(pr.get("segment", "")), starts=_wall_clock(pr.get("starts"), _at(where, "settings.field.starts")),
        ends=_wall_clock(pr.get("ends"), _at(where, "settings.field.ends")), weekdays=tuple(sorted(set(days))),
        hours=hours, cap=_whole(pr.get("cap", 0), _at(where, "settings.field.cap")),
        status=str(pr.get("status", "active")), order=_whole(pr.get("order", 100), _at(where, "settings.field.order")))


def _day(value: Any, where: Phrase) -> date | None:
    moment = _wall_clock(value, where)
    return moment.date() if moment else None


def challenge_from_toml(ch: Any, money: ReadMoney) -> Challenge:
    """One [[challenges]] table as a Challenge; a spend challenge's target is an amount ("1000")."""
    where = _named("settings.thing.challenge", ch)
    kind = str(ch.get("kind", "visits"))
    goal = _at(where, "settings.field.goal")
    target = money(ch.get("target", "0"), goal).minor if kind == "spend" else _whole(ch.get("target", 3), goal)
    return Challenge(
        id=str(ch.get("id", "")), name=str(ch.get("name", "")), name_th=str(ch.get("name_th", "")), kind=kind,
        target=target, period=str(ch.get("period", "week")),
        days=_whole(ch.get("days", 7), _at(where, "settings.field.days")),
        points=_whole(ch.get("points", 100), _at(where, "settings.field.bonus_points")),
        skus=tuple(str(x) for x in ch.get("skus", [])), categories=tuple(str(x) for x in ch.get("categories", [])),
        repeat=bool(ch.get("repeat", True)), starts=_day(ch.get("starts"), _at(where, "settings.field.starts")),
        ends=_day(ch.get("ends"), _at(where, "settings.field.ends")), status=str(ch.get("status", "active")))


def offer_from_toml(of: Any, money: ReadMoney) -> Offer:
    """One [[offers]] table as an Offer (checked against the items by ProgramConfig)."""
    where = _named("settings.thing.offer", of)
    return Offer(
        id=str(of.get("id", "")), name=str(of.get("name", "")), name_th=str(of.get("name_th", "")),
        selector=str(of.get("selector", "everyone")), kind=str(of.get("kind", "free_item")),
        sku=str(of.get("sku", "")), requires=tuple(str(x) for x in of.get("requires", [])),
        points=_whole(of.get("points", 0), _at(where, "settings.field.bonus_points")),
        valid_days=_whole(of.get("valid_days", 7), _at(where, "settings.field.valid_days")),
        lapsed_days=_whole(of.get("lapsed_days", 30), _at(where, "settings.field.lapsed_days")),
        spend_over=money(of.get("spend_over", "0"), _at(where, "settings.field.spend_over")),
        near_percent=_whole(of.get("near_percent", 80), _at(where, "settings.field.near_percent")),
        starts=_day(of.get("starts"), _at(where, "settings.field.starts")),
        ends=_day(of.get("ends"), _at(where, "settings.field.ends")), status=str(of.get("status", "active")))


def _rewards(p: Any, money: ReadMoney) -> tuple[Reward, ...]:
    rewards = []
    for r in p.get("rewards", []):
        where = _named("settings.thing.reward", r)
        rewards.append(Reward(id=str(r["id"]), name=str(r["name"]),
                              points=_whole(r["points"], _at(where, "settings.field.reward_points")),
                              value=money(r.get("value", "0"), _at(where, "settings.field.value")),
                              kind=str(r.get("kind", "discount")), sku=r.get("sku"),
                              name_th=str(r.get("name_th", ""))))
    return tuple(rewards)


def _stamp_card(c: Any, money: ReadMoney) -> StampCard:
    where = _named("settings.thing.stamp_card", c)
    visit = str(c.get("visit", "day"))
    if visit not in ("day", "sale"):
        raise InvalidInput("config.stamp_visit", where=where, value=visit)
    return StampCard(
        id=str(c["id"]), name=str(c["name"]),
        required=_whole(c.get("required", 10), _at(where, "settings.field.stamps_required")),
        skus=tuple(c.get("skus", [])), min_spend=money(c.get("min_spend", "0"), _at(where, "settings.field.min_spend")),
        per_item=bool(c.get("per_item", True)),
        max_per_visit=_whole(c.get("max_per_visit", 5), _at(where, "settings.field.stamps_per_visit")),
        reward_name=str(c.get("reward_name", "Free item")),
        reward_value=money(c.get("reward_value", "0"), _at(where, "settings.field.reward_value")),
        carry_over=bool(c.get("carry_over", True)), name_th=str(c.get("name_th", "")),
        reward_name_th=str(c.get("reward_name_th", "")), reward_expiry_months=c.get("reward_expiry_months") or None,
        visit=visit)


def _partner(pt: Any, money: ReadMoney, point_value: Money) -> Partner:
    where = _named("settings.thing.partner", pt)
    return Partner(
        # one line each, as a member's or the shop's name: a partner's name heads receipts and settlement lines
        id=str(pt["id"]), name=one_line(str(pt["name"])), name_th=one_line(str(pt.get("name_th", ""))),
        spend_unit=money(pt.get("spend_unit", "100"), _at(where, "settings.field.spend_unit")),
        points_per_unit=_whole(pt.get("points_per_unit", 1), _at(where, "settings.field.points_per_unit")),
        # settled at the shop's own value of a point unless the partner agreed another
        settlement_value=money(pt["settlement_value"], _at(where, "settings.field.settlement_value"))
        if "settlement_value" in pt else point_value,
        settlement_points=_whole(pt.get("settlement_points", 1), _at(where, "settings.field.settlement_points")),
        max_points_per_transaction=_whole(pt.get("max_points_per_transaction", 2000),
                                          _at(where, "settings.field.most_a_receipt")),
        max_points_per_day=_whole(pt.get("max_points_per_day", 4000), _at(where, "settings.field.most_a_day")),
        max_redeem_points_per_day=_whole(pt["max_redeem_points_per_day"], _at(where, "settings.field.most_spent_a_day"))
        if "max_redeem_points_per_day" in pt else None)


def programs_from_dict(raw: Any, *, currency: str, money: ReadMoney,
                       opt_money: Callable[[Any, Phrase], Money | None]) -> ProgramConfig:
    """The shop's programs from its settings tables (`raw`, checked against the schema); `money` reads an amount
    in the shop's currency, refusing it with the field's name."""
    p = raw.get("points", {})
    points = PointsRules(
        enabled=bool(p.get("enabled", True)), basis=str(p.get("basis", "spend")),
        spend_unit=money(p.get("spend_unit", "25"), _at(POINTS, "settings.field.spend_unit")),
        points_per_unit=_whole(p.get("points_per_unit", 1), _at(POINTS, "settings.field.points_per_unit")),
        points_per_item=_whole(p.get("points_per_item", 1), _at(POINTS, "settings.field.points_per_item")),
        points_per_visit=_whole(p.get("points_per_visit", 10), _at(POINTS, "settings.field.points_per_visit")),
        min_spend=money(p.get("min_spend", "0"), _at(POINTS, "settings.field.min_spend")),
        rounding=str(p.get("rounding", "down")),
        point_value=money(p.get("point_value", "0.25"), _at(POINTS, "settings.field.point_value")),
        min_redeem_points=_whole(p.get("min_redeem_points", 1), _at(POINTS, "settings.field.min_redeem_points")),
        max_redeem_percent=_whole(p.get("max_redeem_percent", 100), _at(POINTS, "settings.field.max_redeem_percent")),
        expiry_months=_whole(p.get("expiry_months") or 0, _at(POINTS, "settings.field.expiry_months")) or None,
        rewards=_rewards(p, money),
    )
    cards = tuple(_stamp_card(c, money) for c in raw.get("stamp_cards", []))
    t = raw.get("tiers", {})
    metric = str(t.get("metric", "spend"))

    def threshold(value: Any, where: Phrase) -> int:
        return money(value, where).minor if metric == "spend" else _whole(value, where)

    def tier(lv: Any) -> Tier:
        where = thing("settings.thing.tier", str(lv.get("name", "")), str(lv.get("name_th", "")))
        return Tier(name=str(lv["name"]),
                    threshold=threshold(lv.get("threshold", 0), _at(where, "settings.field.threshold")),
                    multiplier_percent=_whole(lv.get("multiplier_percent", 100),
                                              _at(where, "settings.field.multiplier")),
                    perks=tuple(lv.get("perks", [])), name_th=str(lv.get("name_th", "")),
                    perks_th=tuple(lv.get("perks_th", [])))

    tiers = TierRules(
        enabled=bool(t.get("enabled", True)), metric=metric, window=str(t.get("window", "rolling")),
        window_days=_whole(t.get("window_days", 365), _at(TIERS, "settings.field.window_days")),
        retention_days=_whole(t.get("retention_days", 365), _at(TIERS, "settings.field.retention_days")),
        levels=tuple(tier(lv) for lv in t.get("levels", [])),
    )
    cb = raw.get("cashback", {})
    percent_text = str(cb.get("percent", "0"))
    try:
        percent_bp = int(Decimal(percent_text) * 100)
    except (ArithmeticError, ValueError):
        raise InvalidInput("config.cashback_percent", percent_text=percent_text) from None
    cashback = CashbackRules(
        enabled=bool(cb.get("enabled", False)), percent_bp=percent_bp,
        min_spend=money(cb.get("min_spend", "0"), _at(CASHBACK, "settings.field.min_spend")),
        max_per_sale=opt_money(cb.get("max_per_sale"), _at(CASHBACK, "settings.field.most_a_sale")),
        expiry_months=_whole(cb.get("expiry_months") or 0, _at(CASHBACK, "settings.field.expiry_months")) or None)
    b = raw.get("bonuses", {})
    bonuses = BonusRules(**{key: _whole(b.get(key, 0), _at(BONUSES, f"settings.field.{key}"))
                            for key in ("signup_points", "birthday_points", "referral_referrer_points",
                                        "referral_new_member_points", "review_points")},
                         birthday_owed_days=_whole(b.get("birthday_owed_days", 30),
                                                   _at(BONUSES, "settings.field.birthday_owed_days")))
    ch = raw.get("charity", {})
    charity = CharityRules(enabled=bool(ch.get("enabled", False)),
                           causes=tuple(Cause(str(c["id"]), str(c["name"]), str(c.get("name_th", "")))
                                        for c in ch.get("causes", [])),
                           point_value=money(ch.get("point_value", "0.25"), _at(CHARITY, "settings.field.point_value")),
                           min_points=_whole(ch.get("min_points", 10), _at(CHARITY, "settings.field.min_points")))

    def membership(m: Any) -> MembershipPlan:
        where = _named("settings.thing.membership", m)
        return MembershipPlan(
            id=str(m["id"]), name=str(m["name"]), price=money(m["price"], _at(where, "settings.field.price")),
            interval=str(m.get("interval", "month")),
            discount_bp=_whole(m.get("discount_bp", 0), _at(where, "settings.field.discount")),
            earn_bonus_percent=_whole(m.get("earn_bonus_percent", 0), _at(where, "settings.field.earn_bonus")),
            grace_days=_whole(m.get("grace_days", 7), _at(where, "settings.field.grace_days")),
            name_th=str(m.get("name_th", "")))

    memberships = tuple(membership(m) for m in raw.get("memberships", []))
    partners = tuple(_partner(pt, money, points.point_value) for pt in raw.get("partners", []))
    items = tuple(Item(sku=str(i["sku"]), name=str(i["name"]),
                       price=money(i["price"], _at(_named("settings.thing.item", i, "sku"), "settings.field.price")),
                       name_th=str(i.get("name_th", "")), category=str(i.get("category", "")))
                  for i in raw.get("items", []))
    promotions = tuple(promotion_from_toml(pr) for pr in raw.get("promotions", []))
    challenges = tuple(challenge_from_toml(ch, money) for ch in raw.get("challenges", []))
    offers = tuple(offer_from_toml(of, money) for of in raw.get("offers", []))
    categories = tuple(Category(id=str(c["id"]), name=str(c.get("name", c["id"])), name_th=str(c.get("name_th", "")))
                       for c in raw.get("categories", []))

    def option(m: Any, o: Any) -> ModifierOption:
        name, name_th = str(o.get("name", o["id"])), str(o.get("name_th", ""))
        where = _at(_named("settings.thing.modifier", m), "settings.field.option_price",
                    option=Localized(name, name_th))
        return ModifierOption(id=str(o["id"]), name=name, name_th=name_th, price=money(o.get("price", "0"), where))

    modifiers = tuple(Modifier(
        id=str(m["id"]), name=str(m.get("name", m["id"])), name_th=str(m.get("name_th", "")),
        categories=tuple(str(c) for c in m.get("categories", [])), skus=tuple(str(k) for k in m.get("skus", [])),
        default=str(m.get("default", "")), options=tuple(option(m, o) for o in m.get("options", [])))
        for m in raw.get("modifiers", []))
    return ProgramConfig(currency=currency, points=points, stamp_cards=cards, tiers=tiers, cashback=cashback,
                         bonuses=bonuses, charity=charity, memberships=memberships, partners=partners,
                         items=items, credit_expiry_months=cashback.expiry_months, promotions=promotions,
                         challenges=challenges, offers=offers, categories=categories, modifiers=modifiers)
