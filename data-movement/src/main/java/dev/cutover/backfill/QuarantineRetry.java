package dev.cutover.backfill;

import java.util.List;

/**
 * What {@link Backfill#retryQuarantined()} did with a run's quarantined rows.
 *
 * @param retried the rows that were quarantined when it started
 * @param copied of those, rows now inserted into the target
 * @param alreadyPresent rows the target had meanwhile (written by the application), left as they were
 * @param gone rows the source no longer has: nothing to copy, so they left the quarantine too
 * @param stillQuarantined rows that failed again, with their new reason, in key order
 */
public record QuarantineRetry(String run, String entity, int retried, long copied, long alreadyPresent, long gone,
        List<QuarantinedRow> stillQuarantined) {

    public QuarantineRetry {
        stillQuarantined = List.copyOf(stillQuarantined);
    }

    /** Whether the run's quarantine is empty now. */
    public boolean cleared() {
        return stillQuarantined.isEmpty();
    }
}
