-- Dual-write's transactional outbox in a legacy PostgreSQL database: one row per row written on the dual
-- route legacy-dual (legacy primary), inserted in the write's own transaction and deleted once PostgreSQL
-- holds legacy's row. entity_key is the key's column values as a JSON array; created_at is in microseconds
-- since the epoch (UTC), the same in every legacy dialect.
CREATE TABLE cutover_outbox (
    id          bigserial PRIMARY KEY,
    table_name  text      NOT NULL,
    entity_key  text      NOT NULL,
    created_at  bigint    NOT NULL
);
CREATE INDEX cutover_outbox_created_at_idx ON cutover_outbox (created_at);
-- The reconciler looks up the entries of given rows (which primary wrote a row last, while routes change).
CREATE INDEX cutover_outbox_entity_idx ON cutover_outbox (table_name, entity_key);
