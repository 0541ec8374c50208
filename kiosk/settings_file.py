"""The shop's own settings file (<data dir>/config.toml): read, validated by building, written atomically."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kiosk.config import (
    DEFAULT_CONFIG,
    SHARED_SECTIONS,
    Settings,
    check_settings,
    merge_settings,
    read_toml,
    require_folder,
    settings_files,
    settings_from_dict,
)
from kiosk.services.context import ShopContext

HEADER = ("# This shop's own settings, merged over config/default.toml.\n"
          "# Written by the manager screen (kiosk manager); editing by hand works too.\n\n")
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


class TomlSettingsStore:
    def __init__(self, settings: Callable[[], Settings]) -> None:
        self._settings = settings

    @property
    def path(self) -> Path:
        return self._settings().data_dir / "config.toml"

    @property
    def location(self) -> str:
        return str(self.path)

    def effective(self) -> dict[str, Any]:
        return self._settings().raw

    def overrides(self) -> dict[str, Any]:
        return read_toml(self.path) if self.path.exists() else {}

    def build(self, raw: dict[str, Any]) -> ShopContext:
        return settings_from_dict(raw, data_dir=self._settings().data_dir).context

    def write(self, overrides: dict[str, Any]) -> None:
        write_atomically(self.path, (HEADER + dumps(overrides)).encode("utf-8"))


class FirstRunSettingsFile:
    """The data folder's config.toml as first-run set-up sees it (kiosk.services.ports.setup.SettingsFile): checked
    with the other settings files, written once at the end, and put back if the set-up fails after writing it."""

    HEADER = ("# This shop's own settings, merged over config/default.toml.\n"
              "# Written by the first-run set-up; change it in the manager screen (kiosk manager) or by hand.\n\n")

    def __init__(self, data_dir: Path, config_file: Path | None = None) -> None:
        self.data_dir = data_dir
        self.config_file = config_file
        self.path = data_dir / "config.toml"

    @property
    def location(self) -> str:
        return str(self.path)

    def current(self) -> dict[str, Any]:
        return read_toml(self.path) if self.path.exists() else {}

    def check(self, overrides: Mapping[str, Any]) -> None:
        """Load the settings as the app will, with `overrides` in this file's place (and no install id made)."""
        require_folder(self.data_dir)  # made into a file while the wizard was open
        merged = read_toml(DEFAULT_CONFIG)
        for path in settings_files(self.data_dir, self.config_file):
            if path == self.path:
                layer = dict(overrides)
            elif path.exists():
                layer = read_toml(path)
            else:
                continue
            check_settings(layer, source=str(path))
            merged = merge_settings(merged, layer)
        settings_from_dict(merged, data_dir=self.data_dir, install="set-up")

    def snapshot(self) -> bytes | None:
        return self.path.read_bytes() if self.path.exists() else None

    def write(self, overrides: Mapping[str, Any]) -> None:
        write_atomically(self.path, (self.HEADER + dumps(dict(overrides))).encode("utf-8"))

    def restore(self, snapshot: bytes | None) -> None:
        if snapshot is None:
            self.path.unlink(missing_ok=True)
        else:
            write_atomically(self.path, snapshot)


def write_atomically(path: Path, data: bytes) -> None:
    """Write-then-rename: a crash leaves the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def shared_sections(overrides: dict[str, Any]) -> str:
    """The sections a shop's devices share (config.SHARED_SECTIONS) of this device's own file, as one text."""
    return json.dumps({k: overrides[k] for k in SHARED_SECTIONS if k in overrides}, sort_keys=True,
                      ensure_ascii=False, separators=(",", ":"), default=str)


def with_shared(overrides: dict[str, Any], text: str) -> dict[str, Any]:
    """This device's own file with the shared sections another device of the shop sent in place of its own."""
    received = json.loads(text)
    merged = {k: v for k, v in overrides.items() if k not in SHARED_SECTIONS}
    merged.update({k: v for k, v in received.items() if k in SHARED_SECTIONS})
    return merged


# -- a small TOML writer for the subset settings use: tables, arrays of tables, scalars, arrays -------------
def dumps(data: dict[str, Any]) -> str:
    out: list[str] = []
    _table(out, data, [])
    return "\n".join(out).strip() + "\n"


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _table(out: list[str], data: dict[str, Any], path: list[str], *, header: str | None = None) -> None:
    scalars = {k: v for k, v in data.items() if not isinstance(v, dict) and not _is_table_array(v)}
    if header is not None:
        out.append(header)
    for key, value in scalars.items():
        out.append(f"{_key(key)} = {_value(value)}")
    if header is not None or scalars:
        out.append("")
    for key, value in data.items():
        if isinstance(value, dict):
            sub = [*path, key]
            _table(out, value, sub, header=f"[{'.'.join(_key(p) for p in sub)}]")
        elif _is_table_array(value):
            sub = [*path, key]
            for item in value:
                _table(out, item, sub, header=f"[[{'.'.join(_key(p) for p in sub)}]]")


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    if value is None:
        raise ValueError("TOML has no null; leave the key out instead")
    raise TypeError(f"cannot write {type(value).__name__} to TOML")
