"""Program settings edits: validated by building the config first, previewed on a sample sale, audited, saved."""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

from kiosk.domain.errors import InvalidInput, KioskError
from kiosk.domain.events import Localized, Message
from kiosk.domain.money import Money
from kiosk.domain.partners import points_for, redeem_points_per_day, settlement_line
from kiosk.domain.programs.config import ProgramConfig
from kiosk.domain.programs.engine import CartLine, MemberState, quote_sale
from kiosk.domain.text import Phrase
from kiosk.services.common import require_manager
from kiosk.services.context import ShopContext
from kiosk.services.ports import Clock, UnitOfWorkFactory
from kiosk.services.usecase import LiveContext, Tx, UseCases

# What the manager's Settings screen edits; shop identity, devices and secrets stay in files.
EDITABLE_SECTIONS = ("points", "stamp_cards", "tiers", "cashback", "bonuses", "charity", "security", "partners",
                     "promotions", "challenges", "offers", "memberships")
# Of [shop], only the Thai forms of what customers read: the rest is the set-up wizard's or the settings file's.
SHOP_THAI_KEYS = ("name_th", "footer_lines_th")
ENGAGEMENT_SECTIONS = ("promotions", "challenges", "offers")
PROMOTION_STATUSES = {"pause": "paused", "resume": "active", "end": "ended"}

log = logging.getLogger(__name__)
SAMPLE_SALE_MINOR = 25_000  # "a 250 baht sale earns ..."


class SettingsStore(Protocol):
    """Where settings come from and go: the merged TOML the app runs on, and the shop's own override file."""

    @property
    def location(self) -> str: ...

    def effective(self) -> dict[str, Any]:
        """The settings the app runs on now (defaults merged with every file)."""
        ...

    def overrides(self) -> dict[str, Any]:
        """What the shop's own settings file holds (empty when there is none yet)."""
        ...

    def build(self, raw: dict[str, Any]) -> ShopContext:
        """The shop context these settings would give; raises InvalidInput when they are not valid."""
        ...

    def write(self, overrides: dict[str, Any]) -> None: ...


@dataclass(frozen=True, kw_only=True)
class ChangeProgramSettings:
    command_id: str
    changes: dict[str, Any]  # section -> new value, shaped like the TOML (lists of tables replace wholesale)
    staff_id: str | None = None


@dataclass(frozen=True)
class SettingsChange:
    changed_keys: tuple[str, ...]
    location: str
    live: bool  # True when the running app already sells under the new settings


@dataclass(frozen=True)
class SettingsPreview:
    lines: tuple[Message, ...]  # said in the screen's language by the catalogue
    points_by_tier: tuple[tuple[str, int], ...]
    cashback_minor: int


class SettingsAdmin(UseCases):
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, ctx: ShopContext | LiveContext,
                 store: SettingsStore, *, on_applied: Callable[[dict[str, Any]], None] | None = None) -> None:
        super().__init__(uow_factory, clock, ctx)
        self.store = store
        self.on_applied = on_applied

    def current(self) -> dict[str, Any]:
        """The editable sections as they are now, as plain data a form can change."""
        raw = self.store.effective()
        return {name: copy.deepcopy(raw[name]) for name in (*EDITABLE_SECTIONS, "shop") if name in raw}

    def validate(self, changes: dict[str, Any]) -> ShopContext:
        unknown = sorted(set(changes) - {*EDITABLE_SECTIONS, "shop"})
        shop, current_shop = changes.get("shop", {}), self.store.effective().get("shop", {})
        unknown += [f"shop.{key}" for key in sorted(shop)
                    if key not in SHOP_THAI_KEYS and shop[key] != current_shop.get(key)]
        if unknown:
            raise InvalidInput("settings.bad_setting", value=', '.join(unknown))
        merged = _merge(self.store.effective(), changes)
        try:
            return self.store.build(merged)
        except KioskError:
            raise
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            log.info("settings refused: %r", exc)  # the reader gets words; the log keeps Python's own detail
            raise InvalidInput("settings.bad_config", value=_describe(exc)) from None

    def preview(self, changes: dict[str, Any], *, language: str = "en") -> SettingsPreview:
        """What a sample sale would earn under these settings, for every tier (engine.quote_sale)."""
        ctx = self.validate(changes)
        return preview_program(ctx.programs, language=language, approval_over=ctx.policy.redemption_approval_over)

    def apply(self, cmd: ChangeProgramSettings) -> SettingsChange:
        """Validate, write the changed keys to the shop's settings file, audit who changed what, go live."""
        self.validate(cmd.changes)
        effective = self.store.effective()
        changed = tuple(sorted(_changed_keys(effective, cmd.changes)))
        result = self.command(command_id=cmd.command_id, kind="settings", command=cmd, result_type=SettingsChange,
                              run=lambda tx: self._apply(tx, cmd, changed))
        if result.changed_keys and self.on_applied is not None:
            # new sales use the new rules; sales already recorded keep theirs
            self.on_applied(_merge(self.store.effective(), cmd.changes))
        return result

    # -- promotions: created, scheduled, paused and ended from the manager's view -------------------------
    def promotions(self) -> list[dict[str, Any]]:
        """The [[promotions]] tables as they are now."""
        return [dict(p) for p in copy.deepcopy(self.store.effective().get("promotions", []))]

    def save_promotion(self, *, command_id: str, promotion: dict[str, Any], staff_id: str | None) -> SettingsChange:
        """Add a promotion, or replace the one with the same id; validated, audited and live like any setting."""
        table = {k: v for k, v in promotion.items() if v not in (None, "", [], ())}
        pid = str(table.get("id", "")).strip()
        if not pid:
            raise InvalidInput("settings.promotion_no_id")
        table["id"] = pid
        rows = self.promotions()
        index = next((i for i, row in enumerate(rows) if row.get("id") == pid), None)
        if index is None:
            rows.append(table)
        else:
            rows[index] = table
        return self.apply(ChangeProgramSettings(command_id=command_id, changes={"promotions": rows},
                                                staff_id=staff_id))

    def change_promotion(self, *, command_id: str, promotion_id: str, action: str,
                         staff_id: str | None) -> SettingsChange:
        """Pause, resume or end one promotion (an ended one gives nothing more; its results stay)."""
        return self.change_status(command_id=command_id, section="promotions", item_id=promotion_id, action=action,
                                  staff_id=staff_id)

    def change_status(self, *, command_id: str, section: str, item_id: str, action: str,
                      staff_id: str | None) -> SettingsChange:
        """Pause, resume or end one promotion, challenge or offer; validated, audited and live like any setting."""
        if section not in ENGAGEMENT_SECTIONS:
            raise InvalidInput("settings.not_pausable")
        if action not in PROMOTION_STATUSES:
            raise InvalidInput("settings.bad_promotion_action")
        rows = [dict(r) for r in copy.deepcopy(self.store.effective().get(section, []))]
        row = next((r for r in rows if r.get("id") == item_id), None)
        if row is None:
            raise InvalidInput("settings.promotion_not_found", section=Phrase(f"settings.section.{section}"),
                               item_id=item_id)
        if row.get("status", "active") == "ended" and action != "end":
            raise InvalidInput("settings.promotion_ended")
        row["status"] = PROMOTION_STATUSES[action]
        return self.apply(ChangeProgramSettings(command_id=command_id, changes={section: rows}, staff_id=staff_id))

    def _apply(self, tx: Tx, cmd: ChangeProgramSettings, changed: tuple[str, ...]) -> SettingsChange:
        uow = tx.uow
        require_manager(uow, cmd.staff_id, what=Phrase("action.settings"), reason="settings")
        if changed:
            overrides = _merge(self.store.overrides(), _subset(cmd.changes, changed))
            self.store.write(overrides)
            uow.audit.add(action="settings.changed", at=tx.now, device_id=tx.ctx.device_id, staff_id=cmd.staff_id,
                          subject="program", details={"keys": list(changed), "file": self.store.location,
                                                      "new": {k: _short(_get(cmd.changes, k)) for k in changed}})
        return SettingsChange(changed_keys=changed, location=self.store.location, live=self.on_applied is not None)


def preview_program(programs: ProgramConfig, *, language: str = "en",
                    approval_over: Money | None = None) -> SettingsPreview:
    """What the edited rules mean, line by line; `approval_over` is the shop's per-redemption approval limit
    (security.redemption_approval_over), which a partner without its own daily limit spends by."""
    currency = programs.currency
    sample = Money(SAMPLE_SALE_MINOR, currency)
    lines: list[Message] = []
    by_tier: list[tuple[str, int]] = []
    earn: list[Message] = []
    tiers = programs.tiers.levels if programs.tiers.enabled and programs.tiers.levels else (None,)
    cashback = 0
    for tier in tiers:
        quote = quote_sale(programs, (CartLine("Sample sale", sample),), MemberState(member_id="sample", tier=tier),
                           language=language)
        by_tier.append((tier.label(language) if tier else "Member", quote.points_earned))
        earn.append(Message("settings.points_as_tier", {
            "points": quote.points_earned, "tier": Localized.of(tier.label) if tier else Message("settings.member")}))
        cashback = quote.cashback.minor
    if cashback:
        lines.append(Message("settings.sample_earns_with_credit",
                             {"sample": sample, "earn": tuple(earn), "credit": Money(cashback, currency)}))
    else:
        lines.append(Message("settings.sample_earns", {"sample": sample, "earn": tuple(earn)}))
    point_value = programs.points.point_value
    if by_tier and by_tier[0][1]:
        back = Money(by_tier[0][1] * point_value.minor, currency)
        lines.append(Message("settings.point_value", {
            "back": back, "percent": f"{100 * back.minor / sample.minor:.1f}", "value": point_value}))
    for reward in programs.points.rewards:
        lines.append(Message("settings.reward", {"reward": Localized.of(reward.label), "points": reward.points,
                                                 "value": reward.value, "spend": _spend_for(programs, reward.points)}))
    for card in programs.stamp_cards:
        lines.append(Message("settings.stamp_card", {
            "card": Localized.of(card.label), "required": card.required, "reward": Localized.of(card.reward_label),
            "value": card.reward_value, "per_visit": card.max_per_visit}))
    for partner in programs.partners:
        ten_points = 10
        lines.append(Message("settings.partner", {
            "partner": Localized.of(partner.label), "sample": sample, "points": points_for(partner, sample),
            "ten_points": ten_points,
            "ten": settlement_line(partner, points_issued=ten_points, points_redeemed=0,
                                   currency=currency).issued_value,
            "per_receipt": partner.max_points_per_transaction, "per_day": partner.max_points_per_day}))
        most = redeem_points_per_day(partner, approval_over=approval_over, point_value=programs.points.point_value)
        lines.append(Message("settings.partner_redeem_per_day", {"partner": Localized.of(partner.label),
                                                                 "points": most})
                     if most is not None else
                     Message("settings.partner_redeem_any_day", {"partner": Localized.of(partner.label)}))
    lines.extend(_promotion_previews(programs, language))
    bonuses = programs.bonuses
    if bonuses.birthday_points:
        lines.append(Message("settings.birthday_owed", {"days": bonuses.birthday_owed_days})
                     if bonuses.birthday_owed_days else Message("settings.birthday_not_owed"))
    if programs.points.expiry_months:
        lines.append(Message("settings.points_expire", {"months": programs.points.expiry_months}))
    else:
        lines.append(Message("settings.points_never_expire"))
    return SettingsPreview(lines=tuple(lines), points_by_tier=tuple(by_tier), cashback_minor=cashback)


def _promotion_previews(programs: ProgramConfig, language: str) -> list[Message]:
    """What each running promotion adds to a sample sale while it is live: the sample is one of each item it
    names (or a 250 baht sale), quoted as a member of the first tier it is for."""
    lines: list[Message] = []
    for promo in programs.promotions:
        if promo.status != "active":
            continue
        named = [i for i in programs.items if promo.skus or promo.categories
                 if i.sku in promo.skus or (i.category and i.category in promo.categories)]
        if not named and promo.kind == "stamps_multiplier" and programs.stamp_cards:
            named = [i for i in programs.items if i.sku in programs.stamp_cards[0].skus][:1]
        basket = tuple(CartLine(i.name, i.price, 1, i.sku) for i in named) or (
            CartLine("Sample sale", Money(SAMPLE_SALE_MINOR, programs.currency)),)
        tier = next((t for t in programs.tiers.levels if not promo.tiers or t.name in promo.tiers), None)
        member = MemberState(member_id="sample", tier=tier, segments=frozenset({promo.segment}))
        always = replace(promo, starts=None, ends=None, weekdays=(), hours=None, cap=0)
        plain = quote_sale(replace(programs, promotions=()), basket, member, language=language)
        boosted = quote_sale(replace(programs, promotions=(always,)), basket, member, language=language,
                             at=datetime(2000, 1, 1))
        extra = boosted.promotion_points or sum(a.stamp_total for a in boosted.promotions)
        code = "settings.promotion_stamps" if promo.kind == "stamps_multiplier" else "settings.promotion_points"
        total = sum((ln.total for ln in basket), Money.zero(programs.currency))
        without = (sum(s.earned for s in plain.stamps) if promo.kind == "stamps_multiplier"
                   else plain.points_earned)  # stamps beside stamps, points beside points
        lines.append(Message(code, {"promotion": Localized.of(promo.label), "total": total, "extra": extra,
                                    "without": without}))
    return lines


def _spend_for(programs: ProgramConfig, points: int) -> Money | str:
    rules = programs.points
    if rules.basis != "spend" or not rules.points_per_unit:
        return "-"
    units = -(-points // rules.points_per_unit)
    return rules.spend_unit * units


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _changed_keys(base: dict[str, Any], changes: dict[str, Any], prefix: str = "") -> list[str]:
    keys: list[str] = []
    for key, value in changes.items():
        path = f"{prefix}{key}"
        old = base.get(key) if isinstance(base, dict) else None
        if isinstance(value, dict) and isinstance(old, dict):
            keys.extend(_changed_keys(old, value, path + "."))
        elif _canon(old) != _canon(value):
            keys.append(path)
    return keys


def _subset(changes: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """Only the changed keys, nested again: the file says what this shop changed, not every default."""
    out: dict[str, Any] = {}
    for dotted in keys:
        parts = dotted.split(".")
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = copy.deepcopy(_get(changes, dotted))
    return out


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _get(data: dict[str, Any], dotted: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _short(value: Any) -> Any:
    text = _canon(value)
    return value if len(text) <= 300 else text[:297] + "..."


def _describe(exc: Exception) -> Phrase:
    """What a settings table the readers could not take lacks, in words (never Python's own message)."""
    if isinstance(exc, KeyError):
        return Phrase("settings.value_missing", {"key": str(exc.args[0])})
    return Phrase("settings.value_unreadable")
