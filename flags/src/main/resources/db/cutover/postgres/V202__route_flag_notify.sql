-- Live routes (cutover-flags) learn of changes by notification: every statement that changes cutover.route_flag,
-- LiveRoutes' own changes and hand edits alike, notifies channel cutover_route_flag in its transaction (delivered when
-- it commits). Each instance listens on one connection and reads the table when notified; it polls only while that
-- connection is down.
CREATE FUNCTION cutover.route_flag_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('cutover_route_flag', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER route_flag_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cutover.route_flag
    FOR EACH STATEMENT EXECUTE FUNCTION cutover.route_flag_notify();
