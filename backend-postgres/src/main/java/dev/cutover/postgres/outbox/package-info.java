/**
 * The dual-write outbox of writes with PostgreSQL as primary: {@code cutover.outbox}, created by
 * {@link dev.cutover.postgres.CutoverSchema}. See {@link dev.cutover.dual.DualWrites}.
 */
package dev.cutover.postgres.outbox;
