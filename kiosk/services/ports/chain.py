"""The chain port: which shop this device is in and which installations make up each shop of the chain, as
the hub last told this device (read from its own database, so it answers offline)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ShopRef:
    """A shop of the chain, as the hub names it."""

    shop_id: str
    name: str


@dataclass(frozen=True)
class ChainDevice:
    """One device of the chain. Every row a device writes carries `device_id`, which is `<install_id>-<label>`,
    so an installation's rows are the ones whose device id starts with `<install_id>-`."""

    device_id: str
    install_id: str
    shop_id: str
    shop_name: str


@dataclass(frozen=True)
class ChainView:
    """What this device knows of its chain. `own_shop` is None on a device with no hub: it is its own world."""

    own_shop: ShopRef | None = None
    own_install: str | None = None
    devices: tuple[ChainDevice, ...] = ()

    @property
    def joined(self) -> bool:
        return self.own_shop is not None

    def shops(self) -> tuple[ShopRef, ...]:
        """Every shop known here, this device's own first, then by name (an empty tuple with no hub)."""
        if self.own_shop is None:
            return ()
        found = {self.own_shop.shop_id: self.own_shop}
        for device in self.devices:
            found.setdefault(device.shop_id, ShopRef(device.shop_id, device.shop_name))
        others = sorted((s for s in found.values() if s.shop_id != self.own_shop.shop_id),
                        key=lambda s: (s.name.casefold(), s.shop_id))
        return (found[self.own_shop.shop_id], *others)

    def installs(self, shop_id: str) -> tuple[str, ...]:
        """The installations (PCs) of a shop, sorted; this device's own is always in its own shop."""
        found = {d.install_id for d in self.devices if d.shop_id == shop_id}
        if self.own_shop is not None and shop_id == self.own_shop.shop_id and self.own_install:
            found.add(self.own_install)
        return tuple(sorted(found))


class ChainDirectory(Protocol):
    def view(self) -> ChainView:
        """This device's shop and the chain's devices; an empty view (`own_shop` None) with no hub."""
        ...
