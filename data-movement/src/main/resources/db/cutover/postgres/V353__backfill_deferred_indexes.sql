-- Secondary indexes a whole-schema backfill dropped from a table it loads while empty (BackfillConfig.bulkLoad),
-- kept with their definition so that a run stopped at any instant builds them again when it finishes.

CREATE TABLE cutover.backfill_deferred_indexes (
    run         text        NOT NULL,
    table_name  text        NOT NULL,
    index_name  text        NOT NULL,
    definition  text        NOT NULL,
    dropped_at  timestamptz NOT NULL,
    PRIMARY KEY (run, table_name, index_name)
);
COMMENT ON TABLE cutover.backfill_deferred_indexes IS 'Non-unique secondary indexes dropped by a bulk-loading whole-schema backfill run, built again when it finishes';
