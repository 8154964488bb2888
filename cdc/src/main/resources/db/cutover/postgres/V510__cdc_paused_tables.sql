-- Change data capture: tables paused after a schema change, TRUNCATE, statement-format event or unreadable key, and the
-- keys of their changes held since (recorded in the legacy-primary outbox when the table is resumed).

CREATE TABLE cutover.cdc_paused_tables (
    mapping_table  text        PRIMARY KEY,
    legacy_table   text        NOT NULL,
    reason         text        NOT NULL,
    position       text,
    paused_at      timestamptz NOT NULL,
    schema_check   text        NOT NULL DEFAULT ''
);
COMMENT ON TABLE cutover.cdc_paused_tables IS 'Tables whose captured changes are held, not applied: cutover cdc resume TABLE (ChangeCapture.resume) applies them';

CREATE TABLE cutover.cdc_held_keys (
    id             bigserial   PRIMARY KEY,
    mapping_table  text        NOT NULL,
    entity_key     text        NOT NULL,
    committed_at   timestamptz NOT NULL,
    position       text        NOT NULL
);
COMMENT ON TABLE cutover.cdc_held_keys IS 'Keys of changes to a paused table, as outbox key text, in the order received';
CREATE INDEX cdc_held_keys_table_idx ON cutover.cdc_held_keys (mapping_table, id);
