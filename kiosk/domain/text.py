"""Values that an edge words in the reader's language: a name the config gives in English and Thai, and a
phrase of the catalogue used inside another sentence."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from kiosk.domain.programs.naming import in_language


@dataclass(frozen=True)
class Localized:
    """A name people see that the config gives in two forms (a reward, a tier, an item); Thai falls back to
    English when the config has no Thai form. It lives in the domain so an error's params can carry it; the
    catalogue (kiosk.l10n.catalogue) re-exports it."""

    en: str
    th: str = ""

    @classmethod
    def of(cls, label: Callable[[str], str]) -> Localized:
        """Both forms of a config name from its `label(language)` method: Localized.of(card.reward_label)."""
        return cls(label("en"), label("th"))

    def __call__(self, language: str) -> str:
        return in_language(language, self.en, self.th)

    def __str__(self) -> str:
        return self.en


@dataclass(frozen=True)
class Phrase:
    """A catalogue code with its params used as one value inside another message: "Exporting member data" in
    "{what} needs a manager's PIN." The edge words it in the same language as the sentence around it."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.code
