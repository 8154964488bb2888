-- Foreign keys a whole-schema backfill dropped while copying (those in a cycle, self-references included),
-- kept with their definition so that a run stopped at any instant restores them when it finishes.

CREATE TABLE cutover.backfill_deferred_constraints (
    run              text        NOT NULL,
    table_name       text        NOT NULL,
    constraint_name  text        NOT NULL,
    columns          text[]      NOT NULL,
    referenced_table text        NOT NULL,
    referenced_columns text[]    NOT NULL,
    definition       text        NOT NULL,
    dropped_at       timestamptz NOT NULL,
    PRIMARY KEY (run, table_name, constraint_name)
);
COMMENT ON TABLE cutover.backfill_deferred_constraints IS 'Foreign keys dropped by a whole-schema backfill run, restored (NOT VALID, then validated) when it finishes';
