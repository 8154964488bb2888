package dev.cutover.backfill;

import java.time.Instant;

/**
 * A run's chunks as planned once, by the first worker that got there.
 *
 * @param source the source's description
 * @param chunks key ranges of about {@code chunkSize} rows
 * @param plannedBy the worker that planned it
 */
public record BackfillPlan(String run, String entity, String source, String targetTable, int chunkSize, int chunks,
        long rowsEstimate, String plannedBy, Instant plannedAt) {
}
