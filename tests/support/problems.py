"""`kiosk verify`'s problems (catalogue codes with ids and amounts) in their English words, which tests match on."""

from __future__ import annotations

from collections.abc import Iterable

import kiosk.l10n  # noqa: F401 - registers the catalogue
from kiosk.domain.events import Said
from kiosk.l10n.catalogue import render


def english(problems: Iterable[Said]) -> list[str]:
    return [render(problem.code, problem.params, "en") for problem in problems]
