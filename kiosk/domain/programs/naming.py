"""Names from the config that people read, in Thai or English: one rule for every program, tier, perk and item."""

from __future__ import annotations

from collections.abc import Sequence


def in_language(language: str, english: str, thai: str) -> str:
    """The Thai form in Thai when the config gives one, else the English (a shop may not have translated yet)."""
    return thai if language == "th" and thai else english


def lines_in_language(language: str, english: Sequence[str], thai: Sequence[str]) -> tuple[str, ...]:
    """A list the config gives in two aligned forms (a tier's perks, a receipt's footer lines): the Thai list in
    Thai when there is one, else the English."""
    return tuple(thai if language == "th" and thai else english)


class Named:
    """A config value with `name` and `name_th` (a dataclass field each): `label(language)` is what a screen or a
    receipt shows."""

    name: str
    name_th: str

    def label(self, language: str) -> str:
        return in_language(language, self.name, self.name_th)

