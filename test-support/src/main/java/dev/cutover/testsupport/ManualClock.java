package dev.cutover.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves only when told, for timing logic tested without sleeping (breakers, leases, rate limits, log
 * limits). UTC. Thread-safe: the instant is volatile, {@link #advance} is synchronized.
 */
public final class ManualClock extends Clock {
    private volatile Instant now;

    /** A clock standing at {@code start}. */
    public ManualClock(Instant start) {
        this.now = start;
    }

    /** Moves the clock forward (or back, with a negative duration) by {@code duration}. */
    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** Puts the clock at {@code instant}. */
    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("ManualClock is UTC only");
    }
}
