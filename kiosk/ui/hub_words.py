"""How the screens word this device's sync with the hub: "Synced 2 min ago", "Offline since 10:42, 3 sales to send"
(the counter's status line and the manager's Devices page say it alike)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from kiosk.services.hub_connect import HubGlance
from kiosk.ui.formatting import format_datetime, plural


def ago(then: datetime, now: datetime) -> str:
    """How long ago, in the words a cashier reads at a glance: "just now", "2 min ago", "3 h ago"."""
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 60:
        return QCoreApplication.translate("HubWords", "just now")
    minutes = seconds // 60
    if minutes < 60:
        return QCoreApplication.translate("HubWords", "%n min ago").replace("%n", f"{minutes:,}")
    hours = minutes // 60
    if hours < 48:
        return QCoreApplication.translate("HubWords", "%n h ago").replace("%n", f"{hours:,}")
    return QCoreApplication.translate("HubWords", "%n days ago").replace("%n", f"{hours // 24:,}")


def clock_time(then: datetime, now: datetime) -> str:
    """10:42 today; the date and time on another day."""
    if then.date() == now.date():
        return then.strftime("%H:%M")
    return format_datetime(then)


def to_send(glance: HubGlance) -> str:
    """What still waits to go to the hub: the sales among it by name, else the count of changes."""
    if glance.pending_sales:
        return plural(glance.pending_sales, QCoreApplication.translate("HubWords", "%n sale to send"),
                      QCoreApplication.translate("HubWords", "%n sales to send"))
    return plural(glance.pending, QCoreApplication.translate("HubWords", "%n change to send"),
                  QCoreApplication.translate("HubWords", "%n changes to send"))


def glance_text(glance: HubGlance, *, now: datetime, local: datetime | None, local_now: datetime) -> str:
    """The one line for the counter. `now` and `local_now` are the clock's instant (UTC) and the shop's local time,
    `local` the last contact in the shop's local time (None: never)."""
    if not glance.configured:
        return ""
    if glance.refused:
        return QCoreApplication.translate("HubWords", "The hub refused this device's changes: ask a manager")
    if glance.online is False or (glance.online is None and glance.last_contact is None):
        if local is None:
            text = QCoreApplication.translate("HubWords", "Not synced with the hub yet")
        else:
            text = QCoreApplication.translate("HubWords", "Offline since %1").replace(
                "%1", clock_time(local, local_now))
        return text + (", " + to_send(glance) if glance.pending else "")
    text = QCoreApplication.translate("HubWords", "Synced %1").replace(
        "%1", ago(glance.last_contact, now) if glance.last_contact is not None
        else QCoreApplication.translate("HubWords", "just now"))
    return text + (", " + to_send(glance) if glance.pending else "")


__all__ = ["ago", "clock_time", "glance_text", "to_send"]
