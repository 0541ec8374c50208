"""Every error code a KioskError carries, registered in the catalogue: the sentences people read when something
is refused. The English wording is the one reviewed with the shop; the Thai is a café's, short."""

from __future__ import annotations

from kiosk.l10n.catalogue import register
from kiosk.l10n.errors.admin import ADMIN_ERRORS
from kiosk.l10n.errors.counter import COUNTER_ERRORS
from kiosk.l10n.errors.partners import PARTNER_ERRORS
from kiosk.l10n.errors.settings import SETTINGS_ERRORS
from kiosk.l10n.errors.usage import USAGE_ERRORS

register(COUNTER_ERRORS)
register(ADMIN_ERRORS)
register(PARTNER_ERRORS)
register(SETTINGS_ERRORS)
register(USAGE_ERRORS)

__all__ = ["ADMIN_ERRORS", "COUNTER_ERRORS", "PARTNER_ERRORS", "SETTINGS_ERRORS", "USAGE_ERRORS"]
