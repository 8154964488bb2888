package dev.cutover.dual.internal;

import java.time.Duration;

/**
 * Keeps a reconciler's settling at or below {@code DualWrites.Builder.settleRate} entries a second: after a round of
 * passes, how long to wait before the next so that the round took as long as its entries are allowed to. A long
 * backlog then drains at that pace instead of at the databases', leaving them room for the application's calls.
 * Immutable.
 */
record SettlePacer(int perSecond) {

    /** No limit. */
    static final SettlePacer NONE = new SettlePacer(0);

    SettlePacer {
        if (perSecond < 0) {
            throw new IllegalArgumentException("settleRate must be >= 0 entries a second (0: no limit); got " + perSecond);
        }
    }

    /**
     * The wait after a round that settled {@code entries} in {@code tookNanos}: what the rate allows them minus what they
     * took; zero without a limit, or when the round was slower than the rate anyway.
     */
    Duration pauseAfter(int entries, long tookNanos) {
        if (perSecond == 0 || entries <= 0) {
            return Duration.ZERO;
        }
        long allowed = entries * 1_000_000_000L / perSecond;
        return allowed > tookNanos ? Duration.ofNanos(allowed - tookNanos) : Duration.ZERO;
    }
}
