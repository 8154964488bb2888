-- Instance status reports (cutover-flags, StatusReports): one row per running instance, upserted every few
-- seconds, read by `cutover status`. last_seen is the database's clock, so staleness needs no synchronized clocks.
-- JSON columns hold what the instance reports; their shape is StatusReports' (see InstanceStatus).
CREATE TABLE cutover.instance_status (
    instance_id   text        PRIMARY KEY CHECK (instance_id <> ''),
    host          text        NOT NULL,
    pid           bigint      NOT NULL,
    started_at    timestamptz NOT NULL,
    last_seen     timestamptz NOT NULL,
    interval_ms   bigint      NOT NULL CHECK (interval_ms > 0),
    stopped_at    timestamptz,
    routes_digest text        NOT NULL,
    routes        jsonb       NOT NULL,
    breakers      jsonb       NOT NULL,
    outboxes      jsonb       NOT NULL,
    reconciler    jsonb
);

COMMENT ON TABLE cutover.instance_status IS 'Cutover instance status reports: written by each instance''s StatusReports, read by cutover status';
