/**
 * The backfill: {@link dev.cutover.backfill.Backfill} copies one entity from a
 * {@link dev.cutover.backfill.BackfillSource} (the legacy database) into its PostgreSQL table by key-range
 * chunks leased through PostgreSQL, with COPY, checkpoints, a quarantine for bad rows and without ever
 * overwriting a row the application wrote ({@link dev.cutover.backfill.LiveSafety}). Configured by
 * {@link dev.cutover.backfill.BackfillConfig}; docs/data-movement.md ("Backfill") explains it. Types in
 * {@code dev.cutover.backfill.internal} are not API.
 */
package dev.cutover.backfill;
