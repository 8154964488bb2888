-- Cutover's own tables live in the schema "cutover" (created by Flyway), apart from the application's.
-- Version ranges: 1-99 backend-postgres, 100-199 dual-write and outbox, 200-299 flags, 300-399 backfill and verify.
COMMENT ON SCHEMA cutover IS 'Tables of the Cutover library: outbox, flag state and audit, backfill checkpoints, leases, quarantine, mismatches';
