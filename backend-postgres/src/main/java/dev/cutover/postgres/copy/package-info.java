/**
 * Bulk writes with PostgreSQL's {@code COPY}: {@link dev.cutover.postgres.copy.CopyRows} encodes canonical
 * values in COPY's text format explicitly, {@link dev.cutover.postgres.copy.PgCopy} sends them through
 * PgJDBC's {@code CopyManager}. Used by the backfill; usable by applications that load data themselves.
 */
package dev.cutover.postgres.copy;
