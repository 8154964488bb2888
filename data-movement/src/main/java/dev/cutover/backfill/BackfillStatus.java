package dev.cutover.backfill;

/**
 * A run as its tables record it, across every worker and process.
 *
 * @param chunksLeased chunks some worker holds now (or held, if it died and its lease has not expired)
 */
public record BackfillStatus(String run, String entity, int chunksTotal, int chunksDone, int chunksLeased,
        int chunksPending, long rowsCopied, long rowsSkipped, long rowsQuarantined, long rowsEstimate) {

    public boolean complete() {
        return chunksDone == chunksTotal;
    }
}
