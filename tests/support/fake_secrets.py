"""An OS keyring for tests (the test machine has no keyring backend): kiosk.services.ports.setup.SecretStore."""

from __future__ import annotations

from kiosk.domain.errors import StorageError


class FakeKeyring:
    def __init__(self, *, available: bool = True, refuse: bool = False) -> None:
        self.secrets: dict[str, str] = {}
        self._available = available
        self.refuse = refuse  # set() fails as a locked keyring would

    def available(self) -> bool:
        return self._available

    def get(self, name: str) -> str | None:
        return self.secrets.get(name)

    def set(self, name: str, value: str) -> None:
        if self.refuse:
            raise StorageError("keys.keyring_failed", error="locked")
        self.secrets[name] = value

    def delete(self, name: str) -> None:
        self.secrets.pop(name, None)
