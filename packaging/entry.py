"""Entry point of the frozen app: what `python -m kiosk` runs, plus the bundle's own self-check.

PyInstaller starts here instead of kiosk/__main__.py so that the bundle does not depend on how kiosk's
command modules are laid out: `kiosk.cli.main` is the one stable name (`--collect-submodules kiosk` in the
spec brings in every command module, whatever it is called).
"""

import sys


def run() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--bundle-selftest":
        # Not a kiosk command: checks that this frozen build found its Qt plugins, fonts and data files.
        import bundle_selftest

        return bundle_selftest.main(sys.argv[2:])
    from kiosk.cli import main

    return int(main() or 0)


if __name__ == "__main__":
    raise SystemExit(run())
