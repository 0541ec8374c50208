"""Text for people, in Thai or English: number, money and date formats and the one message catalogue.

Used at the edges only (the screens, the CLI and the receipt); the domain and the services hand over values
and codes. Importing this package registers every catalogue group.
"""

from __future__ import annotations

from kiosk.domain.errors import use_english
from kiosk.l10n import (  # noqa: F401 - registers every group
    amounts,
    cli,
    commands,
    events,
    hub,
    reports,
    setup,
    slips,
    status,
    verify,
)
from kiosk.l10n import errors as errors
from kiosk.l10n.catalogue import render

# an error's `message` (logs, tests, `--json`) is the catalogue's English
use_english(lambda code, params: render(code, params, "en"))
