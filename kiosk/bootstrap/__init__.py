"""The one composition root: settings -> engine -> unit of work -> adapters -> a typed Services object.

Only this package builds adapters and hands them to services; screens and commands receive the finished
kiosk.services.app.Services and never see an engine, a repository or a Stripe client. The wiring itself is
kiosk.bootstrap.wiring, loaded on first use of one of its names: the counter's sign-in screen is shown from
kiosk.bootstrap.signin (a read-only look at the staff list) before SQLAlchemy and the services load.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.bootstrap.wiring import Wiring, build_app, build_demo, open_database, qr_matrix, wire

__all__ = ["Wiring", "build_app", "build_demo", "open_database", "qr_matrix", "wire"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from kiosk.bootstrap import wiring

    return getattr(wiring, name)
