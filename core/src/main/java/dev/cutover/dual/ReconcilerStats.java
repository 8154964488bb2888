package dev.cutover.dual;

/**
 * What the mirroring has done since start.
 *
 * @param mirrored          rows copied to (or deleted from) the secondary, by callers and the reconciler
 * @param settled           outbox entries removed after the secondary was seen to hold the primary's row
 * @param failed            mirror attempts that failed (each retried later)
 * @param settledPerSecond  entries settled per second over the last ten seconds
 */
public record ReconcilerStats(long mirrored, long settled, long failed, double settledPerSecond) {
}
