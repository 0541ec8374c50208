"""Screenshots of every manager screen for the docs: `capture(app, out_dir)` saves docs/img/manager-*.png."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from kiosk.domain.staff import Role
from kiosk.services.app import Services
from kiosk.services.staff import Session
from kiosk.ui.manager.partners import PartnersPage
from kiosk.ui.manager.window import PAGES, ManagerShell, ManagerWindow

SIZE = (1440, 900)
DEVICES_SIZES = ((1024, 768), (1280, 800))  # the Devices page on a till's own screen, where it is used


def capture_devices(app: Services, out_dir: Path, *, name: str = "manager-devices",
                    role: Role = Role.OWNER) -> list[Path]:
    """The Devices page (with the hub's devices and conflicts when the shop has a hub) at each till size, in
    English and Thai: manager-devices-1024x768-en.png, ..."""
    from kiosk.ui.i18n import ENGLISH, THAI, current_language, set_language

    out_dir.mkdir(parents=True, exist_ok=True)
    qapp = QApplication.instance()
    assert qapp is not None
    before = current_language()
    shell = ManagerShell(app)
    shell.show()
    person = next(s for s in app.staff.list_staff() if s.role == role)
    window = shell.open(Session(person.id, person.name, person.role, app.clock.now()))
    window.open_page("devices")
    shell.runner.wait_idle(60_000)
    window.toast.hide()
    paths = []
    for language in (ENGLISH, THAI):
        set_language(qapp, language)
        for width, height in DEVICES_SIZES:
            shell.resize(width, height)
            paths.append(_save(shell, out_dir / f"{name}-{width}x{height}-{language}.png"))
    set_language(qapp, before or ENGLISH)
    shell.shutdown()
    shell.close()
    shell.deleteLater()
    return paths


def capture(app: Services, out_dir: Path) -> list[Path]:
    """Render the sign-in and each page (data loaded) offscreen; returns the PNG paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    qapp = QApplication.instance()
    assert qapp is not None
    shell = ManagerShell(app)
    shell.resize(*SIZE)
    shell.show()
    paths = [_save(shell, out_dir / "manager-signin.png")]
    manager = next(s for s in app.staff.list_staff() if s.role.at_least(Role.MANAGER))
    window = shell.open(Session(manager.id, manager.name, manager.role, app.clock.now()))
    _month_so_far(window.partners, app)
    for name in PAGES:
        window.open_page(name)
        shell.runner.wait_idle(60_000)
        if name == "settings":
            shell.runner.wait_idle(10_000)  # the preview follows the settings
        paths.append(_save(shell, out_dir / f"manager-{name}.png"))
    window.open_page("health")
    scrolled = window.health.widget()
    assert scrolled is not None
    paths.append(_save(scrolled, out_dir / "manager-health-full.png"))  # the whole scrolled page
    window.health.cohort_card.toggle.setChecked(True)  # numbers one click away
    window.open_page("health")
    paths.append(_save(shell, out_dir / "manager-health-numbers.png"))
    window.health.cohort_card.toggle.setChecked(False)
    paths.append(_save(_promotions_body(window), out_dir / "manager-promotions-full.png"))  # challenges, offers too
    from kiosk.ui.i18n import ENGLISH, THAI, current_language, set_language

    before = current_language()
    set_language(qapp, THAI)  # the owner may read it in Thai: the two pages read most
    for name in ("summary", "health", "promotions", "partners"):
        window.open_page(name)
        shell.runner.wait_idle(60_000)
        paths.append(_save(shell, out_dir / f"manager-{name}-th.png"))
    paths.append(_save(_promotions_body(window), out_dir / "manager-promotions-full-th.png"))
    set_language(qapp, before or ENGLISH)
    shell.shutdown()
    shell.close()
    shell.deleteLater()
    return paths + capture_devices(app, out_dir)


def _promotions_body(window: ManagerWindow) -> QWidget:
    """The whole Promotions page as it scrolls: promotions, the form, challenges and personal offers."""
    window.open_page("promotions")
    scroll = window.promotions.findChild(QScrollArea)
    body = scroll.widget() if scroll is not None else None
    assert body is not None  # the page scrolls in one area
    return body


def _month_so_far(page: PartnersPage, app: Services) -> None:
    """The settlement of this month so far: the demo's partner receipts, which may not reach back to last month
    (the page's own first period)."""
    today = app.ctx.business_date(app.clock.now())
    page.date_to.setDate(QDate(today.year, today.month, today.day))
    page.date_from.setDate(QDate(today.year, today.month, 1))


def _save(widget: QWidget, path: Path) -> Path:
    for _ in range(3):
        QApplication.processEvents()
    widget.grab().save(str(path))
    return path
