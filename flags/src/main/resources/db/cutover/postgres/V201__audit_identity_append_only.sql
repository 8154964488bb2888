-- The audit log of route changes (cutover-flags) records who made each change beside the actor it declared, and
-- nobody rewrites it. The database stamps its own role and the client's address on every row, whatever the writer
-- sends; the writing process declares its operating-system user, host and tool. UPDATE, DELETE and TRUNCATE are
-- refused for every role: only a role that may alter the table (its owner, a superuser) could drop the triggers, so
-- run applications as a role that does not own Cutover's tables for an audit no one can rewrite.
ALTER TABLE cutover.route_flag_audit
    ADD COLUMN db_user         text,
    ADD COLUMN db_session_user text,
    ADD COLUMN client_addr     text,
    ADD COLUMN os_user         text,
    ADD COLUMN os_host         text,
    ADD COLUMN tool            text CHECK (tool IN ('cli', 'console', 'api', 'actuator')),
    ADD COLUMN forced          text[] NOT NULL DEFAULT '{}';

CREATE FUNCTION cutover.route_flag_audit_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.db_user := current_user;
    NEW.db_session_user := session_user;
    NEW.client_addr := host(inet_client_addr());
    RETURN NEW;
END
$$;

CREATE TRIGGER route_flag_audit_stamp BEFORE INSERT ON cutover.route_flag_audit
    FOR EACH ROW EXECUTE FUNCTION cutover.route_flag_audit_stamp();

CREATE FUNCTION cutover.route_flag_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'cutover.route_flag_audit is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Route changes are audited by adding rows; a change of a route is made through LiveRoutes or cutover flags';
END
$$;

CREATE TRIGGER route_flag_audit_no_update_delete BEFORE UPDATE OR DELETE ON cutover.route_flag_audit
    FOR EACH ROW EXECUTE FUNCTION cutover.route_flag_audit_refuse();

CREATE TRIGGER route_flag_audit_no_truncate BEFORE TRUNCATE ON cutover.route_flag_audit
    FOR EACH STATEMENT EXECUTE FUNCTION cutover.route_flag_audit_refuse();

COMMENT ON TABLE cutover.route_flag_audit IS 'Cutover live routes: one row per change of cutover.route_flag made through LiveRoutes; append-only (UPDATE, DELETE and TRUNCATE are refused)';
