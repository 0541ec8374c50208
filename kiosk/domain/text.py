"""Values that an edge words in the reader's language: a name the config gives in English and Thai, and a
phrase of the catalogue used inside another sentence."""

from __future__ import annotations

import json
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


# A phrase kept in a text column that used to hold a sentence (the Stripe sync's last error, a review row's
# error): JSON of its code and params, so an edge words it in its reader's language. Text written before (a
# plain sentence) reads back as it is.
_CODE, _PARAMS = "code", "params"


def _plain(value: object) -> object:
    if isinstance(value, Phrase):
        return {_CODE: value.code, _PARAMS: {name: _plain(v) for name, v in value.params.items()}}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _phrase(value: object) -> object:
    if isinstance(value, dict) and set(value) == {_CODE, _PARAMS} and isinstance(value[_CODE], str) \
            and isinstance(value[_PARAMS], dict):
        return Phrase(value[_CODE], {str(name): _phrase(v) for name, v in value[_PARAMS].items()})
    return value


def stored(phrase: Phrase | str) -> str:
    """`phrase` as text for a column; a params value that is neither a phrase nor a plain value is kept as its
    text. A plain string is stored as it is."""
    if isinstance(phrase, str):
        return phrase
    return json.dumps(_plain(phrase), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def from_stored(text: str) -> Phrase | str:
    """What `stored` wrote, as the phrase again; any other text (a sentence written by an older version) as it is."""
    if not text.startswith("{"):
        return text
    try:
        value = _phrase(json.loads(text))
    except ValueError:
        return text
    return value if isinstance(value, Phrase) else text
