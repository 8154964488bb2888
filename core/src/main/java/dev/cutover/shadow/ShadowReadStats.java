package dev.cutover.shadow;

/**
 * Counts of sampled shadow reads by outcome since the {@link ShadowReads} was built. A snapshot; each count
 * is read on its own, so under load the counts may come from slightly different instants.
 */
public record ShadowReadStats(long matches, long mismatches, long failures, long timeouts, long dropped, long skipped) {

    /** The count for one outcome. */
    public long count(ShadowOutcome outcome) {
        return switch (outcome) {
            case MATCH -> matches;
            case MISMATCH -> mismatches;
            case FAILED -> failures;
            case TIMED_OUT -> timeouts;
            case DROPPED -> dropped;
            case SKIPPED -> skipped;
        };
    }

    /** Every sampled call, whatever its outcome. */
    public long sampled() {
        return matches + mismatches + failures + timeouts + dropped + skipped;
    }
}
