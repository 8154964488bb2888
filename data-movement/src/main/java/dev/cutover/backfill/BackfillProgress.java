package dev.cutover.backfill;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a run stands, after each chunk this process finished.
 *
 * @param rowsDone rows of finished chunks, by every worker of the run (copied, skipped and quarantined)
 * @param rowsEstimate the keys the source had when the run was planned (counted while planning)
 * @param chunksDone finished chunks, by every worker
 * @param rowsPerSecond this process's rate since its {@code run()} started
 * @param eta the time left at this process's rate, if it has one
 */
public record BackfillProgress(String run, String entity, long rowsDone, long rowsEstimate, int chunksDone,
        int chunksTotal, double rowsPerSecond, Optional<Duration> eta) {
}
