# Shortcuts; the scripts in scripts/ do the work (a fresh Debian has no make until scripts/setup.sh installs it).
.PHONY: setup demo test bench screenshots package package-smoke clean distclean

setup:
	./scripts/setup.sh

demo:
	./scripts/demo.sh

test:
	./scripts/test.sh

bench: setup
	.venv/bin/python -m bench

screenshots: setup
	.venv/bin/kiosk screenshots --out docs/img

# The installable app: a PyInstaller bundle in a .deb (dist/), then installed, run and removed on this machine
# as root (about 2.5 minutes; docs/install.md). Not part of `make test`. package-smoke re-tests the last .deb.
package:
	./packaging/build.sh

package-smoke:
	./packaging/smoke-test.sh

# Caches and build output; keeps .venv (other work may be using it) but forgets the install stamp.
clean:
	find . -path ./.venv -prune -o -type d -name __pycache__ -exec rm -rf {} +
	rm -rf .pytest_cache .hypothesis build dist *.egg-info bench/out .venv/.kiosk-setup-stamp .venv/.cache

# Everything clean removes, plus the venv itself.
distclean: clean
	rm -rf .venv
