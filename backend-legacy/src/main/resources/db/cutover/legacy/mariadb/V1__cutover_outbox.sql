-- Dual-write's transactional outbox in a legacy MariaDB (or MySQL) database: one row per row written on the dual
-- route legacy-dual (legacy primary), inserted in the write's own transaction and deleted once PostgreSQL holds
-- legacy's row. entity_key is the key's column values as a JSON array; created_at is in microseconds since the
-- epoch (UTC), the same in every legacy dialect. InnoDB: the entry commits or rolls back with the write.
CREATE TABLE cutover_outbox (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    table_name  VARCHAR(255) NOT NULL,
    entity_key  TEXT         NOT NULL,
    created_at  BIGINT       NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE INDEX cutover_outbox_created_at_idx ON cutover_outbox (created_at);
-- The reconciler looks up the entries of given rows (which primary wrote a row last, while routes change); a key
-- longer than the prefix is still found, the index only narrows the rows read.
CREATE INDEX cutover_outbox_entity_idx ON cutover_outbox (table_name, entity_key(255));
