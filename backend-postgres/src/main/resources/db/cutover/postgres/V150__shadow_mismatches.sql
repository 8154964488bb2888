-- Shadow-read mismatches (versions 150-199: shadow reads), written by dev.cutover.postgres.ShadowMismatchTable.
-- Arguments and values are rendered and shortened by Cutover: never whole large values.
CREATE TABLE cutover.shadow_mismatches (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    observed_at      timestamptz NOT NULL,
    repository       text        NOT NULL,
    method           text        NOT NULL,
    route            text        NOT NULL CHECK (route IN ('legacy-dual', 'postgres-dual')),
    arguments        text        NOT NULL,
    difference_count integer     NOT NULL CHECK (difference_count > 0),
    differences      jsonb       NOT NULL
);

CREATE INDEX shadow_mismatches_observed_at ON cutover.shadow_mismatches (observed_at);
CREATE INDEX shadow_mismatches_method ON cutover.shadow_mismatches (repository, method, observed_at);

COMMENT ON TABLE cutover.shadow_mismatches IS 'Shadow reads whose secondary answered differently: method, arguments and field-level differences';
