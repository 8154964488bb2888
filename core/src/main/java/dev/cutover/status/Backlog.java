package dev.cutover.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one outbox holds: writes whose rows the secondary may not have yet.
 *
 * @param primary     the backend whose writes the outbox records
 * @param outbox      the outbox, for people: {@code table cutover.outbox (PostgreSQL)}
 * @param entries     how many entries it holds
 * @param oldestEntry when its oldest entry was recorded, or {@code null} if it is empty
 * @param measuredAt  when these figures were read
 */
public record Backlog(dev.cutover.Backend primary, String outbox, long entries, Instant oldestEntry, Instant measuredAt) {
    public Backlog {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(measuredAt, "measuredAt");
    }

    /** The age of the oldest entry when measured; zero if there is none. */
    public Duration oldestAge() {
        return oldestEntry == null ? Duration.ZERO : Duration.between(oldestEntry, measuredAt);
    }

    public boolean isEmpty() {
        return entries == 0;
    }
}
