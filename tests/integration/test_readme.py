"""The README's scripting examples run as written: every line of its examples block, in order, on a fresh demo
shop, succeeds (the issue found `kiosk member search somchai` finding no one, and lines that were syntax)."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.l10n.catalogue import render
from tests.integration.test_cli import PINNED_NOW, ROOT

# The demo build and some forty commands: tens of seconds.
pytestmark = pytest.mark.slow

MARKER = "<!-- readme-examples:"
FOUND_NOTHING = tuple(render("cli.member.no_match", None, language) for language in ("en", "th"))


def readme_examples(readme: Path = ROOT / "README.md") -> list[list[str]]:
    """The commands of the ```sh block after the examples marker, one per line (`\\` continues a line)."""
    lines = readme.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(MARKER))
    fence = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("```"))
    assert lines[fence].strip() == "```sh", "the examples marker must be followed by a ```sh block"
    end = next(i for i in range(fence + 1, len(lines)) if lines[i].startswith("```"))
    commands: list[list[str]] = []
    pending = ""
    for line in lines[fence + 1:end]:
        pending += line.rstrip()
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        argv = shlex.split(pending, comments=True)
        pending = ""
        if argv:
            assert argv[0] == "kiosk", f"not a kiosk command: {line!r}"
            commands.append(argv)
    return commands


def test_the_examples_block_is_found_and_starts_with_a_fresh_demo() -> None:
    commands = readme_examples()
    assert commands[0] == ["kiosk", "demo"] and len(commands) > 30
    assert not any(part.startswith("[") or part == "|" for argv in commands for part in argv), \
        "syntax ([optional], a | b) belongs in the summary block, not in the examples"


def test_every_readme_example_runs_on_a_fresh_demo_shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("KIOSK_MANAGER_PIN", "KIOSK_OWNER_PIN", "KIOSK_CONFIG", "KIOSK_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KIOSK_NOW", PINNED_NOW)
    # `kiosk demo` builds into the demo folder; the rest use KIOSK_DATA_DIR, set as the line `kiosk demo` prints says
    monkeypatch.setenv("KIOSK_DEMO_DIR", str(tmp_path / "shop"))
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "shop"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no user settings of this machine
    monkeypatch.chdir(tmp_path)  # where examples write their files (a CSV, an export, a backup)
    for argv in readme_examples():
        capsys.readouterr()
        try:
            code = main(argv[1:])
        except SystemExit as exc:  # a usage error
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        assert code == 0, f"{shlex.join(argv)}\nexit {code}\n{err}"
        assert out.strip() and not any(nothing in out for nothing in FOUND_NOTHING), f"{shlex.join(argv)}\n{out}"
