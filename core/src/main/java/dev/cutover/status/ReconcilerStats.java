package dev.cutover.status;

import java.time.Instant;

/**
 * What the mirroring has done since start.
 *
 * @param mirrored          rows copied to (or deleted from) the secondary, by callers and the reconciler
 * @param settled           outbox entries removed after the secondary was seen to hold the primary's row
 * @param failed            mirror attempts that failed (each retried later)
 * @param settledPerSecond  entries settled per second over the last ten seconds
 * @param refused           outbox entries whose row the secondary refuses now
 *                          (see {@link dev.cutover.dual.Reconciler#refused()}), each retried with its own backoff
 * @param oldestRefused     when the oldest of those entries was recorded, or {@code null} if there is none
 */
public record ReconcilerStats(long mirrored, long settled, long failed, double settledPerSecond, long refused,
        Instant oldestRefused) {

    /** Figures without refused rows. */
    public ReconcilerStats(long mirrored, long settled, long failed, double settledPerSecond) {
        this(mirrored, settled, failed, settledPerSecond, 0, null);
    }
}
