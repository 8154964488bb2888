-- Dual-write's transactional outbox (versions 100-149): one row per row written on the dual route
-- postgres-dual (PostgreSQL primary), inserted in the write's own transaction and deleted once legacy holds
-- PostgreSQL's row. entity_key is the key's column values as a JSON array, in key order.
CREATE TABLE cutover.outbox (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    table_name  text        NOT NULL,
    entity_key  text        NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX outbox_created_at_idx ON cutover.outbox (created_at);
COMMENT ON TABLE cutover.outbox IS 'Cutover dual-write outbox: keys of rows written with PostgreSQL as primary, until legacy has them';
-- The reconciler looks up the entries of given rows (which primary wrote a row last, while routes change).
CREATE INDEX outbox_entity_idx ON cutover.outbox (table_name, entity_key);
