/**
 * The dual-write outbox of writes with legacy as primary: {@code cutover_outbox} in the legacy database, created by
 * the library's own legacy migrations. See {@link dev.cutover.dual.DualWrites}.
 */
package dev.cutover.legacy.outbox;
