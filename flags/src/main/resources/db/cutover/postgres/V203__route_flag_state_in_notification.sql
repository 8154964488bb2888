-- Live routes (cutover-flags): a notification carries the table's whole new state, so that instances apply a change
-- without reading the table (fifty instances reading at once queue on the server, and the slowest then hears of a
-- flip last). Every change of cutover.route_flag, LiveRoutes' own and hand edits alike, takes the next store version
-- when its transaction commits (a deferred trigger, so it sees the transaction's last state, never a half-made one);
-- the version row stays locked until the commit, so versions follow commit order. An instance applies a state newer
-- than the one it holds, and reads the whole table (with the version, in one snapshot) when a state is too long for a
-- notification (more than 7,000 bytes), and on reconnecting.
CREATE TABLE cutover.route_flag_version (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version   bigint  NOT NULL
);

INSERT INTO cutover.route_flag_version (singleton, version) VALUES (true, 0);

COMMENT ON TABLE cutover.route_flag_version IS 'Cutover live routes: the version of cutover.route_flag, taken by every committed change, in commit order';

DROP TRIGGER route_flag_notify ON cutover.route_flag;
DROP FUNCTION cutover.route_flag_notify();

CREATE FUNCTION cutover.route_flag_notify_state() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    next_version bigint;
    state json;
    payload text;
BEGIN
    UPDATE cutover.route_flag_version SET version = version + 1 RETURNING version INTO next_version;
    SELECT coalesce(json_agg(json_build_object(
            'target', target,
            'route', route,
            'rollout_percentage', rollout_percentage,
            'rollout_tenants', rollout_tenants,
            'rollout_otherwise', rollout_otherwise,
            'set_by', set_by,
            'set_at_micros', (extract(epoch FROM set_at) * 1000000)::bigint,
            'reason', reason) ORDER BY target), '[]'::json)
        INTO state FROM cutover.route_flag;
    payload := json_build_object('version', next_version, 'rows', state)::text;
    IF octet_length(payload) > 7000 THEN -- a notification holds 8,000 bytes at most: this one says "read the table"
        payload := json_build_object('version', next_version)::text;
    END IF;
    PERFORM pg_notify('cutover_route_flag', payload);
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER route_flag_notify_state AFTER INSERT OR UPDATE OR DELETE ON cutover.route_flag
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cutover.route_flag_notify_state();

-- TRUNCATE fires no row trigger; its statement trigger cannot be deferred (later changes in the same transaction
-- notify again, with later versions, at the commit).
CREATE TRIGGER route_flag_notify_truncate AFTER TRUNCATE ON cutover.route_flag
    FOR EACH STATEMENT EXECUTE FUNCTION cutover.route_flag_notify_state();
