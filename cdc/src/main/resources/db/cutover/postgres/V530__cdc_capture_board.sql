-- Change data capture, operations: what each running capture last reported (cutover cdc status) and the stop it was
-- asked for (cutover cdc stop), the paused tables it was asked to resume (cutover cdc resume). One row per capture name;
-- the process running it writes its row every second and takes the requests.

CREATE TABLE cutover.cdc_capture (
    name            text        PRIMARY KEY,
    instance        text        NOT NULL,
    started_at      timestamptz NOT NULL,
    reported_at     timestamptz NOT NULL,
    status          jsonb       NOT NULL,
    stop_requested  timestamptz,
    resume_requests text[]      NOT NULL DEFAULT '{}'
);
COMMENT ON TABLE cutover.cdc_capture IS 'Change capture processes: status as last reported (cutover cdc status), stop and resume requests (cutover cdc stop, cutover cdc resume)';
