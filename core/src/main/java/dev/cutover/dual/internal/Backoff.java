package dev.cutover.dual.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Exponential backoff: {@code initial}, doubling per failure up to {@code max}, less up to 20% jitter. Immutable. */
record Backoff(Duration initial, Duration max) {

    /** The wait after {@code failures} consecutive failures (1 for the first). */
    Duration delay(int failures, DoubleSupplier random) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        long initialNanos = initial.toNanos();
        long maxNanos = max.toNanos();
        int doublings = Math.min(failures - 1, 62);
        long nanos = initialNanos > (maxNanos >> doublings) ? maxNanos : Math.min(maxNanos, initialNanos << doublings);
        return Duration.ofNanos((long) (nanos * (1.0 - 0.2 * random.getAsDouble())));
    }
}
