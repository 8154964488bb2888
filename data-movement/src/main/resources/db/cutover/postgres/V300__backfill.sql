-- Backfill: runs, their key-range chunks (leased with FOR UPDATE SKIP LOCKED, checkpointed in the same
-- transaction as the chunk's COPY) and the rows set aside with their reason.

CREATE TABLE cutover.backfill_runs (
    run             text        NOT NULL,
    entity          text        NOT NULL,
    source          text        NOT NULL,
    target_table    text        NOT NULL,
    chunk_size      integer     NOT NULL,
    chunks          integer     NOT NULL,
    rows_estimate   bigint      NOT NULL,
    planned_by      text        NOT NULL,
    planned_at      timestamptz NOT NULL,
    PRIMARY KEY (run, entity)
);
COMMENT ON TABLE cutover.backfill_runs IS 'One row per backfill run of an entity, written once when its chunks are planned';

CREATE TABLE cutover.backfill_chunks (
    run               text        NOT NULL,
    entity            text        NOT NULL,
    chunk             integer     NOT NULL,
    lower_key         jsonb,
    upper_key         jsonb,
    status            text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'leased', 'done')),
    lease_owner       text,
    lease_expires_at  timestamptz,
    attempts          integer     NOT NULL DEFAULT 0,
    rows_copied       bigint      NOT NULL DEFAULT 0,
    rows_skipped      bigint      NOT NULL DEFAULT 0,
    rows_quarantined  bigint      NOT NULL DEFAULT 0,
    done_by           text,
    done_at           timestamptz,
    PRIMARY KEY (run, entity, chunk),
    FOREIGN KEY (run, entity) REFERENCES cutover.backfill_runs (run, entity) ON DELETE CASCADE
);
COMMENT ON TABLE cutover.backfill_chunks IS 'Key ranges (lower_key exclusive, upper_key inclusive, NULL = open) of a backfill run; done = committed with its rows';
CREATE INDEX backfill_chunks_open_idx ON cutover.backfill_chunks (run, entity, chunk) WHERE status <> 'done';

CREATE TABLE cutover.backfill_quarantine (
    run             text        NOT NULL,
    entity          text        NOT NULL,
    key             jsonb       NOT NULL,
    chunk           integer     NOT NULL,
    reason          text        NOT NULL,
    sqlstate        text,
    raw_value       text,
    quarantined_at  timestamptz NOT NULL,
    PRIMARY KEY (run, entity, key)
);
COMMENT ON TABLE cutover.backfill_quarantine IS 'Rows a backfill could not copy, with the reason; written in the same transaction as their chunk';
