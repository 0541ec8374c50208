"""What is wrong with a shop's program settings, as catalogue phrases the edges word in the reader's language.

Each problem names the thing in the owner's words ("Gold tier", the promotion "Double points weekend") and
what to change; names the shop typed are carried as they are (Thai and English), never translated. The
phrases live in kiosk/l10n/errors/settings.py.
"""

from __future__ import annotations

from kiosk.domain.text import Localized, Phrase

Problems = list[Phrase]


def thing(code: str, name: str, name_th: str = "", *, fallback: str = "") -> Phrase:
    """`code` (settings.thing.*) naming one thing of the settings by its name, else its id, else "(no name)"."""
    shown = name.strip() or fallback.strip()
    named: object = Localized(shown, name_th.strip()) if shown else Phrase("settings.thing.no_name")
    return Phrase(code, {"name": named})


def problem(code: str, where: Phrase, **params: object) -> Phrase:
    """One problem: `code` (settings.problem.*) about `where` (a thing, or a part of the settings)."""
    return Phrase(code, {"thing": where, **params})


POINTS = Phrase("settings.thing.points")
TIERS = Phrase("settings.thing.tiers")
CASHBACK = Phrase("settings.thing.cashback")
BONUSES = Phrase("settings.thing.bonuses")
CHARITY = Phrase("settings.thing.charity")
ITEMS = Phrase("settings.thing.items")
CATEGORIES = Phrase("settings.thing.categories")

MAX_BONUS_POINTS = 100_000  # a promotion's, an offer's or a challenge's bonus: more is a typing mistake
