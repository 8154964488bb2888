package dev.cutover.backfill;

import dev.cutover.sequences.SequenceMove;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * What one {@link Backfill#run()} did in this process.
 *
 * @param rowsCopied rows inserted into the target
 * @param rowsPassedThrough of the rows copied and skipped, those PostgreSQL copied straight from the legacy table
 *     ({@link BackfillConfig#passThrough()}); 0 for a table copied value by value
 * @param rowsSkipped rows the target already had (written by the application meanwhile), left as they were
 * @param rowsQuarantined rows set aside with their reason
 * @param chunksDone chunks this call finished
 * @param chunksRemaining chunks of the run not finished when this call returned (0 when {@link #complete()})
 * @param rowsPerSecond (copied + skipped + quarantined) per second of {@code elapsed}
 * @param sourcePageCap the largest short page after which the source still had rows, if any: the source
 *     caps its pages at this size (the backfill read on past it)
 * @param sequences the target table's identity and owned sequences, as the call that found the run complete left
 *     them ({@link BackfillConfig#resetSequences()}); empty when the run is not complete or resetting is off
 */
public record BackfillReport(String run, String entity, long rowsCopied, long rowsPassedThrough, long rowsSkipped, long rowsQuarantined,
        int chunksDone, int chunksRemaining, Duration elapsed, double rowsPerSecond, OptionalInt sourcePageCap,
        List<SequenceMove> sequences) {

    public BackfillReport {
        sequences = List.copyOf(sequences);
    }

    /** Whether every chunk of the run is done. */
    public boolean complete() {
        return chunksRemaining == 0;
    }

    /** Whether some of this call's chunks went through {@link BackfillConfig#passThrough() pass-through}. */
    public boolean passedThrough() {
        return rowsPassedThrough > 0;
    }

    /** Rows this call handled: copied, skipped and quarantined. */
    public long rowsDone() {
        return rowsCopied + rowsSkipped + rowsQuarantined;
    }
}
