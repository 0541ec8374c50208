"""The shop's menu beyond its items: categories to browse them by, and modifiers (size, sweetness, milk) that
change what a line is and what it costs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kiosk.domain.errors import InvalidInput
from kiosk.domain.money import Money
from kiosk.domain.programs.naming import Named
from kiosk.domain.programs.problems import CATEGORIES, Problems, problem, thing
from kiosk.domain.text import Localized

MAX_OPTION_TEXT = 40


@dataclass(frozen=True)
class Category(Named):
    """A group of items on the counter's grid (coffee, tea, bakery); items name it by `id`."""

    id: str
    name: str
    name_th: str = ""


@dataclass(frozen=True)
class ModifierOption(Named):
    """One choice of a modifier: "Large" for +฿15, "หวานน้อย" for nothing more."""

    id: str
    name: str
    price: Money
    name_th: str = ""


@dataclass(frozen=True)
class Modifier(Named):
    """A question asked when an item is rung up (size, sweetness, milk): exactly one of its options is chosen,
    the first unless `default` names another. It applies to the items of `categories` and to `skus`."""

    id: str
    name: str
    options: tuple[ModifierOption, ...]
    name_th: str = ""
    categories: tuple[str, ...] = ()
    skus: tuple[str, ...] = ()
    default: str = ""

    def applies_to(self, sku: str, category: str) -> bool:
        return sku in self.skus or (bool(category) and category in self.categories)

    def option(self, option_id: str) -> ModifierOption | None:
        return next((o for o in self.options if o.id == option_id), None)

    @property
    def default_option(self) -> ModifierOption:
        return self.option(self.default) or self.options[0]


@dataclass(frozen=True)
class ChosenOption:
    """What a sale line keeps of a choice: the modifier, the option, its name as rung up and its price."""

    modifier: str
    option: str
    name: str
    price: Money


def modifiers_for(modifiers: Sequence[Modifier], sku: str, category: str) -> tuple[Modifier, ...]:
    return tuple(m for m in modifiers if m.applies_to(sku, category))


def choose(modifiers: Sequence[Modifier], chosen: Mapping[str, str], *, language: str) -> tuple[ChosenOption, ...]:
    """The options picked (modifier id -> option id), each modifier's default where nothing was picked.

    An option no modifier offers is refused: the price of a line is never made up from a typo."""
    out: list[ChosenOption] = []
    known = {m.id for m in modifiers}
    for modifier_id in chosen:
        if modifier_id not in known:
            raise InvalidInput("menu.unknown_modifier", modifier_id=modifier_id)
    for modifier in modifiers:
        option_id = chosen.get(modifier.id)
        option = modifier.option(option_id) if option_id is not None else modifier.default_option
        if option is None:
            # named in the reader's language: a Thai refusal says ขนาด, not Size
            raise InvalidInput("menu.unknown_modifier_option", name=Localized(modifier.name or modifier.id,
                                                                             modifier.name_th), option_id=option_id)
        out.append(ChosenOption(modifier.id, option.id, option.label(language), option.price))
    return tuple(out)


def named_options(modifiers: Sequence[Modifier], options: Sequence[ChosenOption]) -> tuple[ChosenOption, ...]:
    """The options a line names: those that differ from their default or cost something (a regular latte with
    normal sugar stays "Latte")."""
    defaults = {m.id: m.default_option.id for m in modifiers}
    return tuple(o for o in options if o.option != defaults[o.modifier] or o.price.minor)


def options_price(base: Money, options: Sequence[ChosenOption]) -> Money:
    total = base
    for option in options:
        total = total + option.price
    return total


def validate_menu(categories: Sequence[Category], modifiers: Sequence[Modifier]) -> Problems:
    """Problems with the menu's settings (kiosk.domain.programs.problems), as validate_config lists them."""
    problems: Problems = []
    if len({c.id for c in categories}) != len(categories):
        problems.append(problem("settings.problem.category_twice", CATEGORIES))
    seen: set[str] = set()
    for modifier in modifiers:
        where = thing("settings.thing.modifier", modifier.name, modifier.name_th, fallback=modifier.id)
        if modifier.id in seen:
            problems.append(problem("settings.problem.id_taken", where, value=modifier.id))
        seen.add(modifier.id)
        if not modifier.options:
            problems.append(problem("settings.problem.modifier_no_options", where))
        if len({o.id for o in modifier.options}) != len(modifier.options):
            problems.append(problem("settings.problem.modifier_option_twice", where))
        if modifier.default and modifier.option(modifier.default) is None:
            problems.append(problem("settings.problem.modifier_default", where, value=modifier.default))
        for option in modifier.options:
            named = Localized(option.name or option.id, option.name_th)
            if option.price.minor < 0:
                problems.append(problem("settings.problem.option_lowers_price", where, option=named))
            if len(option.name) > MAX_OPTION_TEXT or len(option.name_th) > MAX_OPTION_TEXT:
                problems.append(problem("settings.problem.option_name_long", where, option=named,
                                        max=MAX_OPTION_TEXT))
    return problems
