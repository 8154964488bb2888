-- Live routes (cutover-flags): one entry per target, read by every instance every poll interval, and
-- the audit log of every change made through LiveRoutes. Targets: 'override', 'default', a repository
-- ('ClientRepository') or a method ('ClientRepository.findById'). The checks stop hand edits that no
-- release could read; what this release cannot serve (a dual route) is caught when the entry is read.
CREATE TABLE cutover.route_flag (
    target             text        PRIMARY KEY CHECK (target <> ''),
    route              text        NOT NULL CHECK (route IN ('legacy', 'legacy-dual', 'postgres-dual', 'postgres')),
    rollout_percentage integer     CHECK (rollout_percentage BETWEEN 0 AND 100),
    rollout_tenants    text[]      NOT NULL DEFAULT '{}',
    rollout_otherwise  text        CHECK (rollout_otherwise IN ('legacy', 'legacy-dual', 'postgres-dual', 'postgres')),
    set_by             text        NOT NULL,
    set_at             timestamptz NOT NULL,
    reason             text        NOT NULL,
    CONSTRAINT route_flag_rollout_complete CHECK ((rollout_percentage IS NULL) = (rollout_otherwise IS NULL)),
    CONSTRAINT route_flag_tenants_need_rollout CHECK (rollout_percentage IS NOT NULL OR cardinality(rollout_tenants) = 0)
);

COMMENT ON TABLE cutover.route_flag IS 'Cutover live routes: change through LiveRoutes (validated, audited); environment variables beat these entries';

CREATE TABLE cutover.route_flag_audit (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL,
    actor      text        NOT NULL,
    target     text        NOT NULL,
    from_value text        NOT NULL,
    to_value   text        NOT NULL,
    reason     text        NOT NULL
);

CREATE INDEX route_flag_audit_target ON cutover.route_flag_audit (target, id);

COMMENT ON TABLE cutover.route_flag_audit IS 'Cutover live routes: one row per change of cutover.route_flag made through LiveRoutes';
