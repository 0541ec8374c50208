"""A test shop's language, written in its own config.toml as a shop owner would set it."""

from __future__ import annotations

import tomllib
from pathlib import Path

from kiosk.settings_file import dumps


def set_shop_language(data_dir: Path, language: str) -> None:
    """shop.language in `data_dir`/config.toml (kept merged with what the file holds): the language the command
    line refuses in, among others. Tests that read English refusal lines run on an English shop."""
    path = data_dir / "config.toml"
    settings = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    settings.setdefault("shop", {})["language"] = language
    path.write_text(dumps(settings), encoding="utf-8")
