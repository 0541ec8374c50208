"""The fakes keep up with the ports: every Protocol method exists with the same parameters, and the fake unit of
work has the real one's transaction semantics (nothing visible before commit, nothing kept without it)."""

from __future__ import annotations

import inspect
from datetime import date

import pytest

from kiosk.domain.members import Member
from kiosk.services import ports
from kiosk.services.ports.offers import OfferStore
from tests.unit.fakes import T0, FakeStore, FakeUnitOfWork

REPOSITORIES = {
    "members": ports.MemberRepository, "ledger": ports.LedgerRepository, "sales": ports.SaleRepository,
    "staff": ports.StaffRepository, "commands": ports.CommandLog, "outbox": ports.Outbox,
    "print_jobs": ports.PrintJobs, "vouchers": ports.VoucherRepository, "keys": ports.KeyStore,
    "audit": ports.AuditLog, "tiers": ports.TierRepository, "kv": ports.KeyValue, "offers": OfferStore,
    "records": ports.RecordChain,
}


def protocol_methods(protocol: type) -> dict[str, inspect.Signature]:
    return {name: inspect.signature(fn) for name, fn in vars(protocol).items()
            if callable(fn) and not name.startswith("_")}


def test_the_unit_of_work_has_every_repository() -> None:
    declared = set(ports.UnitOfWork.__annotations__)
    assert declared == set(REPOSITORIES), "a repository was added to UnitOfWork: give the fakes one too"


@pytest.mark.parametrize("attribute", sorted(REPOSITORIES))
def test_every_port_method_is_faked_with_the_same_parameters(attribute: str) -> None:
    with FakeStore()() as uow:
        fake = getattr(uow, attribute)
    for name, signature in protocol_methods(REPOSITORIES[attribute]).items():
        assert hasattr(fake, name), f"{type(fake).__name__} lacks {name}(): add it to tests/unit/fakes.py"
        wanted = [(p.name, p.kind) for p in signature.parameters.values()]
        got = [(p.name, p.kind) for p in inspect.signature(getattr(type(fake), name)).parameters.values()]
        assert got == wanted, f"{type(fake).__name__}.{name}{inspect.signature(getattr(type(fake), name))}"


def member(member_id: str = "m1") -> Member:
    return Member(id=member_id, short_id="ABCDEFGH", name="Nok", phone="+66812345678", email=None, birthday=None,
                  language="th", consent_version="v", consent_at=T0, enrolled_at=T0, referral_code="REF123")


def test_writes_are_invisible_until_commit_and_lost_without_it() -> None:
    store = FakeStore()
    with store() as uow:
        uow.members.add(member(), device_id="d", business_date=date(2026, 3, 10))
        with store(readonly=True) as other:
            assert other.members.get("m1") is None  # not committed yet
    with store(readonly=True) as uow:
        assert uow.members.count() == 0  # left without commit: rolled back
    with store() as uow:
        uow.members.add(member(), device_id="d", business_date=date(2026, 3, 10))
        uow.commit()
        uow.kv.set("after", "commit")  # a later write in the same block needs its own commit
    with store(readonly=True) as uow:
        assert uow.members.count() == 1 and uow.kv.get("after") is None


def test_rollback_discards_and_readonly_cannot_commit() -> None:
    store = FakeStore()
    with store() as uow:
        uow.kv.set("a", "1")
        uow.rollback()
        assert uow.kv.get("a") is None
        uow.kv.set("b", "2")
        uow.commit()
    with store(readonly=True) as uow:
        assert (uow.kv.get("a"), uow.kv.get("b")) == (None, "2")
        with pytest.raises(RuntimeError):
            uow.commit()
    assert isinstance(store(), FakeUnitOfWork)
