"""The hub's own objects, on top of the shop schema (the same Alembic migrations): who the devices are, the log
every device pulls from, and the functions that are a device's only way in.

A device connects with its own PostgreSQL role, which may do nothing but call these functions. They run as the
hub's owner (SECURITY DEFINER) and check everything a device sends before it becomes shop data:

- the item comes from the role's own installation, which has not been revoked;
- its number is the next in that installation's stream (a gap is refused; an item already accepted is
  acknowledged again only when its hash is the one accepted, anything else is a replay and refused);
- it chains onto the stream's last hash, and what it carries chains too: a ledger entry onto its device's
  ledger chain (sha256 of the previous hash and the entry's canonical text), an audit record onto its audit
  chain, a sale, refund or voucher onto its record chain with the digest of the row it carries.

Accepted items are materialised into the shop tables from the very text that was hashed, so what the hub holds
is what was proved. Pushes take one lock, so the log's numbers (`hub_seq`) are handed out in commit order and
a puller's cursor never skips a row that commits late. The first refused item stops the push: the items
before it stay accepted, the refusal is kept with its reason, and the device shows it. A reason is a catalogue
code with its values (hub_reason), never a sentence: each device says it in its reader's language.
"""

from __future__ import annotations

HUB_VERSION = "6"  # 2: hub_push announces accepted pushes (NOTIFY kiosk_hub_push); 3: contacts at hub_now();
# 4: refusals are catalogue codes with their values (hub_reason), not English sentences; 5: hub_version(), which
# a device asks when the hub answers what it cannot read (kiosk.adapters.hub.remote: which of the two to update),
# and an item the database would not store is refused by the kind of failure (not_stored_*), not its English;
# 6: hub_pull leaves out a row the caller itself sent again later (outdone), so last sent wins on every device

# Rows edited in place that a device may upsert, each by its key (vouchers: only their redemption).
ROW_KEYS = {"members": "id", "member_cards": "id", "member_tiers": "member_id", "staff": "id",
            "signing_keys": "id", "vouchers": "id", "shop_settings": "shop_id", "member_offers": "offer_id, member_id"}
RECORD_TABLES = ("sales", "refunds", "vouchers")

TABLES = r"""
CREATE TABLE IF NOT EXISTS hub_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS hub_shops (
    shop_id text PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS hub_installs (
    install_id text PRIMARY KEY, shop_id text NOT NULL REFERENCES hub_shops, name text NOT NULL,
    db_role text NOT NULL UNIQUE, joined_at timestamptz NOT NULL DEFAULT now(), revoked_at timestamptz,
    last_contact timestamptz, pending bigint NOT NULL DEFAULT 0,
    journal_seq bigint NOT NULL DEFAULT 0, journal_head text NOT NULL DEFAULT repeat('0', 64));
CREATE TABLE IF NOT EXISTS hub_labels (
    device_id text PRIMARY KEY, install_id text NOT NULL REFERENCES hub_installs, label text NOT NULL UNIQUE,
    role text NOT NULL);
CREATE TABLE IF NOT EXISTS hub_log (
    hub_seq bigserial PRIMARY KEY, install_id text NOT NULL, install_seq bigint NOT NULL, hash text NOT NULL,
    kind text NOT NULL, device_id text, ref_table text NOT NULL, ref_id text NOT NULL, body text NOT NULL,
    accepted_at timestamptz NOT NULL DEFAULT now(), UNIQUE (install_id, install_seq));
CREATE TABLE IF NOT EXISTS hub_refusals (
    id bigserial PRIMARY KEY, install_id text NOT NULL, install_seq bigint, at timestamptz NOT NULL DEFAULT now(),
    reason text NOT NULL);
-- outdone()'s question, asked of every row a device pulls: has this device sent the same row since?
CREATE INDEX IF NOT EXISTS hub_log_rows ON hub_log (install_id, ref_table, ref_id, hub_seq) WHERE kind = 'row';
CREATE TABLE IF NOT EXISTS hub_leases (name text PRIMARY KEY, holder text NOT NULL, until timestamptz NOT NULL);
CREATE TABLE IF NOT EXISTS shop_settings (
    shop_id text PRIMARY KEY, body text NOT NULL, install_id text NOT NULL, changed_at timestamptz NOT NULL);

CREATE OR REPLACE FUNCTION hub_log_append_only() RETURNS trigger AS $$ BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS hub_log_append_only ON hub_log;
CREATE TRIGGER hub_log_append_only BEFORE UPDATE OR DELETE ON hub_log
    FOR EACH ROW EXECUTE FUNCTION hub_log_append_only();
DROP TRIGGER IF EXISTS hub_refusals_append_only ON hub_refusals;
CREATE TRIGGER hub_refusals_append_only BEFORE UPDATE OR DELETE ON hub_refusals
    FOR EACH ROW EXECUTE FUNCTION hub_log_append_only();
"""

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION hub_sha(p text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT encode(sha256(convert_to(p, 'UTF8')), 'hex') $$;

-- When the hub heard from a device: the server's clock, unless hub_meta's 'pinned_now' names a moment (a test or
-- screenshot hub does, as KIOSK_NOW pins a device), so the Devices page's "last contact" and the devices agree.
CREATE OR REPLACE FUNCTION hub_now() RETURNS timestamptz LANGUAGE sql STABLE SET search_path = public AS
$$ SELECT coalesce((SELECT value::timestamptz FROM hub_meta WHERE key = 'pinned_now'), now()) $$;

-- Why the hub refuses, as a device says it: a catalogue code 'hub.refused.<p_code>' (kiosk/l10n/hub.py) with its
-- values, as the JSON text {"code", "params"} a device keeps and says in its reader's language
-- (kiosk.domain.serialization.from_stored). The hub writes no sentence: a Thai shop reads Thai, an English one
-- English. A refused push returns it and hub_refusals keeps it; hub_caller raises it as its error's DETAIL.
CREATE OR REPLACE FUNCTION hub_reason(p_code text, p_params jsonb DEFAULT '{}') RETURNS text
LANGUAGE sql IMMUTABLE AS
$$ SELECT jsonb_build_object('code', 'hub.refused.' || p_code, 'params', coalesce(p_params, '{}'::jsonb))::text $$;

-- A sale, refund or voucher named inside a reason: a phrase of its own ('hub.record.<table>' with its label),
-- in the shape kiosk.domain.serialization gives a phrase inside a message.
CREATE OR REPLACE FUNCTION hub_record_phrase(p_table text, p_label text) RETURNS jsonb LANGUAGE sql IMMUTABLE AS
$$ SELECT jsonb_build_object('phrase', jsonb_build_object(
       'code', 'hub.record.' || p_table, 'params', jsonb_build_object('label', coalesce(p_label, '?')))) $$;

-- The calling role's installation, or an error: a device can act only as itself, and not once revoked.
CREATE OR REPLACE FUNCTION hub_caller(p_install text) RETURNS hub_installs
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE i hub_installs;
BEGIN
    SELECT * INTO i FROM hub_installs WHERE install_id = p_install;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'hub: hub.refused.unknown_device',
            DETAIL = hub_reason('unknown_device', jsonb_build_object('device', p_install));
    END IF;
    IF i.db_role <> session_user AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'hub: hub.refused.wrong_role',
            DETAIL = hub_reason('wrong_role', jsonb_build_object('role', session_user::text, 'device', p_install));
    END IF;
    IF i.revoked_at IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'hub: hub.refused.revoked',
            DETAIL = hub_reason('revoked', jsonb_build_object('device', p_install));
    END IF;
    RETURN i;
END $$;

-- A chain's head as this push left it, else as kv holds it. hub_set_head keeps the heads a push moves in
-- settings local to its transaction (undone with an item's savepoint like everything else) and hub_flush_heads
-- writes each to kv once at the end of the push: one kv row rewritten per item left hundreds of versions of it in
-- one transaction, and every later read walked them all.
CREATE OR REPLACE FUNCTION hub_head(p_key text) RETURNS text LANGUAGE sql AS
$$ SELECT coalesce(nullif(current_setting('hub_head.k' || md5(p_key), true), ''),
                   (SELECT value FROM kv WHERE key = p_key), repeat('0', 64)) $$;

CREATE OR REPLACE FUNCTION hub_set_head(p_key text, p_value text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE moved text := coalesce(current_setting('hub_head.keys', true), '');
BEGIN
    PERFORM set_config('hub_head.k' || md5(p_key), p_value, true);
    IF position('|' || p_key || '|' IN moved) = 0 THEN
        PERFORM set_config('hub_head.keys', coalesce(nullif(moved, ''), '|') || p_key || '|', true);
    END IF;
END $$;

CREATE OR REPLACE FUNCTION hub_flush_heads() RETURNS void LANGUAGE plpgsql AS $$
DECLARE k text;
BEGIN
    FOR k IN SELECT x FROM unnest(string_to_array(coalesce(current_setting('hub_head.keys', true), ''), '|')) x
             WHERE x <> '' LOOP
        INSERT INTO kv (key, value) VALUES (k, current_setting('hub_head.k' || md5(k)))
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
    END LOOP;
    PERFORM set_config('hub_head.keys', '', true);
END $$;

-- The columns of `p_table` that `p_row` names. Read from the catalogue itself: information_schema.columns is a
-- view over several catalogues with privilege checks, and asking it once per pushed row made it most of a push.
CREATE OR REPLACE FUNCTION hub_columns(p_table text, p_row jsonb) RETURNS text[]
LANGUAGE sql STABLE AS $$
    SELECT array_agg(a.attname::text ORDER BY a.attnum)
    FROM pg_attribute a
    WHERE a.attrelid = format('%I.%I', current_schema(), p_table)::regclass
      AND a.attnum > 0 AND NOT a.attisdropped AND p_row ? a.attname
$$;

CREATE OR REPLACE FUNCTION hub_quoted(p_columns text[]) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT string_agg(quote_ident(c), ',') FROM unnest(p_columns) c $$;

-- A sale's money given back and its status, from its refunds (kiosk.domain.refunds.status_after_refunds).
CREATE OR REPLACE FUNCTION hub_refresh_sale(p_sale text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE s record; last_kind text; whole boolean; given bigint;
BEGIN
    SELECT * INTO s FROM sales WHERE id = p_sale;
    IF NOT FOUND THEN RETURN; END IF;
    SELECT coalesce(sum(amount_minor), 0) INTO given FROM refunds WHERE sale_id = p_sale;
    SELECT kind INTO last_kind FROM refunds WHERE sale_id = p_sale ORDER BY created_at DESC, id DESC LIMIT 1;
    IF last_kind IS NULL THEN
        UPDATE sales SET status = 'completed', refunded_minor = 0 WHERE id = p_sale;
        RETURN;
    END IF;
    WITH lines AS (
        SELECT (x.i - 1)::int AS idx, (x.e->>'quantity')::int AS qty
        FROM jsonb_array_elements(s.lines_json::jsonb) WITH ORDINALITY AS x(e, i)),
    taken AS (
        SELECT l.idx, sum(l.qty) AS qty FROM refunds r
        CROSS JOIN LATERAL (
            SELECT (e->>'index')::int AS idx, (e->>'quantity')::int AS qty
            FROM jsonb_array_elements(coalesce(r.lines_json, '[]')::jsonb) e
            UNION ALL
            SELECT lines.idx, lines.qty FROM lines
            WHERE coalesce(r.lines_json, '[]')::jsonb = '[]'::jsonb) l
        WHERE r.sale_id = p_sale GROUP BY l.idx)
    SELECT bool_and(coalesce(taken.qty, 0) >= lines.qty) INTO whole
    FROM lines LEFT JOIN taken ON taken.idx = lines.idx;
    UPDATE sales SET refunded_minor = given,
        status = CASE WHEN coalesce(whole, true) THEN CASE WHEN last_kind = 'void' THEN 'voided' ELSE 'refunded' END
                      ELSE 'partly_refunded' END
    WHERE id = p_sale;
END $$;

CREATE OR REPLACE FUNCTION hub_accept_entry(p_device text, p_body jsonb) RETURNS text LANGUAGE plpgsql AS $$
DECLARE canon text := p_body->>'canonical'; v jsonb; prev text := p_body->>'prev_hash';
        h text := p_body->>'hash'; p jsonb; acct text; n int;
BEGIN
    v := canon::jsonb;
    IF v->>'device_id' IS DISTINCT FROM p_device THEN RETURN hub_reason('entry_other_device'); END IF;
    IF prev IS DISTINCT FROM hub_head('chain_head:' || p_device) THEN
        RETURN hub_reason('entry_unchained', jsonb_build_object('entry', coalesce(v->>'id', '?')));
    END IF;
    IF hub_sha(prev || canon) IS DISTINCT FROM h THEN
        RETURN hub_reason('entry_altered', jsonb_build_object('entry', coalesce(v->>'id', '?')));
    END IF;
    INSERT INTO ledger_entries (id, device_id, created_at, business_date, kind, member_id, sale_id, reverses_id,
                                command_id, staff_id, memo, flags, prev_hash, hash)
    VALUES (v->>'id', p_device, (v->>'created_at')::timestamptz, (v->>'business_date')::date, v->>'kind',
            v->>'member_id', v->>'sale_id', v->>'reverses_id', v->>'command_id', v->>'staff_id',
            coalesce(v->>'memo', ''),
            coalesce((SELECT string_agg(f, ',' ORDER BY f) FROM jsonb_array_elements_text(v->'flags') f), ''),
            prev, h)
    ON CONFLICT (id) DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN RETURN hub_reason('entry_known', jsonb_build_object('entry', v->>'id')); END IF;
    FOR p IN SELECT value FROM jsonb_array_elements(v->'postings') LOOP
        acct := p->>0;
        INSERT INTO postings (entry_id, account, unit, amount, member_id, expires_at)
        VALUES (v->>'id', acct, p->>1, (p->>2)::bigint,
                CASE WHEN acct LIKE 'member:%' THEN split_part(acct, ':', 2) END, (p->>3)::timestamptz);
    END LOOP;
    -- The balances move once per push for all its entries (hub_add_balances): one row updated per posting
    -- left a program account's row with hundreds of versions in one transaction, each read walking them all.
    PERFORM hub_set_head('chain_head:' || p_device, h);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION hub_accept_audit(p_device text, p_body jsonb) RETURNS text LANGUAGE plpgsql AS $$
DECLARE canon text := p_body->>'canonical'; v jsonb; prev text := p_body->>'prev_hash'; h text := p_body->>'hash';
BEGIN
    v := canon::jsonb;  -- [id, at, device, staff, action, subject, details_json]
    IF v->>2 IS DISTINCT FROM p_device THEN RETURN hub_reason('audit_other_device'); END IF;
    IF prev IS DISTINCT FROM hub_head('audit_head:' || p_device) THEN
        RETURN hub_reason('audit_unchained', jsonb_build_object('record', coalesce(v->>0, '?')));
    END IF;
    IF hub_sha(prev || canon) IS DISTINCT FROM h THEN
        RETURN hub_reason('audit_altered', jsonb_build_object('record', coalesce(v->>0, '?')));
    END IF;
    INSERT INTO audit_log (id, at, device_id, staff_id, action, subject, details_json, prev_hash, hash)
    VALUES (v->>0, (v->>1)::timestamptz, p_device, v->>3, v->>4, v->>5, v->>6, prev, h)
    ON CONFLICT (id) DO NOTHING;
    PERFORM hub_set_head('audit_head:' || p_device, h);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION hub_accept_record(p_device text, p_body jsonb) RETURNS text LANGUAGE plpgsql AS $$
DECLARE tbl text := p_body->>'table'; rid text := p_body->>'id'; label text := p_body->>'label';
        dig text := p_body->>'digest'; dtext text := p_body->>'digest_text'; prev text := p_body->>'prev_hash';
        h text := p_body->>'hash'; r jsonb; cols text; n int; what jsonb;
BEGIN
    IF tbl NOT IN ('sales', 'refunds', 'vouchers') THEN
        RETURN hub_reason('record_kind', jsonb_build_object('table', coalesce(tbl, '?')));
    END IF;
    what := jsonb_build_object('record', hub_record_phrase(tbl, label));
    IF prev IS DISTINCT FROM hub_head('records_head:' || p_device) THEN
        RETURN hub_reason('record_unchained', what);
    END IF;
    IF hub_sha(dtext) IS DISTINCT FROM dig
       OR hub_sha(prev || '|' || tbl || '|' || rid || '|' || dig) IS DISTINCT FROM h THEN
        RETURN hub_reason('record_altered', what);
    END IF;
    IF (dtext::jsonb)->>0 IS DISTINCT FROM tbl THEN RETURN hub_reason('record_other_kind', what); END IF;
    SELECT jsonb_object_agg(e->>0, e->1) INTO r FROM jsonb_array_elements((dtext::jsonb)->1) e;
    IF r->>'id' IS DISTINCT FROM rid THEN RETURN hub_reason('record_other_row', what); END IF;
    IF tbl <> 'vouchers' AND r->>'device_id' IS DISTINCT FROM p_device THEN
        RETURN hub_reason('record_other_device', what);
    END IF;
    r := r || coalesce(p_body->'mutable', '{}'::jsonb);
    cols := hub_quoted(hub_columns(tbl, r));
    EXECUTE format('INSERT INTO %I (%s) SELECT %s FROM jsonb_populate_record(NULL::%I, $1) ON CONFLICT DO NOTHING',
                   tbl, cols, cols, tbl) USING r;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN
        EXECUTE format('SELECT count(*) FROM %I WHERE id = $1', tbl) INTO n USING rid;
        IF n = 0 THEN RETURN hub_reason('record_clash', what); END IF;
    END IF;
    INSERT INTO record_chain (device_id, record_table, record_id, label, digest, prev_hash, hash)
    VALUES (p_device, tbl, rid, label, dig, prev, h);
    PERFORM hub_set_head('records_head:' || p_device, h);
    IF tbl = 'refunds' THEN PERFORM hub_refresh_sale(r->>'sale_id'); END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION hub_accept_row(p_install hub_installs, p_text text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE v jsonb := p_text::jsonb; tbl text := v->>'table'; r jsonb := v->'row'; k text; cols text; sets text;
        n int; names text[];
BEGIN
    k := CASE tbl WHEN 'members' THEN 'id' WHEN 'member_cards' THEN 'id' WHEN 'member_tiers' THEN 'member_id'
                  WHEN 'staff' THEN 'id' WHEN 'signing_keys' THEN 'id' WHEN 'vouchers' THEN 'id'
                  WHEN 'shop_settings' THEN 'shop_id' WHEN 'member_offers' THEN 'offer_id' END;
    IF k IS NULL OR r IS NULL OR r->>k IS NULL THEN
        RETURN hub_reason('row_kind', jsonb_build_object('table', coalesce(tbl, '?')));
    END IF;
    IF tbl = 'member_offers' THEN  -- keyed by (offer_id, member_id): one row per member and offer
        IF r->>'member_id' IS NULL THEN RETURN hub_reason('offer_no_member'); END IF;
        names := hub_columns(tbl, r);
        cols := hub_quoted(names);
        SELECT string_agg(format('%I = EXCLUDED.%I', c, c), ',') INTO sets FROM unnest(names) c
        WHERE c NOT IN ('offer_id', 'member_id');
        EXECUTE format('INSERT INTO member_offers (%s) SELECT %s FROM jsonb_populate_record(NULL::member_offers, $1) '
                       'ON CONFLICT (offer_id, member_id) DO UPDATE SET %s', cols, cols, sets) USING r;
        RETURN NULL;
    END IF;
    IF tbl = 'shop_settings' THEN
        IF r->>'shop_id' IS DISTINCT FROM p_install.shop_id THEN RETURN hub_reason('settings_other_shop'); END IF;
        INSERT INTO shop_settings (shop_id, body, install_id, changed_at)
        VALUES (p_install.shop_id, r->>'settings', p_install.install_id, now())
        ON CONFLICT (shop_id) DO UPDATE SET body = EXCLUDED.body, install_id = EXCLUDED.install_id,
                                            changed_at = EXCLUDED.changed_at;
        RETURN NULL;
    END IF;
    IF tbl = 'vouchers' THEN  -- a voucher is issued as a record; only its redemption changes afterwards
        UPDATE vouchers SET redeemed_at = (r->>'redeemed_at')::timestamptz, redeemed_sale_id = r->>'redeemed_sale_id',
                            redeemed_device = r->>'redeemed_device' WHERE id = r->>'id';
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n = 0 THEN RETURN hub_reason('voucher_missing', jsonb_build_object('voucher', r->>'id')); END IF;
        RETURN NULL;
    END IF;
    names := hub_columns(tbl, r);
    cols := hub_quoted(names);
    SELECT string_agg(format('%I = EXCLUDED.%I', c, c), ',') INTO sets FROM unnest(names) c WHERE c <> k;
    EXECUTE format('INSERT INTO %I (%s) SELECT %s FROM jsonb_populate_record(NULL::%I, $1) '
                   'ON CONFLICT (%I) DO UPDATE SET %s', tbl, cols, cols, tbl, k, sets) USING r;
    RETURN NULL;
END $$;

-- The cached balances of the entries one push accepted, added in one statement.
CREATE OR REPLACE FUNCTION hub_add_balances(p_entries text[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO account_balances (account, unit, member_id, balance)
    SELECT account, unit, CASE WHEN account LIKE 'member:%' THEN split_part(account, ':', 2) END, sum(amount)
    FROM postings WHERE entry_id = ANY(p_entries) GROUP BY account, unit
    ON CONFLICT (account, unit) DO UPDATE SET balance = account_balances.balance + EXCLUDED.balance
$$;

-- One push: items in the device's order; returns {"accepted", "duplicates", "refused": null | {"seq", "reason"}},
-- the reason a hub_reason text whose params name the item ("seq") as well.
CREATE OR REPLACE FUNCTION hub_push(p_install text, p_items jsonb, p_pending bigint DEFAULT 0) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE i hub_installs; item jsonb; seq bigint; kind text; dev text; body jsonb; body_text text; reason text;
        accepted int := 0; dups int := 0; known text; inner_hash text; h text; entries text[] := '{}';
BEGIN
    PERFORM pg_advisory_xact_lock(7211405);
    i := hub_caller(p_install);
    FOR item IN SELECT value FROM jsonb_array_elements(p_items) LOOP
        seq := (item->>'seq')::bigint; kind := item->>'kind'; dev := item->>'device';
        inner_hash := item->>'inner'; h := item->>'hash'; reason := NULL;
        IF seq <= i.journal_seq THEN
            SELECT l.hash INTO known FROM hub_log l WHERE l.install_id = i.install_id AND l.install_seq = seq;
            IF known IS NOT DISTINCT FROM h THEN dups := dups + 1; CONTINUE; END IF;
            reason := hub_reason('replayed');
        ELSIF seq <> i.journal_seq + 1 THEN
            reason := hub_reason('gap', jsonb_build_object('last', i.journal_seq, 'first_missing', i.journal_seq + 1,
                                                           'last_missing', seq - 1));
        ELSIF item->>'prev' IS DISTINCT FROM i.journal_head
              OR hub_sha(concat_ws('|', item->>'prev', seq::text, kind, item->>'table', item->>'id', inner_hash))
                 IS DISTINCT FROM h THEN
            reason := hub_reason('unchained', jsonb_build_object('last', i.journal_seq));
        ELSIF dev IS NOT NULL AND NOT (dev LIKE i.install_id || '-%') THEN
            reason := hub_reason('foreign_device', jsonb_build_object('device', dev));
        END IF;
        IF reason IS NULL THEN
            body_text := item->>'body';
            BEGIN
                IF kind = 'entry' THEN
                    body := body_text::jsonb;
                    IF body->>'hash' IS DISTINCT FROM inner_hash THEN reason := hub_reason('entry_not_journalled');
                    ELSE reason := hub_accept_entry(dev, body); END IF;
                ELSIF kind = 'audit' THEN
                    body := body_text::jsonb;
                    IF body->>'hash' IS DISTINCT FROM inner_hash THEN
                        reason := hub_reason('audit_not_journalled');
                    ELSE reason := hub_accept_audit(dev, body); END IF;
                ELSIF kind = 'record' THEN
                    body := body_text::jsonb;
                    IF body->>'hash' IS DISTINCT FROM inner_hash THEN reason := hub_reason('record_not_journalled');
                    ELSE reason := hub_accept_record(dev, body); END IF;
                ELSIF kind = 'row' THEN
                    IF hub_sha(body_text) IS DISTINCT FROM inner_hash THEN
                        reason := hub_reason('row_not_journalled');
                    ELSE reason := hub_accept_row(i, body_text); END IF;
                ELSE
                    reason := hub_reason('unknown_kind', jsonb_build_object('kind', coalesce(kind, '?')));
                END IF;
                IF reason IS NOT NULL THEN RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'hub-refused'; END IF;
            EXCEPTION WHEN OTHERS THEN
                -- the kind of failure by its SQLSTATE's class, which a device says in its reader's language; the
                -- database's own words (in the server's language) kept as a value, for whoever reads the log
                IF reason IS NULL THEN
                    reason := hub_reason(CASE left(SQLSTATE, 2) WHEN '23' THEN 'not_stored_conflict'
                                                               WHEN '22' THEN 'not_stored_value'
                                                               ELSE 'not_stored_failed' END,
                                         jsonb_build_object('state', SQLSTATE, 'detail', SQLERRM));
                END IF;
            END;
        END IF;
        IF reason IS NOT NULL THEN
            reason := jsonb_set(reason::jsonb, '{params,seq}', to_jsonb(seq))::text;  -- which item it was
            PERFORM hub_add_balances(entries);
            PERFORM hub_flush_heads();
            INSERT INTO hub_refusals (install_id, install_seq, reason) VALUES (i.install_id, seq, reason);
            UPDATE hub_installs SET journal_seq = i.journal_seq, journal_head = i.journal_head,
                                    last_contact = hub_now(), pending = greatest(p_pending - accepted - dups, 0)
            WHERE install_id = i.install_id;
            IF accepted > 0 THEN PERFORM pg_notify('kiosk_hub_push', i.install_id); END IF;
            RETURN jsonb_build_object('accepted', accepted, 'duplicates', dups,
                                      'refused', jsonb_build_object('seq', seq, 'reason', reason));
        END IF;
        INSERT INTO hub_log (install_id, install_seq, hash, kind, device_id, ref_table, ref_id, body)
        VALUES (i.install_id, seq, h, kind, dev, item->>'table', item->>'id', body_text);
        i.journal_seq := seq; i.journal_head := h; accepted := accepted + 1;
        IF kind = 'entry' THEN entries := entries || ((body->>'canonical')::jsonb->>'id'); END IF;
    END LOOP;
    PERFORM hub_add_balances(entries);
    PERFORM hub_flush_heads();
    UPDATE hub_installs SET journal_seq = i.journal_seq, journal_head = i.journal_head, last_contact = hub_now(),
                            pending = greatest(p_pending - accepted - dups, 0)
    WHERE install_id = i.install_id;
    -- The other devices listening (kiosk.adapters.hub.remote.PgHubRemote.listen) pull at once, not at their
    -- next interval; PostgreSQL delivers this when the push commits, and only then.
    IF accepted > 0 THEN PERFORM pg_notify('kiosk_hub_push', i.install_id); END IF;
    RETURN jsonb_build_object('accepted', accepted, 'duplicates', dups, 'refused', NULL);
END $$;

-- Everything the other installations sent after `p_after`, in the hub's order, but for rows the caller itself
-- sent again since (outdone() in kiosk.adapters.hub.schema).
CREATE OR REPLACE FUNCTION hub_pull(p_install text, p_after bigint, p_limit int)
RETURNS TABLE (hub_seq bigint, install_id text, kind text, device_id text, ref_table text, ref_id text, body text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    PERFORM hub_caller(p_install);
    UPDATE hub_installs SET last_contact = hub_now() WHERE hub_installs.install_id = p_install;
    RETURN QUERY SELECT l.hub_seq, l.install_id, l.kind, l.device_id, l.ref_table, l.ref_id, l.body FROM hub_log l
                 WHERE l.hub_seq > p_after AND l.install_id <> p_install AND NOT @OUTDONE@
                 ORDER BY l.hub_seq LIMIT p_limit;
END $$;

-- The last log number, and how much of it came from others after `p_after` (for a progress bar).
CREATE OR REPLACE FUNCTION hub_backlog(p_install text, p_after bigint) RETURNS TABLE (last_seq bigint, waiting bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    PERFORM hub_caller(p_install);
    RETURN QUERY SELECT coalesce((SELECT max(l.hub_seq) FROM hub_log l), 0),
                        (SELECT count(*) FROM hub_log l WHERE l.hub_seq > p_after AND l.install_id <> p_install
                                                         AND NOT @OUTDONE@);
END $$;

CREATE OR REPLACE FUNCTION hub_directory(p_install text)
RETURNS TABLE (device_id text, install_id text, shop_id text, shop_name text, label text, role text, name text,
               revoked boolean, last_contact timestamptz, pending bigint, accepted bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    PERFORM hub_caller(p_install);
    RETURN QUERY SELECT b.device_id, i.install_id, i.shop_id, s.name, b.label, b.role, i.name,
                        i.revoked_at IS NOT NULL, i.last_contact, i.pending, i.journal_seq
                 FROM hub_labels b JOIN hub_installs i ON i.install_id = b.install_id
                 JOIN hub_shops s ON s.shop_id = i.shop_id ORDER BY s.name, b.label;
END $$;

CREATE OR REPLACE FUNCTION hub_refused(p_install text, p_limit int)
RETURNS TABLE (install_id text, install_seq bigint, at timestamptz, reason text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    PERFORM hub_caller(p_install);
    RETURN QUERY SELECT r.install_id, r.install_seq, r.at, r.reason FROM hub_refusals r
                 ORDER BY r.id DESC LIMIT p_limit;
END $$;

-- Take, renew or give back a named lease (the shop's Stripe sync); returns who holds it now.
CREATE OR REPLACE FUNCTION hub_lease(p_install text, p_name text, p_ttl_seconds int, p_release boolean)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE l hub_leases;
BEGIN
    PERFORM hub_caller(p_install);
    SELECT * INTO l FROM hub_leases WHERE name = p_name FOR UPDATE;
    IF p_ttl_seconds <= 0 AND NOT p_release THEN  -- only asking who holds it
        IF FOUND AND l.until >= now() THEN RETURN l.holder; END IF;
        RETURN NULL;
    END IF;
    IF p_release THEN
        DELETE FROM hub_leases WHERE name = p_name AND holder = p_install;
        RETURN NULL;
    END IF;
    IF NOT FOUND OR l.holder = p_install OR l.until < now()
       OR EXISTS (SELECT 1 FROM hub_installs WHERE install_id = l.holder AND revoked_at IS NOT NULL) THEN
        INSERT INTO hub_leases (name, holder, until)
        VALUES (p_name, p_install, now() + make_interval(secs => p_ttl_seconds))
        ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until;
        RETURN p_install;
    END IF;
    RETURN l.holder;
END $$;

-- The hub's version, for a device that cannot read an answer (its function gone, a code it does not know) to
-- say which of the two to update. Anyone may ask: it is the version and nothing else (not in DEVICE_FUNCTIONS, so
-- devices that joined before it came need no new grant).
CREATE OR REPLACE FUNCTION hub_version() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT value FROM hub_meta WHERE key = 'version' $$;

-- Retire a device (by install id, label or name): it can no longer log in, push or pull.
CREATE OR REPLACE FUNCTION hub_revoke(p_install text, p_target text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE t hub_installs;
BEGIN
    PERFORM hub_caller(p_install);
    SELECT i.* INTO t FROM hub_installs i
    WHERE i.install_id = p_target OR lower(i.name) = lower(p_target)
       OR i.install_id IN (SELECT b.install_id FROM hub_labels b WHERE upper(b.label) = upper(p_target))
    LIMIT 1;
    IF NOT FOUND THEN RETURN NULL; END IF;
    IF t.install_id = p_install THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'hub: hub.refused.revoke_self',
            DETAIL = hub_reason('revoke_self');
    END IF;
    UPDATE hub_installs SET revoked_at = coalesce(revoked_at, now()) WHERE install_id = t.install_id;
    EXECUTE format('ALTER ROLE %I NOLOGIN', t.db_role);
    PERFORM pg_terminate_backend(a.pid) FROM pg_stat_activity a WHERE a.usename = t.db_role;
    DELETE FROM hub_leases WHERE holder = t.install_id;
    RETURN t.install_id;
END $$;
"""



def outdone(install: str) -> str:
    """SQL true for an item `l` of hub_log that is a row (edited in place, shared whole: last sent wins) which
    installation `install` (an SQL expression) itself sent again after it. The row that installation holds is
    its own later one (or a change of its own not yet sent), so `l` is not for it: handed to it, the older row
    took the place of its own newer one for good (a device that pushed its change before pulling another's older
    one). A row another installation sent later is still handed over, in order (a member before the sales that
    name it), and the later one applied over it. Written into the queries, not a function: PostgreSQL inlines
    no function with a subquery, and one call per item made a whole pull several times slower."""
    return (f"(l.kind = 'row' AND EXISTS (SELECT 1 FROM hub_log o WHERE o.install_id = {install} "
            "AND o.kind = 'row' AND o.ref_table = l.ref_table AND o.ref_id = l.ref_id AND o.hub_seq > l.hub_seq))")


FUNCTIONS = FUNCTIONS.replace("@OUTDONE@", outdone("p_install"))

DEVICE_FUNCTIONS = ("hub_push(text, jsonb, bigint)", "hub_pull(text, bigint, int)", "hub_backlog(text, bigint)",
                    "hub_directory(text)", "hub_refused(text, int)", "hub_lease(text, text, int, boolean)",
                    "hub_revoke(text, text)")
