"""The OS keyring (GNOME Keyring, KWallet, macOS Keychain, Windows Credential Locker) through the keyring library:
where the Stripe key is kept, never in a file. The SecretStore port of kiosk.services.ports.setup."""

from __future__ import annotations

from typing import Any

from kiosk.domain.errors import StorageError


class KeyringSecretStore:
    def __init__(self, service: str) -> None:
        self.service = service
        self._available: bool | None = None

    def _keyring(self) -> Any:
        import keyring  # optional (the keyring extra); loads its backends on first use

        return keyring

    def available(self) -> bool:
        """A backend that keeps secrets: keyring falls back to one that refuses everything (priority 0 or less).

        Asked once (finding the backend may wait on D-Bus; the wizard asks early, in the background)."""
        if self._available is None:
            try:
                backend = self._keyring().get_keyring()
                self._available = float(getattr(backend, "priority", 0)) > 0
            except Exception:  # noqa: BLE001 - no keyring library or a broken D-Bus: either way there is none
                self._available = False
        return self._available

    def get(self, name: str) -> str | None:
        try:
            value = self._keyring().get_password(self.service, name)
        except Exception:  # noqa: BLE001 - nothing can be read, so there is nothing to put back
            return None
        return str(value) if value is not None else None

    def set(self, name: str, value: str) -> None:
        try:
            self._keyring().set_password(self.service, name, value)
        except Exception as exc:  # noqa: BLE001 - locked, refused or missing: one message, never the value
            raise StorageError("keys.keyring_failed", error=type(exc).__name__) from None

    def delete(self, name: str) -> None:
        keyring = self._keyring()
        try:
            keyring.delete_password(self.service, name)
        except keyring.errors.PasswordDeleteError:
            pass  # it was not there
        except Exception as exc:  # noqa: BLE001 - as set(): one message, never the value
            raise StorageError("keys.keyring_remove_failed", error=type(exc).__name__) from None
