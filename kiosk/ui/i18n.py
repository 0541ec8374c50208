"""Runtime Thai/English switching with Qt translation files; widgets retranslate on LanguageChange."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QTranslator,
    Signal,
)

log = logging.getLogger(__name__)

THAI = "th"
ENGLISH = "en"
SUPPORTED_LANGUAGES = (THAI, ENGLISH)
SOURCE_LANGUAGE = ENGLISH  # strings are written in English in the code; kiosk_th.qm translates them
TRANSLATIONS_DIR = Path(__file__).with_name("i18n")

_LOCALES = {
    THAI: QLocale(QLocale.Language.Thai, QLocale.Country.Thailand),
    ENGLISH: QLocale(QLocale.Language.English, QLocale.Country.Thailand),
}


class Translator(QObject):
    """Owns the installed QTranslators and the current UI language.

    Installing or removing a translator makes Qt send `QEvent.LanguageChange` to every widget; the
    shared widgets answer with `retranslate_ui()`, and screens should do the same (or connect to
    `language_changed`, which also suits things that are not widgets, such as money formatting).
    """

    language_changed = Signal(str)

    def __init__(self, parent: QObject | None = None, *, directory: Path = TRANSLATIONS_DIR) -> None:
        super().__init__(parent)
        self._directory = directory
        self._language = SOURCE_LANGUAGE
        self._installed: list[QTranslator] = []

    def language(self) -> str:
        return self._language

    def set_language(self, app: QCoreApplication, language: str) -> None:
        if language not in SUPPORTED_LANGUAGES:
            raise ValueError(f"unsupported language {language!r}; choose one of {SUPPORTED_LANGUAGES}")
        if language == self._language and (self._installed or language == SOURCE_LANGUAGE):
            return
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed = []
        if language != SOURCE_LANGUAGE:
            self._install(app, self._directory, f"kiosk_{language}", required=True)
            # Qt's own strings (standard buttons, context menus), when the Qt build ships them.
            qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
            self._install(app, qt_dir, f"qtbase_{language}", required=False)
        QLocale.setDefault(_LOCALES[language])
        self._language = language
        # Qt posts LanguageChange to the application, which posts it on to every window: deliver both
        # rounds now, so every widget reads the new language before anyone hears `language_changed`.
        for _ in range(2):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        self.language_changed.emit(language)

    def _install(self, app: QCoreApplication, directory: Path, name: str, *, required: bool) -> None:
        translator = QTranslator(self)
        if translator.load(name, str(directory)):
            app.installTranslator(translator)
            self._installed.append(translator)
        elif required:
            log.error("translation %s not found in %s; run scripts/update_translations.sh", name, directory)


_translator: Translator | None = None


def translator() -> Translator:
    """The application's one Translator (created on first use, after the QApplication)."""
    global _translator
    if _translator is None:
        _translator = Translator(QCoreApplication.instance())
    return _translator


def set_language(app: QCoreApplication, language: str) -> None:
    """Switch the whole UI to 'th' or 'en' now."""
    translator().set_language(app, language)


def current_language() -> str:
    return _translator.language() if _translator is not None else SOURCE_LANGUAGE
