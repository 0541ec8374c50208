"""Whose figures a report covers, and who may see them: this device's own shop (any manager), another shop of
the chain or the whole chain (an owner only), or, on a device with no hub, everything it holds.

Staff are shared by the whole chain (they travel through the hub like members), so "their own shop" is the
shop of the device they are using. Every device holds the whole chain's rows, so a shop's figures are the
rows its devices wrote: sales, refunds and ledger entries by `device_id`, members by `enrolled_device`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.domain.errors import InvalidInput, NotFound, PermissionDenied
from kiosk.domain.events import Message
from kiosk.domain.staff import Role, StaffMember
from kiosk.domain.text import Phrase
from kiosk.services.ports.chain import ChainDirectory, ChainView, ShopRef
from kiosk.services.ports.uow import UnitOfWorkFactory


class ScopeKind(StrEnum):
    ALL = "all"  # everything this database holds: a device with no hub
    SHOP = "shop"  # one shop of the chain: the rows its devices wrote
    CHAIN = "chain"  # every shop of the chain together (every device holds them all)


@dataclass(frozen=True)
class ReportScope:
    """What a summary or a health report covers, carried on the result so a screen or a file can say so."""

    kind: str = ScopeKind.ALL.value
    shop_id: str | None = None
    shop_name: str | None = None
    shops: tuple[ShopRef, ...] = ()  # the chain: every shop it adds up

    @property
    def said(self) -> Message:
        """What the figures cover, for the catalogue to say in the reader's language."""
        if self.kind == ScopeKind.SHOP:
            return Message("scope.shop", {"shop": self.shop_name or "-"})
        if self.kind == ScopeKind.CHAIN:
            return Message("scope.chain", {"count": len(self.shops)})
        return Message("scope.everything")


EVERYTHING = ReportScope()


@dataclass(frozen=True)
class ResolvedScope:
    """A scope and the rows it counts: those whose device id starts with `<install>-` for one of `installs`;
    None counts every row (no filter, no extra work: the path a device with no hub always takes)."""

    scope: ReportScope
    installs: tuple[str, ...] | None = None


def find_shop(view: ChainView, text: str) -> ShopRef:
    """The shop with this id, or else with this name (any case, spaces as typed or not)."""
    wanted = " ".join((text or "").split())
    shops = view.shops()
    found = [s for s in shops if s.shop_id == wanted] or [
        s for s in shops if " ".join(s.name.split()).casefold() == wanted.casefold()]
    if not found:
        names = ", ".join(s.name for s in shops)
        raise NotFound("report.shop_unknown", wanted=wanted, value=names or 'none')
    if len(found) > 1:
        raise InvalidInput("report.shop_ambiguous", wanted=wanted,
                           value=", ".join(f"{s.name} ({s.shop_id})" for s in found))
    return found[0]


def shop_scope(view: ChainView, shop: ShopRef) -> ResolvedScope:
    """One shop's rows. When no device known here belongs to any other shop (a hub with one shop), every row
    is the shop's and the query runs unfiltered, as fast as with no hub."""
    scope = ReportScope(ScopeKind.SHOP.value, shop.shop_id, shop.name)
    if all(d.shop_id == shop.shop_id for d in view.devices):
        return ResolvedScope(scope, None)
    return ResolvedScope(scope, view.installs(shop.shop_id))


def chain_scope(view: ChainView) -> ResolvedScope:
    return ResolvedScope(ReportScope(ScopeKind.CHAIN.value, shops=view.shops()), None)


def check_viewer(viewer: StaffMember | None, *, own_shop: bool, what: Phrase | None) -> None:
    """A manager may read their own shop's figures; another shop's, or the whole chain's, need an owner.

    `viewer` None means the caller did not say who is asking (a command run at the device, as before hubs):
    the device's own figures, and nothing more.
    """
    if viewer is not None and (not viewer.active or not viewer.role.at_least(Role.MANAGER)):
        raise PermissionDenied("report.reports_manager_only")
    if own_shop:
        return
    if viewer is None or viewer.role != Role.OWNER:
        raise PermissionDenied("report.chain_owner_only", what=what)


def decide(view: ChainView, viewer: StaffMember | None, *, shop: str | None = None,
           chain: bool = False) -> ResolvedScope:
    """The scope asked for, if this viewer may see it. `shop` None: this device's own shop when it is joined
    to a hub, everything it holds when not."""
    if shop is not None and chain:
        raise InvalidInput("report.scope_both")
    if view.own_shop is None:
        if shop is not None or chain:
            raise InvalidInput("report.no_chain")
        check_viewer(viewer, own_shop=True, what=None)
        return ResolvedScope(EVERYTHING, None)
    if chain:
        check_viewer(viewer, own_shop=False, what=Phrase("report.chain_figures"))
        return chain_scope(view)
    target = view.own_shop if shop is None else find_shop(view, shop)
    own = target.shop_id == view.own_shop.shop_id
    check_viewer(viewer, own_shop=own, what=Phrase("report.shop_figures", {"shop": target.name}))
    return shop_scope(view, target)


class ChainScopes:
    """Reads the chain and the viewer, then `decide`s. Without a directory it is a device with no hub."""

    def __init__(self, directory: ChainDirectory | None = None,
                 uow_factory: UnitOfWorkFactory | None = None) -> None:
        self.directory = directory
        self.uow_factory = uow_factory

    def view(self) -> ChainView:
        return self.directory.view() if self.directory is not None else ChainView()

    def shops(self) -> tuple[ShopRef, ...]:
        """The chain's shops, this device's own first; empty with no hub."""
        return self.view().shops()

    def own_shop(self) -> ShopRef | None:
        return self.view().own_shop

    def staff(self, viewer: str | None) -> StaffMember | None:
        if viewer is None:
            return None
        found = None
        if self.uow_factory is not None:
            with self.uow_factory(readonly=True) as uow:
                found = uow.staff.get(viewer)
        if found is None or not found.active:
            raise PermissionDenied("staff.unknown")
        return found

    def resolve(self, *, shop: str | None = None, chain: bool = False, viewer: str | None = None) -> ResolvedScope:
        return decide(self.view(), self.staff(viewer), shop=shop, chain=chain)

    def every_shop(self, *, viewer: str | None) -> tuple[ResolvedScope, tuple[ResolvedScope, ...]]:
        """The chain and each of its shops (an owner only): what a per-shop table adds up."""
        view = self.view()
        whole = decide(view, self.staff(viewer), chain=True)
        return whole, tuple(shop_scope(view, s) for s in view.shops())


__all__ = ["EVERYTHING", "ChainScopes", "ReportScope", "ResolvedScope", "ScopeKind", "check_viewer",
           "decide", "find_shop", "shop_scope"]
