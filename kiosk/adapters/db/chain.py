"""The chain as this device knows it (kiosk.services.ports.chain.ChainDirectory): its own shop from the hub
set-up (kv `hub:install`), every device of the chain from the directory the hub sync keeps (`hub_devices`)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine, false, or_, select

from kiosk.services.ports.chain import ChainDevice, ChainView, ShopRef

from . import tables as t
from . import tables_hub as th


class SqlChainDirectory:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def view(self) -> ChainView:
        with self.engine.connect().execution_options(kiosk_readonly=True) as conn:
            # a device with no hub reads one kv row by its key and nothing else
            raw = conn.execute(select(t.kv.c.value).where(t.kv.c.key == th.HUB_INSTALL_KEY)).scalar()
            install = json.loads(raw) if raw else None
            if not install or not install.get("shop_id"):
                return ChainView()
            d = th.hub_devices
            devices = tuple(ChainDevice(r.device_id, r.install_id, r.shop_id, r.shop_name) for r in conn.execute(
                select(d.c.device_id, d.c.install_id, d.c.shop_id, d.c.shop_name).order_by(d.c.device_id)))
        own_id = str(install["shop_id"])
        # the directory's name for the shop is the newest (the hub's); the set-up's is what it was at the join
        name = next((dv.shop_name for dv in devices if dv.shop_id == own_id), str(install.get("shop_name") or own_id))
        return ChainView(own_shop=ShopRef(own_id, name), own_install=install.get("install_id"), devices=devices)


def of_installs(column: Any, installs: tuple[str, ...]) -> Any:
    """Rows whose device id (`<install>-<label>`) belongs to one of these installations."""
    if not installs:
        return false()
    return or_(*(column.startswith(f"{install}-", autoescape=True) for install in installs))
