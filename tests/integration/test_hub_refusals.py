"""Why the hub refuses, in the reader's language (issue 17): the hub's functions give a catalogue code with its
values (hub.refused.*), never a sentence; `kiosk hub status` says it in Thai on a Thai shop, with no English word,
and in English when asked. A hub older than the app (its functions not upgraded yet) still shows its English as it
wrote it, and once `kiosk hub upgrade` brought its functions up to date the device goes on with it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy.exc import DBAPIError

from kiosk.adapters.hub.admin import prepare_hub
from kiosk.adapters.hub.schema import HUB_VERSION
from kiosk.cli import main
from kiosk.domain.errors import Conflict
from kiosk.domain.text import Phrase
from kiosk.l10n.catalogue import format_value
from kiosk.services.ports.hub import HubRefused
from tests.support.hub import PHONES, T0, Device, HubDatabase, ShopTemplate, hub, hub_shop  # noqa: F401  (fixtures: shop, a fresh copy of the hub's shop, and hub)

pytestmark = pytest.mark.postgres

ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


def edit_last_entry(device: Device) -> None:
    """Points of the device's last ledger entry changed in its own file behind the app's back."""
    with device.app.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER postings_no_update")
        conn.exec_driver_sql("UPDATE postings SET amount = amount * 10 WHERE amount > 0 AND entry_id = "
                             "(SELECT id FROM ledger_entries ORDER BY seq DESC LIMIT 1)")


def kiosk(device: Device, *args: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    """The `kiosk` command on the device's data folder, in process; what it printed."""
    device.close()
    monkeypatch.setenv("KIOSK_NOW", T0.isoformat())
    capsys.readouterr()
    code = main(["--data-dir", str(device.data_dir), *args])
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in err, err
    return out


def refused_lines(text: str, *words: str) -> list[str]:
    return [line for line in text.splitlines() if any(word in line for word in words)]


def test_a_refused_push_is_said_in_thai_with_no_english_word_and_in_english(
        shop: list[Device], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _, c2, _ = shop
    c2.sell(PHONES[0])
    edit_last_entry(c2)
    report = c2.app.services.hub.sync_once()
    # the hub's reason is a code with its values, kept so on the device and said by whoever reads it
    assert isinstance(report.refused, Phrase) and report.refused.code == "hub.refused.entry_altered"
    entry, seq = str(report.refused.params["entry"]), report.refused.params["seq"]
    assert isinstance(seq, int) and seq > 0
    assert c2.app.services.hub.status().refused == report.refused
    assert format_value(report.refused, "th") == (
        f"รายการที่ {seq}: ข้อมูลของรายการบัญชี {entry} ไม่ตรงกับรหัสตรวจสอบ (อาจถูกแก้ไข)")

    thai = kiosk(c2, "hub", "status", "--check", capsys=capsys, monkeypatch=monkeypatch)
    said = refused_lines(thai, "ฮับไม่รับ")
    # this device's own note of it, and the refusal the hub keeps, listed by --check
    assert len(said) == 2 and said[0].startswith("ฮับไม่รับ: ") and said[1].startswith(f"ฮับไม่รับรายการ {seq} "), thai
    for line in said:
        assert line.endswith(format_value(report.refused, "th")), line
        assert not ENGLISH_WORD.findall(line.replace(entry, "")), line  # the entry's id is the one Latin word

    english = kiosk(c2, "--language", "en", "hub", "status", "--check", capsys=capsys, monkeypatch=monkeypatch)
    reason = f"Item {seq}: ledger entry {entry}: its hash does not match its contents."
    own, kept = refused_lines(english, "Refused")
    assert own == f"Refused by the hub: {reason}"
    assert kept.startswith(f"Refused item {seq} at ") and kept.endswith(f": {reason}")  # at the hub's moment

    scripted = json.loads(kiosk(c2, "--json", "hub", "status", capsys=capsys, monkeypatch=monkeypatch))
    assert scripted["refused"] == {"code": "hub.refused.entry_altered", "params": {"entry": entry, "seq": seq}}


def test_the_hubs_errors_are_codes_too(shop: list[Device]) -> None:
    c1, _, _ = shop
    own = c1.app.services.hub.store.state().install_id
    assert own is not None
    with pytest.raises(HubRefused) as refused:
        c1.app.services.hub.remote().revoke(own)
    assert refused.value.said == Phrase("hub.refused.revoke_self")
    # through the service, a refusal like any other (it was an exception no edge could word): said in Thai
    with pytest.raises(Conflict) as conflict:
        c1.app.services.hub.revoke("C1", approved_by=c1.owner())
    assert conflict.value.code == "hub.refused"
    assert format_value(conflict.value, "th") == (
        "ฮับไม่ยอมเลิกใช้เครื่องนั้น: เครื่องเลิกใช้ตัวเองไม่ได้ ให้สั่งจากเครื่องอื่น")
    assert format_value(conflict.value, "en") == (
        "The hub refused to retire the device: A device cannot retire itself: retire it from another device.")


# hub_push and hub_revoke as a hub of version 3 had them, for what the device sees: English sentences.
OLDER_HUB = r"""
CREATE OR REPLACE FUNCTION hub_push(p_install text, p_items jsonb, p_pending bigint DEFAULT 0) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE i hub_installs; seq bigint := (p_items->0->>'seq')::bigint; reason text;
BEGIN
    i := hub_caller(p_install);
    reason := format('item %s does not chain onto item %s (forged or edited)', seq, i.journal_seq);
    INSERT INTO hub_refusals (install_id, install_seq, reason) VALUES (i.install_id, seq, reason);
    RETURN jsonb_build_object('accepted', 0, 'duplicates', 0,
                              'refused', jsonb_build_object('seq', seq, 'reason', reason));
END $$;
CREATE OR REPLACE FUNCTION hub_revoke(p_install text, p_target text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    RAISE EXCEPTION 'hub: a device cannot revoke itself' USING ERRCODE = '42501';
END $$;
UPDATE hub_meta SET value = '3' WHERE key = 'version';
"""


def test_an_older_hubs_english_shows_as_written_and_once_upgraded_the_device_goes_on(
        shop: list[Device], hub: HubDatabase, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    _, c2, _ = shop
    c2.sell(PHONES[0])
    try:
        with hub.engine.begin() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.cursor().execute(OLDER_HUB)  # straight to the driver: its % signs are the function's
        report = c2.app.services.hub.sync_once()
        assert isinstance(report.refused, str) and report.refused.startswith("item ")
        assert report.refused.endswith(" (forged or edited)")
        older = report.refused
        status = c2.app.services.hub.status(ask_hub=True)
        assert status.refused == older and [r.reason for r in status.refusals] == [older]
        thai = kiosk(c2, "hub", "status", capsys=capsys, monkeypatch=monkeypatch)
        assert f"ฮับไม่รับ: {older}" in thai.splitlines()  # the older hub's words, in the Thai line around them
        with pytest.raises(HubRefused) as refused:
            c2.app.services.hub.remote().revoke("C1")
        assert refused.value.said == "a device cannot revoke itself"  # an older hub's error: its words, as written
    finally:
        # `kiosk hub upgrade`: this app's functions replace the older hub's
        upgraded = kiosk(c2, "--language", "en", "hub", "upgrade", hub.url, capsys=capsys, monkeypatch=monkeypatch)
    assert upgraded.strip() == "The hub is up to date."
    assert hub.scalar("SELECT value FROM hub_meta WHERE key = 'version'") == HUB_VERSION
    c2.sync()  # the upgraded hub takes what the older one refused
    status = c2.app.services.hub.status(ask_hub=True)
    assert status.refused is None and status.pending == 0
    assert [r.reason for r in status.refusals] == [older]  # kept as it was written
    c2.sell(PHONES[0])
    edit_last_entry(c2)
    c2.app.services.hub.sync_once()
    newer = [r.reason for r in c2.app.services.hub.status(ask_hub=True).refusals]
    assert newer[1:] == [older] and isinstance(newer[0], Phrase), newer


# A hub of a version after this app's: hub_revoke refuses with a code this app's catalogue does not have, and
# hub_push with a reason of such a code.
NEWER_HUB = r"""
CREATE OR REPLACE FUNCTION hub_revoke(p_install text, p_target text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'hub: hub.refused.revoke_needs_two',
        DETAIL = '{"code": "hub.refused.revoke_needs_two", "params": {}}';
END $$;
CREATE OR REPLACE FUNCTION hub_push(p_install text, p_items jsonb, p_pending bigint DEFAULT 0) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    PERFORM hub_caller(p_install);
    RETURN jsonb_build_object('accepted', 0, 'duplicates', 0, 'refused', jsonb_build_object(
        'seq', (p_items->0->>'seq')::bigint, 'reason', '{"code": "hub.refused.item_too_new", "params": {}}'));
END $$;
UPDATE hub_meta SET value = '9' WHERE key = 'version';
"""


@pytest.fixture
def other_hub(hub: HubDatabase) -> Iterator[Callable[[str], None]]:
    """The hub's functions changed as the owner would (another version's), and this app's put back afterwards
    (`kiosk hub upgrade`): the module's hub is shared by its tests."""

    def as_owner(sql: str) -> None:
        with hub.engine.begin() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.cursor().execute(sql)  # straight to the driver: its % signs are the function's

    try:
        yield as_owner
    finally:
        prepare_hub(hub.engine)


def test_a_newer_hubs_answer_this_device_cannot_read_says_to_update_this_device(
        shop: list[Device], other_hub: Callable[[str], None]) -> None:
    """Before version 5 a device older than its hub showed the hub's new refusal as its bare code (or a JSON); now
    it asks the hub's version and says which of the two to update, in its reader's language."""
    c1, c2, _ = shop
    other_hub(NEWER_HUB)
    update_me = Phrase("hub.error.device_older", {"hub": "9", "device": HUB_VERSION})
    with pytest.raises(HubRefused) as refused:
        c1.app.services.hub.remote().revoke("C2")
    assert refused.value.said == update_me
    c2.sell(PHONES[0])
    assert c2.app.services.hub.sync_once().refused == update_me
    assert format_value(update_me, "th") == (
        f"ฮับเป็นรุ่นใหม่กว่า (9) เครื่องนี้ ({HUB_VERSION}) ให้อัปเดต Loyalty Kiosk ในเครื่องนี้")


def test_an_older_hub_missing_a_function_says_to_upgrade_the_hub(shop: list[Device],
                                                                 other_hub: Callable[[str], None]) -> None:
    """A hub before version 5 has no hub_version(), and one of this app's functions may not be there yet: the
    device says to upgrade the hub (it said the database's own error, in the server's language)."""
    c1, _, _ = shop
    # hub_backlog as it would be if it called a function this hub does not have yet (a dropped function would
    # lose the devices' grants, and the module's hub is shared)
    other_hub("DROP FUNCTION hub_version(); UPDATE hub_meta SET value = '4' WHERE key = 'version';"
              "CREATE OR REPLACE FUNCTION hub_backlog(p_install text, p_after bigint) "
              "RETURNS TABLE (last_seq bigint, waiting bigint) LANGUAGE plpgsql SECURITY DEFINER "
              "SET search_path = public AS $$ BEGIN RETURN QUERY SELECT * FROM hub_backlog_v6(p_install, p_after); "
              "END $$;")
    with pytest.raises(HubRefused) as refused:
        c1.app.services.hub.remote().backlog(0)
    assert refused.value.said == Phrase("hub.error.hub_older", {"hub": "< 5", "device": HUB_VERSION})
    assert not ENGLISH_WORD.findall(format_value(refused.value.said, "th").replace("Loyalty Kiosk", "")
                                    .replace("kiosk hub upgrade", ""))


def test_the_hubs_version_is_anyones_to_ask_and_says_this_apps(hub: HubDatabase, shop: list[Device]) -> None:
    c1, _, _ = shop
    assert c1.app.services.hub.remote().versions_apart() is None  # a device that joined before it needs no grant
    assert hub.scalar("SELECT hub_version()") == HUB_VERSION


def test_an_error_that_is_not_about_versions_stays_that_error(shop: list[Device],
                                                              other_hub: Callable[[str], None]) -> None:
    """Only a function the hub lacks or a code this device does not know asks the version: a refused permission
    on a hub of any version is that error, not "upgrade the hub" (a review found it said so on a hub before 5)."""
    c1, _, _ = shop
    other_hub("DROP FUNCTION hub_version(); UPDATE hub_meta SET value = '4' WHERE key = 'version';"
              "CREATE OR REPLACE FUNCTION hub_backlog(p_install text, p_after bigint) "
              "RETURNS TABLE (last_seq bigint, waiting bigint) LANGUAGE plpgsql SECURITY DEFINER "
              "SET search_path = public AS $$ BEGIN RAISE EXCEPTION 'not for you' USING ERRCODE = '42501'; END $$;")
    with pytest.raises(DBAPIError) as failed:
        c1.app.services.hub.remote().backlog(0)
    assert "not for you" in str(failed.value)


@pytest.mark.parametrize(("state", "code"), [("23514", "hub.refused.not_stored_conflict"),
                                              ("22023", "hub.refused.not_stored_value"),
                                              ("55000", "hub.refused.not_stored_failed")])
def test_an_item_the_hubs_database_will_not_store_is_said_by_its_kind_not_in_the_servers_words(
        shop: list[Device], hub: HubDatabase, state: str, code: str) -> None:
    """The hub refused such an item with PostgreSQL's own sentence inside (in the server's language); from version 5
    by the kind of failure, which the device says in its reader's language, the sentence kept as a value for the
    log. Once the cause is gone, the next sync takes the item."""
    c1, _, _ = shop
    with hub.engine.begin() as conn:  # the hub's owner: a member named so is refused by the hub's database
        conn.exec_driver_sql(
            "CREATE FUNCTION hub_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF NEW.name = 'Refuse Me' THEN RAISE EXCEPTION 'the server''s own words' USING ERRCODE = '{state}'; "
            "END IF; RETURN NEW; END $$")
        conn.exec_driver_sql("CREATE TRIGGER hub_test_refuse BEFORE INSERT OR UPDATE ON members FOR EACH ROW "
                             "EXECUTE FUNCTION hub_test_refuse()")
    try:
        c1.enroll("0899999999", "Refuse Me")
        refused = c1.app.services.hub.sync_once().refused
        assert isinstance(refused, Phrase) and refused.code == code, refused
        assert refused.params["state"] == state and "the server's own words" in str(refused.params["detail"])
        thai = format_value(refused, "th")
        assert thai.startswith("ฮับบันทึกรายการที่ ") and "server" not in thai
        assert not ENGLISH_WORD.findall(thai), thai
        assert "server" not in format_value(refused, "en")
    finally:
        with hub.engine.begin() as conn:
            conn.exec_driver_sql("DROP TRIGGER hub_test_refuse ON members")
            conn.exec_driver_sql("DROP FUNCTION hub_test_refuse()")
    c1.sync()  # the cause gone: the item goes through
